// archive/: writing the incremental update that carries a signature (ISO 32000-1 §7.5.6,
// §12.7.4.5, §12.8): new signature dictionary and field, rewritten catalog or form and page.
#include "archive/pdf_update.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "archive/crypto.hpp"
#include "base/diagnostics.hpp"

namespace rapport::detail {

namespace {

// Fixed width, so the real numbers can be written over it once the file length is known.
constexpr std::string_view byte_range_placeholder = "[0 0000000000 0000000000 0000000000]";

// The widget is invisible (zero rectangle) and marked Print + Locked, as an approval signature
// without an appearance should be.
constexpr int widget_flags = 4 | 128;

pdf_ref first_page(const pdf_file& file, const pdf_dict& catalog) {
  const pdf_object* pages = catalog.find("Pages");
  if (!pages || !pages->ref()) file.fail("the catalog has no /Pages tree");
  pdf_ref node = *pages->ref();
  std::set<pdf_ref> seen;
  // Walk the first kid at each level down to a leaf; the tree is shallow in practice, and a
  // depth bound protects against loops.
  for (int depth = 0; depth < 64; ++depth) {
    if (!seen.insert(node).second) break;
    auto loaded = file.load(node);
    if (!loaded || !loaded->object.dict()) break;
    const pdf_dict& dict = *loaded->object.dict();
    const pdf_object* type = dict.find("Type");
    const pdf_object* kids = dict.find("Kids");
    bool is_leaf = (type && type->name() && *type->name() == "Page") || !kids;
    if (is_leaf) return node;
    pdf_object resolved = file.resolve(*kids);
    if (!resolved.array() || resolved.array()->items.empty()) break;
    const pdf_ref* first = resolved.array()->items.front().ref();
    if (!first) break;
    node = *first;
  }
  file.fail("the document has no pages to attach a signature to");
}

void collect_field_names(const pdf_file& file, const pdf_object& fields, const std::string& prefix,
                         std::set<std::string>& names, int depth) {
  if (depth > 32) return;
  pdf_object list = file.resolve(fields);
  if (!list.array()) return;
  for (const pdf_object& item : list.array()->items) {
    pdf_object field = file.resolve(item);
    const pdf_dict* dict = field.dict();
    if (!dict) continue;
    std::string name = prefix;
    if (const pdf_object* t = dict->find("T"); t && t->string()) {
      name = prefix.empty() ? utf8_from_pdf_text(t->string()->bytes)
                            : prefix + "." + utf8_from_pdf_text(t->string()->bytes);
      names.insert(name);
    }
    if (const pdf_object* kids = dict->find("Kids"))
      collect_field_names(file, *kids, name, names, depth + 1);
  }
}

/// Appends `item` to the array `holder[key]`. When the array is an indirect object, that object
/// is rewritten instead and the holder stays as it is.
void append_to_array(const pdf_file& file, pdf_dict& holder, const std::string& key,
                     const pdf_object& item, std::map<pdf_ref, pdf_object>& rewritten) {
  pdf_object* current = holder.find(key);
  if (current && current->ref()) {
    pdf_ref ref = *current->ref();
    auto loaded = file.load(ref);
    if (loaded && loaded->object.array() && !loaded->has_stream) {
      pdf_object array = rewritten.contains(ref) ? rewritten[ref] : loaded->object;
      array.array()->items.push_back(item);
      rewritten[ref] = std::move(array);
      return;
    }
    current = nullptr;  // a dangling reference: replace it with a direct array
  }
  if (current && current->array()) {
    current->array()->items.push_back(item);
    return;
  }
  holder.set(key, {pdf_array{{item}}});
}

int highest_object_number(const pdf_file& file) {
  int highest = 0;
  for (const auto& section : file.sections())
    if (!section.entries.empty()) highest = std::max(highest, section.entries.rbegin()->first);
  return highest;
}

}  // namespace

std::string prepared_signature::signed_bytes() const {
  std::string data = bytes.substr(0, contents_begin);
  data.append(bytes, contents_end, std::string::npos);
  return data;
}

bool prepared_signature::set_contents(std::string_view der) {
  std::size_t capacity = (contents_end - contents_begin - 2) / 2;
  if (der.size() > capacity) return false;
  std::string hex = to_hex(der);
  std::copy(hex.begin(), hex.end(),
            bytes.begin() + static_cast<std::ptrdiff_t>(contents_begin + 1));
  return true;
}

prepared_signature prepare_signature(const pdf_file& file, const signature_fields& fields) {
  const pdf_dict& trailer = file.trailer();
  if (trailer.find("Encrypt"))
    throw fatal_error(source_loc{file.name(), 0, 0}, "encrypted PDFs cannot be signed",
                      "decrypt it first, e.g. with 'qpdf --decrypt IN.pdf OUT.pdf'");
  const pdf_object* root = trailer.find("Root");
  if (!root || !root->ref()) file.fail("the trailer has no /Root catalog");
  pdf_ref root_ref = *root->ref();
  auto catalog_object = file.load(root_ref);
  if (!catalog_object || !catalog_object->object.dict()) file.fail("the /Root catalog is missing");
  pdf_object catalog = catalog_object->object;

  std::int64_t size = 0;
  if (const pdf_object* s = trailer.find("Size")) size = s->integer().value_or(0);
  int next = static_cast<int>(std::max<std::int64_t>(size, highest_object_number(file) + 1));
  const pdf_ref sig_ref{next++, 0};
  const pdf_ref field_ref{next++, 0};

  pdf_ref page_ref = first_page(file, *catalog.dict());
  std::map<pdf_ref, pdf_object> rewritten;

  // The form: keep existing fields so earlier signatures stay in place, set SigFlags
  // SignaturesExist | AppendOnly.
  std::set<std::string> names;
  pdf_dict form;
  std::optional<pdf_ref> form_ref;
  if (const pdf_object* af = catalog.dict()->find("AcroForm")) {
    if (af->ref()) {
      pdf_object loaded = file.resolve(*af);
      if (loaded.dict()) {
        form_ref = *af->ref();
        form = *loaded.dict();
      }
    } else if (af->dict()) {
      form = *af->dict();
    }
  }
  if (const pdf_object* existing = form.find("Fields"))
    collect_field_names(file, *existing, "", names, 0);
  std::string field_name;
  for (int n = 1;; ++n) {
    field_name = fmt::format("Signature{}", n);
    if (!names.contains(field_name)) break;
  }
  append_to_array(file, form, "Fields", make_ref(field_ref), rewritten);
  std::int64_t sig_flags = 0;
  if (const pdf_object* flags = form.find("SigFlags")) sig_flags = flags->integer().value_or(0);
  form.set("SigFlags", make_integer(sig_flags | 3));
  if (form_ref) {
    rewritten[*form_ref] = {std::move(form)};
  } else {
    catalog.dict()->set("AcroForm", {std::move(form)});
    rewritten[root_ref] = catalog;
  }

  // The page lists the widget among its annotations.
  auto page = file.load(page_ref);
  if (!page || !page->object.dict()) file.fail("the first page object is missing");
  pdf_object page_object = rewritten.contains(page_ref) ? rewritten[page_ref] : page->object;
  pdf_object annots_before = page_object;
  append_to_array(file, *page_object.dict(), "Annots", make_ref(field_ref), rewritten);
  if (!same_object(annots_before, page_object)) rewritten[page_ref] = std::move(page_object);

  // ---- write --------------------------------------------------------------------------------
  prepared_signature result;
  result.field_name = field_name;
  std::string& out = result.bytes;
  out.assign(file.bytes());
  if (!out.ends_with('\n') && !out.ends_with('\r')) out += '\n';
  std::map<int, std::pair<std::size_t, int>> offsets;

  offsets[sig_ref.num] = {out.size(), 0};
  out += fmt::format("{} 0 obj\n<</Type /Sig /Filter /Adobe.PPKLite /SubFilter ", sig_ref.num);
  write_object(out, make_name(fields.sub_filter));
  out += "\n/ByteRange ";
  std::size_t byte_range_at = out.size();
  out += byte_range_placeholder;
  out += "\n/Contents ";
  result.contents_begin = out.size();
  out += '<';
  out.append(fields.contents_capacity * 2, '0');
  out += '>';
  result.contents_end = out.size();
  out += "\n/M ";
  write_object(out, make_string(fields.date));
  for (const auto& [key, value] : {std::pair{"Name", &fields.name},
                                   {"Reason", &fields.reason},
                                   {"Location", &fields.location},
                                   {"ContactInfo", &fields.contact_info}}) {
    if (value->empty()) continue;
    out += fmt::format("\n/{} ", key);
    write_object(out, make_string(pdf_text_string(*value)));
  }
  out += ">>\nendobj\n";

  pdf_dict field;
  field.set("Type", make_name("Annot"));
  field.set("Subtype", make_name("Widget"));
  field.set("FT", make_name("Sig"));
  field.set("T", make_string(pdf_text_string(field_name)));
  field.set("V", make_ref(sig_ref));
  field.set("Rect",
            {pdf_array{{make_integer(0), make_integer(0), make_integer(0), make_integer(0)}}});
  field.set("F", make_integer(widget_flags));
  field.set("P", make_ref(page_ref));
  rewritten[field_ref] = {std::move(field)};

  for (const auto& [ref, object] : rewritten) {
    offsets[ref.num] = {out.size(), ref.gen};
    out += fmt::format("{} {} obj\n", ref.num, ref.gen);
    write_object(out, object);
    out += "\nendobj\n";
  }

  // The trailer keeps the document's permanent ID and gives this revision a new one, derived
  // from the content so the same input signs to the same bytes.
  pdf_dict new_trailer;
  new_trailer.set("Root", make_ref(root_ref));
  if (const pdf_object* info = trailer.find("Info")) new_trailer.set("Info", *info);
  std::string revision_id = sha256(out).substr(0, 16);
  std::string permanent_id = revision_id;
  if (const pdf_object* id = trailer.find("ID"); id && id->array() && !id->array()->items.empty())
    if (const pdf_string* first = id->array()->items.front().string()) permanent_id = first->bytes;
  new_trailer.set("ID", {pdf_array{{make_string(permanent_id), make_string(revision_id)}}});
  new_trailer.set("Prev", make_integer(static_cast<std::int64_t>(file.startxref())));

  std::size_t xref_at = out.size();
  bool as_stream = file.sections().front().is_stream;
  int xref_num = as_stream ? next++ : 0;
  if (as_stream) offsets[xref_num] = {xref_at, 0};
  new_trailer.entries.insert(new_trailer.entries.begin(), {"Size", make_integer(next)});

  // Consecutive object numbers form one subsection each.
  std::vector<std::pair<int, int>> runs;
  for (const auto& [num, where] : offsets) {
    if (!runs.empty() && runs.back().first + runs.back().second == num) {
      ++runs.back().second;
    } else {
      runs.emplace_back(num, 1);
    }
  }
  if (!as_stream) {
    out += "xref\n";
    for (const auto& [start, count] : runs) {
      out += fmt::format("{} {}\n", start, count);
      for (int num = start; num < start + count; ++num)
        out += fmt::format("{:010} {:05} n\r\n", offsets[num].first, offsets[num].second);
    }
    out += "trailer\n";
    write_object(out, {std::move(new_trailer)});
  } else {
    int width = 1;
    while (width < 8 && (xref_at >> (8 * width)) != 0) ++width;
    std::string rows;
    for (const auto& [num, where] : offsets) {
      rows += '\x01';
      for (int b = width - 1; b >= 0; --b)
        rows += static_cast<char>((where.first >> (8 * b)) & 0xff);
      rows += static_cast<char>((where.second >> 8) & 0xff);
      rows += static_cast<char>(where.second & 0xff);
    }
    pdf_array index;
    for (const auto& [start, count] : runs) {
      index.items.push_back(make_integer(start));
      index.items.push_back(make_integer(count));
    }
    new_trailer.entries.insert(new_trailer.entries.begin(), {"Type", make_name("XRef")});
    new_trailer.set("Index", {std::move(index)});
    new_trailer.set("W", {pdf_array{{make_integer(1), make_integer(width), make_integer(2)}}});
    new_trailer.set("Length", make_integer(static_cast<std::int64_t>(rows.size())));
    out += fmt::format("{} 0 obj\n", xref_num);
    write_object(out, {std::move(new_trailer)});
    out += "\nstream\n" + rows + "\nendstream\nendobj";
  }
  out += fmt::format("\nstartxref\n{}\n%%EOF\n", xref_at);

  std::string ranges = fmt::format("[0 {} {} {}]", result.contents_begin, result.contents_end,
                                   out.size() - result.contents_end);
  if (ranges.size() > byte_range_placeholder.size()) file.fail("the file is too large to sign");
  ranges.resize(byte_range_placeholder.size(), ' ');
  std::copy(ranges.begin(), ranges.end(), out.begin() + static_cast<std::ptrdiff_t>(byte_range_at));
  return result;
}

}  // namespace rapport::detail

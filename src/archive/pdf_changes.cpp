// archive/: deciding whether revisions added after a signature only added signatures, by
// comparing each rewritten object with the version it replaced.
#include "archive/pdf_changes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "base/diagnostics.hpp"

namespace rapport::detail {

namespace {

std::string type_of(const pdf_dict& dict) {
  const pdf_object* type = dict.find("Type");
  return type && type->name() ? *type->name() : "";
}

std::set<std::string> differing_keys(const pdf_dict& before, const pdf_dict& after) {
  std::set<std::string> keys;
  for (const auto& entry : before.entries) {
    const pdf_object* other = after.find(entry.key);
    if (!other || !same_object(entry.value, *other)) keys.insert(entry.key);
  }
  for (const auto& entry : after.entries)
    if (!before.find(entry.key)) keys.insert(entry.key);
  return keys;
}

class judge {
public:
  judge(const pdf_file& file, std::size_t section) : file_(file), section_(section) {}

  /// "" when replacing `before` by `after` (object `num`) is part of signing.
  std::string object(int num, const pdf_indirect& before, const pdf_indirect& after) const {
    if (before.has_stream || after.has_stream) {
      bool same = before.has_stream && after.has_stream &&
                  same_object(before.object, after.object) &&
                  stream_bytes(before) == stream_bytes(after);
      return same ? "" : fmt::format("object {} (a stream) was changed", num);
    }
    if (same_object(before.object, after.object)) return "";
    const pdf_object& old_value = before.object;
    const pdf_object& new_value = after.object;
    if (old_value.array() && new_value.array()) {
      std::string problem = list_growth(old_value, new_value);
      return problem.empty() ? "" : fmt::format("object {}: {}", num, problem);
    }
    if (!old_value.dict() || !new_value.dict()) return fmt::format("object {} was changed", num);
    std::string problem = dict_change(*old_value.dict(), *new_value.dict());
    return problem.empty()
               ? ""
               : fmt::format("object {} ({}): {}", num, describe(*old_value.dict()), problem);
  }

private:
  std::string stream_bytes(const pdf_indirect& o) const {
    return std::string(file_.bytes().substr(o.stream_begin, o.stream_end - o.stream_begin));
  }

  static std::string describe(const pdf_dict& dict) {
    std::string type = type_of(dict);
    if (!type.empty()) return "/" + type;
    if (dict.find("Fields")) return "the form";
    if (const pdf_object* ft = dict.find("FT"); ft && ft->name())
      return "/" + *ft->name() + " field";
    return "a dictionary";
  }

  /// `is_form` marks the interactive form dictionary, which has no /Type of its own.
  std::string dict_change(const pdf_dict& before, const pdf_dict& after,
                          bool is_form = false) const {
    std::string type = type_of(before);
    std::set<std::string> allowed;
    bool is_sig_field = false;
    if (const pdf_object* ft = before.find("FT"); ft && ft->name() && *ft->name() == "Sig")
      is_sig_field = true;
    if (type == "Catalog") {
      allowed = {"AcroForm", "DSS", "Extensions"};
    } else if (type == "Page") {
      allowed = {"Annots"};
    } else if (is_sig_field) {
      allowed = {"V", "AP", "AS", "Lock", "SV"};
    } else if (is_form || (before.find("Fields") && type.empty())) {
      allowed = {"Fields", "SigFlags", "DR"};
    }
    for (const std::string& key : differing_keys(before, after)) {
      if (!allowed.contains(key)) return fmt::format("/{} was changed", key);
      const pdf_object* old_value = before.find(key);
      const pdf_object* new_value = after.find(key);
      if (key == "Annots" || key == "Fields") {
        pdf_object old_list = old_value ? file_.resolve(*old_value, section_ + 1) : pdf_object{};
        pdf_object new_list = new_value ? file_.resolve(*new_value, section_) : pdf_object{};
        if (!old_list.array()) old_list = {pdf_array{}};
        if (!new_list.array()) return fmt::format("/{} was removed", key);
        if (std::string p = list_growth(old_list, new_list); !p.empty()) return p;
      } else if (key == "AcroForm") {
        // A new form is judged against an empty one: it may only bring signature fields.
        pdf_object old_form = old_value ? file_.resolve(*old_value, section_ + 1) : pdf_object{};
        pdf_object new_form = new_value ? file_.resolve(*new_value, section_) : pdf_object{};
        if (!old_form.dict()) old_form = {pdf_dict{}};
        if (!new_form.dict()) return "/AcroForm was removed";
        if (std::string p = dict_change(*old_form.dict(), *new_form.dict(), true); !p.empty())
          return "in /AcroForm, " + p;
      } else if (key == "V" && old_value && !old_value->is_null()) {
        // Filling an empty signature field is signing; replacing a signature is not.
        return "an existing signature value was replaced";
      }
    }
    return "";
  }

  /// The new list must keep every old item and may only add signature fields and widgets.
  std::string list_growth(const pdf_object& before, const pdf_object& after) const {
    const auto& old_items = before.array()->items;
    const auto& new_items = after.array()->items;
    for (const pdf_object& item : old_items) {
      bool kept = std::any_of(new_items.begin(), new_items.end(),
                              [&](const pdf_object& n) { return same_object(item, n); });
      if (!kept) return "an entry was removed from a list of annotations or fields";
    }
    for (const pdf_object& item : new_items) {
      bool old = std::any_of(old_items.begin(), old_items.end(),
                             [&](const pdf_object& o) { return same_object(item, o); });
      if (!old && !is_signature_item(item))
        return "something other than a signature field was added";
    }
    return "";
  }

  bool is_signature_item(const pdf_object& item) const {
    pdf_object resolved = file_.resolve(item, section_);
    const pdf_dict* dict = resolved.dict();
    if (!dict) return false;
    if (const pdf_object* ft = dict->find("FT"); ft && ft->name()) return *ft->name() == "Sig";
    const pdf_object* subtype = dict->find("Subtype");
    if (!subtype || !subtype->name() || *subtype->name() != "Widget") return false;
    const pdf_object* parent = dict->find("Parent");
    if (!parent) return false;
    pdf_object p = file_.resolve(*parent, section_);
    const pdf_object* ft = p.dict() ? p.dict()->find("FT") : nullptr;
    return ft && ft->name() && *ft->name() == "Sig";
  }

  const pdf_file& file_;
  std::size_t section_;
};

bool only_white_space(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) { return is_pdf_space(c); });
}

std::optional<pdf_indirect> load_entry(const pdf_file& file, int num, const xref_entry& entry,
                                       std::size_t from) {
  if (entry.type == xref_entry::kind::free) return std::nullopt;
  int gen = entry.type == xref_entry::kind::compressed ? 0 : entry.generation;
  return file.load({num, gen}, from);
}

}  // namespace

change_verdict changes_after(const pdf_file& file, std::size_t covered_end) {
  std::string_view bytes = file.bytes();
  const auto& sections = file.sections();

  // Bytes after the newest revision's %%EOF are read by nobody, but they were not signed.
  std::size_t last_eof = bytes.find("%%EOF", sections.front().offset);
  std::size_t tail_from = last_eof == std::string_view::npos ? bytes.size() : last_eof + 5;
  tail_from = std::max(tail_from, covered_end);
  if (tail_from < bytes.size() && !only_white_space(bytes.substr(tail_from)))
    return {later_changes::other, fmt::format("{} bytes were appended after the last revision",
                                              bytes.size() - tail_from)};

  bool any_later = false;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    if (sections[i].offset < covered_end) continue;
    any_later = true;
    judge judge_section(file, i);
    for (const auto& [num, entry] : sections[i].entries) {
      if (num == 0) continue;  // the head of the free list, repeated by many writers
      auto previous = file.locate(num, i + 1);
      bool existed = previous && previous->type != xref_entry::kind::free;
      if (entry.type == xref_entry::kind::free) {
        if (existed) return {later_changes::other, fmt::format("object {} was deleted", num)};
        continue;
      }
      if (!existed) continue;  // a new object matters only where it is referenced
      std::string problem;
      try {
        auto after = load_entry(file, num, entry, i);
        auto before = load_entry(file, num, *previous, i + 1);
        if (!after || !before) continue;
        problem = judge_section.object(num, *before, *after);
      } catch (const fatal_error& e) {
        problem = fmt::format("object {} cannot be read ({})", num, e.what_diagnostic().message);
      }
      if (!problem.empty()) return {later_changes::other, problem};
    }
  }
  return {any_later ? later_changes::signatures_only : later_changes::none, ""};
}

}  // namespace rapport::detail

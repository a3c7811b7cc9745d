// archive/: reading a PDF's cross-reference chain (classic tables, streams and hybrids) and
// loading objects as of any revision (ISO 32000-1 §7.5).
#include "archive/pdf_file.hpp"

#include <fmt/format.h>

#include <set>

#include "base/diagnostics.hpp"

namespace rapport::detail {

namespace {

// A stream that inflates past this is hostile or broken; the signer never needs more.
constexpr std::size_t max_stream_size = std::size_t{512} << 20;
constexpr std::size_t max_sections = 100000;

std::int64_t int_or(const pdf_dict& dict, std::string_view key, std::int64_t fallback) {
  const pdf_object* o = dict.find(key);
  if (!o) return fallback;
  return o->integer().value_or(fallback);
}

}  // namespace

struct pdf_file::object_stream {
  std::string data;
  std::vector<std::pair<int, std::size_t>> objects;  // number and offset in `data`
};

pdf_file::pdf_file(std::string_view bytes, std::string name)
    : bytes_(bytes), name_(std::move(name)) {
  if (!bytes_.starts_with("%PDF-")) fail("not a PDF file (no %PDF- header)");
  std::size_t v = 5;
  while (v < bytes_.size() && v < 16 && !is_pdf_space(bytes_[v])) ++v;
  version_ = std::string(bytes_.substr(5, v - 5));
  read_sections();
}

pdf_file::~pdf_file() = default;

void pdf_file::fail(const std::string& message) const {
  throw fatal_error(source_loc{name_, 0, 0}, message);
}

void pdf_file::read_sections() {
  std::size_t at = bytes_.rfind("startxref");
  if (at == std::string_view::npos)
    fail("no 'startxref' at the end of the file (is it truncated?)");
  pdf_parser parser(bytes_, at + 9);
  auto offset = parser.accept_integer();
  if (!offset || static_cast<std::uint64_t>(*offset) >= bytes_.size())
    fail("'startxref' does not point into the file (is it truncated?)");
  startxref_ = static_cast<std::size_t>(*offset);

  std::set<std::size_t> seen;
  std::optional<std::size_t> next = startxref_;
  while (next) {
    if (!seen.insert(*next).second) fail("the cross-reference sections form a loop");
    if (seen.size() > max_sections) fail("too many cross-reference sections");
    sections_.push_back(read_section_at(*next));
    next.reset();
    const xref_section& section = sections_.back();
    if (auto prev = section.trailer.find("Prev")) {
      auto p = prev->integer();
      if (!p || *p < 0 || static_cast<std::uint64_t>(*p) >= bytes_.size())
        fail(fmt::format("the trailer at byte {} has a /Prev outside the file", section.offset));
      next = static_cast<std::size_t>(*p);
    }
  }

  trailer_ = sections_.front().trailer;
  // Careless incremental writers drop keys from later trailers; the older value still holds.
  for (std::string_view key : {"Root", "Info", "ID", "Encrypt"}) {
    if (trailer_.find(key)) continue;
    for (const auto& section : sections_) {
      if (const pdf_object* value = section.trailer.find(key)) {
        trailer_.set(std::string(key), *value);
        break;
      }
    }
  }
  trailer_.erase("Prev");
  trailer_.erase("XRefStm");
}

xref_section pdf_file::read_section_at(std::size_t offset) {
  xref_section section;
  try {
    pdf_parser parser(bytes_, offset);
    parser.skip_space();
    section.offset = parser.pos();
    if (parser.accept_keyword("xref")) {
      read_table(parser, section);
      // A hybrid file lists the objects in object streams in a stream the table points to.
      if (const pdf_object* stm = section.trailer.find("XRefStm")) {
        auto at = stm->integer();
        if (at && *at > 0 && static_cast<std::uint64_t>(*at) < bytes_.size()) {
          pdf_parser sp(bytes_, static_cast<std::size_t>(*at));
          pdf_indirect object = sp.parse_indirect(nullptr);
          xref_section hidden;
          read_stream_section(object, hidden);
          for (const auto& [num, entry] : hidden.entries) {
            auto it = section.entries.find(num);
            if (it == section.entries.end() || it->second.type == xref_entry::kind::free)
              section.entries[num] = entry;
          }
        }
      }
    } else {
      pdf_indirect object = parser.parse_indirect(nullptr);
      section.is_stream = true;
      read_stream_section(object, section);
    }
  } catch (const pdf_syntax_error& e) {
    fail(fmt::format("the cross-reference data at byte {} is damaged: {}", offset, e.what()));
  }
  return section;
}

void pdf_file::read_table(pdf_parser& parser, xref_section& section) {
  while (true) {
    if (parser.accept_keyword("trailer")) {
      pdf_object trailer = parser.parse_object();
      if (!trailer.dict()) parser.fail("expected the trailer dictionary");
      section.trailer = std::move(*trailer.dict());
      return;
    }
    auto start = parser.accept_integer();
    auto count = parser.accept_integer();
    if (!start || !count || *start > INT32_MAX || *count > INT32_MAX - *start)
      parser.fail("expected a subsection header or 'trailer'");
    for (std::int64_t i = 0; i < *count; ++i) {
      auto where = parser.accept_integer();
      auto gen = parser.accept_integer();
      xref_entry entry;
      if (!where || !gen) parser.fail("expected a cross-reference entry");
      if (parser.accept_keyword("n")) {
        entry.type = xref_entry::kind::offset;
      } else if (parser.accept_keyword("f")) {
        entry.type = xref_entry::kind::free;
      } else {
        parser.fail("expected 'n' or 'f' in a cross-reference entry");
      }
      entry.where = *where;
      entry.generation = static_cast<int>(*gen);
      // Within one section a later subsection overrides an earlier one.
      section.entries[static_cast<int>(*start + i)] = entry;
    }
  }
}

void pdf_file::read_stream_section(const pdf_indirect& object, xref_section& section) const {
  const pdf_dict* dict = object.object.dict();
  const std::string* type = dict && dict->find("Type") ? dict->find("Type")->name() : nullptr;
  if (!object.has_stream || !type || *type != "XRef")
    throw pdf_syntax_error(object.begin, "expected 'xref' or a cross-reference stream");
  std::string data = stream_data(object);
  const pdf_object* w = dict->find("W");
  if (!w || !w->array() || w->array()->items.size() != 3)
    throw pdf_syntax_error(object.begin, "cross-reference stream without a valid /W");
  int widths[3];
  for (int i = 0; i < 3; ++i) {
    auto v = w->array()->items[i].integer();
    if (!v || *v < 0 || *v > 8)
      throw pdf_syntax_error(object.begin, "cross-reference stream with a bad /W");
    widths[i] = static_cast<int>(*v);
  }
  std::size_t row = static_cast<std::size_t>(widths[0] + widths[1] + widths[2]);
  if (row == 0) throw pdf_syntax_error(object.begin, "cross-reference stream with a bad /W");
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
  if (const pdf_object* index = dict->find("Index"); index && index->array()) {
    const auto& items = index->array()->items;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2)
      ranges.emplace_back(items[i].integer().value_or(0), items[i + 1].integer().value_or(0));
  } else {
    ranges.emplace_back(0, int_or(*dict, "Size", 0));
  }
  std::size_t pos = 0;
  auto field = [&](int width, std::int64_t fallback) {
    if (width == 0) return fallback;
    std::int64_t value = 0;
    for (int k = 0; k < width; ++k) value = (value << 8) | static_cast<unsigned char>(data[pos++]);
    return value;
  };
  for (const auto& [start, count] : ranges) {
    if (start < 0 || count < 0 || start > INT32_MAX || count > INT32_MAX - start)
      throw pdf_syntax_error(object.begin, "cross-reference stream with a bad /Index");
    for (std::int64_t i = 0; i < count; ++i) {
      if (pos + row > data.size()) return;  // a short stream lists fewer objects, not garbage
      std::int64_t type = field(widths[0], 1);
      std::int64_t second = field(widths[1], 0);
      std::int64_t third = field(widths[2], 0);
      xref_entry entry;
      if (type == 0) {
        entry.type = xref_entry::kind::free;
      } else if (type == 1) {
        entry.type = xref_entry::kind::offset;
      } else if (type == 2) {
        entry.type = xref_entry::kind::compressed;
      } else {
        continue;  // reserved types are to be ignored (they mean a null object)
      }
      entry.where = second;
      entry.generation = static_cast<int>(third);
      section.entries[static_cast<int>(start + i)] = entry;
    }
  }
  section.trailer = *dict;
}

std::optional<xref_entry> pdf_file::locate(int num, std::size_t from) const {
  for (std::size_t i = from; i < sections_.size(); ++i) {
    auto it = sections_[i].entries.find(num);
    if (it != sections_[i].entries.end()) return it->second;
  }
  return std::nullopt;
}

std::optional<pdf_indirect> pdf_file::load(pdf_ref ref, std::size_t from) const {
  auto entry = locate(ref.num, from);
  if (!entry || entry->type == xref_entry::kind::free) return std::nullopt;
  if (entry->type == xref_entry::kind::compressed) {
    if (ref.gen != 0) return std::nullopt;
    return load_compressed(ref, *entry, from);
  }
  if (entry->generation != ref.gen) return std::nullopt;
  if (entry->where < 0 || static_cast<std::uint64_t>(entry->where) >= bytes_.size())
    fail(fmt::format("object {} {} is recorded at byte {}, outside the file", ref.num, ref.gen,
                     entry->where));
  try {
    pdf_parser parser(bytes_, static_cast<std::size_t>(entry->where));
    // A stream's indirect /Length is read without following further lengths, so a length
    // that points back at its own stream cannot recurse.
    pdf_indirect object = parser.parse_indirect([&](pdf_ref length) -> std::optional<std::int64_t> {
      auto le = locate(length.num, from);
      if (!le || le->type != xref_entry::kind::offset || le->where < 0 ||
          static_cast<std::uint64_t>(le->where) >= bytes_.size())
        return std::nullopt;
      pdf_parser lp(bytes_, static_cast<std::size_t>(le->where));
      return lp.parse_indirect(nullptr).object.integer();
    });
    if (object.id != ref)
      fail(fmt::format("object {} {} is not at byte {} where the cross-reference table puts it",
                       ref.num, ref.gen, entry->where));
    return object;
  } catch (const pdf_syntax_error& e) {
    fail(fmt::format("cannot read object {} {} at byte {}: {}", ref.num, ref.gen, e.offset(),
                     e.what()));
  }
}

std::optional<pdf_indirect> pdf_file::load_compressed(pdf_ref ref, const xref_entry& entry,
                                                      std::size_t from) const {
  auto container = locate(static_cast<int>(entry.where), from);
  if (!container || container->type != xref_entry::kind::offset) return std::nullopt;
  std::shared_ptr<object_stream>& cached = object_streams_[container->where];
  if (!cached) {
    auto stream = load({static_cast<int>(entry.where), container->generation}, from);
    if (!stream || !stream->has_stream || !stream->object.dict())
      fail(fmt::format("object stream {} is missing", entry.where));
    auto decoded = std::make_shared<object_stream>();
    try {
      decoded->data = stream_data(*stream);
    } catch (const pdf_syntax_error& e) {
      fail(fmt::format("cannot decode object stream {}: {}", entry.where, e.what()));
    }
    const pdf_dict& dict = *stream->object.dict();
    std::int64_t n = int_or(dict, "N", 0);
    std::int64_t first = int_or(dict, "First", 0);
    if (n < 0 || first < 0 || static_cast<std::uint64_t>(first) > decoded->data.size())
      fail(fmt::format("object stream {} has a bad /N or /First", entry.where));
    try {
      pdf_parser header(decoded->data, 0);
      for (std::int64_t i = 0; i < n; ++i) {
        auto num = header.accept_integer();
        auto offset = header.accept_integer();
        if (!num || !offset || *num > INT32_MAX) break;
        decoded->objects.emplace_back(static_cast<int>(*num),
                                      static_cast<std::size_t>(first + *offset));
      }
    } catch (const pdf_syntax_error&) {
      fail(fmt::format("object stream {} has a damaged header", entry.where));
    }
    cached = std::move(decoded);
  }
  std::shared_ptr<object_stream> stream = cached;  // keep alive if the cache is refilled
  if (entry.generation < 0 || static_cast<std::size_t>(entry.generation) >= stream->objects.size())
    return std::nullopt;
  const auto& [num, offset] = stream->objects[static_cast<std::size_t>(entry.generation)];
  if (num != ref.num || offset >= stream->data.size()) return std::nullopt;
  try {
    pdf_parser parser(stream->data, offset);
    pdf_indirect object;
    object.id = ref;
    object.object = parser.parse_object();
    // Positions inside a decompressed stream mean nothing in the file.
    object.begin = object.end = 0;
    return object;
  } catch (const pdf_syntax_error& e) {
    fail(fmt::format("cannot read object {} 0 in object stream {}: {}", ref.num, entry.where,
                     e.what()));
  }
}

pdf_object pdf_file::resolve(const pdf_object& object, std::size_t from) const {
  pdf_object current = object;
  for (int hops = 0; hops < 32; ++hops) {
    const pdf_ref* r = current.ref();
    if (!r) return current;
    auto loaded = load(*r, from);
    if (!loaded) return {pdf_null{}};
    current = std::move(loaded->object);
  }
  return {pdf_null{}};
}

std::string pdf_file::stream_data(const pdf_indirect& object) const {
  std::string data(bytes_.substr(object.stream_begin, object.stream_end - object.stream_begin));
  const pdf_dict* dict = object.object.dict();
  if (!dict) return data;
  std::vector<pdf_object> filters, parms;
  if (const pdf_object* f = dict->find("Filter")) {
    pdf_object fr = resolve(*f);
    if (fr.array())
      filters = fr.array()->items;
    else if (fr.name())
      filters.push_back(fr);
  }
  if (const pdf_object* p = dict->find("DecodeParms")) {
    pdf_object pr = resolve(*p);
    if (pr.array())
      parms = pr.array()->items;
    else
      parms.push_back(pr);
  }
  for (std::size_t i = 0; i < filters.size(); ++i) {
    const std::string* name = filters[i].name();
    if (!name || (*name != "FlateDecode" && *name != "Fl"))
      throw pdf_syntax_error(object.begin,
                             fmt::format("unsupported stream filter '{}'", name ? *name : "?"));
    data = inflate_zlib(data, max_stream_size);
    const pdf_dict* p = i < parms.size() ? parms[i].dict() : nullptr;
    std::int64_t predictor = p ? int_or(*p, "Predictor", 1) : 1;
    if (predictor >= 10) {
      std::int64_t columns = int_or(*p, "Columns", 1);
      std::int64_t colors = int_or(*p, "Colors", 1);
      std::int64_t bits = int_or(*p, "BitsPerComponent", 8);
      if (columns < 1 || columns > 1 << 20 || colors < 1 || colors > 32 || bits < 1 || bits > 16)
        throw pdf_syntax_error(object.begin, "bad predictor parameters");
      data = undo_png_predictor(data, static_cast<int>(columns), static_cast<int>(colors),
                                static_cast<int>(bits));
    } else if (predictor != 1) {
      throw pdf_syntax_error(object.begin, "unsupported TIFF predictor");
    }
  }
  return data;
}

}  // namespace rapport::detail

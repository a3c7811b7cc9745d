// render/cairo: repairs two defects of cairo 1.16's PDF files after cairo has written them:
// link annotations point into a structure tree cairo never writes (the cross-reference table
// then lists objects that are not in the file), and dates are written without "D:".
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string_view>

#include "render/cairo/cairo_detail.hpp"

namespace rapport::render::detail {
namespace {

struct xref_entry {
  std::uint64_t offset = 0;  ///< for a free entry: the next free object number
  int generation = 0;
  bool in_use = false;
};

// A cursor over the classic cross-reference section cairo writes.
class reader {
public:
  reader(std::string_view text, std::size_t pos) : text_(text), pos_(pos) {}

  std::string_view token() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  std::optional<std::uint64_t> number() {
    const std::string_view t = token();
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (t.empty() || ec != std::errc{} || end != t.data() + t.size()) return std::nullopt;
    return value;
  }

  std::size_t pos() const { return pos_; }

private:
  std::string_view text_;
  std::size_t pos_;
};

struct parsed_file {
  std::size_t xref_at = 0;
  std::size_t trailer_at = 0;  ///< where "trailer" starts
  std::size_t startxref_at = 0;
  std::vector<xref_entry> entries;
};

// Reads the single cross-reference table of a file cairo wrote; nullopt for anything else
// (an incremental update, an xref stream), which is then left alone.
std::optional<parsed_file> parse(std::string_view pdf) {
  parsed_file f;
  f.startxref_at = pdf.rfind("startxref");
  if (f.startxref_at == std::string_view::npos) return std::nullopt;
  reader tail(pdf, f.startxref_at + 9);
  const auto xref_at = tail.number();
  if (!xref_at || *xref_at >= f.startxref_at || pdf.substr(*xref_at, 4) != "xref") {
    return std::nullopt;
  }
  f.xref_at = *xref_at;
  reader r(pdf, f.xref_at + 4);
  const auto first = r.number();
  const auto count = r.number();
  if (!first || !count || *first != 0 || *count > 10'000'000) return std::nullopt;
  for (std::uint64_t i = 0; i < *count; ++i) {
    const auto offset = r.number();
    const auto generation = r.number();
    const std::string_view type = r.token();
    if (!offset || !generation || (type != "n" && type != "f")) return std::nullopt;
    f.entries.push_back({*offset, static_cast<int>(*generation), type == "n"});
  }
  const std::size_t before_trailer = r.pos();
  if (r.token() != "trailer") return std::nullopt;
  f.trailer_at = pdf.find("trailer", before_trailer);
  if (pdf.substr(f.trailer_at, f.startxref_at - f.trailer_at).find("/Prev") !=
      std::string_view::npos) {
    return std::nullopt;
  }
  return f;
}

// True if object `number` really starts at the offset its entry gives.
bool object_present(std::string_view pdf, std::size_t number, const xref_entry& e) {
  const std::string head = fmt::format("{} {} obj", number, e.generation);
  return e.offset < pdf.size() && pdf.substr(e.offset, head.size()) == head;
}

// Places inside the /Info dictionary where "D:" is missing before a date.
std::vector<std::size_t> undated_dates(std::string_view pdf, const parsed_file& f) {
  std::vector<std::size_t> at;
  const std::string_view trailer = pdf.substr(f.trailer_at, f.startxref_at - f.trailer_at);
  const auto info_key = trailer.find("/Info");
  if (info_key == std::string_view::npos) return at;
  reader r(trailer, info_key + 5);
  const auto number = r.number();
  if (!number || *number >= f.entries.size()) return at;
  const xref_entry& info = f.entries[*number];
  if (!info.in_use || !object_present(pdf, *number, info)) return at;
  const std::size_t end = pdf.find("endobj", info.offset);
  if (end == std::string_view::npos) return at;
  for (const std::string_view key : {"/CreationDate (", "/ModDate ("}) {
    const std::size_t found = pdf.substr(info.offset, end - info.offset).find(key);
    if (found == std::string_view::npos) continue;
    const std::size_t value = info.offset + found + key.size();
    if (pdf.substr(value, 2) != "D:") at.push_back(value);
  }
  std::sort(at.begin(), at.end());
  return at;
}

}  // namespace

std::string repair_pdf(std::string pdf) {
  const auto parsed = parse(pdf);
  if (!parsed) return pdf;
  parsed_file f = *parsed;

  std::vector<std::size_t> missing;
  for (std::size_t i = 1; i < f.entries.size(); ++i) {
    if (f.entries[i].in_use && !object_present(pdf, i, f.entries[i])) missing.push_back(i);
  }
  const std::vector<std::size_t> inserts = undated_dates(pdf, f);
  if (missing.empty() && inserts.empty()) return pdf;

  // The body with "D:" inserted; every offset after an insertion moves by its length.
  std::string out;
  out.reserve(pdf.size() + 64);
  std::size_t copied = 0;
  for (std::size_t at : inserts) {
    out.append(pdf, copied, at - copied);
    out += "D:";
    copied = at;
  }
  out.append(pdf, copied, f.xref_at - copied);
  auto moved = [&inserts](std::uint64_t offset) {
    const auto before = std::lower_bound(inserts.begin(), inserts.end(), offset) - inserts.begin();
    return offset + 2 * static_cast<std::uint64_t>(before);
  };

  // Objects cairo announced but never wrote become free entries, linked from entry 0 in
  // ascending order as the free list must be; a freed number's generation goes up by one.
  for (std::size_t i : missing) {
    f.entries[i].in_use = false;
    f.entries[i].generation += 1;
  }
  std::vector<std::size_t> free_list;
  for (std::size_t i = 1; i < f.entries.size(); ++i) {
    if (!f.entries[i].in_use) free_list.push_back(i);
  }
  f.entries[0] = {free_list.empty() ? 0 : free_list.front(), 65535, false};
  for (std::size_t k = 0; k < free_list.size(); ++k) {
    f.entries[free_list[k]].offset = k + 1 < free_list.size() ? free_list[k + 1] : 0;
  }

  const std::size_t xref_at = out.size();
  out += fmt::format("xref\n0 {}\n", f.entries.size());
  for (const xref_entry& e : f.entries) {
    // Each entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, " \n".
    out += fmt::format("{:010} {:05} {} \n", e.in_use ? moved(e.offset) : e.offset, e.generation,
                       e.in_use ? 'n' : 'f');
  }
  out.append(pdf, f.trailer_at, f.startxref_at - f.trailer_at);
  out += fmt::format("startxref\n{}\n%%EOF\n", xref_at);
  return out;
}

}  // namespace rapport::render::detail

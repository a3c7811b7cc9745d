// render/cairo: reads and rewrites the PDF files cairo 1.16 writes (one classic cross-reference
// table, no object streams), so that tagging can replace objects, add new ones and free old
// ones. Anything laid out differently is refused, never guessed at.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>

#include "render/cairo/pdf_tagging.hpp"

namespace rapport::render::detail {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

bool is_delimiter(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}

std::optional<long long> to_integer(std::string_view token) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (token.empty() || ec != std::errc{} || end != token.data() + token.size()) {
    return std::nullopt;
  }
  return value;
}

// A recursive-descent reader of PDF objects over the file's bytes; throws parse_failure.
struct parse_failure {};

class lexer {
public:
  lexer(std::string_view text, std::size_t pos) : text_(text), pos_(pos) {}

  std::size_t pos() const { return pos_; }
  void seek(std::size_t pos) { pos_ = pos; }

  void skip_space() {
    while (pos_ < text_.size()) {
      if (is_space(text_[pos_])) {
        ++pos_;
      } else if (text_[pos_] == '%') {
        while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
      } else {
        break;
      }
    }
  }

  // A run of regular characters: a number, a keyword, "R", "obj".
  std::string_view word() {
    skip_space();
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !is_space(text_[pos_]) && !is_delimiter(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  void expect(std::string_view keyword) {
    if (word() != keyword) throw parse_failure{};
  }

  pdf_value value(int depth = 0) {
    if (depth > 64) throw parse_failure{};  // cairo never nests this deep
    skip_space();
    if (pos_ >= text_.size()) throw parse_failure{};
    const char c = text_[pos_];
    if (c == '<' && next_is('<')) return dictionary(depth);
    if (c == '<') return hex_string();
    if (c == '(') return literal_string();
    if (c == '[') return array(depth);
    if (c == '/') return name();
    const std::size_t start = pos_;
    const std::string_view first = word();
    if (first.empty()) throw parse_failure{};
    if (first == "null") return {};
    // "12 0 R" is a reference; anything else after a number is read again on its own.
    if (const auto number = to_integer(first)) {
      const std::size_t after = pos_;
      const auto generation = to_integer(word());
      if (generation && word() == "R") {
        pdf_value ref = pdf_value::make_ref(static_cast<int>(*number));
        ref.generation = static_cast<int>(*generation);
        return ref;
      }
      pos_ = after;
    }
    return pdf_value::make_token(std::string(text_.substr(start, first.size())));
  }

private:
  bool next_is(char c) const { return pos_ + 1 < text_.size() && text_[pos_ + 1] == c; }

  pdf_value dictionary(int depth) {
    pos_ += 2;
    pdf_dict entries;
    while (true) {
      skip_space();
      if (pos_ + 1 < text_.size() && text_[pos_] == '>' && text_[pos_ + 1] == '>') {
        pos_ += 2;
        return pdf_value::make_dict(std::move(entries));
      }
      pdf_value key = name();
      entries.emplace_back(key.token.substr(1), value(depth + 1));
    }
  }

  pdf_value array(int depth) {
    ++pos_;
    pdf_array items;
    while (true) {
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return pdf_value::make_array(std::move(items));
      }
      items.push_back(value(depth + 1));
    }
  }

  pdf_value name() {
    skip_space();
    if (pos_ >= text_.size() || text_[pos_] != '/') throw parse_failure{};
    const std::size_t start = pos_++;
    while (pos_ < text_.size() && !is_space(text_[pos_]) && !is_delimiter(text_[pos_])) ++pos_;
    return pdf_value::make_token(std::string(text_.substr(start, pos_ - start)));
  }

  pdf_value hex_string() {
    const std::size_t close = text_.find('>', pos_);
    if (close == std::string_view::npos) throw parse_failure{};
    pdf_value v = pdf_value::make_token(std::string(text_.substr(pos_, close + 1 - pos_)));
    pos_ = close + 1;
    return v;
  }

  pdf_value literal_string() {
    const std::size_t start = pos_;
    int nesting = 0;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '\\') {
        ++pos_;
      } else if (c == '(') {
        ++nesting;
      } else if (c == ')' && --nesting == 0) {
        return pdf_value::make_token(std::string(text_.substr(start, pos_ - start)));
      }
    }
    throw parse_failure{};
  }

  std::string_view text_;
  std::size_t pos_;
};

struct xref_entry {
  std::size_t offset = 0;
  int generation = 0;
  bool in_use = false;
};

}  // namespace

pdf_value pdf_value::make_token(std::string text) {
  pdf_value v;
  v.type = kind::token;
  v.token = std::move(text);
  return v;
}

pdf_value pdf_value::make_ref(int number) {
  pdf_value v;
  v.type = kind::ref;
  v.number = number;
  return v;
}

pdf_value pdf_value::make_array(pdf_array items) {
  pdf_value v;
  v.type = kind::array;
  v.items = std::move(items);
  return v;
}

pdf_value pdf_value::make_dict(pdf_dict entries) {
  pdf_value v;
  v.type = kind::dict;
  v.entries = std::move(entries);
  return v;
}

const pdf_value* pdf_value::get(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k == key) return &v;
  }
  return nullptr;
}

void pdf_value::set(std::string_view key, pdf_value value) {
  for (auto& [k, v] : entries) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  entries.emplace_back(std::string(key), std::move(value));
}

std::optional<long long> pdf_value::integer() const {
  if (type != kind::token) return std::nullopt;
  return to_integer(token);
}

std::string serialize(const pdf_value& value) {
  switch (value.type) {
    case pdf_value::kind::null:
      return "null";
    case pdf_value::kind::token:
      return value.token;
    case pdf_value::kind::ref:
      return fmt::format("{} {} R", value.number, value.generation);
    case pdf_value::kind::array: {
      std::string out = "[";
      for (std::size_t i = 0; i < value.items.size(); ++i) {
        if (i > 0) out += ' ';
        out += serialize(value.items[i]);
      }
      return out + "]";
    }
    case pdf_value::kind::dict: {
      std::string out = "<<";
      for (const auto& [key, v] : value.entries) out += " /" + key + " " + serialize(v);
      return out + " >>";
    }
  }
  return "null";
}

std::string pdf_text_string(std::string_view utf8) {
  const bool ascii = std::all_of(utf8.begin(), utf8.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F;
  });
  if (ascii) {
    std::string out = "(";
    for (char c : utf8) {
      if (c == '(' || c == ')' || c == '\\') out += '\\';
      out += c;
    }
    return out + ")";
  }
  // UTF-16BE after a byte order mark; a malformed byte becomes U+FFFD.
  std::string out = "<FEFF";
  auto unit = [&out](unsigned u) { out += fmt::format("{:04X}", u); };
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    const int extra = c < 0x80             ? 0
                      : (c & 0xE0) == 0xC0 ? 1
                      : (c & 0xF0) == 0xE0 ? 2
                      : (c & 0xF8) == 0xF0 ? 3
                                           : -1;
    char32_t cp = extra < 0 ? 0xFFFD : c & (0x7F >> extra);
    bool good = extra >= 0 && i + extra < utf8.size();
    for (int k = 1; good && k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(utf8[i + k]);
      good = (cc & 0xC0) == 0x80;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (!good || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      cp = 0xFFFD;
      i += 1;
    } else {
      i += extra + 1;
    }
    if (cp >= 0x10000) {
      unit(0xD800 + ((cp - 0x10000) >> 10));
      unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      unit(static_cast<unsigned>(cp));
    }
  }
  return out + ">";
}

std::optional<pdf_file> pdf_file::parse(std::string bytes) { return parse_in_place(bytes); }

std::optional<pdf_file> pdf_file::parse_in_place(std::string& bytes) {
  pdf_file file;
  file.bytes_.swap(bytes);
  struct give_back {  // unless the file is read, the caller keeps its bytes
    pdf_file& file;
    std::string& bytes;
    bool done = false;
    ~give_back() {
      if (!done) file.bytes_.swap(bytes);
    }
  } guard{file, bytes};
  const std::string_view text = file.bytes_;
  try {
    const std::size_t startxref = text.rfind("startxref");
    if (startxref == std::string_view::npos) return std::nullopt;
    lexer tail(text, startxref + 9);
    const auto xref_at = to_integer(tail.word());
    if (!xref_at || *xref_at < 0 || static_cast<std::size_t>(*xref_at) >= startxref) {
      return std::nullopt;
    }
    lexer r(text, static_cast<std::size_t>(*xref_at));
    r.expect("xref");
    const auto first = to_integer(r.word());
    const auto count = to_integer(r.word());
    if (!first || !count || *first != 0 || *count <= 0 || *count > 10'000'000) return std::nullopt;
    file.slots_.resize(static_cast<std::size_t>(*count));
    for (auto& entry : file.slots_) {
      const auto offset = to_integer(r.word());
      const auto generation = to_integer(r.word());
      const std::string_view type = r.word();
      if (!offset || !generation || (type != "n" && type != "f")) return std::nullopt;
      entry.offset = static_cast<std::size_t>(*offset);
      entry.generation = static_cast<int>(*generation);
      entry.in_use = type == "n";
    }
    r.expect("trailer");
    file.trailer_ = r.value();
    if (file.trailer_.type != pdf_value::kind::dict || file.trailer_.get("Prev")) {
      return std::nullopt;
    }
    file.size_ = file.slots_.size();
    file.slots_[0].in_use = false;

    // Each object runs to where the next one starts, the last to the table: what write()
    // copies of an object nobody changed.
    std::vector<std::pair<std::size_t, std::size_t>> starts;  // offset, number
    for (std::size_t n = 1; n < file.slots_.size(); ++n) {
      slot& entry = file.slots_[n];
      if (!entry.in_use) {
        file.free_generations_[static_cast<int>(n)] = entry.generation;
        continue;
      }
      if (entry.offset >= static_cast<std::size_t>(*xref_at)) return std::nullopt;
      lexer o(text, entry.offset);
      if (to_integer(o.word()) != static_cast<long long>(n)) return std::nullopt;
      if (to_integer(o.word()) != entry.generation) return std::nullopt;
      o.expect("obj");
      starts.emplace_back(entry.offset, n);
    }
    std::sort(starts.begin(), starts.end());
    for (std::size_t i = 0; i < starts.size(); ++i) {
      if (i > 0 && starts[i].first == starts[i - 1].first) return std::nullopt;
      file.slots_[starts[i].second].end =
          i + 1 < starts.size() ? starts[i + 1].first : static_cast<std::size_t>(*xref_at);
    }
    file.header_end_ = starts.empty() ? static_cast<std::size_t>(*xref_at) : starts.front().first;
  } catch (const parse_failure&) {
    return std::nullopt;
  }
  guard.done = true;
  return file;
}

std::unique_ptr<pdf_object> pdf_file::load(int number) const {
  const slot& entry = slots_[static_cast<std::size_t>(number)];
  const std::string_view text = std::string_view(bytes_).substr(0, entry.end);
  try {
    lexer o(text, entry.offset);
    o.word();
    o.word();
    o.expect("obj");
    auto object = std::make_unique<pdf_object>();
    object->generation = entry.generation;
    object->offset = entry.offset;
    object->value = o.value();
    const std::string_view keyword = o.word();
    if (keyword == "stream") {
      // The length may be an object of its own, written after the stream.
      const pdf_value* length_value = object->value.get("Length");
      const pdf_value* resolved = length_value ? resolve(*length_value) : nullptr;
      // -1 for a missing or unreadable length (a std::optional here upsets GCC 12's
      // -Wmaybe-uninitialized).
      const long long length = resolved ? resolved->integer().value_or(-1) : -1;
      std::size_t begin = o.pos();
      if (begin < text.size() && text[begin] == '\r') ++begin;
      if (begin < text.size() && text[begin] == '\n') ++begin;
      if (length < 0 || begin + static_cast<std::size_t>(length) > text.size()) return nullptr;
      object->stream = std::make_pair(begin, begin + static_cast<std::size_t>(length));
      o.seek(object->stream->second);
      o.expect("endstream");
      o.expect("endobj");
    } else if (keyword != "endobj") {
      return nullptr;
    }
    return object;
  } catch (const parse_failure&) {
    return nullptr;
  }
}

const pdf_object* pdf_file::object(int number) const {
  if (number <= 0 || static_cast<std::size_t>(number) >= slots_.size()) return nullptr;
  const slot& entry = slots_[static_cast<std::size_t>(number)];
  if (!entry.in_use) return nullptr;
  if (!entry.parsed) entry.parsed = load(number);
  return entry.parsed.get();
}

void pdf_file::forget(int number) const {
  if (number > 0 && static_cast<std::size_t>(number) < slots_.size())
    slots_[static_cast<std::size_t>(number)].parsed.reset();
}

const pdf_value* pdf_file::resolve(const pdf_value& value) const {
  if (!value.is_ref()) return &value;
  const pdf_object* target = object(value.number);
  return target ? &target->value : nullptr;
}

void pdf_file::replace(int number, std::string text) {
  if (const auto found = added_.find(number); found != added_.end()) {
    found->second = std::move(text);
  } else {
    replaced_[number] = std::move(text);
  }
}

int pdf_file::add(std::string text) {
  const int number = static_cast<int>(size_++);
  added_[number] = std::move(text);
  return number;
}

void pdf_file::free(int number) {
  if (number > 0 && static_cast<std::size_t>(number) < slots_.size() && slots_[static_cast<std::size_t>(number)].in_use)
    freed_.insert(number);
}

std::string pdf_file::write() const {
  std::size_t size = bytes_.size();
  for (const auto& [number, text] : replaced_) size += text.size() + 32;
  for (const auto& [number, text] : added_) size += text.size() + 32;
  std::string out;
  out.reserve(size + 20 * size_ + 256);  // one allocation: the file may be tens of megabytes
  out.append(bytes_, 0, header_end_);
  std::vector<std::size_t> offsets(size_, 0);
  std::vector<int> generations(size_, 0);
  for (const auto& [number, generation] : free_generations_) generations[number] = generation;
  std::vector<bool> in_use(size_, false);

  std::vector<std::pair<std::size_t, int>> order;  // original file order
  for (std::size_t n = 1; n < slots_.size(); ++n)
    if (slots_[n].in_use) order.emplace_back(slots_[n].offset, static_cast<int>(n));
  std::sort(order.begin(), order.end());
  for (const auto& [offset, number] : order) {
    const slot& object = slots_[static_cast<std::size_t>(number)];
    generations[number] = object.generation;
    if (freed_.count(number) != 0) {
      generations[number] = object.generation + 1;  // a freed number's next use is one up
      continue;
    }
    offsets[number] = out.size();
    in_use[number] = true;
    if (const auto found = replaced_.find(number); found != replaced_.end()) {
      out += fmt::format("{} {} obj\n{}\nendobj\n", number, object.generation, found->second);
    } else {
      out.append(bytes_, object.offset, object.end - object.offset);
    }
  }
  for (const auto& [number, text] : added_) {
    offsets[number] = out.size();
    in_use[number] = true;
    out += fmt::format("{} 0 obj\n{}\nendobj\n", number, text);
  }

  // Free entries form a list from entry 0 in ascending order, the last pointing back to 0.
  std::vector<std::size_t> free_list;
  for (std::size_t n = 1; n < size_; ++n) {
    if (!in_use[n]) free_list.push_back(n);
  }
  const std::size_t xref_at = out.size();
  out += fmt::format("xref\n0 {}\n", size_);
  out += fmt::format("{:010} 65535 f \n", free_list.empty() ? 0 : free_list.front());
  std::size_t next_free = 0;
  for (std::size_t n = 1; n < size_; ++n) {
    if (in_use[n]) {
      out += fmt::format("{:010} {:05} n \n", offsets[n], generations[n]);
    } else {
      ++next_free;
      const std::size_t link = next_free < free_list.size() ? free_list[next_free] : 0;
      out += fmt::format("{:010} {:05} f \n", link, std::min(generations[n], 65535));
    }
  }
  pdf_value trailer = trailer_;
  trailer.set("Size", pdf_value::make_token(std::to_string(size_)));
  out += "trailer\n" + serialize(trailer) + "\n";
  out += fmt::format("startxref\n{}\n%%EOF\n", xref_at);
  return out;
}

}  // namespace rapport::render::detail

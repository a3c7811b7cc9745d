// archive/: tokenizing and parsing PDF objects (ISO 32000-1 §7.2–7.3).
#include "archive/pdf_syntax.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace rapport::detail {

namespace {

// Deeper nesting than this is not a real document; refusing it keeps recursion bounded.
constexpr int max_depth = 256;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_regular(char c) {
  return !is_pdf_space(c) && !is_pdf_delimiter(c);
}

}  // namespace

bool is_pdf_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

bool is_pdf_delimiter(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}

// ---- the object model ---------------------------------------------------------------------

const pdf_object* pdf_dict::find(std::string_view key) const {
  for (const auto& entry : entries)
    if (entry.key == key) return &entry.value;
  return nullptr;
}

pdf_object* pdf_dict::find(std::string_view key) {
  for (auto& entry : entries)
    if (entry.key == key) return &entry.value;
  return nullptr;
}

void pdf_dict::set(std::string key, pdf_object value) {
  if (pdf_object* existing = find(key)) {
    *existing = std::move(value);
    return;
  }
  entries.push_back({std::move(key), std::move(value)});
}

void pdf_dict::erase(std::string_view key) {
  std::erase_if(entries, [&](const pdf_entry& e) { return e.key == key; });
}

const std::string* pdf_object::name() const {
  const auto* n = std::get_if<pdf_name>(&value);
  return n ? &n->value : nullptr;
}

std::optional<std::int64_t> pdf_object::integer() const {
  const auto* n = std::get_if<pdf_number>(&value);
  if (!n) return std::nullopt;
  // Some writers emit integers as reals ("12.0"); accept them when they are whole.
  if (!n->integer && (n->value != std::floor(n->value) || std::abs(n->value) > 9.0e15))
    return std::nullopt;
  return static_cast<std::int64_t>(n->value);
}

pdf_object make_name(std::string name) {
  return {pdf_name{std::move(name)}};
}

pdf_object make_integer(std::int64_t value) {
  return {pdf_number{std::to_string(value), static_cast<double>(value), true}};
}

pdf_object make_ref(pdf_ref ref) {
  return {ref};
}

pdf_object make_string(std::string bytes) {
  return {pdf_string{std::move(bytes), 0, 0}};
}

bool same_object(const pdf_object& a, const pdf_object& b) {
  if (a.value.index() != b.value.index()) return false;
  return std::visit(
      [&](const auto& x) -> bool {
        using T = std::decay_t<decltype(x)>;
        const T& y = std::get<T>(b.value);
        if constexpr (std::is_same_v<T, pdf_null>) {
          return true;
        } else if constexpr (std::is_same_v<T, bool>) {
          return x == y;
        } else if constexpr (std::is_same_v<T, pdf_number>) {
          return x.value == y.value;
        } else if constexpr (std::is_same_v<T, pdf_name>) {
          return x.value == y.value;
        } else if constexpr (std::is_same_v<T, pdf_string>) {
          return x.bytes == y.bytes;
        } else if constexpr (std::is_same_v<T, pdf_ref>) {
          return x == y;
        } else if constexpr (std::is_same_v<T, pdf_array>) {
          return std::equal(x.items.begin(), x.items.end(), y.items.begin(), y.items.end(),
                            same_object);
        } else {
          if (x.entries.size() != y.entries.size()) return false;
          for (const auto& entry : x.entries) {
            const pdf_object* other = y.find(entry.key);
            if (!other || !same_object(entry.value, *other)) return false;
          }
          return true;
        }
      },
      a.value);
}

// ---- parsing ------------------------------------------------------------------------------

void pdf_parser::fail(const std::string& message) const {
  throw pdf_syntax_error(pos_, message);
}

void pdf_parser::skip_space() {
  while (!at_end()) {
    char c = bytes_[pos_];
    if (is_pdf_space(c)) {
      ++pos_;
    } else if (c == '%') {
      while (!at_end() && bytes_[pos_] != '\n' && bytes_[pos_] != '\r') ++pos_;
    } else {
      break;
    }
  }
}

bool pdf_parser::accept_keyword(std::string_view keyword) {
  skip_space();
  if (bytes_.substr(pos_, keyword.size()) != keyword) return false;
  std::size_t after = pos_ + keyword.size();
  if (after < bytes_.size() && is_regular(bytes_[after])) return false;
  pos_ = after;
  return true;
}

std::optional<std::int64_t> pdf_parser::accept_integer() {
  skip_space();
  std::size_t p = pos_;
  std::int64_t value = 0;
  while (p < bytes_.size() && bytes_[p] >= '0' && bytes_[p] <= '9') {
    if (value > (INT64_MAX - 9) / 10) return std::nullopt;
    value = value * 10 + (bytes_[p] - '0');
    ++p;
  }
  if (p == pos_) return std::nullopt;
  if (p < bytes_.size() && is_regular(bytes_[p])) return std::nullopt;
  pos_ = p;
  return value;
}

pdf_object pdf_parser::parse_object(int depth) {
  if (depth > max_depth) fail("objects are nested too deeply");
  skip_space();
  if (at_end()) fail("unexpected end of file, expected an object");
  char c = bytes_[pos_];
  if (c == '/') return parse_name();
  if (c == '(') return parse_literal_string();
  if (c == '[') return parse_array(depth);
  if (c == '<') {
    if (pos_ + 1 < bytes_.size() && bytes_[pos_ + 1] == '<') return parse_dict(depth);
    return parse_hex_string();
  }
  if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
    // `N G R` is a reference; look ahead without consuming anything if it is not.
    std::size_t start = pos_;
    if (auto num = accept_integer()) {
      std::size_t after_num = pos_;
      if (auto gen = accept_integer()) {
        if (accept_keyword("R")) {
          if (*num > INT32_MAX || *gen > 65535) fail("object reference out of range");
          return {pdf_ref{static_cast<int>(*num), static_cast<int>(*gen)}};
        }
      }
      pos_ = after_num;
      std::string text(bytes_.substr(start, after_num - start));
      return {pdf_number{text, static_cast<double>(*num), true}};
    }
    pos_ = start;
    return parse_number();
  }
  if (accept_keyword("true")) return {true};
  if (accept_keyword("false")) return {false};
  if (accept_keyword("null")) return {pdf_null{}};
  std::size_t end = pos_;
  while (end < bytes_.size() && is_regular(bytes_[end]) && end - pos_ < 20) ++end;
  fail(fmt::format("expected an object, found '{}'",
                   bytes_.substr(pos_, std::max<std::size_t>(end - pos_, 1))));
}

pdf_object pdf_parser::parse_number() {
  std::size_t start = pos_;
  if (bytes_[pos_] == '+' || bytes_[pos_] == '-') ++pos_;
  bool digits = false;
  bool dot = false;
  while (!at_end()) {
    char c = bytes_[pos_];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
    ++pos_;
  }
  if (!digits) fail("expected a number");
  std::string text(bytes_.substr(start, pos_ - start));
  // from_chars does not take a leading '+' or a bare ".5" the way PDF writers produce them.
  std::string normal = text[0] == '+' ? text.substr(1) : text;
  if (normal.starts_with('.')) normal.insert(0, "0");
  if (normal.starts_with("-.")) normal.insert(1, "0");
  double value = 0;
  std::from_chars(normal.data(), normal.data() + normal.size(), value);
  return {pdf_number{text, value, !dot}};
}

pdf_object pdf_parser::parse_name() {
  ++pos_;  // '/'
  std::string name;
  while (!at_end() && is_regular(bytes_[pos_])) {
    char c = bytes_[pos_++];
    if (c == '#' && pos_ + 1 < bytes_.size() && hex_value(bytes_[pos_]) >= 0 &&
        hex_value(bytes_[pos_ + 1]) >= 0) {
      name += static_cast<char>(hex_value(bytes_[pos_]) * 16 + hex_value(bytes_[pos_ + 1]));
      pos_ += 2;
    } else {
      name += c;
    }
  }
  return {pdf_name{std::move(name)}};
}

pdf_object pdf_parser::parse_literal_string() {
  std::size_t begin = pos_++;
  std::string out;
  int nesting = 1;
  while (true) {
    if (at_end()) fail("unterminated string");
    char c = bytes_[pos_++];
    if (c == '(') {
      ++nesting;
    } else if (c == ')') {
      if (--nesting == 0) break;
    } else if (c == '\\') {
      if (at_end()) fail("unterminated string");
      char e = bytes_[pos_++];
      switch (e) {
        case 'n':
          out += '\n';
          continue;
        case 'r':
          out += '\r';
          continue;
        case 't':
          out += '\t';
          continue;
        case 'b':
          out += '\b';
          continue;
        case 'f':
          out += '\f';
          continue;
        case '\r':  // a backslash before an end of line joins the lines
          if (!at_end() && bytes_[pos_] == '\n') ++pos_;
          continue;
        case '\n':
          continue;
        default:
          break;
      }
      if (e >= '0' && e <= '7') {
        int value = e - '0';
        for (int i = 0; i < 2 && !at_end() && bytes_[pos_] >= '0' && bytes_[pos_] <= '7'; ++i)
          value = value * 8 + (bytes_[pos_++] - '0');
        out += static_cast<char>(value & 0xff);
        continue;
      }
      out += e;
      continue;
    } else if (c == '\r') {
      // An unescaped end of line in a string reads as a single '\n'.
      if (!at_end() && bytes_[pos_] == '\n') ++pos_;
      out += '\n';
      continue;
    }
    out += c;
  }
  return {pdf_string{std::move(out), begin, pos_}};
}

pdf_object pdf_parser::parse_hex_string() {
  std::size_t begin = pos_++;
  std::string out;
  int pending = -1;
  while (true) {
    if (at_end()) fail("unterminated hex string");
    char c = bytes_[pos_++];
    if (c == '>') break;
    if (is_pdf_space(c)) continue;
    int v = hex_value(c);
    if (v < 0) fail(fmt::format("unexpected '{}' in a hex string", c));
    if (pending < 0) {
      pending = v;
    } else {
      out += static_cast<char>(pending * 16 + v);
      pending = -1;
    }
  }
  if (pending >= 0) out += static_cast<char>(pending * 16);
  return {pdf_string{std::move(out), begin, pos_}};
}

pdf_object pdf_parser::parse_array(int depth) {
  ++pos_;  // '['
  pdf_array array;
  while (true) {
    skip_space();
    if (at_end()) fail("unterminated array");
    if (bytes_[pos_] == ']') {
      ++pos_;
      break;
    }
    array.items.push_back(parse_object(depth + 1));
  }
  return {std::move(array)};
}

pdf_object pdf_parser::parse_dict(int depth) {
  pos_ += 2;  // '<<'
  pdf_dict dict;
  while (true) {
    skip_space();
    if (at_end()) fail("unterminated dictionary");
    if (bytes_[pos_] == '>') {
      if (pos_ + 1 < bytes_.size() && bytes_[pos_ + 1] == '>') {
        pos_ += 2;
        break;
      }
      fail("expected '>>'");
    }
    if (bytes_[pos_] != '/') fail("expected a name as dictionary key");
    std::string key = std::get<pdf_name>(parse_name().value).value;
    pdf_object value = parse_object(depth + 1);
    // A later duplicate key wins, as in most readers.
    dict.set(std::move(key), std::move(value));
  }
  return {std::move(dict)};
}

pdf_indirect pdf_parser::parse_indirect(const pdf_length_resolver& resolve_length) {
  skip_space();
  pdf_indirect result;
  result.begin = pos_;
  auto num = accept_integer();
  auto gen = accept_integer();
  if (!num || !gen || *num > INT32_MAX || *gen > 65535 || !accept_keyword("obj"))
    fail("expected 'N G obj'");
  result.id = {static_cast<int>(*num), static_cast<int>(*gen)};
  result.object = parse_object();
  if (accept_keyword("stream")) {
    const pdf_dict* dict = result.object.dict();
    if (!dict) fail("a stream must follow a dictionary");
    if (!at_end() && bytes_[pos_] == '\r') ++pos_;
    if (!at_end() && bytes_[pos_] == '\n') ++pos_;
    result.has_stream = true;
    result.stream_begin = pos_;
    std::optional<std::int64_t> length;
    if (const pdf_object* l = dict->find("Length")) {
      if (const pdf_ref* r = l->ref()) {
        if (resolve_length) length = resolve_length(*r);
      } else {
        length = l->integer();
      }
    }
    // Trust /Length only if `endstream` follows it; otherwise find `endstream` ourselves.
    bool trusted = false;
    if (length && *length >= 0 && static_cast<std::uint64_t>(*length) <= bytes_.size() - pos_) {
      pdf_parser probe(bytes_, pos_ + static_cast<std::size_t>(*length));
      if (probe.accept_keyword("endstream")) {
        result.stream_end = pos_ + static_cast<std::size_t>(*length);
        pos_ = probe.pos();
        trusted = true;
      }
    }
    if (!trusted) {
      std::size_t found = bytes_.find("endstream", pos_);
      if (found == std::string_view::npos) fail("stream without 'endstream'");
      std::size_t end = found;
      if (end > pos_ && bytes_[end - 1] == '\n') --end;
      if (end > pos_ && bytes_[end - 1] == '\r') --end;
      result.stream_end = end;
      pos_ = found + 9;
    }
  }
  // Some writers leave out `endobj`; the object is complete without it.
  accept_keyword("endobj");
  result.end = pos_;
  return result;
}

}  // namespace rapport::detail

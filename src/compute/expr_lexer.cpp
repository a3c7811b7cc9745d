// compute/ expressions, phase 1: the lexer turns expression text into tokens with byte offsets.
#include <fmt/format.h>

#include <charconv>

#include "compute/expr_internal.hpp"

namespace rapport::detail {
namespace {

struct code_point {
  char32_t value = 0;
  std::size_t length = 0;  ///< 0 = not valid UTF-8
};

// Decodes the UTF-8 sequence at `i`; rejects overlong forms, surrogates and truncation, so a
// broken byte is reported instead of being read as some other character.
code_point decode(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) return {b0, 1};
  std::size_t length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
  if (length == 0 || b0 > 0xF4 || i + length > s.size()) return {};
  char32_t c = b0 & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {};
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  if ((length == 3 && c < 0x800) || (length == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
      (c >= 0xD800 && c <= 0xDFFF))
    return {};
  return {c, length};
}

// Letters of the Latin alphabets (å ä ö, é, ü, ø, ...) but not × and ÷, which sit among them.
bool is_letter(char32_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
  return c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7;
}

bool is_digit(char32_t c) {
  return c >= '0' && c <= '9';
}

// Whitespace includes the no-break space, which text copied from a word processor carries.
bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0;
}

class lexer {
public:
  lexer(std::string_view source, const source_loc& loc) : s_(source), loc_(loc) {}

  std::vector<token> run() {
    std::vector<token> tokens;
    for (;;) {
      skip_space();
      if (i_ >= s_.size()) break;
      tokens.push_back(next());
    }
    token end;
    end.begin = end.end = s_.size();
    tokens.push_back(std::move(end));
    return tokens;
  }

private:
  [[noreturn]] void fail(std::size_t at, std::string message, std::string hint = {}) const {
    throw fatal_error(locate(s_, loc_, at), std::move(message), std::move(hint));
  }

  code_point peek(std::size_t at) const {
    if (at >= s_.size()) return {0, 0};
    code_point c = decode(s_, at);
    if (c.length == 0)
      fail(at, fmt::format("invalid UTF-8 byte 0x{:02x} in the expression",
                           static_cast<unsigned char>(s_[at])));
    return c;
  }

  void skip_space() {
    while (i_ < s_.size()) {
      code_point c = peek(i_);
      if (!is_space(c.value)) return;
      i_ += c.length;
    }
  }

  token start(token_kind kind) const {
    token t;
    t.kind = kind;
    t.begin = i_;
    return t;
  }

  token next() {
    code_point c = peek(i_);
    if (is_digit(c.value) || (c.value == '.' && is_digit(peek(i_ + 1).value))) return number();
    if (is_letter(c.value)) return name();
    if (c.value == '\'' || c.value == '"') return text(static_cast<char>(c.value));
    return punct(c);
  }

  token number() {
    token t = start(token_kind::number);
    std::size_t j = i_;
    while (j < s_.size() && is_digit(static_cast<unsigned char>(s_[j]))) ++j;
    if (j + 1 < s_.size() && s_[j] == '.' && is_digit(static_cast<unsigned char>(s_[j + 1]))) {
      ++j;
      while (j < s_.size() && is_digit(static_cast<unsigned char>(s_[j]))) ++j;
    }
    // from_chars is locale-independent: '.' is the decimal point whatever the environment says.
    auto [end, ec] = std::from_chars(s_.data() + i_, s_.data() + j, t.number);
    if (ec != std::errc() || end != s_.data() + j)
      fail(i_, fmt::format("the number '{}' is out of range", s_.substr(i_, j - i_)));
    t.end = i_ = j;
    return t;
  }

  // A dotted name is one token: after a dot a part may also start with a digit (`t.2021`), as
  // data columns are often named after years.
  token name() {
    token t = start(token_kind::name);
    std::size_t j = i_;
    for (;;) {
      code_point c = peek(j);
      if (c.length != 0 && (is_letter(c.value) || is_digit(c.value))) {
        j += c.length;
        continue;
      }
      if (c.value == '.') {
        code_point after = peek(j + 1);
        if (after.length != 0 && (is_letter(after.value) || is_digit(after.value))) {
          ++j;
          continue;
        }
      }
      break;
    }
    t.text = std::string(s_.substr(i_, j - i_));
    t.end = i_ = j;
    return t;
  }

  token text(char quote) {
    token t = start(token_kind::text);
    std::size_t j = i_ + 1;
    for (;;) {
      if (j >= s_.size())
        fail(i_, fmt::format("unterminated string: expected a closing {} before the end", quote));
      char c = s_[j];
      if (c == quote) break;
      if (c != '\\') {
        t.text += c;
        ++j;
        continue;
      }
      if (j + 1 >= s_.size())
        fail(i_, fmt::format("unterminated string: expected a closing {} before the end", quote));
      switch (s_[j + 1]) {
        case '\\':
          t.text += '\\';
          break;
        case '\'':
          t.text += '\'';
          break;
        case '"':
          t.text += '"';
          break;
        case 'n':
          t.text += '\n';
          break;
        case 't':
          t.text += '\t';
          break;
        default:
          fail(j, fmt::format("unknown escape '\\{}' in a string", peek_text(j + 1)),
               "the escapes are \\\\ \\' \\\" \\n and \\t");
      }
      j += 2;
    }
    t.end = i_ = j + 1;
    return t;
  }

  std::string peek_text(std::size_t at) const {
    return std::string(s_.substr(at, std::max<std::size_t>(1, peek(at).length)));
  }

  token punct(code_point c) {
    static constexpr std::string_view two[] = {"==", "!=", "<=", ">="};
    token t = start(token_kind::punct);
    for (std::string_view op : two) {
      if (s_.substr(i_, 2) == op) {
        t.text = std::string(op);
        t.end = i_ = i_ + 2;
        return t;
      }
    }
    if (c.value < 0x80 && std::string_view("+-*/%(),=<>").find(static_cast<char>(c.value)) !=
                              std::string_view::npos) {
      t.text = std::string(1, static_cast<char>(c.value));
      t.end = i_ = i_ + 1;
      return t;
    }
    unexpected(c);
  }

  [[noreturn]] void unexpected(code_point c) const {
    std::string hint;
    switch (c.value) {
      case '!':
        hint = "use 'not' for negation, or '!=' for 'not equal'";
        break;
      case '&':
        hint = "use 'and'";
        break;
      case '|':
        hint = "use 'or'";
        break;
      case ';':
        hint = "arguments are separated by ','";
        break;
      case 0x2212:
      case 0x2013:
        hint = "use the ASCII '-' for minus";
        break;
      case 0xD7:
        hint = "use '*' for multiplication";
        break;
      case 0xF7:
        hint = "use '/' for division";
        break;
      case 0x2018:
      case 0x2019:
      case 0x201C:
      case 0x201D:
        hint = "strings are quoted with ASCII ' or \"";
        break;
      default:
        break;
    }
    std::string shown = c.value < 0x20 || c.value == 0x7F
                            ? fmt::format("U+{:04X}", static_cast<unsigned>(c.value))
                            : fmt::format("'{}'", peek_text(i_));
    if (c.value >= 0x80) shown += fmt::format(" (U+{:04X})", static_cast<unsigned>(c.value));
    fail(i_, fmt::format("unexpected character {} in the expression", shown), std::move(hint));
  }

  std::string_view s_;
  const source_loc& loc_;
  std::size_t i_ = 0;
};

}  // namespace

std::vector<token> tokenize(std::string_view source, const source_loc& loc) {
  return lexer(source, loc).run();
}

}  // namespace rapport::detail

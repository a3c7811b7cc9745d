// data/ numbers: reads figures written the Swedish (or English) way into doubles, strictly.
#include <charconv>
#include <string>

#include "data/data.hpp"

namespace rapport {

namespace {

// The characters that may group thousands in Swedish text: a space, a no-break space
// (U+00A0) and a narrow no-break space (U+202F). Returns the byte length matched, or 0.
std::size_t space_at(std::string_view s, std::size_t i) {
  if (s.substr(i, 1) == " ") return 1;
  if (s.substr(i, 2) == "\u00A0") return 2;
  if (s.substr(i, 3) == "\u202F") return 3;
  return 0;
}

bool digit_at(std::string_view s, std::size_t i) {
  return i < s.size() && s[i] >= '0' && s[i] <= '9';
}

std::size_t digits_from(std::string_view s, std::size_t i) {
  std::size_t n = 0;
  while (digit_at(s, i + n)) ++n;
  return n;
}

std::string_view trim_spaces(std::string_view s) {
  for (;;) {
    if (!s.empty() && s.front() == '\t') {
      s.remove_prefix(1);
    } else if (std::size_t n = space_at(s, 0)) {
      s.remove_prefix(n);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && s.back() == '\t') {
      s.remove_suffix(1);
      continue;
    }
    bool trimmed = false;
    for (std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{3}}) {
      if (s.size() >= n && space_at(s, s.size() - n) == n) {
        s.remove_suffix(n);
        trimmed = true;
        break;
      }
    }
    if (!trimmed) break;
  }
  return s;
}

}  // namespace

// The grammar, after trimming spaces:
//   sign?  whole  (mark fraction)?  (space? '%')?
// sign: '-', '+', U+2212 or an en dash U+2013 (word processors turn '-' into one).
// whole: digits, or groups of exactly three digits after a first group of one to three, all
//   separated the same way: by spaces (' ', U+00A0, U+202F), or by ',' when decimal_comma is
//   false. More than one digit may not start with '0' ("0123" is an identifier, kept as text).
// mark: ',' (or '.' when decimal_comma is false), followed by at least one digit.
// With decimal_comma, a '.' is also read as the decimal mark when it cannot be a thousands
//   separator: accepted in "1234.5", "0.125", "1 234.5", "12.5", rejected in "12.345" and
//   "1.234", which are ambiguous and stay text (a later type error then names the cell).
// A trailing '%' is allowed and ignored: "9,7 %" is 9.7, the figure as written.
// No exponents, no thousands in the fraction, no leading or trailing mark.
std::optional<double> parse_number(std::string_view text, bool decimal_comma) {
  std::string_view s = trim_spaces(text);
  std::string ascii;  // the number rebuilt for std::from_chars, which ignores the locale
  std::size_t i = 0;

  if (s.substr(0, 1) == "-" || s.substr(0, 3) == "\u2212" || s.substr(0, 3) == "\u2013") {
    ascii += '-';
    i = s[0] == '-' ? 1 : 3;
  } else if (s.substr(0, 1) == "+") {
    i = 1;
  }

  std::size_t first = digits_from(s, i);
  if (first == 0) return std::nullopt;
  std::size_t whole_start = i;
  ascii.append(s.substr(i, first));
  i += first;

  // Thousands groups: each separator must be followed by exactly three digits.
  enum class grouping { none, spaces, commas } groups = grouping::none;
  for (;;) {
    std::size_t sep = space_at(s, i);
    grouping kind = grouping::spaces;
    if (sep == 0 && !decimal_comma && s.substr(i, 1) == ",") {
      sep = 1;
      kind = grouping::commas;
    }
    if (sep == 0 || digits_from(s, i + sep) == 0) break;    // maybe " %" follows
    if (digits_from(s, i + sep) != 3) return std::nullopt;  // "12 34", "1 2345"
    if (groups != grouping::none && groups != kind) return std::nullopt;
    groups = kind;
    ascii.append(s.substr(i + sep, 3));
    i += sep + 3;
  }
  if (groups != grouping::none && first > 3) return std::nullopt;  // "1234 567"
  std::size_t whole_digits = ascii.size() - (ascii.front() == '-' ? 1 : 0);
  if (whole_digits > 1 && s[whole_start] == '0') return std::nullopt;

  char mark = decimal_comma ? ',' : '.';
  if (i < s.size() && (s[i] == mark || (decimal_comma && s[i] == '.'))) {
    std::size_t fraction = digits_from(s, i + 1);
    if (fraction == 0) return std::nullopt;  // "15," or "15,-"
    if (s[i] == '.' && decimal_comma) {
      // "12.345" could be twelve thousand three hundred and forty-five written with a '.'
      // group; only a '.' that cannot be a group separator is a decimal point.
      bool could_be_group =
          groups == grouping::none && first <= 3 && s[whole_start] != '0' && fraction == 3;
      if (could_be_group) return std::nullopt;
    }
    ascii += '.';
    ascii.append(s.substr(i + 1, fraction));
    i += 1 + fraction;
  }

  if (i < s.size()) {
    if (std::size_t sep = space_at(s, i)) i += sep;
    if (s.substr(i) != "%") return std::nullopt;
    i = s.size();
  }

  double result = 0;
  auto [end, ec] = std::from_chars(ascii.data(), ascii.data() + ascii.size(), result);
  if (ec != std::errc() || end != ascii.data() + ascii.size()) return std::nullopt;
  return result;
}

}  // namespace rapport

// format/ number formats: parses the words of a `format="dec1 plus"` attribute into a
// number_format.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "format/format.hpp"

namespace rapport {

namespace {

// The largest decN accepted: a double carries about 15 significant digits, so more would
// print noise.
constexpr int max_decimals = 15;

bool set_error(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return false;
}

// Splits a spec into words at spaces. A quote (' or ") keeps spaces inside a word and is
// removed, so `suffix=' tkr'` is one word with the value " tkr".
bool split_words(std::string_view spec, std::vector<std::string>& words, std::string* error) {
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < spec.size(); ++i) {
    char c = spec[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'' || c == '"') {
      std::size_t close = spec.find(c, i + 1);
      if (close == std::string_view::npos)
        return set_error(error, fmt::format("unterminated quote {} in number format", c));
      word.append(spec.substr(i + 1, close - i - 1));
      i = close;
      continue;
    }
    word += c;
  }
  if (in_word) words.push_back(std::move(word));
  return true;
}

// `%20` stands for a space (and `%25` for a percent sign) in option texts, because an XML
// attribute value is split at spaces; any other '%' is kept as written.
std::string decode_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 3) == "%20") {
      out += ' ';
      i += 2;
    } else if (text.substr(i, 3) == "%25") {
      out += '%';
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Reads the N of `decN` / `pctN`; nullopt unless the rest is 1-2 digits within range.
std::optional<int> count_after(std::string_view word, std::string_view prefix) {
  if (word.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::string_view digits = word.substr(prefix.size());
  if (digits.empty() || digits.size() > 2) return std::nullopt;
  for (char c : digits)
    if (c < '0' || c > '9') return std::nullopt;  // from_chars would take "-1"
  int n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n > max_decimals)
    return std::nullopt;
  return n;
}

const std::vector<std::string>& known_words() {
  static const std::vector<std::string> words{
      "int",   "dec1", "dec2",    "dec3",  "pct",    "pct1",    "pct2",    "plus",
      "minus", "nbsp", "nogroup", "zero=", "empty=", "suffix=", "pctsep=", "scale="};
  return words;
}

std::string unknown_word(const std::string& word) {
  std::string key =
      word.substr(0, word.find('=') == std::string::npos ? word.size() : word.find('=') + 1);
  std::string guess = closest_match(key, known_words());
  if (guess.empty()) return fmt::format("unknown number format option '{}'", word);
  return fmt::format("unknown number format option '{}'; did you mean '{}'?", word, guess);
}

}  // namespace

std::optional<number_format> parse_number_format(std::string_view spec, std::string* error) {
  std::vector<std::string> words;
  if (!split_words(spec, words, error)) return std::nullopt;

  number_format f;
  // The order of words is free, so an explicit decN wins over the decimals implied by pctN
  // whichever comes first.
  std::optional<int> explicit_decimals;
  std::optional<int> percent_decimals;
  for (const std::string& word : words) {
    std::size_t eq = word.find('=');
    if (eq != std::string::npos) {
      std::string key = word.substr(0, eq);
      std::string text = decode_text(std::string_view(word).substr(eq + 1));
      if (key == "zero") {
        // An empty zero_text means "not set", so `zero=` alone would silently do nothing.
        if (text.empty()) {
          set_error(error, "zero= needs a text to print instead of zero (write %20 for a space)");
          return std::nullopt;
        }
        f.zero_text = text;
      } else if (key == "empty") {
        f.empty_text = text;
      } else if (key == "suffix") {
        f.suffix = text;
      } else if (key == "pctsep") {
        if (text == "none")
          f.percent_separator = "";
        else if (text == "space")
          f.percent_separator = " ";
        else if (text == "nbsp")
          f.percent_separator = "\u00A0";
        else {
          set_error(error,
                    fmt::format("pctsep must be 'none', 'space' or 'nbsp', found '{}'", text));
          return std::nullopt;
        }
      } else if (key == "scale") {
        double scale = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), scale);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
            !std::isfinite(scale) || scale <= 0) {
          set_error(error, fmt::format("scale must be a positive number, found '{}'", text));
          return std::nullopt;
        }
        f.scale = scale;
      } else {
        set_error(error, unknown_word(word));
        return std::nullopt;
      }
      continue;
    }
    if (word == "int") {
      explicit_decimals = 0;
    } else if (auto n = count_after(word, "dec")) {
      explicit_decimals = *n;
    } else if (word == "pct") {
      percent_decimals = 0;
    } else if (auto p = count_after(word, "pct")) {
      percent_decimals = *p;
    } else if (word == "plus") {
      f.plus_sign = true;
    } else if (word == "minus") {
      f.true_minus = true;
    } else if (word == "nbsp") {
      f.nbsp_groups = true;
    } else if (word == "nogroup") {
      f.group = false;
    } else {
      set_error(error, unknown_word(word));
      return std::nullopt;
    }
  }
  f.percent = percent_decimals.has_value();
  f.decimals = explicit_decimals.value_or(percent_decimals.value_or(0));
  return f;
}

}  // namespace rapport

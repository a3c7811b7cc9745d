// data/ JSON positions: skips through the raw text to find where objects and members start.
#include "data/json_walk.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace rapport::detail {

std::size_t json_walker::skip_blanks(std::size_t pos) const {
  while (pos < text_.size() &&
         (text_[pos] == ' ' || text_[pos] == '\t' || text_[pos] == '\n' || text_[pos] == '\r'))
    ++pos;
  return pos;
}

std::size_t json_walker::skip_string(std::size_t pos) const {
  for (++pos; pos < text_.size(); ++pos) {
    if (text_[pos] == '\\')
      ++pos;  // the escaped character cannot end the string
    else if (text_[pos] == '"')
      return pos + 1;
  }
  return text_.size();
}

std::size_t json_walker::skip_value(std::size_t pos) const {
  if (pos >= text_.size()) return pos;
  char c = text_[pos];
  if (c == '"') return skip_string(pos);
  if (c == '{' || c == '[') {
    // Containers are skipped by counting brackets; strings are skipped whole, so a bracket
    // inside one does not count.
    std::size_t depth = 0;
    while (pos < text_.size()) {
      char d = text_[pos];
      if (d == '"') {
        pos = skip_string(pos);
        continue;
      }
      if (d == '{' || d == '[') ++depth;
      if (d == '}' || d == ']') {
        if (--depth == 0) return pos + 1;
      }
      ++pos;
    }
    return pos;
  }
  // A number or a literal: up to the next delimiter.
  while (pos < text_.size() &&
         std::string_view(",]} \t\r\n").find(text_[pos]) == std::string_view::npos)
    ++pos;
  return pos;
}

std::optional<std::size_t> json_walker::member(std::size_t object, std::string_view key) const {
  if (!at(object, '{')) return std::nullopt;
  std::optional<std::size_t> found;
  std::size_t pos = skip_blanks(object + 1);
  while (at(pos, '"')) {
    std::size_t key_end = skip_string(pos);
    std::string_view raw = text_.substr(pos + 1, key_end - pos - 2);
    bool match = raw == key;
    if (!match && raw.find('\\') != std::string_view::npos) {
      // An escaped key ("\u00e5r") is decoded by the parser to compare it.
      auto decoded = nlohmann::json::parse(text_.substr(pos, key_end - pos), nullptr, false);
      match = decoded.is_string() && decoded.get<std::string>() == key;
    }
    pos = skip_blanks(key_end);
    if (!at(pos, ':')) return found;
    pos = skip_blanks(pos + 1);
    if (match) found = pos;
    pos = skip_blanks(skip_value(pos));
    if (!at(pos, ',')) break;
    pos = skip_blanks(pos + 1);
  }
  return found;
}

std::vector<std::size_t> json_walker::elements(std::size_t array) const {
  std::vector<std::size_t> offsets;
  if (!at(array, '[')) return offsets;
  std::size_t pos = skip_blanks(array + 1);
  if (at(pos, ']')) return offsets;
  while (pos < text_.size()) {
    offsets.push_back(pos);
    pos = skip_blanks(skip_value(pos));
    if (!at(pos, ',')) break;
    pos = skip_blanks(pos + 1);
  }
  return offsets;
}

}  // namespace rapport::detail

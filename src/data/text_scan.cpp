// data/ internals: UTF-8 validation and line:column positions shared by the CSV and JSON readers.
#include "data/text_scan.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rapport::detail {

std::string_view strip_bom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

std::size_t find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    // The ranges of the second byte exclude overlong forms (E0, F0), UTF-16 surrogates (ED)
    // and code points above U+10FFFF (F4), as RFC 3629 requires.
    unsigned char low = 0x80, high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;
      if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;
      if (c == 0xF4) high = 0x8F;
    } else {
      return i;  // a continuation byte out of place, C0/C1 (overlong) or F5..FF
    }
    if (i + 1 >= n || s[i + 1] < low || s[i + 1] > high) return i;
    for (std::size_t k = 2; k < length; ++k)
      if (i + k >= n || (s[i + k] & 0xC0) != 0x80) return i;
    i += length;
  }
  return std::string_view::npos;
}

std::string_view trim_blanks(std::string_view text) {
  constexpr std::string_view blanks = " \t\r\n";
  std::size_t first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  std::size_t last = text.find_last_not_of(blanks);
  return text.substr(first, last - first + 1);
}

line_index::line_index(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
      starts_.push_back(i + 1);
  }
}

int line_index::line_of(std::size_t offset) const {
  auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<int>(after - starts_.begin());
}

source_loc line_index::locate(std::size_t offset, const std::string& file) const {
  int line = line_of(offset);
  std::size_t start = starts_[static_cast<std::size_t>(line - 1)];
  std::size_t end = std::min(offset, text_.size());
  int column = 1;
  for (std::size_t i = start; i < end; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;  // not a continuation
  return {file, line, column};
}

fatal_error invalid_utf8_error(std::string_view text, std::size_t offset, const line_index& lines,
                               const std::string& file) {
  auto byte = static_cast<unsigned char>(text[offset]);
  std::string hint;
  // Swedish spreadsheets export CSV in Windows-1252 by default, and Notepad may save UTF-16.
  if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF")
    hint = "the file looks like UTF-16";
  else
    hint = "the file looks like Windows-1252 (Latin-1), as older Windows programs save it";
  return fatal_error(lines.locate(offset, file),
                     fmt::format("not valid UTF-8 (byte 0x{:02x}): save the file as UTF-8", byte),
                     hint);
}

}  // namespace rapport::detail

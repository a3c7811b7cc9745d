// text/ private: UTF-8 decoding and encoding shared by the shaper and the hyphenator.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rapport::text::detail {

/// One decoded character: its code point and how many bytes it took.
struct decoded_char {
  char32_t code_point = 0;
  std::size_t length = 1;
  bool valid = true;
};

/// Decodes the character starting at `at`; a malformed sequence decodes as one byte of
/// U+FFFD with `valid` false (what HarfBuzz does with it too).
inline decoded_char decode_utf8(std::string_view s, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return {lead, 1, true};
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return {0xFFFD, 1, false};
  }
  if (at + length > s.size()) return {0xFFFD, 1, false};
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char c = byte(at + i);
    if ((c & 0xC0) != 0x80) return {0xFFFD, 1, false};
    cp = (cp << 6) | (c & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not characters.
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0xFFFD, 1, false};
  return {cp, length, true};
}

/// Appends the UTF-8 form of a code point.
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace rapport::text::detail

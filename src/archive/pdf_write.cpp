// archive/: writing PDF objects, and converting between UTF-8 and PDF text strings.
#include <fmt/format.h>

#include <algorithm>

#include "archive/pdf_syntax.hpp"

namespace rapport::detail {

// ---- writing ------------------------------------------------------------------------------

namespace {

void write_name(std::string& out, std::string_view name) {
  out += '/';
  for (unsigned char c : name) {
    if (c > 0x20 && c < 0x7f && c != '#' && !is_pdf_delimiter(static_cast<char>(c))) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("#{:02X}", c);
    }
  }
}

void write_string(std::string& out, std::string_view bytes) {
  bool printable = std::all_of(bytes.begin(), bytes.end(),
                               [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
  if (!printable) {
    out += '<';
    for (unsigned char c : bytes) out += fmt::format("{:02X}", c);
    out += '>';
    return;
  }
  out += '(';
  for (char c : bytes) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    out += c;
  }
  out += ')';
}

}  // namespace

void write_object(std::string& out, const pdf_object& object) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, pdf_null>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, bool>) {
          out += x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, pdf_number>) {
          out += x.text;
        } else if constexpr (std::is_same_v<T, pdf_name>) {
          write_name(out, x.value);
        } else if constexpr (std::is_same_v<T, pdf_string>) {
          write_string(out, x.bytes);
        } else if constexpr (std::is_same_v<T, pdf_ref>) {
          out += fmt::format("{} {} R", x.num, x.gen);
        } else if constexpr (std::is_same_v<T, pdf_array>) {
          out += '[';
          for (std::size_t i = 0; i < x.items.size(); ++i) {
            if (i) out += ' ';
            write_object(out, x.items[i]);
          }
          out += ']';
        } else {
          out += "<<";
          for (const auto& entry : x.entries) {
            write_name(out, entry.key);
            out += ' ';
            write_object(out, entry.value);
            out += '\n';
          }
          out += ">>";
        }
      },
      object.value);
}

std::string to_pdf(const pdf_object& object) {
  std::string out;
  write_object(out, object);
  return out;
}

// ---- text strings -------------------------------------------------------------------------

std::string pdf_text_string(std::string_view utf8) {
  bool ascii =
      std::all_of(utf8.begin(), utf8.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
  if (ascii) return std::string(utf8);
  std::string out = "\xFE\xFF";
  auto put16 = [&](unsigned unit) {
    out += static_cast<char>(unit >> 8);
    out += static_cast<char>(unit & 0xff);
  };
  std::size_t i = 0;
  while (i < utf8.size()) {
    auto c = static_cast<unsigned char>(utf8[i]);
    int extra = c < 0x80             ? 0
                : (c & 0xE0) == 0xC0 ? 1
                : (c & 0xF0) == 0xE0 ? 2
                : (c & 0xF8) == 0xF0 ? 3
                                     : -1;
    // Invalid UTF-8 becomes U+FFFD rather than an error: these are labels, not data.
    unsigned cp = 0xFFFD;
    std::size_t length = 1;
    if (extra >= 0 && i + static_cast<std::size_t>(extra) < utf8.size()) {
      unsigned value = extra == 0 ? c : c & (0x3fu >> extra);
      bool ok = true;
      for (int k = 1; k <= extra; ++k) {
        auto next = static_cast<unsigned char>(utf8[i + k]);
        if ((next & 0xC0) != 0x80) ok = false;
        value = (value << 6) | (next & 0x3f);
      }
      if (ok) {
        cp = value;
        length = static_cast<std::size_t>(extra) + 1;
      }
    }
    i += length;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put16(0xD800 + (cp >> 10));
      put16(0xDC00 + (cp & 0x3ff));
    } else {
      put16(cp);
    }
  }
  return out;
}

namespace {

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

}  // namespace

std::string utf8_from_pdf_text(std::string_view bytes) {
  std::string out;
  if (bytes.size() >= 2 && bytes[0] == '\xFE' && bytes[1] == '\xFF') {
    for (std::size_t i = 2; i + 1 < bytes.size(); i += 2) {
      unsigned unit =
          (static_cast<unsigned char>(bytes[i]) << 8) | static_cast<unsigned char>(bytes[i + 1]);
      if (unit >= 0xD800 && unit < 0xDC00 && i + 3 < bytes.size()) {
        unsigned low = (static_cast<unsigned char>(bytes[i + 2]) << 8) |
                       static_cast<unsigned char>(bytes[i + 3]);
        if (low >= 0xDC00 && low < 0xE000) {
          append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
          i += 2;
          continue;
        }
      }
      append_utf8(out, unit);
    }
    return out;
  }
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF")
    return std::string(bytes.substr(3));
  // PDFDocEncoding matches Latin-1 from 0xA0 up and ASCII below 0x80; the rest is rare in the
  // short strings shown to users, so it reads as a replacement character.
  for (unsigned char c : bytes) append_utf8(out, c < 0x80 || c >= 0xA0 ? c : 0xFFFD);
  return out;
}

}  // namespace rapport::detail

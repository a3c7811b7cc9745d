// render/haru: rewrites the TrueType font program libharu embeds, dropping the glyph names of
// its 'post' table: a third of a subset font's bytes, and nothing a PDF reader uses.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "render/haru/haru_detail.hpp"

namespace rapport::render::detail {
namespace {

std::uint32_t read_u32(std::string_view data, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(data[at + i]);
  return value;
}

void write_u32(std::string& data, std::size_t at, std::uint32_t value) {
  for (std::size_t i = 0; i < 4; ++i) data[at + i] = static_cast<char>(value >> (24 - 8 * i));
}

std::uint16_t read_u16(std::string_view data, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(data[at]) << 8) |
                                    static_cast<unsigned char>(data[at + 1]));
}

// The OpenType checksum: the sum of big-endian 32-bit words, the last one padded with zeros.
std::uint32_t checksum(std::string_view data) {
  std::uint32_t sum = 0;
  for (std::size_t at = 0; at < data.size(); at += 4) {
    std::array<char, 4> word{};
    for (std::size_t i = 0; i < 4 && at + i < data.size(); ++i) word[i] = data[at + i];
    sum += read_u32(std::string_view(word.data(), 4), 0);
  }
  return sum;
}

struct table {
  std::string tag;
  std::string data;
};

constexpr std::uint32_t post_version_3 = 0x00030000;
constexpr std::uint32_t checksum_magic = 0xB1B0AFBA;  // the font's checksums add up to this
constexpr std::size_t post_header = 32;               // 'post' without its glyph names
constexpr std::size_t head_adjustment = 8;            // checkSumAdjustment within 'head'

}  // namespace

std::string drop_glyph_names(std::string_view font) {
  const std::string unchanged(font);
  if (font.size() < 12) return unchanged;
  const std::uint32_t version = read_u32(font, 0);
  if (version != 0x00010000 && version != 0x74727565 /* 'true' */) return unchanged;
  const std::uint16_t count = read_u16(font, 4);
  if (font.size() < 12 + 16 * std::size_t{count}) return unchanged;

  std::vector<table> tables;
  bool changed = false;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t record = 12 + 16 * i;
    const std::uint32_t offset = read_u32(font, record + 8);
    const std::uint32_t length = read_u32(font, record + 12);
    if (offset > font.size() || length > font.size() - offset) return unchanged;
    table t{std::string(font.substr(record, 4)), std::string(font.substr(offset, length))};
    if (t.tag == "post" && t.data.size() >= post_header &&
        read_u32(t.data, 0) != post_version_3) {
      // Version 3.0 keeps the header (italic angle, underline, fixed pitch) and no names.
      t.data.resize(post_header);
      write_u32(t.data, 0, post_version_3);
      changed = true;
    }
    if (t.tag == "head" && t.data.size() < head_adjustment + 4) return unchanged;
    tables.push_back(std::move(t));
  }
  if (!changed) return unchanged;

  // The same directory (tags in their order, search fields as they were), tables packed after
  // it on 4-byte boundaries.
  std::string out(font.substr(0, 12 + 16 * std::size_t{count}));
  std::size_t head_at = 0;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    table& t = tables[i];
    if (t.tag == "head") {
      write_u32(t.data, head_adjustment, 0);  // its checksum is taken with this zeroed
      head_at = out.size();
    }
    const std::size_t record = 12 + 16 * i;
    write_u32(out, record + 4, checksum(t.data));
    write_u32(out, record + 8, static_cast<std::uint32_t>(out.size()));
    write_u32(out, record + 12, static_cast<std::uint32_t>(t.data.size()));
    out += t.data;
    out.append((4 - out.size() % 4) % 4, '\0');
  }
  if (head_at != 0) write_u32(out, head_at + head_adjustment, checksum_magic - checksum(out));
  return out;
}

}  // namespace rapport::render::detail

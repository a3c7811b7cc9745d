// PNG: the header and chunk layout checked by hand (size, bombs, truncation, pHYs) without
// allocating, then libpng's simplified png_image API decodes to straight 8-bit RGBA.
#include <fmt/format.h>
#include <png.h>

#include <array>
#include <cctype>
#include <memory>

#include "image/image_detail.hpp"

namespace rapport::detail {

namespace {

std::uint32_t be32(const unsigned char* p) {
  return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 |
         std::uint32_t(p[3]);
}

// CRC-32 as PNG chunks use it; checked here because libpng's simplified reader lets some
// mismatches through and would then decode garbage.
std::uint32_t chunk_crc(const unsigned char* p, std::size_t n) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xffffffffu;
  for (std::size_t i = 0; i < n; ++i) c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

struct png_image_deleter {
  void operator()(png_image* i) const {
    png_image_free(i);
    delete i;
  }
};

// What the chunk walk learns before libpng runs.
struct png_header {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  int bit_depth = 0;
  int colour_type = 0;
  bool interlaced = false;
  bool transparency = false;  // a tRNS chunk
  double dpi_x = 0;
  double dpi_y = 0;
};

// Walks the chunks from the signature to IEND. Only lengths and names are read, so a file
// that claims 100 000 × 100 000 pixels costs nothing, and a truncated file is named as such
// rather than as whatever libpng happens to say when its input runs out.
png_header walk_chunks(const image& img, const source_loc& at, const image_limits& limits) {
  const auto* data = reinterpret_cast<const unsigned char*>(img.bytes.data());
  const std::size_t size = img.bytes.size();
  png_header h;
  std::size_t pos = 8;
  bool first = true;
  while (true) {
    if (pos == size)
      fail(at, fmt::format("the PNG image '{}' is truncated (it has no IEND chunk)", img.name));
    if (size - pos < 8)
      fail(at, fmt::format("the PNG image '{}' is truncated (the file ends inside a chunk header)",
                           img.name));
    std::uint32_t length = be32(data + pos);
    std::string type(reinterpret_cast<const char*>(data + pos + 4), 4);
    for (char c : type)
      if (!std::isalpha(static_cast<unsigned char>(c)) || length > 0x7fffffffu)
        fail(at, fmt::format("the PNG image '{}' is corrupt (a broken chunk header at byte {})",
                             img.name, pos));
    if (first && type != "IHDR")
      fail(at, fmt::format("the PNG image '{}' is corrupt (it does not start with an IHDR chunk)",
                           img.name));
    if (size - pos - 8 < std::size_t(length) + 4)
      fail(at, fmt::format("the PNG image '{}' is truncated (the file ends inside the {} chunk)",
                           img.name, type));
    const unsigned char* body = data + pos + 8;
    if (chunk_crc(data + pos + 4, std::size_t(length) + 4) != be32(body + length))
      fail(at, fmt::format("the PNG image '{}' is corrupt (a CRC error in the {} chunk)", img.name,
                           type));
    if (type == "IHDR") {
      if (!first || length != 13)
        fail(at, fmt::format("the PNG image '{}' is corrupt (a malformed IHDR chunk)", img.name));
      h.width = be32(body);
      h.height = be32(body + 4);
      h.bit_depth = body[8];
      h.colour_type = body[9];
      h.interlaced = body[12] == 1;
      // The bomb check comes before libpng sees anything.
      check_dimensions(h.width, h.height, img, at, limits);
    } else if (type == "tRNS") {
      h.transparency = true;
    } else if (type == "pHYs" && length == 9 && body[8] == 1) {  // unit 1: pixels per metre
      h.dpi_x = be32(body) * 0.0254;
      h.dpi_y = be32(body + 4) * 0.0254;
    } else if (type == "IEND") {
      return h;
    }
    first = false;
    pos += 12 + std::size_t(length);
  }
}

}  // namespace

void read_png(image& img, const source_loc& at, const image_limits& limits) {
  png_header h = walk_chunks(img, at, limits);
  img.width_px = static_cast<int>(h.width);
  img.height_px = static_cast<int>(h.height);
  img.bit_depth = h.bit_depth;
  img.interlaced = h.interlaced;
  img.palette = h.colour_type == 3;
  img.colour = (h.colour_type & 2) ? image_colour::rgb : image_colour::grey;
  img.alpha = (h.colour_type & 4) || h.transparency;
  img.dpi_x = plausible_dpi(h.dpi_x);
  img.dpi_y = plausible_dpi(h.dpi_y);
  img.width_pt = img.width_px * 72.0 / img.dpi_x;
  img.height_pt = img.height_px * 72.0 / img.dpi_y;

  // png_image keeps libpng's setjmp inside libpng: errors come back as a 0 and a message.
  std::unique_ptr<png_image, png_image_deleter> png(new png_image{});
  png->version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(png.get(), img.bytes.data(), img.bytes.size()))
    fail(at, fmt::format("the PNG image '{}' is corrupt ({})", img.name, png->message));
  if (png->width != h.width || png->height != h.height)
    fail(at, fmt::format("the PNG image '{}' is corrupt (inconsistent header)", img.name));
  // 16-bit samples without gAMA/sRGB are sRGB-encoded in practice (every viewer reads them so);
  // libpng would otherwise take them as linear and lighten them.
  png->flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
  // 16-bit samples are reduced to 8 bits, palettes and grey expanded, tRNS made alpha.
  png->format = PNG_FORMAT_RGBA;
  img.decoded.width = img.width_px;
  img.decoded.height = img.height_px;
  img.decoded.rgba.resize(PNG_IMAGE_SIZE(*png));
  if (!png_image_finish_read(png.get(), nullptr, img.decoded.rgba.data(), 0, nullptr))
    fail(at, fmt::format("the PNG image '{}' is corrupt ({})", img.name, png->message));
}

}  // namespace rapport::detail

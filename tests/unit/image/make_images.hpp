// Test helpers: PNG and JPEG files written in memory with libpng and libjpeg, so every
// colour type and bit depth is covered without committed binaries.
#pragma once

#include <jpeglib.h>
#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace rapport::test {

/// What to write: raw samples row by row, exactly as PNG stores them at `bit_depth`.
struct png_spec {
  int width = 4;
  int height = 3;
  int colour_type = PNG_COLOR_TYPE_RGB;
  int bit_depth = 8;
  bool interlaced = false;
  std::vector<png_color> palette;           // colour type 3
  std::vector<png_byte> palette_alpha;      // tRNS for palettes
  bool grey_transparent = false;            // tRNS for grey: sample value 0 is transparent
  int pixels_per_metre = 0;                 // pHYs when > 0
  std::vector<std::vector<png_byte>> rows;  // packed samples
};

inline void append_bytes(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::string*>(png_get_io_ptr(png));
  out->append(reinterpret_cast<const char*>(data), length);
}

/// Writes a PNG with the full libpng API (tests may use setjmp; the stage does not).
inline std::string write_png(const png_spec& spec) {
  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw std::runtime_error("libpng could not write the test image");
  }
  png_set_write_fn(png, &out, append_bytes, nullptr);
  png_set_IHDR(png, info, spec.width, spec.height, spec.bit_depth, spec.colour_type,
               spec.interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (!spec.palette.empty())
    png_set_PLTE(png, info, spec.palette.data(), static_cast<int>(spec.palette.size()));
  if (!spec.palette_alpha.empty())
    png_set_tRNS(png, info, spec.palette_alpha.data(), static_cast<int>(spec.palette_alpha.size()),
                 nullptr);
  if (spec.grey_transparent) {
    png_color_16 key{};
    key.gray = 0;
    png_set_tRNS(png, info, nullptr, 0, &key);
  }
  if (spec.pixels_per_metre > 0)
    png_set_pHYs(png, info, spec.pixels_per_metre, spec.pixels_per_metre, PNG_RESOLUTION_METER);
  png_write_info(png, info);
  std::vector<png_bytep> rows;
  for (const auto& r : spec.rows) rows.push_back(const_cast<png_bytep>(r.data()));
  png_write_image(png, rows.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

/// A 8-bit RGBA PNG from straight RGBA bytes.
inline std::string write_rgba_png(int width, int height, const std::vector<std::uint8_t>& rgba) {
  png_spec s;
  s.width = width;
  s.height = height;
  s.colour_type = PNG_COLOR_TYPE_RGBA;
  for (int y = 0; y < height; ++y)
    s.rows.emplace_back(rgba.begin() + std::ptrdiff_t(y) * width * 4,
                        rgba.begin() + std::ptrdiff_t(y + 1) * width * 4);
  return write_png(s);
}

/// CRC-32 as PNG chunks use it (for hand-built files such as the 100 000 × 100 000 bomb).
inline std::uint32_t crc32(const std::string& bytes) {
  std::uint32_t c = 0xffffffffu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return c ^ 0xffffffffu;
}

inline std::string be32(std::uint32_t v) {
  return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

/// One PNG chunk: length, type, data, CRC over type and data.
inline std::string chunk(const std::string& type, const std::string& data) {
  return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
}

/// A PNG that declares width × height but holds no real image data (a bomb's header).
inline std::string png_header_only(std::uint32_t width, std::uint32_t height) {
  std::string ihdr = be32(width) + be32(height) + std::string("\x01\x00\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) +
         chunk("IDAT", std::string("\x78\x9c\x03\x00\x00\x00\x00\x01", 8)) + chunk("IEND", "");
}

/// What to encode as JPEG.
struct jpeg_spec {
  int width = 16;
  int height = 8;
  int components = 3;  // 1 grey, 3 RGB, 4 CMYK
  bool progressive = false;
  bool arithmetic = false;
  int density_dpi = 0;  // JFIF density in dots per inch when > 0
  int quality = 95;
  std::vector<std::uint8_t> samples;  // width * height * components; a gradient when empty
};

/// Encodes a JPEG with libjpeg into memory.
inline std::string write_jpeg(const jpeg_spec& spec) {
  jpeg_compress_struct cinfo;
  jpeg_error_mgr err;
  cinfo.err = jpeg_std_error(&err);
  jpeg_create_compress(&cinfo);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = spec.width;
  cinfo.image_height = spec.height;
  cinfo.input_components = spec.components;
  cinfo.in_color_space = spec.components == 1   ? JCS_GRAYSCALE
                         : spec.components == 3 ? JCS_RGB
                                                : JCS_CMYK;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, spec.quality, TRUE);
  if (spec.progressive) jpeg_simple_progression(&cinfo);
  if (spec.arithmetic) cinfo.arith_code = TRUE;
  if (spec.density_dpi > 0) {
    cinfo.density_unit = 1;
    cinfo.X_density = cinfo.Y_density = static_cast<UINT16>(spec.density_dpi);
  }
  jpeg_start_compress(&cinfo, TRUE);
  std::vector<std::uint8_t> samples = spec.samples;
  if (samples.empty())
    for (int y = 0; y < spec.height; ++y)
      for (int x = 0; x < spec.width; ++x)
        for (int c = 0; c < spec.components; ++c)
          samples.push_back(static_cast<std::uint8_t>((x * 16 + y * 8 + c * 60) % 256));
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = samples.data() + std::size_t(cinfo.next_scanline) * spec.width * spec.components;
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  std::string out(reinterpret_cast<const char*>(buffer), size);
  jpeg_destroy_compress(&cinfo);
  std::free(buffer);
  return out;
}

/// Writes bytes to a file (for the loader and cache tests).
inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace rapport::test

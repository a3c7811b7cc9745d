// Pixel conversions: straight RGBA to and from cairo's premultiplied ARGB32, and the colour
// and soft-mask planes a PDF image XObject takes (with alpha flattened for PDF/A-1).
#include <fmt/format.h>

#include "image/svg_handle.hpp"

namespace rapport {

namespace detail {

std::vector<std::uint8_t> unpremultiply(cairo_surface_t* surface) {
  int width = cairo_image_surface_get_width(surface);
  int height = cairo_image_surface_get_height(surface);
  int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  std::vector<std::uint8_t> out(std::size_t(width) * height * 4);
  for (int y = 0; y < height; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + std::size_t(y) * stride);
    std::uint8_t* o = out.data() + std::size_t(y) * width * 4;
    for (int x = 0; x < width; ++x, o += 4) {
      std::uint32_t p = row[x];  // native-endian 0xAARRGGBB
      unsigned a = p >> 24;
      auto un = [a](unsigned c) {
        return static_cast<std::uint8_t>(a ? (c * 255 + a / 2) / a : 0);
      };
      o[0] = un((p >> 16) & 0xff);
      o[1] = un((p >> 8) & 0xff);
      o[2] = un(p & 0xff);
      o[3] = static_cast<std::uint8_t>(a);
    }
  }
  return out;
}

cairo_surface_ptr premultiply(const pixels& px) {
  cairo_surface_ptr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, px.width, px.height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    throw fatal_error({}, fmt::format("cannot make a {}x{} image surface: {}", px.width, px.height,
                                      cairo_status_to_string(cairo_surface_status(surface.get()))));
  cairo_surface_flush(surface.get());
  int stride = cairo_image_surface_get_stride(surface.get());
  unsigned char* data = cairo_image_surface_get_data(surface.get());
  for (int y = 0; y < px.height; ++y) {
    auto* row = reinterpret_cast<std::uint32_t*>(data + std::size_t(y) * stride);
    const std::uint8_t* in = px.rgba.data() + std::size_t(y) * px.width * 4;
    for (int x = 0; x < px.width; ++x, in += 4) {
      unsigned a = in[3];
      auto pre = [a](unsigned c) { return (c * a + 127) / 255; };
      row[x] = a << 24 | pre(in[0]) << 16 | pre(in[1]) << 8 | pre(in[2]);
    }
  }
  cairo_surface_mark_dirty(surface.get());
  return surface;
}

}  // namespace detail

pixel_planes split_planes(const pixels& px, bool grey, bool flatten) {
  pixel_planes out;
  out.width = px.width;
  out.height = px.height;
  out.components = grey ? 1 : 3;
  std::size_t count = std::size_t(px.width) * px.height;
  out.colour.resize(count * out.components);
  bool translucent = false;
  for (std::size_t i = 0; i < count; ++i) translucent = translucent || px.rgba[i * 4 + 3] != 255;
  bool mask = translucent && !flatten;
  if (mask) out.alpha.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t* p = px.rgba.data() + i * 4;
    unsigned a = p[3];
    // Flattening composites onto white, the paper every rapport layout prints on.
    auto channel = [&](unsigned c) {
      return static_cast<std::uint8_t>(mask || a == 255 ? c
                                                        : (c * a + 255 * (255 - a) + 127) / 255);
    };
    if (grey) {
      out.colour[i] = channel(p[0]);
    } else {
      out.colour[i * 3] = channel(p[0]);
      out.colour[i * 3 + 1] = channel(p[1]);
      out.colour[i * 3 + 2] = channel(p[2]);
    }
    if (mask) out.alpha[i] = static_cast<std::uint8_t>(a);
  }
  return out;
}

}  // namespace rapport

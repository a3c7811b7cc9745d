// image/ private: RAII for the GLib, librsvg and cairo objects this stage uses, and the
// pixel conversions between cairo's premultiplied ARGB32 and straight RGBA.
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <librsvg/rsvg.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "image/image.hpp"

namespace rapport::detail {

struct g_object_deleter {
  void operator()(void* object) const { g_object_unref(object); }
};
template <class T>
using g_object_ptr = std::unique_ptr<T, g_object_deleter>;
using svg_handle_ptr = g_object_ptr<RsvgHandle>;

struct cairo_surface_deleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct cairo_deleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
using cairo_surface_ptr = std::unique_ptr<cairo_surface_t, cairo_surface_deleter>;
using cairo_ptr = std::unique_ptr<cairo_t, cairo_deleter>;

/// Parses the SVG's bytes with librsvg; on failure returns null and sets `error`.
svg_handle_ptr open_svg(const image& svg, std::string& error);

/// A GError's message without trailing white space (frees the error), or `fallback`.
std::string take_message(GError* error, const char* fallback);

/// An ARGB32 image surface's pixels as straight RGBA bytes.
std::vector<std::uint8_t> unpremultiply(cairo_surface_t* argb32);

/// Straight RGBA pixels as a new cairo ARGB32 (premultiplied, native-endian) surface.
cairo_surface_ptr premultiply(const pixels& px);

}  // namespace rapport::detail

// image/: loads PNG, JPEG and SVG files into plain data (size, colour, bytes, pixels) that
// compute, layout and both renderers share; the one seam around libpng, libjpeg and librsvg.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"

typedef struct _cairo cairo_t;

namespace rapport {

enum class image_kind { png, jpeg, svg };

/// The colour model of the stored image (before any conversion to RGBA).
enum class image_colour { grey, rgb, cmyk };

/// Decoded pixels: 8-bit R, G, B, A per pixel, rows top to bottom without padding.
/// Alpha is straight (NOT premultiplied): what PDF soft masks want; cairo needs a conversion.
struct pixels {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;  ///< width * height * 4 bytes
};

/// A loaded image: everything a layout and a renderer need, decided once per file.
struct image {
  image_kind kind = image_kind::png;
  std::filesystem::path file;  ///< the file it was read from
  std::string name;            ///< as the definition wrote it (used in every message)
  std::string id;              ///< a hash of the bytes: stable across runs, for XObject sharing

  int width_px = 0;  ///< intrinsic size in pixels (SVG: CSS pixels, 1/96 in, rounded up)
  int height_px = 0;
  double width_pt = 0;  ///< intrinsic size in points (PNG pHYs, JPEG JFIF density, SVG units)
  double height_pt = 0;
  double dpi_x = 96;  ///< the resolution behind width_pt (96 when the file says none)
  double dpi_y = 96;

  image_colour colour = image_colour::rgb;
  bool palette = false;        ///< PNG colour type 3 (indexed)
  bool alpha = false;          ///< an alpha channel or tRNS transparency (SVG: always true)
  int bit_depth = 8;           ///< per channel as stored: 1, 2, 4, 8 or 16 (SVG: 0, vector)
  bool interlaced = false;     ///< PNG Adam7 or progressive JPEG
  bool inverted_cmyk = false;  ///< JPEG CMYK with an Adobe marker: PDF needs /Decode [1 0 ...]
  int components = 0;          ///< JPEG: 1 (grey), 3 (YCbCr/RGB) or 4 (CMYK/YCCK)

  /// The file as read. JPEG: embedded as-is (DCT passthrough, never re-encoded).
  /// PNG: the original (libharu can load it). SVG: the document text.
  std::string bytes;
  /// PNG only: decoded to 8-bit straight RGBA (every colour type, 16-bit, palette, interlace).
  pixels decoded;
};

/// Guards against decompression bombs: checked on header dimensions before any pixel is
/// allocated, so a 100 000 × 100 000 PNG is refused at once.
struct image_limits {
  int max_side = 20'000;                     ///< pixels on either side
  std::int64_t max_pixels = 40'000'000;      ///< width × height
  std::int64_t max_file_bytes = 64LL << 20;  ///< the file itself
};

/// Reads an image from memory. `name` is the path as the definition wrote it: its extension
/// must agree with the content (checked by magic bytes). Errors throw fatal_error located at
/// `at` with `name` in the message; bad input never crashes or hangs.
image read_image(std::string bytes, std::string_view name, const source_loc& at,
                 const image_limits& limits = {});

/// Reads the image file `file` (see read_image); `name` defaults to the path as given.
image load_image(const std::filesystem::path& file, const source_loc& at,
                 std::string_view name = {}, const image_limits& limits = {});

/// Loads each file once: the same path (after resolving `.`/`..` and symlinks) gives the same
/// shared object, so a logo on every page is decoded, and later embedded, once. Thread-safe.
class image_cache {
public:
  explicit image_cache(image_limits limits = {}) : limits_(limits) {}

  /// The image at `file`, loaded on first use; errors throw as load_image (and are not cached,
  /// so each reference reports its own location).
  std::shared_ptr<const image> load(const std::filesystem::path& file, const source_loc& at,
                                    std::string_view name = {});
  /// How many distinct images are loaded.
  std::size_t size() const;

private:
  image_limits limits_;
  mutable std::mutex mutex_;
  std::map<std::filesystem::path, std::shared_ptr<const image>> images_;
};

/// Decodes a JPEG to RGBA for raster output (PNG previews). PDF output never needs this: it
/// embeds image::bytes. Throws fatal_error (unlocated, naming the image) on corrupt data.
pixels decode_jpeg(const image& jpeg);

/// Draws an SVG as vectors (paths and text, no raster) into the rectangle at (x, y) of size
/// width × height in the user space of `cr`, scaled to fit and centred (preserveAspectRatio).
void draw_svg(cairo_t* cr, const image& svg, double x, double y, double width, double height);

/// Rasterises an SVG placed at width_pt × height_pt at `dpi` (for backends without vectors,
/// such as libharu). Refused like a bomb when the result would exceed `limits`.
pixels rasterize_svg(const image& svg, double width_pt, double height_pt, double dpi = 200,
                     const image_limits& limits = {});

/// Draws any image into the rectangle at (x, y), width × height, in the user space of `cr`:
/// SVG as vectors; PNG as an image (straight → premultiplied); JPEG with its original bytes
/// attached as CAIRO_MIME_TYPE_JPEG, so PDF and SVG output embed the DCT stream as-is. Each
/// surface carries CAIRO_MIME_TYPE_UNIQUE_ID = image::id, so cairo's PDF output embeds an
/// image used on many pages once (one XObject).
void draw_image(cairo_t* cr, const image& img, double x, double y, double width, double height);

/// Pixels split into the planes a PDF image XObject takes: colour (1 component for grey
/// images, else 3) and, when the image has alpha and `flatten` is false, an 8-bit soft mask.
/// With `flatten` the colour is composited onto white and no mask is made (PDF/A-1 forbids
/// transparency).
struct pixel_planes {
  int width = 0;
  int height = 0;
  int components = 3;                ///< 1 = DeviceGray, 3 = DeviceRGB
  std::vector<std::uint8_t> colour;  ///< width * height * components
  std::vector<std::uint8_t> alpha;   ///< width * height, or empty when opaque
};

/// Splits pixels of `img` (or of an SVG raster) into colour and soft-mask planes.
pixel_planes split_planes(const pixels& px, bool grey, bool flatten);

/// The lower-case name of a kind: "png", "jpeg", "svg".
std::string_view to_string(image_kind kind);

}  // namespace rapport

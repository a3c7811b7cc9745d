// libFuzzer target: the image reader (image/): PNG and JPEG headers and PNG decoding through
// libpng and libjpeg (and JPEG decoding), SVG through librsvg (and rasterising), with the size
// limits that stop decompression bombs. The input is the file itself; its name's extension follows
// the magic bytes, except for inputs whose size is 3 mod 4, which are named .png whatever they hold
// (the mismatch check).
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "image/image.hpp"

namespace {

std::string_view name_for(std::string_view bytes) {
  if (bytes.size() % 4 == 3) return "fuzz.png";
  if (bytes.starts_with("\x89PNG")) return "fuzz.png";
  if (bytes.starts_with("\xFF\xD8")) return "fuzz.jpg";
  return "fuzz.svg";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  std::string_view name = name_for(bytes);
  // Smaller limits than a real run: the fuzzer looks for crashes, not for big pictures.
  rapport::image_limits limits;
  limits.max_side = 4'000;
  limits.max_pixels = 4'000'000;
  const rapport::source_loc at{"report.xml", 7, 3};
  try {
    rapport::image img = rapport::read_image(std::move(bytes), name, at, limits);
    if (img.width_px <= 0 || img.height_px <= 0) rapport::fuzzing::broken("an image has a size");
    if (img.width_px > limits.max_side || img.height_px > limits.max_side)
      rapport::fuzzing::broken("the side limit holds");
    if (img.kind == rapport::image_kind::png) {
      const auto expected =
          static_cast<std::size_t>(img.width_px) * static_cast<std::size_t>(img.height_px) * 4;
      if (img.decoded.rgba.size() != expected)
        rapport::fuzzing::broken("a PNG decodes to width*height RGBA");
    }
    if (!(img.width_pt > 0) || !(img.height_pt > 0))
      rapport::fuzzing::broken("an image has a size in points");
    // What the renderers do next: the cairo backend decodes JPEGs and rasterises SVGs.
    try {
      if (img.kind == rapport::image_kind::jpeg) {
        rapport::pixels px = rapport::decode_jpeg(img);
        if (px.width != img.width_px || px.height != img.height_px)
          rapport::fuzzing::broken("a decoded JPEG has the header's size");
        if (px.rgba.size() !=
            static_cast<std::size_t>(px.width) * static_cast<std::size_t>(px.height) * 4)
          rapport::fuzzing::broken("a JPEG decodes to width*height RGBA");
      } else if (img.kind == rapport::image_kind::svg) {
        (void)rapport::rasterize_svg(img, 40, 40, 72);
      }
    } catch (const rapport::fatal_error&) {
    }
  } catch (const rapport::fatal_error& e) {
    if (e.what_diagnostic().loc != at)
      rapport::fuzzing::broken("errors are located where the image is named");
  }
  return 0;
}

// image/ private: the format readers behind read_image and the checks they share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "image/image.hpp"

namespace rapport::detail {

/// What the first bytes of a file say it is (more than rapport reads, to name it in errors).
enum class sniffed { png, jpeg, svg, gif, webp, bmp, tiff, pdf, heif, xml, empty, unknown };

/// Looks at the magic bytes (and for SVG the first element) of `bytes`.
sniffed sniff(std::string_view bytes);

/// A readable name for what sniff found ("a GIF image", "a PDF document").
std::string_view describe(sniffed kind);

/// Throws a fatal_error at `at`, with `hint` when not empty.
[[noreturn]] void fail(const source_loc& at, std::string message, std::string hint = {});

/// Throws the bomb error when width × height exceeds `limits` (before anything is decoded).
void check_dimensions(std::int64_t width, std::int64_t height, const image& img,
                      const source_loc& at, const image_limits& limits);

/// A resolution read from a file, or 96 dpi when it is missing or implausible.
double plausible_dpi(double dpi);

/// FNV-1a of the bytes as 16 hex digits, prefixed with the kind ("png-1f2e...").
std::string content_id(image_kind kind, std::string_view bytes);

// The format readers fill in everything but file/name/id, which read_image sets.
void read_png(image& img, const source_loc& at, const image_limits& limits);
void read_jpeg(image& img, const source_loc& at, const image_limits& limits);
void read_svg(image& img, const source_loc& at, const image_limits& limits);

}  // namespace rapport::detail

// Reading an image file: recognise the format by its bytes, check the name and the limits,
// hand over to the format's reader; and the cache that loads each file once.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "image/image_detail.hpp"

namespace rapport {

namespace fs = std::filesystem;

namespace detail {

namespace {

bool starts_with(std::string_view bytes, std::string_view magic) {
  return bytes.starts_with(magic);
}

// The extensions each readable format may have (compared in lower case).
bool extension_fits(image_kind kind, std::string_view ext) {
  switch (kind) {
    case image_kind::png:
      return ext == ".png";
    case image_kind::jpeg:
      return ext == ".jpg" || ext == ".jpeg";
    case image_kind::svg:
      return ext == ".svg";
  }
  return false;
}

std::string_view usual_extension(image_kind kind) {
  switch (kind) {
    case image_kind::png:
      return ".png";
    case image_kind::jpeg:
      return ".jpg";
    case image_kind::svg:
      return ".svg";
  }
  return "";
}

std::string_view upper_name(image_kind kind) {
  switch (kind) {
    case image_kind::png:
      return "PNG";
    case image_kind::jpeg:
      return "JPEG";
    case image_kind::svg:
      return "SVG";
  }
  return "";
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

sniffed sniff(std::string_view b) {
  if (b.empty()) return sniffed::empty;
  if (starts_with(b, "\x89PNG\r\n\x1a\n")) return sniffed::png;
  if (starts_with(b, "\xff\xd8\xff")) return sniffed::jpeg;
  if (starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) return sniffed::gif;
  if (b.size() >= 12 && starts_with(b, "RIFF") && b.substr(8, 4) == "WEBP") return sniffed::webp;
  if (starts_with(b, "BM")) return sniffed::bmp;
  if (starts_with(b, std::string_view("II*\0", 4)) || starts_with(b, std::string_view("MM\0*", 4)))
    return sniffed::tiff;
  if (starts_with(b, "%PDF")) return sniffed::pdf;
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp") return sniffed::heif;
  // Text: skip a UTF-8 byte-order mark and white space, then expect markup.
  std::string_view t = b;
  if (t.starts_with("\xef\xbb\xbf")) t.remove_prefix(3);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
  if (!t.starts_with("<")) return sniffed::unknown;
  // The root element decides: look past the prolog (declaration, comments, doctype).
  std::string_view head = t.substr(0, 64 * 1024);
  std::size_t at = 0;
  while ((at = head.find('<', at)) != std::string_view::npos) {
    std::string_view rest = head.substr(at + 1);
    if (rest.starts_with("?") || rest.starts_with("!")) {
      ++at;
      continue;
    }
    bool svg =
        rest.starts_with("svg") && rest.size() > 3 &&
        (std::isspace(static_cast<unsigned char>(rest[3])) || rest[3] == '>' || rest[3] == '/');
    return svg ? sniffed::svg : sniffed::xml;
  }
  return sniffed::xml;
}

std::string_view describe(sniffed kind) {
  switch (kind) {
    case sniffed::png:
      return "a PNG image";
    case sniffed::jpeg:
      return "a JPEG image";
    case sniffed::svg:
      return "an SVG image";
    case sniffed::gif:
      return "a GIF image";
    case sniffed::webp:
      return "a WebP image";
    case sniffed::bmp:
      return "a BMP image";
    case sniffed::tiff:
      return "a TIFF image";
    case sniffed::pdf:
      return "a PDF document";
    case sniffed::heif:
      return "an HEIF/AVIF image";
    case sniffed::xml:
      return "an XML document that is not SVG";
    case sniffed::empty:
      return "empty";
    case sniffed::unknown:
      return "not an image";
  }
  return "";
}

void fail(const source_loc& at, std::string message, std::string hint) {
  throw fatal_error(at, std::move(message), std::move(hint));
}

void check_dimensions(std::int64_t width, std::int64_t height, const image& img,
                      const source_loc& at, const image_limits& limits) {
  if (width <= 0 || height <= 0)
    fail(at, fmt::format("the {} image '{}' has no pixels ({}x{})", upper_name(img.kind), img.name,
                         width, height));
  if (width > limits.max_side || height > limits.max_side || width * height > limits.max_pixels)
    fail(at,
         fmt::format("the {} image '{}' is {}x{} pixels; images are limited to {} pixels a side "
                     "and {} megapixels",
                     upper_name(img.kind), img.name, width, height, limits.max_side,
                     limits.max_pixels / 1'000'000),
         "scale it down before using it in a report");
}

double plausible_dpi(double dpi) {
  // Files often carry a density of 1 (an aspect ratio only) or nonsense; trust 10-5000 dpi.
  return dpi >= 10 && dpi <= 5000 ? dpi : 96;
}

std::string content_id(image_kind kind, std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return fmt::format("{}-{:016x}", to_string(kind), h);
}

}  // namespace detail

std::string_view to_string(image_kind kind) {
  switch (kind) {
    case image_kind::png:
      return "png";
    case image_kind::jpeg:
      return "jpeg";
    case image_kind::svg:
      return "svg";
  }
  return "";
}

image read_image(std::string bytes, std::string_view name, const source_loc& at,
                 const image_limits& limits) {
  using detail::fail;
  using detail::sniffed;
  if (static_cast<std::int64_t>(bytes.size()) > limits.max_file_bytes)
    fail(at, fmt::format("the image '{}' is {} bytes; image files are limited to {} MB", name,
                         bytes.size(), limits.max_file_bytes >> 20));
  sniffed what = detail::sniff(bytes);
  image img;
  img.name = std::string(name);
  switch (what) {
    case sniffed::png:
      img.kind = image_kind::png;
      break;
    case sniffed::jpeg:
      img.kind = image_kind::jpeg;
      break;
    case sniffed::svg:
      img.kind = image_kind::svg;
      break;
    case sniffed::empty:
      fail(at, fmt::format("the image '{}' is empty (0 bytes)", name));
    case sniffed::unknown:
      fail(at, fmt::format("the image '{}' is not a PNG, JPEG or SVG image", name));
    default:
      fail(at,
           fmt::format("the image '{}' is {}, which rapport cannot read", name,
                       detail::describe(what)),
           "convert it to PNG (or JPEG for photos, SVG for drawings)");
  }
  fs::path as_written(name);
  std::string ext = detail::lower(as_written.extension().string());
  if (!detail::extension_fits(img.kind, ext)) {
    fs::path renamed = as_written;
    renamed.replace_extension(detail::usual_extension(img.kind));
    fail(at,
         fmt::format(
             "the image '{}' is {}, but its name {}", name, detail::describe(what),
             ext.empty() ? std::string("has no extension") : fmt::format("ends in '{}'", ext)),
         fmt::format("rename it to '{}'", renamed.string()));
  }
  img.bytes = std::move(bytes);
  switch (img.kind) {
    case image_kind::png:
      detail::read_png(img, at, limits);
      break;
    case image_kind::jpeg:
      detail::read_jpeg(img, at, limits);
      break;
    case image_kind::svg:
      detail::read_svg(img, at, limits);
      break;
  }
  img.id = detail::content_id(img.kind, img.bytes);
  return img;
}

image load_image(const fs::path& file, const source_loc& at, std::string_view name,
                 const image_limits& limits) {
  std::string shown = name.empty() ? file.string() : std::string(name);
  std::error_code ec;
  if (!fs::exists(file, ec))
    detail::fail(at, fmt::format("cannot read the image '{}': no such file", shown));
  if (fs::is_directory(file, ec))
    detail::fail(at, fmt::format("cannot read the image '{}': it is a folder", shown));
  // The size first, so a huge file is refused before it is read into memory.
  std::uintmax_t size = fs::file_size(file, ec);
  if (!ec && size > static_cast<std::uintmax_t>(limits.max_file_bytes))
    detail::fail(at, fmt::format("the image '{}' is {} bytes; image files are limited to {} MB",
                                 shown, size, limits.max_file_bytes >> 20));
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::string reason = detail::lower(std::strerror(errno));
    detail::fail(at, fmt::format("cannot read the image '{}': {}", shown, reason));
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) detail::fail(at, fmt::format("cannot read the image '{}': read error", shown));
  image img = read_image(std::move(bytes), shown, at, limits);
  img.file = file;
  return img;
}

std::shared_ptr<const image> image_cache::load(const fs::path& file, const source_loc& at,
                                               std::string_view name) {
  std::error_code ec;
  fs::path key = fs::weakly_canonical(fs::absolute(file, ec), ec);
  if (ec) key = file.lexically_normal();
  std::lock_guard lock(mutex_);
  if (auto it = images_.find(key); it != images_.end()) return it->second;
  // Loaded under the lock: two threads asking for one logo must not decode it twice.
  auto img = std::make_shared<const image>(load_image(file, at, name, limits_));
  images_.emplace(key, img);
  return img;
}

std::size_t image_cache::size() const {
  std::lock_guard lock(mutex_);
  return images_.size();
}

}  // namespace rapport

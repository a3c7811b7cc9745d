// SVG: refuse references to anything outside the file, parse with librsvg (no base file, so
// it cannot load anything either), take the size from width/height/viewBox; draw as vectors
// onto cairo, or rasterise for backends without vectors.
#include <fmt/format.h>
#include <librsvg/rsvg.h>

#include <cmath>
#include <memory>
#include <optional>

#include "image/image_detail.hpp"
#include "image/svg_handle.hpp"

namespace rapport::detail {

namespace {

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

int line_of(std::string_view text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

bool internal_reference(std::string_view target) {
  while (!target.empty() && std::isspace(static_cast<unsigned char>(target.front())))
    target.remove_prefix(1);
  return target.empty() || target.starts_with("#") || target.starts_with("data:");
}

// Every place an SVG can name another resource: href and xlink:href attributes (on <image>,
// <use>, <xi:include>, <?xml-stylesheet?>), url(...) in styles and attributes, CSS @import,
// and external entities. Anything but a fragment (#id) or a data: URL is refused, so an SVG
// draws the same on every machine and reads no file it was not given.
std::optional<std::pair<std::string, std::size_t>> find_external(std::string_view text) {
  for (std::size_t at = text.find("href"); at != std::string_view::npos;
       at = text.find("href", at + 4)) {
    if (at > 0 && name_char(text[at - 1])) continue;  // part of a longer name
    std::size_t p = at + 4;
    while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
    if (p >= text.size() || text[p] != '=') continue;
    ++p;
    while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
    if (p >= text.size() || (text[p] != '"' && text[p] != '\'')) continue;
    std::size_t end = text.find(text[p], p + 1);
    std::string_view value = text.substr(p + 1, end == std::string_view::npos ? 0 : end - p - 1);
    if (!internal_reference(value)) return std::pair{std::string(value), at};
  }
  for (std::size_t at = text.find("url("); at != std::string_view::npos;
       at = text.find("url(", at + 4)) {
    std::size_t end = text.find(')', at);
    std::string_view value = text.substr(at + 4, end == std::string_view::npos ? 0 : end - at - 4);
    while (!value.empty() && (value.front() == '"' || value.front() == '\'' ||
                              std::isspace(static_cast<unsigned char>(value.front()))))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == '"' || value.back() == '\'' ||
                              std::isspace(static_cast<unsigned char>(value.back()))))
      value.remove_suffix(1);
    if (!internal_reference(value)) return std::pair{std::string(value), at};
  }
  if (std::size_t at = text.find("@import"); at != std::string_view::npos) {
    std::size_t end = text.find_first_of(";\n", at);
    return std::pair{std::string(text.substr(at, end == std::string_view::npos ? 40 : end - at)),
                     at};
  }
  for (std::size_t at = text.find("<!ENTITY"); at != std::string_view::npos;
       at = text.find("<!ENTITY", at + 8)) {
    std::size_t end = text.find('>', at);
    std::string_view decl =
        text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    if (decl.find("SYSTEM") != std::string_view::npos ||
        decl.find("PUBLIC") != std::string_view::npos)
      return std::pair{std::string(decl) + ">", at};
  }
  return std::nullopt;
}

// A length from the root <svg> in points, or nothing for percentages (which need a viewport).
std::optional<double> length_in_points(const RsvgLength& l) {
  switch (l.unit) {
    case RSVG_UNIT_PX:
      return l.length * 0.75;
    case RSVG_UNIT_IN:
      return l.length * 72;
    case RSVG_UNIT_CM:
      return l.length * 72 / 2.54;
    case RSVG_UNIT_MM:
      return l.length * 72 / 25.4;
    case RSVG_UNIT_PT:
      return l.length;
    case RSVG_UNIT_PC:
      return l.length * 12;
    case RSVG_UNIT_EM:
      return l.length * 16 * 0.75;  // CSS's initial font size, 16px
    case RSVG_UNIT_EX:
      return l.length * 8 * 0.75;
    default:
      return std::nullopt;
  }
}

}  // namespace

svg_handle_ptr open_svg(const image& svg, std::string& error) {
  g_object_ptr<GInputStream> stream(g_memory_input_stream_new_from_data(
      svg.bytes.data(), static_cast<gssize>(svg.bytes.size()), nullptr));
  GError* raw_error = nullptr;
  // No base file: librsvg resolves relative references only against one, so with none it
  // can load nothing outside the bytes given (find_external has refused them already).
  svg_handle_ptr handle(rsvg_handle_new_from_stream_sync(
      stream.get(), nullptr, RSVG_HANDLE_FLAGS_NONE, nullptr, &raw_error));
  if (!handle) error = take_message(raw_error, "unknown error");
  return handle;
}

std::string take_message(GError* error, const char* fallback) {
  std::string message = error && error->message ? error->message : fallback;
  if (error) g_error_free(error);
  while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back())))
    message.pop_back();
  return message;
}

void read_svg(image& img, const source_loc& at, const image_limits& limits) {
  if (auto external = find_external(img.bytes)) {
    auto [target, offset] = *external;
    bool remote = target.find("://") != std::string::npos;
    fail(
        at,
        fmt::format("the SVG image '{}' refers to the external {} '{}' (line {})", img.name,
                    remote ? "resource" : "file", target, line_of(img.bytes, offset)),
        "rapport never loads what an SVG links to: embed pictures as data: URLs and styles inline");
  }
  std::string error;
  svg_handle_ptr handle = open_svg(img, error);
  if (!handle) fail(at, fmt::format("the SVG image '{}' is not valid SVG ({})", img.name, error));

  gboolean has_width = false, has_height = false, has_viewbox = false;
  RsvgLength width{}, height{};
  RsvgRectangle viewbox{};
  rsvg_handle_get_intrinsic_dimensions(handle.get(), &has_width, &width, &has_height, &height,
                                       &has_viewbox, &viewbox);
  // 0 = not given as an absolute length (a percentage needs a viewport we do not have).
  double w = has_width ? length_in_points(width).value_or(0) : 0;
  double h = has_height ? length_in_points(height).value_or(0) : 0;
  bool box = has_viewbox && viewbox.width > 0 && viewbox.height > 0;
  // Missing sides come from the viewBox: its aspect ratio for one, its user units (CSS
  // pixels) for both.
  if (w > 0 && !(h > 0) && box) h = w * viewbox.height / viewbox.width;
  if (h > 0 && !(w > 0) && box) w = h * viewbox.width / viewbox.height;
  if (!(w > 0) && !(h > 0) && box) w = viewbox.width * 0.75, h = viewbox.height * 0.75;
  if (!(w > 0) || !(h > 0) || !std::isfinite(w) || !std::isfinite(h))
    fail(at, fmt::format("the SVG image '{}' has no size", img.name),
         "give its <svg> element a width and a height (e.g. 60mm), or a viewBox");
  img.width_pt = w;
  img.height_pt = h;
  img.dpi_x = img.dpi_y = 96;
  img.width_px = static_cast<int>(std::ceil(img.width_pt / 0.75));
  img.height_px = static_cast<int>(std::ceil(img.height_pt / 0.75));
  img.colour = image_colour::rgb;
  img.alpha = true;
  img.bit_depth = 0;
  (void)limits;

  // Render once, small, so errors librsvg finds only while drawing (a broken reference, a
  // limit hit) are reported here, at the definition, and not in a renderer.
  cairo_surface_ptr probe(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 16, 16));
  cairo_ptr cr(cairo_create(probe.get()));
  RsvgRectangle viewport{0, 0, 16, 16};
  GError* raw_error = nullptr;
  if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &raw_error))
    fail(at, fmt::format("the SVG image '{}' cannot be drawn ({})", img.name,
                         take_message(raw_error, "unknown error")));
}

}  // namespace rapport::detail

namespace rapport {

void draw_svg(cairo_t* cr, const image& svg, double x, double y, double width, double height) {
  std::string error;
  detail::svg_handle_ptr handle = detail::open_svg(svg, error);
  if (!handle)
    throw fatal_error({}, fmt::format("the SVG image '{}' is not valid SVG ({})", svg.name, error));
  RsvgRectangle viewport{x, y, width, height};
  GError* raw_error = nullptr;
  if (!rsvg_handle_render_document(handle.get(), cr, &viewport, &raw_error))
    throw fatal_error({}, fmt::format("the SVG image '{}' cannot be drawn ({})", svg.name,
                                      detail::take_message(raw_error, "unknown error")));
}

pixels rasterize_svg(const image& svg, double width_pt, double height_pt, double dpi,
                     const image_limits& limits) {
  std::int64_t w = static_cast<std::int64_t>(std::ceil(width_pt / 72 * dpi));
  std::int64_t h = static_cast<std::int64_t>(std::ceil(height_pt / 72 * dpi));
  detail::check_dimensions(w, h, svg, {}, limits);
  detail::cairo_surface_ptr surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, int(w), int(h)));
  {
    detail::cairo_ptr cr(cairo_create(surface.get()));
    draw_svg(cr.get(), svg, 0, 0, double(w), double(h));
  }
  cairo_surface_flush(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    throw fatal_error({}, fmt::format("cannot rasterise the SVG image '{}': {}", svg.name,
                                      cairo_status_to_string(cairo_surface_status(surface.get()))));
  pixels px;
  px.width = int(w);
  px.height = int(h);
  px.rgba = detail::unpremultiply(surface.get());
  return px;
}

}  // namespace rapport

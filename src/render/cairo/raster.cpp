// render/cairo: the per-page outputs: PNG (an image surface at the requested dpi on white)
// and SVG (one SVG surface per page), both the same bytes for the same page every time.
#include <cairo-svg.h>
#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <map>
#include <stdexcept>

#include "render/cairo/cairo_canvas.hpp"
#include "render/cairo/cairo_detail.hpp"

namespace rapport::render {
namespace detail {
namespace {

// cairo's image surfaces are limited to 32767 pixels a side.
constexpr double max_pixels = 32767;

class png_canvas : public cairo_canvas {
public:
  png_canvas(const page::paged_document& doc, double dpi) : cairo_canvas(doc), scale_(dpi / 72) {
    if (!(dpi > 0) || !std::isfinite(dpi)) {
      throw std::runtime_error(
          fmt::format("cannot render PNG at {} dpi; expected more than 0", dpi));
    }
  }

  void begin_page(const page::page& p) override {
    const double width = std::round(to_pt(p.width) * scale_);
    const double height = std::round(to_pt(p.height) * scale_);
    if (width > max_pixels || height > max_pixels) {
      throw std::runtime_error(
          fmt::format("a page of {:.2f}x{:.2f} pt at {} dpi would be {}x{} pixels, more than "
                      "the {} pixels a side cairo can draw",
                      to_pt(p.width), to_pt(p.height), scale_ * 72, width, height, max_pixels));
    }
    // RGB24 (no alpha channel): the page is opaque white paper, and the PNG is smaller.
    surface_.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, std::max(1, int(width)),
                                              std::max(1, int(height))));
    check(cairo_surface_status(surface_.get()), "creating a PNG page");
    context_.reset(cairo_create(surface_.get()));
    cairo_set_source_rgb(context_.get(), 1, 1, 1);
    cairo_paint(context_.get());
    cairo_scale(context_.get(), scale_, scale_);
    start(context_.get());
  }

  void end_page() override {
    check(cairo_status(context_.get()), "drawing a PNG page");
    context_.reset();
    cairo_surface_flush(surface_.get());
    std::string png;
    check(cairo_surface_write_to_png_stream(surface_.get(), append_to_string, &png),
          "writing a PNG page");
    surface_.reset();
    pages.push_back(std::move(png));
  }

  std::vector<std::string> pages;

private:
  double scale_;
  surface_ptr surface_;
  context_ptr context_;
};

// cairo names an SVG page's group "surface<N>" after a counter shared by every surface the
// process ever made, so the same page would read differently from one render to the next.
// Renumbers them by first appearance (glyphs are outlines, so no text can contain the word).
std::string renumber_surfaces(const std::string& svg) {
  std::string out;
  out.reserve(svg.size());
  std::map<std::string, int, std::less<>> numbers;
  std::size_t copied = 0;
  const std::string word = "surface";
  for (std::size_t at = svg.find(word); at != std::string::npos; at = svg.find(word, at + 1)) {
    std::size_t end = at + word.size();
    while (end < svg.size() && std::isdigit(static_cast<unsigned char>(svg[end]))) ++end;
    if (end == at + word.size()) continue;
    const auto [found, added] =
        numbers.try_emplace(svg.substr(at, end - at), static_cast<int>(numbers.size()) + 1);
    out.append(svg, copied, at - copied);
    out += word + std::to_string(found->second);
    copied = end;
  }
  out.append(svg, copied, std::string::npos);
  return out;
}

class svg_canvas : public cairo_canvas {
public:
  using cairo_canvas::cairo_canvas;

  void begin_page(const page::page& p) override {
    current_.clear();
    surface_.reset(cairo_svg_surface_create_for_stream(append_to_string, &current_, to_pt(p.width),
                                                       to_pt(p.height)));
    check(cairo_surface_status(surface_.get()), "creating an SVG page");
    context_.reset(cairo_create(surface_.get()));
    start(context_.get());
  }

  void end_page() override {
    check(cairo_status(context_.get()), "drawing an SVG page");
    context_.reset();
    cairo_surface_finish(surface_.get());  // writes the document into current_
    check(cairo_surface_status(surface_.get()), "writing an SVG page");
    surface_.reset();
    pages.push_back(renumber_surfaces(current_));
  }

  std::vector<std::string> pages;

private:
  std::string current_;  // declared before the surface, which writes into it until destroyed
  surface_ptr surface_;
  context_ptr context_;
};

}  // namespace
}  // namespace detail

std::vector<std::string> render_png_cairo(const page::paged_document& doc,
                                          const render_options& options) {
  detail::png_canvas target(doc, options.dpi);
  draw(doc, target, options);
  return std::move(target.pages);
}

std::vector<std::string> render_svg_cairo(const page::paged_document& doc,
                                          const render_options& options) {
  detail::svg_canvas target(doc);
  draw(doc, target, options);
  return std::move(target.pages);
}

}  // namespace rapport::render

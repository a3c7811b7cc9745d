// Tests of render_png_cairo and render_svg_cairo: pixel sizes, colours read back, one output
// per selected page.
#include <cairo.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <stdexcept>

#include "../sample_document.hpp"
#include "render/cairo/cairo_canvas.hpp"

namespace rapport::render {
namespace {

// A 200x100 pt page with a red square at (20,20)-(60,60) pt and a blue one on page 2.
page::paged_document squares() {
  page::paged_document doc;
  page::page first{from_pt(200), from_pt(100), "1", {}};
  first.items.push_back(
      page::filled_rect{{from_pt(20), from_pt(20), from_pt(40), from_pt(40)}, colour{255, 0, 0}});
  first.items.push_back(
      page::debug_box{{from_pt(100), from_pt(10), from_pt(50), from_pt(50)}, "cell"});
  doc.pages.push_back(first);
  page::page second{from_pt(100), from_pt(50), "2", {}};
  second.items.push_back(
      page::filled_rect{{from_pt(0), from_pt(0), from_pt(10), from_pt(10)}, colour{0, 0, 255}});
  doc.pages.push_back(second);
  return doc;
}

std::uint32_t big_endian(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

// Width and height from the IHDR chunk, which follows the 8-byte signature.
std::pair<std::uint32_t, std::uint32_t> png_size(const std::string& png) {
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  return {big_endian(png, 16), big_endian(png, 20)};
}

struct read_state {
  const std::string* data;
  std::size_t at = 0;
};

cairo_status_t read_png(void* closure, unsigned char* out, unsigned int length) {
  auto* state = static_cast<read_state*>(closure);
  if (state->at + length > state->data->size()) return CAIRO_STATUS_READ_ERROR;
  std::copy_n(state->data->data() + state->at, length, out);
  state->at += length;
  return CAIRO_STATUS_SUCCESS;
}

// The colour of one pixel as 0xRRGGBB.
std::uint32_t pixel(const std::string& png, int x, int y) {
  read_state state{&png};
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> image(
      cairo_image_surface_create_from_png_stream(read_png, &state), cairo_surface_destroy);
  EXPECT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS);
  const unsigned char* row =
      cairo_image_surface_get_data(image.get()) + y * cairo_image_surface_get_stride(image.get());
  return *reinterpret_cast<const std::uint32_t*>(row + 4 * x) & 0xFFFFFF;
}

TEST(render_png_cairo, makes_one_image_per_page_at_the_requested_dpi) {
  render_options options;
  options.dpi = 72;
  auto pngs = render_png_cairo(squares(), options);
  ASSERT_EQ(pngs.size(), 2u);
  EXPECT_EQ(png_size(pngs[0]), std::make_pair(200u, 100u));
  EXPECT_EQ(png_size(pngs[1]), std::make_pair(100u, 50u));
  options.dpi = 144;
  pngs = render_png_cairo(squares(), options);
  EXPECT_EQ(png_size(pngs[0]), std::make_pair(400u, 200u));
  options.dpi = 96;  // 266.67 x 133.33 pixels, rounded to the nearest
  EXPECT_EQ(png_size(render_png_cairo(squares(), options)[0]), std::make_pair(267u, 133u));
}

TEST(render_png_cairo, paints_white_paper_and_the_page_items_scaled) {
  render_options options;
  options.dpi = 144;
  const auto pngs = render_png_cairo(squares(), options);
  EXPECT_EQ(pixel(pngs[0], 2, 2), 0xFFFFFFu);
  EXPECT_EQ(pixel(pngs[0], 80, 80), 0xFF0000u);   // 40 pt in: inside the square
  EXPECT_EQ(pixel(pngs[0], 130, 80), 0xFFFFFFu);  // 65 pt: past its right edge
  EXPECT_EQ(pixel(pngs[1], 10, 10), 0x0000FFu);
  EXPECT_EQ(pixel(pngs[0], 200, 20), 0xFFFFFFu);  // no debug box unless asked
  options.boxes = true;
  const auto boxed = render_png_cairo(squares(), options);
  EXPECT_NE(pixel(boxed[0], 200, 20), 0xFFFFFFu);  // the cell's top edge at y = 10 pt
}

TEST(render_png_cairo, renders_only_selected_pages_and_the_same_bytes_each_time) {
  render_options options;
  options.pages = {1};
  const auto pngs = render_png_cairo(squares(), options);
  ASSERT_EQ(pngs.size(), 1u);
  EXPECT_EQ(png_size(pngs[0]).first, 133u);  // the 100 pt page at 96 dpi
  EXPECT_EQ(pngs, render_png_cairo(squares(), options));
}

TEST(render_png_cairo, draws_text) {
  render_options options;
  options.dpi = 72;
  auto doc = test::sample_document();
  const auto pngs = render_png_cairo(doc, options);
  ASSERT_EQ(pngs.size(), 2u);
  // The stem of the "D" of the heading: its left edge is at 70.87 + 1.57 pt, 88-100 pt down.
  EXPECT_NE(pixel(pngs[0], 73, 95), 0xFFFFFFu);
}

TEST(render_png_cairo, refuses_impossible_resolutions) {
  render_options options;
  options.dpi = 0;
  EXPECT_THROW(render_png_cairo(squares(), options), std::runtime_error);
  options.dpi = 100000;  // 277 778 pixels wide
  EXPECT_THROW(render_png_cairo(squares(), options), std::runtime_error);
}

TEST(render_svg_cairo, makes_one_svg_document_per_page) {
  const auto svgs = render_svg_cairo(squares());
  ASSERT_EQ(svgs.size(), 2u);
  EXPECT_NE(svgs[0].find("<svg"), std::string::npos);
  EXPECT_NE(svgs[0].find("width=\"200pt\""), std::string::npos) << svgs[0].substr(0, 300);
  EXPECT_NE(svgs[1].find("height=\"50pt\""), std::string::npos) << svgs[1].substr(0, 300);
  EXPECT_NE(svgs[0].find("rgb(100%,0%,0%)"), std::string::npos);
  EXPECT_EQ(svgs[0].find("rgb(0%,0%,100%)"), std::string::npos);
  render_options options;
  options.pages = {0};
  EXPECT_EQ(render_svg_cairo(test::sample_document(), options).size(), 1u);
}

TEST(render_svg_cairo, renders_only_selected_pages_as_they_are_in_the_whole) {
  render_options options;
  options.pages = {1};
  const auto svgs = render_svg_cairo(squares(), options);
  ASSERT_EQ(svgs.size(), 1u);
  EXPECT_NE(svgs[0].find("width=\"100pt\" height=\"50pt\""), std::string::npos);
  EXPECT_NE(svgs[0].find("rgb(0%,0%,100%)"), std::string::npos);
  EXPECT_EQ(svgs[0], render_svg_cairo(squares())[1]);
}

TEST(render_svg_cairo, writes_the_same_bytes_every_time) {
  const auto doc = test::sample_document();
  const auto first = render_svg_cairo(doc);
  EXPECT_NE(first[0].find("id=\"surface1\""), std::string::npos);
  EXPECT_EQ(first, render_svg_cairo(doc));
}

}  // namespace
}  // namespace rapport::render

// Drawing onto cairo: one XObject per image however many pages use it, JPEG embedded as its
// own DCT bytes, SVG as vectors only; raster output gets the right pixels.
#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>

#include <string>

#include "image/image.hpp"
#include "make_images.hpp"

namespace {

using namespace rapport;

const source_loc here{"r.xml", 1, 1};

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A PDF of `pages` pages, each drawing `img` once at a different place.
std::string pdf_with(const image& img, int pages) {
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, 200, 200);
  cairo_t* cr = cairo_create(surface);
  for (int p = 0; p < pages; ++p) {
    draw_image(cr, img, 10 + p, 20, 60, 40);
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  EXPECT_EQ(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(surface);
  return out;
}

int count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

image opaque_png() {
  test::png_spec s;
  s.width = 30;
  s.height = 20;
  for (int y = 0; y < 20; ++y) s.rows.push_back(std::vector<png_byte>(30 * 3, png_byte(y * 10)));
  return read_image(test::write_png(s), "logo.png", here);
}

TEST(draw, png_on_many_pages_is_one_image_xobject) {
  std::string pdf = pdf_with(opaque_png(), 3);
  EXPECT_EQ(count(pdf, "/Type /Page\n") + count(pdf, "/Type /Page "), 3) << "three pages";
  EXPECT_EQ(count(pdf, "/Subtype /Image"), 1);
}

TEST(draw, jpeg_is_embedded_as_its_own_bytes) {
  test::jpeg_spec s;
  s.width = 48;
  s.height = 32;
  image img = read_image(test::write_jpeg(s), "photo.jpg", here);
  std::string pdf = pdf_with(img, 3);
  EXPECT_EQ(count(pdf, "/Subtype /Image"), 1);
  EXPECT_EQ(count(pdf, "/DCTDecode"), 1);
  EXPECT_NE(pdf.find(img.bytes), std::string::npos) << "the JPEG's bytes, unchanged";
}

TEST(draw, svg_adds_no_raster_image) {
  image img = read_image(
      "<svg xmlns='http://www.w3.org/2000/svg' width='60' height='40'><rect width='60' height='40' "
      "fill='#1f4e8c'/><circle cx='30' cy='20' r='10' fill='#f2b705' fill-opacity='0.8'/></svg>",
      "d.svg", here);
  std::string pdf = pdf_with(img, 3);
  EXPECT_EQ(count(pdf, "/Subtype /Image"), 0);
  EXPECT_EQ(count(pdf, "/Subtype /Form"), 1) << "recorded once, used on every page";
}

TEST(draw, raster_output_gets_the_pixels) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 40, 10);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  test::png_spec s;
  s.width = 2;
  s.height = 2;
  s.colour_type = PNG_COLOR_TYPE_RGBA;
  s.rows = {{255, 0, 0, 255, 255, 0, 0, 255}, {255, 0, 0, 255, 255, 0, 0, 255}};
  draw_image(cr, read_image(test::write_png(s), "red.png", here), 0, 0, 10, 10);
  test::jpeg_spec j;
  j.samples.clear();
  for (int i = 0; i < 16 * 8; ++i) j.samples.insert(j.samples.end(), {0, 0, 255});
  draw_image(cr, read_image(test::write_jpeg(j), "blue.jpg", here), 10, 0, 10, 10);
  draw_image(
      cr,
      read_image(
          "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'><rect width='4' height='4' "
          "fill='#00ff00'/></svg>",
          "g.svg", here),
      20, 0, 10, 10);
  cairo_surface_flush(surface);
  auto pixel = [&](int x, int y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(
        cairo_image_surface_get_data(surface) + y * cairo_image_surface_get_stride(surface));
    return row[x] & 0xffffff;
  };
  EXPECT_EQ(pixel(5, 5), 0xff0000u);
  EXPECT_NEAR(int(pixel(15, 5) & 0xff), 255, 3);
  EXPECT_LT(int(pixel(15, 5) >> 16), 4);
  EXPECT_EQ(pixel(25, 5), 0x00ff00u);
  EXPECT_EQ(pixel(35, 5), 0xffffffu);  // nothing drawn there
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
}

TEST(draw, planes_for_pdf_xobjects) {
  pixels px{2, 1, {10, 20, 30, 255, 200, 100, 0, 128}};
  pixel_planes masked = split_planes(px, false, false);
  EXPECT_EQ(masked.components, 3);
  EXPECT_EQ(masked.colour, (std::vector<std::uint8_t>{10, 20, 30, 200, 100, 0}));
  EXPECT_EQ(masked.alpha, (std::vector<std::uint8_t>{255, 128}));
  pixel_planes flat = split_planes(px, false, true);  // PDF/A-1: onto white, no mask
  EXPECT_TRUE(flat.alpha.empty());
  EXPECT_EQ(flat.colour, (std::vector<std::uint8_t>{10, 20, 30, 227, 177, 127}));
  pixel_planes grey = split_planes(pixels{1, 1, {90, 90, 90, 255}}, true, false);
  EXPECT_EQ(grey.components, 1);
  EXPECT_EQ(grey.colour, (std::vector<std::uint8_t>{90}));
  EXPECT_TRUE(grey.alpha.empty());  // opaque: no mask at all
}

}  // namespace

// SVG: size from width/height/viewBox, every kind of external reference refused, broken
// documents reported, and the rasteriser's size and colours.
#include <gtest/gtest.h>

#include "image/image.hpp"

namespace {

using namespace rapport;

const source_loc here{"r.xml", 2, 4};

image svg(const std::string& root_attributes,
          const std::string& body = "<rect width='10' height='10'/>") {
  return read_image(
      "<svg xmlns='http://www.w3.org/2000/svg' " + root_attributes + ">" + body + "</svg>", "d.svg",
      here);
}

std::string error_of(const std::string& text, const std::string& name = "d.svg") {
  try {
    read_image(text, name, here);
  } catch (const fatal_error& e) {
    return to_string(e.what_diagnostic());
  }
  return "no error";
}

TEST(svg, size_from_absolute_units) {
  image mm = svg("width='60mm' height='30mm'");
  EXPECT_EQ(mm.kind, image_kind::svg);
  EXPECT_NEAR(mm.width_pt, 60 * 72 / 25.4, 1e-9);
  EXPECT_NEAR(mm.height_pt, 30 * 72 / 25.4, 1e-9);
  EXPECT_EQ(mm.width_px, 227);  // ceil(170.08 pt / 0.75)
  EXPECT_TRUE(mm.alpha);
  EXPECT_EQ(mm.bit_depth, 0);
  image px = svg("width='200' height='100'");  // user units are CSS pixels, 1/96 in
  EXPECT_DOUBLE_EQ(px.width_pt, 150);
  EXPECT_DOUBLE_EQ(px.height_pt, 75);
  EXPECT_EQ(px.width_px, 200);
  image in = svg("width='2in' height='1pc'");
  EXPECT_DOUBLE_EQ(in.width_pt, 144);
  EXPECT_DOUBLE_EQ(in.height_pt, 12);
}

TEST(svg, size_from_viewbox) {
  image only_box = svg("viewBox='0 0 400 100'");
  EXPECT_DOUBLE_EQ(only_box.width_pt, 300);
  EXPECT_DOUBLE_EQ(only_box.height_pt, 75);
  image percent = svg("width='100%' height='100%' viewBox='10 10 40 20'");
  EXPECT_DOUBLE_EQ(percent.width_pt, 30);
  EXPECT_DOUBLE_EQ(percent.height_pt, 15);
  image one_side = svg("width='80mm' viewBox='0 0 200 100'");  // the box gives the ratio
  EXPECT_NEAR(one_side.height_pt, 40 * 72 / 25.4, 1e-9);
}

TEST(svg, without_size_is_an_error) {
  EXPECT_EQ(error_of("<svg xmlns='http://www.w3.org/2000/svg'><rect width='1' height='1'/></svg>"),
            "r.xml:2:4: error: the SVG image 'd.svg' has no size\n"
            "  hint: give its <svg> element a width and a height (e.g. 60mm), or a viewBox");
  EXPECT_EQ(error_of("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='0'/>"),
            "r.xml:2:4: error: the SVG image 'd.svg' has no size\n"
            "  hint: give its <svg> element a width and a height (e.g. 60mm), or a viewBox");
}

TEST(svg, external_references_are_refused) {
  const std::string hint =
      "\n  hint: rapport never loads what an SVG links to: embed pictures as data: URLs and styles "
      "inline";
  const std::string open =
      "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
      "width='10' height='10'>\n";
  EXPECT_EQ(
      error_of(open + "<image href='photo.jpg' width='5' height='5'/></svg>"),
      "r.xml:2:4: error: the SVG image 'd.svg' refers to the external file 'photo.jpg' (line 2)" +
          hint);
  EXPECT_EQ(error_of(open + "\n<image xlink:href = \"../secret.png\"/></svg>"),
            "r.xml:2:4: error: the SVG image 'd.svg' refers to the external file '../secret.png' "
            "(line 3)" +
                hint);
  EXPECT_EQ(
      error_of(open + "<use href='other.svg#a'/></svg>"),
      "r.xml:2:4: error: the SVG image 'd.svg' refers to the external file 'other.svg#a' (line 2)" +
          hint);
  EXPECT_EQ(error_of(open + "<rect style='fill: url(\"http://example.org/p.svg#g\")'/></svg>"),
            "r.xml:2:4: error: the SVG image 'd.svg' refers to the external resource "
            "'http://example.org/p.svg#g' (line 2)" +
                hint);
  EXPECT_EQ(error_of(open + "<style>@import url(#x); rect { fill: red }</style></svg>"),
            "r.xml:2:4: error: the SVG image 'd.svg' refers to the external file '@import url(#x)' "
            "(line 2)" +
                hint);
  EXPECT_EQ(error_of("<?xml version='1.0'?>\n<?xml-stylesheet href='s.css' type='text/css'?>\n" +
                     open + "</svg>"),
            "r.xml:2:4: error: the SVG image 'd.svg' refers to the external file 's.css' (line 2)" +
                hint);
  EXPECT_EQ(
      error_of("<?xml version='1.0'?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n" +
               open + "<text>&x;</text></svg>"),
      "r.xml:2:4: error: the SVG image 'd.svg' refers to the external resource "
      "'<!ENTITY x SYSTEM 'file:///etc/passwd'>' (line 2)" +
          hint);
}

TEST(svg, internal_references_and_data_urls_are_fine) {
  image ok = svg("xmlns:xlink='http://www.w3.org/1999/xlink' width='10' height='10'",
                 "<defs><linearGradient id='g'><stop offset='0' stop-color='red'/></linearGradient>"
                 "<rect id='r' width='4' height='4'/></defs>"
                 "<use xlink:href='#r'/><rect width='5' height='5' fill='url(#g)'/>"
                 "<image href='data:image/png;base64,iVBORw0KGgo=' width='1' height='1'/>");
  EXPECT_DOUBLE_EQ(ok.width_pt, 7.5);
  // The usual SVG 1.1 doctype names a DTD by URL; librsvg never fetches it, so it is allowed.
  EXPECT_EQ(error_of("<?xml version='1.0'?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
                     "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
                     "<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>"),
            "no error");
}

TEST(svg, broken_documents) {
  std::string truncated =
      "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><rect width='4' he";
  std::string message = error_of(truncated);
  EXPECT_TRUE(message.starts_with("r.xml:2:4: error: the SVG image 'd.svg' is not valid SVG ("))
      << message;
  EXPECT_EQ(error_of("<html><body/></html>", "page.svg"),
            "r.xml:2:4: error: the image 'page.svg' is an XML document that is not SVG, which "
            "rapport cannot read\n"
            "  hint: convert it to PNG (or JPEG for photos, SVG for drawings)");
}

TEST(svg, rasterize_at_a_stated_dpi) {
  image img = svg("width='72pt' height='36pt'",
                  "<rect width='100%' height='100%' fill='#ff0000'/>"
                  "<rect x='50%' width='50%' height='100%' fill='#0000ff' "
                  "fill-opacity='0.5'/>");
  pixels px = rasterize_svg(img, 72, 36, 200);
  EXPECT_EQ(px.width, 200);  // one inch at 200 dpi
  EXPECT_EQ(px.height, 100);
  const std::uint8_t* left = &px.rgba[(50 * 200 + 20) * 4];
  EXPECT_EQ(left[0], 255);
  EXPECT_EQ(left[2], 0);
  EXPECT_EQ(left[3], 255);
  const std::uint8_t* right = &px.rgba[(50 * 200 + 180) * 4];
  EXPECT_NEAR(right[0], 128, 2);  // half blue over red
  EXPECT_NEAR(right[2], 128, 2);
  EXPECT_EQ(right[3], 255);
  pixels small = rasterize_svg(img, 36, 18, 72);  // placed smaller: fewer pixels
  EXPECT_EQ(small.width, 36);
  EXPECT_EQ(small.height, 18);
}

TEST(svg, transparent_background_stays_transparent) {
  image img = svg("width='10' height='10'", "<circle cx='5' cy='5' r='2' fill='black'/>");
  pixels px = rasterize_svg(img, 7.5, 7.5, 96);
  EXPECT_EQ(px.rgba[3], 0);                       // corner: nothing drawn
  EXPECT_EQ(px.rgba[(5 * 10 + 5) * 4 + 3], 255);  // centre: the circle
}

TEST(svg, rasterizing_a_huge_placement_is_refused) {
  image img = svg("width='10' height='10'");
  try {
    rasterize_svg(img, 10000, 10000, 200);
    FAIL() << "expected an error";
  } catch (const fatal_error& e) {
    EXPECT_EQ(to_string(e.what_diagnostic()),
              "<input>: error: the SVG image 'd.svg' is 27778x27778 pixels; images are limited to "
              "20000 pixels "
              "a side and 40 megapixels\n  hint: scale it down before using it in a report");
  }
}

}  // namespace

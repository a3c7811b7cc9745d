// JPEG: the header facts come from libjpeg without decoding; the bytes are kept as-is for
// DCT passthrough; decoding for previews gives the colours that were encoded.
#include <gtest/gtest.h>

#include "image/image.hpp"
#include "make_images.hpp"

namespace {

using namespace rapport;
using test::jpeg_spec;

const source_loc here{"r.xml", 7, 9};

TEST(jpeg, rgb_header_and_bytes_kept_as_is) {
  jpeg_spec s;
  s.width = 40;
  s.height = 24;
  std::string bytes = test::write_jpeg(s);
  image img = read_image(bytes, "photo.jpg", here);
  EXPECT_EQ(img.kind, image_kind::jpeg);
  EXPECT_EQ(img.width_px, 40);
  EXPECT_EQ(img.height_px, 24);
  EXPECT_EQ(img.components, 3);
  EXPECT_EQ(img.colour, image_colour::rgb);
  EXPECT_EQ(img.bit_depth, 8);
  EXPECT_FALSE(img.alpha);
  EXPECT_FALSE(img.interlaced);
  EXPECT_FALSE(img.inverted_cmyk);
  EXPECT_EQ(img.bytes, bytes);            // embedded as written, never re-encoded
  EXPECT_TRUE(img.decoded.rgba.empty());  // and not decoded at load
  EXPECT_TRUE(img.id.starts_with("jpeg-"));
}

TEST(jpeg, grey_and_progressive) {
  jpeg_spec s;
  s.components = 1;
  s.progressive = true;
  image img = read_image(test::write_jpeg(s), "g.jpeg", here);
  EXPECT_EQ(img.colour, image_colour::grey);
  EXPECT_EQ(img.components, 1);
  EXPECT_TRUE(img.interlaced);
}

TEST(jpeg, cmyk_with_adobe_marker_is_inverted) {
  jpeg_spec s;
  s.components = 4;
  image img = read_image(test::write_jpeg(s), "c.jpg", here);
  EXPECT_EQ(img.colour, image_colour::cmyk);
  EXPECT_EQ(img.components, 4);
  EXPECT_TRUE(img.inverted_cmyk);  // libjpeg writes an Adobe marker for CMYK
}

TEST(jpeg, density_gives_points) {
  jpeg_spec s;
  s.width = 600;
  s.height = 300;
  s.density_dpi = 300;
  image img = read_image(test::write_jpeg(s), "d.jpg", here);
  EXPECT_DOUBLE_EQ(img.dpi_x, 300);
  EXPECT_DOUBLE_EQ(img.width_pt, 144);  // two inches
  EXPECT_DOUBLE_EQ(img.height_pt, 72);
  s.density_dpi = 0;  // libjpeg's default JFIF density is 1:1, an aspect ratio only
  image plain = read_image(test::write_jpeg(s), "d.jpg", here);
  EXPECT_DOUBLE_EQ(plain.dpi_x, 96);
  EXPECT_DOUBLE_EQ(plain.width_pt, 450);
}

TEST(jpeg, decode_for_previews) {
  jpeg_spec s;
  s.width = 16;
  s.height = 16;
  s.samples.clear();
  for (int i = 0; i < 16 * 16; ++i) s.samples.insert(s.samples.end(), {200, 40, 90});
  image img = read_image(test::write_jpeg(s), "flat.jpg", here);
  pixels px = decode_jpeg(img);
  ASSERT_EQ(px.width, 16);
  ASSERT_EQ(px.height, 16);
  ASSERT_EQ(px.rgba.size(), 16u * 16 * 4);
  EXPECT_NEAR(px.rgba[0], 200, 3);
  EXPECT_NEAR(px.rgba[1], 40, 3);
  EXPECT_NEAR(px.rgba[2], 90, 3);
  EXPECT_EQ(px.rgba[3], 255);
}

TEST(jpeg, decode_grey_and_cmyk) {
  jpeg_spec grey;
  grey.components = 1;
  grey.samples.assign(16 * 8, 77);
  pixels g = decode_jpeg(read_image(test::write_jpeg(grey), "g.jpg", here));
  EXPECT_NEAR(g.rgba[0], 77, 2);
  EXPECT_NEAR(g.rgba[2], 77, 2);
  jpeg_spec cmyk;
  cmyk.components = 4;
  // Inverted (Adobe) CMYK: 255 = no ink. No cyan, full magenta, no yellow, no black: magenta.
  for (int i = 0; i < 16 * 8; ++i) cmyk.samples.insert(cmyk.samples.end(), {255, 0, 255, 255});
  pixels c = decode_jpeg(read_image(test::write_jpeg(cmyk), "c.jpg", here));
  EXPECT_NEAR(c.rgba[0], 255, 3);
  EXPECT_NEAR(c.rgba[1], 0, 3);
  EXPECT_NEAR(c.rgba[2], 255, 3);
}

TEST(jpeg, arithmetic_coding_is_refused) {
  jpeg_spec s;
  s.arithmetic = true;
  try {
    read_image(test::write_jpeg(s), "a.jpg", here);
    FAIL() << "expected an error";
  } catch (const fatal_error& e) {
    EXPECT_EQ(
        to_string(e.what_diagnostic()),
        "r.xml:7:9: error: the JPEG image 'a.jpg' uses arithmetic coding, which PDF cannot embed\n"
        "  hint: save it again as a baseline or progressive JPEG");
  }
}

TEST(jpeg, decoding_stops_at_a_thousand_scans) {
  jpeg_spec s;
  s.progressive = true;
  std::string jpeg = test::write_jpeg(s);
  // Repeat the last scan until the file has far more scans than any real photo.
  std::size_t last_scan = jpeg.rfind("\xff\xda");
  std::size_t end = jpeg.size() - 2;  // before EOI
  std::string scan = jpeg.substr(last_scan, end - last_scan);
  std::string many = jpeg.substr(0, end);
  for (int i = 0; i < 1100; ++i) many += scan;
  many += "\xff\xd9";
  image img = read_image(many, "scans.jpg", here);  // the header is fine
  try {
    decode_jpeg(img);
    FAIL() << "expected an error";
  } catch (const fatal_error& e) {
    EXPECT_EQ(
        to_string(e.what_diagnostic()),
        "<input>: error: the JPEG image 'scans.jpg' cannot be decoded (more than 1000 scans)");
  }
}

TEST(jpeg, decode_rejects_other_kinds) {
  image svg;
  svg.kind = image_kind::svg;
  svg.name = "x.svg";
  EXPECT_THROW(decode_jpeg(svg), fatal_error);
}

}  // namespace

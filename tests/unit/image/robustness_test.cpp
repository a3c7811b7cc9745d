// Damaged files never crash or hang the stage: every truncation of a small PNG and JPEG, and
// deterministic byte mutations of PNG, JPEG and SVG, end in an image or a fatal_error.
#include <gtest/gtest.h>

#include <random>

#include "image/image.hpp"
#include "make_images.hpp"

namespace {

using namespace rapport;

// Loads, and for a JPEG also decodes (the preview path), catching only our error type: any
// other exception, a crash or a hang fails the test.
void survive(const std::string& bytes, const std::string& name) {
  try {
    image img = read_image(bytes, name, {"r.xml", 1, 1});
    if (img.kind == image_kind::jpeg) (void)decode_jpeg(img);
    if (img.kind == image_kind::svg) (void)rasterize_svg(img, 20, 20, 72);
  } catch (const fatal_error&) {
  }
}

std::string small_png() {
  test::png_spec s;
  s.width = 9;
  s.height = 7;
  s.colour_type = PNG_COLOR_TYPE_RGBA;
  s.interlaced = true;
  for (int y = 0; y < 7; ++y) {
    std::vector<png_byte> row;
    for (int x = 0; x < 9; ++x)
      row.insert(row.end(), {png_byte(x * 28), png_byte(y * 36), 77, png_byte(x * y * 4)});
    s.rows.push_back(row);
  }
  return test::write_png(s);
}

std::string small_jpeg() {
  test::jpeg_spec s;
  s.width = 24;
  s.height = 16;
  s.progressive = true;
  return test::write_jpeg(s);
}

const std::string small_svg =
    "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
    "width='20mm' "
    "height='10mm' viewBox='0 0 20 10'><defs><linearGradient id='g'><stop offset='0' "
    "stop-color='red'/>"
    "<stop offset='1' stop-color='blue'/></linearGradient></defs><rect width='20' height='10' "
    "fill='url(#g)'/>"
    "<use xlink:href='#c' x='3'/><circle id='c' cx='5' cy='5' r='3' opacity='.5'/><text x='2' "
    "y='8'>Å</text></svg>";

TEST(robustness, every_truncation) {
  for (const auto& [bytes, name] :
       {std::pair{small_png(), "t.png"}, std::pair{small_jpeg(), "t.jpg"}})
    for (std::size_t n = 0; n < bytes.size(); ++n) survive(bytes.substr(0, n), name);
}

TEST(robustness, mutated_bytes) {
  std::mt19937 random(20211123);  // fixed: the same cases on every run
  for (const auto& [original, name] :
       {std::pair{small_png(), "m.png"}, std::pair{small_jpeg(), "m.jpg"},
        std::pair{small_svg, "m.svg"}}) {
    for (int round = 0; round < 400; ++round) {
      std::string bytes = original;
      int edits = 1 + int(random() % 4);
      for (int e = 0; e < edits; ++e) {
        std::size_t at = random() % bytes.size();
        switch (random() % 3) {
          case 0:
            bytes[at] = char(random() % 256);
            break;
          case 1:
            bytes.erase(at, 1 + random() % 8);
            break;
          default:
            bytes.insert(at, bytes.substr(random() % bytes.size(), 1 + random() % 16));
            break;
        }
        if (bytes.empty()) bytes = original;
      }
      survive(bytes, name);
    }
  }
}

// Damaged compressed data behind valid CRCs, so libpng's inflate and unfiltering see it.
TEST(robustness, corrupt_png_data_with_valid_crcs) {
  std::mt19937 random(7);
  std::string png = small_png();
  std::size_t idat = png.find("IDAT");
  ASSERT_NE(idat, std::string::npos);
  std::size_t length = std::size_t(std::uint8_t(png[idat - 4])) << 24 |
                       std::size_t(std::uint8_t(png[idat - 3])) << 16 |
                       std::size_t(std::uint8_t(png[idat - 2])) << 8 | std::uint8_t(png[idat - 1]);
  int decoded = 0;
  for (int round = 0; round < 300; ++round) {
    std::string bytes = png;
    for (int e = 0; e < 1 + int(random() % 3); ++e)
      bytes[idat + 4 + random() % length] = char(random() % 256);
    std::string crc = test::be32(test::crc32(bytes.substr(idat, 4 + length)));
    bytes.replace(idat + 4 + length, 4, crc);
    try {
      read_image(bytes, "d.png", {});
      ++decoded;
    } catch (const fatal_error& e) {
      EXPECT_TRUE(e.what_diagnostic().message.starts_with("the PNG image 'd.png' is corrupt ("))
          << e.what();
    }
  }
  EXPECT_LT(decoded, 300) << "some damage must be noticed";
}

}  // namespace

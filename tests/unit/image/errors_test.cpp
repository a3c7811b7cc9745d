// Bad images: each gets one located error with the image's name and an exact message, fast,
// and never a crash or a hang. The committed files in tests/data/images are checked too (the
// end-to-end tests use them); `generate_test.cpp` rewrites them.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>

#include "image/image.hpp"
#include "make_images.hpp"

namespace {

using namespace rapport;
namespace fs = std::filesystem;

const source_loc here{"report.xml", 12, 7};

std::string error_of(const std::function<void()>& load) {
  try {
    load();
  } catch (const fatal_error& e) {
    return to_string(e.what_diagnostic());
  }
  return "no error";
}

std::string read_error(const std::string& bytes, const std::string& name) {
  return error_of([&] { read_image(bytes, name, here); });
}

std::string good_png() {
  test::png_spec s;
  s.width = 64;
  s.height = 64;
  for (int y = 0; y < 64; ++y) {
    std::vector<png_byte> row;
    for (int x = 0; x < 64; ++x)
      row.insert(row.end(), {png_byte(x * 4), png_byte(y * 4), png_byte(x ^ y)});
    s.rows.push_back(row);
  }
  return test::write_png(s);
}

TEST(image_errors, missing_file_and_folder) {
  EXPECT_EQ(error_of([] { load_image("/nonexistent/logo.png", here, "images/logo.png"); }),
            "report.xml:12:7: error: cannot read the image 'images/logo.png': no such file");
  EXPECT_EQ(error_of([] { load_image(fs::temp_directory_path(), here, "images"); }),
            "report.xml:12:7: error: cannot read the image 'images': it is a folder");
}

TEST(image_errors, empty_and_not_an_image) {
  EXPECT_EQ(read_error("", "e.png"),
            "report.xml:12:7: error: the image 'e.png' is empty (0 bytes)");
  EXPECT_EQ(read_error("hello, world", "t.jpg"),
            "report.xml:12:7: error: the image 't.jpg' is not a PNG, JPEG or SVG image");
  EXPECT_EQ(read_error("GIF89a\x01\x00\x01\x00", "a.gif"),
            "report.xml:12:7: error: the image 'a.gif' is a GIF image, which rapport cannot read\n"
            "  hint: convert it to PNG (or JPEG for photos, SVG for drawings)");
  EXPECT_EQ(read_error(std::string("RIFF\0\0\0\0WEBPVP8 ", 16), "a.png"),
            "report.xml:12:7: error: the image 'a.png' is a WebP image, which rapport cannot read\n"
            "  hint: convert it to PNG (or JPEG for photos, SVG for drawings)");
  EXPECT_EQ(
      read_error("%PDF-1.7\n", "a.svg"),
      "report.xml:12:7: error: the image 'a.svg' is a PDF document, which rapport cannot read\n"
      "  hint: convert it to PNG (or JPEG for photos, SVG for drawings)");
}

TEST(image_errors, extension_must_match_content) {
  EXPECT_EQ(read_error(test::write_jpeg({}), "images/logo.png"),
            "report.xml:12:7: error: the image 'images/logo.png' is a JPEG image, but its name "
            "ends in '.png'\n"
            "  hint: rename it to 'images/logo.jpg'");
  EXPECT_EQ(read_error(good_png(), "photo.jpeg"),
            "report.xml:12:7: error: the image 'photo.jpeg' is a PNG image, but its name ends in "
            "'.jpeg'\n"
            "  hint: rename it to 'photo.png'");
  EXPECT_EQ(
      read_error("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>", "chart"),
      "report.xml:12:7: error: the image 'chart' is an SVG image, but its name has no extension\n"
      "  hint: rename it to 'chart.svg'");
}

TEST(image_errors, truncated_and_corrupt_png) {
  std::string png = good_png();
  EXPECT_EQ(read_error(png.substr(0, png.size() / 2), "t.png"),
            "report.xml:12:7: error: the PNG image 't.png' is truncated (the file ends inside the "
            "IDAT chunk)");
  EXPECT_EQ(read_error(png.substr(0, png.size() - 12), "t.png"),
            "report.xml:12:7: error: the PNG image 't.png' is truncated (it has no IEND chunk)");
  EXPECT_EQ(read_error(png.substr(0, 20), "t.png"),
            "report.xml:12:7: error: the PNG image 't.png' is truncated (the file ends inside the "
            "IHDR chunk)");
  std::string flipped = png;
  flipped[png.find("IDAT") + 20] ^= 0x55;  // the CRC no longer matches
  EXPECT_EQ(
      read_error(flipped, "c.png"),
      "report.xml:12:7: error: the PNG image 'c.png' is corrupt (a CRC error in the IDAT chunk)");
  std::string no_ihdr = png;
  no_ihdr.replace(12, 4, "IHDX");
  EXPECT_EQ(read_error(no_ihdr, "c.png"),
            "report.xml:12:7: error: the PNG image 'c.png' is corrupt (it does not start with an "
            "IHDR chunk)");
}

TEST(image_errors, truncated_and_corrupt_jpeg) {
  test::jpeg_spec s;
  s.width = 64;
  s.height = 64;
  std::string jpeg = test::write_jpeg(s);
  EXPECT_EQ(read_error(jpeg.substr(0, jpeg.size() - 40), "t.jpg"),
            "report.xml:12:7: error: the JPEG image 't.jpg' is truncated (it has no end-of-image "
            "marker)");
  EXPECT_EQ(read_error(jpeg.substr(0, 100), "t.jpg"),
            "report.xml:12:7: error: the JPEG image 't.jpg' is truncated (the file ends inside its "
            "header)");
  std::string bad_marker = jpeg;
  std::size_t sof = bad_marker.find("\xff\xc0");
  bad_marker[sof + 4] = 0;  // SOF precision 0
  EXPECT_EQ(read_error(bad_marker, "c.jpg"),
            "report.xml:12:7: error: the JPEG image 'c.jpg' is corrupt (Unsupported JPEG data "
            "precision 0)");
}

TEST(image_errors, bomb_is_refused_fast_without_decoding) {
  std::string bomb = test::png_header_only(100000, 100000);
  auto start = std::chrono::steady_clock::now();
  std::string message = read_error(bomb, "bomb.png");
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(
      message,
      "report.xml:12:7: error: the PNG image 'bomb.png' is 100000x100000 pixels; images are "
      "limited to "
      "20000 pixels a side and 40 megapixels\n  hint: scale it down before using it in a report");
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(took).count(), 50);
  // 7000 × 7000 is under the side limit but over 40 megapixels.
  EXPECT_NE(read_error(test::png_header_only(7000, 7000), "b.png").find("is 7000x7000 pixels"),
            std::string::npos);
  // Tighter limits are honoured.
  image_limits tight;
  tight.max_side = 32;
  EXPECT_THROW(read_image(good_png(), "g.png", here, tight), fatal_error);
  tight.max_side = 64;
  EXPECT_NO_THROW(read_image(good_png(), "g.png", here, tight));
}

TEST(image_errors, jpeg_bomb_refused_by_header) {
  test::jpeg_spec s;
  s.width = 8;
  s.height = 8;
  std::string jpeg = test::write_jpeg(s);
  std::size_t sof = jpeg.find("\xff\xc0");
  // SOF0: FF C0, length (2), precision (1), height (2), width (2): claim 60000 × 60000.
  jpeg[sof + 5] = char(0xea), jpeg[sof + 6] = char(0x60), jpeg[sof + 7] = char(0xea),
             jpeg[sof + 8] = char(0x60);
  EXPECT_EQ(
      read_error(jpeg, "big.jpg"),
      "report.xml:12:7: error: the JPEG image 'big.jpg' is 60000x60000 pixels; images are limited "
      "to "
      "20000 pixels a side and 40 megapixels\n  hint: scale it down before using it in a report");
}

TEST(image_errors, oversized_file) {
  image_limits tiny;
  tiny.max_file_bytes = 1 << 20;
  EXPECT_EQ(error_of([&] { read_image(std::string((1 << 20) + 1, 'x'), "huge.png", here, tiny); }),
            "report.xml:12:7: error: the image 'huge.png' is 1048577 bytes; image files are "
            "limited to 1 MB");
}

// Writes the binary bad files (the SVG ones are hand-written).
void write_bad_files(const fs::path& dir) {
  std::string png = good_png();
  test::write_file(dir / "empty.png", "");
  test::write_file(dir / "truncated.png", png.substr(0, png.size() / 2));
  std::string flipped = png;
  flipped[png.find("IDAT") + 20] ^= 0x55;
  test::write_file(dir / "corrupt.png", flipped);
  test::write_file(dir / "bomb.png", test::png_header_only(100000, 100000));
  test::jpeg_spec s;
  s.width = 64;
  s.height = 64;
  std::string jpeg = test::write_jpeg(s);
  test::write_file(dir / "truncated.jpg", jpeg.substr(0, jpeg.size() - 40));
  std::string bad = jpeg;
  bad[bad.find("\xff\xc0") + 4] = 0;
  test::write_file(dir / "corrupt.jpg", bad);
  test::write_file(dir / "photo-named.png", jpeg);
  test::write_file(dir / "not-an-image.jpg", "This is a text file, not a photo.\n");
}

// Every committed bad file and its exact message (the end-to-end tests reuse these files).
TEST(image_errors, committed_bad_files) {
  fs::path dir = fs::path(RAPPORT_TEST_DIR) / "data" / "images";
  if (const char* update = std::getenv("RAPPORT_UPDATE_IMAGES");
      update && std::string(update) == "1")
    write_bad_files(dir);
  const std::vector<std::pair<std::string, std::string>> cases{
      {"empty.png", "the image 'empty.png' is empty (0 bytes)"},
      {"truncated.png",
       "the PNG image 'truncated.png' is truncated (the file ends inside the IDAT chunk)"},
      {"corrupt.png", "the PNG image 'corrupt.png' is corrupt (a CRC error in the IDAT chunk)"},
      {"bomb.png",
       "the PNG image 'bomb.png' is 100000x100000 pixels; images are limited to 20000 pixels a "
       "side and 40 "
       "megapixels\n  hint: scale it down before using it in a report"},
      {"truncated.jpg",
       "the JPEG image 'truncated.jpg' is truncated (it has no end-of-image marker)"},
      {"corrupt.jpg",
       "the JPEG image 'corrupt.jpg' is corrupt (Unsupported JPEG data precision 0)"},
      {"photo-named.png",
       "the image 'photo-named.png' is a JPEG image, but its name ends in '.png'\n  hint: rename "
       "it to "
       "'photo-named.jpg'"},
      {"not-an-image.jpg", "the image 'not-an-image.jpg' is not a PNG, JPEG or SVG image"},
      {"external.svg",
       "the SVG image 'external.svg' refers to the external file 'photo.jpg' (line 3)\n  hint: "
       "rapport never "
       "loads what an SVG links to: embed pictures as data: URLs and styles inline"},
      {"no-size.svg",
       "the SVG image 'no-size.svg' has no size\n  hint: give its <svg> element a width and a "
       "height (e.g. "
       "60mm), or a viewBox"},
  };
  for (const auto& [file, message] : cases) {
    SCOPED_TRACE(file);
    ASSERT_TRUE(fs::exists(dir / file));
    EXPECT_EQ(error_of([&] { load_image(dir / file, here, file); }),
              "report.xml:12:7: error: " + message);
  }
  std::string broken = error_of([&] { load_image(dir / "broken.svg", here, "broken.svg"); });
  EXPECT_TRUE(
      broken.starts_with("report.xml:12:7: error: the SVG image 'broken.svg' is not valid SVG ("))
      << broken;
}

}  // namespace

// PNG: every colour type and bit depth decodes to the expected straight RGBA, with the header
// facts (size, dpi, alpha, depth, interlace) read right.
#include <gtest/gtest.h>

#include "image/image.hpp"
#include "make_images.hpp"

namespace {

using namespace rapport;
using test::png_spec;

const source_loc here{"r.xml", 3, 5};

// Packs samples of `depth` bits MSB first, as PNG stores them.
std::vector<png_byte> pack(const std::vector<int>& samples, int depth) {
  std::vector<png_byte> out;
  if (depth == 16) {
    for (int s : samples) out.push_back(png_byte(s >> 8)), out.push_back(png_byte(s & 0xff));
    return out;
  }
  int per_byte = 8 / depth, filled = 0;
  png_byte current = 0;
  for (int s : samples) {
    current = png_byte(current | (s << (8 - depth * (filled + 1))));
    if (++filled == per_byte) out.push_back(current), current = 0, filled = 0;
  }
  if (filled) out.push_back(current);
  return out;
}

int sample(int x, int y, int depth) {
  return (x * 3 + y * 5) % (1 << std::min(depth, 8));
}

class grey_depths : public ::testing::TestWithParam<int> {};

TEST_P(grey_depths, scale_to_eight_bits) {
  int depth = GetParam();
  png_spec s;
  s.width = 7;  // not a multiple of the samples per byte
  s.height = 3;
  s.colour_type = PNG_COLOR_TYPE_GRAY;
  s.bit_depth = depth;
  for (int y = 0; y < s.height; ++y) {
    std::vector<int> row;
    for (int x = 0; x < s.width; ++x)
      row.push_back(depth == 16 ? sample(x, y, 8) * 257 : sample(x, y, depth));
    s.rows.push_back(pack(row, depth));
  }
  image img = read_image(test::write_png(s), "grey.png", here);
  EXPECT_EQ(img.kind, image_kind::png);
  EXPECT_EQ(img.colour, image_colour::grey);
  EXPECT_EQ(img.bit_depth, depth);
  EXPECT_FALSE(img.alpha);
  ASSERT_EQ(img.decoded.rgba.size(), 7u * 3 * 4);
  int max = depth == 16 ? 255 : (1 << depth) - 1;
  for (int y = 0; y < s.height; ++y)
    for (int x = 0; x < s.width; ++x) {
      const std::uint8_t* p = &img.decoded.rgba[(y * 7 + x) * 4];
      int expected = sample(x, y, depth == 16 ? 8 : depth) * 255 / max;
      EXPECT_EQ(p[0], expected) << "depth " << depth << " at " << x << "," << y;
      EXPECT_EQ(p[1], expected);
      EXPECT_EQ(p[2], expected);
      EXPECT_EQ(p[3], 255);
    }
}

INSTANTIATE_TEST_SUITE_P(png, grey_depths, ::testing::Values(1, 2, 4, 8, 16));

class palette_depths : public ::testing::TestWithParam<int> {};

TEST_P(palette_depths, expand_with_transparency) {
  int depth = GetParam();
  png_spec s;
  s.width = 5;
  s.height = 2;
  s.colour_type = PNG_COLOR_TYPE_PALETTE;
  s.bit_depth = depth;
  s.palette = {{255, 0, 0}, {0, 128, 255}};
  s.palette_alpha = {64};  // entry 0 is translucent, entry 1 opaque
  for (int y = 0; y < 2; ++y) {
    std::vector<int> row;
    for (int x = 0; x < 5; ++x) row.push_back((x + y) % 2);
    s.rows.push_back(pack(row, depth));
  }
  image img = read_image(test::write_png(s), "p.png", here);
  EXPECT_TRUE(img.palette);
  EXPECT_TRUE(img.alpha);
  EXPECT_EQ(img.colour, image_colour::rgb);
  EXPECT_EQ(img.bit_depth, depth);
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 5; ++x) {
      const std::uint8_t* p = &img.decoded.rgba[(y * 5 + x) * 4];
      bool one = (x + y) % 2;
      EXPECT_EQ(p[0], one ? 0 : 255);
      EXPECT_EQ(p[1], one ? 128 : 0);
      EXPECT_EQ(p[2], one ? 255 : 0);
      EXPECT_EQ(p[3], one ? 255 : 64);  // straight alpha: colour not scaled by it
    }
}

INSTANTIATE_TEST_SUITE_P(png, palette_depths, ::testing::Values(1, 2, 4, 8));

struct colour_case {
  int colour_type;
  int depth;
  int channels;
};

class colour_types : public ::testing::TestWithParam<colour_case> {};

TEST_P(colour_types, decode_to_straight_rgba) {
  auto [type, depth, channels] = GetParam();
  png_spec s;
  s.width = 3;
  s.height = 2;
  s.colour_type = type;
  s.bit_depth = depth;
  // Channel c of pixel i holds 40*i + 10*c + 5, alpha (last channel) 0, 128 or 255.
  auto value = [&](int i, int c) {
    if ((type & PNG_COLOR_MASK_ALPHA) && c == channels - 1)
      return i % 3 == 0 ? 0 : i % 3 == 1 ? 128 : 255;
    return 40 * i + 10 * c + 5;
  };
  for (int y = 0; y < 2; ++y) {
    std::vector<int> row;
    for (int x = 0; x < 3; ++x)
      for (int c = 0; c < channels; ++c)
        row.push_back(depth == 16 ? value(y * 3 + x, c) * 257 : value(y * 3 + x, c));
    s.rows.push_back(pack(row, depth));
  }
  image img = read_image(test::write_png(s), "c.png", here);
  bool colour = type & PNG_COLOR_MASK_COLOR;
  bool alpha = type & PNG_COLOR_MASK_ALPHA;
  EXPECT_EQ(img.colour, colour ? image_colour::rgb : image_colour::grey);
  EXPECT_EQ(img.alpha, alpha);
  EXPECT_EQ(img.bit_depth, depth);
  for (int i = 0; i < 6; ++i) {
    const std::uint8_t* p = &img.decoded.rgba[i * 4];
    int a = alpha ? value(i, channels - 1) : 255;
    EXPECT_EQ(p[3], a) << "pixel " << i;
    if (a == 0) continue;  // colour under zero alpha is undefined
    for (int c = 0; c < 3; ++c)
      EXPECT_NEAR(p[c], value(i, colour ? c : 0), 1) << "pixel " << i << " channel " << c;
  }
}

INSTANTIATE_TEST_SUITE_P(png, colour_types,
                         ::testing::Values(colour_case{PNG_COLOR_TYPE_RGB, 8, 3},
                                           colour_case{PNG_COLOR_TYPE_RGB, 16, 3},
                                           colour_case{PNG_COLOR_TYPE_RGBA, 8, 4},
                                           colour_case{PNG_COLOR_TYPE_RGBA, 16, 4},
                                           colour_case{PNG_COLOR_TYPE_GRAY_ALPHA, 8, 2},
                                           colour_case{PNG_COLOR_TYPE_GRAY_ALPHA, 16, 2}));

TEST(png, interlaced_decodes_like_progressive) {
  png_spec plain;
  plain.width = 13;
  plain.height = 11;
  plain.colour_type = PNG_COLOR_TYPE_RGB;
  for (int y = 0; y < 11; ++y) {
    std::vector<png_byte> row;
    for (int x = 0; x < 13; ++x)
      row.insert(row.end(), {png_byte(x * 19), png_byte(y * 23), png_byte(x * y)});
    plain.rows.push_back(row);
  }
  png_spec interlaced = plain;
  interlaced.interlaced = true;
  image a = read_image(test::write_png(plain), "a.png", here);
  image b = read_image(test::write_png(interlaced), "b.png", here);
  EXPECT_FALSE(a.interlaced);
  EXPECT_TRUE(b.interlaced);
  EXPECT_EQ(a.decoded.rgba, b.decoded.rgba);
  EXPECT_EQ(b.decoded.rgba[(5 * 13 + 7) * 4 + 0], png_byte(7 * 19));
  EXPECT_EQ(b.decoded.rgba[(5 * 13 + 7) * 4 + 1], png_byte(5 * 23));
}

TEST(png, grey_with_trns_key_is_alpha) {
  png_spec s;
  s.width = 2;
  s.height = 1;
  s.colour_type = PNG_COLOR_TYPE_GRAY;
  s.grey_transparent = true;
  s.rows = {{0, 200}};
  image img = read_image(test::write_png(s), "k.png", here);
  EXPECT_TRUE(img.alpha);
  EXPECT_EQ(img.decoded.rgba[3], 0);
  EXPECT_EQ(img.decoded.rgba[4], 200);
  EXPECT_EQ(img.decoded.rgba[7], 255);
}

TEST(png, size_in_points_from_phys_or_96_dpi) {
  png_spec s;
  s.width = 300;
  s.height = 150;
  s.colour_type = PNG_COLOR_TYPE_GRAY;
  s.rows.assign(150, std::vector<png_byte>(300, 128));
  image at96 = read_image(test::write_png(s), "a.png", here);
  EXPECT_EQ(at96.width_px, 300);
  EXPECT_EQ(at96.height_px, 150);
  EXPECT_DOUBLE_EQ(at96.dpi_x, 96);
  EXPECT_DOUBLE_EQ(at96.width_pt, 225);  // 300 px at 96 dpi = 3.125 in
  EXPECT_DOUBLE_EQ(at96.height_pt, 112.5);
  s.pixels_per_metre = 11811;  // 300 dpi
  image at300 = read_image(test::write_png(s), "a.png", here);
  EXPECT_NEAR(at300.dpi_x, 300, 0.01);
  EXPECT_NEAR(at300.width_pt, 72, 0.01);  // one inch
  EXPECT_NEAR(at300.height_pt, 36, 0.01);
}

TEST(png, keeps_the_original_bytes_and_a_content_id) {
  png_spec s;
  s.width = 1;
  s.height = 1;
  s.rows = {{1, 2, 3}};
  std::string bytes = test::write_png(s);
  image img = read_image(bytes, "x.png", here);
  EXPECT_EQ(img.bytes, bytes);
  EXPECT_EQ(img.name, "x.png");
  EXPECT_TRUE(img.id.starts_with("png-")) << img.id;
  EXPECT_EQ(img.id, read_image(bytes, "other.png", here).id);  // the content decides
  s.rows = {{1, 2, 4}};
  EXPECT_NE(img.id, read_image(test::write_png(s), "x.png", here).id);
}

TEST(png, extension_is_case_insensitive) {
  png_spec s;
  s.width = 1;
  s.height = 1;
  s.rows = {{1, 2, 3}};
  EXPECT_NO_THROW(read_image(test::write_png(s), "LOGO.PNG", here));
}

}  // namespace

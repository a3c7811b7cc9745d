// The sample images (samples/images): the PNG logo is the SVG emblem rasterised by this stage,
// the photo is a small generated JPEG. RAPPORT_UPDATE_IMAGES=1 rewrites both:
//   RAPPORT_UPDATE_IMAGES=1 ./build/tests/unit_image --gtest_filter='sample_images.*'
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "image/image.hpp"
#include "make_images.hpp"

namespace {

using namespace rapport;
namespace fs = std::filesystem;

const fs::path folder = fs::path(RAPPORT_SOURCE_DIR) / "samples" / "images";

bool updating() {
  const char* v = std::getenv("RAPPORT_UPDATE_IMAGES");
  return v && std::string(v) == "1";
}

// A photo-like landscape: sky gradient, sun, two ranges of hills, a lake with ripples.
std::vector<std::uint8_t> landscape(int w, int h) {
  std::vector<std::uint8_t> rgb;
  rgb.reserve(std::size_t(w) * h * 3);
  auto mix = [](double a, double b, double t) { return a + (b - a) * t; };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      double fx = double(x) / w, fy = double(y) / h;
      double horizon = 0.62;
      double far_hills =
          horizon - 0.10 - 0.05 * std::sin(fx * 7.0) - 0.03 * std::sin(fx * 17.0 + 1);
      double near_hills = horizon - 0.04 - 0.06 * std::sin(fx * 4.0 + 2) * std::sin(fx * 2.3);
      double r, g, b;
      if (fy < far_hills) {  // sky, lighter towards the horizon, with a warm sun
        double t = fy / horizon;
        r = mix(40, 190, t), g = mix(90, 215, t), b = mix(170, 235, t);
        double d = std::hypot(fx - 0.72, (fy - 0.28) * h / w);
        if (d < 0.05)
          r = 255, g = 236, b = 170;
        else if (d < 0.12) {
          double glow = (0.12 - d) / 0.07;
          r = mix(r, 255, glow * 0.6), g = mix(g, 230, glow * 0.5), b = mix(b, 180, glow * 0.3);
        }
      } else if (fy < near_hills) {
        r = 70, g = 110, b = 120;  // far hills, hazy
      } else if (fy < horizon) {
        double t = (fy - near_hills) / (horizon - near_hills + 1e-9);
        r = mix(40, 30, t), g = mix(95, 70, t), b = mix(55, 45, t);  // forest
      } else {  // the lake reflects the sky, darker and rippled
        double t = (fy - horizon) / (1 - horizon);
        double ripple = 12 * std::sin(fy * 260 + std::sin(fx * 40) * 2);
        r = mix(150, 30, t) + ripple * 0.4, g = mix(185, 70, t) + ripple * 0.5,
        b = mix(215, 120, t) + ripple;
      }
      for (double c : {r, g, b})
        rgb.push_back(static_cast<std::uint8_t>(std::clamp(c, 0.0, 255.0)));
    }
  return rgb;
}

std::string encode_png(const pixels& px) {
  png_image out{};
  out.version = PNG_IMAGE_VERSION;
  out.width = px.width;
  out.height = px.height;
  out.format = PNG_FORMAT_RGBA;
  png_alloc_size_t size = 0;
  EXPECT_TRUE(png_image_write_to_memory(&out, nullptr, &size, 0, px.rgba.data(), 0, nullptr));
  std::string bytes(size, '\0');
  EXPECT_TRUE(png_image_write_to_memory(&out, bytes.data(), &size, 0, px.rgba.data(), 0, nullptr));
  bytes.resize(size);
  return bytes;
}

TEST(sample_images, logo_png_is_the_svg_emblem_rasterised) {
  image svg = load_image(folder / "exempelby.svg", {});
  EXPECT_NEAR(svg.width_pt, 30 * 72 / 25.4, 1e-9);  // 30 × 36 mm
  EXPECT_NEAR(svg.height_pt, 36 * 72 / 25.4, 1e-9);
  pixels raster = rasterize_svg(svg, svg.width_pt, svg.height_pt, 300);
  if (updating()) test::write_file(folder / "exempelby.png", encode_png(raster));
  image png = load_image(folder / "exempelby.png", {});
  ASSERT_EQ(png.width_px, raster.width);
  ASSERT_EQ(png.height_px, raster.height);
  EXPECT_TRUE(png.alpha);  // the shield sits on a transparent background
  std::size_t differing = 0;
  for (std::size_t i = 0; i < raster.rgba.size(); ++i)
    differing += std::abs(int(raster.rgba[i]) - int(png.decoded.rgba[i])) > 8;
  EXPECT_LT(differing, raster.rgba.size() / 200) << "exempelby.png no longer matches exempelby.svg";
  EXPECT_EQ(png.decoded.rgba[3], 0) << "a transparent corner";
  const std::uint8_t* centre =
      &png.decoded.rgba[(std::size_t(png.height_px) / 3 * png.width_px + png.width_px / 2) * 4];
  EXPECT_EQ(centre[3], 255);
  EXPECT_NEAR(centre[0], 0xf2, 4) << "the golden tree";
}

TEST(sample_images, photo_is_a_small_jpeg) {
  const int w = 640, h = 400;
  std::vector<std::uint8_t> rgb = landscape(w, h);
  if (updating()) {
    test::jpeg_spec s;
    s.width = w;
    s.height = h;
    s.samples = rgb;
    s.density_dpi = 150;
    s.quality = 85;
    test::write_file(folder / "landscape.jpg", test::write_jpeg(s));
  }
  EXPECT_LE(fs::file_size(folder / "landscape.jpg"), 60u * 1024);
  image img = load_image(folder / "landscape.jpg", {});
  EXPECT_EQ(img.width_px, w);
  EXPECT_EQ(img.height_px, h);
  EXPECT_DOUBLE_EQ(img.width_pt, 640 * 72.0 / 150);
  pixels px = decode_jpeg(img);
  double error = 0;
  for (std::size_t i = 0, j = 0; i < rgb.size(); i += 3, j += 4)
    for (int c = 0; c < 3; ++c) error += std::abs(int(rgb[i + c]) - int(px.rgba[j + c]));
  EXPECT_LT(error / rgb.size(), 4) << "landscape.jpg no longer matches its generator";
}

TEST(sample_images, diagram_and_emblem_are_clean_svg) {
  for (const char* name : {"exempelby.svg", "organisation.svg"}) {
    SCOPED_TRACE(name);
    image img = load_image(folder / name, {});
    EXPECT_EQ(img.kind, image_kind::svg);
    EXPECT_GT(img.width_pt, 50);
  }
  image chart = load_image(folder / "organisation.svg", {});
  EXPECT_NEAR(chart.width_pt, 160 * 72 / 25.4, 1e-9);
  EXPECT_NEAR(chart.height_pt, 90 * 72 / 25.4, 1e-9);
}

}  // namespace

// The cache: one file, one shared image, however it is spelt; errors are not cached.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "image/image.hpp"
#include "make_images.hpp"

namespace {

using namespace rapport;
namespace fs = std::filesystem;

class cache : public ::testing::Test {
protected:
  fs::path dir = fs::temp_directory_path() / ("rapport-image-" + std::to_string(::getpid()));
  void SetUp() override {
    fs::create_directories(dir / "sub");
    test::png_spec s;
    s.width = 2;
    s.height = 2;
    s.rows = {{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}};
    test::write_file(dir / "logo.png", test::write_png(s));
    s.rows[0][0] = 99;
    test::write_file(dir / "other.png", test::write_png(s));
  }
  void TearDown() override { fs::remove_all(dir); }
};

TEST_F(cache, same_path_gives_the_same_object) {
  image_cache images;
  auto a = images.load(dir / "logo.png", {"r.xml", 1, 1});
  auto b = images.load(dir / "sub" / ".." / "logo.png", {"r.xml", 9, 1});
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(images.size(), 1u);
  auto c = images.load(dir / "other.png", {});
  EXPECT_NE(a.get(), c.get());
  EXPECT_EQ(images.size(), 2u);
  EXPECT_EQ(a->width_px, 2);
  EXPECT_EQ(a->file, dir / "logo.png");
}

TEST_F(cache, a_symlink_is_the_same_file) {
  fs::create_symlink(dir / "logo.png", dir / "link.png");
  image_cache images;
  EXPECT_EQ(images.load(dir / "logo.png", {}).get(), images.load(dir / "link.png", {}).get());
}

TEST_F(cache, forty_five_pages_load_once) {
  image_cache images;
  std::vector<std::shared_ptr<const image>> pages;
  for (int page = 0; page < 45; ++page) pages.push_back(images.load(dir / "logo.png", {}));
  EXPECT_EQ(images.size(), 1u);
  EXPECT_EQ(pages.front().use_count(), 46);  // 45 pages and the cache: one decoded copy
}

TEST_F(cache, errors_are_reported_at_each_reference_and_not_cached) {
  image_cache images;
  auto message = [&](int line) {
    try {
      images.load(dir / "late.png", {"r.xml", line, 3}, "late.png");
    } catch (const fatal_error& e) {
      return to_string(e.what_diagnostic());
    }
    return std::string("loaded");
  };
  EXPECT_EQ(message(4), "r.xml:4:3: error: cannot read the image 'late.png': no such file");
  EXPECT_EQ(message(8), "r.xml:8:3: error: cannot read the image 'late.png': no such file");
  fs::copy_file(dir / "logo.png", dir / "late.png");
  EXPECT_EQ(message(9), "loaded");
  EXPECT_EQ(images.size(), 1u);
}

TEST_F(cache, threads_share_one_load) {
  image_cache images;
  std::vector<const image*> seen(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] { seen[i] = images.load(dir / "logo.png", {}).get(); });
  for (auto& t : threads) t.join();
  for (const image* p : seen) EXPECT_EQ(p, seen[0]);
  EXPECT_EQ(images.size(), 1u);
}

}  // namespace

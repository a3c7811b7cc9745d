// Tests of render/backend_support.hpp: UTC dates, output page numbers, cluster checks.
#include "render/backend_support.hpp"

#include <gtest/gtest.h>

namespace rapport::render::detail {
namespace {

TEST(iso8601_utc, formats_known_instants) {
  EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso8601_utc(1637661900), "2021-11-23T10:05:00Z");
  EXPECT_EQ(iso8601_utc(951782400), "2000-02-29T00:00:00Z");   // a leap day of a 400-year
  EXPECT_EQ(iso8601_utc(4107542399), "2100-02-28T23:59:59Z");  // 2100 is no leap year
  EXPECT_EQ(iso8601_utc(4107542400), "2100-03-01T00:00:00Z");
  EXPECT_EQ(iso8601_utc(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(iso8601_utc(-86400 * 365), "1969-01-01T00:00:00Z");
}

TEST(to_utc, agrees_with_a_day_by_day_count_over_years) {
  // Walk day by day from 1968 to 2032 with a calendar kept by hand.
  const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int year = 1968, month = 1, day = 1;
  for (std::int64_t days = -731; days < 22645; ++days) {
    const utc_time t = to_utc(days * 86400 + 3723);
    ASSERT_EQ(t.year, year) << days;
    ASSERT_EQ(t.month, month) << days;
    ASSERT_EQ(t.day, day) << days;
    ASSERT_EQ(t.hour, 1);
    ASSERT_EQ(t.minute, 2);
    ASSERT_EQ(t.second, 3);
    const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    const int length = month == 2 && leap ? 29 : month_days[month - 1];
    if (++day > length) {
      day = 1;
      if (++month > 12) {
        month = 1;
        ++year;
      }
    }
  }
}

TEST(output_page_numbers, numbers_the_selected_pages_from_one) {
  page::paged_document doc;
  doc.pages.resize(4);
  EXPECT_EQ(output_page_numbers(doc, {}), (std::vector<int>{1, 2, 3, 4}));
  render_options options;
  options.pages = {3, 1};
  EXPECT_EQ(output_page_numbers(doc, options), (std::vector<int>{0, 2, 0, 1}));
}

page::glyph_run run_of(std::string text, int glyphs, std::vector<page::cluster> clusters) {
  page::glyph_run run;
  run.text = std::move(text);
  run.glyphs.resize(glyphs);
  run.clusters = std::move(clusters);
  return run;
}

TEST(usable_clusters, accepts_clusters_that_cover_text_and_glyphs) {
  EXPECT_TRUE(usable_clusters(run_of("på", 2, {{1, 1}, {2, 1}})));
  EXPECT_TRUE(usable_clusters(run_of("fi", 1, {{2, 1}})));         // a ligature
  EXPECT_TRUE(usable_clusters(run_of("a", 2, {{1, 1}, {0, 1}})));  // a glyph with no text
}

TEST(usable_clusters, rejects_clusters_cairo_would_refuse) {
  EXPECT_FALSE(usable_clusters(run_of("på", 2, {})));
  EXPECT_FALSE(usable_clusters(run_of("på", 2, {{1, 1}, {1, 1}})));  // splits the å
  EXPECT_FALSE(usable_clusters(run_of("på", 3, {{1, 1}, {2, 1}})));  // a glyph left over
  EXPECT_FALSE(usable_clusters(run_of("på", 2, {{1, 1}, {3, 1}})));  // past the text
  EXPECT_FALSE(usable_clusters(run_of("ab", 2, {{1, 1}, {0, 0}, {1, 1}})));
  EXPECT_FALSE(usable_clusters(run_of("a\xff", 2, {{1, 1}, {1, 1}})));
  EXPECT_FALSE(usable_clusters(run_of("a", 1, {{65535, 1}})));  // a saturated count (inline.cpp)
}

}  // namespace
}  // namespace rapport::render::detail

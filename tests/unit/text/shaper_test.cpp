// Tests for text/ shaper: HarfBuzz shaping in scaled points, kerning without ligatures, fallback
// fonts with one warning per missing character, non-breaking spaces and the result cache.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "text/text.hpp"

namespace fs = std::filesystem;
using namespace rapport;
using namespace rapport::text;

namespace {

const fs::path fonts_dir = fs::path(RAPPORT_SOURCE_DIR) / "fonts";
const scaled pt11 = from_pt(11);

int count_warnings(const diagnostics& diag) {
  return static_cast<int>(
      std::count_if(diag.all().begin(), diag.all().end(),
                    [](const diagnostic& d) { return d.level == severity::warning; }));
}

scaled sum_of_advances(const shaped_text& t) {
  scaled sum = 0;
  for (const auto& g : t.glyphs) sum += g.advance;
  return sum;
}

}  // namespace

TEST(shaper, widths_are_deterministic_and_add_up) {
  const std::string text = "Årsredovisning 2021: kostnader ökade med 9,7 %";
  font_book book_a({fonts_dir});
  font_book book_b({fonts_dir});
  const font_id fa = book_a.load("dejavu/DejaVuSerif.ttf");
  const font_id fb = book_b.load("dejavu/DejaVuSerif.ttf");
  shaper a(book_a);
  shaper b(book_b);
  const shaped_text& ra = a.shape(text, fa, pt11, "sv");
  const shaped_text& rb = b.shape(text, fb, pt11, "sv");
  ASSERT_EQ(ra.glyphs.size(), rb.glyphs.size());
  for (std::size_t i = 0; i < ra.glyphs.size(); ++i) {
    EXPECT_EQ(ra.glyphs[i].id, rb.glyphs[i].id);
    EXPECT_EQ(ra.glyphs[i].advance, rb.glyphs[i].advance);
    EXPECT_EQ(ra.glyphs[i].cluster, rb.glyphs[i].cluster);
    EXPECT_NE(ra.glyphs[i].id, 0u);
  }
  EXPECT_EQ(ra.width, rb.width);
  EXPECT_EQ(ra.width, sum_of_advances(ra));
  // A serif text of 46 characters at 11 pt is somewhere around 20-30 em wide.
  EXPECT_GT(ra.width, from_pt(11 * 15));
  EXPECT_LT(ra.width, from_pt(11 * 35));
}

TEST(shaper, width_scales_with_size) {
  font_book book({fonts_dir});
  const font_id f = book.load("liberation/LiberationSans-Regular.ttf");
  shaper s(book);
  const scaled w11 = s.shape("Verksamhetsberättelse", f, pt11, "sv").width;
  const scaled w22 = s.shape("Verksamhetsberättelse", f, from_pt(22), "sv").width;
  EXPECT_NE(w11, w22);
  // Each of the 21 advances is rounded on its own: at most half a unit each.
  EXPECT_NEAR(static_cast<double>(w22), 2.0 * static_cast<double>(w11), 21.0);
}

TEST(shaper, kerning_applies) {
  font_book book({fonts_dir});
  const font_id f = book.load("liberation/LiberationSans-Regular.ttf");
  shaper s(book);
  const scaled av = s.shape("AV", f, pt11, "sv").width;
  const scaled a = s.shape("A", f, pt11, "sv").width;
  const scaled v = s.shape("V", f, pt11, "sv").width;
  EXPECT_LT(av, a + v);
  EXPECT_GT(av, a);  // kerned, not collapsed
}

TEST(shaper, ligatures_are_off) {
  font_book book({fonts_dir});
  const font_id f = book.load("dejavu/DejaVuSerif.ttf");
  shaper s(book);
  for (const char* word : {"fil", "affär", "officiell", "ffl"}) {
    const shaped_text& t = s.shape(word, f, pt11, "sv");
    std::size_t chars = 0;
    for (const char* p = word; *p != 0; ++p)
      chars += (static_cast<unsigned char>(*p) & 0xC0) != 0x80;
    EXPECT_EQ(t.glyphs.size(), chars) << word;
  }
}

TEST(shaper, clusters_are_byte_offsets) {
  font_book book({fonts_dir});
  const font_id f = book.load("carlito/Carlito-Regular.ttf");
  shaper s(book);
  const shaped_text& t = s.shape("åäö x", f, pt11, "sv");
  ASSERT_EQ(t.glyphs.size(), 5u);
  const std::vector<std::uint32_t> expected{0, 2, 4, 6, 7};
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(t.glyphs[i].cluster, expected[i]);
  for (const auto& g : t.glyphs) EXPECT_EQ(g.font, f);
}

TEST(shaper, missing_characters_come_from_the_fallback_font) {
  font_book book({fonts_dir});
  const font_id liberation = book.load("liberation/LiberationSans-Regular.ttf");
  const font_id dejavu = book.load("dejavu/DejaVuSans.ttf");
  ASSERT_FALSE(book.has_glyph(liberation, U'\u2713'));
  book.set_fallbacks({dejavu});
  diagnostics diag;
  shaper s(book, &diag);
  const std::string text = "Mål \u2713 klart";
  const shaped_text& t = s.shape(text, liberation, pt11, "sv");
  ASSERT_EQ(t.glyphs.size(), 11u);
  int from_fallback = 0;
  for (const auto& g : t.glyphs) {
    EXPECT_NE(g.id, 0u);
    if (g.cluster == 5) {  // "Mål " is 5 bytes
      EXPECT_EQ(g.font, dejavu);
      ++from_fallback;
    } else {
      EXPECT_EQ(g.font, liberation);
    }
  }
  EXPECT_EQ(from_fallback, 1);
  // Glyphs stay in text order with clusters relative to the whole input.
  for (std::size_t i = 1; i < t.glyphs.size(); ++i)
    EXPECT_LT(t.glyphs[i - 1].cluster, t.glyphs[i].cluster);
  EXPECT_EQ(t.glyphs.back().cluster, text.size() - 1);
  EXPECT_EQ(t.width, sum_of_advances(t));
  EXPECT_EQ(count_warnings(diag), 0);

  // The first fallback that has the character wins.
  const font_id serif = book.load("dejavu/DejaVuSerif.ttf");
  book.set_fallbacks({serif, dejavu});
  shaper s2(book, &diag);
  const shaped_text& t2 = s2.shape("\u2713 \u25CF", liberation, pt11, "sv");
  ASSERT_EQ(t2.glyphs.size(), 3u);
  EXPECT_EQ(t2.glyphs[0].font, dejavu);      // DejaVu Serif lacks the check mark
  EXPECT_EQ(t2.glyphs[2].font, liberation);  // the primary font has the black circle
}

TEST(shaper, a_character_in_no_font_is_reported_once) {
  font_book book({fonts_dir});
  const font_id liberation = book.load("liberation/LiberationSans-Regular.ttf");
  book.set_fallbacks({book.load("dejavu/DejaVuSans.ttf")});
  diagnostics diag;
  shaper s(book, &diag);
  const shaped_text& t = s.shape("a\u4E2D\u4E2Db", liberation, pt11, "sv");
  s.shape("\u4E2D", liberation, pt11, "sv");
  s.shape("x \u4E2D", liberation, from_pt(9), "sv");
  ASSERT_EQ(count_warnings(diag), 1);
  EXPECT_EQ(diag.all()[0].message, "no font has a glyph for U+4E2D '\u4E2D'; it is drawn as a box");
  EXPECT_FALSE(diag.has_errors());
  ASSERT_EQ(t.glyphs.size(), 4u);
  EXPECT_EQ(t.glyphs[1].id, 0u);
  EXPECT_EQ(t.glyphs[1].font, liberation);
  EXPECT_GT(t.glyphs[1].advance, 0);  // the box takes space
  EXPECT_NE(t.glyphs[0].id, 0u);

  // A second missing character gets its own warning.
  s.shape("\u0F00", liberation, pt11, "sv");
  EXPECT_EQ(count_warnings(diag), 2);
}

TEST(shaper, every_run_reports_its_missing_characters_even_from_the_cache) {
  font_book book({fonts_dir});
  const font_id liberation = book.load("liberation/LiberationSans-Regular.ttf");
  shaper s(book);
  for (int run = 0; run < 2; ++run) {
    diagnostics diag;
    s.start_run(&diag);
    s.shape("ett \u4E2D", liberation, pt11, "sv");  // the second run finds it in the cache
    s.shape("\u4E2D", liberation, pt11, "sv");
    EXPECT_EQ(count_warnings(diag), 1) << "run " << run;
    s.start_run(nullptr);
  }
  EXPECT_EQ(s.cache_size(), 2u);
}

TEST(shaper, missing_characters_are_reported_without_fallbacks_too) {
  font_book book({fonts_dir});
  const font_id liberation = book.load("liberation/LiberationSans-Regular.ttf");
  diagnostics diag;
  shaper s(book, &diag);
  const shaped_text& t = s.shape("\u2713", liberation, pt11, "sv");
  ASSERT_EQ(t.glyphs.size(), 1u);
  EXPECT_EQ(t.glyphs[0].id, 0u);
  ASSERT_EQ(count_warnings(diag), 1);
  EXPECT_EQ(diag.all()[0].message, "no font has a glyph for U+2713 '\u2713'; it is drawn as a box");
}

TEST(shaper, non_breaking_spaces_have_space_width) {
  font_book book({fonts_dir});
  diagnostics diag;
  shaper s(book, &diag);
  // Carlito has no U+00A0 glyph at all; HarfBuzz must still give it the space's width.
  for (const char* file : {"carlito/Carlito-Regular.ttf", "liberation/LiberationSans-Regular.ttf",
                           "dejavu/DejaVuSerif.ttf"}) {
    const font_id f = book.load(file);
    const shaped_text space = s.shape(" ", f, pt11, "sv");
    const shaped_text nbsp = s.shape("\u00A0", f, pt11, "sv");
    const shaped_text narrow = s.shape("\u202F", f, pt11, "sv");
    ASSERT_EQ(nbsp.glyphs.size(), 1u) << file;
    EXPECT_NE(nbsp.glyphs[0].id, 0u) << file;
    EXPECT_EQ(nbsp.width, space.width) << file;
    ASSERT_EQ(narrow.glyphs.size(), 1u) << file;
    EXPECT_NE(narrow.glyphs[0].id, 0u) << file;
    EXPECT_GT(narrow.width, 0) << file;
    EXPECT_LE(narrow.width, space.width) << file;
    EXPECT_EQ(s.shape("57\u00A0235", f, pt11, "sv").width, s.shape("57 235", f, pt11, "sv").width)
        << file;
  }
  EXPECT_EQ(count_warnings(diag), 0);
}

TEST(shaper, empty_and_malformed_text) {
  font_book book({fonts_dir});
  const font_id f = book.load("dejavu/DejaVuSans.ttf");
  shaper s(book);
  const shaped_text& empty = s.shape("", f, pt11, "sv");
  EXPECT_TRUE(empty.glyphs.empty());
  EXPECT_EQ(empty.width, 0);
  // Broken UTF-8 shapes as replacement characters rather than failing.
  const shaped_text& broken = s.shape(
      "a\xff\xfe"
      "b",
      f, pt11, "sv");
  EXPECT_EQ(broken.glyphs.size(), 4u);
  EXPECT_GT(broken.width, 0);
  EXPECT_THROW(s.shape("a", 42, pt11, "sv"), fatal_error);
}

TEST(shaper, cache_returns_the_same_result_and_stays_bounded) {
  font_book book({fonts_dir});
  const font_id f = book.load("dejavu/DejaVuSerif.ttf");
  shaper s(book);
  s.set_cache_capacity(8);
  const shaped_text& first = s.shape("budget", f, pt11, "sv");
  const scaled first_width = first.width;
  EXPECT_EQ(&s.shape("budget", f, pt11, "sv"), &first);
  // Size and language are part of the key.
  EXPECT_NE(&s.shape("budget", f, from_pt(12), "sv"), &first);
  EXPECT_NE(&s.shape("budget", f, pt11, "en"), &first);

  // A reference lives through at least `capacity` further misses.
  for (int i = 0; i < 8; ++i) s.shape("ord" + std::to_string(i), f, pt11, "sv");
  EXPECT_EQ(first.width, first_width);
  EXPECT_EQ(&s.shape("budget", f, pt11, "sv"), &first);  // found again, at the same address

  for (int i = 0; i < 1000; ++i) s.shape("word" + std::to_string(i), f, pt11, "sv");
  EXPECT_LE(s.cache_size(), 16u);
  const shaped_text& again = s.shape("budget", f, pt11, "sv");
  EXPECT_EQ(again.width, first_width);
}

// Tests of how layout stores glyphs (page.hpp keeps offsets in 32 bits to save memory): runs
// restart before an offset could overflow, so even an absurdly long line keeps every glyph
// where the pen put it; and pages made from the flow carry each line exactly once.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "definition/definition.hpp"
#include "layout/layout.hpp"

namespace rapport {
namespace {

page::paged_document lay_out_paragraphs(const std::vector<std::string>& texts) {
  diagnostics diag;
  model::document doc;
  doc.style = def::read_layout(std::string(RAPPORT_SOURCE_DIR) + "/layouts/default.xml", diag);
  doc.meta.language = "sv";
  for (const auto& text : texts) {
    model::paragraph p;
    p.text = {model::span{text}};
    doc.blocks.push_back(p);
  }
  page::paged_document pages = lay_out(doc, diag);
  EXPECT_FALSE(diag.has_errors());
  return pages;
}

TEST(glyph_runs, a_line_longer_than_32_768_pt_keeps_its_glyphs_in_order) {
  // 9000 digits in one unbreakable word: about 45 000 pt of text on one overfull line.
  const std::string word(9000, '8');
  const page::paged_document doc = lay_out_paragraphs({word});
  std::string text;
  double last_x = -1;
  std::size_t glyphs = 0, run_count = 0;
  for (const auto& item : doc.pages.at(0).items) {
    const auto* run = std::get_if<page::glyph_run>(&item);
    if (!run || run->text.find('8') == std::string::npos) continue;
    ++run_count;
    text += run->text;
    for (const auto& g : run->glyphs) {
      const double x = to_pt(run->origin.x + g.x);
      EXPECT_GT(x, last_x) << "glyph " << glyphs << " went back (an offset overflowed)";
      last_x = x;
      ++glyphs;
    }
  }
  EXPECT_EQ(text, word);
  EXPECT_EQ(glyphs, word.size());
  EXPECT_GT(run_count, 1u) << "a run this long must have been started again";
  EXPECT_GT(last_x, 32768.0);
}

TEST(glyph_runs, every_line_is_on_exactly_one_page) {
  // Enough numbered paragraphs for several pages: each must appear once, in order.
  std::vector<std::string> texts;
  for (int i = 0; i < 400; ++i) texts.push_back("Stycke " + std::to_string(i) + " om budgetens utfall.");
  const page::paged_document doc = lay_out_paragraphs(texts);
  ASSERT_GT(doc.pages.size(), 3u);
  std::string all;
  for (const auto& p : doc.pages)
    for (const auto& item : p.items)
      if (const auto* run = std::get_if<page::glyph_run>(&item)) all += run->text + "\n";
  std::size_t from = 0;
  for (int i = 0; i < 400; ++i) {
    const std::string needle = "Stycke\u00a0" + std::to_string(i) + " ";
    const std::string plain = "Stycke " + std::to_string(i) + " ";
    std::size_t at = all.find(plain, from);
    if (at == std::string::npos) at = all.find(needle, from);
    ASSERT_NE(at, std::string::npos) << "paragraph " << i << " is missing or out of order";
    EXPECT_EQ(all.find(plain, at + 1), std::string::npos) << "paragraph " << i << " is on two pages";
    from = at + 1;
  }
}

}  // namespace
}  // namespace rapport

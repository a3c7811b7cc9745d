// Tests of block layout and pagination read from the laid-out pages themselves: landscape
// tables, header rows repeated on continued pages, rows kept whole, widows and orphans,
// justified spaces that never stretch past twice their width, and hyphens only where the
// Swedish dictionary allows them.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "definition/definition.hpp"
#include "layout/layout.hpp"
#include "text/text.hpp"

namespace rapport {
namespace {

model::house_style default_style() {
  diagnostics diag;
  model::house_style style =
      def::read_layout(std::string(RAPPORT_SOURCE_DIR) + "/layouts/default.xml", diag);
  EXPECT_FALSE(diag.has_errors());
  return style;
}

page::paged_document lay_out_blocks(std::vector<model::block> blocks,
                                    model::house_style style = default_style()) {
  model::document doc;
  doc.style = std::move(style);
  doc.meta.language = "sv";
  doc.blocks = std::move(blocks);
  diagnostics diag;
  page::paged_document pages = lay_out(doc, diag);
  EXPECT_FALSE(diag.has_errors());
  return pages;
}

std::vector<const page::glyph_run*> runs(const page::page& p) {
  std::vector<const page::glyph_run*> out;
  for (const auto& item : p.items)
    if (const auto* r = std::get_if<page::glyph_run>(&item)) out.push_back(r);
  return out;
}

bool page_has(const page::page& p, const std::string& text) {
  const auto all = runs(p);
  return std::any_of(all.begin(), all.end(), [&](const auto* r) { return r->text == text; });
}

model::heading heading(std::string title, int level = 1) {
  model::heading h;
  h.level = level;
  h.title = {model::span{title}};
  h.id = title;
  return h;
}

model::paragraph paragraph(std::string text) {
  model::paragraph p;
  p.text = {model::span{std::move(text)}};
  return p;
}

model::table_cell cell(std::string text) {
  model::table_cell c;
  c.text = {model::span{std::move(text)}};
  return c;
}

// A table of `rows` body rows under one header row: "Enhet", "Belopp".
model::table numbered_table(int rows, bool landscape = false) {
  model::table t;
  t.columns = {{{}, model::text_align::left, false}, {{}, model::text_align::right, true}};
  t.header_rows.push_back({model::row_kind::header, {cell("Enhet"), cell("Belopp")}});
  for (int r = 1; r <= rows; ++r)
    t.body.push_back({model::row_kind::body, {cell("Enhet " + std::to_string(r)), cell(std::to_string(r * 100))}});
  t.landscape = landscape;
  return t;
}

const std::string swedish_text =
    "Nämndens verksamhetsområden har under perioden arbetat med kvalitetsutveckling, "
    "kompetensförsörjning och digitalisering. Förvaltningsorganisationen har genomfört "
    "omfattande förändringar inom myndighetsutövningen, och socialtjänstlagstiftningen ställer "
    "krav på rättssäkerhet och tillgänglighet. Arbetsmiljöförbättringarna fortsätter under "
    "hösten, liksom uppföljningen av kommunfullmäktiges budgetbeslut och ekonomistyrningen. ";

TEST(Pagination, LandscapeTableTakesItsHeadingAndTextResumesInPortrait) {
  auto pages = lay_out_blocks({heading("Inledning"), paragraph("Före tabellen."), heading("Bred tabell"),
                               numbered_table(5, true), paragraph("Efter tabellen.")});
  ASSERT_EQ(pages.pages.size(), 3u);
  const auto& first = pages.pages[0];
  const auto& turned = pages.pages[1];
  const auto& after = pages.pages[2];
  EXPECT_LT(first.width, first.height);
  EXPECT_GT(turned.width, turned.height);
  EXPECT_LT(after.width, after.height);
  EXPECT_TRUE(page_has(turned, "Enhet 5"));
  // The heading is kept with its table, so it turns with it.
  bool heading_on_turned = false;
  for (const auto* r : runs(turned)) heading_on_turned |= r->text.find("Bred tabell") != std::string::npos;
  EXPECT_TRUE(heading_on_turned);
  EXPECT_TRUE(page_has(after, "Efter tabellen."));
  // The table is laid out for the landscape text area: its right column ends beyond the
  // portrait text width.
  scaled right_edge = 0;
  for (const auto* r : runs(turned)) right_edge = std::max(right_edge, r->origin.x + r->width);
  EXPECT_GT(right_edge, first.width);
}

TEST(Pagination, HeaderRowRepeatsOnEveryPageTheTableContinuesOn) {
  auto pages = lay_out_blocks({heading("Lång tabell"), numbered_table(150)});
  ASSERT_GE(pages.pages.size(), 3u);
  std::map<int, int> row_pages;  // row number → page index
  for (std::size_t p = 0; p < pages.pages.size(); ++p) {
    EXPECT_TRUE(page_has(pages.pages[p], "Enhet")) << "no header row on page " << p + 1;
    for (const auto* r : runs(pages.pages[p]))
      if (r->text.rfind("Enhet ", 0) == 0) row_pages[std::stoi(r->text.substr(6))] = static_cast<int>(p);
  }
  ASSERT_EQ(row_pages.size(), 150u);
  // Rows come in order and each stays on one page with its number cell.
  int last_page = 0;
  for (const auto& [row, page] : row_pages) {
    EXPECT_GE(page, last_page) << "row " << row;
    last_page = page;
    EXPECT_TRUE(page_has(pages.pages[page], std::to_string(row * 100))) << "row " << row;
  }
}

TEST(Pagination, ContinuedHeaderCarriesTheContinuationLabel) {
  model::table t = numbered_table(150);
  t.number = 3;
  t.caption = {model::span{"Lång tabell"}};
  t.continuation_label = "forts.";
  auto pages = lay_out_blocks({t});
  ASSERT_GE(pages.pages.size(), 2u);
  EXPECT_FALSE(page_has(pages.pages[0], "Tabell 3, forts."));
  for (std::size_t p = 1; p < pages.pages.size(); ++p) {
    EXPECT_TRUE(page_has(pages.pages[p], "Tabell 3, forts.")) << "page " << p + 1;
    // The label stands above the repeated header row.
    scaled label_y = 0, header_y = 0;
    for (const auto* r : runs(pages.pages[p])) {
      if (r->text == "Tabell 3, forts.") label_y = r->origin.y;
      if (r->text == "Enhet") header_y = r->origin.y;
    }
    EXPECT_LT(label_y, header_y) << "page " << p + 1;
  }
  // An empty label turns it off.
  t.continuation_label = "";
  auto plain = lay_out_blocks({t});
  for (const auto& p : plain.pages) EXPECT_FALSE(page_has(p, "Tabell 3, forts."));
}

TEST(Pagination, ASpanningCellIsRepeatedOnEveryPageItsRowsReach) {
  model::table t = numbered_table(0);
  for (int group = 1; group <= 5; ++group)
    for (int k = 0; k < 30; ++k) {
      model::table_row row{model::row_kind::body, {}};
      if (k == 0) {
        row.cells.push_back(cell("Grupp " + std::to_string(group)));
        row.cells.back().rowspan = 30;
      }
      row.cells.push_back(cell(std::to_string(group * 100 + k)));
      t.body.push_back(row);
    }
  auto pages = lay_out_blocks({t});
  ASSERT_GE(pages.pages.size(), 3u);
  for (int group = 1; group <= 5; ++group) {
    const std::string label = "Grupp " + std::to_string(group);
    for (std::size_t p = 0; p < pages.pages.size(); ++p) {
      scaled label_x = -1, label_y = 0, first_value_y = -1, value_x = 0;
      for (const auto* r : runs(pages.pages[p])) {
        if (r->text == label) label_x = r->origin.x, label_y = r->origin.y;
        const bool in_group = r->text.size() == 3 && r->text[0] == static_cast<char>('0' + group);
        if (in_group && first_value_y < 0) first_value_y = r->origin.y, value_x = r->origin.x;
      }
      if (first_value_y < 0) {
        EXPECT_LT(label_x, 0) << label << " on page " << p + 1 << " without its rows";
        continue;
      }
      ASSERT_GE(label_x, 0) << label << " missing on page " << p + 1;
      // The label stands at the top of its rows on this page, left of their values.
      EXPECT_EQ(label_y, first_value_y) << label << " on page " << p + 1;
      EXPECT_LT(label_x, value_x);
    }
  }
}

TEST(Pagination, ARowTallerThanAPageIsCutBetweenItsLines) {
  model::table t = numbered_table(2);
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += swedish_text;
  t.body.insert(t.body.begin() + 1, {model::row_kind::body, {cell(long_text), cell("999")}});
  model::house_style style = default_style();
  auto pages = lay_out_blocks({t}, style);
  ASSERT_GE(pages.pages.size(), 3u);
  const scaled bottom = from_pt(style.page.height - style.page.margin_bottom);
  std::size_t lines = 0;
  for (std::size_t p = 0; p < pages.pages.size(); ++p) {
    EXPECT_TRUE(page_has(pages.pages[p], "Enhet")) << "no header row on page " << p + 1;
    for (const auto* r : runs(pages.pages[p])) {
      if (r->size != from_pt(style.style("table").size) || r->text.starts_with("Sida")) continue;
      ++lines;
      EXPECT_LE(r->origin.y, bottom) << "a line runs off page " << p + 1 << ": " << to_pt(r->origin.y) << " " << r->text.substr(0, 20);
    }
  }
  // The rows before and after the tall one keep their order around it.
  EXPECT_TRUE(page_has(pages.pages.front(), "Enhet 1"));
  EXPECT_TRUE(page_has(pages.pages.back(), "Enhet 2"));
  EXPECT_GT(lines, 100u);
}

// Baselines of the body lines of each page, in order.
std::vector<std::vector<scaled>> baselines_per_page(const page::paged_document& doc, scaled size) {
  std::vector<std::vector<scaled>> out;
  for (const auto& p : doc.pages) {
    std::vector<scaled> lines;
    for (const auto* r : runs(p))
      if (r->size == size && (lines.empty() || lines.back() != r->origin.y)) lines.push_back(r->origin.y);
    out.push_back(lines);
  }
  return out;
}

TEST(Pagination, NoWidowOrOrphanLines) {
  std::vector<model::block> blocks{heading("Löptext")};
  std::string long_text;
  for (int i = 0; i < 3; ++i) long_text += swedish_text;
  for (int i = 0; i < 12; ++i) blocks.push_back(paragraph(long_text));
  model::house_style style = default_style();
  auto pages = lay_out_blocks(blocks, style);
  ASSERT_GE(pages.pages.size(), 2u);
  // Each paragraph is long, so every page break falls inside one; count the lines of the
  // paragraph that is cut on each side from the line positions.
  const scaled body_size = from_pt(style.style("body").size);
  const auto lines = baselines_per_page(pages, body_size);
  for (std::size_t p = 0; p + 1 < lines.size(); ++p) {
    ASSERT_FALSE(lines[p].empty());
    ASSERT_FALSE(lines[p + 1].empty());
  }
  // Every paragraph starts after a gap larger than the leading: find those gaps.
  const scaled leading = from_pt(style.style("body").leading);
  for (std::size_t p = 0; p + 1 < lines.size(); ++p) {
    int tail = 0;  // lines at the foot of page p since the last paragraph start
    for (std::size_t i = lines[p].size(); i > 0; --i) {
      ++tail;
      if (i == 1 || lines[p][i - 1] - lines[p][i - 2] > leading + from_pt(0.5)) break;
    }
    int head = 0;  // lines at the top of page p+1 before the next paragraph start
    for (std::size_t i = 0; i < lines[p + 1].size(); ++i) {
      ++head;
      if (i + 1 == lines[p + 1].size() || lines[p + 1][i + 1] - lines[p + 1][i] > leading + from_pt(0.5)) break;
    }
    EXPECT_GE(tail, style.orphans) << "page " << p + 1;
    EXPECT_GE(head, style.widows) << "page " << p + 2;
  }
}

// The advance of every space in a run: from a space glyph to the next glyph (or the run's end).
std::vector<scaled> space_advances(const page::glyph_run& run) {
  std::vector<scaled> out;
  std::size_t byte = 0, glyph = 0;
  for (const auto& c : run.clusters) {
    if (c.bytes == 1 && run.text[byte] == ' ' && c.glyphs == 1) {
      scaled next = glyph + 1 < run.glyphs.size() ? run.glyphs[glyph + 1].x : run.width;
      out.push_back(next - run.glyphs[glyph].x);
    }
    byte += static_cast<std::size_t>(c.bytes);
    glyph += static_cast<std::size_t>(c.glyphs);
  }
  return out;
}

model::house_style narrow_style(model::text_align align) {
  model::house_style style = default_style();
  // A narrow column makes stretching hard: long words leave little to distribute.
  style.page.margin_left = 200;
  style.page.margin_right = 220;
  auto& body = style.styles["body"];
  body.align = align;
  body.hyphenate = true;
  return style;
}

TEST(Typography, JustifiedSpacesStretchToAtMostTwiceTheirWidth) {
  std::vector<model::block> text;
  for (int i = 0; i < 4; ++i) text.push_back(paragraph(swedish_text + swedish_text));
  auto ragged = lay_out_blocks(text, narrow_style(model::text_align::left));
  auto justified = lay_out_blocks(text, narrow_style(model::text_align::justify));
  scaled natural = 0;
  for (const auto& p : ragged.pages)
    for (const auto* r : runs(p))
      for (scaled s : space_advances(*r)) natural = std::max(natural, s);
  ASSERT_GT(natural, 0);
  scaled widest = 0;
  int stretched = 0;
  for (const auto& p : justified.pages)
    for (const auto* r : runs(p))
      for (scaled s : space_advances(*r)) {
        widest = std::max(widest, s);
        stretched += s > natural;
      }
  EXPECT_GT(stretched, 0) << "nothing was justified";
  EXPECT_LE(widest, 2 * natural + from_pt(0.01)) << to_pt(widest) << " pt against " << to_pt(natural);
}

TEST(Typography, HyphensFallOnlyWhereTheSwedishDictionaryAllows) {
  auto dictionary = text::hyphenator::for_language("sv");
  ASSERT_NE(dictionary, nullptr);
  std::vector<model::block> text;
  for (int i = 0; i < 4; ++i) text.push_back(paragraph(swedish_text));
  auto pages = lay_out_blocks(text, narrow_style(model::text_align::justify));
  std::vector<std::string> lines;
  for (const auto& p : pages.pages)
    for (const auto* r : runs(p))
      if (r->size == from_pt(narrow_style(model::text_align::justify).style("body").size)) lines.push_back(r->text);
  int hyphenated = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.size() < 2 || line.back() != '-' || line[line.size() - 2] == ' ') continue;
    ++hyphenated;
    std::string head = line.substr(line.rfind(' ') == std::string::npos ? 0 : line.rfind(' ') + 1);
    head.pop_back();
    std::string tail = lines[i + 1].substr(0, lines[i + 1].find(' '));
    while (!tail.empty() && (tail.back() == '.' || tail.back() == ',')) tail.pop_back();
    const auto points = dictionary->points(head + tail);
    EXPECT_NE(std::find(points.begin(), points.end(), head.size()), points.end())
        << "'" << head << "-" << tail << "' is not a valid break";
  }
  EXPECT_GT(hyphenated, 0) << "a narrow justified column of long Swedish words should hyphenate";
}

}  // namespace
}  // namespace rapport

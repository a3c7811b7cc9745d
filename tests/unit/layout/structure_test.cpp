// Tests of the logical structure the layout gives the pages for tagged PDF: headings H1..H6,
// paragraphs, lists, tables with header cells read once, figures with their text alternative,
// notes, the table of contents as links, artifacts for running lines and decorations, and page
// labels that match the printed page numbers.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "definition/definition.hpp"
#include "layout/layout.hpp"

namespace rapport {
namespace {

using page::role;

model::house_style default_style() {
  diagnostics diag;
  model::house_style style =
      def::read_layout(std::string(RAPPORT_SOURCE_DIR) + "/layouts/default.xml", diag);
  EXPECT_FALSE(diag.has_errors());
  return style;
}

page::paged_document lay_out_document(model::document doc) {
  doc.style = default_style();
  doc.meta.language = "sv";
  doc.meta.title = "Delårsrapport";
  diagnostics diag;
  page::paged_document pages = lay_out(doc, diag);
  EXPECT_FALSE(diag.has_errors());
  return pages;
}

page::paged_document lay_out_blocks(std::vector<model::block> blocks) {
  model::document doc;
  doc.blocks = std::move(blocks);
  return lay_out_document(std::move(doc));
}

model::span span(std::string text) {
  model::span s;
  s.text = std::move(text);
  return s;
}

model::heading heading(std::string title, int level = 1, std::string number = "") {
  model::heading h;
  h.level = level;
  h.number = std::move(number);
  h.title = {span(title)};
  h.id = title;
  return h;
}

model::paragraph paragraph(std::string text) {
  model::paragraph p;
  p.text = {span(std::move(text))};
  return p;
}

model::table_cell cell(std::string text, int colspan = 1) {
  model::table_cell c;
  c.text = {span(std::move(text))};
  c.colspan = colspan;
  return c;
}

model::table numbered_table(int rows) {
  model::table t;
  t.columns = {{{}, model::text_align::left, false}, {{}, model::text_align::right, true}};
  t.header_rows.push_back({model::row_kind::header, {cell("Enhet"), cell("Belopp")}});
  for (int r = 1; r <= rows; ++r)
    t.body.push_back({model::row_kind::body,
                      {cell("Enhet " + std::to_string(r)), cell(std::to_string(r * 100))}});
  t.number = 1;
  t.caption = {span("Enheternas belopp")};
  return t;
}

model::chart bar_chart(std::string alt) {
  model::chart c;
  c.type = model::chart_type::bar;
  c.title = "Avvikelse per verksamhet";
  c.source_line = "Källa: Ekonomisystemet";
  c.alt = std::move(alt);
  c.categories = {"Barn och unga", "Vuxna"};
  model::chart_series s;
  s.label = "Avvikelse";
  s.values = {12, -4};
  s.value_labels = {"12", "-4"};
  c.series = {s};
  c.y.shown = true;
  c.y.min = -10;
  c.y.max = 20;
  c.y.ticks = {{-10, "-10"}, {0, "0"}, {20, "20"}};
  return c;
}

int element_of(const page::item& item) {
  return std::visit(
      [](const auto& it) {
        if constexpr (requires { it.element; }) return it.element;
        return -1;
      },
      item);
}

// The text of the runs of element `e` (not of its children), in page order.
std::string text_of(const page::paged_document& d, int e) {
  std::string out;
  for (const auto& p : d.pages)
    for (const auto& item : p.items)
      if (const auto* r = std::get_if<page::glyph_run>(&item); r && r->element == e)
        out += (out.empty() ? "" : " ") + r->text;
  return out;
}

std::vector<int> children(const page::paged_document& d, int parent) {
  std::vector<int> out;
  for (std::size_t e = 0; e < d.structure.size(); ++e)
    if (d.structure[e].parent == parent) out.push_back(static_cast<int>(e));
  return out;
}

std::vector<role> kinds(const page::paged_document& d, const std::vector<int>& elements) {
  std::vector<role> out;
  for (int e : elements) out.push_back(d.structure[e].kind);
  return out;
}

// The invariants a renderer relies on: parents before children, every item's element exists.
void expect_sound(const page::paged_document& d) {
  for (std::size_t e = 0; e < d.structure.size(); ++e)
    EXPECT_LT(d.structure[e].parent, static_cast<int>(e));
  for (const auto& p : d.pages)
    for (const auto& item : p.items)
      EXPECT_LT(element_of(item), static_cast<int>(d.structure.size()));
}

TEST(Structure, HeadingsAreH1ToH6AndTextIsParagraphs) {
  auto d = lay_out_blocks(
      {heading("Inledning", 1, "1"), paragraph("Nämnden redovisar ett överskott."),
       heading("Bakgrund", 2, "1.1"), heading("Detaljer", 3, "1.1.1"), heading("Djupast", 9)});
  expect_sound(d);
  const auto top = children(d, -1);
  EXPECT_EQ(kinds(d, top), (std::vector<role>{role::heading_1, role::paragraph, role::heading_2,
                                              role::heading_3, role::heading_6}));
  EXPECT_EQ(text_of(d, top[0]), "1 Inledning");
  EXPECT_EQ(text_of(d, top[1]), "Nämnden redovisar ett överskott.");
  EXPECT_EQ(text_of(d, top[3]), "1.1.1 Detaljer");
}

TEST(Structure, RunningLinesAndDecorationsAreArtifacts) {
  auto d =
      lay_out_blocks({heading("Resultat"), paragraph("Text under rubriken."), numbered_table(3)});
  ASSERT_EQ(d.pages.size(), 1u);
  int footers = 0, headers = 0;
  for (const auto& item : d.pages[0].items) {
    if (const auto* r = std::get_if<page::glyph_run>(&item)) {
      // The default layout's running lines: "{title}" left, "{chapter}" right, "Sida N av M".
      const bool running = r->text.rfind("Sida ", 0) == 0 || r->origin.y < from_pt(60);
      if (running) {
        EXPECT_EQ(r->element, -1) << r->text;
        footers += r->text.rfind("Sida ", 0) == 0;
        headers += r->text == "Delårsrapport";
      } else {
        EXPECT_GE(r->element, 0) << "untagged text '" << r->text << "'";
      }
    } else if (std::holds_alternative<page::rule>(item) ||
               std::holds_alternative<page::filled_rect>(item)) {
      EXPECT_EQ(element_of(item), -1) << "rules and shading are decoration";
    }
  }
  EXPECT_EQ(footers, 1);
  EXPECT_EQ(headers, 1);
}

TEST(Structure, ListItemsHaveALabelAndABodyAndNestInTheBody) {
  model::list inner;
  inner.items = {{"–", {span("Inre punkt")}, {}}};
  model::list outer;
  outer.items = {{"1.", {span("Första punkten")}, {}}, {"2.", {span("Andra punkten")}, {inner}}};
  auto d = lay_out_blocks({outer});
  expect_sound(d);
  const auto lists = children(d, -1);
  ASSERT_EQ(kinds(d, lists), std::vector<role>{role::list});
  const auto items = children(d, lists[0]);
  ASSERT_EQ(kinds(d, items), (std::vector<role>{role::list_item, role::list_item}));
  for (int item : items)
    ASSERT_EQ(kinds(d, children(d, item)), (std::vector<role>{role::label, role::list_body}));
  EXPECT_EQ(text_of(d, children(d, items[0])[0]), "1.");
  EXPECT_EQ(text_of(d, children(d, items[1])[1]), "Andra punkten");
  const int body = children(d, items[1])[1];
  const auto nested = children(d, body);
  ASSERT_EQ(kinds(d, nested), std::vector<role>{role::list});
  EXPECT_EQ(text_of(d, children(d, children(d, nested[0])[0])[0]), "–");
}

TEST(Structure, TableHeaderCellsHeadTheirColumnsAndAreReadOnce) {
  auto d = lay_out_blocks({numbered_table(150)});
  expect_sound(d);
  ASSERT_GE(d.pages.size(), 3u);
  const auto top = children(d, -1);
  ASSERT_EQ(kinds(d, {top[0]}), std::vector<role>{role::table});
  const auto parts = children(d, top[0]);
  ASSERT_EQ(kinds(d, parts),
            (std::vector<role>{role::caption, role::table_head, role::table_body}));
  EXPECT_EQ(text_of(d, parts[0]), "Tabell 1: Enheternas belopp");
  const auto header_rows = children(d, parts[1]);
  ASSERT_EQ(header_rows.size(), 1u);
  const auto header_cells = children(d, header_rows[0]);
  ASSERT_EQ(kinds(d, header_cells), (std::vector<role>{role::header_cell, role::header_cell}));
  for (int th : header_cells) EXPECT_EQ(d.structure[th].scope, page::header_scope::column);
  EXPECT_EQ(text_of(d, header_cells[1]), "Belopp");  // once, though every page repeats it
  const auto rows = children(d, parts[2]);
  ASSERT_EQ(rows.size(), 150u);
  const auto last = children(d, rows.back());
  ASSERT_EQ(kinds(d, last), (std::vector<role>{role::data_cell, role::data_cell}));
  EXPECT_EQ(text_of(d, last[0]), "Enhet 150");
  EXPECT_EQ(text_of(d, last[1]), "15000");
  // The repeated header on later pages is there to see, not to read.
  for (std::size_t p = 1; p < d.pages.size(); ++p)
    for (const auto& item : d.pages[p].items)
      if (const auto* r = std::get_if<page::glyph_run>(&item); r && r->text == "Belopp") {
        EXPECT_EQ(r->element, -1) << "page " << p + 1;
      }
}

TEST(Structure, SpanningHeaderCellsCarryTheirSpan) {
  model::table t;
  t.columns = {{{}, model::text_align::left, false},
               {{}, model::text_align::right, true},
               {{}, model::text_align::right, true}};
  t.header_rows.push_back({model::row_kind::header, {cell("Enhet"), cell("Belopp", 2)}});
  t.header_rows.push_back({model::row_kind::header, {cell(""), cell("Budget"), cell("Utfall")}});
  t.body.push_back({model::row_kind::body, {cell("Vuxna"), cell("10"), cell("12")}});
  auto d = lay_out_blocks({t});
  const auto head = children(d, children(d, children(d, -1)[0])[0]);
  ASSERT_EQ(head.size(), 2u);
  const auto first_row = children(d, head[0]);
  ASSERT_EQ(first_row.size(), 2u);
  EXPECT_EQ(d.structure[first_row[1]].column_span, 2);
  EXPECT_EQ(d.structure[first_row[0]].column_span, 1);
  // An empty header cell keeps its place in the row.
  EXPECT_EQ(children(d, head[1]).size(), 3u);
}

TEST(Structure, AChartIsAFigureReadThroughItsTextAlternative) {
  const std::string alt = "Stapeldiagram: Avvikelse per verksamhet. Barn och unga 12, Vuxna −4.";
  auto d = lay_out_blocks({bar_chart(alt), bar_chart("")});
  expect_sound(d);
  const auto top = children(d, -1);
  ASSERT_EQ(kinds(d, top), (std::vector<role>{role::paragraph, role::figure, role::paragraph,
                                              role::paragraph, role::figure, role::paragraph}));
  EXPECT_EQ(text_of(d, top[0]), "Avvikelse per verksamhet");
  EXPECT_EQ(d.structure[top[1]].alt, alt);
  EXPECT_EQ(d.structure[top[4]].alt, "Avvikelse per verksamhet") << "without alt text, the title";
  EXPECT_EQ(text_of(d, top[2]), "Källa: Ekonomisystemet");
  // The bars and the axis labels belong to the figure.
  int paths = 0;
  for (const auto& item : d.pages[0].items)
    if (const auto* p = std::get_if<page::path>(&item)) paths += p->element == top[1];
  EXPECT_GE(paths, 2);
  EXPECT_NE(text_of(d, top[1]).find("Vuxna"), std::string::npos);
}

TEST(Structure, AFootnoteIsANoteInsideTheTextThatRefersToIt) {
  model::paragraph p;
  model::span mark;
  mark.text = "1";
  mark.superscript = true;
  mark.footnote = 1;
  p.text = {span("Uppdraget har delrapporterats"), mark, span(" till nämnden.")};
  model::document doc;
  doc.blocks = {heading("Uppföljning"), p};
  doc.footnotes = {{1, {span("Förvaltningscheferna för FSI")}}};
  auto d = lay_out_document(std::move(doc));
  expect_sound(d);
  const auto top = children(d, -1);
  ASSERT_EQ(kinds(d, top), (std::vector<role>{role::heading_1, role::paragraph}));
  const auto notes = children(d, top[1]);
  ASSERT_EQ(kinds(d, notes), std::vector<role>{role::note});
  EXPECT_NE(text_of(d, notes[0]).find("Förvaltningscheferna"), std::string::npos);
}

TEST(Structure, LinksInTextAreLinkElementsInTheirParagraph) {
  model::paragraph p;
  model::span link;
  link.text = "regeringen.se";
  link.link = "https://www.regeringen.se/";
  p.text = {span("Se "), link, span(" för detaljer.")};
  auto d = lay_out_blocks({p});
  expect_sound(d);
  const auto top = children(d, -1);
  ASSERT_EQ(top.size(), 1u);
  const auto links = children(d, top[0]);
  ASSERT_EQ(kinds(d, links), std::vector<role>{role::link});
  EXPECT_EQ(text_of(d, links[0]), "regeringen.se");
  int annotations = 0;
  for (const auto& item : d.pages[0].items)
    if (const auto* l = std::get_if<page::link>(&item)) annotations += l->element == links[0];
  EXPECT_EQ(annotations, 1);
}

TEST(Structure, TableOfContentsEntriesAreLinksThatSurviveTheNumberingPasses) {
  std::vector<model::block> blocks{model::toc{"Innehåll", 2, {}}};
  // Enough headings and text that the contents' page numbers settle over several passes.
  for (int chapter = 1; chapter <= 12; ++chapter) {
    blocks.push_back(heading("Kapitel " + std::to_string(chapter), 1, std::to_string(chapter)));
    for (int k = 0; k < 6; ++k)
      blocks.push_back(
          paragraph("Nämndens verksamhetsområden har under perioden arbetat med "
                    "kvalitetsutveckling, kompetensförsörjning och digitalisering."));
  }
  // A cover first: the contents' elements do not start at 0, so later passes must renumber.
  model::document doc;
  doc.front = model::cover{{paragraph("Delårsrapport 2021"), paragraph("Socialnämnden")}};
  doc.blocks = blocks;
  auto d = lay_out_document(std::move(doc));
  expect_sound(d);
  const auto all = children(d, -1);
  ASSERT_GE(all.size(), 4u);
  const std::vector<int> top(all.begin() + 2, all.end());
  EXPECT_EQ(kinds(d, {top[0], top[1]}), (std::vector<role>{role::paragraph, role::toc}));
  EXPECT_EQ(text_of(d, top[0]), "Innehåll");
  const auto entries = children(d, top[1]);
  ASSERT_EQ(entries.size(), 12u);
  for (std::size_t k = 0; k < entries.size(); ++k) {
    ASSERT_EQ(kinds(d, {entries[k]}), std::vector<role>{role::toc_item});
    const auto link = children(d, entries[k]);
    ASSERT_EQ(kinds(d, link), std::vector<role>{role::link});
    // Title and page number, but not the dot leaders between them.
    const std::string text = text_of(d, link[0]);
    EXPECT_EQ(text.rfind(std::to_string(k + 1) + " Kapitel " + std::to_string(k + 1), 0), 0u)
        << text;
    EXPECT_EQ(text.find(". ."), std::string::npos) << text;
    int annotations = 0;
    for (const auto& p : d.pages)
      for (const auto& item : p.items)
        if (const auto* l = std::get_if<page::link>(&item)) annotations += l->element == link[0];
    EXPECT_GE(annotations, 1) << text;
  }
}

TEST(Structure, PageLabelsAreWhatTheFootersPrint) {
  model::document doc;
  doc.front = model::cover{{paragraph("Delårsrapport 2021")}};
  for (int k = 0; k < 3; ++k) {
    doc.blocks.push_back(heading("Kapitel " + std::to_string(k + 1)));
    doc.blocks.push_back(model::page_break{});
  }
  auto d = lay_out_document(std::move(doc));
  ASSERT_GE(d.pages.size(), 4u);
  EXPECT_EQ(d.pages[0].label, "Omslag");
  for (std::size_t p = 1; p < d.pages.size(); ++p) {
    EXPECT_EQ(d.pages[p].label, std::to_string(p + 1));
    bool printed = false;
    for (const auto& item : d.pages[p].items)
      if (const auto* r = std::get_if<page::glyph_run>(&item))
        printed |= r->text.rfind("Sida " + d.pages[p].label + " ", 0) == 0;
    EXPECT_TRUE(printed) << "page " << p + 1;
  }
  // The cover's lines are paragraphs of the document too.
  EXPECT_EQ(text_of(d, children(d, -1)[0]), "Delårsrapport 2021");
}

}  // namespace
}  // namespace rapport

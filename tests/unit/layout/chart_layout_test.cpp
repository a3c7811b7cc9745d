// Tests of chart layout: every label is real text in the chart's box, charts sit side by side
// in a row, a chart is never split, and an empty chart shows its placeholder.
#include <gtest/gtest.h>

#include <algorithm>

#include "definition/definition.hpp"
#include "layout/layout.hpp"

namespace rapport {
namespace {

model::house_style default_style() {
  diagnostics diag;
  model::house_style style =
      def::read_layout(std::string(RAPPORT_SOURCE_DIR) + "/layouts/default.xml", diag);
  EXPECT_FALSE(diag.has_errors());
  return style;
}

model::chart_series series(std::string label, std::vector<std::optional<double>> values,
                           colour fill, model::series_kind kind = model::series_kind::bar) {
  model::chart_series s;
  s.label = std::move(label);
  for (const auto& v : values)
    s.value_labels.push_back(v ? std::to_string(static_cast<int>(*v)) : "");
  s.values = std::move(values);
  s.fill = fill;
  s.kind = kind;
  if (kind == model::series_kind::line) s.marker = model::marker_shape::circle;
  return s;
}

model::chart_axis axis(std::vector<double> ticks) {
  model::chart_axis a;
  a.shown = true;
  a.min = ticks.front();
  a.max = ticks.back();
  for (double t : ticks) a.ticks.push_back({t, std::to_string(static_cast<int>(t)) + " tkr"});
  return a;
}

model::chart grouped_chart() {
  model::chart c;
  c.type = model::chart_type::grouped_bar;
  c.title = "Budget och prognos per verksamhet";
  c.source_line = "Källa: Ekonomisystemet";
  c.categories = {"Barn och unga", "Vuxna", "Stöd"};
  c.series = {series("Budget", {120, 80, 60}, {0, 114, 178}),
              series("Prognos", {124, 77, std::nullopt}, {230, 159, 0})};
  c.y = axis({0, 50, 100, 150});
  c.legend = {{"Budget", {0, 114, 178}, model::series_kind::bar, {}, false},
              {"Prognos", {230, 159, 0}, model::series_kind::bar, {}, false}};
  c.data_labels = true;
  return c;
}

struct laid_out {
  page::paged_document pages;
  diagnostics diag;
};

laid_out lay_out_blocks(std::vector<model::block> blocks) {
  model::document doc;
  doc.style = default_style();
  doc.meta.language = "sv";
  doc.blocks = std::move(blocks);
  laid_out out;
  out.pages = lay_out(doc, out.diag);
  return out;
}

std::vector<const page::glyph_run*> runs(const page::page& p) {
  std::vector<const page::glyph_run*> out;
  for (const auto& item : p.items)
    if (const auto* r = std::get_if<page::glyph_run>(&item)) out.push_back(r);
  return out;
}

const page::glyph_run* find_run(const page::page& p, const std::string& text) {
  for (const auto* r : runs(p))
    if (r->text == text) return r;
  return nullptr;
}

std::size_t count_paths(const page::page& p) {
  return static_cast<std::size_t>(std::count_if(p.items.begin(), p.items.end(), [](const auto& i) {
    return std::holds_alternative<page::path>(i);
  }));
}

TEST(ChartLayout, EveryLabelIsText) {
  laid_out r = lay_out_blocks({grouped_chart()});
  ASSERT_FALSE(r.diag.has_errors());
  ASSERT_EQ(r.pages.pages.size(), 1u);
  const auto& p = r.pages.pages[0];
  for (const char* text :
       {"Budget och prognos per verksamhet", "Källa: Ekonomisystemet", "0 tkr", "150 tkr",
        "Barn och unga", "Vuxna", "Stöd", "Budget", "Prognos", "124", "77"})
    EXPECT_NE(find_run(p, text), nullptr) << "missing text '" << text << "'";
  EXPECT_EQ(find_run(p, "60 "), nullptr);
  // Three categories by two series, one missing: five bars, plus gridlines, axis and swatches.
  EXPECT_GE(count_paths(p), 5u + 4u + 1u + 2u);
}

TEST(ChartLayout, TitleAboveTicksLeftOfPlotCategoriesBelowSourceLast) {
  laid_out r = lay_out_blocks({grouped_chart()});
  const auto& p = r.pages.pages[0];
  const auto* title = find_run(p, "Budget och prognos per verksamhet");
  const auto* top_tick = find_run(p, "150 tkr");
  const auto* zero_tick = find_run(p, "0 tkr");
  const auto* category = find_run(p, "Vuxna");
  const auto* legend = find_run(p, "Prognos");
  const auto* source = find_run(p, "Källa: Ekonomisystemet");
  ASSERT_TRUE(title && top_tick && zero_tick && category && legend && source);
  EXPECT_LT(title->origin.y, top_tick->origin.y);
  EXPECT_LT(top_tick->origin.y, zero_tick->origin.y);
  EXPECT_LT(zero_tick->origin.y, category->origin.y);
  EXPECT_LT(category->origin.y, legend->origin.y);
  EXPECT_LT(legend->origin.y, source->origin.y);
  EXPECT_LT(zero_tick->origin.x + zero_tick->width, category->origin.x)
      << "ticks stand left of the plot";
  // Tick labels are right-aligned on one edge.
  EXPECT_NEAR(to_pt(top_tick->origin.x + top_tick->width),
              to_pt(zero_tick->origin.x + zero_tick->width), 0.01);
}

TEST(ChartLayout, HeightIsTheDrawingHeight) {
  model::chart tall = grouped_chart();
  tall.height = 300;
  model::chart small = grouped_chart();
  small.height = 150;
  laid_out a = lay_out_blocks({tall});
  laid_out b = lay_out_blocks({small});
  auto span = [](const page::page& p) {
    return to_pt(find_run(p, "Källa: Ekonomisystemet")->origin.y -
                 find_run(p, "Budget och prognos per verksamhet")->origin.y);
  };
  EXPECT_NEAR(span(a.pages.pages[0]) - span(b.pages.pages[0]), 150, 0.01);
}

TEST(ChartLayout, ChartsInARowSitSideBySide) {
  model::chart left = grouped_chart();
  left.title = "Vänster";
  model::chart right = grouped_chart();
  right.title = "Höger";
  model::chart_row row;
  row.charts = {left, right};
  laid_out r = lay_out_blocks({row});
  ASSERT_EQ(r.pages.pages.size(), 1u);
  const auto& p = r.pages.pages[0];
  const auto* a = find_run(p, "Vänster");
  const auto* b = find_run(p, "Höger");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->origin.y, b->origin.y);
  EXPECT_GT(b->origin.x - a->origin.x, from_pt(200)) << "the second chart starts past the middle";
  // Each chart has its own axis labels.
  auto all = runs(p);
  EXPECT_EQ(std::count_if(all.begin(), all.end(), [](auto* run) { return run->text == "150 tkr"; }),
            2);
}

TEST(ChartLayout, PlotsInARowLineUp) {
  model::chart left = grouped_chart();
  left.categories = {"Myndighet barn och unga", "Ekonomiskt bistånd och försörjningsstöd", "Stöd"};
  model::chart right = grouped_chart();
  right.categories = {"A", "B", "C"};
  right.legend.clear();
  model::chart_row row;
  row.charts = {left, right};
  laid_out r = lay_out_blocks({row});
  const auto& p = r.pages.pages[0];
  std::vector<const page::glyph_run*> zeros, tops;
  for (const auto* run : runs(p)) {
    if (run->text == "0 tkr") zeros.push_back(run);
    if (run->text == "150 tkr") tops.push_back(run);
  }
  ASSERT_EQ(zeros.size(), 2u);
  ASSERT_EQ(tops.size(), 2u);
  EXPECT_EQ(zeros[0]->origin.y, zeros[1]->origin.y)
      << "the wrapped labels of one chart lift both plots";
  EXPECT_EQ(tops[0]->origin.y, tops[1]->origin.y);
  // The left chart's labels wrap, so both plots are shorter than a lone chart's with short labels.
  laid_out alone = lay_out_blocks({right});
  const auto* lone_zero = find_run(alone.pages.pages[0], "0 tkr");
  const auto* lone_top = find_run(alone.pages.pages[0], "150 tkr");
  ASSERT_TRUE(lone_zero && lone_top);
  EXPECT_GT(lone_zero->origin.y - lone_top->origin.y, zeros[1]->origin.y - tops[1]->origin.y);
}

TEST(ChartLayout, AChartIsNeverSplitAcrossPages) {
  std::vector<model::block> blocks;
  for (int i = 0; i < 7; ++i) {
    model::chart c = grouped_chart();
    c.title = "Diagram " + std::to_string(i + 1);
    blocks.push_back(c);
  }
  laid_out r = lay_out_blocks(blocks);
  ASSERT_GE(r.pages.pages.size(), 3u);
  for (int i = 0; i < 7; ++i) {
    int title_page = -1, source_page = -1, seen = 0;
    for (std::size_t pg = 0; pg < r.pages.pages.size(); ++pg) {
      if (find_run(r.pages.pages[pg], "Diagram " + std::to_string(i + 1)))
        title_page = static_cast<int>(pg);
      // The source lines are alike: count them in order to find chart i's.
      for (const auto* run : runs(r.pages.pages[pg]))
        if (run->text == "Källa: Ekonomisystemet" && seen++ == i)
          source_page = static_cast<int>(pg);
    }
    EXPECT_GE(title_page, 0);
    EXPECT_EQ(title_page, source_page) << "chart " << i + 1;
  }
}

TEST(ChartLayout, EmptyChartShowsItsPlaceholder) {
  model::chart c;
  c.title = "Placeringar";
  c.empty_text = "Inga data";
  laid_out r = lay_out_blocks({c});
  const auto& p = r.pages.pages[0];
  EXPECT_NE(find_run(p, "Inga data"), nullptr);
  EXPECT_NE(find_run(p, "Placeringar"), nullptr);
  EXPECT_GE(count_paths(p), 1u);
}

TEST(ChartLayout, WaterfallPieAndHorizontalBarsDraw) {
  model::chart w;
  w.type = model::chart_type::waterfall;
  w.categories = {"Budget", "Barn", "Vuxna", "Prognos"};
  w.steps = {{model::waterfall_step::kind::total, "Budget", 0, 100, "100", {}},
             {model::waterfall_step::kind::increase, "Barn", 100, 120, "+20", {}},
             {model::waterfall_step::kind::decrease, "Vuxna", 120, 90, "-30", {}},
             {model::waterfall_step::kind::total, "Prognos", 0, 90, "90", {}}};
  w.y = axis({0, 50, 100, 150});
  w.data_labels = true;
  model::chart pie;
  pie.type = model::chart_type::pie;
  pie.slices = {{"Familjehem", 3, 0.75, "75 %", {0, 114, 178}},
                {"Jour", 1, 0.25, "25 %", {230, 159, 0}}};
  pie.legend = {{"Familjehem (75 %)", {0, 114, 178}, model::series_kind::bar, {}, false},
                {"Jour (25 %)", {230, 159, 0}, model::series_kind::bar, {}, false}};
  pie.data_labels = true;
  model::chart h = grouped_chart();
  h.type = model::chart_type::hbar;
  laid_out r = lay_out_blocks({w, pie, h});
  ASSERT_FALSE(r.diag.has_errors());
  std::string all;
  for (const auto& p : r.pages.pages)
    for (const auto* run : runs(p)) all += run->text + "|";
  for (const char* text :
       {"+20|", "-30|", "|Prognos|", "Familjehem (75 %)|", "|75 %|", "|Barn och unga|"})
    EXPECT_NE(all.find(text), std::string::npos) << text << " in " << all;
}

TEST(ChartLayout, HorizontalBarsPutCategoriesLeftAndTicksBelow) {
  model::chart h = grouped_chart();
  h.type = model::chart_type::hbar;
  h.legend.clear();
  laid_out r = lay_out_blocks({h});
  const auto& p = r.pages.pages[0];
  const auto* first = find_run(p, "Barn och unga");
  const auto* last = find_run(p, "Stöd");
  const auto* zero = find_run(p, "0 tkr");
  const auto* top = find_run(p, "150 tkr");
  ASSERT_TRUE(first && last && zero && top);
  EXPECT_LT(first->origin.y, last->origin.y) << "categories run from top to bottom";
  EXPECT_EQ(zero->origin.y, top->origin.y) << "ticks share the bottom line";
  EXPECT_GT(zero->origin.y, last->origin.y);
  EXPECT_LT(first->origin.x + first->width, zero->origin.x + zero->width);
}

}  // namespace
}  // namespace rapport

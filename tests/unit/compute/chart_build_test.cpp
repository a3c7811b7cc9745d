// Tests of resolving <chart> definitions against data: rows, series, axes, labels, errors.
#include <gtest/gtest.h>

#include <algorithm>

#include "compute/compute.hpp"

namespace rapport {
namespace {

value num(double v) {
  return value(v);
}

/// A definition with one data source, "verksamheter", and the charts a test adds.
struct fixture {
  def::report_definition definition;
  dataset data;
  model::house_style style;
  diagnostics diag;

  fixture() {
    definition.file = "report.xml";
    def::data_source source;
    source.kind = "csv";
    source.name = "verksamheter";
    definition.sources.push_back(source);
    data_table t;
    t.name = "verksamheter";
    t.columns = {"verksamhet", "budget", "prognos", "andel"};
    t.rows = {{value("Barn och unga"), num(120), num(123.7), num(3.1)},
              {value("Vuxna"), num(80), num(76.8), num(-4.0)},
              {value("Ekonomiskt bistånd"), num(60), num(47.7), num(-20.5)},
              {value("Totalt"), num(260), num(227.8), num(-12.4)}};
    for (int i = 0; i < 4; ++i) t.row_locs.push_back({"verksamheter.csv", i + 2, 0});
    data.tables["verksamheter"] = t;
  }

  def::chart chart(std::string type) {
    def::chart c;
    c.type = std::move(type);
    c.source = "verksamheter";
    c.category = "verksamhet";
    c.loc = {"report.xml", 10, 3};
    return c;
  }

  static def::series field(std::string name, std::string label = {}, int line = 11) {
    def::series s;
    s.field = name;
    s.label = label.empty() ? name : label;
    s.loc = {"report.xml", line, 5};
    return s;
  }

  static def::series expr(std::string text, std::string label, int line = 12) {
    def::series s;
    s.expr = std::move(text);
    s.expr_loc = {"report.xml", line, 20};
    s.label = std::move(label);
    s.loc = {"report.xml", line, 5};
    return s;
  }

  model::document build(def::block block) {
    definition.body = {std::move(block)};
    return build_document(definition, style, data, {}, diag);
  }

  /// The one chart the document holds (fails the test when there is none).
  model::chart only_chart(const model::document& doc) {
    for (const auto& b : doc.blocks)
      if (const auto* c = std::get_if<model::chart>(&b)) return *c;
    ADD_FAILURE() << "no chart in the document";
    return {};
  }

  std::string messages() const {
    std::string out;
    for (const auto& d : diag.all()) out += to_string(d) + "\n";
    return out;
  }
};

TEST(ChartBuild, PercentBarsWithSwedishLabels) {
  fixture f;
  def::chart c = f.chart("bar");
  c.title = "Avvikelse per verksamhet";
  c.y_format = "pct1";
  c.series_list.push_back(fixture::field("andel", "Avvikelse"));
  model::chart chart = f.only_chart(f.build({c}));
  ASSERT_FALSE(f.diag.has_errors()) << f.messages();
  EXPECT_EQ(chart.type, model::chart_type::bar);
  EXPECT_EQ(chart.title, "Avvikelse per verksamhet");
  EXPECT_EQ(chart.categories,
            (std::vector<std::string>{"Barn och unga", "Vuxna", "Ekonomiskt bistånd", "Totalt"}));
  ASSERT_EQ(chart.series.size(), 1u);
  EXPECT_EQ(chart.series[0].value_labels[3], "-12,4 %");
  EXPECT_EQ(chart.series[0].value_labels[0], "3,1 %");
  // -20,5 .. 3,1 with zero: steps of 5 from -25 to 5, labels without needless decimals.
  std::vector<std::string> ticks;
  for (const auto& t : chart.y.ticks) ticks.push_back(t.label);
  EXPECT_EQ(ticks,
            (std::vector<std::string>{"-25 %", "-20 %", "-15 %", "-10 %", "-5 %", "0 %", "5 %"}));
  EXPECT_FALSE(chart.y2.shown);
  EXPECT_TRUE(chart.legend.empty()) << "one series needs no legend";
  EXPECT_EQ(chart.series[0].fill, (colour{0x00, 0x72, 0xB2})) << "the Okabe-Ito palette by default";
  EXPECT_NE(chart.alt.find("-20,5 % (Ekonomiskt bistånd)"), std::string::npos) << chart.alt;
}

TEST(ChartBuild, ExpressionSeriesFollowFilterAndSort) {
  fixture f;
  def::chart c = f.chart("grouped-bar");
  c.filter = "verksamhet != 'Totalt'";
  c.filter_loc = {"report.xml", 10, 40};
  c.sort = "-budget";
  c.series_list.push_back(fixture::field("budget", "Budget"));
  c.series_list.push_back(fixture::expr("prognos - budget", "Avvikelse"));
  model::chart chart = f.only_chart(f.build({c}));
  ASSERT_FALSE(f.diag.has_errors()) << f.messages();
  EXPECT_EQ(chart.categories,
            (std::vector<std::string>{"Barn och unga", "Vuxna", "Ekonomiskt bistånd"}));
  ASSERT_EQ(chart.series.size(), 2u);
  EXPECT_NEAR(*chart.series[1].values[2], -12.3, 1e-9);
  EXPECT_EQ(chart.series[1].value_labels[2], "-12,3");
  EXPECT_EQ(chart.series[0].value_labels[0], "120");
  ASSERT_EQ(chart.legend.size(), 2u);
  EXPECT_EQ(chart.legend[1].label, "Avvikelse");
  EXPECT_NE(chart.series[0].fill, chart.series[1].fill);
}

TEST(ChartBuild, UnknownSeriesFieldIsALocatedErrorWithAHint) {
  fixture f;
  def::chart c = f.chart("bar");
  c.series_list.push_back(fixture::field("prognoss", "Prognos", 14));
  model::document doc = f.build({c});
  ASSERT_EQ(f.diag.error_count(), 1) << f.messages();
  const diagnostic& d = f.diag.all().front();
  EXPECT_EQ(to_string(d.loc), "report.xml:14:5");
  EXPECT_NE(d.message.find("unknown field 'prognoss'"), std::string::npos) << d.message;
  EXPECT_EQ(d.hint, "did you mean 'prognos'?");
  EXPECT_TRUE(doc.blocks.empty());
}

TEST(ChartBuild, NonNumericDataNamesTheRow) {
  fixture f;
  auto& rows = f.data.tables["verksamheter"].rows;
  rows[2][1] = value("n/a");
  rows[3][1] = value("saknas");
  def::chart c = f.chart("bar");
  c.series_list.push_back(fixture::field("budget", "Budget"));
  f.build({c});
  ASSERT_EQ(f.diag.error_count(), 1) << f.messages();
  const diagnostic& d = f.diag.all().front();
  EXPECT_EQ(to_string(d.loc), "verksamheter.csv:4") << "the data row, not the definition";
  EXPECT_EQ(d.message, "expected a number for chart series 'Budget' (field 'budget'), found 'n/a'");
  EXPECT_NE(d.hint.find("report.xml:10:3"), std::string::npos) << d.hint;
  EXPECT_NE(d.hint.find("1 more row"), std::string::npos) << d.hint;
}

TEST(ChartBuild, NonNumericExpressionResultNamesTheRow) {
  fixture f;
  def::chart c = f.chart("line");
  c.series_list.push_back(fixture::expr("if(budget > 100, 'hög', budget)", "Budget"));
  f.build({c});
  ASSERT_EQ(f.diag.error_count(), 1) << f.messages();
  EXPECT_EQ(to_string(f.diag.all().front().loc), "verksamheter.csv:2");
  EXPECT_NE(f.diag.all().front().message.find("found 'hög'"), std::string::npos);
}

TEST(ChartBuild, EmptyDataGivesAPlaceholderAndAWarning) {
  fixture f;
  def::chart c = f.chart("bar");
  c.title = "Placeringar";
  c.filter = "budget > 1000";
  c.filter_loc = {"report.xml", 10, 40};
  c.series_list.push_back(fixture::field("budget"));
  model::chart chart = f.only_chart(f.build({c}));
  EXPECT_FALSE(f.diag.has_errors()) << f.messages();
  ASSERT_EQ(f.diag.all().size(), 1u);
  EXPECT_EQ(f.diag.all().front().level, severity::warning);
  EXPECT_EQ(to_string(f.diag.all().front().loc), "report.xml:10:3");
  EXPECT_EQ(chart.empty_text, "Inga data");
  EXPECT_EQ(chart.alt, "Stapeldiagram: Placeringar. Inga data.");
}

TEST(ChartBuild, LineTrendAddsTheMovingAverage) {
  fixture f;
  def::chart c = f.chart("line-trend");
  c.trend = 2;
  c.series_list.push_back(fixture::field("budget", "Budget"));
  model::chart chart = f.only_chart(f.build({c}));
  ASSERT_FALSE(f.diag.has_errors()) << f.messages();
  ASSERT_EQ(chart.series.size(), 2u);
  const auto& trend = chart.series[1];
  EXPECT_EQ(trend.trend, 2);
  EXPECT_EQ(trend.kind, model::series_kind::line);
  EXPECT_FALSE(trend.values[0]);
  EXPECT_DOUBLE_EQ(*trend.values[1], 100);
  EXPECT_DOUBLE_EQ(*trend.values[3], 160);
  EXPECT_EQ(trend.label, "Trend (medelvärde av 2 senaste)");
  EXPECT_NE(trend.fill, chart.series[0].fill);
  EXPECT_EQ(chart.legend.size(), 2u);
  EXPECT_TRUE(chart.legend[1].trend);
}

TEST(ChartBuild, WaterfallFromBudgetToForecast) {
  fixture f;
  def::chart c = f.chart("waterfall");
  c.filter = "verksamhet != 'Totalt'";
  c.filter_loc = {"report.xml", 10, 40};
  c.series_list.push_back(fixture::field("budget", "Budget"));
  c.series_list.push_back(fixture::field("prognos", "Prognos"));
  model::chart chart = f.only_chart(f.build({c}));
  ASSERT_FALSE(f.diag.has_errors()) << f.messages();
  ASSERT_EQ(chart.steps.size(), 5u);
  EXPECT_EQ(chart.steps.front().label, "Budget");
  EXPECT_DOUBLE_EQ(chart.steps.front().to, 260);
  EXPECT_EQ(chart.steps[1].value_label, "+3,7");
  EXPECT_EQ(chart.steps[3].value_label, "-12,3");
  EXPECT_EQ(chart.steps.back().label, "Prognos");
  EXPECT_NEAR(chart.steps.back().to, 248.2, 1e-9);
  EXPECT_EQ(chart.categories.size(), 5u);
  // The running total moves by less than a sixth of its size: the axis leaves zero out.
  EXPECT_GT(chart.y.min, 0);
  EXPECT_LE(chart.y.min, 248.2);
  EXPECT_GE(chart.y.max, 263.7);
  ASSERT_EQ(chart.legend.size(), 2u);
  EXPECT_EQ(chart.legend[0].label, "Ökning");
  EXPECT_EQ(chart.legend[1].label, "Minskning");
}

TEST(ChartBuild, WaterfallWithLargeChangesKeepsZero) {
  fixture f;
  def::chart c = f.chart("waterfall");
  c.filter = "verksamhet != 'Totalt'";
  c.filter_loc = {"report.xml", 10, 40};
  c.series_list.push_back(
      fixture::field("andel"));  // labelled by its field: the end bar is "Summa"
  model::chart chart = f.only_chart(f.build({c}));
  ASSERT_FALSE(f.diag.has_errors()) << f.messages();
  // One series: the first row starts, the others change it, and the end bar is their sum.
  ASSERT_EQ(chart.steps.size(), 4u);
  EXPECT_EQ(chart.steps[0].label, "Barn och unga");
  EXPECT_DOUBLE_EQ(chart.steps[0].to, 3.1);
  EXPECT_EQ(chart.steps[3].label, "Summa");
  EXPECT_NEAR(chart.steps[3].to, 3.1 - 4.0 - 20.5, 1e-9);
  EXPECT_LE(chart.y.min, -21.4);
  EXPECT_GE(chart.y.max, 3.1);
  EXPECT_EQ(std::count_if(chart.y.ticks.begin(), chart.y.ticks.end(),
                          [](const auto& t) { return t.value == 0; }),
            1);
}

TEST(ChartBuild, ColoursFromThePaletteOrWritten) {
  fixture f;
  f.style.palette = {{1, 2, 3}, {4, 5, 6}};
  def::chart c = f.chart("line");
  c.series_list.push_back(fixture::field("budget"));
  c.series_list.push_back(fixture::field("prognos"));
  c.series_list.back().colour = "#ff0000";
  c.series_list.push_back(fixture::field("andel"));
  c.series_list.back().colour = "1";
  model::chart chart = f.only_chart(f.build({c}));
  ASSERT_FALSE(f.diag.has_errors()) << f.messages();
  EXPECT_EQ(chart.series[0].fill, (colour{1, 2, 3}));
  EXPECT_EQ(chart.series[1].fill, (colour{255, 0, 0}));
  EXPECT_EQ(chart.series[2].fill, (colour{1, 2, 3}));
  EXPECT_NE(chart.series[0].marker, chart.series[1].marker) << "lines differ by marker shape too";
  EXPECT_NE(chart.series[1].marker, chart.series[2].marker);

  fixture g;
  def::chart bad = g.chart("bar");
  bad.series_list.push_back(fixture::field("budget"));
  bad.series_list.back().colour = "röd";
  g.build({bad});
  ASSERT_EQ(g.diag.error_count(), 1);
  EXPECT_NE(g.diag.all().front().message.find("found 'röd'"), std::string::npos);
}

TEST(ChartBuild, SecondAxisForBarLine) {
  fixture f;
  def::chart c = f.chart("bar-line");
  c.y2_format = "pct";
  c.series_list.push_back(fixture::field("budget", "Budget"));
  c.series_list.push_back(fixture::field("andel", "Andel"));
  c.series_list.back().axis = "y2";
  model::chart chart = f.only_chart(f.build({c}));
  ASSERT_FALSE(f.diag.has_errors()) << f.messages();
  EXPECT_EQ(chart.series[0].kind, model::series_kind::bar);
  EXPECT_EQ(chart.series[1].kind, model::series_kind::line);
  EXPECT_EQ(chart.series[1].axis, 1);
  ASSERT_TRUE(chart.y2.shown);
  EXPECT_LE(chart.y2.min, -20.5);
  EXPECT_GE(chart.y2.max, 3.1);
  EXPECT_GE(chart.y.max, 260);
  EXPECT_EQ(chart.y2.ticks.back().label.back(), '%');
}

TEST(ChartBuild, WrittenAltWinsAndRowsKeepTheirCharts) {
  fixture f;
  def::chart a = f.chart("pie");
  a.width = "half";
  a.filter = "verksamhet != 'Totalt'";
  a.filter_loc = {"report.xml", 10, 40};
  a.series_list.push_back(fixture::field("budget", "Budget"));
  def::chart b = f.chart("hbar");
  b.width = "half";
  b.alt = "Egen beskrivning.";
  b.series_list.push_back(fixture::field("prognos"));
  def::chart_row row;
  row.charts = {a, b};
  model::document doc = f.build({row});
  ASSERT_FALSE(f.diag.has_errors()) << f.messages();
  ASSERT_EQ(doc.blocks.size(), 1u);
  const auto* r = std::get_if<model::chart_row>(&doc.blocks.front());
  ASSERT_NE(r, nullptr);
  ASSERT_EQ(r->charts.size(), 2u);
  const auto& pie = r->charts[0];
  EXPECT_DOUBLE_EQ(pie.width_fraction, 0.5);
  ASSERT_EQ(pie.slices.size(), 3u);
  EXPECT_EQ(pie.slices[0].value_label, "46 %");  // 120 / 260
  EXPECT_EQ(pie.legend[0].label, "Barn och unga (46 %)");
  EXPECT_EQ(r->charts[1].alt, "Egen beskrivning.");
}

TEST(ChartBuild, BadHeightIsAnError) {
  fixture f;
  def::chart c = f.chart("bar");
  c.height = "tall";
  c.series_list.push_back(fixture::field("budget"));
  f.build({c});
  ASSERT_EQ(f.diag.error_count(), 1);
  EXPECT_NE(f.diag.all().front().message.find("'tall'"), std::string::npos);

  fixture g;
  def::chart ok = g.chart("bar");
  ok.height = "70mm";
  ok.series_list.push_back(fixture::field("budget"));
  EXPECT_NEAR(g.only_chart(g.build({ok})).height, 198.425, 1e-3);
}

}  // namespace
}  // namespace rapport

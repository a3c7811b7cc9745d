// Tests of the generated text alternative of charts.
#include <gtest/gtest.h>

#include "compute/chart_math.hpp"

namespace rapport::detail {
namespace {

model::chart_series series(std::string label, std::vector<std::optional<double>> values,
                           std::vector<std::string> labels) {
  model::chart_series s;
  s.label = std::move(label);
  s.values = std::move(values);
  s.value_labels = std::move(labels);
  return s;
}

model::chart deviation_chart() {
  model::chart c;
  c.type = model::chart_type::bar;
  c.title = "Avvikelse per verksamhet";
  c.categories = {"Barn och unga", "Vuxna", "Ekonomiskt bistånd", "Totalt"};
  c.series = {
      series("Avvikelse", {3.1, -4.0, -20.5, -12.4}, {"3,1 %", "-4,0 %", "-20,5 %", "-12,4 %"})};
  return c;
}

TEST(ChartAlt, SwedishSaysWhatRangeAndExtremes) {
  std::string alt = chart_alt_text(deviation_chart(), "sv");
  EXPECT_EQ(alt.find("Stapeldiagram: Avvikelse per verksamhet."), 0u) << alt;
  EXPECT_NE(alt.find("Visar Avvikelse för 4 kategorier, från Barn och unga till Totalt."),
            std::string::npos)
      << alt;
  EXPECT_NE(alt.find("Det största värdet är 3,1 % (Barn och unga) och det minsta -20,5 % "
                     "(Ekonomiskt bistånd)."),
            std::string::npos)
      << alt;
}

TEST(ChartAlt, EnglishWhenTheDocumentIsEnglish) {
  std::string alt = chart_alt_text(deviation_chart(), "en-GB");
  EXPECT_EQ(alt.find("Bar chart: Avvikelse per verksamhet."), 0u) << alt;
  EXPECT_NE(alt.find("The largest value is 3,1 % (Barn och unga)"), std::string::npos) << alt;
}

TEST(ChartAlt, SeveralSeriesNameTheSeriesOfTheExtremes) {
  model::chart c;
  c.type = model::chart_type::line;
  c.categories = {"2020", "2021", "2022"};
  c.series = {series("Budget", {335, 340, 361}, {"335", "340", "361"}),
              series("Utfall", {357, std::nullopt, 330}, {"357", "", "330"})};
  std::string alt = chart_alt_text(c, "sv");
  EXPECT_EQ(alt.find("Linjediagram."), 0u) << alt;
  EXPECT_NE(alt.find("Visar Budget och Utfall för 3 kategorier, från 2020 till 2022."),
            std::string::npos)
      << alt;
  EXPECT_NE(alt.find("361 (Budget, 2022)"), std::string::npos) << alt;
  EXPECT_NE(alt.find("330 (Utfall, 2022)"), std::string::npos) << alt;
}

TEST(ChartAlt, TheRightAxisHasItsOwnExtremes) {
  model::chart c;
  c.type = model::chart_type::bar_line;
  c.categories = {"2020", "2021"};
  c.series = {series("Utfall", {208.4, 221.9}, {"208,4", "221,9"}),
              series("Andel", {98.3, 101.1}, {"98,3 %", "101,1 %"})};
  c.series[1].axis = 1;
  std::string alt = chart_alt_text(c, "sv");
  EXPECT_NE(
      alt.find("Det största värdet är 221,9 (Utfall, 2021) och det minsta 208,4 (Utfall, 2020)."),
      std::string::npos)
      << alt;
  EXPECT_NE(alt.find("På den högra axeln är det största värdet 101,1 % (Andel, 2021) och det "
                     "minsta 98,3 % (Andel, 2020)."),
            std::string::npos)
      << alt;
}

TEST(ChartAlt, TrendLinesAreExplainedAndLeftOutOfTheExtremes) {
  model::chart c;
  c.type = model::chart_type::line_trend;
  c.categories = {"jan", "feb", "mar"};
  c.series = {series("Utredningar", {200, 230, 180}, {"200", "230", "180"}),
              series("Trend", {std::nullopt, 215, 205}, {"", "215", "205"})};
  c.series[1].trend = 2;
  std::string alt = chart_alt_text(c, "sv");
  EXPECT_NE(alt.find("Visar Utredningar för 3 kategorier"), std::string::npos) << alt;
  EXPECT_NE(alt.find("230 (feb)"), std::string::npos) << alt;
  EXPECT_NE(alt.find("glidande medelvärde av de 2 senaste värdena; det senaste är 205."),
            std::string::npos)
      << alt;
  EXPECT_EQ(alt.find("(Trend"), std::string::npos) << alt;
}

TEST(ChartAlt, WaterfallNamesStartEndAndBiggestChanges) {
  model::chart c;
  c.type = model::chart_type::waterfall;
  c.steps =
      waterfall_steps({"Budget", 250}, {{"Barn", 12}, {"Vuxna", -30}, {"Stöd", 4}}, "Prognos");
  const char* labels[] = {"250", "+12", "-30", "+4", "236"};
  for (std::size_t i = 0; i < c.steps.size(); ++i) c.steps[i].value_label = labels[i];
  std::string alt = chart_alt_text(c, "sv");
  EXPECT_NE(alt.find("Går från Budget 250 via 3 förändringar till Prognos 236."), std::string::npos)
      << alt;
  EXPECT_NE(alt.find("största ökningen är Barn (+12)"), std::string::npos) << alt;
  EXPECT_NE(alt.find("största minskningen är Vuxna (-30)"), std::string::npos) << alt;
}

TEST(ChartAlt, PieNamesTheLargestAndSmallestShare) {
  model::chart c;
  c.type = model::chart_type::pie;
  c.series = {series("Placeringsdygn", {}, {})};
  c.slices = {{"Familjehem", 60, 0.6, "60 %", {}},
              {"Institution", 30, 0.3, "30 %", {}},
              {"Jour", 10, 0.1, "10 %", {}}};
  std::string alt = chart_alt_text(c, "sv");
  EXPECT_NE(alt.find("Cirkeldiagram."), std::string::npos) << alt;
  EXPECT_NE(alt.find("fördelningen av Placeringsdygn på 3 delar"), std::string::npos) << alt;
  EXPECT_NE(alt.find("Störst är Familjehem med 60 % och minst Jour med 10 %."), std::string::npos)
      << alt;
}

TEST(ChartAlt, EmptyChartSaysSo) {
  model::chart c = deviation_chart();
  c.empty_text = "Inga data";
  EXPECT_EQ(chart_alt_text(c, "sv"), "Stapeldiagram: Avvikelse per verksamhet. Inga data.");
}

}  // namespace
}  // namespace rapport::detail

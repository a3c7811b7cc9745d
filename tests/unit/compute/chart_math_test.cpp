// Tests of the chart arithmetic: nice ticks, moving averages, waterfall steps.
#include "compute/chart_math.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace rapport::detail {
namespace {

bool is_one_two_five(double step) {
  double exponent = std::floor(std::log10(step));
  double mantissa = step / std::pow(10.0, exponent);
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (std::fabs(mantissa - m) < 1e-9) return true;
  return false;
}

TEST(NiceTicks, PercentDeviationsSpanningZero) {
  tick_scale t = nice_ticks(-12.4, 3.1, true);
  EXPECT_DOUBLE_EQ(t.step, 5);
  EXPECT_EQ(t.ticks, (std::vector<double>{-15, -10, -5, 0, 5}));
  EXPECT_DOUBLE_EQ(t.min, -15);
  EXPECT_DOUBLE_EQ(t.max, 5);
}

TEST(NiceTicks, CountsFromZero) {
  tick_scale t = nice_ticks(78, 207, true);
  EXPECT_DOUBLE_EQ(t.min, 0);
  EXPECT_DOUBLE_EQ(t.max, 250);
  EXPECT_DOUBLE_EQ(t.step, 50);
  EXPECT_EQ(t.ticks.size(), 6u);
}

TEST(NiceTicks, LinesNeedNotStartAtZero) {
  tick_scale t = nice_ticks(335, 361, false);
  EXPECT_DOUBLE_EQ(t.min, 335);
  EXPECT_DOUBLE_EQ(t.max, 365);
  EXPECT_DOUBLE_EQ(t.step, 5);
}

TEST(NiceTicks, SmallStepsAreSnappedToTheirDecimals) {
  tick_scale t = nice_ticks(0.1, 0.35, false);
  EXPECT_DOUBLE_EQ(t.step, 0.05);
  for (double v : t.ticks) EXPECT_EQ(v, std::round(v * 100) / 100) << v;
  EXPECT_DOUBLE_EQ(t.ticks.front(), 0.1);
  EXPECT_DOUBLE_EQ(t.ticks.back(), 0.35);
}

TEST(NiceTicks, FlatRangesAreWidened) {
  tick_scale zero = nice_ticks(0, 0, true);
  EXPECT_DOUBLE_EQ(zero.min, 0);
  EXPECT_GT(zero.max, 0);
  tick_scale flat = nice_ticks(40, 40, false);
  EXPECT_LT(flat.min, 40);
  EXPECT_GT(flat.max, 40);
}

TEST(NiceTicks, PropertiesHoldOverManyRanges) {
  // Every combination of these ends, scaled over several decades.
  const double ends[] = {-973, -250, -48.5, -12.4, -1, 0, 0.3, 3.1, 7, 99, 207, 1000, 57235};
  for (double scale : {0.001, 1.0, 1000.0})
    for (double a : ends)
      for (double b : ends) {
        if (a > b) continue;
        for (bool zero : {false, true}) {
          double lo = a * scale, hi = b * scale;
          tick_scale t = nice_ticks(lo, hi, zero);
          SCOPED_TRACE(testing::Message() << lo << ".." << hi << (zero ? " with zero" : ""));
          ASSERT_GE(t.ticks.size(), 3u);
          EXPECT_LE(t.ticks.size(), 7u);
          EXPECT_TRUE(is_one_two_five(t.step)) << t.step;
          EXPECT_LE(t.min, lo);
          EXPECT_GE(t.max, hi);
          if (zero) {
            EXPECT_LE(t.min, 0);
            EXPECT_GE(t.max, 0);
          }
          if (t.min < 0 && t.max > 0) {
            EXPECT_NE(std::find(t.ticks.begin(), t.ticks.end(), 0.0), t.ticks.end())
                << "zero is a tick";
          }
          for (std::size_t i = 1; i < t.ticks.size(); ++i)
            EXPECT_NEAR(t.ticks[i] - t.ticks[i - 1], t.step, t.step * 1e-9);
        }
      }
}

TEST(NiceTicks, MostRangesGetFourToSevenTicks) {
  int outside = 0, total = 0;
  for (double hi = 1; hi < 1000; hi *= 1.13, ++total) {
    std::size_t n = nice_ticks(0, hi, true).ticks.size();
    if (n < 4 || n > 7) ++outside;
  }
  EXPECT_EQ(outside, 0) << "of " << total;
}

TEST(StepDecimals, CountsTheDecimalsAStepNeeds) {
  EXPECT_EQ(step_decimals(20), 0);
  EXPECT_EQ(step_decimals(1), 0);
  EXPECT_EQ(step_decimals(0.5), 1);
  EXPECT_EQ(step_decimals(0.05), 2);
  EXPECT_EQ(step_decimals(0.2), 1);
  EXPECT_EQ(step_decimals(2e-4), 4);
}

TEST(MovingAverage, TrailingFullWindowsOnly) {
  std::vector<std::optional<double>> v{1, 2, 3, 4, 5};
  auto m = moving_average(v, 3);
  ASSERT_EQ(m.size(), 5u);
  EXPECT_FALSE(m[0]);
  EXPECT_FALSE(m[1]);
  EXPECT_DOUBLE_EQ(*m[2], 2);
  EXPECT_DOUBLE_EQ(*m[3], 3);
  EXPECT_DOUBLE_EQ(*m[4], 4);
}

TEST(MovingAverage, AGapEmptiesEveryWindowThatHoldsIt) {
  std::vector<std::optional<double>> v{10, 20, std::nullopt, 40, 50, 60};
  auto m = moving_average(v, 2);
  EXPECT_DOUBLE_EQ(*m[1], 15);
  EXPECT_FALSE(m[2]);
  EXPECT_FALSE(m[3]);
  EXPECT_DOUBLE_EQ(*m[4], 45);
  EXPECT_DOUBLE_EQ(*m[5], 55);
}

TEST(MovingAverage, TwelveMonthTrend) {
  std::vector<std::optional<double>> months;
  for (int i = 1; i <= 24; ++i) months.push_back(i * 10.0);
  auto m = moving_average(months, 12);
  for (int i = 0; i < 11; ++i) EXPECT_FALSE(m[i]);
  EXPECT_DOUBLE_EQ(*m[11], 65);   // mean of 10..120
  EXPECT_DOUBLE_EQ(*m[23], 185);  // mean of 130..240
}

TEST(MovingAverage, WindowLongerThanTheDataGivesNothing) {
  std::vector<std::optional<double>> v{1, 2, 3};
  for (const auto& x : moving_average(v, 4)) EXPECT_FALSE(x);
  auto same = moving_average(v, 1);
  EXPECT_DOUBLE_EQ(*same[2], 3);
}

TEST(WaterfallSteps, BridgeFromBudgetToForecast) {
  auto steps =
      waterfall_steps({"Budget", 100}, {{"Barn", 10}, {"Vuxna", -30}, {"Stöd", 5}}, "Prognos");
  using kind = model::waterfall_step::kind;
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_EQ(steps[0].type, kind::total);
  EXPECT_EQ(steps[0].label, "Budget");
  EXPECT_DOUBLE_EQ(steps[0].from, 0);
  EXPECT_DOUBLE_EQ(steps[0].to, 100);
  EXPECT_EQ(steps[1].type, kind::increase);
  EXPECT_DOUBLE_EQ(steps[1].from, 100);
  EXPECT_DOUBLE_EQ(steps[1].to, 110);
  EXPECT_EQ(steps[2].type, kind::decrease);
  EXPECT_DOUBLE_EQ(steps[2].from, 110);
  EXPECT_DOUBLE_EQ(steps[2].to, 80);
  EXPECT_DOUBLE_EQ(steps[3].to, 85);
  EXPECT_EQ(steps[4].type, kind::total);
  EXPECT_EQ(steps[4].label, "Prognos");
  EXPECT_DOUBLE_EQ(steps[4].from, 0);
  EXPECT_DOUBLE_EQ(steps[4].to, 85);
}

TEST(WaterfallSteps, EachChangeStartsWhereThePreviousEnded) {
  std::vector<waterfall_input> changes;
  for (int i = 0; i < 9; ++i) changes.push_back({std::to_string(i), (i % 3 - 1) * 7.5});
  auto steps = waterfall_steps({"Start", -20}, changes, "Slut");
  for (std::size_t i = 2; i + 1 < steps.size(); ++i)
    EXPECT_DOUBLE_EQ(steps[i].from, steps[i - 1].to);
  double sum = -20;
  for (const auto& c : changes) sum += c.value;
  EXPECT_DOUBLE_EQ(steps.back().to, sum);
}

}  // namespace
}  // namespace rapport::detail

// Tests of compute/expression: aggregates, share, lag, movavg and lookup over sets of rows.
#include <gtest/gtest.h>

#include "compute/expression.hpp"
#include "test_scope.hpp"

namespace rapport::expr_testing {
namespace {

// Four units; C has no budget, D's note is a text.
test_data units() {
  test_data d;
  d.rows = {
      {{"namn", "A"}, {"budget", 100}, {"utfall", 90}, {"notering", value{}}},
      {{"namn", "B"}, {"budget", 200}, {"utfall", 210}, {"notering", value{}}},
      {{"namn", "C"}, {"budget", value{}}, {"utfall", 50}, {"notering", value{}}},
      {{"namn", "D"}, {"budget", 300}, {"utfall", 330}, {"notering", "x"}},
  };
  d.sets["enheter"] = d.rows;
  d.sets["koder"] = {
      {{"kod", "1234"}, {"namn", "Barn och unga"}},
      {{"kod", "5678"}, {"namn", "Vuxna"}},
      {{"kod", "5678"}, {"namn", "Dubblett"}},
  };
  d.sets["tom"] = {};
  d.globals = {{"param.faktor", 2}, {"mode", "x"}};
  return d;
}

// The value of `text` in row `i` of the current rows.
value in_row(const test_data& d, std::size_t i, std::string_view text) {
  return eval(text, test_scope(d, &d.rows, static_cast<long>(i)));
}

TEST(expression_rows, aggregates_over_the_current_rows_skip_empty_values) {
  test_data d = units();
  test_scope s(d, true);
  EXPECT_EQ(eval("sum(budget)", s), value(600.0));
  EXPECT_EQ(eval("count(budget)", s), value(3.0));
  EXPECT_EQ(eval("avg(budget)", s), value(200.0));
  EXPECT_EQ(eval("min(budget)", s), value(100.0));
  EXPECT_EQ(eval("max(budget)", s), value(300.0));
  EXPECT_EQ(eval("count(namn)", s), value(4.0));
  EXPECT_EQ(eval("count(notering)", s), value(1.0));
}

TEST(expression_rows, aggregate_of_an_expression_per_row) {
  test_data d = units();
  test_scope s(d, true);
  // C's budget is empty, so C's difference is empty and skipped.
  EXPECT_EQ(eval("sum(utfall - budget)", s), value(30.0));
  EXPECT_EQ(eval("count(utfall - budget)", s), value(3.0));
  EXPECT_EQ(eval("max(utfall - budget)", s), value(30.0));
  EXPECT_EQ(eval("sum(utfall) - sum(budget)", s), value(80.0));
}

TEST(expression_rows, aggregate_over_a_named_set) {
  test_data d = units();
  test_scope outside(d);  // no current rows at all
  EXPECT_EQ(eval("sum(enheter.budget)", outside), value(600.0));
  EXPECT_EQ(eval("avg(enheter.utfall)", outside), value(170.0));
  EXPECT_EQ(eval("count(koder.kod)", outside), value(3.0));
  EXPECT_EQ(eval("sum(enheter.utfall) / sum(enheter.budget) * 100", outside),
            value(680.0 / 600.0 * 100));
}

TEST(expression_rows, named_set_aggregate_from_inside_a_row) {
  test_data d = units();
  EXPECT_EQ(in_row(d, 1, "budget / sum(enheter.budget) * 100"), value(200.0 / 600.0 * 100));
}

TEST(expression_rows, dotted_name_that_is_not_a_set_aggregates_over_the_current_rows) {
  test_data d = units();
  test_scope s(d, true);
  EXPECT_EQ(eval("sum(param.faktor)", s), value(8.0));
  EXPECT_EQ(eval("sum(budget * param.faktor)", s), value(1200.0));
}

TEST(expression_rows, aggregates_of_nothing) {
  test_data d = units();
  test_scope s(d);
  EXPECT_EQ(eval("sum(tom.x)", s), value(0.0));
  EXPECT_EQ(eval("count(tom.x)", s), value(0.0));
  EXPECT_TRUE(eval("avg(tom.x)", s).is_empty());
  EXPECT_TRUE(eval("min(tom.x)", s).is_empty());
  EXPECT_TRUE(eval("max(tom.x)", s).is_empty());
  test_data blank;
  blank.rows = {{{"v", value{}}}, {{"v", value{}}}};
  test_scope b(blank, true);
  EXPECT_EQ(eval("sum(v)", b), value(0.0));
  EXPECT_EQ(eval("count(v)", b), value(0.0));
  EXPECT_TRUE(eval("avg(v)", b).is_empty());
  EXPECT_TRUE(eval("max(v)", b).is_empty());
}

TEST(expression_rows, sums_are_compensated) {
  test_data d;
  for (int i = 0; i < 10; ++i) d.rows.push_back({{"v", 0.1}});
  // Adding 0.1 ten times in order gives 0.9999999999999999; the compensated sum is exact.
  EXPECT_EQ(eval("sum(v)", test_scope(d, true)), value(1.0));
  EXPECT_EQ(eval("avg(v)", test_scope(d, true)), value(0.1));
}

TEST(expression_rows, aggregate_errors) {
  test_data d = units();
  EXPECT_EQ(error_of("1 + sum(budget)", test_scope(d)),
            "t.xml:1:5: error: 'sum' has no rows to run over here\n"
            "  hint: use it in a table, a group or a sum row, or name a data set as in "
            "sum(table.field)");
  EXPECT_EQ(error_of("sum(enheter.budgt)", test_scope(d)),
            "t.xml:1:13: error: the data set 'enheter' has no field 'budgt'\n"
            "  hint: did you mean 'budget'?");
  EXPECT_EQ(error_of("avg(namn)", test_scope(d, true)),
            "t.xml:1:5: error: 'avg' needs numbers, found the text 'A'");
  EXPECT_EQ(error_of("sum(budgt)", test_scope(d, true)),
            "t.xml:1:5: error: unknown name 'budgt'\n  hint: did you mean 'budget'?");
}

TEST(expression_rows, share_of_the_current_rows) {
  test_data d = units();
  EXPECT_EQ(in_row(d, 0, "share(budget)"), value(100.0 / 600.0 * 100));
  EXPECT_EQ(in_row(d, 3, "share(budget)"), value(50.0));
  EXPECT_TRUE(in_row(d, 2, "share(budget)").is_empty());
  EXPECT_EQ(in_row(d, 1, "round(share(utfall), 1)"), value(30.9));
}

TEST(expression_rows, share_is_empty_when_the_total_is_zero) {
  test_data d;
  d.rows = {{{"v", 5}}, {{"v", -5}}};
  EXPECT_TRUE(in_row(d, 0, "share(v)").is_empty());
  test_data none;
  EXPECT_EQ(error_of("share(1)", test_scope(none)),
            "t.xml:1:1: error: 'share' has no rows to run over here\n"
            "  hint: use it in a table, a group or a sum row, or name a data set as in "
            "share(table.field)");
}

// Twelve months of values 1..12, with month 6 missing.
test_data months() {
  test_data d;
  for (int m = 1; m <= 12; ++m) d.rows.push_back({{"v", m == 6 ? value{} : value(m)}});
  return d;
}

TEST(expression_rows, lag_reads_earlier_rows) {
  test_data d = months();
  EXPECT_EQ(in_row(d, 3, "lag(v)"), value(3.0));
  EXPECT_EQ(in_row(d, 3, "lag(v, 2)"), value(2.0));
  EXPECT_EQ(in_row(d, 3, "lag(v, 0)"), value(4.0));
  EXPECT_EQ(in_row(d, 3, "v - lag(v)"), value(1.0));
  EXPECT_TRUE(in_row(d, 0, "lag(v)").is_empty());
  EXPECT_TRUE(in_row(d, 2, "lag(v, 3)").is_empty());
  EXPECT_TRUE(in_row(d, 6, "lag(v)").is_empty());               // month 6 is missing
  EXPECT_TRUE(eval("lag(1)", test_scope(d, true)).is_empty());  // no current row
}

TEST(expression_rows, lag_argument_errors) {
  test_data d = months();
  EXPECT_EQ(error_of("lag(v, -1)", test_scope(d, &d.rows, 3)),
            "t.xml:1:8: error: the second argument of 'lag' is the number -1, expected a whole "
            "number from 0 to 1000000");
  EXPECT_EQ(error_of("lag(v, 'a')", test_scope(d, &d.rows, 3)),
            "t.xml:1:8: error: the second argument of 'lag' is the text 'a', expected a whole "
            "number from 0 to 1000000");
}

TEST(expression_rows, movavg_needs_a_full_window_by_default) {
  test_data d = months();
  EXPECT_TRUE(in_row(d, 0, "movavg(v, 3)").is_empty());
  EXPECT_TRUE(in_row(d, 1, "movavg(v, 3)").is_empty());
  EXPECT_EQ(in_row(d, 2, "movavg(v, 3)"), value(2.0));
  EXPECT_EQ(in_row(d, 4, "movavg(v, 3, 'full')"), value(4.0));
  EXPECT_EQ(in_row(d, 7, "movavg(v, 1)"), value(8.0));
}

TEST(expression_rows, movavg_partial_averages_the_rows_there_are) {
  test_data d = months();
  EXPECT_EQ(in_row(d, 0, "movavg(v, 3, 'partial')"), value(1.0));
  EXPECT_EQ(in_row(d, 1, "movavg(v, 3, 'partial')"), value(1.5));
  EXPECT_EQ(in_row(d, 4, "movavg(v, 12, 'partial')"), value(3.0));
}

TEST(expression_rows, movavg_skips_empty_values_in_the_window) {
  test_data d = months();
  // Months 5, 6 (missing) and 7.
  EXPECT_EQ(in_row(d, 6, "movavg(v, 3)"), value(6.0));
  // Only the missing month.
  EXPECT_TRUE(in_row(d, 5, "movavg(v, 1)").is_empty());
}

TEST(expression_rows, movavg_twelve_months_trailing) {
  test_data d;
  std::vector<double> v;
  for (int m = 0; m < 24; ++m) v.push_back(1000 + 37 * m + (m % 3) * 11);
  for (double x : v) d.rows.push_back({{"kostnad", x}});
  EXPECT_TRUE(in_row(d, 10, "movavg(kostnad, 12)").is_empty());
  for (std::size_t at : {11u, 12u, 23u}) {
    double sum = 0;
    for (std::size_t k = at - 11; k <= at; ++k) sum += v[k];
    EXPECT_DOUBLE_EQ(in_row(d, at, "movavg(kostnad, 12)").number(), sum / 12) << at;
  }
}

TEST(expression_rows, movavg_argument_errors) {
  test_data d = months();
  d.globals = {{"mode", "x"}};
  test_scope s(d, &d.rows, 3);
  EXPECT_EQ(error_of("movavg(v, 0)", s),
            "t.xml:1:11: error: the second argument of 'movavg' is the number 0, expected a "
            "whole number from 1 to 1000000");
  EXPECT_EQ(error_of("movavg(v, 3, mode)", s),
            "t.xml:1:14: error: the third argument of 'movavg' is the text 'x', expected 'full' "
            "or 'partial'");
}

TEST(expression_rows, lookup_finds_the_first_matching_row) {
  test_data d = units();
  test_scope s(d);
  EXPECT_EQ(eval("lookup('enheter', 'namn', 'B', 'budget')", s), value(200.0));
  EXPECT_EQ(eval("lookup('koder', 'kod', '5678', 'namn')", s), value("Vuxna"));
  EXPECT_TRUE(eval("lookup('enheter', 'namn', 'Q', 'budget')", s).is_empty());
  EXPECT_TRUE(eval("lookup('enheter', 'namn', 'C', 'budget')", s).is_empty());
}

TEST(expression_rows, lookup_matches_numbers_with_their_text) {
  test_data d = units();
  test_scope s(d);
  EXPECT_EQ(eval("lookup('koder', 'kod', 1234, 'namn')", s), value("Barn och unga"));
  EXPECT_EQ(eval("lookup('enheter', 'budget', '300', 'namn')", s), value("D"));
  EXPECT_EQ(eval("lookup('enheter', 'budget', 100, 'namn')", s), value("A"));
}

TEST(expression_rows, lookup_key_from_the_current_row) {
  test_data d = units();
  d.rows = {{{"enhet", "D"}}, {{"enhet", "A"}}};
  EXPECT_EQ(in_row(d, 0, "lookup('enheter', 'namn', enhet, 'utfall')"), value(330.0));
  EXPECT_EQ(in_row(d, 1, "lookup('enheter', 'namn', enhet, 'utfall')"), value(90.0));
}

TEST(expression_rows, lookup_errors) {
  test_data d = units();
  test_scope s(d);
  EXPECT_EQ(error_of("lookup('enhter', 'namn', 'B', 'budget')", s),
            "t.xml:1:8: error: unknown data set 'enhter'\n  hint: did you mean 'enheter'?");
  EXPECT_EQ(error_of("lookup('enheter', 'nman', 'B', 'budget')", s),
            "t.xml:1:19: error: the data set 'enheter' has no field 'nman'\n"
            "  hint: did you mean 'namn'?");
  EXPECT_EQ(error_of("lookup('enheter', 'namn', 'A', 'budgte')", s),
            "t.xml:1:32: error: the data set 'enheter' has no field 'budgte'\n"
            "  hint: did you mean 'budget'?");
  EXPECT_EQ(error_of("lookup('enheter', 'namn', 'nobody', 'budgte')", s),
            "t.xml:1:37: error: the data set 'enheter' has no field 'budgte'\n"
            "  hint: did you mean 'budget'?");
  EXPECT_EQ(error_of("lookup(1, 'namn', 'A', 'budget')", s),
            "t.xml:1:8: error: the first argument of 'lookup' is the number 1, expected the name "
            "of a data set as a string");
  EXPECT_EQ(error_of("lookup('enheter', 'namn', 'A', 2)", s),
            "t.xml:1:32: error: the fourth argument of 'lookup' is the number 2, expected the "
            "name of a field as a string");
}

}  // namespace
}  // namespace rapport::expr_testing

// Tests of compute/expression: the functions that need only their arguments.
#include <gtest/gtest.h>

#include <cmath>

#include "compute/expression.hpp"
#include "test_scope.hpp"

namespace rapport::expr_testing {
namespace {

test_data globals() {
  test_data d;
  d.globals = {{"tom", value{}}, {"namn", "Vård"}, {"enhet", "tk"},
               {"big", 1e20},    {"x", 2.675},     {"ja", true}};
  return d;
}

TEST(expression_functions, round_half_away_from_zero) {
  EXPECT_EQ(eval("round(2.5)"), value(3.0));
  EXPECT_EQ(eval("round(-2.5)"), value(-3.0));
  EXPECT_EQ(eval("round(84.5)"), value(85.0));
  EXPECT_EQ(eval("round(85.5)"), value(86.0));
  EXPECT_EQ(eval("round(2.4)"), value(2.0));
  EXPECT_EQ(eval("round(-2.6)"), value(-3.0));
}

TEST(expression_functions, round_tolerates_binary_fractions) {
  // 2.675 is stored as 2.67499999999999982236431605997495353221893310546875.
  EXPECT_EQ(eval("round(2.675, 2)"), value(2.68));
  EXPECT_EQ(eval("round(1.005, 2)"), value(1.01));
  EXPECT_EQ(eval("round(-1.005, 2)"), value(-1.01));
  EXPECT_EQ(eval("round(0.125, 2)"), value(0.13));
  EXPECT_EQ(eval("round(0.1 + 0.2, 1)"), value(0.3));
  EXPECT_EQ(eval("round(2.6749, 2)"), value(2.67));
  EXPECT_EQ(eval("round(12.345678, 4)"), value(12.3457));
}

TEST(expression_functions, round_to_tens_and_thousands) {
  EXPECT_EQ(eval("round(1234.5678, -2)"), value(1200.0));
  EXPECT_EQ(eval("round(1250, -2)"), value(1300.0));
  EXPECT_EQ(eval("round(-57235, -3)"), value(-57000.0));
}

TEST(expression_functions, round_never_gives_negative_zero) {
  value v = eval("round(-0.4)");
  ASSERT_EQ(v, value(0.0));
  EXPECT_FALSE(std::signbit(v.number()));
}

TEST(expression_functions, round_of_large_and_empty_values) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("round(big, 2)", s), value(1e20));
  EXPECT_TRUE(eval("round(tom, 1)", s).is_empty());
  EXPECT_EQ(eval("round(x, 2)", s), value(2.68));
}

TEST(expression_functions, round_argument_errors) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(error_of("round(1, 1.5)", s),
            "t.xml:1:10: error: the second argument of 'round' is the number 1.5, expected a "
            "whole number from -15 to 15");
  EXPECT_EQ(error_of("round(1, 16)", s),
            "t.xml:1:10: error: the second argument of 'round' is the number 16, expected a "
            "whole number from -15 to 15");
  EXPECT_EQ(error_of("round(1, tom)", s),
            "t.xml:1:10: error: the second argument of 'round' is an empty value, expected a "
            "whole number from -15 to 15");
  EXPECT_EQ(error_of("round(namn)", s),
            "t.xml:1:7: error: the first argument of 'round' is the text 'Vård', expected a "
            "number");
}

TEST(expression_functions, abs) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("abs(-3.5)", s), value(3.5));
  EXPECT_EQ(eval("abs(4)", s), value(4.0));
  EXPECT_TRUE(eval("abs(tom)", s).is_empty());
  EXPECT_EQ(error_of("abs(namn)", s),
            "t.xml:1:5: error: the first argument of 'abs' is the text 'Vård', expected a "
            "number");
}

TEST(expression_functions, coalesce_takes_the_first_non_empty_value) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("coalesce(tom, tom, 3)", s), value(3.0));
  EXPECT_EQ(eval("coalesce(namn, 3)", s), value("Vård"));
  EXPECT_EQ(eval("coalesce(0, 3)", s), value(0.0));
  EXPECT_TRUE(eval("coalesce(tom)", s).is_empty());
  EXPECT_EQ(eval("coalesce(1, nope)", s), value(1.0));  // later arguments are not evaluated
}

TEST(expression_functions, plain_min_and_max) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("min(3, 1, 2)", s), value(1.0));
  EXPECT_EQ(eval("max(3, 1, 2)", s), value(3.0));
  EXPECT_EQ(eval("max(-5, -2)", s), value(-2.0));
  EXPECT_EQ(eval("min(0, -0.5)", s), value(-0.5));
  EXPECT_TRUE(eval("max(tom, 1)", s).is_empty());
  EXPECT_TRUE(eval("min(1, tom)", s).is_empty());
  EXPECT_EQ(error_of("min(-1, namn)", s),
            "t.xml:1:9: error: the second argument of 'min' is the text 'Vård', expected a "
            "number");
}

TEST(expression_functions, change_is_the_difference) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("change(120, 100)", s), value(20.0));
  EXPECT_EQ(eval("change(-120, -100)", s), value(-20.0));
  EXPECT_TRUE(eval("change(tom, 100)", s).is_empty());
  EXPECT_TRUE(eval("change(100, tom)", s).is_empty());
}

TEST(expression_functions, change_pct_is_relative_to_the_magnitude_of_before) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("change_pct(120, 100)", s), value(20.0));
  EXPECT_EQ(eval("change_pct(50, 200)", s), value(-75.0));
  EXPECT_EQ(eval("change_pct(-80, -100)", s), value(20.0));
  EXPECT_EQ(eval("change_pct(5, 0)", s), value(0.0));  // the seeds print 0% for ÷0
  EXPECT_TRUE(eval("change_pct(tom, 0)", s).is_empty());
  EXPECT_EQ(error_of("change_pct(1, namn)", s),
            "t.xml:1:15: error: the second argument of 'change_pct' is the text 'Vård', "
            "expected a number");
}

TEST(expression_functions, change_abs_compares_magnitudes) {
  test_data d = globals();
  test_scope s(d);
  // Förändring = |this year| - |last year| on a cost row: costs grew from 100 to 120.
  EXPECT_EQ(eval("change_abs(-120, -100)", s), value(20.0));
  EXPECT_EQ(eval("change_abs(-80, 100)", s), value(-20.0));
  EXPECT_EQ(eval("change_abs_pct(-120, -100)", s), value(20.0));
  EXPECT_EQ(eval("change_abs_pct(-90, 120)", s), value(-25.0));
  EXPECT_EQ(eval("change_abs_pct(-7, 0)", s), value(0.0));
  EXPECT_TRUE(eval("change_abs(tom, 1)", s).is_empty());
  EXPECT_TRUE(eval("change_abs_pct(1, tom)", s).is_empty());
}

TEST(expression_functions, forecast_extrapolates_linearly) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("forecast(800, 8)", s), value(1200.0));
  EXPECT_EQ(eval("forecast(-300, 4, 6)", s), value(-450.0));
  EXPECT_TRUE(eval("forecast(100, 0)", s).is_empty());
  EXPECT_TRUE(eval("forecast(tom, 8)", s).is_empty());
  EXPECT_TRUE(eval("forecast(1, 2, tom)", s).is_empty());
}

TEST(expression_functions, scale_converts_kronor) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("scale(1234567, 'tkr')", s), value(1234.567));
  EXPECT_EQ(eval("scale(1234567, 'mnkr')", s), value(1.234567));
  EXPECT_EQ(eval("scale(1234567, 'kr')", s), value(1234567.0));
  EXPECT_EQ(eval("round(scale(-654350000, 'mnkr'), 1)", s), value(-654.4));
  EXPECT_TRUE(eval("scale(tom, 'tkr')", s).is_empty());
}

TEST(expression_functions, scale_unit_errors_at_evaluation) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(error_of("scale(1, enhet)", s),
            "t.xml:1:10: error: unknown unit 'tk' for 'scale'\n  hint: did you mean 'tkr'?");
  EXPECT_EQ(error_of("scale(1, 5)", s),
            "t.xml:1:10: error: the second argument of 'scale' is the number 5, expected a unit "
            "such as 'tkr'");
}

TEST(expression_functions, text_is_plain) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("text(12.5)", s), value("12.5"));
  EXPECT_EQ(eval("text(3)", s), value("3"));
  EXPECT_EQ(eval("text(-0.25)", s), value("-0.25"));
  EXPECT_EQ(eval("text(1 / 3)", s), value("0.3333333333333333"));
  EXPECT_EQ(eval("text(123456789012)", s), value("123456789012"));
  EXPECT_EQ(eval("text(0.1 + 0.2)", s), value("0.30000000000000004"));
  EXPECT_EQ(eval("text(big)", s), value("1e+20"));
  EXPECT_EQ(eval("text(ja)", s), value("true"));
  EXPECT_EQ(eval("text(namn)", s), value("Vård"));
  EXPECT_TRUE(eval("text(tom)", s).is_empty());
}

}  // namespace
}  // namespace rapport::expr_testing

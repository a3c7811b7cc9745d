// Tests of compute/expression: operators, names, empty values, truthiness and evaluation errors.
#include <gtest/gtest.h>

#include <cmath>

#include "compute/expression.hpp"
#include "test_scope.hpp"

namespace rapport::expr_testing {
namespace {

// Named values for most tests: numbers, a text, a boolean and one empty value.
test_data globals() {
  test_data d;
  d.globals = {{"budget", 600}, {"utfall", 450}, {"namn", "Vård"}, {"tom", value{}},
               {"ja", true},    {"noll", 0},     {"ö", 1},         {"stor", 1e308}};
  return d;
}

TEST(expression_eval, arithmetic_on_names) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("budget - utfall", s), value(150.0));
  EXPECT_EQ(eval("utfall / budget * 100", s), value(75.0));
  EXPECT_EQ(eval("budget % 7", s), value(5.0));
  EXPECT_EQ(eval("-7 % 3", s), value(-1.0));
}

TEST(expression_eval, division_and_modulo_by_zero_are_empty) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_TRUE(eval("budget / 0", s).is_empty());
  EXPECT_TRUE(eval("budget / noll", s).is_empty());
  EXPECT_TRUE(eval("budget % 0", s).is_empty());
  EXPECT_TRUE(eval("1 + budget / noll", s).is_empty());
}

TEST(expression_eval, overflow_is_empty) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_TRUE(eval("stor * 10", s).is_empty());
  EXPECT_EQ(eval("stor / 10", s), value(1e307));
}

TEST(expression_eval, empty_values_propagate_through_arithmetic) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_TRUE(eval("tom", s).is_empty());
  EXPECT_TRUE(eval("tom + 1", s).is_empty());
  EXPECT_TRUE(eval("1 - tom", s).is_empty());
  EXPECT_TRUE(eval("tom * 0", s).is_empty());
  EXPECT_TRUE(eval("-tom", s).is_empty());
  EXPECT_TRUE(eval("(tom + 1) * 2 + budget", s).is_empty());
}

TEST(expression_eval, negative_zero_becomes_zero) {
  value v = eval("0 * -1");
  ASSERT_TRUE(v.is_number());
  EXPECT_FALSE(std::signbit(v.number()));
  EXPECT_FALSE(std::signbit(eval("-0").number()));
  EXPECT_FALSE(std::signbit(eval("0 / -5").number()));
}

TEST(expression_eval, numeric_comparisons) {
  EXPECT_EQ(eval("1 < 2"), value(true));
  EXPECT_EQ(eval("2 < 1"), value(false));
  EXPECT_EQ(eval("2 <= 2"), value(true));
  EXPECT_EQ(eval("3 > 2"), value(true));
  EXPECT_EQ(eval("2 >= 3"), value(false));
  EXPECT_EQ(eval("2 != 3"), value(true));
  EXPECT_EQ(eval("2 == 2"), value(true));
}

TEST(expression_eval, equality_tolerates_binary_fraction_noise) {
  EXPECT_EQ(eval("0.1 + 0.2 = 0.3"), value(true));
  EXPECT_EQ(eval("0.1 + 0.2 >= 0.3"), value(true));
  EXPECT_EQ(eval("0.1 + 0.2 > 0.3"), value(false));
  EXPECT_EQ(eval("1 = 1.0001"), value(false));
  EXPECT_EQ(eval("1000000 = 1000000.01"), value(false));
}

TEST(expression_eval, text_comparisons) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("namn = 'Vård'", s), value(true));
  EXPECT_EQ(eval("namn != \"Vård\"", s), value(false));
  EXPECT_EQ(eval("'a' < 'b'", s), value(true));
  EXPECT_EQ(eval("'abc' >= 'abd'", s), value(false));
  EXPECT_EQ(eval("true = ja", s), value(true));
  EXPECT_EQ(eval("false != ja", s), value(true));
}

TEST(expression_eval, comparisons_with_empty) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("tom = ''", s), value(true));
  EXPECT_EQ(eval("tom = tom", s), value(true));
  EXPECT_EQ(eval("tom = 0", s), value(false));
  EXPECT_EQ(eval("tom != 0", s), value(true));
  EXPECT_EQ(eval("namn = ''", s), value(false));
  EXPECT_TRUE(eval("tom < 1", s).is_empty());
  EXPECT_TRUE(eval("1 >= tom", s).is_empty());
  EXPECT_EQ(eval("if(tom > 1, 'över', 'inte över')", s), value("inte över"));
}

TEST(expression_eval, truthiness_in_and_or_not) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("1 and 'x'", s), value(true));
  EXPECT_EQ(eval("0 or ''", s), value(false));
  EXPECT_EQ(eval("not ''", s), value(true));
  EXPECT_EQ(eval("not tom", s), value(true));
  EXPECT_EQ(eval("not namn", s), value(false));
  EXPECT_EQ(eval("noll or ja", s), value(true));
  EXPECT_EQ(eval("-0.5 and 2", s), value(true));
}

TEST(expression_eval, and_or_short_circuit) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("false and nope", s), value(false));
  EXPECT_EQ(eval("true or nope", s), value(true));
  EXPECT_EQ(error_of("true and saknas", s), "t.xml:1:10: error: unknown name 'saknas'");
}

TEST(expression_eval, if_evaluates_only_the_chosen_branch) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(eval("if(false, unknown_name, 1)", s), value(1.0));
  EXPECT_EQ(eval("if(true, 2, 'a' + 1)", s), value(2.0));
  EXPECT_EQ(eval("if(budget > utfall, 'över', 'under')", s), value("över"));
  EXPECT_EQ(eval("if(tom, 1, 2)", s), value(2.0));
  EXPECT_EQ(eval("if('', 1, 2)", s), value(2.0));
  EXPECT_EQ(eval("if('nej', 1, 2)", s), value(1.0));
  EXPECT_EQ(eval("if(noll, 1, 2)", s), value(2.0));
  EXPECT_TRUE(eval("if(ja, tom, 2)", s).is_empty());
}

TEST(expression_eval, unknown_name_with_hint_at_its_column) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(error_of("budgt", s),
            "t.xml:1:1: error: unknown name 'budgt'\n  hint: did you mean 'budget'?");
  EXPECT_EQ(error_of("1 + utfal * 2", s),
            "t.xml:1:5: error: unknown name 'utfal'\n  hint: did you mean 'utfall'?");
  EXPECT_EQ(error_of("zzzzzzzz", s), "t.xml:1:1: error: unknown name 'zzzzzzzz'");
}

TEST(expression_eval, error_column_is_offset_from_the_expression_start) {
  test_data d = globals();
  test_scope s(d);
  // Starting at column 20 of line 5, the unknown name is the 7th character.
  EXPECT_EQ(error_of("ö + 1*saknas", s, {"report.xml", 5, 20}),
            "report.xml:5:26: error: unknown name 'saknas'");
}

TEST(expression_eval, a_column_of_a_data_set_is_not_a_single_value) {
  test_data d;
  d.sets["enheter"] = {{{"budget", 1}}, {{"budget", 2}}};
  EXPECT_EQ(error_of("2 * enheter.budget", test_scope(d)),
            "t.xml:1:5: error: 'enheter.budget' is a column of the data set 'enheter', not a "
            "single value\n  hint: use an aggregate such as sum(enheter.budget), or "
            "lookup('enheter', 'key_field', key, 'budget')");
}

TEST(expression_eval, type_errors_name_the_operand) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(error_of("'a' + 1", s),
            "t.xml:1:1: error: the left operand of '+' is the text 'a', expected a number");
  EXPECT_EQ(error_of("budget * namn", s),
            "t.xml:1:10: error: the right operand of '*' is the text 'Vård', expected a number");
  EXPECT_EQ(error_of("ö + (ja - 1)", s),
            "t.xml:1:6: error: the left operand of '-' is the boolean true, expected a number");
  EXPECT_EQ(error_of("-namn", s),
            "t.xml:1:2: error: the operand of '-' is the text 'Vård', expected a number");
}

TEST(expression_eval, type_errors_are_reported_even_next_to_an_empty_value) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(error_of("tom / namn", s),
            "t.xml:1:7: error: the right operand of '/' is the text 'Vård', expected a number");
}

TEST(expression_eval, comparing_different_types_is_an_error) {
  test_data d = globals();
  test_scope s(d);
  EXPECT_EQ(error_of("budget = namn", s),
            "t.xml:1:8: error: cannot compare the number 600 with the text 'Vård' using '='");
  EXPECT_EQ(error_of("1 < true", s),
            "t.xml:1:3: error: cannot compare the number 1 with the boolean true using '<'");
  EXPECT_EQ(error_of("ja > false", s),
            "t.xml:1:4: error: cannot compare the boolean true with the boolean false using '>'");
}

TEST(expression_eval, long_texts_are_cut_in_messages) {
  test_data d;
  d.globals = {{"lång", std::string(30, 'x') + "åäöåäöåäöå"}};
  EXPECT_EQ(error_of("lång + 1", test_scope(d)),
            "t.xml:1:1: error: the left operand of '+' is the text '" + std::string(30, 'x') +
                "åäö...', expected a number");
}

TEST(expression_eval, the_same_expression_evaluates_in_many_scopes) {
  expression e = parse("budget - utfall");
  test_data a, b;
  a.globals = {{"budget", 10}, {"utfall", 4}};
  b.globals = {{"budget", 3}, {"utfall", 5}};
  EXPECT_EQ(e.evaluate(test_scope(a)), value(6.0));
  EXPECT_EQ(e.evaluate(test_scope(b)), value(-2.0));
}

}  // namespace
}  // namespace rapport::expr_testing

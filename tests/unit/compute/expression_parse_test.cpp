// Tests of compute/expression: lexing, parsing, precedence, names() and located syntax errors.
#include <gtest/gtest.h>

#include "compute/expression.hpp"
#include "test_scope.hpp"

namespace rapport::expr_testing {
namespace {

TEST(expression_parse, multiplication_binds_tighter_than_addition) {
  EXPECT_EQ(eval("1 + 2 * 3"), value(7.0));
  EXPECT_EQ(eval("(1 + 2) * 3"), value(9.0));
  EXPECT_EQ(eval("2 * 3 + 1"), value(7.0));
  EXPECT_EQ(eval("1 + 6 / 3"), value(3.0));
  EXPECT_EQ(eval("2 + 7 % 4"), value(5.0));
}

TEST(expression_parse, binary_operators_are_left_associative) {
  EXPECT_EQ(eval("10 - 4 - 3"), value(3.0));
  EXPECT_EQ(eval("20 / 4 / 5"), value(1.0));
  EXPECT_EQ(eval("2 * 9 % 4"), value(2.0));
}

TEST(expression_parse, unary_minus) {
  EXPECT_EQ(eval("-2 * 3"), value(-6.0));
  EXPECT_EQ(eval("--3"), value(3.0));
  EXPECT_EQ(eval("1 - -2"), value(3.0));
  EXPECT_EQ(eval("1 - 2 * -3"), value(7.0));
  EXPECT_EQ(eval("-(2 + 3)"), value(-5.0));
}

TEST(expression_parse, comparison_binds_looser_than_arithmetic) {
  EXPECT_EQ(eval("1 + 1 = 2"), value(true));
  EXPECT_EQ(eval("2 * 3 > 5 + 0.5"), value(true));
  EXPECT_EQ(eval("1 + 1 == 3"), value(false));
}

TEST(expression_parse, and_binds_tighter_than_or_and_not_tighter_than_and) {
  EXPECT_EQ(eval("true or true and false"), value(true));
  EXPECT_EQ(eval("(true or true) and false"), value(false));
  EXPECT_EQ(eval("false and true or true"), value(true));
  EXPECT_EQ(eval("not true or true"), value(true));
  EXPECT_EQ(eval("not (true or true)"), value(false));
  EXPECT_EQ(eval("not 1 = 2"), value(true));
  EXPECT_EQ(eval("not not true"), value(true));
}

TEST(expression_parse, number_literals_use_a_decimal_point) {
  EXPECT_EQ(eval("0.5"), value(0.5));
  EXPECT_EQ(eval(".25"), value(0.25));
  EXPECT_EQ(eval("1234567"), value(1234567.0));
  EXPECT_EQ(eval("3.125 * 8"), value(25.0));
}

TEST(expression_parse, string_literals_in_either_quote_with_escapes) {
  EXPECT_EQ(eval("'abc'"), value("abc"));
  EXPECT_EQ(eval("\"abc\""), value("abc"));
  EXPECT_EQ(eval("'it\\'s'"), value("it's"));
  EXPECT_EQ(eval("\"say \\\"hej\\\"\""), value("say \"hej\""));
  EXPECT_EQ(eval("'a\\\\b'"), value("a\\b"));
  EXPECT_EQ(eval("'a\\nb\\tc'"), value("a\nb\tc"));
  EXPECT_EQ(eval("\"don't\""), value("don't"));
  EXPECT_EQ(eval("'Förändring'"), value("Förändring"));
  EXPECT_EQ(eval("''"), value(""));
}

TEST(expression_parse, identifiers_take_swedish_letters_digits_and_dots) {
  test_data d;
  d.globals = {{"år", 2021},   {"förändring_2", 5}, {"Äldreomsorg", 7},
               {"t.2021", 11}, {"param.period", 8}, {"_x", 1}};
  test_scope s(d);
  EXPECT_EQ(eval("år + 1", s), value(2022.0));
  EXPECT_EQ(eval("förändring_2 * 2", s), value(10.0));
  EXPECT_EQ(eval("Äldreomsorg", s), value(7.0));
  EXPECT_EQ(eval("t.2021 - 1", s), value(10.0));
  EXPECT_EQ(eval("param.period", s), value(8.0));
  EXPECT_EQ(eval("_x", s), value(1.0));
}

TEST(expression_parse, whitespace_includes_newlines_tabs_and_no_break_spaces) {
  EXPECT_EQ(eval("\t1 +\n 2\r\n"), value(3.0));
  EXPECT_EQ(eval("1\xc2\xa0+\xc2\xa0"
                 "2"),
            value(3.0));
}

TEST(expression_parse, names_lists_plain_names_in_first_seen_order) {
  expression e =
      parse("sum(enheter.budget) + budget * budget - if(år > 1, x, round(y)) + lag(budget)");
  EXPECT_EQ(e.names(), (std::vector<std::string>{"enheter.budget", "budget", "år", "x", "y"}));
  EXPECT_EQ(parse("1 + 'budget'").names(), std::vector<std::string>{});
}

TEST(expression_parse, keeps_source_and_location) {
  expression e = expression::parse("a + 1", source_loc{"r.xml", 3, 9});
  EXPECT_EQ(e.source(), "a + 1");
  EXPECT_EQ(e.loc(), (source_loc{"r.xml", 3, 9}));
}

TEST(expression_parse, copies_share_the_tree_and_evaluate_alike) {
  test_data d;
  d.globals = {{"a", 4}};
  expression original = parse("a * 2 + 1");
  expression copy = original;
  expression assigned;
  assigned = copy;
  expression moved = std::move(copy);
  EXPECT_EQ(original.evaluate(test_scope(d)), value(9.0));
  EXPECT_EQ(assigned.evaluate(test_scope(d)), value(9.0));
  EXPECT_EQ(moved.evaluate(test_scope(d)), value(9.0));
  EXPECT_EQ(assigned.source(), "a * 2 + 1");
}

TEST(expression_parse, default_expression_is_empty) {
  expression e;
  test_data d;
  EXPECT_TRUE(e.evaluate(test_scope(d)).is_empty());
  EXPECT_TRUE(e.names().empty());
}

TEST(expression_parse, function_names_stay_usable_as_field_names) {
  test_data d;
  d.globals = {{"count", 3}, {"text", "x"}};
  test_scope s(d);
  EXPECT_EQ(eval("count * 2", s), value(6.0));
  EXPECT_EQ(eval("text", s), value("x"));
}

// ---- errors -------------------------------------------------------------------------------------

TEST(expression_parse_errors, missing_close_paren_of_a_call) {
  EXPECT_EQ(error_of("round(budget, 1", {"report.xml", 12, 3}),
            "report.xml:12:18: error: expected ')' after the arguments of 'round', found end of "
            "expression");
  EXPECT_EQ(error_of("round(1 2)"),
            "t.xml:1:9: error: expected ')' after the arguments of 'round', found '2'");
}

TEST(expression_parse_errors, column_is_start_column_plus_character_offset) {
  // The expression starts at column 20 of line 5; the stray ')' is its 7th character.
  EXPECT_EQ(error_of("1 + 2 ) + 3", {"report.xml", 5, 20}),
            "report.xml:5:26: error: expected an operator or the end of the expression, found "
            "')'");
}

TEST(expression_parse_errors, columns_count_characters_not_bytes) {
  // 'å' and 'ä' are two bytes each in UTF-8 but one column.
  EXPECT_EQ(error_of("år + ä )"),
            "t.xml:1:8: error: expected an operator or the end of the expression, found ')'");
}

TEST(expression_parse_errors, newlines_inside_the_expression_move_to_later_lines) {
  EXPECT_EQ(error_of("1 +\n  2 +\n  )", {"r.xml", 4, 10}),
            "r.xml:6:3: error: expected a value after '+', found ')'");
}

TEST(expression_parse_errors, unknown_column_is_left_out) {
  EXPECT_EQ(error_of("1 +", {"r.xml", 4, 0}),
            "r.xml:4: error: expected a value after '+', found end of expression");
}

TEST(expression_parse_errors, unknown_function_with_hint) {
  EXPECT_EQ(error_of("summ(budget)"),
            "t.xml:1:1: error: unknown function 'summ'\n  hint: did you mean 'sum'?");
  EXPECT_EQ(error_of("1 + rond(x, 1)"),
            "t.xml:1:5: error: unknown function 'rond'\n  hint: did you mean 'round'?");
  EXPECT_EQ(error_of("frobnicate(1)"), "t.xml:1:1: error: unknown function 'frobnicate'");
  EXPECT_EQ(error_of("foo.bar(1)"), "t.xml:1:1: error: unknown function 'foo.bar'");
}

TEST(expression_parse_errors, wrong_argument_counts) {
  EXPECT_EQ(error_of("round(1, 2, 3)"), "t.xml:1:1: error: 'round' takes 1 or 2 arguments, got 3");
  EXPECT_EQ(error_of("2 * if(1, 2)"), "t.xml:1:5: error: 'if' takes 3 arguments, got 2");
  EXPECT_EQ(error_of("abs()"), "t.xml:1:1: error: 'abs' takes 1 argument, got 0");
  EXPECT_EQ(error_of("coalesce()"),
            "t.xml:1:1: error: 'coalesce' takes at least 1 argument, got 0");
  EXPECT_EQ(error_of("lookup('a')"), "t.xml:1:1: error: 'lookup' takes 4 arguments, got 1");
  EXPECT_EQ(error_of("sum(a, b)"), "t.xml:1:1: error: 'sum' takes 1 argument, got 2");
  EXPECT_EQ(error_of("movavg(x)"), "t.xml:1:1: error: 'movavg' takes 2 or 3 arguments, got 1");
}

TEST(expression_parse_errors, missing_operands) {
  EXPECT_EQ(error_of("1 +"),
            "t.xml:1:4: error: expected a value after '+', found end of expression");
  EXPECT_EQ(error_of("round(,1)"), "t.xml:1:7: error: expected a value after '(', found ','");
  EXPECT_EQ(error_of("round(1,)"), "t.xml:1:9: error: expected a value after ',', found ')'");
  EXPECT_EQ(error_of("* 2"), "t.xml:1:1: error: expected a value, found '*'");
  EXPECT_EQ(error_of("and"), "t.xml:1:1: error: expected a value, found 'and'");
  EXPECT_EQ(error_of("1 and or 2"), "t.xml:1:7: error: expected a value after 'and', found 'or'");
  EXPECT_EQ(error_of("  "), "t.xml:1:1: error: the expression is empty");
}

TEST(expression_parse_errors, unbalanced_parentheses) {
  EXPECT_EQ(error_of("(1 + 2"),
            "t.xml:1:7: error: expected ')' to match '(', found end of expression");
  EXPECT_EQ(error_of("(1 + 2))"),
            "t.xml:1:8: error: expected an operator or the end of the expression, found ')'");
}

TEST(expression_parse_errors, trailing_tokens) {
  EXPECT_EQ(error_of("1 2"),
            "t.xml:1:3: error: expected an operator or the end of the expression, found '2'");
  EXPECT_EQ(error_of("1 'a'"),
            "t.xml:1:3: error: expected an operator or the end of the expression, found the "
            "string 'a'");
  EXPECT_EQ(error_of("a AND b"),
            "t.xml:1:3: error: expected an operator or the end of the expression, found 'AND'\n"
            "  hint: operators are written in lower case: 'and'");
  EXPECT_EQ(error_of("12,5 * 2"),
            "t.xml:1:3: error: expected an operator or the end of the expression, found ','\n"
            "  hint: the decimal point in expressions is '.': 12.5");
}

TEST(expression_parse_errors, chained_comparison) {
  EXPECT_EQ(error_of("1 < 2 < 3"),
            "t.xml:1:7: error: comparisons cannot be chained, found '<' after a comparison\n"
            "  hint: combine two comparisons with 'and', as in a < b and b < c");
}

TEST(expression_parse_errors, if_needs_parentheses) {
  EXPECT_EQ(error_of("if > 2"),
            "t.xml:1:4: error: expected '(' after 'if', found '>'\n"
            "  hint: 'if' is a function: if(condition, then, otherwise)");
}

TEST(expression_parse_errors, strings) {
  EXPECT_EQ(error_of("1 + 'abc"),
            "t.xml:1:5: error: unterminated string: expected a closing ' before the end");
  EXPECT_EQ(error_of("\"abc\\"),
            "t.xml:1:1: error: unterminated string: expected a closing \" before the end");
  EXPECT_EQ(error_of("'a\\qb'"),
            "t.xml:1:3: error: unknown escape '\\q' in a string\n"
            "  hint: the escapes are \\\\ \\' \\\" \\n and \\t");
}

TEST(expression_parse_errors, unexpected_characters_with_hints) {
  EXPECT_EQ(error_of("a ! b"),
            "t.xml:1:3: error: unexpected character '!' in the expression\n"
            "  hint: use 'not' for negation, or '!=' for 'not equal'");
  EXPECT_EQ(error_of("a && b"),
            "t.xml:1:3: error: unexpected character '&' in the expression\n  hint: use 'and'");
  EXPECT_EQ(error_of("5 \xe2\x88\x92 3"),
            "t.xml:1:3: error: unexpected character '\xe2\x88\x92' (U+2212) in the expression\n"
            "  hint: use the ASCII '-' for minus");
  EXPECT_EQ(error_of("round(1; 2)"),
            "t.xml:1:8: error: unexpected character ';' in the expression\n"
            "  hint: arguments are separated by ','");
  EXPECT_EQ(error_of("a \x01"), "t.xml:1:3: error: unexpected character U+0001 in the expression");
  EXPECT_EQ(error_of("a # b"), "t.xml:1:3: error: unexpected character '#' in the expression");
}

TEST(expression_parse_errors, invalid_utf8) {
  EXPECT_EQ(error_of("ab\xff"), "t.xml:1:3: error: invalid UTF-8 byte 0xff in the expression");
  EXPECT_EQ(error_of("\xc3"), "t.xml:1:1: error: invalid UTF-8 byte 0xc3 in the expression");
  EXPECT_EQ(error_of("\xc0\xaf"), "t.xml:1:1: error: invalid UTF-8 byte 0xc0 in the expression");
}

TEST(expression_parse_errors, number_out_of_range) {
  std::string huge = "1" + std::string(400, '0');
  EXPECT_EQ(error_of("2 * " + huge), "t.xml:1:5: error: the number '" + huge + "' is out of range");
}

TEST(expression_parse_errors, deep_nesting_is_an_error_not_a_crash) {
  std::string deep = std::string(100000, '(') + "1" + std::string(100000, ')');
  EXPECT_EQ(error_of(deep),
            "t.xml:1:201: error: the expression is nested too deeply (more than 200 levels)");
  EXPECT_EQ(error_of(std::string(5000, '-') + "1"),
            "t.xml:1:200: error: the expression is nested too deeply (more than 200 levels)");
  std::string chain = "1";
  for (int i = 0; i < 5000; ++i) chain += "+1";
  EXPECT_EQ(error_of(chain),
            "t.xml:1:400: error: the expression is nested too deeply (more than 200 levels)");
}

TEST(expression_parse_errors, moderately_long_chains_are_fine) {
  std::string chain = "1";
  for (int i = 0; i < 150; ++i) chain += " + 1";
  EXPECT_EQ(eval(chain), value(151.0));
}

// Functions over rows multiply their cost when nested, so the parser allows two levels
// (sum(share(x))) and refuses a third, located at the innermost call that is one too many.
TEST(expression_parse_errors, aggregates_nest_two_deep_at_most) {
  test_data d;
  for (double v : {1.0, 3.0, 4.0}) d.rows.push_back({{"v", v}});
  test_scope rows(d, true);
  EXPECT_EQ(eval("sum(v)", rows), value(8.0));
  EXPECT_NO_THROW(parse("sum(share(v))"));
  EXPECT_NO_THROW(parse("max(avg(v)) + min(count(v)) + sum(movavg(v, 2))"));
  // min and max with several arguments are plain functions and do not count.
  EXPECT_NO_THROW(parse("sum(max(sum(v), 1, 2))"));
  EXPECT_EQ(
      error_of("sum(sum(sum(v)))", rows),
      "t.xml:1:9: error: 'sum' inside 'sum' inside 'sum': functions that run over rows can be "
      "nested only 2 deep\n"
      "  hint: compute the inner value once, as a <value> or a column, and use its name");
  EXPECT_EQ(
      error_of("1 + avg(share(count(v)))", rows),
      "t.xml:1:15: error: 'count' inside 'share' inside 'avg': functions that run over rows can be "
      "nested only 2 deep\n"
      "  hint: compute the inner value once, as a <value> or a column, and use its name");
  EXPECT_EQ(error_of("max(sum(max(lookup('t', 'k', 1, 'v'))), 0)", rows).substr(0, 60),
            "t.xml:1:13: error: 'lookup' inside 'max' inside 'sum': funct");
}

TEST(expression_parse_errors, literal_units_and_modes_are_checked_when_parsing) {
  EXPECT_EQ(error_of("scale(x, 'tk')"),
            "t.xml:1:10: error: unknown unit 'tk' for 'scale'\n  hint: did you mean 'tkr'?");
  EXPECT_EQ(error_of("scale(x, 'usd')"),
            "t.xml:1:10: error: unknown unit 'usd' for 'scale'\n"
            "  hint: the units are 'kr', 'tkr' and 'mnkr'");
  EXPECT_EQ(error_of("movavg(x, 3, 'partal')"),
            "t.xml:1:14: error: unknown mode 'partal' for 'movavg', expected 'full' or 'partial'");
}

}  // namespace
}  // namespace rapport::expr_testing

// Tests for parse_number: which texts are numbers, Swedish and English, and which stay text.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "data/data.hpp"

namespace rapport {
namespace {

std::optional<double> sv(std::string_view text) {
  return parse_number(text, true);
}
std::optional<double> en(std::string_view text) {
  return parse_number(text, false);
}

TEST(parse_number, swedish_integers_and_groups) {
  EXPECT_EQ(sv("0"), 0.0);
  EXPECT_EQ(sv("7"), 7.0);
  EXPECT_EQ(sv("57235"), 57235.0);
  EXPECT_EQ(sv("-57 235"), -57235.0);
  EXPECT_EQ(sv("1 234 567"), 1234567.0);
  EXPECT_EQ(sv("1\u00A0234\u00A0567"), 1234567.0);  // no-break space
  EXPECT_EQ(sv("1\u202F234"), 1234.0);              // narrow no-break space
  EXPECT_EQ(sv("1 234\u00A0567"), 1234567.0);       // mixed spaces from a sloppy export
  EXPECT_EQ(sv("123 456"), 123456.0);
}

TEST(parse_number, swedish_decimals) {
  EXPECT_EQ(sv("15,2"), 15.2);
  EXPECT_EQ(sv("1 234,5"), 1234.5);
  EXPECT_EQ(sv("-0,05"), -0.05);
  EXPECT_EQ(sv("0,125"), 0.125);
  EXPECT_EQ(sv("3,14159"), 3.14159);
  EXPECT_EQ(sv("12,345"), 12.345);  // with a decimal comma, ',' is never a group
}

TEST(parse_number, signs) {
  EXPECT_EQ(sv("+2,3"), 2.3);
  EXPECT_EQ(sv("\u22123"), -3.0);           // true minus
  EXPECT_EQ(sv("\u2013 3"), std::nullopt);  // a sign must touch the digits
  EXPECT_EQ(sv("\u20133,5"), -3.5);         // en dash, as word processors write '-'
  EXPECT_EQ(sv("\u2212"
               "57 235"),
            -57235.0);
  EXPECT_EQ(sv("--5"), std::nullopt);
  EXPECT_EQ(sv("+-5"), std::nullopt);
  EXPECT_EQ(sv("5-"), std::nullopt);
  EXPECT_TRUE(std::signbit(*sv("-0")));
}

TEST(parse_number, percent_sign_is_allowed_and_ignored) {
  EXPECT_EQ(sv("9,7 %"), 9.7);
  EXPECT_EQ(sv("9,7%"), 9.7);
  EXPECT_EQ(sv("9,7\u00A0%"), 9.7);
  EXPECT_EQ(sv("-15 %"), -15.0);
  EXPECT_EQ(sv("1 234 %"), 1234.0);
  EXPECT_EQ(sv("9,7  %"), std::nullopt);  // one space at most
  EXPECT_EQ(sv("9,7 %%"), std::nullopt);
  EXPECT_EQ(sv("%"), std::nullopt);
  EXPECT_EQ(sv("% 9"), std::nullopt);
}

TEST(parse_number, surrounding_blanks_are_ignored) {
  EXPECT_EQ(sv("  42 "), 42.0);
  EXPECT_EQ(sv("\t-1,5\t"), -1.5);
  EXPECT_EQ(sv("\u00A042\u00A0"), 42.0);
}

TEST(parse_number, point_decimal_accepted_only_when_unambiguous) {
  EXPECT_EQ(sv("1.5"), 1.5);
  EXPECT_EQ(sv("-12.25"), -12.25);
  EXPECT_EQ(sv("1234.567"), 1234.567);  // four whole digits: '.' cannot be a group
  EXPECT_EQ(sv("0.125"), 0.125);        // a group never follows a lone 0
  EXPECT_EQ(sv("1 234.5"), 1234.5);     // spaces already group the thousands
  EXPECT_EQ(sv("12.3456"), 12.3456);
  EXPECT_EQ(sv("1.234"), std::nullopt);  // 1234 or 1.234? stays text
  EXPECT_EQ(sv("123.456"), std::nullopt);
  EXPECT_EQ(sv("1.234.567"), std::nullopt);
  EXPECT_EQ(sv("1.234,5"), std::nullopt);  // German style
  EXPECT_EQ(sv("1,5.5"), std::nullopt);
}

TEST(parse_number, not_numbers) {
  for (const char* text :
       {"",       " ",    "-",        "+",           "abc",    "12 34",   "1 2345",     "1234 567",
        "1,2,3",  "1e5",  "1E5",      "0x10",        ",5",     "15,",     "15,-",       "1 234,",
        "1  234", "12a",  "a12",      "nan",         "inf",    "(1 234)", "1_000",      "0123",
        "-007",   "00,5", "1 234 56", "12 345 6789", "\u2212", "3/4",     "2021-11-23", "1.2.3"}) {
    EXPECT_EQ(sv(text), std::nullopt) << "'" << text << "'";
  }
}

TEST(parse_number, english) {
  EXPECT_EQ(en("1,234.5"), 1234.5);
  EXPECT_EQ(en("-57,235"), -57235.0);
  EXPECT_EQ(en("1,234,567.89"), 1234567.89);
  EXPECT_EQ(en("15.2"), 15.2);
  EXPECT_EQ(en("1.234"), 1.234);  // '.' is simply the decimal point here
  EXPECT_EQ(en("1 234.5"), 1234.5);
  EXPECT_EQ(en("9.7%"), 9.7);
  EXPECT_EQ(en("9.7 %"), 9.7);
  EXPECT_EQ(en("\u22125.5"), -5.5);
  for (const char* text :
       {"15,2", "1,5", "1,23", "1,2345", "1 234,567", "1,234 567", "1.", ".5", "1.2.3"}) {
    EXPECT_EQ(en(text), std::nullopt) << "'" << text << "'";
  }
}

TEST(parse_number, exact_conversion_without_locale) {
  // from_chars gives the nearest double, like a compiler reading the literal.
  EXPECT_EQ(sv("0,1"), 0.1);
  EXPECT_EQ(sv("123 456 789,123"), 123456789.123);
  EXPECT_EQ(sv("9 007 199 254 740 993"), 9007199254740992.0);  // 2^53 + 1 rounds to even
}

TEST(parse_number, huge_inputs_do_not_crash) {
  std::string many(400, '9');
  EXPECT_EQ(sv(many), std::nullopt);  // beyond the range of a double
  std::string long_fraction = "0," + std::string(2000, '3');
  ASSERT_TRUE(sv(long_fraction).has_value());
  EXPECT_NEAR(*sv(long_fraction), 1.0 / 3.0, 1e-15);
}

}  // namespace
}  // namespace rapport

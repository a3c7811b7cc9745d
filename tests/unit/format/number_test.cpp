// Tests for format_number and format_value: Swedish and British figures, rounding, signs.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "format/format.hpp"

namespace rapport {
namespace {

const locale_info& sv() {
  return locale_for("sv");
}
const locale_info& en() {
  return locale_for("en-GB");
}

number_format fmt_of(std::string_view spec) {
  std::string error;
  auto f = parse_number_format(spec, &error);
  EXPECT_TRUE(f.has_value()) << error;
  return f.value_or(number_format{});
}

std::string sv_text(double v, std::string_view spec = "") {
  return format_number(v, fmt_of(spec), sv());
}
std::string en_text(double v, std::string_view spec = "") {
  return format_number(v, fmt_of(spec), en());
}

TEST(format_number, swedish_integers_group_with_spaces) {
  EXPECT_EQ(sv_text(-57235), "-57 235");
  EXPECT_EQ(sv_text(0), "0");
  EXPECT_EQ(sv_text(7), "7");
  EXPECT_EQ(sv_text(999), "999");
  EXPECT_EQ(sv_text(1000), "1 000");
  EXPECT_EQ(sv_text(123456), "123 456");
  EXPECT_EQ(sv_text(1234567), "1 234 567");
  EXPECT_EQ(sv_text(-100000000), "-100 000 000");
}

TEST(format_number, swedish_decimals) {
  EXPECT_EQ(sv_text(15.2, "dec1"), "15,2");
  EXPECT_EQ(sv_text(1234567.891, "dec2"), "1 234 567,89");
  EXPECT_EQ(sv_text(3, "dec2"), "3,00");
  EXPECT_EQ(sv_text(0.5, "dec3"), "0,500");
  EXPECT_EQ(sv_text(0.001234, "dec4"), "0,0012");
}

TEST(format_number, rounds_half_away_from_zero) {
  EXPECT_EQ(sv_text(84.5), "85");
  EXPECT_EQ(sv_text(-84.5), "-85");
  EXPECT_EQ(sv_text(84.49), "84");
  EXPECT_EQ(sv_text(0.5), "1");
  EXPECT_EQ(sv_text(2.5), "3");  // not banker's rounding
  EXPECT_EQ(sv_text(-0.05, "dec1"), "-0,1");
  EXPECT_EQ(sv_text(0.05, "dec1"), "0,1");
  EXPECT_EQ(sv_text(1.25, "dec1"), "1,3");
}

TEST(format_number, rounds_the_decimal_value_not_the_binary_one) {
  // 2.675, 1.005 and 0.285 are stored just below the half; a reader still expects them up.
  EXPECT_EQ(sv_text(2.675, "dec2"), "2,68");
  EXPECT_EQ(sv_text(1.005, "dec2"), "1,01");
  EXPECT_EQ(sv_text(0.285, "dec2"), "0,29");
  EXPECT_EQ(sv_text(-2.675, "dec2"), "-2,68");
  EXPECT_EQ(sv_text(0.1 + 0.2, "dec1"), "0,3");
  EXPECT_EQ(sv_text(84.49999999999999), "85");  // binary noise of a computed 84.5
  EXPECT_EQ(sv_text(1.0 / 3.0, "dec2"), "0,33");
  EXPECT_EQ(sv_text(2.0 / 3.0, "dec2"), "0,67");
}

TEST(format_number, rounding_carries_into_the_whole_part) {
  EXPECT_EQ(sv_text(9.96, "dec1"), "10,0");
  EXPECT_EQ(sv_text(999.5), "1 000");
  EXPECT_EQ(sv_text(-999999.95, "dec1"), "-1 000 000,0");
  EXPECT_EQ(sv_text(0.999, "dec2"), "1,00");
}

TEST(format_number, never_prints_minus_zero) {
  EXPECT_EQ(sv_text(-0.0), "0");
  EXPECT_EQ(sv_text(-0.4), "0");
  EXPECT_EQ(sv_text(-0.04, "dec1"), "0,0");
  EXPECT_EQ(sv_text(-0.004, "dec2 minus"), "0,00");
  EXPECT_EQ(sv_text(-1e-12, "dec2"), "0,00");
}

TEST(format_number, plus_sign) {
  EXPECT_EQ(sv_text(2.3, "dec1 plus"), "+2,3");
  EXPECT_EQ(sv_text(-2.3, "dec1 plus"), "-2,3");
  EXPECT_EQ(sv_text(0, "plus"), "0");            // zero has no sign
  EXPECT_EQ(sv_text(0.04, "dec1 plus"), "0,0");  // rounds to zero: no sign either
  EXPECT_EQ(sv_text(1234, "plus"), "+1 234");
}

TEST(format_number, zero_text_replaces_the_whole_figure) {
  EXPECT_EQ(sv_text(0, "plus zero='+/- 0'"), "+/- 0");
  EXPECT_EQ(sv_text(0.3, "plus zero=+/-%200"), "+/- 0");  // rounds to zero
  EXPECT_EQ(sv_text(-0.3, "zero=-"), "-");
  EXPECT_EQ(sv_text(0, "pct1 zero=0 suffix=%20tkr"), "0");
  EXPECT_EQ(sv_text(0.6, "plus zero='+/- 0'"), "+1");
}

TEST(format_number, true_minus) {
  EXPECT_EQ(sv_text(-57235, "minus"), "\u221257 235");
  EXPECT_EQ(sv_text(57235, "minus"), "57 235");
}

TEST(format_number, group_options) {
  EXPECT_EQ(sv_text(1234567, "nbsp"), "1\u00A0234\u00A0567");
  EXPECT_EQ(sv_text(2021, "nogroup"), "2021");
  EXPECT_EQ(sv_text(-1234567.5, "nogroup dec1"), "-1234567,5");
  EXPECT_EQ(sv_text(123, "nbsp"), "123");
}

TEST(format_number, percent) {
  EXPECT_EQ(sv_text(9.7, "pct1"), "9,7 %");
  EXPECT_EQ(sv_text(15.2, "pct1"), "15,2 %");
  EXPECT_EQ(sv_text(15.2, "pct1 pctsep=none"), "15,2%");
  EXPECT_EQ(sv_text(9.7, "pct"), "10 %");  // the value is already in per cent
  EXPECT_EQ(sv_text(-3.25, "pct1 plus"), "-3,3 %");
  EXPECT_EQ(sv_text(3.25, "pct1 plus"), "+3,3 %");
  EXPECT_EQ(sv_text(1234.5, "pct1"), "1 234,5 %");
  EXPECT_EQ(sv_text(9.7, "pct1 nbsp"), "9,7\u00A0%");
  EXPECT_EQ(sv_text(9.7, "pct1 pctsep=nbsp"), "9,7\u00A0%");
  EXPECT_EQ(en_text(15.2, "pct1"), "15.2%");
  EXPECT_EQ(en_text(15.2, "pct1 pctsep=space"), "15.2 %");
}

TEST(format_number, scale) {
  EXPECT_EQ(sv_text(-654350, "scale=1000 dec1"), "-654,4");
  EXPECT_EQ(sv_text(654349, "scale=1000 dec1"), "654,3");
  EXPECT_EQ(sv_text(12345678, "scale=1000000 dec1 suffix=%20mnkr"), "12,3 mnkr");
}

TEST(format_number, suffix) {
  EXPECT_EQ(sv_text(-57235, "suffix=' tkr'"), "-57 235 tkr");
  EXPECT_EQ(sv_text(12, "suffix=%20hushåll"), "12 hushåll");
  EXPECT_EQ(sv_text(9.7, "pct1 suffix=*"), "9,7 %*");
}

TEST(format_number, british_english) {
  EXPECT_EQ(en_text(-57235), "-57,235");
  EXPECT_EQ(en_text(1234567.891, "dec2"), "1,234,567.89");
  EXPECT_EQ(en_text(15.2, "dec1"), "15.2");
  EXPECT_EQ(en_text(2.3, "dec1 plus"), "+2.3");
}

TEST(format_number, rounds_what_arithmetic_meant_not_its_binary_noise) {
  // -94.555 - -84.6 is -9.955000000000013 in doubles and -9.955 in decimals.
  EXPECT_EQ(sv_text(-94.555 - -84.6, "dec2"), "-9,96");
  // A difference that lands just under a half: 0.1 + 0.2 - 0.3 - 0.05 = -0.04999999999999999.
  EXPECT_EQ(sv_text(0.1 + 0.2 - 0.3 - 0.05, "dec1"), "-0,1");
  EXPECT_EQ(sv_text(-84.65 + 80.0 - 1.1, "dec1"), "-5,8");
}

TEST(format_number, large_and_tiny_magnitudes) {
  EXPECT_EQ(sv_text(1e15), "1 000 000 000 000 000");
  EXPECT_EQ(sv_text(123456789012345.0), "123 456 789 012 345");
  EXPECT_EQ(sv_text(1e20), "100 000 000 000 000 000 000");
  EXPECT_EQ(sv_text(5e-324, "dec2"), "0,00");
  EXPECT_EQ(sv_text(0.000051, "dec4"), "0,0001");
}

TEST(format_number, undefined_numbers_print_as_empty) {
  number_format f = fmt_of("dec1 empty=---");
  EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN(), f, sv()), "---");
  EXPECT_EQ(format_number(std::numeric_limits<double>::infinity(), f, sv()), "---");
  EXPECT_EQ(format_number(-std::numeric_limits<double>::infinity(), fmt_of(""), sv()), "");
}

TEST(format_number, a_hand_built_format_with_a_bad_scale_does_not_divide) {
  number_format f;
  f.scale = 0;  // parse_number_format refuses this; a hand-built one must not print garbage
  EXPECT_EQ(format_number(1234, f, sv()), "1 234");
}

TEST(format_value, each_kind_of_value) {
  number_format f = fmt_of("dec1 empty=-");
  EXPECT_EQ(format_value(value{}, f, sv()), "-");
  EXPECT_EQ(format_value(value{}, fmt_of(""), sv()), "");
  EXPECT_EQ(format_value(value{-1234.56}, f, sv()), "-1 234,6");
  EXPECT_EQ(format_value(value{"Vård och omsorg"}, f, sv()), "Vård och omsorg");
  EXPECT_EQ(format_value(value{"15,2"}, f, sv()), "15,2");  // text stays as written
  EXPECT_EQ(format_value(value{true}, f, sv()), "ja");
  EXPECT_EQ(format_value(value{false}, f, sv()), "nej");
  EXPECT_EQ(format_value(value{true}, f, en()), "yes");
  EXPECT_EQ(format_value(value{false}, f, en()), "no");
  EXPECT_EQ(format_value(value{-1234.56}, f, en()), "-1,234.6");
}

}  // namespace
}  // namespace rapport

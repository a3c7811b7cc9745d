// Tests for parse_number_format: the words of a format attribute.
#include <gtest/gtest.h>

#include <string>

#include "format/format.hpp"

namespace rapport {
namespace {

number_format parse_ok(std::string_view spec) {
  std::string error;
  auto f = parse_number_format(spec, &error);
  EXPECT_TRUE(f.has_value()) << spec << ": " << error;
  EXPECT_EQ(error, "") << spec;
  return f.value_or(number_format{});
}

std::string parse_error(std::string_view spec) {
  std::string error;
  auto f = parse_number_format(spec, &error);
  EXPECT_FALSE(f.has_value()) << spec;
  return error;
}

TEST(parse_number_format, empty_spec_is_the_default) {
  number_format f = parse_ok("");
  EXPECT_EQ(f.decimals, 0);
  EXPECT_FALSE(f.percent);
  EXPECT_FALSE(f.plus_sign);
  EXPECT_FALSE(f.true_minus);
  EXPECT_FALSE(f.nbsp_groups);
  EXPECT_TRUE(f.group);
  EXPECT_EQ(f.zero_text, "");
  EXPECT_EQ(f.empty_text, "");
  EXPECT_EQ(f.suffix, "");
  EXPECT_FALSE(f.percent_separator.has_value());
  EXPECT_EQ(f.scale, 1.0);
  EXPECT_EQ(parse_ok("   ").decimals, 0);
}

TEST(parse_number_format, decimals) {
  EXPECT_EQ(parse_ok("int").decimals, 0);
  EXPECT_EQ(parse_ok("dec1").decimals, 1);
  EXPECT_EQ(parse_ok("dec2").decimals, 2);
  EXPECT_EQ(parse_ok("dec0").decimals, 0);
  EXPECT_EQ(parse_ok("dec7").decimals, 7);
  EXPECT_EQ(parse_ok("dec15").decimals, 15);
  EXPECT_EQ(parse_ok("dec1 dec3").decimals, 3);  // the last one counts
}

TEST(parse_number_format, percent) {
  number_format pct = parse_ok("pct");
  EXPECT_TRUE(pct.percent);
  EXPECT_EQ(pct.decimals, 0);
  number_format pct1 = parse_ok("pct1");
  EXPECT_TRUE(pct1.percent);
  EXPECT_EQ(pct1.decimals, 1);
  EXPECT_EQ(parse_ok("pct2").decimals, 2);
}

TEST(parse_number_format, explicit_decimals_win_over_percent_in_any_order) {
  EXPECT_EQ(parse_ok("pct dec2").decimals, 2);
  EXPECT_EQ(parse_ok("dec2 pct").decimals, 2);
  EXPECT_EQ(parse_ok("int pct1").decimals, 0);
  EXPECT_TRUE(parse_ok("dec2 pct").percent);
}

TEST(parse_number_format, flags) {
  number_format f = parse_ok("plus minus nbsp nogroup");
  EXPECT_TRUE(f.plus_sign);
  EXPECT_TRUE(f.true_minus);
  EXPECT_TRUE(f.nbsp_groups);
  EXPECT_FALSE(f.group);
}

TEST(parse_number_format, texts) {
  number_format f = parse_ok("zero=0 empty=--- suffix=kr");
  EXPECT_EQ(f.zero_text, "0");
  EXPECT_EQ(f.empty_text, "---");
  EXPECT_EQ(f.suffix, "kr");
  EXPECT_EQ(parse_ok("empty=").empty_text, "");
  EXPECT_EQ(parse_ok("suffix=").suffix, "");
}

TEST(parse_number_format, percent_20_is_a_space) {
  EXPECT_EQ(parse_ok("suffix=%20tkr").suffix, " tkr");
  EXPECT_EQ(parse_ok("zero=+/-%200").zero_text, "+/- 0");
  EXPECT_EQ(parse_ok("zero=+/-0").zero_text, "+/-0");
  EXPECT_EQ(parse_ok("suffix=%25").suffix, "%");
  EXPECT_EQ(parse_ok("suffix=%").suffix, "%");  // a lone '%' stays
  EXPECT_EQ(parse_ok("suffix=%2").suffix, "%2");
}

TEST(parse_number_format, quoted_texts_keep_spaces) {
  EXPECT_EQ(parse_ok("suffix=' tkr' dec1").suffix, " tkr");
  EXPECT_EQ(parse_ok("dec1 suffix=\" kr\"").suffix, " kr");
  EXPECT_EQ(parse_ok("zero='+/- 0'").zero_text, "+/- 0");
  EXPECT_EQ(parse_ok("suffix=\"it's\"").suffix, "it's");
  EXPECT_EQ(parse_ok("dec1 suffix=' tkr'").decimals, 1);
}

TEST(parse_number_format, percent_separator) {
  EXPECT_EQ(parse_ok("pct pctsep=none").percent_separator, std::optional<std::string>(""));
  EXPECT_EQ(parse_ok("pct pctsep=space").percent_separator, std::optional<std::string>(" "));
  EXPECT_EQ(parse_ok("pct pctsep=nbsp").percent_separator, std::optional<std::string>("\u00A0"));
}

TEST(parse_number_format, scale) {
  EXPECT_EQ(parse_ok("scale=1000").scale, 1000.0);
  EXPECT_EQ(parse_ok("scale=0.5").scale, 0.5);
  EXPECT_EQ(parse_ok("scale=1e6").scale, 1e6);
}

TEST(parse_number_format, words_are_separated_by_any_white_space) {
  number_format f = parse_ok("  dec1\tplus\n nogroup ");
  EXPECT_EQ(f.decimals, 1);
  EXPECT_TRUE(f.plus_sign);
  EXPECT_FALSE(f.group);
}

TEST(parse_number_format, unknown_words) {
  EXPECT_EQ(parse_error("dex1"), "unknown number format option 'dex1'; did you mean 'dec1'?");
  EXPECT_EQ(parse_error("dec1 plsu"), "unknown number format option 'plsu'; did you mean 'plus'?");
  EXPECT_EQ(parse_error("sufix=kr"),
            "unknown number format option 'sufix=kr'; did you mean 'suffix='?");
  EXPECT_EQ(parse_error("bananas"), "unknown number format option 'bananas'");
  EXPECT_EQ(parse_error("dec"), "unknown number format option 'dec'; did you mean 'dec1'?");
  EXPECT_EQ(parse_error("dec16"), "unknown number format option 'dec16'; did you mean 'dec1'?");
  EXPECT_EQ(parse_error("dec-1"), "unknown number format option 'dec-1'; did you mean 'dec1'?");
  EXPECT_EQ(parse_error("DEC1"), "unknown number format option 'DEC1'");
}

TEST(parse_number_format, unquoted_text_with_a_space_is_two_words) {
  // "zero=+/- 0" splits at the space; the stray "0" is reported.
  EXPECT_EQ(parse_error("zero=+/- 0"), "unknown number format option '0'");
}

TEST(parse_number_format, bad_option_values) {
  EXPECT_EQ(parse_error("pctsep=tab"), "pctsep must be 'none', 'space' or 'nbsp', found 'tab'");
  EXPECT_EQ(parse_error("scale=0"), "scale must be a positive number, found '0'");
  EXPECT_EQ(parse_error("scale=-10"), "scale must be a positive number, found '-10'");
  EXPECT_EQ(parse_error("scale=tkr"), "scale must be a positive number, found 'tkr'");
  EXPECT_EQ(parse_error("scale="), "scale must be a positive number, found ''");
  EXPECT_EQ(parse_error("scale=10x"), "scale must be a positive number, found '10x'");
  EXPECT_EQ(parse_error("zero="),
            "zero= needs a text to print instead of zero (write %20 for a space)");
  EXPECT_EQ(parse_error("suffix=' tkr"), "unterminated quote ' in number format");
  EXPECT_EQ(parse_error("suffix=\"kr"), "unterminated quote \" in number format");
}

TEST(parse_number_format, error_pointer_is_optional) {
  EXPECT_FALSE(parse_number_format("nonsense").has_value());
  EXPECT_TRUE(parse_number_format("dec1").has_value());
}

}  // namespace
}  // namespace rapport

// Tests for text/ line_break_opportunities (UAX #14 through libunibreak).
#include <gtest/gtest.h>

#include "text/text.hpp"

using namespace rapport::text;

namespace {

/// Byte index of the last byte of the first occurrence of `what` in `text`.
std::size_t after(const std::string& text, const std::string& what) {
  return text.find(what) + what.size() - 1;
}

}  // namespace

TEST(line_breaks, one_entry_per_byte) {
  EXPECT_TRUE(line_break_opportunities("", "sv").empty());
  const std::string text = "ett två";
  const auto b = line_break_opportunities(text, "sv");
  ASSERT_EQ(b.size(), text.size());
  EXPECT_EQ(b[2], break_after::no_break);     // after "t"
  EXPECT_EQ(b[3], break_after::allowed);      // after the space
  EXPECT_EQ(b[5], break_after::no_break);     // after "tv"
  EXPECT_EQ(b[6], break_after::inside_char);  // first byte of "å"
  EXPECT_EQ(b[7], break_after::mandatory);    // end of text
}

TEST(line_breaks, no_break_spaces_forbid) {
  const std::string nbsp = "57\u00A0235 kr";
  const auto b = line_break_opportunities(nbsp, "sv");
  EXPECT_EQ(b[after(nbsp, "57")], break_after::no_break);
  EXPECT_EQ(b[after(nbsp, "57\u00A0") - 1], break_after::inside_char);
  EXPECT_EQ(b[after(nbsp, "57\u00A0")], break_after::no_break);
  EXPECT_EQ(b[after(nbsp, "235 ")], break_after::allowed);

  const std::string narrow = "9,7\u202F% av budget";
  const auto n = line_break_opportunities(narrow, "sv");
  EXPECT_EQ(n[after(narrow, "9,7")], break_after::no_break);
  EXPECT_EQ(n[after(narrow, "9,7\u202F")], break_after::no_break);
  EXPECT_EQ(n[after(narrow, "% ")], break_after::allowed);
}

TEST(line_breaks, hyphens_and_numbers) {
  const std::string range = "sidorna 12-15";
  const auto r = line_break_opportunities(range, "sv");
  EXPECT_EQ(r[after(range, "12-")], break_after::no_break);  // no break before a number
  EXPECT_EQ(r[after(range, "12")], break_after::no_break);

  const std::string compound = "kostnads-utveckling";
  const auto c = line_break_opportunities(compound, "sv");
  EXPECT_EQ(c[after(compound, "kostnads-")], break_after::allowed);
  EXPECT_EQ(c[after(compound, "kostnads")], break_after::no_break);

  const std::string decimal = "15,2 mnkr";
  const auto d = line_break_opportunities(decimal, "sv");
  EXPECT_EQ(d[after(decimal, "15,")], break_after::no_break);
}

TEST(line_breaks, punctuation_and_newlines) {
  const std::string text = "(se bilaga 3). Nästa\nrad";
  const auto b = line_break_opportunities(text, "sv");
  EXPECT_EQ(b[after(text, "(")], break_after::no_break);
  EXPECT_EQ(b[after(text, "3")], break_after::no_break);  // not before ")"
  EXPECT_EQ(b[after(text, "). ")], break_after::allowed);
  EXPECT_EQ(b[after(text, "\n")], break_after::mandatory);
  EXPECT_EQ(b[after(text, "Nästa")], break_after::no_break);
}

TEST(line_breaks, language_may_be_empty) {
  const auto b = line_break_opportunities("a b", "");
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[1], break_after::allowed);
}

// Tests for locale_for: which conventions a language tag selects.
#include <gtest/gtest.h>

#include <string>

#include "format/format.hpp"

namespace rapport {
namespace {

TEST(locale_for, swedish_conventions) {
  const locale_info& sv = locale_for("sv");
  EXPECT_EQ(sv.tag, "sv");
  EXPECT_EQ(sv.decimal_mark, ",");
  EXPECT_EQ(sv.group_separator, " ");
  EXPECT_EQ(sv.percent_separator, " ");
  EXPECT_STREQ(sv.yes_word, "ja");
  EXPECT_STREQ(sv.no_word, "nej");
}

TEST(locale_for, swedish_month_names_are_lower_case) {
  const locale_info& sv = locale_for("sv");
  const char* expected[12] = {"januari",   "februari", "mars",     "april",
                              "maj",       "juni",     "juli",     "augusti",
                              "september", "oktober",  "november", "december"};
  const char* abbrevs[12] = {"jan", "feb", "mar", "apr", "maj", "jun",
                             "jul", "aug", "sep", "okt", "nov", "dec"};
  for (int m = 0; m < 12; ++m) {
    EXPECT_STREQ(sv.month_names[m], expected[m]) << m;
    EXPECT_STREQ(sv.month_abbrevs[m], abbrevs[m]) << m;
  }
}

TEST(locale_for, british_conventions) {
  const locale_info& en = locale_for("en-GB");
  EXPECT_EQ(en.tag, "en-GB");
  EXPECT_EQ(en.decimal_mark, ".");
  EXPECT_EQ(en.group_separator, ",");
  EXPECT_EQ(en.percent_separator, "");
  EXPECT_STREQ(en.month_names[0], "January");
  EXPECT_STREQ(en.month_names[10], "November");
  EXPECT_STREQ(en.month_abbrevs[8], "Sep");
  EXPECT_STREQ(en.yes_word, "yes");
  EXPECT_STREQ(en.no_word, "no");
}

TEST(locale_for, tags_select_by_primary_language) {
  EXPECT_EQ(&locale_for("sv-SE"), &locale_for("sv"));
  EXPECT_EQ(&locale_for("sv_SE"), &locale_for("sv"));
  EXPECT_EQ(&locale_for("SV"), &locale_for("sv"));
  EXPECT_EQ(&locale_for("en"), &locale_for("en-GB"));
  EXPECT_EQ(&locale_for("EN-gb"), &locale_for("en-GB"));
  EXPECT_EQ(&locale_for("en-US"), &locale_for("en-GB"));
}

TEST(locale_for, unknown_and_empty_tags_are_swedish) {
  EXPECT_EQ(locale_for("").tag, "sv");
  EXPECT_EQ(locale_for("de-DE").tag, "sv");
  EXPECT_EQ(locale_for("english").tag, "sv");  // not "en" followed by a subtag
}

}  // namespace
}  // namespace rapport

// Tests for dates: ISO parsing, named and custom patterns, and day counts.
#include <gtest/gtest.h>

#include "format/format.hpp"

namespace rapport {
namespace {

const locale_info& sv() {
  return locale_for("sv");
}
const locale_info& en() {
  return locale_for("en-GB");
}

TEST(parse_iso_date, valid_dates) {
  EXPECT_EQ(parse_iso_date("2021-11-23"), (date{2021, 11, 23}));
  EXPECT_EQ(parse_iso_date("2020-02-29"), (date{2020, 2, 29}));  // leap year
  EXPECT_EQ(parse_iso_date("2000-02-29"), (date{2000, 2, 29}));  // divisible by 400
  EXPECT_EQ(parse_iso_date("0001-01-01"), (date{1, 1, 1}));
  EXPECT_EQ(parse_iso_date("9999-12-31"), (date{9999, 12, 31}));
}

TEST(parse_iso_date, rejects_anything_else) {
  for (const char* text :
       {"", "2021-11-2", "2021-1-23", "21-11-23", "2021/11/23", "2021-11-23 ", " 2021-11-23",
        "2021-13-01", "2021-00-10", "2021-11-00", "2021-11-31", "2021-02-29", "1900-02-29",
        "2021-1a-01", "20211123xx", "+021-11-23", "2021-11-23T10:00"}) {
    EXPECT_EQ(parse_iso_date(text), std::nullopt) << text;
  }
}

TEST(format_date, named_patterns_swedish) {
  date d{2021, 11, 23};
  EXPECT_EQ(format_date(d, "long", sv()), "23 november 2021");
  EXPECT_EQ(format_date(d, "iso", sv()), "2021-11-23");
  EXPECT_EQ(format_date(d, "", sv()), "2021-11-23");
  EXPECT_EQ(format_date({2021, 8, 31}, "month-year", sv()), "aug-21");
  EXPECT_EQ(format_date({2021, 5, 1}, "month-year", sv()), "maj-21");
  EXPECT_EQ(format_date({2018, 8, 31}, "day-month", sv()), "31/8 2018");
  EXPECT_EQ("den " + format_date(d, "long", sv()), "den 23 november 2021");
  EXPECT_EQ(format_date({2021, 1, 5}, "long", sv()), "5 januari 2021");
}

TEST(format_date, named_patterns_english) {
  EXPECT_EQ(format_date({2021, 11, 23}, "long", en()), "23 November 2021");
  EXPECT_EQ(format_date({2021, 8, 31}, "month-year", en()), "Aug-21");
  EXPECT_EQ(format_date({2021, 11, 23}, "iso", en()), "2021-11-23");
}

TEST(format_date, custom_tokens) {
  date d{2009, 3, 7};
  EXPECT_EQ(format_date(d, "d", sv()), "7");
  EXPECT_EQ(format_date(d, "dd", sv()), "07");
  EXPECT_EQ(format_date(d, "M", sv()), "3");
  EXPECT_EQ(format_date(d, "MM", sv()), "03");
  EXPECT_EQ(format_date(d, "MMM", sv()), "mar");
  EXPECT_EQ(format_date(d, "MMMM", sv()), "mars");
  EXPECT_EQ(format_date(d, "yy", sv()), "09");
  EXPECT_EQ(format_date(d, "yyyy", sv()), "2009");
  EXPECT_EQ(format_date(d, "dd.MM.yyyy", sv()), "07.03.2009");
  EXPECT_EQ(format_date(d, "MMMM yyyy", sv()), "mars 2009");
  EXPECT_EQ(format_date(d, "d MMM", sv()), "7 mar");
}

TEST(format_date, tokens_are_read_longest_first) {
  date d{2021, 11, 23};
  EXPECT_EQ(format_date(d, "MMMMM", sv()), "november11");  // MMMM then M
  EXPECT_EQ(format_date(d, "yyyyyy", sv()), "202121");     // yyyy then yy
  EXPECT_EQ(format_date(d, "ddd", sv()), "2323");          // dd then d
  EXPECT_EQ(format_date(d, "yyy", sv()), "21y");           // yy then a plain y
}

TEST(format_date, quoted_text_is_literal) {
  date d{2021, 11, 23};
  EXPECT_EQ(format_date(d, "'den' d MMMM", sv()), "den 23 november");
  EXPECT_EQ(format_date(d, "'dag' d", sv()), "dag 23");
  EXPECT_EQ(format_date(d, "d''MM", sv()), "23'11");
  EXPECT_EQ(format_date(d, "'it''s' d", sv()), "it's 23");
  EXPECT_EQ(format_date(d, "'open d", sv()), "open d");  // unterminated: the rest is literal
  EXPECT_EQ(format_date(d, "v. d", sv()), "v. 23");      // other letters are kept
}

TEST(format_date, out_of_range_dates_do_not_crash) {
  EXPECT_EQ(format_date({2021, 13, 1}, "d MMMM yyyy", sv()), "1 13 2021");
  EXPECT_EQ(format_date({2021, 0, 1}, "MMM", sv()), "0");
  EXPECT_EQ(format_date({-44, 3, 15}, "yyyy yy", sv()), "-0044 56");
  EXPECT_EQ(format_date({12345, 1, 1}, "yyyy", sv()), "12345");
  EXPECT_EQ(format_date({5, 1, 1}, "yyyy yy", sv()), "0005 05");
}

TEST(days_from_civil, known_days) {
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil({1970, 1, 2}), 1);
  EXPECT_EQ(days_from_civil({1969, 12, 31}), -1);
  EXPECT_EQ(days_from_civil({2000, 1, 1}), 10957);
  EXPECT_EQ(days_from_civil({2000, 3, 1}), 11017);  // 2000 is a leap year: 31 + 29 days
  EXPECT_EQ(days_from_civil({2021, 11, 23}), 18954);
  EXPECT_EQ(days_from_civil({1900, 3, 1}) - days_from_civil({1900, 2, 28}), 1);  // not leap
  EXPECT_EQ(days_from_civil({0, 3, 1}), -719468);
  EXPECT_EQ(days_from_civil({2021, 12, 31}) - days_from_civil({2021, 1, 1}), 364);
  EXPECT_EQ(days_from_civil({2020, 12, 31}) - days_from_civil({2020, 1, 1}), 365);
}

TEST(civil_from_days, known_days) {
  EXPECT_EQ(civil_from_days(0), (date{1970, 1, 1}));
  EXPECT_EQ(civil_from_days(-1), (date{1969, 12, 31}));
  EXPECT_EQ(civil_from_days(18954), (date{2021, 11, 23}));
  EXPECT_EQ(civil_from_days(11016), (date{2000, 2, 29}));
  EXPECT_EQ(civil_from_days(-719468), (date{0, 3, 1}));
  EXPECT_EQ(civil_from_days(-719469), (date{0, 2, 29}));  // year 0 is a leap year
}

TEST(civil_from_days, round_trips_over_many_centuries) {
  // Walk day by day from 1600 to 2400 and check that the calendar advances one day at a time.
  date previous = civil_from_days(days_from_civil({1600, 1, 1}) - 1);
  EXPECT_EQ(previous, (date{1599, 12, 31}));
  for (long n = days_from_civil({1600, 1, 1}); n <= days_from_civil({2400, 12, 31}); ++n) {
    date d = civil_from_days(n);
    ASSERT_EQ(days_from_civil(d), n);
    bool next_day =
        d.year == previous.year && d.month == previous.month && d.day == previous.day + 1;
    bool next_month = d.year == previous.year && d.month == previous.month + 1 && d.day == 1;
    bool next_year =
        d.year == previous.year + 1 && d.month == 1 && d.day == 1 && previous.month == 12;
    ASSERT_TRUE(next_day || next_month || next_year) << d.year << "-" << d.month << "-" << d.day;
    // Every date on the way is one parse_iso_date accepts, and formats back to itself.
    if (d.day == 28 || d.day == 29 || d.day == 1) {
      std::string iso = format_date(d, "iso", locale_for("sv"));
      ASSERT_EQ(parse_iso_date(iso), d) << iso;
    }
    previous = d;
  }
}

TEST(days_from_civil, negative_years) {
  EXPECT_EQ(civil_from_days(days_from_civil({-1, 12, 31}) + 1), (date{0, 1, 1}));
  EXPECT_EQ(civil_from_days(days_from_civil({-400, 2, 29})), (date{-400, 2, 29}));
}

}  // namespace
}  // namespace rapport

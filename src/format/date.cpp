// format/ dates: ISO parsing, day counts for compute/, and dates written with month names.
#include <fmt/format.h>

#include <string>

#include "format/format.hpp"

namespace rapport {

namespace {

bool is_leap_year(long y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(long year, int month) {
  static constexpr int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return days[month - 1];
}

// Reads exactly `count` ASCII digits; -1 if any is not a digit.
int read_digits(std::string_view text, std::size_t at, std::size_t count) {
  int n = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    n = n * 10 + (text[i] - '0');
  }
  return n;
}

// The named patterns; anything else is a custom pattern.
std::string_view expand_pattern(std::string_view pattern) {
  if (pattern.empty() || pattern == "iso") return "yyyy-MM-dd";
  if (pattern == "long") return "d MMMM yyyy";
  if (pattern == "month-year") return "MMM-yy";
  if (pattern == "day-month") return "d/M yyyy";
  return pattern;
}

std::string month_word(const char* const* names, int month) {
  // A date that did not come from parse_iso_date may hold any month; print its number
  // rather than read outside the table.
  if (month < 1 || month > 12 || names == nullptr) return std::to_string(month);
  return names[month - 1];
}

// The year as at least four digits, a sign in front of years before year 0.
std::string full_year(int year) {
  if (year < 0) return fmt::format("-{:04}", -static_cast<long>(year));
  return fmt::format("{:04}", year);
}

}  // namespace

std::optional<date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = read_digits(text, 0, 4);
  int month = read_digits(text, 5, 2);
  int day = read_digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return std::nullopt;
  if (day > days_in_month(year, month)) return std::nullopt;
  return date{year, month, day};
}

std::string format_date(const date& d, std::string_view pattern, const locale_info& loc) {
  std::string_view p = expand_pattern(pattern);
  std::string out;
  std::size_t i = 0;
  // Longest token first, so "MMMM" is the month name and not four month numbers.
  auto starts = [&](std::string_view token) { return p.substr(i, token.size()) == token; };
  while (i < p.size()) {
    if (p[i] == '\'') {
      // Quoted text is literal ('den' d MMMM); '' is one quote, inside quotes or out.
      ++i;
      if (i < p.size() && p[i] == '\'') {
        out += '\'';
        ++i;
        continue;
      }
      while (i < p.size()) {
        if (p[i] == '\'' && i + 1 < p.size() && p[i + 1] == '\'') {
          out += '\'';
          i += 2;
        } else if (p[i] == '\'') {
          ++i;
          break;
        } else {
          out += p[i++];
        }
      }
    } else if (starts("yyyy")) {
      out += full_year(d.year);
      i += 4;
    } else if (starts("yy")) {
      out += fmt::format("{:02}", ((d.year % 100) + 100) % 100);
      i += 2;
    } else if (starts("MMMM")) {
      out += month_word(loc.month_names, d.month);
      i += 4;
    } else if (starts("MMM")) {
      out += month_word(loc.month_abbrevs, d.month);
      i += 3;
    } else if (starts("MM")) {
      out += fmt::format("{:02}", d.month);
      i += 2;
    } else if (starts("M")) {
      out += std::to_string(d.month);
      i += 1;
    } else if (starts("dd")) {
      out += fmt::format("{:02}", d.day);
      i += 2;
    } else if (starts("d")) {
      out += std::to_string(d.day);
      i += 1;
    } else {
      out += p[i++];
    }
  }
  return out;
}

// Day counts use the proleptic Gregorian calendar split into 400-year eras of 146097 days.
// Counting years from March makes February, the only month of varying length, the last month
// of the year, so the day of the year follows from the month by one linear formula.
long days_from_civil(const date& d) {
  const long year = static_cast<long>(d.year) - (d.month <= 2 ? 1 : 0);
  const long era = (year >= 0 ? year : year - 399) / 400;
  const long year_of_era = year - era * 400;                              // 0..399
  const long month_from_march = d.month > 2 ? d.month - 3 : d.month + 9;  // 0..11
  const long day_of_year = (153 * month_from_march + 2) / 5 + d.day - 1;  // 0..365
  const long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  // 719468 days lie between 0000-03-01 (day 0 of era 0) and 1970-01-01.
  return era * 146097 + day_of_era - 719468;
}

date civil_from_days(long days) {
  const long shifted = days + 719468;
  const long era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
  const long day_of_era = shifted - era * 146097;  // 0..146096
  // Remove the leap days (every 4th year, not every 100th, but every 400th) to count years.
  const long year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const long month_from_march = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  const int month =
      static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  const long year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return date{static_cast<int>(year), month, day};
}

}  // namespace rapport

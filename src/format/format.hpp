// format/: numbers and dates as text, the Swedish way by default; never the global locale.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/value.hpp"

namespace rapport {

/// The conventions of one language for numbers and dates.
struct locale_info {
  std::string tag;                 ///< "sv", "en-GB"
  std::string decimal_mark;        ///< "," (sv) or "." (en)
  std::string group_separator;     ///< " " (sv) or "," (en)
  std::string percent_separator;   ///< between number and '%': " " (sv) or "" (en)
  const char* const* month_names;  ///< 12 long month names, lower case for sv
  const char* const* month_abbrevs;
  const char* yes_word = "ja";  ///< a true boolean cell: "ja" (sv), "yes" (en)
  const char* no_word = "nej";  ///< a false boolean cell: "nej" (sv), "no" (en)
};

/// The locale for a language tag ("sv", "sv-SE", "en", "en-GB"); Swedish when unknown.
const locale_info& locale_for(std::string_view language_tag);

/// How one number is written. Parsed from a format string by parse_number_format.
struct number_format {
  int decimals = 0;
  bool percent = false;          ///< multiply by nothing, append '%' (value is already in %)
  bool plus_sign = false;        ///< '+' before positive values ("+2,3")
  bool true_minus = false;       ///< U+2212 instead of '-'
  bool nbsp_groups = false;      ///< U+00A0 as the thousands separator (keeps numbers on one line)
  bool group = true;             ///< thousands separators at all
  std::string zero_text;         ///< printed instead of zero when set ("+/- 0", "0")
  std::string empty_text;        ///< printed for an empty value ("", "-", "---")
  std::string suffix;            ///< unit after the number (" tkr", " kr", " hushåll")
  std::optional<std::string> percent_separator;  ///< overrides the locale's ("" or " ")
  double scale = 1.0;            ///< divides the value first (tkr → mnkr: 1000)
};

/// Parses a format string. Grammar (space-separated options, order free):
///   `int` | `dec1` | `dec2` | `decN`      number of decimals
///   `pct` | `pct1`                       percent with 0 or 1 decimals
///   `plus`  `minus`(true U+2212)  `nbsp`  `nogroup`
///   `zero=TEXT`  `empty=TEXT`  `suffix=TEXT`  `pctsep=none|space`  `scale=N`
/// Returns nullopt (and sets `error`) for an unknown word.
/// In TEXT, `%20` stands for a space and `%25` for '%'; a word may also be quoted
/// (`suffix=' tkr'`). An explicit decN wins over pctN's decimals in any order. `pctsep=nbsp`
/// puts U+00A0 before '%', and `nbsp` makes a space before '%' non-breaking too.
std::optional<number_format> parse_number_format(std::string_view spec, std::string* error = nullptr);

/// Formats a number: format_number(-57235, {}, sv) == "-57 235".
/// Rounds half away from zero on the decimal value (2.675 → "2,68"), never prints "-0", prints
/// zero_text alone (no suffix, no '%') for a value that rounds to zero, and empty_text for NaN
/// or infinity.
std::string format_number(double v, const number_format& f, const locale_info& loc);

/// Formats any value: numbers with `f`, text as is, empty as f.empty_text, booleans as
/// the locale's words.
std::string format_value(const value& v, const number_format& f, const locale_info& loc);

/// A calendar date.
struct date {
  int year = 1970;
  int month = 1;
  int day = 1;
  friend bool operator==(const date&, const date&) = default;
};

/// Parses an ISO date "2021-11-23"; nullopt if it is not one.
std::optional<date> parse_iso_date(std::string_view text);

/// Formats a date. Patterns: `long` ("23 november 2021" / "23 November 2021"), `iso`
/// ("2021-11-23"), `month-year` ("aug-21"), `day-month` ("31/8 2018"), or a custom pattern
/// with d, dd, M, MM, MMM, MMMM, yy, yyyy (longest first; text in '...' is literal, '' is a
/// quote; other characters are kept as written).
std::string format_date(const date& d, std::string_view pattern, const locale_info& loc);

/// Days since 1970-01-01 for a date, and back (used for date arithmetic in compute/).
long days_from_civil(const date& d);
date civil_from_days(long days);

}  // namespace rapport

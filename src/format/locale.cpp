// format/ locales: the decimal marks, separators and month names of Swedish and British English.
#include <string>

#include "format/format.hpp"

namespace rapport {

namespace {

constexpr const char* swedish_months[12] = {"januari",   "februari", "mars",     "april",
                                            "maj",       "juni",     "juli",     "augusti",
                                            "september", "oktober",  "november", "december"};
constexpr const char* swedish_abbrevs[12] = {"jan", "feb", "mar", "apr", "maj", "jun",
                                             "jul", "aug", "sep", "okt", "nov", "dec"};
constexpr const char* english_months[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
constexpr const char* english_abbrevs[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Function-local statics: built on first use, so no static initialisation order to worry about.
const locale_info& swedish() {
  static const locale_info info{"sv", ",", " ", " ", swedish_months, swedish_abbrevs, "ja", "nej"};
  return info;
}

const locale_info& british_english() {
  static const locale_info info{"en-GB",         ".",   ",", "", english_months,
                                english_abbrevs, "yes", "no"};
  return info;
}

}  // namespace

const locale_info& locale_for(std::string_view language_tag) {
  // Only the primary subtag matters: every English gets the British conventions (day before
  // month, no space before '%'), and anything unknown falls back to the default, Swedish.
  std::string primary;
  for (char c : language_tag) {
    if (c == '-' || c == '_') break;
    primary += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a')
                                      : c;  // not std::tolower: no locale
  }
  if (primary == "en") return british_english();
  return swedish();
}

}  // namespace rapport

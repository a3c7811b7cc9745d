// format/ numbers: rounds half away from zero on the decimal value and writes it the locale's way.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "format/format.hpp"

namespace rapport {

namespace {

// Significant digits kept before rounding. A double holds 15-17; the last ones are binary
// noise (2.675 is stored as 2.67499999999999982236431605997495353221893310546875), and
// arithmetic adds more: -84.6 - -80.0 - ... can land at 5.74999999999999 where the decimal
// answer is 5.75. So we first round to 12 digits, which gives back the decimal the author
// wrote or meant (a random test of 200 000 differences of amounts with up to 3 decimals found
// no mismatch at 12 digits, 7 at 13 and thousands at 15), and only then round that decimal to
// the asked decimals. Whole numbers of more than 12 digits keep them all (up to 15).
constexpr int significant_digits = 12;

// The magnitude of a number as decimal digits: `whole` (no leading zeros, at least "0") and
// exactly `decimals` fraction digits.
struct decimal_text {
  std::string whole;
  std::string fraction;
  bool is_zero() const {
    return std::all_of(whole.begin(), whole.end(), [](char c) { return c == '0'; }) &&
           std::all_of(fraction.begin(), fraction.end(), [](char c) { return c == '0'; });
  }
};

decimal_text round_magnitude(double magnitude, int decimals) {
  // "{:.14e}" is locale independent in fmt: one digit, '.', 14 digits, 'e', the exponent.
  // Whole numbers keep all their digits up to what a double holds (15).
  const int whole_digits = magnitude >= 1 ? static_cast<int>(std::floor(std::log10(magnitude))) + 1 : 1;
  const int kept = std::clamp(whole_digits, significant_digits, 15);
  std::string sci = fmt::format("{:.{}e}", magnitude, kept - 1);
  std::size_t e = sci.find('e');
  std::string digits = sci.substr(0, 1) + sci.substr(2, e - 2);
  int exponent = std::stoi(sci.substr(e + 1));

  // Place the decimal point: digit i has weight 10^(exponent - i).
  std::string whole;
  std::string fraction;
  if (exponent >= 0) {
    std::size_t whole_count = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() < whole_count) digits.append(whole_count - digits.size(), '0');
    whole = digits.substr(0, whole_count);
    fraction = digits.substr(whole_count);
  } else {
    whole = "0";
    fraction = std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  }

  const std::size_t keep = static_cast<std::size_t>(decimals);
  bool round_up = fraction.size() > keep && fraction[keep] >= '5';  // half away from zero
  if (fraction.size() > keep) fraction.resize(keep);
  if (fraction.size() < keep) fraction.append(keep - fraction.size(), '0');

  if (round_up) {
    // Add one unit in the last kept place, carrying through the fraction into the whole part.
    std::string all = whole + fraction;
    int i = static_cast<int>(all.size()) - 1;
    while (i >= 0 && all[static_cast<std::size_t>(i)] == '9')
      all[static_cast<std::size_t>(i--)] = '0';
    if (i >= 0)
      ++all[static_cast<std::size_t>(i)];
    else
      all.insert(all.begin(), '1');
    whole = all.substr(0, all.size() - keep);
    fraction = all.substr(all.size() - keep);
  }
  std::size_t first = whole.find_first_not_of('0');
  whole = first == std::string::npos ? "0" : whole.substr(first);
  return {whole, fraction};
}

// Inserts `separator` between groups of three digits, counted from the right.
std::string group_digits(const std::string& whole, const std::string& separator) {
  if (separator.empty() || whole.size() <= 3) return whole;
  std::string out;
  std::size_t lead = whole.size() % 3 == 0 ? 3 : whole.size() % 3;
  out += whole.substr(0, lead);
  for (std::size_t i = lead; i < whole.size(); i += 3) {
    out += separator;
    out += whole.substr(i, 3);
  }
  return out;
}

constexpr const char* nbsp = "\u00A0";

}  // namespace

std::string format_number(double v, const number_format& f, const locale_info& loc) {
  // A NaN or infinity is an undefined result (a division by zero that compute/ did not
  // catch); it prints like a missing value rather than as "inf".
  if (!std::isfinite(v)) return f.empty_text;
  double scaled = (f.scale > 0 && std::isfinite(f.scale)) ? v / f.scale : v;
  if (!std::isfinite(scaled)) return f.empty_text;
  int decimals = std::clamp(f.decimals, 0, 2 * significant_digits);

  decimal_text digits = round_magnitude(std::fabs(scaled), decimals);
  bool zero = digits.is_zero();
  // zero_text replaces the whole figure, suffix and '%' included ("+/- 0" in a deviation column).
  if (zero && !f.zero_text.empty()) return f.zero_text;

  std::string out;
  // Never "-0": a value that rounds to zero has no sign, and neither '+' nor '-'.
  if (!zero && scaled < 0)
    out += f.true_minus ? "\u2212" : "-";
  else if (!zero && f.plus_sign)
    out += '+';

  std::string separator;
  if (f.group) separator = f.nbsp_groups ? nbsp : loc.group_separator;
  out += group_digits(digits.whole, separator);
  if (decimals > 0) {
    out += loc.decimal_mark;
    out += digits.fraction;
  }
  if (f.percent) {
    std::string space = f.percent_separator.value_or(loc.percent_separator);
    // `nbsp` keeps the figure on one line, so it also binds the '%' to it.
    if (f.nbsp_groups && space == " ") space = nbsp;
    out += space;
    out += '%';
  }
  out += f.suffix;
  return out;
}

std::string format_value(const value& v, const number_format& f, const locale_info& loc) {
  if (v.is_empty()) return f.empty_text;
  if (v.is_number()) return format_number(v.number(), f, loc);
  if (v.is_bool()) return v.boolean() ? loc.yes_word : loc.no_word;
  return v.text();
}

}  // namespace rapport

// libFuzzer target: number and date formatting (format/). Input: a number-format spec line, a
// date-pattern line, then a number text; each is parsed and used with both locales.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "data/data.hpp"
#include "format/format.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  auto [spec, rest] = rapport::fuzzing::split_control(data, size);
  std::string_view pattern = rest, number_text;
  if (std::size_t nl = rest.find('\n'); nl != std::string_view::npos) {
    pattern = rest.substr(0, nl);
    number_text = rest.substr(nl + 1);
  }
  // A number from the raw bytes as well, so NaN, infinities and huge values come up.
  double raw = 0;
  if (number_text.size() >= sizeof raw) std::memcpy(&raw, number_text.data(), sizeof raw);
  std::optional<double> parsed = rapport::parse_number(number_text);
  std::string error;
  std::optional<rapport::number_format> f = rapport::parse_number_format(spec, &error);
  if (!f && error.empty()) rapport::fuzzing::broken("a rejected format says why");
  for (const char* tag : {"sv", "en-GB"}) {
    const rapport::locale_info& loc = rapport::locale_for(tag);
    if (f) {
      for (double v : {raw, parsed.value_or(0.0), -0.0, 0.5, -2.675, 1e15, -1e300})
        (void)rapport::format_number(v, *f, loc);
      (void)rapport::format_value(rapport::value(std::string(number_text)), *f, loc);
      (void)rapport::format_value(rapport::value(), *f, loc);
    }
    if (std::optional<rapport::date> d = rapport::parse_iso_date(number_text)) {
      (void)rapport::format_date(*d, pattern, loc);
      if (rapport::civil_from_days(rapport::days_from_civil(*d)) != *d)
        rapport::fuzzing::broken("days_from_civil and civil_from_days are inverses");
    }
    (void)rapport::format_date(rapport::date{2021, 11, 23}, pattern, loc);
  }
  return 0;
}

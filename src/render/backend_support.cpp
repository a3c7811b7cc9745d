// render/: helpers the backends share: cluster checks, UTC calendar dates, page numbering.
#include "render/backend_support.hpp"

#include <fmt/format.h>

#include <string_view>

namespace rapport::render::detail {
namespace {

// True if `s` is well-formed UTF-8: cairo refuses text that is not (and a whole page would be
// lost to its sticky error), and libharu would draw the wrong characters.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    char32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, min = 0x10000;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;  // truncated sequence
    char32_t cp = c & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace

bool usable_clusters(const page::glyph_run& run) {
  if (run.clusters.empty()) return false;
  std::size_t bytes = 0;
  std::size_t glyphs = 0;
  for (const auto& c : run.clusters) {
    if (c.bytes == 0 && c.glyphs == 0) return false;
    if (bytes + c.bytes > run.text.size()) return false;
    if (!valid_utf8(std::string_view(run.text).substr(bytes, c.bytes))) return false;
    bytes += c.bytes;
    glyphs += c.glyphs;
  }
  return bytes == run.text.size() && glyphs == run.glyphs.size();
}

utc_time to_utc(std::int64_t seconds) {
  // Floor division, so that times before 1970 land on the right day and second.
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  // Days to a proleptic Gregorian date, counting in 400-year eras from 0000-03-01 so that the
  // leap day is the last day of each counted year.
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t day_of_era = z - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t shifted_month = (5 * day_of_year + 2) / 153;  // 0 = March
  utc_time t;
  t.day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  t.month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  t.year = static_cast<int>(year_of_era + era * 400 + (t.month <= 2 ? 1 : 0));
  t.hour = static_cast<int>(rest / 3600);
  t.minute = static_cast<int>(rest / 60 % 60);
  t.second = static_cast<int>(rest % 60);
  return t;
}

std::string iso8601_utc(std::int64_t seconds) {
  const utc_time t = to_utc(seconds);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.year, t.month, t.day, t.hour,
                     t.minute, t.second);
}

std::vector<int> output_page_numbers(const page::paged_document& doc,
                                     const render_options& options) {
  std::vector<int> numbers(doc.pages.size(), 0);
  if (options.pages.empty()) {
    for (std::size_t i = 0; i < numbers.size(); ++i) numbers[i] = static_cast<int>(i) + 1;
    return numbers;
  }
  int next = 1;
  for (int index : options.pages) {
    if (index >= 0 && index < static_cast<int>(numbers.size()) && numbers[index] == 0) {
      numbers[index] = next++;
    }
  }
  return numbers;
}

}  // namespace rapport::render::detail

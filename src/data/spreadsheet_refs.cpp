// data/ private: cell references, ranges, number formats and dates shared by .xlsx and .ods.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "data/spreadsheet.hpp"

namespace rapport::detail {

namespace {

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
char lower(char c) {
  return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

// Reads "$AB" as a 0-based column; advances `i`.
std::optional<std::uint32_t> read_col(std::string_view s, std::size_t& i) {
  if (i < s.size() && s[i] == '$') ++i;
  std::uint64_t col = 0;
  std::size_t start = i;
  while (i < s.size() && (is_upper(s[i]) || is_lower(s[i])) && i - start < 4)
    col = col * 26 + static_cast<std::uint64_t>(lower(s[i++]) - 'a' + 1);
  if (i == start || col > max_cols) return std::nullopt;
  return static_cast<std::uint32_t>(col - 1);
}

// Reads "$40" as a 0-based row; advances `i`.
std::optional<std::uint32_t> read_row(std::string_view s, std::size_t& i) {
  if (i < s.size() && s[i] == '$') ++i;
  std::uint64_t row = 0;
  std::size_t start = i;
  while (i < s.size() && is_digit(s[i]) && i - start < 8) row = row * 10 + (s[i++] - '0');
  if (i == start || row == 0 || row > max_rows) return std::nullopt;
  return static_cast<std::uint32_t>(row - 1);
}

// One end of a range: a cell, a lone column or a lone row.
struct range_end {
  std::optional<std::uint32_t> row, col;
};

std::optional<range_end> read_end(std::string_view s) {
  range_end end;
  std::size_t i = 0;
  std::size_t save = i;
  if (auto col = read_col(s, i)) {
    end.col = col;
    save = i;
  } else {
    i = save;
  }
  if (i < s.size()) {
    auto row = read_row(s, i);
    if (!row) return std::nullopt;
    end.row = row;
  }
  if (i != s.size() || (!end.row && !end.col)) return std::nullopt;
  return end;
}

}  // namespace

std::string column_letters(std::uint32_t col) {
  std::string letters;
  for (std::uint64_t n = std::uint64_t{col} + 1; n > 0; n = (n - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  return letters;
}

std::string cell_name(std::uint32_t row, std::uint32_t col) {
  return fmt::format("{}{}", column_letters(col), row + 1);
}

std::string area_name(const cell_area& a) {
  if (a.rows_open && a.cols_open) return "";
  if (a.rows_open) return fmt::format("{}:{}", column_letters(a.col0), column_letters(a.col1));
  if (a.cols_open) return fmt::format("{}:{}", a.row0 + 1, a.row1 + 1);
  if (a.row0 == a.row1 && a.col0 == a.col1) return cell_name(a.row0, a.col0);
  return fmt::format("{}:{}", cell_name(a.row0, a.col0), cell_name(a.row1, a.col1));
}

std::optional<std::pair<std::uint32_t, std::uint32_t>> parse_cell(std::string_view text) {
  std::size_t i = 0;
  auto col = read_col(text, i);
  if (!col) return std::nullopt;
  auto row = read_row(text, i);
  if (!row || i != text.size()) return std::nullopt;
  return std::pair{*row, *col};
}

std::optional<sheet_range> parse_range(std::string_view text) {
  sheet_range range;
  if (!text.empty() && text.front() == '\'') {
    // 'Min budget'!A1:C9, with '' standing for a quote inside the name
    std::size_t i = 1;
    for (; i < text.size(); ++i) {
      if (text[i] != '\'') {
        range.sheet += text[i];
      } else if (i + 1 < text.size() && text[i + 1] == '\'') {
        range.sheet += '\'';
        ++i;
      } else {
        break;
      }
    }
    if (i + 1 >= text.size() || text[i + 1] != '!' || range.sheet.empty()) return std::nullopt;
    text = text.substr(i + 2);
  } else if (std::size_t bang = text.find('!'); bang != std::string_view::npos) {
    range.sheet = std::string(text.substr(0, bang));
    if (range.sheet.empty() || range.sheet.find_first_of(" ,:()'") != std::string::npos)
      return std::nullopt;
    text = text.substr(bang + 1);
  }
  // What is left is one reference; a list ("A1:A7,C1:C7") or a formula is not a range.
  std::size_t colon = text.find(':');
  auto first = read_end(text.substr(0, colon));
  auto last = colon == std::string_view::npos ? first : read_end(text.substr(colon + 1));
  if (!first || !last) return std::nullopt;
  // A lone column or row needs both ends ("C:C"), as in Excel; "ABC" alone is a name.
  if (colon == std::string_view::npos && (!first->row || !first->col)) return std::nullopt;
  // Both ends must be of one shape: cells, columns ("A:C") or rows ("3:40").
  if (first->row.has_value() != last->row.has_value() ||
      first->col.has_value() != last->col.has_value())
    return std::nullopt;
  cell_area& a = range.area;
  if (first->row) {
    a.rows_open = false;
    a.row0 = std::min(*first->row, *last->row);
    a.row1 = std::max(*first->row, *last->row);
  }
  if (first->col) {
    a.cols_open = false;
    a.col0 = std::min(*first->col, *last->col);
    a.col1 = std::max(*first->col, *last->col);
  }
  return range;
}

std::string quote_sheet(const std::string& sheet) {
  bool plain = !sheet.empty() && !is_digit(sheet[0]);
  for (unsigned char c : sheet)
    if (!(c >= 0x80 || is_upper(c) || is_lower(c) || is_digit(c) || c == '_')) plain = false;
  if (plain) return sheet;
  std::string quoted = "'";
  for (char c : sheet) {
    quoted += c;
    if (c == '\'') quoted += '\'';
  }
  return quoted + "'";
}

number_kind classify_builtin_format(int id) {
  if (id >= 14 && id <= 17) return number_kind::date;
  if (id == 22) return number_kind::date_time;
  if ((id >= 18 && id <= 21) || id == 45 || id == 47) return number_kind::time;
  if (id == 46) return number_kind::duration;
  return number_kind::number;
}

// Looks for date and time tokens in the first section of a format code, outside quoted
// text, escapes, fill and padding characters and [bracketed] colours, locales and conditions.
number_kind classify_format(std::string_view code) {
  bool date = false, month_or_minute = false, time = false, elapsed = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = lower(code[i]);
    if (c == ';') break;
    if (c == '"') {
      std::size_t end = code.find('"', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      std::size_t end = code.find(']', i + 1);
      if (end == std::string_view::npos) break;
      std::string_view inside = code.substr(i + 1, end - i - 1);
      bool hms = !inside.empty();
      for (char k : inside) hms = hms && (lower(k) == 'h' || lower(k) == 'm' || lower(k) == 's');
      if (hms) elapsed = time = true;
      i = end;
    } else if (c == 'a' && (code.substr(i, 5) == "AM/PM" || code.substr(i, 5) == "am/pm")) {
      i += 4;
      time = true;
    } else if (c == 'a' && (code.substr(i, 3) == "A/P" || code.substr(i, 3) == "a/p")) {
      i += 2;
      time = true;
    } else if (c == 'y' || c == 'd') {
      date = true;
    } else if (c == 'm') {
      month_or_minute = true;
    } else if (c == 'h' || c == 's') {
      time = true;
    }
  }
  // 'm' is a month unless hours or seconds make it minutes.
  if (month_or_minute && !time) date = true;
  if (date) return time ? number_kind::date_time : number_kind::date;
  if (elapsed) return number_kind::duration;
  return time ? number_kind::time : number_kind::number;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string iso_date(std::int64_t days, std::int64_t second, bool with_time) {
  // The inverse of days_from_civil (era-based, exact for the proleptic Gregorian calendar).
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2);
  std::string text = fmt::format("{:04}-{:02}-{:02}", y, m, d);
  if (with_time) text += "T" + iso_time(second);
  return text;
}

std::string iso_time(std::int64_t seconds) {
  std::string sign = seconds < 0 ? "-" : "";
  if (seconds < 0) seconds = -seconds;
  return fmt::format("{}{:02}:{:02}:{:02}", sign, seconds / 3600, seconds / 60 % 60, seconds % 60);
}

std::optional<std::string> excel_date(double serial, bool date1904, number_kind kind) {
  if (!std::isfinite(serial) || std::fabs(serial) > 3.0e6) return std::nullopt;
  // Excel keeps times as fractions of a day; whole seconds are as precise as it shows them.
  const auto total = static_cast<std::int64_t>(std::llround(serial * 86400.0));
  if (kind == number_kind::duration) return iso_time(total);
  if (total < 0) return std::nullopt;
  const std::int64_t day = total / 86400, second = total % 86400;
  if (kind == number_kind::time && day == 0) return iso_time(second);
  std::int64_t days;
  if (date1904) {
    days = days_from_civil(1904, 1, 1) + day;
  } else if (day == 60) {
    return std::nullopt;  // 1900-02-29: Lotus 1-2-3's leap-year bug, kept by Excel
  } else {
    // Serial 1 is 1900-01-01; past the fictional leap day the count is one ahead.
    days = days_from_civil(1899, 12, day < 60 ? 31 : 30) + day;
  }
  if (days > days_from_civil(9999, 12, 31)) return std::nullopt;
  bool with_time = kind == number_kind::date_time || kind == number_kind::time || second != 0;
  return iso_date(days, second, with_time);
}

std::optional<std::string> normalise_iso(std::string_view text) {
  auto digits = [&](std::size_t at, std::size_t n, int& out) {
    if (at + n > text.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!is_digit(text[i])) return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
  if (!digits(0, 4, y) || text.size() < 10 || text[4] != '-' || !digits(5, 2, m) ||
      text[7] != '-' || !digits(8, 2, d) || m < 1 || m > 12 || d < 1 || d > 31)
    return std::nullopt;
  std::int64_t days = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  // Reject 2021-02-30 and the like: the date must survive the round trip.
  if (iso_date(days, 0, false) != text.substr(0, 10)) return std::nullopt;
  std::size_t i = 10;
  double fraction = 0;
  if (i < text.size() && text[i] == 'T') {
    if (!digits(11, 2, hh) || text.size() < 19 || text[13] != ':' || !digits(14, 2, mm) ||
        text[16] != ':' || !digits(17, 2, ss) || hh > 23 || mm > 59 || ss > 60)
      return std::nullopt;
    i = 19;
    if (i < text.size() && text[i] == '.') {
      std::size_t start = i;
      for (++i; i < text.size() && is_digit(text[i]); ++i) {
      }
      fraction = std::strtod(std::string(text.substr(start, i - start)).c_str(), nullptr);
    }
  }
  std::string_view zone = text.substr(i);
  if (!(zone.empty() || zone == "Z" ||
        (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':')))
    return std::nullopt;
  std::int64_t second = hh * 3600 + mm * 60 + ss + (fraction >= 0.5 ? 1 : 0);
  days += second / 86400;
  second %= 86400;
  return iso_date(days, second, second != 0);
}

std::optional<double> parse_stored_number(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() ||
      !std::isfinite(number))
    return std::nullopt;
  return number;
}

std::string number_text(double number) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
  return std::string(buffer, ec == std::errc() ? end : buffer);
}

byte_source part_source(zip_entry_reader& entry) {
  return [&entry](char* out, std::size_t size) { return entry.read(out, size); };
}

fatal_error malformed(const std::string& file, const std::string& part, const xml_error& error) {
  return fatal_error(source_loc{file, 0, 0},
                     fmt::format("malformed XML in the part '{}' at byte {}: {}", part,
                                 error.offset, error.message),
                     "open it in Excel or LibreOffice and save it again");
}

source_loc sheet_context::at(std::uint32_t row, std::uint32_t col) const {
  return {fmt::format("{}:{}!{}", file, quote_sheet(sheet), cell_name(row, col)), 0, 0};
}

source_loc sheet_context::at(const cell_area& area) const {
  std::string name = area_name(area);
  if (name.empty()) return {fmt::format("{}:{}", file, quote_sheet(sheet)), 0, 0};
  return {fmt::format("{}:{}!{}", file, quote_sheet(sheet), name), 0, 0};
}

void sheet_context::fail(std::uint32_t row, std::uint32_t col, std::string message,
                         std::string hint) const {
  throw fatal_error(at(row, col), std::move(message), std::move(hint));
}

}  // namespace rapport::detail

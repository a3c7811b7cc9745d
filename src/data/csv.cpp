// data/ CSV: turns scanned records into a data_table of typed cells with row locations.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>

#include "base/files.hpp"
#include "data/csv_scan.hpp"
#include "data/data.hpp"
#include "data/text_scan.hpp"

namespace rapport {

namespace {

using detail::csv_field;
using detail::csv_record;

// Spreadsheet-style names (A, B, ..., Z, AA, ...) for the columns of a file without a header.
std::string letter_name(std::size_t index) {
  std::string name;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26)
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  return name;
}

std::vector<std::string> header_names(const csv_record& header, const detail::line_index& lines,
                                      const std::string& file) {
  std::vector<std::string> names;
  std::map<std::string, std::size_t> seen;  // name → 1-based field; a wide header stays fast
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const csv_field& field = header.fields[i];
    std::string name(detail::trim_blanks(field.text));
    if (name.empty())
      throw fatal_error(lines.locate(field.offset, file),
                        fmt::format("empty column name in the header (field {})", i + 1));
    auto [same, added] = seen.emplace(name, i + 1);
    if (!added)
      throw fatal_error(lines.locate(field.offset, file),
                        fmt::format("duplicate column name '{}' (field {} has the same name)", name,
                                    same->second));
    names.push_back(std::move(name));
  }
  return names;
}

// A cell's type comes from its text alone: quoted or not, "1 234,5" is a number (exports
// quote every field), and blanks around it do not count.
value cell_value(const csv_field& field, const csv_options& options) {
  std::string_view text = detail::trim_blanks(field.text);
  if (text.empty()) return value{};
  if (std::find(options.empty_markers.begin(), options.empty_markers.end(), text) !=
      options.empty_markers.end())
    return value{};
  if (auto number = parse_number(text, options.decimal_comma)) return value{*number};
  return value{std::string(text)};
}

void check_field_count(const csv_record& record, std::size_t expected, bool header,
                       const detail::line_index& lines, const std::string& file) {
  std::size_t count = record.fields.size();
  if (count == expected) return;
  // Point at the first surplus field, or at the end of the record where a field is missing.
  std::size_t at = count > expected ? record.fields[expected].offset : record.end_offset;
  throw fatal_error(
      lines.locate(at, file),
      fmt::format("row has {} field{}, expected {} ({})", count, count == 1 ? "" : "s", expected,
                  header ? "the header's count" : "the first row's count"));
}

}  // namespace

data_table read_csv(const std::string& text, const std::string& file, const csv_options& options) {
  std::string_view body = detail::strip_bom(text);
  detail::line_index lines(body);
  if (std::size_t bad = detail::find_invalid_utf8(body); bad != std::string_view::npos)
    throw detail::invalid_utf8_error(body, bad, lines, file);

  char separator = options.separator == 0 ? detail::detect_separator(body) : options.separator;
  if (separator == '"' || separator == '\n' || separator == '\r' ||
      static_cast<unsigned char>(separator) >= 0x80)
    throw fatal_error(source_loc{file, 0, 0},
                      static_cast<unsigned char>(separator) < 0x20
                          ? fmt::format("cannot use byte 0x{:02x} as the CSV separator",
                                        static_cast<unsigned char>(separator))
                          : fmt::format("cannot use '{}' as the CSV separator", separator));

  data_table table;
  table.loc = source_loc{file, 0, 0};
  detail::csv_scanner scanner(body, separator, lines, file);
  csv_record record;
  if (!scanner.next(record)) {
    if (options.header)
      throw fatal_error(source_loc{file, 0, 0}, "the file is empty; expected a header line");
    return table;
  }

  bool have_record = true;
  if (options.header) {
    table.columns = header_names(record, lines, file);
    have_record = scanner.next(record);
  } else {
    for (std::size_t i = 0; i < record.fields.size(); ++i) table.columns.push_back(letter_name(i));
  }

  for (; have_record; have_record = scanner.next(record)) {
    check_field_count(record, table.columns.size(), options.header, lines, file);
    std::vector<value> row;
    row.reserve(record.fields.size());
    std::vector<int> columns;
    columns.reserve(record.fields.size());
    // Columns are counted on from the previous cell, so a wide row costs one pass, not one per
    // cell.
    std::size_t last_offset = 0;
    int last_line = 0, last_column = 0;
    for (const csv_field& field : record.fields) {
      row.push_back(cell_value(field, options));
      // Where the cell's text starts: skip the blanks a field may open with.
      std::size_t start = field.offset;
      while (start < body.size() && (body[start] == ' ' || body[start] == '\t') &&
             body[start] != separator)
        ++start;
      int line = lines.line_of(start);
      if (line == last_line) {
        for (std::size_t i = last_offset; i < start; ++i)
          if ((static_cast<unsigned char>(body[i]) & 0xC0) != 0x80) ++last_column;
      } else {
        last_column = lines.locate(start, file).column;
      }
      last_offset = start, last_line = line;
      columns.push_back(last_column);
    }
    table.rows.push_back(std::move(row));
    table.cell_columns.push_back(std::move(columns));
    table.row_locs.push_back(source_loc{file, lines.line_of(record.offset), 0});
  }
  return table;
}

data_table read_csv_file(const std::filesystem::path& path, const csv_options& options,
                         const source_loc& referenced_from) {
  return read_csv(read_file(path, referenced_from), path.string(), options);
}

}  // namespace rapport

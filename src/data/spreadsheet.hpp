// data/ private: what the .xlsx and .ods readers share — cell references and ranges, dates,
// located messages, and the grid that turns streamed cells into a data_table.
//
// The rules both readers follow (read_xlsx and read_ods in data.hpp):
// - Values are typed as stored: numbers from the stored text (never the shown format); a number
//   whose cell style is a date format becomes "2021-08-31" (with "T13:45:00" when the format or
//   the stored value has a time); time-of-day formats give "13:45:00"; elapsed formats ([h]:mm)
//   and ODS durations give "36:00:00". The 1900 system keeps Lotus's leap-year bug (serial 60,
//   the fictional 1900-02-29, is an error); the 1904 system counts from 1904-01-01.
// - Formula cells give their cached value; one without a cached value is an error, and so is a
//   cell holding a spreadsheet error (#DIV/0!, #N/A): an empty figure in a financial report is
//   worse than a stop. Errors only count inside the area read.
// - The area is the range option (A3:H40, A:C, 3:40, a defined name, an .xlsx table without its
//   totals row, an .ods named or database range) or else the used area: the bounding box of the
//   cells that hold a value. The <dimension> an .xlsx claims is ignored. Trailing empty rows go;
//   empty rows between data rows stay, as rows of empty cells.
// - The header row names the columns (texts trimmed, numbers as their shortest text). A header
//   cell covered by a merge reads as the merge's top-left value, even when that lies above or
//   left of the area; the second and later columns under one merged label are named
//   "Budget (2)", "Budget (3)". Merged cells below the header stay empty, as stored. An empty or
//   repeated name is an error. Without a header the columns are named by their letters.
// - Locations read `budget.xlsx:Drift!D14` (source_loc.file, line 0); a row is located at its
//   first cell in the area.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "data/data.hpp"
#include "data/spreadsheet_xml.hpp"
#include "data/zip_archive.hpp"

namespace rapport::detail {

/// Every limit a workbook reader enforces; tests lower them to reach the errors quickly.
struct spreadsheet_limits {
  zip_limits zip;
  std::uint64_t max_cells = 5'000'000;  ///< rows x columns of the table handed on
  std::uint64_t max_repeat = 10'000;    ///< copies of one repeated .ods row that holds values
};

inline constexpr std::uint32_t max_rows = 1'048'576;  // Excel's and LibreOffice's sheet size
inline constexpr std::uint32_t max_cols = 16'384;

/// A rectangle of cells, 0-based and inclusive. An open side ("A:C" has open rows) is
/// trimmed to the cells that hold something.
struct cell_area {
  std::uint32_t row0 = 0, col0 = 0;
  std::uint32_t row1 = max_rows - 1, col1 = max_cols - 1;
  bool rows_open = true;
  bool cols_open = true;
  bool contains(std::uint32_t row, std::uint32_t col) const {
    return row >= row0 && row <= row1 && col >= col0 && col <= col1;
  }
};

/// A range as written in a formula: an optional sheet name and an area.
struct sheet_range {
  std::string sheet;  ///< "" when the text named no sheet
  cell_area area;
};

/// "A" for column 0, "AB" for column 27.
std::string column_letters(std::uint32_t col);
/// "B7" for row 6, column 1.
std::string cell_name(std::uint32_t row, std::uint32_t col);
/// "A1:C9" (or "A:C", "3:40") for an area.
std::string area_name(const cell_area& area);
/// Parses "$B$7" / "b7" into {row, col}; nullopt if it is not a cell reference in the sheet.
std::optional<std::pair<std::uint32_t, std::uint32_t>> parse_cell(std::string_view text);
/// Parses "A3:H40", "B7", "A:C", "3:40", "Drift!$A$1:$C$9" or "'Min budget'!A1:C9".
std::optional<sheet_range> parse_range(std::string_view text);
/// A sheet name as a formula writes it: quoted when it holds anything but letters and digits.
std::string quote_sheet(const std::string& sheet);

/// How a number cell is shown, as far as reading it is concerned.
enum class number_kind { number, date, date_time, time, duration };

/// Classifies a number format code ("yyyy-mm-dd", "#,##0", "[h]:mm:ss").
number_kind classify_format(std::string_view code);
/// Classifies Excel's built-in number formats by id (14-22 and 45-47 are dates and times).
number_kind classify_builtin_format(int id);

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
/// ISO text for a day and a second of that day: "2021-08-31" or "2021-08-31T13:45:00".
std::string iso_date(std::int64_t days_since_1970, std::int64_t second_of_day, bool with_time);
/// "13:45:00"; hours go past 24 for durations, and a minus sign leads negative ones.
std::string iso_time(std::int64_t seconds);
/// The text of an Excel date serial in the 1900 or 1904 system, or nullopt for one that is no
/// date (negative, past 9999, or the 1900 system's fictional 29 February 1900).
std::optional<std::string> excel_date(double serial, bool date1904, number_kind kind);
/// Normalises an ISO 8601 date or date-time as stored ("2021-08-31T13:45:00.000", with an
/// optional zone that is ignored) to iso_date's form; nullopt if it is no such date.
std::optional<std::string> normalise_iso(std::string_view text);
/// Parses a number as stored ("1234.5", "-1E-3"); nullopt unless the whole text is one.
std::optional<double> parse_stored_number(std::string_view text);
/// A number as header text: the shortest form that reads back the same ("2021", "1.5").
std::string number_text(double number);

/// Streams one part of the archive into an xml_reader.
byte_source part_source(zip_entry_reader& entry);
/// The located error for a part whose XML is broken.
fatal_error malformed(const std::string& file, const std::string& part, const xml_error& error);

/// Finds a sheet by name (exactly, then ignoring ASCII case, as Excel does) or by index;
/// throws a fatal_error at `loc` with a 'did you mean' hint when there is none.
std::size_t pick_sheet(const std::vector<std::string>& names, const sheet_options& options,
                       const std::string& display, const source_loc& loc);
/// Resolves a range option: a named range (`names` pairs each name with its range text,
/// first match wins) or else a cell range; throws with a 'did you mean' hint when neither.
sheet_range pick_range(const std::string& text,
                       const std::vector<std::pair<std::string, std::string>>& names,
                       const std::string& display, const source_loc& loc);

/// Names a workbook, a sheet and its cells in messages: `budget.xlsx:Drift!D14`.
struct sheet_context {
  std::string file;
  std::string sheet;
  source_loc at(std::uint32_t row, std::uint32_t col) const;
  source_loc at(const cell_area& area) const;
  [[noreturn]] void fail(std::uint32_t row, std::uint32_t col, std::string message,
                         std::string hint = {}) const;
};

/// Collects the non-empty cells of one sheet as they stream past and builds the table.
class sheet_grid {
public:
  sheet_grid(const sheet_context& context, cell_area area, std::uint64_t max_cells);

  /// True if a cell at this place is part of the table; only these cells' errors count.
  bool wants(std::uint32_t row, std::uint32_t col) const { return area_.contains(row, col); }
  /// True if a cell outside the area is worth keeping as a possible top-left of a merged
  /// header cell; a bad value there is dropped rather than reported.
  bool remembers(std::uint32_t row, std::uint32_t col) const;
  /// True if any cell of `block` is wanted or remembered (for repeated .ods cells).
  bool reaches(const cell_area& block) const;
  /// Stores a cell; empty values and empty texts are dropped.
  void put(std::uint32_t row, std::uint32_t col, value v);
  /// Records a merged area (only its effect on the header row matters).
  void merge(const cell_area& merged);
  /// Builds the table: header names from the first row (or column letters), trailing empty
  /// rows dropped, every row located.
  data_table finish(bool header);
  const cell_area& area() const { return area_; }

private:
  const value* find(std::uint32_t row, std::uint32_t col) const;
  std::string header_name(std::uint32_t row, std::uint32_t col) const;

  sheet_context context_;
  cell_area area_;
  std::uint64_t max_cells_;
  std::uint64_t cells_ = 0;               ///< value slots allocated so far
  std::size_t width_hint_ = 1;            ///< the widest row so far, to size the next one at once
  std::vector<std::vector<value>> rows_;  ///< by row - area_.row0, then col - area_.col0
  std::map<std::pair<std::uint32_t, std::uint32_t>, value> outside_;  ///< merge top-lefts
  std::vector<cell_area> merges_;
  bool any_ = false;
  std::uint32_t min_row_ = max_rows, max_row_ = 0, min_col_ = max_cols, max_col_ = 0;
};

/// read_xlsx with explicit limits (tests lower them).
data_table read_xlsx_limited(const std::filesystem::path& path, const sheet_options& options,
                             const source_loc& referenced_from, const spreadsheet_limits& limits);
/// read_ods with explicit limits (tests lower them).
data_table read_ods_limited(const std::filesystem::path& path, const sheet_options& options,
                            const source_loc& referenced_from, const spreadsheet_limits& limits);

}  // namespace rapport::detail

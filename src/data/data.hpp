// data/: reads CSV, JSON, SQLite (and spreadsheets) into one table type, with located cells.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "base/value.hpp"

namespace rapport {

/// A named table of typed cells. Every row keeps where it came from, so a type error or a
/// contradiction found later can name the file, row and column.
struct data_table {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::vector<value>> rows;
  std::vector<source_loc> row_locs;  ///< one per row: file and line (CSV) or record index
  source_loc loc;                    ///< where the table came from (file, or the definition)
  /// CSV only (empty otherwise): per row, the 1-based text column where each cell starts.
  std::vector<std::vector<int>> cell_columns;

  /// The index of a column, or nullopt.
  std::optional<std::size_t> column_index(const std::string& column) const;
  /// Where a cell came from: its row's location, with the cell's column when it is known.
  source_loc cell_loc(std::size_t row, std::size_t column) const;
};

/// Every table a definition's sources produced, by source name.
struct dataset {
  std::map<std::string, data_table> tables;
};

/// How the cells of a CSV file are read.
struct csv_options {
  char separator = 0;           ///< ',' or ';'; 0 = detect from the header line
  bool decimal_comma = true;    ///< "15,2" is 15.2 (Swedish); otherwise '.' is the decimal mark
  bool header = true;           ///< the first record names the columns
  std::vector<std::string> empty_markers{"-", "--", "---"};  ///< read as empty cells
};

/// Reads a CSV text (RFC 4180, UTF-8 with or without a BOM). Numbers in Swedish notation
/// ("-57 235", "15,2", "1 234,5") become numbers; other cells stay text. `file` is used for
/// locations. Throws fatal_error for malformed input (an unterminated quote, a ragged row).
/// Every cell is trimmed and typed by its text alone, quoted or not; blank lines are skipped
/// (write "" for an empty cell of a one-column file); a '"' inside an unquoted field is text.
/// Without a header the columns are named like a spreadsheet's: A, B, ..., Z, AA.
/// Each row's location is the file and the line where its record starts.
data_table read_csv(const std::string& text, const std::string& file, const csv_options& options = {});

/// Reads a CSV file (see read_csv); `referenced_from` locates the error if it is unreadable.
data_table read_csv_file(const std::filesystem::path& path, const csv_options& options = {},
                         const source_loc& referenced_from = {});

/// Reads an array of objects from a JSON text. `pointer` is a JSON pointer or dotted path to
/// the array ("" = the document itself, "data.rows" or "/data/rows"). Columns are the union
/// of the objects' keys in first-seen order. Strings stay text (JSON has types), null is an
/// empty cell; an object or array as a cell is an error. Each row is located at the line of
/// its object.
data_table read_json(const std::string& text, const std::string& file, const std::string& pointer = {});

data_table read_json_file(const std::filesystem::path& path, const std::string& pointer = {},
                          const source_loc& referenced_from = {});

/// Runs `sql` against the SQLite database at `path` (opened read-only) and returns the rows.
/// INTEGER and REAL become numbers, TEXT text, NULL empty; a BLOB is an error. One statement
/// only. Errors are located at `referenced_from`, those in the query at `query_loc` when given
/// (a syntax error at its very character); row locations hold the 1-based row number.
data_table read_sqlite(const std::filesystem::path& path, const std::string& sql,
                       const source_loc& referenced_from = {}, const source_loc& query_loc = {});

/// Which part of a workbook to read.
struct sheet_options {
  std::string sheet;        ///< a sheet name, or "" for the first sheet
  long long sheet_index = -1;  ///< 0-based index, used when `sheet` is empty and >= 0
  std::string range;        ///< "A3:H40", a defined name, or an .xlsx table name; "" = used area
  bool header = true;       ///< the first row of the range names the columns
};

/// Reads a sheet of an .xlsx workbook (Office Open XML). Cells keep their stored types:
/// numbers exactly as stored, dates (1900 and 1904 systems) as ISO text "2021-08-31", text,
/// booleans, empty cells, and the cached value of formula cells. Throws fatal_error naming
/// the file, sheet and cell for a bad or hostile file.
data_table read_xlsx(const std::filesystem::path& path, const sheet_options& options,
                     const source_loc& referenced_from = {});

/// Reads a sheet of an .ods workbook (OpenDocument), with the same rules as read_xlsx.
data_table read_ods(const std::filesystem::path& path, const sheet_options& options,
                    const source_loc& referenced_from = {});

/// Parses a number written the Swedish way ("-57 235", "15,2", "−3", "9,7 %") or, with
/// decimal_comma false, the English way ("1,234.5"). Returns nullopt if it is not a number.
/// Signs: '-', '+', U+2212, and an en dash. Groups: exactly three digits after ' ', U+00A0 or
/// U+202F (or ',' in English). A trailing '%' is ignored ("9,7 %" is 9.7). With
/// decimal_comma, a '.' is read as a decimal point only where it cannot be a thousands
/// separator ("1234.5", "0.125", "12.5" are numbers; "1.234" and "12.345" stay text). No
/// exponents, and "0123" stays text (an identifier, whose leading zero must not be lost).
std::optional<double> parse_number(std::string_view text, bool decimal_comma = true);

}  // namespace rapport

// data/ private: the parts of an .xlsx workbook read before any sheet (Office Open XML).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "data/spreadsheet.hpp"

namespace rapport::detail {

struct xlsx_sheet {
  std::string name;
  std::string part;  ///< e.g. "xl/worksheets/sheet1.xml"
  std::string type;  ///< "worksheet", "chartsheet", "dialogsheet", "macrosheet"
};

/// A <definedName>: a workbook-wide name, or one local to a sheet.
struct xlsx_defined_name {
  std::string name;
  int local_sheet = -1;  ///< index into sheets, or -1 for the whole workbook
  std::string formula;   ///< "Drift!$A$1:$C$9"
};

/// A table part (Insert > Table in Excel): its name, sheet and area.
struct xlsx_table {
  std::string name;  ///< the display name formulas use
  std::size_t sheet = 0;
  std::string ref;  ///< "A1:D40", header and totals rows included
  int header_rows = 1;
  int totals_rows = 0;
};

/// What a workbook says before its sheets: the sheets, the names, the date system, which
/// styles show dates, and the shared strings.
struct xlsx_workbook {
  explicit xlsx_workbook(zip_archive archive) : zip(std::move(archive)) {}
  zip_archive zip;
  bool date1904 = false;
  std::vector<xlsx_sheet> sheets;
  std::vector<xlsx_defined_name> names;
  std::vector<number_kind> styles;  ///< by the cell's s= index (cellXfs)
  std::vector<std::string> shared;  ///< shared strings, by index
  std::string shared_part;          ///< "" when the workbook has none
};

/// Opens an .xlsx file and reads the workbook, its relationships and styles. Shared strings
/// are read by read_shared_strings, only when a sheet is about to be read.
xlsx_workbook open_xlsx(const std::filesystem::path& path, const std::string& display,
                        const zip_limits& limits, const source_loc& referenced_from);

/// Reads the shared strings part (streamed; it can be as large as the sheet).
void read_shared_strings(xlsx_workbook& book);

/// Finds every table part of every worksheet.
std::vector<xlsx_table> read_tables(xlsx_workbook& book);

/// Decodes OOXML's _xHHHH_ escapes ("_x000D_" is a carriage return, "_x005F_" an underscore).
std::string decode_ooxml_escapes(std::string text);

}  // namespace rapport::detail

// data/ private: the passes over an .ods workbook's content.xml (OpenDocument spreadsheet).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "data/spreadsheet.hpp"

namespace rapport::detail {

/// What a quick pass over content.xml finds: the sheets and the named ranges (which come
/// after the sheets in the file, so they need a pass of their own).
struct ods_names {
  std::vector<std::string> sheets;
  /// Named ranges and database ranges, each with its target in A1 form ("Blad1!A1:C9").
  std::vector<std::pair<std::string, std::string>> ranges;
};

/// Reads the sheet names and named ranges of content.xml.
ods_names scan_ods_names(zip_archive& zip);

/// Which sheet the cell pass reads: by exact name, or else by index.
struct ods_target {
  std::string name;  ///< "" = use index
  std::size_t index = 0;
};

/// Streams content.xml into a grid for the target sheet. Returns the table, or nullopt when
/// no sheet matched (then `sheets` holds every sheet name, for the error).
std::optional<data_table> read_ods_sheet(zip_archive& zip, const ods_target& target,
                                         const cell_area& area, const sheet_options& options,
                                         const spreadsheet_limits& limits,
                                         std::vector<std::string>& sheets);

/// Converts an OpenDocument range address ("$Blad1.$A$1:.$C$9") to A1 form ("Blad1!$A$1:$C$9");
/// returns it unchanged when it is not one plain range.
std::string ods_address_to_a1(std::string_view address);

/// Parses an ISO 8601 duration as ODS stores times ("PT13H45M00S"), in whole seconds.
std::optional<std::int64_t> parse_ods_duration(std::string_view text);

}  // namespace rapport::detail

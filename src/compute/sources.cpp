// Loading a definition's data sources through the data/ readers.
#include <fmt/format.h>

#include <charconv>

#include "compute/compute.hpp"

namespace rapport {

namespace {

// An all-digit sheet attribute is a 1-based sheet number. One too long even for long long
// cannot name a sheet of any workbook, so it is reported here, without the sheet list.
long long sheet_number(const def::data_source& source) {
  long long number = 0;
  const char* end = source.sheet.data() + source.sheet.size();
  auto [ptr, ec] = std::from_chars(source.sheet.data(), end, number);
  if (ec != std::errc{} || ptr != end)
    throw fatal_error(source.loc, fmt::format("there is no sheet {} in '{}'", source.sheet, source.file.string()),
                      "sheets are numbered from 1 in the workbook's order");
  if (number < 1)
    throw fatal_error(source.loc, fmt::format("sheets are numbered from 1, found '{}'", source.sheet));
  return number;
}

}  // namespace

dataset load_sources(const def::report_definition& definition, diagnostics& diag) {
  dataset out;
  for (const auto& source : definition.sources) {
    if (source.name.empty() || source.file.empty()) continue;  // reported by the reader
    try {
      if (!std::filesystem::exists(source.file))
        throw fatal_error(source.loc, fmt::format("cannot read data file '{}': no such file", source.file.string()));
      data_table table;
      if (source.kind == "csv") {
        csv_options options;
        options.separator = source.separator == "auto" ? 0 : source.separator[0];
        options.decimal_comma = source.decimal != "point";
        options.header = source.header;
        table = read_csv_file(source.file, options, source.loc);
      } else if (source.kind == "json") {
        table = read_json_file(source.file, source.path, source.loc);
      } else if (source.kind == "sqlite") {
        table = read_sqlite(source.file, source.query, source.loc, source.query_loc);
      } else if (source.kind == "xlsx" || source.kind == "ods") {
        sheet_options options;
        if (!source.sheet.empty() && source.sheet.find_first_not_of("0123456789") == std::string::npos)
          options.sheet_index = sheet_number(source) - 1;
        else options.sheet = source.sheet;
        options.range = source.range;
        options.header = source.header;
        table = source.kind == "xlsx" ? read_xlsx(source.file, options, source.loc)
                                      : read_ods(source.file, options, source.loc);
      }
      table.name = source.name;
      out.tables[source.name] = std::move(table);
    } catch (const fatal_error& error) {
      diag.add(error.what_diagnostic());
    }
  }
  return out;
}

}  // namespace rapport

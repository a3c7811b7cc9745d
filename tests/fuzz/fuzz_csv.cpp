// libFuzzer target: the CSV reader (data/). Input: a control line, then the CSV text.
// The control line picks the options: ';' or ',' or 't' (tab) forces that separator (else it is
// detected), 'e' reads English numbers, 'n' means no header row.
#include <cstdint>

#include "data/data.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [control, text] = rapport::fuzzing::split_control(data, size);
  rapport::csv_options options;
  if (control.find(';') != std::string_view::npos) options.separator = ';';
  if (control.find(',') != std::string_view::npos) options.separator = ',';
  if (control.find('t') != std::string_view::npos) options.separator = '\t';
  options.decimal_comma = control.find('e') == std::string_view::npos;
  options.header = control.find('n') == std::string_view::npos;
  try {
    rapport::data_table t = rapport::read_csv(std::string(text), "fuzz.csv", options);
    if (t.row_locs.size() != t.rows.size()) rapport::fuzzing::broken("one location per row");
    for (const auto& row : t.rows)
      if (row.size() != t.columns.size())
        rapport::fuzzing::broken("every row has one cell per column");
    for (const auto& loc : t.row_locs)
      if (loc.line < 1) rapport::fuzzing::broken("row locations have a line");
    for (const auto& c : t.columns)
      if (t.column_index(c) == std::nullopt) rapport::fuzzing::broken("every column can be found");
  } catch (const rapport::fatal_error& e) {
    if (e.what_diagnostic().loc.file != "fuzz.csv")
      rapport::fuzzing::broken("errors name the file");
  }
  // The number parser on the raw text too: it must never read out of bounds.
  (void)rapport::parse_number(text.substr(0, 64), options.decimal_comma);
  return 0;
}

// libFuzzer target: whole .xlsx and .ods files (data/): the zip layer with its size limits, the
// parts, and the sheet grids. Each input is read both ways through a scratch file.
#include <cstdint>

#include "data/data.hpp"
#include "fuzz_support.hpp"

namespace {

void check(const rapport::data_table& t) {
  if (t.row_locs.size() != t.rows.size()) rapport::fuzzing::broken("one location per row");
  for (const auto& row : t.rows)
    if (row.size() != t.columns.size())
      rapport::fuzzing::broken("every row has one cell per column");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const rapport::source_loc from{"report.xml", 3, 5};
  rapport::sheet_options options;
  try {
    check(rapport::read_xlsx(rapport::fuzzing::write_scratch("book.xlsx", data, size), options,
                             from));
  } catch (const rapport::fatal_error&) {
  }
  try {
    check(
        rapport::read_ods(rapport::fuzzing::write_scratch("book.ods", data, size), options, from));
  } catch (const rapport::fatal_error&) {
  }
  return 0;
}

// libFuzzer target: the JSON reader (data/). Input: a control line holding the path to the
// array ("" = the document, "data.rows" or "/data/rows"), then the JSON text.
#include <cstdint>

#include "data/data.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [pointer, text] = rapport::fuzzing::split_control(data, size);
  try {
    rapport::data_table t =
        rapport::read_json(std::string(text), "fuzz.json", std::string(pointer));
    if (t.row_locs.size() != t.rows.size()) rapport::fuzzing::broken("one location per row");
    for (const auto& row : t.rows)
      if (row.size() != t.columns.size())
        rapport::fuzzing::broken("every row has one cell per column");
  } catch (const rapport::fatal_error& e) {
    if (e.what_diagnostic().loc.file != "fuzz.json")
      rapport::fuzzing::broken("errors name the file");
  }
  return 0;
}

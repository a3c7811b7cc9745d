// Spreadsheet sources: not available yet (the xlsx/ods readers land separately).
#include "data/data.hpp"

namespace rapport {

data_table read_xlsx(const std::filesystem::path& path, const sheet_options&, const source_loc& from) {
  throw fatal_error(from.file.empty() ? source_loc{path.string(), 0, 0} : from, "xlsx sources are not available yet");
}

data_table read_ods(const std::filesystem::path& path, const sheet_options&, const source_loc& from) {
  throw fatal_error(from.file.empty() ? source_loc{path.string(), 0, 0} : from, "ods sources are not available yet");
}

}  // namespace rapport

// data_table helpers.
#include "data/data.hpp"

namespace rapport {

std::optional<std::size_t> data_table::column_index(const std::string& column) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == column) return i;
  return std::nullopt;
}

source_loc data_table::cell_loc(std::size_t row, std::size_t column) const {
  if (row >= row_locs.size()) return loc;
  source_loc at = row_locs[row];
  if (row < cell_columns.size() && column < cell_columns[row].size())
    at.column = cell_columns[row][column];
  return at;
}

}  // namespace rapport

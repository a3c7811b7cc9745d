// data_table helpers.
#include "data/data.hpp"

namespace rapport {

std::optional<std::size_t> data_table::column_index(const std::string& column) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == column) return i;
  return std::nullopt;
}

}  // namespace rapport

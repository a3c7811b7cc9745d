// Charts: resolving series from data (not yet: the chart work lands separately).
#include "compute/builder.hpp"

namespace rapport::detail {

void builder::build_chart_block(const def::chart& c) {
  diag_.warning(c.loc, "charts are not drawn yet; this chart is left out");
}

void builder::build_chart_block(const def::chart_row& row) {
  for (const auto& c : row.charts) build_chart_block(c);
}

}  // namespace rapport::detail

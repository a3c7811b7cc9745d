// Charts as vector paths and real text: not drawn yet (the chart work lands separately).
#include "layout/engine.hpp"

namespace rapport::layout_detail {

void add_chart(const typesetter& ts, const model::document&, const model::chart& chart, const page_frame&, flow&) {
  ts.diag.warning(chart.loc, "charts are not drawn yet; this chart is left out");
}

void add_chart_row(const typesetter& ts, const model::document& doc, const model::chart_row& row,
                   const page_frame& frame, flow& out) {
  for (const auto& c : row.charts) add_chart(ts, doc, c, frame, out);
}

}  // namespace rapport::layout_detail

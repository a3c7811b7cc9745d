// compute/ private: one chart being resolved: its rows, categories and series values, then its
// axes, labels, colours and legend.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compute/builder.hpp"
#include "model/chart.hpp"

namespace rapport::detail {

/// The Okabe-Ito palette: distinguishable for colour-blind readers, used when the layout has none.
const std::vector<colour>& default_chart_palette();

class chart_plan {
public:
  chart_plan(builder& b, const def::chart& c, const data_table& source);

  /// Resolves the chart. Errors (unknown fields, non-numeric data) are reported and give nullopt;
  /// a chart without data comes back with its `empty_text` set, after a warning.
  std::optional<model::chart> build();

private:
  // Gathering (charts.cpp).
  bool select_rows();
  bool read_categories();
  bool read_series();
  std::optional<std::vector<std::optional<double>>> read_field(const def::series& s);
  std::optional<std::vector<std::optional<double>>> read_expr(const def::series& s);
  void report_not_number(std::size_t row, const def::series& s, const std::string& what,
                         const value& found, std::size_t more);

  // Resolving (chart_resolve.cpp).
  bool arrange(model::chart& out);
  void arrange_waterfall(model::chart& out);
  bool arrange_pie(model::chart& out);
  void scale_axes(model::chart& out);
  void scale_axis(model::chart_axis& axis, double low, double high, bool include_zero, int which);
  void build_legend(model::chart& out);
  std::optional<colour> series_colour(const def::series& s, std::size_t index);
  std::string format_value(double v, int axis, bool plus = false);
  const std::string& axis_format(int axis) const;

  builder& b_;
  const def::chart& c_;
  const data_table& source_;
  model::chart_type type_ = model::chart_type::bar;
  std::vector<std::size_t> rows_;  ///< source rows in chart order (filtered, sorted)
  std::vector<std::string> categories_;
  std::vector<std::vector<std::optional<double>>> values_;  ///< per <series>, per category
  std::vector<colour> palette_;
};

}  // namespace rapport::detail

// model/chart.hpp: a resolved chart: categories, series values, axes with ticks and labels.
// Everything numeric is decided by compute/; layout/ only draws it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "base/geometry.hpp"

namespace rapport::model {

struct chart_series {
  std::string label;
  std::vector<std::optional<double>> values;  ///< one per category; nullopt = no value
  std::string kind = "bar";                   ///< bar or line (as drawn)
  int axis = 0;                               ///< 0 = y, 1 = y2
  colour fill = black;
};

struct chart {
  std::string type;
  std::string title;
  std::string source_line;
  std::string alt;
  std::vector<std::string> categories;
  std::vector<chart_series> series;
  double width_fraction = 1.0;
  double height = 200;
  source_loc loc;
};

struct chart_row {
  std::vector<chart> charts;
  source_loc loc;
};

}  // namespace rapport::model

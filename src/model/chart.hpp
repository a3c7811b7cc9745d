// model/chart.hpp: a resolved chart: categories, series values, axes with ticks and labels.
// Everything numeric and every label is decided by compute/; layout/ only measures and draws.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "base/geometry.hpp"

namespace rapport::model {

enum class chart_type {
  bar,
  hbar,
  grouped_bar,
  stacked_bar,
  line,
  line_trend,
  bar_line,
  waterfall,
  pie
};

/// How a series is drawn.
enum class series_kind { bar, line };

/// The mark on each point of a line series; lines vary the shape so that they stay apart in
/// greyscale and for colour-blind readers.
enum class marker_shape { none, circle, square, triangle, diamond };

/// A tick on a value axis and its formatted label ("-12,4 %").
struct chart_tick {
  double value = 0;
  std::string label;
};

/// A value axis: `y` is the value axis of every chart (horizontal in `hbar`), `y2` the optional
/// second axis on the right of `bar-line`.
struct chart_axis {
  bool shown = false;
  double min = 0;  ///< the axis range; the first and last tick
  double max = 1;
  std::vector<chart_tick> ticks;
  std::string title;  ///< unit or axis title, printed above the axis ("mnkr")
};

struct chart_series {
  std::string label;
  std::vector<std::optional<double>> values;  ///< one per category; nullopt = no value (a gap)
  std::vector<std::string> value_labels;      ///< data labels, one per category ("" = none)
  series_kind kind = series_kind::bar;
  int axis = 0;  ///< 0 = y, 1 = y2
  colour fill = black;
  marker_shape marker = marker_shape::none;
  int trend =
      0;  ///< > 0: the trailing moving average over this many values of the series before it
};

/// One bar of a waterfall: the start total, a change floating from the running total, or the
/// end total. `from` and `to` are axis values; a change's size is `to - from`.
struct waterfall_step {
  enum class kind { total, increase, decrease };
  kind type = kind::total;
  std::string label;  ///< its category
  double from = 0;
  double to = 0;
  std::string value_label;  ///< the total or the (signed) change
  colour fill = black;
};

/// One slice of a pie: its share of the whole, in category order from twelve o'clock clockwise.
struct chart_slice {
  std::string label;
  double value = 0;
  double fraction = 0;      ///< of the sum, 0..1
  std::string value_label;  ///< the share as text ("45 %")
  colour fill = black;
};

/// An entry of the legend, drawn as a swatch (bar), a line with its marker (line), and a label.
struct legend_entry {
  std::string label;
  colour fill = black;
  series_kind kind = series_kind::bar;
  marker_shape marker = marker_shape::none;
  bool trend = false;
};

struct chart {
  chart_type type = chart_type::bar;
  std::string title;
  std::string source_line;  ///< printed under the chart as written ("Källa: ...")
  std::string alt;          ///< text alternative (generated from the data, or from <alt>)
  std::vector<std::string> categories;  ///< x axis labels (the rows of `hbar`, the slices of a pie)
  std::vector<chart_series> series;     ///< bar, line and trend series (not waterfall or pie)
  std::vector<waterfall_step> steps;    ///< waterfall only; one per category
  std::vector<chart_slice> slices;      ///< pie only
  chart_axis y;
  chart_axis y2;
  std::vector<legend_entry> legend;  ///< empty = no legend
  bool data_labels = false;
  std::string empty_text;       ///< not empty: the chart has no data; draw this in a placeholder
  double width_fraction = 1.0;  ///< of the text width (1 or 0.5)
  double height =
      200;  ///< points: the drawing (plot, axis labels, legend) without title and source line
  source_loc loc;
};

/// Charts side by side, each taking an equal share of the text width.
struct chart_row {
  std::vector<chart> charts;
  source_loc loc;
};

}  // namespace rapport::model

// layout/ private: what the chart phases share: text styles, a pen that appends paths and
// glyph runs to a box, and the plot geometry that maps values to positions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "layout/engine.hpp"

namespace rapport::layout_detail {

/// The text styles of charts: the layout's `chart-title`, `chart` and `chart-source` when it
/// defines them, else derived from `caption`, `table` and `table-note`.
struct chart_styles {
  model::text_style title;
  model::text_style label;
  model::text_style source;
};

chart_styles chart_styles_for(const model::house_style& style);

/// Colours and strokes of the chart furniture.
inline constexpr colour chart_grid{217, 217, 217};
inline constexpr colour chart_axis_line{89, 89, 89};
inline constexpr colour chart_frame{191, 191, 191};

enum class text_anchor { left, center, right };

/// Appends drawing to a box: paths for marks and furniture, real glyph runs for every label.
class chart_pen {
public:
  chart_pen(const typesetter& ts, block_box& box) : ts_(ts), box_(box) {}

  void line(point from, point to, scaled thickness, colour stroke);
  /// A stroked polyline; nullopt points break it (gaps for missing values). `dash` > 0 draws
  /// dashes of that length with gaps of half of it.
  void polyline(const std::vector<std::optional<point>>& points, scaled thickness, colour stroke,
                scaled dash = 0);
  void rectangle(rect area, colour fill, std::optional<colour> outline = std::nullopt);
  void polygon(const std::vector<point>& corners, colour fill,
               std::optional<colour> outline = std::nullopt, scaled outline_width = 0);
  void marker(model::marker_shape shape, point centre, scaled size, colour fill);
  /// Draws one line of text with its baseline at `baseline`, anchored at x; returns its width.
  scaled text(const std::string& text, const model::text_style& style, scaled x, scaled baseline,
              text_anchor anchor, std::optional<colour> fill = std::nullopt);
  /// The width of one line of text in a style.
  scaled width_of(const std::string& text, const model::text_style& style) const;
  /// Half the cap height: add it to a y to centre digits on that y.
  scaled half_cap(const model::text_style& style) const;

  const typesetter& ts() const { return ts_; }
  block_box& box() { return box_; }

private:
  const typesetter& ts_;
  block_box& box_;
};

/// Where the plot is and how values map into it. For `hbar` the value axis runs horizontally
/// and categories run from top to bottom.
struct plot_geometry {
  rect area;
  bool horizontal = false;
  std::size_t categories = 0;
  double min = 0, max = 1;    ///< y axis
  double min2 = 0, max2 = 1;  ///< y2 axis

  /// The position of a value along the value axis (y for vertical charts, x for hbar).
  scaled at(double v, int axis = 0) const;
  /// The centre of category i along the category axis.
  scaled centre(std::size_t i) const;
  /// The size of one category's slot along the category axis.
  scaled slot() const;
  /// Where zero lies on the value axis, clamped into the plot (bars grow from it).
  scaled base(int axis = 0) const;
};

/// Legend entries flowed into rows within a width.
struct legend_layout {
  struct placed_entry {
    std::size_t entry = 0;
    scaled x = 0;
    scaled row = 0;  ///< index of the row
  };
  std::vector<placed_entry> entries;
  scaled height = 0;
  scaled row_height = 0;
  scaled width = 0;  ///< of the widest row
};

legend_layout plan_legend(const chart_pen& pen, const model::chart& chart,
                          const chart_styles& styles, scaled width, bool column);
void draw_legend(chart_pen& pen, const model::chart& chart, const chart_styles& styles,
                 const legend_layout& legend, point origin);

/// The room a chart's drawing needs above and below its plot (axis titles; category labels
/// and legend).
struct chart_margins {
  scaled top = 0;
  scaled bottom = 0;
};

chart_margins measure_chart_margins(const chart_pen& pen, const model::chart& chart,
                                    const chart_styles& styles, rect area);

/// Draws the drawing area of a chart (axes, marks, labels, legend) into `area`, leaving at least
/// `at_least` around the plot (chart_axes.cpp).
void draw_chart_area(chart_pen& pen, const model::chart& chart, const chart_styles& styles,
                     rect area, chart_margins at_least = {});

/// Draws the marks of a chart into its plot (chart_marks.cpp).
void draw_bars_and_lines(chart_pen& pen, const model::chart& chart, const chart_styles& styles,
                         const plot_geometry& plot);
void draw_waterfall(chart_pen& pen, const model::chart& chart, const chart_styles& styles,
                    const plot_geometry& plot);
void draw_pie(chart_pen& pen, const model::chart& chart, const chart_styles& styles, point centre,
              scaled radius);

}  // namespace rapport::layout_detail

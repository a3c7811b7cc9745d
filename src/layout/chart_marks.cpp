// The marks of a chart: bars (single, grouped, stacked, horizontal), lines with markers and
// dashed trend lines, waterfall steps with connectors, pie slices, and the data labels.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "layout/chart_draw.hpp"

namespace rapport::layout_detail {

namespace {

constexpr scaled data_label_gap = from_pt(2);

/// Black or white, whichever reads better on a fill.
colour text_on(colour fill) {
  double luminance = 0.299 * fill.r + 0.587 * fill.g + 0.114 * fill.b;
  return luminance > 150 ? black : white;
}

/// A bar across the category axis at `centre`, `thickness` wide, between two value positions.
rect bar_rect(const plot_geometry& plot, scaled centre, scaled thickness, scaled from, scaled to) {
  scaled lo = std::min(from, to), length = std::max(from, to) - lo;
  if (plot.horizontal) return {lo, centre - thickness / 2, length, thickness};
  return {centre - thickness / 2, lo, thickness, length};
}

/// A label at the outer end of a bar: above (or right of) it when it grows up, else below (left).
/// Left out when it needs more than `room` across the category axis: it would run into its
/// neighbours' labels.
void label_bar_end(chart_pen& pen, const model::text_style& style, const plot_geometry& plot,
                   const std::string& text, scaled centre, scaled end, bool grows_up, scaled room) {
  scaled half = pen.half_cap(style);
  if ((plot.horizontal ? 2 * half : pen.width_of(text, style)) > room) return;
  if (plot.horizontal) {
    if (grows_up)
      pen.text(text, style, end + data_label_gap, centre + half, text_anchor::left);
    else
      pen.text(text, style, end - data_label_gap, centre + half, text_anchor::right);
  } else {
    if (grows_up)
      pen.text(text, style, centre, end - data_label_gap, text_anchor::center);
    else
      pen.text(text, style, centre, end + data_label_gap + 2 * half, text_anchor::center);
  }
}

void draw_stacked(chart_pen& pen, const model::chart& c, const chart_styles& st,
                  const plot_geometry& plot, scaled thickness) {
  scaled half = pen.half_cap(st.label);
  for (std::size_t i = 0; i < plot.categories; ++i) {
    double up = 0, down = 0;
    for (const auto& s : c.series) {
      if (s.kind != model::series_kind::bar || i >= s.values.size() || !s.values[i] ||
          *s.values[i] == 0)
        continue;
      double v = *s.values[i];
      double from = v >= 0 ? up : down;
      (v >= 0 ? up : down) += v;
      scaled a = plot.at(from), b = plot.at(from + v);
      rect r = bar_rect(plot, plot.centre(i), thickness, a, b);
      // A white rim parts the segments, also in greyscale print.
      pen.polygon({{r.x, r.y}, {r.right(), r.y}, {r.right(), r.bottom()}, {r.x, r.bottom()}},
                  s.fill, white, from_pt(0.5));
      if (!c.data_labels || i >= s.value_labels.size()) continue;
      const std::string& text = s.value_labels[i];
      scaled along = plot.horizontal ? r.width : r.height;
      scaled across = plot.horizontal ? pen.width_of(text, st.label) : 2 * half;
      if (along < across + from_pt(2) ||
          (!plot.horizontal && pen.width_of(text, st.label) > r.width))
        continue;
      point mid{r.x + r.width / 2, r.y + r.height / 2};
      pen.text(text, st.label, mid.x, mid.y + half, text_anchor::center, text_on(s.fill));
    }
  }
}

}  // namespace

void draw_bars_and_lines(chart_pen& pen, const model::chart& c, const chart_styles& st,
                         const plot_geometry& plot) {
  std::vector<const model::chart_series*> bars, lines;
  for (const auto& s : c.series) (s.kind == model::series_kind::bar ? bars : lines).push_back(&s);
  bool stacked = c.type == model::chart_type::stacked_bar;
  scaled slot = plot.slot();
  double share = slot < from_pt(8) ? 0.9 : bars.size() > 1 && !stacked ? 0.8 : 0.62;
  scaled group = static_cast<scaled>(static_cast<double>(slot) * share);

  if (stacked)
    draw_stacked(pen, c, st, plot, group);
  else if (!bars.empty()) {
    scaled thickness = group / static_cast<scaled>(bars.size());
    // Bars of a group stand a little apart when there is room.
    scaled gap = bars.size() > 1 && thickness > from_pt(6) ? from_pt(1) : 0;
    for (std::size_t i = 0; i < plot.categories; ++i)
      for (std::size_t j = 0; j < bars.size(); ++j) {
        const auto& s = *bars[j];
        if (i >= s.values.size() || !s.values[i]) continue;
        scaled centre =
            plot.centre(i) - group / 2 + thickness * static_cast<scaled>(j) + thickness / 2;
        scaled base = plot.base(s.axis), end = plot.at(*s.values[i], s.axis);
        pen.rectangle(bar_rect(plot, centre, thickness - gap, base, end), s.fill);
        if (c.data_labels && i < s.value_labels.size())
          label_bar_end(pen, st.label, plot, s.value_labels[i], centre, end,
                        plot.horizontal ? end >= base : end <= base, thickness * 3 / 2);
      }
  }

  // Lines: the series first, their trends over them, then markers and labels on top of all.
  scaled marker = from_pt(5);
  bool room_for_markers = slot >= marker * 3 / 2;
  std::stable_sort(lines.begin(), lines.end(),
                   [](auto* a, auto* b) { return a->trend == 0 && b->trend > 0; });
  std::vector<std::vector<std::optional<point>>> points;
  for (const auto* s : lines) {
    std::vector<std::optional<point>> pts;
    for (std::size_t i = 0; i < plot.categories; ++i) {
      if (i < s->values.size() && s->values[i]) {
        scaled along = plot.centre(i), value = plot.at(*s->values[i], s->axis);
        pts.push_back(plot.horizontal ? point{value, along} : point{along, value});
      } else
        pts.push_back(std::nullopt);
    }
    pen.polyline(pts, from_pt(s->trend > 0 ? 2.25 : 1.5), s->fill, s->trend > 0 ? from_pt(6) : 0);
    points.push_back(std::move(pts));
  }
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const auto& s = *lines[k];
    if (s.trend > 0) continue;
    for (std::size_t i = 0; i < points[k].size(); ++i) {
      if (!points[k][i]) continue;
      // A lone point between gaps would be invisible without its marker.
      bool lone = (i == 0 || !points[k][i - 1]) && (i + 1 == points[k].size() || !points[k][i + 1]);
      if (room_for_markers || lone) pen.marker(s.marker, *points[k][i], marker, s.fill);
      if (c.data_labels && i < s.value_labels.size() &&
          pen.width_of(s.value_labels[i], st.label) <= slot)
        pen.text(s.value_labels[i], st.label, points[k][i]->x,
                 points[k][i]->y - marker / 2 - data_label_gap, text_anchor::center);
    }
  }
}

void draw_waterfall(chart_pen& pen, const model::chart& c, const chart_styles& st,
                    const plot_geometry& plot) {
  scaled thickness = static_cast<scaled>(static_cast<double>(plot.slot()) * 0.62);
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    const auto& s = c.steps[i];
    scaled centre = plot.centre(i);
    // On an axis that leaves zero out, totals stand on the bottom of the plot.
    scaled from = plot.at(std::clamp(s.from, plot.min, plot.max)),
           to = plot.at(std::clamp(s.to, plot.min, plot.max));
    pen.rectangle(bar_rect(plot, centre, thickness, from, to), s.fill);
    // A connector carries the running total over to the next bar.
    if (i + 1 < c.steps.size()) {
      scaled level = plot.at(s.to);
      pen.line({centre + thickness / 2, level}, {plot.centre(i + 1) - thickness / 2, level},
               from_pt(0.5), chart_axis_line);
    }
    if (c.data_labels) {
      bool up = s.to >= s.from;
      label_bar_end(pen, st.label, plot, s.value_label, centre,
                    up ? std::min(from, to) : std::max(from, to), up, plot.slot());
    }
  }
}

void draw_pie(chart_pen& pen, const model::chart& c, const chart_styles& st, point centre,
              scaled radius) {
  double r = static_cast<double>(radius);
  auto on_circle = [&](double turn, double at) {
    double a = turn * 2 * std::numbers::pi;
    return point{centre.x + static_cast<scaled>(std::llround(at * std::sin(a))),
                 centre.y - static_cast<scaled>(std::llround(at * std::cos(a)))};
  };
  double start = 0;
  for (const auto& s : c.slices) {
    double end = start + s.fraction;
    std::vector<point> corners;
    if (s.fraction < 0.9999) corners.push_back(centre);
    // One corner every two degrees at most: smooth at any zoom that a report is read at.
    int steps = std::max(2, static_cast<int>(std::ceil(s.fraction * 180)));
    for (int k = 0; k <= steps; ++k)
      corners.push_back(on_circle(start + s.fraction * k / steps, r));
    pen.polygon(corners, s.fill, white, from_pt(1));
    if (c.data_labels && s.fraction >= 0.05) {
      point mid = on_circle((start + end) / 2, r * 0.65);
      pen.text(s.value_label, st.label, mid.x, mid.y + pen.half_cap(st.label), text_anchor::center,
               text_on(s.fill));
    }
    start = end;
  }
}

}  // namespace rapport::layout_detail

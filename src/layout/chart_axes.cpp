// The frame of a chart: where the plot goes once the tick labels, category labels, axis titles
// and legend have their room; gridlines, axes and their labels; the empty-chart placeholder.
#include <algorithm>

#include "layout/chart_draw.hpp"

namespace rapport::layout_detail {

namespace {

constexpr scaled label_gap = from_pt(4);     // between tick labels and the plot
constexpr scaled legend_space = from_pt(6);  // between the category labels and the legend

/// Category labels wrapped to a width; `step` > 1 when only every step-th label has room.
struct category_labels {
  std::size_t step = 1;
  std::vector<std::vector<line_box>> lines;  ///< per category (empty for the ones left out)
  std::size_t max_lines = 0;
};

std::vector<line_box> wrap(const chart_pen& pen, const std::string& text,
                           const model::text_style& style, scaled width) {
  if (text.empty()) return {};
  model::span s;
  s.text = text;
  return lay_out_text(pen.ts(), {s}, style, width);
}

/// Lays out every step-th label within its room; false if one needs more than `max_lines`
/// lines or a line wider than the room.
bool try_labels(const chart_pen& pen, const model::chart& c, const model::text_style& style,
                scaled slot, std::size_t step, std::size_t max_lines, category_labels& out) {
  std::size_t n = c.categories.size();
  scaled room = slot * static_cast<scaled>(step) - from_pt(2);
  out.step = step;
  out.lines.assign(n, {});
  out.max_lines = 0;
  for (std::size_t i = 0; i < n; i += step) {
    out.lines[i] = wrap(pen, c.categories[i], style, std::max(room, from_pt(1)));
    out.max_lines = std::max(out.max_lines, out.lines[i].size());
    if (out.lines[i].size() > max_lines) return false;
    for (const auto& l : out.lines[i])
      if (l.width > room) return false;
  }
  return true;
}

/// Chooses how the category labels are shown. Bars name discrete things, so every label is
/// kept if it fits on up to three lines; otherwise (and always for lines, whose categories are
/// a sequence such as months) every step-th label is shown on one line, the smallest step that
/// fits.
category_labels plan_category_labels(const chart_pen& pen, const model::chart& c,
                                     const model::text_style& style, scaled slot) {
  category_labels out;
  std::size_t n = c.categories.size();
  bool sequence = c.type == model::chart_type::line || c.type == model::chart_type::line_trend;
  // One-line widths are measured once, so that finding the step costs no layout per try.
  std::vector<scaled> widths;
  for (const auto& name : c.categories) widths.push_back(pen.width_of(name, style));
  auto one_line = [&](std::size_t step) {
    scaled room = slot * static_cast<scaled>(step) - from_pt(2);
    for (std::size_t i = 0; i < n; i += step)
      if (widths[i] > room) return false;
    return true;
  };
  if (one_line(1) && try_labels(pen, c, style, slot, 1, 1, out)) return out;
  if (!sequence && try_labels(pen, c, style, slot, 1, 3, out)) return out;
  for (std::size_t step = 2; step <= n; ++step)
    if (one_line(step) && try_labels(pen, c, style, slot, step, 1, out)) return out;
  try_labels(pen, c, style, slot, 1, 3, out);  // nothing fits: show them all, overlapping
  return out;
}

scaled widest_tick(const chart_pen& pen, const model::chart_axis& axis,
                   const model::text_style& style) {
  scaled w = 0;
  for (const auto& t : axis.ticks) w = std::max(w, pen.width_of(t.label, style));
  return w;
}

void draw_placeholder(chart_pen& pen, const model::chart& c, const chart_styles& st, rect area) {
  pen.polyline(
      {point{area.x, area.y}, point{area.right(), area.y}, point{area.right(), area.bottom()},
       point{area.x, area.bottom()}, point{area.x, area.y}},
      from_pt(0.75), chart_frame);
  model::text_style big = st.title;
  big.size = st.title.size * 1.3;
  pen.text(c.empty_text, big, area.x + area.width / 2, area.y + area.height / 2 + pen.half_cap(big),
           text_anchor::center, chart_axis_line);
}

void draw_pie_area(chart_pen& pen, const model::chart& c, const chart_styles& st, rect area) {
  legend_layout legend = plan_legend(pen, c, st, area.width, true);
  scaled gap = from_pt(16);
  scaled radius = std::min(area.height - from_pt(4), area.width * 3 / 5) / 2;
  if (2 * radius + gap + legend.width > area.width)
    radius = std::max(from_pt(30), (area.width - gap - legend.width) / 2);
  scaled group = 2 * radius + gap + legend.width;
  scaled start = area.x + std::max<scaled>(0, (area.width - group) / 2);
  point centre{start + radius, area.y + area.height / 2};
  draw_pie(pen, c, st, centre, radius);
  draw_legend(pen, c, st, legend, {start + 2 * radius + gap, centre.y - legend.height / 2});
}

void draw_axis_titles(chart_pen& pen, const model::chart& c, const chart_styles& st, rect area) {
  scaled baseline = area.y + from_pt(st.label.size);
  pen.text(c.y.title, st.label, area.x, baseline, text_anchor::left);
  if (c.y2.shown) pen.text(c.y2.title, st.label, area.right(), baseline, text_anchor::right);
}

/// Everything around the plot of an axis chart, planned before anything is drawn.
struct frame_plan {
  legend_layout legend;
  scaled legend_height = 0;
  scaled top = 0;     ///< above the plot: axis titles and half of the top tick label
  scaled bottom = 0;  ///< below the plot: category (hbar: tick) labels and the legend
  scaled left = 0;    ///< tick labels (hbar: category labels)
  scaled right = 0;   ///< y2 tick labels, or a little room for the last label
  scaled names = 0;   ///< hbar: the width category labels wrap to
  category_labels labels;
};

frame_plan plan_frame(const chart_pen& pen, const model::chart& c, const chart_styles& st,
                      rect area) {
  frame_plan f;
  scaled lead = from_pt(st.label.leading);
  f.legend = plan_legend(pen, c, st, area.width, false);
  f.legend_height = f.legend.height > 0 ? f.legend.height + legend_space : 0;
  bool titles = !c.y.title.empty() || (c.y2.shown && !c.y2.title.empty());
  f.top = (titles ? lead + from_pt(2) : 0) + lead / 2;
  if (c.type == model::chart_type::hbar) {
    for (const auto& name : c.categories) f.names = std::max(f.names, pen.width_of(name, st.label));
    f.names = std::max(std::min(f.names, area.width * 35 / 100), from_pt(10));
    f.left = f.names + from_pt(6);
    f.right =
        c.y.ticks.empty() ? 0 : pen.width_of(c.y.ticks.back().label, st.label) / 2 + from_pt(2);
    f.bottom = f.legend_height + lead + from_pt(3);
    return f;
  }
  f.left = widest_tick(pen, c.y, st.label) + label_gap;
  f.right = c.y2.shown ? widest_tick(pen, c.y2, st.label) + label_gap : from_pt(4);
  scaled width = std::max(from_pt(20), area.width - f.left - f.right);
  scaled slot = c.categories.empty() ? width : width / static_cast<scaled>(c.categories.size());
  f.labels = plan_category_labels(pen, c, st.label, slot);
  f.bottom = f.legend_height + static_cast<scaled>(f.labels.max_lines) * lead + from_pt(3);
  return f;
}

void draw_vertical(chart_pen& pen, const model::chart& c, const chart_styles& st,
                   const frame_plan& f, rect area) {
  plot_geometry plot;
  plot.area = area;
  plot.categories = c.categories.size();
  plot.min = c.y.min, plot.max = c.y.max, plot.min2 = c.y2.min, plot.max2 = c.y2.max;
  scaled half = pen.half_cap(st.label);
  for (const auto& t : c.y.ticks) {
    scaled y = plot.at(t.value);
    pen.line({area.x, y}, {area.right(), y}, from_pt(0.5), chart_grid);
    pen.text(t.label, st.label, area.x - label_gap, y + half, text_anchor::right);
  }
  if (c.y2.shown) {
    pen.line({area.right(), area.y}, {area.right(), area.bottom()}, from_pt(0.5), chart_axis_line);
    for (const auto& t : c.y2.ticks) {
      scaled y = plot.at(t.value, 1);
      pen.line({area.right(), y}, {area.right() + from_pt(3), y}, from_pt(0.5), chart_axis_line);
      pen.text(t.label, st.label, area.right() + label_gap, y + half, text_anchor::left);
    }
  }
  if (c.type == model::chart_type::waterfall)
    draw_waterfall(pen, c, st, plot);
  else
    draw_bars_and_lines(pen, c, st, plot);
  scaled base = plot.base();
  pen.line({area.x, base}, {area.right(), base}, from_pt(0.75), chart_axis_line);

  for (std::size_t i = 0; i < f.labels.lines.size(); ++i) {
    scaled y = area.bottom() + from_pt(3);
    for (const auto& line : f.labels.lines[i]) {
      place_items(line.box, plot.centre(i) - line.width / 2, y, pen.box().items);
      y += line.box.height;
    }
  }
}

void draw_horizontal(chart_pen& pen, const model::chart& c, const chart_styles& st,
                     const frame_plan& f, rect area) {
  scaled lead = from_pt(st.label.leading);
  plot_geometry plot;
  plot.area = area;
  plot.horizontal = true;
  plot.categories = c.categories.size();
  plot.min = c.y.min, plot.max = c.y.max;
  for (const auto& t : c.y.ticks) {
    scaled x = plot.at(t.value);
    pen.line({x, area.y}, {x, area.bottom()}, from_pt(0.5), chart_grid);
    pen.text(t.label, st.label, x, area.bottom() + from_pt(3) + from_pt(st.label.size),
             text_anchor::center);
  }
  draw_bars_and_lines(pen, c, st, plot);
  scaled base = plot.base();
  pen.line({base, area.y}, {base, area.bottom()}, from_pt(0.75), chart_axis_line);

  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    std::vector<line_box> lines = wrap(pen, c.categories[i], st.label, f.names);
    scaled y = plot.centre(i) - static_cast<scaled>(lines.size()) * lead / 2;
    for (const auto& line : lines) {
      place_items(line.box, area.x - from_pt(6) - line.width, y, pen.box().items);
      y += line.box.height;
    }
  }
}

}  // namespace

chart_margins measure_chart_margins(const chart_pen& pen, const model::chart& c,
                                    const chart_styles& st, rect area) {
  if (!c.empty_text.empty() || c.type == model::chart_type::pie) return {};
  frame_plan f = plan_frame(pen, c, st, area);
  return {f.top, f.bottom};
}

void draw_chart_area(chart_pen& pen, const model::chart& c, const chart_styles& st, rect area,
                     chart_margins at_least) {
  if (!c.empty_text.empty()) return draw_placeholder(pen, c, st, area);
  if (c.type == model::chart_type::pie) return draw_pie_area(pen, c, st, area);
  frame_plan f = plan_frame(pen, c, st, area);
  // Charts side by side share their margins, so that their plots line up.
  scaled top = std::max(f.top, at_least.top), bottom = std::max(f.bottom, at_least.bottom);
  rect plot{area.x + f.left, area.y + top, std::max(from_pt(20), area.width - f.left - f.right),
            std::max(from_pt(20), area.height - top - bottom)};
  if (!c.y.title.empty() || (c.y2.shown && !c.y2.title.empty())) draw_axis_titles(pen, c, st, area);
  if (c.type == model::chart_type::hbar)
    draw_horizontal(pen, c, st, f, plot);
  else
    draw_vertical(pen, c, st, f, plot);
  if (f.legend.height > 0) {
    scaled x = area.x + std::max<scaled>(0, (area.width - f.legend.width) / 2);
    draw_legend(pen, c, st, f.legend, {x, area.bottom() - f.legend.height});
  }
}

}  // namespace rapport::layout_detail

// Chart drawing primitives: text styles, paths and glyph runs appended to a box, the
// value-to-position mapping of a plot, and the legend.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "layout/chart_draw.hpp"

namespace rapport::layout_detail {

namespace {

using op = page::path::op;

const model::text_style* defined(const model::house_style& style, const std::string& name) {
  auto it = style.styles.find(name);
  return it == style.styles.end() ? nullptr : &it->second;
}

model::text_style one_line(model::text_style s) {
  s.align = model::text_align::left;
  s.hyphenate = false;
  s.first_indent = s.left_indent = 0;
  return s;
}

constexpr scaled legend_gap = from_pt(12);  // between entries of a row
constexpr scaled swatch_gap = from_pt(3);   // between a swatch and its label

scaled swatch_width(const model::legend_entry& e, scaled size) {
  return e.kind == model::series_kind::line ? size * 5 / 2 : size;
}

}  // namespace

chart_styles chart_styles_for(const model::house_style& style) {
  chart_styles out;
  if (const auto* s = defined(style, "chart-title"))
    out.title = *s;
  else
    out.title = style.style("caption");
  out.title.hyphenate = false;
  out.title.first_indent = out.title.left_indent = 0;
  if (out.title.align == model::text_align::justify) out.title.align = model::text_align::left;
  if (const auto* s = defined(style, "chart"))
    out.label = one_line(*s);
  else {
    // Table text is the closest the layout has; charts want it a little smaller.
    out.label = one_line(style.style("table"));
    out.label.size = std::min(out.label.size, 8.0);
    out.label.leading = out.label.size * 1.2;
    out.label.bold = out.label.italic = false;
  }
  if (const auto* s = defined(style, "chart-source"))
    out.source = *s;
  else
    out.source = style.style("table-note");
  out.source.hyphenate = false;
  out.source.first_indent = out.source.left_indent = 0;
  if (out.source.align == model::text_align::justify) out.source.align = model::text_align::left;
  return out;
}

void chart_pen::line(point from, point to, scaled thickness, colour stroke) {
  page::path p;
  p.commands = {{op::move, from}, {op::line, to}};
  p.stroke = stroke;
  p.thickness = thickness;
  box_.items.push_back(std::move(p));
}

void chart_pen::polyline(const std::vector<std::optional<point>>& points, scaled thickness,
                         colour stroke, scaled dash) {
  page::path p;
  p.stroke = stroke;
  p.thickness = thickness;
  std::optional<point> last;
  double on = static_cast<double>(dash), off = on / 2,
         phase = 0;  // distance into the current dash cycle
  for (const auto& pt : points) {
    if (!pt) {
      last.reset();
      continue;
    }
    if (!last) {
      if (dash == 0) p.commands.push_back({op::move, *pt});
      phase = 0;
      last = pt;
      continue;
    }
    if (dash == 0) {
      p.commands.push_back({op::line, *pt});
      last = pt;
      continue;
    }
    // Cut the segment into dashes, carrying the pattern over from segment to segment.
    double dx = static_cast<double>(pt->x - last->x), dy = static_cast<double>(pt->y - last->y);
    double length = std::hypot(dx, dy);
    double travelled = 0;
    auto at = [&](double d) {
      double t = length == 0 ? 0 : d / length;
      return point{last->x + static_cast<scaled>(std::llround(dx * t)),
                   last->y + static_cast<scaled>(std::llround(dy * t))};
    };
    while (travelled < length) {
      bool drawing = phase < on;
      double left_in_part = drawing ? on - phase : on + off - phase;
      double step = std::min(left_in_part, length - travelled);
      if (drawing) {
        p.commands.push_back({op::move, at(travelled)});
        p.commands.push_back({op::line, at(travelled + step)});
      }
      travelled += step;
      phase += step;
      if (phase >= on + off) phase = 0;
    }
    last = pt;
  }
  if (p.commands.size() > 1) box_.items.push_back(std::move(p));
}

void chart_pen::rectangle(rect area, colour fill, std::optional<colour> outline) {
  polygon({{area.x, area.y},
           {area.right(), area.y},
           {area.right(), area.bottom()},
           {area.x, area.bottom()}},
          fill, outline, outline ? from_pt(0.5) : 0);
}

void chart_pen::polygon(const std::vector<point>& corners, colour fill,
                        std::optional<colour> outline, scaled outline_width) {
  if (corners.size() < 3) return;
  page::path p;
  p.commands.push_back({op::move, corners.front()});
  for (std::size_t i = 1; i < corners.size(); ++i) p.commands.push_back({op::line, corners[i]});
  p.commands.push_back({op::close, corners.front()});
  p.filled = true;
  p.fill = fill;
  p.stroked = outline.has_value() && outline_width > 0;
  if (outline) p.stroke = *outline;
  p.thickness = outline_width;
  box_.items.push_back(std::move(p));
}

void chart_pen::marker(model::marker_shape shape, point c, scaled size, colour fill) {
  if (shape == model::marker_shape::none) return;
  double r = static_cast<double>(size) / 2;
  auto corner = [&](double radius, double degrees) {
    double a = degrees * std::numbers::pi / 180;
    return point{c.x + static_cast<scaled>(std::llround(radius * std::sin(a))),
                 c.y - static_cast<scaled>(std::llround(radius * std::cos(a)))};
  };
  std::vector<point> corners;
  switch (shape) {
    case model::marker_shape::circle:
      for (int i = 0; i < 16; ++i) corners.push_back(corner(r, i * 22.5));
      break;
    case model::marker_shape::square:
      for (int i = 0; i < 4; ++i) corners.push_back(corner(r * 1.2, 45 + i * 90));
      break;
    case model::marker_shape::triangle:
      for (int i = 0; i < 3; ++i) corners.push_back(corner(r * 1.3, i * 120));
      break;
    case model::marker_shape::diamond:
      for (int i = 0; i < 4; ++i) corners.push_back(corner(r * 1.3, i * 90));
      break;
    case model::marker_shape::none:
      break;
  }
  // A white rim keeps markers apart where lines cross.
  polygon(corners, fill, white, from_pt(0.6));
}

scaled chart_pen::text(const std::string& text, const model::text_style& style, scaled x,
                       scaled baseline, text_anchor anchor, std::optional<colour> fill) {
  if (text.empty()) return 0;
  page::glyph_run run = single_run(ts_, text, style, {0, baseline});
  scaled width = run.width;
  scaled start = anchor == text_anchor::left    ? x
                 : anchor == text_anchor::right ? x - width
                                                : x - width / 2;
  run.origin.x += start;
  if (fill) run.fill = *fill;
  box_.items.push_back(std::move(run));
  return width;
}

scaled chart_pen::width_of(const std::string& text, const model::text_style& style) const {
  if (text.empty()) return 0;
  return single_run(ts_, text, style, {0, 0}).width;
}

scaled chart_pen::half_cap(const model::text_style& style) const {
  text::font_metrics m = ts_.fonts.metrics(ts_.font(style, false, false), from_pt(style.size));
  scaled cap = m.cap_height > 0 ? m.cap_height : from_pt(style.size * 0.7);
  return cap / 2;
}

scaled plot_geometry::at(double v, int axis) const {
  double lo = axis == 1 ? min2 : min, hi = axis == 1 ? max2 : max;
  double t = hi == lo ? 0 : (v - lo) / (hi - lo);
  if (horizontal)
    return area.x + static_cast<scaled>(std::llround(t * static_cast<double>(area.width)));
  return area.bottom() - static_cast<scaled>(std::llround(t * static_cast<double>(area.height)));
}

scaled plot_geometry::slot() const {
  if (categories == 0) return 0;
  return (horizontal ? area.height : area.width) / static_cast<scaled>(categories);
}

scaled plot_geometry::centre(std::size_t i) const {
  scaled start = horizontal ? area.y : area.x;
  scaled length = horizontal ? area.height : area.width;
  if (categories == 0) return start;
  return start +
         static_cast<scaled>((static_cast<double>(length) * (static_cast<double>(i) + 0.5)) /
                             static_cast<double>(categories));
}

scaled plot_geometry::base(int axis) const {
  double lo = axis == 1 ? min2 : min, hi = axis == 1 ? max2 : max;
  return at(std::clamp(0.0, lo, hi), axis);
}

legend_layout plan_legend(const chart_pen& pen, const model::chart& chart,
                          const chart_styles& styles, scaled width, bool column) {
  legend_layout out;
  if (chart.legend.empty()) return out;
  scaled size = from_pt(styles.label.size * 0.9);
  out.row_height = from_pt(styles.label.leading) + from_pt(2);
  scaled x = 0, row = 0;
  for (std::size_t i = 0; i < chart.legend.size(); ++i) {
    const auto& e = chart.legend[i];
    scaled w = swatch_width(e, size) + swatch_gap + pen.width_of(e.label, styles.label);
    if (x > 0 && (column || x + w > width)) x = 0, ++row;
    out.entries.push_back({i, x, row});
    x += w + legend_gap;
    out.width = std::max(out.width, x - legend_gap);
  }
  out.height = (row + 1) * out.row_height;
  return out;
}

void draw_legend(chart_pen& pen, const model::chart& chart, const chart_styles& styles,
                 const legend_layout& legend, point origin) {
  scaled size = from_pt(styles.label.size * 0.9);
  for (const auto& placed : legend.entries) {
    const auto& e = chart.legend[placed.entry];
    scaled x = origin.x + placed.x;
    scaled mid = origin.y + placed.row * legend.row_height + legend.row_height / 2;
    scaled w = swatch_width(e, size);
    if (e.kind == model::series_kind::line) {
      scaled thickness = from_pt(e.trend ? 2.25 : 1.5);
      pen.polyline({point{x, mid}, point{x + w, mid}}, thickness, e.fill, e.trend ? from_pt(5) : 0);
      pen.marker(e.marker, {x + w / 2, mid}, size * 3 / 4, e.fill);
    } else {
      pen.rectangle({x, mid - size / 2, size, size}, e.fill);
    }
    pen.text(e.label, styles.label, x + w + swatch_gap, mid + pen.half_cap(styles.label),
             text_anchor::left);
  }
}

}  // namespace rapport::layout_detail

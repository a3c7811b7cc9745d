// Charts in the flow: one unsplittable box per chart (or per row of charts side by side) with
// the title above, the drawing (chart_axes.cpp, chart_marks.cpp) and the source line below.
#include <algorithm>

#include "layout/chart_draw.hpp"

namespace rapport::layout_detail {

namespace {

constexpr double space_before = 6;  // points above a chart
constexpr double space_after = 10;  // points below a chart
constexpr scaled title_gap = from_pt(4);
constexpr scaled source_gap = from_pt(3);
constexpr scaled row_gap = from_pt(18);  // between charts side by side

std::vector<line_box> lines_of(const typesetter& ts, const std::string& text,
                               const model::text_style& style, scaled width) {
  if (text.empty()) return {};
  model::span s;
  s.text = text;
  return lay_out_text(ts, {s}, style, width);
}

scaled height_of(const std::vector<line_box>& lines) {
  scaled h = 0;
  for (const auto& l : lines) h += l.box.height;
  return h;
}

/// A chart placed in a row: its x offset and width, and its title and source lines.
struct placed_chart {
  const model::chart* chart = nullptr;
  scaled x = 0;
  scaled width = 0;
  std::vector<line_box> title;
  std::vector<line_box> source;
};

void add_space(flow& out, double points) {
  flow_item item;
  item.type = flow_item::kind::space;
  item.space = from_pt(points);
  item.keep_with_next = !out.items.empty() && out.items.back().keep_with_next;
  out.items.push_back(std::move(item));
}

/// Lays out charts side by side into one box: titles share a top, drawings share a height so
/// their plots line up, and source lines share a bottom.
void add_charts(const typesetter& ts, const model::document& doc, std::vector<placed_chart> row,
                flow& out) {
  if (row.empty()) return;
  chart_styles styles = chart_styles_for(doc.style);
  scaled title_height = 0, drawing_height = 0, source_height = 0;
  for (auto& p : row) {
    p.title = lines_of(ts, p.chart->title, styles.title, p.width);
    p.source = lines_of(ts, p.chart->source_line, styles.source, p.width);
    title_height = std::max(title_height, height_of(p.title));
    drawing_height = std::max(drawing_height, from_pt(p.chart->height));
    source_height = std::max(source_height, height_of(p.source));
  }
  if (title_height > 0) title_height += title_gap;
  if (source_height > 0) source_height += source_gap;

  flow_item item;
  block_box& box = item.box;
  box.height = title_height + drawing_height + source_height;
  chart_pen pen(ts, box);
  chart_margins shared;
  for (const auto& p : row) {
    chart_margins m =
        measure_chart_margins(pen, *p.chart, styles, {p.x, title_height, p.width, drawing_height});
    shared.top = std::max(shared.top, m.top);
    shared.bottom = std::max(shared.bottom, m.bottom);
  }
  // Each chart is read as its title (P), the drawing as a Figure with the chart's text
  // alternative instead of its marks and axis labels, and its source line (P).
  for (const auto& p : row) {
    scaled y = 0;
    std::size_t first = box.items.size();
    for (const auto& line : p.title) {
      place_items(line.box, p.x, y, box.items);
      y += line.box.height;
    }
    if (!p.title.empty()) tag_items(out, box.items, first, add_element(out, page::role::paragraph));
    rect area{p.x, title_height, p.width, drawing_height};
    first = box.items.size();
    draw_chart_area(pen, *p.chart, styles, area, shared);
    const int figure = add_element(out, page::role::figure);
    out.structure[static_cast<std::size_t>(figure)].alt = p.chart->alt.empty() ? p.chart->title : p.chart->alt;
    tag_items(out, box.items, first, figure);
    box.items.push_back(page::debug_box{area, "block"});
    y = title_height + drawing_height + source_gap;
    first = box.items.size();
    for (const auto& line : p.source) {
      place_items(line.box, p.x, y, box.items);
      y += line.box.height;
    }
    if (!p.source.empty()) tag_items(out, box.items, first, add_element(out, page::role::paragraph));
  }
  add_space(out, space_before);
  out.items.push_back(std::move(item));
  add_space(out, space_after);
}

}  // namespace

void add_chart(const typesetter& ts, const model::document& doc, const model::chart& chart,
               const page_frame& frame, flow& out) {
  placed_chart p;
  p.chart = &chart;
  p.width = static_cast<scaled>(static_cast<double>(frame.text_width) *
                                std::clamp(chart.width_fraction, 0.2, 1.0));
  p.x = (frame.text_width - p.width) / 2;  // a lone half-width chart stands in the middle
  add_charts(ts, doc, {std::move(p)}, out);
}

void add_chart_row(const typesetter& ts, const model::document& doc, const model::chart_row& row,
                   const page_frame& frame, flow& out) {
  if (row.charts.empty()) return;
  auto n = static_cast<scaled>(row.charts.size());
  scaled width = (frame.text_width - row_gap * (n - 1)) / n;
  std::vector<placed_chart> placed;
  for (std::size_t i = 0; i < row.charts.size(); ++i) {
    placed_chart p;
    p.chart = &row.charts[i];
    p.width = width;
    p.x = static_cast<scaled>(i) * (width + row_gap);
    placed.push_back(std::move(p));
  }
  add_charts(ts, doc, std::move(placed), out);
}

}  // namespace rapport::layout_detail

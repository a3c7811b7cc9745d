// Table layout: column widths from content, cells as wrapped text, rows as unsplittable boxes.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "layout/engine.hpp"

namespace rapport::layout_detail {

namespace {

bool bold_row(model::row_kind kind) {
  return kind == model::row_kind::header || kind == model::row_kind::total || kind == model::row_kind::subtotal ||
         kind == model::row_kind::group;
}

/// Where each cell of a row starts, given the row spans of the rows above (an occupancy grid).
struct grid {
  std::size_t columns;
  std::vector<std::vector<bool>> taken;
  std::vector<std::vector<bool>> spanning;  ///< taken by a cell that starts in a row above

  std::vector<std::size_t> place(std::size_t row, const model::table_row& r) {
    const std::size_t deepest = row + 1 + static_cast<std::size_t>(std::accumulate(
        r.cells.begin(), r.cells.end(), 0, [](int m, const auto& c) { return std::max(m, c.rowspan); }));
    while (taken.size() < deepest) taken.emplace_back(columns, false), spanning.emplace_back(columns, false);
    std::vector<std::size_t> starts;
    std::size_t column = 0;
    for (const auto& cell : r.cells) {
      while (column < columns && taken[row][column]) ++column;
      starts.push_back(column);
      for (int dr = 0; dr < cell.rowspan; ++dr)
        for (int dc = 0; dc < cell.colspan && column + dc < columns; ++dc) {
          taken[row + dr][column + dc] = true;
          spanning[row + dr][column + dc] = dr > 0;
        }
      column += cell.colspan;
    }
    return starts;
  }
};

/// Where a row's cells go in the logical structure: TH or TD elements of one TR.
struct cell_tags {
  flow* out = nullptr;  ///< nullptr: the cells are not tagged
  int row = -1;
  page::role cell_role = page::role::data_cell;
};

class table_builder {
public:
  table_builder(const typesetter& ts, const model::document& doc, const model::table& table, const page_frame& frame)
      : ts_(ts), doc_(doc), t_(table), frame_(table.landscape ? landscape_frame(doc.style) : frame),
        ts_style_(doc.style.table),
        body_(doc.style.style("table")), header_(doc.style.style("table-header")) {}

  void build(flow& out) {
    std::size_t first_item = out.items.size();
    build_items(out);
    // Every part of a landscape table, its caption and trailing space included, goes on
    // landscape pages; pagination turns the page when the orientation changes.
    if (t_.landscape)
      for (std::size_t i = first_item; i < out.items.size(); ++i) out.items[i].landscape = true;
  }

private:
  void build_items(flow& out) {
    compute_widths();
    int table_index = static_cast<int>(out.table_headers.size());
    // Table > Caption, THead > TR > TH, TBody > TR > TD; the note under it is a paragraph.
    const int table_element = add_element(out, page::role::table);
    // Caption, kept with the header.
    if (t_.number > 0 || !t_.caption.empty()) {
      model::inline_text caption = t_.caption;
      if (t_.number > 0) {
        std::string prefix = fmt::format("{} {}", ts_style_.caption_prefix, t_.number);
        caption.insert(caption.begin(), model::span{caption.empty() ? prefix : prefix + ": "});
      }
      const model::text_style& style = doc_.style.style("caption");
      add_space(out, style.space_before, false);
      std::vector<line_box> caption_lines = lay_out_text(ts_, caption, style, frame_.text_width);
      tag_lines(out, caption_lines, add_element(out, page::role::caption, table_element));
      for (auto& line : caption_lines) {
        flow_item item;
        item.box = std::move(line.box);
        item.keep_with_next = true;
        out.items.push_back(std::move(item));
      }
      add_space(out, style.space_after, true);
    }
    block_box header;
    grid header_grid{widths_.size(), {}, {}};
    std::vector<scaled> header_heights;
    std::vector<std::vector<std::size_t>> starts;
    for (std::size_t r = 0; r < t_.header_rows.size(); ++r) {
      starts.push_back(header_grid.place(r, t_.header_rows[r]));
      header_heights.push_back(row_height(t_.header_rows[r], starts.back(), true));
    }
    scaled total_header = std::accumulate(header_heights.begin(), header_heights.end(), scaled{0});
    if (!t_.header_rows.empty())
      header.items.push_back(page::filled_rect{{0, 0, table_width_, total_header}, ts_style_.header_fill});
    scaled y = 0;
    const int head_element = t_.header_rows.empty() ? -1 : add_element(out, page::role::table_head, table_element);
    for (std::size_t r = 0; r < t_.header_rows.size(); ++r) {
      draw_row(t_.header_rows[r], starts[r], y, header_heights, r, header, true,
               {&out, add_element(out, page::role::table_row, head_element), page::role::header_cell});
      y += header_heights[r];
    }
    header.height = y;
    if (!t_.header_rows.empty())
      header.items.push_back(rule(y, ts_style_.header_rule_width));
    // The header repeated on continued pages is read once, where the table starts.
    block_box repeated = continued_header(header);
    untag(repeated);
    out.table_headers.push_back(std::move(repeated));
    flow_item header_item;
    header_item.box = header;
    header_item.keep_with_next = true;
    out.items.push_back(std::move(header_item));

    body_layout body = lay_out_body();
    const int body_element = t_.body.empty() ? -1 : add_element(out, page::role::table_body, table_element);
    for (std::size_t r = 0; r < t_.body.size(); ++r)
      out.items.push_back(body_row(body, r, table_index, {&out, add_element(out, page::role::table_row, body_element), page::role::data_cell}));
    if (!t_.note.empty()) {
      const model::text_style& style = doc_.style.style("table-note");
      add_space(out, style.space_before, false);
      std::vector<line_box> note_lines = lay_out_text(ts_, t_.note, style, frame_.text_width);
      tag_lines(out, note_lines, add_element(out, page::role::paragraph));
      for (auto& line : note_lines) {
        flow_item item;
        item.box = std::move(line.box);
        out.items.push_back(std::move(item));
      }
      add_space(out, style.space_after, false);
    } else {
      add_space(out, body_.space_after > 0 ? body_.space_after : 8, false);
    }
  }

  // The header as repeated on a continuation page: under a label such as "Tabell 3, forts.".
  block_box continued_header(const block_box& header) const {
    const std::string label = t_.continuation_label.value_or(ts_style_.continuation);
    if (label.empty()) return header;
    const std::string text =
        t_.number > 0 ? fmt::format("{} {}, {}", ts_style_.caption_prefix, t_.number, label) : label;
    const model::text_style& style = doc_.style.style("caption");
    block_box out;
    for (auto& line : lay_out_text(ts_, {model::span{text}}, style, frame_.text_width)) {
      place_items(std::move(line.box), 0, out.height, out.items);
      out.height += line.box.height;
    }
    out.height += from_pt(style.space_after);
    place_items(header, 0, out.height, out.items);
    out.height += header.height;
    return out;
  }

  // Where the body's cells go: a grid (cells spanning rows push later cells right), row heights,
  // and for each row the cells that span into it from above.
  struct body_layout {
    grid cells;
    std::vector<std::vector<std::size_t>> starts;
    std::vector<scaled> heights;
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> spanned_from;  ///< (row, cell)
  };

  body_layout lay_out_body() const {
    body_layout b{grid{widths_.size(), {}, {}}, {}, {}, std::vector<std::vector<std::pair<std::size_t, std::size_t>>>(t_.body.size())};
    for (std::size_t r = 0; r < t_.body.size(); ++r) {
      b.starts.push_back(b.cells.place(r, t_.body[r]));
      b.heights.push_back(row_height(t_.body[r], b.starts.back(), false));
    }
    // A spanning cell taller than its rows makes the last of them taller.
    for (std::size_t r = 0; r < t_.body.size(); ++r)
      for (std::size_t i = 0; i < t_.body[r].cells.size(); ++i) {
        const auto& cell = t_.body[r].cells[i];
        if (cell.rowspan <= 1) continue;
        const std::size_t last = std::min(t_.body.size(), r + static_cast<std::size_t>(cell.rowspan)) - 1;
        for (std::size_t k = r + 1; k <= last; ++k) b.spanned_from[k].emplace_back(r, i);
        scaled content = 2 * from_pt(ts_style_.cell_padding_y);
        for (const auto& l : cell_lines(t_.body[r], cell, b.starts[r][i])) content += l.box.height;
        scaled spanned = 0;
        for (std::size_t k = r; k <= last; ++k) spanned += b.heights[k];
        if (content > spanned) b.heights[last] += content - spanned;
      }
    return b;
  }

  // One body row as a box. A row may start a page inside a cell spanning rows: the cell's text
  // is then repeated at the top of that page (`continued_cells`), as a reader needs it there.
  flow_item body_row(const body_layout& b, std::size_t r, int table_index, const cell_tags& tags) const {
    const auto& row = t_.body[r];
    flow_item item;
    item.table = table_index;
    block_box& box = item.box;
    const bool totalish = row.kind == model::row_kind::total || row.kind == model::row_kind::subtotal;
    if (totalish) box.items.push_back(rule(0, ts_style_.total_rule_width));
    draw_row(row, b.starts[r], 0, b.heights, r, box, false, tags);
    box.height = b.heights[r];
    const double below = row.kind == model::row_kind::total ? ts_style_.total_rule_width : ts_style_.rule_width;
    if (below > 0) rules_below(b.cells, r, box.height, below, box);
    for (const auto& [from_row, i] : b.spanned_from[r]) {
      const std::size_t start = b.starts[from_row][i];
      scaled y = from_pt(ts_style_.cell_padding_y);
      for (auto& l : cell_lines(t_.body[from_row], t_.body[from_row].cells[i], start)) {
        place_items(std::move(l.box), offsets_[start] + from_pt(ts_style_.cell_padding_x), y, item.continued_cells.items);
        y += l.box.height;
      }
    }
    // A group label row is never left alone at the foot of a page.
    item.keep_with_next = row.kind == model::row_kind::group;
    return item;
  }

  // The rule under a row, broken where a cell spans on into the next row.
  void rules_below(const grid& g, std::size_t row, scaled y, double thickness, block_box& box) const {
    auto spans_on = [&](std::size_t column) { return row + 1 < g.spanning.size() && g.spanning[row + 1][column]; };
    std::size_t c = 0;
    while (c < widths_.size()) {
      const std::size_t from = c;
      while (c < widths_.size() && !spans_on(c)) ++c;
      if (c > from)
        box.items.push_back(page::rule{{offsets_[from], y}, {offsets_[c], y}, from_pt(thickness), ts_style_.rule});
      while (c < widths_.size() && spans_on(c)) ++c;
    }
  }

  // Makes a cell's text (from `first_item` on) a TH or TD of the row; its shading and rules
  // stay artifacts. Header cells head their column(s).
  static void tag_cell(const cell_tags& tags, const model::table_cell& cell, block_box& box, std::size_t first_item) {
    const int element = add_element(*tags.out, tags.cell_role, tags.row);
    page::structure_element& e = tags.out->structure[static_cast<std::size_t>(element)];
    if (tags.cell_role == page::role::header_cell) e.scope = page::header_scope::column;
    e.row_span = std::max(1, cell.rowspan);
    e.column_span = std::max(1, cell.colspan);
    tag_items(*tags.out, box.items, first_item, element);
  }

  static void add_space(flow& out, double points, bool keep) {
    if (points <= 0) return;
    flow_item item{flow_item::kind::space};
    item.space = from_pt(points);
    item.keep_with_next = keep;
    out.items.push_back(std::move(item));
  }

  page::rule rule(scaled y, double thickness) const {
    return page::rule{{0, y}, {table_width_, y}, from_pt(thickness), ts_style_.rule};
  }

  const model::text_style& style_for(const model::table_row& row) const {
    return row.kind == model::row_kind::header ? header_ : body_;
  }

  // Widths: fixed and percent columns as given; automatic ones share what is left in
  // proportion to their natural width, never below their longest word.
  void compute_widths() {
    std::size_t n = t_.columns.size();
    scaled pad = 2 * from_pt(ts_style_.cell_padding_x);
    std::vector<scaled> natural(n, 0), minimum(n, 0);
    grid header_grid{n, {}, {}};
    grid body_grid{n, {}, {}};
    std::size_t header_index = 0, body_index = 0;
    auto measure = [&](const model::table_row& row, bool header) {
      // Rows below a row-spanning cell start further right: place them on the grid.
      std::vector<std::size_t> starts =
          header ? header_grid.place(header_index++, row) : body_grid.place(body_index++, row);
      for (std::size_t i = 0; i < row.cells.size(); ++i) {
        const auto& cell = row.cells[i];
        const std::size_t column = starts[i];
        if (cell.colspan == 1 && column < n) {
          text_extent e = measure_text(ts_, cell.text, header ? header_ : body_, bold_row(row.kind) || cell.bold);
          natural[column] = std::max(natural[column], e.natural + pad);
          // Headers may wrap at spaces; numbers must not.
          minimum[column] = std::max(minimum[column], (header ? e.longest_word : e.natural) + pad);
        }
      }
    };
    for (const auto& row : t_.header_rows) measure(row, true);
    for (const auto& row : t_.body) measure(row, false);
    // A label column's text may wrap; give it a sensible minimum rather than its longest line.
    for (std::size_t c = 0; c < n; ++c)
      if (!t_.columns[c].numeric) minimum[c] = std::min(minimum[c], std::max(natural[c] / 4, from_pt(60)));

    scaled available = frame_.text_width;
    widths_.assign(n, 0);
    scaled fixed = 0;
    std::vector<std::size_t> automatic;
    for (std::size_t c = 0; c < n; ++c) {
      const auto& w = t_.columns[c].width;
      if (w.how == model::column_width::mode::fixed) widths_[c] = from_pt(w.amount);
      else if (w.how == model::column_width::mode::percent) widths_[c] = static_cast<scaled>(available * w.amount / 100);
      else automatic.push_back(c);
      fixed += widths_[c];
    }
    scaled left = std::max<scaled>(0, available - fixed);
    scaled natural_sum = 0, minimum_sum = 0;
    for (std::size_t c : automatic) natural_sum += natural[c], minimum_sum += minimum[c];
    if (natural_sum <= left) {
      // Spare room goes to the text columns, so numbers stay compact at the right.
      scaled spare = left - natural_sum;
      scaled text_natural = 0;
      for (std::size_t c : automatic)
        if (!t_.columns[c].numeric) text_natural += natural[c];
      for (std::size_t c : automatic) {
        widths_[c] = natural[c];
        if (text_natural > 0 && !t_.columns[c].numeric) widths_[c] += spare * natural[c] / text_natural;
        else if (text_natural == 0) widths_[c] += spare / static_cast<scaled>(automatic.size());
      }
    } else if (minimum_sum <= left) {
      // Shrink the columns that can wrap, in proportion to how much they can give.
      scaled excess = natural_sum - left;
      scaled give = natural_sum - minimum_sum;
      for (std::size_t c : automatic)
        widths_[c] = natural[c] - (give > 0 ? excess * (natural[c] - minimum[c]) / give : 0);
    } else {
      for (std::size_t c : automatic) widths_[c] = minimum_sum > 0 ? left * minimum[c] / minimum_sum : 0;
      ts_.diag.warning(t_.loc, fmt::format("the table needs {:.0f} pt but the text area is {:.0f} pt wide; its columns are squeezed",
                                           to_pt(fixed + minimum_sum), to_pt(available)),
                       "set landscape=\"true\" on the table, or narrower formats");
    }
    offsets_.assign(n + 1, 0);
    for (std::size_t c = 0; c < n; ++c) offsets_[c + 1] = offsets_[c] + widths_[c];
    table_width_ = offsets_[n];
  }

  scaled cell_width(std::size_t start, int span) const {
    std::size_t end = std::min(widths_.size(), start + static_cast<std::size_t>(span));
    return offsets_[end] - offsets_[start] - 2 * from_pt(ts_style_.cell_padding_x);
  }

  std::vector<line_box> cell_lines(const model::table_row& row, const model::table_cell& cell, std::size_t start) const {
    model::text_style style = style_for(row);
    std::size_t column = std::min(start, t_.columns.size() - 1);
    model::text_align align = cell.align ? *cell.align : t_.columns[column].align;
    if (row.kind == model::row_kind::comment) align = model::text_align::left;
    style.align = align;
    bool indent = row.kind == model::row_kind::varav && start == 0;
    bool italic = cell.italic || row.kind == model::row_kind::varav;
    scaled inset = indent ? from_pt(8) : 0;
    auto lines = lay_out_text(ts_, cell.text, style, cell_width(start, cell.colspan) - inset, 0,
                              bold_row(row.kind) || cell.bold, italic, cell.fill);
    if (inset)
      for (auto& l : lines) {
        block_box moved;
        moved.height = l.box.height;
        place_items(std::move(l.box), inset, 0, moved.items);
        l.box = std::move(moved);
      }
    return lines;
  }

  scaled row_height(const model::table_row& row, const std::vector<std::size_t>& starts, bool) const {
    scaled height = from_pt(style_for(row).leading);
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      if (row.cells[i].rowspan > 1) continue;
      scaled h = 0;
      for (const auto& l : cell_lines(row, row.cells[i], starts[i])) h += l.box.height;
      height = std::max(height, h);
    }
    return height + 2 * from_pt(ts_style_.cell_padding_y);
  }

  // Cells spanning rows are centred vertically in headers (group titles) and sit at the top in
  // the body, where the rows below them may go on to the next page.
  void draw_row(const model::table_row& row, const std::vector<std::size_t>& starts, scaled y,
                const std::vector<scaled>& heights, std::size_t row_index, block_box& box,
                bool centre_spans = true, const cell_tags& tags = {}) const {
    scaled pad_x = from_pt(ts_style_.cell_padding_x);
    scaled pad_y = from_pt(ts_style_.cell_padding_y);
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      const auto& cell = row.cells[i];
      std::size_t start = starts[i];
      if (start >= widths_.size()) continue;
      auto lines = cell_lines(row, cell, start);
      scaled content = 0;
      for (const auto& l : lines) content += l.box.height;
      scaled span_height = 0;
      for (int r = 0; r < cell.rowspan && row_index + r < heights.size(); ++r) span_height += heights[row_index + r];
      scaled cy = y + pad_y + (centre_spans && cell.rowspan > 1 ? (span_height - 2 * pad_y - content) / 2 : 0);
      if (cell.background)
        box.items.push_back(page::filled_rect{{offsets_[start], y, cell_width(start, cell.colspan) + 2 * pad_x, span_height},
                                              *cell.background});
      const std::size_t first_item = box.items.size();
      for (auto& l : lines) {
        place_items(std::move(l.box), offsets_[start] + pad_x, cy, box.items);
        cy += l.box.height;
      }
      if (tags.out) tag_cell(tags, cell, box, first_item);
      if (ts_.debug_boxes)
        box.items.push_back(page::debug_box{{offsets_[start], y, offsets_[std::min(widths_.size(), start + cell.colspan)] - offsets_[start], span_height}, "cell"});
    }
  }

  const typesetter& ts_;
  const model::document& doc_;
  const model::table& t_;
  const page_frame frame_;
  const model::table_style& ts_style_;
  const model::text_style& body_;
  const model::text_style& header_;
  std::vector<scaled> widths_;
  std::vector<scaled> offsets_;
  scaled table_width_ = 0;
};

}  // namespace

void add_table(const typesetter& ts, const model::document& doc, const model::table& table, const page_frame& frame,
               flow& out) {
  table_builder(ts, doc, table, frame).build(out);
}

}  // namespace rapport::layout_detail

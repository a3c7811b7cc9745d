// Turning a planned table into model cells: header rows, formatted values, conditional styles.
#include <fmt/format.h>

#include "compute/table_plan.hpp"

namespace rapport::detail {

namespace {

model::inline_text plain(std::string text) {
  if (text.empty()) return {};
  model::span s;
  s.text = std::move(text);
  return {s};
}

std::optional<colour> hex_colour(const std::string& s) {
  if (s.size() != 7 || s[0] != '#') return std::nullopt;
  unsigned v = 0;
  for (std::size_t i = 1; i < 7; ++i) {
    char c = s[i];
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (digit < 0) return std::nullopt;
    v = v * 16 + static_cast<unsigned>(digit);
  }
  return colour{static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

}  // namespace

std::vector<model::table_row> table_plan::header_rows() {
  std::vector<model::table_row> rows;
  model::table_row top{model::row_kind::header, {}};
  if (t_.groups.empty()) {
    for (const auto& c : t_.columns) top.cells.push_back({plain(c.header)});
    rows.push_back(std::move(top));
    return rows;
  }
  // Grouped headers: a group's title spans its columns in the first row; ungrouped columns'
  // headers span both rows.
  model::table_row second{model::row_kind::header, {}};
  for (std::size_t i = 0; i < t_.columns.size();) {
    int group = t_.columns[i].group;
    if (group < 0) {
      model::table_cell cell{plain(t_.columns[i].header)};
      cell.rowspan = 2;
      top.cells.push_back(std::move(cell));
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < t_.columns.size() && t_.columns[end].group == group) ++end;
    model::table_cell cell{plain(t_.groups[group].header)};
    cell.colspan = static_cast<int>(end - i);
    cell.align = model::text_align::center;
    top.cells.push_back(std::move(cell));
    for (; i < end; ++i) second.cells.push_back({plain(t_.columns[i].header)});
  }
  rows.push_back(std::move(top));
  rows.push_back(std::move(second));
  return rows;
}

model::table_cell table_plan::format_cell(const planned_row& row, std::size_t c, const scope& where) {
  const def::column& column = t_.columns[c];
  model::table_cell cell;
  if (c == 0 && !row.label.empty()) {
    cell.text = plain(row.label);
    return cell;
  }
  if (row.spec)
    for (const auto& o : row.spec->cells)
      if (o.column == column.name && o.expr.empty()) {
        // Literal cells see the row's fields: "{u2019 | pct}" prints this row's value.
        cell.text = b_.resolve_inline(o.text, where);
        return cell;
      }
  if (!row.frame) return cell;
  value v = frames_[*row.frame][column_index_[c]];
  if (auto it = rounded_.find({*row.frame, column_index_[c]}); it != rounded_.end()) v = it->second;
  bool sum_row = !frame_source_row_[*row.frame];
  if (sum_row && v.is_text()) return cell;  // sums have no text, except the label
  cell.text = plain(b_.format_for_print(v, column.format, column.loc));
  if (v.is_number()) cell.number = v.number();
  return cell;
}

model::table table_plan::emit() {
  model::table out;
  out.header_rows = header_rows();
  // Columns holding numbers align right (on the decimal mark) unless the author says otherwise.
  for (std::size_t c = 0; c < t_.columns.size(); ++c) {
    model::table_column col;
    bool numeric = false;
    for (const auto& frame : frames_)
      if (frame[column_index_[c]].is_number()) numeric = true;
    col.numeric = numeric;
    const std::string& align = t_.columns[c].align;
    col.align = align == "right"    ? model::text_align::right
                : align == "center" ? model::text_align::center
                : align == "left"   ? model::text_align::left
                : numeric           ? model::text_align::right
                                    : model::text_align::left;
    out.columns.push_back(col);
  }
  for (auto& header : out.header_rows) {
    // Header cells follow their column's alignment (a group title stays centred).
    std::size_t column = 0;
    for (auto& cell : header.cells) {
      if (!cell.align && cell.colspan == 1 && column < out.columns.size()) cell.align = out.columns[column].align;
      column += cell.colspan;
    }
  }
  std::vector<std::size_t> data_frames;
  for (const auto& row : rows_)
    if (row.frame && frame_source_row_[*row.frame]) data_frames.push_back(*row.frame);
  frame_set data_set = frames_of(data_frames);
  for (const auto& row : rows_) {
    model::table_row out_row{row.kind, {}};
    if (row.kind == model::row_kind::comment) {
      model::table_cell cell;
      cell.text = b_.resolve_inline(row.spec->text, global_scope(b_.env()));
      cell.colspan = static_cast<int>(t_.columns.size());
      cell.align = model::text_align::left;
      out_row.cells.push_back(std::move(cell));
      out.body.push_back(std::move(out_row));
      continue;
    }
    std::optional<std::size_t> position;
    if (row.frame)
      for (std::size_t i = 0; i < data_frames.size(); ++i)
        if (data_frames[i] == *row.frame) position = i;
    frame_set members = frames_of(row.members);
    std::unique_ptr<scope> where;
    if (position) where = std::make_unique<row_scope>(b_.env(), data_set, *position);
    else if (row.frame) where = std::make_unique<set_scope>(b_.env(), members, &frames_[*row.frame]);
    else where = std::make_unique<global_scope>(b_.env());
    for (std::size_t c = 0; c < t_.columns.size(); ++c) out_row.cells.push_back(format_cell(row, c, *where));
    if (row.frame && !t_.styles.empty()) {
      for (const auto& style : t_.styles) {
        std::optional<value> hit =
            position ? b_.evaluate(style.when, style.when_loc, row_scope(b_.env(), data_set, *position))
                     : b_.evaluate(style.when, style.when_loc, set_scope(b_.env(), members, &frames_[*row.frame]));
        if (!hit || !(hit->is_bool() ? hit->boolean() : hit->is_number() && hit->number() != 0)) continue;
        bool found_column = style.column.empty();
        for (std::size_t c = 0; c < t_.columns.size(); ++c) {
          if (!style.column.empty() && t_.columns[c].name != style.column) continue;
          found_column = true;
          auto& cell = out_row.cells[c];
          if (style.style_class == "negative") cell.fill = b_.style().table.negative_fill;
          else if (style.style_class == "bold") cell.bold = true;
          else if (style.style_class == "italic") cell.italic = true;
          if (auto colour = hex_colour(style.colour)) cell.fill = colour;
        }
        if (!found_column)
          b_.diag().error(style.loc, fmt::format("<style> names the column '{}', which this table does not have", style.column));
      }
    }
    out.body.push_back(std::move(out_row));
  }
  return out;
}

}  // namespace rapport::detail

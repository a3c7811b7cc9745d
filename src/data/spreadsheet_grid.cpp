// data/ private: the grid that collects a sheet's streamed cells and turns the chosen area into
// a data_table (header names, merged header cells, trailing empty rows, cell limits).
#include <fmt/format.h>

#include <algorithm>

#include "data/spreadsheet.hpp"

namespace rapport::detail {

namespace {

// How many cells outside the area are remembered as possible top-lefts of merged header cells.
constexpr std::size_t max_outside = 10'000;

std::string trimmed(std::string_view text) {
  const char* space = " \t\n\r";
  std::size_t first = text.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  std::size_t last = text.find_last_not_of(space);
  return std::string(text.substr(first, last - first + 1));
}

std::string as_name(const value& v) {
  if (v.is_text()) return trimmed(v.text());
  if (v.is_number()) return number_text(v.number());
  if (v.is_bool()) return v.boolean() ? "TRUE" : "FALSE";
  return {};
}

}  // namespace

sheet_grid::sheet_grid(const sheet_context& context, cell_area area, std::uint64_t max_cells)
    : context_(context), area_(area), max_cells_(max_cells) {}

bool sheet_grid::remembers(std::uint32_t row, std::uint32_t col) const {
  // A header cell merged from above or from the left takes its label from outside the area.
  return !area_.contains(row, col) && !area_.rows_open && row <= area_.row0 &&
         outside_.size() < max_outside;
}

bool sheet_grid::reaches(const cell_area& block) const {
  bool overlaps = block.row0 <= area_.row1 && block.row1 >= area_.row0 &&
                  block.col0 <= area_.col1 && block.col1 >= area_.col0;
  return overlaps || remembers(block.row0, block.col0);
}

void sheet_grid::put(std::uint32_t row, std::uint32_t col, value v) {
  if (v.is_empty() || (v.is_text() && v.text().empty())) return;
  if (!area_.contains(row, col)) {
    if (remembers(row, col)) outside_[{row, col}] = std::move(v);
    return;
  }
  const std::size_t r = row - area_.row0, c = col - area_.col0;
  if (rows_.size() <= r) rows_.resize(r + 1);
  std::vector<value>& cells = rows_[r];
  if (cells.capacity() == 0) cells.reserve(std::min<std::size_t>(width_hint_, 64));
  if (cells.size() <= c) {
    // Counted as allocated, so a sheet of scattered far-away cells is refused before it
    // costs gigabytes, whatever its <dimension> claims.
    cells_ += c + 1 - cells.size();
    if (cells_ > max_cells_)
      context_.fail(row, col,
                    fmt::format("the sheet holds more than {} cells in the area read", max_cells_),
                    "read a smaller range");
    cells.resize(c + 1);
    width_hint_ = std::max(width_hint_, cells.size());
  }
  cells[c] = std::move(v);
  any_ = true;
  min_row_ = std::min(min_row_, row);
  max_row_ = std::max(max_row_, row);
  min_col_ = std::min(min_col_, col);
  max_col_ = std::max(max_col_, col);
}

void sheet_grid::merge(const cell_area& merged) {
  // Only merges that reach the header row of the area can matter; keep few of them.
  if (merges_.size() < max_outside) merges_.push_back(merged);
}

const value* sheet_grid::find(std::uint32_t row, std::uint32_t col) const {
  if (area_.contains(row, col)) {
    const std::size_t r = row - area_.row0, c = col - area_.col0;
    if (r < rows_.size() && c < rows_[r].size() && !rows_[r][c].is_empty()) return &rows_[r][c];
    return nullptr;
  }
  auto it = outside_.find({row, col});
  return it == outside_.end() ? nullptr : &it->second;
}

// A header cell covered by a merge is read as the merge's top-left value; the second and
// later columns under one merged label get " (2)", " (3)" so the names stay distinct.
std::string sheet_grid::header_name(std::uint32_t row, std::uint32_t col) const {
  if (const value* v = find(row, col)) return as_name(*v);
  for (const cell_area& m : merges_) {
    if (!m.contains(row, col)) continue;
    const value* top_left = find(m.row0, m.col0);
    if (!top_left) return {};
    std::string name = as_name(*top_left);
    std::uint32_t first = std::max(m.col0, area_.cols_open ? min_col_ : area_.col0);
    if (col > first) name += fmt::format(" ({})", col - first + 1);
    return name;
  }
  return {};
}

data_table sheet_grid::finish(bool header) {
  data_table table;
  if (!any_) {
    std::string where = area_name(area_);
    throw fatal_error(source_loc{context_.file, 0, 0},
                      where.empty()
                          ? fmt::format("sheet '{}' is empty", context_.sheet)
                          : fmt::format("sheet '{}' has no values in {}", context_.sheet, where),
                      "choose another sheet or range");
  }
  // Open sides shrink to the cells that hold something; trailing empty rows always go.
  cell_area used = area_;
  if (area_.rows_open) used.row0 = min_row_;
  used.row1 = max_row_;
  if (area_.cols_open) {
    used.col0 = min_col_;
    used.col1 = max_col_;
  }
  used.rows_open = used.cols_open = false;
  if (header && used.row1 < used.row0) used.row1 = used.row0;
  const std::uint64_t width = used.col1 - used.col0 + 1;
  const std::uint64_t height = used.row1 - used.row0 + 1;
  if (width * height > max_cells_)
    throw fatal_error(context_.at(used),
                      fmt::format("the area read holds {} cells, more than the {} allowed",
                                  width * height, max_cells_),
                      "read a smaller range");
  table.loc = context_.at(used);

  std::uint32_t first_data = used.row0;
  if (header) {
    first_data = used.row0 + 1;
    std::map<std::string, std::uint32_t> seen;
    for (std::uint32_t col = used.col0; col <= used.col1; ++col) {
      std::string name = header_name(used.row0, col);
      if (name.empty())
        context_.fail(used.row0, col,
                      fmt::format("the header cell of column {} is empty", column_letters(col)),
                      "name every column in the header row, or read a range without this column");
      auto [it, fresh] = seen.emplace(name, col);
      if (!fresh)
        context_.fail(used.row0, col,
                      fmt::format("duplicate column name '{}' (also in {})", name,
                                  cell_name(used.row0, it->second)));
      table.columns.push_back(std::move(name));
    }
  } else {
    for (std::uint32_t col = used.col0; col <= used.col1; ++col)
      table.columns.push_back(column_letters(col));
  }

  const std::size_t skip = used.col0 - area_.col0;  // leading columns outside an open area
  table.rows.reserve(used.row1 >= first_data ? used.row1 - first_data + 1 : 0);
  table.row_locs.reserve(table.rows.capacity());
  for (std::uint64_t row = first_data; row <= used.row1; ++row) {
    std::vector<value> cells;
    const std::size_t r = row - area_.row0;
    if (r < rows_.size()) {
      cells = std::move(rows_[r]);
      std::vector<value>().swap(rows_[r]);  // give the memory back as the table grows
      if (skip > 0) cells.erase(cells.begin(), cells.begin() + std::min(skip, cells.size()));
    }
    cells.resize(width);
    table.rows.push_back(std::move(cells));
    table.row_locs.push_back(context_.at(static_cast<std::uint32_t>(row), used.col0));
  }
  return table;
}

}  // namespace rapport::detail

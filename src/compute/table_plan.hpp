// compute/ private: one table being built: its rows (data, sums, headings), frames and cells.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compute/builder.hpp"

namespace rapport::detail {

/// A row of the table to print, before its cells are formatted.
struct planned_row {
  model::row_kind kind = model::row_kind::body;
  std::optional<std::size_t> frame;   ///< the row's fields (data rows and sums)
  std::vector<std::size_t> members;   ///< frames a sum adds up
  std::string label;                  ///< replaces the first column's text
  std::string id;
  const def::row_spec* spec = nullptr;
  std::size_t group_start = 0;        ///< for `of="group"`: the first row after the last heading
  source_loc loc;
};

class table_plan {
public:
  table_plan(builder& b, const def::table& t, const data_table* source);

  /// Maps every column to a field of the frames; reports unknown fields. False on errors.
  bool resolve_columns();
  /// Decides which rows the table has: all data rows, groups, or the explicit <rows>.
  void plan_rows();
  /// Computes expression columns, sums and overrides.
  void compute();
  /// Formats the cells into a model table (without caption, widths and id).
  model::table emit();

private:
  std::vector<std::size_t> select_source_rows(const std::string& filter, const source_loc& filter_loc,
                                              const std::string& sort, const source_loc& sort_loc);
  std::size_t add_data_frame(std::size_t source_row);
  std::optional<std::size_t> find_source_row(const std::string& key, const source_loc& loc, bool report = true);
  void resolve_sum_members();
  void plan_explicit_rows(const std::vector<def::row_spec>& specs);
  void plan_grouped_rows(const std::vector<std::size_t>& source_rows);
  std::size_t add_sum(const std::string& label, std::vector<std::size_t> members, model::row_kind kind,
                      const source_loc& loc);
  /// A set of this table's frames that knows which data cells its fields came from.
  frame_set frames_of(std::vector<std::size_t> members) const {
    frame_set set{&schema_, &frames_, std::move(members)};
    set.origin = source_;
    set.origin_rows = &frame_source_row_;
    return set;
  }
  void compute_sum_fields(planned_row& row);
  void check_summed_cells(const planned_row& row, std::size_t column);
  void compute_column(std::size_t column, const std::vector<std::size_t>& data_frames);
  void check_columns(const std::vector<std::size_t>& data_frames);
  void check_stated_total(const planned_row& sum, const std::string& key);
  void round_preserving_totals();
  std::vector<model::table_row> header_rows();
  model::table_cell format_cell(const planned_row& row, std::size_t column, const scope& where);

  builder& b_;
  const def::table& t_;
  const data_table* source_;
  frame_schema schema_;
  std::vector<std::size_t> column_index_;  ///< per definition column: the frame field it shows
  std::vector<std::vector<value>> frames_;
  std::vector<std::optional<std::size_t>> frame_source_row_;  ///< data frames' source rows
  std::vector<planned_row> rows_;
  std::vector<std::size_t> hidden_frames_;  ///< data rows that sums add but the table does not show
  std::map<std::pair<std::size_t, std::size_t>, double> rounded_;  ///< (frame, field) → printed value
  std::set<std::pair<std::size_t, std::size_t>> reported_cells_;  ///< (source row, field) already reported
};

}  // namespace rapport::detail

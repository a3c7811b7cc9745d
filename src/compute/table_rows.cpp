// Planning a table's rows (data rows, groups, explicit rows and sums) and computing them.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "compute/table_plan.hpp"

namespace rapport::detail {

namespace {

model::row_kind data_row_kind(const std::string& kind) {
  return kind == "varav" ? model::row_kind::varav : model::row_kind::body;
}

std::vector<std::string> split_members(const std::string& of) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= of.size()) {
    std::size_t end = of.find(';', start);
    if (end == std::string::npos) end = of.size();
    std::string item = of.substr(start, end - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

}  // namespace

std::size_t table_plan::add_sum(const std::string& label, std::vector<std::size_t> members, model::row_kind kind,
                                const source_loc& loc) {
  frames_.emplace_back(schema_.names.size());
  frame_source_row_.push_back(std::nullopt);
  planned_row row;
  row.kind = kind;
  row.frame = frames_.size() - 1;
  row.members = std::move(members);
  row.label = label;
  row.loc = loc;
  rows_.push_back(std::move(row));
  return rows_.size() - 1;
}

void table_plan::plan_rows() {
  if (t_.rows) {
    plan_explicit_rows(*t_.rows);
  } else {
    std::vector<std::size_t> selected = select_source_rows(t_.filter, t_.filter_loc, t_.sort, t_.sort_loc);
    if (!t_.group_by.empty()) {
      plan_grouped_rows(selected);
    } else {
      for (std::size_t source_row : selected) {
        planned_row row;
        row.frame = add_data_frame(source_row);
        row.loc = source_->row_locs.empty() ? t_.loc : source_->row_locs[source_row];
        rows_.push_back(std::move(row));
      }
    }
  }
  resolve_sum_members();
  if (t_.total_label) {
    std::vector<std::size_t> members;
    for (const auto& row : rows_)
      if (row.kind == model::row_kind::body && row.frame) members.push_back(*row.frame);
    add_sum(*t_.total_label, std::move(members), model::row_kind::total, t_.total_loc);
  }
}

void table_plan::plan_grouped_rows(const std::vector<std::size_t>& source_rows) {
  auto column = source_->column_index(t_.group_by);
  if (!column) {
    std::string close = closest_match(t_.group_by, source_->columns);
    b_.diag().error(t_.group_by_loc.line > 0 ? t_.group_by_loc : t_.loc,
                    fmt::format("cannot group by '{}': no such field in '{}'", t_.group_by, t_.source),
                    close.empty() ? fmt::format("'{}' has: {}", t_.source, fmt::join(source_->columns, ", "))
                                  : fmt::format("did you mean '{}'?", close));
    return;
  }
  // Groups keep the order in which their first row appears.
  std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;
  for (std::size_t r : source_rows) {
    const value& v = source_->rows[r][*column];
    std::string name = v.is_text() ? v.text() : v.is_number() ? fmt::format("{}", v.number()) : std::string{};
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == name; });
    if (it == groups.end()) groups.push_back({name, {r}});
    else it->second.push_back(r);
  }
  for (const auto& [name, members] : groups) {
    planned_row heading;
    heading.kind = model::row_kind::group;
    heading.label = name;
    rows_.push_back(heading);
    std::vector<std::size_t> frames;
    for (std::size_t r : members) {
      planned_row row;
      row.frame = add_data_frame(r);
      row.loc = source_->row_locs.empty() ? t_.loc : source_->row_locs[r];
      frames.push_back(*row.frame);
      rows_.push_back(std::move(row));
    }
    add_sum(fmt::format("Summa {}", name), std::move(frames), model::row_kind::subtotal, t_.loc);
  }
}

void table_plan::plan_explicit_rows(const std::vector<def::row_spec>& specs) {
  std::size_t group_start = 0;  // index into rows_ after the last heading
  for (const auto& spec : specs) {
    using kind = def::row_spec::kind;
    switch (spec.type) {
      case kind::data_row: {
        auto source_row = find_source_row(spec.key, spec.loc);
        if (!source_row) break;
        planned_row row;
        row.kind = data_row_kind(spec.row_kind);
        row.frame = add_data_frame(*source_row);
        row.label = spec.label;
        row.id = spec.id.empty() ? spec.key : spec.id;
        row.spec = &spec;
        row.loc = spec.loc;
        rows_.push_back(std::move(row));
        break;
      }
      case kind::rows_from:
        for (std::size_t r : select_source_rows(spec.filter, spec.filter_loc, spec.sort, spec.sort_loc)) {
          planned_row row;
          row.kind = data_row_kind(spec.row_kind);
          row.frame = add_data_frame(r);
              row.spec = &spec;
          row.loc = source_->row_locs.empty() ? spec.loc : source_->row_locs[r];
          rows_.push_back(std::move(row));
        }
        break;
      case kind::heading: {
        planned_row row;
        row.kind = model::row_kind::group;
        row.label = spec.label;
        row.id = spec.id;
        row.loc = spec.loc;
        rows_.push_back(std::move(row));
        group_start = rows_.size();
        break;
      }
      case kind::sum: {
        // Members are resolved after every row is planned: a sum may stand above its members
        // (a bold group row carrying its subtotal) or add rows that are not shown.
        std::size_t index = add_sum(spec.label, {}, spec.row_kind == "total" ? model::row_kind::total
                                                                              : model::row_kind::subtotal, spec.loc);
        rows_[index].id = spec.id;
        rows_[index].spec = &spec;
        rows_[index].group_start = group_start;
        break;
      }
      case kind::comment: {
        planned_row row;
        row.kind = model::row_kind::comment;
        row.spec = &spec;
        row.loc = spec.loc;
        rows_.push_back(std::move(row));
        break;
      }
      case kind::empty: {
        planned_row row;
        row.kind = model::row_kind::body;
        row.loc = spec.loc;
        rows_.push_back(std::move(row));
        break;
      }
    }
  }
}

void table_plan::resolve_sum_members() {
  for (std::size_t index = 0; index < rows_.size(); ++index) {
    planned_row& sum = rows_[index];
    if (!sum.spec || sum.spec->type != def::row_spec::kind::sum) continue;
    const def::row_spec& spec = *sum.spec;
    if (spec.of == "group") {
      for (std::size_t i = sum.group_start; i < index; ++i)
        if (rows_[i].kind == model::row_kind::body && rows_[i].frame) sum.members.push_back(*rows_[i].frame);
      continue;
    }
    for (const std::string& name : split_members(spec.of)) {
      auto it = std::find_if(rows_.begin(), rows_.end(), [&](const planned_row& r) { return r.id == name && r.frame; });
      if (it != rows_.end()) {
        sum.members.push_back(*it->frame);
        continue;
      }
      // A data row the table does not show can still be added up.
      if (auto source_row = find_source_row(name, spec.loc, false)) {
        hidden_frames_.push_back(add_data_frame(*source_row));
        sum.members.push_back(hidden_frames_.back());
        continue;
      }
      std::vector<std::string> ids;
      for (const auto& r : rows_)
        if (!r.id.empty()) ids.push_back(r.id);
      std::string close = closest_match(name, ids);
      b_.diag().error(spec.loc, fmt::format("the sum '{}' names '{}', which is neither a row id nor a key in '{}'",
                                            spec.label, name, t_.source),
                      close.empty() ? std::string{} : fmt::format("did you mean '{}'?", close));
    }
  }
}

void table_plan::compute_column(std::size_t c, const std::vector<std::size_t>& data_frames) {
  const def::column& column = t_.columns[c];
  std::size_t field = column_index_[c];
  frame_set set = frames_of(data_frames);
  for (std::size_t position = 0; position < data_frames.size(); ++position) {
    std::size_t frame = data_frames[position];
    const std::string* expr = column.expr.empty() ? nullptr : &column.expr;
    const source_loc* loc = &column.expr_loc;
    // A row may compute this column its own way (a per-row sign rule).
    for (const auto& row : rows_)
      if (row.frame == frame && row.spec)
        for (const auto& o : row.spec->cells)
          if (o.column == column.name && !o.expr.empty()) expr = &o.expr, loc = &o.expr_loc;
    if (!expr) continue;
    auto result = b_.evaluate(*expr, *loc, row_scope(b_.env(), set, position));
    frames_[frame][field] = result ? *result : value{};
  }
}

void table_plan::check_summed_cells(const planned_row& row, std::size_t c) {
  // A mistyped number ("12,3,4") stays text; adding only the numbers would print a wrong sum.
  // A column of labels is summed too (to nothing), so text counts as a mistake only where
  // the author asked for a total or the other cells are numbers.
  const def::column& column = t_.columns[c];
  std::size_t field = column_index_[c];
  if (!column.expr.empty() || !source_ || field >= source_->columns.size()) return;
  bool numeric = !column.total.empty();
  const value* bad = nullptr;
  std::size_t bad_frame = 0;
  for (std::size_t m : row.members) {
    const value& v = frames_[m][field];
    if (v.is_number()) numeric = true;
    else if (v.is_text() && !bad && frame_source_row_[m]) bad = &v, bad_frame = m;
  }
  if (!numeric || !bad) return;
  std::size_t source_row = *frame_source_row_[bad_frame];
  if (!reported_cells_.insert({source_row, field}).second) return;  // once, however many sums add it
  b_.diag().error(source_->cell_loc(source_row, field),
                  fmt::format("expected a number in '{}', found '{}'", source_->columns[field], bad->text()),
                  fmt::format("the sum '{}' ({}) adds this column", row.label, to_string(row.loc)));
}

void table_plan::compute_sum_fields(planned_row& row) {
  std::vector<value>& own = frames_[*row.frame];
  std::size_t data_fields = source_ ? source_->columns.size() : 0;
  auto total_of = [&](std::size_t field, bool average) {
    double sum = 0;
    int count = 0;
    for (std::size_t m : row.members)
      if (frames_[m][field].is_number()) sum += frames_[m][field].number(), ++count;
    if (count == 0) return value{};
    return value{average ? sum / count : sum};
  };
  for (std::size_t f = 0; f < data_fields; ++f) own[f] = total_of(f, false);
  frame_set members = frames_of(row.members);
  for (std::size_t c = 0; c < t_.columns.size(); ++c) {
    const def::column& column = t_.columns[c];
    std::size_t field = column_index_[c];
    std::string how = column.total.empty() ? (column.expr.empty() ? "sum" : "expr") : column.total;
    if (how == "avg" || how == "sum") check_summed_cells(row, c);
    if (how == "none") own[field] = value{};
    else if (how == "avg") own[field] = total_of(field, true);
    else if (how == "sum") own[field] = total_of(field, false);
    else if (!column.expr.empty()) {
      // A deviation on a sum row is computed from the summed fields, not summed itself.
      auto result = b_.evaluate(column.expr, column.expr_loc, set_scope(b_.env(), members, &own));
      own[field] = result ? *result : value{};
    }
  }
  if (row.spec)
    for (const auto& o : row.spec->cells)
      if (!o.expr.empty())
        for (std::size_t c = 0; c < t_.columns.size(); ++c)
          if (t_.columns[c].name == o.column) {
            auto result = b_.evaluate(o.expr, o.expr_loc, set_scope(b_.env(), members, &own));
            own[column_index_[c]] = result ? *result : value{};
          }
}

void table_plan::compute() {
  std::vector<std::size_t> data_frames;
  for (std::size_t i = 0; i < rows_.size(); ++i)
    if (rows_[i].frame && frame_source_row_[*rows_[i].frame]) data_frames.push_back(*rows_[i].frame);
  data_frames.insert(data_frames.end(), hidden_frames_.begin(), hidden_frames_.end());
  for (std::size_t c = 0; c < t_.columns.size(); ++c) compute_column(c, data_frames);
  // Sums may add other sums in any order: compute each once all its members are known.
  std::vector<bool> done(frames_.size(), false);
  for (std::size_t f : data_frames) done[f] = true;
  for (std::size_t pass = 0; pass <= rows_.size(); ++pass) {
    bool progress = false;
    for (auto& row : rows_) {
      if (!row.frame || frame_source_row_[*row.frame] || done[*row.frame]) continue;
      if (!std::all_of(row.members.begin(), row.members.end(), [&](std::size_t m) { return done[m]; })) continue;
      compute_sum_fields(row);
      done[*row.frame] = progress = true;
    }
    if (!progress) break;
  }
  for (const auto& row : rows_)
    if (row.frame && !done[*row.frame])
      b_.diag().error(row.loc, fmt::format("the sum '{}' depends on itself through its members", row.label));
  check_columns(data_frames);
  for (const auto& row : rows_) {
    if (row.spec && !row.spec->check.empty()) check_stated_total(row, row.spec->check);
    else if (!row.spec && row.kind == model::row_kind::total && !t_.total_check.empty())
      check_stated_total(row, t_.total_check);
  }
  if (t_.rounding == "preserve-total") round_preserving_totals();
}

void table_plan::check_stated_total(const planned_row& sum, const std::string& key) {
  // The author's data may carry its own total row: it must agree with the computed sum.
  auto source_row = find_source_row(key, sum.loc);
  if (!source_row || !sum.frame) return;
  std::size_t data_fields = source_->columns.size();
  for (std::size_t c = 0; c < t_.columns.size(); ++c) {
    std::size_t field = column_index_[c];
    if (field >= data_fields) continue;
    const value& stated = source_->rows[*source_row][field];
    const value& computed = frames_[*sum.frame][field];
    if (!stated.is_number() || !computed.is_number()) continue;
    const number_format* format = b_.number_format_for(t_.columns[c].format, t_.columns[c].loc);
    std::string printed = format_number(stated.number(), *format, b_.locale());
    std::string summed = format_number(computed.number(), *format, b_.locale());
    if (printed == summed) continue;
    source_loc at = source_->row_locs.empty() ? sum.loc : source_->row_locs[*source_row];
    b_.diag().warning(at, fmt::format("the total row '{}' says {} for '{}', but its rows add up to {}", key, printed,
                                      t_.columns[c].name, summed),
                      fmt::format("compared by the 'check' of the sum at {}", to_string(sum.loc)));
  }
}

void table_plan::round_preserving_totals() {
  // Largest-remainder rounding: each sum's members are rounded so that the printed parts add
  // up to the printed total (the rows a reader adds by hand then agree with the sum row).
  for (std::size_t c = 0; c < t_.columns.size(); ++c) {
    const def::column& column = t_.columns[c];
    if (!column.expr.empty() && column.total != "sum") continue;
    const number_format* format = b_.number_format_for(column.format, column.loc);
    double unit = std::pow(10.0, -format->decimals) * format->scale;
    std::size_t field = column_index_[c];
    for (const auto& sum : rows_) {
      if (!sum.frame || frame_source_row_[*sum.frame] || sum.members.empty()) continue;
      const value& total = frames_[*sum.frame][field];
      if (!total.is_number()) continue;
      long long target = std::llround(total.number() / unit);
      struct part {
        std::size_t frame;
        long long floor;
        double remainder;
      };
      std::vector<part> parts;
      long long floors = 0;
      for (std::size_t m : sum.members) {
        if (rounded_.contains({m, field}) || !frames_[m][field].is_number()) continue;
        double units = frames_[m][field].number() / unit;
        long long f = static_cast<long long>(std::floor(units));
        parts.push_back({m, f, units - static_cast<double>(f)});
        floors += f;
      }
      long long extra = target - floors;
      if (extra < 0 || extra > static_cast<long long>(parts.size())) continue;  // members were printed elsewhere
      std::stable_sort(parts.begin(), parts.end(), [](const part& a, const part& b) { return a.remainder > b.remainder; });
      for (std::size_t i = 0; i < parts.size(); ++i)
        rounded_[{parts[i].frame, field}] = static_cast<double>(parts[i].floor + (static_cast<long long>(i) < extra ? 1 : 0)) * unit;
    }
  }
}

void table_plan::check_columns(const std::vector<std::size_t>& data_frames) {
  frame_set set = frames_of(data_frames);
  for (std::size_t c = 0; c < t_.columns.size(); ++c) {
    const def::column& column = t_.columns[c];
    if (column.check.empty()) continue;
    const number_format* format = b_.number_format_for(column.format, column.loc);
    for (std::size_t position = 0; position < data_frames.size(); ++position) {
      std::size_t frame = data_frames[position];
      const value& stated = frames_[frame][column_index_[c]];
      auto expected = b_.evaluate(column.check, column.check_loc, row_scope(b_.env(), set, position));
      if (!expected || !expected->is_number() || !stated.is_number()) continue;
      // Compare what would be printed: a difference below the last printed digit is rounding.
      std::string printed = format_number(stated.number(), *format, b_.locale());
      std::string computed = format_number(expected->number(), *format, b_.locale());
      if (printed == computed) continue;
      std::size_t source_row = *frame_source_row_[frame];
      source_loc at = source_->row_locs.empty() ? t_.loc : source_->row_locs[source_row];
      b_.diag().warning(at, fmt::format("column '{}' holds {}, but {} gives {}", column.name, printed, column.check,
                                        computed),
                        fmt::format("checked by the 'check' of <column> at {}", to_string(column.loc)));
    }
  }
}

}  // namespace rapport::detail

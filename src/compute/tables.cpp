// Building tables: rows from a source, explicit rows and sums, computed columns, cells.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "compute/builder.hpp"
#include "compute/table_plan.hpp"

namespace rapport::detail {

namespace {

std::string key_text(const value& v) {
  if (v.is_text()) return v.text();
  if (v.is_number()) return fmt::format("{}", v.number());
  if (v.is_bool()) return v.boolean() ? "true" : "false";
  return {};
}

bool truthy(const value& v) {
  if (v.is_bool()) return v.boolean();
  if (v.is_number()) return v.number() != 0;
  if (v.is_text()) return !v.text().empty();
  return false;
}

model::column_width parse_width(const std::string& w, const source_loc& loc, diagnostics& diag) {
  model::column_width out;
  if (w.empty() || w == "auto") return out;
  std::string_view s(w);
  double factor = 1;
  out.how = model::column_width::mode::fixed;
  if (s.ends_with("%")) out.how = model::column_width::mode::percent, s.remove_suffix(1);
  else if (s.ends_with("mm")) factor = 72 / 25.4, s.remove_suffix(2);
  else if (s.ends_with("pt")) s.remove_suffix(2);
  double amount = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), amount);
  if (ec != std::errc() || end != s.data() + s.size() || amount <= 0) {
    diag.error(loc, fmt::format("expected a width like auto, 30%, 40pt or 25mm, found '{}'", w));
    return {};
  }
  out.amount = amount * factor;
  return out;
}

// Equal neighbouring cells of a `merge` column become one cell spanning those rows. Only
// plain body rows merge, and a run never crosses a boundary of a merged column to its left,
// so a hierarchy of merged columns nests.
void merge_equal_cells(const def::table& t, model::table& out) {
  const std::size_t rows = out.body.size();
  std::vector<bool> boundary(rows + 1, false);  // a run may not continue from row r-1 into r
  boundary[0] = boundary[rows] = true;
  for (std::size_t r = 0; r < rows; ++r)
    if (out.body[r].kind != model::row_kind::body || out.body[r].cells.size() != t.columns.size())
      boundary[r] = boundary[r + 1] = true;
  std::vector<std::vector<bool>> erase(rows, std::vector<bool>(t.columns.size(), false));
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (!t.columns[c].merge) continue;
    std::vector<bool> next = boundary;
    std::size_t start = 0;
    for (std::size_t r = 1; r <= rows; ++r) {
      const bool same = r < rows && !boundary[r] &&
                        model::plain_text(out.body[r].cells[c].text) == model::plain_text(out.body[start].cells[c].text) &&
                        !model::plain_text(out.body[start].cells[c].text).empty();
      if (same) {
        erase[r][c] = true;
        continue;
      }
      if (r - start > 1) out.body[start].cells[c].rowspan = static_cast<int>(r - start);
      next[r] = true;
      start = r;
    }
    boundary = std::move(next);
  }
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = t.columns.size(); c-- > 0;)
      if (erase[r][c]) out.body[r].cells.erase(out.body[r].cells.begin() + static_cast<std::ptrdiff_t>(c));
}

}  // namespace

table_plan::table_plan(builder& b, const def::table& t, const data_table* source)
    : b_(b), t_(t), source_(source), schema_(source ? source->columns : std::vector<std::string>{}) {}

bool table_plan::resolve_columns() {
  bool ok = true;
  for (const auto& c : t_.columns) {
    if (!c.field.empty()) {
      auto index = schema_.find(c.field);
      if (!index) {
        std::string close = closest_match(c.field, source_ ? source_->columns : std::vector<std::string>{});
        b_.diag().error(c.loc, fmt::format("unknown field '{}' in data source '{}'", c.field, t_.source),
                        close.empty() ? fmt::format("the source has: {}", fmt::join(source_->columns, ", "))
                                      : fmt::format("did you mean '{}'?", close));
        ok = false;
        column_index_.push_back(0);
        continue;
      }
      column_index_.push_back(*index);
    } else {
      std::string name = c.name.empty() ? fmt::format("#column{}", column_index_.size() + 1) : c.name;
      column_index_.push_back(schema_.add(name));
      if (!b_.parse(c.expr, c.expr_loc)) ok = false;
    }
  }
  return ok;
}

std::vector<std::size_t> table_plan::select_source_rows(const std::string& filter, const source_loc& filter_loc,
                                                        const std::string& sort, const source_loc& sort_loc) {
  std::vector<std::size_t> rows;
  if (!source_) return rows;
  const frame_set& all = b_.env().source_rows(*source_);
  for (std::size_t i = 0; i < source_->rows.size(); ++i) {
    if (!filter.empty()) {
      auto keep = b_.evaluate(filter, filter_loc, row_scope(b_.env(), all, i));
      if (!keep) return {};
      if (!truthy(*keep)) continue;
    }
    rows.push_back(i);
  }
  if (!sort.empty()) {
    // "-a, b": descending a, then ascending b; stable, so equal rows keep the data's order.
    std::vector<std::pair<std::size_t, bool>> keys;
    std::size_t start = 0;
    while (start <= sort.size()) {
      std::size_t end = sort.find(',', start);
      if (end == std::string::npos) end = sort.size();
      std::string field = sort.substr(start, end - start);
      std::size_t lead = std::min(field.find_first_not_of(' '), field.size());
      field.erase(0, lead);
      field.erase(field.find_last_not_of(' ') + 1);
      bool descending = !field.empty() && field[0] == '-';
      if (descending) field.erase(0, 1);
      if (auto i = source_->column_index(field)) {
        keys.emplace_back(*i, descending);
      } else {
        // Point at the field inside the sort attribute (the table's element if it is not known).
        source_loc at = sort_loc.line > 0 ? loc_in_value(sort_loc, sort, start + lead + (descending ? 1 : 0)) : t_.loc;
        std::string close = closest_match(field, source_->columns);
        b_.diag().error(at, fmt::format("cannot sort by '{}': no such field in '{}'", field, t_.source),
                        close.empty() ? fmt::format("'{}' has: {}", t_.source, fmt::join(source_->columns, ", "))
                                      : fmt::format("did you mean '{}'?", close));
      }
      start = end + 1;
    }
    auto less = [&](std::size_t a, std::size_t b) {
      for (auto [column, descending] : keys) {
        const value& x = source_->rows[a][column];
        const value& y = source_->rows[b][column];
        if (x == y) continue;
        bool before = x.is_number() && y.is_number() ? x.number() < y.number() : key_text(x) < key_text(y);
        return descending ? !before : before;
      }
      return false;
    };
    std::stable_sort(rows.begin(), rows.end(), less);
  }
  return rows;
}

std::size_t table_plan::add_data_frame(std::size_t source_row) {
  std::vector<value> frame = source_->rows[source_row];
  frame.resize(schema_.names.size());
  frames_.push_back(std::move(frame));
  frame_source_row_.push_back(source_row);
  return frames_.size() - 1;
}

std::optional<std::size_t> table_plan::find_source_row(const std::string& key, const source_loc& loc, bool report) {
  if (!source_) return std::nullopt;
  std::string key_field = t_.key;
  if (key_field.empty())
    for (const auto& c : t_.columns)
      if (!c.field.empty()) {
        key_field = c.field;
        break;
      }
  auto column = source_->column_index(key_field);
  if (!column) {
    b_.diag().error(t_.loc, fmt::format("the key field '{}' is not in data source '{}'", key_field, t_.source));
    return std::nullopt;
  }
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < source_->rows.size(); ++i) {
    std::string k = key_text(source_->rows[i][*column]);
    if (k == key) return i;
    keys.push_back(k);
  }
  if (!report) return std::nullopt;
  std::string close = closest_match(key, keys);
  b_.diag().error(loc, fmt::format("no row with {} = '{}' in data source '{}'", key_field, key, t_.source),
                  close.empty() ? std::string{} : fmt::format("did you mean '{}'?", close));
  return std::nullopt;
}

std::optional<model::table> builder::build_table(const def::table& t) {
  const data_table* source = nullptr;
  if (!t.source.empty()) {
    auto it = data_.tables.find(t.source);
    if (it == data_.tables.end()) {
      std::vector<std::string> names;
      for (const auto& s : definition_.sources) names.push_back(s.name);
      bool declared = std::find(names.begin(), names.end(), t.source) != names.end();
      if (!declared) {
        std::string close = closest_match(t.source, names);
        diag_.error(t.loc, fmt::format("unknown data source '{}'", t.source),
                    close.empty() ? std::string{} : fmt::format("did you mean '{}'?", close));
      }
      return std::nullopt;  // a declared source that failed to load was reported already
    }
    source = &it->second;
  }
  table_plan plan(*this, t, source);
  if (!plan.resolve_columns()) return std::nullopt;
  plan.plan_rows();
  plan.compute();
  model::table out = plan.emit();
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    out.columns[i].width = parse_width(t.columns[i].width, t.columns[i].loc, diag_);
  if (!t.caption.empty()) {
    out.caption = resolve_text(t.caption, t.caption_loc, global_scope(env_));
    out.number = ++table_counter_;
  }
  if (!t.note.empty()) out.note = resolve_inline(t.note, global_scope(env_));
  out.landscape = t.landscape;
  out.continuation_label = t.continuation;
  merge_equal_cells(t, out);
  out.id = t.id.empty() ? fmt::format("table-{}", ++id_counter_) : t.id;
  out.loc = t.loc;
  return out;
}

}  // namespace rapport::detail

// Charts, first phase: the chart's rows (filter, sort), its categories and the raw series values
// read from fields or expressions, with located errors for what cannot be plotted.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "compute/chart_math.hpp"
#include "compute/chart_plan.hpp"

namespace rapport::detail {

namespace {

const std::vector<std::pair<std::string, model::chart_type>> chart_types{
    {"bar", model::chart_type::bar},
    {"hbar", model::chart_type::hbar},
    {"grouped-bar", model::chart_type::grouped_bar},
    {"stacked-bar", model::chart_type::stacked_bar},
    {"line", model::chart_type::line},
    {"line-trend", model::chart_type::line_trend},
    {"bar-line", model::chart_type::bar_line},
    {"waterfall", model::chart_type::waterfall},
    {"pie", model::chart_type::pie},
};

bool truthy(const value& v) {
  if (v.is_bool()) return v.boolean();
  if (v.is_number()) return v.number() != 0;
  if (v.is_text()) return !v.text().empty();
  return false;
}

std::string shown_text(const value& v) {
  if (v.is_text()) return v.text();
  if (v.is_bool()) return v.boolean() ? "true" : "false";
  if (v.is_number()) return fmt::format("{}", v.number());
  return {};
}

/// A height like "200", "200pt", "70mm" or "7cm", in points; nullopt if it is not one.
std::optional<double> parse_height(std::string_view s) {
  double factor = 1;
  if (s.ends_with("pt"))
    s.remove_suffix(2);
  else if (s.ends_with("mm"))
    factor = 72 / 25.4, s.remove_suffix(2);
  else if (s.ends_with("cm"))
    factor = 720 / 25.4, s.remove_suffix(2);
  double amount = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), amount);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return amount * factor;
}

}  // namespace

chart_plan::chart_plan(builder& b, const def::chart& c, const data_table& source)
    : b_(b), c_(c), source_(source) {}

bool chart_plan::select_rows() {
  const frame_set& all = b_.env().source_rows(source_);
  for (std::size_t i = 0; i < source_.rows.size(); ++i) {
    if (!c_.filter.empty()) {
      auto keep = b_.evaluate(c_.filter, c_.filter_loc, row_scope(b_.env(), all, i));
      if (!keep) return false;
      if (!truthy(*keep)) continue;
    }
    rows_.push_back(i);
  }
  if (c_.sort.empty()) return true;
  // "-a, b": descending a, then ascending b; stable, so equal rows keep the data's order.
  std::vector<std::pair<std::size_t, bool>> keys;
  bool ok = true;
  std::size_t start = 0;
  while (start <= c_.sort.size()) {
    std::size_t end = std::min(c_.sort.find(',', start), c_.sort.size());
    std::string field = c_.sort.substr(start, end - start);
    std::size_t lead = std::min(field.find_first_not_of(' '), field.size());
    field.erase(0, lead);
    field.erase(field.find_last_not_of(' ') + 1);
    bool descending = !field.empty() && field[0] == '-';
    if (descending) field.erase(0, 1);
    if (auto i = source_.column_index(field))
      keys.emplace_back(*i, descending);
    else {
      std::string close = closest_match(field, source_.columns);
      b_.diag().error(
          c_.sort_loc.line > 0
              ? loc_in_value(c_.sort_loc, c_.sort, start + lead + (descending ? 1 : 0))
              : c_.loc,
          fmt::format("cannot sort by '{}': no such field in data source '{}'", field, c_.source),
          close.empty() ? fmt::format("the source has: {}", fmt::join(source_.columns, ", "))
                        : fmt::format("did you mean '{}'?", close));
      ok = false;
    }
    start = end + 1;
  }
  auto less = [&](std::size_t a, std::size_t b) {
    for (auto [column, descending] : keys) {
      const value& x = source_.rows[a][column];
      const value& y = source_.rows[b][column];
      if (x == y) continue;
      bool before =
          x.is_number() && y.is_number() ? x.number() < y.number() : shown_text(x) < shown_text(y);
      return descending ? !before : before;
    }
    return false;
  };
  std::stable_sort(rows_.begin(), rows_.end(), less);
  return ok;
}

bool chart_plan::read_categories() {
  if (source_.columns.empty()) return rows_.empty();
  std::string field = c_.category.empty() ? source_.columns.front() : c_.category;
  auto column = source_.column_index(field);
  if (!column) {
    std::string close = closest_match(field, source_.columns);
    b_.diag().error(
        c_.loc, fmt::format("unknown category field '{}' in data source '{}'", field, c_.source),
        close.empty() ? fmt::format("the source has: {}", fmt::join(source_.columns, ", "))
                      : fmt::format("did you mean '{}'?", close));
    return false;
  }
  for (std::size_t row : rows_) {
    const value& v = source_.rows[row][*column];
    // Years and other whole numbers read as written ("2021", not "2 021").
    if (v.is_number() && std::fabs(v.number()) < 1e15 && v.number() == std::floor(v.number()))
      categories_.push_back(fmt::format("{}", static_cast<long long>(v.number())));
    else if (v.is_number())
      categories_.push_back(b_.format_for_print(v, "", c_.loc));
    else
      categories_.push_back(shown_text(v));
  }
  return true;
}

void chart_plan::report_not_number(std::size_t row, const def::series& s, const std::string& what,
                                   const value& found, std::size_t more) {
  source_loc at = row < source_.row_locs.size() ? source_.row_locs[row] : c_.loc;
  std::string label = s.label.empty() ? what : s.label;
  std::string hint = fmt::format("in the chart at {}", to_string(c_.loc));
  if (more > 0)
    hint += fmt::format("; {} more row{} of this series {} not numbers either", more,
                        more == 1 ? "" : "s", more == 1 ? "is" : "are");
  b_.diag().error(at,
                  fmt::format("expected a number for chart series '{}' ({}), found '{}'", label,
                              what, shown_text(found)),
                  hint);
}

std::optional<std::vector<std::optional<double>>> chart_plan::read_field(const def::series& s) {
  auto column = source_.column_index(s.field);
  if (!column) {
    std::string close = closest_match(s.field, source_.columns);
    b_.diag().error(
        s.loc, fmt::format("unknown field '{}' in data source '{}'", s.field, c_.source),
        close.empty() ? fmt::format("the source has: {}", fmt::join(source_.columns, ", "))
                      : fmt::format("did you mean '{}'?", close));
    return std::nullopt;
  }
  std::vector<std::optional<double>> out;
  std::optional<std::size_t> first_bad;
  std::size_t bad = 0;
  for (std::size_t row : rows_) {
    const value& v = source_.rows[row][*column];
    if (v.is_number() && std::isfinite(v.number()))
      out.push_back(v.number());
    else if (v.is_empty())
      out.push_back(std::nullopt);
    else {
      if (!first_bad) first_bad = row;
      ++bad;
      out.push_back(std::nullopt);
    }
  }
  if (first_bad) {
    report_not_number(*first_bad, s, fmt::format("field '{}'", s.field),
                      source_.rows[*first_bad][*column], bad - 1);
    return std::nullopt;
  }
  return out;
}

std::optional<std::vector<std::optional<double>>> chart_plan::read_expr(const def::series& s) {
  if (!b_.parse(s.expr, s.expr_loc)) return std::nullopt;
  // The expression sees the chart's rows in chart order, so lag() and movavg() follow the chart.
  const frame_set& all = b_.env().source_rows(source_);
  frame_set chosen{all.schema, all.rows, rows_};
  chosen.origin = all.origin;
  std::vector<std::optional<double>> out;
  std::optional<std::pair<std::size_t, value>> first_bad;
  std::size_t bad = 0;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    auto v = b_.evaluate(s.expr, s.expr_loc, row_scope(b_.env(), chosen, i));
    if (!v) return std::nullopt;  // reported once, not for every row
    if (v->is_number() && std::isfinite(v->number()))
      out.push_back(v->number());
    else if (v->is_empty() || v->is_number())
      out.push_back(std::nullopt);  // ÷0 leaves a gap
    else {
      if (!first_bad) first_bad.emplace(rows_[i], *v);
      ++bad;
      out.push_back(std::nullopt);
    }
  }
  if (first_bad) {
    report_not_number(first_bad->first, s, fmt::format("expression '{}'", s.expr),
                      first_bad->second, bad - 1);
    return std::nullopt;
  }
  return out;
}

bool chart_plan::read_series() {
  bool ok = true;
  for (const auto& s : c_.series_list) {
    std::optional<std::vector<std::optional<double>>> v;
    if (!s.field.empty())
      v = read_field(s);
    else if (!s.expr.empty())
      v = read_expr(s);
    if (!v) {
      ok = false;
      v.emplace(rows_.size());
    }
    values_.push_back(std::move(*v));
  }
  return ok && !c_.series_list.empty();
}

std::optional<model::chart> chart_plan::build() {
  auto type = std::find_if(chart_types.begin(), chart_types.end(),
                           [&](const auto& t) { return t.first == c_.type; });
  if (type == chart_types.end()) return std::nullopt;  // the reader reported it
  type_ = type->second;

  model::chart out;
  out.type = type_;
  out.loc = c_.loc;
  out.data_labels = c_.labels;
  out.width_fraction = c_.width == "half" ? 0.5 : 1.0;
  if (!c_.height.empty()) {
    auto h = parse_height(c_.height);
    if (!h || *h < 60 || *h > 700) {
      b_.diag().error(
          c_.loc, fmt::format("expected a chart height from 60pt to 700pt, found '{}'", c_.height),
          "write it like 200pt, 70mm or 7cm");
      return std::nullopt;
    }
    out.height = *h;
  }
  global_scope where(b_.env());
  if (!c_.title.empty())
    out.title = model::plain_text(b_.resolve_text(c_.title, c_.title_loc, where));
  if (!c_.source_line.empty())
    out.source_line = model::plain_text(b_.resolve_text(c_.source_line, c_.loc, where));
  out.y.title = c_.y_title;
  out.y2.title = c_.y2_title;
  const auto& style_palette = b_.style().palette;
  palette_ = style_palette.empty() ? default_chart_palette() : style_palette;

  bool ok = select_rows();
  ok = ok && read_categories();
  ok = read_series() && ok;
  if (!ok) return std::nullopt;

  bool any = false;
  for (const auto& s : values_)
    for (const auto& v : s) any = any || v.has_value();
  if (!any) {
    bool english = b_.locale().tag.starts_with("en");
    out.empty_text = english ? "No data" : "Inga data";
    b_.diag().warning(
        c_.loc,
        fmt::format("the chart{} has no data to show; it is drawn as an empty box",
                    out.title.empty() ? std::string{} : fmt::format(" '{}'", out.title)),
        rows_.empty() ? fmt::format("data source '{}' has no rows{}", c_.source,
                                    c_.filter.empty() ? "" : " that pass the filter")
                      : std::string("every value of its series is empty"));
  } else {
    out.categories = categories_;
    if (!arrange(out)) return std::nullopt;
    scale_axes(out);
    build_legend(out);
  }
  out.alt = c_.alt.empty() ? chart_alt_text(out, b_.locale().tag) : c_.alt;
  return out;
}

void builder::build_chart_block(const def::chart& c) {
  auto source = data_.tables.find(c.source);
  if (source == data_.tables.end()) {
    std::vector<std::string> names;
    for (const auto& s : definition_.sources) names.push_back(s.name);
    // A declared source that failed to load was reported already.
    if (!c.source.empty() && std::find(names.begin(), names.end(), c.source) == names.end()) {
      std::string close = closest_match(c.source, names);
      diag_.error(c.loc, fmt::format("unknown data source '{}'", c.source),
                  close.empty() ? std::string{} : fmt::format("did you mean '{}'?", close));
    }
    return;
  }
  if (auto chart = chart_plan(*this, c, source->second).build())
    doc_.blocks.push_back(std::move(*chart));
}

void builder::build_chart_block(const def::chart_row& row) {
  model::chart_row out;
  out.loc = row.loc;
  for (const auto& c : row.charts) {
    auto source = data_.tables.find(c.source);
    if (source == data_.tables.end()) {
      build_chart_block(c);  // reports the unknown source, adds nothing
      continue;
    }
    if (auto chart = chart_plan(*this, c, source->second).build())
      out.charts.push_back(std::move(*chart));
  }
  if (!out.charts.empty()) doc_.blocks.push_back(std::move(out));
}

}  // namespace rapport::detail

// Charts, second phase: series kinds, colours and markers, trend lines, waterfall steps, pie
// slices, nice axes with formatted ticks, data labels and the legend.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "compute/chart_math.hpp"
#include "compute/chart_plan.hpp"

namespace rapport::detail {

namespace {

using model::chart_type;

bool english(const builder& b) {
  return b.locale().tag.starts_with("en");
}

bool vertical_series_chart(chart_type t) {
  return t == chart_type::bar || t == chart_type::grouped_bar || t == chart_type::line ||
         t == chart_type::line_trend || t == chart_type::bar_line;
}

}  // namespace

const std::vector<colour>& default_chart_palette() {
  static const std::vector<colour> okabe_ito{
      {0x00, 0x72, 0xB2}, {0xE6, 0x9F, 0x00}, {0x00, 0x9E, 0x73}, {0xD5, 0x5E, 0x00},
      {0x56, 0xB4, 0xE9}, {0xCC, 0x79, 0xA7}, {0xF0, 0xE4, 0x42}, {0x00, 0x00, 0x00}};
  return okabe_ito;
}

const std::string& chart_plan::axis_format(int axis) const {
  return axis == 1 ? c_.y2_format : c_.y_format;
}

std::string chart_plan::format_value(double v, int axis, bool plus) {
  const std::string& format = axis_format(axis);
  // Without a format, whole numbers print without decimals and others with one.
  std::string spec = format.empty() ? (v == std::round(v) ? "int" : "dec1") : format;
  number_format f = *b_.number_format_for(spec, c_.loc);
  f.plus_sign = f.plus_sign || plus;
  return format_number(v, f, b_.locale());
}

std::optional<colour> chart_plan::series_colour(const def::series& s, std::size_t index) {
  const std::string& c = s.colour;
  if (c.empty()) return palette_[index % palette_.size()];
  if (c.size() == 7 && c[0] == '#') {
    unsigned rgb = 0;
    auto [end, ec] = std::from_chars(c.data() + 1, c.data() + 7, rgb, 16);
    if (ec == std::errc() && end == c.data() + 7)
      return colour{static_cast<std::uint8_t>(rgb >> 16), static_cast<std::uint8_t>(rgb >> 8),
                    static_cast<std::uint8_t>(rgb)};
  } else {
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), n);
    if (ec == std::errc() && end == c.data() + c.size() && n >= 1 && n <= palette_.size())
      return palette_[n - 1];
  }
  b_.diag().error(
      s.loc,
      fmt::format("expected a colour like #1a2b3c or a palette number from 1 to {}, found '{}'",
                  palette_.size(), c));
  return std::nullopt;
}

bool chart_plan::arrange(model::chart& out) {
  if (type_ == chart_type::waterfall) {
    if (c_.series_list.size() > 2) {
      b_.diag().error(
          c_.loc,
          fmt::format("a waterfall chart takes one or two series, found {}", c_.series_list.size()),
          "one series: the first row is the start and the others are changes; two series: from the "
          "first series' total to the second's");
      return false;
    }
    arrange_waterfall(out);
    return true;
  }
  if (type_ == chart_type::pie) {
    return arrange_pie(out);
  }
  static const model::marker_shape shapes[] = {
      model::marker_shape::circle, model::marker_shape::square, model::marker_shape::triangle,
      model::marker_shape::diamond};
  bool ok = true;
  int lines = 0;
  for (std::size_t i = 0; i < c_.series_list.size(); ++i) {
    const def::series& d = c_.series_list[i];
    model::chart_series s;
    s.label = d.label;
    s.values = values_[i];
    if (type_ == chart_type::line || type_ == chart_type::line_trend)
      s.kind = model::series_kind::line;
    else if (type_ == chart_type::bar_line) {
      if (d.type == "bar" || (d.type.empty() && i == 0))
        s.kind = model::series_kind::bar;
      else if (d.type == "line" || d.type.empty())
        s.kind = model::series_kind::line;
      else {
        b_.diag().error(d.loc,
                        fmt::format("expected the series type bar or line, found '{}'", d.type));
        ok = false;
      }
    } else if (!d.type.empty() && d.type != "bar") {
      b_.diag().warning(
          d.loc, fmt::format("type='{}' is only used in bar-line charts; drawn as a bar", d.type));
    }
    if (d.axis == "y2") {
      if (vertical_series_chart(type_))
        s.axis = 1;
      else
        b_.diag().warning(
            d.loc,
            fmt::format("a {} chart has no second axis; this series uses the y axis", c_.type));
    }
    if (auto fill = series_colour(d, i))
      s.fill = *fill;
    else
      ok = false;
    if (s.kind == model::series_kind::line) s.marker = shapes[lines++ % 4];
    for (const auto& v : s.values)
      s.value_labels.push_back(v ? format_value(*v, s.axis) : std::string{});
    out.series.push_back(std::move(s));
  }
  if (type_ == chart_type::line_trend) {
    if (c_.trend < 2) {
      b_.diag().error(
          c_.loc, fmt::format("expected a trend window of at least 2 values, found {}", c_.trend));
      return false;
    }
    if (static_cast<std::size_t>(c_.trend) > categories_.size())
      b_.diag().warning(
          c_.loc,
          fmt::format("the trend window ({}) is longer than the chart's {} values; the trend "
                      "line stays empty",
                      c_.trend, categories_.size()));
    std::size_t raw = out.series.size();
    for (std::size_t i = 0; i < raw; ++i) {
      model::chart_series t;
      const auto& base = out.series[i];
      if (raw == 1)
        t.label = english(b_) ? fmt::format("Trend (mean of last {})", c_.trend)
                              : fmt::format("Trend (medelvärde av {} senaste)", c_.trend);
      else
        t.label = fmt::format("{}, trend ({})", base.label, c_.trend);
      t.values = moving_average(base.values, c_.trend);
      t.kind = model::series_kind::line;
      t.axis = base.axis;
      // Trend lines take the colours after the series', so a trend never shares its series' colour.
      t.fill = palette_[(raw + i) % palette_.size()];
      t.trend = c_.trend;
      for (const auto& v : t.values)
        t.value_labels.push_back(v ? format_value(*v, t.axis) : std::string{});
      out.series.push_back(std::move(t));
    }
  }
  return ok;
}

void chart_plan::arrange_waterfall(model::chart& out) {
  std::vector<waterfall_input> changes;
  waterfall_input start;
  std::string end_label;
  const auto& first = values_[0];
  if (values_.size() == 1) {
    // One series: the first row is the start, every other row a change.
    start = {categories_.front(), first.front().value_or(0)};
    for (std::size_t i = 1; i < categories_.size(); ++i)
      changes.push_back({categories_[i], first[i].value_or(0)});
    end_label = c_.series_list[0].label;
    if (end_label.empty() || end_label == c_.series_list[0].field)
      end_label = english(b_) ? "Total" : "Summa";
  } else {
    // Two series: from the first series' total to the second's through each category's change.
    const auto& second = values_[1];
    double from = 0;
    for (std::size_t i = 0; i < categories_.size(); ++i) {
      from += first[i].value_or(0);
      changes.push_back({categories_[i], second[i].value_or(0) - first[i].value_or(0)});
    }
    start = {c_.series_list[0].label, from};
    end_label = c_.series_list[1].label;
  }
  out.steps = waterfall_steps(start, changes, end_label);
  colour total = palette_[0 % palette_.size()];
  colour up = palette_[1 % palette_.size()];
  colour down = palette_[2 % palette_.size()];
  out.categories.clear();
  for (auto& step : out.steps) {
    using kind = model::waterfall_step::kind;
    step.fill = step.type == kind::total ? total : step.type == kind::increase ? up : down;
    step.value_label = step.type == kind::total ? format_value(step.to, 0)
                                                : format_value(step.to - step.from, 0, true);
    out.categories.push_back(step.label);
  }
  model::chart_series s;
  s.label = c_.series_list.back().label;
  out.series.push_back(std::move(s));  // named in the text alternative only
}

bool chart_plan::arrange_pie(model::chart& out) {
  if (values_.size() > 1)
    b_.diag().warning(c_.loc, fmt::format("a pie chart shows one series; the other {} are left out",
                                          values_.size() - 1));
  const auto& v = values_[0];
  double sum = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i]) continue;
    if (*v[i] < 0) {
      source_loc at = rows_[i] < source_.row_locs.size() ? source_.row_locs[rows_[i]] : c_.loc;
      b_.diag().error(at,
                      fmt::format("a pie chart cannot show the negative value {} ('{}')",
                                  format_value(*v[i], 0), categories_[i]),
                      fmt::format("in the chart at {}", to_string(c_.loc)));
      return false;
    }
    sum += *v[i];
  }
  model::chart_series s;
  s.label = c_.series_list[0].label;
  s.values = v;
  out.series.push_back(std::move(s));
  if (sum <= 0) {
    out.empty_text = english(b_) ? "No data" : "Inga data";
    b_.diag().warning(c_.loc, "the pie chart's values add up to zero; it is drawn as an empty box");
    return true;
  }
  number_format pct = *b_.number_format_for("pct", c_.loc);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i] || *v[i] == 0) continue;
    model::chart_slice slice;
    slice.label = categories_[i];
    slice.value = *v[i];
    slice.fraction = *v[i] / sum;
    slice.value_label = format_number(slice.fraction * 100, pct, b_.locale());
    slice.fill = palette_[out.slices.size() % palette_.size()];
    out.slices.push_back(std::move(slice));
  }
  return true;
}

void chart_plan::scale_axis(model::chart_axis& axis, double low, double high, bool include_zero,
                            int which) {
  tick_scale t = nice_ticks(low, high, include_zero);
  axis.shown = true;
  axis.min = t.min;
  axis.max = t.max;
  const std::string& format = axis_format(which);
  number_format f = *b_.number_format_for(format.empty() ? "int" : format, c_.loc);
  // Ticks keep the format's unit, sign and percent but print as many decimals as the step needs.
  f.decimals = step_decimals(t.step / (f.scale == 0 ? 1 : f.scale));
  f.zero_text.clear();
  for (double v : t.ticks) axis.ticks.push_back({v, format_number(v, f, b_.locale())});
}

void chart_plan::scale_axes(model::chart& out) {
  if (type_ == chart_type::pie || !out.empty_text.empty()) return;
  if (type_ == chart_type::waterfall) {
    // The totals stand on zero, but a bridge is about its changes: as for lines, the axis
    // leaves zero out when the running total moves by less than a sixth of its size.
    double low = out.steps.front().to, high = low;
    for (const auto& s : out.steps) {
      low = std::min({low, s.to, s.type == model::waterfall_step::kind::total ? s.to : s.from});
      high = std::max({high, s.to, s.type == model::waterfall_step::kind::total ? s.to : s.from});
    }
    double size = std::max(std::fabs(low), std::fabs(high));
    bool zero = (low <= 0 && high >= 0) || (high - low) >= size / 6;
    if (c_.labels) {
      double span = (zero ? std::max(high, 0.0) - std::min(low, 0.0) : high - low);
      if (high > 0 || !zero) high += span * 0.08;
      if (low < 0 || !zero) low -= span * 0.08;
    }
    scale_axis(out.y, low, high, zero, 0);
    return;
  }
  for (int axis = 0; axis < 2; ++axis) {
    bool any = false, bars = false;
    double low = 0, high = 0;
    auto take = [&](double v) {
      low = any ? std::min(low, v) : v;
      high = any ? std::max(high, v) : v;
      any = true;
    };
    std::size_t n = out.categories.size();
    std::vector<double> up(n, 0), down(n, 0);
    bool any_series = false;
    for (const auto& s : out.series) {
      if (s.axis != axis) continue;
      any_series = true;
      bars = bars || s.kind == model::series_kind::bar;
      for (std::size_t i = 0; i < s.values.size(); ++i) {
        if (!s.values[i]) continue;
        if (type_ == chart_type::stacked_bar)
          (*s.values[i] >= 0 ? up[i] : down[i]) += *s.values[i];
        else
          take(*s.values[i]);
      }
    }
    if (type_ == chart_type::stacked_bar && any_series)
      for (std::size_t i = 0; i < n; ++i) take(up[i]), take(down[i]);
    if (!any) continue;
    // Lines start at zero too unless their values vary by less than a sixth of their size,
    // as in persons per day moving between 335 and 361.
    double size = std::max(std::fabs(low), std::fabs(high));
    bool zero = bars || (low <= 0 && high >= 0) || (high - low) >= size / 6;
    if (c_.labels) {
      double span = std::max(high, zero ? 0.0 : high) - std::min(low, zero ? 0.0 : low);
      if (high > 0) high += span * 0.06;
      if (low < 0) low -= span * 0.06;
    }
    scale_axis(axis == 0 ? out.y : out.y2, low, high, zero, axis);
  }
  if (!out.y.shown)
    scale_axis(out.y, 0, 1, true, 0);  // every series on y2: keep a y scale for the grid
}

void chart_plan::build_legend(model::chart& out) {
  if (type_ == chart_type::pie) {
    // The share is in the legend too: a reader needs no colour match to read it.
    for (const auto& s : out.slices)
      out.legend.push_back({fmt::format("{} ({})", s.label, s.value_label),
                            s.fill,
                            model::series_kind::bar,
                            {},
                            false});
    return;
  }
  if (type_ == chart_type::waterfall) {
    // Increase before decrease, whichever comes first in the bridge.
    std::optional<colour> up, down;
    for (const auto& s : out.steps) {
      if (s.type == model::waterfall_step::kind::increase && !up) up = s.fill;
      if (s.type == model::waterfall_step::kind::decrease && !down) down = s.fill;
    }
    bool en = english(b_);
    if (up)
      out.legend.push_back({en ? "Increase" : "Ökning", *up, model::series_kind::bar, {}, false});
    if (down)
      out.legend.push_back(
          {en ? "Decrease" : "Minskning", *down, model::series_kind::bar, {}, false});
    return;
  }
  if (out.series.size() < 2) return;  // one series: the title says what it is
  for (const auto& s : out.series)
    out.legend.push_back({s.label, s.fill, s.kind, s.marker, s.trend > 0});
}

}  // namespace rapport::detail

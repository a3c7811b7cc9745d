// The arithmetic behind charts: nice axis ticks, trailing moving averages, waterfall steps.
#include "compute/chart_math.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::detail {

namespace {

constexpr int max_ticks = 7;

/// Rounds to the precision of a tick step so that 0.1 + 0.2 prints as 0.3, and never gives -0.
double snap(double v, double step) {
  // Dividing by an exact power of ten gives the double nearest the decimal (0.35, not
  // 0.35000000000000003).
  double factor = std::pow(10.0, step_decimals(step));
  double r = std::round(v * factor) / factor;
  return r == 0 ? 0.0 : r;
}

}  // namespace

int step_decimals(double step) {
  step = std::fabs(step);
  if (!(step > 0) || !std::isfinite(step)) return 0;
  for (int d = 0; d < 12; ++d) {
    double scaled_step = step * std::pow(10.0, d);
    if (std::fabs(scaled_step - std::round(scaled_step)) < 1e-6 * std::max(1.0, scaled_step))
      return d;
  }
  return 12;
}

tick_scale nice_ticks(double low, double high, bool include_zero) {
  if (!std::isfinite(low) || !std::isfinite(high)) low = 0, high = 1;
  if (low > high) std::swap(low, high);
  if (include_zero) low = std::min(low, 0.0), high = std::max(high, 0.0);
  if (low == high) {
    // A flat series still needs a scale: 0..1 for zeros, else a tenth either side of the value
    // (with include_zero a flat range can only be zero).
    double pad = std::fabs(low) * 0.1;
    if (low == 0)
      high = 1;
    else
      low -= pad, high += pad;
  }
  double span = high - low;
  // Start one decade below a tenth of the span and walk 1, 2, 5, 10, 20, ... upwards: the
  // first step that covers the data with at most seven ticks is the finest readable one.
  int exponent = static_cast<int>(std::floor(std::log10(span / 10))) - 1;
  tick_scale out;
  for (int guard = 0; guard < 40; ++guard, ++exponent) {
    for (double mantissa : {1.0, 2.0, 5.0}) {
      double step = mantissa * std::pow(10.0, exponent);
      double first = std::floor(low / step + 1e-9) * step;
      double last = std::ceil(high / step - 1e-9) * step;
      long count = std::lround((last - first) / step) + 1;
      if (count > max_ticks) continue;
      if (count < 2) last = first + step, count = 2;
      out.step = step;
      out.min = snap(first, step);
      out.max = snap(last, step);
      for (long i = 0; i < count; ++i)
        out.ticks.push_back(snap(first + static_cast<double>(i) * step, step));
      return out;
    }
  }
  out.ticks = {low, high};
  out.min = low, out.max = high, out.step = span;
  return out;
}

std::vector<std::optional<double>> moving_average(const std::vector<std::optional<double>>& values,
                                                  int window) {
  std::vector<std::optional<double>> out(values.size());
  if (window < 1) return out;
  auto w = static_cast<std::size_t>(window);
  for (std::size_t i = w - 1; i < values.size(); ++i) {
    double sum = 0;
    bool complete = true;
    for (std::size_t j = i + 1 - w; j <= i && complete; ++j) {
      if (values[j])
        sum += *values[j];
      else
        complete = false;
    }
    if (complete) out[i] = sum / static_cast<double>(w);
  }
  return out;
}

std::vector<model::waterfall_step> waterfall_steps(const waterfall_input& start,
                                                   const std::vector<waterfall_input>& changes,
                                                   const std::string& end_label) {
  using kind = model::waterfall_step::kind;
  std::vector<model::waterfall_step> steps;
  steps.push_back({kind::total, start.label, 0, start.value, {}, {}});
  double running = start.value;
  for (const auto& c : changes) {
    steps.push_back({c.value < 0 ? kind::decrease : kind::increase,
                     c.label,
                     running,
                     running + c.value,
                     {},
                     {}});
    running += c.value;
  }
  steps.push_back({kind::total, end_label, 0, running, {}, {}});
  return steps;
}

}  // namespace rapport::detail

// compute/ private: the arithmetic behind charts (nice ticks, moving averages, waterfall steps)
// and the generated text alternative; pure functions, so they are tested on their own.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/chart.hpp"

namespace rapport::detail {

/// A value axis scale: ticks from `min` to `max` every `step` (1, 2 or 5 times a power of ten).
struct tick_scale {
  double min = 0;
  double max = 1;
  double step = 1;
  std::vector<double> ticks;  ///< min, min + step, ..., max (rounded to the step's precision)
};

/// Chooses 'nice' ticks for data from `low` to `high`: the smallest 1-2-5 step that needs at
/// most seven ticks, so four to seven in practice. With `include_zero` (bars) the scale always
/// reaches zero; zero is a tick whenever the scale spans it. A flat range is widened.
tick_scale nice_ticks(double low, double high, bool include_zero);

/// The decimals needed to print every multiple of `step` exactly (0.5 → 1, 20 → 0).
int step_decimals(double step);

/// Trailing moving average over `window` values; a position gets a value only when the whole
/// window before it (itself included) has values, so the first window - 1 positions are empty.
std::vector<std::optional<double>> moving_average(const std::vector<std::optional<double>>& values,
                                                  int window);

/// A labelled number that a waterfall starts, passes or ends with.
struct waterfall_input {
  std::string label;
  double value = 0;
};

/// Waterfall (bridge) steps: the start total as a bar from zero, each change floating from the
/// running total, and the end total (start plus every change) as a bar from zero. Value labels
/// and colours are left for the caller.
std::vector<model::waterfall_step> waterfall_steps(const waterfall_input& start,
                                                   const std::vector<waterfall_input>& changes,
                                                   const std::string& end_label);

/// The text alternative of a resolved chart: its kind and title, what is shown over which
/// categories, and the largest and smallest values with where they are, quoting the chart's
/// own value labels (so numbers read as printed). `language` "en..." gives English, anything
/// else Swedish.
std::string chart_alt_text(const model::chart& chart, const std::string& language);

}  // namespace rapport::detail

// The generated text alternative of a chart: what it shows, over what, and its extremes.
#include <fmt/format.h>

#include "compute/chart_math.hpp"

namespace rapport::detail {

namespace {

/// The phrases of one language; `{}` slots are filled in order.
struct alt_words {
  const char* types[9];
  const char* no_data;
  const char* shows;        ///< what, category count word
  const char* categories;   ///< plural
  const char* category;     ///< singular
  const char* from_to;      ///< first, last
  const char* extremes;     ///< largest, where, smallest, where
  const char* single;       ///< the one value, where
  const char* extremes_y2;  ///< as extremes, for the right axis
  const char* single_y2;    ///< as single, for the right axis
  const char* and_word;
  const char* trend;         ///< window
  const char* trend_last;    ///< last trend value
  const char* pie;           ///< what, count
  const char* pie_extremes;  ///< largest, share, smallest, share
  const char* bridge;        ///< start label, start, count, end label, end
  const char* largest_up;    ///< where, value
  const char* largest_down;  ///< where, value
};

constexpr alt_words swedish{
    {"Stapeldiagram", "Liggande stapeldiagram", "Grupperat stapeldiagram", "Staplat stapeldiagram",
     "Linjediagram", "Linjediagram med trendlinje", "Kombinerat stapel- och linjediagram",
     "Vattenfallsdiagram", "Cirkeldiagram"},
    "Inga data.",
    " Visar {} för {}",
    "kategorier",
    "kategori",
    ", från {} till {}",
    " Det största värdet är {} ({}) och det minsta {} ({}).",
    " Värdet är {} ({}).",
    " På den högra axeln är det största värdet {} ({}) och det minsta {} ({}).",
    " På den högra axeln är värdet {} ({}).",
    " och ",
    " Trendlinjen är ett glidande medelvärde av de {} senaste värdena",
    "; det senaste är {}",
    " Visar fördelningen av {} på {} delar.",
    " Störst är {} med {} och minst {} med {}.",
    " Går från {} {} via {} förändringar till {} {}.",
    " Den största ökningen är {} ({}).",
    " Den största minskningen är {} ({}).",
};

constexpr alt_words english{
    {"Bar chart", "Horizontal bar chart", "Grouped bar chart", "Stacked bar chart", "Line chart",
     "Line chart with trend line", "Combined bar and line chart", "Waterfall chart", "Pie chart"},
    "No data.",
    " Shows {} for {}",
    "categories",
    "category",
    ", from {} to {}",
    " The largest value is {} ({}) and the smallest {} ({}).",
    " The value is {} ({}).",
    " On the right axis the largest value is {} ({}) and the smallest {} ({}).",
    " On the right axis the value is {} ({}).",
    " and ",
    " The trend line is a moving average of the last {} values",
    "; the latest is {}",
    " Shows how {} divides into {} parts.",
    " The largest is {} at {} and the smallest {} at {}.",
    " Goes from {} {} through {} changes to {} {}.",
    " The largest increase is {} ({}).",
    " The largest decrease is {} ({}).",
};

/// "a", "a och b", "a, b och c".
std::string join_words(const std::vector<std::string>& items, const alt_words& w) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? w.and_word : ", ";
    out += items[i];
  }
  return out;
}

/// The value label of a point, or the number itself when the chart has no label for it.
std::string label_of(const model::chart_series& s, std::size_t i) {
  if (i < s.value_labels.size() && !s.value_labels[i].empty()) return s.value_labels[i];
  return fmt::format("{}", s.values[i].value_or(0));
}

void describe_series(const model::chart& c, const alt_words& w, std::string& out) {
  std::vector<std::string> shown;
  for (const auto& s : c.series)
    if (s.trend == 0) shown.push_back(s.label);
  std::size_t n = c.categories.size();
  out += fmt::format(fmt::runtime(w.shows), join_words(shown, w),
                     n == 1 ? c.categories.front() : fmt::format("{} {}", n, w.categories));
  if (n > 1) out += fmt::format(fmt::runtime(w.from_to), c.categories.front(), c.categories.back());
  out += '.';

  // Extremes over the plotted (not derived) values, per axis: values on different axes are in
  // different units. A single series need not be named.
  struct point {
    const model::chart_series* series = nullptr;
    std::size_t index = 0;
  };
  auto where = [&](const point& p) {
    return shown.size() > 1 ? fmt::format("{}, {}", p.series->label, c.categories[p.index])
                            : c.categories[p.index];
  };
  for (int axis = 0; axis < 2; ++axis) {
    std::optional<point> high, low;
    std::size_t points = 0;
    for (const auto& s : c.series) {
      if (s.trend > 0 || s.axis != axis) continue;
      for (std::size_t i = 0; i < s.values.size() && i < c.categories.size(); ++i) {
        if (!s.values[i]) continue;
        ++points;
        if (!high || *s.values[i] > *high->series->values[high->index]) high = point{&s, i};
        if (!low || *s.values[i] < *low->series->values[low->index]) low = point{&s, i};
      }
    }
    if (points == 1)
      out += fmt::format(fmt::runtime(axis == 0 ? w.single : w.single_y2),
                         label_of(*high->series, high->index), where(*high));
    else if (points > 1)
      out += fmt::format(fmt::runtime(axis == 0 ? w.extremes : w.extremes_y2),
                         label_of(*high->series, high->index), where(*high),
                         label_of(*low->series, low->index), where(*low));
  }

  for (const auto& s : c.series) {
    if (s.trend == 0) continue;
    out += fmt::format(fmt::runtime(w.trend), s.trend);
    for (std::size_t i = s.values.size(); i-- > 0;)
      if (s.values[i]) {
        out += fmt::format(fmt::runtime(w.trend_last), label_of(s, i));
        break;
      }
    out += '.';
    break;  // one sentence explains every trend line of the chart
  }
}

void describe_waterfall(const model::chart& c, const alt_words& w, std::string& out) {
  if (c.steps.size() < 2) return;
  const auto& first = c.steps.front();
  const auto& last = c.steps.back();
  out += fmt::format(fmt::runtime(w.bridge), first.label, first.value_label, c.steps.size() - 2,
                     last.label, last.value_label);
  const model::waterfall_step* up = nullptr;
  const model::waterfall_step* down = nullptr;
  for (std::size_t i = 1; i + 1 < c.steps.size(); ++i) {
    const auto& s = c.steps[i];
    double change = s.to - s.from;
    if (change > 0 && (!up || change > up->to - up->from)) up = &s;
    if (change < 0 && (!down || change < down->to - down->from)) down = &s;
  }
  if (up) out += fmt::format(fmt::runtime(w.largest_up), up->label, up->value_label);
  if (down) out += fmt::format(fmt::runtime(w.largest_down), down->label, down->value_label);
}

void describe_pie(const model::chart& c, const alt_words& w, std::string& out) {
  if (c.slices.empty()) return;
  std::string what = c.series.empty() ? std::string{} : c.series.front().label;
  out += fmt::format(fmt::runtime(w.pie), what, c.slices.size());
  const model::chart_slice* high = &c.slices.front();
  const model::chart_slice* low = &c.slices.front();
  for (const auto& s : c.slices) {
    if (s.value > high->value) high = &s;
    if (s.value < low->value) low = &s;
  }
  if (c.slices.size() > 1)
    out += fmt::format(fmt::runtime(w.pie_extremes), high->label, high->value_label, low->label,
                       low->value_label);
}

}  // namespace

std::string chart_alt_text(const model::chart& chart, const std::string& language) {
  const alt_words& w = language.starts_with("en") ? english : swedish;
  std::string out = w.types[static_cast<int>(chart.type)];
  if (!chart.title.empty()) out += ": " + chart.title;
  if (!out.ends_with('.')) out += '.';
  if (!chart.empty_text.empty()) return out + " " + w.no_data;
  switch (chart.type) {
    case model::chart_type::waterfall:
      describe_waterfall(chart, w, out);
      break;
    case model::chart_type::pie:
      describe_pie(chart, w, out);
      break;
    default:
      describe_series(chart, w, out);
      break;
  }
  return out;
}

}  // namespace rapport::detail

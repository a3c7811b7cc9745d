// text/ line breaking: Knuth and Plass's total-fit algorithm over boxes, glue and penalties,
// choosing the breaks that minimise the paragraph's total demerits.
#include <algorithm>
#include <cmath>
#include <limits>

#include "text/detail_knuth_plass.hpp"

namespace rapport::text {

namespace {

constexpr int infinite_penalty = 10000;
constexpr double unlimited = std::numeric_limits<double>::infinity();

/// Sums of the items before an index: widths of boxes and glue, finite stretch and shrink of
/// glue, and how many glues stretch infinitely (so infinities never overflow a sum).
struct totals {
  scaled width = 0;
  scaled stretch = 0;
  scaled shrink = 0;
  scaled fil = 0;
};

enum fitness_class { tight = 0, decent = 1, loose = 2, very_loose = 3 };

int fitness_of(double r) {
  if (r < -0.5) return tight;
  if (r <= 0.5) return decent;
  if (r <= 1) return loose;
  return very_loose;
}

/// A feasible break: where the line ended, what it cost, and the best break before it.
struct node {
  std::size_t position = 0;    ///< the break item (or items.size() for the end)
  std::size_t next_start = 0;  ///< first item of the following line
  std::size_t line = 0;        ///< lines that end at or before this break
  int fitness = decent;
  bool flagged = false;
  double demerits = 0;
  double ratio = 0;  ///< what the line ending here reports to the caller
  int previous = -1;
};

struct candidate {
  double demerits = unlimited;
  int from = -1;
  double ratio = 0;
};

struct pass_settings {
  double tolerance = 0;
  bool emergency = false;  ///< accept an overfull line rather than no result at all
};

class breaker {
public:
  breaker(const std::vector<breaking_item>& items, const std::vector<scaled>& widths,
          const breaking_params& params)
      : items_(items), widths_(widths), params_(params) {
    prefix_.resize(items.size() + 1);
    scaled widest_stretch = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
      totals t = prefix_[i];
      const breaking_item& item = items[i];
      if (item.type != breaking_item::kind::penalty) t.width += item.width;
      if (item.type == breaking_item::kind::glue) {
        if (item.stretch >= infinite_stretch) {
          ++t.fil;
        } else {
          t.stretch += item.stretch;
          widest_stretch = std::max(widest_stretch, item.stretch);
        }
        t.shrink += item.shrink;
      }
      prefix_[i + 1] = t;
    }
    // Ragged lines are judged by their slack against a fixed allowance of three of the
    // paragraph's widest interword stretches, however many spaces a line has.
    ragged_allowance_ = 3 * widest_stretch;
    const bool ends_forced = !items.empty() && items.back().type == breaking_item::kind::penalty &&
                             items.back().penalty <= -infinite_penalty;
    end_ = ends_forced ? items.size() - 1 : items.size();
  }

  /// Runs one pass; returns false when no set of feasible breaks exists under its settings.
  bool run(const pass_settings& pass, std::vector<broken_line>& out) {
    nodes_.clear();
    active_.clear();
    nodes_.push_back(node{});
    active_.push_back(0);
    for (std::size_t b = 0; b <= end_; ++b) {
      if (!is_legal_break(b)) continue;
      consider_break(b, pass);
      if (active_.empty()) return false;
    }
    int best = -1;
    for (int a : active_) {
      if (nodes_[a].position == end_ && (best < 0 || nodes_[a].demerits < nodes_[best].demerits))
        best = a;
    }
    if (best < 0) return false;
    out.clear();
    for (int n = best; nodes_[n].previous >= 0; n = nodes_[n].previous) {
      out.push_back({nodes_[nodes_[n].previous].next_start, nodes_[n].position, nodes_[n].ratio});
    }
    std::reverse(out.begin(), out.end());
    return true;
  }

private:
  bool is_legal_break(std::size_t b) const {
    if (b == items_.size()) return true;  // the implicit end of a list without a forced break
    const breaking_item& item = items_[b];
    bool legal = false;
    if (item.type == breaking_item::kind::penalty) legal = item.penalty < infinite_penalty;
    if (item.type == breaking_item::kind::glue) {
      legal = b > 0 && items_[b - 1].type == breaking_item::kind::box;
    }
    if (!legal || b == end_ || item.penalty <= -infinite_penalty) return legal;
    // A break followed only by discardable items up to a forced break would leave an empty
    // line (e.g. breaking at the paragraph's closing infinite glue).
    const std::size_t next = next_line_start(b);
    return next < items_.size() && items_[next].type == breaking_item::kind::box;
  }

  scaled width_of_line(std::size_t index) const {
    if (widths_.empty()) return 0;
    return widths_[std::min(index, widths_.size() - 1)];
  }

  /// The adjustment ratio that scores a line. `loose` (second pass) grades lines with no
  /// stretch by their slack instead of calling them infinitely bad.
  double score_ratio(scaled natural, scaled target, const totals& t, bool loose) const {
    if (natural > target) {
      return t.shrink > 0 ? static_cast<double>(target - natural) / static_cast<double>(t.shrink)
                          : -unlimited;
    }
    if (natural == target || t.fil > 0) return 0;
    const scaled slack = target - natural;
    const scaled allowance = params_.justify ? t.stretch : ragged_allowance_;
    if (allowance > 0) return static_cast<double>(slack) / static_cast<double>(allowance);
    return loose ? static_cast<double>(slack) : unlimited;
  }

  /// The ratio the caller applies to the line's glue: ragged lines keep their natural spacing
  /// unless they must shrink, and glue never shrinks past its limit.
  double applied_ratio(scaled natural, scaled target, const totals& t) const {
    if (natural > target) {
      if (t.shrink <= 0) return 0;
      return std::max(-1.0, static_cast<double>(target - natural) / static_cast<double>(t.shrink));
    }
    if (!params_.justify || t.fil > 0 || t.stretch <= 0 || natural == target) return 0;
    return static_cast<double>(target - natural) / static_cast<double>(t.stretch);
  }

  /// First item of the line after a break at `b`: glue and ordinary penalties after a break
  /// vanish, up to the next box or forced break.
  std::size_t next_line_start(std::size_t b) const {
    std::size_t i = b;
    for (; i < items_.size(); ++i) {
      const breaking_item& item = items_[i];
      if (item.type == breaking_item::kind::box) break;
      if (item.type == breaking_item::kind::penalty && item.penalty <= -infinite_penalty && i > b)
        break;
    }
    return i;
  }

  void consider_break(std::size_t b, const pass_settings& pass) {
    const bool at_end = b == items_.size();
    const breaking_item none{breaking_item::kind::penalty, 0, 0, 0, 0, false};
    const breaking_item& item = at_end ? none : items_[b];
    const bool is_penalty = item.type == breaking_item::kind::penalty;
    const bool forced = at_end || b == end_ || (is_penalty && item.penalty <= -infinite_penalty);
    const scaled break_width = is_penalty ? item.width : 0;
    const bool flagged = is_penalty && item.flagged;

    // Best way to reach this break per (class of the next line's width, fitness class).
    const std::size_t width_classes = std::max<std::size_t>(widths_.size(), 1);
    std::vector<candidate>& best = best_;
    best.assign(width_classes * 4, candidate{});
    bool found = false;

    std::size_t kept = 0;
    for (std::size_t k = 0; k < active_.size(); ++k) {
      const int a = active_[k];
      const node& from = nodes_[a];
      if (from.next_start > b) {  // the line would start after this break
        active_[kept++] = a;
        continue;
      }
      totals t = prefix_[b];
      const totals& start = prefix_[from.next_start];
      t.width -= start.width, t.stretch -= start.stretch, t.shrink -= start.shrink,
          t.fil -= start.fil;
      const scaled target = width_of_line(from.line);
      const scaled natural = t.width + break_width;
      const double r = score_ratio(natural, target, t, pass.tolerance == unlimited);

      // Material only accumulates, so once a line is too long even without the break's own
      // width (a hyphen), every later break from this node is too long as well.
      const bool too_long = t.width - target > t.shrink;
      const bool deactivate = too_long || forced;
      const bool last_hope = pass.emergency && !found && kept == 0 && k + 1 == active_.size();

      double line_demerits = unlimited;
      if (r >= -1 && r <= pass.tolerance) {
        const double badness = 100 * std::abs(r * r * r);
        const double base = params_.line_penalty + badness;
        line_demerits = base * base;
        if (!forced && item.penalty > 0) line_demerits += double(item.penalty) * item.penalty;
        if (!forced && item.penalty < 0) line_demerits -= double(item.penalty) * item.penalty;
        if (flagged && from.flagged) line_demerits += params_.flagged_demerits;
        if (std::abs(fitness_of(r) - from.fitness) > 1) line_demerits += params_.fitness_demerits;
      } else if (deactivate && last_hope) {
        // Nothing else can end here and nothing else survives: an overfull (or hopelessly
        // underfull) line, like TeX's final pass, instead of no paragraph at all.
        const double base = params_.line_penalty + 1e4;
        line_demerits = base * base;
      }
      if (line_demerits != unlimited) {
        const int fitness = std::clamp(fitness_of(std::isfinite(r) ? r : 0.0), 0, 3);
        const std::size_t line_class = std::min(from.line + 1, width_classes - 1);
        candidate& c = best[line_class * 4 + static_cast<std::size_t>(fitness)];
        const double total = from.demerits + line_demerits;
        if (total < c.demerits) c = {total, a, applied_ratio(natural, target, t)};
        found = true;
      }
      if (!deactivate) active_[kept++] = a;
    }
    active_.resize(kept);
    if (!found) return;

    const std::size_t next_start = next_line_start(b);
    for (std::size_t i = 0; i < best.size(); ++i) {
      const candidate& c = best[i];
      if (c.from < 0) continue;
      node n;
      n.position = b;
      n.next_start = next_start;
      n.line = nodes_[c.from].line + 1;
      n.fitness = static_cast<int>(i % 4);
      n.flagged = flagged;
      n.demerits = c.demerits;
      n.ratio = c.ratio;
      n.previous = c.from;
      active_.push_back(static_cast<int>(nodes_.size()));
      nodes_.push_back(n);
    }
  }

  const std::vector<breaking_item>& items_;
  const std::vector<scaled>& widths_;
  const breaking_params& params_;
  std::vector<totals> prefix_;
  scaled ragged_allowance_ = 0;
  std::size_t end_ = 0;  ///< the final break: the closing forced penalty, or items.size()
  std::vector<node> nodes_;
  std::vector<int> active_;
  std::vector<candidate> best_;  // reused between breaks to avoid an allocation per break
};

/// Most texts are one short line (table cells, headings, TOC entries, footers). When the whole
/// text fits the first line, ends with infinite glue and a forced break, and has no other
/// negative penalty, total fit can only choose that one line: it costs line_penalty², and any
/// split costs at least that per line. Returns false when the shortcut does not apply.
bool fits_one_line(const std::vector<breaking_item>& items, const std::vector<scaled>& widths,
                   const breaking_params& params) {
  if (params.line_penalty <= 0 || params.tolerance < 0 || items.empty()) return false;
  const breaking_item& last = items.back();
  if (last.type != breaking_item::kind::penalty || last.penalty > -infinite_penalty) return false;
  scaled natural = last.width;
  bool fil = false;
  for (std::size_t i = 0; i + 1 < items.size(); ++i) {
    const breaking_item& item = items[i];
    if (item.type == breaking_item::kind::penalty) {
      if (item.penalty < 0) return false;
      continue;
    }
    natural += item.width;
    if (item.type == breaking_item::kind::glue && item.stretch >= infinite_stretch) fil = true;
  }
  return fil && natural <= (widths.empty() ? 0 : widths.front());
}

}  // namespace

namespace detail {

std::vector<broken_line> total_fit(const std::vector<breaking_item>& items,
                                   const std::vector<scaled>& line_widths,
                                   const breaking_params& params) {
  std::vector<broken_line> lines;
  if (items.empty()) return lines;
  breaker b(items, line_widths, params);
  // First the requested tolerance; then any amount of stretch, with overfull lines allowed
  // only where nothing else can continue the paragraph, so there is always an answer.
  if (b.run({params.tolerance, false}, lines)) return lines;
  b.run({unlimited, true}, lines);
  return lines;
}

}  // namespace detail

std::vector<broken_line> break_lines(const std::vector<breaking_item>& items,
                                     const std::vector<scaled>& line_widths,
                                     const breaking_params& params) {
  if (fits_one_line(items, line_widths, params)) return {{0, items.size() - 1, 0.0}};
  return detail::total_fit(items, line_widths, params);
}

}  // namespace rapport::text

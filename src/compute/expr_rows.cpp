// compute/ expressions, phase 3: the functions that read other rows (aggregates, share, lag,
// movavg, lookup).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "compute/expr_internal.hpp"

namespace rapport::detail {

int whole_argument(const node& call, std::size_t i, const scope& where, const eval_context& ctx,
                   int lowest, int highest);

namespace {

constexpr int max_rows = 1000000;  // bound for lag and movavg windows

// Sums, counts and extremes of the non-empty values met while visiting a set of rows.
// Either `arg` is evaluated in each row, or (for `sum(table.field)`) `field` is read from it.
struct accumulator {
  accumulator(const node& c, const eval_context& x, const node* a = nullptr)
      : call(c), ctx(x), arg(a) {}

  const node& call;
  const eval_context& ctx;
  const node* arg = nullptr;
  std::string_view set;
  std::string_view field;
  double sum = 0;
  double compensation = 0;  // Neumaier's running error, so long columns add up honestly
  long count = 0;
  double low = 0, high = 0;

  void add(const scope& row) {
    value v = arg ? eval(*arg, row, ctx) : read_field(row);
    if (v.is_empty()) return;
    if (call.function == fn::count) {
      ++count;
      return;
    }
    if (!v.is_number()) {
      std::string_view name = !arg                           ? field
                              : arg->kind == node_kind::name ? std::string_view(arg->text)
                                                             : "";
      ctx.fail_not_number(name, v, row, call.args[0].offset,
                          fmt::format("'{}' needs numbers, found {}", call.text, describe(v)));
    }
    double d = v.number();
    double t = sum + d;
    compensation += std::fabs(sum) >= std::fabs(d) ? (sum - t) + d : (d - t) + sum;
    sum = t;
    low = count == 0 ? d : std::min(low, d);
    high = count == 0 ? d : std::max(high, d);
    ++count;
  }

  value read_field(const scope& row) const {
    if (std::optional<value> v = row.variable(field)) return std::move(*v);
    const node& name = call.args[0];
    std::string close = closest_match(std::string(field), row.known_names());
    ctx.fail(name.offset + name.dot + 1,
             fmt::format("the data set '{}' has no field '{}'", set, field),
             close.empty() ? std::string() : fmt::format("did you mean '{}'?", close));
  }

  double total() const { return sum + compensation; }
};

// Visits the current rows; an aggregate outside any table, group or sum row has none.
void visit_current(const node& call, const scope& where, const eval_context& ctx,
                   accumulator& acc) {
  if (!where.for_each_row("", [&acc](const scope& row) { acc.add(row); }))
    ctx.fail(call.offset, fmt::format("'{}' has no rows to run over here", call.text),
             fmt::format("use it in a table, a group or a sum row, or name a data set as in "
                         "{}(table.field)",
                         call.text));
}

// The data set names a scope knows, taken from its `set.field` names (for hints).
std::vector<std::string> set_names(const scope& where) {
  std::vector<std::string> sets;
  for (const std::string& name : where.known_names())
    if (std::size_t dot = name.find('.'); dot != std::string::npos)
      if (std::string set = name.substr(0, dot);
          std::find(sets.begin(), sets.end(), set) == sets.end())
        sets.push_back(std::move(set));
  return sets;
}

std::string text_argument(const node& call, std::size_t i, const scope& where,
                          const eval_context& ctx, std::string_view expected) {
  value v = eval(call.args[i], where, ctx);
  if (!v.is_text() || v.text().empty())
    ctx.fail(call.args[i].offset,
             fmt::format("the {} argument of '{}' is {}, expected {} as a string",
                         i == 0   ? "first"
                         : i == 1 ? "second"
                                  : "fourth",
                         call.text, describe(v), expected));
  return v.text();
}

// Keys match by value; a number also matches its plain text, since codes such as 1234 are
// read as numbers in one source and as text in another.
bool same_key(const value& a, const value& b) {
  if (a.is_number() && b.is_number()) return same_number(a.number(), b.number());
  if (a.is_number() && b.is_text()) return plain_number(a.number()) == b.text();
  if (a.is_text() && b.is_number()) return a.text() == plain_number(b.number());
  return a == b;
}

}  // namespace

value eval_aggregate(const node& n, const scope& where, const eval_context& ctx) {
  const node& arg = n.args[0];
  accumulator acc{n, ctx};
  bool done = false;
  if (arg.kind == node_kind::name && arg.dot != std::string::npos) {
    acc.set = std::string_view(arg.text).substr(0, arg.dot);
    acc.field = std::string_view(arg.text).substr(arg.dot + 1);
    done = where.for_each_row(acc.set, [&acc](const scope& row) { acc.add(row); });
  }
  if (!done) {
    acc.arg = &arg;
    visit_current(n, where, ctx, acc);
  }
  if (!std::isfinite(acc.total())) return value{};  // overflow, as in arithmetic
  switch (n.function) {
    case fn::sum:
      return value(acc.total() == 0 ? 0.0 : acc.total());
    case fn::count:
      return value(static_cast<double>(acc.count));
    case fn::avg:
      return acc.count ? value(acc.total() / static_cast<double>(acc.count)) : value{};
    case fn::min:
      return acc.count ? value(acc.low) : value{};
    default:
      return acc.count ? value(acc.high) : value{};
  }
}

value eval_share(const node& n, const scope& where, const eval_context& ctx) {
  value x = eval_number(n.args[0], where, ctx, "the argument of 'share'");
  if (x.is_empty()) return x;
  accumulator acc{n, ctx, &n.args[0]};
  visit_current(n, where, ctx, acc);
  if (acc.total() == 0) return value{};
  double share = x.number() / acc.total() * 100;
  return std::isfinite(share) ? value(share == 0 ? 0.0 : share) : value{};
}

value eval_lag(const node& n, const scope& where, const eval_context& ctx) {
  int rows = n.args.size() > 1 ? whole_argument(n, 1, where, ctx, 0, max_rows) : 1;
  if (rows == 0) return eval(n.args[0], where, ctx);
  std::unique_ptr<scope> earlier = where.relative_row(-rows);
  if (!earlier) return value{};  // before the first row
  return eval(n.args[0], *earlier, ctx);
}

// movavg(x, n) is empty until n rows exist (a full window); movavg(x, n, 'partial') averages
// whatever rows there are. Empty values in the window are skipped either way.
value eval_movavg(const node& n, const scope& where, const eval_context& ctx) {
  int window = whole_argument(n, 1, where, ctx, 1, max_rows);
  bool partial = false;
  if (n.args.size() > 2) {
    value mode = eval(n.args[2], where, ctx);
    if (!mode.is_text() || (mode.text() != "partial" && mode.text() != "full"))
      ctx.fail(n.args[2].offset,
               fmt::format("the third argument of 'movavg' is {}, expected 'full' or 'partial'",
                           describe(mode)));
    partial = mode.text() == "partial";
  }
  double sum = 0;
  int count = 0;
  for (int k = 0; k < window; ++k) {
    std::unique_ptr<scope> earlier;
    if (k > 0) {
      earlier = where.relative_row(-k);
      if (!earlier) {
        if (partial) break;
        return value{};
      }
    }
    value v =
        eval_number(n.args[0], k > 0 ? *earlier : where, ctx, "the first argument of 'movavg'");
    if (v.is_empty()) continue;
    sum += v.number();
    ++count;
  }
  if (count == 0) return value{};
  return value(sum / count);
}

value eval_lookup(const node& n, const scope& where, const eval_context& ctx) {
  std::string set = text_argument(n, 0, where, ctx, "the name of a data set");
  std::string key_field = text_argument(n, 1, where, ctx, "the name of the key field");
  value key = eval(n.args[2], where, ctx);
  std::string field = text_argument(n, 3, where, ctx, "the name of a field");
  struct search {
    const node& call;
    const eval_context& ctx;
    const std::string& set;
    const value& key;
    const std::string* names[2];
    std::optional<value> result;
    bool checked = false;  // whether a row has shown that the value field exists
    // Reads a field the row must have; a missing one is an error in the definition.
    value read(const scope& row, int which) const {
      if (std::optional<value> v = row.variable(*names[which])) return std::move(*v);
      std::string close = closest_match(*names[which], row.known_names());
      ctx.fail(call.args[which == 0 ? 1 : 3].offset,
               fmt::format("the data set '{}' has no field '{}'", set, *names[which]),
               close.empty() ? std::string() : fmt::format("did you mean '{}'?", close));
    }
  } s{n, ctx, set, key, {&key_field, &field}, std::nullopt};
  bool known = where.for_each_row(set, [&s](const scope& row) {
    // A misspelt value field is reported even when no key matches.
    if (!s.checked) {
      s.read(row, 1);
      s.checked = true;
    }
    if (s.result || s.key.is_empty()) return;  // the first match wins
    if (same_key(s.read(row, 0), s.key)) s.result = s.read(row, 1);
  });
  if (!known) {
    std::string close = closest_match(set, set_names(where));
    ctx.fail(n.args[0].offset, fmt::format("unknown data set '{}'", set),
             close.empty() ? std::string() : fmt::format("did you mean '{}'?", close));
  }
  return s.result ? std::move(*s.result) : value{};
}

int whole_argument(const node& call, std::size_t i, const scope& where, const eval_context& ctx,
                   int lowest, int highest) {
  value v = eval(call.args[i], where, ctx);
  if (!v.is_number() || v.number() != std::trunc(v.number()) || v.number() < lowest ||
      v.number() > highest)
    ctx.fail(call.args[i].offset,
             fmt::format("the {} argument of '{}' is {}, expected a whole number from {} to {}",
                         i == 1 ? "second" : "third", call.text, describe(v), lowest, highest));
  return static_cast<int>(v.number());
}

}  // namespace rapport::detail

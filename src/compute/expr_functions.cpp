// compute/ expressions, phase 3: the built-in functions that need only their arguments.
#include <fmt/format.h>

#include <cfloat>
#include <cmath>

#include "compute/expr_internal.hpp"

namespace rapport::detail {

// Defined in expr_rows.cpp: the functions that look at other rows (aggregates, share, lag,
// movavg, lookup).
value eval_share(const node& n, const scope& where, const eval_context& ctx);
value eval_lag(const node& n, const scope& where, const eval_context& ctx);
value eval_movavg(const node& n, const scope& where, const eval_context& ctx);
value eval_lookup(const node& n, const scope& where, const eval_context& ctx);
int whole_argument(const node& call, std::size_t i, const scope& where, const eval_context& ctx,
                   int lowest, int highest);

namespace {

constexpr double powers_of_ten[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

std::string ordinal(std::size_t i) {
  static const char* const words[] = {"first", "second", "third", "fourth"};
  return i < 4 ? words[i] : fmt::format("argument {}", i + 1);
}

// "the second argument of 'change'", for messages.
std::string argument_name(const node& call, std::size_t i) {
  return fmt::format("the {} argument of '{}'", ordinal(i), call.text);
}

// The message is built only on failure: evaluating numbers must not allocate.
value number_arg(const node& call, std::size_t i, const scope& where, const eval_context& ctx) {
  value v = eval(call.args[i], where, ctx);
  if (!v.is_number() && !v.is_empty())
    ctx.fail_not_number(
        call.args[i], v, where,
        fmt::format("{} is {}, expected a number", argument_name(call, i), describe(v)));
  return v;
}

value make_number(double d) {
  if (!std::isfinite(d)) return value{};
  return value(d == 0 ? 0.0 : d);
}

// change(), change_pct() and the magnitude-based variants of the seeds' Förändring columns.
value change(const node& n, const scope& where, const eval_context& ctx, bool magnitude,
             bool percent) {
  value now = number_arg(n, 0, where, ctx);
  value before = number_arg(n, 1, where, ctx);
  if (now.is_empty() || before.is_empty()) return value{};
  double a = now.number(), b = before.number();
  if (magnitude) a = std::fabs(a), b = std::fabs(b);
  if (!percent) return make_number(a - b);
  // The seeds print "0%" when last year's value is 0, so a change against 0 is 0 %, not blank.
  if (b == 0) return value(0.0);
  return make_number((a - b) / std::fabs(b) * 100);
}

value round_call(const node& n, const scope& where, const eval_context& ctx) {
  value x = number_arg(n, 0, where, ctx);
  int decimals = n.args.size() > 1 ? whole_argument(n, 1, where, ctx, -15, 15) : 0;
  if (x.is_empty()) return x;
  return value(round_half_away(x.number(), decimals));
}

value forecast(const node& n, const scope& where, const eval_context& ctx) {
  value ytd = number_arg(n, 0, where, ctx);
  value elapsed = number_arg(n, 1, where, ctx);
  value months = n.args.size() > 2 ? number_arg(n, 2, where, ctx) : value(12.0);
  if (ytd.is_empty() || elapsed.is_empty() || months.is_empty()) return value{};
  if (elapsed.number() == 0) return value{};
  return make_number(ytd.number() / elapsed.number() * months.number());
}

[[noreturn]] void unknown_unit(const node& arg, const std::string& unit, const eval_context& ctx) {
  std::string close = closest_match(unit, {"kr", "tkr", "mnkr"});
  ctx.fail(arg.offset, fmt::format("unknown unit '{}' for 'scale'", unit),
           close.empty() ? "the units are 'kr', 'tkr' and 'mnkr'"
                         : fmt::format("did you mean '{}'?", close));
}

value scale(const node& n, const scope& where, const eval_context& ctx) {
  value x = number_arg(n, 0, where, ctx);
  value unit = eval(n.args[1], where, ctx);
  if (!unit.is_text())
    ctx.fail(n.args[1].offset, fmt::format("{} is {}, expected a unit such as 'tkr'",
                                           argument_name(n, 1), describe(unit)));
  double divisor = unit_divisor(unit.text());
  if (divisor == 0) unknown_unit(n.args[1], unit.text(), ctx);
  if (x.is_empty()) return x;
  return make_number(x.number() / divisor);
}

value text_call(const node& n, const scope& where, const eval_context& ctx) {
  value v = eval(n.args[0], where, ctx);
  if (v.is_number()) return value(plain_number(v.number()));
  if (v.is_bool()) return value(std::string(v.boolean() ? "true" : "false"));
  return v;  // a text stays itself, an empty value stays empty
}

}  // namespace

const std::vector<function_spec>& functions() {
  static const std::vector<function_spec> all = {
      {"sum", fn::sum, 1, 1},
      {"avg", fn::avg, 1, 1},
      {"min", fn::min, 1, -1},
      {"max", fn::max, 1, -1},
      {"count", fn::count, 1, 1},
      {"round", fn::round, 1, 2},
      {"abs", fn::abs, 1, 1},
      {"if", fn::if_, 3, 3},
      {"coalesce", fn::coalesce, 1, -1},
      {"share", fn::share, 1, 1},
      {"change", fn::change, 2, 2},
      {"change_pct", fn::change_pct, 2, 2},
      {"change_abs", fn::change_abs, 2, 2},
      {"change_abs_pct", fn::change_abs_pct, 2, 2},
      {"lag", fn::lag, 1, 2},
      {"movavg", fn::movavg, 2, 3},
      {"forecast", fn::forecast, 2, 3},
      {"lookup", fn::lookup, 4, 4},
      {"scale", fn::scale, 2, 2},
      {"text", fn::text, 1, 1},
  };
  return all;
}

const function_spec* find_function(std::string_view name) {
  for (const auto& f : functions())
    if (f.name == name) return &f;
  return nullptr;
}

value eval_call(const node& n, const scope& where, const eval_context& ctx) {
  switch (n.function) {
    case fn::sum:
    case fn::avg:
    case fn::count:
      return eval_aggregate(n, where, ctx);
    case fn::min:
    case fn::max: {
      if (n.args.size() == 1) return eval_aggregate(n, where, ctx);
      // The plain form: an empty argument makes the result empty, as in arithmetic.
      bool is_min = n.function == fn::min, any_empty = false;
      double best = 0;
      for (std::size_t i = 0; i < n.args.size(); ++i) {
        value v = number_arg(n, i, where, ctx);
        if (v.is_empty())
          any_empty = true;
        else if (i == 0 || (is_min ? v.number() < best : v.number() > best))
          best = v.number();
      }
      return any_empty ? value{} : value(best);
    }
    case fn::round:
      return round_call(n, where, ctx);
    case fn::abs: {
      value x = number_arg(n, 0, where, ctx);
      return x.is_empty() ? x : value(std::fabs(x.number()));
    }
    case fn::if_:  // only the chosen branch is evaluated
      return truthy(eval(n.args[0], where, ctx)) ? eval(n.args[1], where, ctx)
                                                 : eval(n.args[2], where, ctx);
    case fn::coalesce:
      for (const node& a : n.args)
        if (value v = eval(a, where, ctx); !v.is_empty()) return v;
      return value{};
    case fn::share:
      return eval_share(n, where, ctx);
    case fn::change:
      return change(n, where, ctx, false, false);
    case fn::change_pct:
      return change(n, where, ctx, false, true);
    case fn::change_abs:
      return change(n, where, ctx, true, false);
    case fn::change_abs_pct:
      return change(n, where, ctx, true, true);
    case fn::lag:
      return eval_lag(n, where, ctx);
    case fn::movavg:
      return eval_movavg(n, where, ctx);
    case fn::forecast:
      return forecast(n, where, ctx);
    case fn::lookup:
      return eval_lookup(n, where, ctx);
    case fn::scale:
      return scale(n, where, ctx);
    case fn::text:
      return text_call(n, where, ctx);
  }
  return value{};
}

void check_literal_arguments(const node& call, const eval_context& ctx) {
  auto literal = [&](std::size_t i) -> const std::string* {
    if (i >= call.args.size() || call.args[i].kind != node_kind::text) return nullptr;
    return &call.args[i].text;
  };
  if (call.function == fn::scale)
    if (const std::string* unit = literal(1); unit && unit_divisor(*unit) == 0)
      unknown_unit(call.args[1], *unit, ctx);
  if (call.function == fn::movavg)
    if (const std::string* mode = literal(2); mode && *mode != "partial" && *mode != "full")
      ctx.fail(call.args[2].offset,
               fmt::format("unknown mode '{}' for 'movavg', expected 'full' or 'partial'", *mode));
}

std::string plain_number(double d) {
  if (d == 0) return "0";  // also -0
  if (std::fabs(d) < 1e15 && d == std::trunc(d)) return fmt::format("{:.0f}", d);
  return fmt::format("{}", d);
}

double round_half_away(double x, int decimals) {
  if (!std::isfinite(x)) return x;
  double p = powers_of_ten[std::abs(decimals)];
  double scaled = decimals >= 0 ? x * p : x / p;
  double magnitude = std::fabs(scaled);
  if (magnitude >= 4503599627370496.0) return x;  // 2^52: no fraction left to round
  double whole = std::floor(magnitude);
  // x itself is the nearest double to a decimal and the scaling rounds once more; a fraction
  // within a few ulps below one half is a half that binary could not represent.
  double tolerance = 8 * DBL_EPSILON * magnitude;
  if (magnitude - whole >= 0.5 - tolerance) whole += 1;
  double r = std::copysign(whole, scaled);
  r = decimals >= 0 ? r / p : r * p;
  return r == 0 ? 0.0 : r;
}

bool same_number(double a, double b) {
  if (a == b) return true;
  double scale = std::max({1.0, std::fabs(a), std::fabs(b)});
  return std::fabs(a - b) <= 1e-12 * scale;
}

double unit_divisor(std::string_view unit) {
  if (unit == "kr") return 1;
  if (unit == "tkr") return 1e3;
  if (unit == "mnkr") return 1e6;
  return 0;
}

}  // namespace rapport::detail

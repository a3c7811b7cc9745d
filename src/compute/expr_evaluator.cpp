// compute/ expressions, phase 3: evaluation of literals, names and operators in a scope.
#include <fmt/format.h>

#include <cmath>

#include "compute/expr_internal.hpp"

namespace rapport::detail {
namespace {

std::string_view spelling(op o) {
  switch (o) {
    case op::neg:
      return "-";
    case op::not_:
      return "not";
    case op::add:
      return "+";
    case op::sub:
      return "-";
    case op::mul:
      return "*";
    case op::div:
      return "/";
    case op::mod:
      return "%";
    case op::eq:
      return "=";
    case op::ne:
      return "!=";
    case op::lt:
      return "<";
    case op::le:
      return "<=";
    case op::gt:
      return ">";
    case op::ge:
      return ">=";
    case op::and_:
      return "and";
    case op::or_:
      return "or";
  }
  return "?";
}

// Overflow to infinity (or 0 * inf) is not a figure anyone can print: it becomes empty, like a
// division by zero. -0 becomes 0 so it never prints as "-0".
value finite(double d) {
  if (!std::isfinite(d)) return value{};
  return value(d == 0 ? 0.0 : d);
}

[[noreturn]] void unknown_name(const node& n, const scope& where, const eval_context& ctx) {
  if (n.dot != std::string::npos) {
    std::string_view set = std::string_view(n.text).substr(0, n.dot);
    std::string_view field = std::string_view(n.text).substr(n.dot + 1);
    if (where.for_each_row(set, [](const scope&) {}))
      ctx.fail(
          n.offset,
          fmt::format("'{}' is a column of the data set '{}', not a single value", n.text, set),
          fmt::format("use an aggregate such as sum({}), or lookup('{}', 'key_field', key, "
                      "'{}')",
                      n.text, set, field));
  }
  std::string close = closest_match(n.text, where.known_names());
  ctx.fail(
      n.offset, fmt::format("unknown name '{}'", n.text),
      close.empty() || close == n.text ? std::string() : fmt::format("did you mean '{}'?", close));
}

// Operands of arithmetic must be numbers or empty; the message says which operand is wrong.
void require_number(const value& v, const node& operand, op o, const char* side, const scope& where,
                    const eval_context& ctx) {
  if (v.is_number() || v.is_empty()) return;
  ctx.fail_not_number(operand, v, where,
                      fmt::format("the {} operand of '{}' is {}, expected a number", side,
                                  spelling(o), describe(v)));
}

value arithmetic(const node& n, const scope& where, const eval_context& ctx) {
  // Both sides are evaluated before the empty check, so a type error shows up whatever the data.
  value a = eval(n.args[0], where, ctx);
  value b = eval(n.args[1], where, ctx);
  require_number(a, n.args[0], n.oper, "left", where, ctx);
  require_number(b, n.args[1], n.oper, "right", where, ctx);
  if (a.is_empty() || b.is_empty()) return value{};
  double x = a.number(), y = b.number();
  switch (n.oper) {
    case op::add:
      return finite(x + y);
    case op::sub:
      return finite(x - y);
    case op::mul:
      return finite(x * y);
    // Division by zero gives an empty value: a table shows a blank cell, not 'inf'.
    case op::div:
      return y == 0 ? value{} : finite(x / y);
    case op::mod:
      return y == 0 ? value{} : finite(std::fmod(x, y));
    default:
      return value{};
  }
}

// `=` and `!=` treat an empty value as equal to another empty value and to '' (so `x = ''`
// tests for a missing value), and as unequal to everything else.
value equality(const node& n, const value& a, const value& b, const eval_context& ctx) {
  bool equal = false;
  auto blank = [](const value& v) { return v.is_empty() || (v.is_text() && v.text().empty()); };
  if (a.is_empty() || b.is_empty()) {
    equal = blank(a) && blank(b);
  } else if (a.is_number() && b.is_number()) {
    equal = same_number(a.number(), b.number());
  } else if (a.v.index() == b.v.index()) {
    equal = a == b;
  } else {
    ctx.fail(n.op_offset, fmt::format("cannot compare {} with {} using '{}'", describe(a),
                                      describe(b), spelling(n.oper)));
  }
  return value(n.oper == op::eq ? equal : !equal);
}

// Ordering comparisons with an empty side are unknown, so they give an empty value (false in
// `if`, `and` and `or`).
value ordering(const node& n, const value& a, const value& b, const eval_context& ctx) {
  if (a.is_empty() || b.is_empty()) return value{};
  int order = 0;
  if (a.is_number() && b.is_number()) {
    double x = a.number(), y = b.number();
    order = same_number(x, y) ? 0 : x < y ? -1 : 1;
  } else if (a.is_text() && b.is_text()) {
    int c = a.text().compare(b.text());
    order = c < 0 ? -1 : c > 0 ? 1 : 0;
  } else {
    ctx.fail(n.op_offset, fmt::format("cannot compare {} with {} using '{}'", describe(a),
                                      describe(b), spelling(n.oper)));
  }
  switch (n.oper) {
    case op::lt:
      return value(order < 0);
    case op::le:
      return value(order <= 0);
    case op::gt:
      return value(order > 0);
    default:
      return value(order >= 0);
  }
}

value binary(const node& n, const scope& where, const eval_context& ctx) {
  switch (n.oper) {
    case op::and_:
      return value(truthy(eval(n.args[0], where, ctx)) && truthy(eval(n.args[1], where, ctx)));
    case op::or_:
      return value(truthy(eval(n.args[0], where, ctx)) || truthy(eval(n.args[1], where, ctx)));
    case op::eq:
    case op::ne:
      return equality(n, eval(n.args[0], where, ctx), eval(n.args[1], where, ctx), ctx);
    case op::lt:
    case op::le:
    case op::gt:
    case op::ge:
      return ordering(n, eval(n.args[0], where, ctx), eval(n.args[1], where, ctx), ctx);
    default:
      return arithmetic(n, where, ctx);
  }
}

value unary(const node& n, const scope& where, const eval_context& ctx) {
  value v = eval(n.args[0], where, ctx);
  if (n.oper == op::not_) return value(!truthy(v));
  if (v.is_empty()) return v;
  if (!v.is_number())
    ctx.fail_not_number(n.args[0], v, where,
                        fmt::format("the operand of '-' is {}, expected a number", describe(v)));
  return finite(0.0 - v.number());
}

}  // namespace

value eval(const node& n, const scope& where, const eval_context& ctx) {
  switch (n.kind) {
    case node_kind::number:
      return value(n.number);
    case node_kind::text:
      return value(n.text);
    case node_kind::boolean:
      return value(n.boolean);
    case node_kind::name:
      if (std::optional<value> v = where.variable(n.text)) return std::move(*v);
      unknown_name(n, where, ctx);
    case node_kind::unary:
      return unary(n, where, ctx);
    case node_kind::binary:
      return binary(n, where, ctx);
    case node_kind::call:
      return eval_call(n, where, ctx);
  }
  return value{};
}

value eval_number(const node& n, const scope& where, const eval_context& ctx,
                  std::string_view what) {
  value v = eval(n, where, ctx);
  if (!v.is_number() && !v.is_empty())
    ctx.fail_not_number(n, v, where, fmt::format("{} is {}, expected a number", what, describe(v)));
  return v;
}

bool truthy(const value& v) {
  if (v.is_bool()) return v.boolean();
  if (v.is_number()) return v.number() != 0;
  if (v.is_text()) return !v.text().empty();
  return false;
}

}  // namespace rapport::detail

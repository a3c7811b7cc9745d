// compute/ private: the tokens, syntax tree and shared helpers of the expression language.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "compute/expression.hpp"

namespace rapport::detail {

// ---- lexer -------------------------------------------------------------------------------------

enum class token_kind {
  number,  ///< 12 or 0.5
  text,    ///< 'abc' or "abc" (escapes already decoded)
  name,    ///< budget, enheter.budget, år, t.2021 (a dotted name is one token)
  punct,   ///< + - * / % ( ) , = == != < <= > >=
  end,     ///< the end of the expression
};

struct token {
  token_kind kind = token_kind::end;
  std::size_t begin = 0;  ///< byte offset of the first character in the source
  std::size_t end = 0;    ///< byte offset one past the last character
  double number = 0;      ///< for number tokens
  std::string text;       ///< decoded string, name, or operator spelling
};

/// Splits `source` into tokens, ending with one `end` token; throws fatal_error (located from
/// `loc`) at the first character that cannot start a token.
std::vector<token> tokenize(std::string_view source, const source_loc& loc);

// ---- syntax tree -------------------------------------------------------------------------------

enum class node_kind { number, text, boolean, name, unary, binary, call };

enum class op { neg, not_, add, sub, mul, div, mod, eq, ne, lt, le, gt, ge, and_, or_ };

enum class fn {
  sum,
  avg,
  min,
  max,
  count,
  round,
  abs,
  if_,
  coalesce,
  share,
  change,
  change_pct,
  change_abs,
  change_abs_pct,
  lag,
  movavg,
  forecast,
  lookup,
  scale,
  text
};

/// A built-in function: its name and how many arguments it takes (max_args < 0 = no limit).
struct function_spec {
  std::string_view name;
  fn id;
  int min_args;
  int max_args;
};

/// Every built-in function, in the order the documentation lists them.
const std::vector<function_spec>& functions();

/// The built-in function called `name`, or nullptr.
const function_spec* find_function(std::string_view name);

}  // namespace rapport::detail

namespace rapport {

/// One node of the immutable syntax tree; children are held by value, so a tree is one
/// allocation per node at parse time and none while it is evaluated.
struct expression::node {
  detail::node_kind kind = detail::node_kind::number;
  std::size_t offset = 0;     ///< byte offset where the node's text starts, for error locations
  std::size_t op_offset = 0;  ///< unary and binary nodes: byte offset of the operator
  int height = 1;             ///< 1 + the height of the tallest child (bounds recursion)
  double number = 0;
  bool boolean = false;
  std::string text;     ///< string literal, full dotted name, or function name
  std::size_t dot = 0;  ///< names: position of the first '.', or npos
  detail::op oper = detail::op::add;
  detail::fn function = detail::fn::sum;
  std::vector<node> args;  ///< operands of unary/binary nodes, arguments of calls
};

}  // namespace rapport

namespace rapport::detail {

using node = expression::node;

/// Builds the syntax tree of `source`; throws fatal_error at the offending token.
node parse_tree(std::string_view source, const source_loc& loc);

/// The source location of byte `offset` of an expression that starts at `loc`: columns count
/// characters (UTF-8 code points), and a newline inside the expression moves to the next line.
source_loc locate(std::string_view source, const source_loc& loc, std::size_t offset);

/// What an evaluation needs besides the scope: where the source text is, for error messages.
struct eval_context {
  std::string_view source;
  const source_loc& loc;

  /// Throws a fatal_error located at byte `offset` of the source.
  [[noreturn]] void fail(std::size_t offset, std::string message, std::string hint = {}) const;
  /// Throws for `v`, the value of `operand`, which had to be a number: at the data cell it came
  /// from when the operand is a field whose cell is known (the message then names the field
  /// and the hint the expression), else as fail(operand.offset, message).
  [[noreturn]] void fail_not_number(const node& operand, const value& v, const scope& where,
                                    std::string message) const;
  /// As fail_not_number, for the value of data field `field` (empty: none) read in `where`;
  /// `offset` is where the expression uses it.
  [[noreturn]] void fail_not_number(std::string_view field, const value& v, const scope& where,
                                    std::size_t offset, std::string message) const;
};

/// Checks the arguments of a call that are written as string literals (a unit, a mode) at parse
/// time, so a typo is reported even when no row is ever evaluated.
void check_literal_arguments(const node& call, const eval_context& ctx);

/// Evaluates one node (operators and names here, calls in expr_functions.cpp).
value eval(const node& n, const scope& where, const eval_context& ctx);

/// Evaluates a call node.
value eval_call(const node& n, const scope& where, const eval_context& ctx);

/// Evaluates an aggregate (sum avg min max count with one argument) over its row set.
value eval_aggregate(const node& n, const scope& where, const eval_context& ctx);

/// Evaluates `n` and requires a number (or empty); `what` names the operand in the message.
value eval_number(const node& n, const scope& where, const eval_context& ctx,
                  std::string_view what);

/// True for a true boolean, a non-zero number and a non-empty text.
bool truthy(const value& v);

/// A short description of a value for messages: `the text 'abc'`, `the number 5`, `true`.
std::string describe(const value& v);

/// The plain text of a number: shortest round-trip digits with '.', no exponent for ordinary
/// magnitudes, integers without a fractional part.
std::string plain_number(double d);

/// Rounds half away from zero to `decimals` places, treating values within a few ulps of a
/// half as the half (so 2.675, stored as 2.67499999..., rounds to 2.68).
double round_half_away(double x, int decimals);

/// Equality of two numbers, tolerant of binary-fraction noise (0.1 + 0.2 = 0.3).
bool same_number(double a, double b);

/// The factor that divides kronor into `unit` ('kr', 'tkr', 'mnkr'), or 0 if unknown.
double unit_divisor(std::string_view unit);

}  // namespace rapport::detail

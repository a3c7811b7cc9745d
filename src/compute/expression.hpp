// compute/expression: the expression language of `{...}` values, computed columns and checks.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"
#include "base/value.hpp"

namespace rapport {

/// What an expression can see while it is evaluated: the fields of the current row, named
/// values (parameters, metadata), and the sets of rows that aggregates run over.
class scope {
public:
  virtual ~scope() = default;

  /// The value of a plain or dotted name ("budget", "param.period", "enheter.budget" in a row
  /// context); nullopt if the name is unknown here.
  virtual std::optional<value> variable(std::string_view name) const = 0;

  /// Calls `visit` with a scope for each row of a set: "" = the current rows (the group or
  /// table an aggregate is evaluated for), otherwise a named data table. Returns false if the
  /// set is unknown.
  virtual bool for_each_row(std::string_view set, const std::function<void(const scope&)>& visit) const = 0;

  /// The row `offset` rows before (negative) or after the current one in the current set, or
  /// nullptr at the edges or outside a row context (for lag, moving averages).
  virtual std::unique_ptr<scope> relative_row(int offset) const = 0;

  /// Every name this scope can resolve (for 'did you mean' hints).
  virtual std::vector<std::string> known_names() const = 0;
  /// Where the value of a plain field name came from, when it is a data cell whose place is
  /// known (a CSV cell: file:line:col); nullopt otherwise. Type errors then point at the cell.
  virtual std::optional<source_loc> origin(std::string_view /*name*/) const { return std::nullopt; }
};

/// A parsed expression. Grammar (precedence low to high):
///   expr   := or ; or := and ('or' and)* ; and := not ('and' not)* ; not := 'not' not | cmp
///   cmp    := sum (('='|'=='|'!='|'<'|'<='|'>'|'>=') sum)?
///   sum    := prod (('+'|'-') prod)* ; prod := unary (('*'|'/'|'%') unary)*
///   unary  := '-' unary | postfix ; primary := number | 'string' | "string" | name | call | '(' expr ')'
///   name   := ident ('.' ident)* ; call := ident '(' args ')'
/// Functions: sum avg min max count (aggregates over a row set: `sum(budget)` over the current
/// rows, `sum(enheter.budget)` over a named table, or with several arguments the plain min/max),
/// round(x[, n]) abs(x) if(c, a, b) coalesce(a, b, ...) share(x) (x / sum(x) * 100),
/// change(now, before) change_pct(now, before) (÷0 → 0), lag(x[, n]) movavg(x, n)
/// (trailing mean over up to n rows), forecast(ytd, months_elapsed[, months=12]),
/// lookup('table', 'key_field', key, 'field'), scale(x, 'tkr'|'mnkr'|'kr'), text(x).
class expression {
public:
  /// Parses `text`; `loc` is where the text starts, so errors point at the exact column.
  /// Throws fatal_error with the column of the offending token.
  static expression parse(std::string_view text, const source_loc& loc);

  expression();
  ~expression();
  expression(expression&&) noexcept;
  expression& operator=(expression&&) noexcept;
  expression(const expression&);
  expression& operator=(const expression&);

  /// Evaluates in a scope. Empty values propagate through arithmetic (empty + 1 = empty) and
  /// are skipped by aggregates. Throws fatal_error (at this expression's location) for an
  /// unknown name (with a 'did you mean' hint), a wrong argument count or a type error.
  value evaluate(const scope& where) const;

  /// The plain names the expression reads (no function names), for validation.
  std::vector<std::string> names() const;

  const std::string& source() const;
  const source_loc& loc() const;

  struct node;

private:
  std::shared_ptr<const node> root_;
  std::string source_;
  source_loc loc_;
};

}  // namespace rapport

// libFuzzer target: the expression language (compute/ expr_*): lexing, parsing, and evaluating
// the parsed tree outside any row, in a row of a small table, and in a sum row.
#include <cstdint>
#include <string_view>

#include "../unit/compute/test_scope.hpp"
#include "compute/expression.hpp"
#include "fuzz_support.hpp"

namespace {

using rapport::value;
using namespace rapport::expr_testing;

// A small world with every kind of value: numbers, text, empty cells, a named set and globals.
const test_data& world() {
  static const test_data data = [] {
    test_data d;
    d.globals = {{"param.period", value(std::string("2021-08"))},
                 {"meta.title", value(std::string("Rapport"))},
                 {"total", value(-57235.5)}};
    d.rows = {
        {{"enhet", value(std::string("A"))}, {"budget", value(100.0)}, {"utfall", value(120.0)}},
        {{"enhet", value(std::string("B"))}, {"budget", value(-2.5)}, {"utfall", value()}},
        {{"enhet", value(std::string("0123"))}, {"budget", value(0.0)}, {"utfall", value(1e300)}}};
    d.sets = {{"enheter", d.rows}, {"tom", {}}};
    return d;
  }();
  return data;
}

void evaluate(const rapport::expression& e, const rapport::scope& where) {
  try {
    (void)e.evaluate(where);
  } catch (const rapport::fatal_error& err) {
    if (err.what_diagnostic().loc.file != "fuzz.xml")
      rapport::fuzzing::broken("errors name the file");
    if (err.what_diagnostic().loc.line < 3 || err.what_diagnostic().loc.column < 1)
      rapport::fuzzing::broken("errors are at or after the expression's start");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;  // real expressions are short; longer ones only slow the search
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const rapport::source_loc start{"fuzz.xml", 3, 14};
  rapport::expression e;
  try {
    e = rapport::expression::parse(text, start);
  } catch (const rapport::fatal_error& err) {
    const rapport::source_loc& at = err.what_diagnostic().loc;
    if (at.file != "fuzz.xml" || at.line < 3 || at.column < 1)
      rapport::fuzzing::broken("parse errors are located inside the expression");
    return 0;
  }
  (void)e.names();
  rapport::expression copy = e;  // the tree is shared; copies must evaluate alike
  const test_data& d = world();
  evaluate(e, test_scope(d));
  evaluate(copy, test_scope(d, true));
  evaluate(e, test_scope(d, &d.rows, 1));
  return 0;
}

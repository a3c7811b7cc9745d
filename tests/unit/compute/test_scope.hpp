// Test support: an in-memory `scope` (named values, a current set of rows, named data sets).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compute/expression.hpp"

namespace rapport::expr_testing {

using row = std::map<std::string, value, std::less<>>;

/// The data a test_scope sees: named values, the current rows ("" set) and named sets.
struct test_data {
  std::map<std::string, value, std::less<>> globals;
  std::vector<row> rows;
  std::map<std::string, std::vector<row>, std::less<>> sets;
};

/// A scope over test_data: either outside any row (no current set unless `rows` are given), a
/// set without a current row (a sum row), or one row of a set.
class test_scope : public scope {
public:
  /// Outside any row; aggregates over "" see data.rows only if `with_rows`.
  explicit test_scope(const test_data& data, bool with_rows = false)
      : data_(data), set_(with_rows ? &data.rows : nullptr) {}
  /// Row `index` of `set` (a vector inside `data`).
  test_scope(const test_data& data, const std::vector<row>* set, long index)
      : data_(data), set_(set), index_(index) {}

  std::optional<value> variable(std::string_view name) const override {
    if (set_ && index_ >= 0) {
      const row& r = (*set_)[static_cast<std::size_t>(index_)];
      if (auto it = r.find(name); it != r.end()) return it->second;
    }
    if (auto it = data_.globals.find(name); it != data_.globals.end()) return it->second;
    return std::nullopt;
  }

  bool for_each_row(std::string_view set,
                    const std::function<void(const scope&)>& visit) const override {
    const std::vector<row>* rows = set_;
    if (!set.empty()) {
      auto it = data_.sets.find(set);
      rows = it == data_.sets.end() ? nullptr : &it->second;
    }
    if (!rows) return false;
    for (std::size_t i = 0; i < rows->size(); ++i)
      visit(test_scope(data_, rows, static_cast<long>(i)));
    return true;
  }

  std::unique_ptr<scope> relative_row(int offset) const override {
    if (!set_ || index_ < 0) return nullptr;
    long target = index_ + offset;
    if (target < 0 || target >= static_cast<long>(set_->size())) return nullptr;
    return std::make_unique<test_scope>(data_, set_, target);
  }

  std::vector<std::string> known_names() const override {
    std::vector<std::string> names;
    if (set_ && index_ >= 0)
      for (const auto& [name, v] : (*set_)[static_cast<std::size_t>(index_)]) names.push_back(name);
    for (const auto& [name, v] : data_.globals) names.push_back(name);
    for (const auto& [set, rows] : data_.sets)
      if (!rows.empty())
        for (const auto& [field, v] : rows.front()) names.push_back(set + "." + field);
    return names;
  }

private:
  const test_data& data_;
  const std::vector<row>* set_ = nullptr;
  long index_ = -1;
};

/// Parses `text` as if it started at column 1 of line 1 of "t.xml".
inline expression parse(std::string_view text) {
  return expression::parse(text, source_loc{"t.xml", 1, 1});
}

/// Parses and evaluates `text` in `where`.
inline value eval(std::string_view text, const scope& where) {
  return parse(text).evaluate(where);
}

/// Parses and evaluates `text` with no names and no rows.
inline value eval(std::string_view text) {
  test_data none;
  return eval(text, test_scope(none));
}

/// The full printed diagnostic (`file:line:col: error: message` + hint line) of the fatal_error
/// that parsing and evaluating `text` at `loc` throws, or "no error".
inline std::string error_of(std::string_view text, const scope& where,
                            const source_loc& loc = {"t.xml", 1, 1}) {
  try {
    expression::parse(text, loc).evaluate(where);
  } catch (const fatal_error& e) {
    return e.what();
  }
  return "no error";
}

/// error_of with no names and no rows.
inline std::string error_of(std::string_view text, const source_loc& loc = {"t.xml", 1, 1}) {
  test_data none;
  return error_of(text, test_scope(none), loc);
}

}  // namespace rapport::expr_testing

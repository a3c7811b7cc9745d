// The typed cell value shared by data/, compute/ and format/.
#pragma once

#include <cmath>
#include <string>
#include <variant>

namespace rapport {

/// An empty cell, a number, a text, or a boolean. Dates are numbers of days (see format/).
struct value {
  std::variant<std::monostate, double, std::string, bool> v;

  value() = default;
  value(double d) : v(d) {}
  value(int i) : v(static_cast<double>(i)) {}
  value(std::string s) : v(std::move(s)) {}
  value(const char* s) : v(std::string(s)) {}
  value(bool b) : v(b) {}

  bool is_empty() const { return std::holds_alternative<std::monostate>(v); }
  bool is_number() const { return std::holds_alternative<double>(v); }
  bool is_text() const { return std::holds_alternative<std::string>(v); }
  bool is_bool() const { return std::holds_alternative<bool>(v); }
  double number() const { return std::get<double>(v); }
  const std::string& text() const { return std::get<std::string>(v); }
  bool boolean() const { return std::get<bool>(v); }

  friend bool operator==(const value&, const value&) = default;
};

}  // namespace rapport

// Diagnostics: formatting and the edit-distance 'did you mean' helper.
#include "base/diagnostics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

namespace rapport {

std::string to_string(const source_loc& loc) {
  if (loc.file.empty()) return "<input>";
  if (loc.line <= 0) return loc.file;
  if (loc.column <= 0) return fmt::format("{}:{}", loc.file, loc.line);
  return fmt::format("{}:{}:{}", loc.file, loc.line, loc.column);
}

static const char* label(severity s) {
  switch (s) {
    case severity::note: return "note";
    case severity::warning: return "warning";
    case severity::error: return "error";
  }
  return "error";
}

std::string to_string(const diagnostic& d) {
  std::string s = fmt::format("{}: {}: {}", to_string(d.loc), label(d.level), d.message);
  if (!d.hint.empty()) s += fmt::format("\n  hint: {}", d.hint);
  return s;
}

void diagnostics::add(diagnostic d) {
  if (d.level == severity::error) ++error_count_;
  items_.push_back(std::move(d));
}

void diagnostics::error(source_loc loc, std::string message, std::string hint) {
  add({severity::error, std::move(loc), std::move(message), std::move(hint)});
}

void diagnostics::warning(source_loc loc, std::string message, std::string hint) {
  add({severity::warning, std::move(loc), std::move(message), std::move(hint)});
}

void diagnostics::note(source_loc loc, std::string message) {
  add({severity::note, std::move(loc), std::move(message), {}});
}

void diagnostics::clear() {
  items_.clear();
  error_count_ = 0;
}

void diagnostics::print(std::ostream& out) const {
  for (const auto& d : items_) out << to_string(d) << '\n';
}

fatal_error::fatal_error(diagnostic d) : std::runtime_error(to_string(d)), diag_(std::move(d)) {}

fatal_error::fatal_error(source_loc loc, std::string message, std::string hint)
    : fatal_error(diagnostic{severity::error, std::move(loc), std::move(message), std::move(hint)}) {}

static std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({row[j - 1] + 1, above + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace rapport

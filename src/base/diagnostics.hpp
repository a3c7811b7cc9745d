// Source locations and the diagnostics sink every stage reports into; printed in one place.
#pragma once

#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

namespace rapport {

/// Where something came from: a file and a 1-based line and column (0 when unknown).
struct source_loc {
  std::string file;
  int line = 0;
  int column = 0;
  friend bool operator==(const source_loc&, const source_loc&) = default;
};

/// Formats a location GCC-style: `file:line:col`, leaving out the parts that are unknown.
std::string to_string(const source_loc& loc);

enum class severity { note, warning, error };

struct diagnostic {
  severity level = severity::error;
  source_loc loc;
  std::string message;
  std::string hint;  ///< printed on its own line as `  hint: ...` when not empty
};

/// Formats one diagnostic as `file:line:col: error: message` plus an optional hint line.
std::string to_string(const diagnostic& d);

/// Collects what the stages find, so a user sees all their mistakes at once.
class diagnostics {
public:
  void error(source_loc loc, std::string message, std::string hint = {});
  void warning(source_loc loc, std::string message, std::string hint = {});
  void note(source_loc loc, std::string message);
  void add(diagnostic d);

  bool has_errors() const { return error_count_ > 0; }
  int error_count() const { return error_count_; }
  const std::vector<diagnostic>& all() const { return items_; }
  void clear();

  /// Writes every diagnostic to `out`, one per line (hints on the following line).
  void print(std::ostream& out) const;

private:
  std::vector<diagnostic> items_;
  int error_count_ = 0;
};

/// Thrown when a stage cannot go on at all (an unreadable file, a broken XML document).
/// Carries the diagnostic so the CLI prints it in the same single format.
class fatal_error : public std::runtime_error {
public:
  explicit fatal_error(diagnostic d);
  fatal_error(source_loc loc, std::string message, std::string hint = {});
  const diagnostic& what_diagnostic() const { return diag_; }

private:
  diagnostic diag_;
};

/// Returns the candidate closest to `word` by edit distance, or "" if none is close enough
/// to be a plausible typo (used for 'did you mean' hints).
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace rapport

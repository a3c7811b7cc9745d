// data/ internals: finds where values start in a JSON text, so rows and errors get lines.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace rapport::detail {

/// Walks the text of a JSON document that has already been parsed successfully, by offsets.
/// nlohmann::json keeps no positions, so this recovers them cheaply: it skips values without
/// building them, iteratively (deep nesting cannot overflow the stack), and never reads past
/// the end even if the text were not valid.
class json_walker {
public:
  explicit json_walker(std::string_view text) : text_(text) {}

  /// The offset of the document's top-level value.
  std::size_t root() const { return skip_blanks(0); }

  /// The offset of the value of `key` in the object at `object` (the last one if repeated,
  /// as the parser keeps the last), or nullopt.
  std::optional<std::size_t> member(std::size_t object, std::string_view key) const;

  /// The offsets of the elements of the array at `array`.
  std::vector<std::size_t> elements(std::size_t array) const;

private:
  std::size_t skip_blanks(std::size_t pos) const;
  std::size_t skip_string(std::size_t pos) const;
  std::size_t skip_value(std::size_t pos) const;
  bool at(std::size_t pos, char c) const { return pos < text_.size() && text_[pos] == c; }

  std::string_view text_;
};

}  // namespace rapport::detail

// data/ private: choosing a sheet and a range of a workbook, with 'did you mean' hints.
#include <fmt/format.h>

#include <cctype>

#include "data/spreadsheet.hpp"

namespace rapport::detail {

namespace {

std::string list_names(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "'" : ", '") + name + "'";
  return text;
}

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

}  // namespace

/// Finds a sheet by name (exactly, then ignoring ASCII case, as Excel does) or by index.
std::size_t pick_sheet(const std::vector<std::string>& names, const sheet_options& options,
                       const std::string& display, const source_loc& loc) {
  if (!options.sheet.empty()) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == options.sheet) return i;
    for (std::size_t i = 0; i < names.size(); ++i)
      if (same_name(names[i], options.sheet)) return i;
    std::string close = closest_match(options.sheet, names);
    throw fatal_error(
        loc, fmt::format("'{}' has no sheet '{}'", display, options.sheet),
        close.empty() ? fmt::format("its sheets are {}", list_names(names))
                      : fmt::format("did you mean '{}'? (sheets: {})", close, list_names(names)));
  }
  if (options.sheet_index >= 0 && static_cast<std::size_t>(options.sheet_index) >= names.size())
    // Authors count sheets from 1, so the message does too.
    throw fatal_error(
        loc, fmt::format("there is no sheet {}: '{}' has {} sheet{} ({})", options.sheet_index + 1,
                         display, names.size(), names.size() == 1 ? "" : "s", list_names(names)));
  return options.sheet_index >= 0 ? static_cast<std::size_t>(options.sheet_index) : 0;
}

/// Resolves `text` against a list of named ranges and then as a cell range; `names` pairs
/// each name with its range text. Throws with a 'did you mean' hint when nothing fits.
sheet_range pick_range(const std::string& text,
                       const std::vector<std::pair<std::string, std::string>>& names,
                       const std::string& display, const source_loc& loc) {
  std::vector<std::string> known;
  for (const auto& [name, target] : names) {
    if (!same_name(name, text)) {
      known.push_back(name);
      continue;
    }
    auto range = parse_range(target);
    if (!range || range->sheet.empty())
      throw fatal_error(loc, fmt::format("the name '{}' in '{}' is not a plain cell range: {}",
                                         name, display, target));
    return *range;
  }
  if (auto range = parse_range(text)) return *range;
  std::string close = closest_match(text, known);
  throw fatal_error(
      loc,
      fmt::format("'{}' is neither a cell range like 'A3:H40' nor a named range in '{}'", text,
                  display),
      close.empty() ? std::string() : fmt::format("did you mean '{}'?", close));
}

}  // namespace rapport::detail

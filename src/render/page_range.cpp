// render/: parses the page selections users write ("3-5", "1,4-6") into 0-based page indexes.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>

#include "render/render.hpp"

namespace rapport::render {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A page number as written: digits only (no sign, no spaces inside), small enough for an int.
std::optional<int> parse_number(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size() || s.front() == '-' || s.front() == '+') {
    return std::nullopt;
  }
  return value;
}

std::string pages_word(int count) {
  return fmt::format("{} page{}", count, count == 1 ? "" : "s");
}

// Parses one comma-separated part ("4", "4-6", "4-" up to the last page) and adds its pages.
bool parse_part(const std::string& spec, std::string_view part, int page_count,
                std::vector<int>& pages, std::string& error) {
  const auto dash = part.find('-');
  const std::string_view first_text = trim(part.substr(0, dash));
  const std::string_view last_text =
      dash == std::string_view::npos ? first_text : trim(part.substr(dash + 1));
  const bool open_end = dash != std::string_view::npos && last_text.empty();

  const auto first = parse_number(first_text);
  if (!first) {
    error = fmt::format("expected a page number in page range '{}', found '{}'", spec,
                        first_text.empty() ? part : first_text);
    return false;
  }
  const auto last = open_end ? std::optional<int>(page_count) : parse_number(last_text);
  if (!last) {
    error = fmt::format("expected a page number in page range '{}', found '{}'", spec, last_text);
    return false;
  }
  if (*first == 0 || *last == 0) {
    error = fmt::format("page range '{}' contains page 0; pages are numbered from 1", spec);
    return false;
  }
  if (*last < *first) {
    error = fmt::format("page range '{}' is reversed; did you mean '{}-{}'?", part, *last, *first);
    return false;
  }
  if (*last > page_count) {
    error =
        dash == std::string_view::npos
            ? fmt::format("page {} is outside the document's {}", *first, pages_word(page_count))
            : fmt::format("page range '{}' is outside the document's {}", part,
                          pages_word(page_count));
    return false;
  }
  for (int number = *first; number <= *last; ++number) pages.push_back(number - 1);
  return true;
}

}  // namespace

bool parse_page_range(const std::string& spec, int page_count, std::vector<int>& pages,
                      std::string& error) {
  const std::string_view all = trim(spec);
  if (all.empty()) {
    error = "empty page range; expected page numbers like '3', '3-5' or '1,4-6'";
    return false;
  }
  std::vector<int> selected;
  std::string_view rest = all;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view part = trim(rest.substr(0, comma));
    if (part.empty()) {
      error = fmt::format("empty item in page range '{}'", all);
      return false;
    }
    if (!parse_part(std::string(all), part, page_count, selected, error)) return false;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  // Output pages keep document order whatever order the user listed them in, so internal
  // links and the outline still point forward and backward as in the full document.
  std::sort(selected.begin(), selected.end());
  selected.erase(std::unique(selected.begin(), selected.end()), selected.end());
  pages = std::move(selected);
  return true;
}

}  // namespace rapport::render

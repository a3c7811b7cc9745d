// data/ JSON: reads an array of objects (found by a dotted path or JSON pointer) into a table.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "base/files.hpp"
#include "data/data.hpp"
#include "data/json_walk.hpp"
#include "data/text_scan.hpp"

namespace rapport {

namespace {

// ordered_json keeps an object's keys in the order written, which becomes the column order.
using json = nlohmann::ordered_json;

// A path the user gave, split into keys or indices, and how to name a prefix of it again.
struct json_path {
  std::vector<std::string> segments;
  bool pointer = false;  // written as "/data/rows" rather than "data.rows"

  std::string name(std::size_t count) const {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
      if (pointer) {
        out += '/';
        for (char c : segments[i]) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
      } else {
        if (i > 0) out += '.';
        out += segments[i];
      }
    }
    return out;
  }
};

json_path parse_path(const std::string& path, const std::string& file) {
  json_path result;
  if (path.empty()) return result;
  if (path[0] == '/') {
    result.pointer = true;
    std::string segment;
    for (std::size_t i = 1; i <= path.size(); ++i) {
      if (i == path.size() || path[i] == '/') {
        result.segments.push_back(std::move(segment));
        segment.clear();
      } else if (path[i] == '~') {
        char next = i + 1 < path.size() ? path[i + 1] : '\0';
        if (next != '0' && next != '1')
          throw fatal_error(
              source_loc{file, 0, 0},
              fmt::format("invalid JSON pointer '{}': '~' must be followed by '0' or '1'", path));
        segment += next == '0' ? '~' : '/';
        ++i;
      } else {
        segment += path[i];
      }
    }
    return result;
  }
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = path.find('.', start);
    std::string segment =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (segment.empty())
      throw fatal_error(source_loc{file, 0, 0}, fmt::format("invalid path '{}': empty key", path));
    result.segments.push_back(std::move(segment));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return result;
}

const char* kind_of(const json& j) {
  switch (j.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

// A non-negative array index without leading zeros, as JSON pointers write them.
std::optional<std::size_t> index_of(const std::string& segment) {
  if (segment.empty() || segment.size() > 9 || (segment.size() > 1 && segment[0] == '0'))
    return std::nullopt;
  std::size_t n = 0;
  for (char c : segment) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

// Everything about one document needed to report a position.
struct json_source {
  std::string_view text;
  const std::string& file;
  detail::line_index lines;
  detail::json_walker walker;

  source_loc at(std::optional<std::size_t> offset) const {
    return offset ? lines.locate(*offset, file) : source_loc{file, 0, 0};
  }
};

json parse_document(const json_source& src) {
  // JSON text is UTF-8 (RFC 8259). Checking first gives the same located error, with its
  // hint, as a CSV file, and keeps raw bytes out of the parser's message.
  if (std::size_t bad = detail::find_invalid_utf8(src.text); bad != std::string_view::npos)
    throw detail::invalid_utf8_error(src.text, bad, src.lines, src.file);
  try {
    return json::parse(src.text.begin(), src.text.end());
  } catch (const json::parse_error& e) {
    // nlohmann's message starts "[json.exception.parse_error.101] parse error at line 1,
    // column 4: "; keep what follows and compute our own position (columns in characters).
    std::string message = e.what();
    std::size_t colon = message.find(": ", message.find("parse error"));
    message = colon == std::string::npos ? message : message.substr(colon + 2);
    std::size_t offset = e.byte == 0 ? 0 : std::min(e.byte - 1, src.text.size());
    throw fatal_error(src.lines.locate(offset, src.file), "invalid JSON: " + message);
  } catch (const json::exception& e) {
    // A number too large for a double is reported without a position.
    std::string message = e.what();
    std::size_t bracket = message.find("] ");
    throw fatal_error(
        source_loc{src.file, 0, 0},
        "invalid JSON: " + (bracket == std::string::npos ? message : message.substr(bracket + 2)));
  }
}

// Follows the path through the document, keeping the text offset of each step alongside.
const json& follow_path(const json& root, const json_path& path, const json_source& src,
                        std::optional<std::size_t>& offset, const std::string& shown) {
  const json* node = &root;
  offset = src.walker.root();
  for (std::size_t i = 0; i < path.segments.size(); ++i) {
    const std::string& segment = path.segments[i];
    std::string where =
        i == 0 ? std::string("at the top level") : fmt::format("at '{}'", path.name(i));
    std::string missing = fmt::format("path '{}' not found: ", shown);
    if (node->is_object()) {
      auto found = node->find(segment);
      if (found == node->end()) {
        std::vector<std::string> keys;
        for (const auto& item : node->items()) keys.push_back(item.key());
        std::string guess = closest_match(segment, keys);
        throw fatal_error(src.at(offset),
                          missing + fmt::format("no key '{}' in the object {}", segment, where),
                          guess.empty() ? "" : fmt::format("did you mean '{}'?", guess));
      }
      offset = offset ? src.walker.member(*offset, segment) : std::nullopt;
      node = &found.value();
    } else if (node->is_array()) {
      auto index = index_of(segment);
      if (!index)
        throw fatal_error(
            src.at(offset),
            missing + fmt::format("'{}' is not an index into the array {}", segment, where));
      if (*index >= node->size())
        throw fatal_error(src.at(offset),
                          missing + fmt::format("the array {} has {} element{}", where,
                                                node->size(), node->size() == 1 ? "" : "s"));
      if (offset) {
        auto elements = src.walker.elements(*offset);
        offset = *index < elements.size() ? std::optional(elements[*index]) : std::nullopt;
      }
      node = &(*node)[*index];
    } else {
      throw fatal_error(src.at(offset),
                        missing + fmt::format("the value {} is {}, not an object or array", where,
                                              kind_of(*node)));
    }
  }
  return *node;
}

value cell_of(const json& j) {
  if (j.is_null()) return value{};
  if (j.is_boolean()) return value{j.get<bool>()};
  if (j.is_number()) return value{j.get<double>()};
  return value{j.get<std::string>()};  // a string stays text even if it looks like a number
}

}  // namespace

data_table read_json(const std::string& text, const std::string& file, const std::string& pointer) {
  std::string_view body = detail::strip_bom(text);  // positions count from after a BOM
  json_source src{body, file, detail::line_index(body), detail::json_walker(body)};
  json root = parse_document(src);
  json_path path = parse_path(pointer, file);
  std::optional<std::size_t> offset;
  const json& rows = follow_path(root, path, src, offset, pointer);

  std::string shown =
      path.segments.empty() ? std::string("the top level") : fmt::format("'{}'", pointer);
  if (!rows.is_array()) {
    std::string hint;
    if (rows.is_object()) {
      for (const auto& item : rows.items()) {
        if (item.value().is_array()) {
          json_path inner = path;
          inner.segments.push_back(item.key());
          hint = fmt::format("the array may be at path '{}'", inner.name(inner.segments.size()));
          break;
        }
      }
    }
    throw fatal_error(
        src.at(offset),
        fmt::format("expected an array of objects at {}, found {}", shown, kind_of(rows)), hint);
  }

  std::vector<std::size_t> starts =
      offset ? src.walker.elements(*offset) : std::vector<std::size_t>{};
  if (starts.size() != rows.size()) starts.clear();  // positions are a nicety; never guess them
  auto element_at = [&](std::size_t i) {
    return starts.empty() ? std::nullopt : std::optional<std::size_t>(starts[i]);
  };
  // Elements and members are named in the style the path was written in: data.rows[2].belopp
  // or /data/rows/2/belopp.
  std::string base = path.name(path.segments.size());
  auto element_name = [&](std::size_t i) {
    return path.pointer ? fmt::format("{}/{}", base, i) : fmt::format("{}[{}]", base, i);
  };
  auto member_name = [&](std::size_t i, const std::string& key) {
    if (!path.pointer) return fmt::format("{}.{}", element_name(i), key);
    json_path step{{key}, true};
    return element_name(i) + step.name(1);
  };

  data_table table;
  table.loc = source_loc{file, 0, 0};
  std::map<std::string, std::size_t> column_of;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const json& row = rows[i];
    if (!row.is_object())
      throw fatal_error(src.at(element_at(i)), fmt::format("expected an object at '{}', found {}",
                                                           element_name(i), kind_of(row)));
    for (const auto& item : row.items()) {
      if (item.value().is_object() || item.value().is_array()) {
        auto at = element_at(i) ? src.walker.member(*element_at(i), item.key()) : std::nullopt;
        throw fatal_error(
            src.at(at), fmt::format("expected a number, string, boolean or null at '{}', found {}",
                                    member_name(i, item.key()), kind_of(item.value())));
      }
      if (column_of.emplace(item.key(), table.columns.size()).second)
        table.columns.push_back(item.key());
    }
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::vector<value> cells(table.columns.size());
    for (const auto& item : rows[i].items())
      cells[column_of.at(item.key())] = cell_of(item.value());
    table.rows.push_back(std::move(cells));
    auto start = element_at(i);
    table.row_locs.push_back(source_loc{file, start ? src.lines.line_of(*start) : 0, 0});
  }
  return table;
}

data_table read_json_file(const std::filesystem::path& path, const std::string& pointer,
                          const source_loc& referenced_from) {
  std::string text = read_file(path, referenced_from);
  // A malformed path is a mistake in the definition, not in the data file: point there.
  if (!referenced_from.file.empty()) {
    try {
      parse_path(pointer, path.string());
    } catch (const fatal_error& e) {
      throw fatal_error(referenced_from, e.what_diagnostic().message, e.what_diagnostic().hint);
    }
  }
  return read_json(text, path.string(), pointer);
}

}  // namespace rapport

// definition/ private: one XML file loaded with tinyxml2, plus the locations tinyxml2 lacks.
#pragma once

#include <tinyxml2.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"

namespace rapport::def::detail {

/// A loaded XML file. tinyxml2 knows lines but not columns, so columns are found in the
/// file's own text: the n-th `<name` on a line for an element, `attr=` after it for an
/// attribute.
class xml_source {
public:
  /// Loads and parses `file`; throws fatal_error with file:line:col for malformed XML, bytes
  /// that are not UTF-8, a file without an element or with two roots, and unknown entities.
  explicit xml_source(const std::filesystem::path& file);

  const tinyxml2::XMLElement* root() const { return doc_.RootElement(); }
  const std::string& file() const { return file_; }
  std::filesystem::path folder() const { return std::filesystem::path(file_).parent_path(); }

  /// Where an element's `<` is.
  source_loc loc(const tinyxml2::XMLElement* e) const;
  /// Where an attribute's value starts (the character after the opening quote).
  source_loc attribute_loc(const tinyxml2::XMLElement* e, std::string_view name) const;
  /// Where `needle` first occurs at or after `from` (falls back to `from`).
  source_loc find_after(const source_loc& from, std::string_view needle) const;
  /// Where a text node starts.
  source_loc text_loc(const tinyxml2::XMLText* t) const;

private:
  std::string file_;
  std::string content_;
  std::vector<std::string_view> lines_;
  tinyxml2::XMLDocument doc_{true, tinyxml2::PRESERVE_WHITESPACE};
  mutable std::map<const tinyxml2::XMLNode*, source_loc> cache_;
  source_loc offset_loc(std::size_t offset) const;
  /// Throws, located at the first bad byte, if the file is not UTF-8.
  void check_utf8() const;
  int column_in_line(int line, std::string_view needle, int occurrence) const;
};

/// Reports unknown attributes of `e` (with a 'did you mean' hint) into diag; false if any.
bool check_attributes(const xml_source& src, const tinyxml2::XMLElement* e,
                      const std::vector<std::string>& allowed, diagnostics& diag);

/// Reports an unknown child element with the names allowed there.
void unknown_element(const xml_source& src, const tinyxml2::XMLElement* e, std::string_view parent,
                     const std::vector<std::string>& allowed, diagnostics& diag);

/// An attribute's value or a default.
std::string attr(const tinyxml2::XMLElement* e, const char* name, std::string fallback = {});

/// Reads a whole-number attribute in [min, max]; reports text or a number out of range at the value.
int int_attr(const xml_source& src, const tinyxml2::XMLElement* e, const char* name, int fallback, int min, int max,
             diagnostics& diag);

/// Reads a boolean attribute ("true"/"false"); reports anything else.
bool bool_attr(const xml_source& src, const tinyxml2::XMLElement* e, const char* name, bool fallback,
               diagnostics& diag);

/// Reads a required attribute; reports it if missing.
std::string required_attr(const xml_source& src, const tinyxml2::XMLElement* e, const char* name,
                          diagnostics& diag);

/// Collapses runs of XML whitespace to one space.
std::string collapse_space(std::string_view text);

/// Counts UTF-8 characters (for columns).
int utf8_length(std::string_view text);

}  // namespace rapport::def::detail

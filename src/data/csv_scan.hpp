// data/ internals: splits CSV text into records and fields (RFC 4180), keeping byte offsets.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "data/text_scan.hpp"

namespace rapport::detail {

struct csv_field {
  std::string text;        ///< unquoted, "" unescaped, not yet trimmed
  std::size_t offset = 0;  ///< where the field starts (just after the previous separator)
  bool quoted = false;
};

struct csv_record {
  std::vector<csv_field> fields;
  std::size_t offset = 0;      ///< where the record starts
  std::size_t end_offset = 0;  ///< where its line terminator (or the end of the text) is
};

/// Chooses ',' or ';' from the first line: the one that occurs more outside quotes; ',' when
/// neither occurs or they tie.
char detect_separator(std::string_view text);

/// Reads records one at a time. Throws fatal_error for an unterminated quote or text after a
/// closing quote. Blank lines (one unquoted field of blanks) are skipped.
class csv_scanner {
public:
  csv_scanner(std::string_view text, char separator, const line_index& lines,
              const std::string& file)
      : text_(text), separator_(separator), lines_(lines), file_(file) {}

  /// Reads the next non-blank record into `record`; false at the end of the text.
  bool next(csv_record& record);

private:
  void read_quoted(csv_field& field, std::size_t& pos);
  void read_plain(csv_field& field, std::size_t& pos);
  bool is_blank(char c) const { return (c == ' ' || c == '\t') && c != separator_; }
  bool at_field_end(std::size_t pos) const;

  std::string_view text_;
  char separator_;
  const line_index& lines_;
  const std::string& file_;
  std::size_t pos_ = 0;
};

}  // namespace rapport::detail

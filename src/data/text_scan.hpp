// data/ internals: UTF-8 checks and byte offset → line:column mapping for the text readers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"

namespace rapport::detail {

/// The text without a leading UTF-8 byte order mark.
std::string_view strip_bom(std::string_view text);

/// The offset of the first byte that is not part of well-formed UTF-8 (overlong forms,
/// surrogates and code points above U+10FFFF included), or npos if the text is well formed.
std::size_t find_invalid_utf8(std::string_view text);

/// The text without leading and trailing ASCII spaces and tabs (and CR/LF).
std::string_view trim_blanks(std::string_view text);

/// Maps byte offsets of one text to 1-based lines and character columns. A line ends at LF,
/// CRLF or a lone CR; columns count code points, as an editor shows them.
class line_index {
public:
  explicit line_index(std::string_view text);

  /// The 1-based line holding `offset` (offsets past the end belong to the last line).
  int line_of(std::size_t offset) const;

  /// `file:line:col` for a byte offset.
  source_loc locate(std::size_t offset, const std::string& file) const;

private:
  std::string_view text_;
  std::vector<std::size_t> starts_;  ///< the offset where each line begins
};

/// The error for invalid UTF-8 at `offset`, with a hint about the usual cause.
fatal_error invalid_utf8_error(std::string_view text, std::size_t offset, const line_index& lines,
                               const std::string& file);

}  // namespace rapport::detail

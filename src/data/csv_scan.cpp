// data/ CSV scanning: records and fields per RFC 4180, with quotes, "" escapes and CR/LF ends.
#include "data/csv_scan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "base/diagnostics.hpp"

namespace rapport::detail {

namespace {

// The whole UTF-8 character at `pos`, for messages that quote what was found.
std::string character_at(std::string_view text, std::size_t pos) {
  std::size_t end = pos + 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return std::string(text.substr(pos, end - pos));
}

}  // namespace

char detect_separator(std::string_view text) {
  std::size_t commas = 0, semicolons = 0;
  bool quoted = false;
  // Blank lines before the header are skipped by the scanner, so skip them here too.
  text.remove_prefix(std::min(text.size(), text.find_first_not_of(" \t\r\n")));
  for (char c : text) {
    if (c == '"') quoted = !quoted;  // "" inside quotes toggles twice, so it balances out
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
  }
  return semicolons > commas ? ';' : ',';
}

bool csv_scanner::at_field_end(std::size_t pos) const {
  return pos >= text_.size() || text_[pos] == separator_ || text_[pos] == '\n' ||
         text_[pos] == '\r';
}

void csv_scanner::read_quoted(csv_field& field, std::size_t& pos) {
  std::size_t open = pos++;
  for (;;) {
    if (pos >= text_.size())
      throw fatal_error(
          lines_.locate(open, file_),
          "unterminated quoted field: expected a closing '\"', found the end of the file");
    char c = text_[pos];
    if (c == '"') {
      if (pos + 1 < text_.size() && text_[pos + 1] == '"') {  // "" is one quote
        field.text += '"';
        pos += 2;
        continue;
      }
      ++pos;
      break;
    }
    field.text += c;
    ++pos;
  }
  while (pos < text_.size() && is_blank(text_[pos])) ++pos;
  if (!at_field_end(pos))
    throw fatal_error(
        lines_.locate(pos, file_),
        fmt::format("expected '{}' or the end of the line after a closing quote, found '{}'",
                    separator_, character_at(text_, pos)));
}

void csv_scanner::read_plain(csv_field& field, std::size_t& pos) {
  // A '"' inside an unquoted field (12" skärm) is kept as text, as most spreadsheets do.
  std::size_t start = pos;
  while (!at_field_end(pos)) ++pos;
  field.text.assign(text_.substr(start, pos - start));
}

bool csv_scanner::next(csv_record& record) {
  while (pos_ < text_.size()) {
    record.fields.clear();
    record.offset = pos_;
    for (;;) {
      csv_field field;
      field.offset = pos_;
      // Blanks before an opening quote are allowed (`a; "b"`); the quote still opens a field.
      std::size_t look = pos_;
      while (look < text_.size() && is_blank(text_[look])) ++look;
      if (look < text_.size() && text_[look] == '"') {
        pos_ = look;
        field.quoted = true;
        read_quoted(field, pos_);
      } else {
        read_plain(field, pos_);
      }
      record.fields.push_back(std::move(field));
      if (pos_ < text_.size() && text_[pos_] == separator_) {
        ++pos_;  // a separator at the very end still opens one more, empty field
        continue;
      }
      break;
    }
    record.end_offset = pos_;
    // The record ends at LF, CRLF, a lone CR, or the end of the text.
    if (pos_ < text_.size() && text_[pos_] == '\r') {
      ++pos_;
      if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    } else if (pos_ < text_.size() && text_[pos_] == '\n') {
      ++pos_;
    }
    const csv_field& only = record.fields.front();
    bool blank = record.fields.size() == 1 && !only.quoted && trim_blanks(only.text).empty();
    if (!blank) return true;
  }
  return false;
}

}  // namespace rapport::detail

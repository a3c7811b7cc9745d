// archive/: the PDF object model, parser and writer that signing and verification need.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace rapport::detail {

struct pdf_object;

struct pdf_null {};

/// A number keeps its text so that rewriting an object never changes how it reads.
struct pdf_number {
  std::string text;
  double value = 0;
  bool integer = false;
};

/// A name without its slash, with #xx escapes decoded.
struct pdf_name {
  std::string value;
};

/// A string's decoded bytes and where its delimiters sit in the file ('(' or '<' .. past ')' or
/// '>').
struct pdf_string {
  std::string bytes;
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct pdf_ref {
  int num = 0;
  int gen = 0;
  friend auto operator<=>(const pdf_ref&, const pdf_ref&) = default;
};

struct pdf_array {
  std::vector<pdf_object> items;
};

struct pdf_entry;

/// A dictionary keeps its keys in file order, so a rewritten object reads like the original.
struct pdf_dict {
  std::vector<pdf_entry> entries;

  const pdf_object* find(std::string_view key) const;
  pdf_object* find(std::string_view key);
  void set(std::string key, pdf_object value);
  void erase(std::string_view key);
};

struct pdf_object {
  std::variant<pdf_null, bool, pdf_number, pdf_name, pdf_string, pdf_array, pdf_dict, pdf_ref>
      value;

  bool is_null() const { return std::holds_alternative<pdf_null>(value); }
  const pdf_dict* dict() const { return std::get_if<pdf_dict>(&value); }
  pdf_dict* dict() { return std::get_if<pdf_dict>(&value); }
  const pdf_array* array() const { return std::get_if<pdf_array>(&value); }
  pdf_array* array() { return std::get_if<pdf_array>(&value); }
  const pdf_ref* ref() const { return std::get_if<pdf_ref>(&value); }
  const pdf_string* string() const { return std::get_if<pdf_string>(&value); }
  /// The name's text, or nullptr when this is not a name.
  const std::string* name() const;
  /// The value of an integer number, or nothing.
  std::optional<std::int64_t> integer() const;
};

struct pdf_entry {
  std::string key;
  pdf_object value;
};

/// Builders for the objects the signer writes.
pdf_object make_name(std::string name);
pdf_object make_integer(std::int64_t value);
pdf_object make_ref(pdf_ref ref);
pdf_object make_string(std::string bytes);

/// Structural equality (numbers compare by value, strings by bytes, not by position).
bool same_object(const pdf_object& a, const pdf_object& b);

/// A malformed PDF, with the byte offset where reading stopped.
class pdf_syntax_error : public std::runtime_error {
public:
  pdf_syntax_error(std::size_t offset, const std::string& message)
      : std::runtime_error(message), offset_(offset) {}
  std::size_t offset() const { return offset_; }

private:
  std::size_t offset_;
};

/// An indirect object `N G obj ... endobj`, with its stream's raw data range when it has one.
struct pdf_indirect {
  pdf_ref id;
  pdf_object object;
  std::size_t begin = 0;  ///< offset of the object number
  std::size_t end = 0;    ///< offset just past `endobj`
  bool has_stream = false;
  std::size_t stream_begin = 0;
  std::size_t stream_end = 0;
};

/// Resolves an indirect /Length while a stream is being read.
using pdf_length_resolver = std::function<std::optional<std::int64_t>(pdf_ref)>;

/// Reads PDF tokens and objects from a byte buffer, starting at `pos`.
class pdf_parser {
public:
  pdf_parser(std::string_view bytes, std::size_t pos) : bytes_(bytes), pos_(pos) {}

  std::size_t pos() const { return pos_; }
  void seek(std::size_t pos) { pos_ = pos; }
  /// Skips white space and comments.
  void skip_space();
  /// Consumes `keyword` (followed by a delimiter) if it comes next.
  bool accept_keyword(std::string_view keyword);
  /// Reads an unsigned integer if one comes next.
  std::optional<std::int64_t> accept_integer();
  /// Reads one direct object (an `N G R` reference counts as one).
  pdf_object parse_object(int depth = 0);
  /// Reads `N G obj ... endobj`; a stream's /Length may be indirect.
  pdf_indirect parse_indirect(const pdf_length_resolver& resolve_length);

  [[noreturn]] void fail(const std::string& message) const;

private:
  pdf_object parse_number();
  pdf_object parse_name();
  pdf_object parse_literal_string();
  pdf_object parse_hex_string();
  pdf_object parse_array(int depth);
  pdf_object parse_dict(int depth);
  bool at_end() const { return pos_ >= bytes_.size(); }

  std::string_view bytes_;
  std::size_t pos_;
};

bool is_pdf_space(char c);
bool is_pdf_delimiter(char c);

/// Serialises a direct object in PDF syntax.
void write_object(std::string& out, const pdf_object& object);
std::string to_pdf(const pdf_object& object);

/// Encodes text for a PDF text string: PDFDocEncoding-safe ASCII stays as is, anything else
/// becomes UTF-16BE with a byte order mark.
std::string pdf_text_string(std::string_view utf8);
/// Decodes a PDF text string (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding) to UTF-8.
std::string utf8_from_pdf_text(std::string_view bytes);

}  // namespace rapport::detail

// render/cairo: private to this folder: what tagged PDF needs beyond what cairo 1.16 writes: a
// small reader and writer for the files cairo makes, the page content rewriter (artifacts) and
// the structure tree built from the layout's elements.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "page/page.hpp"

namespace rapport::render::detail {

// ---- what the PDF canvas recorded (pdf.cpp) -------------------------------------------------

/// One marked-content sequence the canvas asked cairo for, in the order cairo numbers them on
/// a page (its MCID): the content of a structure element, or a link annotation's empty one.
struct content_mark {
  int element = -1;
  bool link = false;
};

/// Everything tag_pdf needs besides the file: the layout's elements, the marks of each output
/// page, and the document's language.
struct tagging_plan {
  std::vector<page::structure_element> elements;
  std::vector<std::vector<content_mark>> pages;
  std::string language;
};

/// The structure type of a role as PDF names it ("P", "H1", "TH", "Figure").
std::string_view role_name(page::role kind);

/// The tag the canvas gives cairo for content of `kind`: the role's name, except for links,
/// whose name cairo reserves for annotations ("Span" then, renamed when the file is finished).
std::string_view cairo_tag_name(page::role kind);

/// Finishes a PDF cairo wrote from `plan`: the structure tree of the layout's elements (cairo
/// 1.16 writes every tag as a flat leaf without attributes), /Alt, TH /Scope and spans,
/// unmarked content marked as /Artifact, and /Lang, /MarkInfo and /DisplayDocTitle in the
/// catalog. Returns the file unchanged if it is not laid out as cairo writes them.
std::string tag_pdf(std::string pdf, const tagging_plan& plan);

// ---- a PDF object model for cairo's files (pdf_objects.cpp) ---------------------------------

struct pdf_value;
using pdf_array = std::vector<pdf_value>;
/// A dictionary in file order; keys without the slash.
using pdf_dict = std::vector<std::pair<std::string, pdf_value>>;

/// A PDF object: numbers, names, strings and booleans keep their tokens as written, so that
/// writing a value back changes nothing it did not mean to.
struct pdf_value {
  enum class kind { null, token, array, dict, ref };
  kind type = kind::null;
  std::string token;  ///< "12", "0.5", "/Name", "(text)", "<FEFF>", "true"
  pdf_array items;
  pdf_dict entries;
  int number = 0;  ///< a reference's object number
  int generation = 0;

  static pdf_value make_token(std::string text);
  static pdf_value make_ref(int number);
  static pdf_value make_array(pdf_array items);
  static pdf_value make_dict(pdf_dict entries);

  /// The entry `key` of a dictionary, or nullptr.
  const pdf_value* get(std::string_view key) const;
  /// Sets (or adds at the end) the entry `key` of a dictionary.
  void set(std::string_view key, pdf_value value);
  /// The integer a token holds, if it is one.
  std::optional<long long> integer() const;
  bool is_ref() const { return type == kind::ref; }
  bool is_name(std::string_view name) const { return type == kind::token && token == name; }
};

/// Writes a value in PDF syntax.
std::string serialize(const pdf_value& value);

/// A PDF text string: literal for printable ASCII, UTF-16BE with a byte order mark otherwise.
std::string pdf_text_string(std::string_view utf8);

/// One indirect object of a file, parsed.
struct pdf_object {
  int generation = 0;
  std::size_t offset = 0;  ///< where "N G obj" starts
  pdf_value value;
  std::optional<std::pair<std::size_t, std::size_t>> stream;  ///< [begin, end) of the data
};

/// A whole file as cairo writes it: one cross-reference table. Objects are parsed when first
/// asked for: a long report's file holds hundreds of thousands of cairo's structure elements
/// that are only freed, and a parsed value costs ten times its bytes.
class pdf_file {
public:
  /// Reads the cross-reference table of `bytes` and checks that every object it lists starts
  /// where it says; nullopt if the file is not a single-table file.
  static std::optional<pdf_file> parse(std::string bytes);
  /// The same, taking `bytes` only when it succeeds (they are left as they were otherwise), so
  /// a caller that falls back on the file as it is needs no copy of it.
  static std::optional<pdf_file> parse_in_place(std::string& bytes);
  /// Gives the file's bytes back as they were read, without the changes; the file is spent.
  std::string take_bytes() && { return std::move(bytes_); }

  const std::string& bytes() const { return bytes_; }
  const pdf_value& trailer() const { return trailer_; }
  /// The object `number`, or nullptr if the file has none or it is not well-formed.
  const pdf_object* object(int number) const;
  /// Drops the parsed value of object `number` (it is parsed again if asked for): for a walk
  /// over many objects each needed once. Pointers into it become invalid.
  void forget(int number) const;
  /// Follows a reference; a direct value is returned as it is; nullptr for a dangling one.
  const pdf_value* resolve(const pdf_value& value) const;
  /// The next unused object number.
  int next_number() const { return static_cast<int>(size_); }

  /// Replaces object `number`, old or added, with `text` (the body between "obj" and "endobj").
  void replace(int number, std::string text);
  /// Adds a new object with the next unused number and returns the number.
  int add(std::string text);
  /// Drops object `number` from the file (a free entry).
  void free(int number);
  /// The file with every change: objects in their original order, then the new ones, and a
  /// new cross-reference table and trailer.
  std::string write() const;

private:
  /// An object listed in use by the cross-reference table.
  struct slot {
    std::size_t offset = 0;  ///< where "N G obj" starts
    std::size_t end = 0;     ///< where the next object (or the table) starts
    int generation = 0;
    bool in_use = false;
    mutable std::unique_ptr<pdf_object> parsed;  ///< filled by object()
  };
  std::unique_ptr<pdf_object> load(int number) const;

  std::string bytes_;
  std::size_t header_end_ = 0;
  std::vector<slot> slots_;  ///< by object number
  pdf_value trailer_;
  std::size_t size_ = 0;
  std::map<int, std::string> replaced_;
  std::map<int, std::string> added_;
  std::set<int> freed_;
  std::map<int, int> free_generations_;  ///< of the entries that were free already
};

// ---- page content (pdf_content.cpp) ---------------------------------------------------------

/// Inflates a FlateDecode stream; nullopt if it is damaged.
std::optional<std::string> inflate(std::string_view data);

/// Deflates data for a FlateDecode stream.
std::string deflate(std::string_view data);

/// What rewriting a page's content found.
enum class content_status { rewritten, unsupported, mismatch };

/// Rewrites one page's content: painting outside any marked sequence is enclosed in
/// "/Artifact BMC ... EMC", and the k-th top-level marked sequence, which must carry the tag
/// `cairo_tags[k]` and MCID k, is renamed `tags[k]`. `unsupported` leaves `content` alone (an
/// inline image, a sequence inside a text object); `mismatch` means cairo did not mark what the
/// canvas asked for.
content_status mark_content(std::string& content, const std::vector<std::string>& cairo_tags,
                            const std::vector<std::string>& tags);

}  // namespace rapport::render::detail

// model/: the resolved document: every cell, figure and number decided; no logic.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/diagnostics.hpp"
#include "base/geometry.hpp"
#include "model/chart.hpp"
#include "image/image.hpp"
#include "model/style.hpp"

namespace rapport::model {

/// A run of text with one look. A footnote mark is a span with `footnote` > 0.
struct span {
  std::string text;
  bool bold = false;
  bool italic = false;
  bool superscript = false;
  std::optional<colour> fill;
  std::string link;  ///< URI, or "#id" for an internal destination
  int footnote = 0;  ///< the footnote number this mark refers to
};

using inline_text = std::vector<span>;

/// Plain text of an inline_text (for outlines, TOC, messages).
inline std::string plain_text(const inline_text& text) {
  std::string out;
  for (const auto& s : text) out += s.text;
  return out;
}

struct heading {
  int level = 1;        ///< 1 = chapter
  std::string number;   ///< "2.1", "Bilaga 1", "" when unnumbered
  inline_text title;
  std::string id;       ///< unique anchor for links, TOC and outline
  bool in_toc = true;
  bool numbered = true;
  bool appendix = false;
  bool page_break_before = false;
  source_loc loc;
};

struct paragraph {
  inline_text text;
  std::string style = "body";
  source_loc loc;
};

struct list;

struct list_item {
  std::string label;  ///< "•", "1.", "A)"
  inline_text text;
  std::vector<list> children;
};

struct list {
  bool ordered = false;
  std::vector<list_item> items;
  source_loc loc;
};

enum class row_kind { header, body, group, subtotal, total, varav, comment };

struct table_cell {
  inline_text text;
  int colspan = 1;
  int rowspan = 1;
  std::optional<text_align> align;   ///< nullopt = the column's
  std::optional<double> number;      ///< the value behind a numeric cell (for checks, charts)
  bool bold = false;
  bool italic = false;
  std::optional<colour> fill;        ///< text colour (conditional styles)
  std::optional<colour> background;
};

struct table_row {
  row_kind kind = row_kind::body;
  std::vector<table_cell> cells;
};

/// Width of a column: automatic from content, fixed in points, or a percentage of the
/// text width.
struct column_width {
  enum class mode { automatic, fixed, percent } how = mode::automatic;
  double amount = 0;
};

struct table_column {
  column_width width;
  text_align align = text_align::left;
  bool numeric = false;  ///< numbers align on the decimal mark
};

struct table {
  std::vector<table_column> columns;
  std::vector<table_row> header_rows;  ///< repeated on every page the table continues on
  std::vector<table_row> body;
  inline_text caption;                 ///< without the "Tabell N" prefix
  inline_text note;                    ///< printed under the table
  int number = 0;                      ///< 0 = no caption number
  /// Over the repeated header on a continued page, e.g. "forts."; nullopt = the layout's.
  std::optional<std::string> continuation_label;
  bool landscape = false;
  std::string id;
  source_loc loc;
};

struct toc {
  std::string title;
  int depth = 2;
  source_loc loc;
};

struct page_break {
  source_loc loc;
};

/// A picture in the flow, loaded and checked by compute. Layout sizes it to fit inside the
/// given width and height (aspect ratio kept; intrinsic size when neither is given), never
/// wider than the text; with an optional numbered caption.
struct image {
  std::shared_ptr<const rapport::image> source;
  double width = 0;           ///< points; 0 = not given
  double width_fraction = 0;  ///< of the text width; 0 = not given
  double height = 0;          ///< points; 0 = not given
  std::string align = "center";  ///< left, center, right
  std::string alt;
  bool decorative = false;  ///< an artifact: no Figure tag, no alt
  inline_text caption;      ///< without the "Figur N" prefix; empty = no caption
  int number = 0;           ///< 0 = no caption number
  std::string id;
  source_loc loc;
};

using block = std::variant<heading, paragraph, list, table, toc, page_break, chart, chart_row, image>;

struct footnote {
  int number = 0;
  inline_text text;
};

struct cover {
  std::vector<paragraph> lines;  ///< each with its own style: cover-title, cover-subtitle, ...
};

struct metadata {
  std::string title;
  std::string author;
  std::string subject;
  std::string keywords;
  std::string language = "sv";
  std::string committee;
  std::int64_t created = 0;  ///< seconds since the epoch (SOURCE_DATE_EPOCH when set)
};

/// The whole resolved document handed to layout/.
struct document {
  metadata meta;
  house_style style;
  std::optional<cover> front;
  std::vector<block> blocks;
  std::vector<footnote> footnotes;  ///< numbered through the document, in reference order
};

}  // namespace rapport::model

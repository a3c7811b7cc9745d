// page/: the contract between layout/ and the renderers: positioned items, nothing to decide.
// Header-only, so renderers never link the layout engine.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "base/geometry.hpp"
#include "image/image.hpp"

namespace rapport::page {

/// A font file a run draws with. Renderers load it themselves to embed it.
struct font_ref {
  std::string path;
  int face_index = 0;
  std::string postscript_name;
};

/// One glyph of a run. Offsets from the run's origin are 32-bit scaled points (a run is far
/// shorter than 32 768 pt): glyphs are most of a long report's memory, 12 bytes each.
struct glyph {
  std::uint32_t id = 0;
  std::int32_t x = 0;  ///< pen position relative to the run's origin
  std::int32_t y = 0;  ///< vertical offset (positive = down)
};

/// Maps bytes of `text` to glyphs, in order (cairo_show_text_glyphs' clusters), so the PDF's
/// text can be extracted and searched.
struct cluster {
  std::uint16_t bytes = 0;
  std::uint16_t glyphs = 0;
};

/// Glyphs of one font, size and colour on one baseline.
struct glyph_run {
  int font = 0;     ///< index into paged_document::fonts
  scaled size = 0;  ///< em size
  colour fill = black;
  point origin;  ///< baseline start, from the page's top-left corner
  std::vector<glyph> glyphs;
  std::string text;  ///< UTF-8 text the glyphs show
  std::vector<cluster> clusters;
  scaled width = 0;  ///< advance width of the whole run
  int element = -1;  ///< structure element it belongs to (see paged_document::structure)
};

/// A straight stroked line.
struct rule {
  point from;
  point to;
  scaled thickness = 0;
  colour stroke = black;
  int element = -1;  ///< structure element it belongs to; -1 = an artifact
};

/// A filled rectangle (table header shading, bars).
struct filled_rect {
  rect area;
  colour fill = black;
  int element = -1;  ///< structure element it belongs to; -1 = an artifact
};

/// A general path for charts: move/line/close commands, filled and/or stroked.
struct path {
  enum class op : std::uint8_t { move, line, close };
  std::vector<std::pair<op, point>> commands;
  bool filled = false;
  colour fill = black;
  bool stroked = true;
  colour stroke = black;
  scaled thickness = 0;
  int element = -1;  ///< structure element it belongs to; -1 = an artifact
};

/// A clickable area: an external URI, or an internal destination (a page and a y position).
struct link {
  rect area;
  std::string uri;
  int target_page = -1;
  scaled target_y = 0;
  int element = -1;  ///< the Link structure element the annotation belongs to, or -1
};

/// A picture (PNG, JPEG or SVG) scaled into `area`. Items sharing a source share its id, so a
/// renderer embeds the file once however many pages show it.
struct image_item {
  std::shared_ptr<const rapport::image> source;
  rect area;
  int element = -1;  ///< the Figure it shows; -1 = an artifact (decorative images, logos)
};

/// A box the layout made, kept for the `--boxes` overlay; renderers ignore it by default.
struct debug_box {
  rect area;
  std::string kind;  ///< "text-area", "block", "cell", "baseline"
};

using item = std::variant<glyph_run, rule, filled_rect, path, link, image_item, debug_box>;

struct page {
  scaled width = 0;
  scaled height = 0;
  std::string label;  ///< page label ("1", "i", "Omslag")
  std::vector<item> items;
};

/// One bookmark: a heading's title, its level (1 = top) and where it is.
struct outline_entry {
  std::string title;
  int level = 1;
  int page = 0;
  scaled y = 0;
};

/// What a structure element is, as tagged PDF names it (ISO 32000-1, 14.8.4): what a screen
/// reader announces and how it moves through the document.
enum class role : std::uint8_t {
  paragraph,  ///< P
  heading_1,  ///< H1 .. H6, in order
  heading_2,
  heading_3,
  heading_4,
  heading_5,
  heading_6,
  list,         ///< L
  list_item,    ///< LI
  label,        ///< Lbl: a list item's bullet or number
  list_body,    ///< LBody
  table,        ///< Table
  table_head,   ///< THead
  table_body,   ///< TBody
  table_row,    ///< TR
  header_cell,  ///< TH
  data_cell,    ///< TD
  caption,      ///< Caption (of a table)
  figure,       ///< Figure: a chart or an image, read through its `alt` text
  note,         ///< Note: a footnote
  toc,          ///< TOC
  toc_item,     ///< TOCI
  link,         ///< Link: text and annotation(s) of one hyperlink
};

/// Which cells a table header cell heads (TH's /Scope attribute).
enum class header_scope : std::uint8_t { none, column, row, both };

/// One element of the document's logical structure (tagged PDF). Elements form a tree through
/// `parent`; siblings are in index order, which is the document's reading order, and a parent
/// always comes before its children. Page items name the element they belong to; an item that
/// names none is an artifact (running headers and footers, rules, shading, repeated headers).
struct structure_element {
  role kind = role::paragraph;
  int parent = -1;                          ///< index of the parent element; -1 = a child of the document itself
  std::string alt;                          ///< text alternative, read instead of the content (figures)
  header_scope scope = header_scope::none;  ///< header cells only
  int row_span = 1;                         ///< table cells spanning rows or columns
  int column_span = 1;
};

struct document_info {
  std::string title;
  std::string author;
  std::string subject;
  std::string keywords;
  std::string creator;
  std::string language;
  std::int64_t created = 0;  ///< seconds since the epoch
};

/// What layout/ hands the renderers.
struct paged_document {
  document_info info;
  std::vector<font_ref> fonts;
  std::vector<page> pages;
  std::vector<outline_entry> outline;
  std::vector<structure_element> structure;  ///< empty = an untagged document
};

}  // namespace rapport::page

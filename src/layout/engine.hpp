// layout/ private: the types shared by the phases of layout (fonts, lines, flow, pages).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "layout/layout.hpp"
#include "text/text.hpp"

namespace rapport::layout_detail {

/// Fonts and shaping for one run, plus what outlives runs (the font book and shape cache).
struct typesetter {
  text::font_book& fonts;
  text::shaper& shaper;
  std::string language;
  std::shared_ptr<text::hyphenator> hyphens;  ///< nullptr: no hyphenation for this language
  diagnostics& diag;
  /// Make the boxes only the `--boxes` overlay draws (a cell box for every table cell).
  bool debug_boxes = true;

  /// The font for a style's family with a weight and slant.
  text::font_id font(const model::text_style& style, bool bold, bool italic) const;
};

/// A box of content on the page: its items are positioned relative to the box's top-left
/// corner (x from the left margin, y from the box top).
struct block_box {
  scaled height = 0;
  std::vector<page::item> items;
  std::vector<int> footnotes;  ///< footnote numbers referenced inside
  std::vector<std::string> anchors;  ///< heading ids that start here
};

/// One line of a paragraph, ready to be placed.
struct line_box {
  block_box box;
  scaled width = 0;  ///< natural width of the content
};

/// An entry of the flow that pagination walks.
struct flow_item {
  enum class kind { box, space, page_break } type = kind::box;
  block_box box;
  scaled space = 0;              ///< for spaces: discarded at the top of a page
  bool keep_with_next = false;   ///< no page break between this item and the next
  int table = -1;                ///< a table body row: index into flow::table_headers
  bool heading = false;
  int heading_level = 0;
  std::string heading_text;      ///< number + title, for running headers and the outline
  bool landscape = false;        ///< placed on a landscape page
  /// A table row's share of cells spanning into it from rows above: drawn only when the row
  /// starts a page, so the spanning cell's text is seen there again.
  block_box continued_cells;
};

/// The whole document as a list of boxes and spaces, plus what pages need to repeat.
struct flow {
  std::vector<flow_item> items;
  std::vector<block_box> table_headers;  ///< per table: its header rows (and caption text)
  std::map<int, block_box> footnotes;    ///< footnote number → its laid-out text
  /// Items [first, second) of each <toc>: the only part of the flow that depends on page numbers.
  std::vector<std::pair<std::size_t, std::size_t>> toc_ranges;
  /// The logical structure the items belong to (tagged PDF), in reading order (structure.cpp).
  std::vector<page::structure_element> structure;
  /// Elements [first, second) of each <toc>, which a later pass lays out again.
  std::vector<std::pair<int, int>> toc_elements;
  /// Footnote number → the element whose text refers to it first: its Note goes inside.
  std::map<int, int> footnote_parents;
};

/// Where each heading landed: for the TOC, the outline and internal links.
struct heading_place {
  std::string id;
  std::string text;
  int level = 1;
  int page = 0;  ///< 0-based page index
  scaled y = 0;
  bool in_toc = true;
};

/// The geometry of one page kind.
struct page_frame {
  scaled width = 0;
  scaled height = 0;
  scaled left = 0;    ///< text area
  scaled top = 0;
  scaled text_width = 0;
  scaled text_height = 0;
};

page_frame portrait_frame(const model::house_style& style);
page_frame landscape_frame(const model::house_style& style);

// ---- inline text (inline.cpp) -------------------------------------------------------------

/// Lays out rich text into lines of `width` with a style. `first_indent` applies to the first
/// line. Superscripts, links and footnote marks are kept. Returns the lines, each a box of
/// the style's leading.
std::vector<line_box> lay_out_text(const typesetter& ts, const model::inline_text& text,
                                   const model::text_style& style, scaled width, scaled first_indent = 0,
                                   bool force_bold = false, bool force_italic = false,
                                   std::optional<colour> force_fill = std::nullopt);

/// The natural (unbroken) width of rich text, and the width of its longest word.
struct text_extent {
  scaled natural = 0;
  scaled longest_word = 0;
};
text_extent measure_text(const typesetter& ts, const model::inline_text& text, const model::text_style& style,
                         bool force_bold = false);

/// A single line of plain text as a glyph run at a baseline origin.
page::glyph_run single_run(const typesetter& ts, const std::string& text, const model::text_style& style,
                           point origin, bool bold = false);

// ---- blocks (blocks.cpp, tables.cpp) ----------------------------------------------------------

/// Everything the block phase needs to know about the page numbers of headings (TOC).
struct toc_state {
  const std::vector<heading_place>* places = nullptr;  ///< from the previous pass, or null
};

/// Turns the document's blocks into a flow.
flow build_flow(const typesetter& ts, const model::document& doc, const page_frame& frame, const toc_state& toc);

/// Lays out the tables of contents of a flow that build_flow made for `doc` again with new page
/// numbers, leaving the rest of the flow as it is (nothing else depends on page numbers).
void rebuild_tocs(const typesetter& ts, const model::document& doc, const page_frame& frame,
                  const toc_state& toc, flow& content);

/// Appends a table's caption, header and rows to the flow.
void add_table(const typesetter& ts, const model::document& doc, const model::table& table,
               const page_frame& frame, flow& out);

/// Appends a chart (or a row of charts side by side) as one unsplittable box (charts.cpp).
void add_chart(const typesetter& ts, const model::document& doc, const model::chart& chart, const page_frame& frame,
               flow& out);
void add_chart_row(const typesetter& ts, const model::document& doc, const model::chart_row& row,
                   const page_frame& frame, flow& out);

/// Appends an image with its caption as one unsplittable box (images.cpp).
void add_image(const typesetter& ts, const model::document& doc, const model::image& image,
               const page_frame& frame, flow& out);

/// Appends the layout's cover logo (if it has one) as the cover's first box (images.cpp).
void add_cover_logo(const model::document& doc, const page_frame& frame, flow& out);

/// The size an image is drawn at: inside the width and height it asks for, keeping its aspect
/// ratio (intrinsic size when it asks for neither), never wider than `max_width`.
std::pair<scaled, scaled> image_size(const rapport::image& source, double width_pt, double height_pt,
                                     scaled max_width);

// ---- pages (paginate.cpp, finalize.cpp) --------------------------------------------------------

/// Frames every block on every page for the `--boxes` overlay (block_boxes.cpp).
void add_block_boxes(page::paged_document& doc);

/// Cuts a box taller than `limit` into pieces of at most `limit`, between lines of text where
/// it can (split.cpp). A box that fits comes back whole.
std::vector<block_box> split_box(const block_box& box, scaled limit);

/// What goes on one page: the flow's items (by index) at their y in the text area, and the
/// footnotes at its foot. Plans are cheap; pages are made from the last one only.
struct page_plan {
  struct placed;
  page_frame frame;
  std::vector<placed> blocks;
  std::vector<int> notes;  ///< footnote numbers, in order
  scaled notes_height = 0;

  page_plan(page_frame frame, std::vector<placed> blocks, std::vector<int> notes, scaled notes_height);
  page_plan(page_plan&&) noexcept;
  page_plan& operator=(page_plan&&) noexcept;
  ~page_plan();
};
/// Breaks the flow into pages (keep rules, widows/orphans, footnotes, repeated table headers).
/// Fills `places` with where every heading landed.
std::vector<page_plan> paginate(const typesetter& ts, const model::document& doc, flow& content,
                                std::vector<heading_place>& places);
/// Makes the pages a plan describes, moving the flow's items into them: the flow is spent.
/// Without `debug_boxes` the boxes only the `--boxes` overlay draws are left out.
std::vector<page::page> place_pages(flow& content, const std::vector<page_plan>& plans, bool debug_boxes);
/// Adds running headers and footers, resolves internal links, builds the outline.
void finalize(const typesetter& ts, const model::document& doc, std::vector<page::page>& pages,
              const std::vector<heading_place>& places, page::paged_document& out);

// ---- structure for tagged PDF (structure.cpp) ---------------------------------------------------

/// Adds a structure element to `out` and returns its index.
int add_element(flow& out, page::role kind, int parent = -1);

/// Makes items[from..] belong to `element`. A hyperlink's annotation and the run it covers
/// become a Link element inside `element` (unless `element` is a link itself).
void tag_items(flow& out, std::vector<page::item>& items, std::size_t from, int element);

/// Makes every item of the lines belong to `element` and remembers the footnotes they refer to.
void tag_lines(flow& out, std::vector<line_box>& lines, int element);

/// Makes every item of `box` an artifact: copies a reader must not read twice (repeated headers).
void untag(block_box& box);

/// Appends a copy of every item of a box to `target`, moved by (dx, dy).
void place_items(const block_box& box, scaled dx, scaled dy, std::vector<page::item>& target,
                 bool debug_boxes = true);
/// Moves every item of a box into `target`, shifted by (dx, dy); the box is left without items.
/// Glyph runs are most of a document's memory: what is placed once is moved, never copied.
/// Debug boxes (drawn only by the `--boxes` overlay) are dropped unless `debug_boxes`.
void place_items(block_box&& box, scaled dx, scaled dy, std::vector<page::item>& target, bool debug_boxes = true);

}  // namespace rapport::layout_detail

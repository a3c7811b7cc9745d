// page/: the contract between layout/ and the renderers: positioned items, nothing to decide.
// Header-only, so renderers never link the layout engine.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "base/geometry.hpp"

namespace rapport::page {

/// A font file a run draws with. Renderers load it themselves to embed it.
struct font_ref {
  std::string path;
  int face_index = 0;
  std::string postscript_name;
};

struct glyph {
  std::uint32_t id = 0;
  scaled x = 0;  ///< pen position relative to the run's origin
  scaled y = 0;  ///< vertical offset (positive = down)
};

/// Maps bytes of `text` to glyphs, in order (cairo_show_text_glyphs' clusters), so the PDF's
/// text can be extracted and searched.
struct cluster {
  int bytes = 0;
  int glyphs = 0;
};

/// Glyphs of one font, size and colour on one baseline.
struct glyph_run {
  int font = 0;          ///< index into paged_document::fonts
  scaled size = 0;       ///< em size
  colour fill = black;
  point origin;          ///< baseline start, from the page's top-left corner
  std::vector<glyph> glyphs;
  std::string text;      ///< UTF-8 text the glyphs show
  std::vector<cluster> clusters;
  scaled width = 0;      ///< advance width of the whole run
};

/// A straight stroked line.
struct rule {
  point from;
  point to;
  scaled thickness = 0;
  colour stroke = black;
};

/// A filled rectangle (table header shading, bars).
struct filled_rect {
  rect area;
  colour fill = black;
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
};

/// A clickable area: an external URI, or an internal destination (a page and a y position).
struct link {
  rect area;
  std::string uri;
  int target_page = -1;
  scaled target_y = 0;
};

/// A box the layout made, kept for the `--boxes` overlay; renderers ignore it by default.
struct debug_box {
  rect area;
  std::string kind;  ///< "text-area", "block", "cell", "baseline"
};

using item = std::variant<glyph_run, rule, filled_rect, path, link, debug_box>;

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
};

}  // namespace rapport::page

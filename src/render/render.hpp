// render/: one small canvas interface and one walker that draws a paged_document onto it.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "page/page.hpp"

namespace rapport::render {

/// A drawing surface. Implementations only draw: they never measure, shape or break text.
class canvas {
public:
  virtual ~canvas() = default;
  virtual void begin_page(const page::page& p) = 0;
  virtual void draw_glyphs(const page::glyph_run& run) = 0;
  virtual void draw_rule(const page::rule& r) = 0;
  virtual void fill_rect(const page::filled_rect& r) = 0;
  virtual void draw_path(const page::path& p) = 0;
  virtual void add_link(const page::link& l) = 0;
  /// Draws an image scaled into its area. Every backend of rapport overrides it; the default
  /// draws nothing, for canvases that only record some kinds of items.
  virtual void draw_image(const page::image_item&) {}
  virtual void draw_debug_box(const page::debug_box&) {}
  virtual void end_page() = 0;
};

/// Which pages to draw and how.
struct render_options {
  std::vector<int> pages;  ///< 0-based page indexes; empty = every page
  bool boxes = false;      ///< draw the layout's debug boxes over the page
  double dpi = 96;         ///< raster output only
  bool pdfa = false;       ///< archival PDF/A (haru backend)
  /// Where a backend warns about what it cannot express (the haru backend cannot tag a
  /// document's structure); nullptr = nowhere.
  diagnostics* diag = nullptr;
};

/// Parses a page range like "3-5", "2", "1,4-6" (1-based, as users write it) into 0-based
/// indexes within [0, page_count). Returns false and sets `error` on a bad range.
bool parse_page_range(const std::string& spec, int page_count, std::vector<int>& pages, std::string& error);

/// Draws the selected pages of `doc` onto `target`, item by item in order.
void draw(const page::paged_document& doc, canvas& target, const render_options& options = {});

/// The same for a caller done with the document: each page's items are freed once the page is
/// drawn, so a long report's glyphs go as its PDF grows (the pages themselves stay, empty).
void draw_and_release(page::paged_document& doc, canvas& target, const render_options& options = {});

}  // namespace rapport::render

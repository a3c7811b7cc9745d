// layout/: shapes and breaks text and paginates a model::document into positioned pages.
// Layout is computed once here; renderers only draw the result.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "model/document.hpp"
#include "page/page.hpp"

namespace rapport {

struct layout_options {
  std::vector<std::filesystem::path> font_dirs;  ///< searched after the bundled fonts/
  std::string debug;                             ///< channels to trace on stderr: "flow,table,toc"
  /// Keep the boxes the `--boxes` overlay draws (text area, blocks, cells) in the pages. A
  /// caller that never draws them saves their memory: a cell box for every table cell.
  bool debug_boxes = true;
};

/// Lays out documents. Keeps fonts and shaped words between runs, so laying out the same
/// report again after a small edit (live preview) reuses them.
class layout_engine {
public:
  explicit layout_engine(layout_options options = {});
  ~layout_engine();
  layout_engine(const layout_engine&) = delete;
  layout_engine& operator=(const layout_engine&) = delete;

  /// Lays out one document. Problems (a missing font, a glyph no font has, a table wider than
  /// the page) are reported into `diag`.
  page::paged_document run(const model::document& doc, diagnostics& diag);

  struct impl;

private:
  std::unique_ptr<impl> impl_;
};

/// One-shot convenience: a fresh engine for one document.
page::paged_document lay_out(const model::document& doc, diagnostics& diag, const layout_options& options = {});

}  // namespace rapport

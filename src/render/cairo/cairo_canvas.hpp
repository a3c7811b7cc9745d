// render/cairo: draws a paged_document with cairo into PDF, PNG or SVG bytes.
#pragma once

#include <string>
#include <vector>

#include "render/render.hpp"

namespace rapport::render {

/// A PDF of the selected pages (fonts embedded and subset, links, outline, metadata, page
/// labels), tagged with the document's structure and language when it has a structure.
/// Throws std::runtime_error if cairo reports an error.
std::string render_pdf_cairo(const page::paged_document& doc, const render_options& options = {});
/// The same, freeing each page's items once drawn (draw_and_release): for a caller done with
/// `doc`, so the glyphs are gone before the structure pass needs its memory.
std::string render_pdf_cairo(page::paged_document&& doc, const render_options& options = {});

/// One PNG per selected page at options.dpi, in page order.
std::vector<std::string> render_png_cairo(const page::paged_document& doc, const render_options& options = {});

/// One SVG per selected page, in page order (text as glyph outlines or fonts, as cairo does).
std::vector<std::string> render_svg_cairo(const page::paged_document& doc, const render_options& options = {});

}  // namespace rapport::render

// render/haru: draws a paged_document with libharu into PDF (and PDF/A-1b) bytes.
#pragma once

#include <string>

#include "render/render.hpp"

namespace rapport::render {

/// A PDF of the selected pages; with options.pdfa an archival PDF/A-1b file.
std::string render_pdf_haru(const page::paged_document& doc, const render_options& options = {});
/// The same, freeing each page's items once drawn (draw_and_release), for a caller done with `doc`.
std::string render_pdf_haru(page::paged_document&& doc, const render_options& options = {});

}  // namespace rapport::render

// render/trace: one text line per drawing operation (positions rounded to 0.01 pt); the
// primary golden format for layout tests.
#pragma once

#include <string>

#include "render/render.hpp"

namespace rapport::render {

/// The trace of the selected pages.
std::string render_trace(const page::paged_document& doc, const render_options& options = {});

}  // namespace rapport::render

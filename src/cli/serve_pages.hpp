// cli/ private: what `preview` and `serve` share: their options, and a page's fingerprint,
// text and baselines.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "cli/args.hpp"
#include "cli/pipeline.hpp"
#include "page/page.hpp"

namespace rapport::cli {

/// Reads `--param NAME=VALUE` and `--layout NAME`; prints an error and returns nullopt on a
/// malformed parameter.
std::optional<pipeline_options> preview_pipeline_options(const parsed_args& args,
                                                         const std::string& command,
                                                         std::ostream& err);

/// Reads `--dpi` (10 to 1200, default 96); prints an error and returns nullopt when it is not a
/// number in that range.
std::optional<double> preview_dpi(const parsed_args& args, const std::string& command,
                                  std::ostream& err);

/// A hash of everything page `index` draws (its size, items and the fonts its runs use), so
/// pages with equal fingerprints rasterize to equal pixels and need not be drawn again.
std::uint64_t page_fingerprint(const page::paged_document& doc, std::size_t index);

/// The text a page shows, one line per baseline in drawing order (runs on one baseline that
/// are apart are joined with a space), for a text layer beside the page's picture.
std::string page_text(const page::page& p);

/// Adds a "baseline" debug box under each line of text (runs on one baseline a space or less
/// apart form one line) for the `--boxes` overlay; leaves a page whose layout drew its own
/// baselines as it is.
void add_baseline_boxes(page::page& p);

}  // namespace rapport::cli

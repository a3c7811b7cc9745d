// cli/ private: the pipeline from a definition file to laid-out pages, shared by subcommands.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "layout/layout.hpp"
#include "page/page.hpp"

namespace rapport::cli {

struct pipeline_options {
  std::map<std::string, std::string> params;
  std::string layout;  ///< overrides the definition's layout when set
  std::string debug;
};

/// What a run produced: pages (when every stage succeeded) and every file it read.
struct pipeline_result {
  std::optional<page::paged_document> pages;
  std::vector<std::filesystem::path> inputs;  ///< definition, includes, layout, data files
};

/// Runs definition → data → compute → layout. Stops after the first stage with errors (they are
/// in `diag`); a fatal error (unreadable or malformed file) is added to `diag` too.
pipeline_result run_pipeline(const std::filesystem::path& definition, const pipeline_options& options,
                             diagnostics& diag, layout_engine& engine);

/// Prints diagnostics GCC-style to `err`, errors and warnings alike.
void print_diagnostics(const diagnostics& diag, std::ostream& err);

}  // namespace rapport::cli

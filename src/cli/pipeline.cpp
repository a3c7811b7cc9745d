// The pipeline run by render, check, preview and serve.
#include "cli/pipeline.hpp"

#include <ostream>

#include "compute/compute.hpp"
#include "definition/definition.hpp"

namespace rapport::cli {

pipeline_result run_pipeline(const std::filesystem::path& definition_file, const pipeline_options& options,
                             diagnostics& diag, layout_engine& engine) {
  pipeline_result result;
  result.inputs.push_back(definition_file);
  try {
    def::report_definition definition = def::read_definition(definition_file, diag);
    for (const auto& f : definition.included_files) result.inputs.push_back(f);
    std::string layout_name = options.layout.empty() ? definition.layout : options.layout;
    std::filesystem::path layout_file =
        def::find_layout(layout_name, definition_file.parent_path(), definition.layout_loc);
    result.inputs.push_back(layout_file);
    for (const auto& s : definition.sources)
      if (!s.file.empty()) result.inputs.push_back(s.file);
    def::layout_images images;
    model::house_style style = def::read_layout(layout_file, diag, images);
    style.figure_caption_prefix = images.caption_prefix;
    style.figure_caption_above = images.caption_above;
    // Logos are read and checked, but not yet drawn: say so rather than drop them (issue 13).
    for (const auto& logo : images.logos)
      diag.error(logo.loc, "logos are checked but not yet drawn", "remove the <logo> for now");
    if (diag.has_errors()) return result;
    dataset data = load_sources(definition, diag);
    if (diag.has_errors()) return result;
    compute_options compute{options.params};
    model::document doc = build_document(definition, style, data, compute, diag);
    if (diag.has_errors()) return result;
    page::paged_document pages = engine.run(doc, diag);
    if (diag.has_errors()) return result;
    result.pages = std::move(pages);
  } catch (const fatal_error& error) {
    diag.add(error.what_diagnostic());
  }
  return result;
}

void print_diagnostics(const diagnostics& diag, std::ostream& err) { diag.print(err); }

}  // namespace rapport::cli

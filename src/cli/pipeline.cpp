// The pipeline run by render, check, preview and serve.
#include "cli/pipeline.hpp"

#include <ostream>

#include "compute/compute.hpp"
#include "definition/definition.hpp"

namespace rapport::cli {

namespace {

// The layout the definition names, or the one given with --layout. A name from the command
// line appears in no file, so its error has no file location and says where it came from.
std::filesystem::path find_layout(const def::report_definition& definition,
                                  const std::filesystem::path& definition_file,
                                  const pipeline_options& options) {
  if (options.layout.empty())
    return def::find_layout(definition.layout, definition_file.parent_path(),
                            definition.layout_loc);
  try {
    return def::find_layout(options.layout, definition_file.parent_path(), source_loc{"rapport"});
  } catch (const fatal_error& error) {
    diagnostic d = error.what_diagnostic();
    const std::string quoted = "'" + options.layout + "'";
    if (auto at = d.message.find(quoted); at != std::string::npos)
      d.message.insert(at + quoted.size(), " given with --layout");
    throw fatal_error(std::move(d));
  }
}

}  // namespace

pipeline_result run_pipeline(const std::filesystem::path& definition_file,
                             const pipeline_options& options, diagnostics& diag,
                             layout_engine& engine) {
  pipeline_result result;
  result.inputs.push_back(definition_file);
  try {
    def::report_definition definition = def::read_definition(definition_file, diag);
    for (const auto& f : definition.included_files) result.inputs.push_back(f);
    std::filesystem::path layout_file = find_layout(definition, definition_file, options);
    result.inputs.push_back(layout_file);
    for (const auto& s : definition.sources)
      if (!s.file.empty()) result.inputs.push_back(s.file);
    model::house_style style = def::read_layout(layout_file, diag);
    // A changed logo must wake the live preview too (and is part of what the report was made of).
    for (const auto& logo : style.logos)
      if (!logo.file.empty()) result.inputs.push_back(logo.file);
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

void print_diagnostics(const diagnostics& diag, std::ostream& err) {
  diag.print(err);
}

}  // namespace rapport::cli

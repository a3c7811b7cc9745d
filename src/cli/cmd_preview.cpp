// `rapport preview`: the pipeline, then one PNG per page in a folder, optionally with the
// layout's boxes drawn over it.
#include <fmt/format.h>

#include <cctype>
#include <filesystem>
#include <ostream>

#include "base/files.hpp"
#include "cli/args.hpp"
#include "cli/cli.hpp"
#include "cli/pipeline.hpp"
#include "cli/serve_pages.hpp"
#include "render/cairo/cairo_canvas.hpp"

namespace rapport::cli {

namespace {

const option_spec preview_spec{{"-o", "--output", "--pages", "--dpi", "--param", "--layout"},
                               {"--boxes"}};

// Makes the output folder; false (after a message) when it cannot be made or is a file.
bool make_folder(const std::filesystem::path& folder, std::ostream& err) {
  std::error_code ec;
  if (std::filesystem::exists(folder, ec) && !std::filesystem::is_directory(folder, ec)) {
    err << fmt::format(
        "rapport preview: error: cannot write pages into '{}': it is a file, not a folder\n",
        folder.string());
    return false;
  }
  std::filesystem::create_directories(folder, ec);
  if (ec || !std::filesystem::is_directory(folder)) {
    // The system's message starts with a capital ("Not a directory"); ours never do.
    std::string reason = ec ? ec.message() : "it is not a folder";
    if (!reason.empty())
      reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
    err << fmt::format("rapport preview: error: cannot make the folder '{}': {}\n", folder.string(),
                       reason);
    return false;
  }
  return true;
}

}  // namespace

int cmd_preview(const invocation& call) {
  auto parsed = parse_args(call.args, preview_spec, "preview", call.err);
  if (!parsed) return usage;
  const parsed_args& a = *parsed;
  if (a.positional.size() != 1) {
    call.err << "rapport preview: error: expected one definition file\n"
                "  hint: rapport preview DEF.xml -o DIR [--pages 3-5] [--dpi 96] [--boxes]\n";
    return usage;
  }
  std::optional<std::string> output = a.value("-o");
  if (!output) output = a.value("--output");
  if (!output) {
    call.err << "rapport preview: error: no output folder given (-o DIR)\n";
    return usage;
  }
  auto options = preview_pipeline_options(a, "preview", call.err);
  auto dpi = preview_dpi(a, "preview", call.err);
  if (!options || !dpi) return usage;

  diagnostics diag;
  layout_engine engine;
  pipeline_result result = run_pipeline(a.positional.front(), *options, diag, engine);
  print_diagnostics(diag, call.err);
  if (!result.pages) return failure;
  page::paged_document& doc = *result.pages;

  render::render_options render_options;
  render_options.boxes = a.flag("--boxes");
  render_options.dpi = *dpi;
  std::vector<int> indexes;
  if (auto pages = a.value("--pages")) {
    std::string error;
    if (!render::parse_page_range(*pages, static_cast<int>(doc.pages.size()), indexes, error)) {
      call.err << fmt::format("rapport preview: error: {}\n", error);
      return usage;
    }
  } else {
    for (int i = 0; i < static_cast<int>(doc.pages.size()); ++i) indexes.push_back(i);
  }

  // The layout marks the text area, table cells and charts; baselines follow from the runs.
  if (render_options.boxes)
    for (int index : indexes) add_baseline_boxes(doc.pages[index]);

  std::filesystem::path folder(*output);
  if (!make_folder(folder, call.err)) return failure;
  try {
    // One page at a time, each written as soon as it is drawn: a 45-page report at 300 dpi
    // would otherwise hold every picture in memory at once.
    for (int index : indexes) {
      render_options.pages = {index};
      std::vector<std::string> png = render::render_png_cairo(doc, render_options);
      write_file_atomically(folder / fmt::format("page-{}.png", index + 1), png.at(0));
    }
  } catch (const fatal_error& error) {
    call.err << to_string(error.what_diagnostic()) << '\n';
    return failure;
  } catch (const std::exception& error) {
    call.err << fmt::format("rapport preview: error: {}\n", error.what());
    return failure;
  }
  return ok;
}

}  // namespace rapport::cli

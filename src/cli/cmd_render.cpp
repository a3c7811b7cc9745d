// `rapport render` and `rapport check`: the pipeline, then a backend, written atomically.
#include <fmt/format.h>

#include <charconv>
#include <ostream>

#include "base/files.hpp"
#include "cli/args.hpp"
#include "cli/cli.hpp"
#include "cli/pipeline.hpp"
#include "render/cairo/cairo_canvas.hpp"
#include "render/haru/haru_canvas.hpp"
#include "render/trace/trace_canvas.hpp"

namespace rapport::cli {

namespace {

const option_spec render_spec{{"-o", "--output", "--format", "--backend", "--pages", "--dpi", "--param", "--layout",
                               "--debug"},
                              {"--pdfa", "--boxes"}};

std::optional<pipeline_options> pipeline_options_from(const parsed_args& a, std::ostream& err) {
  pipeline_options options;
  if (auto it = a.values.find("--param"); it != a.values.end())
    for (const auto& p : it->second) {
      auto eq = p.find('=');
      if (eq == std::string::npos || eq == 0) {
        err << fmt::format("rapport: error: --param needs NAME=VALUE, found '{}'\n", p);
        return std::nullopt;
      }
      options.params[p.substr(0, eq)] = p.substr(eq + 1);
    }
  options.layout = a.value("--layout").value_or("");
  options.debug = a.value("--debug").value_or("");
  return options;
}

// Writes numbered files beside the output: out.png → out-1.png, out-2.png, ...
std::filesystem::path numbered(const std::filesystem::path& output, int page, const std::string& extension) {
  std::filesystem::path stem = output.parent_path() / output.stem();
  return std::filesystem::path(fmt::format("{}-{}.{}", stem.string(), page, extension));
}

}  // namespace

int cmd_render(const invocation& call) {
  auto parsed = parse_args(call.args, render_spec, "render", call.err);
  if (!parsed) return usage;
  const parsed_args& a = *parsed;
  if (a.positional.size() != 1) {
    call.err << "rapport render: error: expected one definition file\n  hint: rapport render DEF.xml -o OUT.pdf\n";
    return usage;
  }
  std::optional<std::string> output = a.value("-o");
  if (!output) output = a.value("--output");
  if (!output) {
    call.err << "rapport render: error: no output file given (-o OUT.pdf)\n";
    return usage;
  }
  std::string format = a.value("--format").value_or("pdf");
  std::string backend = a.value("--backend").value_or("cairo");
  if (format != "pdf" && format != "png" && format != "svg" && format != "trace") {
    call.err << fmt::format("rapport render: error: unknown format '{}' (pdf, png, svg or trace)\n", format);
    return usage;
  }
  if (backend != "cairo" && backend != "haru") {
    call.err << fmt::format("rapport render: error: unknown backend '{}' (cairo or haru)\n", backend);
    return usage;
  }
  if (backend == "haru" && format != "pdf") {
    call.err << "rapport render: error: the haru backend writes only PDF\n";
    return usage;
  }
  if (a.flag("--pdfa") && backend != "haru") {
    call.err << "rapport render: error: --pdfa needs --backend haru (cairo cannot write PDF/A)\n";
    return usage;
  }
  render::render_options render_options;
  render_options.pdfa = a.flag("--pdfa");
  render_options.boxes = a.flag("--boxes");
  if (auto dpi = a.value("--dpi")) {
    double value = 0;
    auto [end, ec] = std::from_chars(dpi->data(), dpi->data() + dpi->size(), value);
    if (ec != std::errc() || end != dpi->data() + dpi->size() || value < 10 || value > 1200) {
      call.err << fmt::format("rapport render: error: --dpi must be a number from 10 to 1200, found '{}'\n", *dpi);
      return usage;
    }
    render_options.dpi = value;
  }
  auto options = pipeline_options_from(a, call.err);
  if (!options) return usage;

  diagnostics diag;
  layout_engine engine(layout_options{{}, options->debug, render_options.boxes});
  pipeline_result result = run_pipeline(a.positional.front(), *options, diag, engine);
  print_diagnostics(diag, call.err);
  if (!result.pages) return failure;
  page::paged_document& doc = *result.pages;
  if (auto pages = a.value("--pages")) {
    std::string error;
    if (!render::parse_page_range(*pages, static_cast<int>(doc.pages.size()), render_options.pages, error)) {
      call.err << fmt::format("rapport render: error: {}\n", error);
      return usage;
    }
  }
  // The backend reports what it cannot express (haru: no tags) after the pipeline's messages.
  const std::size_t printed = diag.all().size();
  render_options.diag = &diag;
  auto print_backend_diagnostics = [&] {
    diagnostics backend;
    for (std::size_t i = printed; i < diag.all().size(); ++i) backend.add(diag.all()[i]);
    print_diagnostics(backend, call.err);
  };
  try {
    std::filesystem::path out_path(*output);
    if (format == "pdf") {
      // The document is not needed after this: its pages are freed as they are drawn.
      std::string bytes = backend == "haru" ? render::render_pdf_haru(std::move(doc), render_options)
                                            : render::render_pdf_cairo(std::move(doc), render_options);
      write_file_atomically(out_path, bytes);
    } else if (format == "trace") {
      write_file_atomically(out_path, render::render_trace(doc, render_options));
    } else {
      std::vector<std::string> files = format == "png" ? render::render_png_cairo(doc, render_options)
                                                       : render::render_svg_cairo(doc, render_options);
      std::vector<int> indexes = render_options.pages;
      if (indexes.empty())
        for (int i = 0; i < static_cast<int>(doc.pages.size()); ++i) indexes.push_back(i);
      for (std::size_t i = 0; i < files.size(); ++i)
        write_file_atomically(numbered(out_path, indexes[i] + 1, format), files[i]);
    }
  } catch (const fatal_error& error) {
    print_backend_diagnostics();
    call.err << to_string(error.what_diagnostic()) << '\n';
    return failure;
  }
  print_backend_diagnostics();
  return ok;
}

int cmd_check(const invocation& call) {
  auto parsed = parse_args(call.args, option_spec{{"--param", "--layout", "--debug"}, {}}, "check", call.err);
  if (!parsed) return usage;
  if (parsed->positional.size() != 1) {
    call.err << "rapport check: error: expected one definition file\n";
    return usage;
  }
  auto options = pipeline_options_from(*parsed, call.err);
  if (!options) return usage;
  diagnostics diag;
  layout_engine engine;
  pipeline_result result = run_pipeline(parsed->positional.front(), *options, diag, engine);
  print_diagnostics(diag, call.err);
  if (!result.pages) return failure;
  int warnings = 0;
  for (const auto& d : diag.all()) warnings += d.level == severity::warning;
  call.out << fmt::format("{}: ok, {} pages, {} warning{}\n", parsed->positional.front(), result.pages->pages.size(),
                          warnings, warnings == 1 ? "" : "s");
  return ok;
}



}  // namespace rapport::cli

// bench/ stage cases: each pipeline stage timed alone on a prepared report (parse, data,
// compute, fonts, shape, layout cold and warm, render with cairo and libharu).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <map>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <variant>

#include "base/files.hpp"
#include "layout/layout.hpp"
#include "render/cairo/cairo_canvas.hpp"
#include "render/haru/haru_canvas.hpp"
#include "stages.hpp"
#include "text/text.hpp"

namespace rapport::bench {

namespace {

void fail_on_errors(const diagnostics& diag, const std::string& what) {
  if (!diag.has_errors()) return;
  std::ostringstream out;
  diag.print(out);
  throw std::runtime_error(fmt::format("{}: {}", what, out.str()));
}

/// The definition, layout and data of a report, read as `rapport render` reads them.
struct parsed_inputs {
  def::report_definition definition;
  model::house_style style;
};

parsed_inputs parse_inputs(const std::filesystem::path& file, diagnostics& diag) {
  parsed_inputs in;
  in.definition = def::read_definition(file, diag);
  std::filesystem::path layout_file =
      def::find_layout(in.definition.layout, file.parent_path(), in.definition.layout_loc);
  in.style = def::read_layout(layout_file, diag);
  return in;
}

/// Fonts as the layout engine loads them: bundled fonts/ first, then the layout's folders.
std::unique_ptr<text::font_book> load_fonts(const model::house_style& style) {
  std::vector<std::filesystem::path> dirs{data_dir() / "fonts"};
  for (const auto& d : style.font_dirs) dirs.emplace_back(d);
  auto fonts = std::make_unique<text::font_book>(dirs);
  for (const auto& f : style.fonts)
    fonts->add_family(f.name, f.regular, f.bold, f.italic, f.bold_italic);
  std::vector<text::font_id> fallbacks;
  for (const auto& family : style.fallback_families)
    fallbacks.push_back(fonts->face(family, false, false));
  fonts->set_fallbacks(fallbacks);
  return fonts;
}

/// One word to shape, in the face and size of the style it is printed in.
struct word {
  std::string text;
  text::font_id font = 0;
  scaled size = 0;
};

/// Every space-separated word of the document's headings, paragraphs, lists and table cells,
/// each in its style's face (a cell is shaped in "table", a header cell in "table-header").
class word_collector {
public:
  word_collector(const model::document& doc, const text::font_book& fonts)
      : doc_(doc), fonts_(fonts) {}

  std::vector<word> collect() {
    for (const auto& b : doc_.blocks)
      std::visit([this](const auto& block) { add_block(block); }, b);
    return std::move(words_);
  }

private:
  void add_text(const model::inline_text& text, const std::string& style_name,
                bool force_bold = false) {
    const model::text_style& style = doc_.style.style(style_name);
    for (const auto& s : text) {
      text::font_id font =
          fonts_.face(style.font, style.bold || s.bold || force_bold, style.italic || s.italic);
      std::string_view rest = s.text;
      while (!rest.empty()) {
        std::size_t space = rest.find(' ');
        std::string_view w = rest.substr(0, space);
        if (!w.empty()) words_.push_back({std::string(w), font, from_pt(style.size)});
        if (space == std::string_view::npos) break;
        rest.remove_prefix(space + 1);
      }
    }
  }
  void add_list(const model::list& l) {
    for (const auto& item : l.items) {
      add_text(item.text, "list");
      for (const auto& child : item.children) add_list(child);
    }
  }
  void add_block(const model::heading& h) { add_text(h.title, fmt::format("h{}", h.level)); }
  void add_block(const model::paragraph& p) { add_text(p.text, p.style); }
  void add_block(const model::list& l) { add_list(l); }
  void add_block(const model::table& t) {
    for (const auto& row : t.header_rows)
      for (const auto& cell : row.cells) add_text(cell.text, "table-header");
    for (const auto& row : t.body)
      for (const auto& cell : row.cells) add_text(cell.text, "table", cell.bold);
  }
  template <class other>
  void add_block(const other&) {}

  const model::document& doc_;
  const text::font_book& fonts_;
  std::vector<word> words_;
};

void set_page_counters(benchmark::State& state, const report_fixture& f) {
  const double pages = static_cast<double>(f.pages.pages.size());
  state.counters["pages"] = pages;
  // CPU time per page: the inverse of the rate of pages per second (printed as e.g. "1.2ms").
  state.counters["per_page"] = benchmark::Counter(
      pages, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

/// Prepared fixtures by report name, built on first use.
std::map<std::string, std::unique_ptr<report_fixture>>& fixtures() {
  static std::map<std::string, std::unique_ptr<report_fixture>> all;
  return all;
}

const report_fixture& fixture(const std::string& name, const std::filesystem::path& file) {
  auto& slot = fixtures()[name];
  if (!slot) slot = prepare_report(name, file);
  return *slot;
}

}  // namespace

std::unique_ptr<report_fixture> prepare_report(const std::string& name,
                                               const std::filesystem::path& file) {
  auto f = std::make_unique<report_fixture>();
  f->name = name;
  f->definition_file = file;
  diagnostics diag;
  parsed_inputs in = parse_inputs(file, diag);
  fail_on_errors(diag, file.string());
  f->definition = std::move(in.definition);
  f->style = std::move(in.style);
  f->data = load_sources(f->definition, diag);
  fail_on_errors(diag, file.string());
  f->doc = build_document(f->definition, f->style, f->data, compute_options{}, diag);
  fail_on_errors(diag, file.string());
  f->pages = lay_out(f->doc, diag);
  fail_on_errors(diag, file.string());
  return f;
}

void register_report_cases(const std::string& name, const std::filesystem::path& file) {
  auto add = [&](const std::string& stage, auto body) {
    benchmark::RegisterBenchmark(fmt::format("{}/{}", stage, name).c_str(),
                                 [name, file, body](benchmark::State& state) {
                                   const report_fixture* f = nullptr;
                                   try {
                                     f = &fixture(name, file);
                                   } catch (const std::exception& error) {
                                     state.SkipWithError(error.what());
                                     return;
                                   }
                                   body(state, *f);
                                   set_page_counters(state, *f);
                                 })
        ->Unit(benchmark::kMillisecond);
  };
  add("parse", [](benchmark::State& state, const report_fixture& f) {
    for (auto _ : state) {
      diagnostics diag;
      benchmark::DoNotOptimize(parse_inputs(f.definition_file, diag));
    }
  });
  add("data", [](benchmark::State& state, const report_fixture& f) {
    for (auto _ : state) {
      diagnostics diag;
      benchmark::DoNotOptimize(load_sources(f.definition, diag));
    }
  });
  add("compute", [](benchmark::State& state, const report_fixture& f) {
    for (auto _ : state) {
      diagnostics diag;
      benchmark::DoNotOptimize(
          build_document(f.definition, f.style, f.data, compute_options{}, diag));
    }
  });
  add("fonts", [](benchmark::State& state, const report_fixture& f) {
    for (auto _ : state) benchmark::DoNotOptimize(load_fonts(f.doc.style));
  });
  add("shape", [](benchmark::State& state, const report_fixture& f) {
    auto fonts = load_fonts(f.doc.style);
    std::vector<word> words = word_collector(f.doc, *fonts).collect();
    for (auto _ : state) {
      // A fresh shaper each time: every distinct word is shaped once, as in a first layout.
      text::shaper shaper(*fonts);
      for (const word& w : words)
        benchmark::DoNotOptimize(shaper.shape(w.text, w.font, w.size, f.doc.meta.language));
    }
    state.counters["words"] = static_cast<double>(words.size());
  });
  add("layout_cold", [](benchmark::State& state, const report_fixture& f) {
    for (auto _ : state) {
      diagnostics diag;
      benchmark::DoNotOptimize(lay_out(f.doc, diag));
    }
  });
  add("layout_warm", [](benchmark::State& state, const report_fixture& f) {
    // The live-preview case: one engine keeps fonts and shaped words between runs.
    layout_engine engine;
    diagnostics first;
    engine.run(f.doc, first);
    for (auto _ : state) {
      diagnostics diag;
      benchmark::DoNotOptimize(engine.run(f.doc, diag));
    }
  });
  add("render_cairo", [](benchmark::State& state, const report_fixture& f) {
    for (auto _ : state) benchmark::DoNotOptimize(render::render_pdf_cairo(f.pages));
  });
  add("render_haru", [](benchmark::State& state, const report_fixture& f) {
    for (auto _ : state) benchmark::DoNotOptimize(render::render_pdf_haru(f.pages));
  });
}

}  // namespace rapport::bench

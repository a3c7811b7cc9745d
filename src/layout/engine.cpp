// The layout engine: fonts for a house style, the flow, and pagination re-run until the
// table of contents' page numbers are stable.
#include "layout/engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "base/files.hpp"

namespace rapport {

using namespace layout_detail;

struct layout_engine::impl {
  layout_options options;
  std::unique_ptr<text::font_book> fonts;
  std::unique_ptr<text::shaper> shaper;
  std::string fonts_key;  ///< the families the font book was made for

  void prepare_fonts(const model::house_style& style, diagnostics& diag) {
    std::string key = style.file;
    for (const auto& f : style.fonts) key += "|" + f.name + f.regular + f.bold + f.italic + f.bold_italic;
    for (const auto& d : style.font_dirs) key += "|" + d;
    if (fonts && key == fonts_key) return;
    std::vector<std::filesystem::path> dirs{data_dir() / "fonts"};
    for (const auto& d : style.font_dirs) dirs.emplace_back(d);
    for (const auto& d : options.font_dirs) dirs.push_back(d);
    shaper.reset();
    fonts = std::make_unique<text::font_book>(dirs);
    source_loc at{style.file, 0, 0};
    for (const auto& f : style.fonts) {
      // Each face is loaded first at the attribute that names it, so that a missing file or
      // one that is not a font is reported there; add_family then finds them loaded.
      const std::pair<const std::string&, const source_loc&> faces[] = {
          {f.regular, f.regular_loc}, {f.bold, f.bold_loc}, {f.italic, f.italic_loc}, {f.bold_italic, f.bold_italic_loc}};
      for (const auto& [file, loc] : faces)
        if (!file.empty()) fonts->load(file, loc.file.empty() ? at : loc);
      fonts->add_family(f.name, f.regular, f.bold, f.italic, f.bold_italic, at);
    }
    std::vector<text::font_id> fallbacks;
    for (const auto& family : style.fallback_families) {
      if (!fonts->has_family(family))
        throw fatal_error(at, fmt::format("the fallback family '{}' is not defined in <fonts>", family));
      fallbacks.push_back(fonts->face(family, false, false));
    }
    fonts->set_fallbacks(fallbacks);
    shaper = std::make_unique<text::shaper>(*fonts);
    fonts_key = key;
  }
};

layout_engine::layout_engine(layout_options options) : impl_(std::make_unique<impl>()) {
  impl_->options = std::move(options);
}

layout_engine::~layout_engine() = default;

page::paged_document layout_engine::run(const model::document& doc, diagnostics& diag) {
  impl_->prepare_fonts(doc.style, diag);
  // The shaper outlives this run; `diag` does not.
  impl_->shaper->start_run(&diag);
  struct run_end {
    text::shaper& shaper;
    ~run_end() { shaper.start_run(nullptr); }
  } forget_diagnostics{*impl_->shaper};
  // Loading a dictionary costs more than laying out a page: only when a style hyphenates (a
  // style the layout does not define falls back to body, and a layout without body to the
  // default style, which hyphenates).
  const auto& styles = doc.style.styles;
  bool hyphenates =
      !styles.contains("body") ||
      std::any_of(styles.begin(), styles.end(), [](const auto& s) { return s.second.hyphenate; });
  typesetter ts{*impl_->fonts, *impl_->shaper, doc.meta.language,
                hyphenates ? text::hyphenator::for_language(doc.meta.language) : nullptr, diag};
  ts.debug_boxes = impl_->options.debug_boxes;
  bool debug_toc = impl_->options.debug.find("toc") != std::string::npos;
  page_frame frame = portrait_frame(doc.style);
  std::vector<heading_place> places;
  std::vector<page_plan> plans;
  // Page numbers in the TOC change the TOC's own length, which can move every heading: lay
  // out again with the numbers found until they no longer change.
  constexpr int max_passes = 6;
  // Only the contents depend on page numbers: later passes lay out just them again.
  flow content;
  for (int pass = 0; pass < max_passes; ++pass) {
    std::vector<heading_place> previous = places;
    toc_state toc{pass == 0 ? nullptr : &previous};
    if (pass == 0)
      content = build_flow(ts, doc, frame, toc);
    else
      rebuild_tocs(ts, doc, frame, toc, content);
    places.clear();
    plans = paginate(ts, doc, content, places);
    bool stable = pass > 0 && places.size() == previous.size();
    for (std::size_t i = 0; stable && i < places.size(); ++i) stable = places[i].page == previous[i].page;
    if (debug_toc) std::cerr << fmt::format("toc: pass {}: {} pages, {}\n", pass + 1, plans.size(), stable ? "stable" : "moved");
    if (stable) break;
    if (pass + 1 == max_passes) diag.warning({}, "the table of contents did not settle; its page numbers may be off");
  }
  std::vector<page::page> pages = place_pages(content, plans, impl_->options.debug_boxes);
  page::paged_document out;
  finalize(ts, doc, pages, places, out);
  out.structure = std::move(content.structure);  // what the pages' items point into
  if (impl_->options.debug_boxes) add_block_boxes(out);
  return out;
}

page::paged_document lay_out(const model::document& doc, diagnostics& diag, const layout_options& options) {
  layout_engine engine(options);
  return engine.run(doc, diag);
}

}  // namespace rapport

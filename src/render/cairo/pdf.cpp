// render/cairo: the PDF output: one cairo PDF surface written into a string, with metadata,
// per-page sizes and labels, links, the outline, and each item's content marked for tagging.
#include <cairo-pdf.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <variant>

#include "render/backend_support.hpp"
#include "render/cairo/cairo_canvas.hpp"
#include "render/cairo/cairo_detail.hpp"
#include "render/cairo/pdf_tagging.hpp"

namespace rapport::render {
namespace detail {

/// cairo's write callback: appends to the std::string given as closure. Exceptions must not
/// cross cairo's C frames, so running out of memory becomes cairo's write error.
cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

namespace {

class pdf_canvas : public cairo_canvas {
public:
  pdf_canvas(const page::paged_document& doc, const render_options& options, std::string& out) : cairo_canvas(doc) {
    output_pages_ = output_page_numbers(doc, options);
    resync_words_ = true;
    plan_.elements = doc.structure;
    plan_.language = doc.info.language;
    collect_destinations();
    // The size given here is replaced by every page's own size in begin_page.
    surface_.reset(cairo_pdf_surface_create_for_stream(append_to_string, &out, 595.0, 842.0));
    check(cairo_surface_status(surface_.get()), "creating the PDF surface");
    set_metadata(doc.info);
    context_.reset(cairo_create(surface_.get()));
    check(cairo_status(context_.get()), "creating the PDF context");
  }

  void begin_page(const page::page& p) override {
    // Must come before anything is drawn on the page: it sets this page's /MediaBox.
    cairo_pdf_surface_set_size(surface_.get(), to_pt(p.width), to_pt(p.height));
    // The label a reader shows in its page box: what the footer prints, "Omslag" on a cover.
    if (!p.label.empty()) cairo_pdf_surface_set_page_label(surface_.get(), p.label.c_str());
    plan_.pages.emplace_back();
    start(context_.get());
    // A white page first: cairo unions the extents of every drawing operation into a region of
    // "natively drawn" areas, which fragments into thousands of rectangles on a page of words
    // (a seventh of the whole render). Once the region is the whole page, every union is free.
    cairo_set_source_rgb(context_.get(), 1, 1, 1);
    cairo_paint(context_.get());
    const auto index = static_cast<int>(&p - doc_.pages.data());
    if (const auto found = destinations_.find(index); found != destinations_.end()) {
      for (scaled y : found->second) {
        const std::string attributes =
            fmt::format("name={} x=0 y={:.3f}", quote_attribute(destination_name(index, y)), to_pt(y));
        cairo_tag_begin(context_.get(), CAIRO_TAG_DEST, attributes.c_str());
        cairo_tag_end(context_.get(), CAIRO_TAG_DEST);
      }
    }
  }

  // Each item's content goes into a marked sequence of its structure element (cairo's MCID);
  // an item of no element is drawn outside any, and tag_pdf marks it as an artifact.
  void draw_glyphs(const page::glyph_run& run) override {
    enter(run.element);
    cairo_canvas::draw_glyphs(run);
  }
  void draw_rule(const page::rule& r) override {
    enter(r.element);
    cairo_canvas::draw_rule(r);
  }
  void fill_rect(const page::filled_rect& r) override {
    enter(r.element);
    cairo_canvas::fill_rect(r);
  }
  void draw_path(const page::path& p) override {
    enter(p.element);
    cairo_canvas::draw_path(p);
  }
  void draw_image(const page::image_item& i) override {
    enter(i.element);
    cairo_canvas::draw_image(i);
  }
  void draw_debug_box(const page::debug_box& b) override {
    leave();
    cairo_canvas::draw_debug_box(b);
  }

  // A link tag must not open inside a content tag: cairo would make the content's element a
  // parent and stop marking its content. cairo gives the link an empty sequence of its own.
  void add_link(const page::link& l) override {
    const std::string attributes = link_attributes(l);
    if (attributes.empty()) return;
    leave();
    plan_.pages.back().push_back({l.element, true});
    cairo_tag_begin(context_.get(), CAIRO_TAG_LINK, attributes.c_str());
    cairo_tag_end(context_.get(), CAIRO_TAG_LINK);
  }

  void end_page() override {
    leave();
    cairo_show_page(context_.get());
    check(cairo_status(context_.get()), "drawing a page");
  }

  /// Adds the outline and writes the rest of the file (fonts, cross-reference table).
  void finish() {
    add_outline();
    check(cairo_surface_status(surface_.get()), "adding the outline");
    context_.reset();
    cairo_surface_finish(surface_.get());
    check(cairo_surface_status(surface_.get()), "writing the PDF");
  }

  /// What tag_pdf needs to turn cairo's marks into the document's structure.
  tagging_plan take_plan() { return std::move(plan_); }

private:
  // Opens a marked sequence for `element` unless one is open for it already. Sequences never
  // nest and never cross a page, so cairo numbers them in the order recorded here.
  void enter(int element) {
    if (element < 0 || element >= static_cast<int>(plan_.elements.size())) {
      leave();
      return;
    }
    if (element == open_) return;
    leave();
    open_ = element;
    open_name_ = cairo_tag_name(plan_.elements[static_cast<std::size_t>(element)].kind);
    cairo_tag_begin(context_.get(), open_name_.c_str(), "");
    plan_.pages.back().push_back({element, false});
  }

  void leave() {
    if (open_ < 0) return;
    cairo_tag_end(context_.get(), open_name_.c_str());
    open_ = -1;
  }

  void set_metadata(const page::document_info& info) {
    const std::pair<cairo_pdf_metadata_t, const std::string*> fields[] = {{CAIRO_PDF_METADATA_TITLE, &info.title},
                                                                          {CAIRO_PDF_METADATA_AUTHOR, &info.author},
                                                                          {CAIRO_PDF_METADATA_SUBJECT, &info.subject},
                                                                          {CAIRO_PDF_METADATA_KEYWORDS, &info.keywords},
                                                                          {CAIRO_PDF_METADATA_CREATOR, &info.creator}};
    for (const auto& [key, value] : fields) {
      if (!value->empty()) cairo_pdf_surface_set_metadata(surface_.get(), key, value->c_str());
    }
    // 0 means the layout was given no date; the file then carries none rather than the clock.
    // cairo puts the time of rendering there by default; an empty date clears it.
    const std::string date = info.created != 0 ? iso8601_utc(info.created) : std::string();
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
    check(cairo_surface_status(surface_.get()), "setting the document information");
  }

  // Where the internal links of the selected pages point, by target page, each place once.
  void collect_destinations() {
    for (std::size_t i = 0; i < doc_.pages.size(); ++i) {
      if (output_pages_[i] == 0) continue;
      for (const auto& item : doc_.pages[i].items) {
        const auto* l = std::get_if<page::link>(&item);
        if (!l || l->target_page < 0 || l->target_page >= static_cast<int>(output_pages_.size()) ||
            output_pages_[l->target_page] == 0) {
          continue;
        }
        auto& ys = destinations_[l->target_page];
        if (std::find(ys.begin(), ys.end(), l->target_y) == ys.end()) ys.push_back(l->target_y);
      }
    }
  }

  // Bookmarks nest by level: an entry's parent is the nearest earlier entry of a lower level.
  void add_outline() {
    std::vector<std::pair<int, int>> open;  // (level, cairo outline id) of the current ancestors
    for (const auto& entry : doc_.outline) {
      if (entry.page < 0 || entry.page >= static_cast<int>(output_pages_.size())) continue;
      const int number = output_pages_[entry.page];
      if (number == 0) continue;
      while (!open.empty() && open.back().first >= entry.level) open.pop_back();
      const int parent = open.empty() ? CAIRO_PDF_OUTLINE_ROOT : open.back().second;
      const std::string target = fmt::format("page={} pos=[0 {:.3f}]", number, to_pt(entry.y));
      const auto flags = entry.level <= 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : static_cast<cairo_pdf_outline_flags_t>(0);
      const int id = cairo_pdf_surface_add_outline(surface_.get(), parent, entry.title.c_str(), target.c_str(), flags);
      open.emplace_back(entry.level, id);
    }
  }

  // Declared before the context so that the context is destroyed first.
  surface_ptr surface_;
  context_ptr context_;
  std::map<int, std::vector<scaled>> destinations_;  ///< document page index -> y positions
  tagging_plan plan_;
  int open_ = -1;          ///< the element whose marked sequence is open, or -1
  std::string open_name_;  ///< the tag it was opened with
};

}  // namespace
}  // namespace detail

namespace {

// Draws with `draw_pages(doc, canvas)`, then marks the structure into the finished file.
template <typename DrawPages>
std::string write_pdf(const page::paged_document& doc, const render_options& options, DrawPages draw_pages) {
  // cairo would invent a blank page of its own size; a PDF needs at least one real page.
  if (doc.pages.empty()) throw std::runtime_error("cannot write a PDF of a document with no pages");
  std::string out;
  detail::tagging_plan plan;
  {
    detail::pdf_canvas target(doc, options, out);
    draw_pages(target);
    target.finish();
    plan = target.take_plan();
  }
  // One statement each, so that cairo's own output is freed before the structure pass.
  std::string repaired = detail::repair_pdf(std::move(out));
  return detail::tag_pdf(std::move(repaired), plan);
}

}  // namespace

std::string render_pdf_cairo(const page::paged_document& doc, const render_options& options) {
  return write_pdf(doc, options, [&](canvas& target) { draw(doc, target, options); });
}

std::string render_pdf_cairo(page::paged_document&& doc, const render_options& options) {
  return write_pdf(doc, options, [&](canvas& target) { draw_and_release(doc, target, options); });
}

}  // namespace rapport::render

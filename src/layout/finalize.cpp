// Finishing pages: running headers and footers (with the layout's logos), internal links, the
// outline, document info.
#include <fmt/format.h>

#include <array>

#include "layout/engine.hpp"

namespace rapport::layout_detail {

namespace {

std::string fill_template(const std::string& pattern, const model::document& doc,
                          const std::string& chapter, int page, int pages) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    std::size_t close = pattern.find('}', i);
    if (close == std::string::npos) {
      out += pattern.substr(i);
      break;
    }
    std::string key = pattern.substr(i + 1, close - i - 1);
    if (key == "title")
      out += doc.meta.title;
    else if (key == "committee")
      out += doc.meta.committee;
    else if (key == "author")
      out += doc.meta.author;
    else if (key == "chapter")
      out += chapter;
    else if (key == "page")
      out += std::to_string(page);
    else if (key == "pages")
      out += std::to_string(pages);
    else if (key == "TITLE") {
      for (char c : doc.meta.title)
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else
      out += "{" + key + "}";
    i = close;
  }
  return out;
}

// Text spans [from, to) of one running line, to keep its logos clear of it.
struct text_span {
  scaled from = 0;
  scaled to = 0;
};

std::vector<text_span> running_line(const typesetter& ts, const model::document& doc,
                                    const model::text_style& style,
                                    const std::array<std::string, 3>& patterns, scaled baseline,
                                    const page_frame& frame, const std::string& chapter, int page,
                                    int pages, std::vector<page::item>& items) {
  std::vector<text_span> spans;
  for (int slot = 0; slot < 3; ++slot) {
    if (patterns[slot].empty()) continue;
    std::string text = fill_template(patterns[slot], doc, chapter, page, pages);
    if (text.empty()) continue;
    page::glyph_run run = single_run(ts, text, style, {0, baseline});
    scaled x = slot == 0   ? frame.left
               : slot == 1 ? frame.left + (frame.text_width - run.width) / 2
                           : frame.left + frame.text_width - run.width;
    run.origin.x += x;
    spans.push_back({x, x + run.width});
    items.push_back(std::move(run));
  }
  return spans;
}

// A header or footer logo takes its whole corner slot (the layout reader refuses text there)
// and stands on the running line's baseline, so it lines up with the text beside it and keeps
// clear of the header rule below. Page furniture: an artifact, never read aloud.
void running_logo(const model::document& doc, model::logo_position where, scaled baseline,
                  const page_frame& frame, const std::vector<text_span>& text, int page,
                  bool& warned, diagnostics& diag, std::vector<page::item>& items) {
  const model::logo* logo = doc.style.logo_at(where);
  if (!logo || !logo->source) return;
  const auto [w, h] = image_size(*logo->source, logo->width.value_or(0), logo->height.value_or(0),
                                 frame.text_width);
  const bool left =
      where == model::logo_position::header_left || where == model::logo_position::footer_left;
  const scaled x = left ? frame.left : frame.left + frame.text_width - w;
  items.push_back(page::image_item{logo->source, rect{x, baseline - h, w, h}, -1});
  // The running text varies from page to page ({chapter}): say it once, at the first page.
  constexpr scaled clearance = from_pt(4);
  for (const auto& span : text)
    if (!warned && span.from < x + w + clearance && x - clearance < span.to) {
      warned = true;
      diag.warning(
          logo->loc,
          fmt::format("the running text on page {} comes within 4pt of the logo '{}' beside it",
                      page, logo->src),
          "make the logo smaller or the running text shorter");
    }
}

}  // namespace

void finalize(const typesetter& ts, const model::document& doc, std::vector<page::page>& pages,
              const std::vector<heading_place>& places, page::paged_document& out) {
  const auto& ps = doc.style.page;
  const page_frame portrait = portrait_frame(doc.style);
  const page_frame landscape = landscape_frame(doc.style);
  int total = static_cast<int>(pages.size());
  std::size_t first_content = doc.front ? 1 : 0;
  std::string chapter;
  std::array<bool, 4> warned{};  // per running logo: told the author it meets the text
  for (std::size_t p = 0; p < pages.size(); ++p) {
    page::page& pg = pages[p];
    // Running lines follow the page: across the long side of a landscape page.
    const page_frame& frame = pg.width == portrait.width ? portrait : landscape;
    pg.label = std::to_string(p + 1);
    // The running chapter is the last chapter that started on or before this page.
    for (const auto& place : places)
      if (place.level == 1 && place.page <= static_cast<int>(p)) chapter = place.text;
    // A reader's page box then shows what the footers print ("Sida 3" on page label 3), and
    // the unnumbered cover is called what it is.
    if (p < first_content) pg.label = doc.meta.language.starts_with("sv") ? "Omslag" : "Cover";
    if (p < first_content) continue;  // the cover has no header or footer
    const scaled header = from_pt(ps.header_offset),
                 footer = frame.height - from_pt(ps.footer_offset);
    const auto header_text = running_line(
        ts, doc, doc.style.style("header"), {ps.header_left, ps.header_center, ps.header_right},
        header, frame, chapter, static_cast<int>(p) + 1, total, pg.items);
    const auto footer_text = running_line(
        ts, doc, doc.style.style("footer"), {ps.footer_left, ps.footer_center, ps.footer_right},
        footer, frame, chapter, static_cast<int>(p) + 1, total, pg.items);
    using model::logo_position;
    constexpr std::array<logo_position, 4> corners{
        logo_position::header_left, logo_position::header_right, logo_position::footer_left,
        logo_position::footer_right};
    for (std::size_t i = 0; i < corners.size(); ++i) {
      const bool in_header = i < 2;
      running_logo(doc, corners[i], in_header ? header : footer, frame,
                   in_header ? header_text : footer_text, static_cast<int>(p) + 1, warned[i],
                   ts.diag, pg.items);
    }
    if (ps.header_rule) {
      scaled y = from_pt(ps.header_offset) + from_pt(4);
      pg.items.push_back(
          page::rule{{frame.left, y}, {frame.left + frame.text_width, y}, from_pt(0.5), black});
    }
  }
  // Internal links ("#id") point at the heading's page and position.
  for (auto& pg : pages)
    for (auto& item : pg.items)
      if (auto* link = std::get_if<page::link>(&item); link && link->uri.starts_with("#")) {
        std::string id = link->uri.substr(1);
        for (const auto& place : places)
          if (place.id == id) link->target_page = place.page, link->target_y = place.y;
        if (link->target_page < 0)
          ts.diag.warning({}, fmt::format("a link points at '#{}', which is no heading's id", id));
        link->uri.clear();
      }
  for (const auto& place : places)
    out.outline.push_back({place.text, place.level, place.page, place.y});
  out.pages = std::move(pages);
  out.fonts = ts.fonts.refs();
  out.info = {doc.meta.title,
              doc.meta.author,
              doc.meta.subject,
              doc.meta.keywords,
              fmt::format("rapport {}", RAPPORT_VERSION),
              doc.meta.language,
              doc.meta.created};
}

}  // namespace rapport::layout_detail

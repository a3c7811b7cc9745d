// Finishing pages: running headers and footers, internal links, the outline, document info.
#include <fmt/format.h>

#include <array>

#include "layout/engine.hpp"

namespace rapport::layout_detail {

namespace {

std::string fill_template(const std::string& pattern, const model::document& doc, const std::string& chapter,
                          int page, int pages) {
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
    if (key == "title") out += doc.meta.title;
    else if (key == "committee") out += doc.meta.committee;
    else if (key == "author") out += doc.meta.author;
    else if (key == "chapter") out += chapter;
    else if (key == "page") out += std::to_string(page);
    else if (key == "pages") out += std::to_string(pages);
    else if (key == "TITLE") {
      for (char c : doc.meta.title) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else out += "{" + key + "}";
    i = close;
  }
  return out;
}

void running_line(const typesetter& ts, const model::document& doc, const model::text_style& style,
                  const std::array<std::string, 3>& patterns, scaled baseline, const page_frame& frame,
                  const std::string& chapter, int page, int pages, std::vector<page::item>& items) {
  for (int slot = 0; slot < 3; ++slot) {
    if (patterns[slot].empty()) continue;
    std::string text = fill_template(patterns[slot], doc, chapter, page, pages);
    if (text.empty()) continue;
    page::glyph_run run = single_run(ts, text, style, {0, baseline});
    scaled x = slot == 0 ? frame.left
               : slot == 1 ? frame.left + (frame.text_width - run.width) / 2
                           : frame.left + frame.text_width - run.width;
    run.origin.x += x;
    items.push_back(std::move(run));
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
    running_line(ts, doc, doc.style.style("header"), {ps.header_left, ps.header_center, ps.header_right},
                 from_pt(ps.header_offset), frame, chapter, static_cast<int>(p) + 1, total, pg.items);
    running_line(ts, doc, doc.style.style("footer"), {ps.footer_left, ps.footer_center, ps.footer_right},
                 frame.height - from_pt(ps.footer_offset), frame, chapter, static_cast<int>(p) + 1, total, pg.items);
    if (ps.header_rule) {
      scaled y = from_pt(ps.header_offset) + from_pt(4);
      pg.items.push_back(page::rule{{frame.left, y}, {frame.left + frame.text_width, y}, from_pt(0.5), black});
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
  for (const auto& place : places) out.outline.push_back({place.text, place.level, place.page, place.y});
  out.pages = std::move(pages);
  out.fonts = ts.fonts.refs();
  out.info = {doc.meta.title, doc.meta.author, doc.meta.subject, doc.meta.keywords,
              fmt::format("rapport {}", RAPPORT_VERSION), doc.meta.language, doc.meta.created};
}

}  // namespace rapport::layout_detail

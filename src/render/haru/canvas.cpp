// render/haru: draws page items onto libharu pages. libharu shows characters, not glyph ids,
// so each cluster's text is placed at its first glyph's position (layout shapes without
// ligatures for this backend, so clusters are one character to one glyph).
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>
#include <string_view>

#include "render/backend_support.hpp"
#include "render/haru/haru_detail.hpp"

namespace rapport::render::detail {
namespace {

constexpr double unit = 1.0 / 255;

// libharu's widths are whole thousandths of an em, so text shown in one Tj drifts from the
// layout's glyph positions. Characters follow on in the same Tj while a reader would place
// them within this distance (0.007 mm, far below sight), else a Td puts the pen back.
constexpr double drift_allowed = 0.02;  // pt

// Adds the UCS-2 codes libharu's UTF-8 encoder makes of `text` (its CIDs) to `codes`.
// Characters beyond the Basic Multilingual Plane have no such code and are left out.
void record_codes(std::string_view text, std::set<std::uint16_t>& codes) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (i + length > text.size()) break;
    std::uint32_t code = length == 1 ? lead : length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
    for (int k = 1; k < length; ++k) code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    if (code <= 0xFFFF) codes.insert(static_cast<std::uint16_t>(code));
    i += length;
  }
}

}  // namespace

haru_canvas::haru_canvas(const page::paged_document& doc, haru_document& pdf)
    : doc_(doc), pdf_(pdf), font_slots_(doc.fonts.size(), -1) {}

HPDF_REAL haru_canvas::flip(scaled y) const {
  return static_cast<HPDF_REAL>(to_pt(page_height_ - y));
}

HPDF_Rect haru_canvas::pdf_rect(const rect& r) const {
  return HPDF_Rect{static_cast<HPDF_REAL>(to_pt(r.x)), flip(r.bottom()),
                   static_cast<HPDF_REAL>(to_pt(r.right())), flip(r.y)};
}

void haru_canvas::begin_page(const page::page& p) {
  const auto index = static_cast<int>(&p - doc_.pages.data());
  page_ = HPDF_AddPage(pdf_.get());
  pdf_.check("adding a page");
  HPDF_Page_SetWidth(page_, static_cast<HPDF_REAL>(to_pt(p.width)));  // /MediaBox
  HPDF_Page_SetHeight(page_, static_cast<HPDF_REAL>(to_pt(p.height)));
  pdf_.check(fmt::format("setting the size of page {}", index + 1));
  page_height_ = p.height;
  pages_.emplace(index, page_);
  page_heights_.emplace(index, p.height);
}

void haru_canvas::draw_glyphs(const page::glyph_run& run) {
  if (run.text.empty()) return;  // nothing libharu could show: it draws characters
  loaded_font& used = font(run.font);
  const HPDF_Font f = used.font;
  const double size = to_pt(run.size);

  // Pieces of text with where they start; neighbours that libharu's own advances would put in
  // the right place anyway are merged into one Tj.
  struct piece {
    std::string text;
    double x = 0;
    double y = 0;
    double advance = 0;  // where libharu's widths take the pen, from x
  };
  std::vector<piece> pieces;
  auto width_of = [&](const std::string& text) {
    const HPDF_TextWidth w = HPDF_Font_TextWidth(f, reinterpret_cast<const HPDF_BYTE*>(text.data()),
                                                 static_cast<HPDF_UINT>(text.size()));
    return w.width * size / 1000;
  };
  auto place = [&](std::string text, const page::glyph& g) {
    const double x = to_pt(run.origin.x + g.x);
    const double y = flip(run.origin.y + g.y);
    if (!pieces.empty()) {
      piece& last = pieces.back();
      if (last.y == y && std::abs(last.x + last.advance - x) <= drift_allowed) {
        last.advance += width_of(text);
        last.text += text;
        return;
      }
    }
    const double advance = width_of(text);
    pieces.push_back({std::move(text), x, y, advance});
  };

  if (usable_clusters(run)) {
    std::size_t byte = 0;
    std::size_t glyph = 0;
    for (const auto& c : run.clusters) {
      std::string text = run.text.substr(byte, c.bytes);
      if (c.glyphs > 0 && !text.empty()) {
        place(std::move(text), run.glyphs[glyph]);
      } else if (c.glyphs == 0 && !pieces.empty()) {
        pieces.back().text += text;  // characters without a glyph of their own (marks)
      }
      byte += c.bytes;
      glyph += c.glyphs;
    }
  } else {
    // Without clusters the text cannot be matched to glyphs: show it from the first glyph
    // with libharu's own advances.
    place(run.text, run.glyphs.empty() ? page::glyph{} : run.glyphs.front());
  }
  if (pieces.empty()) return;

  HPDF_Page_SetRGBFill(page_, run.fill.r * unit, run.fill.g * unit, run.fill.b * unit);  // rg
  HPDF_Page_BeginText(page_);                                                            // BT
  HPDF_Page_SetFontAndSize(page_, f, static_cast<HPDF_REAL>(size));                      // Tf
  for (const auto& p : pieces) {
    record_codes(p.text, used.codes);
    // Td to the piece's start, then Tj.
    HPDF_Page_TextOut(page_, static_cast<HPDF_REAL>(p.x), static_cast<HPDF_REAL>(p.y),
                      p.text.c_str());
  }
  HPDF_Page_EndText(page_);  // ET
  pdf_.check("drawing text");
}

void haru_canvas::draw_rule(const page::rule& r) {
  if (r.thickness <= 0) return;  // PDF's "0 w" would mean a device-dependent hairline
  HPDF_Page_SetLineWidth(page_, static_cast<HPDF_REAL>(to_pt(r.thickness)));  // w
  HPDF_Page_SetLineCap(page_, HPDF_BUTT_END);                                 // J
  HPDF_Page_SetRGBStroke(page_, r.stroke.r * unit, r.stroke.g * unit, r.stroke.b * unit);
  HPDF_Page_MoveTo(page_, static_cast<HPDF_REAL>(to_pt(r.from.x)), flip(r.from.y));  // m
  HPDF_Page_LineTo(page_, static_cast<HPDF_REAL>(to_pt(r.to.x)), flip(r.to.y));      // l
  HPDF_Page_Stroke(page_);                                                           // S
  pdf_.check("drawing a rule");
}

void haru_canvas::fill_rect(const page::filled_rect& r) {
  HPDF_Page_SetRGBFill(page_, r.fill.r * unit, r.fill.g * unit, r.fill.b * unit);
  const HPDF_Rect a = pdf_rect(r.area);
  HPDF_Page_Rectangle(page_, a.left, a.bottom, a.right - a.left, a.top - a.bottom);  // re
  HPDF_Page_Fill(page_);                                                             // f
  pdf_.check("filling a rectangle");
}

void haru_canvas::draw_path(const page::path& p) {
  // Colours and line style first: PDF allows no state changes while a path is being built.
  const bool stroke = p.stroked && p.thickness > 0;
  if (p.filled) HPDF_Page_SetRGBFill(page_, p.fill.r * unit, p.fill.g * unit, p.fill.b * unit);
  if (stroke) {
    HPDF_Page_SetRGBStroke(page_, p.stroke.r * unit, p.stroke.g * unit, p.stroke.b * unit);
    HPDF_Page_SetLineWidth(page_, static_cast<HPDF_REAL>(to_pt(p.thickness)));
    HPDF_Page_SetLineCap(page_, HPDF_BUTT_END);
  }
  bool open = false;  // libharu refuses l and h before a path has begun with m
  for (const auto& [op, where] : p.commands) {
    const auto x = static_cast<HPDF_REAL>(to_pt(where.x));
    switch (op) {
      case page::path::op::move:
        HPDF_Page_MoveTo(page_, x, flip(where.y));
        open = true;
        break;
      case page::path::op::line:
        // A line with no current point starts the path there, as in cairo.
        open ? HPDF_Page_LineTo(page_, x, flip(where.y))
             : HPDF_Page_MoveTo(page_, x, flip(where.y));
        open = true;
        break;
      case page::path::op::close:
        if (open) HPDF_Page_ClosePath(page_);  // h
        break;
    }
  }
  if (!open) return;
  if (p.filled && stroke) {
    HPDF_Page_FillStroke(page_);  // B
  } else if (p.filled) {
    HPDF_Page_Fill(page_);  // f
  } else if (stroke) {
    HPDF_Page_Stroke(page_);  // S
  } else {
    HPDF_Page_EndPath(page_);  // n
  }
  pdf_.check("drawing a path");
}

void haru_canvas::add_link(const page::link& l) {
  const HPDF_Rect area = pdf_rect(l.area);
  if (l.target_page >= 0) {
    // The target page may not exist yet: internal links are made once every page does.
    links_.push_back({page_, area, l.target_page, l.target_y});
    return;
  }
  if (l.uri.empty()) return;
  const HPDF_Annotation annot = HPDF_Page_CreateURILinkAnnot(page_, area, l.uri.c_str());
  pdf_.check("adding a link");
  HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0);  // /Border [0 0 0]: no frame, as cairo
  HPDF_Dict_AddNumber(annot, "F", 4);              // /F 4: printable, as PDF/A requires
  pdf_.check("adding a link");
}

void haru_canvas::end_page() {
  pdf_.check("drawing a page");
  page_ = nullptr;
}

HPDF_Destination haru_canvas::destination(int index, scaled y) {
  const auto found = pages_.find(index);
  if (found == pages_.end()) return nullptr;
  const HPDF_Destination dst = HPDF_Page_CreateDestination(found->second);
  pdf_.check("making a destination");
  // [page /XYZ left top null]: libharu's SetXYZ insists on a zoom, but null keeps the reader's
  // zoom (as cairo's destinations do), so the array is rebuilt with libharu's object API.
  const double top = to_pt(page_heights_.at(index) - y);
  HPDF_Array_Clear(dst);
  HPDF_Array_Add(dst, found->second);
  HPDF_Array_AddName(dst, "XYZ");
  HPDF_Array_AddReal(dst, 0);
  HPDF_Array_AddReal(dst, static_cast<HPDF_REAL>(top));
  HPDF_Array_Add(dst, HPDF_Null_New(dst->mmgr));
  pdf_.check("making a destination");
  return dst;
}

void haru_canvas::finish() {
  for (const auto& link : links_) {
    const HPDF_Destination dst = destination(link.target_page, link.target_y);
    if (!dst) continue;  // the target page is not in this output
    const HPDF_Annotation annot = HPDF_Page_CreateLinkAnnot(link.from, link.area, dst);
    pdf_.check("adding an internal link");
    HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0);
    HPDF_Dict_AddNumber(annot, "F", 4);
    pdf_.check("adding an internal link");
  }

  // Bookmarks nest by level: an entry's parent is the nearest earlier entry of a lower level.
  const HPDF_Encoder utf8 = HPDF_GetEncoder(pdf_.get(), "UTF-8");
  std::vector<std::pair<int, HPDF_Outline>> open;
  for (const auto& entry : doc_.outline) {
    const HPDF_Destination dst = destination(entry.page, entry.y);
    if (!dst) continue;
    while (!open.empty() && open.back().first >= entry.level) open.pop_back();
    const HPDF_Outline parent = open.empty() ? nullptr : open.back().second;
    const HPDF_Outline item = HPDF_CreateOutline(pdf_.get(), parent, entry.title.c_str(), utf8);
    pdf_.check("adding a bookmark");
    HPDF_Outline_SetDestination(item, dst);
    HPDF_Outline_SetOpened(item, entry.level <= 1 ? HPDF_TRUE : HPDF_FALSE);
    pdf_.check("adding a bookmark");
    open.emplace_back(entry.level, item);
  }
}

}  // namespace rapport::render::detail

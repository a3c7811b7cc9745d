// render/cairo: draws page items (glyph runs, rules, rectangles, paths, links, debug boxes)
// onto the cairo context of the current page, whatever surface the output kind made.
#include <fmt/format.h>

#include <cmath>
#include <string_view>

#include "render/backend_support.hpp"
#include "render/cairo/cairo_detail.hpp"

namespace rapport::render::detail {
namespace {

struct font_options_deleter {
  void operator()(cairo_font_options_t* o) const { cairo_font_options_destroy(o); }
};

void set_colour(cairo_t* cr, colour c) {
  cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0);
}

}  // namespace

std::string destination_name(int page_index, scaled y) {
  return fmt::format("rapport-page{}-y{}", page_index + 1, y);
}

std::string quote_attribute(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

cairo_canvas::cairo_canvas(const page::paged_document& doc) : doc_(doc), fonts_(doc.fonts) {}

void cairo_canvas::start(cairo_t* cr) {
  cr_ = cr;
  // No hinting and no metric rounding: glyph shapes stay those of the font at every dpi, so
  // pixel references do not depend on the FreeType build's hinting defaults.
  std::unique_ptr<cairo_font_options_t, font_options_deleter> options(cairo_font_options_create());
  cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias(options.get(), CAIRO_ANTIALIAS_GRAY);
  cairo_set_font_options(cr, options.get());
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
}

void cairo_canvas::draw_glyphs(const page::glyph_run& run) {
  if (run.glyphs.empty()) return;
  cairo_set_font_face(cr_, fonts_.face(run.font));
  cairo_set_font_size(cr_, to_pt(run.size));
  set_colour(cr_, run.fill);
  std::vector<cairo_glyph_t> glyphs;
  glyphs.reserve(run.glyphs.size());
  for (const auto& g : run.glyphs) {
    glyphs.push_back({g.id, to_pt(run.origin.x + g.x), to_pt(run.origin.y + g.y)});
  }
  if (!usable_clusters(run)) {
    cairo_show_glyphs(cr_, glyphs.data(), static_cast<int>(glyphs.size()));
    return;
  }
  if (resync_words_) {
    show_with_compensated_widths(run, glyphs);
    return;
  }
  show(run, 0, run.clusters.size(), 0, 0, glyphs.size(), glyphs);
}

// cairo 1.16 writes glyph widths truncated to whole thousandths of an em but places the glyphs
// of one text string (TJ) by their exact advances, so a reader's glyphs would drift left by up
// to 1/1000 em each: half a point over a line of body text. Each glyph is given to cairo moved
// right by what the truncated widths before it lose, and cairo's adjustments inside the TJ then
// land it where the layout put it (within cairo's 3/1000 em rounding). That holds from the
// run's text matrix (Tm) on: cairo writes one when the font scale changes, so runs alternate
// between the size and the next larger double (the printed Tm is the same).
void cairo_canvas::show_with_compensated_widths(const page::glyph_run& run, std::vector<cairo_glyph_t>& glyphs) {
  const double size = to_pt(run.size);
  cairo_set_font_size(cr_, nudge_ ? std::nextafter(size, 2 * size + 1) : size);
  nudge_ = !nudge_;
  double lost = 0;
  for (auto& g : glyphs) {
    g.x += lost;
    lost += fonts_.width_truncation(run.font, static_cast<std::uint32_t>(g.index)) * size;
  }
  show(run, 0, run.clusters.size(), 0, 0, glyphs.size(), glyphs);
}

// Shows clusters [first_cluster, last_cluster) with their text and glyphs. The PDF surface
// writes the text and the cluster map into a ToUnicode CMap (and ActualText where needed),
// so text extraction and search see "Delårsrapport", not glyph ids.
void cairo_canvas::show(const page::glyph_run& run, std::size_t first_cluster,
                        std::size_t last_cluster, std::size_t first_byte, std::size_t first_glyph,
                        std::size_t glyph_count, const std::vector<cairo_glyph_t>& glyphs) {
  std::vector<cairo_text_cluster_t> clusters;
  int bytes = 0;
  for (std::size_t i = first_cluster; i < last_cluster; ++i) {
    clusters.push_back({run.clusters[i].bytes, run.clusters[i].glyphs});
    bytes += run.clusters[i].bytes;
  }
  cairo_show_text_glyphs(cr_, run.text.data() + first_byte, bytes, glyphs.data() + first_glyph,
                         static_cast<int>(glyph_count), clusters.data(),
                         static_cast<int>(clusters.size()), cairo_text_cluster_flags_t{});
}

void cairo_canvas::draw_rule(const page::rule& r) {
  if (r.thickness <= 0) return;  // PDF's "0 w" would mean a device-dependent hairline
  cairo_new_path(cr_);
  cairo_set_line_cap(cr_, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_width(cr_, to_pt(r.thickness));
  set_colour(cr_, r.stroke);
  cairo_move_to(cr_, to_pt(r.from.x), to_pt(r.from.y));
  cairo_line_to(cr_, to_pt(r.to.x), to_pt(r.to.y));
  cairo_stroke(cr_);  // PDF: m, l, S
}

void cairo_canvas::fill_rect(const page::filled_rect& r) {
  cairo_new_path(cr_);
  set_colour(cr_, r.fill);
  cairo_rectangle(cr_, to_pt(r.area.x), to_pt(r.area.y), to_pt(r.area.width), to_pt(r.area.height));
  cairo_fill(cr_);  // PDF: re, f
}

void cairo_canvas::draw_image(const page::image_item& i) {
  if (!i.source) return;
  cairo_new_path(cr_);
  // image/ owns the format details: SVG as vectors, JPEG as its own DCT bytes, one surface id
  // per file so the PDF embeds a logo on every page once.
  rapport::draw_image(cr_, *i.source, to_pt(i.area.x), to_pt(i.area.y), to_pt(i.area.width),
                      to_pt(i.area.height));
}

void cairo_canvas::draw_path(const page::path& p) {
  cairo_new_path(cr_);
  for (const auto& [op, where] : p.commands) {
    switch (op) {
      case page::path::op::move:
        cairo_move_to(cr_, to_pt(where.x), to_pt(where.y));
        break;
      case page::path::op::line:
        cairo_line_to(cr_, to_pt(where.x), to_pt(where.y));
        break;
      case page::path::op::close:
        cairo_close_path(cr_);
        break;
    }
  }
  const bool stroke = p.stroked && p.thickness > 0;
  if (p.filled) {
    set_colour(cr_, p.fill);
    if (stroke) {
      cairo_fill_preserve(cr_);
    } else {
      cairo_fill(cr_);
    }
  }
  if (stroke) {
    set_colour(cr_, p.stroke);
    cairo_set_line_cap(cr_, CAIRO_LINE_CAP_BUTT);
    cairo_set_line_width(cr_, to_pt(p.thickness));
    cairo_stroke(cr_);
  }
  cairo_new_path(cr_);
}

void cairo_canvas::add_link(const page::link& l) {
  const std::string attributes = link_attributes(l);
  if (attributes.empty()) return;
  // The PDF surface turns the tag pair into a /Link annotation over `rect`.
  cairo_tag_begin(cr_, CAIRO_TAG_LINK, attributes.c_str());
  cairo_tag_end(cr_, CAIRO_TAG_LINK);
}

std::string cairo_canvas::link_attributes(const page::link& l) const {
  // Only the PDF output knows page numbers; the raster surfaces have no links at all.
  if (output_pages_.empty()) return {};
  const std::string area = fmt::format("rect=[{:.3f} {:.3f} {:.3f} {:.3f}]", to_pt(l.area.x),
                                       to_pt(l.area.y), to_pt(l.area.width), to_pt(l.area.height));
  if (l.target_page >= 0) {
    if (l.target_page >= static_cast<int>(output_pages_.size())) return {};
    const int number = output_pages_[l.target_page];
    if (number == 0) return {};  // the target page is not in this output
    // A named destination, not "page=N": cairo 1.16 writes links to pages it has not reached
    // yet without any target. Names resolve at the end; pdf_canvas places the destinations.
    return "dest=" + quote_attribute(destination_name(l.target_page, l.target_y)) + " " + area;
  }
  if (!l.uri.empty()) return "uri=" + quote_attribute(l.uri) + " " + area;
  return {};
}

void cairo_canvas::draw_debug_box(const page::debug_box& b) {
  struct style {
    std::string_view kind;
    double r, g, b;
  };
  static constexpr style styles[] = {{"text-area", 0.1, 0.3, 0.9},
                                     {"block", 0.1, 0.65, 0.2},
                                     {"cell", 0.95, 0.55, 0.0},
                                     {"baseline", 0.85, 0.0, 0.85}};
  style chosen{"", 0.5, 0.5, 0.5};  // a kind this renderer does not know yet: grey
  for (const auto& s : styles) {
    if (s.kind == b.kind) chosen = s;
  }
  cairo_save(cr_);
  cairo_new_path(cr_);
  cairo_set_source_rgba(cr_, chosen.r, chosen.g, chosen.b, 0.7);
  const double x = to_pt(b.area.x);
  const double y = to_pt(b.area.y);
  if (b.kind == "baseline") {
    // A baseline is a line: the bottom edge of its (usually zero-height) box.
    cairo_set_line_width(cr_, 0.25);
    cairo_move_to(cr_, x, to_pt(b.area.bottom()));
    cairo_line_to(cr_, to_pt(b.area.right()), to_pt(b.area.bottom()));
  } else {
    cairo_set_line_width(cr_, 0.5);
    cairo_rectangle(cr_, x, y, to_pt(b.area.width), to_pt(b.area.height));
  }
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

}  // namespace rapport::render::detail

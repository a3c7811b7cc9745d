// render/cairo: private to this folder: the RAII seam around cairo and FreeType, the font cache
// and cairo_canvas, which draws page items onto whatever surface an output kind provides.
#pragma once

#include <cairo-ft.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "render/render.hpp"

namespace rapport::render::detail {

struct surface_deleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct context_deleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct font_face_deleter {
  void operator()(cairo_font_face_t* f) const { cairo_font_face_destroy(f); }
};
struct ft_library_deleter {
  void operator()(FT_Library lib) const { FT_Done_FreeType(lib); }
};
struct ft_face_deleter {
  void operator()(FT_Face face) const { FT_Done_Face(face); }
};

using surface_ptr = std::unique_ptr<cairo_surface_t, surface_deleter>;
using context_ptr = std::unique_ptr<cairo_t, context_deleter>;
using font_face_ptr = std::unique_ptr<cairo_font_face_t, font_face_deleter>;
using ft_face_ptr = std::unique_ptr<FT_FaceRec_, ft_face_deleter>;

/// Throws std::runtime_error naming `what` if `status` is an error (cairo's errors are sticky,
/// so checking at page end and at finish catches every failed call before it).
void check(cairo_status_t status, const char* what);

/// Every font a render uses, loaded with FreeType on first use and handed to cairo once.
class font_cache {
public:
  explicit font_cache(const std::vector<page::font_ref>& fonts);
  ~font_cache();
  font_cache(const font_cache&) = delete;
  font_cache& operator=(const font_cache&) = delete;

  /// The cairo face for paged_document::fonts[index]; throws if the file cannot be loaded.
  cairo_font_face_t* face(int index);

  /// How much wider, in ems, a glyph is than the width cairo's PDF output writes for it: cairo
  /// writes a font's widths truncated to whole thousandths of an em (cairo 1.16).
  double width_truncation(int index, std::uint32_t glyph);

private:
  const std::vector<page::font_ref>& fonts_;
  std::vector<FT_Face> raw_faces_;  ///< not owned: each is kept by its cairo face
  std::vector<std::unordered_map<std::uint32_t, double>> truncation_;  ///< per font, by glyph
  // Shared with every FT_Face through cairo's user data: cairo may keep a face in its own
  // caches after this cache is gone, and a face must never outlive its library.
  std::shared_ptr<FT_LibraryRec_> library_;
  std::vector<font_face_ptr> faces_;
};

/// Draws page items onto the cairo context of the current page. Output kinds (PDF, PNG, SVG)
/// derive from it and decide what a page's surface is.
class cairo_canvas : public canvas {
public:
  explicit cairo_canvas(const page::paged_document& doc);

  void draw_glyphs(const page::glyph_run& run) override;
  void draw_rule(const page::rule& r) override;
  void fill_rect(const page::filled_rect& r) override;
  void draw_path(const page::path& p) override;
  void add_link(const page::link& l) override;
  void draw_image(const page::image_item& i) override;
  void draw_debug_box(const page::debug_box& b) override;

protected:
  /// Starts drawing a page on `cr`, whose user space is in points, y down from the top-left.
  void start(cairo_t* cr);

  /// cairo's attributes for a link tag ("uri='...' rect=[...]"), or "" when the output has no
  /// such link (a raster output, a target page left out).
  std::string link_attributes(const page::link& l) const;

  const page::paged_document& doc_;
  cairo_t* cr_ = nullptr;          ///< owned by the derived output kind
  std::vector<int> output_pages_;  ///< set by the PDF output to resolve internal links
  bool resync_words_ = false;      ///< set by the PDF output: see draw_glyphs

private:
  void show_with_compensated_widths(const page::glyph_run& run, std::vector<cairo_glyph_t>& glyphs);
  void show(const page::glyph_run& run, std::size_t first_cluster, std::size_t last_cluster,
            std::size_t first_byte, std::size_t first_glyph, std::size_t glyph_count,
            const std::vector<cairo_glyph_t>& glyphs);

  font_cache fonts_;
  bool nudge_ = false;
};

/// cairo's write callback for the stream surfaces: appends to the std::string `closure`.
cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length);

/// Repairs what cairo 1.16 gets wrong in a PDF it wrote: objects listed in the cross-reference
/// table but never written (link annotations' structure elements) become free entries, and
/// /CreationDate and /ModDate get their "D:" prefix. Anything else is returned unchanged.
std::string repair_pdf(std::string pdf);

/// The name of the destination at `y` on document page `page_index` ("rapport-page3-y4718592").
std::string destination_name(int page_index, scaled y);

/// Formats a cairo tag attribute string value: single-quoted with ' and \ escaped.
std::string quote_attribute(const std::string& value);

}  // namespace rapport::render::detail

// render/haru: private to this folder: the RAII seam around libharu (an error handler that
// records, never jumps) and haru_canvas, which draws page items onto libharu pages.
#pragma once

#include <hpdf.h>

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "render/render.hpp"

namespace rapport::render::detail {

/// The name hpdf_error.h gives an error code ("HPDF_FILE_OPEN_ERROR").
const char* haru_error_name(HPDF_STATUS code);

/// One libharu document with its error record. libharu reports errors through a callback; the
/// callback only records the first one, and check() turns it into an exception at the seam.
class haru_document {
public:
  haru_document();
  haru_document(const haru_document&) = delete;
  haru_document& operator=(const haru_document&) = delete;

  HPDF_Doc get() const { return doc_.get(); }

  /// Throws std::runtime_error naming the recorded error and `what` was being done, if any.
  void check(std::string_view what) const;

  /// Sets the document information dictionary (/Info): strings and dates.
  void set_info(const page::document_info& info);

  /// The libharu memory manager, for objects made with libharu's object API.
  HPDF_MMgr mmgr() const { return doc_->mmgr; }

  /// Writes the finished document and returns its bytes.
  std::string save();

private:
  struct error_record {
    HPDF_STATUS code = HPDF_OK;
    HPDF_STATUS detail = 0;
  };
  struct doc_deleter {
    void operator()(HPDF_Doc doc) const { HPDF_Free(doc); }
  };
  static void record_error(HPDF_STATUS code, HPDF_STATUS detail, void* user_data);

  // Declared before the document, whose handler points at it, so it outlives the document.
  std::unique_ptr<error_record> error_ = std::make_unique<error_record>();
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, doc_deleter> doc_;
};

/// A font file loaded into libharu, with the characters shown in it. With the UTF-8 encoder a
/// character's UCS-2 code is also its CID, so `codes` are the CIDs the pages use.
struct loaded_font {
  HPDF_Font font = nullptr;
  std::set<std::uint16_t> codes;
};

/// Draws page items onto libharu pages, one HPDF_Page per page drawn.
class haru_canvas : public canvas {
public:
  haru_canvas(const page::paged_document& doc, haru_document& pdf);

  void begin_page(const page::page& p) override;
  void draw_glyphs(const page::glyph_run& run) override;
  void draw_rule(const page::rule& r) override;
  void fill_rect(const page::filled_rect& r) override;
  void draw_path(const page::path& p) override;
  void add_link(const page::link& l) override;
  void draw_image(const page::image_item& i) override;
  void end_page() override;

  /// How images are embedded: `flatten` composites transparency onto white (PDF/A-1 forbids
  /// it); warnings about flattening and rasterised SVG go to `diag` (may be null).
  void set_image_options(bool flatten, diagnostics* diag) {
    flatten_ = flatten;
    diag_ = diag;
  }

  /// Adds what needs every page to exist first: internal links and the outline.
  void finish();

  /// The fonts drawn with, in the order they were first used.
  const std::vector<loaded_font>& fonts() const { return loaded_; }

private:
  struct pending_link {
    HPDF_Page from;
    HPDF_Rect area;
    int target_page;
    scaled target_y;
  };

  /// The loaded font for paged_document font `index`, loading it on first use.
  loaded_font& font(int index);
  void replace_to_unicode(HPDF_Font font);
  /// A destination on document page `index` at `y` (top-down), or null if it was not drawn.
  HPDF_Destination destination(int index, scaled y);
  /// libharu's coordinates are PDF's: y grows upwards from the bottom of the page.
  HPDF_REAL flip(scaled y) const;
  HPDF_Rect pdf_rect(const rect& r) const;

  const page::paged_document& doc_;
  haru_document& pdf_;
  HPDF_Page page_ = nullptr;
  scaled page_height_ = 0;
  std::vector<int> font_slots_;         ///< paged_document font index -> index in loaded_, or -1
  std::vector<loaded_font> loaded_;     ///< one per font file, in the order first used
  std::map<int, HPDF_Page> pages_;      ///< document page index -> the page drawn for it
  std::map<int, scaled> page_heights_;  ///< document page index -> its height
  /// The XObject made for each image (by its content id): a logo on every page is one object.
  HPDF_Image image_object(const page::image_item& i);
  std::map<std::string, HPDF_Image> images_;
  bool flatten_ = false;
  diagnostics* diag_ = nullptr;
  std::vector<pending_link> links_;
};

/// Finishes the fonts once every page is drawn: a /W array of only the characters used, the
/// font program written now (libharu would do it while saving) without glyph names, and with
/// `pdfa` a /CIDSet, as PDF/A-1 requires of subset CIDFonts.
void finish_fonts(haru_document& pdf, const std::vector<loaded_font>& fonts, bool pdfa);

/// A TrueType font program with its 'post' table cut to version 3.0 (no glyph names: readers
/// find glyphs through /CIDToGIDMap and text through /ToUnicode) and its checksums recomputed;
/// anything that is not a well-formed TrueType file comes back unchanged.
std::string drop_glyph_names(std::string_view font);

/// What the XMP packet says; each field equals its /Info entry.
struct xmp_fields {
  std::string title;
  std::string author;
  std::string subject;
  std::string keywords;
  std::string creator;   ///< xmp:CreatorTool
  std::string producer;  ///< pdf:Producer
  std::string language;  ///< dc:language, when known
  std::int64_t created = 0;  ///< seconds since the epoch; 0 = no dates
};

/// The XMP metadata packet of a PDF/A-1b file: pdfaid part 1, conformance B, and the
/// document information in the schemas PDF/A names for each /Info entry.
std::string xmp_packet(const xmp_fields& fields);

/// Turns the document into PDF/A-1b before it is drawn: PDF 1.4, an sRGB OutputIntent, XMP
/// metadata mirroring /Info, and a placeholder /ID that stamp_document_id fills in.
void make_pdfa(haru_document& pdf, const page::document_info& info);

/// Replaces the placeholder /ID that make_pdfa left in the trailer of `pdf` by the MD5 of the
/// file as written (with the placeholder), so equal content gives an equal ID.
void stamp_document_id(std::string& pdf);

}  // namespace rapport::render::detail

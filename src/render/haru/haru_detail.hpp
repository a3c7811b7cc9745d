// render/haru: private to this folder: the RAII seam around libharu (an error handler that
// records, never jumps) and haru_canvas, which draws page items onto libharu pages.
#pragma once

#include <hpdf.h>

#include <map>
#include <memory>
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
  void end_page() override;

  /// Adds what needs every page to exist first: internal links and the outline.
  void finish();

private:
  struct pending_link {
    HPDF_Page from;
    HPDF_Rect area;
    int target_page;
    scaled target_y;
  };

  HPDF_Font font(int index);
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
  std::vector<HPDF_Font> fonts_;        ///< by paged_document font index, loaded on first use
  std::map<int, HPDF_Page> pages_;      ///< document page index -> the page drawn for it
  std::map<int, scaled> page_heights_;  ///< document page index -> its height
  std::vector<pending_link> links_;
};

}  // namespace rapport::render::detail

// render/haru: the libharu document seam: creation with a recording error handler, document
// information, saving into bytes, and render_pdf_haru, which puts the phases together:
// information (and PDF/A's additions), pages, links and outline, fonts, bytes (and the /ID).
#include <fmt/format.h>

#include <stdexcept>

#include "render/backend_support.hpp"
#include "render/haru/haru_canvas.hpp"
#include "render/haru/haru_detail.hpp"

namespace rapport::render {
namespace detail {

void haru_document::record_error(HPDF_STATUS code, HPDF_STATUS detail, void* user_data) {
  // Keep the first error: later ones are usually its consequences. Returning (rather than
  // longjmp or exit) lets libharu unwind its own call, and check() throws at our seam.
  auto* record = static_cast<error_record*>(user_data);
  if (record->code == HPDF_OK) {
    record->code = code;
    record->detail = detail;
  }
}

haru_document::haru_document() : doc_(HPDF_New(record_error, error_.get())) {
  if (!doc_) throw std::runtime_error("libharu could not create a document (out of memory)");
  // Content streams, fonts and metadata all deflated.
  HPDF_SetCompressionMode(doc_.get(), HPDF_COMP_ALL);
  // Makes the "UTF-8" encoder available, so TrueType fonts take UTF-8 text (Type0 fonts with
  // Identity-H encoding and a ToUnicode map).
  HPDF_UseUTFEncodings(doc_.get());
  check("setting up the document");
}

void haru_document::check(std::string_view what) const {
  if (error_->code == HPDF_OK) return;
  std::string message =
      fmt::format("libharu error 0x{:04X} ({}) while {}", error_->code, haru_error_name(error_->code), what);
  if (error_->detail != 0) message += fmt::format(" (detail {})", error_->detail);
  throw std::runtime_error(message);
}

void haru_document::set_info(const page::document_info& info) {
  // Strings are given in UTF-8 through the current encoder.
  HPDF_SetCurrentEncoder(doc_.get(), "UTF-8");
  const std::pair<HPDF_InfoType, const std::string*> fields[] = {{HPDF_INFO_TITLE, &info.title},
                                                                 {HPDF_INFO_AUTHOR, &info.author},
                                                                 {HPDF_INFO_SUBJECT, &info.subject},
                                                                 {HPDF_INFO_KEYWORDS, &info.keywords},
                                                                 {HPDF_INFO_CREATOR, &info.creator}};
  for (const auto& [key, value] : fields) {
    if (!value->empty()) HPDF_SetInfoAttr(doc_.get(), key, value->c_str());
  }
  // 0 means the layout was given no date; the file then carries none rather than the clock.
  if (info.created != 0) {
    const utc_time t = to_utc(info.created);
    HPDF_Date date{t.year, t.month, t.day, t.hour, t.minute, t.second, 'Z', 0, 0};
    HPDF_SetInfoDateAttr(doc_.get(), HPDF_INFO_CREATION_DATE, date);
    HPDF_SetInfoDateAttr(doc_.get(), HPDF_INFO_MOD_DATE, date);
  }
  check("setting the document information");
}

std::string haru_document::save() {
  HPDF_SaveToStream(doc_.get());
  check("writing the PDF");
  std::string out;
  out.reserve(HPDF_GetStreamSize(doc_.get()));
  HPDF_BYTE buffer[65536];
  while (true) {
    HPDF_UINT32 size = sizeof buffer;
    const HPDF_STATUS status = HPDF_ReadFromStream(doc_.get(), buffer, &size);
    out.append(reinterpret_cast<const char*>(buffer), size);
    if (status == HPDF_STREAM_EOF) {
      // libharu also reports the end of its stream through the error handler: not an error.
      if (error_->code == HPDF_STREAM_EOF) *error_ = {};
      HPDF_ResetError(doc_.get());
      break;
    }
    if (status != HPDF_OK) {
      check("reading the written PDF");
      throw std::runtime_error(
          fmt::format("libharu error 0x{:04X} ({}) while reading the "
                      "written PDF",
                      status, haru_error_name(status)));
    }
  }
  check("reading the written PDF");
  return out;
}

}  // namespace detail

namespace {

template <typename DrawPages>
std::string write_pdf(const page::paged_document& doc, const render_options& options, DrawPages draw_pages) {
  // libharu would write a file with no pages, which readers reject.
  if (doc.pages.empty()) throw std::runtime_error("cannot write a PDF of a document with no pages");
  // libharu writes no marked content and no structure tree: say so rather than drop it.
  if (options.diag && !doc.structure.empty()) {
    options.diag->warning({"rapport render", 0, 0},
                          "the haru backend cannot write a tagged PDF; headings, tables, lists "
                          "and chart descriptions are not marked for screen readers",
                          "leave out --backend haru: the cairo backend writes tagged PDF");
  }
  detail::haru_document pdf;
  pdf.set_info(doc.info);
  // The metadata mirrors /Info, so it is made once /Info is complete.
  if (options.pdfa) detail::make_pdfa(pdf, doc.info);
  detail::haru_canvas target(doc, pdf);
  target.set_image_options(options.pdfa, options.diag);
  draw_pages(target);
  target.finish();
  detail::finish_fonts(pdf, target.fonts(), options.pdfa);
  std::string bytes = pdf.save();
  if (options.pdfa) detail::stamp_document_id(bytes);
  return bytes;
}

}  // namespace

std::string render_pdf_haru(const page::paged_document& doc, const render_options& options) {
  return write_pdf(doc, options, [&](canvas& target) { draw(doc, target, options); });
}

std::string render_pdf_haru(page::paged_document&& doc, const render_options& options) {
  return write_pdf(doc, options, [&](canvas& target) { draw_and_release(doc, target, options); });
}

}  // namespace rapport::render

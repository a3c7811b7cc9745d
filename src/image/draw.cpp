// Drawing an image onto a cairo context: SVG as vectors, PNG as pixels, JPEG as its own DCT
// bytes; each tagged with a unique id so cairo's PDF output embeds it once per document.
#include <cairo.h>
#include <fmt/format.h>

#include <string>

#include "image/svg_handle.hpp"

namespace rapport {

namespace {

// Attaches `bytes` as `mime_type` mime data; cairo keeps the copy as long as the surface
// (a PDF surface holds its sources until it is finished).
void attach(cairo_surface_t* surface, const char* mime_type, const std::string& bytes) {
  auto* copy = new std::string(bytes);
  cairo_status_t status = cairo_surface_set_mime_data(
      surface, mime_type, reinterpret_cast<const unsigned char*>(copy->data()), copy->size(),
      [](void* p) { delete static_cast<std::string*>(p); }, copy);
  if (status != CAIRO_STATUS_SUCCESS) {
    delete copy;
    throw fatal_error({}, fmt::format("cannot attach {} data to an image: {}", mime_type,
                                      cairo_status_to_string(status)));
  }
}

// Outputs that embed a JPEG's mime data themselves and never read the surface's pixels.
bool embeds_jpeg(cairo_t* cr) {
  switch (cairo_surface_get_type(cairo_get_target(cr))) {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
      return true;
    default:
      return false;
  }
}

// Paints `source` (of size source_w × source_h in its own units) into the rectangle.
void paint(cairo_t* cr, cairo_surface_t* source, double source_w, double source_h, double x,
           double y, double width, double height) {
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, width / source_w, height / source_h);
  cairo_set_source_surface(cr, source, 0, 0);
  cairo_paint(cr);  // PDF: one `Do` of the image or form XObject
  cairo_restore(cr);
}

}  // namespace

void draw_image(cairo_t* cr, const image& img, double x, double y, double width, double height) {
  if (!(width > 0) || !(height > 0)) return;
  if (img.kind == image_kind::svg) {
    // Recorded once, at the drawing's own size, into a vector recording surface whose id names
    // the image: an SVG logo on the cover and in every header is one form XObject in PDF,
    // scaled where it is shown.
    const double natural_w = img.width_pt > 0 ? img.width_pt : width;
    const double natural_h = img.height_pt > 0 ? img.height_pt : height;
    cairo_rectangle_t extents{0, 0, natural_w, natural_h};
    detail::cairo_surface_ptr recording(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents));
    {
      detail::cairo_ptr rec(cairo_create(recording.get()));
      draw_svg(rec.get(), img, 0, 0, natural_w, natural_h);
    }
    attach(recording.get(), CAIRO_MIME_TYPE_UNIQUE_ID, img.id + "@svg");
    paint(cr, recording.get(), natural_w, natural_h, x, y, width, height);
    return;
  }
  detail::cairo_surface_ptr surface;
  if (img.kind == image_kind::png) {
    surface = detail::premultiply(img.decoded);
  } else if (embeds_jpeg(cr)) {
    // The pixels are never read: cairo embeds the JPEG's bytes (DCTDecode). RGB24 also keeps
    // cairo from scanning them for transparency.
    surface.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, img.width_px, img.height_px));
    attach(surface.get(), CAIRO_MIME_TYPE_JPEG, img.bytes);
  } else {
    surface = detail::premultiply(decode_jpeg(img));
    attach(surface.get(), CAIRO_MIME_TYPE_JPEG, img.bytes);
  }
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    throw fatal_error({}, fmt::format("cannot draw the image '{}': {}", img.name,
                                      cairo_status_to_string(cairo_surface_status(surface.get()))));
  attach(surface.get(), CAIRO_MIME_TYPE_UNIQUE_ID, img.id);
  paint(cr, surface.get(), img.width_px, img.height_px, x, y, width, height);
}

}  // namespace rapport

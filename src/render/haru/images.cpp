// render/haru: images as libharu XObjects, one per file: JPEG embedded as-is (DCT), PNG as raw
// colour planes with a soft mask, SVG rasterised (libharu draws no SVG) with a warning.
#include <fmt/format.h>

#include "render/haru/haru_detail.hpp"

namespace rapport::render::detail {

namespace {

constexpr double svg_dpi = 200;  // the resolution an SVG is rasterised at (docs/images.md)

// Loads colour and alpha planes as an image XObject with a soft mask.
HPDF_Image load_planes(haru_document& pdf, const pixel_planes& planes) {
  const auto w = static_cast<HPDF_UINT>(planes.width), h = static_cast<HPDF_UINT>(planes.height);
  HPDF_Image image = HPDF_LoadRawImageFromMem(
      pdf.get(), planes.colour.data(), w, h,
      planes.components == 1 ? HPDF_CS_DEVICE_GRAY : HPDF_CS_DEVICE_RGB, 8);
  pdf.check("embedding an image");
  if (!planes.alpha.empty()) {
    HPDF_Image mask =
        HPDF_LoadRawImageFromMem(pdf.get(), planes.alpha.data(), w, h, HPDF_CS_DEVICE_GRAY, 8);
    pdf.check("embedding an image's transparency");
    HPDF_Image_AddSMask(image, mask);
    pdf.check("embedding an image's transparency");
  }
  return image;
}

}  // namespace

HPDF_Image haru_canvas::image_object(const page::image_item& i) {
  const rapport::image& img = *i.source;
  if (auto it = images_.find(img.id); it != images_.end()) return it->second;
  const source_loc here{"rapport render", 0, 0};
  HPDF_Image object = nullptr;
  switch (img.kind) {
    case image_kind::jpeg:
      // The DCT stream as read: never decoded and re-encoded.
      object = HPDF_LoadJpegImageFromMem(pdf_.get(),
                                         reinterpret_cast<const HPDF_BYTE*>(img.bytes.data()),
                                         static_cast<HPDF_UINT>(img.bytes.size()));
      pdf_.check(fmt::format("embedding the JPEG image '{}'", img.name));
      break;
    case image_kind::png:
      if (flatten_ && img.alpha && diag_)
        diag_->warning(here,
                       fmt::format("image '{}' has transparency, which PDF/A-1 forbids; it is "
                                   "flattened onto white",
                                   img.name),
                       "give the image a white background to keep its look");
      object =
          load_planes(pdf_, split_planes(img.decoded, img.colour == image_colour::grey, flatten_));
      break;
    case image_kind::svg: {
      if (diag_)
        diag_->warning(here,
                       fmt::format("the haru backend cannot draw SVG as vectors: image '{}' is "
                                   "rasterised at {} dpi",
                                   img.name, svg_dpi),
                       "leave out --backend haru: the cairo backend keeps SVG as vectors");
      const pixels px = rasterize_svg(img, to_pt(i.area.width), to_pt(i.area.height), svg_dpi);
      object = load_planes(pdf_, split_planes(px, false, flatten_));
      break;
    }
  }
  images_.emplace(img.id, object);
  return object;
}

void haru_canvas::draw_image(const page::image_item& i) {
  if (!i.source) return;
  HPDF_Image object = image_object(i);
  const HPDF_Rect a = pdf_rect(i.area);
  HPDF_Page_DrawImage(page_, object, a.left, a.bottom, a.right - a.left,
                      a.top - a.bottom);  // q cm Do Q
  pdf_.check("drawing an image");
}

}  // namespace rapport::render::detail

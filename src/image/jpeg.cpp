// JPEG: libjpeg-turbo reads only the header (size, components, CMYK, density); the file's
// bytes are embedded as-is, so PDF output never decodes or re-encodes a photo. Decoding is
// only for raster previews.
#include <fmt/format.h>
#include <jerror.h>
#include <jpeglib.h>

#include <csetjmp>
#include <cstdio>  // jpeglib.h needs FILE
#include <cstring>

#include "image/image_detail.hpp"

namespace rapport::detail {

namespace {

// libjpeg's default error_exit calls exit(); ours records the message and jumps back to the
// one function that called setjmp. Those functions hold no C++ object with a destructor
// between setjmp and the libjpeg calls, so the jump skips nothing.
struct jpeg_errors {
  jpeg_error_mgr mgr;  // first: libjpeg hands us a pointer to it
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  bool hit_eof;  // libjpeg ran out of data and inserted a fake end-of-image
};

extern "C" void on_jpeg_error(j_common_ptr cinfo) {
  auto* errors = reinterpret_cast<jpeg_errors*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, errors->message);
  std::longjmp(errors->jump, 1);
}

extern "C" void on_jpeg_message(j_common_ptr cinfo, int level) {
  // Warnings (level -1) are corrupt-data notices; the end of input is the one we act on.
  auto* errors = reinterpret_cast<jpeg_errors*>(cinfo->err);
  if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) errors->hit_eof = true;
}

// A progressive JPEG may hold thousands of tiny scans that each cost a pass over the whole
// image (a known way to make decoders crawl); no real file has more than a few dozen.
constexpr int max_scans = 1000;

extern "C" void on_jpeg_progress(j_common_ptr cinfo) {
  auto* d = reinterpret_cast<j_decompress_ptr>(cinfo);
  if (d->input_scan_number > max_scans) {
    auto* errors = reinterpret_cast<jpeg_errors*>(cinfo->err);
    std::snprintf(errors->message, sizeof errors->message, "more than %d scans", max_scans);
    std::longjmp(errors->jump, 1);
  }
}

void install(jpeg_decompress_struct& cinfo, jpeg_errors& errors) {
  std::memset(&errors, 0, sizeof errors);
  cinfo.err = jpeg_std_error(&errors.mgr);
  errors.mgr.error_exit = on_jpeg_error;
  errors.mgr.emit_message = on_jpeg_message;
}

struct jpeg_header {
  int width = 0;
  int height = 0;
  int components = 0;
  J_COLOR_SPACE space = JCS_UNKNOWN;
  bool adobe = false;
  bool progressive = false;
  bool arithmetic = false;
  int density_unit = 0;
  int x_density = 0;
  int y_density = 0;
  std::size_t scan_start = 0;  // offset of the first scan's entropy-coded data
};

// Plain C-style on purpose: see jpeg_errors.
bool read_header(const std::string& bytes, jpeg_header& out, jpeg_errors& errors) {
  jpeg_decompress_struct cinfo;
  install(cinfo, errors);
  if (setjmp(errors.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  jpeg_create_decompress(&cinfo);
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&cinfo, TRUE);
  out.width = static_cast<int>(cinfo.image_width);
  out.height = static_cast<int>(cinfo.image_height);
  out.components = cinfo.num_components;
  out.space = cinfo.jpeg_color_space;
  out.adobe = cinfo.saw_Adobe_marker;
  out.progressive = cinfo.progressive_mode;
  out.arithmetic = cinfo.arith_code;
  if (cinfo.saw_JFIF_marker) {
    out.density_unit = cinfo.density_unit;
    out.x_density = cinfo.X_density;
    out.y_density = cinfo.Y_density;
  }
  out.scan_start = static_cast<std::size_t>(cinfo.src->next_input_byte - data);
  jpeg_destroy_decompress(&cinfo);
  return true;
}

// Decodes into `out` (sized here, owned by the caller so the jump cannot leak it).
bool decode(const std::string& bytes, std::vector<std::uint8_t>& out, int& width, int& height,
            jpeg_errors& errors) {
  jpeg_decompress_struct cinfo;
  install(cinfo, errors);
  if (setjmp(errors.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_progress_mgr progress{};
  progress.progress_monitor = on_jpeg_progress;
  cinfo.progress = &progress;
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.data()),
               static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&cinfo, TRUE);
  bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  bool inverted = cmyk && cinfo.saw_Adobe_marker;
  cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_RGBA;
  jpeg_start_decompress(&cinfo);
  width = static_cast<int>(cinfo.output_width);
  height = static_cast<int>(cinfo.output_height);
  out.assign(std::size_t(width) * height * 4, 0);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = out.data() + std::size_t(cinfo.output_scanline) * width * 4;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  if (cmyk) {
    // A naive CMYK → RGB for previews only; Adobe files store the inks inverted.
    for (std::size_t i = 0; i < out.size(); i += 4) {
      int c = out[i], m = out[i + 1], y = out[i + 2], k = out[i + 3];
      if (!inverted) c = 255 - c, m = 255 - m, y = 255 - y, k = 255 - k;
      out[i] = static_cast<std::uint8_t>(c * k / 255);
      out[i + 1] = static_cast<std::uint8_t>(m * k / 255);
      out[i + 2] = static_cast<std::uint8_t>(y * k / 255);
      out[i + 3] = 255;
    }
  }
  return !errors.hit_eof;
}

}  // namespace

void read_jpeg(image& img, const source_loc& at, const image_limits& limits) {
  jpeg_header h;
  jpeg_errors errors;
  bool ok = read_header(img.bytes, h, errors);
  if (errors.hit_eof)
    fail(at, fmt::format("the JPEG image '{}' is truncated (the file ends inside its header)",
                         img.name));
  if (!ok) fail(at, fmt::format("the JPEG image '{}' is corrupt ({})", img.name, errors.message));
  check_dimensions(h.width, h.height, img, at, limits);
  // The header alone says nothing about the scans; a JPEG whose data stops short has no
  // end-of-image marker after its first scan (0xFF in entropy-coded data is always stuffed).
  if (img.bytes.find("\xff\xd9", h.scan_start) == std::string::npos)
    fail(at,
         fmt::format("the JPEG image '{}' is truncated (it has no end-of-image marker)", img.name));
  if (h.arithmetic)
    fail(
        at,
        fmt::format("the JPEG image '{}' uses arithmetic coding, which PDF cannot embed", img.name),
        "save it again as a baseline or progressive JPEG");
  img.width_px = h.width;
  img.height_px = h.height;
  img.components = h.components;
  img.bit_depth = 8;
  img.interlaced = h.progressive;
  img.alpha = false;
  bool cmyk = h.space == JCS_CMYK || h.space == JCS_YCCK;
  img.colour = cmyk                ? image_colour::cmyk
               : h.components == 1 ? image_colour::grey
                                   : image_colour::rgb;
  img.inverted_cmyk = cmyk && h.adobe;
  double per_inch = h.density_unit == 1 ? 1.0 : h.density_unit == 2 ? 2.54 : 0.0;
  img.dpi_x = plausible_dpi(h.x_density * per_inch);
  img.dpi_y = plausible_dpi(h.y_density * per_inch);
  img.width_pt = img.width_px * 72.0 / img.dpi_x;
  img.height_pt = img.height_px * 72.0 / img.dpi_y;
}

}  // namespace rapport::detail

namespace rapport {

pixels decode_jpeg(const image& jpeg) {
  if (jpeg.kind != image_kind::jpeg)
    throw fatal_error(
        {}, fmt::format("cannot decode '{}' as JPEG: it is {}", jpeg.name, to_string(jpeg.kind)));
  pixels px;
  detail::jpeg_errors errors;
  if (!detail::decode(jpeg.bytes, px.rgba, px.width, px.height, errors)) {
    std::string why =
        errors.hit_eof ? std::string("the data ends early") : std::string(errors.message);
    throw fatal_error({},
                      fmt::format("the JPEG image '{}' cannot be decoded ({})", jpeg.name, why));
  }
  return px;
}

}  // namespace rapport

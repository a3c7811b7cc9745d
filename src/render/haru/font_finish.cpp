// render/haru: finishes each font once every page is drawn: widths of the characters used,
// the font program written and cut down, and (PDF/A) the /CIDSet of a subset CIDFont.
#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "render/haru/haru_detail.hpp"

namespace rapport::render::detail {
namespace {

std::string utf8(std::uint16_t code) {
  std::string out;
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
  return out;
}

// The whole content of one of libharu's memory streams.
std::string stream_bytes(HPDF_Stream stream) {
  std::string out;
  const HPDF_UINT count = HPDF_MemStream_GetBufCount(stream);
  for (HPDF_UINT i = 0; i < count; ++i) {
    HPDF_UINT length = 0;
    const HPDF_BYTE* data = HPDF_MemStream_GetBufPtr(stream, i, &length);
    if (data) out.append(reinterpret_cast<const char*>(data), length);
  }
  return out;
}

void replace_stream_bytes(HPDF_Stream stream, const std::string& bytes) {
  HPDF_MemStream_FreeData(stream);
  HPDF_Stream_Write(stream, reinterpret_cast<const HPDF_BYTE*>(bytes.data()),
                    static_cast<HPDF_UINT>(bytes.size()));
}

// PDF 1.4 allows arrays of at most 8191 elements; a run of widths is cut well before that.
constexpr std::size_t max_run = 4096;

// libharu gives the CIDFont a /W entry for every character of the font's cmap (10 kB a font,
// uncompressed); the pages only need those they show. The widths are libharu's own (whole
// thousandths of an em), so the reader advances exactly as the canvas expected.
// /W [first [w w ...] first [w ...] ...]
void write_widths(haru_document& pdf, const loaded_font& f, HPDF_Dict cid_font) {
  const HPDF_Array widths = HPDF_Array_New(pdf.mmgr());
  pdf.check("making a font's widths");
  HPDF_Array run = nullptr;
  std::size_t run_length = 0;
  int previous = -2;
  for (const std::uint16_t code : f.codes) {
    const std::string text = utf8(code);
    const HPDF_TextWidth w = HPDF_Font_TextWidth(
        f.font, reinterpret_cast<const HPDF_BYTE*>(text.data()), static_cast<HPDF_UINT>(text.size()));
    if (!run || code != previous + 1 || run_length == max_run) {
      HPDF_Array_AddNumber(widths, code);
      run = HPDF_Array_New(pdf.mmgr());
      HPDF_Array_Add(widths, run);
      run_length = 0;
    }
    HPDF_Array_AddNumber(run, static_cast<HPDF_INT32>(w.width));
    ++run_length;
    previous = code;
  }
  HPDF_Dict_Add(cid_font, "W", widths);
  pdf.check("writing a font's widths");
}

// /CIDSet: a bit per CID (the first CID in the high bit of the first byte), set for each CID
// the font program holds a glyph for. Through libharu's /CIDToGIDMap every CID it maps names
// a glyph of the embedded program (GID 0, .notdef, for characters the font lacks), so the
// set is every CID of the map. This is also how veraPDF reads it: each CID set must map to a
// GID below the program's glyph count, and at least that many CIDs must be set.
void add_cid_set(haru_document& pdf, const HPDF_FontAttr attr, HPDF_Dict descriptor) {
  if (!attr->map_stream) {
    throw std::runtime_error("libharu wrote no CIDToGIDMap for an embedded font");
  }
  const std::size_t cids = attr->map_stream->stream->size / 2;
  std::string bits((cids + 7) / 8, '\xFF');
  if (cids % 8 != 0) bits.back() = static_cast<char>(0xFF << (8 - cids % 8));
  const HPDF_Dict set = HPDF_DictStream_New(pdf.mmgr(), attr->xref);
  pdf.check("making a font's CIDSet");
  set->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
  replace_stream_bytes(set->stream, bits);
  HPDF_Dict_Add(descriptor, "CIDSet", set);
  pdf.check("adding a font's CIDSet");
}

}  // namespace

void finish_fonts(haru_document& pdf, const std::vector<loaded_font>& fonts, bool pdfa) {
  for (const loaded_font& f : fonts) {
    const auto attr = static_cast<HPDF_FontAttr>(f.font->attr);
    if (!attr || attr->type != HPDF_FONT_TYPE0_TT || !attr->descendant_font) {
      throw std::runtime_error("libharu loaded a font as something other than a TrueType CIDFont");
    }
    write_widths(pdf, f, attr->descendant_font);

    // libharu makes the font descriptor and the font program in a hook it runs while saving,
    // when every glyph shown is known. All pages are drawn now, so running it here gives the
    // same program and lets it be edited; when saving, libharu finds the descriptor made and
    // only sets the font's names again.
    if (f.font->before_write_fn && f.font->before_write_fn(f.font) != HPDF_OK) {
      pdf.check("writing a font program");
      throw std::runtime_error("libharu could not write a font program");
    }
    pdf.check("writing a font program");
    const HPDF_Dict descriptor = attr->fontdef->descriptor;
    const auto program =
        descriptor ? static_cast<HPDF_Dict>(HPDF_Dict_GetItem(descriptor, "FontFile2", HPDF_OCLASS_DICT))
                   : nullptr;
    if (!program) {
      pdf.check("reading a font program");
      throw std::runtime_error(fmt::format("libharu embedded no font program for '{}'",
                                           attr->fontdef->base_font));
    }
    const std::string compact = drop_glyph_names(stream_bytes(program->stream));
    replace_stream_bytes(program->stream, compact);
    HPDF_Dict_AddNumber(program, "Length1", static_cast<HPDF_UINT32>(compact.size()));
    pdf.check("rewriting a font program");

    if (pdfa) add_cid_set(pdf, attr, descriptor);
  }
}

}  // namespace rapport::render::detail

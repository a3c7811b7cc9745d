// render/haru: loads a paged_document's fonts into libharu (embedded TrueType, UTF-8 text) and
// gives each a correct ToUnicode map.
#include <fmt/format.h>

#include <stdexcept>

#include "render/haru/haru_detail.hpp"

namespace rapport::render::detail {
namespace {

bool is_collection(const std::string& path) {
  return path.ends_with(".ttc") || path.ends_with(".TTC");
}

// With the UTF-8 encoder, libharu writes each character as its 2-byte UCS-2 code (Identity-H,
// with a CIDToGIDMap to the font's glyphs), so the text behind a code is the code itself.
// libharu 2.3.0's own ToUnicode map says so with CID operators that readers reject
// (poppler: "Invalid 'begincidrange' operator in ToUnicode CMap"); this one uses bfrange.
std::string identity_to_unicode() {
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n"
      "12 dict begin\n"
      "begincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n"
      "/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  // A bfrange may only vary in its last byte, so the plane goes in rows of 256 codes; the
  // surrogate rows D8-DF are not characters. At most 100 ranges per block.
  std::vector<int> rows;
  for (int row = 0; row < 256; ++row) {
    if (row < 0xD8 || row > 0xDF) rows.push_back(row);
  }
  for (std::size_t start = 0; start < rows.size(); start += 100) {
    const std::size_t end = std::min(rows.size(), start + 100);
    cmap += fmt::format("{} beginbfrange\n", end - start);
    for (std::size_t i = start; i < end; ++i) {
      cmap += fmt::format("<{0:02X}00> <{0:02X}FF> <{0:02X}00>\n", rows[i]);
    }
    cmap += "endbfrange\n";
  }
  cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return cmap;
}

}  // namespace

loaded_font& haru_canvas::font(int index) {
  if (index < 0 || index >= static_cast<int>(font_slots_.size())) {
    throw std::runtime_error(fmt::format("glyph run uses font {}, but the document has {} fonts",
                                         index, font_slots_.size()));
  }
  if (font_slots_[index] >= 0) return loaded_[font_slots_[index]];
  const page::font_ref& ref = doc_.fonts[index];
  // Two font_refs may name the same file; libharu must load each file only once.
  for (std::size_t i = 0; i < font_slots_.size(); ++i) {
    if (font_slots_[i] >= 0 && doc_.fonts[i].path == ref.path &&
        doc_.fonts[i].face_index == ref.face_index) {
      font_slots_[index] = font_slots_[i];
      return loaded_[font_slots_[index]];
    }
  }
  // HPDF_TRUE: embed the font program (FontFile2), as PDF/A and every reader need. libharu
  // keeps only the outlines of the glyphs shown (a subset, named with a tag like HPDFAA+).
  const char* name =
      ref.face_index != 0 || is_collection(ref.path)
          ? HPDF_LoadTTFontFromFile2(pdf_.get(), ref.path.c_str(),
                                     static_cast<HPDF_UINT>(ref.face_index), HPDF_TRUE)
          : HPDF_LoadTTFontFromFile(pdf_.get(), ref.path.c_str(), HPDF_TRUE);
  pdf_.check(fmt::format("loading font '{}'", ref.path));
  if (!name) throw std::runtime_error(fmt::format("libharu could not load font '{}'", ref.path));
  const HPDF_Font loaded = HPDF_GetFont(pdf_.get(), name, "UTF-8");
  pdf_.check(fmt::format("loading font '{}'", ref.path));
  replace_to_unicode(loaded);
  font_slots_[index] = static_cast<int>(loaded_.size());
  loaded_.push_back({loaded, {}});
  return loaded_.back();
}

void haru_canvas::replace_to_unicode(HPDF_Font font) {
  // The stream object stays the one libharu made; only its content is rewritten.
  const auto stream =
      static_cast<HPDF_Dict>(HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT));
  if (!stream) {
    pdf_.check("reading a font's ToUnicode map");
    return;  // a libharu that makes no ToUnicode map at load time: nothing to repair
  }
  static const std::string cmap = identity_to_unicode();
  HPDF_MemStream_FreeData(stream->stream);
  HPDF_Stream_WriteStr(stream->stream, cmap.c_str());
  stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
  pdf_.check("writing a font's ToUnicode map");
}

}  // namespace rapport::render::detail

// text/ private: the font book's internals (FreeType and HarfBuzz objects), shared with the shaper.
#pragma once

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "text/text.hpp"

namespace rapport::text {

namespace detail {

struct ft_library_deleter {
  void operator()(FT_Library lib) const { FT_Done_FreeType(lib); }
};
struct ft_face_deleter {
  void operator()(FT_Face face) const { FT_Done_Face(face); }
};
struct hb_blob_deleter {
  void operator()(hb_blob_t* blob) const { hb_blob_destroy(blob); }
};
struct hb_face_deleter {
  void operator()(hb_face_t* face) const { hb_face_destroy(face); }
};
struct hb_font_deleter {
  void operator()(hb_font_t* font) const { hb_font_destroy(font); }
};

using ft_library_ptr = std::unique_ptr<FT_LibraryRec_, ft_library_deleter>;
using ft_face_ptr = std::unique_ptr<FT_FaceRec_, ft_face_deleter>;
using hb_blob_ptr = std::unique_ptr<hb_blob_t, hb_blob_deleter>;
using hb_face_ptr = std::unique_ptr<hb_face_t, hb_face_deleter>;
using hb_font_ptr = std::unique_ptr<hb_font_t, hb_font_deleter>;

/// Vertical metrics in font design units, scaled to a size on request.
struct design_metrics {
  int ascender = 0;
  int descender = 0;  ///< positive, below the baseline
  int cap_height = 0;
  int x_height = 0;
};

/// A font file open for FreeType to read on demand (pread at the offsets it asks for). Layout
/// needs the header and a few tables of a face, not its outlines: reading whole files cost more
/// than laying out the 46-page benchmark report. Reads, not a memory map, so a font file that is
/// replaced while a long-lived process (rapport serve) holds it gives read errors, not SIGBUS.
struct font_file {
  int fd = -1;
  FT_StreamRec stream{};
  font_file() = default;
  font_file(const font_file&) = delete;
  font_file& operator=(const font_file&) = delete;
  ~font_file();
};

/// One loaded font. HarfBuzz gets its tables through FreeType (hb_ft_face_create_referenced),
/// which loads each table once when shaping first needs it. Members are destroyed in reverse
/// order: the HarfBuzz objects, then the FreeType face, then the file it reads.
struct loaded_face {
  std::unique_ptr<font_file> file;
  ft_face_ptr ft;
  hb_face_ptr hb_face;
  hb_font_ptr hb_font;  ///< scaled to units_per_em, so HarfBuzz positions are design units
  int units_per_em = 1000;
  design_metrics design;
};

/// Converts a length in design units to scaled points at an em size, rounding half away from
/// zero with integer arithmetic so every machine gets the same answer.
inline scaled design_to_scaled(std::int64_t units, scaled size, int units_per_em) {
  const std::int64_t product = units * size;
  const std::int64_t half = units_per_em / 2;
  return product >= 0 ? (product + half) / units_per_em : -((-product + half) / units_per_em);
}

struct family_faces {
  font_id regular = 0;
  std::optional<font_id> bold;
  std::optional<font_id> italic;
  std::optional<font_id> bold_italic;
};

}  // namespace detail

struct font_book::impl {
  std::vector<std::filesystem::path> search_dirs;
  detail::ft_library_ptr library;  // declared before the faces so it outlives them
  std::vector<std::unique_ptr<detail::loaded_face>> faces;
  std::vector<page::font_ref> refs;
  std::map<std::string, font_id> by_path;  // canonical path → id
  std::map<std::string, detail::family_faces> families;
  std::vector<font_id> fallbacks;

  const detail::loaded_face& at(font_id id) const;
};

}  // namespace rapport::text

// render/cairo: loads the fonts a render uses with FreeType, once each, and hands them to cairo.
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "render/cairo/cairo_detail.hpp"

#include FT_ADVANCES_H

namespace rapport::render::detail {
namespace {

// What cairo keeps alive with a font face: the FT_Face it reads glyphs from and a share of the
// library that made it. Members are destroyed in reverse order: the face before the library.
struct face_keeper {
  std::shared_ptr<FT_LibraryRec_> library;
  ft_face_ptr face;
};

cairo_user_data_key_t keeper_key;

void destroy_keeper(void* data) {
  delete static_cast<face_keeper*>(data);
}

std::shared_ptr<FT_LibraryRec_> new_library() {
  FT_Library library = nullptr;
  if (const FT_Error error = FT_Init_FreeType(&library); error != 0) {
    throw std::runtime_error(fmt::format("cannot start FreeType (error {})", error));
  }
  return std::shared_ptr<FT_LibraryRec_>(library, ft_library_deleter{});
}

}  // namespace

void check(cairo_status_t status, const char* what) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(
        fmt::format("cairo error while {}: {}", what, cairo_status_to_string(status)));
  }
}

font_cache::font_cache(const std::vector<page::font_ref>& fonts)
    : fonts_(fonts), raw_faces_(fonts.size(), nullptr), truncation_(fonts.size()), faces_(fonts.size()) {}

font_cache::~font_cache() = default;

cairo_font_face_t* font_cache::face(int index) {
  if (index < 0 || index >= static_cast<int>(fonts_.size())) {
    throw std::runtime_error(
        fmt::format("glyph run uses font {}, but the document has {} fonts", index, fonts_.size()));
  }
  if (faces_[index]) return faces_[index].get();
  if (!library_) library_ = new_library();

  const page::font_ref& ref = fonts_[index];
  FT_Face raw = nullptr;
  if (const FT_Error error = FT_New_Face(library_.get(), ref.path.c_str(), ref.face_index, &raw);
      error != 0) {
    throw std::runtime_error(
        fmt::format("cannot load font '{}' (FreeType error {})", ref.path, error));
  }
  auto keeper = std::make_unique<face_keeper>(face_keeper{library_, ft_face_ptr(raw)});

  // Outlines are drawn unhinted so that PDF, PNG and SVG show the same glyph shapes.
  font_face_ptr cairo_face(cairo_ft_font_face_create_for_ft_face(raw, FT_LOAD_NO_HINTING));
  check(cairo_font_face_status(cairo_face.get()), "creating a font face");
  check(cairo_font_face_set_user_data(cairo_face.get(), &keeper_key, keeper.get(), destroy_keeper),
        "attaching a font to its face");
  keeper.release();  // now owned by the cairo face, freed when cairo drops its last reference
  faces_[index] = std::move(cairo_face);
  raw_faces_[index] = raw;
  return faces_[index].get();
}

double font_cache::width_truncation(int index, std::uint32_t glyph) {
  face(index);  // loads it, or throws
  auto& known = truncation_[static_cast<std::size_t>(index)];
  if (const auto found = known.find(glyph); found != known.end()) return found->second;
  FT_Face raw = raw_faces_[static_cast<std::size_t>(index)];
  FT_Fixed advance = 0;
  double error = 0;
  // Font units, whatever size cairo last set on the face.
  if (raw->units_per_EM > 0 && FT_Get_Advance(raw, glyph, FT_LOAD_NO_SCALE, &advance) == 0) {
    const double thousandths = static_cast<double>(advance) * 1000.0 / raw->units_per_EM;
    error = (thousandths - std::trunc(thousandths)) / 1000.0;
  }
  known.emplace(glyph, error);
  return error;
}

}  // namespace rapport::render::detail

// text/ font book: finds font files in the allowed folders, loads them once with FreeType and
// HarfBuzz, and answers questions about faces (families, metrics, coverage).
#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "text/detail_font_book.hpp"

// Needs ft2build.h, which the font book's private header brings in.
#include FT_TRUETYPE_TABLES_H
#include <fcntl.h>
#include <hb-ft.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace rapport::text {

namespace fs = std::filesystem;

namespace {

/// How a search folder is named in messages: as given, with a trailing slash.
std::string folder_label(const fs::path& dir) {
  const std::string s = dir.empty() ? std::string(".") : dir.generic_string();
  return s.ends_with('/') ? s : fmt::format("{}/", s);
}

/// Font files under the search folders, as paths relative to them, for 'did you mean' hints.
std::vector<std::string> candidate_files(const std::vector<fs::path>& dirs) {
  std::vector<std::string> out;
  for (const auto& dir : dirs) {
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (it.depth() > 2) {
        it.disable_recursion_pending();
        continue;
      }
      std::error_code type_ec;
      if (it->is_regular_file(type_ec)) {
        out.push_back(it->path().lexically_relative(dir).generic_string());
      }
    }
  }
  std::sort(out.begin(), out.end());  // directory order differs between machines
  return out;
}

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

/// The top of a glyph's outline in design units, or 0 when the font lacks the character.
int glyph_top(FT_Face face, char32_t code_point) {
  if (FT_Get_Char_Index(face, code_point) == 0) return 0;
  if (FT_Load_Char(face, code_point, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) != 0) return 0;
  return static_cast<int>(face->glyph->metrics.horiBearingY);
}

/// Reads ascender, descender, cap height and x height from the OS/2 table where the font has
/// one, else from hhea (FreeType's face metrics) and the outlines of 'H' and 'x'.
detail::design_metrics read_design_metrics(FT_Face face) {
  detail::design_metrics m;
  const auto* os2 = static_cast<const TT_OS2*>(FT_Get_Sfnt_Table(face, FT_SFNT_OS2));
  const bool has_os2 = os2 != nullptr && os2->version != 0xFFFF;
  if (has_os2 && (os2->sTypoAscender != 0 || os2->sTypoDescender != 0)) {
    m.ascender = os2->sTypoAscender;
    m.descender = -os2->sTypoDescender;
  } else {
    m.ascender = face->ascender;
    m.descender = -face->descender;
  }
  if (has_os2 && os2->version >= 2 && os2->sCapHeight > 0) m.cap_height = os2->sCapHeight;
  if (has_os2 && os2->version >= 2 && os2->sxHeight > 0) m.x_height = os2->sxHeight;
  if (m.cap_height == 0) m.cap_height = glyph_top(face, U'H');
  if (m.x_height == 0) m.x_height = glyph_top(face, U'x');
  // A font without Latin letters still needs usable values for placing rules and bullets.
  if (m.cap_height == 0) m.cap_height = m.ascender * 7 / 10;
  if (m.x_height == 0) m.x_height = m.ascender / 2;
  return m;
}

/// FreeType's read callback: `count` bytes at `offset`, or a seek when `count` is 0 (which
/// must return 0 for success).
unsigned long read_at(FT_Stream stream, unsigned long offset, unsigned char* buffer,
                      unsigned long count) {
  if (count == 0) return offset <= stream->size ? 0 : 1;
  const int fd = static_cast<int>(stream->descriptor.value);
  unsigned long done = 0;
  while (done < count) {
    const ssize_t n = ::pread(fd, buffer + done, count - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // an error or a file that shrank: FreeType sees a short read
    done += static_cast<unsigned long>(n);
  }
  return done;
}

std::unique_ptr<detail::font_file> open_font_file(const fs::path& path, const source_loc& loc) {
  auto file = std::make_unique<detail::font_file>();
  file->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat info {};
  if (file->fd < 0 || ::fstat(file->fd, &info) != 0) {
    const source_loc at = loc.file.empty() ? source_loc{path.string(), 0, 0} : loc;
    throw fatal_error(at, fmt::format("cannot read '{}': {}", path.string(), std::strerror(errno)));
  }
  file->stream.size = static_cast<unsigned long>(info.st_size);
  file->stream.descriptor.value = file->fd;
  file->stream.read = read_at;
  return file;
}

}  // namespace

detail::font_file::~font_file() {
  if (fd >= 0) ::close(fd);
}

const detail::loaded_face& font_book::impl::at(font_id id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= faces.size()) {
    throw fatal_error({}, fmt::format("internal error: font id {} is not loaded", id));
  }
  return *faces[static_cast<std::size_t>(id)];
}

font_book::font_book(std::vector<fs::path> search_dirs) : impl_(std::make_unique<impl>()) {
  impl_->search_dirs = std::move(search_dirs);
  FT_Library lib = nullptr;
  if (FT_Init_FreeType(&lib) != 0) throw fatal_error({}, "cannot initialise FreeType");
  impl_->library.reset(lib);
}

font_book::~font_book() = default;

font_id font_book::load(const std::string& file, const source_loc& loc) {
  const fs::path requested(file);
  fs::path found;
  if (requested.is_absolute()) {
    if (is_file(requested)) found = requested;
  } else {
    // Only the allowed folders, never the working directory: the same report must find the
    // same fonts wherever it is run from.
    for (const auto& dir : impl_->search_dirs) {
      if (is_file(dir / requested)) {
        found = dir / requested;
        break;
      }
    }
  }
  if (found.empty()) {
    std::string message = fmt::format("cannot find font '{}'", file);
    if (!requested.is_absolute()) {
      std::string labels;
      for (const auto& dir : impl_->search_dirs) {
        if (!labels.empty()) labels += ", ";
        labels += folder_label(dir);
      }
      message += fmt::format(" (looked in: {})", labels.empty() ? "no folders" : labels);
    }
    std::string hint;
    const std::string near = closest_match(file, candidate_files(impl_->search_dirs));
    if (!near.empty()) hint = fmt::format("did you mean '{}'?", near);
    throw fatal_error(loc, std::move(message), std::move(hint));
  }

  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(found, ec);
  if (ec) canonical = fs::absolute(found, ec).lexically_normal();
  const std::string key = canonical.string();
  if (auto it = impl_->by_path.find(key); it != impl_->by_path.end()) return it->second;

  auto face = std::make_unique<detail::loaded_face>();
  face->file = open_font_file(canonical, loc);
  FT_Open_Args args{};
  args.flags = FT_OPEN_STREAM;
  args.stream = &face->file->stream;
  FT_Face ft = nullptr;
  if (FT_Open_Face(impl_->library.get(), &args, 0, &ft) != 0) {
    throw fatal_error(loc, fmt::format("'{}' is not a font file FreeType can read", file));
  }
  face->ft.reset(ft);
  if (!FT_IS_SCALABLE(ft) || ft->units_per_EM == 0) {
    throw fatal_error(loc,
                      fmt::format("'{}' is a bitmap font; only outline fonts can be used", file));
  }
  face->units_per_em = ft->units_per_EM;
  face->design = read_design_metrics(ft);

  // The HarfBuzz face holds a reference to the FreeType face and reads tables through it.
  face->hb_face.reset(hb_ft_face_create_referenced(ft));
  face->hb_font.reset(hb_font_create(face->hb_face.get()));
  if (hb_face_get_glyph_count(face->hb_face.get()) == 0) {
    throw fatal_error(loc, fmt::format("'{}' is not a font file FreeType can read", file));
  }
  // Positions in design units: exact integers, scaled to a size later with integer math.
  hb_font_set_scale(face->hb_font.get(), face->units_per_em, face->units_per_em);
  hb_font_make_immutable(face->hb_font.get());

  const char* ps_name = FT_Get_Postscript_Name(ft);
  page::font_ref ref{key, 0, ps_name != nullptr ? ps_name : ""};

  const auto id = static_cast<font_id>(impl_->faces.size());
  impl_->faces.push_back(std::move(face));
  impl_->refs.push_back(std::move(ref));
  impl_->by_path.emplace(key, id);
  return id;
}

void font_book::add_family(const std::string& name, const std::string& regular,
                           const std::string& bold, const std::string& italic,
                           const std::string& bold_italic, const source_loc& loc) {
  if (regular.empty()) {
    throw fatal_error(loc, fmt::format("font family '{}' has no regular face", name));
  }
  detail::family_faces f;
  f.regular = load(regular, loc);
  if (!bold.empty()) f.bold = load(bold, loc);
  if (!italic.empty()) f.italic = load(italic, loc);
  if (!bold_italic.empty()) f.bold_italic = load(bold_italic, loc);
  impl_->families[name] = f;
}

font_id font_book::face(const std::string& family, bool bold, bool italic) const {
  auto it = impl_->families.find(family);
  if (it == impl_->families.end()) {
    std::vector<std::string> names;
    for (const auto& [name, faces] : impl_->families) names.push_back(name);
    const std::string near = closest_match(family, names);
    throw fatal_error({}, fmt::format("unknown font family '{}'", family),
                      near.empty() ? std::string() : fmt::format("did you mean '{}'?", near));
  }
  const detail::family_faces& f = it->second;
  // Exact face first, then drop the slant (bold is the stronger signal), then the weight.
  if (bold && italic && f.bold_italic) return *f.bold_italic;
  if (bold && f.bold) return *f.bold;
  if (italic && f.italic) return *f.italic;
  return f.regular;
}

bool font_book::has_family(const std::string& family) const {
  return impl_->families.count(family) > 0;
}

void font_book::set_fallbacks(std::vector<font_id> fallbacks) {
  for (font_id id : fallbacks) impl_->at(id);  // rejects ids that were never loaded
  impl_->fallbacks = std::move(fallbacks);
}

const std::vector<font_id>& font_book::fallbacks() const {
  return impl_->fallbacks;
}

bool font_book::has_glyph(font_id font, char32_t code_point) const {
  return FT_Get_Char_Index(impl_->at(font).ft.get(), code_point) != 0;
}

font_metrics font_book::metrics(font_id font, scaled size) const {
  const detail::loaded_face& f = impl_->at(font);
  const auto scale = [&](int units) {
    return detail::design_to_scaled(units, size, f.units_per_em);
  };
  return {scale(f.design.ascender), scale(f.design.descender), scale(f.design.cap_height),
          scale(f.design.x_height)};
}

const std::vector<page::font_ref>& font_book::refs() const {
  return impl_->refs;
}

}  // namespace rapport::text

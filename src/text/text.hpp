// text/: fonts (FreeType), shaping (HarfBuzz), break opportunities (libunibreak),
// hyphenation (libhyphen) and total-fit line breaking. Used by layout/ only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"
#include "base/geometry.hpp"
#include "page/page.hpp"

namespace rapport::text {

using font_id = int;

/// Vertical metrics of a face at one size, in scaled points (descender is positive, below the
/// baseline).
struct font_metrics {
  scaled ascender = 0;
  scaled descender = 0;
  scaled cap_height = 0;
  scaled x_height = 0;
};

/// The fonts a document may use: loaded only from the given folders (the bundled fonts/ and
/// folders a layout names), never from the system's font configuration.
class font_book {
public:
  explicit font_book(std::vector<std::filesystem::path> search_dirs);
  ~font_book();
  font_book(const font_book&) = delete;
  font_book& operator=(const font_book&) = delete;

  /// Loads a font file (a path relative to one of the search folders, or absolute). The same
  /// file loaded twice gives the same id. Throws fatal_error at `loc` if it is missing or not
  /// a font.
  font_id load(const std::string& file, const source_loc& loc = {});

  /// Registers a family's faces (any may be empty except regular) under `name`.
  void add_family(const std::string& name, const std::string& regular, const std::string& bold,
                  const std::string& italic, const std::string& bold_italic, const source_loc& loc = {});

  /// The face of a family for a weight and slant; falls back to the closest face the family
  /// has. Throws fatal_error if the family is unknown.
  font_id face(const std::string& family, bool bold, bool italic) const;
  bool has_family(const std::string& family) const;

  /// Fonts tried, in order, for characters the primary font lacks.
  void set_fallbacks(std::vector<font_id> fallbacks);
  const std::vector<font_id>& fallbacks() const;

  /// True if the font has a glyph for the code point.
  bool has_glyph(font_id font, char32_t code_point) const;

  font_metrics metrics(font_id font, scaled size) const;

  /// Every loaded font, indexed by font_id, as the renderers need them.
  const std::vector<page::font_ref>& refs() const;

  struct impl;
  impl& internals() const { return *impl_; }

private:
  std::unique_ptr<impl> impl_;
};

/// One positioned glyph from shaping. `cluster` is the byte offset in the shaped text.
struct shaped_glyph {
  std::uint32_t id = 0;
  font_id font = 0;
  std::uint32_t cluster = 0;
  scaled advance = 0;
  scaled x_offset = 0;
  scaled y_offset = 0;
};

struct shaped_text {
  std::vector<shaped_glyph> glyphs;
  scaled width = 0;
  /// Warnings about characters no font has, kept with the cached result so that every run
  /// that shows this text reports them again.
  std::vector<std::string> missing;
};

/// Shapes text with HarfBuzz (kerning on, ligatures off so every backend can draw the result),
/// falling back to the font book's fallback fonts for missing glyphs; a character no font has
/// is reported once per code point and run into the run's diagnostics and drawn as the primary
/// font's .notdef.
/// Results are cached per (text, font, size, language).
class shaper {
public:
  explicit shaper(const font_book& fonts, diagnostics* diag = nullptr);
  ~shaper();
  shaper(const shaper&) = delete;
  shaper& operator=(const shaper&) = delete;

  /// Starts a run that reports into `diag` (nullptr: report nothing). The shaper outlives
  /// runs (live preview); diagnostics do not, so each run names its own.
  void start_run(diagnostics* diag);

  const shaped_text& shape(std::string_view utf8, font_id font, scaled size, std::string_view language);

  /// Bounds the cache. A reference returned by shape() stays valid for at least `entries`
  /// further cache misses (the cache keeps two generations of up to `entries` results each and
  /// drops the older one when the newer is full); copy what must live longer. Default 16384.
  void set_cache_capacity(std::size_t entries);
  /// How many results the cache holds (for tests and benchmarks).
  std::size_t cache_size() const;

private:
  const shaped_text& shape_cached(std::string_view utf8, font_id font, scaled size,
                                  std::string_view language);

  struct impl;
  std::unique_ptr<impl> impl_;
};

/// What may happen after each byte of a UTF-8 text (libunibreak, UAX #14). The value at the
/// index of a character's last byte says whether a line may break after that character.
enum class break_after : std::uint8_t { inside_char, no_break, allowed, mandatory };

std::vector<break_after> line_break_opportunities(std::string_view utf8, std::string_view language);

/// Swedish (and other) hyphenation with libhyphen's pattern dictionaries (hyph_sv_SE.dic).
class hyphenator {
public:
  /// Loads the dictionary for a language ("sv" → hyph_sv_SE.dic) from RAPPORT_HYPHEN_DIR.
  /// Returns nullptr if there is none.
  static std::shared_ptr<hyphenator> for_language(std::string_view language);
  explicit hyphenator(const std::filesystem::path& dictionary);
  ~hyphenator();
  hyphenator(const hyphenator&) = delete;
  hyphenator& operator=(const hyphenator&) = delete;

  /// Byte offsets inside `word` (UTF-8) where a hyphen may go; never closer than 2 characters
  /// to either end.
  std::vector<std::size_t> points(std::string_view word) const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Stretch at or above this is infinite (TeX's fil): it takes up any slack, so a line holding
/// such glue is never underfull; use it for the glue that ends a paragraph.
inline constexpr scaled infinite_stretch = scaled{1} << 40;

/// An item of a paragraph for total-fit breaking (Knuth & Plass): a box of fixed width, glue
/// that can stretch and shrink, or a penalty (a possible break with a cost; `flagged` for
/// hyphens, so two hyphenated lines in a row cost more).
struct breaking_item {
  enum class kind : std::uint8_t { box, glue, penalty } type = kind::box;
  scaled width = 0;
  scaled stretch = 0;
  scaled shrink = 0;
  int penalty = 0;  ///< for penalties; >= 10000 forbids, <= -10000 forces a break
  bool flagged = false;
};

struct breaking_params {
  double tolerance = 3.0;       ///< largest adjustment ratio accepted in the first pass
  int line_penalty = 10;
  int flagged_demerits = 3000;
  int fitness_demerits = 3000;
  bool justify = true;          ///< ragged text scores lines by their slack instead
};

/// One chosen line: items [start, end) and the ratio its glue stretches (>0) or shrinks (<0).
struct broken_line {
  std::size_t start = 0;
  std::size_t end = 0;  ///< index of the break item (a glue or penalty), or items.size()
  double ratio = 0;
};

/// Breaks a paragraph into lines of the given widths (the last width repeats) with the total-fit
/// algorithm. The item list must end with a forced break. Falls back to a looser second pass,
/// then to overfull lines, so it always returns a result.
std::vector<broken_line> break_lines(const std::vector<breaking_item>& items,
                                     const std::vector<scaled>& line_widths,
                                     const breaking_params& params = {});

}  // namespace rapport::text

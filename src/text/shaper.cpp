// text/ shaper: turns words into positioned glyphs with HarfBuzz, taking characters the primary
// font lacks from the fallback fonts, and caches the results for layout's many repeated words.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_map>

#include "text/detail_font_book.hpp"
#include "text/detail_utf8.hpp"

namespace rapport::text {

namespace {

struct hb_buffer_deleter {
  void operator()(hb_buffer_t* b) const { hb_buffer_destroy(b); }
};
using hb_buffer_ptr = std::unique_ptr<hb_buffer_t, hb_buffer_deleter>;

struct cache_key {
  std::string text;
  font_id font = 0;
  scaled size = 0;
  std::string language;
};

/// The same key without owning its strings, so a cache hit allocates nothing.
struct key_view {
  std::string_view text;
  font_id font = 0;
  scaled size = 0;
  std::string_view language;
  friend bool operator==(const key_view&, const key_view&) = default;
};

key_view view_of(const key_view& k) {
  return k;
}
key_view view_of(const cache_key& k) {
  return {k.text, k.font, k.size, k.language};
}

struct key_hash {
  using is_transparent = void;
  template <class K>
  std::size_t operator()(const K& key) const {
    const key_view k = view_of(key);
    std::size_t h = std::hash<std::string_view>{}(k.text);
    const auto mix = [&h](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    mix(static_cast<std::size_t>(k.font));
    mix(static_cast<std::size_t>(k.size));
    mix(std::hash<std::string_view>{}(k.language));
    return h;
  }
};

struct key_equal {
  using is_transparent = void;
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    return view_of(a) == view_of(b);
  }
};

using cache_map = std::unordered_map<cache_key, shaped_text, key_hash, key_equal>;

/// Characters that never need a glyph of their own (HarfBuzz hides them), so they must not
/// decide which font a cluster comes from.
bool is_ignorable(char32_t cp) {
  return cp == 0x00AD || cp == 0x034F || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F) ||
         (cp >= 0xE0100 && cp <= 0xE01EF);
}

/// A byte range of the input shaped with one font.
struct font_run {
  std::size_t start = 0;
  std::size_t length = 0;
  font_id font = 0;
};

}  // namespace

struct shaper::impl {
  const font_book& fonts;
  diagnostics* diag = nullptr;
  hb_buffer_ptr buffer{hb_buffer_create()};
  std::vector<hb_feature_t> features;
  // Two generations: entries live in `current`; when it is full it becomes `previous` and the
  // old `previous` is dropped. A hit in `previous` moves its node (not its value) back.
  cache_map current;
  cache_map previous;
  std::size_t capacity = 16384;
  std::set<std::string> warned;  // messages already reported in this run
  std::string last_language;
  hb_language_t last_hb_language = hb_language_from_string("und", -1);

  impl(const font_book& f, diagnostics* d) : fonts(f), diag(d) {
    // Kerning on; ligatures and contextual alternates off, because libharu draws one glyph per
    // character and could not show a ligature glyph.
    for (const char* spec : {"kern", "-liga", "-clig", "-dlig", "-calt"}) {
      hb_feature_t feature;
      if (hb_feature_from_string(spec, -1, &feature)) features.push_back(feature);
    }
  }

  hb_language_t language_of(std::string_view language) {
    if (language != last_language) {
      last_language = std::string(language);
      last_hb_language = language.empty() ? hb_language_from_string("und", -1)
                                          : hb_language_from_string(
                                                language.data(), static_cast<int>(language.size()));
    }
    return last_hb_language;
  }

  /// Shapes bytes [start, start + length) of `text` with one font, keeping the rest of the text
  /// as context, so clusters are byte offsets into the whole text.
  void shape_run(std::string_view text, const font_run& run, hb_language_t language) {
    hb_buffer_t* buf = buffer.get();
    hb_buffer_clear_contents(buf);
    hb_buffer_add_utf8(buf, text.data(), static_cast<int>(text.size()),
                       static_cast<unsigned>(run.start), static_cast<int>(run.length));
    hb_buffer_set_language(buf, language);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(fonts.internals().at(run.font).hb_font.get(), buf, features.data(),
             static_cast<unsigned>(features.size()));
    if (!hb_buffer_allocation_successful(buf)) throw std::bad_alloc();
  }

  /// Converts the buffer's glyphs from design units to scaled points and appends them.
  void append_glyphs(std::vector<shaped_glyph>& out, font_id font, scaled size) const {
    const int upem = fonts.internals().at(font).units_per_em;
    unsigned count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer.get(), &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer.get(), &count);
    for (unsigned i = 0; i < count; ++i) {
      shaped_glyph g;
      g.id = info[i].codepoint;
      g.font = font;
      g.cluster = info[i].cluster;
      g.advance = detail::design_to_scaled(pos[i].x_advance, size, upem);
      g.x_offset = detail::design_to_scaled(pos[i].x_offset, size, upem);
      // HarfBuzz's y grows upwards; page coordinates grow downwards.
      g.y_offset = -detail::design_to_scaled(pos[i].y_offset, size, upem);
      out.push_back(g);
    }
  }

  font_id font_for_cluster(std::string_view cluster, font_id primary) const;
  std::vector<font_run> plan_runs(std::string_view text, font_id primary) const;
  void report_missing(std::string_view text, font_id primary, shaped_text& result);
  shaped_text shape_uncached(std::string_view text, font_id font, scaled size,
                             std::string_view language);
};

/// The first fallback font that has every character of a cluster, else the first that has the
/// first character the primary font lacks, else the primary font (which draws .notdef).
font_id shaper::impl::font_for_cluster(std::string_view cluster, font_id primary) const {
  std::vector<char32_t> needed;
  for (std::size_t at = 0; at < cluster.size();) {
    const detail::decoded_char c = detail::decode_utf8(cluster, at);
    if (!is_ignorable(c.code_point)) needed.push_back(c.code_point);
    at += c.length;
  }
  for (font_id f : fonts.fallbacks()) {
    if (std::all_of(needed.begin(), needed.end(),
                    [&](char32_t cp) { return fonts.has_glyph(f, cp); })) {
      return f;
    }
  }
  for (char32_t cp : needed) {
    if (fonts.has_glyph(primary, cp)) continue;
    for (font_id f : fonts.fallbacks()) {
      if (fonts.has_glyph(f, cp)) return f;
    }
    break;
  }
  return primary;
}

/// Splits the text (already shaped with the primary font in the buffer) into runs by font:
/// clusters with a .notdef glyph go to a fallback font.
std::vector<font_run> shaper::impl::plan_runs(std::string_view text, font_id primary) const {
  unsigned count = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer.get(), &count);
  std::vector<std::uint32_t> starts;
  std::vector<std::uint32_t> missing;
  for (unsigned i = 0; i < count; ++i) {
    starts.push_back(info[i].cluster);
    if (info[i].codepoint == 0) missing.push_back(info[i].cluster);
  }
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());

  std::vector<font_id> owner(text.size(), primary);
  for (std::uint32_t start : missing) {
    auto next = std::upper_bound(starts.begin(), starts.end(), start);
    const std::size_t end = next == starts.end() ? text.size() : *next;
    const font_id f = font_for_cluster(text.substr(start, end - start), primary);
    std::fill(owner.begin() + start, owner.begin() + static_cast<std::ptrdiff_t>(end), f);
  }
  std::vector<font_run> runs;
  for (std::size_t i = 0; i < owner.size(); ++i) {
    if (runs.empty() || runs.back().font != owner[i]) {
      runs.push_back({i, 0, owner[i]});
    }
    ++runs.back().length;
  }
  return runs;
}

/// Notes in `result` each character that ended up as .notdef (shape() reports them per run).
void shaper::impl::report_missing(std::string_view text, font_id primary, shaped_text& result) {
  std::vector<std::uint32_t> starts;
  for (const auto& g : result.glyphs) starts.push_back(g.cluster);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  for (const auto& g : result.glyphs) {
    if (g.id != 0) continue;
    auto next = std::upper_bound(starts.begin(), starts.end(), g.cluster);
    const std::size_t end = next == starts.end() ? text.size() : *next;
    for (std::size_t at = g.cluster; at < end;) {
      const detail::decoded_char c = detail::decode_utf8(text, at);
      const std::string_view bytes = text.substr(at, c.length);
      at += c.length;
      if (is_ignorable(c.code_point) || fonts.has_glyph(g.font, c.code_point)) continue;
      bool elsewhere = fonts.has_glyph(primary, c.code_point);
      for (font_id f : fonts.fallbacks()) elsewhere = elsewhere || fonts.has_glyph(f, c.code_point);
      const bool printable =
          c.valid && c.code_point >= 0x20 && !(c.code_point >= 0x7F && c.code_point < 0xA0);
      const std::string shown = printable ? fmt::format(" '{}'", bytes) : std::string();
      if (elsewhere) {
        result.missing.push_back(fmt::format("no font has both U+{:04X}{} and the characters it "
                                             "combines with; it is drawn as a box",
                                             static_cast<std::uint32_t>(c.code_point), shown));
      } else {
        result.missing.push_back(fmt::format("no font has a glyph for U+{:04X}{}; it is drawn as a box",
                                             static_cast<std::uint32_t>(c.code_point), shown));
      }
    }
  }
}

shaped_text shaper::impl::shape_uncached(std::string_view text, font_id font, scaled size,
                                         std::string_view language) {
  shaped_text result;
  if (text.empty()) return result;
  const hb_language_t lang = language_of(language);
  shape_run(text, {0, text.size(), font}, lang);

  unsigned count = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer.get(), &count);
  const bool complete =
      std::none_of(info, info + count, [](const hb_glyph_info_t& g) { return g.codepoint == 0; });
  if (complete || fonts.fallbacks().empty()) {
    append_glyphs(result.glyphs, font, size);
  } else {
    const bool backward = HB_DIRECTION_IS_BACKWARD(hb_buffer_get_direction(buffer.get()));
    std::vector<font_run> runs = plan_runs(text, font);
    // Glyphs go in visual order, so a right-to-left text lists its runs last to first.
    if (backward) std::reverse(runs.begin(), runs.end());
    for (const font_run& run : runs) {
      shape_run(text, run, lang);
      append_glyphs(result.glyphs, run.font, size);
    }
  }
  for (const auto& g : result.glyphs) result.width += g.advance;
  if (!complete) report_missing(text, font, result);
  return result;
}

shaper::shaper(const font_book& fonts, diagnostics* diag)
    : impl_(std::make_unique<impl>(fonts, diag)) {
  if (!hb_buffer_allocation_successful(impl_->buffer.get())) throw std::bad_alloc();
}

shaper::~shaper() = default;

void shaper::start_run(diagnostics* diag) {
  impl_->diag = diag;
  impl_->warned.clear();
}

const shaped_text& shaper::shape(std::string_view utf8, font_id font, scaled size,
                                 std::string_view language) {
  const shaped_text& shaped = shape_cached(utf8, font, size, language);
  for (const auto& message : shaped.missing)
    if (impl_->diag && impl_->warned.insert(message).second) impl_->diag->warning({}, message);
  return shaped;
}

const shaped_text& shaper::shape_cached(std::string_view utf8, font_id font, scaled size,
                                        std::string_view language) {
  const key_view key{utf8, font, size, language};
  if (auto it = impl_->current.find(key); it != impl_->current.end()) return it->second;
  if (auto it = impl_->previous.find(key); it != impl_->previous.end()) {
    // Moving the node keeps the value at the same address, so earlier references stay valid.
    auto moved = impl_->current.insert(impl_->previous.extract(it));
    return moved.position->second;
  }
  impl_->fonts.internals().at(font);  // an unknown id is a bug in the caller: fail loudly
  if (impl_->current.size() >= impl_->capacity) {
    impl_->previous.clear();
    impl_->previous.swap(impl_->current);
  }
  shaped_text shaped = impl_->shape_uncached(utf8, font, size, language);
  auto [it, inserted] = impl_->current.emplace(
      cache_key{std::string(utf8), font, size, std::string(language)}, std::move(shaped));
  return it->second;
}

void shaper::set_cache_capacity(std::size_t entries) {
  impl_->capacity = std::max<std::size_t>(entries, 1);
}

std::size_t shaper::cache_size() const {
  return impl_->current.size() + impl_->previous.size();
}

}  // namespace rapport::text

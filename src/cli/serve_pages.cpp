// cli/ private: options shared by `preview` and `serve`; a page's fingerprint, text and baselines.
#include "cli/serve_pages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <concepts>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <type_traits>
#include <variant>

namespace rapport::cli {

namespace {

// Mixes 64-bit words, as xxHash's rounds do: a page holds tens of thousands of glyph
// coordinates, and a byte at a time (FNV) cost a noticeable share of a re-render.
class fingerprint_hasher {
public:
  template <std::integral T>
  void add(T v) {
    mix(static_cast<std::uint64_t>(v));
  }
  void add(const std::string& s) {
    mix(s.size());
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, s.data() + i, 8);
      mix(word);
    }
    if (i < s.size()) {
      std::uint64_t tail = 0;
      std::memcpy(&tail, s.data() + i, s.size() - i);
      mix(tail);
    }
  }
  void add(const point& p) { add(p.x), add(p.y); }
  void add(const rect& r) { add(r.x), add(r.y), add(r.width), add(r.height); }
  void add(const colour& c) { add(std::int64_t{c.r} << 16 | std::int64_t{c.g} << 8 | c.b); }
  /// The state after a final avalanche, so nearby pages give far-apart values.
  std::uint64_t value() const {
    std::uint64_t h = hash_;
    h ^= h >> 33;
    h *= prime_2;
    h ^= h >> 29;
    h *= prime_3;
    h ^= h >> 32;
    return h;
  }

private:
  void mix(std::uint64_t v) { hash_ = std::rotl(hash_ + v * prime_2, 31) * prime_1; }

  static constexpr std::uint64_t prime_1 = 0x9E3779B185EBCA87ULL;
  static constexpr std::uint64_t prime_2 = 0xC2B2AE3D27D4EB4FULL;
  static constexpr std::uint64_t prime_3 = 0x165667B19E3779F9ULL;
  std::uint64_t hash_ = 0x27D4EB2F165667C5ULL;
};

void add_item(fingerprint_hasher& h, const page::paged_document& doc, const page::item& item) {
  h.add(static_cast<std::int64_t>(item.index()));
  std::visit(
      [&](const auto& it) {
        using T = std::decay_t<decltype(it)>;
        if constexpr (std::is_same_v<T, page::glyph_run>) {
          // The font's file, not its index: indexes shift when another page adds a font.
          if (it.font >= 0 && it.font < static_cast<int>(doc.fonts.size())) {
            h.add(doc.fonts[it.font].path);
            h.add(doc.fonts[it.font].face_index);
          }
          h.add(it.size), h.add(it.fill), h.add(it.origin), h.add(it.width);
          for (const auto& g : it.glyphs) h.add(g.id), h.add(g.x), h.add(g.y);
          h.add(it.text);
        } else if constexpr (std::is_same_v<T, page::rule>) {
          h.add(it.from), h.add(it.to), h.add(it.thickness), h.add(it.stroke);
        } else if constexpr (std::is_same_v<T, page::filled_rect>) {
          h.add(it.area), h.add(it.fill);
        } else if constexpr (std::is_same_v<T, page::path>) {
          for (const auto& [op, p] : it.commands) h.add(static_cast<std::int64_t>(op)), h.add(p);
          h.add(it.filled), h.add(it.fill), h.add(it.stroked), h.add(it.stroke);
          h.add(it.thickness);
        } else if constexpr (std::is_same_v<T, page::link>) {
          h.add(it.area), h.add(it.uri), h.add(it.target_page), h.add(it.target_y);
        } else if constexpr (std::is_same_v<T, page::image_item>) {
          h.add(it.area), h.add(it.element);
          if (it.source) h.add(it.source->id);  // the content, so an edited logo redraws
        } else if constexpr (std::is_same_v<T, page::debug_box>) {
          h.add(it.area), h.add(it.kind);
        }
      },
      item);
}

}  // namespace

std::optional<pipeline_options> preview_pipeline_options(const parsed_args& args,
                                                         const std::string& command,
                                                         std::ostream& err) {
  pipeline_options options;
  if (auto it = args.values.find("--param"); it != args.values.end()) {
    for (const auto& p : it->second) {
      auto eq = p.find('=');
      if (eq == std::string::npos || eq == 0) {
        err << fmt::format("rapport {}: error: --param needs NAME=VALUE, found '{}'\n", command, p);
        return std::nullopt;
      }
      options.params[p.substr(0, eq)] = p.substr(eq + 1);
    }
  }
  options.layout = args.value("--layout").value_or("");
  return options;
}

std::optional<double> preview_dpi(const parsed_args& args, const std::string& command,
                                  std::ostream& err) {
  auto dpi = args.value("--dpi");
  if (!dpi) return 96.0;
  double value = 0;
  auto [end, ec] = std::from_chars(dpi->data(), dpi->data() + dpi->size(), value);
  if (ec != std::errc() || end != dpi->data() + dpi->size() || !(value >= 10 && value <= 1200)) {
    err << fmt::format("rapport {}: error: --dpi must be a number from 10 to 1200, found '{}'\n",
                       command, *dpi);
    return std::nullopt;
  }
  return value;
}

std::uint64_t page_fingerprint(const page::paged_document& doc, std::size_t index) {
  fingerprint_hasher h;
  const page::page& p = doc.pages.at(index);
  h.add(p.width), h.add(p.height), h.add(p.label);
  for (const auto& item : p.items) add_item(h, doc, item);
  return h.value();
}

std::string page_text(const page::page& p) {
  std::string text;
  bool first = true;
  scaled line_y = 0;
  scaled line_end = 0;
  for (const auto& item : p.items) {
    const auto* run = std::get_if<page::glyph_run>(&item);
    if (!run || run->text.empty()) continue;
    if (first) {
      first = false;
    } else if (run->origin.y != line_y || run->origin.x < line_end) {
      text += '\n';
    } else if (run->origin.x - line_end > run->size / 8) {
      // Table cells and leaders are separate runs on one baseline: keep their words apart.
      text += ' ';
    }
    text += run->text;
    line_y = run->origin.y;
    line_end = run->origin.x + run->width;
  }
  return text;
}

void add_baseline_boxes(page::page& p) {
  for (const auto& item : p.items)
    if (const auto* box = std::get_if<page::debug_box>(&item); box && box->kind == "baseline")
      return;
  std::vector<page::item> lines;
  const page::glyph_run* first = nullptr;
  scaled line_start = 0;
  scaled line_end = 0;
  auto close_line = [&] {
    if (first)
      lines.push_back(
          page::debug_box{{line_start, first->origin.y, line_end - line_start, 0}, "baseline"});
  };
  for (const auto& item : p.items) {
    const auto* run = std::get_if<page::glyph_run>(&item);
    if (!run || run->glyphs.empty()) continue;
    // Words of a justified line may be runs of their own, a space apart: one line. A wider
    // gap (table cells, leaders) starts a new segment, so each cell shows its own baseline.
    const bool same_line = first && run->origin.y == first->origin.y && run->origin.x >= line_end &&
                           run->origin.x - line_end <= run->size;
    if (same_line) {
      line_end = std::max(line_end, run->origin.x + run->width);
      continue;
    }
    close_line();
    first = run;
    line_start = run->origin.x;
    line_end = run->origin.x + run->width;
  }
  close_line();
  p.items.insert(p.items.end(), std::make_move_iterator(lines.begin()),
                 std::make_move_iterator(lines.end()));
}

}  // namespace rapport::cli

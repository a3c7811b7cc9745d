// Inline layout: rich text → shaped words and spaces → total-fit line breaks → positioned runs.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "layout/engine.hpp"

namespace rapport::layout_detail {

namespace {

constexpr int hyphen_penalty = 50;
// Spaces stretch by half their width per unit of ratio: 2 makes them at most twice as wide.
constexpr double max_stretch_ratio = 2.0;
constexpr int min_hyphenation_chars = 5;

/// How one span looks once resolved to a font.
struct look {
  text::font_id font = 0;
  scaled size = 0;
  colour fill = black;
  scaled rise = 0;  ///< baseline shift upwards (superscripts)
  std::string link;
  int footnote = 0;
  bool operator==(const look&) const = default;
};

/// An item of a paragraph: a shaped piece of a word, a space, or a possible break.
struct atom {
  text::breaking_item item;
  int look_index = 0;
  std::string text;                        ///< the characters a box shows
  std::vector<text::shaped_glyph> glyphs;  ///< a box's glyphs; a glue's space glyph
};

int utf8_char_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

bool is_word_letter(std::string_view word) {
  // Hyphenate only plain words: letters, no digits, no punctuation inside.
  for (std::size_t i = 0; i < word.size();) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    if (c < 0x80 && !std::isalpha(c)) return false;
    i += utf8_char_length(c);
  }
  return true;
}

class paragraph_builder {
public:
  paragraph_builder(const typesetter& ts, const model::text_style& style, bool force_bold, bool force_italic,
                    std::optional<colour> force_fill)
      : ts_(ts), style_(style), bold_(force_bold), italic_(force_italic), fill_(force_fill) {}

  std::vector<atom> atoms;
  std::vector<look> looks;

  void add(const model::inline_text& text) {
    std::string full;
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    for (const auto& span : text) {
      ranges.emplace_back(full.size(), full.size() + span.text.size());
      full += span.text;
    }
    std::vector<text::break_after> breaks = text::line_break_opportunities(full, ts_.language);
    for (std::size_t i = 0; i < text.size(); ++i) add_span(text[i], full, ranges[i].first, ranges[i].second, breaks);
  }

  void finish() {
    // The last line's end: glue that can stretch without limit, then a forced break.
    atom fill;
    fill.item = {text::breaking_item::kind::glue, 0, text::infinite_stretch, 0, 0, false};
    atoms.push_back(fill);
    atom end;
    end.item = {text::breaking_item::kind::penalty, 0, 0, 0, -10000, false};
    atoms.push_back(end);
  }

private:
  int look_for(const model::span& span) {
    look l;
    l.font = ts_.font(style_, span.bold || bold_, span.italic || italic_);
    l.size = from_pt(style_.size);
    if (span.superscript) {
      l.rise = from_pt(style_.size * 0.35);
      l.size = from_pt(style_.size * 0.65);
    }
    l.fill = span.fill ? *span.fill : fill_ ? *fill_ : style_.fill;
    l.link = span.link;
    l.footnote = span.footnote;
    for (std::size_t i = 0; i < looks.size(); ++i)
      if (looks[i] == l) return static_cast<int>(i);
    looks.push_back(l);
    return static_cast<int>(looks.size()) - 1;
  }

  void add_box(std::string_view piece, int look_index) {
    const look& l = looks[look_index];
    const text::shaped_text& shaped = ts_.shaper.shape(piece, l.font, l.size, ts_.language);
    atom a;
    a.item = {text::breaking_item::kind::box, shaped.width, 0, 0, 0, false};
    a.look_index = look_index;
    a.text = std::string(piece);
    a.glyphs = shaped.glyphs;
    atoms.push_back(std::move(a));
  }

  void add_word(std::string_view word, int look_index) {
    if (word.empty()) return;
    std::vector<std::size_t> points;
    if (style_.hyphenate && ts_.hyphens && looks[look_index].rise == 0 && is_word_letter(word)) {
      int chars = 0;
      for (std::size_t i = 0; i < word.size(); i += utf8_char_length(static_cast<unsigned char>(word[i]))) ++chars;
      if (chars >= min_hyphenation_chars) points = ts_.hyphens->points(word);
    }
    std::size_t start = 0;
    for (std::size_t point : points) {
      add_box(word.substr(start, point - start), look_index);
      const look& l = looks[look_index];
      const text::shaped_text& hyphen = ts_.shaper.shape("-", l.font, l.size, ts_.language);
      atom a;
      a.item = {text::breaking_item::kind::penalty, hyphen.width, 0, 0, hyphen_penalty, true};
      a.look_index = look_index;
      a.text = "-";
      a.glyphs = hyphen.glyphs;
      atoms.push_back(std::move(a));
      start = point;
    }
    add_box(word.substr(start), look_index);
  }

  void add_space(int look_index) {
    const look& l = looks[look_index];
    const text::shaped_text& space = ts_.shaper.shape(" ", l.font, l.size, ts_.language);
    atom a;
    scaled w = space.width;
    bool justify = style_.align == model::text_align::justify;
    // TeX's proportions for justified text; ragged text lets lines fall short instead.
    a.item = {text::breaking_item::kind::glue, w, justify ? w / 2 : 0, justify ? w / 3 : 0, 0, false};
    a.look_index = look_index;
    a.text = " ";
    a.glyphs = space.glyphs;
    atoms.push_back(std::move(a));
  }

  void add_forced_break() {
    atom fill;
    fill.item = {text::breaking_item::kind::glue, 0, text::infinite_stretch, 0, 0, false};
    atoms.push_back(fill);
    atom end;
    end.item = {text::breaking_item::kind::penalty, 0, 0, 0, -10000, false};
    atoms.push_back(end);
  }

  void add_span(const model::span& span, const std::string& full, std::size_t begin, std::size_t end,
                const std::vector<text::break_after>& breaks) {
    int look_index = look_for(span);
    std::size_t word_start = begin;
    std::size_t p = begin;
    while (p < end) {
      unsigned char c = static_cast<unsigned char>(full[p]);
      std::size_t length = utf8_char_length(c);
      if (c == ' ' || c == '\n') {
        add_word(std::string_view(full).substr(word_start, p - word_start), look_index);
        if (c == ' ')
          add_space(look_index);
        else
          add_forced_break();
        p += 1;
        word_start = p;
        continue;
      }
      std::size_t last_byte = std::min(p + length, full.size()) - 1;
      bool next_is_space = last_byte + 1 < full.size() && (full[last_byte + 1] == ' ' || full[last_byte + 1] == '\n');
      if (last_byte + 1 < end && !next_is_space && breaks[last_byte] == text::break_after::allowed) {
        // A break inside a word, after a hyphen or a slash: no hyphen is added there.
        add_word(std::string_view(full).substr(word_start, last_byte + 1 - word_start), look_index);
        atom a;
        a.item = {text::breaking_item::kind::penalty, 0, 0, 0, 0, false};
        atoms.push_back(a);
        word_start = last_byte + 1;
      }
      p += length;
    }
    add_word(std::string_view(full).substr(word_start, end - word_start), look_index);
  }

  const typesetter& ts_;
  const model::text_style& style_;
  bool bold_;
  bool italic_;
  std::optional<colour> fill_;
};

/// Collects one line's atoms into glyph runs (one per look), with text for extraction.
// Glyph offsets are 32-bit and cluster sizes 16-bit (page.hpp). A run starts again, between
// clusters, once its pen passes 16 384 pt, so no offset can overflow; saturate() only guards
// against a single cluster wider than that.
constexpr scaled max_run_extent = scaled{1} << 30;

template <typename T>
T saturate(std::int64_t value) {
  return static_cast<T>(std::clamp<std::int64_t>(value, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
}

class line_emitter {
public:
  line_emitter(const std::vector<look>& looks, scaled baseline, line_box& line)
      : looks_(looks), baseline_(baseline), line_(line) {}

  void add(const atom& a, scaled x, scaled advance) {
    if (a.glyphs.empty()) return;
    if (!current_ || current_look_ != a.look_index) start_run(a.look_index, x);
    scaled pen = x - current_->origin.x;
    std::size_t text_from = 0;  // bytes of the piece not yet given to a run
    // Clusters: HarfBuzz cluster values are byte offsets into the piece; group glyphs by them.
    std::size_t i = 0;
    while (i < a.glyphs.size()) {
      std::size_t j = i;
      while (j < a.glyphs.size() && a.glyphs[j].cluster == a.glyphs[i].cluster) ++j;
      std::uint32_t next = j < a.glyphs.size() ? a.glyphs[j].cluster : static_cast<std::uint32_t>(a.text.size());
      if (pen > max_run_extent) {
        // Offsets are 32-bit: a run grown this long goes on as a new one at this cluster.
        const std::size_t at = std::clamp<std::size_t>(a.glyphs[i].cluster, text_from, a.text.size());
        current_->text.append(a.text, text_from, at - text_from);
        current_->width = pen;
        start_run(a.look_index, current_->origin.x + pen);
        pen = 0;
        text_from = at;
      }
      page::glyph_run& run = *current_;
      const std::size_t bytes = next > a.glyphs[i].cluster ? next - a.glyphs[i].cluster : 0;
      // A cluster too big to count in 16 bits leaves the run without a usable map (flush).
      run.clusters.push_back({saturate<std::uint16_t>(bytes), saturate<std::uint16_t>(j - i)});
      for (std::size_t k = i; k < j; ++k) {
        const auto& g = a.glyphs[k];
        run.glyphs.push_back({g.id, saturate<std::int32_t>(pen + g.x_offset), saturate<std::int32_t>(-g.y_offset)});
        pen += g.advance;
      }
      i = j;
    }
    // A stretched space keeps one glyph; its extra width moves what follows.
    if (a.item.type == text::breaking_item::kind::glue) pen = x - current_->origin.x + advance;
    current_->text.append(a.text, text_from);
    current_->width = pen;
  }

  void finish() { flush(); }

private:
  static bool bytes_mismatch(const page::glyph_run& run) {
    std::size_t bytes = 0, glyphs = 0;
    for (const auto& c : run.clusters) bytes += c.bytes, glyphs += c.glyphs;
    return bytes != run.text.size() || glyphs != run.glyphs.size();
  }

  void start_run(int look_index, scaled x) {
    flush();
    const look& l = looks_[look_index];
    page::glyph_run run;
    run.font = l.font;
    run.size = l.size;
    run.fill = l.fill;
    run.origin = {x, baseline_ - l.rise};
    pending_ = std::move(run);
    current_ = &pending_;
    current_look_ = look_index;
  }

  void flush() {
    if (!current_) return;
    if (bytes_mismatch(pending_)) pending_.clusters.clear();
    // The vectors grew word by word; a document holds hundreds of thousands of runs.
    pending_.glyphs.shrink_to_fit();
    pending_.clusters.shrink_to_fit();
    pending_.text.shrink_to_fit();
    const look& l = looks_[current_look_];
    if (!l.link.empty()) {
      page::link area;
      area.area = {pending_.origin.x, baseline_ - l.size, pending_.width, l.size + l.size / 4};
      area.uri = l.link;
      line_.box.items.push_back(area);
    }
    if (l.footnote > 0) line_.box.footnotes.push_back(l.footnote);
    line_.box.items.push_back(std::move(pending_));
    pending_ = {};
    current_ = nullptr;
  }

  const std::vector<look>& looks_;
  scaled baseline_;
  line_box& line_;
  page::glyph_run pending_;
  page::glyph_run* current_ = nullptr;
  int current_look_ = -1;
};

}  // namespace

text::font_id typesetter::font(const model::text_style& style, bool bold, bool italic) const {
  return fonts.face(style.font, bold || style.bold, italic || style.italic);
}

std::vector<line_box> lay_out_text(const typesetter& ts, const model::inline_text& text, const model::text_style& style,
                                   scaled width, scaled first_indent, bool force_bold, bool force_italic,
                                   std::optional<colour> force_fill) {
  paragraph_builder builder(ts, style, force_bold, force_italic, force_fill);
  builder.add(text);
  builder.finish();
  const auto& atoms = builder.atoms;

  std::vector<text::breaking_item> items;
  items.reserve(atoms.size());
  for (const auto& a : atoms) items.push_back(a.item);
  bool justify = style.align == model::text_align::justify;
  text::breaking_params params;
  params.justify = justify;
  // Spaces may stretch to twice their width (ratio 2 of a half-width stretch) and no further:
  // wider gaps make rivers a typesetter would not pass.
  params.tolerance = max_stretch_ratio;
  std::vector<scaled> widths{width - first_indent, width};
  std::vector<text::broken_line> breaks = text::break_lines(items, widths, params);

  text::font_id primary = ts.font(style, force_bold, force_italic);
  text::font_metrics metrics = ts.fonts.metrics(primary, from_pt(style.size));
  scaled leading = from_pt(style.leading);
  scaled baseline = metrics.ascender + (leading - metrics.ascender - metrics.descender) / 2;

  std::vector<line_box> lines;
  for (std::size_t l = 0; l < breaks.size(); ++l) {
    const auto& br = breaks[l];
    std::size_t start = br.start;
    // Spaces and breaks at the start of a line (after a break) vanish.
    if (l > 0)
      while (start < br.end && atoms[start].item.type != text::breaking_item::kind::box) ++start;
    std::size_t end = br.end;
    bool hyphenated =
        end < atoms.size() && atoms[end].item.type == text::breaking_item::kind::penalty && atoms[end].item.width > 0;
    // Trailing spaces before the break do not count for alignment.
    std::size_t content_end = end;
    while (content_end > start && atoms[content_end - 1].item.type != text::breaking_item::kind::box) --content_end;
    double ratio = br.ratio;
    if (!justify || (l + 1 == breaks.size())) ratio = std::min(ratio, 0.0);
    if (ratio < -1) ratio = -1;
    // A line that cannot be filled without wider gaps (a long unbreakable word on the next line)
    // stays a little short rather than open rivers.
    ratio = std::min(ratio, max_stretch_ratio);

    scaled natural = 0;
    for (std::size_t i = start; i < content_end; ++i)
      if (atoms[i].item.type != text::breaking_item::kind::penalty) natural += atoms[i].item.width;
    if (hyphenated) natural += atoms[end].item.width;
    scaled line_width = l == 0 ? width - first_indent : width;
    scaled x = l == 0 ? first_indent : 0;
    if (ratio >= 0 && !justify) {
      if (style.align == model::text_align::right)
        x += line_width - natural;
      else if (style.align == model::text_align::center)
        x += (line_width - natural) / 2;
    }

    line_box line;
    line.box.height = leading;
    line.width = natural;
    line_emitter emit(builder.looks, baseline, line);
    for (std::size_t i = start; i < content_end; ++i) {
      const atom& a = atoms[i];
      if (a.item.type == text::breaking_item::kind::penalty) continue;
      scaled advance = a.item.width;
      if (a.item.type == text::breaking_item::kind::glue)
        advance +=
            static_cast<scaled>(std::llround(ratio * static_cast<double>(ratio > 0 ? a.item.stretch : a.item.shrink)));
      emit.add(a, x, advance);
      x += advance;
    }
    if (hyphenated) emit.add(atoms[end], x, atoms[end].item.width);
    emit.finish();
    lines.push_back(std::move(line));
  }
  return lines;
}

text_extent measure_text(const typesetter& ts, const model::inline_text& text, const model::text_style& style,
                         bool force_bold) {
  paragraph_builder builder(ts, style, force_bold, false, std::nullopt);
  builder.add(text);
  text_extent extent;
  scaled word = 0;
  for (const auto& a : builder.atoms) {
    if (a.item.type == text::breaking_item::kind::glue) {
      extent.natural += a.item.width;
      extent.longest_word = std::max(extent.longest_word, word);
      word = 0;
    } else if (a.item.type == text::breaking_item::kind::box) {
      extent.natural += a.item.width;
      word += a.item.width;
    } else if (a.item.penalty <= -10000) {
      word = 0;
    }
  }
  extent.longest_word = std::max(extent.longest_word, word);
  return extent;
}

page::glyph_run single_run(const typesetter& ts, const std::string& text, const model::text_style& style, point origin,
                           bool bold) {
  model::text_style unbroken = style;
  unbroken.align = model::text_align::left;
  unbroken.hyphenate = false;
  model::span s;
  s.text = text;
  std::vector<line_box> lines = lay_out_text(ts, {s}, unbroken, from_pt(100000), 0, bold);
  for (auto& item : lines.front().box.items)
    if (auto* run = std::get_if<page::glyph_run>(&item)) {
      page::glyph_run out = std::move(*run);
      out.origin = {origin.x + out.origin.x, origin.y};
      return out;
    }
  return {};
}

namespace {

void shift_item(page::item& item, scaled dx, scaled dy) {
  std::visit(
      [&](auto& it) {
        using T = std::decay_t<decltype(it)>;
        if constexpr (std::is_same_v<T, page::glyph_run>)
          it.origin.x += dx, it.origin.y += dy;
        else if constexpr (std::is_same_v<T, page::rule>) {
          it.from.x += dx, it.from.y += dy, it.to.x += dx, it.to.y += dy;
        } else if constexpr (std::is_same_v<T, page::filled_rect>)
          it.area.x += dx, it.area.y += dy;
        else if constexpr (std::is_same_v<T, page::path>) {
          for (auto& [op, p] : it.commands) p.x += dx, p.y += dy;
        } else if constexpr (std::is_same_v<T, page::link>)
          it.area.x += dx, it.area.y += dy;
        else if constexpr (std::is_same_v<T, page::image_item>)
          it.area.x += dx, it.area.y += dy;
        else if constexpr (std::is_same_v<T, page::debug_box>)
          it.area.x += dx, it.area.y += dy;
      },
      item);
}

}  // namespace

void place_items(const block_box& box, scaled dx, scaled dy, std::vector<page::item>& target, bool debug_boxes) {
  for (const auto& item : box.items) {
    if (!debug_boxes && std::holds_alternative<page::debug_box>(item)) continue;
    page::item copy = item;
    shift_item(copy, dx, dy);
    target.push_back(std::move(copy));
  }
}

void place_items(block_box&& box, scaled dx, scaled dy, std::vector<page::item>& target, bool debug_boxes) {
  for (auto& item : box.items) {
    if (!debug_boxes && std::holds_alternative<page::debug_box>(item)) continue;
    shift_item(item, dx, dy);
    target.push_back(std::move(item));
  }
  std::vector<page::item>().swap(box.items);  // the emptied husks too: the flow is spent
}

}  // namespace rapport::layout_detail

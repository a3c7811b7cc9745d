// Splitting a box taller than a page (a table row with a page of text in one cell) into pieces
// that each fit, cutting only between lines of text.
#include <algorithm>

#include "layout/engine.hpp"

namespace rapport::layout_detail {

namespace {

struct extent {
  scaled top = 0;
  scaled bottom = 0;
};

// The vertical extent of each line of text in the box: from about its capitals' height to its
// descenders (a font's full ascent and descent overlap between tightly set lines).
std::vector<extent> text_extents(const block_box& box) {
  std::vector<extent> out;
  for (const auto& item : box.items)
    if (const auto* run = std::get_if<page::glyph_run>(&item))
      out.push_back({run->origin.y - run->size * 3 / 4, run->origin.y + run->size / 5});
  std::sort(out.begin(), out.end(), [](const extent& a, const extent& b) { return a.top < b.top; });
  return out;
}

// The lowest place in (from, from + limit] where no line of text is cut: just above a line.
// Without one (a single line taller than a page) the box is cut at the limit.
scaled choose_cut(const std::vector<extent>& lines, scaled from, scaled limit) {
  scaled best = 0;
  for (const auto& candidate : lines) {
    const scaled y = candidate.top;
    if (y <= from || y > from + limit) continue;
    const bool clear = std::none_of(lines.begin(), lines.end(),
                                    [&](const extent& l) { return l.top < y && l.bottom > y; });
    if (clear) best = std::max(best, y);
  }
  return best > from ? best : from + limit;
}

// Moves an item up by `dy` (pieces start at their own top).
page::item moved_up(page::item item, scaled dy) {
  block_box one;
  one.items.push_back(std::move(item));
  std::vector<page::item> out;
  place_items(one, 0, -dy, out);
  return std::move(out.front());
}

// Where an item starts, for choosing its piece; rectangles are clipped instead.
scaled item_top(const page::item& item) {
  return std::visit(
      [](const auto& it) -> scaled {
        using T = std::decay_t<decltype(it)>;
        if constexpr (std::is_same_v<T, page::glyph_run>) return it.origin.y - it.size * 3 / 4;
        else if constexpr (std::is_same_v<T, page::rule>) return std::min(it.from.y, it.to.y);
        else if constexpr (std::is_same_v<T, page::path>)
          return it.commands.empty() ? 0 : it.commands.front().second.y;
        else if constexpr (requires { it.area; }) return it.area.y;
        else return 0;
      },
      item);
}

// A rectangle's part inside [top, bottom), or nothing.
std::optional<rect> clip(rect area, scaled top, scaled bottom) {
  const scaled y0 = std::max(area.y, top), y1 = std::min(area.bottom(), bottom);
  if (y1 <= y0) return std::nullopt;
  return rect{area.x, y0, area.width, y1 - y0};
}

}  // namespace

std::vector<block_box> split_box(const block_box& box, scaled limit) {
  if (box.height <= limit || limit <= 0) return {box};
  const std::vector<extent> lines = text_extents(box);
  std::vector<scaled> cuts{0};
  while (box.height - cuts.back() > limit) cuts.push_back(choose_cut(lines, cuts.back(), limit));
  cuts.push_back(box.height);

  std::vector<block_box> pieces(cuts.size() - 1);
  for (std::size_t k = 0; k < pieces.size(); ++k) pieces[k].height = cuts[k + 1] - cuts[k];
  pieces.front().anchors = box.anchors;
  pieces.front().footnotes = box.footnotes;
  auto piece_of = [&](scaled y) {
    std::size_t k = 0;
    while (k + 1 < pieces.size() && y >= cuts[k + 1]) ++k;
    return k;
  };
  for (const auto& item : box.items) {
    // Fills and cell frames that reach over a cut go into every piece they touch, clipped.
    if (const auto* fill = std::get_if<page::filled_rect>(&item)) {
      for (std::size_t k = 0; k < pieces.size(); ++k)
        if (auto part = clip(fill->area, cuts[k], cuts[k + 1]))
          pieces[k].items.push_back(moved_up(page::filled_rect{*part, fill->fill}, cuts[k]));
      continue;
    }
    if (const auto* frame = std::get_if<page::debug_box>(&item)) {
      for (std::size_t k = 0; k < pieces.size(); ++k)
        if (auto part = clip(frame->area, cuts[k], cuts[k + 1]))
          pieces[k].items.push_back(moved_up(page::debug_box{*part, frame->kind}, cuts[k]));
      continue;
    }
    const std::size_t k = piece_of(item_top(item));
    pieces[k].items.push_back(moved_up(item, cuts[k]));
  }
  return pieces;
}

}  // namespace rapport::layout_detail

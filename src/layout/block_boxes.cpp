// The `--boxes` overlay's block boxes: one frame per block (paragraph, heading, list, table,
// figure) on each page, drawn around what the block put there. Found from the structure the
// items belong to, so every block kind gets one without the block code knowing about it.
#include <algorithm>
#include <optional>

#include "layout/engine.hpp"

namespace rapport::layout_detail {

namespace {

// The extent of an item on the page; nothing for items without ink (links, other boxes).
std::optional<rect> extent_of(const page::item& item) {
  return std::visit(
      [](const auto& it) -> std::optional<rect> {
        using T = std::decay_t<decltype(it)>;
        if constexpr (std::is_same_v<T, page::glyph_run>) {
          return rect{it.origin.x, it.origin.y - it.size, it.width, it.size + it.size / 4};
        } else if constexpr (std::is_same_v<T, page::rule>) {
          const scaled x0 = std::min(it.from.x, it.to.x), y0 = std::min(it.from.y, it.to.y);
          return rect{x0, y0, std::max(it.from.x, it.to.x) - x0, std::max(it.from.y, it.to.y) - y0};
        } else if constexpr (std::is_same_v<T, page::filled_rect>) {
          return it.area;
        } else if constexpr (std::is_same_v<T, page::path>) {
          if (it.commands.empty()) return std::nullopt;
          scaled x0 = it.commands.front().second.x, x1 = x0, y0 = it.commands.front().second.y, y1 = y0;
          for (const auto& [op, p] : it.commands)
            x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
          return rect{x0, y0, x1 - x0, y1 - y0};
        } else {
          return std::nullopt;
        }
      },
      item);
}

int element_of(const page::item& item) {
  return std::visit(
      [](const auto& it) -> int {
        if constexpr (requires { it.element; }) return it.element;
        else return -1;
      },
      item);
}

rect unite(const rect& a, const rect& b) {
  const scaled x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
  return rect{x0, y0, std::max(a.right(), b.right()) - x0, std::max(a.bottom(), b.bottom()) - y0};
}

}  // namespace

void add_block_boxes(page::paged_document& doc) {
  const auto& structure = doc.structure;
  // Each element's block: its ancestor that is a child of the document.
  std::vector<int> block(structure.size(), -1);
  for (std::size_t e = 0; e < structure.size(); ++e) {
    const int parent = structure[e].parent;
    block[e] = parent < 0 ? static_cast<int>(e) : block[static_cast<std::size_t>(parent)];
  }
  for (auto& p : doc.pages) {
    std::vector<std::pair<int, rect>> frames;  // in the order the blocks appear on the page
    for (const auto& item : p.items) {
      const int element = element_of(item);
      const auto area = extent_of(item);
      if (element < 0 || static_cast<std::size_t>(element) >= block.size() || !area) continue;
      const int b = block[static_cast<std::size_t>(element)];
      auto found = std::find_if(frames.begin(), frames.end(), [&](const auto& f) { return f.first == b; });
      if (found == frames.end()) frames.emplace_back(b, *area);
      else found->second = unite(found->second, *area);
    }
    for (const auto& [b, area] : frames) p.items.push_back(page::debug_box{area, "block"});
  }
}

}  // namespace rapport::layout_detail

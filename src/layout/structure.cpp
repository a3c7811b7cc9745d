// Logical structure for tagged PDF: the elements (headings, paragraphs, lists, tables, figures,
// notes) the flow's items belong to, so a renderer can tag them in reading order.
#include <type_traits>
#include <variant>

#include "layout/engine.hpp"

namespace rapport::layout_detail {

namespace {

void set_element(page::item& item, int element) {
  std::visit(
      [element](auto& it) {
        if constexpr (requires { it.element; }) it.element = element;
      },
      item);
}

}  // namespace

int add_element(flow& out, page::role kind, int parent) {
  page::structure_element e;
  e.kind = kind;
  e.parent = parent;
  out.structure.push_back(std::move(e));
  return static_cast<int>(out.structure.size()) - 1;
}

void tag_items(flow& out, std::vector<page::item>& items, std::size_t from, int element) {
  const bool inside_link =
      element >= 0 && out.structure[static_cast<std::size_t>(element)].kind == page::role::link;
  for (std::size_t i = from; i < items.size(); ++i) {
    auto* link = std::get_if<page::link>(&items[i]);
    if (!link || inside_link || element < 0) {
      set_element(items[i], element);
      continue;
    }
    // Inline layout puts a link's area just before the run it covers: the two are one Link,
    // so a reader hears the link's text where the annotation is.
    const int child = add_element(out, page::role::link, element);
    link->element = child;
    if (i + 1 < items.size() && std::holds_alternative<page::glyph_run>(items[i + 1])) {
      set_element(items[++i], child);
    }
  }
}

void tag_lines(flow& out, std::vector<line_box>& lines, int element) {
  for (auto& line : lines) {
    tag_items(out, line.box.items, 0, element);
    for (int note : line.box.footnotes) out.footnote_parents.try_emplace(note, element);
  }
}

void untag(block_box& box) {
  for (auto& item : box.items) set_element(item, -1);
}

}  // namespace rapport::layout_detail

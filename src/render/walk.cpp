// render/: the one walker that draws a paged_document onto any canvas, item by item.
#include <fmt/format.h>

#include <stdexcept>
#include <type_traits>
#include <variant>

#include "render/render.hpp"

namespace rapport::render {
namespace {

// Sends one item to the canvas method that draws its kind. Debug boxes are handled by the
// caller, in a pass of their own, so that they end up on top of everything they describe.
void draw_item(const page::item& item, canvas& target) {
  std::visit(
      [&target](const auto& it) {
        using kind = std::decay_t<decltype(it)>;
        if constexpr (std::is_same_v<kind, page::glyph_run>) {
          target.draw_glyphs(it);
        } else if constexpr (std::is_same_v<kind, page::rule>) {
          target.draw_rule(it);
        } else if constexpr (std::is_same_v<kind, page::filled_rect>) {
          target.fill_rect(it);
        } else if constexpr (std::is_same_v<kind, page::path>) {
          target.draw_path(it);
        } else if constexpr (std::is_same_v<kind, page::link>) {
          target.add_link(it);
        } else if constexpr (std::is_same_v<kind, page::image_item>) {
          target.draw_image(it);
        } else {
          static_assert(std::is_same_v<kind, page::debug_box>, "unhandled page item");
        }
      },
      item);
}

void draw_page(const page::page& p, canvas& target, bool boxes) {
  target.begin_page(p);
  for (const auto& item : p.items) draw_item(item, target);
  if (boxes) {
    for (const auto& item : p.items) {
      if (const auto* box = std::get_if<page::debug_box>(&item)) target.draw_debug_box(*box);
    }
  }
  target.end_page();
}

}  // namespace

namespace {

// Calls `each(index)` for the selected pages in order, after checking the whole selection so
// that a bad index never leaves a half-drawn output.
template <typename Each>
void for_selected_pages(const page::paged_document& doc, const render_options& options, Each each) {
  const int count = static_cast<int>(doc.pages.size());
  if (options.pages.empty()) {
    for (int index = 0; index < count; ++index) each(index);
    return;
  }
  for (int index : options.pages) {
    if (index < 0 || index >= count) {
      throw std::out_of_range(
          fmt::format("page index {} is outside the document's {} page{}", index, count, count == 1 ? "" : "s"));
    }
  }
  for (int index : options.pages) each(index);
}

}  // namespace

void draw(const page::paged_document& doc, canvas& target, const render_options& options) {
  for_selected_pages(doc, options, [&](int index) { draw_page(doc.pages[index], target, options.boxes); });
}

void draw_and_release(page::paged_document& doc, canvas& target, const render_options& options) {
  for_selected_pages(doc, options, [&](int index) {
    draw_page(doc.pages[index], target, options.boxes);
    std::vector<page::item>().swap(doc.pages[index].items);
  });
}

}  // namespace rapport::render

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

void draw(const page::paged_document& doc, canvas& target, const render_options& options) {
  const int count = static_cast<int>(doc.pages.size());
  if (options.pages.empty()) {
    for (const auto& p : doc.pages) draw_page(p, target, options.boxes);
    return;
  }
  // Check the whole selection first so that a bad index never leaves a half-drawn output.
  for (int index : options.pages) {
    if (index < 0 || index >= count) {
      throw std::out_of_range(fmt::format("page index {} is outside the document's {} page{}",
                                          index, count, count == 1 ? "" : "s"));
    }
  }
  for (int index : options.pages) draw_page(doc.pages[index], target, options.boxes);
}

}  // namespace rapport::render

// Images in the flow and the layout's logos: each file loaded once per run (image_cache),
// checked, and (in the flow) numbered.
#include <fmt/format.h>

#include <algorithm>

#include "compute/builder.hpp"

namespace rapport::detail {

void builder::build_image(const def::image& node) {
  model::image out;
  try {
    out.source = images_.load(node.file, node.src_loc, node.src);
  } catch (const fatal_error& error) {
    // One located error per bad image; the run goes on to report the others.
    diag_.add(error.what_diagnostic());
    return;
  }
  if (node.width) (node.width_percent ? out.width_fraction : out.width) = *node.width;
  if (node.width_percent) out.width_fraction /= 100;
  out.height = node.height.value_or(0);
  out.align = node.align;
  out.alt = node.alt;
  out.decorative = node.decorative;
  if (!node.caption.empty()) {
    global_scope where(env_);
    out.caption = resolve_inline(node.caption, where);
    out.number = ++figure_counter_;
  }
  out.id = node.id;
  out.loc = node.loc;
  doc_.blocks.push_back(std::move(out));
}

// A logo's file is named by the layout, so its errors point into the layout (file:line:col of
// the src value). The definition stage already checked a logo's size when it gave a height;
// with only a width, the height follows from the file and is checked here.
void builder::load_logos() {
  const model::page_style& page = doc_.style.page;
  for (auto& logo : doc_.style.logos) {
    if (logo.file.empty()) continue;  // the layout reader reported the missing src
    try {
      logo.source = images_.load(logo.file, logo.src_loc, logo.src);
    } catch (const fatal_error& error) {
      diag_.add(error.what_diagnostic());
      continue;
    }
    if (logo.position == model::logo_position::cover) {
      if (!definition_.cover)
        diag_.warning(
            logo.loc,
            "the layout has a cover logo, but the report has no <cover>: it is not drawn");
      continue;
    }
    if (logo.height || !logo.width) continue;
    const bool header = logo.position == model::logo_position::header_left ||
                        logo.position == model::logo_position::header_right;
    const double height =
        *logo.width * logo.source->height_pt / std::max(logo.source->width_pt, 1.0);
    const double room = header ? page.header_offset : page.margin_bottom - page.footer_offset;
    const char* part = header ? "header" : "footer";
    if (height > room + 1e-6)
      diag_.error(
          logo.loc,
          fmt::format(
              "the {} logo is {:.1f}pt high at {:.1f}pt wide, but only {:.1f}pt fit above the "
              "{}'s baseline",
              part, height, *logo.width, room, part),
          "give it a smaller width, or a height");
  }
}

}  // namespace rapport::detail

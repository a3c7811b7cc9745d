// Images in the flow: each file loaded once per run (image_cache), checked, and numbered.
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

}  // namespace rapport::detail

// Images in the flow: one unsplittable box with the picture, sized and aligned, and its
// numbered caption above or below (as the layout says); and the layout's cover logo.
#include <fmt/format.h>

#include <algorithm>

#include "layout/engine.hpp"

namespace rapport::layout_detail {

namespace {

constexpr double space_before = 6;  // points above an image
constexpr double space_after = 10;  // points below an image
constexpr scaled caption_gap = from_pt(4);
constexpr double cover_logo_gap = 12;  // points between the cover logo and the cover's first line

void add_space(flow& out, double points) {
  flow_item item;
  item.type = flow_item::kind::space;
  item.space = from_pt(points);
  item.keep_with_next = !out.items.empty() && out.items.back().keep_with_next;
  out.items.push_back(std::move(item));
}

}  // namespace

std::pair<scaled, scaled> image_size(const rapport::image& source, double width_pt,
                                     double height_pt, scaled max_width) {
  const double natural_w = std::max(source.width_pt, 1.0),
               natural_h = std::max(source.height_pt, 1.0);
  double w = natural_w, h = natural_h;
  if (width_pt > 0 && height_pt > 0) {
    // Both given: the largest size inside that box (like preserveAspectRatio meet).
    const double scale = std::min(width_pt / natural_w, height_pt / natural_h);
    w = natural_w * scale, h = natural_h * scale;
  } else if (width_pt > 0) {
    w = width_pt, h = natural_h * width_pt / natural_w;
  } else if (height_pt > 0) {
    h = height_pt, w = natural_w * height_pt / natural_h;
  }
  const double max_w = to_pt(max_width);
  if (max_w > 0 && w > max_w) h *= max_w / w, w = max_w;
  return {from_pt(w), from_pt(h)};
}

void add_image(const typesetter& ts, const model::document& doc, const model::image& image,
               const page_frame& frame, flow& out) {
  if (!image.source) return;
  const double width =
      image.width_fraction > 0 ? image.width_fraction * to_pt(frame.text_width) : image.width;
  const auto [w, h] = image_size(*image.source, width, image.height, frame.text_width);
  scaled x = 0;
  if (image.align == "center")
    x = (frame.text_width - w) / 2;
  else if (image.align == "right")
    x = frame.text_width - w;

  std::vector<line_box> caption;
  if (image.number > 0) {
    model::inline_text text = image.caption;
    const std::string prefix = fmt::format("{} {}", doc.style.figure_caption_prefix, image.number);
    text.insert(text.begin(), model::span{text.empty() ? prefix : prefix + ": "});
    // A caption lines up with its picture: centred under (or over) a centred image, flush
    // with the right edge of a right-aligned one, whatever the caption style's own alignment.
    model::text_style look = doc.style.style("caption");
    if (image.align == "center")
      look.align = model::text_align::center;
    else if (image.align == "right")
      look.align = model::text_align::right;
    caption = lay_out_text(ts, text, look, frame.text_width);
  }
  scaled caption_height = 0;
  for (const auto& line : caption) caption_height += line.box.height;
  const scaled caption_space = caption.empty() ? 0 : caption_height + caption_gap;
  const bool above = doc.style.figure_caption_above;

  flow_item item;
  block_box& box = item.box;
  box.height = h + caption_space;
  if (!image.id.empty()) box.anchors.push_back(image.id);
  // Read as a Figure through its alt text, then its caption; a decorative image is an artifact.
  const std::size_t first = box.items.size();
  box.items.push_back(page::image_item{image.source, rect{x, above ? caption_space : 0, w, h}, -1});
  if (!image.decorative) {
    const int figure = add_element(out, page::role::figure);
    out.structure[static_cast<std::size_t>(figure)].alt = image.alt;
    tag_items(out, box.items, first, figure);
  }
  if (!caption.empty()) {
    tag_lines(out, caption, add_element(out, page::role::caption));
    scaled y = above ? 0 : h + caption_gap;
    for (const auto& line : caption) {
      place_items(line.box, 0, y, box.items);
      y += line.box.height;
    }
  }
  box.items.push_back(page::debug_box{rect{x, above ? caption_space : 0, w, h}, "block"});
  add_space(out, space_before);
  out.items.push_back(std::move(item));
  add_space(out, space_after);
}

void add_cover_logo(const model::document& doc, const page_frame& frame, flow& out) {
  const model::logo* logo = doc.style.logo_at(model::logo_position::cover);
  if (!logo || !logo->source) return;
  const auto [w, h] = image_size(*logo->source, logo->width.value_or(0), logo->height.value_or(0),
                                 frame.text_width);
  scaled x = 0;
  if (logo->align == "center")
    x = (frame.text_width - w) / 2;
  else if (logo->align == "right")
    x = frame.text_width - w;
  flow_item item;
  item.box.height = h;
  item.keep_with_next = true;  // the cover is one page: the logo stays with its first line
  item.box.items.push_back(page::image_item{logo->source, rect{x, 0, w, h}, -1});
  // First in reading order, as it is first on the page: a Figure read through its alt text
  // (the organisation's name), unless the layout marks it decorative.
  if (!logo->decorative) {
    const int figure = add_element(out, page::role::figure);
    out.structure[static_cast<std::size_t>(figure)].alt = logo->alt;
    tag_items(out, item.box.items, 0, figure);
  }
  item.box.items.push_back(page::debug_box{rect{x, 0, w, h}, "block"});
  out.items.push_back(std::move(item));
  add_space(out, cover_logo_gap);
}

}  // namespace rapport::layout_detail

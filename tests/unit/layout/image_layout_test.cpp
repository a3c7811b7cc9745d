// Tests of image layout: the size kept inside what was asked for and the text width, the
// alignment, the caption with its figure number, and the Figure tag (or none when decorative).
#include <gtest/gtest.h>

#include "definition/definition.hpp"
#include "layout/layout.hpp"

namespace rapport {
namespace {

model::document document_with(model::image image) {
  diagnostics diag;
  model::document doc;
  doc.style = def::read_layout(std::string(RAPPORT_SOURCE_DIR) + "/layouts/default.xml", diag);
  EXPECT_FALSE(diag.has_errors());
  doc.blocks.push_back(std::move(image));
  return doc;
}

model::image emblem() {
  model::image image;
  const std::string file = std::string(RAPPORT_SOURCE_DIR) + "/samples/images/exempelby.png";
  image.source = std::make_shared<const rapport::image>(load_image(file, {"t", 1, 1}));
  image.alt = "Emblem";
  return image;
}

std::vector<page::image_item> images_of(const page::paged_document& pages) {
  std::vector<page::image_item> out;
  for (const auto& p : pages.pages)
    for (const auto& item : p.items)
      if (const auto* i = std::get_if<page::image_item>(&item)) out.push_back(*i);
  return out;
}

page::paged_document lay_out(const model::document& doc) {
  diagnostics diag;
  layout_engine engine;
  page::paged_document pages = engine.run(doc, diag);
  EXPECT_FALSE(diag.has_errors());
  return pages;
}

TEST(image_layout, keeps_the_aspect_ratio_at_the_given_width_and_aligns_left) {
  model::image image = emblem();
  image.width = 60;
  image.align = "left";
  const model::document doc = document_with(image);
  const auto images = images_of(lay_out(doc));
  ASSERT_EQ(images.size(), 1u);
  const double ratio = image.source->height_pt / image.source->width_pt;
  EXPECT_NEAR(to_pt(images[0].area.width), 60, 0.01);
  EXPECT_NEAR(to_pt(images[0].area.height), 60 * ratio, 0.01);
  EXPECT_NEAR(to_pt(images[0].area.x), doc.style.page.margin_left, 0.01);
}

TEST(image_layout, fits_inside_width_and_height_and_never_wider_than_the_text) {
  model::image boxed = emblem();
  boxed.width = 200, boxed.height = 50;
  auto images = images_of(lay_out(document_with(boxed)));
  ASSERT_EQ(images.size(), 1u);
  EXPECT_NEAR(to_pt(images[0].area.height), 50, 0.01);
  EXPECT_LT(to_pt(images[0].area.width), 200);

  model::image huge = emblem();
  huge.width = 5000;
  const model::document doc = document_with(huge);
  images = images_of(lay_out(doc));
  ASSERT_EQ(images.size(), 1u);
  const double text_width =
      doc.style.page.width - doc.style.page.margin_left - doc.style.page.margin_right;
  EXPECT_NEAR(to_pt(images[0].area.width), text_width, 0.01);
}

TEST(image_layout, a_meaningful_image_is_a_figure_with_its_alt_and_a_numbered_caption) {
  model::image image = emblem();
  image.width = 80;
  image.number = 3;
  image.caption = {model::span{"Emblemet"}};
  const auto pages = lay_out(document_with(image));
  const auto images = images_of(pages);
  ASSERT_EQ(images.size(), 1u);
  ASSERT_GE(images[0].element, 0);
  const auto& figure = pages.structure[static_cast<std::size_t>(images[0].element)];
  EXPECT_EQ(figure.kind, page::role::figure);
  EXPECT_EQ(figure.alt, "Emblem");
  bool caption_below = false;
  for (const auto& item : pages.pages.front().items)
    if (const auto* run = std::get_if<page::glyph_run>(&item);
        run && run->text.find("Figur 3") != std::string::npos)
      caption_below = run->origin.y > images[0].area.bottom();
  EXPECT_TRUE(caption_below);
}

TEST(image_layout, a_decorative_image_is_an_artifact) {
  model::image image = emblem();
  image.width = 40;
  image.decorative = true;
  image.alt.clear();
  const auto images = images_of(lay_out(document_with(image)));
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(images[0].element, -1);
}

}  // namespace
}  // namespace rapport

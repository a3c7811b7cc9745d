// Tests of the layout's logos: the cover logo first on the cover (a Figure unless decorative),
// header and footer logos on every page with running lines, on the baseline, clear of the text;
// and captions lined up with their images.
#include <gtest/gtest.h>

#include <algorithm>

#include "definition/definition.hpp"
#include "layout/layout.hpp"

namespace rapport {
namespace {

std::shared_ptr<const rapport::image> emblem() {
  const std::string file = std::string(RAPPORT_SOURCE_DIR) + "/samples/images/exempelby.png";
  return std::make_shared<const rapport::image>(load_image(file, {"t", 1, 1}));
}

model::logo logo_at(model::logo_position where, double height) {
  model::logo l;
  l.position = where;
  l.height = height;
  l.alt = "Exempelby kommun";
  l.source = emblem();
  return l;
}

// A cover and three pages of text under the default layout, with the left header slot free.
model::document report(std::vector<model::logo> logos) {
  diagnostics diag;
  model::document doc;
  doc.style = def::read_layout(std::string(RAPPORT_SOURCE_DIR) + "/layouts/default.xml", diag);
  EXPECT_FALSE(diag.has_errors());
  doc.meta.title = "Årsredovisning";
  doc.style.page.header_left.clear();
  doc.style.page.header_center = "{title}";
  doc.style.logos = std::move(logos);
  doc.front = model::cover{
      {model::paragraph{{model::span{.text = "Årsredovisning 2025"}}, "cover-title", {}}}};
  for (int i = 0; i < 3; ++i) {
    if (i > 0) doc.blocks.push_back(model::page_break{});
    doc.blocks.push_back(model::paragraph{{model::span{.text = "Text på sidan."}}, "body", {}});
  }
  return doc;
}

page::paged_document run_layout(const model::document& doc, diagnostics& diag) {
  layout_engine engine;
  return engine.run(doc, diag);
}

std::vector<page::image_item> images_on(const page::page& p) {
  std::vector<page::image_item> out;
  for (const auto& item : p.items)
    if (const auto* i = std::get_if<page::image_item>(&item)) out.push_back(*i);
  return out;
}

TEST(logo_layout, header_and_footer_logos_stand_on_the_baseline_of_every_page_but_the_cover) {
  model::document doc = report({logo_at(model::logo_position::header_left, 24),
                                logo_at(model::logo_position::footer_right, 20)});
  diagnostics diag;
  const auto pages = run_layout(doc, diag);
  EXPECT_FALSE(diag.has_errors());
  ASSERT_EQ(pages.pages.size(), 4u);
  EXPECT_TRUE(images_on(pages.pages[0]).empty()) << "the cover has no running lines";
  const auto& ps = doc.style.page;
  for (std::size_t p = 1; p < pages.pages.size(); ++p) {
    const auto images = images_on(pages.pages[p]);
    ASSERT_EQ(images.size(), 2u) << "page " << p + 1;
    const auto& header = images[0];
    const auto& footer = images[1];
    EXPECT_EQ(header.source, doc.style.logos[0].source) << "one image shared by every page";
    EXPECT_NEAR(to_pt(header.area.height), 24, 0.01);
    EXPECT_NEAR(to_pt(header.area.x), ps.margin_left, 0.01);
    EXPECT_NEAR(to_pt(header.area.y + header.area.height), ps.header_offset, 0.01);
    EXPECT_NEAR(to_pt(footer.area.x + footer.area.width), ps.width - ps.margin_right, 0.01);
    EXPECT_NEAR(to_pt(footer.area.y + footer.area.height), ps.height - ps.footer_offset, 0.01);
    EXPECT_EQ(header.element, -1) << "running logos are artifacts";
    EXPECT_EQ(footer.element, -1);
    // Clear of the running text beside them.
    for (const auto& item : pages.pages[p].items)
      if (const auto* run = std::get_if<page::glyph_run>(&item)) {
        for (const page::image_item* logo : {&header, &footer}) {
          const bool same_line =
              std::abs(to_pt(run->origin.y) - to_pt(logo->area.y + logo->area.height)) < 0.01;
          if (!same_line) continue;
          const bool apart = run->origin.x >= logo->area.x + logo->area.width ||
                             run->origin.x + run->width <= logo->area.x;
          EXPECT_TRUE(apart) << "'" << run->text << "' meets a logo on page " << p + 1;
        }
      }
  }
}

TEST(logo_layout, the_cover_logo_comes_first_on_the_cover_as_a_figure_with_its_alt) {
  model::logo cover = logo_at(model::logo_position::cover, 60);
  cover.align = "center";
  model::document doc = report({cover});
  diagnostics diag;
  const auto pages = run_layout(doc, diag);
  EXPECT_FALSE(diag.has_errors());
  const auto images = images_on(pages.pages[0]);
  ASSERT_EQ(images.size(), 1u);
  const auto& ps = doc.style.page;
  const double text_width = ps.width - ps.margin_left - ps.margin_right;
  EXPECT_NEAR(to_pt(images[0].area.y), ps.margin_top, 0.01);
  EXPECT_NEAR(to_pt(images[0].area.x) + to_pt(images[0].area.width) / 2,
              ps.margin_left + text_width / 2, 0.01);
  // The cover's title follows below it.
  for (const auto& item : pages.pages[0].items)
    if (const auto* run = std::get_if<page::glyph_run>(&item))
      EXPECT_GT(run->origin.y, images[0].area.y + images[0].area.height) << run->text;
  ASSERT_GE(images[0].element, 0);
  const auto& figure = pages.structure[static_cast<std::size_t>(images[0].element)];
  EXPECT_EQ(figure.kind, page::role::figure);
  EXPECT_EQ(figure.alt, "Exempelby kommun");
  EXPECT_EQ(images[0].element, 0) << "first in reading order";
  for (std::size_t p = 1; p < pages.pages.size(); ++p)
    EXPECT_TRUE(images_on(pages.pages[p]).empty());
}

TEST(logo_layout, a_decorative_cover_logo_is_an_artifact_and_no_cover_means_no_cover_logo) {
  model::logo cover = logo_at(model::logo_position::cover, 60);
  cover.decorative = true;
  cover.alt.clear();
  model::document doc = report({cover});
  diagnostics diag;
  auto pages = run_layout(doc, diag);
  auto images = images_on(pages.pages[0]);
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(images[0].element, -1);
  for (const auto& e : pages.structure) EXPECT_NE(e.kind, page::role::figure);

  doc.front.reset();
  pages = run_layout(doc, diag);
  for (const auto& p : pages.pages) EXPECT_TRUE(images_on(p).empty());
}

TEST(logo_layout, a_logo_too_wide_for_its_slot_is_reported_once) {
  model::logo wide = logo_at(model::logo_position::header_left, 30);
  wide.height.reset();
  wide.width = 300;  // reaches into the centred title
  wide.src = "logga.png";
  model::document doc = report({wide});
  diagnostics diag;
  run_layout(doc, diag);
  int warnings = 0;
  for (const auto& d : diag.all())
    if (d.message.find("comes within 4pt of the logo 'logga.png'") != std::string::npos) ++warnings;
  EXPECT_EQ(warnings, 1);
}

TEST(logo_layout, a_caption_is_centred_under_a_centred_image) {
  diagnostics diag;
  model::document doc;
  doc.style = def::read_layout(std::string(RAPPORT_SOURCE_DIR) + "/layouts/default.xml", diag);
  model::image image;
  image.source = emblem();
  image.width = 100;
  image.alt = "Emblem";
  image.number = 1;
  image.caption = {model::span{.text = "Emblemet"}};
  doc.blocks.push_back(image);
  const auto pages = run_layout(doc, diag);
  const auto images = images_on(pages.pages[0]);
  ASSERT_EQ(images.size(), 1u);
  const double centre = to_pt(images[0].area.x) + to_pt(images[0].area.width) / 2;
  // The caption line may be several runs (prefix, text): take the extent of its baseline.
  const auto runs_of = [&](const page::page& p) {
    std::vector<const page::glyph_run*> out;
    for (const auto& item : p.items)
      if (const auto* run = std::get_if<page::glyph_run>(&item)) out.push_back(run);
    return out;
  };
  const auto runs = runs_of(pages.pages[0]);
  const auto first = std::find_if(runs.begin(), runs.end(),
                                  [](const auto* r) { return r->text.starts_with("Figur"); });
  ASSERT_NE(first, runs.end());
  scaled from = (*first)->origin.x, to = from;
  for (const auto* r : runs)
    if (r->origin.y == (*first)->origin.y)
      from = std::min(from, r->origin.x), to = std::max(to, r->origin.x + r->width);
  EXPECT_NEAR((to_pt(from) + to_pt(to)) / 2, centre, 0.5);
  EXPECT_GT(to_pt(from), to_pt(images[0].area.x) - 20) << "not at the left margin";
}

}  // namespace
}  // namespace rapport

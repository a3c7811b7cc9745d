// Tests of render_pdf_cairo: text where the layout put it, fonts, metadata, links, outline,
// page selection, determinism and errors, read back with poppler-utils and qpdf.
#include <gtest/gtest.h>

#include <stdexcept>

#include "../pdf_checks.hpp"
#include "render/cairo/cairo_canvas.hpp"

namespace rapport::render {
namespace {

const test::pdf_renderer cairo = [](const page::paged_document& doc,
                                    const render_options& options) {
  return render_pdf_cairo(doc, options);
};

TEST(render_pdf_cairo, puts_every_word_where_the_layout_did) {
  test::expect_words_at_layout_positions(cairo, test::sample_document(), "cairo-words");
}

TEST(render_pdf_cairo, keeps_long_lines_in_place_despite_rounded_glyph_widths) {
  test::expect_words_at_layout_positions(cairo, test::long_line_document(), "cairo-long");
}

TEST(render_pdf_cairo, extracts_swedish_text_and_the_minus_sign) {
  const std::string pdf = render_pdf_cairo(test::sample_document());
  const auto words = test::pdf_words(pdf, "cairo-text.pdf");
  std::string joined;
  for (const auto& w : words) joined += w.text + " ";
  EXPECT_NE(joined.find("Delårsrapport för Socialnämnden"), std::string::npos) << joined;
  EXPECT_NE(joined.find("\u221257 235"), std::string::npos) << joined;
  EXPECT_NE(joined.find("Ekonomisk översikt"), std::string::npos) << joined;
}

TEST(render_pdf_cairo, embeds_subset_fonts) {
  const std::string fonts =
      test::expect_fonts_embedded(render_pdf_cairo(test::sample_document()), "cairo-fonts");
  // cairo subsets: six letters and a plus before the name.
  EXPECT_NE(fonts.find("+DejaVuSans"), std::string::npos) << fonts;
}

TEST(render_pdf_cairo, writes_a_file_qpdf_finds_clean) {
  test::expect_qpdf_clean(render_pdf_cairo(test::sample_document()), "cairo-check");
}

TEST(render_pdf_cairo, writes_the_document_information) {
  test::expect_info(render_pdf_cairo(test::sample_document()), "cairo-info");
}

TEST(render_pdf_cairo, leaves_dates_out_when_the_document_has_none) {
  auto doc = test::sample_document();
  doc.info.created = 0;
  const std::string pdf = render_pdf_cairo(doc);
  EXPECT_EQ(pdf.find("/CreationDate"), std::string::npos);
  EXPECT_EQ(pdf.find("/ModDate"), std::string::npos);
  test::expect_qpdf_clean(pdf, "cairo-nodate");
}

TEST(render_pdf_cairo, adds_links_and_a_nested_outline) {
  test::expect_links_and_outline(render_pdf_cairo(test::sample_document()), "cairo-links");
}

TEST(render_pdf_cairo, draws_only_the_selected_pages) {
  test::expect_page_selection(cairo, "cairo-select");
}

TEST(render_pdf_cairo, gives_each_page_its_own_size) {
  test::expect_page_sizes(cairo, "cairo-sizes");
}

TEST(render_pdf_cairo, writes_the_same_bytes_every_time) {
  const auto doc = test::sample_document();
  const std::string first = render_pdf_cairo(doc);
  const std::string second = render_pdf_cairo(doc);
  EXPECT_EQ(first.size(), second.size());
  EXPECT_TRUE(first == second) << "two renders of the same document differ";
  render_options boxes;
  boxes.boxes = true;
  EXPECT_TRUE(render_pdf_cairo(doc, boxes) == render_pdf_cairo(doc, boxes));
}

TEST(render_pdf_cairo, draws_debug_boxes_only_when_asked) {
  const auto doc = test::sample_document();
  render_options boxes;
  boxes.boxes = true;
  const std::string with = test::qdf_text(render_pdf_cairo(doc, boxes), "cairo-boxes.pdf");
  const std::string without = test::qdf_text(render_pdf_cairo(doc), "cairo-noboxes.pdf");
  // The block box is stroked in translucent green: an ExtGState with /CA 0.7.
  EXPECT_NE(with.find("/CA 0.7"), std::string::npos);
  EXPECT_EQ(without.find("/CA 0.7"), std::string::npos);
}

TEST(render_pdf_cairo, shows_runs_without_usable_clusters_as_glyphs) {
  auto doc = test::sample_document();
  auto& run = std::get<page::glyph_run>(doc.pages[0].items[0]);
  run.clusters.clear();
  auto& broken = std::get<page::glyph_run>(doc.pages[0].items[3]);
  broken.clusters.front().bytes = 1;  // splits the three bytes of U+2212
  const std::string pdf = render_pdf_cairo(doc);
  test::expect_qpdf_clean(pdf, "cairo-clusterless");
  // cairo still finds text for plain glyphs through the font's cmap.
  const auto words = test::pdf_words(pdf, "cairo-clusterless.pdf");
  ASSERT_FALSE(words.empty());
  EXPECT_EQ(words.front().text, "Delårsrapport");
}

TEST(render_pdf_cairo, reports_a_font_it_cannot_load) {
  auto doc = test::sample_document();
  doc.fonts[1].path = "/nonexistent/Missing.ttf";
  try {
    render_pdf_cairo(doc);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot load font '/nonexistent/Missing.ttf'"),
              std::string::npos)
        << e.what();
  }
}

TEST(render_pdf_cairo, reports_a_run_with_a_font_the_document_does_not_have) {
  auto doc = test::sample_document();
  std::get<page::glyph_run>(doc.pages[0].items[0]).font = 7;
  EXPECT_THROW(render_pdf_cairo(doc), std::runtime_error);
}

TEST(render_pdf_cairo, loads_only_the_fonts_it_uses) {
  auto doc = test::sample_document();
  doc.fonts.push_back({"/nonexistent/Unused.ttf", 0, ""});
  EXPECT_NO_THROW(render_pdf_cairo(doc));
}

TEST(render_pdf_cairo, refuses_a_document_without_pages) {
  try {
    render_pdf_cairo(page::paged_document{});
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "cannot write a PDF of a document with no pages");
  }
}

TEST(render_pdf_cairo, copes_with_odd_but_valid_items) {
  page::paged_document doc;
  doc.pages.push_back({from_pt(100), from_pt(100), "", {}});
  auto& items = doc.pages[0].items;
  items.push_back(page::path{});  // no commands
  page::path line_first;          // starts with a line, ends with a stray close
  line_first.commands = {{page::path::op::line, {0, 0}},
                         {page::path::op::line, {from_pt(50), from_pt(50)}},
                         {page::path::op::close, {}}};
  items.push_back(line_first);
  items.push_back(page::rule{{0, 0}, {from_pt(10), 0}, 0, black});           // no thickness
  items.push_back(page::link{{0, 0, from_pt(10), from_pt(10)}, "", 5, 0});   // no such page
  items.push_back(page::link{{0, 0, from_pt(10), from_pt(10)}, "", -1, 0});  // nowhere
  items.push_back(page::glyph_run{});                                        // empty
  doc.outline.push_back({"", 3, 0, 0});  // starts below level 1, no title
  doc.outline.push_back({"elsewhere", 1, 9, 0});
  test::expect_qpdf_clean(render_pdf_cairo(doc, {}), "cairo-odd");
}

}  // namespace
}  // namespace rapport::render

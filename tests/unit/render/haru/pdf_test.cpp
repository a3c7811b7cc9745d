// Tests of render_pdf_haru: text where the layout put it, fonts, metadata, links, outline,
// page selection, determinism and errors, read back with poppler-utils and qpdf. The checks
// are the ones render_pdf_cairo passes, so the two backends agree.
#include <gtest/gtest.h>

#include <stdexcept>

#include "../pdf_checks.hpp"
#include "render/haru/haru_canvas.hpp"

namespace rapport::render {
namespace {

const test::pdf_renderer haru = [](const page::paged_document& doc, const render_options& options) {
  return render_pdf_haru(doc, options);
};

TEST(render_pdf_haru, puts_every_word_where_the_layout_did) {
  test::expect_words_at_layout_positions(haru, test::sample_document(), "haru-words");
}

TEST(render_pdf_haru, keeps_long_lines_in_place_despite_rounded_glyph_widths) {
  test::expect_words_at_layout_positions(haru, test::long_line_document(), "haru-long");
}

TEST(render_pdf_haru, extracts_swedish_text_and_the_minus_sign) {
  const auto words = test::pdf_words(render_pdf_haru(test::sample_document()), "haru-text.pdf");
  std::string joined;
  for (const auto& w : words) joined += w.text + " ";
  EXPECT_NE(joined.find("Delårsrapport för Socialnämnden"), std::string::npos) << joined;
  EXPECT_NE(joined.find("\u221257 235"), std::string::npos) << joined;
  EXPECT_NE(joined.find("Ekonomisk översikt"), std::string::npos) << joined;
}

TEST(render_pdf_haru, embeds_fonts_with_a_tounicode_map_poppler_accepts) {
  test::expect_fonts_embedded(render_pdf_haru(test::sample_document()), "haru-fonts");
  const auto r = test::run_on_pdf("pdftotext", render_pdf_haru(test::sample_document()),
                                  "haru-warnings.pdf", "-");
  EXPECT_EQ(r.output.find("Warning"), std::string::npos) << r.output;
}

TEST(render_pdf_haru, writes_a_file_qpdf_finds_clean) {
  test::expect_qpdf_clean(render_pdf_haru(test::sample_document()), "haru-check");
}

TEST(render_pdf_haru, writes_the_document_information) {
  test::expect_info(render_pdf_haru(test::sample_document()), "haru-info");
}

TEST(render_pdf_haru, leaves_dates_out_when_the_document_has_none) {
  auto doc = test::sample_document();
  doc.info.created = 0;
  const std::string qdf = test::qdf_text(render_pdf_haru(doc), "haru-nodate.pdf");
  EXPECT_EQ(qdf.find("/CreationDate"), std::string::npos);
  EXPECT_EQ(qdf.find("/ModDate"), std::string::npos);
}

TEST(render_pdf_haru, adds_links_and_a_nested_outline) {
  test::expect_links_and_outline(render_pdf_haru(test::sample_document()), "haru-links");
}

TEST(render_pdf_haru, keeps_the_readers_zoom_at_destinations) {
  const std::string qdf = test::qdf_text(render_pdf_haru(test::sample_document()), "haru-zoom.pdf");
  // [page /XYZ left top null]: a null zoom keeps the reader's.
  const auto at = qdf.find("761.88977");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(qdf.substr(at + 9, 8), "\n  null\n");
}

TEST(render_pdf_haru, draws_only_the_selected_pages) {
  test::expect_page_selection(haru, "haru-select");
}

TEST(render_pdf_haru, gives_each_page_its_own_size) {
  test::expect_page_sizes(haru, "haru-sizes");
}

TEST(render_pdf_haru, writes_the_same_bytes_every_time) {
  const auto doc = test::sample_document();
  const std::string first = render_pdf_haru(doc);
  const std::string second = render_pdf_haru(doc);
  EXPECT_EQ(first.size(), second.size());
  EXPECT_TRUE(first == second) << "two renders of the same document differ";
  // libharu writes no /ID (it would only for encryption), so nothing random is left.
  EXPECT_EQ(first.substr(first.rfind("trailer")).find("/ID"), std::string::npos);
}

TEST(render_pdf_haru, fills_rects_and_paths_and_strokes_rules) {
  const std::string qdf = test::qdf_text(render_pdf_haru(test::sample_document()), "haru-ops.pdf");
  // The rule: grey, 0.25 pt, butt caps, from (70.87, 110) down the page in PDF's y.
  EXPECT_NE(qdf.find("0.25 w\n0 J\n0.62745 0.62745 0.62745 RG\n70.87 731.88977 m\n524.41"),
            std::string::npos)
      << qdf.substr(qdf.find("stream"), 2000);
  EXPECT_NE(qdf.find(" re\nf\n"), std::string::npos);
  EXPECT_NE(qdf.find("0.5 w\n0 J\n100 441.88977 m\n200 541.88977 l\n300 441.88977 l\nh\nB\n"),
            std::string::npos);
}

TEST(render_pdf_haru, pdfa_adds_identification_output_intent_and_document_id) {
  render_options options;
  options.pdfa = true;
  const std::string pdf = render_pdf_haru(test::sample_document(), options);
  test::expect_qpdf_clean(pdf, "haru-pdfa-check");
  test::expect_fonts_embedded(pdf, "haru-pdfa-fonts");
  const std::string qdf = test::qdf_text(pdf, "haru-pdfa.pdf");
  EXPECT_NE(qdf.find("<pdfaid:part>1</pdfaid:part>"), std::string::npos);
  EXPECT_NE(qdf.find("<pdfaid:conformance>B</pdfaid:conformance>"), std::string::npos);
  EXPECT_NE(qdf.find("/S /GTS_PDFA1"), std::string::npos);
  EXPECT_NE(qdf.find("/DestOutputProfile"), std::string::npos);
  const std::string trailer = pdf.substr(pdf.rfind("trailer"));
  EXPECT_NE(trailer.find("/ID"), std::string::npos) << trailer;
  // The same input gives the same bytes, /ID included.
  EXPECT_TRUE(pdf == render_pdf_haru(test::sample_document(), options));
}

TEST(render_pdf_haru, reports_libharu_errors_with_code_and_name) {
  auto doc = test::sample_document();
  doc.fonts[1].path = "/nonexistent/Missing.ttf";
  try {
    render_pdf_haru(doc);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(),
                 "libharu error 0x1017 (HPDF_FILE_OPEN_ERROR) while loading font "
                 "'/nonexistent/Missing.ttf' (detail 2)");
  }
}

TEST(render_pdf_haru, reports_a_page_size_libharu_refuses) {
  page::paged_document doc;
  doc.pages.push_back(page::page{from_pt(1), from_pt(100), "1", {}});
  try {
    render_pdf_haru(doc);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("HPDF_PAGE_INVALID_SIZE"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("setting the size of page 1"), std::string::npos);
  }
}

TEST(render_pdf_haru, reports_a_run_with_a_font_the_document_does_not_have) {
  auto doc = test::sample_document();
  std::get<page::glyph_run>(doc.pages[0].items[0]).font = -1;
  EXPECT_THROW(render_pdf_haru(doc), std::runtime_error);
}

TEST(render_pdf_haru, shows_runs_without_clusters_from_their_first_glyph) {
  auto doc = test::sample_document();
  std::get<page::glyph_run>(doc.pages[0].items[0]).clusters.clear();
  const auto words = test::pdf_words(render_pdf_haru(doc), "haru-clusterless.pdf");
  ASSERT_FALSE(words.empty());
  EXPECT_EQ(words.front().text, "Delårsrapport");
  EXPECT_NEAR(words.front().x_min, 70.87, 0.01);
}

TEST(render_pdf_haru, loads_each_font_file_once_and_only_when_used) {
  auto doc = test::sample_document();
  doc.fonts.push_back(doc.fonts[0]);  // the same file under a second index
  doc.fonts.push_back({"/nonexistent/Unused.ttf", 0, ""});
  std::get<page::glyph_run>(doc.pages[1].items[0]).font = 2;
  const std::string fonts = test::expect_fonts_embedded(render_pdf_haru(doc), "haru-once");
  std::size_t dejavu = 0;
  for (auto at = fonts.find("DejaVuSans"); at != std::string::npos;
       at = fonts.find("DejaVuSans", at + 1)) {
    ++dejavu;
  }
  EXPECT_EQ(dejavu, 1u) << fonts;
}

TEST(render_pdf_haru, refuses_a_document_without_pages) {
  try {
    render_pdf_haru(page::paged_document{});
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "cannot write a PDF of a document with no pages");
  }
}

TEST(render_pdf_haru, copes_with_odd_but_valid_items) {
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
  test::expect_qpdf_clean(render_pdf_haru(doc, {}), "haru-odd");
}

TEST(render_pdf_haru, warns_once_that_it_cannot_tag) {
  auto doc = test::sample_document();
  doc.structure.push_back({});  // a document with a structure to lose
  diagnostics diag;
  render_options options;
  options.diag = &diag;
  EXPECT_NO_THROW(render_pdf_haru(doc, options));
  ASSERT_EQ(diag.all().size(), 1u);
  EXPECT_EQ(diag.all()[0].level, severity::warning);
  EXPECT_NE(diag.all()[0].message.find("cannot write a tagged PDF"), std::string::npos);
  diag.clear();
  EXPECT_NO_THROW(render_pdf_haru(test::sample_document(), options));  // nothing to lose
  EXPECT_TRUE(diag.all().empty());
}

}  // namespace
}  // namespace rapport::render

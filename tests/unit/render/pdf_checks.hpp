// Test support for the PDF backends: the checks both cairo and haru must pass on the same
// documents, so that they agree with the layout and therefore with each other.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "render/render.hpp"
#include "sample_document.hpp"

namespace rapport::test {

using pdf_renderer =
    std::function<std::string(const page::paged_document&, const render::render_options&)>;

/// Every word where the layout put it, within a quarter point: two backends that pass are
/// within half a point of each other under `pdftotext -bbox`.
inline void expect_words_at_layout_positions(const pdf_renderer& render,
                                             const page::paged_document& doc,
                                             const std::string& name) {
  const std::string pdf = render(doc, {});
  const auto actual = pdf_words(pdf, name + ".pdf");
  const auto expected = expected_words(doc);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(compare_words(actual, expected, 0.25), "") << name;
}

/// One justified-looking line of 11 pt body text, long enough for rounded glyph widths to add
/// up to more than the tolerance if a backend lets the reader place glyphs by them.
inline page::paged_document long_line_document() {
  simple_shaper shaper;
  page::paged_document doc;
  doc.fonts.push_back({font_path("liberation/LiberationSerif-Regular.ttf"), 0, ""});
  page::page p{from_mm(210), from_mm(297), "1", {}};
  p.items.push_back(shaper.shape(doc.fonts[0].path, 0, 11, {from_pt(50), from_pt(100)},
                                 "Socialnämndens resultat för perioden januari till augusti "
                                 "uppgår till minus femtiosju miljoner kronor"));
  p.items.push_back(shaper.shape(doc.fonts[0].path, 0, 16, {from_pt(50), from_pt(130)},
                                 "Verksamhetsberättelseöversiktssammanställningsdokumentet"));
  doc.pages.push_back(p);
  return doc;
}

/// qpdf finds nothing wrong: no damaged cross-reference table, no bad streams.
inline void expect_qpdf_clean(const std::string& pdf, const std::string& name) {
  const command_result r = run_on_pdf("qpdf --check", pdf, name + ".pdf");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output.find("WARNING"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("No syntax or stream encoding errors found"), std::string::npos)
      << r.output;
}

/// pdffonts lists every font of the sample as embedded with a ToUnicode map, and poppler
/// reads the fonts without a complaint.
inline std::string expect_fonts_embedded(const std::string& pdf, const std::string& name) {
  const command_result r = run_on_pdf("pdffonts", pdf, name + ".pdf");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output.find("Warning"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("DejaVuSans"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("LiberationSerif"), std::string::npos) << r.output;
  std::istringstream lines(r.output);
  std::string line;
  int fonts = 0;
  while (std::getline(lines, line)) {
    if (line.find("DejaVuSans") == std::string::npos &&
        line.find("LiberationSerif") == std::string::npos) {
      continue;
    }
    ++fonts;
    // Columns: name type [type] encoding emb sub uni object ID.
    EXPECT_NE(line.find(" yes yes yes "), std::string::npos) << line;
  }
  EXPECT_GE(fonts, 2) << r.output;
  return r.output;
}

/// The document information as pdfinfo decodes it, dates in UTC.
inline void expect_info(const std::string& pdf, const std::string& name) {
  const command_result r = run_on_pdf("pdfinfo -isodates", pdf, name + ".pdf");
  EXPECT_EQ(r.status, 0) << r.output;
  for (const char* line :
       {"Title:           Delårsrapport 2021\n", "Author:          Socialnämnden\n",
        "Subject:         Uppföljning\n", "Keywords:        delår, budget\n",
        "Creator:         rapport test\n", "CreationDate:    2021-11-23T10:05:00Z\n",
        "ModDate:         2021-11-23T10:05:00Z\n", "Pages:           2\n"}) {
    EXPECT_NE(r.output.find(line), std::string::npos) << line << "in:\n" << r.output;
  }
}

/// Two links (one to a web page, one to page 2 at y = 72 pt) and three bookmarks, nested by
/// level, whose destinations are the layout's positions turned into PDF's bottom-up y.
inline void expect_links_and_outline(const std::string& pdf, const std::string& name) {
  const std::string qdf = qdf_text(pdf, name + ".pdf");
  std::size_t links = 0;
  for (std::size_t at = qdf.find("/Subtype /Link"); at != std::string::npos;
       at = qdf.find("/Subtype /Link", at + 1)) {
    ++links;
  }
  EXPECT_EQ(links, 2u);
  EXPECT_NE(qdf.find("/URI (https://example.se/rapport?a=1&b='x')"), std::string::npos);
  const double height = to_pt(from_mm(297));
  const std::vector<double> expected = {height - 140, height - 80, height - 72, height - 72};
  const std::vector<double> tops = destination_tops(qdf);
  ASSERT_EQ(tops.size(), expected.size()) << name;
  for (std::size_t i = 0; i < tops.size(); ++i) EXPECT_NEAR(tops[i], expected[i], 0.01);

  const command_result json = run_on_pdf("qpdf --json --json-key=outlines", pdf, name + ".pdf");
  const std::string& o = json.output;
  const auto top = o.find("\"title\": \"Delårsrapport\"");
  const auto child = o.find("\"title\": \"Resultat\"");
  const auto next = o.find("\"title\": \"Ekonomisk översikt\"");
  ASSERT_NE(top, std::string::npos) << o;
  ASSERT_NE(child, std::string::npos) << o;
  ASSERT_NE(next, std::string::npos) << o;
  // qpdf writes an item's kids before its title: the child comes first, then its parent.
  EXPECT_LT(child, top) << o;
  EXPECT_LT(top, next) << o;
  EXPECT_NE(o.find("\"destpageposfrom1\": 2"), std::string::npos) << o;
}

/// With only page 1 selected: one page, the link to page 2 and the bookmark there dropped.
inline void expect_page_selection(const pdf_renderer& render, const std::string& name) {
  render::render_options options;
  options.pages = {0};
  const std::string pdf = render(sample_document(), options);
  const command_result info = run_on_pdf("pdfinfo", pdf, name + ".pdf");
  EXPECT_NE(info.output.find("Pages:           1\n"), std::string::npos) << info.output;
  const std::string qdf = qdf_text(pdf, name + ".pdf");
  EXPECT_EQ(destination_tops(qdf).size(), 2u);
  EXPECT_EQ(qdf.find("/Subtype /Link"), qdf.rfind("/Subtype /Link"));
  expect_qpdf_clean(pdf, name);
}

/// Each page keeps its own size (a landscape page after a portrait one).
inline void expect_page_sizes(const pdf_renderer& render, const std::string& name) {
  page::paged_document doc;
  doc.pages.push_back(page::page{from_mm(210), from_mm(297), "1", {}});
  doc.pages.push_back(page::page{from_mm(297), from_mm(210), "2", {}});
  const std::string pdf = render(doc, {});
  const command_result r = run_on_pdf("pdfinfo -f 1 -l 2", pdf, name + ".pdf");
  EXPECT_NE(r.output.find("Page    1 size:  595.276 x 841.89 pts"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Page    2 size:  841.89 x 595.276 pts"), std::string::npos) << r.output;
}

}  // namespace rapport::test

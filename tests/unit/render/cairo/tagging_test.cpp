// Tests of tagged PDF from the cairo backend: the layout's structure tree as poppler reads it,
// /Alt, TH /Scope, /Lang, artifacts around everything unread, page labels, page selection,
// untagged documents, and the pieces: content rewriting, text strings, the object reader.
#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "../pdf_checks.hpp"
#include "image/image.hpp"
#include "render/cairo/cairo_canvas.hpp"
#include "render/cairo/pdf_tagging.hpp"

namespace rapport::render {
namespace {

using page::role;

template <class T>
void set_element(page::item& item, int element) {
  std::get<T>(item).element = element;
}

page::structure_element element(role kind, int parent, std::string alt = {}) {
  page::structure_element e;
  e.kind = kind;
  e.parent = parent;
  e.alt = std::move(alt);
  return e;
}

// The sample report with its structure: a heading, a one-row table (the figure −57 235 is
// drawn before its row header, but read after it), a figure, a paragraph holding the web link,
// and the second page's heading. Rule, shading, footers and the internal link stay untagged.
page::paged_document tagged_document() {
  page::paged_document doc = test::sample_document();
  doc.info.language = "sv-SE";
  doc.structure = {element(role::heading_1, -1),                       // 0
                   element(role::table, -1),                           // 1
                   element(role::table_body, 1),                       // 2
                   element(role::table_row, 2),                        // 3
                   element(role::header_cell, 3),                      // 4
                   element(role::data_cell, 3),                        // 5
                   element(role::figure, -1, "Diagram: tre punkter"),  // 6
                   element(role::paragraph, -1),                       // 7
                   element(role::link, 7),                             // 8
                   element(role::heading_1, -1)};                      // 9
  doc.structure[4].scope = page::header_scope::row;
  auto& first = doc.pages[0].items;
  set_element<page::glyph_run>(first[0], 0);
  set_element<page::glyph_run>(first[3], 5);
  set_element<page::glyph_run>(first[4], 4);
  set_element<page::path>(first[5], 6);
  set_element<page::link>(first[6], 8);
  set_element<page::glyph_run>(doc.pages[1].items[0], 9);
  return doc;
}

std::string struct_text(const std::string& pdf, const std::string& name) {
  const auto r = test::run_on_pdf("pdfinfo -struct-text", pdf, name);
  EXPECT_EQ(r.status, 0) << r.output;
  return r.output;
}

// Counts the text-showing operators of a QDF file's page contents that are inside an
// /Artifact sequence, inside a sequence with an MCID, and inside none.
struct text_states {
  int artifact = 0, tagged = 0, none = 0;
};

text_states count_text(const std::string& qdf) {
  text_states n;
  static const std::regex token(R"(\((?:\\.|[^\\)])*\)|<<|>>|<[0-9a-fA-F]*>|[\[\]]|/[^\s/\[\]()<>]+|[^\s/\[\]()<>]+)");
  std::size_t at = 0;
  while ((at = qdf.find("%% Contents for page", at)) != std::string::npos) {
    const std::size_t begin = qdf.find("\nstream\n", at) + 8;
    const std::size_t end = qdf.find("\nendstream", begin);
    const std::string content = qdf.substr(begin, end - begin);
    std::vector<std::string> stack, operands;
    for (std::sregex_iterator it(content.begin(), content.end(), token), stop; it != stop; ++it) {
      const std::string t = it->str();
      if (t == "BDC" || t == "BMC") {
        const bool mcid = std::find(operands.begin(), operands.end(), "/MCID") != operands.end();
        stack.push_back(operands.at(0) == "/Artifact" ? "artifact" : mcid ? "tagged" : "other");
      } else if (t == "EMC") {
        stack.pop_back();
      } else if (t == "Tj" || t == "TJ") {
        const bool artifact = std::find(stack.begin(), stack.end(), "artifact") != stack.end();
        const bool tagged = std::find(stack.begin(), stack.end(), "tagged") != stack.end();
        (artifact ? n.artifact : tagged ? n.tagged : n.none) += 1;
      }
      if (std::isalpha(static_cast<unsigned char>(t[0])) || t == "'" || t == "\"") {
        operands.clear();
      } else {
        operands.push_back(t);
      }
    }
    at = end;
  }
  return n;
}

TEST(render_pdf_cairo_tagged, writes_the_structure_tree_of_the_layout) {
  const std::string pdf = render_pdf_cairo(tagged_document());
  EXPECT_NE(test::run_on_pdf("pdfinfo", pdf, "tag-info.pdf").output.find("Tagged:          yes"), std::string::npos);
  test::expect_qpdf_clean(pdf, "tag-check");
  // The row header comes first although it was drawn second; the internal link, in no Link
  // of the layout's, gets one of its own after what precedes it.
  EXPECT_EQ(struct_text(pdf, "tag-tree.pdf"),
            "Document\n"
            "  H1 (block)\n"
            "    \"Delårsrapport för Socialnämnden\"\n"
            "  Table (block)\n"
            "    TBody\n"
            "      TR\n"
            "        TH:\n"
            "           /Scope /Row\n"
            "          \"Resultat före skatt\"\n"
            "        TD\n"
            "          \"−57 235\"\n"
            "  Figure\n"
            "    \"\"\n"
            "  P (block)\n"
            "    Link (inline)\n"
            "      \"\"\n"
            "      Object 15 0\n"
            "  Link (inline)\n"
            "    \"\"\n"
            "    Object 16 0\n"
            "  H1 (block)\n"
            "    \"Ekonomisk översikt\"\n");
}

TEST(render_pdf_cairo_tagged, adds_alt_text_scope_language_and_mark_info) {
  const std::string qdf = test::qdf_text(render_pdf_cairo(tagged_document()), "tag-qdf.pdf");
  EXPECT_NE(qdf.find("/Alt (Diagram: tre punkter)"), std::string::npos);
  EXPECT_NE(qdf.find("/Lang (sv-SE)"), std::string::npos);
  EXPECT_NE(qdf.find("/Marked true"), std::string::npos);
  EXPECT_NE(qdf.find("/DisplayDocTitle true"), std::string::npos);
  EXPECT_NE(qdf.find("/O /Table"), std::string::npos);
  // cairo's own flat tree is gone: one structure tree root, one Document.
  EXPECT_EQ(qdf.find("/Type /StructTreeRoot"), qdf.rfind("/Type /StructTreeRoot"));
  EXPECT_EQ(qdf.find("/S /Document"), qdf.rfind("/S /Document"));
  EXPECT_EQ(qdf.find("/S /Span"), std::string::npos) << "cairo's tag for link text is renamed";
}

TEST(render_pdf_cairo_tagged, marks_everything_unread_as_artifacts) {
  const std::string qdf = test::qdf_text(render_pdf_cairo(tagged_document()), "tag-art.pdf");
  const text_states n = count_text(qdf);
  EXPECT_EQ(n.none, 0);
  // The two footers are artifacts, the four tagged runs are not (cairo shows a run a word at
  // a time, so count pieces of at least one each).
  EXPECT_GE(n.artifact, 2);
  EXPECT_GE(n.tagged, 4);
  // The rule and the shading are painted inside artifacts too: nothing is painted outside.
  const auto page_one = qdf.substr(qdf.find("%% Contents for page 1"));
  const auto shading = page_one.find(" re f");
  ASSERT_NE(shading, std::string::npos);
  EXPECT_LT(page_one.rfind("/Artifact BMC", shading), shading);
}

TEST(render_pdf_cairo_tagged, tags_only_the_selected_pages) {
  render_options options;
  options.pages = {1};
  const std::string pdf = render_pdf_cairo(tagged_document(), options);
  test::expect_qpdf_clean(pdf, "tag-select");
  EXPECT_EQ(struct_text(pdf, "tag-select.pdf"), "Document\n  H1 (block)\n    \"Ekonomisk översikt\"\n");
  const auto labels = test::run_on_pdf("qpdf --json --json-key=pagelabels", pdf, "tag-select.pdf");
  EXPECT_NE(labels.output.find("\"/St\": 2"), std::string::npos) << labels.output;
}

TEST(render_pdf_cairo_tagged, labels_pages_as_the_layout_does) {
  auto doc = tagged_document();
  doc.pages[0].label = "Omslag";
  const auto r = test::run_on_pdf("qpdf --json --json-key=pagelabels", render_pdf_cairo(doc), "tag-labels.pdf");
  EXPECT_NE(r.output.find("\"/P\": \"u:Omslag\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"/S\": \"/D\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"/St\": 2"), std::string::npos) << r.output;
}

TEST(render_pdf_cairo_tagged, leaves_a_document_without_structure_untagged) {
  const std::string pdf = render_pdf_cairo(test::sample_document());
  EXPECT_NE(test::run_on_pdf("pdfinfo", pdf, "untagged.pdf").output.find("Tagged:          no"), std::string::npos);
  test::expect_qpdf_clean(pdf, "untagged");
  const std::string qdf = test::qdf_text(pdf, "untagged.pdf");
  EXPECT_EQ(qdf.find("/StructTreeRoot"), std::string::npos);
  EXPECT_EQ(qdf.find("/Artifact"), std::string::npos);
}

TEST(tag_pdf, returns_what_it_does_not_understand_unchanged) {
  detail::tagging_plan plan;
  plan.elements = tagged_document().structure;
  plan.pages = {{{0, false}}};
  EXPECT_EQ(detail::tag_pdf("not a PDF at all", plan), "not a PDF at all");
  // A plan for one page against a file of two: the file stays as cairo wrote it.
  const std::string two_pages = render_pdf_cairo(test::sample_document());
  EXPECT_EQ(detail::tag_pdf(two_pages, plan), two_pages);
}

TEST(mark_content, encloses_unmarked_painting_in_artifacts_between_state_changes) {
  std::string content =
      "1 0 0 -1 0 842 cm\nq\n0 0 595 842 re W n\n1 1 1 rg 0 0 595 842 re f\nQ q\n"
      "/P << /MCID 0 >> BDC\nBT /f-0-0 1 Tf (Text)Tj ET\nEMC\n"
      "0.5 g BT (Sida 1)Tj ET\n1 w 0 0 m 10 0 l S\n"
      "/Span << /MCID 1 >> BDC\nBT (länk)Tj ET\nEMC\nQ\n";
  ASSERT_EQ(detail::mark_content(content, {"P", "Span"}, {"P", "Link"}), detail::content_status::rewritten);
  EXPECT_EQ(content,
            "1 0 0 -1 0 842 cm\nq\n/Artifact BMC\n0 0 595 842 re W n\n1 1 1 rg 0 0 595 842 re "
            "f\nEMC\nQ q\n"
            "/P << /MCID 0 >> BDC\nBT /f-0-0 1 Tf (Text)Tj ET\nEMC\n"
            "0.5 g /Artifact BMC\nBT (Sida 1)Tj ET\n1 w 0 0 m 10 0 l S\nEMC\n"
            "/Link << /MCID 1 >> BDC\nBT (länk)Tj ET\nEMC\nQ\n");
}

TEST(mark_content, refuses_marks_other_than_the_canvas_asked_for) {
  const std::string content = "/P << /MCID 0 >> BDC BT (a)Tj ET EMC /H1 << /MCID 1 >> BDC EMC";
  std::string copy = content;
  EXPECT_EQ(detail::mark_content(copy, {"P", "P"}, {"P", "P"}), detail::content_status::mismatch);
  EXPECT_EQ(detail::mark_content(copy, {"P"}, {"P"}), detail::content_status::mismatch);
  copy = "/P << /MCID 1 >> BDC EMC";
  EXPECT_EQ(detail::mark_content(copy, {"P"}, {"P"}), detail::content_status::mismatch);
  copy = content;
  EXPECT_EQ(detail::mark_content(copy, {"P", "H1"}, {"P", "H1"}), detail::content_status::rewritten);
  EXPECT_EQ(copy, content);
}

TEST(mark_content, leaves_what_it_cannot_read_alone) {
  std::string image = "q BI /W 1 /H 1 /BPC 8 /CS /G ID \x01 EI Q";
  EXPECT_EQ(detail::mark_content(image, {}, {}), detail::content_status::unsupported);
  std::string inside_text = "BT /P << /MCID 0 >> BDC (a)Tj EMC ET";
  EXPECT_EQ(detail::mark_content(inside_text, {"P"}, {"P"}), detail::content_status::unsupported);
  std::string open_path = "0 0 m 1 1 l";
  EXPECT_EQ(detail::mark_content(open_path, {}, {}), detail::content_status::unsupported);
}

TEST(pdf_text_string, writes_ascii_literally_and_the_rest_as_utf16) {
  EXPECT_EQ(detail::pdf_text_string("sv-SE"), "(sv-SE)");
  EXPECT_EQ(detail::pdf_text_string("a (b) \\"), "(a \\(b\\) \\\\)");
  EXPECT_EQ(detail::pdf_text_string("Årets −57"), "<FEFF00C500720065007400730020221200350037>");
  EXPECT_EQ(detail::pdf_text_string("\xF0\x9D\x84\x9E"), "<FEFFD834DD1E>");  // U+1D11E
  EXPECT_EQ(detail::pdf_text_string("a\xFF"), "<FEFF0061FFFD>");
}

TEST(pdf_file, rewrites_a_cairo_file_object_by_object) {
  const std::string original = render_pdf_cairo(test::sample_document());
  auto file = detail::pdf_file::parse(original);
  ASSERT_TRUE(file);
  const detail::pdf_value* root = file->trailer().get("Root");
  ASSERT_TRUE(root && root->is_ref());
  detail::pdf_value catalog = *file->resolve(*root);
  const int added = file->add("<< /Example (added) >>");
  catalog.set("Example", detail::pdf_value::make_ref(added));
  file->replace(root->number, detail::serialize(catalog));
  const std::string rewritten = file->write();
  test::expect_qpdf_clean(rewritten, "objects");
  EXPECT_NE(test::qdf_text(rewritten, "objects.pdf").find("/Example (added)"), std::string::npos);
  EXPECT_EQ(test::pdf_words(rewritten, "objects.pdf").size(), test::pdf_words(original, "objects-in.pdf").size());
  EXPECT_FALSE(detail::pdf_file::parse("%PDF-1.5\nxref\n0 1\ntrailer << >>\nstartxref\n9\n%%EOF\n"));
}

TEST(pdf_file, parses_objects_when_asked_and_again_after_forgetting_them) {
  std::string original = render_pdf_cairo(test::sample_document());
  const std::string copy = original;
  std::string not_a_pdf = "%PDF-1.5\nxref\n0 1\ntrailer << >>\nstartxref\n9\n%%EOF\n";
  EXPECT_FALSE(detail::pdf_file::parse_in_place(not_a_pdf));
  EXPECT_EQ(not_a_pdf, "%PDF-1.5\nxref\n0 1\ntrailer << >>\nstartxref\n9\n%%EOF\n") << "given back on failure";
  auto file = detail::pdf_file::parse_in_place(original);
  ASSERT_TRUE(file);
  EXPECT_TRUE(original.empty()) << "taken, not copied, on success";
  const detail::pdf_value* root = file->trailer().get("Root");
  ASSERT_TRUE(root && root->is_ref());
  const std::string catalog = detail::serialize(*file->resolve(*root));
  file->forget(root->number);
  EXPECT_EQ(detail::serialize(*file->resolve(*root)), catalog);
  EXPECT_EQ(file->object(0), nullptr);
  EXPECT_EQ(file->object(file->next_number()), nullptr);
  EXPECT_EQ(file->write(), copy) << "an unchanged file is written back byte for byte";
  EXPECT_EQ(std::move(*file).take_bytes(), copy);
}

TEST(render_pdf_cairo, names_an_image_shown_twice_on_a_page_once_in_its_resources) {
  // cairo lists the image's XObject twice in the page's resources; qpdf warns of the key.
  auto emblem = std::make_shared<const rapport::image>(
      load_image(std::string(RAPPORT_SOURCE_DIR) + "/samples/images/exempelby.png", {"test", 1, 1}));
  page::paged_document doc = test::sample_document();
  doc.pages.front().items.push_back(page::image_item{emblem, {from_pt(50), from_pt(50), from_pt(40), from_pt(48)}});
  doc.pages.front().items.push_back(page::image_item{emblem, {from_pt(50), from_pt(200), from_pt(80), from_pt(96)}});
  const std::string pdf = render_pdf_cairo(doc);
  test::expect_qpdf_clean(pdf, "image-twice");
  const test::command_result images = test::run_on_pdf("pdfimages -list", pdf, "image-twice.pdf");
  EXPECT_NE(images.output.find(" 1     2 image"), std::string::npos) << "drawn twice:\n" << images.output;
}

TEST(pdf_file, inflates_what_it_deflates) {
  const std::string text = "BT (Delårsrapport) Tj ET\n" + std::string(10000, 'x');
  EXPECT_EQ(detail::inflate(detail::deflate(text)), text);
  EXPECT_FALSE(detail::inflate("not deflated"));
  EXPECT_FALSE(detail::inflate(detail::deflate(text).substr(0, 20)));
}

}  // namespace
}  // namespace rapport::render

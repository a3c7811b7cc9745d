// The definition reader: structure, locations and every error message.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "definition/definition.hpp"

namespace {

using namespace rapport;
namespace fs = std::filesystem;

class reader : public ::testing::Test {
protected:
  fs::path dir = fs::temp_directory_path() / ("rapport-def-" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }

  fs::path write(const std::string& name, const std::string& text) {
    fs::path p = dir / name;
    std::ofstream(p) << text;
    return p;
  }

  std::string first_error(const std::string& xml) {
    fs::path p = write("r.xml", xml);
    diagnostics diag;
    try {
      def::read_definition(p, diag);
    } catch (const fatal_error& e) {
      return to_string(e.what_diagnostic());
    }
    for (const auto& d : diag.all())
      if (d.level == severity::error) return to_string(d);
    return {};
  }

  std::string file() const { return (dir / "r.xml").string(); }
};

TEST_F(reader, reads_structure) {
  fs::path p = write("r.xml", R"(<report lang="en-GB" layout="plain">
  <meta><title>T</title><author>A</author><date>2021-11-23</date></meta>
  <param name="period" default="2021-08"/>
  <data><csv name="e" file="e.csv" separator=";"/></data>
  <section title="One">
    <p>Hello <b>bold <i>both</i></b> {sum(e.x) | dec1} end</p>
    <section title="Two" numbered="false"><ul><li>a<ul><li>b</li></ul></li></ul></section>
  </section>
  <appendix title="App"/>
</report>)");
  diagnostics diag;
  def::report_definition d = def::read_definition(p, diag);
  EXPECT_FALSE(diag.has_errors());
  EXPECT_EQ(d.language, "en-GB");
  EXPECT_EQ(d.layout, "plain");
  EXPECT_EQ(d.meta.title, "T");
  EXPECT_EQ(d.meta.committee, "A");  // defaults to the author
  ASSERT_EQ(d.params.size(), 1u);
  EXPECT_EQ(*d.params[0].default_value, "2021-08");
  ASSERT_EQ(d.sources.size(), 1u);
  EXPECT_EQ(d.sources[0].file, dir / "e.csv");
  ASSERT_EQ(d.body.size(), 2u);
  const auto& one = std::get<def::section>(d.body[0].node);
  EXPECT_TRUE(one.numbered);
  const auto& p1 = std::get<def::paragraph>(one.blocks[0].node);
  ASSERT_EQ(p1.content.size(), 5u);
  EXPECT_EQ(p1.content[0].text, "Hello ");
  EXPECT_EQ(p1.content[1].type, def::inline_node::kind::bold);
  EXPECT_EQ(p1.content[1].children[1].type, def::inline_node::kind::italic);
  EXPECT_EQ(p1.content[3].type, def::inline_node::kind::value);
  EXPECT_EQ(p1.content[3].text, "sum(e.x)");
  EXPECT_EQ(p1.content[3].format, "dec1");
  EXPECT_EQ(p1.content[3].loc.line, 6);
  EXPECT_EQ(p1.content[3].loc.column, 39);  // the expression's first character
  const auto& two = std::get<def::section>(one.blocks[1].node);
  EXPECT_FALSE(two.numbered);
  const auto& l = std::get<def::list>(two.blocks[0].node);
  ASSERT_EQ(l.items.size(), 1u);
  EXPECT_EQ(l.items[0].children.size(), 1u);
  EXPECT_TRUE(std::get<def::section>(d.body[1].node).appendix);
}

TEST_F(reader, malformed_xml_is_located) {
  EXPECT_EQ(first_error("<report>\n  <section title=\"a\">\n  </sektion>\n</report>"),
            file() + ":3:3: error: malformed XML: </sektion> closes <section> (opened at 2:3)");
  EXPECT_EQ(first_error("<report>\n  <section title=\"a\">\n</report>"),
            file() + ":3:1: error: malformed XML: </report> closes <section> (opened at 2:3)");
  EXPECT_EQ(first_error("<report>\n  <p>text"),
            file() + ":2:3: error: malformed XML: <p> is never closed");
  EXPECT_EQ(first_error("<report>\n  <p a=\"1\" b>x</p></report>"),
            file() + ":2:12: error: malformed XML: malformed attribute (expected name=\"value\")");
}

TEST_F(reader, unknown_element_has_a_hint) {
  EXPECT_EQ(first_error("<report>\n  <secton title=\"a\"/>\n</report>"),
            file() + ":2:3: error: unknown element <secton> in <report>\n  hint: did you mean <section>?");
}

TEST_F(reader, unknown_attribute_has_a_hint) {
  EXPECT_EQ(first_error("<report>\n  <section titel=\"a\"/>\n</report>"),
            file() + ":2:12: error: unknown attribute 'titel' on <section>\n  hint: did you mean 'title'?");
}

TEST_F(reader, two_elements_on_one_line_get_their_own_columns) {
  EXPECT_EQ(first_error("<report><section title=\"a\"><p>x</p><p bad=\"1\">y</p></section></report>"),
            file() + ":1:39: error: unknown attribute 'bad' on <p>\n  hint: <p> takes: style");
}

TEST_F(reader, missing_title) {
  EXPECT_EQ(first_error("<report>\n  <section/>\n</report>"),
            file() + ":2:3: error: <section> needs a title (attribute 'title' or a <title> child)");
}

TEST_F(reader, wrong_root) {
  EXPECT_EQ(first_error("<rapport/>"), file() + ":1:1: error: expected <report> as the root element, found <rapport>");
}

TEST_F(reader, bad_boolean) {
  EXPECT_EQ(first_error("<report><section title=\"a\" numbered=\"nej\"/></report>"),
            file() + ":1:38: error: attribute 'numbered' must be true or false, found 'nej'");
}

TEST_F(reader, column_needs_field_or_expr) {
  EXPECT_EQ(first_error("<report><table source=\"s\"><columns>\n<column header=\"x\"/></columns></table></report>"),
            file() + ":2:1: error: a <column> needs exactly one of 'field' and 'expr'");
}

TEST_F(reader, unterminated_brace) {
  EXPECT_EQ(first_error("<report><p>sum {x + 1</p></report>"),
            file() + ":1:17: error: unterminated '{' (write '{{' for a literal brace)");
}

TEST_F(reader, include_reads_a_fragment_and_locates_its_errors) {
  write("part.xml", "<fragment>\n  <p>from the fragment</p>\n  <bogus/>\n</fragment>");
  fs::path p = write("r.xml", "<report>\n  <include file=\"part.xml\"/>\n</report>");
  diagnostics diag;
  def::report_definition d = def::read_definition(p, diag);
  ASSERT_EQ(d.body.size(), 1u);
  ASSERT_EQ(diag.all().size(), 1u);
  EXPECT_EQ(to_string(diag.all()[0]).substr(0, to_string(diag.all()[0]).find('\n')),
            (dir / "part.xml").string() + ":3:3: error: unknown element <bogus> in <fragment>");
  EXPECT_EQ(d.included_files.size(), 1u);
}

TEST_F(reader, missing_include) {
  EXPECT_EQ(first_error("<report>\n  <include file=\"nope.xml\"/>\n</report>"),
            file() + ":2:18: error: cannot read included file 'nope.xml': no such file");
}

TEST_F(reader, layout_reads_styles_and_lengths) {
  fs::path p = write("l.xml", R"(<layout name="t">
  <page size="A4" orientation="landscape" margin-left="20mm"/>
  <fonts><family name="sans" regular="a.ttf"/></fonts>
  <style name="body" font="sans" size="10" leading="12"/>
  <style name="h1" font="sans" size="14" bold="true"/>
  <numbering level1-suffix="."/>
  <palette colours="#000000 #ffffff"/>
</layout>)");
  diagnostics diag;
  model::house_style s = def::read_layout(p, diag);
  EXPECT_FALSE(diag.has_errors());
  EXPECT_NEAR(s.page.width, 841.89, 0.01);
  EXPECT_NEAR(s.page.margin_left, 56.69, 0.01);
  EXPECT_DOUBLE_EQ(s.style("h1").size, 14);
  EXPECT_NEAR(s.style("h1").leading, 16.8, 1e-9);
  EXPECT_TRUE(s.style("h1").bold);
  EXPECT_EQ(s.numbering.level1_suffix, ".");
  EXPECT_EQ(s.palette.size(), 2u);
}

TEST_F(reader, layout_errors) {
  fs::path p = write("l.xml", "<layout>\n  <page size=\"A9\" margin-top=\"2in\"/>\n</layout>");
  diagnostics diag;
  def::read_layout(p, diag);
  ASSERT_GE(diag.all().size(), 3u);
  EXPECT_EQ(to_string(diag.all()[0]), p.string() + ":2:15: error: unknown page size 'A9'\n  hint: use A4, A5, A3 or letter");
  EXPECT_EQ(to_string(diag.all()[1]),
            p.string() + ":2:31: error: expected a length like 12, 12pt, 25mm or 2.5cm for 'margin-top', found '2in'");
  EXPECT_EQ(to_string(diag.all()[2]), p.string() + ":1:1: error: a layout must define the style 'body'");
}

}  // namespace

// The definition reader refuses input that would otherwise lose content silently: bytes that are
// not UTF-8, entities XML does not know, a second root, a file without an element, and
// whole-number attributes that are not numbers; paths of data files are normalised.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "definition/definition.hpp"

namespace {

using namespace rapport;
namespace fs = std::filesystem;

class input_checks : public ::testing::Test {
protected:
  fs::path dir = fs::temp_directory_path() / ("rapport-input-" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }

  fs::path write(const std::string& name, const std::string& text) {
    fs::path p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  // The first error for a definition, printed without the folder (so "r.xml:2:7: error: ...").
  std::string first_error(const std::string& xml) {
    fs::path p = write("r.xml", xml);
    diagnostics diag;
    std::string printed;
    try {
      def::read_definition(p, diag);
    } catch (const fatal_error& e) {
      printed = to_string(e.what_diagnostic());
    }
    if (printed.empty())
      for (const auto& d : diag.all())
        if (d.level == severity::error) {
          printed = to_string(d);
          break;
        }
    std::string prefix = (dir / "").string();
    if (printed.starts_with(prefix)) printed.erase(0, prefix.size());
    return printed;
  }
};

TEST_F(input_checks, bytes_that_are_not_utf8_are_located) {
  EXPECT_EQ(
      first_error("<report>\n  <p>F\xF6rvaltning</p>\n</report>"),
      "r.xml:2:7: error: not valid UTF-8 (byte 0xf6): save the file as UTF-8\n"
      "  hint: the file looks like Windows-1252 (Latin-1), as older Windows programs save it");
  // Columns count characters: the bad byte after 'å' is the fifth.
  EXPECT_EQ(first_error("<report><p>å\xC3(</p></report>").substr(0, 52),
            "r.xml:1:13: error: not valid UTF-8 (byte 0xc3): save");
  EXPECT_EQ(first_error("<report><p>\xED\xA0\x80</p></report>").substr(0, 20),
            "r.xml:1:12: error: n");
  EXPECT_EQ(first_error("<report><p>Vård – \xF0\x9F\x98\x80</p></report>"), "");
  // UTF-16 is named before any syntax error; other broken files report their syntax first.
  EXPECT_EQ(first_error(std::string("\xFF\xFE<\0r\0/\0>\0", 10)),
            "r.xml:1:1: error: not valid UTF-8 (byte 0xff): save the file as UTF-8\n"
            "  hint: the file looks like UTF-16");
  EXPECT_EQ(first_error("<report><p>\xFF</report>").substr(0, 36), "r.xml:1:13: error: malformed XML: </");
}

TEST_F(input_checks, unknown_entities_name_what_to_write_instead) {
  EXPECT_EQ(
      first_error("<report>\n  <p>Budget&nbsp;och &amp; prognos</p>\n</report>"),
      "r.xml:2:12: error: unknown XML entity '&nbsp;' (write &#160; or the character itself)\n"
      "  hint: XML knows only &amp; &lt; &gt; &quot; and &apos;; HTML's named entities are not "
      "XML");
  EXPECT_EQ(first_error("<report><p title=\"a&mdash;b\">x</p></report>").substr(0, 73),
            "r.xml:1:20: error: unknown XML entity '&mdash;' (write &#8212; or the cha");
  EXPECT_EQ(first_error("<report><p>&frobnicate;</p></report>"),
            "r.xml:1:12: error: unknown XML entity '&frobnicate;' (write the character itself or "
            "its number, "
            "like &#160;)\n"
            "  hint: XML knows only &amp; &lt; &gt; &quot; and &apos;; HTML's named entities are "
            "not XML");
  // The five XML entities, numeric references and entity-like text in comments and CDATA are fine.
  EXPECT_EQ(first_error("<report><!-- &nbsp; --><p>&lt;&gt;&amp;&quot;&apos;&#160;&#xA0;"
                        "<![CDATA[&nbsp;]]></p></report>"),
            "");
}

TEST_F(input_checks, a_file_without_an_element_or_with_two_roots) {
  EXPECT_EQ(first_error("<!-- still to be written -->\n"),
            "r.xml:1:1: error: malformed XML: the file holds no XML element");
  EXPECT_EQ(first_error("<?xml version=\"1.0\"?>"),
            "r.xml:1:1: error: malformed XML: the file holds no XML element");
  EXPECT_EQ(first_error("<report>\n  <p>Ett</p>\n</report>\n<report/>\n"),
            "r.xml:4:1: error: malformed XML: a second root element <report> (a file holds one)\n"
            "  hint: move it inside <report>");
}

TEST_F(input_checks, whole_number_attributes_are_parsed_strictly) {
  EXPECT_EQ(first_error("<report>\n  <ol start=\"tre\"><li>a</li></ol>\n</report>"),
            "r.xml:2:14: error: expected a whole number for 'start', found 'tre'");
  EXPECT_EQ(first_error("<report><ol start=\"2.5\"><li>a</li></ol></report>"),
            "r.xml:1:20: error: expected a whole number for 'start', found '2.5'");
  EXPECT_EQ(first_error("<report><toc depth=\"9\"/></report>"),
            "r.xml:1:21: error: 'depth' must be a whole number from 1 to 6, found '9'");
  EXPECT_EQ(first_error("<report><toc depth=\"99999999999999999999\"/></report>"),
            "r.xml:1:21: error: 'depth' must be a whole number from 1 to 6, found "
            "'99999999999999999999'");
  EXPECT_EQ(first_error("<report><toc depth=\"\"/></report>"),
            "r.xml:1:21: error: expected a whole number for 'depth', found ''");

  fs::path p =
      write("ok.xml", "<report><ol start=\"7\"><li>a</li></ol><toc depth=\"3\"/></report>");
  diagnostics diag;
  def::report_definition d = def::read_definition(p, diag);
  EXPECT_FALSE(diag.has_errors());
  ASSERT_EQ(d.body.size(), 2u);
  EXPECT_EQ(std::get<def::list>(d.body[0].node).start, 7);
  EXPECT_EQ(std::get<def::toc>(d.body[1].node).depth, 3);
}

TEST_F(input_checks, data_paths_are_normalised_and_queries_located) {
  fs::path p = write("n.xml",
                     "<report><data>\n"
                     "  <csv name=\"a\" file=\"../data/./x.csv\"/>\n"
                     "  <sqlite name=\"b\" file=\"d.sqlite\" query=\"SELECT 1\"/>\n"
                     "  <sqlite name=\"c\" file=\"d.sqlite\">\n    SELECT 2\n  </sqlite>\n"
                     "</data></report>");
  diagnostics diag;
  def::report_definition d = def::read_definition(p, diag);
  ASSERT_EQ(d.sources.size(), 3u);
  EXPECT_EQ(d.sources[0].file, (dir.parent_path() / "data" / "x.csv"));
  EXPECT_EQ(d.sources[1].query_loc, (source_loc{p.string(), 3, 43}));
  EXPECT_EQ(d.sources[2].query_loc, (source_loc{p.string(), 5, 5}));
}

TEST_F(input_checks, sort_and_group_by_are_located_at_their_attributes) {
  fs::path p = write("s.xml",
                     "<report><data><csv name=\"t\" file=\"t.csv\"/></data>\n"
                     "<table source=\"t\" sort=\"-b, a\" group-by=\"a\"><columns><column "
                     "field=\"a\"/></columns></table>\n"
                     "</report>");
  diagnostics diag;
  def::report_definition d = def::read_definition(p, diag);
  ASSERT_EQ(d.body.size(), 1u);
  const auto& t = std::get<def::table>(d.body[0].node);
  EXPECT_EQ(t.sort_loc, (source_loc{p.string(), 2, 25}));
  EXPECT_EQ(t.group_by_loc, (source_loc{p.string(), 2, 42}));
}

}  // namespace

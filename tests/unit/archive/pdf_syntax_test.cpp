// Tests for archive/pdf_syntax.hpp: parsing, writing and text strings.
#include "archive/pdf_syntax.hpp"

#include <gtest/gtest.h>

namespace rapport::detail {
namespace {

pdf_object parse(std::string_view text) {
  pdf_parser parser(text, 0);
  return parser.parse_object();
}

TEST(pdf_syntax, parses_a_dictionary_with_every_kind_of_value) {
  pdf_object o = parse(
      "<< /Type /Page /Count 3 /Scale -1.5 /Kids [4 0 R 5 0 R] /On true /Off false /None null "
      "/Text (a\\(b\\)c\\n\\101) /Hex <48656C6C6F> /Odd <414> /Name#20Space /x >>");
  ASSERT_TRUE(o.dict());
  const pdf_dict& d = *o.dict();
  EXPECT_EQ(*d.find("Type")->name(), "Page");
  EXPECT_EQ(d.find("Count")->integer(), 3);
  EXPECT_FALSE(d.find("Scale")->integer());
  EXPECT_DOUBLE_EQ(std::get<pdf_number>(d.find("Scale")->value).value, -1.5);
  const auto& kids = d.find("Kids")->array()->items;
  ASSERT_EQ(kids.size(), 2u);
  EXPECT_EQ(*kids[0].ref(), (pdf_ref{4, 0}));
  EXPECT_EQ(*kids[1].ref(), (pdf_ref{5, 0}));
  EXPECT_EQ(std::get<bool>(d.find("On")->value), true);
  EXPECT_EQ(std::get<bool>(d.find("Off")->value), false);
  EXPECT_TRUE(d.find("None")->is_null());
  EXPECT_EQ(d.find("Text")->string()->bytes, "a(b)c\nA");
  EXPECT_EQ(d.find("Hex")->string()->bytes, "Hello");
  EXPECT_EQ(d.find("Odd")->string()->bytes, "A@");  // a missing last digit counts as 0
  EXPECT_EQ(*d.find("Name Space")->name(), "x");
}

TEST(pdf_syntax, tells_numbers_from_references) {
  pdf_object o = parse("[1 2 3 0 R 4]");
  const auto& items = o.array()->items;
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].integer(), 1);
  EXPECT_EQ(items[1].integer(), 2);
  EXPECT_EQ(*items[2].ref(), (pdf_ref{3, 0}));
  EXPECT_EQ(items[3].integer(), 4);
}

TEST(pdf_syntax, records_string_positions) {
  std::string text = "<< /Contents <00AB> >>";
  pdf_object o = parse(text);
  const pdf_string* s = o.dict()->find("Contents")->string();
  EXPECT_EQ(s->begin, text.find('<', 3));
  EXPECT_EQ(text[s->end - 1], '>');
  EXPECT_EQ(s->bytes, std::string("\x00\xAB", 2));
}

TEST(pdf_syntax, rejects_malformed_input_with_an_offset) {
  for (std::string_view bad : {"<< /A 1", "(unterminated", "[1 2", "<< 1 2 >>", "<4G>", "endobj"}) {
    EXPECT_THROW(parse(bad), pdf_syntax_error) << bad;
  }
  std::string deep(1000, '[');
  EXPECT_THROW(parse(deep), pdf_syntax_error);
}

TEST(pdf_syntax, reads_an_indirect_stream_and_trusts_length_only_when_it_fits) {
  std::string text = "7 0 obj\n<< /Length 5 >>\nstream\nHello\nendstream\nendobj\n";
  pdf_parser parser(text, 0);
  pdf_indirect o = parser.parse_indirect(nullptr);
  EXPECT_EQ(o.id, (pdf_ref{7, 0}));
  ASSERT_TRUE(o.has_stream);
  EXPECT_EQ(text.substr(o.stream_begin, o.stream_end - o.stream_begin), "Hello");

  std::string wrong = "7 0 obj\n<< /Length 2 >>\nstream\nHello\nendstream\nendobj\n";
  pdf_parser p2(wrong, 0);
  pdf_indirect o2 = p2.parse_indirect(nullptr);
  EXPECT_EQ(wrong.substr(o2.stream_begin, o2.stream_end - o2.stream_begin), "Hello");
}

TEST(pdf_syntax, writes_what_it_reads) {
  std::string text =
      "<</Type /Annot\n/Rect [0 0 0.5 -3]\n/T (a\\(b)\n/V 12 0 R\n/N /A#20B\n/H <00FF>\n>>";
  pdf_object o = parse(text);
  std::string written = to_pdf(o);
  pdf_object again = parse(written);
  EXPECT_TRUE(same_object(o, again)) << written;
  EXPECT_NE(written.find("/A#20B"), std::string::npos);
  EXPECT_NE(written.find("0.5"), std::string::npos);  // numbers keep their text
}

TEST(pdf_syntax, same_object_compares_structure) {
  EXPECT_TRUE(same_object(parse("<< /A 1 /B [2 0 R] >>"), parse("<</B [2 0 R]/A 1.0>>")));
  EXPECT_FALSE(same_object(parse("<< /A 1 >>"), parse("<< /A 2 >>")));
  EXPECT_FALSE(same_object(parse("<< /A 1 >>"), parse("<< /A 1 /B 2 >>")));
  EXPECT_FALSE(same_object(parse("[1 0 R]"), parse("[1 1 R]")));
}

TEST(pdf_syntax, text_strings_round_trip_through_utf16) {
  EXPECT_EQ(pdf_text_string("Beslut"), "Beslut");
  std::string encoded = pdf_text_string("Växjö €");
  ASSERT_GE(encoded.size(), 2u);
  EXPECT_EQ(encoded.substr(0, 2), "\xFE\xFF");
  EXPECT_EQ(encoded.substr(2, 4), std::string("\x00V\x00\xE4", 4));
  EXPECT_EQ(utf8_from_pdf_text(encoded), "Växjö €");
  EXPECT_EQ(utf8_from_pdf_text(pdf_text_string("𝄞")), "𝄞");  // a surrogate pair
  EXPECT_EQ(utf8_from_pdf_text("Caf\xE9"), "Café");          // PDFDocEncoding
  // Broken UTF-8 becomes a replacement character rather than an error.
  EXPECT_EQ(utf8_from_pdf_text(pdf_text_string("a\xFF")), "a\xEF\xBF\xBD");
}

}  // namespace
}  // namespace rapport::detail

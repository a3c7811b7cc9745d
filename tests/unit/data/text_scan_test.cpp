// Tests for data/'s text helpers: UTF-8 validation, BOM stripping and line:column positions.
#include "data/text_scan.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rapport::detail {
namespace {

constexpr auto npos = std::string_view::npos;

TEST(find_invalid_utf8, well_formed_text) {
  EXPECT_EQ(find_invalid_utf8(""), npos);
  EXPECT_EQ(find_invalid_utf8("plain ascii"), npos);
  EXPECT_EQ(find_invalid_utf8("Vård och omsorg, Ärende, Ö"), npos);
  EXPECT_EQ(find_invalid_utf8("\u2212 \u00A0 \u202F \u20AC"), npos);  // minus, spaces, euro
  EXPECT_EQ(find_invalid_utf8("\U0001F600"), npos);                   // four bytes
  EXPECT_EQ(find_invalid_utf8("\xF4\x8F\xBF\xBF"), npos);             // U+10FFFF
  EXPECT_EQ(find_invalid_utf8(std::string_view("a\0b", 3)), npos);
}

TEST(find_invalid_utf8, finds_the_first_bad_byte) {
  EXPECT_EQ(find_invalid_utf8("V\xE5rd"), 1u);           // Latin-1 'å'
  EXPECT_EQ(find_invalid_utf8("ok\x80"), 2u);            // stray continuation byte
  EXPECT_EQ(find_invalid_utf8("\xC3"), 0u);              // truncated at the end
  EXPECT_EQ(find_invalid_utf8("\xC3("), 0u);             // bad continuation
  EXPECT_EQ(find_invalid_utf8("ab\xC0\xAF"), 2u);        // overlong '/'
  EXPECT_EQ(find_invalid_utf8("\xC1\xBF"), 0u);          // overlong
  EXPECT_EQ(find_invalid_utf8("\xE0\x80\xAF"), 0u);      // overlong three-byte form
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0u);      // UTF-16 surrogate U+D800
  EXPECT_EQ(find_invalid_utf8("\xF0\x80\x80\xAF"), 0u);  // overlong four-byte form
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(find_invalid_utf8("\xF5\x80\x80\x80"), 0u);
  EXPECT_EQ(find_invalid_utf8("\xE2\x88"), 0u);            // truncated minus sign
  EXPECT_EQ(find_invalid_utf8("x\xE2\x88\x92y\xFF"), 5u);  // after a good character
}

TEST(strip_bom, removes_only_a_leading_bom) {
  EXPECT_EQ(strip_bom("\xEF\xBB\xBF"
                      "a,b"),
            "a,b");
  EXPECT_EQ(strip_bom("a,b"), "a,b");
  EXPECT_EQ(strip_bom("a\xEF\xBB\xBF"), "a\xEF\xBB\xBF");
  EXPECT_EQ(strip_bom("\xEF\xBB"), "\xEF\xBB");
}

TEST(trim_blanks, ascii_blanks_only) {
  EXPECT_EQ(trim_blanks("  a b \t"), "a b");
  EXPECT_EQ(trim_blanks(" \t\r\n"), "");
  EXPECT_EQ(trim_blanks(""), "");
  EXPECT_EQ(trim_blanks("\u00A0x"), "\u00A0x");
}

TEST(line_index, lines_end_at_lf_crlf_and_lone_cr) {
  std::string text = "ab\ncd\r\nef\rgh";
  line_index lines(text);
  EXPECT_EQ(lines.line_of(0), 1);
  EXPECT_EQ(lines.line_of(2), 1);  // the LF belongs to its line
  EXPECT_EQ(lines.line_of(3), 2);
  EXPECT_EQ(lines.line_of(5), 2);  // CR of CRLF
  EXPECT_EQ(lines.line_of(6), 2);  // LF of CRLF
  EXPECT_EQ(lines.line_of(7), 3);
  EXPECT_EQ(lines.line_of(10), 4);
  EXPECT_EQ(lines.line_of(100), 4);
  EXPECT_EQ(lines.locate(11, "f.csv"), (source_loc{"f.csv", 4, 2}));
}

TEST(line_index, columns_count_characters) {
  std::string text = "x\nåäö;\u2212;z";
  line_index lines(text);
  EXPECT_EQ(lines.locate(0, "f"), (source_loc{"f", 1, 1}));
  EXPECT_EQ(lines.locate(2, "f"), (source_loc{"f", 2, 1}));
  std::size_t minus = text.find("\u2212");
  EXPECT_EQ(lines.locate(minus, "f"), (source_loc{"f", 2, 5}));
  EXPECT_EQ(lines.locate(text.find('z'), "f"), (source_loc{"f", 2, 7}));
  EXPECT_EQ(lines.locate(text.size(), "f"), (source_loc{"f", 2, 8}));  // the end of the text
}

TEST(invalid_utf8_error, hints_at_the_likely_encoding) {
  std::string latin1 = "a;b\nV\xE5rd;1\n";
  line_index lines(latin1);
  fatal_error e = invalid_utf8_error(latin1, 5, lines, "x.csv");
  EXPECT_STREQ(e.what(),
               "x.csv:2:2: error: not valid UTF-8 (byte 0xe5): save the file as UTF-8\n"
               "  hint: the file looks like Windows-1252 (Latin-1), as older Windows programs save it");
  std::string utf16(
      "\xFF\xFE"
      "a\0",
      4);
  line_index lines16(utf16);
  EXPECT_STREQ(invalid_utf8_error(utf16, 0, lines16, "y.csv").what(),
               "y.csv:1:1: error: not valid UTF-8 (byte 0xff): save the file as UTF-8\n"
               "  hint: the file looks like UTF-16");
}

}  // namespace
}  // namespace rapport::detail

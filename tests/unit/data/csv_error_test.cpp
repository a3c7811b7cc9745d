// Tests for read_csv's errors: each malformed input and its exact, located message.
#include <gtest/gtest.h>

#include <string>

#include "data/data.hpp"

namespace rapport {
namespace {

// The full message read_csv throws for `text`, or a note that it threw nothing.
std::string csv_error(const std::string& text, const csv_options& options = {}) {
  try {
    read_csv(text, "e.csv", options);
  } catch (const fatal_error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(read_csv_errors, row_with_too_many_fields) {
  EXPECT_EQ(csv_error("a;b;c;d\n1;2;3;4;5\n"),
            "e.csv:2:9: error: row has 5 fields, expected 4 (the header's count)");
  // Columns count characters, not bytes.
  EXPECT_EQ(csv_error("a;b\nåäö;x;z\n"),
            "e.csv:2:7: error: row has 3 fields, expected 2 (the header's count)");
}

TEST(read_csv_errors, row_with_too_few_fields) {
  EXPECT_EQ(csv_error("a;b;c;d\n1;2;3\n"),
            "e.csv:2:6: error: row has 3 fields, expected 4 (the header's count)");
  EXPECT_EQ(csv_error("a;b\n1;2\nx\n"),
            "e.csv:3:2: error: row has 1 field, expected 2 (the header's count)");
  EXPECT_EQ(csv_error("a;b\r\n1;2\r\nx"),
            "e.csv:3:2: error: row has 1 field, expected 2 (the header's count)");
}

TEST(read_csv_errors, ragged_row_without_header) {
  csv_options options;
  options.header = false;
  EXPECT_EQ(csv_error("1;2\n1;2;3\n", options),
            "e.csv:2:5: error: row has 3 fields, expected 2 (the first row's count)");
}

TEST(read_csv_errors, ragged_row_after_a_multi_line_field_points_at_the_field) {
  EXPECT_EQ(csv_error("a;b\n\"x\ny\";2;3\n"),
            "e.csv:3:6: error: row has 3 fields, expected 2 (the header's count)");
}

TEST(read_csv_errors, unterminated_quote_points_at_the_opening_quote) {
  EXPECT_EQ(csv_error("a;b\n1;\"open\n2;3\n"),
            "e.csv:2:3: error: unterminated quoted field: expected a closing '\"', found the end "
            "of the file");
  EXPECT_EQ(csv_error("\"a"),
            "e.csv:1:1: error: unterminated quoted field: expected a closing '\"', found the end "
            "of the file");
  EXPECT_EQ(csv_error("a,b\n1,  \"x\"\"\n"),
            "e.csv:2:5: error: unterminated quoted field: expected a closing '\"', found the end "
            "of the file");
}

TEST(read_csv_errors, text_after_a_closing_quote) {
  EXPECT_EQ(
      csv_error("a;b\n\"x\"y;2\n"),
      "e.csv:2:4: error: expected ';' or the end of the line after a closing quote, found 'y'");
  EXPECT_EQ(
      csv_error("a,b\n1,\"x\" ö\n"),
      "e.csv:2:7: error: expected ',' or the end of the line after a closing quote, found 'ö'");
}

TEST(read_csv_errors, duplicate_column_name) {
  EXPECT_EQ(csv_error("konto;belopp;konto\n"),
            "e.csv:1:14: error: duplicate column name 'konto' (field 1 has the same name)");
  EXPECT_EQ(csv_error("a,b, b\n"),
            "e.csv:1:5: error: duplicate column name 'b' (field 2 has the same name)");
}

TEST(read_csv_errors, empty_column_name) {
  EXPECT_EQ(csv_error("a;;c\n1;2;3\n"),
            "e.csv:1:3: error: empty column name in the header (field 2)");
  EXPECT_EQ(csv_error("a;b;\n"), "e.csv:1:5: error: empty column name in the header (field 3)");
  EXPECT_EQ(csv_error("a,\"  \"\n"), "e.csv:1:3: error: empty column name in the header (field 2)");
}

TEST(read_csv_errors, invalid_utf8) {
  EXPECT_EQ(csv_error("a;b\nV\xE5rd;1\n"),
            "e.csv:2:2: error: not valid UTF-8 (byte 0xe5): save the file as UTF-8\n"
            "  hint: the file looks like Windows-1252 (Latin-1), as older Windows programs save it");
  EXPECT_EQ(csv_error("ö;\xFF\n"),
            "e.csv:1:3: error: not valid UTF-8 (byte 0xff): save the file as UTF-8\n"
            "  hint: the file looks like Windows-1252 (Latin-1), as older Windows programs save it");
  // Even inside a quoted field, and after a BOM (columns count from after it).
  EXPECT_EQ(csv_error("\xEF\xBB\xBF"
                      "a\n\"x\n\xC3(\"\n"),
            "e.csv:3:1: error: not valid UTF-8 (byte 0xc3): save the file as UTF-8\n"
            "  hint: the file looks like Windows-1252 (Latin-1), as older Windows programs save it");
  EXPECT_EQ(csv_error(std::string("\xFF\xFE"
                                  "a\0;\0b\0",
                                  8)),
            "e.csv:1:1: error: not valid UTF-8 (byte 0xff): save the file as UTF-8\n"
            "  hint: the file looks like UTF-16");
}

TEST(read_csv_errors, empty_file) {
  EXPECT_EQ(csv_error(""), "e.csv: error: the file is empty; expected a header line");
  EXPECT_EQ(csv_error("\xEF\xBB\xBF\r\n\r\n  \n"),
            "e.csv: error: the file is empty; expected a header line");
}

TEST(read_csv_errors, unusable_separator) {
  csv_options options;
  options.separator = '"';
  EXPECT_EQ(csv_error("a\"b\n", options), "e.csv: error: cannot use '\"' as the CSV separator");
  options.separator = '\n';
  EXPECT_EQ(csv_error("a\n", options), "e.csv: error: cannot use byte 0x0a as the CSV separator");
}

TEST(read_csv_errors, unreadable_file) {
  source_loc from{"report.xml", 12, 5};
  try {
    read_csv_file("/nonexistent/budget.csv", {}, from);
    FAIL() << "no error";
  } catch (const fatal_error& e) {
    EXPECT_STREQ(
        e.what(),
        "report.xml:12:5: error: cannot read '/nonexistent/budget.csv': No such file or directory");
  }
  try {
    read_csv_file("/nonexistent/budget.csv");
    FAIL() << "no error";
  } catch (const fatal_error& e) {
    EXPECT_STREQ(e.what(),
                 "/nonexistent/budget.csv: error: cannot read '/nonexistent/budget.csv': No such "
                 "file or directory");
    EXPECT_EQ(e.what_diagnostic().loc, (source_loc{"/nonexistent/budget.csv", 0, 0}));
  }
}

TEST(read_csv_errors, hostile_inputs_end_with_an_error_or_a_table) {
  // Long runs of quotes, separators and line ends: none may hang or crash.
  std::string quotes(10001, '"');
  EXPECT_NE(csv_error(quotes), "(no error)");
  EXPECT_EQ(csv_error(std::string(100000, ';') + "\n"),
            "e.csv:1:1: error: empty column name in the header (field 1)");
  std::string wide;
  for (int i = 0; i < 100000; ++i) wide += "k" + std::to_string(i) + ";";
  wide += "k0\n";
  EXPECT_EQ(csv_error(wide),
            "e.csv:1:688891: error: duplicate column name 'k0' (field 1 has the same name)");
  std::string crs(100000, '\r');
  EXPECT_EQ(csv_error("a\n" + crs), "(no error)");
}

}  // namespace
}  // namespace rapport

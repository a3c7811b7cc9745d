// Tests for read_csv: separators, quoting, line ends, cell types and row locations.
#include <gtest/gtest.h>

#include <string>

#include "data/data.hpp"

namespace rapport {
namespace {

using cells = std::vector<value>;

csv_options with_separator(char separator) {
  csv_options options;
  options.separator = separator;
  return options;
}

TEST(read_csv, swedish_file_with_typed_cells) {
  data_table t = read_csv(
      "Enhet;Budget;Utfall;Andel\n"
      "Vård och omsorg;-57 235;1 234,5;9,7 %\n"
      "Skola;15,2;;-\n",
      "enheter.csv");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"Enhet", "Budget", "Utfall", "Andel"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0], (cells{"Vård och omsorg", -57235.0, 1234.5, 9.7}));
  EXPECT_EQ(t.rows[1], (cells{"Skola", 15.2, value{}, value{}}));
  EXPECT_EQ(t.row_locs, (std::vector<source_loc>{{"enheter.csv", 2, 0}, {"enheter.csv", 3, 0}}));
  EXPECT_EQ(t.loc, (source_loc{"enheter.csv", 0, 0}));
}

TEST(read_csv, empty_markers_and_blanks) {
  data_table t = read_csv("a,b,c,d,e\n-,--,---,  ,----\n", "m.csv");
  EXPECT_EQ(t.rows[0], (cells{value{}, value{}, value{}, value{}, "----"}));

  csv_options options;
  options.empty_markers = {"n/a"};
  data_table custom = read_csv("a,b\nn/a,-\n", "m.csv", options);
  EXPECT_EQ(custom.rows[0], (cells{value{}, "-"}));
}

TEST(read_csv, text_cells_are_trimmed_and_kept) {
  data_table t = read_csv("a;b;c\n  Skola  ;0123;1.234\n", "t.csv");
  // "0123" is an identifier and "1.234" is ambiguous: both stay text.
  EXPECT_EQ(t.rows[0], (cells{"Skola", "0123", "1.234"}));
}

TEST(read_csv, detects_the_separator_from_the_header) {
  EXPECT_EQ(read_csv("a;b;c\n1;2;3\n", "x.csv").columns.size(), 3u);
  EXPECT_EQ(read_csv("a,b,c\n1,2,3\n", "x.csv").columns.size(), 3u);
  // The one that occurs more wins; quoted ones do not count.
  data_table more = read_csv("\"a,b,c\";d;e\n1;2;3\n", "x.csv");
  EXPECT_EQ(more.columns, (std::vector<std::string>{"a,b,c", "d", "e"}));
  data_table tie = read_csv("a;b,c\n1;2,3\n", "x.csv");  // a tie: ','
  EXPECT_EQ(tie.columns, (std::vector<std::string>{"a;b", "c"}));
  data_table none = read_csv("belopp\n15\n", "x.csv");
  EXPECT_EQ(none.columns, (std::vector<std::string>{"belopp"}));
  // A single column: ',' is the separator, so "1,5" is two fields and a ragged row.
  EXPECT_THROW(read_csv("belopp\n1,5\n", "x.csv"), fatal_error);
  data_table semicolon_only_later = read_csv("a,b\n1;2,3\n", "x.csv");
  EXPECT_EQ(semicolon_only_later.rows[0], (cells{"1;2", 3.0}));
}

TEST(read_csv, explicit_separator) {
  data_table t = read_csv("a;b,c\n1;2,5\n", "x.csv", with_separator(';'));
  EXPECT_EQ(t.columns, (std::vector<std::string>{"a", "b,c"}));
  EXPECT_EQ(t.rows[0], (cells{1.0, 2.5}));
  data_table tabs = read_csv("a\tb\n 1 \t x y \n", "x.tsv", with_separator('\t'));
  EXPECT_EQ(tabs.rows[0], (cells{1.0, "x y"}));
}

TEST(read_csv, quoted_fields) {
  data_table t = read_csv(
      "namn,belopp,not\n"
      "\"Vård, omsorg\",\"1 234,5\",\"sa \"\"hej\"\"\"\n"
      "\"\",\"-\",\"  luft  \"\n",
      "q.csv");
  EXPECT_EQ(t.rows[0], (cells{"Vård, omsorg", 1234.5, "sa \"hej\""}));
  // Quoted cells are typed like others: "" and "-" are empty, blanks are trimmed.
  EXPECT_EQ(t.rows[1], (cells{value{}, value{}, "luft"}));
}

TEST(read_csv, blanks_around_quotes_are_allowed) {
  data_table t = read_csv("a;b\n  \"x;y\"  ; \"2\" \n", "q.csv");
  EXPECT_EQ(t.rows[0], (cells{"x;y", 2.0}));
}

TEST(read_csv, a_quote_inside_an_unquoted_field_is_text) {
  data_table t = read_csv("a,b\n12\" skärm,x\"y\"\n", "q.csv");
  EXPECT_EQ(t.rows[0], (cells{"12\" skärm", "x\"y\""}));
}

TEST(read_csv, newlines_inside_quotes_and_record_lines) {
  data_table t = read_csv(
      "id,text\n"
      "1,\"första\nandra\r\ntredje\"\n"
      "2,enkel\n",
      "n.csv");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0], (cells{1.0, "första\nandra\r\ntredje"}));
  EXPECT_EQ(t.rows[1], (cells{2.0, "enkel"}));
  // Each row is located at the line where its record starts.
  EXPECT_EQ(t.row_locs[0].line, 2);
  EXPECT_EQ(t.row_locs[1].line, 5);
}

TEST(read_csv, line_ends) {
  const cells first{1.0, 2.0};
  for (const char* text : {"a,b\n1,2\n3,4\n", "a,b\r\n1,2\r\n3,4\r\n", "a,b\r1,2\r3,4\r",
                           "a,b\n1,2\n3,4", "a,b\r\n1,2\r\n3,4", "a,b\n1,2\r\n3,4\n\n\n"}) {
    data_table t = read_csv(text, "e.csv");
    ASSERT_EQ(t.rows.size(), 2u) << text;
    EXPECT_EQ(t.rows[0], first) << text;
    EXPECT_EQ(t.rows[1], (cells{3.0, 4.0})) << text;
    EXPECT_EQ(t.row_locs[1].line, 3) << text;
  }
}

TEST(read_csv, blank_lines_are_skipped_but_counted) {
  data_table t = read_csv("\n\na;b\n\n1;2\n   \n3;4\n", "b.csv");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.row_locs[0].line, 5);
  EXPECT_EQ(t.row_locs[1].line, 7);
  // A quoted empty field is a real cell, not a blank line.
  data_table one = read_csv("x\n\"\"\n7\n", "b.csv");
  EXPECT_EQ(one.rows, (std::vector<cells>{{value{}}, {7.0}}));
}

TEST(read_csv, bom_is_stripped) {
  data_table t = read_csv("\xEF\xBB\xBFKonto;Belopp\n3010;-5\n", "bom.csv");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"Konto", "Belopp"}));
  EXPECT_EQ(t.rows[0], (cells{3010.0, -5.0}));
  EXPECT_EQ(t.row_locs[0].line, 2);
}

TEST(read_csv, header_names_are_trimmed) {
  data_table t = read_csv(" Konto ; \"Belopp \" \n1;2\n", "h.csv");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"Konto", "Belopp"}));
}

TEST(read_csv, trailing_separator_makes_an_empty_last_field) {
  data_table t = read_csv("a,b,\n1,2,\n", "t.csv", [] {
    csv_options o;
    o.header = false;
    return o;
  }());
  EXPECT_EQ(t.columns, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(t.rows[1], (cells{1.0, 2.0, value{}}));
}

TEST(read_csv, without_header_columns_get_letters) {
  csv_options options;
  options.header = false;
  std::string row;
  for (int i = 0; i < 28; ++i) row += (i ? ";" : "") + std::to_string(i);
  data_table t = read_csv(row + "\n" + row + "\n", "n.csv", options);
  ASSERT_EQ(t.columns.size(), 28u);
  EXPECT_EQ(t.columns[0], "A");
  EXPECT_EQ(t.columns[25], "Z");
  EXPECT_EQ(t.columns[26], "AA");
  EXPECT_EQ(t.columns[27], "AB");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][27], value{27.0});
  EXPECT_EQ(t.row_locs[0].line, 1);
  EXPECT_TRUE(read_csv("", "empty.csv", options).rows.empty());
}

TEST(read_csv, english_decimal_point) {
  csv_options options;
  options.decimal_comma = false;
  data_table t = read_csv("a;b;c\n\"1,234.5\";15.2;1,5\n", "en.csv", options);
  EXPECT_EQ(t.rows[0], (cells{1234.5, 15.2, "1,5"}));
}

TEST(read_csv, header_only_gives_no_rows) {
  data_table t = read_csv("a;b;c\n", "h.csv");
  EXPECT_EQ(t.columns.size(), 3u);
  EXPECT_TRUE(t.rows.empty());
  EXPECT_TRUE(t.row_locs.empty());
}

TEST(read_csv, reads_the_fixture_files) {
  std::string dir = std::string(RAPPORT_TEST_DIR) + "/data/csv/";
  data_table t = read_csv_file(dir + "enheter.csv");
  EXPECT_EQ(t.loc.file, dir + "enheter.csv");
  EXPECT_EQ(t.columns,
            (std::vector<std::string>{"Enhet", "Budget", "Prognos", "Avvikelse", "Andel"}));
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(t.rows[0], (cells{"Kommunstyrelsen", -57235.0, -56900.5, 334.5, 9.7}));
  EXPECT_EQ(t.rows[1], (cells{"Vård och omsorg; äldre", -654350.0, -660000.0, -5650.0, -0.9}));
  EXPECT_EQ(t.rows[2], (cells{"Barn och utbildning", -412000.0, value{}, value{}, value{}}));
  EXPECT_EQ(t.rows[3], (cells{"Summa", -1123585.0, -716900.5, -5315.5, 100.0}));
  EXPECT_EQ(t.row_locs[3], (source_loc{dir + "enheter.csv", 6, 0}));

  csv_options english;
  english.decimal_comma = false;
  data_table en = read_csv_file(dir + "english.csv", english);
  EXPECT_EQ(en.columns, (std::vector<std::string>{"unit", "budget", "note"}));
  ASSERT_EQ(en.rows.size(), 2u);
  EXPECT_EQ(en.rows[0], (cells{"Parks", 1234567.5, "line one\nline two"}));
  EXPECT_EQ(en.rows[1], (cells{"Roads", -42.25, "say \"hi\""}));
  EXPECT_EQ(en.row_locs[1].line, 4);
}

}  // namespace
}  // namespace rapport

namespace rapport {
namespace {

TEST(read_csv, cells_know_their_columns) {
  data_table t = read_csv(
      "enhet;budget;not\n"
      "Vård;  12,3,4;x\n"
      "\"B;C\";-1 000;\"y\"\n",
      "b.csv");
  ASSERT_EQ(t.cell_columns.size(), 2u);
  // Columns count characters ('å' is one) and skip the blanks a cell opens with.
  EXPECT_EQ(t.cell_loc(0, 0), (source_loc{"b.csv", 2, 1}));
  EXPECT_EQ(t.cell_loc(0, 1), (source_loc{"b.csv", 2, 8}));
  EXPECT_EQ(t.cell_loc(0, 2), (source_loc{"b.csv", 2, 15}));
  EXPECT_EQ(t.cell_loc(1, 1), (source_loc{"b.csv", 3, 7}));
  EXPECT_EQ(t.cell_loc(1, 2), (source_loc{"b.csv", 3, 14}));
  // Out of range: the row's location, or the table's.
  EXPECT_EQ(t.cell_loc(1, 9), (source_loc{"b.csv", 3, 0}));
  EXPECT_EQ(t.cell_loc(5, 0), t.loc);
}

}  // namespace
}  // namespace rapport

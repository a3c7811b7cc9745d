// Tests for read_xlsx: cell types, date systems, ranges, defined names, tables, merged headers.
#include <gtest/gtest.h>

#include <string>

#include "data/data.hpp"

namespace rapport {
namespace {

const std::string dir = std::string(RAPPORT_TEST_DIR) + "/data/spreadsheets/";
const std::string excel = dir + "excel.xlsx";

sheet_options sheet(std::string name, std::string range = {}, bool header = true) {
  sheet_options o;
  o.sheet = std::move(name);
  o.range = std::move(range);
  o.header = header;
  return o;
}

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const fatal_error& e) {
    return e.what();
  }
  return "no error";
}

// The value of column `Värde` in the row whose `Typ` is `type`.
value typer(const data_table& t, const std::string& type) {
  for (const auto& row : t.rows)
    if (row[0] == value(type)) return row[1];
  ADD_FAILURE() << "no row " << type;
  return {};
}

TEST(xlsx, reads_each_cell_type_as_stored) {
  data_table t = read_xlsx(excel, sheet("Typer"));
  ASSERT_EQ(t.columns, (std::vector<std::string>{"Typ", "Värde"}));
  EXPECT_EQ(typer(t, "tal"), value(1234.5678901234567));
  EXPECT_EQ(typer(t, "kr"), value(1234.0));  // a number format that is no date stays a number
  EXPECT_EQ(typer(t, "exponent"), value(1.2345e21));
  EXPECT_EQ(typer(t, "negativ"), value(-1.23e-4));
  EXPECT_EQ(typer(t, "sant"), value(true));
  EXPECT_EQ(typer(t, "falskt"), value(false));
  EXPECT_EQ(typer(t, "inline"), value("Inline & text"));
  EXPECT_EQ(typer(t, "rik"), value("Fet och kursiv"));  // runs joined, phonetic run left out
  EXPECT_EQ(typer(t, "tom"), value());
  EXPECT_EQ(typer(t, "escape"), value("Tab\tbar_x0041_"));  // _x0009_ is a tab, _x005F_ a '_'
}

TEST(xlsx, reads_formula_cells_as_their_cached_values) {
  data_table t = read_xlsx(excel, sheet("Typer"));
  EXPECT_EQ(typer(t, "formeltal"), value(42.0));  // SUM(B2:B3) would be 45 678; the cache says 42
  EXPECT_EQ(typer(t, "formeltext"), value("Ja"));
  data_table drift = read_xlsx(excel, sheet("Drift", "A3:D7"));
  EXPECT_EQ(drift.rows[0][3], value(1234.5));
}

TEST(xlsx, reads_dates_in_the_1900_system) {
  data_table t = read_xlsx(excel, sheet("Typer"));
  EXPECT_EQ(typer(t, "datum"), value("2021-08-31"));          // built-in format 14
  EXPECT_EQ(typer(t, "datum_egen"), value("2021-08-31"));     // yyyy\-mm\-dd
  EXPECT_EQ(typer(t, "svenskt_datum"), value("2021-08-31"));  // [$-41D]d\ mmmm\ yyyy
  EXPECT_EQ(typer(t, "datumtid"), value("2021-08-31T13:45:00"));
  EXPECT_EQ(typer(t, "datum_med_tid"), value("2021-08-31T12:00:00"));  // stored time kept
  EXPECT_EQ(typer(t, "tid"), value("13:45:00"));
  EXPECT_EQ(typer(t, "varaktighet"), value("36:00:00"));  // [h]:mm:ss is a duration
  EXPECT_EQ(typer(t, "iso"), value("2021-08-31"));        // t="d"
}

TEST(xlsx, keeps_lotus_leap_year_bug_of_the_1900_system) {
  data_table t = read_xlsx(excel, sheet("Kanter", "A1:A4"));
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0][0], value("1900-01-01"));
  EXPECT_EQ(t.rows[1][0], value("1900-02-28"));
  EXPECT_EQ(t.rows[2][0], value("1900-03-01"));  // serial 61, after the fictional 29 February
  EXPECT_EQ(error_of([] { read_xlsx(excel, sheet("Kanter")); }),
            excel +
                ":Kanter!A5: error: the cell is formatted as a date, but 60 is no date in "
                "the 1900 date system");
}

TEST(xlsx, reads_dates_in_the_1904_system) {
  data_table t = read_xlsx(dir + "date1904.xlsx", {});
  ASSERT_EQ(t.columns, (std::vector<std::string>{"Datum", "Tid"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][0], value("2021-08-31"));  // serial 42977 = 44439 - 1462
  EXPECT_EQ(t.rows[0][1], value("2021-08-31T13:45:00"));
  EXPECT_EQ(t.rows[1][0], value("1904-01-01"));
  EXPECT_EQ(t.rows[1][1], value(7.0));
}

TEST(xlsx, reads_a_cell_range_and_drops_trailing_empty_rows) {
  data_table t = read_xlsx(excel, sheet("Drift", "A3:D40"));
  EXPECT_EQ(t.name, "Drift");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"Verksamhet", "Budget", "Utfall", "Avvikelse"}));
  ASSERT_EQ(t.rows.size(), 4u);  // rows 8 (styled, empty) to 40 are dropped
  EXPECT_EQ(t.rows[0], (std::vector<value>{"Skola", -57235.0, -56000.5, 1234.5}));
  EXPECT_EQ(t.rows[1], (std::vector<value>{"Vård", 0.0015, 0.1, 0.0985}));
  EXPECT_EQ(t.rows[2], (std::vector<value>{"Kultur", 100.0, value(), -100.0}));
  EXPECT_EQ(t.rows[3], (std::vector<value>{"Fritid", 0.0, 12.0, 12.0}));
  EXPECT_EQ(to_string(t.loc), excel + ":Drift!A3:D7");
  EXPECT_EQ(to_string(t.row_locs[0]), excel + ":Drift!A4");
  EXPECT_EQ(to_string(t.row_locs[3]), excel + ":Drift!A7");
}

TEST(xlsx, reads_part_of_a_range_and_without_header) {
  data_table t = read_xlsx(excel, sheet("Drift", "B4:C5", false));
  EXPECT_EQ(t.columns, (std::vector<std::string>{"B", "C"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0], (std::vector<value>{-57235.0, -56000.5}));
  EXPECT_EQ(to_string(t.row_locs[1]), excel + ":Drift!B5");
}

TEST(xlsx, reads_the_used_area_when_no_range_is_given) {
  data_table t = read_xlsx(excel, sheet("Typer"));
  EXPECT_EQ(t.rows.size(), 20u);
  EXPECT_EQ(to_string(t.loc), excel + ":Typer!A1:B21");
}

TEST(xlsx, picks_a_sheet_by_index_and_the_first_by_default) {
  sheet_options by_index;
  by_index.sheet_index = 3;
  EXPECT_EQ(read_xlsx(excel, by_index).name, "Sammanslagen");
  EXPECT_EQ(read_xlsx(excel, sheet("", "A3:D7")).name, "Drift");
  EXPECT_EQ(read_xlsx(excel, sheet("typer")).name, "Typer");  // Excel ignores case in names
}

TEST(xlsx, reads_a_defined_name) {
  data_table t = read_xlsx(excel, sheet("", "Driftbudget"));
  EXPECT_EQ(t.name, "Drift");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"Verksamhet", "Budget", "Utfall", "Avvikelse"}));
  EXPECT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(read_xlsx(excel, sheet("", "Kolumner")).columns,  // 'Sammanslagen'!$B:$C
            (std::vector<std::string>{"Budget", "Budget (2)"}));
}

TEST(xlsx, prefers_a_name_local_to_the_chosen_sheet) {
  data_table local = read_xlsx(excel, sheet("Typer", "Lokalt"));
  EXPECT_EQ(to_string(local.loc), excel + ":Typer!A1:B3");
  data_table global = read_xlsx(excel, sheet("", "Lokalt"));
  EXPECT_EQ(to_string(global.loc), excel + ":Drift!A3:B4");
}

TEST(xlsx, reads_a_table_without_its_totals_row) {
  data_table t = read_xlsx(excel, sheet("", "Investeringar"));
  EXPECT_EQ(t.name, "Tabeller");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"Projekt", "Budget", "Utfall"}));
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[2], (std::vector<value>{"Gatubelysning", 300.0, 0.0}));
  EXPECT_EQ(to_string(t.row_locs[0]), excel + ":Tabeller!B3");
}

TEST(xlsx, reads_merged_header_cells_as_their_top_left_value) {
  data_table t = read_xlsx(excel, sheet("Sammanslagen"));
  EXPECT_EQ(t.columns, (std::vector<std::string>{"Konto", "Budget", "Budget (2)", "Utfall"}));
  // The second header row, under vertical merges A1:A2 and D1:D2 that start above it.
  data_table lower = read_xlsx(excel, sheet("Sammanslagen", "A2:D4"));
  EXPECT_EQ(lower.columns, (std::vector<std::string>{"Konto", "2021", "2022", "Utfall"}));
  EXPECT_EQ(lower.rows[0], (std::vector<value>{"3010", 10.0, 11.0, 9.0}));
}

TEST(xlsx, names_the_cell_of_a_spreadsheet_error) {
  EXPECT_EQ(error_of([] { read_xlsx(excel, sheet("Fel")); }),
            excel +
                ":Fel!B3: error: the cell holds the spreadsheet error #DIV/0!\n"
                "  hint: correct the formula in the workbook; an error must not pass as an "
                "empty cell");
  // Outside the range read, the error does not matter.
  EXPECT_EQ(read_xlsx(excel, sheet("Fel", "A1:B2")).rows.size(), 1u);
}

TEST(xlsx, refuses_a_formula_without_a_cached_value) {
  EXPECT_EQ(error_of([] { read_xlsx(excel, sheet("Fel", "A4:B4", false)); }),
            excel +
                ":Fel!B4: error: the formula cell has no cached value\n"
                "  hint: open the workbook in Excel or LibreOffice and save it, so results "
                "are stored");
}

TEST(xlsx, names_the_cell_of_a_number_that_is_not_one) {
  EXPECT_EQ(error_of([] { read_xlsx(excel, sheet("Fel", "A14:B14", false)); }),
            excel + ":Fel!B14: error: expected a number, found 'n/a'");
}

TEST(xlsx, refuses_duplicate_and_empty_header_names) {
  EXPECT_EQ(error_of([] { read_xlsx(excel, sheet("Dubbletter")); }),
            excel + ":Dubbletter!C1: error: duplicate column name 'Konto' (also in A1)");
  EXPECT_EQ(error_of([] { read_xlsx(excel, sheet("Dubbletter", "D1:E2")); }),
            excel +
                ":Dubbletter!D1: error: the header cell of column D is empty\n"
                "  hint: name every column in the header row, or read a range without this "
                "column");
}

TEST(xlsx, suggests_a_sheet_for_an_unknown_name) {
  source_loc from{"report.xml", 12, 5};
  EXPECT_EQ(error_of([&] { read_xlsx(excel, sheet("Drfit"), from); }),
            "report.xml:12:5: error: '" + excel +
                "' has no sheet 'Drfit'\n  hint: did you mean 'Drift'? (sheets: 'Drift', "
                "'Typer', 'Fel', 'Sammanslagen', 'Tabeller', 'Kanter', 'Dubbletter', 'Diagram')");
  sheet_options far;
  far.sheet_index = 8;
  EXPECT_EQ(error_of([&] { read_xlsx(excel, far, from); }),
            "report.xml:12:5: error: there is no sheet 9: '" + excel +
                "' has 8 sheets ('Drift', 'Typer', 'Fel', 'Sammanslagen', 'Tabeller', 'Kanter', "
                "'Dubbletter', 'Diagram')");
}

TEST(xlsx, explains_ranges_it_cannot_read) {
  source_loc from{"report.xml", 3, 1};
  EXPECT_EQ(error_of([&] { read_xlsx(excel, sheet("", "Investering"), from); }),
            "report.xml:3:1: error: 'Investering' is neither a cell range like 'A3:H40' nor a "
            "named range in '" +
                excel + "'\n  hint: did you mean 'Investeringar'?");
  EXPECT_EQ(error_of([&] { read_xlsx(excel, sheet("", "Spridd"), from); }),
            "report.xml:3:1: error: the name 'Spridd' in '" + excel +
                "' is not a plain cell range: Drift!$A$3:$A$7,Drift!$C$3:$C$7");
  EXPECT_EQ(error_of([&] { read_xlsx(excel, sheet("Typer", "Driftbudget"), from); }),
            "report.xml:3:1: error: the range 'Driftbudget' is on sheet 'Drift', not on 'Typer'");
  EXPECT_EQ(
      error_of([&] { read_xlsx(excel, sheet("Diagram"), from); }),
      "report.xml:3:1: error: sheet 'Diagram' of '" + excel + "' is a chartsheet, not a worksheet");
  EXPECT_EQ(error_of([&] { read_xlsx(excel, sheet("Drift", "F1:G9"), from); }),
            excel +
                ": error: sheet 'Drift' has no values in F1:G9\n  hint: choose another sheet "
                "or range");
}

TEST(xlsx, locates_an_unreadable_file_at_the_reference) {
  EXPECT_EQ(error_of([] {
              read_xlsx(dir + "nonexistent.xlsx", {}, {"report.xml", 4, 2});
            }),
            "report.xml:4:2: error: cannot read '" + dir +
                "nonexistent.xlsx': No such file or directory");
}

}  // namespace
}  // namespace rapport

// Tests for read_ods: cell types, repeats, spans, named and database ranges, cached formulas.
#include <gtest/gtest.h>

#include <string>

#include "data/data.hpp"

namespace rapport {
namespace {

const std::string dir = std::string(RAPPORT_TEST_DIR) + "/data/spreadsheets/";
const std::string ods = dir + "budget.ods";

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

const std::vector<value>* row_of(const data_table& t, const std::string& type) {
  for (const auto& row : t.rows)
    if (row[0] == value(type)) return &row;
  ADD_FAILURE() << "no row " << type;
  static const std::vector<value> none(3);
  return &none;
}

TEST(ods, reads_each_cell_type_as_stored) {
  data_table t = read_ods(ods, sheet("Typer"));
  ASSERT_EQ(t.columns, (std::vector<std::string>{"Typ", "Värde", "Kopia"}));
  EXPECT_EQ((*row_of(t, "tal"))[1], value(1234.5678901234567));  // not the shown "1 234,57"
  EXPECT_EQ((*row_of(t, "procent"))[1], value(0.097));
  EXPECT_EQ((*row_of(t, "valuta"))[1], value(-57235.0));
  EXPECT_EQ((*row_of(t, "datum"))[1], value("2021-08-31"));
  EXPECT_EQ((*row_of(t, "datumtid"))[1], value("2021-08-31T13:45:00"));
  EXPECT_EQ((*row_of(t, "tid"))[1], value("13:45:00"));
  EXPECT_EQ((*row_of(t, "sant"))[1], value(true));
  EXPECT_EQ((*row_of(t, "falskt"))[1], value(false));
  EXPECT_EQ((*row_of(t, "tom"))[1], value());
  // Two paragraphs joined by a newline, <text:s text:c="3"/> as three spaces, no annotation.
  EXPECT_EQ((*row_of(t, "stycken"))[1], value("Rad ett\nRad två   slut"));
}

TEST(ods, reads_formula_cells_as_their_cached_values) {
  data_table t = read_ods(ods, sheet("Typer"));
  EXPECT_EQ((*row_of(t, "formeltal"))[1], value(42.0));
  EXPECT_EQ((*row_of(t, "formeltext"))[1], value("Ja"));
}

TEST(ods, expands_repeated_cells_and_keeps_empty_rows_before_data) {
  data_table t = read_ods(ods, sheet("Typer"));
  EXPECT_EQ(*row_of(t, "upprepad"), (std::vector<value>{"upprepad", 7.0, 7.0}));
  ASSERT_EQ(t.rows.size(), 19u);  // five repeated empty rows, then one more with data
  EXPECT_EQ(t.rows[13], (std::vector<value>(3)));
  EXPECT_EQ(t.rows[18][0], value("efter_luckan"));
  EXPECT_EQ(to_string(t.row_locs[18]), ods + ":Typer!A20");
}

TEST(ods, reads_the_same_figures_as_the_xlsx_workbook) {
  data_table from_ods = read_ods(ods, sheet("", "Driftbudget"));
  data_table from_xlsx = read_xlsx(dir + "excel.xlsx", sheet("", "Driftbudget"));
  EXPECT_EQ(from_ods.columns, from_xlsx.columns);
  EXPECT_EQ(from_ods.rows, from_xlsx.rows);
  EXPECT_EQ(to_string(from_ods.loc), ods + ":Blad1!A3:D7");
}

TEST(ods, ignores_a_million_repeated_empty_rows_at_the_end) {
  data_table t = read_ods(ods, sheet("Blad1", "A3:D1048576"));
  EXPECT_EQ(t.rows.size(), 4u);
}

TEST(ods, reads_a_cell_range_by_index) {
  sheet_options o;
  o.sheet_index = 0;
  o.range = "B4:C5";
  o.header = false;
  data_table t = read_ods(ods, o);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"B", "C"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0], (std::vector<value>{-57235.0, -56000.5}));
}

TEST(ods, reads_named_and_database_ranges) {
  data_table named = read_ods(ods, sheet("", "Sammanslaget"));  // on sheet 'Samman slagen'
  EXPECT_EQ(named.name, "Samman slagen");
  EXPECT_EQ(to_string(named.loc), ods + ":'Samman slagen'!A2:D4");
  data_table database = read_ods(ods, sheet("", "Typtabell"));
  EXPECT_EQ(database.name, "Typer");
  EXPECT_EQ(database.rows.size(), 3u);
}

TEST(ods, reads_merged_header_cells_as_their_top_left_value) {
  sheet_options o;
  o.sheet = "Samman slagen";
  data_table t = read_ods(ods, o);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"Konto", "Budget", "Budget (2)", "Utfall"}));
  o.range = "A2:D4";
  data_table lower = read_ods(ods, o);
  EXPECT_EQ(lower.columns, (std::vector<std::string>{"Konto", "2021", "2022", "Utfall"}));
  EXPECT_EQ(lower.rows[1], (std::vector<value>{"3020", 20.0, 21.0, 19.0}));
}

TEST(ods, names_the_cell_of_a_spreadsheet_error) {
  EXPECT_EQ(error_of([] { read_ods(ods, sheet("Fel")); }),
            ods +
                ":Fel!B3: error: the cell holds the spreadsheet error #DIV/0!\n"
                "  hint: correct the formula in the workbook; an error must not pass as an "
                "empty cell");
  EXPECT_EQ(read_ods(ods, sheet("Fel", "A1:B2")).rows.size(), 1u);
}

TEST(ods, refuses_a_formula_without_a_cached_value) {
  EXPECT_EQ(error_of([] { read_ods(ods, sheet("Fel", "A4:B4", false)); }),
            ods +
                ":Fel!B4: error: the formula cell has no cached value\n"
                "  hint: open the workbook in LibreOffice and save it, so results are stored");
}

TEST(ods, finds_a_sheet_ignoring_case_and_suggests_one) {
  EXPECT_EQ(read_ods(ods, sheet("fel", "A1:B2")).name, "Fel");
  EXPECT_EQ(error_of([] { read_ods(ods, sheet("Blad2")); }),
            ods + ": error: '" + ods +
                "' has no sheet 'Blad2'\n  hint: did you mean 'Blad1'? (sheets: 'Blad1', 'Typer', "
                "'Fel', 'Samman slagen')");
  EXPECT_EQ(error_of([] { read_ods(ods, sheet("Blad1", "Sammanslaget")); }),
            ods + ": error: the range 'Sammanslaget' is on sheet 'Samman slagen', not on 'Blad1'");
}

}  // namespace
}  // namespace rapport

// Tables end to end through compute: explicit sums, hidden members, rounding, author checks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "compute/compute.hpp"

namespace {

using namespace rapport;
namespace fs = std::filesystem;

class tables : public ::testing::Test {
protected:
  fs::path dir = fs::temp_directory_path() / ("rapport-tables-" + std::to_string(::getpid()));
  diagnostics diag;
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }

  void write(const std::string& name, const std::string& text) { std::ofstream(dir / name) << text; }

  model::document build(const std::string& body) {
    write("r.xml", "<report>\n<data><csv name=\"d\" file=\"d.csv\" separator=\";\"/></data>\n" + body + "\n</report>");
    def::report_definition definition = def::read_definition(dir / "r.xml", diag);
    dataset data = load_sources(definition, diag);
    model::house_style style;
    return build_document(definition, style, data, {}, diag);
  }

  static std::vector<std::string> column(const model::table& t, std::size_t c) {
    std::vector<std::string> out;
    for (const auto& row : t.body) out.push_back(c < row.cells.size() ? model::plain_text(row.cells[c].text) : "");
    return out;
  }
};

TEST_F(tables, sum_above_its_members_and_over_hidden_rows) {
  write("d.csv", "namn;v\nA;1\nB;2\nC;4\n");
  auto doc = build(R"(<table source="d"><columns><column field="namn"/><column field="v"/></columns>
    <rows><sum label="A+B" of="A;B"/><row key="A"/><row key="B"/><sum label="A+C" of="A;C"/></rows></table>)");
  ASSERT_FALSE(diag.has_errors()) << to_string(diag.all().front());
  const auto& t = std::get<model::table>(doc.blocks.at(0));
  EXPECT_EQ(column(t, 0), (std::vector<std::string>{"A+B", "A", "B", "A+C"}));
  EXPECT_EQ(column(t, 1), (std::vector<std::string>{"3", "1", "2", "5"}));  // C is not shown but added
}

TEST_F(tables, deviations_on_sum_rows_are_recomputed_not_added) {
  write("d.csv", "namn;budget;utfall\nA;-100;-90\nB;-50;-60\n");
  auto doc = build(R"(<table source="d"><columns><column field="namn"/><column field="budget"/>
    <column name="pct" expr="(utfall - budget) / abs(budget) * 100" format="pct1"/></columns><total/></table>)");
  const auto& t = std::get<model::table>(doc.blocks.at(0));
  // (−150 − −150) / 150 = 0 %, not 10 % + −20 %.
  EXPECT_EQ(column(t, 2), (std::vector<std::string>{"10,0 %", "-20,0 %", "0,0 %"}));
}

TEST_F(tables, preserve_total_rounding_keeps_rows_adding_up) {
  write("d.csv", "namn;v\nA;0,4\nB;0,4\nC;0,4\n");
  auto independent = build(R"(<table source="d"><columns><column field="namn"/><column field="v" format="int"/></columns>
    <total/></table>)");
  EXPECT_EQ(column(std::get<model::table>(independent.blocks.at(0)), 1),
            (std::vector<std::string>{"0", "0", "0", "1"}));
  auto preserved = build(R"(<table source="d" rounding="preserve-total"><columns><column field="namn"/>
    <column field="v" format="int"/></columns><total/></table>)");
  EXPECT_EQ(column(std::get<model::table>(preserved.blocks.at(0)), 1),
            (std::vector<std::string>{"1", "0", "0", "1"}));
}

TEST_F(tables, author_totals_and_check_columns_that_disagree_are_warnings) {
  write("d.csv", "namn;budget;utfall;avvikelse\nA;100;90;10\nB;50;60;-5\nSumma;150;160;5\n");
  auto doc = build(R"(<table source="d"><columns><column field="namn"/><column field="budget"/><column field="utfall"/>
    <column field="avvikelse" check="budget - utfall"/></columns>
    <rows><row key="A"/><row key="B"/><sum label="Summa" of="A;B" check="Summa"/></rows></table>)");
  EXPECT_FALSE(diag.has_errors());
  std::vector<std::string> warnings;
  for (const auto& d : diag.all())
    if (d.level == severity::warning) warnings.push_back(to_string(d).substr(0, to_string(d).find('\n')));
  std::string csv = (dir / "d.csv").string();
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0], csv + ":3: warning: column 'avvikelse' holds -5, but budget - utfall gives -10");
  EXPECT_EQ(warnings[1], csv + ":4: warning: the total row 'Summa' says 160 for 'utfall', but its rows add up to 150");
}

TEST_F(tables, text_in_a_summed_column_is_an_error_at_the_cell) {
  write("d.csv", "namn;budget\nA;-57 235\nB;12,3,4\nC;-1 000\n");
  build(R"(<table source="d"><columns><column field="namn"/><column field="budget"/></columns>
    <rows><row key="A"/><row key="B"/><sum label="A+B" of="A;B"/><row key="C"/></rows><total label="Summa"/></table>)");
  std::vector<std::string> errors;
  for (const auto& d : diag.all())
    if (d.level == severity::error) errors.push_back(to_string(d).substr(0, to_string(d).find('\n')));
  // Once, though two sums add the cell; the label column (text everywhere) is not a mistake.
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], (dir / "d.csv").string() + ":3:3: error: expected a number in 'budget', found '12,3,4'");
}

TEST_F(tables, text_cells_in_arithmetic_and_aggregates_are_reported_at_the_cell) {
  write("d.csv", "namn;budget\nA;1\nB;tolv\n");
  auto first_error = [&] {
    for (const auto& d : diag.all())
      if (d.level == severity::error) return to_string(d);
    return std::string("no error");
  };
  std::string csv = (dir / "d.csv").string(), xml = (dir / "r.xml").string();
  build(R"(<table source="d"><columns><column field="namn"/><column name="x" expr="budget * 2"/></columns></table>)");
  EXPECT_EQ(first_error(), csv + ":3:3: error: expected a number in 'budget', found 'tolv'\n"
                                 "  hint: 'budget * 2' at " + xml + ":3:73 uses it as a number");
  diag.clear();
  build(R"(<p>{sum(d.budget)}</p>)");
  EXPECT_EQ(first_error().substr(0, first_error().find('\n')),
            csv + ":3:3: error: expected a number in 'budget', found 'tolv'");
  diag.clear();
  // Text that is not a data cell is reported in the expression, as before.
  build(R"(<table source="d"><columns><column field="namn"/><column name="x" expr="1 + 'två'"/></columns></table>)");
  EXPECT_EQ(first_error().substr(0, xml.size() + 12), xml + ":3:77: error");
}

TEST_F(tables, a_total_over_numbers_and_blanks_is_fine) {
  write("d.csv", "namn;budget;not\nA;1;x\nB;;y\nC;2;\n");
  auto doc = build(R"(<table source="d"><columns><column field="namn"/><column field="budget"/>
    <column field="not"/></columns><total label="Summa"/></table>)");
  EXPECT_FALSE(diag.has_errors()) << to_string(diag.all().front());
  EXPECT_EQ(column(std::get<model::table>(doc.blocks.at(0)), 1), (std::vector<std::string>{"1", "", "2", "3"}));
}

TEST_F(tables, unknown_sort_and_group_by_fields_are_located_at_the_attribute) {
  write("d.csv", "namn;budget\nA;1\n");
  build(R"(<table source="d" sort="namn, -budgett"><columns><column field="namn"/></columns></table>)");
  ASSERT_TRUE(diag.has_errors());
  EXPECT_EQ(to_string(diag.all().front()), (dir / "r.xml").string() +
                                               ":3:32: error: cannot sort by 'budgett': no such field in 'd'\n"
                                               "  hint: did you mean 'budget'?");
  diag.clear();
  build(R"(<table source="d" group-by="omrade"><columns><column field="namn"/></columns></table>)");
  ASSERT_TRUE(diag.has_errors());
  EXPECT_EQ(to_string(diag.all().front()), (dir / "r.xml").string() +
                                               ":3:29: error: cannot group by 'omrade': no such field in 'd'\n"
                                               "  hint: 'd' has: namn, budget");
}

TEST_F(tables, unknown_key_has_a_hint) {
  write("d.csv", "namn;v\nMyndighet;1\n");
  build(R"(<table source="d"><columns><column field="namn"/></columns><rows><row key="Myndigheten"/></rows></table>)");
  ASSERT_TRUE(diag.has_errors());
  EXPECT_EQ(diag.all()[0].message, "no row with namn = 'Myndigheten' in data source 'd'");
  EXPECT_EQ(diag.all()[0].hint, "did you mean 'Myndighet'?");
}

}  // namespace

namespace {

TEST_F(tables, merge_joins_equal_neighbours_nested_under_merged_columns_to_the_left) {
  write("d.csv", "omr;enhet;v\nBarn;Hem;1\nBarn;Hem;2\nBarn;Stöd;3\nVuxna;Stöd;4\nVuxna;Stöd;5\n");
  auto doc = build(R"(<table source="d"><columns><column field="omr" merge="true"/>
    <column field="enhet" merge="true"/><column field="v"/></columns><total/></table>)");
  ASSERT_FALSE(diag.has_errors()) << to_string(diag.all().front());
  const auto& t = std::get<model::table>(doc.blocks.at(0));
  ASSERT_EQ(t.body.size(), 6u);
  auto spans = [&](std::size_t r) {
    std::vector<int> out;
    for (const auto& c : t.body[r].cells) out.push_back(c.rowspan);
    return out;
  };
  // "Barn" spans three rows; "Hem" two; "Stöd" of Vuxna does not join "Stöd" of Barn.
  EXPECT_EQ(spans(0), (std::vector<int>{3, 2, 1}));
  EXPECT_EQ(spans(1), (std::vector<int>{1}));
  EXPECT_EQ(spans(2), (std::vector<int>{1, 1}));
  EXPECT_EQ(spans(3), (std::vector<int>{2, 2, 1}));
  EXPECT_EQ(spans(4), (std::vector<int>{1}));
  EXPECT_EQ(model::plain_text(t.body[3].cells[1].text), "Stöd");
  // The sum row never merges.
  EXPECT_EQ(spans(5), (std::vector<int>{1, 1, 1}));
}

TEST_F(tables, continuation_label_is_the_tables_own_or_left_to_the_layout) {
  write("d.csv", "namn;v\nA;1\n");
  auto own = build(R"(<table source="d" continuation="forts. från föregående sida"><columns><column field="namn"/></columns></table>)");
  EXPECT_EQ(std::get<model::table>(own.blocks.at(0)).continuation_label, "forts. från föregående sida");
  auto none = build(R"(<table source="d"><columns><column field="namn"/></columns></table>)");
  EXPECT_FALSE(std::get<model::table>(none.blocks.at(0)).continuation_label.has_value());
}

}  // namespace

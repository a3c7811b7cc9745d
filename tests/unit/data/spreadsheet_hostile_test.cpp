// Hostile workbooks: zip bombs, missing parts, absurd indexes and sizes, files that are not
// workbooks at all. Each must give its clear, located error, quickly and without a crash.
#include <gtest/gtest.h>

#include <string>

#include "data/data.hpp"
#include "data/spreadsheet.hpp"

namespace rapport {
namespace {

const std::string dir = std::string(RAPPORT_TEST_DIR) + "/data/spreadsheets/";
const std::string hostile = dir + "hostile/";

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const fatal_error& e) {
    return e.what();
  }
  return "no error";
}

std::string xlsx_error(const std::string& file) {
  return error_of([&] { read_xlsx(hostile + file, {}); });
}

TEST(spreadsheet_hostile, refuses_a_zip_bomb_before_unpacking_it) {
  EXPECT_EQ(xlsx_error("bomb.xlsx"),
            hostile +
                "bomb.xlsx: error: the part 'xl/worksheets/sheet1.xml' unpacks to more "
                "than 200 times its packed size of 41166 bytes\n"
                "  hint: refusing it as a possible zip bomb");
}

TEST(spreadsheet_hostile, refuses_a_zip_bomb_that_lies_about_its_size) {
  // The directory claims 1000 bytes; the ratio is caught while unpacking.
  EXPECT_EQ(xlsx_error("bomb-lying.xlsx"),
            hostile +
                "bomb-lying.xlsx: error: the part 'xl/worksheets/sheet1.xml' unpacks to "
                "more than 200 times its packed size of 41166 bytes\n"
                "  hint: refusing it as a possible zip bomb");
}

TEST(spreadsheet_hostile, caps_the_total_unpacked_size) {
  detail::spreadsheet_limits limits;
  limits.zip.max_unpacked = 4096;
  EXPECT_EQ(error_of([&] { detail::read_xlsx_limited(dir + "excel.xlsx", {}, {}, limits); }),
            dir +
                "excel.xlsx: error: the workbook unpacks to more than 4096 bytes, at the part "
                "'xl/styles.xml'\n  hint: refusing it as a possible zip bomb");
}

TEST(spreadsheet_hostile, names_a_missing_part) {
  EXPECT_EQ(xlsx_error("missing-workbook.xlsx"),
            hostile +
                "missing-workbook.xlsx: error: not an .xlsx workbook: the part "
                "'xl/workbook.xml' is missing\n"
                "  hint: open it in Excel or LibreOffice and save it again as .xlsx");
  EXPECT_EQ(error_of([] { read_ods(hostile + "missing-content.ods", {}); }),
            hostile +
                "missing-content.ods: error: not an .ods workbook: the part 'content.xml' "
                "is missing\n"
                "  hint: open it in Excel or LibreOffice and save it again as .ods");
}

TEST(spreadsheet_hostile, refuses_an_absurd_shared_string_index) {
  EXPECT_EQ(xlsx_error("bad-shared-string.xlsx"),
            hostile +
                "bad-shared-string.xlsx:Blad1!A2: error: the cell refers to shared string "
                "99999999, but the workbook has 1");
}

TEST(spreadsheet_hostile, ignores_a_huge_dimension_claim) {
  data_table t = read_xlsx(hostile + "huge-dimension.xlsx", {});
  EXPECT_EQ(t.columns, (std::vector<std::string>{"Konto", "Belopp"}));
  EXPECT_EQ(t.rows.size(), 2u);
}

TEST(spreadsheet_hostile, refuses_an_area_too_large_to_hold) {
  EXPECT_EQ(xlsx_error("far-cells.xlsx"),
            hostile +
                "far-cells.xlsx:Blad1!A1:XFD1048576: error: the area read holds "
                "17179869184 cells, more than the 5000000 allowed\n"
                "  hint: read a smaller range");
}

TEST(spreadsheet_hostile, recognises_a_csv_file_renamed) {
  EXPECT_EQ(xlsx_error("csv-renamed.xlsx"),
            hostile +
                "csv-renamed.xlsx: error: this is a text file, not an .xlsx workbook (a zip "
                "archive)\n"
                "  hint: if it holds comma- or semicolon-separated values, read it as a CSV "
                "source");
}

TEST(spreadsheet_hostile, recognises_an_old_binary_workbook) {
  EXPECT_EQ(xlsx_error("old-binary.xlsx"),
            hostile +
                "old-binary.xlsx: error: this is an old binary Excel workbook (.xls) or an "
                "encrypted workbook, not an .xlsx workbook\n"
                "  hint: open it in Excel or LibreOffice and save it as .xlsx (without a "
                "password)");
  EXPECT_EQ(error_of([] { read_ods(hostile + "old-binary.xlsx", {}); }),
            hostile +
                "old-binary.xlsx: error: this is an old binary Excel workbook (.xls) or an "
                "encrypted workbook, not an .ods workbook\n"
                "  hint: open it in Excel or LibreOffice and save it as .ods (without a "
                "password)");
}

TEST(spreadsheet_hostile, refuses_a_truncated_archive) {
  EXPECT_EQ(xlsx_error("truncated.xlsx"),
            hostile +
                "truncated.xlsx: error: not an .xlsx workbook: the zip archive is damaged "
                "(Not a zip archive)\n"
                "  hint: open it in Excel or LibreOffice and save it again as .xlsx");
}

TEST(spreadsheet_hostile, locates_malformed_xml) {
  EXPECT_EQ(xlsx_error("malformed.xlsx"),
            hostile +
                "malformed.xlsx: error: malformed XML in the part "
                "'xl/worksheets/sheet1.xml' at byte 484: expected </row>, found </rad>\n"
                "  hint: open it in Excel or LibreOffice and save it again");
}

TEST(spreadsheet_hostile, refuses_entity_expansion) {
  EXPECT_EQ(xlsx_error("doctype.xlsx"),
            hostile +
                "doctype.xlsx: error: malformed XML in the part 'xl/sharedStrings.xml' at "
                "byte 21: a DOCTYPE is not allowed in a workbook part\n"
                "  hint: open it in Excel or LibreOffice and save it again");
}

TEST(spreadsheet_hostile, refuses_a_data_row_repeated_a_million_times) {
  EXPECT_EQ(error_of([] { read_ods(hostile + "repeat-data.ods", {}); }),
            hostile +
                "repeat-data.ods:Blad1!A2: error: a row with values repeats 1048000 times, "
                "more than the 10000 copies this reader makes\n"
                "  hint: delete the repeated rows in LibreOffice, or read a range that "
                "leaves them out");
  sheet_options top;
  top.range = "A1:B3";
  EXPECT_EQ(read_ods(hostile + "repeat-data.ods", top).rows.size(), 2u);
}

TEST(spreadsheet_hostile, tells_the_formats_apart) {
  EXPECT_EQ(error_of([] { read_ods(hostile + "text-document.ods", {}); }),
            hostile +
                "text-document.ods: error: not an .ods workbook: its mimetype is "
                "'application/vnd.oasis.opendocument.text'\n"
                "  hint: only OpenDocument spreadsheets can be read as .ods sources");
  EXPECT_EQ(error_of([] { read_ods(dir + "excel.xlsx", {}); }),
            dir +
                "excel.xlsx: error: this is an Office Open XML workbook (.xlsx), not an .ods "
                "workbook\n  hint: read it as an .xlsx source");
  EXPECT_EQ(error_of([] { read_xlsx(dir + "budget.ods", {}); }),
            dir +
                "budget.ods: error: this is an OpenDocument workbook (.ods), not an .xlsx "
                "workbook\n  hint: read it as an .ods source");
}

TEST(spreadsheet_hostile, caps_the_cells_of_an_area) {
  detail::spreadsheet_limits limits;
  limits.max_cells = 10;
  sheet_options typer;
  typer.sheet = "Typer";
  EXPECT_EQ(error_of([&] { detail::read_xlsx_limited(dir + "excel.xlsx", typer, {}, limits); }),
            dir +
                "excel.xlsx:Typer!A6: error: the sheet holds more than 10 cells in the area "
                "read\n  hint: read a smaller range");
}

}  // namespace
}  // namespace rapport

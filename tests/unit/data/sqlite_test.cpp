// Tests for read_sqlite: column types, read-only access and located errors.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "data/data.hpp"

namespace rapport {
namespace {

namespace fs = std::filesystem;
using cells = std::vector<value>;

// A fresh folder per test, removed afterwards.
class sqlite_test : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "rapport-sqlite-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // Creates a database at `name` by running `script` through the sqlite3 API.
  std::string make_db(const std::string& name, const std::string& script) {
    std::string path = (dir_ / name).string();
    sqlite3* raw = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
    EXPECT_EQ(rc, SQLITE_OK);
    char* message = nullptr;
    rc = sqlite3_exec(db.get(), script.c_str(), nullptr, nullptr, &message);
    EXPECT_EQ(rc, SQLITE_OK) << (message ? message : "");
    sqlite3_free(message);
    return path;
  }

  std::string error_of(const std::string& path, const std::string& sql,
                       const source_loc& from = {}) {
    try {
      read_sqlite(path, sql, from);
    } catch (const fatal_error& e) {
      return e.what();
    }
    return "(no error)";
  }

  fs::path dir_;
};

const char* budget_script = R"(
  CREATE TABLE budget (enhet TEXT, belopp INTEGER, andel REAL, kod TEXT, noll);
  INSERT INTO budget VALUES ('Skola', -57235, 9.7, '0123', NULL);
  INSERT INTO budget VALUES ('Vård', 9007199254740993, -0.5, '15,2', NULL);
)";

TEST_F(sqlite_test, reads_typed_columns) {
  std::string path = make_db("b.sqlite", budget_script);
  data_table t =
      read_sqlite(path, "SELECT * FROM budget ORDER BY rowid", source_loc{"report.xml", 7, 5});
  EXPECT_EQ(t.columns, (std::vector<std::string>{"enhet", "belopp", "andel", "kod", "noll"}));
  ASSERT_EQ(t.rows.size(), 2u);
  // TEXT stays text even when it looks like a number: SQLite has types.
  EXPECT_EQ(t.rows[0], (cells{"Skola", -57235.0, 9.7, "0123", value{}}));
  EXPECT_EQ(t.rows[1], (cells{"Vård", 9007199254740992.0, -0.5, "15,2", value{}}));
  EXPECT_EQ(t.row_locs, (std::vector<source_loc>{{path, 1, 0}, {path, 2, 0}}));
  EXPECT_EQ(t.loc, (source_loc{"report.xml", 7, 5}));
}

TEST_F(sqlite_test, column_names_come_from_the_query) {
  std::string path = make_db("b.sqlite", budget_script);
  data_table t = read_sqlite(path,
                             "SELECT enhet AS namn, belopp / 1000.0 AS tkr, count(*) FROM budget "
                             "GROUP BY enhet ORDER BY enhet");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"namn", "tkr", "count(*)"}));
  EXPECT_EQ(t.rows[0], (cells{"Skola", -57.235, 1.0}));
  EXPECT_EQ(t.loc, (source_loc{path, 0, 0}));
}

TEST_F(sqlite_test, empty_result_keeps_the_columns) {
  std::string path = make_db("b.sqlite", budget_script);
  data_table t = read_sqlite(path, "SELECT enhet, belopp FROM budget WHERE 0");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"enhet", "belopp"}));
  EXPECT_TRUE(t.rows.empty());
}

TEST_F(sqlite_test, trailing_semicolons_and_comments_are_fine) {
  std::string path = make_db("b.sqlite", budget_script);
  EXPECT_EQ(read_sqlite(path, "SELECT 1 AS x; ; -- done\n").rows, (std::vector<cells>{{1.0}}));
  EXPECT_EQ(read_sqlite(path, "  /* a */ SELECT 'a' AS x;  ").rows, (std::vector<cells>{{"a"}}));
}

TEST_F(sqlite_test, missing_file_is_an_error_and_is_not_created) {
  std::string path = (dir_ / "saknas.sqlite").string();
  EXPECT_EQ(error_of(path, "SELECT 1", source_loc{"report.xml", 9, 3}),
            "report.xml:9:3: error: cannot open the SQLite database '" + path +
                "': unable to open database file");
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(error_of(path, "SELECT 1"), path + ": error: cannot open the SQLite database '" + path +
                                            "': unable to open database file");
}

TEST_F(sqlite_test, bad_sql_names_sqlites_reason) {
  std::string path = make_db("b.sqlite", budget_script);
  source_loc from{"report.xml", 20, 7};
  EXPECT_EQ(error_of(path, "SELECT * FROM nope", from),
            "report.xml:20:7: error: the query on '" + path + "' failed: no such table: nope");
  EXPECT_EQ(error_of(path, "SELEC 1", from), "report.xml:20:7: error: the query on '" + path +
                                                 "' failed: near \"SELEC\": syntax error");
  EXPECT_EQ(error_of(path, "SELECT saknas FROM budget", from),
            "report.xml:20:7: error: the query on '" + path + "' failed: no such column: saknas");
}

TEST_F(sqlite_test, errors_in_the_query_point_into_it_when_its_location_is_given) {
  std::string path = make_db("b.sqlite", budget_script);
  source_loc source{"report.xml", 4, 30}, query{"report.xml", 4, 50};
  auto error_at = [&](const std::string& sql, const source_loc& q) {
    try {
      read_sqlite(path, sql, source, q);
    } catch (const fatal_error& e) {
      return to_string(e.what_diagnostic().loc);
    }
    return std::string("no error");
  };
  // A syntax error at its token (SQLite reports the byte), counted in characters.
  EXPECT_EQ(error_at("SELECT enhet, FROM budget", query), "report.xml:4:64");
  EXPECT_EQ(error_at("SELECT 'å', FROM budget", query), "report.xml:4:62");
  // A query over several lines (element text) is reported at its start.
  EXPECT_EQ(error_at("SELECT enhet,\nFROM budget", query), "report.xml:4:50");
  // Without the query's location, everything stays at the source.
  EXPECT_EQ(error_at("SELECT enhet, FROM budget", {}), "report.xml:4:30");
  // A missing database is not the query's fault.
  EXPECT_EQ(error_of((dir_ / "none.sqlite").string(), "SELECT 1", source).substr(0, 16),
            "report.xml:4:30:");
}

TEST_F(sqlite_test, one_statement_only) {
  std::string path = make_db("b.sqlite", budget_script);
  EXPECT_EQ(error_of(path, "SELECT 1; SELECT 2", {"r.xml", 1, 1}),
            "r.xml:1:1: error: the query on '" + path +
                "' has more than one statement\n"
                "  hint: a source runs a single SELECT");
  EXPECT_EQ(
      error_of(path, "SELECT 1; nonsense", {"r.xml", 1, 1}),
      "r.xml:1:1: error: the query on '" + path + "' failed: near \"nonsense\": syntax error");
  EXPECT_EQ(error_of(path, "  ", {"r.xml", 1, 1}),
            "r.xml:1:1: error: the query on '" + path + "' is empty");
  EXPECT_EQ(error_of(path, "-- only a comment", {"r.xml", 1, 1}),
            "r.xml:1:1: error: the query on '" + path + "' is empty");
}

TEST_F(sqlite_test, the_database_is_never_written) {
  std::string path = make_db("b.sqlite", budget_script);
  EXPECT_EQ(error_of(path, "DELETE FROM budget", {"r.xml", 2, 1}),
            "r.xml:2:1: error: the query on '" + path +
                "' returns no columns\n"
                "  hint: a source runs a SELECT");
  EXPECT_EQ(
      error_of(path, "INSERT INTO budget (enhet) VALUES ('x') RETURNING enhet", {"r.xml", 2, 1}),
      "r.xml:2:1: error: the query on '" + path + "' failed: attempt to write a readonly database");
  EXPECT_EQ(read_sqlite(path, "SELECT count(*) AS n FROM budget").rows,
            (std::vector<cells>{{2.0}}));
}

TEST_F(sqlite_test, blob_cells_are_errors) {
  std::string path = make_db("b.sqlite",
                             "CREATE TABLE f (namn TEXT, data BLOB);"
                             "INSERT INTO f VALUES ('a', NULL), ('b', X'00FF');");
  EXPECT_EQ(error_of(path, "SELECT * FROM f ORDER BY namn", {"r.xml", 3, 2}),
            "r.xml:3:2: error: column 'data' of row 2 from '" + path +
                "' holds binary data (a BLOB)\n"
                "  hint: select a number or text instead, e.g. with CAST");
}

TEST_F(sqlite_test, invalid_utf8_text_is_an_error) {
  std::string path = make_db(
      "b.sqlite", "CREATE TABLE t (namn TEXT); INSERT INTO t VALUES (CAST(X'56E57264' AS TEXT));");
  EXPECT_EQ(error_of(path, "SELECT namn FROM t", {"r.xml", 5, 1}),
            "r.xml:5:1: error: column 'namn' of row 1 from '" + path + "' is not valid UTF-8 text");
}

TEST_F(sqlite_test, duplicate_column_names) {
  std::string path = make_db("b.sqlite", budget_script);
  EXPECT_EQ(error_of(path, "SELECT enhet, enhet FROM budget", {"r.xml", 6, 1}),
            "r.xml:6:1: error: the query on '" + path +
                "' returns two columns named 'enhet'\n"
                "  hint: give them distinct names with AS");
}

TEST_F(sqlite_test, a_file_that_is_not_a_database) {
  std::string path = (dir_ / "text.sqlite").string();
  std::ofstream(path) << "Enhet;Budget\nSkola;1\n" << std::string(200, 'x');
  EXPECT_EQ(error_of(path, "SELECT 1 FROM sqlite_master", {"r.xml", 8, 1}),
            "r.xml:8:1: error: the query on '" + path + "' failed: file is not a database");
}

TEST_F(sqlite_test, reads_the_fixture_database) {
  std::string path = std::string(RAPPORT_TEST_DIR) + "/data/sqlite/ekonomi.sqlite";
  data_table t = read_sqlite(path, "SELECT projekt, budget, utfall FROM investering ORDER BY id");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"projekt", "budget", "utfall"}));
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0], (cells{"Ny förskola", 42000.0, 38512.5}));
  EXPECT_EQ(t.rows[1], (cells{"Gång- och cykelväg", 5500.0, value{}}));
  EXPECT_EQ(t.rows[2], (cells{"Reservkraft", 1200.0, 1375.0}));
}

}  // namespace
}  // namespace rapport

// Tests for read_json: paths, cell types, column order, row lines and located errors.
#include <gtest/gtest.h>

#include <string>

#include "data/data.hpp"

namespace rapport {
namespace {

using cells = std::vector<value>;
using names = std::vector<std::string>;

std::string json_error(const std::string& text, const std::string& path = {}) {
  try {
    read_json(text, "d.json", path);
  } catch (const fatal_error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(read_json, array_of_objects_with_typed_cells) {
  data_table t = read_json(R"([{"enhet": "Skola", "budget": -57235, "andel": 9.7, "klar": true},
 {"enhet": "Vård", "budget": null, "andel": 0, "klar": false}])",
                           "d.json");
  EXPECT_EQ(t.columns, (names{"enhet", "budget", "andel", "klar"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0], (cells{"Skola", -57235.0, 9.7, true}));
  EXPECT_EQ(t.rows[1], (cells{"Vård", value{}, 0.0, false}));
  EXPECT_EQ(t.row_locs, (std::vector<source_loc>{{"d.json", 1, 0}, {"d.json", 2, 0}}));
  EXPECT_EQ(t.loc, (source_loc{"d.json", 0, 0}));
}

TEST(read_json, strings_stay_text_even_when_they_look_like_numbers) {
  data_table t = read_json(R"([{"a": "15,2", "b": "-57 235", "c": "1e5", "d": ""}])", "d.json");
  EXPECT_EQ(t.rows[0], (cells{"15,2", "-57 235", "1e5", ""}));
}

TEST(read_json, columns_are_the_union_of_keys_in_first_seen_order) {
  data_table t = read_json(R"([{"b": 1, "a": 2}, {"c": 3}, {"a": 4, "d": 5, "b": 6}])", "d.json");
  EXPECT_EQ(t.columns, (names{"b", "a", "c", "d"}));
  EXPECT_EQ(t.rows[0], (cells{1.0, 2.0, value{}, value{}}));
  EXPECT_EQ(t.rows[1], (cells{value{}, value{}, 3.0, value{}}));
  EXPECT_EQ(t.rows[2], (cells{6.0, 4.0, value{}, 5.0}));
}

TEST(read_json, numbers_of_every_json_form) {
  data_table t = read_json(
      R"([{"i": 9007199254740993, "u": 18446744073709551615, "n": -1.5e3, "z": -0}])", "d.json");
  EXPECT_EQ(t.rows[0], (cells{9007199254740992.0, 18446744073709551615.0, -1500.0, 0.0}));
}

TEST(read_json, empty_array_gives_an_empty_table) {
  data_table t = read_json("[]", "d.json");
  EXPECT_TRUE(t.columns.empty());
  EXPECT_TRUE(t.rows.empty());
  data_table empty_objects = read_json("[{}, {}]", "d.json");
  EXPECT_TRUE(empty_objects.columns.empty());
  EXPECT_EQ(empty_objects.rows.size(), 2u);
}

const char* nested = R"({
  "meta": {"år": 2021},
  "data": {
    "rows": [
      {"id": 1},
      {"id": 2}
    ]
  },
  "years": [
    {"rows": [{"id": 10}]},
    {"rows": [
      {"id": 20, "text": "a ] } [ { \" bracket"},

      {"id": 21}
    ]}
  ]
})";

TEST(read_json, dotted_paths_and_pointers) {
  for (const char* path : {"data.rows", "/data/rows"}) {
    data_table t = read_json(nested, "d.json", path);
    EXPECT_EQ(t.rows, (std::vector<cells>{{1.0}, {2.0}})) << path;
    EXPECT_EQ(t.row_locs, (std::vector<source_loc>{{"d.json", 5, 0}, {"d.json", 6, 0}})) << path;
  }
  for (const char* path : {"years.1.rows", "/years/1/rows"}) {
    data_table t = read_json(nested, "d.json", path);
    EXPECT_EQ(t.columns, (names{"id", "text"})) << path;
    EXPECT_EQ(t.rows, (std::vector<cells>{{20.0, "a ] } [ { \" bracket"}, {21.0, value{}}}))
        << path;
    // The walker skips strings with brackets in them and finds the second object two lines on.
    EXPECT_EQ(t.row_locs, (std::vector<source_loc>{{"d.json", 12, 0}, {"d.json", 14, 0}})) << path;
  }
}

TEST(read_json, pointer_escapes_and_escaped_keys) {
  const char* text =
      R"({"a/b": {"c~d": [{"x": 1}]}, "\u00e5r": [{"y": 2}], "tom": {"": [{"z": 3}]}})";
  EXPECT_EQ(read_json(text, "d.json", "/a~1b/c~0d").rows[0], (cells{1.0}));
  EXPECT_EQ(read_json(text, "d.json", "år").rows[0], (cells{2.0}));
  EXPECT_EQ(read_json(text, "d.json", "/år").row_locs[0], (source_loc{"d.json", 1, 0}));
  EXPECT_EQ(read_json(text, "d.json", "/tom/").rows[0], (cells{3.0}));  // the key ""
}

TEST(read_json, duplicate_keys_keep_the_last_value) {
  data_table t = read_json(R"([{"a": 1, "a": 2}])", "d.json");
  EXPECT_EQ(t.columns, (names{"a"}));
  EXPECT_EQ(t.rows[0], (cells{2.0}));
}

TEST(read_json, bom_and_crlf) {
  data_table t = read_json("\xEF\xBB\xBF[\r\n{\"a\": 1},\r\n{\"a\": 2}\r\n]", "d.json");
  EXPECT_EQ(t.rows, (std::vector<cells>{{1.0}, {2.0}}));
  EXPECT_EQ(t.row_locs[1].line, 3);
}

TEST(read_json, reads_the_fixture_file) {
  std::string file = std::string(RAPPORT_TEST_DIR) + "/data/json/indikatorer.json";
  data_table t = read_json_file(file, "indikatorer");
  EXPECT_EQ(t.columns, (names{"indikator", "utfall", "mal", "uppnadd"}));
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0], (cells{"Nöjda brukare", 87.5, 90.0, false}));
  EXPECT_EQ(t.rows[1], (cells{"Sjukfrånvaro", 6.2, 6.0, false}));
  EXPECT_EQ(t.rows[2], (cells{"Elever med behörighet", 91.0, value{}, true}));
  EXPECT_EQ(t.row_locs[2], (source_loc{file, 16, 0}));
}

TEST(read_json_errors, malformed_json) {
  EXPECT_EQ(
      json_error("[{\"a\": 1},\n {\"a\": 2,}]"),
      "d.json:2:10: error: invalid JSON: syntax error while parsing object key - unexpected '}'; "
      "expected string literal");
  EXPECT_EQ(json_error("[1,"),
            "d.json:1:4: error: invalid JSON: syntax error while parsing value - unexpected end of "
            "input; "
            "expected '[', '{', or a literal");
  EXPECT_EQ(json_error(""),
            "d.json:1:1: error: invalid JSON: syntax error while parsing value - unexpected end of "
            "input; "
            "expected '[', '{', or a literal");
  // nlohmann reports the position where it gave up, here the '}' after "tru".
  EXPECT_EQ(json_error("[{\"å\": tru}]"),
            "d.json:1:11: error: invalid JSON: syntax error while parsing value - invalid literal; "
            "last read: "
            "'\"å\": tru}'");
  EXPECT_EQ(json_error("[{\"a\": \"b\nc\"}]"),
            "d.json:1:10: error: invalid JSON: syntax error while parsing value - invalid string: "
            "control "
            "character U+000A (LF) must be escaped to \\u000A or \\n; last read: '\"b<U+000A>'");
}

TEST(read_json_errors, invalid_utf8) {
  EXPECT_EQ(json_error("[{\"a\": \"V\xE5rd\"}]"),
            "d.json:1:10: error: not valid UTF-8 (byte 0xe5): save the file as UTF-8\n"
            "  hint: the file looks like Windows-1252 (Latin-1), as older Windows programs save it");
  EXPECT_EQ(json_error("\xEF\xBB\xBF[\n\xC0\xAF]"),
            "d.json:2:1: error: not valid UTF-8 (byte 0xc0): save the file as UTF-8\n"
            "  hint: the file looks like Windows-1252 (Latin-1), as older Windows programs save it");
}

TEST(read_json_errors, number_too_large) {
  EXPECT_EQ(json_error("[{\"a\": 1e400}]"),
            "d.json: error: invalid JSON: number overflow parsing '1e400'");
}

TEST(read_json_errors, path_not_found) {
  EXPECT_EQ(json_error(nested, "data.row"),
            "d.json:3:11: error: path 'data.row' not found: no key 'row' in the object at 'data'\n"
            "  hint: did you mean 'rows'?");
  EXPECT_EQ(
      json_error(nested, "/dta/rows"),
      "d.json:1:1: error: path '/dta/rows' not found: no key 'dta' in the object at the top level\n"
      "  hint: did you mean 'data'?");
  EXPECT_EQ(json_error(nested, "bananas"),
            "d.json:1:1: error: path 'bananas' not found: no key 'bananas' in the object at the "
            "top level");
  EXPECT_EQ(
      json_error(nested, "years.2.rows"),
      "d.json:9:12: error: path 'years.2.rows' not found: the array at 'years' has 2 elements");
  EXPECT_EQ(json_error(nested, "years.01"),
            "d.json:9:12: error: path 'years.01' not found: '01' is not an index into the array at "
            "'years'");
  EXPECT_EQ(json_error(nested, "/years/first"),
            "d.json:9:12: error: path '/years/first' not found: 'first' is not an index into the "
            "array at '/years'");
  EXPECT_EQ(json_error(nested, "meta.år.x"),
            "d.json:2:18: error: path 'meta.år.x' not found: the value at 'meta.år' is a number, "
            "not an object or "
            "array");
  EXPECT_EQ(json_error("[[1]]", "0.0.0"),
            "d.json:1:3: error: path '0.0.0' not found: the value at '0.0' is a number, not an "
            "object or array");
}

TEST(read_json_errors, not_an_array) {
  EXPECT_EQ(json_error(nested),
            "d.json:1:1: error: expected an array of objects at the top level, found an object\n"
            "  hint: the array may be at path 'years'");
  EXPECT_EQ(json_error(nested, "data"),
            "d.json:3:11: error: expected an array of objects at 'data', found an object\n"
            "  hint: the array may be at path 'data.rows'");
  EXPECT_EQ(json_error(nested, "/data"),
            "d.json:3:11: error: expected an array of objects at '/data', found an object\n"
            "  hint: the array may be at path '/data/rows'");
  EXPECT_EQ(json_error(nested, "meta"),
            "d.json:2:11: error: expected an array of objects at 'meta', found an object");
  EXPECT_EQ(json_error(R"({"a": {"b/c": []}})", "/a"),
            "d.json:1:7: error: expected an array of objects at '/a', found an object\n"
            "  hint: the array may be at path '/a/b~1c'");
  EXPECT_EQ(json_error("\"text\""),
            "d.json:1:1: error: expected an array of objects at the top level, found a string");
  EXPECT_EQ(json_error("  42"),
            "d.json:1:3: error: expected an array of objects at the top level, found a number");
}

TEST(read_json_errors, element_not_an_object) {
  EXPECT_EQ(json_error("[{\"a\": 1},\n  5]"),
            "d.json:2:3: error: expected an object at '[1]', found a number");
  EXPECT_EQ(json_error(R"({"r": [{}, [1], null]})", "r"),
            "d.json:1:12: error: expected an object at 'r[1]', found an array");
  EXPECT_EQ(json_error(R"({"r": [{}, {}, null]})", "/r"),
            "d.json:1:16: error: expected an object at '/r/2', found null");
}

TEST(read_json_errors, nested_cell_values) {
  EXPECT_EQ(
      json_error("[{\"a\": 1},\n {\"a\": 2, \"b\": {\"x\": 1}}]"),
      "d.json:2:16: error: expected a number, string, boolean or null at '[1].b', found an object");
  EXPECT_EQ(json_error(R"({"r": [{"a/b": [1]}]})", "/r"),
            "d.json:1:16: error: expected a number, string, boolean or null at '/r/0/a~1b', found "
            "an array");
}

TEST(read_json_errors, invalid_paths) {
  EXPECT_EQ(json_error("[]", "/a~2"),
            "d.json: error: invalid JSON pointer '/a~2': '~' must be followed by '0' or '1'");
  EXPECT_EQ(json_error("[]", "/a~"),
            "d.json: error: invalid JSON pointer '/a~': '~' must be followed by '0' or '1'");
  EXPECT_EQ(json_error("[]", "data..rows"), "d.json: error: invalid path 'data..rows': empty key");
  EXPECT_EQ(json_error("[]", "rows."), "d.json: error: invalid path 'rows.': empty key");
}

TEST(read_json_errors, unreadable_file) {
  try {
    read_json_file("/nonexistent/x.json", "", source_loc{"report.xml", 4, 3});
    FAIL() << "no error";
  } catch (const fatal_error& e) {
    EXPECT_STREQ(
        e.what(),
        "report.xml:4:3: error: cannot read '/nonexistent/x.json': No such file or directory");
  }
}

TEST(read_json_errors, deep_nesting_does_not_overflow) {
  std::string deep = "[{\"a\": " + std::string(100000, '[') + std::string(100000, ']') + "}]";
  EXPECT_EQ(
      json_error(deep),
      "d.json:1:8: error: expected a number, string, boolean or null at '[0].a', found an array");
}

}  // namespace
}  // namespace rapport

// data/ SQLite: runs one read-only query and turns its result rows into a data_table.
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <string>

#include "data/data.hpp"
#include "data/text_scan.hpp"

namespace rapport {

namespace {

// The one seam to the sqlite3 C API: handles are owned by unique_ptrs, so every path out of
// read_sqlite (an error thrown halfway through a result included) closes them.
struct database_closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct statement_finalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using database = std::unique_ptr<sqlite3, database_closer>;
using statement = std::unique_ptr<sqlite3_stmt, statement_finalizer>;

database open_read_only(const std::string& file, const source_loc& loc) {
  sqlite3* raw = nullptr;
  // READONLY without CREATE: a missing file is an error, not a new empty database.
  int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  database db(raw);  // owned even when opening failed, as sqlite3 may still allocate a handle
  if (rc != SQLITE_OK) {
    std::string reason = db ? sqlite3_errmsg(db.get()) : sqlite3_errstr(rc);
    throw fatal_error(loc, fmt::format("cannot open the SQLite database '{}': {}", file, reason));
  }
  return db;
}

// Where byte `offset` of the query is, when the query's own location is known and the query
// is on one line up to there (as a query attribute is); else the query's start.
source_loc query_at(const source_loc& query_loc, const std::string& sql, int offset) {
  source_loc at = query_loc;
  if (offset < 0 || at.line <= 0 || at.column <= 0) return at;
  const auto end = std::min(static_cast<std::size_t>(offset), sql.size());
  if (sql.find_first_of("\r\n") < end) return at;
  for (std::size_t i = 0; i < end; ++i)
    if ((static_cast<unsigned char>(sql[i]) & 0xC0) != 0x80) ++at.column;
  return at;
}

statement prepare(sqlite3* db, const std::string& sql, const std::string& file,
                  const source_loc& source, const source_loc& loc, bool loc_is_query) {
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, &tail);
  statement stmt(raw);
  // SQLite knows the byte of the query its syntax error is at (3.38 and later).
  // A file that is not a database is found only now, but it is the file's fault, not the query's.
  if (rc != SQLITE_OK && (rc & 0xFF) == SQLITE_NOTADB)
    throw fatal_error(source,
                      fmt::format("the query on '{}' failed: {}", file, sqlite3_errmsg(db)));
  if (rc != SQLITE_OK)
    throw fatal_error(loc_is_query ? query_at(loc, sql, sqlite3_error_offset(db)) : loc,
                      fmt::format("the query on '{}' failed: {}", file, sqlite3_errmsg(db)));
  if (!stmt) throw fatal_error(loc, fmt::format("the query on '{}' is empty", file));
  // Only one statement runs; a second one would be silently ignored, so say so instead.
  // Preparing the rest tells a second statement from a trailing comment or semicolon.
  if (tail && *tail) {
    sqlite3_stmt* second_raw = nullptr;
    rc = sqlite3_prepare_v2(db, tail, -1, &second_raw, nullptr);
    statement second(second_raw);
    if (rc != SQLITE_OK)
      throw fatal_error(loc, fmt::format("the query on '{}' failed: {}", file, sqlite3_errmsg(db)));
    if (second)
      throw fatal_error(loc, fmt::format("the query on '{}' has more than one statement", file),
                        "a source runs a single SELECT");
  }
  return stmt;
}

std::vector<std::string> column_names(sqlite3_stmt* stmt, const std::string& file,
                                      const source_loc& loc) {
  std::vector<std::string> names;
  int count = sqlite3_column_count(stmt);
  if (count == 0)
    throw fatal_error(loc, fmt::format("the query on '{}' returns no columns", file),
                      "a source runs a SELECT");
  for (int i = 0; i < count; ++i) {
    const char* name = sqlite3_column_name(stmt, i);
    if (!name) throw fatal_error(loc, fmt::format("the query on '{}' failed: out of memory", file));
    if (std::find(names.begin(), names.end(), name) != names.end())
      throw fatal_error(loc,
                        fmt::format("the query on '{}' returns two columns named '{}'", file, name),
                        "give them distinct names with AS");
    names.emplace_back(name);
  }
  return names;
}

value cell_of(sqlite3_stmt* stmt, int i, const data_table& table, const std::string& file,
              const source_loc& loc) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_NULL:
      return value{};
    case SQLITE_INTEGER:
      return value{static_cast<double>(sqlite3_column_int64(stmt, i))};
    case SQLITE_FLOAT:
      return value{sqlite3_column_double(stmt, i)};
    case SQLITE_TEXT: {
      const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      std::string text(bytes ? bytes : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
      // SQLite stores whatever bytes it was given; later stages rely on valid UTF-8.
      if (detail::find_invalid_utf8(text) != std::string::npos)
        throw fatal_error(
            loc,
            fmt::format("column '{}' of row {} from '{}' is not valid UTF-8 text",
                        table.columns[static_cast<std::size_t>(i)], table.rows.size() + 1, file));
      return value{std::move(text)};
    }
    default:
      throw fatal_error(
          loc,
          fmt::format("column '{}' of row {} from '{}' holds binary data (a BLOB)",
                      table.columns[static_cast<std::size_t>(i)], table.rows.size() + 1, file),
          "select a number or text instead, e.g. with CAST");
  }
}

}  // namespace

data_table read_sqlite(const std::filesystem::path& path, const std::string& sql,
                       const source_loc& referenced_from, const source_loc& query_loc) {
  const std::string file = path.string();
  const source_loc loc = referenced_from.file.empty() ? source_loc{file, 0, 0} : referenced_from;
  // Errors in the query itself point at the query; the rest at the source.
  const bool located = !query_loc.file.empty();
  const source_loc in_query = located ? query_loc : loc;

  database db = open_read_only(file, loc);
  statement stmt = prepare(db.get(), sql, file, loc, in_query, located);

  data_table table;
  table.loc = loc;
  table.columns = column_names(stmt.get(), file, in_query);
  const int count = static_cast<int>(table.columns.size());
  for (;;) {
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW)
      throw fatal_error(
          in_query, fmt::format("the query on '{}' failed: {}", file, sqlite3_errmsg(db.get())));
    std::vector<value> row;
    row.reserve(table.columns.size());
    for (int i = 0; i < count; ++i) row.push_back(cell_of(stmt.get(), i, table, file, loc));
    table.rows.push_back(std::move(row));
    // A result row has no line; its 1-based number stands in for one (see data_table::row_locs).
    table.row_locs.push_back(source_loc{file, static_cast<int>(table.rows.size()), 0});
  }
  return table;
}

}  // namespace rapport

// archive/: the SQLite seam for the archive index: an owning connection and statements whose
// every status is checked here.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace rapport::detail {

class sqlite_statement;

/// One connection; errors become fatal_error located at the database file.
class sqlite_db {
public:
  /// Opens `path` read-only, or read-write (creating it) when `writable`.
  sqlite_db(const std::filesystem::path& path, bool writable);

  void exec(const char* sql);
  sqlite_statement prepare(std::string_view sql);
  [[noreturn]] void fail(const std::string& what) const;
  sqlite3* handle() const { return db_.get(); }

private:
  struct closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::unique_ptr<sqlite3, closer> db_;
  std::string name_;
};

class sqlite_statement {
public:
  sqlite_statement(const sqlite_db& db, sqlite3_stmt* statement) : db_(&db), stmt_(statement) {}

  sqlite_statement& bind(int index, std::string_view text);
  sqlite_statement& bind(int index, std::int64_t value);
  /// Advances; true while there is a row.
  bool step();
  std::string text(int column) const;
  std::int64_t integer(int column) const;
  void reset();

private:
  struct finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  const sqlite_db* db_;
  std::unique_ptr<sqlite3_stmt, finalizer> stmt_;
};

/// BEGIN IMMEDIATE on construction (taking the write lock at once, so concurrent writers queue
/// on busy_timeout instead of failing on upgrade), ROLLBACK unless commit() is called.
class sqlite_transaction {
public:
  explicit sqlite_transaction(sqlite_db& db);
  ~sqlite_transaction();
  sqlite_transaction(const sqlite_transaction&) = delete;
  sqlite_transaction& operator=(const sqlite_transaction&) = delete;
  void commit();

private:
  sqlite_db& db_;
  bool done_ = false;
};

}  // namespace rapport::detail

// archive/: SQLite connection, statement and transaction wrappers.
#include "archive/sqlite.hpp"

#include <fmt/format.h>

#include "base/diagnostics.hpp"

namespace rapport::detail {

namespace {
// Concurrent `archive add` calls wait this long for each other's transactions.
constexpr int busy_timeout_ms = 60000;
}  // namespace

sqlite_db::sqlite_db(const std::filesystem::path& path, bool writable) : name_(path.string()) {
  sqlite3* raw = nullptr;
  int flags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  int rc = sqlite3_open_v2(name_.c_str(), &raw, flags | SQLITE_OPEN_FULLMUTEX, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK)
    throw fatal_error(source_loc{name_, 0, 0},
                      fmt::format("cannot open the archive index: {}",
                                  raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  sqlite3_extended_result_codes(raw, 1);
}

void sqlite_db::fail(const std::string& what) const {
  throw fatal_error(source_loc{name_, 0, 0},
                    fmt::format("{}: {}", what, sqlite3_errmsg(db_.get())));
}

void sqlite_db::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw fatal_error(source_loc{name_, 0, 0}, fmt::format("archive index error: {}", text));
  }
}

sqlite_statement sqlite_db::prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &statement,
                         nullptr) != SQLITE_OK)
    fail("archive index error");
  return sqlite_statement(*this, statement);
}

sqlite_statement& sqlite_statement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK)
    db_->fail("archive index error");
  return *this;
}

sqlite_statement& sqlite_statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_.get(), index, value) != SQLITE_OK) db_->fail("archive index error");
  return *this;
}

bool sqlite_statement::step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_->fail("archive index error");
}

std::string sqlite_statement::text(int column) const {
  const unsigned char* value = sqlite3_column_text(stmt_.get(), column);
  int length = sqlite3_column_bytes(stmt_.get(), column);
  return value ? std::string(reinterpret_cast<const char*>(value), static_cast<std::size_t>(length))
               : std::string();
}

std::int64_t sqlite_statement::integer(int column) const {
  return sqlite3_column_int64(stmt_.get(), column);
}

void sqlite_statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

sqlite_transaction::sqlite_transaction(sqlite_db& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE");
}

sqlite_transaction::~sqlite_transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void sqlite_transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace rapport::detail

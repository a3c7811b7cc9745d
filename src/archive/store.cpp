// archive/: the versioned store: adding a report under the next version number, reading entries
// back, and exporting a checked copy.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include "archive/archive.hpp"
#include "archive/crypto.hpp"
#include "archive/sqlite.hpp"
#include "base/files.hpp"

namespace rapport {

namespace fs = std::filesystem;
using detail::sqlite_db;

namespace {

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS entries (
  version INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  signer TEXT NOT NULL,
  added TEXT NOT NULL,
  committee TEXT NOT NULL,
  period TEXT NOT NULL,
  decision_date TEXT NOT NULL,
  rapport_version TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  entry_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS metadata (
  version INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (version, key)
);
CREATE TABLE IF NOT EXISTS provenance (
  version INTEGER NOT NULL,
  position INTEGER NOT NULL,
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (version, position)
);
PRAGMA user_version = 1;
)sql";

const std::string genesis_hash(64, '0');

source_loc at(const fs::path& path) {
  return {path.string(), 0, 0};
}

/// A file in files/ that is removed unless it was linked into place.
class incoming_file {
public:
  incoming_file(const fs::path& folder, std::string_view bytes, const std::string& sha)
      : path_(folder /
              fmt::format(".incoming-{}-{}-{}.pdf", ::getpid(), next_serial++, sha.substr(0, 12))) {
    std::error_code ignored;
    fs::remove(path_, ignored);  // a leftover of a crashed add that had the same process id
    // Read-only from the start: an archived file is never meant to be written again.
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0444);
    if (fd < 0) fail();
    std::size_t written = 0;
    while (written < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fd);
        fail();
      }
      written += static_cast<std::size_t>(n);
    }
    // The entry will promise these bytes; make sure they are on disk before it is committed.
    if (::fsync(fd) != 0 || ::close(fd) != 0) fail();
  }
  ~incoming_file() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  incoming_file(const incoming_file&) = delete;
  incoming_file& operator=(const incoming_file&) = delete;

  /// Gives the bytes their final name; a hard link never replaces an existing file.
  void link_to(const fs::path& target) const {
    if (::link(path_.c_str(), target.c_str()) != 0)
      throw fatal_error(at(target), fmt::format("cannot store the file: {}", std::strerror(errno)));
  }

private:
  // Unique within the process, as the process id is across processes.
  static inline std::atomic<unsigned> next_serial{0};

  [[noreturn]] void fail() const {
    throw fatal_error(at(path_), fmt::format("cannot write: {}", std::strerror(errno)));
  }
  fs::path path_;
};

// Anything already named for this version (and not in the index) came from an interrupted add
// or a removed entry; refusing keeps that evidence for `archive verify`.
void refuse_leftovers(const fs::path& files, int version) {
  std::string prefix = fmt::format("{}-", version);
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(files, ec)) {
    std::string name = item.path().filename().string();
    if (name.starts_with(prefix))
      throw fatal_error(at(item.path()),
                        fmt::format("a file for version {} exists but has no index entry", version),
                        "an earlier add was interrupted or an entry was removed; run 'rapport "
                        "archive verify'");
  }
}

std::string signer_of(std::string_view pdf, const fs::path& path) {
  std::vector<signature_check> checks = verify_pdf(pdf, path.string(), {});
  std::vector<std::string> names;
  for (const auto& check : checks) {
    if (!check.valid())
      throw fatal_error(at(path),
                        fmt::format("cannot archive a PDF with an invalid signature: signature "
                                    "{}: {}",
                                    check.number, check.problems.front()));
    if (std::find(names.begin(), names.end(), check.signer) == names.end())
      names.push_back(check.signer);
  }
  std::string joined;
  for (const auto& name : names) joined += (joined.empty() ? "" : "; ") + name;
  return joined;
}

}  // namespace

struct archive::impl {
  sqlite_db db;
  impl(const fs::path& index, bool writable) : db(index, writable) {}
};

archive::archive(fs::path folder, bool create) : folder_(std::move(folder)) {
  fs::path index = folder_ / "index.sqlite";
  if (create) {
    std::error_code ec;
    fs::create_directories(folder_ / "files", ec);
    if (ec)
      throw fatal_error(at(folder_), fmt::format("cannot create the archive: {}", ec.message()));
    impl_ = std::make_unique<impl>(index, true);
    detail::sqlite_transaction transaction(impl_->db);
    impl_->db.exec(schema);
    transaction.commit();
  } else {
    if (!fs::is_regular_file(index))
      throw fatal_error(at(folder_), "no archive here (index.sqlite not found)",
                        "'rapport archive add FILE.pdf --archive DIR' creates one");
    impl_ = std::make_unique<impl>(index, false);
  }
}

archive::~archive() = default;
archive::archive(archive&&) noexcept = default;
archive& archive::operator=(archive&&) noexcept = default;

archive_entry archive::add(const archive_add_request& request) {
  std::string bytes = read_file(request.pdf);
  if (!bytes.starts_with("%PDF-"))
    throw fatal_error(at(request.pdf), "not a PDF file (no %PDF- header)");

  archive_entry entry;
  entry.sha256 = detail::to_hex(detail::sha256(bytes));
  entry.size = static_cast<std::int64_t>(bytes.size());
  entry.signer = signer_of(bytes, request.pdf);
  entry.added = detail::iso_utc(request.time);
  entry.committee = request.committee;
  entry.period = request.period;
  entry.decision_date = request.decision_date;
  entry.metadata = request.metadata;
  std::sort(entry.metadata.begin(), entry.metadata.end());
  for (std::size_t i = 1; i < entry.metadata.size(); ++i)
    if (entry.metadata[i].first == entry.metadata[i - 1].first)
      throw fatal_error(at(request.pdf),
                        fmt::format("metadata key '{}' is given twice", entry.metadata[i].first));
  for (const auto& [role, path] : request.provenance)
    entry.provenance.push_back({role, path.string(), detail::sha256_file_hex(path)});
  entry.rapport_version = RAPPORT_VERSION;

  fs::path files = folder_ / "files";
  incoming_file incoming(files, bytes, entry.sha256);

  // The version is decided inside the write transaction, so concurrent adds queue up and each
  // gets the next number; the file is linked into place before the commit makes it official.
  sqlite_db& db = impl_->db;
  detail::sqlite_transaction transaction(db);
  auto last = db.prepare("SELECT version, entry_hash FROM entries ORDER BY version DESC LIMIT 1");
  entry.version = 1;
  entry.prev_hash = genesis_hash;
  if (last.step()) {
    entry.version = static_cast<int>(last.integer(0)) + 1;
    entry.prev_hash = last.text(1);
  }
  entry.file = fmt::format("files/{}-{}.pdf", entry.version, entry.sha256.substr(0, 12));
  entry.entry_hash = compute_entry_hash(entry);
  refuse_leftovers(files, entry.version);

  db.prepare(
        "INSERT INTO entries (version, file, sha256, size, signer, added, committee, period, "
        "decision_date, rapport_version, prev_hash, entry_hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
      .bind(1, std::int64_t{entry.version})
      .bind(2, entry.file)
      .bind(3, entry.sha256)
      .bind(4, entry.size)
      .bind(5, entry.signer)
      .bind(6, entry.added)
      .bind(7, entry.committee)
      .bind(8, entry.period)
      .bind(9, entry.decision_date)
      .bind(10, entry.rapport_version)
      .bind(11, entry.prev_hash)
      .bind(12, entry.entry_hash)
      .step();
  auto meta = db.prepare("INSERT INTO metadata (version, key, value) VALUES (?1, ?2, ?3)");
  for (const auto& [key, value] : entry.metadata) {
    meta.bind(1, std::int64_t{entry.version}).bind(2, key).bind(3, value).step();
    meta.reset();
  }
  auto prov = db.prepare(
      "INSERT INTO provenance (version, position, role, name, sha256) VALUES (?1, ?2, ?3, ?4, ?5)");
  for (std::size_t i = 0; i < entry.provenance.size(); ++i) {
    const auto& item = entry.provenance[i];
    prov.bind(1, std::int64_t{entry.version})
        .bind(2, static_cast<std::int64_t>(i))
        .bind(3, item.role)
        .bind(4, item.name)
        .bind(5, item.sha256)
        .step();
    prov.reset();
  }
  fs::path target = folder_ / entry.file;
  incoming.link_to(target);
  try {
    transaction.commit();
  } catch (...) {
    std::error_code ignored;
    fs::remove(target, ignored);
    throw;
  }
  return entry;
}

std::vector<archive_entry> archive::entries() const {
  sqlite_db& db = impl_->db;
  // One read transaction, so a concurrent add cannot land between the three queries.
  db.exec("BEGIN");
  std::vector<archive_entry> result;
  try {
    auto rows = db.prepare(
        "SELECT version, file, sha256, size, signer, added, committee, period, decision_date, "
        "rapport_version, prev_hash, entry_hash FROM entries ORDER BY version");
    while (rows.step()) {
      archive_entry e;
      e.version = static_cast<int>(rows.integer(0));
      e.file = rows.text(1);
      e.sha256 = rows.text(2);
      e.size = rows.integer(3);
      e.signer = rows.text(4);
      e.added = rows.text(5);
      e.committee = rows.text(6);
      e.period = rows.text(7);
      e.decision_date = rows.text(8);
      e.rapport_version = rows.text(9);
      e.prev_hash = rows.text(10);
      e.entry_hash = rows.text(11);
      result.push_back(std::move(e));
    }
    auto find = [&](int version) -> archive_entry* {
      auto it = std::lower_bound(result.begin(), result.end(), version,
                                 [](const archive_entry& e, int v) { return e.version < v; });
      return it != result.end() && it->version == version ? &*it : nullptr;
    };
    auto meta = db.prepare("SELECT version, key, value FROM metadata ORDER BY version, key");
    while (meta.step())
      if (archive_entry* e = find(static_cast<int>(meta.integer(0))))
        e->metadata.emplace_back(meta.text(1), meta.text(2));
    auto prov =
        db.prepare("SELECT version, role, name, sha256 FROM provenance ORDER BY version, position");
    while (prov.step())
      if (archive_entry* e = find(static_cast<int>(prov.integer(0))))
        e->provenance.push_back({prov.text(1), prov.text(2), prov.text(3)});
  } catch (...) {
    sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  db.exec("COMMIT");
  return result;
}

archive_entry archive::entry(int version) const {
  for (auto& e : entries())
    if (e.version == version) return e;
  throw fatal_error(at(folder_), fmt::format("there is no version {} in this archive", version));
}

void archive::export_version(int version, const fs::path& out) const {
  archive_entry e = entry(version);
  if (compute_entry_hash(e) != e.entry_hash)
    throw fatal_error(
        at(folder_),
        fmt::format("entry {}: entry hash mismatch (its index row was changed)", version));
  fs::path stored = folder_ / e.file;
  std::error_code ec;
  if (!fs::is_regular_file(stored, ec))
    throw fatal_error(at(folder_), fmt::format("entry {}: file {} is missing", version, e.file));
  std::string bytes = read_file(stored);
  if (detail::to_hex(detail::sha256(bytes)) != e.sha256)
    throw fatal_error(
        at(folder_), fmt::format("entry {}: file hash mismatch ({} was changed)", version, e.file));
  write_file_atomically(out, bytes);
}

}  // namespace rapport

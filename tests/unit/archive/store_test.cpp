// Tests for the archive class and the hash chain in archive/archive.hpp.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <thread>

#include "archive/archive.hpp"
#include "test_support.hpp"

namespace rapport {
namespace {

namespace fs = std::filesystem;

archive_entry sample_entry() {
  archive_entry e;
  e.version = 2;
  e.file = "files/2-0123456789ab.pdf";
  e.sha256 = std::string(64, 'a');
  e.size = 1234;
  e.signer = "Anna";
  e.added = "2024-05-02T10:00:00Z";
  e.committee = "KF";
  e.period = "2024";
  e.decision_date = "2024-05-02";
  e.metadata = {{"paragraf", "12"}};
  e.provenance = {{"data", "budget.csv", std::string(64, 'b')}};
  e.rapport_version = "0.1.0";
  e.prev_hash = std::string(64, 'c');
  return e;
}

TEST(archive_chain, every_field_is_covered_by_the_entry_hash) {
  const archive_entry base = sample_entry();
  const std::string hash = compute_entry_hash(base);
  EXPECT_EQ(hash.size(), 64u);
  std::vector<void (*)(archive_entry&)> changes = {
      [](archive_entry& e) { e.version = 3; },
      [](archive_entry& e) { e.file = "files/2-0123456789ac.pdf"; },
      [](archive_entry& e) { e.sha256[0] = 'b'; },
      [](archive_entry& e) { e.size = 1235; },
      [](archive_entry& e) { e.signer = "Bo"; },
      [](archive_entry& e) { e.added = "2024-05-02T10:00:01Z"; },
      [](archive_entry& e) { e.committee = "KS"; },
      [](archive_entry& e) { e.period = "2025"; },
      [](archive_entry& e) { e.decision_date = "2024-05-03"; },
      [](archive_entry& e) { e.metadata[0].second = "13"; },
      [](archive_entry& e) { e.metadata.clear(); },
      [](archive_entry& e) { e.provenance[0].name = "budget2.csv"; },
      [](archive_entry& e) { e.provenance[0].sha256[5] = 'c'; },
      [](archive_entry& e) { e.rapport_version = "0.2.0"; },
      [](archive_entry& e) { e.prev_hash[0] = 'd'; },
  };
  for (std::size_t i = 0; i < changes.size(); ++i) {
    archive_entry changed = base;
    changes[i](changed);
    EXPECT_NE(compute_entry_hash(changed), hash) << "change " << i;
  }
}

TEST(archive_chain, length_prefixes_keep_field_boundaries_apart) {
  archive_entry a = sample_entry();
  archive_entry b = sample_entry();
  a.committee = "K";
  a.period = "F2024";
  b.committee = "KF";
  b.period = "2024";
  EXPECT_NE(canonical_entry(a), canonical_entry(b));
}

class store_test : public ::testing::Test {
protected:
  void SetUp() override {
    folder_ = dir_.path / "arkiv";
    for (int i = 1; i <= 3; ++i) {
      fs::path pdf = dir_.path / ("r" + std::to_string(i) + ".pdf");
      test::write_bytes(pdf, test::minimal_pdf("Rapport " + std::to_string(i)));
      pdfs_.push_back(pdf);
    }
    test::write_bytes(dir_.path / "def.xml", "<report/>");
  }

  archive_entry add(int index) {
    archive store(folder_, true);
    archive_add_request r;
    r.pdf = pdfs_[index];
    r.committee = "Kommunfullmäktige";
    r.metadata = {{"paragraf", "§" + std::to_string(index)}};
    r.provenance = {{"definition", dir_.path / "def.xml"}};
    r.time = 1714644000 + index;
    return store.add(r);
  }

  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((folder_ / "index.sqlite").c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  std::vector<std::string> errors() {
    std::vector<std::string> out;
    diagnostics found = archive(folder_, false).verify();
    for (const auto& d : found.all())
      if (d.level == severity::error) out.push_back(d.message);
    return out;
  }

  static bool any_starts_with(const std::vector<std::string>& items, const std::string& prefix) {
    for (const auto& item : items)
      if (item.starts_with(prefix)) return true;
    return false;
  }

  test::temp_dir dir_;
  fs::path folder_;
  std::vector<fs::path> pdfs_;
};

TEST_F(store_test, versions_count_up_and_chain_together) {
  archive_entry a = add(0), b = add(1), c = add(2);
  EXPECT_EQ(a.version, 1);
  EXPECT_EQ(b.version, 2);
  EXPECT_EQ(c.version, 3);
  EXPECT_EQ(a.prev_hash, std::string(64, '0'));
  EXPECT_EQ(b.prev_hash, a.entry_hash);
  EXPECT_EQ(c.prev_hash, b.entry_hash);
  EXPECT_EQ(a.added, "2024-05-02T10:00:00Z");
  EXPECT_TRUE(b.file.starts_with("files/2-"));
  EXPECT_EQ(b.rapport_version, RAPPORT_VERSION);
  EXPECT_TRUE(errors().empty());

  archive store(folder_, false);
  auto all = store.entries();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].entry_hash, b.entry_hash);
  EXPECT_EQ(all[1].metadata,
            (std::vector<std::pair<std::string, std::string>>{{"paragraf", "§1"}}));
  ASSERT_EQ(all[1].provenance.size(), 1u);
  EXPECT_EQ(all[1].provenance[0].role, "definition");
  EXPECT_EQ(store.entry(2).sha256, b.sha256);
  EXPECT_THROW(store.entry(9), fatal_error);
  EXPECT_TRUE(store.verify(b.entry_hash).all().empty());
  EXPECT_FALSE(store.verify(std::string(64, 'f')).all().empty());
}

TEST_F(store_test, a_changed_file_is_named) {
  add(0);
  archive_entry b = add(1);
  add(2);
  fs::path stored = folder_ / b.file;
  fs::permissions(stored, fs::perms::owner_write, fs::perm_options::add);
  std::string bytes = test::read_bytes(stored);
  bytes[50] ^= 1;
  test::write_bytes(stored, bytes);
  auto found = errors();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0], "entry 2: file hash mismatch (" + b.file + " was changed)");
  EXPECT_THROW(archive(folder_, false).export_version(2, dir_.path / "out.pdf"), fatal_error);
  EXPECT_FALSE(fs::exists(dir_.path / "out.pdf"));
}

TEST_F(store_test, a_changed_deleted_or_reordered_row_is_named) {
  add(0), add(1), add(2);
  sql("UPDATE entries SET committee = 'KS' WHERE version = 2");
  EXPECT_TRUE(any_starts_with(errors(), "entry 2: entry hash mismatch"));
  sql("UPDATE entries SET committee = 'Kommunfullmäktige' WHERE version = 2");
  EXPECT_TRUE(errors().empty());

  sql("UPDATE metadata SET value = '§9' WHERE version = 3");
  EXPECT_TRUE(any_starts_with(errors(), "entry 3: entry hash mismatch"));
  sql("UPDATE metadata SET value = '§2' WHERE version = 3");

  sql("UPDATE entries SET version = -1 WHERE version = 2;"
      "UPDATE entries SET version = 2 WHERE version = 3;"
      "UPDATE entries SET version = 3 WHERE version = -1");
  auto reordered = errors();
  EXPECT_TRUE(any_starts_with(reordered, "entry 2: "));
  EXPECT_TRUE(any_starts_with(reordered, "entry 3: "));
  sql("UPDATE entries SET version = -1 WHERE version = 2;"
      "UPDATE entries SET version = 2 WHERE version = 3;"
      "UPDATE entries SET version = 3 WHERE version = -1");
  EXPECT_TRUE(errors().empty());

  sql("DELETE FROM entries WHERE version = 2");
  EXPECT_TRUE(any_starts_with(errors(), "entry 2: missing from the index"));
}

TEST_F(store_test, removing_the_newest_row_leaves_a_file_that_is_reported) {
  add(0), add(1);
  sql("DELETE FROM entries WHERE version = 2");
  EXPECT_TRUE(any_starts_with(errors(), "entry 2: files/2-"));
  // And the next add does not silently take its place.
  EXPECT_THROW(add(2), fatal_error);
}

TEST_F(store_test, export_checks_and_copies) {
  archive_entry a = add(0);
  archive(folder_, false).export_version(1, dir_.path / "copy.pdf");
  EXPECT_EQ(test::read_bytes(dir_.path / "copy.pdf"), test::read_bytes(pdfs_[0]));
  (void)a;
}

TEST_F(store_test, refuses_non_pdfs_and_missing_archives) {
  test::write_bytes(dir_.path / "x.pdf", "hello");
  archive store(folder_, true);
  archive_add_request r;
  r.pdf = dir_.path / "x.pdf";
  EXPECT_THROW(store.add(r), fatal_error);
  try {
    archive missing(dir_.path / "nowhere", false);
    FAIL() << "expected an error";
  } catch (const fatal_error& e) {
    EXPECT_EQ(e.what_diagnostic().message, "no archive here (index.sqlite not found)");
  }
}

TEST_F(store_test, concurrent_adds_all_land_with_distinct_versions) {
  archive(folder_, true);  // create the index first, as the CLI's first add would
  constexpr int writers = 6;
  std::vector<std::thread> threads;
  std::vector<int> versions(writers, 0);
  for (int i = 0; i < writers; ++i) {
    threads.emplace_back([&, i] {
      archive store(folder_, true);
      archive_add_request r;
      r.pdf = pdfs_[static_cast<std::size_t>(i % 3)];
      r.time = 1714644000;
      versions[static_cast<std::size_t>(i)] = store.add(r).version;
    });
  }
  for (auto& t : threads) t.join();
  std::sort(versions.begin(), versions.end());
  for (int i = 0; i < writers; ++i) EXPECT_EQ(versions[static_cast<std::size_t>(i)], i + 1);
  EXPECT_TRUE(errors().empty());
}

}  // namespace
}  // namespace rapport

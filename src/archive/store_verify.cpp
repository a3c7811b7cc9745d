// archive/: the hash chain: the canonical form an entry's hash covers, and `archive verify`,
// which recomputes the chain and re-hashes every stored file.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "archive/archive.hpp"
#include "archive/crypto.hpp"
#include "base/files.hpp"

namespace rapport {

namespace fs = std::filesystem;

std::string canonical_entry(const archive_entry& entry) {
  // Every value is length-prefixed, so no choice of field contents can make two different
  // entries serialise alike.
  std::string out = "rapport-archive-entry/1\n";
  auto field = [&](std::string_view name, std::string_view value) {
    out += fmt::format("{}={}:{}\n", name, value.size(), value);
  };
  field("version", std::to_string(entry.version));
  field("file", entry.file);
  field("sha256", entry.sha256);
  field("size", std::to_string(entry.size));
  field("signer", entry.signer);
  field("added", entry.added);
  field("committee", entry.committee);
  field("period", entry.period);
  field("decision_date", entry.decision_date);
  for (const auto& [key, value] : entry.metadata) {
    field("meta.key", key);
    field("meta.value", value);
  }
  for (const auto& item : entry.provenance) {
    field("provenance.role", item.role);
    field("provenance.name", item.name);
    field("provenance.sha256", item.sha256);
  }
  field("rapport_version", entry.rapport_version);
  return out;
}

std::string compute_entry_hash(const archive_entry& entry) {
  return detail::to_hex(detail::sha256(entry.prev_hash + canonical_entry(entry)));
}

diagnostics archive::verify(const std::string& expected_head) const {
  diagnostics found;
  const source_loc here{folder_.string(), 0, 0};
  std::vector<archive_entry> all = entries();

  std::string previous_hash(64, '0');
  int expected_version = 1;
  std::set<std::string> known_files;
  bool head_seen = expected_head.empty();
  for (const archive_entry& e : all) {
    for (int missing = expected_version; missing < e.version; ++missing)
      found.error(here,
                  fmt::format("entry {}: missing from the index (the row was removed)", missing));
    if (e.prev_hash != previous_hash)
      found.error(here, fmt::format("entry {}: breaks the hash chain (it does not follow entry {}: "
                                    "an entry was removed, changed or reordered)",
                                    e.version, e.version - 1));
    if (compute_entry_hash(e) != e.entry_hash)
      found.error(here, fmt::format("entry {}: entry hash mismatch (its index row was changed)",
                                    e.version));
    std::string expected_prefix = fmt::format("files/{}-", e.version);
    if (!e.file.starts_with(expected_prefix))
      found.error(here, fmt::format("entry {}: names {}, which belongs to another version "
                                    "(entries were reordered)",
                                    e.version, e.file));
    known_files.insert(fs::path(e.file).filename().string());
    fs::path stored = folder_ / e.file;
    std::error_code ec;
    if (!fs::is_regular_file(stored, ec)) {
      found.error(here, fmt::format("entry {}: file {} is missing", e.version, e.file));
    } else if (detail::sha256_file_hex(stored) != e.sha256) {
      found.error(here,
                  fmt::format("entry {}: file hash mismatch ({} was changed)", e.version, e.file));
    }
    if (e.entry_hash == expected_head) head_seen = true;
    previous_hash = e.entry_hash;
    expected_version = std::max(expected_version, e.version + 1);
  }

  // A file with no row is what removing the newest entry leaves behind.
  std::error_code ec;
  std::vector<std::string> strays;
  for (const auto& item : fs::directory_iterator(folder_ / "files", ec)) {
    std::string name = item.path().filename().string();
    if (!known_files.contains(name)) strays.push_back(name);
  }
  std::sort(strays.begin(), strays.end());
  for (const std::string& name : strays) {
    if (name.starts_with(".incoming-")) {
      found.warning(here, fmt::format("files/{} is left over from an interrupted add", name));
      continue;
    }
    std::size_t dash = name.find('-');
    std::string version = dash == std::string::npos ? "?" : name.substr(0, dash);
    found.error(here, fmt::format("entry {}: files/{} has no index entry (the entry was removed)",
                                  version, name));
  }
  if (!head_seen)
    found.error(here, fmt::format("the chain does not contain the expected head {} (entries were "
                                  "removed or changed)",
                                  expected_head));
  return found;
}

}  // namespace rapport

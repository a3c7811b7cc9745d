// The one door to the file system and the clock: reading files, atomic writes, the build date.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "base/diagnostics.hpp"

namespace rapport {

/// Reads a whole file; throws fatal_error located at `referenced_from` if it cannot.
std::string read_file(const std::filesystem::path& path, const source_loc& referenced_from = {});

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// failed run never leaves a half-written output behind.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

/// A temporary file beside `target` that is removed unless commit() renames it into place.
class atomic_output {
public:
  explicit atomic_output(std::filesystem::path target);
  ~atomic_output();
  atomic_output(const atomic_output&) = delete;
  atomic_output& operator=(const atomic_output&) = delete;

  const std::filesystem::path& temp_path() const { return temp_; }
  void commit();

private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

/// The document date in seconds since the epoch: SOURCE_DATE_EPOCH when set, else now.
std::int64_t document_epoch();

/// The folder holding the bundled `fonts/` and `layouts/` (RAPPORT_DATA_DIR, overridable by
/// the RAPPORT_DATA_DIR environment variable).
std::filesystem::path data_dir();

}  // namespace rapport

// data/ private: a read-only zip container (libzip) for .xlsx and .ods, with zip-bomb limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"

struct zip;
struct zip_file;

namespace rapport::detail {

/// How much a workbook may unpack to. Real workbooks stay far below these; a zip bomb does not.
struct zip_limits {
  std::uint64_t max_unpacked = 200ull << 20;  ///< bytes unpacked from all parts of one workbook
  std::uint64_t max_ratio = 200;              ///< unpacked/packed size of one part ...
  std::uint64_t ratio_grace = 10ull << 20;    ///< ... once the part is larger than this
};

struct zip_deleter {
  void operator()(zip* archive) const;
};
struct zip_file_deleter {
  void operator()(zip_file* file) const;
};

class zip_archive;

/// One part of the archive being unpacked; read() refuses to go past the limits.
class zip_entry_reader {
public:
  /// Reads up to `size` bytes into `out`; returns 0 at the end of the part.
  std::size_t read(char* out, std::size_t size);
  const std::string& name() const { return name_; }

private:
  friend class zip_archive;
  zip_entry_reader(zip_archive& owner, std::unique_ptr<zip_file, zip_file_deleter> file,
                   std::string name, std::uint64_t packed);
  zip_archive* owner_;
  std::unique_ptr<zip_file, zip_file_deleter> file_;
  std::string name_;
  std::uint64_t packed_;
  std::uint64_t unpacked_ = 0;
};

/// A workbook's zip container. `kind` (".xlsx", ".ods") words the errors; `display` is the
/// file name the errors print.
class zip_archive {
public:
  zip_archive(const std::filesystem::path& path, std::string display, std::string kind,
              zip_limits limits, const source_loc& referenced_from);

  /// True if the archive holds a part with exactly this name.
  bool has(const std::string& name) const;
  /// Opens a part for streaming; throws fatal_error if it is missing, damaged or a bomb.
  zip_entry_reader open(const std::string& name);
  /// Reads a whole (small) part into memory, with the same limits as open().
  std::string read_all(const std::string& name);
  /// Throws the standard error for a part the workbook cannot do without.
  [[noreturn]] void missing(const std::string& name) const;

  const std::string& display() const { return display_; }
  const std::string& kind() const { return kind_; }

private:
  friend class zip_entry_reader;
  [[noreturn]] void fail(std::string message, std::string hint = {}) const;
  void count(const std::string& part, std::uint64_t packed, std::uint64_t unpacked_part,
             std::size_t more);

  std::unique_ptr<zip, zip_deleter> archive_;
  std::string display_;
  std::string kind_;
  zip_limits limits_;
  std::uint64_t unpacked_total_ = 0;
};

/// Looks at the first bytes of a file that is not a zip archive and says what it is instead.
/// Returns {message, hint}; `kind` is ".xlsx" or ".ods".
std::pair<std::string, std::string> describe_non_zip(const std::string& head,
                                                     const std::string& kind);

}  // namespace rapport::detail

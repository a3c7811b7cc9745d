// File access, atomic writes and the deterministic clock.
#include "base/files.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace rapport {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path, const source_loc& referenced_from) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  std::error_code ec;
  bool folder = std::filesystem::is_directory(path, ec);
  if (!in || folder) {
    source_loc loc = referenced_from.file.empty() ? source_loc{path.string(), 0, 0} : referenced_from;
    throw fatal_error(loc, fmt::format("cannot read '{}': {}", path.string(),
                                       folder ? "it is a folder" : std::strerror(errno)));
  }
  // One read of the known size: fonts are large and this is on the start-up path.
  std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

atomic_output::atomic_output(fs::path target) : target_(std::move(target)) {
  fs::path folder = target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
  temp_ = folder / fmt::format(".{}.{}.tmp", target_.filename().string(), ::getpid());
}

atomic_output::~atomic_output() {
  if (!committed_) {
    std::error_code ignored;
    fs::remove(temp_, ignored);
  }
}

void atomic_output::commit() {
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec)
    throw fatal_error(source_loc{target_.string(), 0, 0},
                      fmt::format("cannot write output: {}", ec.message()));
  committed_ = true;
}

void write_file_atomically(const fs::path& path, std::string_view bytes) {
  atomic_output out(path);
  {
    std::ofstream file(out.temp_path(), std::ios::binary | std::ios::trunc);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file)
      throw fatal_error(source_loc{path.string(), 0, 0},
                        fmt::format("cannot write output: {}", std::strerror(errno)));
  }
  out.commit();
}

std::int64_t document_epoch() {
  if (const char* fixed = std::getenv("SOURCE_DATE_EPOCH"); fixed && *fixed) {
    char* end = nullptr;
    long long value = std::strtoll(fixed, &end, 10);
    if (end && *end == '\0' && value >= 0) return value;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

fs::path data_dir() {
  if (const char* dir = std::getenv("RAPPORT_DATA_DIR"); dir && *dir) return dir;
  return RAPPORT_DATA_DIR;
}

}  // namespace rapport

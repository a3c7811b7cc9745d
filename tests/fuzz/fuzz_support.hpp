// Fuzzing support: a per-process scratch file for the readers that take a path, and a trap for
// broken invariants (a finding is a crash, so libFuzzer keeps the input).
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace rapport::fuzzing {

/// Stops the run with a message: libFuzzer saves the input that got here as a crash.
[[noreturn]] inline void broken(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

/// A folder of its own for this process (in /dev/shm when it exists: the definition and
/// layout readers take a path, and a RAM disk keeps a write per input cheap).
inline const std::filesystem::path& scratch_dir() {
  // Removed again when the process exits normally (a crash leaves it for the post-mortem).
  struct scratch {
    std::filesystem::path dir;
    scratch() {
      std::filesystem::path base = std::filesystem::exists("/dev/shm")
                                       ? std::filesystem::path("/dev/shm")
                                       : std::filesystem::temp_directory_path();
      dir = base / ("rapport-fuzz-" + std::to_string(::getpid()));
      std::filesystem::create_directories(dir);
    }
    ~scratch() {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  };
  static const scratch s;
  return s.dir;
}

/// Writes the fuzz input to `name` in the scratch folder and returns its path.
inline std::filesystem::path write_scratch(const std::string& name, const std::uint8_t* data,
                                           std::size_t size) {
  std::filesystem::path p = scratch_dir() / name;
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return p;
}

/// Splits "first line\nrest" into the control line and the payload (no newline: all payload).
inline std::pair<std::string_view, std::string_view> split_control(const std::uint8_t* data,
                                                                   std::size_t size) {
  std::string_view all(reinterpret_cast<const char*>(data), size);
  std::size_t nl = all.find('\n');
  if (nl == std::string_view::npos) return {{}, all};
  return {all.substr(0, nl), all.substr(nl + 1)};
}

}  // namespace rapport::fuzzing

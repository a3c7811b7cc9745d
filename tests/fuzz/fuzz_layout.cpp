// libFuzzer target: the layout reader (definition/ read_layout), through a scratch file.
#include <cstdint>

#include "definition/definition.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;
  std::filesystem::path file = rapport::fuzzing::write_scratch("layout.xml", data, size);
  rapport::diagnostics diag;
  try {
    (void)rapport::def::read_layout(file, diag);
  } catch (const rapport::fatal_error& e) {
    if (e.what_diagnostic().loc.file.empty())
      rapport::fuzzing::broken("a fatal error names a file");
  }
  for (const rapport::diagnostic& d : diag.all())
    if (d.level == rapport::severity::error && d.loc.file.empty())
      rapport::fuzzing::broken("every error names a file");
  return 0;
}

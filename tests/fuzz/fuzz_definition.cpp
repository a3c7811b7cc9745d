// libFuzzer target: the report definition reader (definition/). The reader takes a path, so
// each input is written to a scratch file first; includes resolve beside it.
#include <cstdint>

#include "definition/definition.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;
  std::filesystem::path file = rapport::fuzzing::write_scratch("report.xml", data, size);
  rapport::diagnostics diag;
  try {
    rapport::def::report_definition d = rapport::def::read_definition(file, diag);
    (void)d;
  } catch (const rapport::fatal_error& e) {
    if (e.what_diagnostic().loc.file.empty())
      rapport::fuzzing::broken("a fatal error names a file");
  }
  for (const rapport::diagnostic& d : diag.all())
    if (d.level == rapport::severity::error && d.loc.file.empty())
      rapport::fuzzing::broken("every error names a file");
  return 0;
}

// bench/ private: the inputs the stage benchmarks share (one report read and run up to each
// stage once, so a case times only its own stage) and the registration functions.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "compute/compute.hpp"
#include "page/page.hpp"

namespace rapport::bench {

/// One report prepared up to every stage: each case starts from the previous stage's output.
struct report_fixture {
  std::string name;  ///< "1x", "hello", "orebro-delarsrapport-2021", ...
  std::filesystem::path definition_file;
  def::report_definition definition;
  model::house_style style;
  dataset data;
  model::document doc;
  page::paged_document pages;
};

/// Runs the pipeline once for `definition_file`; throws std::runtime_error with the printed
/// diagnostics if any stage fails.
std::unique_ptr<report_fixture> prepare_report(const std::string& name,
                                               const std::filesystem::path& definition_file);

/// Registers parse, data, compute, shape, fonts, layout (cold and warm) and render (cairo,
/// haru) cases for a report; the fixture is prepared on first use, so filtered-out reports cost
/// nothing.
void register_report_cases(const std::string& name, const std::filesystem::path& definition_file);

/// Registers the 100 000-row workbook cases (issue #14): load time and the peak RSS the load
/// adds, for .xlsx and .ods, when the generated files exist.
void register_sheet_cases(const std::filesystem::path& work_dir);

/// The process's peak resident set size in KiB since the last reset_peak_rss() (VmHWM).
long peak_rss_kib();

/// Resets the kernel's peak-RSS mark for this process (writes 5 to /proc/self/clear_refs), so
/// peak_rss_kib() measures one case. Returns false where the kernel does not allow it.
bool reset_peak_rss();

}  // namespace rapport::bench

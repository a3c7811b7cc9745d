// bench/ stage benchmarks: registers the cases for the shared workload at 1x, every sample and
// any definition given on the command line, then runs Google Benchmark.
//
//   build-bench/bench/bench_stages                          # 1x workload + samples + sheets
//   build-bench/bench/bench_stages --benchmark_filter=layout  # one stage
//   build-bench/bench/bench_stages path/to/report.xml       # another report
#include "stages.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  namespace fs = std::filesystem;
  // Whatever Google Benchmark did not recognise is a report definition to time.
  std::vector<fs::path> reports;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) == 0) {
      std::cerr << "bench_stages: error: unknown option '" << arg << "'\n";
      return 2;
    }
    reports.emplace_back(arg);
  }
  const fs::path work(RAPPORT_BENCH_WORK);
  if (reports.empty()) {
    if (fs::exists(work / "1x" / "report.xml"))
      rapport::bench::register_report_cases("1x", work / "1x" / "report.xml");
    std::vector<fs::path> samples;
    for (const auto& entry : fs::directory_iterator(fs::path(RAPPORT_SOURCE_DIR) / "samples"))
      if (fs::exists(entry.path() / "report.xml")) samples.push_back(entry.path());
    std::sort(samples.begin(), samples.end());  // directory order differs between machines
    for (const auto& s : samples)
      rapport::bench::register_report_cases(s.filename().string(), s / "report.xml");
    rapport::bench::register_sheet_cases(work);
  } else {
    for (const auto& r : reports)
      rapport::bench::register_report_cases(r.parent_path().filename().string(), r);
  }
  try {
    benchmark::RunSpecifiedBenchmarks();
  } catch (const std::exception& error) {
    std::cerr << "bench_stages: error: " << error.what() << '\n';
    return 1;
  }
  benchmark::Shutdown();
  return 0;
}

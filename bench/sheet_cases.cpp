// bench/ workbook cases (issue #14): load time and added peak memory of a 100 000-row sheet in
// .xlsx and .ods, with the workbooks written by tests/data/spreadsheets/make.py at build time.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "data/data.hpp"
#include "stages.hpp"

namespace rapport::bench {

long peak_rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

bool reset_peak_rss() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return static_cast<bool>(clear);
}

namespace {

long current_rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

template <class reader>
void sheet_case(benchmark::State& state, const std::filesystem::path& file, reader read) {
  std::size_t rows = 0;
  long added_peak = 0;
  const bool can_reset = reset_peak_rss();
  for (auto _ : state) {
    state.PauseTiming();
    const long before = current_rss_kib();
    if (can_reset) reset_peak_rss();
    state.ResumeTiming();
    data_table t = read(file);
    rows = t.rows.size();
    benchmark::DoNotOptimize(t);
    state.PauseTiming();
    // The table is still alive here, so the peak includes the result as well as the reader's
    // working memory (the unpacked XML, the shared strings).
    if (can_reset) added_peak = std::max(added_peak, peak_rss_kib() - before);
    state.ResumeTiming();
  }
  state.counters["rows"] = static_cast<double>(rows);
  if (can_reset) state.counters["peak_MiB"] = static_cast<double>(added_peak) / 1024.0;
}

}  // namespace

void register_sheet_cases(const std::filesystem::path& work_dir) {
  const std::filesystem::path xlsx = work_dir / "rows-100k.xlsx";
  const std::filesystem::path ods = work_dir / "rows-100k.ods";
  if (std::filesystem::exists(xlsx))
    benchmark::RegisterBenchmark("sheet/xlsx_100k_rows", [xlsx](benchmark::State& state) {
      sheet_case(state, xlsx, [](const std::filesystem::path& f) { return read_xlsx(f, {}); });
    })->Unit(benchmark::kMillisecond);
  if (std::filesystem::exists(ods))
    benchmark::RegisterBenchmark("sheet/ods_100k_rows", [ods](benchmark::State& state) {
      sheet_case(state, ods, [](const std::filesystem::path& f) { return read_ods(f, {}); });
    })->Unit(benchmark::kMillisecond);
}

}  // namespace rapport::bench

// cli/ private: the live preview's state: one layout engine kept across runs, the latest
// render, a watcher that re-renders when an input changes, and rasterized pages by fingerprint.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/pipeline.hpp"
#include "layout/layout.hpp"
#include "page/page.hpp"

namespace rapport::cli {

/// One page as the preview page lists it.
struct page_entry {
  std::string label;
  std::uint64_t fingerprint = 0;  ///< see page_fingerprint(); names the page's picture
  std::string text;               ///< see page_text()
  double width_pt = 0;
  double height_pt = 0;
};

/// What the preview shows: the latest run's messages and the pages of the last good run.
struct snapshot {
  long version = 0;       ///< 0 until the first run ends; +1 after every run
  long good_version = 0;  ///< the run the pages come from (0: none succeeded yet)
  bool failed = false;    ///< the latest run had errors, so the pages are older than it
  int errors = 0;
  int warnings = 0;
  std::string diagnostics;  ///< the latest run's messages, GCC style, one per line
  double run_ms = 0;        ///< how long the latest run took (definition to pages)
  double cpu_ms = 0;        ///< the CPU time the latest run used (its thread's)
  std::shared_ptr<const page::paged_document> doc;  ///< the last good pages, or null
  std::vector<page_entry> pages;
};

/// The state behind `rapport serve`. render() and watch() belong to one thread (the watcher);
/// the other members are safe to call from any thread.
class preview_session {
public:
  preview_session(std::filesystem::path definition, pipeline_options options, double dpi,
                  std::ostream& log);

  /// Runs the pipeline once and publishes the result; reports every failure into the
  /// snapshot (never throws).
  void render();

  /// Renders once, then polls the inputs' times and sizes every `interval` and renders again
  /// when one changed; returns after stop().
  void watch(std::chrono::milliseconds interval);

  /// The latest snapshot (never null).
  std::shared_ptr<const snapshot> latest() const;

  /// Waits until the latest snapshot is not version `seen` (a page that knows an older run,
  /// or one from before a restart), `timeout` passes or stop() is called; returns the latest.
  std::shared_ptr<const snapshot> wait_for_newer(long seen, std::chrono::milliseconds timeout);

  /// The PNG of page `index` of `snap` (which must hold that page), with or without the
  /// layout's boxes; drawn once per fingerprint and kept while a published page has it.
  std::shared_ptr<const std::string> png(const snapshot& snap, std::size_t index, bool boxes);

  /// Wakes every waiter and ends watch(); idempotent.
  void stop();
  bool stopping() const;

  double dpi() const { return dpi_; }
  const std::filesystem::path& definition() const { return definition_; }

private:
  struct stamp {
    bool exists = false;
    std::filesystem::file_time_type time;
    std::uintmax_t size = 0;
    friend bool operator==(const stamp&, const stamp&) = default;
  };
  using stamps = std::map<std::filesystem::path, stamp>;
  static stamps take_stamps(const std::vector<std::filesystem::path>& files);
  std::vector<std::filesystem::path> watched_files() const;
  bool sleep_unless_stopped(std::chrono::milliseconds duration);
  void forget_unused_pictures(const snapshot& snap);

  const std::filesystem::path definition_;
  const pipeline_options options_;
  const double dpi_;
  std::ostream& log_;

  // Touched by the watcher thread only.
  diagnostics run_diagnostics_;  ///< every run's messages; outlives engine_ (see render())
  std::unique_ptr<layout_engine> engine_;
  std::vector<std::filesystem::path> inputs_;       ///< files the latest run read
  std::vector<std::filesystem::path> good_inputs_;  ///< files the last good run read
  stamps seen_;

  mutable std::mutex mutex_;  ///< guards latest_ and stop_
  std::condition_variable changed_;
  std::shared_ptr<const snapshot> latest_;
  bool stop_ = false;

  std::mutex pictures_mutex_;  ///< guards pictures_ and serializes rasterizing
  std::map<std::pair<std::uint64_t, bool>, std::shared_ptr<const std::string>> pictures_;
};

}  // namespace rapport::cli

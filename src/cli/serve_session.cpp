// cli/ private: the live preview's render loop: run the pipeline with a long-lived layout
// engine, publish snapshots, watch the inputs, rasterize pages on demand.
#include "cli/serve_session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <set>
#include <sstream>

#include "cli/serve_pages.hpp"
#include "render/cairo/cairo_canvas.hpp"

namespace rapport::cli {

namespace {

using clock_type = std::chrono::steady_clock;

// How long to wait for a file being saved to stop changing before reading it: editors write in
// steps (truncate, write, rename), and a half-written file would flash an error.
constexpr auto settle_step = std::chrono::milliseconds(40);
constexpr int max_settle_steps = 5;

// CPU time of the calling thread: on a shared machine the wall time of a run says more about
// the neighbours than about the run.
double thread_cpu_ms() {
  timespec now{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) != 0) return 0;
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

std::vector<page_entry> list_pages(const page::paged_document& doc) {
  std::vector<page_entry> pages;
  pages.reserve(doc.pages.size());
  for (std::size_t i = 0; i < doc.pages.size(); ++i) {
    const page::page& p = doc.pages[i];
    pages.push_back(
        {p.label, page_fingerprint(doc, i), page_text(p), to_pt(p.width), to_pt(p.height)});
  }
  return pages;
}

}  // namespace

preview_session::preview_session(std::filesystem::path definition, pipeline_options options,
                                 double dpi, std::ostream& log)
    : definition_(std::move(definition)),
      options_(std::move(options)),
      dpi_(dpi),
      log_(log),
      engine_(std::make_unique<layout_engine>()),
      latest_(std::make_shared<snapshot>()) {}

void preview_session::render() {
  // Stamped before reading, so a save that lands during the run triggers another one.
  stamps before = take_stamps(watched_files());
  const auto start = clock_type::now();
  const double cpu_start = thread_cpu_ms();
  // The engine's shaper keeps a pointer to the diagnostics of the run that made it and reports
  // missing glyphs there in later runs too: one object for every run keeps that pointer valid.
  diagnostics& diag = run_diagnostics_;
  diag.clear();
  pipeline_result result;
  try {
    result = run_pipeline(definition_, options_, diag, *engine_);
  } catch (const std::exception& error) {
    // run_pipeline turns located errors into diagnostics; anything else is a bug, and the
    // engine's caches may be half-updated: start a fresh one rather than trust them.
    diag.error(source_loc{definition_.string(), 0, 0},
               fmt::format("internal error while rendering: {}", error.what()));
    engine_ = std::make_unique<layout_engine>();
  } catch (...) {
    diag.error(source_loc{definition_.string(), 0, 0}, "internal error while rendering");
    engine_ = std::make_unique<layout_engine>();
  }
  const double run_ms =
      std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
  const double cpu_ms = thread_cpu_ms() - cpu_start;
  if (!result.pages && !diag.has_errors())
    diag.error(source_loc{definition_.string(), 0, 0}, "the report produced no pages");

  auto next = std::make_shared<snapshot>();
  std::ostringstream messages;
  diag.print(messages);
  next->diagnostics = messages.str();
  for (const auto& d : diag.all()) {
    next->errors += d.level == severity::error;
    next->warnings += d.level == severity::warning;
  }
  next->run_ms = run_ms;
  next->cpu_ms = cpu_ms;
  std::shared_ptr<const snapshot> previous = latest();
  next->version = previous->version + 1;
  if (result.pages) {
    next->pages = list_pages(*result.pages);
    next->doc = std::make_shared<const page::paged_document>(std::move(*result.pages));
    next->good_version = next->version;
    good_inputs_ = result.inputs;
  } else {
    next->failed = true;
    next->doc = previous->doc;
    next->pages = previous->pages;
    next->good_version = previous->good_version;
  }
  inputs_ = std::move(result.inputs);

  // Files first read by this run were not stamped before it; stamp them now.
  seen_ = std::move(before);
  for (auto& [file, s] : take_stamps(watched_files())) seen_.try_emplace(file, s);

  if (next->failed)
    log_ << fmt::format("rapport serve: {} error{} in {:.0f} ms; {}\n", next->errors,
                        next->errors == 1 ? "" : "s", run_ms,
                        next->doc ? "showing the last good pages" : "no pages to show yet");
  else
    log_ << fmt::format("rapport serve: {} pages in {:.0f} ms\n", next->pages.size(), run_ms);
  log_ << next->diagnostics << std::flush;

  forget_unused_pictures(*next);
  {
    std::lock_guard lock(mutex_);
    latest_ = std::move(next);
  }
  changed_.notify_all();
}

void preview_session::watch(std::chrono::milliseconds interval) {
  render();
  while (sleep_unless_stopped(interval)) {
    stamps now = take_stamps(watched_files());
    if (now == seen_) continue;
    for (int step = 0; step < max_settle_steps; ++step) {
      if (!sleep_unless_stopped(settle_step)) return;
      stamps later = take_stamps(watched_files());
      if (later == now) break;
      now = std::move(later);
    }
    render();
  }
}

std::shared_ptr<const snapshot> preview_session::latest() const {
  std::lock_guard lock(mutex_);
  return latest_;
}

std::shared_ptr<const snapshot> preview_session::wait_for_newer(long seen,
                                                                std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return stop_ || latest_->version != seen; });
  return latest_;
}

std::shared_ptr<const std::string> preview_session::png(const snapshot& snap, std::size_t index,
                                                        bool boxes) {
  const auto key = std::make_pair(snap.pages.at(index).fingerprint, boxes);
  // One page at a time: two cores are better spent finishing one picture than sharing.
  std::lock_guard lock(pictures_mutex_);
  if (auto it = pictures_.find(key); it != pictures_.end()) return it->second;
  render::render_options options;
  options.boxes = boxes;
  options.dpi = dpi_;
  std::vector<std::string> pngs;
  if (boxes) {
    // The overlay's baselines are drawn on a copy of the one page, so the published pages
    // stay as the layout made them.
    page::paged_document one{snap.doc->info, snap.doc->fonts, {snap.doc->pages.at(index)}, {}};
    add_baseline_boxes(one.pages.front());
    options.pages = {0};
    pngs = render::render_png_cairo(one, options);
  } else {
    options.pages = {static_cast<int>(index)};
    pngs = render::render_png_cairo(*snap.doc, options);
  }
  auto picture = std::make_shared<const std::string>(std::move(pngs.at(0)));
  pictures_[key] = picture;
  return picture;
}

void preview_session::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
}

bool preview_session::stopping() const {
  std::lock_guard lock(mutex_);
  return stop_;
}

preview_session::stamps preview_session::take_stamps(
    const std::vector<std::filesystem::path>& files) {
  stamps out;
  for (const auto& file : files) {
    stamp s;
    std::error_code ec;
    auto time = std::filesystem::last_write_time(file, ec);
    if (!ec) {
      auto size = std::filesystem::file_size(file, ec);
      s = stamp{!ec, time, ec ? 0 : size};
    }
    out[file] = s;
  }
  return out;
}

std::vector<std::filesystem::path> preview_session::watched_files() const {
  // The last good run's files too: a broken definition stops reading before its includes,
  // layout and data, and fixing any of them must still wake the preview.
  std::set<std::filesystem::path> files{definition_};
  files.insert(inputs_.begin(), inputs_.end());
  files.insert(good_inputs_.begin(), good_inputs_.end());
  return {files.begin(), files.end()};
}

bool preview_session::sleep_unless_stopped(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  return !changed_.wait_for(lock, duration, [&] { return stop_; });
}

void preview_session::forget_unused_pictures(const snapshot& snap) {
  std::set<std::uint64_t> used;
  for (const auto& p : snap.pages) used.insert(p.fingerprint);
  std::lock_guard lock(pictures_mutex_);
  std::erase_if(pictures_, [&](const auto& entry) { return !used.contains(entry.first.first); });
}

}  // namespace rapport::cli

// `rapport batch`: renders the reports of a JSON manifest on a pool of worker threads. A report
// that fails is reported with its diagnostics and leaves no output; the others go on.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "base/files.hpp"
#include "cli/args.hpp"
#include "cli/cli.hpp"
#include "cli/pipeline.hpp"
#include "render/cairo/cairo_canvas.hpp"
#include "render/haru/haru_canvas.hpp"
#include "render/trace/trace_canvas.hpp"

namespace rapport::cli {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

/// One report to render, as its manifest entry asks for it.
struct batch_job {
  fs::path definition;
  fs::path output;
  std::string backend = "cairo";
  std::string format = "pdf";
  bool pdfa = false;
  pipeline_options options;
  std::string label;            ///< how messages name it: "DEF -> OUT"
  std::vector<diagnostic> bad;  ///< problems of the entry itself: the job fails without running
};

struct job_result {
  bool ok = false;
  int pages = 0;
  int warnings = 0;
  std::string messages;  ///< its diagnostics, printed GCC-style
};

/// Where things start in the manifest's text, since nlohmann::json keeps no positions: each
/// report entry, and each key of an entry and of "defaults".
struct manifest_places {
  std::vector<source_loc> entries;
  std::vector<std::map<std::string, source_loc>> entry_keys;
  std::map<std::string, source_loc> default_keys;
  std::map<std::string, source_loc> top_keys;
};

// Scans an already-parsed JSON text once, tracking nesting, to find the places above.
manifest_places locate(std::string_view text, const std::string& file) {
  enum class role { other, root, reports, entry, defaults };
  struct frame {
    bool object;
    role what;
    std::string key;  // the current key of an object
    bool want_key;
  };
  manifest_places out;
  std::vector<frame> stack;
  int line = 1, column = 1;
  auto here = [&] { return source_loc{file, line, column}; };
  auto advance = [&](std::size_t& i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;  // columns count characters, not UTF-8 continuation bytes
    }
    ++i;
  };
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    frame* top = stack.empty() ? nullptr : &stack.back();
    if (c == '"' && top && top->object && top->want_key) {
      source_loc at = here();
      std::string key;
      for (advance(i); i < text.size() && text[i] != '"'; advance(i)) {
        if (text[i] == '\\') advance(i);
        if (i < text.size()) key += text[i];  // escapes are kept as written; keys are plain
      }
      if (i < text.size()) advance(i);
      top->key = key;
      top->want_key = false;
      if (top->what == role::entry) out.entry_keys.back()[key] = at;
      if (top->what == role::defaults) out.default_keys[key] = at;
      if (top->what == role::root) out.top_keys[key] = at;
      continue;
    }
    const bool blank = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (top && top->what == role::reports && !blank && c != ',' && c != ']') {
      // Every element of the list is a report, objects or not, so indexes stay aligned.
      out.entries.push_back(here());
      out.entry_keys.emplace_back();
      if (c != '{' && c != '[' && c != '"') {  // a number or literal: skip it whole
        while (i < text.size() && text[i] != ',' && text[i] != ']' && text[i] != ' ' &&
               text[i] != '\n' && text[i] != '\r' && text[i] != '\t')
          advance(i);
        continue;
      }
    }
    if (c == '{' || c == '[') {
      role what = role::other;
      if (!top)
        what = c == '{' ? role::root : role::reports;
      else if (top->what == role::root && top->key == "reports" && c == '[')
        what = role::reports;
      else if (top->what == role::root && top->key == "defaults" && c == '{')
        what = role::defaults;
      else if (top->what == role::reports && c == '{')
        what = role::entry;
      stack.push_back({c == '{', what, {}, c == '{'});
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
    } else if (c == ',' && top && top->object) {
      top->want_key = true;
    } else if (c == '"') {  // a string value: skip it whole, braces inside are text
      for (advance(i); i < text.size() && text[i] != '"'; advance(i))
        if (text[i] == '\\') advance(i);
    }
    if (i < text.size()) advance(i);
  }
  return out;
}

const std::vector<std::string> entry_keys{"definition", "output", "params", "backend",
                                          "format",     "pdfa",   "layout"};

// Applies one manifest object (an entry or "defaults") to a job; problems go to `bad`.
void apply(const json& object, const std::map<std::string, source_loc>& keys,
           const source_loc& fallback, const fs::path& base, const char* where, batch_job& job) {
  auto at = [&](const std::string& key) {
    auto it = keys.find(key);
    return it != keys.end() ? it->second : fallback;
  };
  auto problem = [&](const std::string& key, std::string message, std::string hint = {}) {
    job.bad.push_back({severity::error, at(key), std::move(message), std::move(hint)});
  };
  auto text = [&](const std::string& key, std::string& into) {
    if (!object.contains(key)) return false;
    if (!object[key].is_string() || object[key].get<std::string>().empty()) {
      problem(key,
              fmt::format("'{}' must be a non-empty string, found {}", key, object[key].dump()));
      return false;
    }
    into = object[key].get<std::string>();
    return true;
  };
  for (const auto& [key, value] : object.items()) {
    if (std::find(entry_keys.begin(), entry_keys.end(), key) != entry_keys.end()) continue;
    std::string near = closest_match(key, entry_keys);
    problem(key, fmt::format("unknown key '{}' in {}", key, where),
            near.empty() ? std::string() : fmt::format("did you mean '{}'?", near));
  }
  std::string path;
  if (text("definition", path)) job.definition = (base / path).lexically_normal();
  if (text("output", path)) job.output = (base / path).lexically_normal();
  if (text("backend", job.backend) && job.backend != "cairo" && job.backend != "haru")
    problem("backend", fmt::format("unknown backend '{}' (cairo or haru)", job.backend));
  if (text("format", job.format) && job.format != "pdf" && job.format != "png" &&
      job.format != "svg" && job.format != "trace")
    problem("format", fmt::format("unknown format '{}' (pdf, png, svg or trace)", job.format));
  text("layout", job.options.layout);
  if (object.contains("pdfa")) {
    if (object["pdfa"].is_boolean())
      job.pdfa = object["pdfa"].get<bool>();
    else
      problem("pdfa", fmt::format("'pdfa' must be true or false, found {}", object["pdfa"].dump()));
  }
  if (object.contains("params")) {
    if (!object["params"].is_object()) {
      problem("params", fmt::format("'params' must be an object of NAME: VALUE, found {}",
                                    object["params"].dump()));
    } else {
      for (const auto& [name, value] : object["params"].items()) {
        if (value.is_string())
          job.options.params[name] = value.get<std::string>();
        else if (value.is_number())
          job.options.params[name] = value.dump();  // 2021 → "2021", as on a command line
        else
          problem("params", fmt::format("parameter '{}' must be a string or a number, found {}",
                                        name, value.dump()));
      }
    }
  }
}

/// Reads the manifest into jobs. A broken manifest (not JSON, no report list, bad defaults)
/// throws fatal_error; a bad entry becomes a job that fails on its own.
std::vector<batch_job> read_manifest(const fs::path& file) {
  const std::string name = file.string();
  const std::string text = read_file(file);
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann counts to the last byte it read, the end of the offending token; point at its
    // start instead, as a compiler would.
    std::size_t start = std::min<std::size_t>(e.byte, text.size());
    start = start > 0 ? start - 1 : 0;
    if (start < text.size() && text[start] == '"') {
      while (start > 0 && !(text[start - 1] == '"' && (start < 2 || text[start - 2] != '\\')))
        --start;
      if (start > 0) --start;
    } else {
      auto word = [&](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+';
      };
      if (start > 0 && start < text.size() && !word(text[start]) && word(text[start - 1]))
        --start;  // "tru}": nlohmann read one byte past the literal
      while (start > 0 && start < text.size() && word(text[start]) && word(text[start - 1]))
        --start;
    }
    int line = 1, column = 1;
    for (std::size_t i = 0; i < start; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    std::string what = e.what();
    // nlohmann's text reads "[json.exception.parse_error.101] parse error at line L, column C:
    // WHY".
    if (auto colon = what.find(": ", what.find("column ")); colon != std::string::npos)
      what = what.substr(colon + 2);
    throw fatal_error(source_loc{name, line, column},
                      fmt::format("the manifest is not valid JSON: {}", what));
  }
  manifest_places places = locate(text, name);
  const source_loc top{name, 1, 1};
  auto top_key = [&](const std::string& key) {
    auto it = places.top_keys.find(key);
    return it != places.top_keys.end() ? it->second : top;
  };
  const json* reports = &doc;
  json defaults = json::object();
  if (doc.is_object()) {
    for (const auto& [key, value] : doc.items())
      if (key != "reports" && key != "defaults")
        throw fatal_error(
            top_key(key),
            fmt::format("unknown key '{}' in the manifest (reports or defaults)", key));
    if (!doc.contains("reports")) throw fatal_error(top, "the manifest has no \"reports\" list");
    reports = &doc["reports"];
    if (doc.contains("defaults")) defaults = doc["defaults"];
  }
  if (!reports->is_array() || reports->empty())
    throw fatal_error(
        top, "expected a non-empty list of reports, each {\"definition\": ..., \"output\": ...}");
  if (!defaults.is_object()) throw fatal_error(top_key("defaults"), "'defaults' must be an object");
  const fs::path base = file.parent_path();
  batch_job prototype;
  apply(defaults, places.default_keys, top_key("defaults"), base, "defaults", prototype);
  if (!prototype.bad.empty()) throw fatal_error(prototype.bad.front());
  if (!prototype.definition.empty() || !prototype.output.empty())
    throw fatal_error(top_key("defaults"),
                      "'definition' and 'output' belong in each report, not in defaults");

  std::vector<batch_job> jobs;
  std::map<fs::path, std::size_t> writers;  // output → first job writing it
  for (std::size_t i = 0; i < reports->size(); ++i) {
    const json& entry = (*reports)[i];
    const source_loc at = i < places.entries.size() ? places.entries[i] : top;
    batch_job job = prototype;
    if (!entry.is_object()) {
      job.bad.push_back(
          {severity::error, at, fmt::format("report {} is not an object", i + 1), {}});
    } else {
      apply(entry, places.entry_keys[i], at, base, "a report entry", job);
      for (const char* key : {"definition", "output"})
        if (!entry.contains(key))
          job.bad.push_back(
              {severity::error, at, fmt::format("report {} has no '{}'", i + 1, key), {}});
    }
    if (!job.output.empty()) {
      // Two reports writing one file would race; the later one fails instead.
      auto [it, first] = writers.emplace(job.output, i);
      if (!first)
        job.bad.push_back({severity::error,
                           at,
                           fmt::format("'{}' is already the output of report {}",
                                       job.output.string(), it->second + 1),
                           {}});
    }
    job.label = fmt::format("report {} ({} -> {})", i + 1,
                            job.definition.empty() ? "?" : job.definition.string(),
                            job.output.empty() ? "?" : job.output.string());
    jobs.push_back(std::move(job));
  }
  return jobs;
}

// Writes numbered files beside the output, as `rapport render` does: out.png → out-1.png.
fs::path numbered(const fs::path& output, int page, const std::string& extension) {
  return output.parent_path() / fmt::format("{}-{}.{}", output.stem().string(), page, extension);
}

/// Runs one job on this worker's engine. Never throws: every failure ends up in the result.
job_result run_job(const batch_job& job, layout_engine& engine) {
  job_result result;
  diagnostics diag;
  for (const auto& d : job.bad) diag.add(d);
  try {
    if (!diag.has_errors()) {
      pipeline_result run = run_pipeline(job.definition, job.options, diag, engine);
      if (run.pages && !diag.has_errors()) {
        const page::paged_document& doc = *run.pages;
        render::render_options options;
        options.pdfa = job.pdfa;
        // Everything is rendered before anything is written, and each file is written through a
        // temporary and a rename: a failure leaves no output behind.
        std::vector<std::pair<fs::path, std::string>> files;
        if (job.format == "pdf") {
          files.emplace_back(job.output, job.backend == "haru"
                                             ? render::render_pdf_haru(doc, options)
                                             : render::render_pdf_cairo(doc, options));
        } else if (job.format == "trace") {
          files.emplace_back(job.output, render::render_trace(doc, options));
        } else {
          std::vector<std::string> pages = job.format == "png"
                                               ? render::render_png_cairo(doc, options)
                                               : render::render_svg_cairo(doc, options);
          for (std::size_t i = 0; i < pages.size(); ++i)
            files.emplace_back(numbered(job.output, static_cast<int>(i) + 1, job.format),
                               std::move(pages[i]));
        }
        std::error_code ec;
        if (!job.output.parent_path().empty()) fs::create_directories(job.output.parent_path(), ec);
        for (const auto& [path, bytes] : files) write_file_atomically(path, bytes);
        result.pages = static_cast<int>(doc.pages.size());
        result.ok = true;
      }
    }
  } catch (const fatal_error& error) {
    diag.add(error.what_diagnostic());
  } catch (const std::exception& error) {
    // A backend's own failure (cairo, libharu): reported against this report, never fatal to the
    // batch.
    diag.error({job.definition.string(), 0, 0}, error.what());
  }
  if (diag.has_errors()) result.ok = false;
  for (const auto& d : diag.all()) result.warnings += d.level == severity::warning;
  std::ostringstream text;
  print_diagnostics(diag, text);
  result.messages = text.str();
  return result;
}

/// A one-line bar on stderr, redrawn as reports finish (only on a terminal).
class progress_bar {
public:
  progress_bar(std::ostream& err, bool enabled, std::size_t total)
      : err_(err), enabled_(enabled), total_(total) {}

  void finished(const batch_job& job, const job_result& r) {
    std::lock_guard lock(mutex_);
    ++done_;
    failed_ += !r.ok;
    if (!enabled_) return;
    if (!r.ok) err_ << "\r\033[Krapport batch: failed: " << job.label << '\n';
    constexpr std::size_t width = 30;
    const std::size_t filled = done_ * width / total_;
    err_ << "\r\033[K[" << std::string(filled, '#') << std::string(width - filled, '.') << "] "
         << done_ << '/' << total_
         << (failed_ ? fmt::format(", {} failed", failed_) : std::string()) << std::flush;
  }

  void clear() {
    if (enabled_) err_ << "\r\033[K" << std::flush;
  }

private:
  std::ostream& err_;
  bool enabled_;
  std::size_t total_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  std::mutex mutex_;
};

}  // namespace

int cmd_batch(const invocation& call) {
  auto parsed = parse_args(call.args, option_spec{{"-j", "--jobs", "--debug"}, {"--no-progress"}},
                           "batch", call.err);
  if (!parsed) return usage;
  if (parsed->positional.size() != 1) {
    call.err << "rapport batch: error: expected one manifest file\n  hint: rapport batch "
                "MANIFEST.json -j 4\n";
    return usage;
  }
  unsigned workers = std::max(1u, std::thread::hardware_concurrency());
  if (auto j = parsed->value("-j") ? parsed->value("-j") : parsed->value("--jobs")) {
    int n = 0;
    auto [end, ec] = std::from_chars(j->data(), j->data() + j->size(), n);
    if (ec != std::errc() || end != j->data() + j->size() || n < 1 || n > 256) {
      call.err << fmt::format(
          "rapport batch: error: -j must be a number from 1 to 256, found '{}'\n", *j);
      return usage;
    }
    workers = static_cast<unsigned>(n);
  }
  std::vector<batch_job> jobs;
  try {
    jobs = read_manifest(parsed->positional.front());
  } catch (const fatal_error& error) {
    call.err << to_string(error.what_diagnostic()) << '\n';
    return failure;
  }
  const std::string debug = parsed->value("--debug").value_or("");
  for (auto& job : jobs) job.options.debug = debug;
  workers = std::min<unsigned>(workers, static_cast<unsigned>(jobs.size()));

  const bool terminal =
      &call.err == &std::cerr && ::isatty(STDERR_FILENO) && !parsed->flag("--no-progress");
  progress_bar bar(call.err, terminal, jobs.size());
  std::vector<job_result> results(jobs.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    // One layout engine per worker: engines are not shared between threads, and each keeps
    // its fonts and shaped words for the worker's next report.
    layout_engine engine(layout_options{{}, debug, false});
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      results[i] = run_job(jobs[i], engine);
      bar.finished(jobs[i], results[i]);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < workers; ++w) pool.emplace_back(worker);
  worker();  // the calling thread is a worker too
  for (auto& t : pool) t.join();
  bar.clear();

  // Messages in manifest order, whatever order the reports finished in.
  std::size_t failed = 0;
  int pages = 0;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const job_result& r = results[i];
    failed += !r.ok;
    pages += r.pages;
    if (!r.ok)
      call.err << fmt::format("rapport batch: error: {} failed\n", jobs[i].label);
    else if (r.warnings > 0)
      call.err << fmt::format("rapport batch: {}: {} warning{}\n", jobs[i].label, r.warnings,
                              r.warnings == 1 ? "" : "s");
    call.err << r.messages;
  }
  call.out << fmt::format(
      "rapport batch: {} of {} reports rendered ({} pages), {} failed, {} worker{}\n",
      jobs.size() - failed, jobs.size(), pages, failed, workers, workers == 1 ? "" : "s");
  return failed == 0 ? ok : failure;
}

}  // namespace rapport::cli

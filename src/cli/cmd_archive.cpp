// cli/: `rapport archive add|list|show|verify|export`: the versioned, hash-chained store.
#include <fmt/format.h>

#include <charconv>
#include <ostream>

#include "archive/archive.hpp"
#include "base/files.hpp"
#include "cli/args.hpp"
#include "cli/cli.hpp"

namespace rapport::cli {

namespace {

constexpr std::string_view archive_usage =
    "usage: rapport archive add FILE.pdf --archive DIR [--committee C] [--period P]\n"
    "                           [--decision-date YYYY-MM-DD] [--meta KEY=VALUE]...\n"
    "                           [--definition DEF.xml]... [--layout L.xml]... [--data F]...\n"
    "       rapport archive list --archive DIR\n"
    "       rapport archive show VERSION --archive DIR\n"
    "       rapport archive verify --archive DIR [--expect-head HASH]\n"
    "       rapport archive export VERSION -o OUT.pdf --archive DIR\n";

int usage_error(const invocation& call, const std::string& message) {
  call.err << fmt::format("rapport archive: error: {}\n{}", message, archive_usage);
  return usage;
}

std::optional<int> parse_version(const std::string& text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

bool is_iso_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return false;
  int month = std::stoi(text.substr(5, 2));
  int day = std::stoi(text.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Columns line up by characters, not bytes ("Kommunfullmäktige").
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80 ? 1 : 0;
  return width;
}

void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i) widths.push_back(0);
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - display_width(row[i]) + 2, ' ');
    }
    out << line << '\n';
  }
}

void show(std::ostream& out, const archive_entry& e) {
  out << fmt::format("version: {}\nfile: {}\nsha256: {}\nsize: {} bytes\nsigner: {}\nadded: {}\n",
                     e.version, e.file, e.sha256, e.size,
                     e.signer.empty() ? "(unsigned)" : e.signer, e.added);
  out << fmt::format("committee: {}\nperiod: {}\ndecision date: {}\n", e.committee, e.period,
                     e.decision_date);
  for (const auto& [key, value] : e.metadata) out << fmt::format("meta: {}={}\n", key, value);
  for (const auto& item : e.provenance)
    out << fmt::format("{}: {} sha256 {}\n", item.role, item.name, item.sha256);
  out << fmt::format("rapport version: {}\nprevious entry hash: {}\nentry hash: {}\n",
                     e.rapport_version, e.prev_hash, e.entry_hash);
}

}  // namespace

int cmd_archive(const invocation& call) {
  option_spec spec{{"--archive", "--committee", "--period", "--decision-date", "--meta",
                    "--definition", "--layout", "--data", "--expect-head", "-o", "--output"},
                   {"-h", "--help"}};
  auto args = parse_args(call.args, spec, "archive", call.err);
  if (!args) return usage;
  if (args->flag("-h") || args->flag("--help")) {
    call.out << archive_usage;
    return ok;
  }
  if (args->positional.empty()) return usage_error(call, "no action given");
  std::string action = args->positional.front();
  std::vector<std::string> operands(args->positional.begin() + 1, args->positional.end());
  if (action != "add" && action != "list" && action != "show" && action != "verify" &&
      action != "export")
    return usage_error(call, fmt::format("unknown action '{}'", action));
  auto folder = args->value("--archive");
  if (!folder) return usage_error(call, "no archive folder given (--archive DIR)");
  auto expect_operands = [&](std::size_t count, const char* what) -> std::optional<int> {
    if (operands.size() == count) return std::nullopt;
    return usage_error(call, fmt::format("'archive {}' expects {}", action, what));
  };

  try {
    if (action == "add") {
      if (auto bad = expect_operands(1, "one PDF")) return *bad;
      archive_add_request request;
      request.pdf = operands.front();
      request.committee = args->value("--committee").value_or("");
      request.period = args->value("--period").value_or("");
      request.decision_date = args->value("--decision-date").value_or("");
      if (!request.decision_date.empty() && !is_iso_date(request.decision_date))
        return usage_error(call, fmt::format("--decision-date expects YYYY-MM-DD, found '{}'",
                                             request.decision_date));
      if (auto it = args->values.find("--meta"); it != args->values.end()) {
        for (const std::string& item : it->second) {
          std::size_t eq = item.find('=');
          if (eq == std::string::npos || eq == 0)
            return usage_error(call, fmt::format("--meta expects KEY=VALUE, found '{}'", item));
          request.metadata.emplace_back(item.substr(0, eq), item.substr(eq + 1));
        }
      }
      for (const char* role : {"definition", "layout", "data"})
        if (auto it = args->values.find(fmt::format("--{}", role)); it != args->values.end())
          for (const std::string& file : it->second) request.provenance.emplace_back(role, file);
      request.time = document_epoch();
      archive store(*folder, true);
      archive_entry entry = store.add(request);
      call.out << fmt::format("{}: added {} as version {} ({})\n  entry hash: {}\n", *folder,
                              operands.front(), entry.version, entry.file, entry.entry_hash);
      return ok;
    }
    if (action == "list") {
      if (auto bad = expect_operands(0, "no operands")) return *bad;
      archive store(*folder, false);
      std::vector<std::vector<std::string>> rows = {
          {"version", "added", "signer", "committee", "period", "decided", "sha256"}};
      for (const archive_entry& e : store.entries())
        rows.push_back({std::to_string(e.version), e.added, e.signer.empty() ? "-" : e.signer,
                        e.committee, e.period, e.decision_date, e.sha256.substr(0, 12)});
      print_table(call.out, rows);
      return ok;
    }
    if (action == "show" || action == "export") {
      if (auto bad = expect_operands(1, "a version number")) return *bad;
      auto version = parse_version(operands.front());
      if (!version)
        return usage_error(call,
                           fmt::format("expected a version number, found '{}'", operands.front()));
      archive store(*folder, false);
      if (action == "show") {
        show(call.out, store.entry(*version));
        return ok;
      }
      auto out = args->value("-o") ? args->value("-o") : args->value("--output");
      if (!out) return usage_error(call, "no output given (-o OUT.pdf)");
      store.export_version(*version, *out);
      call.out << fmt::format("{}: version {} exported (hash checked)\n", *out, *version);
      return ok;
    }
    if (action == "verify") {
      if (auto bad = expect_operands(0, "no operands")) return *bad;
      archive store(*folder, false);
      diagnostics found = store.verify(args->value("--expect-head").value_or(""));
      found.print(call.err);
      if (found.has_errors()) return failure;
      std::vector<archive_entry> all = store.entries();
      call.out << fmt::format("{}: ok: {} entr{}, files and hash chain intact{}\n", *folder,
                              all.size(), all.size() == 1 ? "y" : "ies",
                              all.empty() ? "" : "; head " + all.back().entry_hash);
      return ok;
    }
  } catch (const fatal_error& error) {
    call.err << to_string(error.what_diagnostic()) << '\n';
    return failure;
  }
  return usage_error(call, fmt::format("unknown action '{}'", action));
}

}  // namespace rapport::cli

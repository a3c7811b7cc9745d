// cli/: `rapport verify`: report every signature in a PDF; non-zero exit unless all are valid.
#include <fmt/format.h>

#include <ostream>

#include "archive/archive.hpp"
#include "base/files.hpp"
#include "cli/args.hpp"
#include "cli/cli.hpp"

namespace rapport::cli {

namespace {

constexpr std::string_view verify_usage =
    "usage: rapport verify FILE.pdf... [--ca TRUSTED.pem]...\n"
    "  without --ca the signatures are checked but the certificates are not trusted or rejected\n";

std::string coverage(const signature_check& check) {
  switch (check.after) {
    case later_changes::none:
      return check.covers_whole_file ? "the whole document"
                                     : "the whole document (only white space follows)";
    case later_changes::signatures_only:
      return "the document as it is; later revisions only add signatures";
    case later_changes::other:
      return "an earlier version: the document was changed after this signature";
  }
  return "";
}

void report(std::ostream& out, const signature_check& check) {
  out << fmt::format("signature {}{}: {}\n", check.number,
                     check.field_name.empty() ? "" : " (" + check.field_name + ")",
                     check.valid() ? "valid" : "NOT VALID");
  if (!check.signer.empty())
    out << fmt::format("  signer: {} ({})\n", check.signer, check.signer_subject);
  if (!check.signing_time.empty())
    out << fmt::format("  signing time: {} (/M)\n", check.signing_time);
  if (!check.timestamp.empty()) out << fmt::format("  timestamp: {}\n", check.timestamp);
  if (!check.sub_filter.empty()) out << fmt::format("  format: {}\n", check.sub_filter);
  switch (check.chain) {
    case chain_status::not_checked:
      out << "  certificate: not checked against a trusted certificate (use --ca)\n";
      break;
    case chain_status::verified:
      out << "  certificate: trusted (chain verified)\n";
      break;
    case chain_status::failed:
      out << "  certificate: NOT trusted\n";
      break;
  }
  if (check.byte_range_ok) out << fmt::format("  covers: {}\n", coverage(check));
  for (const auto& problem : check.problems) out << fmt::format("  problem: {}\n", problem);
}

}  // namespace

int cmd_verify(const invocation& call) {
  option_spec spec{{"--ca"}, {"-h", "--help"}};
  auto args = parse_args(call.args, spec, "verify", call.err);
  if (!args) return usage;
  if (args->flag("-h") || args->flag("--help")) {
    call.out << verify_usage;
    return ok;
  }
  if (args->positional.empty()) {
    call.err << "rapport verify: error: no PDF given\n" << verify_usage;
    return usage;
  }
  verify_options options;
  if (auto it = args->values.find("--ca"); it != args->values.end())
    options.trusted_files.assign(it->second.begin(), it->second.end());

  bool all_valid = true;
  for (const std::string& name : args->positional) {
    try {
      std::string pdf = read_file(name);
      std::vector<signature_check> checks = verify_pdf(pdf, name, options);
      if (checks.empty()) {
        call.err << to_string(diagnostic{severity::error, {name, 0, 0}, "no signatures found", {}})
                 << '\n';
        all_valid = false;
        continue;
      }
      int bad = 0;
      for (const auto& check : checks) bad += check.valid() ? 0 : 1;
      call.out << fmt::format("{}: {} signature{}, {}\n", name, checks.size(),
                              checks.size() == 1 ? "" : "s",
                              bad == 0 ? "all valid" : fmt::format("{} NOT valid", bad));
      for (const auto& check : checks) report(call.out, check);
      for (const auto& check : checks) {
        if (check.valid()) continue;
        call.err << to_string(diagnostic{
                        severity::error,
                        {name, 0, 0},
                        fmt::format("signature {}: {}", check.number, check.problems.front()),
                        {}})
                 << '\n';
      }
      if (bad) all_valid = false;
    } catch (const fatal_error& error) {
      call.err << to_string(error.what_diagnostic()) << '\n';
      all_valid = false;
    }
  }
  return all_valid ? ok : failure;
}

}  // namespace rapport::cli

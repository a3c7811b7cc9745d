// Command-line parsing for the subcommands.
#include "cli/args.hpp"

#include <fmt/format.h>

#include "base/diagnostics.hpp"

namespace rapport::cli {

std::optional<parsed_args> parse_args(const std::vector<std::string>& args, const option_spec& spec,
                                      const std::string& command, std::ostream& err) {
  parsed_args out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg.size() < 2 || arg[0] != '-' || arg == "-") {
      out.positional.push_back(arg);
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (auto eq = arg.find('='); eq != std::string::npos && arg.starts_with("--")) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    if (spec.switches.contains(name) && !inline_value) {
      out.flags.insert(name);
      continue;
    }
    if (!spec.with_value.contains(name)) {
      std::vector<std::string> known(spec.with_value.begin(), spec.with_value.end());
      known.insert(known.end(), spec.switches.begin(), spec.switches.end());
      std::string close = closest_match(name, known);
      err << fmt::format("rapport {}: error: unknown option '{}'\n", command, name);
      if (!close.empty()) err << fmt::format("  hint: did you mean '{}'?\n", close);
      return std::nullopt;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) {
        err << fmt::format("rapport {}: error: option '{}' needs a value\n", command, name);
        return std::nullopt;
      }
      inline_value = args[++i];
    }
    out.values[name].push_back(*inline_value);
  }
  return out;
}

}  // namespace rapport::cli

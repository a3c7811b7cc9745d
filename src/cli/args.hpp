// cli/ private: a small command-line parser shared by the subcommands.
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace rapport::cli {

/// Options of one subcommand: which take a value and which are plain switches.
struct option_spec {
  std::set<std::string> with_value;
  std::set<std::string> switches;
};

struct parsed_args {
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> values;
  std::set<std::string> flags;

  std::optional<std::string> value(const std::string& name) const {
    auto it = values.find(name);
    if (it == values.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
  }
  bool flag(const std::string& name) const { return flags.contains(name); }
};

/// Parses `--name value`, `--name=value` and `-o value`; reports an unknown option or a
/// missing value to `err` and returns nullopt.
std::optional<parsed_args> parse_args(const std::vector<std::string>& args, const option_spec& spec,
                                      const std::string& command, std::ostream& err);

}  // namespace rapport::cli

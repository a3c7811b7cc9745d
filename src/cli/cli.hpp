// cli/: wires the stages into the `rapport` command; subcommands, exit codes, messages.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace rapport::cli {

/// Exit codes shared by every subcommand.
enum exit_code : int {
  ok = 0,
  failure = 1,  ///< the input was wrong (a located error was printed) or a check failed
  usage = 2,    ///< the command line was wrong
};

/// Arguments after the subcommand's name, and where to write.
struct invocation {
  std::vector<std::string> args;
  std::ostream& out;
  std::ostream& err;
};

/// Runs `rapport ARGS...`; returns the process exit code.
int run(int argc, char** argv);

// One function per subcommand (each in its own cmd_*.cpp).
int cmd_render(const invocation& call);
int cmd_check(const invocation& call);
int cmd_preview(const invocation& call);
int cmd_sign(const invocation& call);
int cmd_verify(const invocation& call);
int cmd_archive(const invocation& call);
int cmd_serve(const invocation& call);
int cmd_batch(const invocation& call);

}  // namespace rapport::cli

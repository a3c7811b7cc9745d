// The `rapport` command: global options and dispatch to subcommands.
#include "cli/cli.hpp"

#include <fmt/format.h>

#include <iostream>
#include <string_view>

namespace rapport::cli {

namespace {

constexpr std::string_view usage_text = R"(rapport: XML report definition + data -> official PDF

usage:
  rapport render DEF.xml -o OUT [--format pdf|png|svg|trace] [--backend cairo|haru] [--pdfa]
                 [--pages 3-5] [--dpi 96] [--param NAME=VALUE ...] [--layout NAME] [--debug toc]
  rapport check DEF.xml [--param NAME=VALUE ...]        validate definition, data and layout
  rapport preview DEF.xml -o DIR [--pages 3-5] [--dpi 96] [--boxes]
  rapport serve DEF.xml [--port N]                      live preview at http://127.0.0.1:N/
  rapport batch MANIFEST.json [-j N]                    render many reports in parallel
  rapport sign IN.pdf -o OUT.pdf --key KEY.pem --cert CERT.pem [--reason R --location L --name N]
  rapport verify FILE.pdf
  rapport archive add|list|show|verify|export --archive DIR ...
  rapport --version | --help

Errors are printed as FILE:LINE:COL: error: MESSAGE; the exit code is 0 on success, 1 when the
input is wrong or a check fails, 2 when the command line is wrong. See docs/ for the definition
language (docs/definition.md) and layouts (docs/layout.md).
)";

}  // namespace

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << usage_text;
    return usage;
  }
  std::string command = args.front();
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << usage_text;
    return ok;
  }
  if (command == "--version") {
    std::cout << fmt::format("rapport {}\n", RAPPORT_VERSION);
    return ok;
  }
  invocation call{{args.begin() + 1, args.end()}, std::cout, std::cerr};
  try {
    if (command == "render") return cmd_render(call);
    if (command == "check") return cmd_check(call);
    if (command == "preview") return cmd_preview(call);
    if (command == "sign") return cmd_sign(call);
    if (command == "verify") return cmd_verify(call);
    if (command == "archive") return cmd_archive(call);
    if (command == "serve") return cmd_serve(call);
    if (command == "batch") return cmd_batch(call);
  } catch (const std::exception& error) {
    // Stages report located errors themselves; this is the last guard against a crash.
    std::cerr << fmt::format("rapport: error: {}\n", error.what());
    return failure;
  }
  std::cerr << fmt::format("rapport: error: unknown command '{}'\n  hint: run 'rapport --help'\n", command);
  return usage;
}

}  // namespace rapport::cli

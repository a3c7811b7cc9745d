// `rapport preview`, `serve` and `batch` (placeholders until their work lands).
#include <ostream>

#include "cli/cli.hpp"

namespace rapport::cli {

int cmd_preview(const invocation& call) {
  call.err << "rapport preview: error: not available yet\n";
  return failure;
}
int cmd_serve(const invocation& call) {
  call.err << "rapport serve: error: not available yet\n";
  return failure;
}
int cmd_batch(const invocation& call) {
  call.err << "rapport batch: error: not available yet\n";
  return failure;
}

}  // namespace rapport::cli

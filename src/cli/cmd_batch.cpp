// `rapport batch` (placeholder until its work lands).
#include <ostream>

#include "cli/cli.hpp"

namespace rapport::cli {

int cmd_batch(const invocation& call) {
  call.err << "rapport batch: error: not available yet\n";
  return failure;
}

}  // namespace rapport::cli

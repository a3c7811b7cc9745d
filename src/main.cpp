// The rapport executable: everything lives in cli/.
#include "cli/cli.hpp"

int main(int argc, char** argv) { return rapport::cli::run(argc, argv); }

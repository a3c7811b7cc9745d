// cli/: `rapport sign`: add a PAdES signature to a PDF, checked before it is written.
#include <fmt/format.h>

#include <cstdlib>
#include <ostream>

#include "archive/archive.hpp"
#include "base/files.hpp"
#include "cli/args.hpp"
#include "cli/cli.hpp"

namespace rapport::cli {

namespace {

constexpr std::string_view sign_usage =
    "usage: rapport sign IN.pdf -o OUT.pdf --key KEY.pem --cert CERT.pem [--chain CHAIN.pem]...\n"
    "                    [--password PW] [--reason TEXT] [--location TEXT] [--name TEXT]\n"
    "                    [--contact TEXT] [--tsa http://TSA-URL]\n"
    "  the key's password may also come from the RAPPORT_KEY_PASSWORD environment variable\n";

int usage_error(const invocation& call, const std::string& message) {
  call.err << fmt::format("rapport sign: error: {}\n{}", message, sign_usage);
  return usage;
}

}  // namespace

int cmd_sign(const invocation& call) {
  option_spec spec{{"-o", "--output", "--key", "--cert", "--chain", "--password", "--reason",
                    "--location", "--name", "--contact", "--tsa"},
                   {"-h", "--help"}};
  auto args = parse_args(call.args, spec, "sign", call.err);
  if (!args) return usage;
  if (args->flag("-h") || args->flag("--help")) {
    call.out << sign_usage;
    return ok;
  }
  if (args->positional.size() != 1)
    return usage_error(
        call, args->positional.empty() ? "no input PDF given" : "expected exactly one input PDF");
  auto output = args->value("-o") ? args->value("-o") : args->value("--output");
  if (!output) return usage_error(call, "no output given (-o OUT.pdf)");
  if (!args->value("--key")) return usage_error(call, "no private key given (--key KEY.pem)");
  if (!args->value("--cert")) return usage_error(call, "no certificate given (--cert CERT.pem)");

  signing_request request;
  request.key_file = *args->value("--key");
  request.cert_file = *args->value("--cert");
  if (auto it = args->values.find("--chain"); it != args->values.end())
    request.chain_files.assign(it->second.begin(), it->second.end());
  if (auto pw = args->value("--password")) {
    request.password = *pw;
  } else if (const char* env = std::getenv("RAPPORT_KEY_PASSWORD")) {
    request.password = std::string(env);
  }
  request.reason = args->value("--reason").value_or("");
  request.location = args->value("--location").value_or("");
  request.name = args->value("--name").value_or("");
  request.contact_info = args->value("--contact").value_or("");
  request.tsa_url = args->value("--tsa").value_or("");
  request.signing_time = document_epoch();

  const std::string& input = args->positional.front();
  try {
    std::string pdf = read_file(input);
    std::string signed_pdf = sign_pdf(pdf, input, request);
    // Check the result the way a reader will before anything is written.
    std::vector<signature_check> checks = verify_pdf(signed_pdf, *output, {});
    if (checks.empty() || !checks.back().valid())
      throw fatal_error(
          source_loc{*output, 0, 0},
          "internal error: the new signature does not verify" +
              (checks.empty() ? std::string() : " (" + checks.back().problems.front() + ")"));
    write_file_atomically(*output, signed_pdf);
    const signature_check& made = checks.back();
    call.out << fmt::format("{}: signature {} ({}) by {}{}\n", *output, made.number,
                            made.field_name, made.signer,
                            made.timestamp.empty() ? "" : ", timestamped " + made.timestamp);
    return ok;
  } catch (const fatal_error& error) {
    call.err << to_string(error.what_diagnostic()) << '\n';
    return failure;
  }
}

}  // namespace rapport::cli

// archive/: making and reading the CMS structures inside PDF signatures (RFC 5652, CAdES,
// RFC 3161 timestamps).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/archive.hpp"
#include "archive/crypto.hpp"

namespace rapport::detail {

/// The signer's key, certificate and the intermediates to embed.
struct signer_credentials {
  evp_pkey_ptr key;
  x509_ptr cert;
  std::vector<x509_ptr> chain;
};

/// Loads and cross-checks the key and certificates a signing request names.
signer_credentials load_credentials(const signing_request& request);

/// A detached CMS SignedData over content whose SHA-256 is `content_digest`, with the signed
/// attributes PAdES B-B asks for (content-type, message-digest, signing-certificate-v2 and no
/// signing-time), optionally with a signature timestamp from `tsa_url`. Returns DER.
std::string make_cades_signature(std::string_view content_digest,
                                 const signer_credentials& credentials, const std::string& tsa_url);

/// Asks an RFC 3161 authority over HTTP to timestamp `sha256_digest`; returns the token (DER).
/// Throws fatal_error when the authority is unreachable or refuses.
std::string request_timestamp(const std::string& url, std::string_view sha256_digest);

/// What an RFC 3161 timestamp token says and whether it matches the data it claims to stamp.
struct timestamp_info {
  std::string time;  ///< readable genTime
  bool imprint_ok = false;
  bool signature_ok = false;
};

/// Reads a timestamp token (DER) and checks it against `stamped` (the bytes it should cover).
std::optional<timestamp_info> check_timestamp_token(std::string_view token_der,
                                                    std::string_view stamped);

/// The signature-time-stamp unsigned attribute of `si`, checked, if it has one.
std::optional<timestamp_info> check_signature_timestamp(CMS_SignerInfo* si);

}  // namespace rapport::detail

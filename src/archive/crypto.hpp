// archive/: the OpenSSL seam: owning wrappers, hashing, and loading keys and certificates.
#pragma once

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::detail {

template <auto free_fn>
struct openssl_deleter {
  template <class T>
  void operator()(T* p) const {
    free_fn(p);
  }
};

using bio_ptr = std::unique_ptr<BIO, openssl_deleter<BIO_free_all>>;
using evp_pkey_ptr = std::unique_ptr<EVP_PKEY, openssl_deleter<EVP_PKEY_free>>;
using x509_ptr = std::unique_ptr<X509, openssl_deleter<X509_free>>;
using x509_store_ptr = std::unique_ptr<X509_STORE, openssl_deleter<X509_STORE_free>>;
using cms_ptr = std::unique_ptr<CMS_ContentInfo, openssl_deleter<CMS_ContentInfo_free>>;
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, openssl_deleter<EVP_MD_CTX_free>>;

struct x509_stack_deleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using x509_stack_ptr = std::unique_ptr<STACK_OF(X509), x509_stack_deleter>;

/// Empties OpenSSL's error queue into one line (for messages), or "" when it is empty.
std::string openssl_errors();

/// A read-only memory BIO over `bytes` (which must outlive it).
bio_ptr memory_bio(std::string_view bytes);

/// The raw digest of `data` with `md`.
std::string digest(const EVP_MD* md, std::string_view data);
std::string sha256(std::string_view data);
/// The SHA-256 of a file's bytes, as lower-case hex; throws fatal_error if it cannot be read.
std::string sha256_file_hex(const std::filesystem::path& path);

std::string to_hex(std::string_view bytes);

/// Loads a PEM private key, decrypting it with `password` when it is encrypted. Errors name
/// the file: a wrong password, a missing one, or a file that holds no key.
evp_pkey_ptr load_private_key(const std::filesystem::path& path,
                              const std::optional<std::string>& password);
/// Loads the first certificate in a PEM file.
x509_ptr load_certificate(const std::filesystem::path& path);
/// Loads every certificate in a PEM file (at least one).
std::vector<x509_ptr> load_certificates(const std::filesystem::path& path);

/// The subject's common name, or the whole subject line when it has none.
std::string common_name(X509* cert);
/// The subject as one line, RFC 2253 style ("CN=...,O=...").
std::string subject_line(X509* cert);

/// Seconds since the epoch as a PDF date, `D:YYYYMMDDHHmmSS+00'00'` (UTC).
std::string pdf_date(std::int64_t epoch);
/// Seconds since the epoch as ISO 8601 UTC, `YYYY-MM-DDTHH:MM:SSZ`.
std::string iso_utc(std::int64_t epoch);
/// A PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, any prefix of it) made readable:
/// `YYYY-MM-DD HH:MM:SS +HH:MM`; the text as is if it does not parse.
std::string readable_pdf_date(std::string_view date);

}  // namespace rapport::detail

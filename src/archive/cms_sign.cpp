// archive/: building the CAdES detached signature that goes into a PDF's /Contents.
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include <algorithm>

#include "archive/cms.hpp"
#include "base/diagnostics.hpp"

namespace rapport::detail {

namespace {

[[noreturn]] void openssl_failure(const std::string& what) {
  throw fatal_error(source_loc{"rapport sign", 0, 0},
                    fmt::format("cannot {}: {}", what, openssl_errors()));
}

std::string der_length(std::size_t length) {
  if (length < 0x80) return std::string(1, static_cast<char>(length));
  std::string bytes;
  while (length) {
    bytes.insert(bytes.begin(), static_cast<char>(length & 0xff));
    length >>= 8;
  }
  return static_cast<char>(0x80 | bytes.size()) + bytes;
}

// OpenSSL's own CMS_SignerInfo_sign always adds a signing-time attribute from the wall clock,
// which PAdES baseline signatures must not carry (the time is /M in the signature dictionary).
// So the signed attributes are encoded as DER SET OF and signed here instead.
void sign_attributes(CMS_SignerInfo* si, EVP_PKEY* key) {
  std::vector<std::string> encoded;
  for (int i = 0; i < CMS_signed_get_attr_count(si); ++i) {
    unsigned char* der = nullptr;
    int length = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &der);
    if (length <= 0) openssl_failure("encode the signed attributes");
    encoded.emplace_back(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
  }
  // DER orders the members of a SET OF by their encodings.
  std::sort(encoded.begin(), encoded.end());
  std::string content;
  for (const auto& e : encoded) content += e;
  std::string set = "\x31" + der_length(content.size()) + content;

  md_ctx_ptr ctx(EVP_MD_CTX_new());
  std::size_t length = 0;
  auto data = reinterpret_cast<const unsigned char*>(set.data());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) <= 0 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, data, set.size()) <= 0)
    openssl_failure("sign");
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data,
                     set.size()) <= 0)
    openssl_failure("sign");
  signature.resize(length);
  if (!ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), signature.data(),
                       static_cast<int>(signature.size())))
    openssl_failure("store the signature");
}

}  // namespace

signer_credentials load_credentials(const signing_request& request) {
  signer_credentials c;
  c.key = load_private_key(request.key_file, request.password);
  int type = EVP_PKEY_get_base_id(c.key.get());
  if (type != EVP_PKEY_RSA && type != EVP_PKEY_EC) {
    const char* name = EVP_PKEY_get0_type_name(c.key.get());
    throw fatal_error(source_loc{request.key_file.string(), 0, 0},
                      fmt::format("unsupported key type '{}'", name ? name : "?"),
                      "use an RSA or EC (ECDSA) key");
  }
  c.cert = load_certificate(request.cert_file);
  ERR_clear_error();
  if (X509_check_private_key(c.cert.get(), c.key.get()) != 1) {
    ERR_clear_error();
    throw fatal_error(source_loc{request.cert_file.string(), 0, 0},
                      fmt::format("the certificate does not match the private key in '{}'",
                                  request.key_file.string()));
  }
  for (const auto& file : request.chain_files)
    for (auto& cert : load_certificates(file)) c.chain.push_back(std::move(cert));
  return c;
}

std::string make_cades_signature(std::string_view content_digest,
                                 const signer_credentials& credentials,
                                 const std::string& tsa_url) {
  ERR_clear_error();
  constexpr unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
  cms_ptr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags));
  if (!cms) openssl_failure("create the CMS structure");
  // CMS_CADES adds the ESS signing-certificate-v2 attribute (RFC 5035) for the SHA-256 signer.
  CMS_SignerInfo* si = CMS_add1_signer(cms.get(), credentials.cert.get(), credentials.key.get(),
                                       EVP_sha256(), flags | CMS_CADES);
  if (!si) openssl_failure("add the signer");
  for (const auto& cert : credentials.chain)
    if (CMS_add1_cert(cms.get(), cert.get()) < 0) openssl_failure("add a chain certificate");

  if (!CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                   OBJ_nid2obj(NID_pkcs7_data), -1) ||
      !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING,
                                   content_digest.data(), static_cast<int>(content_digest.size())))
    openssl_failure("add the signed attributes");
  sign_attributes(si, credentials.key.get());

  if (!tsa_url.empty()) {
    // The signature-time-stamp (CAdES-T) covers the signature value (RFC 5126 §6.1.1).
    ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(si);
    std::string_view signature(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                               static_cast<std::size_t>(ASN1_STRING_length(value)));
    std::string token = request_timestamp(tsa_url, sha256(signature));
    if (!CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE,
                                       token.data(), static_cast<int>(token.size())))
      openssl_failure("add the timestamp");
  }
  CMS_set_detached(cms.get(), 1);

  unsigned char* der = nullptr;
  int length = i2d_CMS_ContentInfo(cms.get(), &der);
  if (length <= 0) openssl_failure("encode the CMS signature");
  std::string result(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return result;
}

}  // namespace rapport::detail

// archive/: RFC 3161 timestamps: asking an authority over HTTP (OpenSSL's own client, so no
// further library is linked), and checking tokens.
#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/http.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "archive/cms.hpp"
#include "base/diagnostics.hpp"

namespace rapport::detail {

namespace {

using ts_req_ptr = std::unique_ptr<TS_REQ, openssl_deleter<TS_REQ_free>>;
using ts_resp_ptr = std::unique_ptr<TS_RESP, openssl_deleter<TS_RESP_free>>;
using ts_msg_imprint_ptr = std::unique_ptr<TS_MSG_IMPRINT, openssl_deleter<TS_MSG_IMPRINT_free>>;
using ts_verify_ctx_ptr = std::unique_ptr<TS_VERIFY_CTX, openssl_deleter<TS_VERIFY_CTX_free>>;
using ts_tst_info_ptr = std::unique_ptr<TS_TST_INFO, openssl_deleter<TS_TST_INFO_free>>;
using pkcs7_ptr = std::unique_ptr<PKCS7, openssl_deleter<PKCS7_free>>;
using x509_algor_ptr = std::unique_ptr<X509_ALGOR, openssl_deleter<X509_ALGOR_free>>;
using asn1_integer_ptr = std::unique_ptr<ASN1_INTEGER, openssl_deleter<ASN1_INTEGER_free>>;
using bignum_ptr = std::unique_ptr<BIGNUM, openssl_deleter<BN_free>>;

[[noreturn]] void tsa_failure(const std::string& url, const std::string& what) {
  throw fatal_error(source_loc{"rapport sign", 0, 0},
                    fmt::format("timestamp authority '{}' {}", url, what));
}

struct http_url {
  std::string host;
  std::string port;
  std::string path;
};

http_url parse_url(const std::string& url) {
  if (url.starts_with("https://"))
    tsa_failure(url,
                "uses https, which this build cannot speak; use its http:// address "
                "(timestamp tokens are signed, so plain HTTP does not weaken them)");
  if (!url.starts_with("http://")) tsa_failure(url, "is not an http:// URL");
  char* host = nullptr;
  char* port = nullptr;
  char* path = nullptr;
  char* query = nullptr;
  int ssl = 0;
  if (!OSSL_HTTP_parse_url(url.c_str(), &ssl, nullptr, &host, &port, nullptr, &path, &query,
                           nullptr)) {
    ERR_clear_error();
    tsa_failure(url, "is not a valid URL");
  }
  http_url result{host, port, path};
  if (query && *query) result.path += std::string("?") + query;
  OPENSSL_free(host);
  OPENSSL_free(port);
  OPENSSL_free(path);
  OPENSSL_free(query);
  return result;
}

constexpr int timeout_seconds = 30;

/// Closes a socket unless it was handed on.
struct socket_guard {
  int fd = -1;
  ~socket_guard() {
    if (fd >= 0) ::close(fd);
  }
  int release() { return std::exchange(fd, -1); }
};

/// Connects to the authority with a bounded wait, naming the real reason when it fails.
bio_ptr connect_to(const std::string& url, const http_url& where) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(where.host.c_str(), where.port.c_str(), &hints, &found); rc != 0)
    tsa_failure(url, fmt::format("unreachable: {}", ::gai_strerror(rc)));
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
  std::string reason = "no address";
  for (addrinfo* ai = addresses.get(); ai; ai = ai->ai_next) {
    int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      reason = std::strerror(errno);
      continue;
    }
    socket_guard guard{fd};
    int flags = ::fcntl(fd, F_GETFL);
    ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = ::poll(&p, 1, timeout_seconds * 1000);
      if (rc == 0) {
        reason = "connection timed out";
        continue;
      }
      int error = 0;
      socklen_t length = sizeof error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
      errno = error;
      rc = error == 0 ? 0 : -1;
    }
    if (rc != 0) {
      reason = std::strerror(errno);
      continue;
    }
    // Blocking from here on, with timeouts so a silent authority cannot hang the signer.
    ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    timeval limit{timeout_seconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    bio_ptr bio(BIO_new_socket(fd, BIO_CLOSE));
    if (!bio) throw std::bad_alloc();
    guard.release();  // the BIO closes the socket now
    return bio;
  }
  tsa_failure(url, "unreachable: " + reason);
}

std::string readable_time(const ASN1_GENERALIZEDTIME* time) {
  std::tm tm{};
  if (!time || !ASN1_TIME_to_tm(time, &tm)) return "?";
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} +00:00", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace

std::string request_timestamp(const std::string& url, std::string_view sha256_digest) {
  http_url where = parse_url(url);
  ERR_clear_error();

  ts_req_ptr request(TS_REQ_new());
  ts_msg_imprint_ptr imprint(TS_MSG_IMPRINT_new());
  x509_algor_ptr algorithm(X509_ALGOR_new());
  if (!request || !imprint || !algorithm) throw std::bad_alloc();
  X509_ALGOR_set0(algorithm.get(), OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr);
  TS_MSG_IMPRINT_set_algo(imprint.get(), algorithm.get());
  TS_MSG_IMPRINT_set_msg(imprint.get(),
                         reinterpret_cast<unsigned char*>(const_cast<char*>(sha256_digest.data())),
                         static_cast<int>(sha256_digest.size()));
  TS_REQ_set_version(request.get(), 1);
  TS_REQ_set_msg_imprint(request.get(), imprint.get());
  TS_REQ_set_cert_req(request.get(), 1);
  // A random nonce ties the answer to this request.
  unsigned char nonce_bytes[8];
  if (RAND_bytes(nonce_bytes, sizeof nonce_bytes) != 1)
    tsa_failure(url, "needs a nonce: no randomness");
  bignum_ptr nonce_bn(BN_bin2bn(nonce_bytes, sizeof nonce_bytes, nullptr));
  asn1_integer_ptr nonce(BN_to_ASN1_INTEGER(nonce_bn.get(), nullptr));
  TS_REQ_set_nonce(request.get(), nonce.get());

  unsigned char* der = nullptr;
  int length = i2d_TS_REQ(request.get(), &der);
  if (length <= 0) tsa_failure(url, "request could not be encoded: " + openssl_errors());
  std::string body(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);

  // The connection is made here rather than by OpenSSL, which retries a refused connection
  // until its timeout and then reports only "connect timeout".
  bio_ptr connection = connect_to(url, where);
  bio_ptr request_body = memory_bio(body);
  bio_ptr reply(OSSL_HTTP_transfer(nullptr, where.host.c_str(), where.port.c_str(),
                                   where.path.c_str(), 0, nullptr, nullptr, connection.get(),
                                   connection.get(), nullptr, nullptr, 0, nullptr,
                                   "application/timestamp-query", request_body.get(), nullptr, 1,
                                   std::size_t{1} << 20, timeout_seconds, 0));
  if (!reply) {
    std::string details = openssl_errors();
    tsa_failure(url, "did not answer: " + (details.empty() ? "no response" : details));
  }
  std::string answer_bytes;
  char buffer[4096];
  int n = 0;
  while ((n = BIO_read(reply.get(), buffer, sizeof buffer)) > 0)
    answer_bytes.append(buffer, static_cast<std::size_t>(n));

  auto data = reinterpret_cast<const unsigned char*>(answer_bytes.data());
  ts_resp_ptr answer(d2i_TS_RESP(nullptr, &data, static_cast<long>(answer_bytes.size())));
  if (!answer) tsa_failure(url, "sent something that is not a timestamp response");
  long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(answer.get())));
  if (status != 0 && status != 1)
    tsa_failure(url, fmt::format("refused to timestamp (PKIStatus {})", status));

  // Check the answer is for this request: version, imprint and nonce.
  // Its signature is checked by `verify` against the token's own certificate; trusting the
  // authority is the verifier's decision.
  ts_verify_ctx_ptr verify(TS_REQ_to_TS_VERIFY_CTX(request.get(), nullptr));
  if (verify) TS_VERIFY_CTX_set_flags(verify.get(), TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_NONCE);
  if (!verify || TS_RESP_verify_response(verify.get(), answer.get()) != 1)
    tsa_failure(url, "sent a timestamp that does not match the request: " + openssl_errors());

  PKCS7* token = TS_RESP_get_token(answer.get());
  unsigned char* token_der = nullptr;
  int token_length = token ? i2d_PKCS7(token, &token_der) : 0;
  if (token_length <= 0) tsa_failure(url, "sent a response without a token");
  std::string result(reinterpret_cast<char*>(token_der), static_cast<std::size_t>(token_length));
  OPENSSL_free(token_der);
  return result;
}

std::optional<timestamp_info> check_timestamp_token(std::string_view token_der,
                                                    std::string_view stamped) {
  ERR_clear_error();
  auto data = reinterpret_cast<const unsigned char*>(token_der.data());
  pkcs7_ptr token(d2i_PKCS7(nullptr, &data, static_cast<long>(token_der.size())));
  if (!token) return std::nullopt;
  ts_tst_info_ptr info(PKCS7_to_TS_TST_INFO(token.get()));
  if (!info) return std::nullopt;
  timestamp_info result;
  result.time = readable_time(TS_TST_INFO_get_time(info.get()));

  TS_MSG_IMPRINT* imprint = TS_TST_INFO_get_msg_imprint(info.get());
  const EVP_MD* md = EVP_get_digestbyobj(TS_MSG_IMPRINT_get_algo(imprint)->algorithm);
  ASN1_OCTET_STRING* value = TS_MSG_IMPRINT_get_msg(imprint);
  if (md) {
    std::string expected = digest(md, stamped);
    result.imprint_ok = static_cast<std::size_t>(ASN1_STRING_length(value)) == expected.size() &&
                        std::equal(expected.begin(), expected.end(),
                                   reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)));
  }
  // The token is itself a CMS SignedData; check its signature (not the authority's chain).
  data = reinterpret_cast<const unsigned char*>(token_der.data());
  cms_ptr cms(d2i_CMS_ContentInfo(nullptr, &data, static_cast<long>(token_der.size())));
  result.signature_ok = cms && CMS_verify(cms.get(), nullptr, nullptr, nullptr, nullptr,
                                          CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) == 1;
  ERR_clear_error();
  return result;
}

std::optional<timestamp_info> check_signature_timestamp(CMS_SignerInfo* si) {
  int index = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
  if (index < 0) return std::nullopt;
  ASN1_TYPE* type = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, index), 0);
  timestamp_info broken{"unreadable", false, false};
  if (!type || type->type != V_ASN1_SEQUENCE) return broken;
  std::string_view token(reinterpret_cast<const char*>(type->value.sequence->data),
                         static_cast<std::size_t>(type->value.sequence->length));
  ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(si);
  std::string_view signature(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                             static_cast<std::size_t>(ASN1_STRING_length(value)));
  auto checked = check_timestamp_token(token, signature);
  return checked ? checked : broken;
}

}  // namespace rapport::detail

// archive/: OpenSSL wrappers for hashing and credentials, and the date formats signatures use.
#include "archive/crypto.hpp"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <algorithm>

#include "base/diagnostics.hpp"
#include "base/files.hpp"

namespace rapport::detail {

std::string openssl_errors() {
  std::string text;
  const char* data = nullptr;
  int flags = 0;
  while (unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
    const char* reason = ERR_reason_error_string(code);
    std::string item = reason ? reason : fmt::format("error {:x}", code);
    // The detail ("Verify error:self-signed certificate") is often the useful part.
    if (data && *data && (flags & ERR_TXT_STRING)) item += fmt::format(" ({})", data);
    if (text.find(item) != std::string::npos) continue;
    if (!text.empty()) text += "; ";
    text += item;
  }
  return text;
}

bio_ptr memory_bio(std::string_view bytes) {
  bio_ptr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  if (!bio) throw std::bad_alloc();
  return bio;
}

std::string digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!EVP_Digest(data.data(), data.size(), out, &length, md, nullptr))
    throw std::runtime_error("digest failed: " + openssl_errors());
  return std::string(reinterpret_cast<char*>(out), length);
}

std::string sha256(std::string_view data) {
  return digest(EVP_sha256(), data);
}

std::string sha256_file_hex(const std::filesystem::path& path) {
  return to_hex(sha256(read_file(path)));
}

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

namespace {

struct password_state {
  const std::optional<std::string>* password;
  bool asked = false;
};

// OpenSSL asks for the password only when the key is encrypted; remembering that it asked
// tells a wrong password apart from a file that holds no key.
int password_callback(char* buffer, int size, int, void* user) {
  auto* state = static_cast<password_state*>(user);
  state->asked = true;
  if (!*state->password) return -1;
  const std::string& pw = **state->password;
  int length = static_cast<int>(std::min<std::size_t>(pw.size(), static_cast<std::size_t>(size)));
  std::copy_n(pw.data(), length, buffer);
  return length;
}

source_loc at(const std::filesystem::path& path) {
  return {path.string(), 0, 0};
}

}  // namespace

evp_pkey_ptr load_private_key(const std::filesystem::path& path,
                              const std::optional<std::string>& password) {
  std::string pem = read_file(path);
  bio_ptr bio = memory_bio(pem);
  password_state state{&password};
  ERR_clear_error();
  evp_pkey_ptr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, password_callback, &state));
  std::string details = openssl_errors();
  if (key) return key;
  if (state.asked && !password)
    throw fatal_error(at(path), "the private key is encrypted and no password was given",
                      "give --password or set RAPPORT_KEY_PASSWORD");
  if (state.asked) throw fatal_error(at(path), "cannot decrypt the private key (wrong password?)");
  if (pem.find("-----BEGIN") == std::string::npos)
    throw fatal_error(at(path), "not a PEM file (expected '-----BEGIN PRIVATE KEY-----')");
  if (pem.find("-----BEGIN CERTIFICATE-----") != std::string::npos)
    throw fatal_error(at(path), "this file holds a certificate, not a private key",
                      "--key takes the private key, --cert the certificate");
  throw fatal_error(at(path), fmt::format("no usable private key in this file{}",
                                          details.empty() ? "" : " (" + details + ")"));
}

std::vector<x509_ptr> load_certificates(const std::filesystem::path& path) {
  std::string pem = read_file(path);
  bio_ptr bio = memory_bio(pem);
  std::vector<x509_ptr> certs;
  ERR_clear_error();
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
    certs.emplace_back(cert);
  ERR_clear_error();  // the loop ends on a "no start line" error by design
  if (certs.empty())
    throw fatal_error(at(path),
                      "no certificate in this file (expected '-----BEGIN CERTIFICATE-----')");
  return certs;
}

x509_ptr load_certificate(const std::filesystem::path& path) {
  return std::move(load_certificates(path).front());
}

std::string common_name(X509* cert) {
  X509_NAME* name = X509_get_subject_name(cert);
  int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return subject_line(cert);
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) return subject_line(cert);
  std::string result(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return result;
}

std::string subject_line(X509* cert) {
  bio_ptr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0,
                     XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

// ---- dates --------------------------------------------------------------------------------

namespace {

struct civil_time {
  std::int64_t year;
  int month, day, hour, minute, second;
};

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days), so no
// time zone database or C library clock is involved.
civil_time civil_from_epoch(std::int64_t epoch) {
  std::int64_t days = epoch >= 0 ? epoch / 86400 : -((-epoch + 86399) / 86400);
  std::int64_t secs = epoch - days * 86400;
  days += 719468;
  std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  auto doe = static_cast<unsigned>(days - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2),
          static_cast<int>(m),
          static_cast<int>(d),
          static_cast<int>(secs / 3600),
          static_cast<int>(secs / 60 % 60),
          static_cast<int>(secs % 60)};
}

}  // namespace

std::string pdf_date(std::int64_t epoch) {
  civil_time t = civil_from_epoch(epoch);
  return fmt::format("D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'", t.year, t.month, t.day, t.hour,
                     t.minute, t.second);
}

std::string iso_utc(std::int64_t epoch) {
  civil_time t = civil_from_epoch(epoch);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.year, t.month, t.day, t.hour,
                     t.minute, t.second);
}

std::string readable_pdf_date(std::string_view date) {
  std::string_view d = date;
  if (d.starts_with("D:")) d.remove_prefix(2);
  auto digits = [&](std::size_t from, std::size_t count, const char* fallback) -> std::string {
    if (d.size() < from + count) return fallback;
    for (std::size_t i = from; i < from + count; ++i)
      if (d[i] < '0' || d[i] > '9') return fallback;
    return std::string(d.substr(from, count));
  };
  if (d.size() < 4 || digits(0, 4, "").empty()) return std::string(date);
  std::string result =
      fmt::format("{}-{}-{} {}:{}:{}", digits(0, 4, ""), digits(4, 2, "01"), digits(6, 2, "01"),
                  digits(8, 2, "00"), digits(10, 2, "00"), digits(12, 2, "00"));
  if (d.size() > 14) {
    char sign = d[14];
    if (sign == 'Z') {
      result += " +00:00";
    } else if (sign == '+' || sign == '-') {
      std::string hours = digits(15, 2, "00");
      std::string minutes = d.size() >= 20 ? digits(18, 2, "00") : "00";
      result += fmt::format(" {}{}:{}", sign, hours, minutes);
    }
  }
  return result;
}

}  // namespace rapport::detail

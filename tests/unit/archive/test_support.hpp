// Helpers for the archive tests: temporary folders, small PDFs built byte by byte, and test
// keys with self-signed certificates generated on the fly (no private key is committed).
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace rapport::test {

namespace fs = std::filesystem;

/// A fresh folder under the system temp folder, removed with everything in it.
struct temp_dir {
  fs::path path;
  temp_dir() {
    std::string pattern = (fs::temp_directory_path() / "rapport-archive-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~temp_dir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
};

inline void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

inline std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Builds a PDF from object bodies (numbered from 1) with a correct classic xref table.
inline std::string build_pdf(const std::vector<std::string>& bodies,
                             const std::string& trailer_extra = "") {
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + bodies[i] + "\nendobj\n";
  }
  std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(bodies.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(bodies.size() + 1) + " /Root 1 0 R" + trailer_extra +
         " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

/// A one-page PDF showing `text`.
inline std::string minimal_pdf(const std::string& text = "Hello") {
  std::string content = "BT /F1 24 Tf 72 720 Td (" + text + ") Tj ET";
  return build_pdf({
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> "
      ">> /Contents 4 0 R >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  });
}

/// A key and a self-signed certificate written as PEM files.
struct test_identity {
  fs::path key;
  fs::path cert;
};

inline test_identity make_identity(const fs::path& dir, const std::string& common_name,
                                   bool ec = false, const std::string& password = "") {
  EVP_PKEY* key = ec ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048);
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 30L * 86400);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());

  test_identity id{dir / (common_name + "-key.pem"), dir / (common_name + "-cert.pem")};
  BIO* kb = BIO_new_file(id.key.c_str(), "w");
  if (password.empty()) {
    PEM_write_bio_PrivateKey(kb, key, nullptr, nullptr, 0, nullptr, nullptr);
  } else {
    PEM_write_bio_PKCS8PrivateKey(kb, key, EVP_aes_256_cbc(), nullptr, 0, nullptr,
                                  const_cast<char*>(password.c_str()));
  }
  BIO_free(kb);
  BIO* cb = BIO_new_file(id.cert.c_str(), "w");
  PEM_write_bio_X509(cb, cert);
  BIO_free(cb);
  X509_free(cert);
  EVP_PKEY_free(key);
  return id;
}

}  // namespace rapport::test

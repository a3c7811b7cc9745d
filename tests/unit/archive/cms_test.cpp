// Tests for archive/cms.hpp and crypto.hpp: credentials, the CAdES signature, dates.
#include "archive/cms.hpp"

#include <gtest/gtest.h>
#include <openssl/err.h>

#include "base/diagnostics.hpp"
#include "test_support.hpp"

namespace rapport::detail {
namespace {

class cms_test : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    dir_ = new test::temp_dir;
    rsa_ = test::make_identity(dir_->path, "Rsa Signer");
    ec_ = test::make_identity(dir_->path, "Ec Signer", true);
    locked_ = test::make_identity(dir_->path, "Locked Signer", false, "hemligt");
  }
  static void TearDownTestSuite() { delete dir_; }

  static signing_request request_for(const test::test_identity& id) {
    signing_request r;
    r.key_file = id.key;
    r.cert_file = id.cert;
    return r;
  }

  static std::string error_of(const signing_request& r) {
    try {
      load_credentials(r);
    } catch (const fatal_error& e) {
      return to_string(e.what_diagnostic());
    }
    return "";
  }

  static inline test::temp_dir* dir_ = nullptr;
  static inline test::test_identity rsa_, ec_, locked_;
};

cms_ptr decode(const std::string& der) {
  auto p = reinterpret_cast<const unsigned char*>(der.data());
  return cms_ptr(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
}

TEST_F(cms_test, makes_a_detached_cades_signature_that_openssl_verifies) {
  for (const auto* id : {&rsa_, &ec_}) {
    signer_credentials c = load_credentials(request_for(*id));
    std::string content = "the signed byte ranges";
    std::string der = make_cades_signature(sha256(content), c, "");
    cms_ptr cms = decode(der);
    ASSERT_TRUE(cms);
    EXPECT_EQ(OBJ_obj2nid(CMS_get0_type(cms.get())), NID_pkcs7_signed);
    ASN1_OCTET_STRING** content_slot = CMS_get0_content(cms.get());
    EXPECT_TRUE(content_slot && *content_slot == nullptr);  // detached

    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms.get()), 0);
    EXPECT_GE(CMS_signed_get_attr_by_NID(si, NID_pkcs9_contentType, -1), 0);
    EXPECT_GE(CMS_signed_get_attr_by_NID(si, NID_pkcs9_messageDigest, -1), 0);
    EXPECT_GE(CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1), 0);
    // PAdES baseline signatures carry their time in /M, never in signingTime.
    EXPECT_LT(CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1), 0);
    EXPECT_LT(CMS_signed_get_attr_by_NID(si, NID_SMIMECapabilities, -1), 0);

    bio_ptr good = memory_bio(content);
    EXPECT_EQ(CMS_verify(cms.get(), nullptr, nullptr, good.get(), nullptr,
                         CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY),
              1)
        << openssl_errors();
    bio_ptr bad = memory_bio("the signed byte rangeS");
    EXPECT_NE(CMS_verify(cms.get(), nullptr, nullptr, bad.get(), nullptr,
                         CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY),
              1);
    ERR_clear_error();
  }
}

TEST_F(cms_test, signing_the_same_digest_twice_gives_the_same_rsa_signature) {
  // No clock and no randomness in RSA PKCS#1 v1.5: the same input signs to the same bytes.
  signer_credentials c = load_credentials(request_for(rsa_));
  std::string digest = sha256("x");
  EXPECT_EQ(make_cades_signature(digest, c, ""), make_cades_signature(digest, c, ""));
}

TEST_F(cms_test, encrypted_keys_need_the_right_password) {
  signing_request r = request_for(locked_);
  r.password = "hemligt";
  EXPECT_NO_THROW(load_credentials(r));
  r.password = "fel";
  EXPECT_EQ(error_of(r),
            locked_.key.string() + ": error: cannot decrypt the private key (wrong password?)");
  r.password.reset();
  EXPECT_EQ(error_of(r), locked_.key.string() +
                             ": error: the private key is encrypted and no password was "
                             "given\n  hint: give --password or set RAPPORT_KEY_PASSWORD");
}

TEST_F(cms_test, a_certificate_must_match_its_key) {
  signing_request r;
  r.key_file = ec_.key;
  r.cert_file = rsa_.cert;
  EXPECT_EQ(error_of(r), rsa_.cert.string() +
                             ": error: the certificate does not match the private key in '" +
                             ec_.key.string() + "'");
}

TEST_F(cms_test, files_that_hold_no_key_or_certificate_are_named) {
  std::filesystem::path junk = dir_->path / "junk.pem";
  test::write_bytes(junk, "not a key\n");
  signing_request r = request_for(rsa_);
  r.key_file = junk;
  EXPECT_EQ(error_of(r),
            junk.string() + ": error: not a PEM file (expected '-----BEGIN PRIVATE KEY-----')");
  r = request_for(rsa_);
  r.cert_file = rsa_.key;
  EXPECT_EQ(error_of(r), rsa_.key.string() +
                             ": error: no certificate in this file (expected '-----BEGIN "
                             "CERTIFICATE-----')");
  r = request_for(rsa_);
  r.key_file = rsa_.cert;
  EXPECT_NE(error_of(r).find("holds a certificate, not a private key"), std::string::npos);
}

TEST_F(cms_test, an_unreachable_timestamp_authority_fails_clearly) {
  signer_credentials c = load_credentials(request_for(rsa_));
  try {
    make_cades_signature(sha256("x"), c, "http://127.0.0.1:9/tsa");
    FAIL() << "expected an error";
  } catch (const fatal_error& e) {
    EXPECT_EQ(e.what_diagnostic().message.rfind(
                  "timestamp authority 'http://127.0.0.1:9/tsa' unreachable: ", 0),
              0u)
        << e.what();
  }
  EXPECT_THROW(make_cades_signature(sha256("x"), c, "ftp://example.org/"), fatal_error);
}

TEST(crypto, formats_dates_without_a_clock) {
  EXPECT_EQ(pdf_date(0), "D:19700101000000+00'00'");
  EXPECT_EQ(pdf_date(1714644000), "D:20240502100000+00'00'");
  EXPECT_EQ(iso_utc(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(readable_pdf_date("D:20240502100000+02'00'"), "2024-05-02 10:00:00 +02:00");
  EXPECT_EQ(readable_pdf_date("D:20240502100000Z"), "2024-05-02 10:00:00 +00:00");
  EXPECT_EQ(readable_pdf_date("D:2024"), "2024-01-01 00:00:00");
  EXPECT_EQ(readable_pdf_date("garbage"), "garbage");
}

TEST(crypto, hashes_and_hex) {
  EXPECT_EQ(to_hex(sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(std::string("\x00\xff", 2)), "00ff");
}

}  // namespace
}  // namespace rapport::detail

// Tests for sign_pdf and verify_pdf in archive/archive.hpp: whole signatures, tampering,
// second signatures and changes after signing.
#include <gtest/gtest.h>

#include <random>

#include "archive/archive.hpp"
#include "archive/pdf_file.hpp"
#include "test_support.hpp"

namespace rapport {
namespace {

class sign_verify : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    dir_ = new test::temp_dir;
    first_ = test::make_identity(dir_->path, "First Signer");
    second_ = test::make_identity(dir_->path, "Andra Undertecknare", true);
  }
  static void TearDownTestSuite() { delete dir_; }

  static signing_request request_for(const test::test_identity& id) {
    signing_request r;
    r.key_file = id.key;
    r.cert_file = id.cert;
    r.signing_time = 1714644000;
    r.location = "Växjö";
    return r;
  }

  static inline test::temp_dir* dir_ = nullptr;
  static inline test::test_identity first_, second_;
};

/// Appends a revision that replaces object `num` with `body`.
std::string append_revision(const std::string& pdf, int num, const std::string& body) {
  std::size_t prev = std::stoul(pdf.substr(pdf.rfind("startxref") + 10));
  std::size_t at = pdf.size();
  std::string update = std::to_string(num) + " 0 obj\n" + body + "\nendobj\n";
  std::size_t xref = at + update.size();
  char entry[32];
  std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", at);
  update += "xref\n" + std::to_string(num) + " 1\n" + entry +
            "trailer\n<< /Size 20 /Root 1 0 R /Prev " + std::to_string(prev) + " >>\nstartxref\n" +
            std::to_string(xref) + "\n%%EOF\n";
  return pdf + update;
}

TEST_F(sign_verify, a_fresh_signature_is_valid_and_covers_the_whole_file) {
  std::string signed_pdf = sign_pdf(test::minimal_pdf(), "in.pdf", request_for(first_));
  auto checks = verify_pdf(signed_pdf, "out.pdf", {});
  ASSERT_EQ(checks.size(), 1u);
  const signature_check& c = checks[0];
  EXPECT_TRUE(c.valid()) << (c.problems.empty() ? "" : c.problems[0]);
  EXPECT_EQ(c.field_name, "Signature1");
  EXPECT_EQ(c.signer, "First Signer");
  EXPECT_EQ(c.signing_time, "2024-05-02 10:00:00 +00:00");
  EXPECT_EQ(c.sub_filter, "ETSI.CAdES.detached");
  EXPECT_TRUE(c.byte_range_ok && c.digest_ok && c.signature_ok && c.covers_whole_file);
  EXPECT_EQ(c.after, later_changes::none);
  EXPECT_EQ(c.chain, chain_status::not_checked);
}

TEST_F(sign_verify, signing_is_deterministic_for_a_fixed_time) {
  std::string pdf = test::minimal_pdf();
  EXPECT_EQ(sign_pdf(pdf, "in.pdf", request_for(first_)),
            sign_pdf(pdf, "in.pdf", request_for(first_)));
}

TEST_F(sign_verify, changing_any_signed_byte_breaks_the_signature) {
  std::string signed_pdf = sign_pdf(test::minimal_pdf(), "in.pdf", request_for(first_));
  std::size_t contents = signed_pdf.find("/Contents <") + 10;
  std::size_t contents_end = signed_pdf.find('>', contents) + 1;
  // Every 97th byte outside /Contents, plus the first and last.
  std::vector<std::size_t> positions = {0, signed_pdf.size() - 1};
  for (std::size_t i = 5; i < signed_pdf.size(); i += 97)
    if (i < contents || i >= contents_end) positions.push_back(i);
  for (std::size_t i : positions) {
    std::string changed = signed_pdf;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    std::vector<signature_check> checks;
    try {
      checks = verify_pdf(changed, "changed.pdf", {});
    } catch (const fatal_error&) {
      continue;  // the structure no longer reads: also a failure, reported as an error
    }
    bool all_valid = !checks.empty();
    for (const auto& c : checks) all_valid = all_valid && c.valid();
    EXPECT_FALSE(all_valid) << "byte " << i << " changed without detection";
  }
}

TEST_F(sign_verify, a_second_signature_keeps_the_first_valid) {
  std::string once = sign_pdf(test::minimal_pdf(), "in.pdf", request_for(first_));
  std::string twice = sign_pdf(once, "once.pdf", request_for(second_));
  auto checks = verify_pdf(twice, "twice.pdf", {});
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_TRUE(checks[0].valid()) << checks[0].problems.front();
  EXPECT_TRUE(checks[1].valid()) << checks[1].problems.front();
  EXPECT_EQ(checks[0].signer, "First Signer");
  EXPECT_EQ(checks[1].signer, "Andra Undertecknare");
  EXPECT_FALSE(checks[0].covers_whole_file);
  EXPECT_EQ(checks[0].after, later_changes::signatures_only);
  EXPECT_TRUE(checks[1].covers_whole_file);
  EXPECT_EQ(checks[1].field_name, "Signature2");
}

TEST_F(sign_verify, a_content_change_after_signing_is_reported) {
  std::string signed_pdf = sign_pdf(test::minimal_pdf(), "in.pdf", request_for(first_));
  std::string text = "BT /F1 24 Tf 72 720 Td (Avslag) Tj ET";
  std::string changed = append_revision(
      signed_pdf, 4,
      "<< /Length " + std::to_string(text.size()) + " >>\nstream\n" + text + "\nendstream");
  auto checks = verify_pdf(changed, "changed.pdf", {});
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_TRUE(checks[0].digest_ok && checks[0].signature_ok);
  EXPECT_EQ(checks[0].after, later_changes::other);
  EXPECT_FALSE(checks[0].valid());
  EXPECT_NE(checks[0].change_detail.find("object 4"), std::string::npos);
}

TEST_F(sign_verify, a_new_visible_annotation_after_signing_is_a_change) {
  std::string signed_pdf = sign_pdf(test::minimal_pdf(), "in.pdf", request_for(first_));
  // Add a free-text annotation beside the signature widget on the page.
  std::string with_note = append_revision(
      signed_pdf, 15, "<< /Type /Annot /Subtype /FreeText /Rect [0 0 100 100] /Contents (Nej) >>");
  detail::pdf_file parsed(with_note, "x.pdf");
  auto page = parsed.load({3, 0});
  detail::pdf_object annots = *page->object.dict()->find("Annots");
  annots.array()->items.push_back(detail::make_ref({15, 0}));
  page->object.dict()->set("Annots", annots);
  std::string changed = append_revision(with_note, 3, detail::to_pdf(page->object));
  auto checks = verify_pdf(changed, "changed.pdf", {});
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].after, later_changes::other);
}

TEST_F(sign_verify, a_new_form_field_that_is_not_a_signature_is_a_change) {
  std::string signed_pdf = sign_pdf(test::minimal_pdf(), "in.pdf", request_for(first_));
  std::string with_field =
      append_revision(signed_pdf, 15, "<< /FT /Tx /T (Belopp) /V (1 000 000) >>");
  detail::pdf_file parsed(with_field, "x.pdf");
  auto catalog = parsed.load({1, 0});
  detail::pdf_dict& form = *catalog->object.dict()->find("AcroForm")->dict();
  form.find("Fields")->array()->items.push_back(detail::make_ref({15, 0}));
  std::string changed = append_revision(with_field, 1, detail::to_pdf(catalog->object));
  auto checks = verify_pdf(changed, "changed.pdf", {});
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].after, later_changes::other);
  EXPECT_NE(checks[0].change_detail.find("other than a signature field"), std::string::npos)
      << checks[0].change_detail;
}

TEST_F(sign_verify, appended_bytes_without_a_revision_are_a_change) {
  std::string signed_pdf = sign_pdf(test::minimal_pdf(), "in.pdf", request_for(first_));
  auto checks = verify_pdf(signed_pdf + "% trailing junk\n", "x.pdf", {});
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].after, later_changes::other);
  auto spaced = verify_pdf(signed_pdf + "\n\n", "x.pdf", {});
  EXPECT_TRUE(spaced[0].valid());
  EXPECT_FALSE(spaced[0].covers_whole_file);
}

TEST_F(sign_verify, trusted_certificates_decide_the_chain) {
  std::string signed_pdf = sign_pdf(test::minimal_pdf(), "in.pdf", request_for(first_));
  auto trusted = verify_pdf(signed_pdf, "x.pdf", {{first_.cert}});
  EXPECT_EQ(trusted[0].chain, chain_status::verified);
  EXPECT_TRUE(trusted[0].valid());
  auto untrusted = verify_pdf(signed_pdf, "x.pdf", {{second_.cert}});
  EXPECT_EQ(untrusted[0].chain, chain_status::failed);
  EXPECT_FALSE(untrusted[0].valid());
}

TEST_F(sign_verify, an_unsigned_pdf_has_no_signatures_and_a_non_pdf_is_an_error) {
  EXPECT_TRUE(verify_pdf(test::minimal_pdf(), "in.pdf", {}).empty());
  try {
    sign_pdf("GIF89a", "picture.pdf", request_for(first_));
    FAIL() << "expected an error";
  } catch (const fatal_error& e) {
    EXPECT_EQ(to_string(e.what_diagnostic()),
              "picture.pdf: error: not a PDF file (no %PDF- header)");
  }
}

TEST_F(sign_verify, an_unreadable_newest_signature_is_reported_not_skipped) {
  std::string once = sign_pdf(test::minimal_pdf(), "in.pdf", request_for(first_));
  std::string twice = sign_pdf(once, "once.pdf", request_for(second_));
  // The newest /Contents lies outside every signed range; make it unparsable.
  std::size_t contents = twice.rfind("/Contents <") + 11;
  twice[twice.find('>', contents) - 1] = 'x';
  auto checks = verify_pdf(twice, "twice.pdf", {});
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_TRUE(checks[0].valid());
  EXPECT_FALSE(checks[1].valid());
  EXPECT_EQ(checks[1].problems.front().rfind("the signature dictionary cannot be read", 0), 0u);
}

TEST_F(sign_verify, damaged_files_give_errors_never_crashes) {
  std::string once = sign_pdf(test::minimal_pdf(), "in.pdf", request_for(first_));
  std::string twice = sign_pdf(once, "once.pdf", request_for(second_));
  std::mt19937 random(20240502);  // fixed seed: the same damage on every run
  int rejected = 0;
  for (int round = 0; round < 400; ++round) {
    std::string damaged = twice;
    switch (round % 4) {
      case 0:  // a few random bytes
        for (int k = 0; k < 3; ++k)
          damaged[random() % damaged.size()] = static_cast<char>(random() & 0xff);
        break;
      case 1:  // truncation
        damaged.resize(random() % damaged.size());
        break;
      case 2: {  // a digit changed, which moves offsets and lengths
        std::size_t at = random() % damaged.size();
        while (at < damaged.size() && (damaged[at] < '0' || damaged[at] > '9')) ++at;
        if (at < damaged.size()) damaged[at] = static_cast<char>('0' + random() % 10);
        break;
      }
      default:  // a slice removed
        damaged.erase(random() % damaged.size(), random() % 64);
    }
    try {
      auto checks = verify_pdf(damaged, "damaged.pdf", {});
      bool all_valid = !checks.empty();
      for (const auto& c : checks) all_valid = all_valid && c.valid();
      if (!all_valid) ++rejected;
    } catch (const fatal_error&) {
      ++rejected;
    }
  }
  // Nearly every change breaks something; none may crash or throw anything but fatal_error.
  EXPECT_GT(rejected, 300);
}

}  // namespace
}  // namespace rapport

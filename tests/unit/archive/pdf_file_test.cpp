// Tests for archive/pdf_file.hpp: the cross-reference chain, object lookup, inflate.
#include "archive/pdf_file.hpp"

#include <gtest/gtest.h>

#include "archive/crypto.hpp"
#include "base/diagnostics.hpp"
#include "test_support.hpp"

namespace rapport::detail {
namespace {

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

std::string error_of(std::string_view bytes) {
  try {
    pdf_file file(bytes, "in.pdf");
  } catch (const fatal_error& e) {
    return to_string(e.what_diagnostic());
  }
  return "";
}

TEST(pdf_file, reads_a_classic_table_and_loads_objects) {
  std::string pdf = test::minimal_pdf("Hej");
  pdf_file file(pdf, "in.pdf");
  EXPECT_EQ(file.header_version(), "1.4");
  ASSERT_EQ(file.sections().size(), 1u);
  EXPECT_FALSE(file.sections()[0].is_stream);
  EXPECT_EQ(*file.trailer().find("Root")->ref(), (pdf_ref{1, 0}));
  auto page = file.load({3, 0});
  ASSERT_TRUE(page);
  EXPECT_EQ(*page->object.dict()->find("Type")->name(), "Page");
  auto content = file.load({4, 0});
  ASSERT_TRUE(content && content->has_stream);
  EXPECT_EQ(file.stream_data(*content), "BT /F1 24 Tf 72 720 Td (Hej) Tj ET");
  EXPECT_FALSE(file.load({4, 1}));  // wrong generation
  EXPECT_FALSE(file.load({99, 0}));
}

TEST(pdf_file, follows_prev_and_sees_each_revision) {
  std::string pdf = test::minimal_pdf("One");
  std::size_t prev = pdf.rfind("startxref");
  std::size_t prev_offset = std::stoul(pdf.substr(prev + 10));
  std::size_t at = pdf.size();
  std::string update = "5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>\nendobj\n";
  std::size_t xref = at + update.size();
  char entry[32];
  std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", at);
  update += std::string("xref\n5 1\n") + entry + "trailer\n<< /Size 6 /Root 1 0 R /Prev " +
            std::to_string(prev_offset) + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  pdf += update;
  pdf_file file(pdf, "in.pdf");
  ASSERT_EQ(file.sections().size(), 2u);
  auto newest = file.load({5, 0}, 0);
  auto oldest = file.load({5, 0}, 1);
  EXPECT_EQ(*newest->object.dict()->find("BaseFont")->name(), "Courier");
  EXPECT_EQ(*oldest->object.dict()->find("BaseFont")->name(), "Helvetica");
}

TEST(pdf_file, reads_an_uncompressed_cross_reference_stream) {
  std::string body = "%PDF-1.5\n";
  std::size_t o1 = body.size();
  body += "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n";
  std::size_t o2 = body.size();
  body += "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n";
  std::size_t o3 = body.size();
  auto row = [](int type, std::size_t off, int gen) {
    return std::string{static_cast<char>(type), static_cast<char>(off >> 8),
                       static_cast<char>(off & 0xff), static_cast<char>(gen)};
  };
  std::string rows = row(0, 0, 255) + row(1, o1, 0) + row(1, o2, 0) + row(1, o3, 0);
  body += "3 0 obj\n<< /Type /XRef /Size 4 /W [1 2 1] /Root 1 0 R /Length " +
          std::to_string(rows.size()) + " >>\nstream\n" + rows + "\nendstream\nendobj\n";
  body += "startxref\n" + std::to_string(o3) + "\n%%EOF\n";
  pdf_file file(body, "x.pdf");
  ASSERT_EQ(file.sections().size(), 1u);
  EXPECT_TRUE(file.sections()[0].is_stream);
  auto pages = file.load({2, 0});
  ASSERT_TRUE(pages);
  EXPECT_EQ(*pages->object.dict()->find("Type")->name(), "Pages");
}

TEST(pdf_file, reports_damage_clearly) {
  EXPECT_EQ(error_of("hello"), "in.pdf: error: not a PDF file (no %PDF- header)");
  std::string pdf = test::minimal_pdf();
  EXPECT_EQ(error_of(pdf.substr(0, 300)),
            "in.pdf: error: no 'startxref' at the end of the file (is it truncated?)");
  std::string bad_offset = pdf;
  bad_offset.replace(bad_offset.rfind("startxref") + 10, 1, "9");
  EXPECT_NE(error_of(bad_offset), "");
  // A /Prev that points back at the same section would loop forever.
  std::string looped = pdf;
  std::size_t xref = std::stoul(pdf.substr(pdf.rfind("startxref") + 10));
  looped.replace(looped.find("/Root 1 0 R"), 11, "/Root 1 0 R /Prev " + std::to_string(xref));
  EXPECT_EQ(error_of(looped), "in.pdf: error: the cross-reference sections form a loop");
}

TEST(pdf_file, inflates_fixed_stored_and_dynamic_blocks) {
  EXPECT_EQ(inflate_zlib(from_hex("78dacb48cdc9c957c8402701680308b1"), 1000),
            "hello hello hello hello");
  EXPECT_EQ(inflate_zlib(from_hex("7801011100eeff73746f72656420626c6f636b20646174613bcd0677"), 100),
            "stored block data");
  std::string dynamic = from_hex(
      "78da0bc94855282ccd4cce56482aca2fcf5348cbaf50c82acd2d2856c82f4b2d5228014ae72456552aa4e4a7eb"
      "29848c2a1e553caa98da8a191899985958d9d83938b9b87978f9f8050485844544c5c42524a5a46564e5e41514"
      "95945554d5d43534b5b47574f5f40d0c8d8c4d4ccdcc2d2cadac6d6cedec1d1c9d9c5d5cdddc3d3cbdbc7d7cfd"
      "fc030283824342c3c22322a3a26362e3e2131293925352d3d23332b3b27372f3f20b0a8b8a4b4acbca2b2aabaa"
      "6b6aebea1b1a9b9a5b5adbda3b3abbba7b7afbfa274c9c3479cad469d367cc9c357bcedc79f3172c5cb478c9d2"
      "65cb57ac5cb57acdda75eb376cdcb479cbd66ddb77ecdcb57bcfde7dfb0f1c3c74f8c8d163c74f9c3c75faccd9"
      "73e72f5cbc74f9cad56bd76fdcbc75fbcedd7bf71f3c7cf4f8c9d367cf5fbc7cf5facddb77ef3f7cfcf4f9cbd7"
      "6fdf7ffcfcf5fbcfdf7fff011497c29c");
  std::string out = inflate_zlib(dynamic, 10000);
  EXPECT_EQ(out.size(), 1156u);
  EXPECT_EQ(to_hex(sha256(out)),
            "6b79352d9791e2c08754e89f267c944c6204723b849601182090e19ad3198cc1");
  EXPECT_THROW(inflate_zlib(dynamic, 100), pdf_syntax_error);  // the size limit holds
  EXPECT_THROW(inflate_zlib(dynamic.substr(0, 40), 10000), pdf_syntax_error);
  EXPECT_THROW(inflate_zlib("not zlib", 100), pdf_syntax_error);
}

TEST(pdf_file, undoes_png_up_and_sub_predictors) {
  // Two rows of three bytes: row 1 "Sub", row 2 "Up".
  std::string encoded = std::string("\x01\x01\x01\x01", 4) + std::string("\x02\x01\x01\x01", 4);
  EXPECT_EQ(undo_png_predictor(encoded, 3, 1, 8), std::string("\x01\x02\x03\x02\x03\x04", 6));
}

}  // namespace
}  // namespace rapport::detail

// Tests of detail::repair_pdf: the fixes for cairo 1.16's cross-reference entries of objects
// it never writes and its dates without "D:".
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../sample_document.hpp"
#include "render/cairo/cairo_detail.hpp"

namespace rapport::render::detail {
namespace {

// A small PDF in cairo's layout: objects, one classic xref table, trailer. Object 4 is listed
// at `missing_offset` but never written when `with_missing` is set.
std::string small_pdf(bool with_missing, const std::string& date) {
  std::string pdf = "%PDF-1.5\n%\xb5\xed\xae\xfb\n";
  std::vector<std::size_t> offsets(6, 0);
  auto add = [&](int number, const std::string& body) {
    offsets[number] = pdf.size();
    pdf += fmt::format("{} 0 obj\n{}\nendobj\n", number, body);
  };
  add(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>");
  add(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  add(5, "<< /Producer (test)\n   /CreationDate (" + date + ")\n   /ModDate (" + date + ")\n>>");
  if (!with_missing) add(4, "[ 3 0 R ]");
  add(1, "<< /Type /Catalog /Pages 2 0 R >>");
  if (with_missing) offsets[4] = 15;  // what cairo 1.16 writes for an object it skipped
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 6\n0000000000 65535 f \n";
  for (int i = 1; i < 6; ++i) pdf += fmt::format("{:010} 00000 n \n", offsets[i]);
  pdf += "trailer\n<< /Size 6\n   /Root 1 0 R\n   /Info 5 0 R\n>>\n";
  pdf += fmt::format("startxref\n{}\n%%EOF\n", xref);
  return pdf;
}

TEST(repair_pdf, frees_unwritten_objects_and_dates_the_dates) {
  const std::string broken = small_pdf(true, "20211123100500Z");
  // The broken file is what qpdf complains about.
  EXPECT_NE(test::run_on_pdf("qpdf --check", broken, "repair-in.pdf").output.find("WARNING"),
            std::string::npos);

  const std::string fixed = repair_pdf(broken);
  const auto check = test::run_on_pdf("qpdf --check", fixed, "repair-out.pdf");
  EXPECT_EQ(check.status, 0) << check.output;
  EXPECT_EQ(check.output.find("WARNING"), std::string::npos) << check.output;
  EXPECT_NE(fixed.find("/CreationDate (D:20211123100500Z)"), std::string::npos);
  EXPECT_NE(fixed.find("/ModDate (D:20211123100500Z)"), std::string::npos);
  // Entry 0 heads the free list at object 4, which ends it with generation 1.
  EXPECT_NE(fixed.find("xref\n0 6\n0000000004 65535 f \n"), std::string::npos) << fixed;
  EXPECT_NE(fixed.find("0000000000 00001 f \n"), std::string::npos) << fixed;
  const auto info = test::run_on_pdf("pdfinfo -isodates", fixed, "repair-out.pdf");
  EXPECT_NE(info.output.find("CreationDate:    2021-11-23T10:05:00Z"), std::string::npos)
      << info.output;
}

TEST(repair_pdf, leaves_sound_files_alone) {
  const std::string sound = small_pdf(false, "D:20211123100500Z");
  EXPECT_EQ(repair_pdf(sound), sound);
}

TEST(repair_pdf, leaves_what_it_does_not_understand_alone) {
  for (const std::string& odd : {std::string(), std::string("%PDF-1.5\nstartxref\n999\n%%EOF"),
                                 std::string("startxref\n0\n"), std::string("xref\n0 1\nzz")}) {
    EXPECT_EQ(repair_pdf(odd), odd);
  }
  std::string incremental = small_pdf(true, "20211123100500Z");
  incremental.insert(incremental.find("   /Info"), "   /Prev 9\n");
  EXPECT_EQ(repair_pdf(incremental), incremental);
}

}  // namespace
}  // namespace rapport::render::detail

// Tests of the PDF/A pieces of the libharu backend on their own: the XMP packet, the content
// /ID, the cut-down font program and the check of the output profile.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

#include "../pdf_checks.hpp"
#include "render/haru/haru_canvas.hpp"
#include "render/haru/haru_detail.hpp"

namespace rapport::render::detail {
namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::uint32_t u32(const std::string& data, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i)
    value = (value << 8) | static_cast<unsigned char>(data[at + i]);
  return value;
}

std::uint32_t sum_of_words(const std::string& data, std::size_t at, std::size_t length) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < length; i += 4) {
    std::uint32_t word = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      word = (word << 8) | (i + k < length ? static_cast<unsigned char>(data[at + i + k]) : 0);
    }
    sum += word;
  }
  return sum;
}

// Where a table of a TrueType file starts and how long it is, or {0, 0}.
std::pair<std::size_t, std::size_t> find_table(const std::string& font, std::string_view tag) {
  const std::size_t count =
      (static_cast<unsigned char>(font[4]) << 8) | static_cast<unsigned char>(font[5]);
  for (std::size_t i = 0; i < count; ++i) {
    if (font.compare(12 + 16 * i, 4, tag) == 0) {
      return {u32(font, 12 + 16 * i + 8), u32(font, 12 + 16 * i + 12)};
    }
  }
  return {0, 0};
}

xmp_fields sample_fields() {
  xmp_fields f;
  f.title = "Delårsrapport 2021";
  f.author = "Socialnämnden";
  f.subject = "Resultat efter augusti";
  f.keywords = "prognos, resultat";
  f.creator = "rapport 0.1.0";
  f.producer = "Haru Free PDF Library 2.3.0";
  f.language = "sv";
  f.created = 1637663405;  // 2021-11-23 10:30:05 UTC
  return f;
}

TEST(xmp_packet, puts_each_info_entry_in_the_property_pdfa_names) {
  const std::string xmp = xmp_packet(sample_fields());
  EXPECT_NE(xmp.find("<pdfaid:part>1</pdfaid:part>"), std::string::npos) << xmp;
  EXPECT_NE(xmp.find("<pdfaid:conformance>B</pdfaid:conformance>"), std::string::npos);
  EXPECT_NE(
      xmp.find("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Delårsrapport 2021</rdf:li>"),
      std::string::npos);
  EXPECT_NE(xmp.find("<dc:creator><rdf:Seq><rdf:li>Socialnämnden</rdf:li></rdf:Seq>"),
            std::string::npos);
  EXPECT_NE(
      xmp.find("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">Resultat efter augusti"),
      std::string::npos);
  EXPECT_NE(xmp.find("<pdf:Keywords>prognos, resultat</pdf:Keywords>"), std::string::npos);
  EXPECT_NE(xmp.find("<pdf:Producer>Haru Free PDF Library 2.3.0</pdf:Producer>"),
            std::string::npos);
  EXPECT_NE(xmp.find("<xmp:CreatorTool>rapport 0.1.0</xmp:CreatorTool>"), std::string::npos);
  EXPECT_NE(xmp.find("<xmp:CreateDate>2021-11-23T10:30:05Z</xmp:CreateDate>"), std::string::npos);
  EXPECT_NE(xmp.find("<xmp:ModifyDate>2021-11-23T10:30:05Z</xmp:ModifyDate>"), std::string::npos);
}

TEST(xmp_packet, has_a_header_pdfa_1_allows) {
  const std::string xmp = xmp_packet(sample_fields());
  // begin holds the UTF-8 byte order mark; bytes= and encoding= are forbidden by PDF/A-1.
  EXPECT_EQ(xmp.rfind("<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>", 0), 0u);
  const std::string header = xmp.substr(0, xmp.find("?>"));
  EXPECT_EQ(header.find("bytes="), std::string::npos);
  EXPECT_EQ(header.find("encoding="), std::string::npos);
  EXPECT_TRUE(xmp.ends_with("<?xpacket end=\"w\"?>"));
}

TEST(xmp_packet, escapes_markup_and_leaves_out_what_xml_cannot_hold) {
  xmp_fields f = sample_fields();
  f.title = "Drift & <investering>\x01\x1F i \"kr\"";
  const std::string xmp = xmp_packet(f);
  EXPECT_NE(xmp.find(">Drift &amp; &lt;investering&gt; i \"kr\"</rdf:li>"), std::string::npos)
      << xmp;
  EXPECT_EQ(xmp.find('\x01'), std::string::npos);
}

TEST(xmp_packet, leaves_out_empty_entries_and_dates_that_are_not_known) {
  xmp_fields f = sample_fields();
  f.subject.clear();
  f.keywords.clear();
  f.created = 0;
  const std::string xmp = xmp_packet(f);
  EXPECT_EQ(xmp.find("dc:description"), std::string::npos);
  EXPECT_EQ(xmp.find("pdf:Keywords"), std::string::npos);
  EXPECT_EQ(xmp.find("xmp:CreateDate"), std::string::npos);
  EXPECT_EQ(xmp.find("xmp:ModifyDate"), std::string::npos);
  EXPECT_NE(xmp.find("<dc:title>"), std::string::npos);
}

TEST(stamp_document_id, writes_the_md5_of_the_file_in_place_of_the_placeholder) {
  const std::string zeros(32, '0');
  std::string pdf = "%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<<\n/ID [ <" + zeros + "> <" +
                    zeros + "> ]\n>>\n%%EOF\n";
  const std::size_t size = pdf.size();
  stamp_document_id(pdf);
  EXPECT_EQ(pdf.size(), size);  // no byte offset moves
  // MD5 of the file as it was, computed independently (Python's hashlib).
  const std::string id = "<09D8CDEBFA62AB22E4EB912C31EDFD8B>";
  EXPECT_NE(pdf.find("/ID [ " + id + " " + id + " ]"), std::string::npos) << pdf;
}

TEST(stamp_document_id, refuses_a_file_without_the_placeholder) {
  std::string pdf = "%PDF-1.4\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
  EXPECT_THROW(stamp_document_id(pdf), std::runtime_error);
}

TEST(drop_glyph_names, cuts_post_to_version_3_and_keeps_the_font_consistent) {
  const std::string font = slurp(test::font_path("liberation/LiberationSans-Regular.ttf"));
  ASSERT_GT(font.size(), 1000u);
  const std::string cut = drop_glyph_names(font);
  EXPECT_LT(cut.size(), font.size());

  const auto [post_at, post_length] = find_table(cut, "post");
  ASSERT_NE(post_at, 0u);
  EXPECT_EQ(u32(cut, post_at), 0x00030000u);
  EXPECT_EQ(post_length, 32u);
  // Every table's checksum is right, and the whole file sums to the magic number.
  const std::size_t count =
      (static_cast<unsigned char>(cut[4]) << 8) | static_cast<unsigned char>(cut[5]);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t record = 12 + 16 * i;
    const std::string tag = cut.substr(record, 4);
    std::string data = cut.substr(u32(cut, record + 8), u32(cut, record + 12));
    if (tag == "head") data.replace(8, 4, std::string(4, '\0'));
    EXPECT_EQ(u32(cut, record + 4), sum_of_words(data, 0, data.size())) << tag;
  }
  EXPECT_EQ(sum_of_words(cut, 0, cut.size()), 0xB1B0AFBAu);
  // The other tables are unchanged.
  const auto [glyf_at, glyf_length] = find_table(cut, "glyf");
  const auto [old_glyf_at, old_glyf_length] = find_table(font, "glyf");
  ASSERT_EQ(glyf_length, old_glyf_length);
  EXPECT_TRUE(cut.compare(glyf_at, glyf_length, font, old_glyf_at, old_glyf_length) == 0);
}

TEST(drop_glyph_names, leaves_anything_else_unchanged) {
  EXPECT_EQ(drop_glyph_names("not a font"), "not a font");
  std::string truncated =
      slurp(test::font_path("liberation/LiberationSans-Regular.ttf")).substr(0, 200);
  EXPECT_EQ(drop_glyph_names(truncated), truncated);
}

// Points RAPPORT_DATA_DIR at a folder whose sRGB.icc is `icc` while it lives.
class scoped_profile {
public:
  explicit scoped_profile(const std::string& icc)
      // One folder per process: ctest runs the tests of this file in parallel processes.
      : dir_(std::filesystem::temp_directory_path() /
             ("rapport-haru-icc-" + std::to_string(getpid()))) {
    std::filesystem::create_directories(dir_ / "resources" / "icc");
    std::ofstream(dir_ / "resources" / "icc" / "sRGB.icc", std::ios::binary) << icc;
    if (const char* old = std::getenv("RAPPORT_DATA_DIR")) saved_ = old;
    setenv("RAPPORT_DATA_DIR", dir_.c_str(), 1);
  }
  scoped_profile(const scoped_profile&) = delete;
  scoped_profile& operator=(const scoped_profile&) = delete;
  ~scoped_profile() {
    saved_ ? setenv("RAPPORT_DATA_DIR", saved_->c_str(), 1) : unsetenv("RAPPORT_DATA_DIR");
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

private:
  std::filesystem::path dir_;
  std::optional<std::string> saved_;
};

std::string pdfa_error(const std::string& icc) {
  const scoped_profile profile(icc);
  render_options options;
  options.pdfa = true;
  try {
    render_pdf_haru(test::sample_document(), options);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(make_pdfa, refuses_an_output_profile_pdfa_1_cannot_hold) {
  const std::string good = slurp(std::string(RAPPORT_SOURCE_DIR) + "/resources/icc/sRGB.icc");
  ASSERT_GT(good.size(), 128u);
  EXPECT_NE(pdfa_error("not a profile").find("it is not an ICC profile"), std::string::npos);
  std::string version4 = good;
  version4[8] = 4;
  EXPECT_NE(pdfa_error(version4).find("it is not of ICC version 2"), std::string::npos);
  std::string cmyk = good;
  cmyk.replace(16, 4, "CMYK");
  EXPECT_NE(pdfa_error(cmyk).find("its colour space is not RGB"), std::string::npos);
  EXPECT_NE(pdfa_error(good.substr(0, good.size() - 4)).find("its size field"), std::string::npos);
  // The shipped profile itself passes.
  EXPECT_EQ(pdfa_error(good), "");
}

}  // namespace
}  // namespace rapport::render::detail

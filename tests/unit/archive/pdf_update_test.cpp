// Tests for archive/pdf_update.hpp: the incremental update that carries a signature.
#include "archive/pdf_update.hpp"

#include <gtest/gtest.h>

#include "base/diagnostics.hpp"
#include "test_support.hpp"

namespace rapport::detail {
namespace {

signature_fields small_fields() {
  signature_fields f;
  f.date = "D:20240502100000+00'00'";
  f.reason = "Beslutad i fullmäktige";
  f.contents_capacity = 64;
  return f;
}

std::vector<std::int64_t> byte_range_of(const pdf_file& file, pdf_ref sig) {
  std::vector<std::int64_t> range;
  auto object = file.load(sig);
  for (const auto& item : object->object.dict()->find("ByteRange")->array()->items)
    range.push_back(*item.integer());
  return range;
}

const pdf_object& deref(const pdf_file& file, const pdf_object& o, pdf_object& holder) {
  holder = file.resolve(o);
  return holder;
}

TEST(pdf_update, appends_a_revision_with_a_consistent_byte_range) {
  std::string original = test::minimal_pdf();
  pdf_file input(original, "in.pdf");
  prepared_signature p = prepare_signature(input, small_fields());

  // The original bytes are untouched: an incremental update only appends.
  ASSERT_GT(p.bytes.size(), original.size());
  EXPECT_EQ(p.bytes.substr(0, original.size()), original);
  EXPECT_EQ(p.field_name, "Signature1");
  EXPECT_EQ(p.bytes[p.contents_begin], '<');
  EXPECT_EQ(p.bytes[p.contents_end - 1], '>');
  EXPECT_EQ(p.contents_end - p.contents_begin, 2 + 2 * 64u);

  pdf_file output(p.bytes, "out.pdf");
  ASSERT_EQ(output.sections().size(), 2u);
  EXPECT_EQ(output.sections()[0].trailer.find("Prev")->integer(),
            static_cast<std::int64_t>(input.startxref()));
  // Objects 6 (signature) and 7 (field and widget) are new; /Size grows to match.
  EXPECT_EQ(output.trailer().find("Size")->integer(), 8);
  auto range = byte_range_of(output, {6, 0});
  ASSERT_EQ(range.size(), 4u);
  EXPECT_EQ(range[0], 0);
  EXPECT_EQ(range[1], static_cast<std::int64_t>(p.contents_begin));
  EXPECT_EQ(range[2], static_cast<std::int64_t>(p.contents_end));
  EXPECT_EQ(range[2] + range[3], static_cast<std::int64_t>(p.bytes.size()));
  EXPECT_EQ(p.signed_bytes().size(), p.bytes.size() - (p.contents_end - p.contents_begin));

  auto sig = output.load({6, 0});
  const pdf_dict& d = *sig->object.dict();
  EXPECT_EQ(*d.find("Type")->name(), "Sig");
  EXPECT_EQ(*d.find("SubFilter")->name(), "ETSI.CAdES.detached");
  EXPECT_EQ(d.find("M")->string()->bytes, "D:20240502100000+00'00'");
  EXPECT_EQ(utf8_from_pdf_text(d.find("Reason")->string()->bytes), "Beslutad i fullmäktige");
}

TEST(pdf_update, adds_the_field_to_the_form_and_the_widget_to_the_first_page) {
  std::string original = test::minimal_pdf();
  pdf_file input(original, "in.pdf");
  prepared_signature p = prepare_signature(input, small_fields());
  pdf_file output(p.bytes, "out.pdf");

  pdf_object holder;
  const pdf_object& catalog = deref(output, {pdf_ref{1, 0}}, holder);
  const pdf_dict& form = *catalog.dict()->find("AcroForm")->dict();
  EXPECT_EQ(form.find("SigFlags")->integer(), 3);
  const auto& fields = form.find("Fields")->array()->items;
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(*fields[0].ref(), (pdf_ref{7, 0}));

  auto widget = output.load({7, 0});
  const pdf_dict& w = *widget->object.dict();
  EXPECT_EQ(*w.find("FT")->name(), "Sig");
  EXPECT_EQ(*w.find("Subtype")->name(), "Widget");
  EXPECT_EQ(w.find("F")->integer(), 132);
  EXPECT_EQ(*w.find("P")->ref(), (pdf_ref{3, 0}));
  EXPECT_EQ(*w.find("V")->ref(), (pdf_ref{6, 0}));

  auto page = output.load({3, 0});
  const auto& annots = page->object.dict()->find("Annots")->array()->items;
  ASSERT_EQ(annots.size(), 1u);
  EXPECT_EQ(*annots[0].ref(), (pdf_ref{7, 0}));
  // Everything else about the page is as it was.
  EXPECT_TRUE(same_object(*page->object.dict()->find("Contents"),
                          *input.load({3, 0})->object.dict()->find("Contents")));
}

TEST(pdf_update, a_second_signature_keeps_the_first_field_and_gets_a_new_name) {
  std::string original = test::minimal_pdf();
  pdf_file input(original, "in.pdf");
  std::string once = prepare_signature(input, small_fields()).bytes;
  pdf_file signed_once(once, "once.pdf");
  prepared_signature p = prepare_signature(signed_once, small_fields());
  EXPECT_EQ(p.field_name, "Signature2");
  pdf_file output(p.bytes, "twice.pdf");
  EXPECT_EQ(output.sections().size(), 3u);
  pdf_object holder;
  const pdf_object& catalog = deref(output, {pdf_ref{1, 0}}, holder);
  const auto& fields = catalog.dict()->find("AcroForm")->dict()->find("Fields")->array()->items;
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(*fields[0].ref(), (pdf_ref{7, 0}));
  EXPECT_EQ(*fields[1].ref(), (pdf_ref{9, 0}));
  auto page = output.load({3, 0});
  EXPECT_EQ(page->object.dict()->find("Annots")->array()->items.size(), 2u);
}

TEST(pdf_update, rewrites_indirect_form_and_annotation_arrays_in_place) {
  std::string content = "BT ET";
  std::string original = test::build_pdf({
      "<< /Type /Catalog /Pages 2 0 R /AcroForm 5 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Annots 4 0 R >>",
      "[6 0 R]",
      "<< /Fields [6 0 R] /SigFlags 1 >>",
      "<< /FT /Tx /T (Signature1) /Type /Annot /Subtype /Widget /Rect [0 0 1 1] /P 3 0 R >>",
  });
  pdf_file input(original, "in.pdf");
  prepared_signature p = prepare_signature(input, small_fields());
  EXPECT_EQ(p.field_name, "Signature2");  // the text field already took Signature1
  pdf_file output(p.bytes, "out.pdf");
  const auto& newest = output.sections()[0].entries;
  EXPECT_TRUE(newest.contains(4));   // the annotation array object
  EXPECT_TRUE(newest.contains(5));   // the form object
  EXPECT_FALSE(newest.contains(1));  // the catalog needs no change
  EXPECT_FALSE(newest.contains(3));  // nor does the page
  auto annots = output.load({4, 0});
  EXPECT_EQ(annots->object.array()->items.size(), 2u);
  auto form = output.load({5, 0});
  EXPECT_EQ(form->object.dict()->find("SigFlags")->integer(), 3);
  EXPECT_EQ(form->object.dict()->find("Fields")->array()->items.size(), 2u);
}

TEST(pdf_update, follows_an_xref_stream_with_an_xref_stream) {
  std::string body = "%PDF-1.5\n";
  std::vector<std::size_t> offsets;
  for (const char* object :
       {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"}) {
    offsets.push_back(body.size());
    body += std::to_string(offsets.size()) + " 0 obj\n" + object + "\nendobj\n";
  }
  std::size_t xref = body.size();
  std::string rows = std::string("\x00\x00\xff", 3);
  for (std::size_t off : offsets)
    rows += std::string{'\x01', static_cast<char>(off >> 8), static_cast<char>(off & 0xff)};
  rows += std::string{'\x01', static_cast<char>(xref >> 8), static_cast<char>(xref & 0xff)};
  body += "4 0 obj\n<< /Type /XRef /Size 5 /W [1 2 0] /Root 1 0 R /Length " +
          std::to_string(rows.size()) + " >>\nstream\n" + rows +
          "\nendstream\nendobj\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  pdf_file input(body, "in.pdf");
  prepared_signature p = prepare_signature(input, small_fields());
  pdf_file output(p.bytes, "out.pdf");
  ASSERT_EQ(output.sections().size(), 2u);
  EXPECT_TRUE(output.sections()[0].is_stream);
  EXPECT_TRUE(output.load({5, 0}));  // the signature dictionary
  EXPECT_TRUE(output.load({6, 0}));  // the field
}

TEST(pdf_update, refuses_encrypted_files_and_files_without_pages) {
  std::string encrypted =
      test::build_pdf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>",
                       "<< /Filter /Standard /V 1 >>"},
                      " /Encrypt 3 0 R");
  pdf_file e(encrypted, "enc.pdf");
  try {
    prepare_signature(e, small_fields());
    FAIL() << "expected an error";
  } catch (const fatal_error& error) {
    EXPECT_EQ(error.what_diagnostic().message, "encrypted PDFs cannot be signed");
  }
  std::string empty = test::build_pdf(
      {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"});
  pdf_file no_pages(empty, "empty.pdf");
  EXPECT_THROW(prepare_signature(no_pages, small_fields()), fatal_error);
}

TEST(pdf_update, contents_accept_what_fits_and_refuse_what_does_not) {
  std::string original = test::minimal_pdf();
  pdf_file input(original, "in.pdf");
  prepared_signature p = prepare_signature(input, small_fields());
  std::string before = p.signed_bytes();
  EXPECT_TRUE(p.set_contents(std::string(64, '\xAB')));
  EXPECT_EQ(p.bytes.substr(p.contents_begin, 5), "<abab");
  EXPECT_EQ(p.signed_bytes(), before);  // the signed bytes exclude /Contents
  EXPECT_FALSE(p.set_contents(std::string(65, '\x01')));
}

}  // namespace
}  // namespace rapport::detail

// Tests for the spreadsheet readers' building blocks: the streaming XML reader, cell
// references and ranges, number formats and date serials.
#include "data/spreadsheet_xml.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "data/ods_content.hpp"
#include "data/spreadsheet.hpp"

namespace rapport::detail {
namespace {

// Feeds `xml` in pieces of `step` bytes, so tokens straddle the reader's buffer refills.
byte_source from_string(const std::string& xml, std::size_t step) {
  auto offset = std::make_shared<std::size_t>(0);
  return [xml, step, offset](char* out, std::size_t size) {
    std::size_t n = std::min({size, step, xml.size() - *offset});
    std::memcpy(out, xml.data() + *offset, n);
    *offset += n;
    return n;
  };
}

// A compact trace of the events: "<a x=1>", "'text'", "</a>".
std::string trace(const std::string& xml, std::size_t step = 1 << 20) {
  xml_reader reader(from_string(xml, step));
  std::string out;
  for (auto e = reader.next(); e != xml_reader::event::done; e = reader.next()) {
    if (e == xml_reader::event::start) {
      out += "<" + std::string(reader.name());
      if (auto v = reader.attr("v")) out += " v=" + std::string(*v);
      out += ">";
    } else if (e == xml_reader::event::end) {
      out += "</" + std::string(reader.name()) + ">";
    } else {
      out += "'" + std::string(reader.text()) + "'";
    }
  }
  return out;
}

std::string xml_failure(const std::string& xml) {
  try {
    trace(xml);
  } catch (const xml_error& e) {
    return e.message;
  }
  return "no error";
}

TEST(spreadsheet_xml, reads_tags_text_and_attributes) {
  EXPECT_EQ(trace("<?xml version=\"1.0\"?>\n<a v=\"1\"><b v='x &gt; y'/>t<!-- c --></a>"),
            "<a v=1><b v=x > y></b>'t'</a>");
}

TEST(spreadsheet_xml, gives_the_same_events_whatever_the_chunk_size) {
  const std::string xml =
      "\xEF\xBB\xBF<?xml version=\"1.0\"?><root><c v=\"a>b\">x &amp; y&#228;&#x1F600;</c>"
      "<![CDATA[<raw>]]><d v=\"1\"/></root>";
  const std::string whole = trace(xml);
  EXPECT_EQ(whole, "<root><c v=a>b>'x & yä\xF0\x9F\x98\x80'</c>'<raw>'<d v=1></d></root>");
  for (std::size_t step : {1u, 2u, 3u, 7u}) EXPECT_EQ(trace(xml, step), whole) << step;
}

TEST(spreadsheet_xml, normalises_line_ends) {
  EXPECT_EQ(trace("<a v=\"x\ty\">1\r\n2\r3</a>"), "<a v=x\ty>'1\n2\n3'</a>");
}

TEST(spreadsheet_xml, resolves_namespaces) {
  const std::string xml =
      "<o:doc xmlns:o=\"urn:o\" xmlns:t=\"urn:t\"><t:cell o:type=\"float\" type=\"plain\">"
      "<inner xmlns=\"urn:d\"/></t:cell></o:doc>";
  xml_reader reader(from_string(xml, 5));
  ASSERT_EQ(reader.next(), xml_reader::event::start);
  EXPECT_TRUE(reader.is("urn:o", "doc"));
  ASSERT_EQ(reader.next(), xml_reader::event::start);
  EXPECT_TRUE(reader.is("urn:t", "cell"));
  EXPECT_EQ(reader.attr("urn:o", "type").value_or(""), "float");
  EXPECT_EQ(reader.attr("", "type").value_or(""), "plain");  // no prefix: no namespace
  EXPECT_FALSE(reader.attr("urn:t", "type"));
  ASSERT_EQ(reader.next(), xml_reader::event::start);
  EXPECT_TRUE(reader.is("urn:d", "inner"));
  ASSERT_EQ(reader.next(), xml_reader::event::end);
  EXPECT_TRUE(reader.is("urn:d", "inner"));  // still in scope at its own end tag
  ASSERT_EQ(reader.next(), xml_reader::event::end);
  EXPECT_EQ(reader.ns(), "urn:t");
}

TEST(spreadsheet_xml, skips_and_collects_inner_text) {
  xml_reader reader(from_string("<a><b>one<c>two</c></b><d>three</d></a>", 2));
  reader.next();  // <a>
  reader.next();  // <b>
  EXPECT_EQ(reader.inner_text(), "onetwo");
  reader.next();  // <d>
  reader.skip();
  EXPECT_EQ(reader.next(), xml_reader::event::end);
  EXPECT_EQ(reader.name(), "a");
  EXPECT_EQ(reader.next(), xml_reader::event::done);
}

TEST(spreadsheet_xml, refuses_malformed_input) {
  EXPECT_EQ(xml_failure("<a><b></a>"), "expected </b>, found </a>");
  EXPECT_EQ(xml_failure("<a>&nbsp;</a>"), "unknown entity '&nbsp;'");
  EXPECT_EQ(xml_failure("<a>&#0;</a>"), "a bad character reference '&#0;'");
  EXPECT_EQ(xml_failure("<!DOCTYPE a [<!ENTITY x \"y\">]><a/>"),
            "a DOCTYPE is not allowed in a workbook part");
  EXPECT_EQ(xml_failure("<a><b>"), "the part ends inside <b>");
  EXPECT_EQ(xml_failure("<a v=\"1></a>"), "the part ends inside a tag");
  EXPECT_EQ(xml_failure("<a v=1/>"), "attribute 'v' of <a> is not quoted");
  EXPECT_EQ(xml_failure("x<a/>"), "text outside the root element");
  EXPECT_EQ(xml_failure("</a>"), "unexpected </a>");
  EXPECT_EQ(xml_failure("\xFF\xFE<\0a\0/\0>\0"), "the part is UTF-16; only UTF-8 is supported");
}

TEST(spreadsheet_refs, parses_cells_and_ranges) {
  EXPECT_EQ(column_letters(0), "A");
  EXPECT_EQ(column_letters(25), "Z");
  EXPECT_EQ(column_letters(26), "AA");
  EXPECT_EQ(column_letters(16383), "XFD");
  EXPECT_EQ(parse_cell("$B$7"), (std::pair<std::uint32_t, std::uint32_t>{6, 1}));
  EXPECT_EQ(parse_cell("xfd1048576"), (std::pair<std::uint32_t, std::uint32_t>{1048575, 16383}));
  EXPECT_FALSE(parse_cell("XFE1"));
  EXPECT_FALSE(parse_cell("A0"));
  EXPECT_FALSE(parse_cell("A1048577"));

  auto r = parse_range("'Min ''budget'''!$A$3:$H$40");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->sheet, "Min 'budget'");
  EXPECT_EQ(area_name(r->area), "A3:H40");
  EXPECT_EQ(area_name(parse_range("H40:A3")->area), "A3:H40");
  EXPECT_EQ(area_name(parse_range("B:C")->area), "B:C");
  EXPECT_TRUE(parse_range("B:C")->area.rows_open);
  EXPECT_EQ(area_name(parse_range("3:40")->area), "3:40");
  EXPECT_EQ(area_name(parse_range("Drift!B7")->area), "B7");
  EXPECT_FALSE(parse_range("ABC"));  // a name, not a column
  EXPECT_FALSE(parse_range("A1:B"));
  EXPECT_FALSE(parse_range("Drift!A1:A7,Drift!C1:C7"));
  EXPECT_FALSE(parse_range("Driftbudget"));
  EXPECT_EQ(quote_sheet("Blad1"), "Blad1");
  EXPECT_EQ(quote_sheet("Årsbudget"), "Årsbudget");
  EXPECT_EQ(quote_sheet("Min budget"), "'Min budget'");
  EXPECT_EQ(quote_sheet("It's"), "'It''s'");
}

TEST(spreadsheet_refs, converts_ods_addresses) {
  EXPECT_EQ(ods_address_to_a1("$Blad1.$A$1:.$C$9"), "Blad1!$A$1:$C$9");
  EXPECT_EQ(ods_address_to_a1("Blad1.A1:Blad1.C9"), "Blad1!A1:C9");
  EXPECT_EQ(ods_address_to_a1("$'Min budget'.$A$2:.$D$4"), "'Min budget'!$A$2:$D$4");
  EXPECT_EQ(ods_address_to_a1("$Blad1.$A$1:$Blad2.$C$9"), "$Blad1.$A$1:$Blad2.$C$9");
}

TEST(spreadsheet_refs, classifies_number_formats) {
  EXPECT_EQ(classify_format("General"), number_kind::number);
  EXPECT_EQ(classify_format("#,##0\\ \"kr\""), number_kind::number);
  EXPECT_EQ(classify_format("0.00E+00"), number_kind::number);
  EXPECT_EQ(classify_format("0 \"dagar\""), number_kind::number);  // quoted letters do not count
  EXPECT_EQ(classify_format("[Red]#,##0;[Blue]-#,##0"), number_kind::number);
  EXPECT_EQ(classify_format("yyyy-mm-dd"), number_kind::date);
  EXPECT_EQ(classify_format("[$-41D]d\\ mmmm\\ yyyy;@"), number_kind::date);
  EXPECT_EQ(classify_format("mmm"), number_kind::date);  // m alone is a month
  EXPECT_EQ(classify_format("yyyy-mm-dd hh:mm"), number_kind::date_time);
  EXPECT_EQ(classify_format("h:mm AM/PM"), number_kind::time);
  EXPECT_EQ(classify_format("mm:ss"), number_kind::time);  // m beside s is minutes
  EXPECT_EQ(classify_format("[h]:mm:ss"), number_kind::duration);
  EXPECT_EQ(classify_builtin_format(14), number_kind::date);
  EXPECT_EQ(classify_builtin_format(22), number_kind::date_time);
  EXPECT_EQ(classify_builtin_format(20), number_kind::time);
  EXPECT_EQ(classify_builtin_format(46), number_kind::duration);
  EXPECT_EQ(classify_builtin_format(4), number_kind::number);
}

TEST(spreadsheet_refs, converts_date_serials) {
  EXPECT_EQ(excel_date(44439, false, number_kind::date), "2021-08-31");
  EXPECT_EQ(excel_date(44439 - 1462, true, number_kind::date), "2021-08-31");
  EXPECT_EQ(excel_date(0, true, number_kind::date), "1904-01-01");
  EXPECT_EQ(excel_date(1, false, number_kind::date), "1900-01-01");
  EXPECT_EQ(excel_date(59, false, number_kind::date), "1900-02-28");
  EXPECT_EQ(excel_date(60, false, number_kind::date), std::nullopt);  // Lotus's 1900-02-29
  EXPECT_EQ(excel_date(61, false, number_kind::date), "1900-03-01");
  EXPECT_EQ(excel_date(2958465, false, number_kind::date), "9999-12-31");
  EXPECT_EQ(excel_date(2958466, false, number_kind::date), std::nullopt);
  EXPECT_EQ(excel_date(-1, false, number_kind::date), std::nullopt);
  EXPECT_EQ(excel_date(44439, false, number_kind::date_time), "2021-08-31T00:00:00");
  EXPECT_EQ(excel_date(0.75, false, number_kind::time), "18:00:00");
  EXPECT_EQ(excel_date(-0.5, false, number_kind::duration), "-12:00:00");
  EXPECT_EQ(normalise_iso("2021-08-31T13:45:00.000Z"), "2021-08-31T13:45:00");
  EXPECT_EQ(normalise_iso("2021-08-31T00:00:00"), "2021-08-31");
  EXPECT_EQ(normalise_iso("2021-02-30"), std::nullopt);
  EXPECT_EQ(normalise_iso("31/08/2021"), std::nullopt);
  EXPECT_EQ(parse_ods_duration("PT13H45M00S"), 13 * 3600 + 45 * 60);
  EXPECT_EQ(parse_ods_duration("-PT1H30M"), -5400);
  EXPECT_EQ(parse_ods_duration("P1DT2H"), 26 * 3600);
  EXPECT_EQ(parse_ods_duration("13:45"), std::nullopt);
}

TEST(spreadsheet_refs, parses_numbers_exactly_as_stored) {
  EXPECT_EQ(parse_stored_number("1234.5678901234567"), 1234.5678901234567);
  EXPECT_EQ(parse_stored_number("1.2345E+21"), 1.2345e21);
  EXPECT_EQ(parse_stored_number("-1.23E-4"), -1.23e-4);
  EXPECT_EQ(parse_stored_number("n/a"), std::nullopt);
  EXPECT_EQ(parse_stored_number("12abc"), std::nullopt);
  EXPECT_EQ(parse_stored_number(""), std::nullopt);
  EXPECT_EQ(number_text(2021), "2021");
  EXPECT_EQ(number_text(1.5), "1.5");
}

}  // namespace
}  // namespace rapport::detail

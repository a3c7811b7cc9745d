// libFuzzer target: the parts of the workbook readers (data/) that see untrusted text: the
// streaming XML reader, fed in uneven chunks so every token can straddle a refill, and the
// parsers of cell ranges, stored numbers, dates, durations and number-format codes.
#include <algorithm>
#include <cstdint>
#include <string>

#include "data/ods_content.hpp"
#include "data/spreadsheet.hpp"
#include "data/spreadsheet_xml.hpp"
#include "fuzz_support.hpp"

namespace {

void parse_helpers(std::string_view text) {
  if (auto range = rapport::detail::parse_range(text)) {
    (void)rapport::detail::area_name(range->area);
    (void)rapport::detail::quote_sheet(range->sheet);
  }
  if (auto cell = rapport::detail::parse_cell(text))
    (void)rapport::detail::cell_name(cell->first, cell->second);
  if (auto number = rapport::detail::parse_stored_number(text)) {
    (void)rapport::detail::number_text(*number);
    for (bool date1904 : {false, true})
      for (auto kind : {rapport::detail::number_kind::date, rapport::detail::number_kind::date_time,
                        rapport::detail::number_kind::time, rapport::detail::number_kind::duration})
        (void)rapport::detail::excel_date(*number, date1904, kind);
  }
  (void)rapport::detail::normalise_iso(text);
  (void)rapport::detail::classify_format(text);
  (void)rapport::detail::ods_address_to_a1(text);
  if (auto seconds = rapport::detail::parse_ods_duration(text))
    (void)rapport::detail::iso_time(*seconds);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = rapport::fuzzing::split_control(data, size);
  const std::string_view control = parts.first, xml = parts.second;
  parse_helpers(control);
  // The first control byte picks the chunk size: 1 to 256 bytes per read.
  std::size_t chunk = control.empty() ? 64 : static_cast<unsigned char>(control[0]) + 1;
  std::size_t pos = 0;
  try {
    rapport::detail::xml_reader reader([&](char* out, std::size_t room) {
      std::size_t n = std::min({room, chunk, xml.size() - pos});
      std::copy_n(xml.data() + pos, n, out);
      pos += n;
      return n;
    });
    int events = 0;
    for (auto e = reader.next(); e != rapport::detail::xml_reader::event::done; e = reader.next()) {
      if (++events > 100000) rapport::fuzzing::broken("the reader makes progress");
      if (reader.offset() > xml.size()) rapport::fuzzing::broken("offsets stay inside the input");
      if (e != rapport::detail::xml_reader::event::start) continue;
      (void)reader.ns();
      (void)reader.attr("r");
      (void)reader.attr(rapport::detail::xml_ns::table, "name");
      if (reader.name() == "t" || reader.name() == "p")
        (void)reader.inner_text();
      else if (reader.name() == "skip")
        reader.skip();
    }
  } catch (const rapport::detail::xml_error& e) {
    if (e.offset > xml.size()) rapport::fuzzing::broken("error offsets stay inside the input");
  }
  return 0;
}

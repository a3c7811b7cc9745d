// data/ the .ods reader: checks the package, resolves the sheet and the range (named ranges
// need a first pass over content.xml), then streams the sheet (see ods_content.cpp).
#include <fmt/format.h>

#include "data/data.hpp"
#include "data/ods_content.hpp"

namespace rapport {

namespace detail {

namespace {

constexpr std::string_view ods_mimetype = "application/vnd.oasis.opendocument.spreadsheet";

// One end of an ODS address: "$Blad1.$A$1", ".$C$9" or "$'Min budget'.A1" -> {sheet, cell}.
std::optional<std::pair<std::string, std::string>> split_end(std::string_view end) {
  if (!end.empty() && end[0] == '$') end.remove_prefix(1);
  std::string sheet;
  if (!end.empty() && end[0] == '\'') {
    std::size_t i = 1;
    for (; i < end.size(); ++i) {
      if (end[i] == '\'' && i + 1 < end.size() && end[i + 1] == '\'') {
        sheet += '\'';
        ++i;
      } else if (end[i] == '\'') {
        break;
      } else {
        sheet += end[i];
      }
    }
    end.remove_prefix(std::min(i + 1, end.size()));
    if (end.empty() || end[0] != '.') return std::nullopt;
    return std::pair{sheet, std::string(end.substr(1))};
  }
  std::size_t dot = end.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  return std::pair{std::string(end.substr(0, dot)), std::string(end.substr(dot + 1))};
}

}  // namespace

std::string ods_address_to_a1(std::string_view address) {
  std::size_t colon = std::string_view::npos;
  bool quoted = false;
  for (std::size_t i = 0; i < address.size(); ++i) {
    if (address[i] == '\'') quoted = !quoted;
    if (address[i] == ':' && !quoted) colon = i;
    if (address[i] == ' ' && !quoted) return std::string(address);  // a list of ranges
  }
  auto first = split_end(address.substr(0, colon));
  if (!first || first->first.empty()) return std::string(address);
  std::string a1 = quote_sheet(first->first) + "!" + first->second;
  if (colon != std::string_view::npos) {
    auto last = split_end(address.substr(colon + 1));
    if (!last || (!last->first.empty() && last->first != first->first)) return std::string(address);
    a1 += ":" + last->second;
  }
  return a1;
}

std::optional<std::int64_t> parse_ods_duration(std::string_view text) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty() || text[0] != 'P') return std::nullopt;
  text.remove_prefix(1);
  double seconds = 0;
  bool in_time = false, any = false;
  while (!text.empty()) {
    if (text[0] == 'T') {
      in_time = true;
      text.remove_prefix(1);
      continue;
    }
    std::size_t n = 0;
    while (n < text.size() && ((text[n] >= '0' && text[n] <= '9') || text[n] == '.')) ++n;
    if (n == 0 || n == text.size()) return std::nullopt;
    auto number = parse_stored_number(text.substr(0, n));
    if (!number) return std::nullopt;
    char unit = text[n];
    if (unit == 'D' && !in_time)
      seconds += *number * 86400;
    else if (unit == 'H' && in_time)
      seconds += *number * 3600;
    else if (unit == 'M' && in_time)
      seconds += *number * 60;
    else if (unit == 'S' && in_time)
      seconds += *number;
    else
      return std::nullopt;
    any = true;
    text.remove_prefix(n + 1);
  }
  if (!any || seconds > 1e12) return std::nullopt;
  auto whole = static_cast<std::int64_t>(seconds + 0.5);
  return negative ? -whole : whole;
}

ods_names scan_ods_names(zip_archive& zip) {
  using xml_ns::table;
  ods_names found;
  zip_entry_reader entry = zip.open("content.xml");
  try {
    xml_reader xml(part_source(entry));
    for (auto e = xml.next(); e != xml_reader::event::done; e = xml.next()) {
      if (e != xml_reader::event::start) continue;
      if (xml.is(table, "table")) {
        found.sheets.emplace_back(xml.attr(table, "name").value_or(""));
      } else if (xml.is(table, "named-range")) {
        found.ranges.emplace_back(
            xml.attr(table, "name").value_or(""),
            ods_address_to_a1(xml.attr(table, "cell-range-address").value_or("")));
      } else if (xml.is(table, "database-range")) {
        found.ranges.emplace_back(
            xml.attr(table, "name").value_or(""),
            ods_address_to_a1(xml.attr(table, "target-range-address").value_or("")));
      } else if (xml.is(table, "table-row") || xml.is(table, "table-column")) {
        xml.skip();  // the cells wait for the second pass
      }
    }
  } catch (const xml_error& error) {
    throw malformed(zip.display(), "content.xml", error);
  }
  return found;
}

data_table read_ods_limited(const std::filesystem::path& path, const sheet_options& options,
                            const source_loc& referenced_from, const spreadsheet_limits& limits) {
  const std::string display = path.string();
  const source_loc loc = referenced_from.file.empty() ? source_loc{display, 0, 0} : referenced_from;
  zip_archive zip(path, display, ".ods", limits.zip, referenced_from);
  if (!zip.has("content.xml")) {
    if (zip.has("xl/workbook.xml") || zip.has("[Content_Types].xml"))
      throw fatal_error(source_loc{display, 0, 0},
                        "this is an Office Open XML workbook (.xlsx), not an .ods workbook",
                        "read it as an .xlsx source");
    zip.missing("content.xml");
  }
  if (zip.has("mimetype")) {
    std::string mimetype = zip.read_all("mimetype");
    if (mimetype != ods_mimetype)
      throw fatal_error(source_loc{display, 0, 0},
                        fmt::format("not an .ods workbook: its mimetype is '{}'", mimetype),
                        "only OpenDocument spreadsheets can be read as .ods sources");
  }

  ods_target target{options.sheet,
                    options.sheet_index >= 0 ? static_cast<std::size_t>(options.sheet_index) : 0};
  cell_area area;
  if (!options.range.empty()) {
    if (auto plain = parse_range(options.range); plain && plain->sheet.empty()) {
      area = plain->area;
    } else {
      ods_names names = scan_ods_names(zip);
      if (!options.sheet.empty() || options.sheet_index >= 0)
        target = {names.sheets[pick_sheet(names.sheets, options, display, loc)], 0};
      sheet_range range = pick_range(options.range, names.ranges, display, loc);
      if (!range.sheet.empty()) {
        if (!target.name.empty() && target.name != range.sheet)
          throw fatal_error(loc, fmt::format("the range '{}' is on sheet '{}', not on '{}'",
                                             options.range, range.sheet, target.name));
        target = {range.sheet, 0};
      }
      area = range.area;
    }
  }

  std::vector<std::string> sheets;
  if (auto table = read_ods_sheet(zip, target, area, options, limits, sheets)) return *table;
  if (sheets.empty()) throw fatal_error(source_loc{display, 0, 0}, "the workbook has no sheets");
  // No exact match: pick_sheet either finds the sheet ignoring case or explains.
  sheet_options again = options;
  if (!target.name.empty()) again.sheet = target.name;
  std::size_t index = pick_sheet(sheets, again, display, loc);
  if (auto table = read_ods_sheet(zip, {"", index}, area, options, limits, sheets)) return *table;
  throw fatal_error(loc, fmt::format("'{}' has no sheet '{}'", display, target.name));
}

}  // namespace detail

data_table read_ods(const std::filesystem::path& path, const sheet_options& options,
                    const source_loc& referenced_from) {
  return detail::read_ods_limited(path, options, referenced_from, {});
}

}  // namespace rapport

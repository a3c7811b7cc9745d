// data/ the .xlsx reader: picks the sheet and range, then streams the sheet's cell XML
// (<row>, <c r= t= s=>, <v>, <is>, <f>, <mergeCell>) into a sheet_grid.
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "data/data.hpp"
#include "data/xlsx_workbook.hpp"

namespace rapport {

namespace detail {

namespace {

// One <c> element as read, before it is typed.
struct raw_cell {
  std::uint32_t row = 0, col = 0;
  std::string type;  // t=
  int style = 0;     // s=
  bool has_value = false, has_formula = false;
  std::string value;  // <v> text, or the text of <is>
};

// A non-negative integer (a shared string index, a style, a row number); ~0u if it is none.
std::uint32_t to_index(std::string_view text) {
  std::uint32_t index = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
  if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) return index;
  auto number = parse_stored_number(text);  // "1.0", " 12 ": unusual, but still a number
  return number && *number >= 0 && *number < 4e9 && *number == std::floor(*number)
             ? static_cast<std::uint32_t>(*number)
             : ~0u;
}

// Types a cell the way it is stored: the cached result of a formula, never a recomputation.
value typed(const xlsx_workbook& book, const sheet_context& at, raw_cell& cell) {
  if (!cell.has_value) {
    if (cell.has_formula)
      at.fail(cell.row, cell.col, "the formula cell has no cached value",
              "open the workbook in Excel or LibreOffice and save it, so results are stored");
    return {};
  }
  const std::string& t = cell.type;
  if (t == "s") {
    std::uint32_t index = to_index(cell.value);
    if (index >= book.shared.size())
      at.fail(cell.row, cell.col,
              fmt::format("the cell refers to shared string {}, but the workbook has {}",
                          cell.value, book.shared.size()));
    return value(book.shared[index]);
  }
  if (t == "str" || t == "inlineStr") return value(decode_ooxml_escapes(std::move(cell.value)));
  if (t == "b") {
    if (cell.value == "1" || cell.value == "true") return value(true);
    if (cell.value == "0" || cell.value == "false") return value(false);
    at.fail(cell.row, cell.col, fmt::format("expected a boolean (0 or 1), found '{}'", cell.value));
  }
  if (t == "e")
    at.fail(cell.row, cell.col, fmt::format("the cell holds the spreadsheet error {}", cell.value),
            "correct the formula in the workbook; an error must not pass as an empty cell");
  if (t == "d") {
    if (auto iso = normalise_iso(cell.value)) return value(*iso);
    at.fail(cell.row, cell.col, fmt::format("expected an ISO 8601 date, found '{}'", cell.value));
  }
  if (!t.empty() && t != "n")
    at.fail(cell.row, cell.col, fmt::format("unknown cell type t=\"{}\"", t));
  if (cell.value.empty()) return {};
  auto number = parse_stored_number(cell.value);
  if (!number)
    at.fail(cell.row, cell.col, fmt::format("expected a number, found '{}'", cell.value));
  number_kind kind = cell.style >= 0 && static_cast<std::size_t>(cell.style) < book.styles.size()
                         ? book.styles[static_cast<std::size_t>(cell.style)]
                         : number_kind::number;
  if (kind == number_kind::number) return value(*number);
  if (auto date = excel_date(*number, book.date1904, kind)) return value(*date);
  at.fail(cell.row, cell.col,
          fmt::format("the cell is formatted as a date, but {} is no date in the {} date system",
                      cell.value, book.date1904 ? "1904" : "1900"));
}

// Reads the children of a <c>: its value, inline string and formula.
void read_cell_body(xml_reader& xml, raw_cell& cell) {
  const int depth = xml.depth();
  for (auto e = xml.next(); e != xml_reader::event::done; e = xml.next()) {
    if (e == xml_reader::event::end && xml.depth() == depth) return;
    if (e != xml_reader::event::start) continue;
    std::string_view name = xml.name();
    if (name == "v") {
      cell.value = xml.inner_text();
      cell.has_value = true;
    } else if (name == "f") {
      cell.has_formula = true;
      xml.skip();
    } else if (name == "is") {
      cell.has_value = true;
      cell.value.clear();
      const int is_depth = xml.depth();
      for (auto f = xml.next(); f != xml_reader::event::done; f = xml.next()) {
        if (f == xml_reader::event::end && xml.depth() == is_depth) break;
        if (f != xml_reader::event::start) continue;
        if (xml.name() == "rPh")
          xml.skip();
        else if (xml.name() == "t")
          cell.value += xml.inner_text();
      }
    } else {
      xml.skip();
    }
  }
}

void read_sheet_cells(xlsx_workbook& book, const xlsx_sheet& sheet, const sheet_context& at,
                      sheet_grid& grid) {
  if (sheet.part.empty() || !book.zip.has(sheet.part))
    book.zip.missing(sheet.part.empty() ? fmt::format("sheet '{}'", sheet.name) : sheet.part);
  zip_entry_reader entry = book.zip.open(sheet.part);
  try {
    xml_reader xml(part_source(entry));
    std::uint32_t next_row = 0, next_col = 0, row = 0;
    raw_cell cell;
    for (auto e = xml.next(); e != xml_reader::event::done; e = xml.next()) {
      if (e != xml_reader::event::start) continue;
      std::string_view name = xml.name();
      if (name == "c") {
        cell.type.assign(xml.attr("t").value_or(""));
        cell.style = static_cast<int>(to_index(xml.attr("s").value_or("0")));
        cell.has_value = cell.has_formula = false;
        cell.value.clear();
        cell.row = row;
        cell.col = next_col;
        if (auto ref = xml.attr("r")) {
          auto place = parse_cell(*ref);
          if (!place)
            throw fatal_error(at.at(row, next_col), fmt::format("bad cell reference '{}'", *ref));
          cell.row = place->first;
          cell.col = place->second;
        }
        if (cell.col >= max_cols) at.fail(row, max_cols - 1, "the row has too many cells");
        next_col = cell.col + 1;
        read_cell_body(xml, cell);
        if (grid.wants(cell.row, cell.col)) {
          grid.put(cell.row, cell.col, typed(book, at, cell));
        } else if (grid.remembers(cell.row, cell.col)) {
          try {
            grid.put(cell.row, cell.col, typed(book, at, cell));
          } catch (const fatal_error&) {
            // outside the table: its errors are not the reader's business
          }
        }
      } else if (name == "row") {
        row = next_row;
        if (auto r = xml.attr("r")) {
          std::uint32_t number = to_index(*r);
          if (number == 0 || number > max_rows)
            throw fatal_error(at.at(row, 0), fmt::format("bad row number r=\"{}\"", *r));
          row = number - 1;
        }
        if (row >= max_rows) at.fail(max_rows - 1, 0, "the sheet has too many rows");
        next_row = row + 1;
        next_col = 0;
      } else if (name == "mergeCell") {
        auto range = parse_range(xml.attr("ref").value_or(""));
        if (range && !range->area.rows_open && !range->area.cols_open) grid.merge(range->area);
      } else if (name != "worksheet" && name != "sheetData" && name != "mergeCells") {
        xml.skip();  // columns, views, formatting: nothing a table needs
      }
    }
  } catch (const xml_error& error) {
    throw malformed(book.zip.display(), sheet.part, error);
  }
}

}  // namespace

data_table read_xlsx_limited(const std::filesystem::path& path, const sheet_options& options,
                             const source_loc& referenced_from, const spreadsheet_limits& limits) {
  const std::string display = path.string();
  const source_loc loc = referenced_from.file.empty() ? source_loc{display, 0, 0} : referenced_from;
  xlsx_workbook book = open_xlsx(path, display, limits.zip, referenced_from);
  std::vector<std::string> sheet_names;
  for (const auto& sheet : book.sheets) sheet_names.push_back(sheet.name);
  std::size_t index = pick_sheet(sheet_names, options, display, loc);
  const bool sheet_chosen = !options.sheet.empty() || options.sheet_index >= 0;

  cell_area area;
  if (!options.range.empty()) {
    // Names local to the chosen sheet win over workbook names, as in Excel's formulas.
    std::vector<std::pair<std::string, std::string>> names;
    for (int pass = 0; pass < 3; ++pass)
      for (const auto& defined : book.names) {
        if (defined.name.rfind("_xlnm.", 0) == 0) continue;  // print areas, filters
        bool local_here = sheet_chosen && defined.local_sheet == static_cast<int>(index);
        bool global = defined.local_sheet < 0;
        if ((pass == 0 && local_here) || (pass == 1 && global) ||
            (pass == 2 && !local_here && !global)) {
          std::string_view formula = defined.formula;
          if (!formula.empty() && formula[0] == '=') formula.remove_prefix(1);
          names.emplace_back(defined.name, std::string(formula));
        }
      }
    // Table parts are only opened when the range is not a plain reference.
    if (!parse_range(options.range)) {
      for (const xlsx_table& table : read_tables(book)) {
        auto ref = parse_range(table.ref);
        if (!ref) continue;
        cell_area body = ref->area;
        if (table.totals_rows > 0 &&
            body.row1 >= body.row0 + static_cast<std::uint32_t>(table.totals_rows))
          body.row1 -= static_cast<std::uint32_t>(table.totals_rows);  // totals are not data
        names.emplace_back(table.name,
                           quote_sheet(book.sheets[table.sheet].name) + "!" + area_name(body));
      }
    }
    sheet_range range = pick_range(options.range, names, display, loc);
    if (!range.sheet.empty()) {
      std::size_t named = 0;
      while (named < sheet_names.size() && sheet_names[named] != range.sheet) ++named;
      if (named == sheet_names.size())
        throw fatal_error(loc, fmt::format("the range '{}' refers to sheet '{}', which '{}' lacks",
                                           options.range, range.sheet, display));
      if (sheet_chosen && named != index)
        throw fatal_error(loc, fmt::format("the range '{}' is on sheet '{}', not on '{}'",
                                           options.range, range.sheet, sheet_names[index]));
      index = named;
    }
    area = range.area;
  }

  const xlsx_sheet& sheet = book.sheets[index];
  if (!sheet.type.empty() && sheet.type != "worksheet")
    throw fatal_error(loc, fmt::format("sheet '{}' of '{}' is a {}, not a worksheet", sheet.name,
                                       display, sheet.type));
  read_shared_strings(book);
  sheet_context at{display, sheet.name};
  sheet_grid grid(at, area, limits.max_cells);
  read_sheet_cells(book, sheet, at, grid);
  data_table table = grid.finish(options.header);
  table.name = sheet.name;
  return table;
}

}  // namespace detail

data_table read_xlsx(const std::filesystem::path& path, const sheet_options& options,
                     const source_loc& referenced_from) {
  return detail::read_xlsx_limited(path, options, referenced_from, {});
}

}  // namespace rapport

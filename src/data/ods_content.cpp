// data/ private: streams one sheet of an .ods workbook's content.xml into a sheet_grid —
// rows and cells with their repeat counts, typed values, merges (spans), cached formula results.
#include "data/ods_content.hpp"

#include <fmt/format.h>

namespace rapport::detail {

namespace {

using xml_ns::calcext;
using xml_ns::office;
using xml_ns::table;
using xml_ns::text;
using event = xml_reader::event;

std::uint64_t count_attr(const xml_reader& xml, std::string_view local) {
  auto raw = xml.attr(table, local);
  if (!raw) return 1;
  auto number = parse_stored_number(*raw);
  if (!number || *number < 1) return 1;
  // Counts beyond a whole sheet mean nothing more than "to the end"; keep them in range.
  return *number > 1e9 ? 1'000'000'000 : static_cast<std::uint64_t>(*number);
}

// The text of one <text:p>: spans and links flattened, <text:s text:c="n"/> as n spaces.
void paragraph_text(xml_reader& xml, std::string& out) {
  const int depth = xml.depth();
  for (auto e = xml.next(); e != event::done; e = xml.next()) {
    if (e == event::end && xml.depth() == depth) return;
    if (e == event::text) out += xml.text();
    if (e != event::start) continue;
    if (xml.is(text, "s")) {
      std::uint64_t n = 1;
      if (auto c = xml.attr(text, "c"))
        if (auto number = parse_stored_number(*c))
          n = *number < 1 ? 1 : *number > 1000 ? 1000 : static_cast<std::uint64_t>(*number);
      out.append(n, ' ');
      xml.skip();
    } else if (xml.is(text, "tab")) {
      out += '\t';
      xml.skip();
    } else if (xml.is(text, "line-break")) {
      out += '\n';
      xml.skip();
    } else if (xml.ns() != text || xml.name() == "note") {
      xml.skip();  // frames, annotations, footnotes: not the cell's value
    }
  }
}

// The paragraphs of a cell joined by newlines; annotations and drawings are skipped.
std::string cell_text(xml_reader& xml) {
  std::string out;
  bool first = true;
  const int depth = xml.depth();
  for (auto e = xml.next(); e != event::done; e = xml.next()) {
    if (e == event::end && xml.depth() == depth) break;
    if (e != event::start) continue;
    if (xml.is(text, "p") || xml.is(text, "h")) {
      if (!first) out += '\n';
      first = false;
      paragraph_text(xml, out);
    } else {
      xml.skip();
    }
  }
  return out;
}

class ods_sheet_reader {
public:
  ods_sheet_reader(xml_reader& xml, const sheet_context& at, sheet_grid& grid,
                   std::uint64_t max_repeat)
      : xml_(xml), at_(at), grid_(grid), max_repeat_(max_repeat) {}

  // Reads the rows of the <table:table> the reader stands on, up to its end tag.
  void read_table() {
    const int depth = xml_.depth();
    for (auto e = xml_.next(); e != event::done; e = xml_.next()) {
      if (e == event::end && xml_.depth() == depth) return;
      if (e != event::start) continue;
      if (xml_.is(table, "table-row")) {
        read_row();
      } else if (!(xml_.is(table, "table-header-rows") || xml_.is(table, "table-row-group") ||
                   xml_.is(table, "table-rows"))) {
        xml_.skip();  // columns, named expressions, shapes, forms
      }
    }
  }

private:
  void read_row() {
    const std::uint64_t repeat = count_attr(xml_, "number-rows-repeated");
    const int depth = xml_.depth();
    cells_.clear();
    std::uint64_t col = 0;
    for (auto e = xml_.next(); e != event::done; e = xml_.next()) {
      if (e == event::end && xml_.depth() == depth) break;
      if (e != event::start) continue;
      const bool covered = xml_.is(table, "covered-table-cell");
      if (!covered && !xml_.is(table, "table-cell")) {
        xml_.skip();
        continue;
      }
      const std::uint64_t reps = count_attr(xml_, "number-columns-repeated");
      if (covered || col >= max_cols) {
        xml_.skip();  // a merge's hidden cells read as empty; so does anything past the sheet
      } else {
        read_cell(col, reps, repeat);
      }
      col += reps;
    }
    // Empty rows cost nothing, however often they repeat. Rows with values are copied, but
    // only where they meet the area read, and only so often: LibreOffice writes a repeat for
    // identical rows, never a million of them on purpose.
    if (!cells_.empty()) {
      const cell_area& area = grid_.area();
      const std::uint64_t lo = std::max<std::uint64_t>(row_, area.row0);
      const std::uint64_t hi = std::min<std::uint64_t>(row_ + repeat - 1, area.row1);
      if (hi >= lo && hi - lo + 1 > max_repeat_)
        at_.fail(static_cast<std::uint32_t>(std::min<std::uint64_t>(row_, max_rows - 1)), 0,
                 fmt::format("a row with values repeats {} times, more than the {} copies "
                             "this reader makes",
                             repeat, max_repeat_),
                 "delete the repeated rows in LibreOffice, or read a range that leaves them out");
      if (row_ < area.row0) put_row(row_);  // a possible top-left of a merged header cell
      for (std::uint64_t r = lo; r <= hi && hi >= lo; ++r) put_row(r);
    }
    row_ += repeat;
  }

  void put_row(std::uint64_t row) {
    if (row >= max_rows)
      at_.fail(max_rows - 1, 0, "the sheet has more rows than a spreadsheet can hold");
    for (const auto& [c, v] : cells_) grid_.put(static_cast<std::uint32_t>(row), c, v);
  }

  void read_cell(std::uint64_t col, std::uint64_t reps, std::uint64_t rows) {
    const auto row = static_cast<std::uint32_t>(std::min<std::uint64_t>(row_, max_rows - 1));
    const auto c = static_cast<std::uint32_t>(col);
    const std::uint64_t row_span = count_attr(xml_, "number-rows-spanned");
    const std::uint64_t col_span = count_attr(xml_, "number-columns-spanned");
    if ((row_span > 1 || col_span > 1) && row_ < max_rows) {
      cell_area merged;
      merged.rows_open = merged.cols_open = false;
      merged.row0 = row;
      merged.col0 = c;
      merged.row1 =
          static_cast<std::uint32_t>(std::min<std::uint64_t>(row_ + row_span - 1, max_rows - 1));
      merged.col1 =
          static_cast<std::uint32_t>(std::min<std::uint64_t>(col + col_span - 1, max_cols - 1));
      grid_.merge(merged);
    }
    // Cells nobody will read are not even typed, so an error cell outside the range is fine.
    cell_area reach;
    reach.rows_open = reach.cols_open = false;
    reach.row0 = row;
    reach.col0 = c;
    reach.row1 = static_cast<std::uint32_t>(std::min<std::uint64_t>(row_ + rows - 1, max_rows - 1));
    reach.col1 = static_cast<std::uint32_t>(std::min<std::uint64_t>(col + reps - 1, max_cols - 1));
    if (!grid_.reaches(reach)) {
      xml_.skip();
      return;
    }
    // A repeated cell is wanted if any copy is; errors outside the area do not count.
    const cell_area& area = grid_.area();
    const bool wanted = reach.row0 <= area.row1 && reach.row1 >= area.row0 &&
                        reach.col0 <= area.col1 && reach.col1 >= area.col0;
    value v = typed(row, c, wanted);
    if (v.is_empty() || (v.is_text() && v.text().empty())) return;
    if (col + reps > max_cols)
      at_.fail(row, max_cols - 1, "the row has more cells than a sheet can hold");
    for (std::uint64_t j = 0; j < reps; ++j)
      cells_.emplace_back(static_cast<std::uint32_t>(col + j), v);
  }

  // Types a cell as stored: office:value-type and its value attribute; formulas give their
  // cached result. The cell's children are consumed first, so a failure leaves the reader at
  // the cell's end; `strict` false turns a bad value into an empty one (cells outside the area).
  value typed(std::uint32_t row, std::uint32_t col, bool strict) {
    auto get = [&](std::string_view ns, std::string_view local) {
      return std::string(xml_.attr(ns, local).value_or(""));
    };
    const bool typed_cell = xml_.attr(office, "value-type").has_value();
    const std::string type = get(office, "value-type");
    const bool error = get(calcext, "value-type") == "error";
    const bool formula = xml_.attr(table, "formula").has_value();
    const bool has_string = xml_.attr(office, "string-value").has_value();
    const std::string raw = type == "date"      ? get(office, "date-value")
                            : type == "time"    ? get(office, "time-value")
                            : type == "boolean" ? get(office, "boolean-value")
                            : type == "string"  ? get(office, "string-value")
                                                : get(office, "value");
    std::string shown;
    if (error || !typed_cell || (type == "string" && !has_string))
      shown = cell_text(xml_);
    else
      xml_.skip();

    auto fail = [&](std::string message, std::string hint = {}) -> value {
      if (strict) at_.fail(row, col, std::move(message), std::move(hint));
      return {};
    };
    if (error)
      return fail(fmt::format("the cell holds the spreadsheet error {}", shown),
                  "correct the formula in the workbook; an error must not pass as an empty cell");
    if (!typed_cell) {
      if (formula)
        return fail("the formula cell has no cached value",
                    "open the workbook in LibreOffice and save it, so results are stored");
      return value(std::move(shown));  // lenient: some writers leave out the type of text
    }
    if (type == "string") return value(has_string ? raw : shown);
    if (type == "float" || type == "percentage" || type == "currency") {
      if (auto number = parse_stored_number(raw)) return value(*number);
      return fail(fmt::format("expected a number in office:value, found '{}'", raw));
    }
    if (type == "date") {
      if (auto iso = normalise_iso(raw)) return value(*iso);
      return fail(fmt::format("expected an ISO 8601 date, found '{}'", raw));
    }
    if (type == "time") {
      if (auto seconds = parse_ods_duration(raw)) return value(iso_time(*seconds));
      return fail(fmt::format("expected a time like PT13H45M00S, found '{}'", raw));
    }
    if (type == "boolean") {
      if (raw == "true" || raw == "1") return value(true);
      if (raw == "false" || raw == "0") return value(false);
      return fail(fmt::format("expected a boolean (true or false), found '{}'", raw));
    }
    if (type == "void") return {};
    return fail(fmt::format("unknown value type '{}'", type));
  }

  xml_reader& xml_;
  const sheet_context& at_;
  sheet_grid& grid_;
  std::uint64_t max_repeat_;
  std::uint64_t row_ = 0;
  std::vector<std::pair<std::uint32_t, value>> cells_;  ///< the non-empty cells of one row
};

}  // namespace

std::optional<data_table> read_ods_sheet(zip_archive& zip, const ods_target& target,
                                         const cell_area& area, const sheet_options& options,
                                         const spreadsheet_limits& limits,
                                         std::vector<std::string>& sheets) {
  sheets.clear();
  zip_entry_reader entry = zip.open("content.xml");
  try {
    xml_reader xml(part_source(entry));
    for (auto e = xml.next(); e != event::done; e = xml.next()) {
      if (e != event::start) continue;
      if (!xml.is(table, "table")) {
        // Descend only towards the sheets: office:body, office:spreadsheet.
        if (xml.depth() > 1 && !xml.is(office, "body") && !xml.is(office, "spreadsheet"))
          xml.skip();
        continue;
      }
      std::string name(xml.attr(table, "name").value_or(""));
      const std::size_t index = sheets.size();
      sheets.push_back(name);
      const bool hit = target.name.empty() ? index == target.index : name == target.name;
      if (!hit) {
        xml.skip();
        continue;
      }
      sheet_context at{zip.display(), name};
      sheet_grid grid(at, area, limits.max_cells);
      ods_sheet_reader(xml, at, grid, limits.max_repeat).read_table();
      data_table result = grid.finish(options.header);
      result.name = name;
      return result;
    }
  } catch (const xml_error& error) {
    throw malformed(zip.display(), "content.xml", error);
  }
  return std::nullopt;
}

}  // namespace rapport::detail

// data/ private: reads an .xlsx workbook's package — relationships, workbook.xml (sheets,
// defined names, date system), styles.xml (which cells show dates), shared strings, tables.
#include "data/xlsx_workbook.hpp"

#include <fmt/format.h>

#include <map>

namespace rapport::detail {

namespace {

struct relationship {
  std::string type;    ///< the last segment of the type URI: "worksheet", "styles", ...
  std::string target;  ///< resolved to a part name
};

// "xl/worksheets/sheet1.xml" -> "xl/worksheets/_rels/sheet1.xml.rels"
std::string rels_part(const std::string& part) {
  std::size_t slash = part.rfind('/');
  if (slash == std::string::npos) return "_rels/" + part + ".rels";
  return part.substr(0, slash) + "/_rels/" + part.substr(slash + 1) + ".rels";
}

// Resolves a relationship target against the folder of the part that names it.
std::string resolve_target(const std::string& source, const std::string& target) {
  std::string joined;
  if (!target.empty() && target[0] == '/') {
    joined = target.substr(1);
  } else {
    std::size_t slash = source.rfind('/');
    joined = (slash == std::string::npos ? "" : source.substr(0, slash + 1)) + target;
  }
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string segment = joined.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string part;
  for (const auto& segment : segments) part += (part.empty() ? "" : "/") + segment;
  return part;
}

bool truthy(std::string_view text) {
  return text == "1" || text == "true";
}

int to_int(std::string_view text, int fallback) {
  auto number = parse_stored_number(text);
  if (!number || *number < -1e9 || *number > 1e9) return fallback;
  return static_cast<int>(*number);
}

// Runs `body` over a part's XML, turning XML errors into located fatal_errors.
template <class Body>
void with_part(zip_archive& zip, const std::string& part, Body&& body) {
  zip_entry_reader entry = zip.open(part);
  try {
    xml_reader xml(part_source(entry));
    body(xml);
  } catch (const xml_error& error) {
    throw malformed(zip.display(), part, error);
  }
}

std::map<std::string, relationship> read_rels(zip_archive& zip, const std::string& part) {
  std::map<std::string, relationship> rels;
  std::string path = rels_part(part);
  if (!zip.has(path)) return rels;
  with_part(zip, path, [&](xml_reader& xml) {
    for (auto e = xml.next(); e != xml_reader::event::done; e = xml.next()) {
      if (e != xml_reader::event::start || xml.name() != "Relationship") continue;
      if (xml.attr("TargetMode").value_or("") == "External") continue;
      std::string type(xml.attr("Type").value_or(""));
      type = type.substr(type.rfind('/') + 1);
      rels[std::string(xml.attr("Id").value_or(""))] = {
          type, resolve_target(part, std::string(xml.attr("Target").value_or("")))};
    }
  });
  return rels;
}

void read_workbook_part(xlsx_workbook& book, const std::string& part,
                        const std::map<std::string, relationship>& rels) {
  with_part(book.zip, part, [&](xml_reader& xml) {
    for (auto e = xml.next(); e != xml_reader::event::done; e = xml.next()) {
      if (e != xml_reader::event::start) continue;
      std::string_view name = xml.name();
      if (name == "workbookPr") {
        book.date1904 = truthy(xml.attr("date1904").value_or(""));
      } else if (name == "sheet") {
        xlsx_sheet sheet{std::string(xml.attr("name").value_or("")), "", ""};
        auto rel = rels.find(std::string(xml.attr("id").value_or("")));
        if (rel != rels.end()) {
          sheet.part = rel->second.target;
          sheet.type = rel->second.type;
        }
        book.sheets.push_back(std::move(sheet));
      } else if (name == "definedName") {
        xlsx_defined_name defined{std::string(xml.attr("name").value_or("")), -1, ""};
        if (auto local = xml.attr("localSheetId")) defined.local_sheet = to_int(*local, -1);
        defined.formula = xml.inner_text();
        book.names.push_back(std::move(defined));
      }
    }
  });
  for (const auto& [id, rel] : rels) {
    if (rel.type == "sharedStrings") book.shared_part = rel.target;
  }
  if (book.sheets.empty())
    throw fatal_error(source_loc{book.zip.display(), 0, 0}, "the workbook has no sheets");
}

// Which cell styles (cellXfs) show their number as a date or a time.
void read_styles(xlsx_workbook& book, const std::string& part) {
  std::map<int, number_kind> custom;
  std::vector<int> formats;
  with_part(book.zip, part, [&](xml_reader& xml) {
    int in_num_fmts = 0, in_cell_xfs = 0;
    for (auto e = xml.next(); e != xml_reader::event::done; e = xml.next()) {
      std::string_view name = xml.name();
      if (e == xml_reader::event::end) {
        if (name == "numFmts" && xml.depth() == in_num_fmts) in_num_fmts = 0;
        if (name == "cellXfs" && xml.depth() == in_cell_xfs) in_cell_xfs = 0;
        continue;
      }
      if (e != xml_reader::event::start) continue;
      // numFmt and xf also occur inside dxfs and cellStyleXfs; only these two lists count.
      if (name == "numFmts" && xml.depth() == 2)
        in_num_fmts = 2;
      else if (name == "cellXfs" && xml.depth() == 2)
        in_cell_xfs = 2;
      else if (name == "numFmt" && in_num_fmts && xml.depth() == 3)
        custom[to_int(xml.attr("numFmtId").value_or(""), -1)] =
            classify_format(xml.attr("formatCode").value_or(""));
      else if (name == "xf" && in_cell_xfs && xml.depth() == 3)
        formats.push_back(to_int(xml.attr("numFmtId").value_or("0"), 0));
    }
  });
  for (int id : formats) {
    auto it = custom.find(id);
    book.styles.push_back(it != custom.end() ? it->second : classify_builtin_format(id));
  }
}

}  // namespace

xlsx_workbook open_xlsx(const std::filesystem::path& path, const std::string& display,
                        const zip_limits& limits, const source_loc& referenced_from) {
  xlsx_workbook book(zip_archive(path, display, ".xlsx", limits, referenced_from));
  zip_archive& zip = book.zip;
  std::string workbook = "xl/workbook.xml";
  for (const auto& [id, rel] : read_rels(zip, ""))
    if (rel.type == "officeDocument") workbook = rel.target;
  if (!zip.has(workbook)) {
    if (zip.has("content.xml") && zip.has("mimetype"))
      throw fatal_error(source_loc{display, 0, 0},
                        "this is an OpenDocument workbook (.ods), not an .xlsx workbook",
                        "read it as an .ods source");
    zip.missing(workbook);
  }
  const auto rels = read_rels(zip, workbook);
  read_workbook_part(book, workbook, rels);
  for (const auto& [id, rel] : rels)
    if (rel.type == "styles" && zip.has(rel.target)) read_styles(book, rel.target);
  return book;
}

void read_shared_strings(xlsx_workbook& book) {
  if (book.shared_part.empty() || !book.zip.has(book.shared_part)) return;
  with_part(book.zip, book.shared_part, [&](xml_reader& xml) {
    std::string current;
    for (auto e = xml.next(); e != xml_reader::event::done; e = xml.next()) {
      if (e == xml_reader::event::end && xml.name() == "si") {
        book.shared.push_back(decode_ooxml_escapes(std::move(current)));
        current.clear();
      }
      if (e != xml_reader::event::start) continue;
      // Phonetic runs (<rPh>) are reading aids for East Asian text, not part of the value.
      if (xml.name() == "rPh" || xml.name() == "phoneticPr")
        xml.skip();
      else if (xml.name() == "t")
        current += xml.inner_text();
    }
  });
}

std::vector<xlsx_table> read_tables(xlsx_workbook& book) {
  std::vector<xlsx_table> tables;
  for (std::size_t index = 0; index < book.sheets.size(); ++index) {
    const std::string& part = book.sheets[index].part;
    if (part.empty() || !book.zip.has(part)) continue;
    for (const auto& [id, rel] : read_rels(book.zip, part)) {
      if (rel.type != "table" || !book.zip.has(rel.target)) continue;
      with_part(book.zip, rel.target, [&](xml_reader& xml) {
        for (auto e = xml.next(); e != xml_reader::event::done; e = xml.next()) {
          if (e != xml_reader::event::start || xml.name() != "table") continue;
          xlsx_table table;
          table.name = std::string(xml.attr("displayName").value_or(xml.attr("name").value_or("")));
          table.sheet = index;
          table.ref = std::string(xml.attr("ref").value_or(""));
          table.header_rows = to_int(xml.attr("headerRowCount").value_or("1"), 1);
          table.totals_rows = to_int(xml.attr("totalsRowCount").value_or("0"), 0);
          tables.push_back(std::move(table));
          xml.skip();
        }
      });
    }
  }
  return tables;
}

std::string decode_ooxml_escapes(std::string text) {
  if (text.find("_x") == std::string::npos) return text;
  auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "_x") == 0 && i + 6 < text.size() && text[i + 6] == '_') {
      int cp = 0;
      bool ok = true;
      for (std::size_t k = i + 2; k < i + 6; ++k) {
        int h = hex(text[k]);
        ok = ok && h >= 0;
        cp = cp * 16 + h;
      }
      if (ok && cp < 0x80) {
        out += static_cast<char>(cp);
        i += 6;
        continue;
      }
      if (ok) {  // a BMP character beyond ASCII, as UTF-8
        if (cp < 0x800) {
          out += static_cast<char>(0xC0 | (cp >> 6));
        } else {
          out += static_cast<char>(0xE0 | (cp >> 12));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        }
        out += static_cast<char>(0x80 | (cp & 0x3F));
        i += 6;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace rapport::detail

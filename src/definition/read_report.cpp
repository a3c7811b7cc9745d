// Reading the top of a definition: <report>, <meta>, <param>, <data>, <values>, <cover>.
#include <fmt/format.h>

#include <algorithm>

#include "definition/reader.hpp"

namespace rapport::def {

using namespace tinyxml2;
using namespace detail;

namespace {

const std::vector<std::string> report_children{"meta", "param", "data", "values", "cover"};
const std::vector<std::string> meta_children{"title", "author", "committee", "subject", "keywords", "date"};
const std::vector<std::string> source_elements{"csv", "json", "sqlite", "xlsx", "ods"};

std::string element_text(const XMLElement* e) {
  const char* t = e->GetText();
  std::string s = t ? collapse_space(t) : std::string{};
  auto first = s.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

}  // namespace

void reader::read_report(const xml_source& src) {
  const XMLElement* root = src.root();
  if (std::string_view(root->Name()) != "report")
    throw fatal_error(src.loc(root), fmt::format("expected <report> as the root element, found <{}>", root->Name()));
  check_attributes(src, root, {"lang", "layout"}, diag_);
  out_.language = attr(root, "lang", "sv");
  out_.layout = attr(root, "layout", "default");
  out_.layout_loc = root->Attribute("layout") ? src.attribute_loc(root, "layout") : src.loc(root);

  std::vector<const XMLElement*> body;
  for (const XMLElement* e = root->FirstChildElement(); e; e = e->NextSiblingElement()) {
    std::string_view name = e->Name();
    if (name == "meta") read_meta(src, e);
    else if (name == "param") {
      check_attributes(src, e, {"name", "default"}, diag_);
      parameter p{required_attr(src, e, "name", diag_), std::nullopt, src.loc(e)};
      if (const char* d = e->Attribute("default")) p.default_value = d;
      out_.params.push_back(std::move(p));
    } else if (name == "data") read_data(src, e);
    else if (name == "values") read_values(src, e);
    else if (name == "cover") read_cover(src, e);
    else if (!read_block(src, e, out_.body, 1)) {
      std::vector<std::string> allowed = report_children;
      allowed.insert(allowed.end(), block_elements.begin(), block_elements.end());
      unknown_element(src, e, "report", allowed, diag_);
    }
  }
  if (out_.meta.committee.empty()) out_.meta.committee = out_.meta.author;
}

void reader::read_meta(const xml_source& src, const XMLElement* e) {
  check_attributes(src, e, {}, diag_);
  for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
    std::string_view name = c->Name();
    check_attributes(src, c, {}, diag_);
    std::string text = element_text(c);
    if (name == "title") out_.meta.title = text;
    else if (name == "author") out_.meta.author = text;
    else if (name == "committee") out_.meta.committee = text;
    else if (name == "subject") out_.meta.subject = text;
    else if (name == "keywords") out_.meta.keywords = text;
    else if (name == "date") {
      out_.meta.date = text;
      out_.meta.date_loc = src.find_after(src.loc(c), ">");
      out_.meta.date_loc.column += 1;
    } else unknown_element(src, c, "meta", meta_children, diag_);
  }
}

void reader::read_data(const xml_source& src, const XMLElement* e) {
  check_attributes(src, e, {}, diag_);
  for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
    std::string kind = c->Name();
    if (std::find(source_elements.begin(), source_elements.end(), kind) == source_elements.end()) {
      unknown_element(src, c, "data", source_elements, diag_);
      continue;
    }
    data_source s;
    s.kind = kind;
    s.loc = src.loc(c);
    if (kind == "csv") check_attributes(src, c, {"name", "file", "separator", "decimal", "header"}, diag_);
    else if (kind == "json") check_attributes(src, c, {"name", "file", "path"}, diag_);
    else if (kind == "sqlite") check_attributes(src, c, {"name", "file", "query"}, diag_);
    else check_attributes(src, c, {"name", "file", "sheet", "range", "header"}, diag_);
    s.name = required_attr(src, c, "name", diag_);
    std::string file = required_attr(src, c, "file", diag_);
    if (!file.empty()) {
      std::filesystem::path p(file);
      // Normalised so messages name tests/data/x.csv, not tests/bad/../data/x.csv.
      s.file = (p.is_absolute() ? p : src.folder() / p).lexically_normal();
      s.loc = src.attribute_loc(c, "file");
    }
    s.separator = attr(c, "separator", "auto");
    s.decimal = attr(c, "decimal", "comma");
    s.header = bool_attr(src, c, "header", true, diag_);
    s.path = attr(c, "path");
    s.query = attr(c, "query", element_text(c));
    if (kind == "sqlite" && c->Attribute("query")) {
      s.query_loc = src.attribute_loc(c, "query");
    } else if (kind == "sqlite" && !s.query.empty()) {
      // The element's text: its first non-blank character, found from the '>' that opens it.
      source_loc after = src.find_after(src.loc(c), ">");
      s.query_loc = src.find_after(source_loc{after.file, after.line, after.column + 1}, s.query.substr(0, 1));
    }
    s.sheet = attr(c, "sheet");
    s.range = attr(c, "range");
    if (kind == "csv" && s.separator != "auto" && s.separator != "," && s.separator != ";")
      diag_.error(src.attribute_loc(c, "separator"),
                  fmt::format("separator must be ',', ';' or 'auto', found '{}'", s.separator));
    if (s.decimal != "comma" && s.decimal != "point")
      diag_.error(src.attribute_loc(c, "decimal"),
                  fmt::format("decimal must be 'comma' or 'point', found '{}'", s.decimal));
    if (kind == "sqlite" && s.query.empty())
      diag_.error(src.loc(c), "<sqlite> needs a query (attribute 'query' or the element's text)");
    for (const auto& other : out_.sources)
      if (other.name == s.name && !s.name.empty())
        diag_.error(src.loc(c), fmt::format("a data source named '{}' already exists", s.name));
    out_.sources.push_back(std::move(s));
  }
}

void reader::read_values(const xml_source& src, const XMLElement* e) {
  check_attributes(src, e, {}, diag_);
  for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
    if (std::string_view(c->Name()) != "value") {
      unknown_element(src, c, "values", {"value"}, diag_);
      continue;
    }
    check_attributes(src, c, {"name", "expr"}, diag_);
    named_value v{required_attr(src, c, "name", diag_), required_attr(src, c, "expr", diag_),
                  src.attribute_loc(c, "expr"), src.loc(c)};
    out_.values.push_back(std::move(v));
  }
}

void reader::read_cover(const xml_source& src, const XMLElement* e) {
  check_attributes(src, e, {}, diag_);
  std::vector<cover_line> lines;
  for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
    if (std::string_view(c->Name()) != "line") {
      unknown_element(src, c, "cover", {"line"}, diag_);
      continue;
    }
    check_attributes(src, c, {"style"}, diag_);
    lines.push_back(cover_line{attr(c, "style", "cover-line"), read_inline(src, c), src.loc(c)});
  }
  out_.cover = std::move(lines);
}

report_definition read_definition(const std::filesystem::path& file, diagnostics& diag) {
  report_definition def;
  def.file = file;
  xml_source src(file);
  reader r(def, diag);
  r.read_report(src);
  return def;
}

}  // namespace rapport::def

// Reading <table> (columns, explicit rows, totals, styles) and <chart>.
#include <fmt/format.h>

#include <algorithm>

#include "definition/reader.hpp"

namespace rapport::def::detail {

using namespace tinyxml2;

namespace {
const std::vector<std::string> table_children{"columns", "rows", "total", "style", "note"};
const std::vector<std::string> row_children{"row", "rows-from", "heading", "sum", "comment", "empty"};
const std::vector<std::string> column_attributes{"field", "expr",  "name",  "header", "format",
                                                 "align", "width", "total", "check", "merge"};
}  // namespace

void reader::read_columns(const xml_source& src, const XMLElement* e, table& t, int group) {
  for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
    std::string_view name = c->Name();
    if (name == "group" && group < 0) {
      check_attributes(src, c, {"header"}, diag_);
      t.groups.push_back({attr(c, "header"), src.loc(c)});
      read_columns(src, c, t, static_cast<int>(t.groups.size()) - 1);
      continue;
    }
    if (name != "column") {
      unknown_element(src, c, e->Name(), group < 0 ? std::vector<std::string>{"column", "group"}
                                                   : std::vector<std::string>{"column"}, diag_);
      continue;
    }
    check_attributes(src, c, column_attributes, diag_);
    column col;
    col.loc = src.loc(c);
    col.field = attr(c, "field");
    col.expr = attr(c, "expr");
    if (!col.expr.empty()) col.expr_loc = src.attribute_loc(c, "expr");
    col.name = attr(c, "name", col.field);
    col.header = attr(c, "header", col.name);
    col.format = attr(c, "format");
    col.align = attr(c, "align");
    col.width = attr(c, "width");
    col.total = attr(c, "total");
    col.check = attr(c, "check");
    if (!col.check.empty()) col.check_loc = src.attribute_loc(c, "check");
    col.merge = bool_attr(src, c, "merge", false, diag_);
    col.group = group;
    if (col.field.empty() == col.expr.empty())
      diag_.error(col.loc, "a <column> needs exactly one of 'field' and 'expr'");
    if (!col.align.empty() && col.align != "left" && col.align != "right" && col.align != "center")
      diag_.error(src.attribute_loc(c, "align"), fmt::format("align must be left, right or center, found '{}'", col.align));
    if (!col.total.empty() && col.total != "sum" && col.total != "expr" && col.total != "none" && col.total != "avg")
      diag_.error(src.attribute_loc(c, "total"), fmt::format("total must be sum, expr, none or avg, found '{}'", col.total));
    for (const auto& other : t.columns)
      if (!col.name.empty() && other.name == col.name)
        diag_.error(col.loc, fmt::format("a column named '{}' already exists in this table", col.name),
                    "give one of them another 'name'");
    t.columns.push_back(std::move(col));
  }
}

void reader::read_cells(const xml_source& src, const XMLElement* row, row_spec& r) {
  for (const XMLElement* cell = row->FirstChildElement(); cell; cell = cell->NextSiblingElement()) {
    if (std::string_view(cell->Name()) != "cell") {
      unknown_element(src, cell, row->Name(), {"cell"}, diag_);
      continue;
    }
    check_attributes(src, cell, {"column", "expr"}, diag_);
    cell_override o;
    o.loc = src.loc(cell);
    o.column = required_attr(src, cell, "column", diag_);
    o.expr = attr(cell, "expr");
    if (!o.expr.empty()) o.expr_loc = src.attribute_loc(cell, "expr");
    else o.text = read_inline(src, cell);
    r.cells.push_back(std::move(o));
  }
}

std::vector<row_spec> reader::read_rows(const xml_source& src, const XMLElement* e) {
  std::vector<row_spec> rows;
  for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
    std::string_view name = c->Name();
    row_spec r;
    r.loc = src.loc(c);
    if (name == "row") {
      check_attributes(src, c, {"key", "label", "kind", "id"}, diag_);
      r.type = row_spec::kind::data_row;
      r.key = required_attr(src, c, "key", diag_);
      read_cells(src, c, r);
    } else if (name == "rows-from") {
      check_attributes(src, c, {"filter", "sort", "kind"}, diag_);
      r.type = row_spec::kind::rows_from;
      r.filter = attr(c, "filter");
      if (!r.filter.empty()) r.filter_loc = src.attribute_loc(c, "filter");
      r.sort = attr(c, "sort");
      if (!r.sort.empty()) r.sort_loc = src.attribute_loc(c, "sort");
    } else if (name == "heading") {
      check_attributes(src, c, {"label", "id"}, diag_);
      r.type = row_spec::kind::heading;
    } else if (name == "sum") {
      check_attributes(src, c, {"label", "of", "id", "kind", "check"}, diag_);
      r.check = attr(c, "check");
      r.type = row_spec::kind::sum;
      r.of = required_attr(src, c, "of", diag_);
      r.row_kind = attr(c, "kind", "subtotal");
      read_cells(src, c, r);
      if (r.row_kind != "subtotal" && r.row_kind != "total")
        diag_.error(src.attribute_loc(c, "kind"), fmt::format("a sum's kind must be subtotal or total, found '{}'", r.row_kind));
    } else if (name == "comment") {
      check_attributes(src, c, {}, diag_);
      r.type = row_spec::kind::comment;
      r.text = read_inline(src, c);
    } else if (name == "empty") {
      check_attributes(src, c, {}, diag_);
      r.type = row_spec::kind::empty;
    } else {
      unknown_element(src, c, "rows", row_children, diag_);
      continue;
    }
    if (r.type != row_spec::kind::sum) r.row_kind = attr(c, "kind", r.row_kind.empty() ? "body" : r.row_kind);
    if ((r.type == row_spec::kind::data_row || r.type == row_spec::kind::rows_from) && r.row_kind != "body" &&
        r.row_kind != "varav")
      diag_.error(src.attribute_loc(c, "kind"), fmt::format("a row's kind must be body or varav, found '{}'", r.row_kind));
    r.label = attr(c, "label");
    r.id = attr(c, "id");
    rows.push_back(std::move(r));
  }
  return rows;
}

table reader::read_table(const xml_source& src, const XMLElement* e) {
  check_attributes(src, e, {"source", "caption", "key", "filter", "sort", "group-by", "landscape", "continuation", "rounding", "id"},
                   diag_);
  table t;
  t.loc = src.loc(e);
  t.source = attr(e, "source");
  t.caption = attr(e, "caption");
  if (!t.caption.empty()) t.caption_loc = src.attribute_loc(e, "caption");
  t.key = attr(e, "key");
  t.filter = attr(e, "filter");
  if (!t.filter.empty()) t.filter_loc = src.attribute_loc(e, "filter");
  t.sort = attr(e, "sort");
  if (!t.sort.empty()) t.sort_loc = src.attribute_loc(e, "sort");
  t.group_by = attr(e, "group-by");
  if (!t.group_by.empty()) t.group_by_loc = src.attribute_loc(e, "group-by");
  t.landscape = bool_attr(src, e, "landscape", false, diag_);
  if (e->Attribute("continuation")) t.continuation = attr(e, "continuation");
  t.rounding = attr(e, "rounding", "independent");
  if (t.rounding != "independent" && t.rounding != "preserve-total")
    diag_.error(src.attribute_loc(e, "rounding"),
                fmt::format("rounding must be independent or preserve-total, found '{}'", t.rounding));
  t.id = attr(e, "id");
  for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
    std::string_view name = c->Name();
    if (name == "columns") {
      check_attributes(src, c, {}, diag_);
      read_columns(src, c, t, -1);
    } else if (name == "rows") {
      check_attributes(src, c, {}, diag_);
      t.rows = read_rows(src, c);
    } else if (name == "total") {
      check_attributes(src, c, {"label", "check"}, diag_);
      t.total_label = attr(c, "label", "Summa");
      t.total_check = attr(c, "check");
      t.total_loc = src.loc(c);
    } else if (name == "style") {
      check_attributes(src, c, {"column", "when", "class", "colour"}, diag_);
      conditional_style s;
      s.loc = src.loc(c);
      s.column = attr(c, "column");
      s.when = required_attr(src, c, "when", diag_);
      s.when_loc = src.attribute_loc(c, "when");
      s.style_class = attr(c, "class");
      s.colour = attr(c, "colour");
      if (s.style_class.empty() && s.colour.empty())
        diag_.error(s.loc, "a <style> needs a 'class' (negative, bold, italic) or a 'colour'");
      else if (!s.style_class.empty() && s.style_class != "negative" && s.style_class != "bold" &&
               s.style_class != "italic")
        diag_.error(src.attribute_loc(c, "class"),
                    fmt::format("unknown style class '{}'", s.style_class), "use negative, bold or italic");
      t.styles.push_back(std::move(s));
    } else if (name == "note") {
      check_attributes(src, c, {}, diag_);
      t.note = read_inline(src, c);
    } else {
      unknown_element(src, c, "table", table_children, diag_);
    }
  }
  if (t.columns.empty()) diag_.error(t.loc, "a <table> needs <columns> with at least one <column>");
  if (t.source.empty() && (!t.rows || t.rows->empty()))
    diag_.error(t.loc, "a <table> needs a 'source'");
  return t;
}

chart reader::read_chart(const xml_source& src, const XMLElement* e) {
  check_attributes(src, e,
                   {"type", "source", "category", "title", "source-line", "width", "height", "y-format", "y2-format",
                    "y-title", "y2-title", "labels", "filter", "sort", "trend"},
                   diag_);
  chart c;
  c.loc = src.loc(e);
  c.type = required_attr(src, e, "type", diag_);
  static const std::vector<std::string> types{"bar",  "hbar",       "grouped-bar", "stacked-bar", "line",
                                              "line-trend", "bar-line", "waterfall", "pie"};
  if (!c.type.empty() && std::find(types.begin(), types.end(), c.type) == types.end()) {
    std::string close = closest_match(c.type, types);
    diag_.error(src.attribute_loc(e, "type"), fmt::format("unknown chart type '{}'", c.type),
                close.empty() ? fmt::format("use one of: {}", fmt::join(types, ", "))
                              : fmt::format("did you mean '{}'?", close));
  }
  c.source = required_attr(src, e, "source", diag_);
  c.category = attr(e, "category");
  c.title = attr(e, "title");
  if (!c.title.empty()) c.title_loc = src.attribute_loc(e, "title");
  c.source_line = attr(e, "source-line");
  c.width = attr(e, "width", "full");
  if (c.width != "full" && c.width != "half")
    diag_.error(src.attribute_loc(e, "width"), fmt::format("chart width must be full or half, found '{}'", c.width));
  c.height = attr(e, "height");
  c.y_format = attr(e, "y-format");
  c.y2_format = attr(e, "y2-format");
  c.y_title = attr(e, "y-title");
  c.y2_title = attr(e, "y2-title");
  c.labels = bool_attr(src, e, "labels", false, diag_);
  c.filter = attr(e, "filter");
  if (!c.filter.empty()) c.filter_loc = src.attribute_loc(e, "filter");
  c.sort = attr(e, "sort");
  if (!c.sort.empty()) c.sort_loc = src.attribute_loc(e, "sort");
  c.trend = int_attr(src, e, "trend", 12, 1, 1000, diag_);
  for (const XMLElement* s = e->FirstChildElement(); s; s = s->NextSiblingElement()) {
    std::string_view name = s->Name();
    if (name == "series") {
      check_attributes(src, s, {"field", "expr", "label", "axis", "type", "colour"}, diag_);
      series ser;
      ser.loc = src.loc(s);
      ser.field = attr(s, "field");
      ser.expr = attr(s, "expr");
      if (!ser.expr.empty()) ser.expr_loc = src.attribute_loc(s, "expr");
      ser.label = attr(s, "label", ser.field);
      ser.axis = attr(s, "axis", "y");
      ser.type = attr(s, "type");
      ser.colour = attr(s, "colour");
      if (ser.field.empty() == ser.expr.empty())
        diag_.error(ser.loc, "a <series> needs exactly one of 'field' and 'expr'");
      if (ser.axis != "y" && ser.axis != "y2")
        diag_.error(src.attribute_loc(s, "axis"), fmt::format("axis must be y or y2, found '{}'", ser.axis));
      c.series_list.push_back(std::move(ser));
    } else if (name == "alt") {
      check_attributes(src, s, {}, diag_);
      const char* text = s->GetText();
      c.alt = text ? collapse_space(text) : std::string{};
    } else {
      unknown_element(src, s, "chart", {"series", "alt"}, diag_);
    }
  }
  if (c.series_list.empty()) diag_.error(c.loc, "a <chart> needs at least one <series>");
  return c;
}

}  // namespace rapport::def::detail

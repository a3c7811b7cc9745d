// definition/: reads report definitions and layouts (the only user of tinyxml2) into typed,
// located nodes; validates the language (docs/definition.md).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/diagnostics.hpp"
#include "model/style.hpp"

namespace rapport::def {

/// Inline content: text, emphasis, footnotes, links and computed values.
struct inline_node {
  enum class kind { text, bold, italic, superscript, footnote, link, value, line_break };
  kind type = kind::text;
  std::string text;    ///< text, or the expression of a value, or a link's href
  std::string format;  ///< format of a value
  std::vector<inline_node> children;
  source_loc loc;      ///< where the node (for text: its first character) starts
};

using inline_content = std::vector<inline_node>;

struct block;

struct section {
  inline_content title;
  bool numbered = true;
  bool appendix = false;
  bool in_toc = true;
  bool page_break_before = false;
  std::string id;
  std::vector<block> blocks;
  source_loc loc;
};

struct paragraph {
  inline_content content;
  std::string style = "body";
  source_loc loc;
};

struct list;

struct list_item {
  inline_content content;
  std::vector<list> children;
  source_loc loc;
};

struct list {
  bool ordered = false;
  std::string style = "1.";  ///< numbering pattern for ordered lists
  int start = 1;
  std::vector<list_item> items;
  source_loc loc;
};

struct quote {
  std::vector<paragraph> paragraphs;
  source_loc loc;
};

struct page_break {
  source_loc loc;
};

struct toc {
  std::string title;  ///< empty = the layout's
  int depth = 0;      ///< 0 = the layout's
  source_loc loc;
};

/// A column of a table: a field of the source or an expression.
struct column {
  std::string name;
  std::string field;
  std::string expr;
  source_loc expr_loc;  ///< where the expr attribute's value starts
  std::string header;
  std::string format;
  std::string align;    ///< "", "left", "right", "center"
  std::string width;    ///< "", "auto", "40pt", "30%"
  std::string total;    ///< "", "sum", "expr", "none", "avg"
  std::string check;
  source_loc check_loc;
  bool merge = false;   ///< equal neighbouring body cells become one cell spanning the rows
  int group = -1;       ///< index into table::groups, or -1
  source_loc loc;
};

struct column_group {
  std::string header;
  source_loc loc;
};

/// A cell override inside an explicit row.
struct cell_override {
  std::string column;
  std::string expr;
  source_loc expr_loc;
  inline_content text;
  source_loc loc;
};

/// One entry of a table's explicit <rows>.
struct row_spec {
  enum class kind { data_row, rows_from, heading, sum, comment, empty };
  kind type = kind::data_row;
  std::string key;
  std::string label;
  std::string id;
  std::string row_kind;  ///< body, varav, subtotal, total
  std::string filter;
  source_loc filter_loc;
  std::string sort;
  source_loc sort_loc;   ///< where the sort value starts
  std::string of;        ///< members of a sum
  std::string check;     ///< key of a data row holding the author's own total, to compare
  inline_content text;   ///< comment rows
  std::vector<cell_override> cells;
  source_loc loc;
};

struct conditional_style {
  std::string column;
  std::string when;
  source_loc when_loc;
  std::string style_class;  ///< negative, bold, italic
  std::string colour;
  source_loc loc;
};

struct table {
  std::string source;
  std::string caption;
  source_loc caption_loc;
  std::string key;
  std::string filter;
  source_loc filter_loc;
  std::string sort;
  source_loc sort_loc;      ///< where the sort value starts
  std::string group_by;
  source_loc group_by_loc;  ///< where the group-by value starts
  bool landscape = false;
  std::optional<std::string> continuation;  ///< label over a continued table; absent = the layout's
  std::string rounding = "independent";
  std::string id;
  std::vector<column> columns;
  std::vector<column_group> groups;
  std::optional<std::vector<row_spec>> rows;
  std::optional<std::string> total_label;
  std::string total_check;  ///< key of a data row holding the author's own total
  source_loc total_loc;
  std::vector<conditional_style> styles;
  inline_content note;
  source_loc loc;
};

struct series {
  std::string field;
  std::string expr;
  source_loc expr_loc;
  std::string label;
  std::string axis = "y";
  std::string type;
  std::string colour;
  source_loc loc;
};

struct chart {
  std::string type;
  std::string source;
  std::string category;
  std::string title;
  source_loc title_loc;
  std::string source_line;
  std::string width = "full";
  std::string height;
  std::string y_format;
  std::string y2_format;
  std::string y_title;
  std::string y2_title;
  bool labels = false;
  std::string filter;
  source_loc filter_loc;
  std::string sort;
  source_loc sort_loc;  ///< where the sort value starts
  int trend = 12;
  std::vector<series> series_list;
  std::string alt;
  source_loc loc;
};

struct chart_row {
  std::vector<chart> charts;
  source_loc loc;
};

/// A picture in the flow (<image>): a PNG, JPEG or SVG file scaled to `width` and/or `height`
/// keeping its aspect ratio (docs/images.md). The file is loaded and checked by compute.
struct image {
  std::string src;              ///< the path as written: every message about the file names it so
  std::filesystem::path file;   ///< resolved against the folder of the file that names it
  source_loc src_loc;           ///< where the src value starts: errors about the file point here
  std::optional<double> width;  ///< points, or a percentage of the text width (width_percent)
  bool width_percent = false;
  std::optional<double> height;  ///< points
  std::string align = "center";  ///< left, center, right
  std::string alt;               ///< required unless decorative
  bool decorative = false;       ///< an artifact for screen readers: no alt, no Figure tag
  inline_content caption;        ///< without the "Figur N" prefix; empty = no caption, no number
  std::string id;
  source_loc loc;
};

struct block {
  std::variant<section, paragraph, list, quote, page_break, toc, table, chart, chart_row, image> node;
};

struct data_source {
  std::string kind;  ///< csv, json, sqlite, xlsx, ods
  std::string name;
  std::filesystem::path file;  ///< resolved against the definition's folder
  std::string separator;
  std::string decimal;
  bool header = true;
  std::string path;
  std::string query;
  source_loc query_loc;  ///< where the query starts (its attribute value, or the element's text)
  std::string sheet;
  std::string range;
  source_loc loc;
};

struct named_value {
  std::string name;
  std::string expr;
  source_loc expr_loc;
  source_loc loc;
};

struct parameter {
  std::string name;
  std::optional<std::string> default_value;
  source_loc loc;
};

struct metadata {
  std::string title;
  std::string author;
  std::string committee;
  std::string subject;
  std::string keywords;
  std::string date;
  source_loc date_loc;
};

struct cover_line {
  std::string style;
  inline_content content;
  source_loc loc;
};

/// A parsed report definition: typed nodes, each with its source location.
struct report_definition {
  std::filesystem::path file;
  std::string language = "sv";
  std::string layout = "default";
  source_loc layout_loc;
  metadata meta;
  std::vector<parameter> params;
  std::vector<data_source> sources;
  std::vector<named_value> values;
  std::optional<std::vector<cover_line>> cover;
  std::vector<block> body;
  std::vector<std::filesystem::path> included_files;  ///< for provenance and live preview
};

/// Reads a definition file. Located errors go to `diag` (parsing goes on where it can);
/// an unreadable or malformed file throws fatal_error.
report_definition read_definition(const std::filesystem::path& file, diagnostics& diag);

/// Finds a layout by name ("default" → layouts/default.xml in the data folder) or by a path
/// ending in .xml relative to the definition's folder.
std::filesystem::path find_layout(const std::string& name, const std::filesystem::path& definition_dir,
                                  const source_loc& loc);

/// Logos are read straight into the house style (model/style.hpp); the names stay for readers.
using logo_position = model::logo_position;
using logo = model::logo;

/// Reads a layout (house style), with its logos and figure captions. Errors as for
/// read_definition; logo files are not opened here (compute loads them).
model::house_style read_layout(const std::filesystem::path& file, diagnostics& diag);

/// Every element name the definition reader accepts (for the documentation test).
std::vector<std::string> definition_element_names();
/// Every element name the layout reader accepts.
std::vector<std::string> layout_element_names();

}  // namespace rapport::def

// definition/ private: the reader that turns XML elements into definition nodes.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "definition/definition.hpp"
#include "definition/xml_source.hpp"

namespace rapport::def::detail {

class reader {
public:
  reader(report_definition& out, diagnostics& diag) : out_(out), diag_(diag) {}

  void read_report(const xml_source& src);

  // Blocks (read_blocks.cpp).
  void read_blocks(const xml_source& src, const tinyxml2::XMLElement* parent, std::vector<block>& blocks,
                   int depth);
  inline_content read_inline(const xml_source& src, const tinyxml2::XMLElement* e);
  inline_content read_inline_text(const xml_source& src, const std::string& text, const source_loc& loc);

  // Tables and charts (read_table.cpp).
  table read_table(const xml_source& src, const tinyxml2::XMLElement* e);
  chart read_chart(const xml_source& src, const tinyxml2::XMLElement* e);

  // Images (read_image.cpp).
  image read_image(const xml_source& src, const tinyxml2::XMLElement* e);

private:
  void read_meta(const xml_source& src, const tinyxml2::XMLElement* e);
  void read_data(const xml_source& src, const tinyxml2::XMLElement* e);
  void read_values(const xml_source& src, const tinyxml2::XMLElement* e);
  void read_cover(const xml_source& src, const tinyxml2::XMLElement* e);
  bool read_block(const xml_source& src, const tinyxml2::XMLElement* e, std::vector<block>& blocks, int depth);
  section read_section(const xml_source& src, const tinyxml2::XMLElement* e, int depth, bool appendix);
  list read_list(const xml_source& src, const tinyxml2::XMLElement* e);
  void read_include(const xml_source& src, const tinyxml2::XMLElement* e, std::vector<block>& blocks, int depth);
  void read_inline_children(const xml_source& src, const tinyxml2::XMLElement* e, inline_content& out);
  std::vector<row_spec> read_rows(const xml_source& src, const tinyxml2::XMLElement* e);
  void read_cells(const xml_source& src, const tinyxml2::XMLElement* row, row_spec& r);
  void read_columns(const xml_source& src, const tinyxml2::XMLElement* e, table& t, int group);

  report_definition& out_;
  diagnostics& diag_;
  // Included files stay loaded: their nodes' locations point into them.
  std::vector<std::unique_ptr<xml_source>> includes_;
  int include_depth_ = 0;
};

/// A length in points from "12", "12pt", "25mm" or "2.5cm" (and "40%" when `percent` is given,
/// which is then set); nothing when the text is not such a length or not positive (or, with
/// `allow_zero`, negative).
std::optional<double> parse_length(std::string_view text, bool* percent = nullptr, bool allow_zero = false);

/// Reads a layout's <logo> into `style.logos` (one per position; errors into diag).
void read_logo(const xml_source& src, const tinyxml2::XMLElement* e, model::house_style& style, diagnostics& diag);
/// Reads a layout's <figure> (how image captions read) into `style`.
void read_figure(const xml_source& src, const tinyxml2::XMLElement* e, model::house_style& style, diagnostics& diag);
/// Checks that header and footer logos fit their slots on the page (run after the whole layout).
void check_logos(const model::house_style& style, diagnostics& diag);

/// The element names each reader accepts (kept next to the reader so docs can be checked).
extern const std::vector<std::string> block_elements;
extern const std::vector<std::string> inline_elements;

}  // namespace rapport::def::detail

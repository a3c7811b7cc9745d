// compute/ private: the builder that walks a definition and resolves it into a document.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "image/image.hpp"
#include "compute/compute.hpp"
#include "compute/scopes.hpp"
#include "format/format.hpp"

namespace rapport::detail {

class builder {
public:
  builder(const def::report_definition& definition, const model::house_style& style, const dataset& data,
          const compute_options& options, diagnostics& diag);

  model::document build();

  // Shared helpers (builder.cpp, inline.cpp).
  /// Parses and evaluates an expression; reports a failure into diag and returns nullopt.
  std::optional<value> evaluate(const std::string& text, const source_loc& loc, const scope& where);
  /// Parses an expression once (cached by location and text); nullopt after reporting an error.
  const expression* parse(const std::string& text, const source_loc& loc);
  /// Formats a value for print with a format string ("dec1 plus", "date:long").
  std::string format_for_print(const value& v, const std::string& format, const source_loc& loc);
  const number_format* number_format_for(const std::string& format, const source_loc& loc);
  model::inline_text resolve_inline(const def::inline_content& content, const scope& where, bool bold = false,
                                    bool italic = false);
  model::inline_text resolve_text(const std::string& text, const source_loc& loc, const scope& where);

  // Tables and charts (tables.cpp, charts.cpp).
  std::optional<model::table> build_table(const def::table& t);
  void build_chart_block(const def::chart& c);
  void build_chart_block(const def::chart_row& row);

  const environment& env() const { return env_; }
  diagnostics& diag() { return diag_; }
  const locale_info& locale() const { return locale_; }
  const model::house_style& style() const { return style_; }

private:
  void set_up_environment();
  void build_blocks(const std::vector<def::block>& blocks, int level);
  void build_section(const def::section& s, int level);
  model::list build_list(const def::list& l);
  void build_image(const def::image& node);
  void load_logos();
  std::string heading_number(const def::section& s, int level);
  void append_inline(const def::inline_node& node, const scope& where, model::span look, model::inline_text& out);

  const def::report_definition& definition_;
  const model::house_style& style_;
  const dataset& data_;
  const compute_options& options_;
  diagnostics& diag_;
  const locale_info& locale_;
  environment env_;
  model::document doc_;
  std::vector<int> counters_;
  int appendix_counter_ = 0;
  int table_counter_ = 0;
  int figure_counter_ = 0;
  image_cache images_;  ///< one per run: an image used twice is loaded (and embedded) once
  int id_counter_ = 0;
  std::map<std::string, expression> parsed_;
  std::map<std::string, number_format> formats_;
  std::vector<model::footnote> footnotes_;
};

}  // namespace rapport::detail

// model/style.hpp: the house style (a parsed layouts/*.xml), plain data read by layout/.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "base/geometry.hpp"

namespace rapport {
struct image;  // image/image.hpp; a logo only holds a pointer to it
}

namespace rapport::model {

/// The four faces of one font family, as file paths (resolved against fonts/ or the layout).
struct font_family {
  std::string name;
  std::string regular;
  std::string bold;
  std::string italic;
  std::string bold_italic;
  /// Where the layout names each face (regular, bold, italic, bold-italic): a file that is
  /// missing or not a font is reported there.
  source_loc regular_loc, bold_loc, italic_loc, bold_italic_loc;
};

enum class text_align { left, right, center, justify };

/// A named text style ("body", "h1", "table-header", "footer", ...). Sizes in points.
struct text_style {
  std::string font = "sans";  ///< a font_family name
  double size = 10;
  double leading = 12;        ///< baseline-to-baseline distance
  bool bold = false;
  bool italic = false;
  colour fill = black;
  text_align align = text_align::left;
  double space_before = 0;
  double space_after = 0;
  double first_indent = 0;
  double left_indent = 0;
  bool hyphenate = true;
  bool keep_with_next = false;
  bool uppercase = false;
};

/// How tables look.
struct table_style {
  colour header_fill{230, 230, 230};
  colour rule{160, 160, 160};
  double rule_width = 0.25;          ///< between body rows (0 = none)
  double header_rule_width = 0.75;
  double total_rule_width = 0.75;    ///< above and below a total row
  double cell_padding_x = 3;
  double cell_padding_y = 1.5;
  colour negative_fill{180, 0, 0};   ///< for cells styled "negative"
  std::string caption_prefix = "Tabell";
  bool caption_above = true;
  std::string continuation;          ///< label over a continued table ("forts.")
};

/// Page geometry and running content.
struct page_style {
  double width = 595.2756;   ///< A4 in points
  double height = 841.8898;
  double margin_top = 70.87;
  double margin_bottom = 70.87;
  double margin_left = 70.87;
  double margin_right = 70.87;
  std::string header_left;   ///< templates: {title} {committee} {chapter} {page} {pages}
  std::string header_center;
  std::string header_right;
  std::string footer_left;
  std::string footer_center;
  std::string footer_right;
  double header_offset = 35;  ///< baseline distance from the top edge
  double footer_offset = 35;  ///< baseline distance from the bottom edge
  bool header_rule = false;
};

/// Heading numbering: `suffix_level1` is "." for "1. Förslag", "" for "1 Förslag".
struct numbering_style {
  std::string level1_suffix;
  std::string separator = " ";  ///< between number and title
  std::string appendix_prefix = "Bilaga";
  std::string appendix_separator = " - ";
};

/// Where a layout places a logo: first on the cover, or in a corner slot of the running lines.
enum class logo_position { cover, header_left, header_right, footer_left, footer_right };

/// A logo of the layout (<logo>). The definition stage fills in where the file is; compute
/// loads it into `source` (one image per file, however many pages show it).
struct logo {
  logo_position position = logo_position::cover;
  std::string src;              ///< the path as the layout wrote it: messages name it so
  std::filesystem::path file;   ///< resolved against the layout's folder
  source_loc src_loc;           ///< where the src value starts: errors about the file point here
  std::optional<double> width;  ///< points; at least one of width and height is given
  std::optional<double> height;
  std::string align = "left";   ///< on the cover: left, center, right
  std::string alt;              ///< required on the cover unless decorative
  bool decorative = false;      ///< header and footer logos are always artifacts
  source_loc loc;               ///< the <logo> element
  std::shared_ptr<const rapport::image> source;  ///< loaded by compute; null before
};

/// A whole house style.
struct house_style {
  std::string name;
  std::string file;  ///< where it was read from
  page_style page;
  std::vector<font_family> fonts;
  std::vector<std::string> fallback_families;  ///< tried in order for missing glyphs
  std::vector<std::string> font_dirs;  ///< folders named by the layout, searched after fonts/
  std::map<std::string, text_style> styles;
  table_style table;
  numbering_style numbering;
  std::string toc_title = "Innehåll";
  int toc_depth = 2;
  std::string toc_leader = ".";
  std::vector<colour> palette;
  int widows = 2;
  int orphans = 2;
  std::string figure_caption_prefix = "Figur";  ///< before an image caption's number
  bool figure_caption_above = false;            ///< image captions above the picture, not below
  std::vector<logo> logos;                      ///< at most one per position

  /// The logo at `where`, or null when the layout has none there.
  const logo* logo_at(logo_position where) const {
    for (const auto& l : logos)
      if (l.position == where) return &l;
    return nullptr;
  }

  /// The named style, or "body" if it is not defined (every layout defines body).
  const text_style& style(const std::string& name) const {
    if (auto it = styles.find(name); it != styles.end()) return it->second;
    static const text_style fallback;
    auto body = styles.find("body");
    return body != styles.end() ? body->second : fallback;
  }
};

}  // namespace rapport::model

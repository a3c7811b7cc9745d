// Reading a layout (layouts/*.xml) into a house_style.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "base/files.hpp"
#include "definition/reader.hpp"

namespace rapport::def {

using namespace tinyxml2;
using namespace detail;

namespace {

const std::vector<std::string> layout_children{"page",      "fonts",   "style",  "table",
                                               "numbering", "header",  "footer", "toc",
                                               "flow",      "palette", "logo",   "figure"};
const std::vector<std::string> style_attributes{
    "name",         "font",        "size",      "leading",        "bold",
    "italic",       "colour",      "align",     "space-before",   "space-after",
    "first-indent", "left-indent", "hyphenate", "keep-with-next", "uppercase"};

class layout_reader {
public:
  layout_reader(const xml_source& src, diagnostics& diag, model::house_style& out)
      : src_(src), diag_(diag), out_(out) {}

  // A length in points; accepts "12", "12pt", "25mm", "2.5cm".
  double length(const XMLElement* e, const char* name, double fallback) {
    const char* v = e->Attribute(name);
    if (!v) return fallback;
    const std::optional<double> points = parse_length(v, nullptr, true);
    if (!points) {
      diag_.error(src_.attribute_loc(e, name),
                  fmt::format("expected a length like 12, 12pt, 25mm or 2.5cm for '{}', found '{}'",
                              name, v));
      return fallback;
    }
    return *points;
  }

  // A length that must be above 0 (a font size, a leading): 0 would make text vanish.
  double positive_length(const XMLElement* e, const char* name, double fallback) {
    double value = length(e, name, fallback);
    if (e->Attribute(name) && value <= 0) {
      diag_.error(
          src_.attribute_loc(e, name),
          fmt::format("expected a size above 0 for '{}', found '{}'", name, e->Attribute(name)));
      return fallback;
    }
    return value;
  }

  colour parse_colour(const XMLElement* e, const char* name, colour fallback) {
    const char* v = e->Attribute(name);
    if (!v) return fallback;
    std::optional<colour> c = colour_from(v);
    if (!c) {
      diag_.error(src_.attribute_loc(e, name),
                  fmt::format("expected a colour like #1a2b3c for '{}', found '{}'", name, v));
      return fallback;
    }
    return *c;
  }

  static std::optional<colour> colour_from(std::string_view s) {
    if (s.size() != 7 || s[0] != '#') return std::nullopt;
    unsigned value = 0;
    auto [end, ec] = std::from_chars(s.data() + 1, s.data() + 7, value, 16);
    if (ec != std::errc() || end != s.data() + 7) return std::nullopt;
    return colour{static_cast<std::uint8_t>(value >> 16), static_cast<std::uint8_t>(value >> 8),
                  static_cast<std::uint8_t>(value)};
  }

  void read() {
    const XMLElement* root = src_.root();
    if (std::string_view(root->Name()) != "layout")
      throw fatal_error(
          src_.loc(root),
          fmt::format("expected <layout> as the root element, found <{}>", root->Name()));
    check_attributes(src_, root, {"name"}, diag_);
    out_.name = attr(root, "name");
    out_.file = src_.file();
    for (const XMLElement* e = root->FirstChildElement(); e; e = e->NextSiblingElement()) {
      std::string_view name = e->Name();
      if (name == "page")
        read_page(e);
      else if (name == "fonts")
        read_fonts(e);
      else if (name == "style")
        read_style(e);
      else if (name == "table")
        read_table_style(e);
      else if (name == "numbering") {
        check_attributes(src_, e,
                         {"level1-suffix", "separator", "appendix-prefix", "appendix-separator"},
                         diag_);
        out_.numbering.level1_suffix = attr(e, "level1-suffix", out_.numbering.level1_suffix);
        out_.numbering.separator = attr(e, "separator", out_.numbering.separator);
        out_.numbering.appendix_prefix = attr(e, "appendix-prefix", out_.numbering.appendix_prefix);
        out_.numbering.appendix_separator =
            attr(e, "appendix-separator", out_.numbering.appendix_separator);
      } else if (name == "header" || name == "footer") {
        check_attributes(src_, e, {"left", "center", "right"}, diag_);
        bool header = name == "header";
        (header ? out_.page.header_left : out_.page.footer_left) = attr(e, "left");
        (header ? out_.page.header_center : out_.page.footer_center) = attr(e, "center");
        (header ? out_.page.header_right : out_.page.footer_right) = attr(e, "right");
      } else if (name == "toc") {
        check_attributes(src_, e, {"title", "depth", "leader"}, diag_);
        out_.toc_title = attr(e, "title", out_.toc_title);
        out_.toc_depth = int_attr(src_, e, "depth", out_.toc_depth, 1, 6, diag_);
        out_.toc_leader = attr(e, "leader", out_.toc_leader);
      } else if (name == "flow") {
        check_attributes(src_, e, {"widows", "orphans"}, diag_);
        out_.widows = int_attr(src_, e, "widows", out_.widows, 1, 10, diag_);
        out_.orphans = int_attr(src_, e, "orphans", out_.orphans, 1, 10, diag_);
      } else if (name == "palette") {
        check_attributes(src_, e, {"colours"}, diag_);
        std::string list = attr(e, "colours");
        std::size_t start = 0;
        while (start < list.size()) {
          std::size_t end = list.find(' ', start);
          if (end == std::string::npos) end = list.size();
          if (end > start) {
            std::string_view word(list.data() + start, end - start);
            if (auto c = colour_from(word))
              out_.palette.push_back(*c);
            else
              diag_.error(src_.attribute_loc(e, "colours"),
                          fmt::format("expected a colour like #1a2b3c, found '{}'", word));
          }
          start = end + 1;
        }
      } else if (name == "logo") {
        read_logo(src_, e, out_, diag_);
      } else if (name == "figure") {
        read_figure(src_, e, out_, diag_);
      } else {
        unknown_element(src_, e, "layout", layout_children, diag_);
      }
    }
    check_logos(out_, diag_);
    if (!out_.styles.contains("body"))
      diag_.error(src_.loc(root), "a layout must define the style 'body'");
    for (const auto& [name, style] : out_.styles) {
      bool known = false;
      for (const auto& f : out_.fonts) known = known || f.name == style.font;
      if (!known)
        diag_.error(
            src_.loc(root),
            fmt::format("style '{}' uses the font family '{}', which the layout does not define",
                        name, style.font));
    }
  }

private:
  void read_page(const XMLElement* e) {
    check_attributes(src_, e,
                     {"size", "orientation", "margin-top", "margin-bottom", "margin-left",
                      "margin-right", "header-offset", "footer-offset", "header-rule"},
                     diag_);
    std::string size = attr(e, "size", "A4");
    auto& p = out_.page;
    if (size == "A4")
      p.width = 595.2756, p.height = 841.8898;
    else if (size == "A5")
      p.width = 419.5276, p.height = 595.2756;
    else if (size == "A3")
      p.width = 841.8898, p.height = 1190.5512;
    else if (size == "letter")
      p.width = 612, p.height = 792;
    else
      diag_.error(src_.attribute_loc(e, "size"), fmt::format("unknown page size '{}'", size),
                  "use A4, A5, A3 or letter");
    std::string orientation = attr(e, "orientation", "portrait");
    if (orientation == "landscape")
      std::swap(p.width, p.height);
    else if (orientation != "portrait")
      diag_.error(
          src_.attribute_loc(e, "orientation"),
          fmt::format("orientation must be portrait or landscape, found '{}'", orientation));
    p.margin_top = length(e, "margin-top", p.margin_top);
    p.margin_bottom = length(e, "margin-bottom", p.margin_bottom);
    p.margin_left = length(e, "margin-left", p.margin_left);
    p.margin_right = length(e, "margin-right", p.margin_right);
    p.header_offset = length(e, "header-offset", p.header_offset);
    p.footer_offset = length(e, "footer-offset", p.footer_offset);
    p.header_rule = bool_attr(src_, e, "header-rule", false, diag_);
    check_room(e, "margin-left", "margin-right", p.margin_left + p.margin_right, p.width,
               "the left and right margins ({} mm) leave no room on a page {} mm wide");
    check_room(e, "margin-top", "margin-bottom", p.margin_top + p.margin_bottom, p.height,
               "the top and bottom margins ({} mm) leave no room on a page {} mm high");
  }

  // Margins that meet or cross would set text in a column of no (or negative) width.
  void check_room(const XMLElement* e, const char* first, const char* second, double margins,
                  double side, fmt::format_string<std::string, std::string> message) {
    constexpr double min_room = 36;  // points: room for at least a line of text or a few words
    if (side - margins >= min_room) return;
    auto mm = [](double pt) { return fmt::format("{:g}", std::round(pt * 254 / 72) / 10); };
    source_loc at = e->Attribute(first)    ? src_.attribute_loc(e, first)
                    : e->Attribute(second) ? src_.attribute_loc(e, second)
                                           : src_.loc(e);
    diag_.error(at, fmt::format(message, mm(margins), mm(side)),
                "make the margins smaller or the page larger");
  }

  void read_fonts(const XMLElement* e) {
    check_attributes(src_, e, {"dir"}, diag_);
    if (const char* dir = e->Attribute("dir"))
      out_.font_dirs.push_back((src_.folder() / dir).string());
    for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
      std::string_view name = c->Name();
      if (name == "family") {
        check_attributes(src_, c, {"name", "regular", "bold", "italic", "bold-italic"}, diag_);
        out_.fonts.push_back({required_attr(src_, c, "name", diag_),
                              required_attr(src_, c, "regular", diag_), attr(c, "bold"),
                              attr(c, "italic"), attr(c, "bold-italic"), src_.attribute_loc(c, "regular"),
                              src_.attribute_loc(c, "bold"), src_.attribute_loc(c, "italic"),
                              src_.attribute_loc(c, "bold-italic")});
        family_locs_.push_back(src_.loc(c));
      } else if (name == "fallback") {
        check_attributes(src_, c, {"family"}, diag_);
        out_.fallback_families.push_back(required_attr(src_, c, "family", diag_));
      } else {
        unknown_element(src_, c, "fonts", {"family", "fallback"}, diag_);
      }
    }
  }

  void read_style(const XMLElement* e) {
    check_attributes(src_, e, style_attributes, diag_);
    std::string name = required_attr(src_, e, "name", diag_);
    // A style starts from body's values so a layout only says what differs.
    model::text_style s =
        out_.styles.contains("body") && name != "body" ? out_.styles["body"] : model::text_style{};
    s.space_before = s.space_after = s.first_indent = s.left_indent = 0;
    s.keep_with_next = false;
    s.font = attr(e, "font", s.font);
    s.size = positive_length(e, "size", s.size);
    s.leading = positive_length(e, "leading", e->Attribute("size") ? s.size * 1.2 : s.leading);
    s.bold = bool_attr(src_, e, "bold", false, diag_);
    s.italic = bool_attr(src_, e, "italic", false, diag_);
    s.fill = parse_colour(e, "colour", s.fill);
    std::string align = attr(e, "align");
    if (align == "left")
      s.align = model::text_align::left;
    else if (align == "right")
      s.align = model::text_align::right;
    else if (align == "center")
      s.align = model::text_align::center;
    else if (align == "justify")
      s.align = model::text_align::justify;
    else if (!align.empty())
      diag_.error(src_.attribute_loc(e, "align"),
                  fmt::format("align must be left, right, center or justify, found '{}'", align));
    s.space_before = length(e, "space-before", 0);
    s.space_after = length(e, "space-after", 0);
    s.first_indent = length(e, "first-indent", 0);
    s.left_indent = length(e, "left-indent", 0);
    s.hyphenate = bool_attr(src_, e, "hyphenate", s.hyphenate, diag_);
    s.keep_with_next = bool_attr(src_, e, "keep-with-next", false, diag_);
    s.uppercase = bool_attr(src_, e, "uppercase", false, diag_);
    out_.styles[name] = s;
  }

  void read_table_style(const XMLElement* e) {
    check_attributes(
        src_, e,
        {"header-fill", "rule", "rule-width", "header-rule-width", "total-rule-width", "padding-x",
         "padding-y", "negative", "caption-prefix", "caption-position", "continuation"},
        diag_);
    auto& t = out_.table;
    t.header_fill = parse_colour(e, "header-fill", t.header_fill);
    t.rule = parse_colour(e, "rule", t.rule);
    t.rule_width = length(e, "rule-width", t.rule_width);
    t.header_rule_width = length(e, "header-rule-width", t.header_rule_width);
    t.total_rule_width = length(e, "total-rule-width", t.total_rule_width);
    t.cell_padding_x = length(e, "padding-x", t.cell_padding_x);
    t.cell_padding_y = length(e, "padding-y", t.cell_padding_y);
    t.negative_fill = parse_colour(e, "negative", t.negative_fill);
    t.caption_prefix = attr(e, "caption-prefix", t.caption_prefix);
    std::string position = attr(e, "caption-position", "above");
    if (position != "above" && position != "below")
      diag_.error(src_.attribute_loc(e, "caption-position"),
                  fmt::format("caption-position must be above or below, found '{}'", position));
    t.caption_above = position == "above";
    t.continuation = attr(e, "continuation", t.continuation);
  }

  const xml_source& src_;
  diagnostics& diag_;
  model::house_style& out_;
  std::vector<source_loc> family_locs_;
};

}  // namespace

model::house_style read_layout(const std::filesystem::path& file, diagnostics& diag) {
  model::house_style style;
  xml_source src(file);
  layout_reader(src, diag, style).read();
  return style;
}

std::filesystem::path find_layout(const std::string& name,
                                  const std::filesystem::path& definition_dir,
                                  const source_loc& loc) {
  std::filesystem::path candidate;
  if (name.ends_with(".xml"))
    candidate = definition_dir / name;
  else
    candidate = data_dir() / "layouts" / (name + ".xml");
  if (std::filesystem::exists(candidate)) return candidate;
  std::vector<std::string> known;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir() / "layouts", ec))
    if (entry.path().extension() == ".xml") known.push_back(entry.path().stem().string());
  std::sort(known.begin(), known.end());
  std::string close = closest_match(name, known);
  std::string where = name.ends_with(".xml") ? candidate.string() : "layouts/" + name + ".xml";
  throw fatal_error(loc, fmt::format("cannot find the layout '{}' (no file {})", name, where),
                    close.empty() ? fmt::format("layouts available: {}", fmt::join(known, ", "))
                                  : fmt::format("did you mean '{}'?", close));
}

std::vector<std::string> definition_element_names() {
  std::vector<std::string> names{
      "report", "meta",  "title", "author",    "committee", "subject", "keywords", "date",
      "param",  "data",  "csv",   "json",      "sqlite",    "xlsx",    "ods",      "values",
      "value",  "cover", "line",  "li",        "fragment",  "columns", "column",   "group",
      "rows",   "row",   "cell",  "rows-from", "heading",   "sum",     "comment",  "empty",
      "total",  "style", "note",  "series",    "alt"};
  names.insert(names.end(), block_elements.begin(), block_elements.end());
  names.insert(names.end(), inline_elements.begin(), inline_elements.end());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::vector<std::string> layout_element_names() {
  std::vector<std::string> names = layout_children;
  names.insert(names.end(), {"layout", "family", "fallback"});
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace rapport::def

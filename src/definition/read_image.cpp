// Reading <image> blocks (size, alignment, caption, the text alternative accessible output
// needs) and a layout's <logo> and <figure>. The files themselves are loaded by compute.
#include <fmt/format.h>

#include <charconv>

#include "definition/reader.hpp"

namespace rapport::def::detail {

using namespace tinyxml2;

std::optional<double> parse_length(std::string_view s, bool* percent, bool allow_zero) {
  double factor = 1;
  bool is_percent = false;
  if (s.ends_with("mm"))
    factor = 72.0 / 25.4, s.remove_suffix(2);
  else if (s.ends_with("cm"))
    factor = 72.0 / 2.54, s.remove_suffix(2);
  else if (s.ends_with("pt"))
    s.remove_suffix(2);
  else if (percent && s.ends_with("%"))
    is_percent = true, s.remove_suffix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !(value > 0 || (allow_zero && value == 0)))
    return std::nullopt;
  if (is_percent && value > 100) return std::nullopt;
  if (percent) *percent = is_percent;
  return value * factor;
}

namespace {

std::string trimmed(std::string_view s) {
  std::size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

// Reads width or height; reports a value that is not a positive length.
std::optional<double> size_attr(const xml_source& src, const XMLElement* e, const char* name,
                                bool* percent, diagnostics& diag) {
  const char* v = e->Attribute(name);
  if (!v) return std::nullopt;
  std::optional<double> value = parse_length(v, percent);
  if (!value)
    diag.error(src.attribute_loc(e, name),
               fmt::format("expected a length like 60mm, 4cm or 120pt{} for '{}', found '{}'",
                           percent ? " or a percentage of the text width like 50%" : "", name, v));
  return value;
}

}  // namespace

image reader::read_image(const xml_source& src, const XMLElement* e) {
  check_attributes(
      src, e, {"src", "width", "height", "align", "alt", "decorative", "caption", "id"}, diag_);
  image img;
  img.loc = src.loc(e);
  if (const char* path = e->Attribute("src")) {
    img.src = path;
    img.src_loc = src.attribute_loc(e, "src");
    if (img.src.empty())
      diag_.error(img.src_loc, "the image 'src' is empty", "name a .png, .jpg or .svg file");
    else
      img.file = (src.folder() / img.src).lexically_normal();
  } else {
    required_attr(src, e, "src", diag_);  // reports it
  }
  img.width = size_attr(src, e, "width", &img.width_percent, diag_);
  img.height = size_attr(src, e, "height", nullptr, diag_);
  img.align = attr(e, "align", "center");
  if (img.align != "left" && img.align != "center" && img.align != "right")
    diag_.error(src.attribute_loc(e, "align"),
                fmt::format("align must be left, center or right, found '{}'", img.align));
  img.decorative = bool_attr(src, e, "decorative", false, diag_);
  img.alt = trimmed(collapse_space(attr(e, "alt")));
  if (img.decorative && e->Attribute("alt")) {
    diag_.warning(src.attribute_loc(e, "alt"),
                  "a decorative image has no text alternative; 'alt' is ignored",
                  "remove decorative=\"true\" if the image carries information");
  } else if (!img.decorative && img.alt.empty()) {
    source_loc at = e->Attribute("alt") ? src.attribute_loc(e, "alt") : img.loc;
    diag_.error(
        at,
        e->Attribute("alt")
            ? std::string("the image's 'alt' text is empty")
            : std::string(
                  "<image> needs an 'alt' text: what it shows, for readers who cannot see it"),
        "write decorative=\"true\" if the image carries no information");
  }
  if (const char* caption = e->Attribute("caption"))
    img.caption = read_inline_text(src, caption, src.attribute_loc(e, "caption"));
  img.id = attr(e, "id");
  for (const XMLNode* n = e->FirstChild(); n; n = n->NextSibling())
    if (n->ToElement() || (n->ToText() && !trimmed(n->Value()).empty())) {
      diag_.error(src.loc(e), "<image> takes no content; its caption is the 'caption' attribute");
      break;
    }
  return img;
}

// Logos (docs/layout.md, "Logos"): one per position, sized by width and/or height.
void read_logo(const xml_source& src, const XMLElement* e, model::house_style& style,
               diagnostics& diag) {
  check_attributes(src, e, {"src", "position", "width", "height", "align", "alt", "decorative"},
                   diag);
  logo l;
  l.loc = src.loc(e);
  if (const char* path = e->Attribute("src")) {
    l.src = path;
    l.src_loc = src.attribute_loc(e, "src");
    if (l.src.empty())
      diag.error(l.src_loc, "the logo's 'src' is empty", "name a .png, .jpg or .svg file");
    else
      l.file = (src.folder() / l.src).lexically_normal();
  } else {
    required_attr(src, e, "src", diag);  // reports it
  }
  static const std::vector<std::pair<std::string, logo_position>> positions{
      {"cover", logo_position::cover},
      {"header-left", logo_position::header_left},
      {"header-right", logo_position::header_right},
      {"footer-left", logo_position::footer_left},
      {"footer-right", logo_position::footer_right}};
  std::string position = required_attr(src, e, "position", diag);
  bool known = false;
  for (const auto& [word, where] : positions)
    if (word == position) l.position = where, known = true;
  std::vector<std::string> words;
  for (const auto& p : positions) words.push_back(p.first);
  if (!known && !position.empty()) {
    std::string close = closest_match(position, words);
    diag.error(src.attribute_loc(e, "position"),
               fmt::format("unknown logo position '{}'", position),
               close.empty() ? fmt::format("use one of: {}", fmt::join(words, ", "))
                             : fmt::format("did you mean '{}'?", close));
  }
  for (const char* side : {"width", "height"}) {
    const char* v = e->Attribute(side);
    if (!v) continue;
    std::optional<double> value = parse_length(v);
    if (!value)
      diag.error(
          src.attribute_loc(e, side),
          fmt::format("expected a length like 12mm, 1.2cm or 34pt for '{}', found '{}'", side, v));
    (std::string_view(side) == "width" ? l.width : l.height) = value;
  }
  if (!e->Attribute("width") && !e->Attribute("height"))
    diag.error(l.loc,
               "a <logo> needs a 'width' or a 'height' (or both: it keeps its aspect ratio)");
  l.align = attr(e, "align", "left");
  if (l.align != "left" && l.align != "center" && l.align != "right")
    diag.error(src.attribute_loc(e, "align"),
               fmt::format("align must be left, center or right, found '{}'", l.align));
  else if (e->Attribute("align") && known && l.position != logo_position::cover)
    diag.warning(src.attribute_loc(e, "align"),
                 "'align' is only for a cover logo; the position decides here");
  l.decorative = bool_attr(src, e, "decorative", false, diag);
  l.alt = attr(e, "alt");
  if (known && l.position == logo_position::cover) {
    if (!l.decorative && l.alt.find_first_not_of(" \t\r\n") == std::string::npos)
      diag.error(e->Attribute("alt") ? src.attribute_loc(e, "alt") : l.loc,
                 "a cover logo needs an 'alt' text (e.g. the organisation's name), for readers "
                 "who cannot see it",
                 "write decorative=\"true\" if the cover names the organisation in text too");
  } else if (known && (e->Attribute("alt") || e->Attribute("decorative"))) {
    diag.warning(src.attribute_loc(e, e->Attribute("alt") ? "alt" : "decorative"),
                 "header and footer logos are page furniture (artifacts): 'alt' and "
                 "'decorative' are ignored");
  }
  if (!known) return;
  for (const auto& other : style.logos)
    if (other.position == l.position) {
      diag.error(l.loc, fmt::format("a second logo at '{}' (the first is at line {})", position,
                                    other.loc.line));
      return;
    }
  style.logos.push_back(std::move(l));
}

void read_figure(const xml_source& src, const XMLElement* e, model::house_style& style,
                 diagnostics& diag) {
  check_attributes(src, e, {"caption-prefix", "caption-position"}, diag);
  style.figure_caption_prefix = attr(e, "caption-prefix", style.figure_caption_prefix);
  std::string position =
      attr(e, "caption-position", style.figure_caption_above ? "above" : "below");
  if (position != "above" && position != "below")
    diag.error(src.attribute_loc(e, "caption-position"),
               fmt::format("caption-position must be above or below, found '{}'", position));
  else
    style.figure_caption_above = position == "above";
}

// A header or footer logo takes a whole slot and hangs from the baseline upwards, so it
// must fit between the page edge (header) or the text area (footer) and the baseline.
void check_logos(const model::house_style& style, diagnostics& diag) {
  const model::page_style& p = style.page;
  for (const auto& l : style.logos) {
    if (l.position == logo_position::cover) continue;
    bool header =
        l.position == logo_position::header_left || l.position == logo_position::header_right;
    bool left =
        l.position == logo_position::header_left || l.position == logo_position::footer_left;
    const std::string& text =
        header ? (left ? p.header_left : p.header_right) : (left ? p.footer_left : p.footer_right);
    const char* slot = left ? "left" : "right";
    const char* part = header ? "header" : "footer";
    if (!text.empty())
      diag.error(
          l.loc,
          fmt::format("the {}'s {} slot has both this logo and the text '{}'", part, slot, text),
          fmt::format("remove {}=\"{}\" from <{}>: a logo takes the whole slot", slot, text, part));
    double room = header ? p.header_offset : p.margin_bottom - p.footer_offset;
    // With only a width, the height follows from the image: compute checks it (phase 2).
    if (l.height && *l.height > room + 1e-6)
      diag.error(
          l.loc,
          fmt::format("the {} logo is {:.1f}pt high, but only {:.1f}pt fit above the {}'s baseline",
                      part, *l.height, room, part),
          header ? std::string("make it smaller or raise <page header-offset>")
                 : std::string(
                       "make it smaller, or raise <page margin-bottom> or lower footer-offset"));
  }
}

}  // namespace rapport::def::detail

// Reading body blocks (sections, paragraphs, lists, quotes, includes) and inline content.
#include <fmt/format.h>

#include <algorithm>

#include "definition/reader.hpp"

namespace rapport::def::detail {

using namespace tinyxml2;

const std::vector<std::string> block_elements{"section", "appendix", "p", "ul", "ol", "quote", "pagebreak",
                                              "toc", "table", "chart", "chart-row", "include", "image"};
const std::vector<std::string> inline_elements{"b", "i", "sup", "footnote", "link", "value", "br"};

namespace {
constexpr int max_include_depth = 16;
}

void reader::read_blocks(const xml_source& src, const XMLElement* parent, std::vector<block>& blocks, int depth) {
  for (const XMLElement* e = parent->FirstChildElement(); e; e = e->NextSiblingElement())
    if (!read_block(src, e, blocks, depth)) unknown_element(src, e, parent->Name(), block_elements, diag_);
}

bool reader::read_block(const xml_source& src, const XMLElement* e, std::vector<block>& blocks, int depth) {
  std::string_view name = e->Name();
  if (name == "section" || name == "appendix") {
    blocks.push_back({read_section(src, e, depth, name == "appendix")});
  } else if (name == "p") {
    check_attributes(src, e, {"style"}, diag_);
    blocks.push_back({paragraph{read_inline(src, e), attr(e, "style", "body"), src.loc(e)}});
  } else if (name == "ul" || name == "ol") {
    blocks.push_back({read_list(src, e)});
  } else if (name == "quote") {
    check_attributes(src, e, {}, diag_);
    quote q{{}, src.loc(e)};
    if (e->FirstChildElement("p")) {
      for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
        if (std::string_view(c->Name()) != "p") {
          unknown_element(src, c, "quote", {"p"}, diag_);
          continue;
        }
        check_attributes(src, c, {}, diag_);
        q.paragraphs.push_back(paragraph{read_inline(src, c), "quote", src.loc(c)});
      }
    } else {
      q.paragraphs.push_back(paragraph{read_inline(src, e), "quote", src.loc(e)});
    }
    blocks.push_back({std::move(q)});
  } else if (name == "pagebreak") {
    check_attributes(src, e, {}, diag_);
    blocks.push_back({page_break{src.loc(e)}});
  } else if (name == "toc") {
    check_attributes(src, e, {"title", "depth"}, diag_);
    toc t{attr(e, "title"), int_attr(src, e, "depth", 0, 1, 6, diag_), src.loc(e)};
    blocks.push_back({std::move(t)});
  } else if (name == "table") {
    blocks.push_back({read_table(src, e)});
  } else if (name == "chart") {
    blocks.push_back({read_chart(src, e)});
  } else if (name == "chart-row") {
    check_attributes(src, e, {}, diag_);
    chart_row row{{}, src.loc(e)};
    for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
      if (std::string_view(c->Name()) == "chart") row.charts.push_back(read_chart(src, c));
      else unknown_element(src, c, "chart-row", {"chart"}, diag_);
    }
    blocks.push_back({std::move(row)});
  } else if (name == "include") {
    read_include(src, e, blocks, depth);
  } else if (name == "image") {
    blocks.push_back({read_image(src, e)});
  } else {
    return false;
  }
  return true;
}

section reader::read_section(const xml_source& src, const XMLElement* e, int depth, bool appendix) {
  bool clean = check_attributes(src, e, {"title", "numbered", "toc", "id", "page-break"}, diag_);
  section s;
  s.loc = src.loc(e);
  s.appendix = appendix;
  s.numbered = bool_attr(src, e, "numbered", true, diag_);
  s.in_toc = bool_attr(src, e, "toc", true, diag_);
  s.id = attr(e, "id");
  std::string page_break = attr(e, "page-break");
  if (!page_break.empty() && page_break != "before")
    diag_.error(src.attribute_loc(e, "page-break"), fmt::format("page-break must be 'before', found '{}'", page_break));
  s.page_break_before = page_break == "before";
  const XMLElement* title_element = e->FirstChildElement("title");
  if (const char* title = e->Attribute("title")) {
    s.title = read_inline_text(src, title, src.attribute_loc(e, "title"));
    if (title_element)
      diag_.error(src.loc(title_element), "a section has either a 'title' attribute or a <title>, not both");
  } else if (title_element) {
    check_attributes(src, title_element, {}, diag_);
    s.title = read_inline(src, title_element);
  } else if (clean) {  // a misspelt 'title' was reported already
    diag_.error(s.loc, fmt::format("<{}> needs a title (attribute 'title' or a <title> child)", e->Name()));
  }
  if (depth > 6) diag_.error(s.loc, "sections nest at most 6 levels deep");
  for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
    if (std::string_view(c->Name()) == "title") continue;
    if (!read_block(src, c, s.blocks, depth + 1)) unknown_element(src, c, e->Name(), block_elements, diag_);
  }
  return s;
}

list reader::read_list(const xml_source& src, const XMLElement* e) {
  bool ordered = std::string_view(e->Name()) == "ol";
  check_attributes(src, e, ordered ? std::vector<std::string>{"style", "start"} : std::vector<std::string>{}, diag_);
  list l;
  l.ordered = ordered;
  l.loc = src.loc(e);
  l.style = attr(e, "style", "1.");
  l.start = int_attr(src, e, "start", 1, 0, 1'000'000, diag_);
  static const std::vector<std::string> styles{"1.", "1)", "A)", "a)", "A.", "a.", "i.", "I."};
  if (ordered && std::find(styles.begin(), styles.end(), l.style) == styles.end())
    diag_.error(src.attribute_loc(e, "style"), fmt::format("unknown list style '{}'", l.style),
                fmt::format("use one of: {}", fmt::join(styles, " ")));
  for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
    if (std::string_view(c->Name()) != "li") {
      unknown_element(src, c, e->Name(), {"li"}, diag_);
      continue;
    }
    check_attributes(src, c, {}, diag_);
    list_item item{{}, {}, src.loc(c)};
    read_inline_children(src, c, item.content);
    for (const XMLElement* sub = c->FirstChildElement(); sub; sub = sub->NextSiblingElement()) {
      std::string_view n = sub->Name();
      if (n == "ul" || n == "ol") item.children.push_back(read_list(src, sub));
    }
    l.items.push_back(std::move(item));
  }
  return l;
}

void reader::read_include(const xml_source& src, const XMLElement* e, std::vector<block>& blocks, int depth) {
  check_attributes(src, e, {"file"}, diag_);
  std::string file = required_attr(src, e, "file", diag_);
  if (file.empty()) return;
  if (include_depth_ >= max_include_depth) {
    diag_.error(src.loc(e), "includes nest too deeply (an include cycle?)");
    return;
  }
  std::filesystem::path path = (src.folder() / file).lexically_normal();
  source_loc at = src.attribute_loc(e, "file");
  std::unique_ptr<xml_source> included;
  try {
    if (!std::filesystem::exists(path))
      throw fatal_error(at, fmt::format("cannot read included file '{}': no such file", file));
    included = std::make_unique<xml_source>(path);
  } catch (const fatal_error& error) {
    diag_.add(error.what_diagnostic());
    return;
  }
  if (std::string_view(included->root()->Name()) != "fragment") {
    diag_.error(included->loc(included->root()),
                fmt::format("an included file must have <fragment> as its root, found <{}>", included->root()->Name()));
    return;
  }
  check_attributes(*included, included->root(), {}, diag_);
  out_.included_files.push_back(path);
  ++include_depth_;
  read_blocks(*included, included->root(), blocks, depth);
  --include_depth_;
}

inline_content reader::read_inline(const xml_source& src, const XMLElement* e) {
  inline_content out;
  read_inline_children(src, e, out);
  return out;
}

void reader::read_inline_children(const xml_source& src, const XMLElement* e, inline_content& out) {
  source_loc cursor = src.find_after(src.loc(e), ">");
  cursor.column += 1;
  for (const XMLNode* n = e->FirstChild(); n; n = n->NextSibling()) {
    if (const XMLText* t = n->ToText()) {
      source_loc at = t->GetLineNum() == cursor.line ? cursor : source_loc{src.file(), t->GetLineNum(), 1};
      inline_content parts = read_inline_text(src, t->Value(), at);
      out.insert(out.end(), parts.begin(), parts.end());
      continue;
    }
    const XMLElement* c = n->ToElement();
    if (!c) continue;
    cursor = src.loc(c);
    std::string_view name = c->Name();
    inline_node node;
    node.loc = src.loc(c);
    if (name == "b" || name == "i" || name == "sup" || name == "footnote") {
      check_attributes(src, c, {}, diag_);
      node.type = name == "b"     ? inline_node::kind::bold
                  : name == "i"   ? inline_node::kind::italic
                  : name == "sup" ? inline_node::kind::superscript
                                  : inline_node::kind::footnote;
      read_inline_children(src, c, node.children);
    } else if (name == "link") {
      check_attributes(src, c, {"href"}, diag_);
      node.type = inline_node::kind::link;
      node.text = required_attr(src, c, "href", diag_);
      read_inline_children(src, c, node.children);
      if (node.children.empty()) node.children.push_back({inline_node::kind::text, node.text, {}, {}, node.loc});
    } else if (name == "value") {
      check_attributes(src, c, {"expr", "format"}, diag_);
      node.type = inline_node::kind::value;
      node.text = required_attr(src, c, "expr", diag_);
      node.format = attr(c, "format");
      node.loc = src.attribute_loc(c, "expr");
    } else if (name == "br") {
      check_attributes(src, c, {}, diag_);
      node.type = inline_node::kind::line_break;
    } else if (name == "ul" || name == "ol") {
      continue;  // nested lists inside <li>, read by read_list
    } else {
      unknown_element(src, c, e->Name(), inline_elements, diag_);
      continue;
    }
    out.push_back(std::move(node));
  }
}

inline_content reader::read_inline_text(const xml_source& src, const std::string& raw, const source_loc& loc) {
  // Splits "text {expr | format} text" into text and value nodes; "{{" and "}}" are braces.
  inline_content out;
  std::string text;
  auto flush = [&] {
    if (!text.empty()) out.push_back({inline_node::kind::text, collapse_space(text), {}, {}, loc});
    text.clear();
  };
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '{' && i + 1 < raw.size() && raw[i + 1] == '{') {
      text += '{';
      ++i;
    } else if (c == '}' && i + 1 < raw.size() && raw[i + 1] == '}') {
      text += '}';
      ++i;
    } else if (c == '{') {
      std::size_t close = raw.find('}', i);
      std::string inner = raw.substr(i + 1, close == std::string::npos ? std::string::npos : close - i - 1);
      source_loc at = src.find_after(loc, "{" + inner.substr(0, std::min<std::size_t>(inner.size(), 20)));
      at.column += 1;
      if (close == std::string::npos) {
        diag_.error(at, "unterminated '{' (write '{{' for a literal brace)");
        text += raw.substr(i);
        break;
      }
      flush();
      inline_node node{inline_node::kind::value, {}, {}, {}, at};
      std::size_t bar = inner.find('|');
      node.text = inner.substr(0, bar);
      if (bar != std::string::npos) node.format = inner.substr(bar + 1);
      auto trim = [](std::string& s) {
        auto first = s.find_first_not_of(" \n\t");
        s = first == std::string::npos ? std::string{} : s.substr(first, s.find_last_not_of(" \n\t") - first + 1);
      };
      trim(node.text);
      trim(node.format);
      if (node.text.empty()) diag_.error(at, "empty expression '{}'");
      out.push_back(std::move(node));
      i = close;
    } else if (c == '}') {
      diag_.error(src.find_after(loc, "}"), "unmatched '}' (write '}}' for a literal brace)");
    } else {
      text += c;
    }
  }
  flush();
  return out;
}

}  // namespace rapport::def::detail

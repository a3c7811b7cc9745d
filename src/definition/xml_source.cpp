// Loading XML with tinyxml2 and recovering the columns it does not report.
#include "definition/xml_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "base/files.hpp"

namespace rapport::def::detail {

using namespace tinyxml2;

int utf8_length(std::string_view text) {
  return static_cast<int>(std::count_if(text.begin(), text.end(),
                                        [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// tinyxml2 reports only a line: point at the spot in that line its error most likely means.
static int guess_error_column(std::string_view line, XMLError error) {
  std::size_t pos = std::string_view::npos;
  switch (error) {
    case XML_ERROR_MISMATCHED_ELEMENT: pos = line.find("</"); break;
    case XML_ERROR_PARSING_ATTRIBUTE: {
      // The attribute without a value: a name inside a tag not followed by '='.
      bool in_tag = false;
      char quote = 0;
      for (std::size_t i = 0; i < line.size() && pos == std::string_view::npos; ++i) {
        char c = line[i];
        if (quote) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '<') {
          in_tag = true;
          while (i + 1 < line.size() && !std::isspace(static_cast<unsigned char>(line[i + 1]))) ++i;
        } else if (c == '>') {
          in_tag = false;
        } else if (in_tag && (std::isalpha(static_cast<unsigned char>(c)) || c == '_')) {
          std::size_t end = i;
          while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) || line[end] == '-' ||
                                       line[end] == '_' || line[end] == ':'))
            ++end;
          std::size_t next = line.find_first_not_of(' ', end);
          if (next == std::string_view::npos || line[next] != '=') pos = i;
          i = end - 1;
        }
      }
      break;
    }
    case XML_ERROR_PARSING_TEXT: pos = line.find('&'); break;
    default: break;
  }
  if (pos == std::string_view::npos) pos = line.find('<');
  if (pos == std::string_view::npos) pos = line.find_first_not_of(" \t");
  if (pos == std::string_view::npos) pos = 0;
  return utf8_length(line.substr(0, pos)) + 1;
}

static std::string describe(XMLError error) {
  switch (error) {
    case XML_ERROR_MISMATCHED_ELEMENT: return "closing tag does not match the open element";
    case XML_ERROR_PARSING_ATTRIBUTE: return "malformed attribute (expected name=\"value\")";
    case XML_ERROR_PARSING_ELEMENT: return "malformed element";
    case XML_ERROR_PARSING_TEXT: return "malformed text (a stray '&' or '<'? write &amp; or &lt;)";
    case XML_ERROR_PARSING_COMMENT: return "unterminated comment";
    case XML_ERROR_PARSING_CDATA: return "unterminated CDATA section";
    case XML_ERROR_EMPTY_DOCUMENT: return "the file holds no XML element";
    default: return "malformed XML";
  }
}

namespace {

struct tag_problem {
  int line = 0;
  int column = 0;
  std::string message;
};

// tinyxml2 reports a mismatched or unclosed element at a line that is often not the culprit's.
// A small scan of the tags (skipping comments, CDATA, declarations and quoted values) finds
// the exact closing tag that does not match, or the element never closed.
std::optional<tag_problem> find_tag_problem(std::string_view text) {
  struct open_tag {
    std::string name;
    int line;
    int column;
  };
  std::vector<open_tag> stack;
  int line = 1;
  std::size_t line_start = 0;
  auto column_at = [&](std::size_t pos) { return utf8_length(text.substr(line_start, pos - line_start)) + 1; };
  auto advance_to = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to && i < text.size(); ++i)
      if (text[i] == '\n') ++line, line_start = i + 1;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t lt = text.find('<', i);
    if (lt == std::string_view::npos) break;
    advance_to(i, lt);
    auto skip_to = [&](std::string_view end) {
      std::size_t e = text.find(end, lt);
      std::size_t stop = e == std::string_view::npos ? text.size() : e + end.size();
      advance_to(lt, stop);
      return stop;
    };
    if (text.substr(lt, 4) == "<!--") { i = skip_to("-->"); continue; }
    if (text.substr(lt, 9) == "<![CDATA[") { i = skip_to("]]>"); continue; }
    if (text.substr(lt, 2) == "<?" || text.substr(lt, 2) == "<!") { i = skip_to(">"); continue; }
    bool closing = text.substr(lt, 2) == "</";
    std::size_t name_start = lt + (closing ? 2 : 1);
    std::size_t name_end = name_start;
    while (name_end < text.size() && !std::isspace(static_cast<unsigned char>(text[name_end])) &&
           text[name_end] != '>' && text[name_end] != '/')
      ++name_end;
    std::string name(text.substr(name_start, name_end - name_start));
    int tag_line = line, tag_column = column_at(lt);
    // Find the tag's end, skipping quoted attribute values.
    std::size_t j = name_end;
    char quote = 0;
    while (j < text.size() && (quote || text[j] != '>')) {
      if (quote && text[j] == quote) quote = 0;
      else if (!quote && (text[j] == '"' || text[j] == '\'')) quote = text[j];
      ++j;
    }
    bool self_closing = j > 0 && j < text.size() && text[j - 1] == '/';
    advance_to(lt, j);
    i = j + 1;
    if (closing) {
      if (stack.empty())
        return tag_problem{tag_line, tag_column, fmt::format("</{}> closes an element that was never opened", name)};
      if (stack.back().name != name)
        return tag_problem{tag_line, tag_column,
                           fmt::format("</{}> closes <{}> (opened at {}:{})", name, stack.back().name, stack.back().line,
                                       stack.back().column)};
      stack.pop_back();
    } else if (!self_closing && !name.empty()) {
      stack.push_back({name, tag_line, tag_column});
    }
  }
  if (!stack.empty())
    return tag_problem{stack.back().line, stack.back().column, fmt::format("<{}> is never closed", stack.back().name)};
  return std::nullopt;
}

// The offset of the first byte that is not well-formed UTF-8 (overlong forms, surrogates and
// code points above U+10FFFF included), or npos. tinyxml2 takes any bytes, so a file saved
// as Latin-1 would lose letters silently.
std::size_t find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
    if (b >= 0xC2 && b <= 0xDF) n = 1;
    else if (b == 0xE0) n = 2, low = 0xA0;
    else if (b == 0xED) n = 2, high = 0x9F;
    else if (b >= 0xE1 && b <= 0xEF) n = 2;
    else if (b == 0xF0) n = 3, low = 0x90;
    else if (b >= 0xF1 && b <= 0xF3) n = 3;
    else if (b == 0xF4) n = 3, high = 0x8F;
    else return i;
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= text.size()) return i;
      auto c = static_cast<unsigned char>(text[i + k]);
      if (k == 1 ? (c < low || c > high) : (c & 0xC0) != 0x80) return i;
    }
    i += n + 1;
  }
  return std::string_view::npos;
}

// The numeric reference to suggest for HTML entities that are pasted into definitions most often.
std::string_view html_entity_code(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> known[] = {
      {"nbsp", "&#160;"},    {"shy", "&#173;"},     {"ndash", "&#8211;"}, {"mdash", "&#8212;"},
      {"hellip", "&#8230;"}, {"euro", "&#8364;"},   {"copy", "&#169;"},   {"reg", "&#174;"},
      {"laquo", "&#171;"},   {"raquo", "&#187;"},   {"lsquo", "&#8216;"}, {"rsquo", "&#8217;"},
      {"ldquo", "&#8220;"},  {"rdquo", "&#8221;"},  {"bull", "&#8226;"},  {"minus", "&#8722;"},
      {"auml", "&#228;"},    {"aring", "&#229;"},   {"ouml", "&#246;"},   {"Auml", "&#196;"},
      {"Aring", "&#197;"},   {"Ouml", "&#214;"},    {"eacute", "&#233;"}, {"sect", "&#167;"},
      {"deg", "&#176;"},     {"times", "&#215;"},   {"para", "&#182;"},   {"thinsp", "&#8201;"}};
  for (const auto& [n, code] : known)
    if (n == name) return code;
  return {};
}

struct entity_problem {
  std::size_t offset;
  std::string name;
};

// tinyxml2 passes an entity it does not know through as text, so "&nbsp;" would reach the PDF
// literally. Finds the first '&name;' other than XML's five, outside comments, CDATA,
// processing instructions and the DOCTYPE.
std::optional<entity_problem> find_unknown_entity(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t at = text.find_first_of("&<", i);
    if (at == std::string_view::npos) break;
    if (text[at] == '<') {
      std::string_view end;
      if (text.substr(at, 4) == "<!--") end = "-->";
      else if (text.substr(at, 9) == "<![CDATA[") end = "]]>";
      else if (text.substr(at, 2) == "<?" || text.substr(at, 2) == "<!") end = ">";
      if (end.empty()) {
        i = at + 1;
        continue;
      }
      std::size_t e = text.find(end, at + 2);
      i = e == std::string_view::npos ? text.size() : e + end.size();
      continue;
    }
    std::size_t name_end = at + 1;
    while (name_end < text.size() && name_end - at < 40 && std::isalnum(static_cast<unsigned char>(text[name_end])))
      ++name_end;
    std::string_view name = text.substr(at + 1, name_end - at - 1);
    if (!name.empty() && std::isalpha(static_cast<unsigned char>(name[0])) && name_end < text.size() &&
        text[name_end] == ';' && name != "amp" && name != "lt" && name != "gt" && name != "quot" &&
        name != "apos")
      return entity_problem{at, std::string(name)};
    i = at + 1;
  }
  return std::nullopt;
}

}  // namespace

source_loc xml_source::offset_loc(std::size_t offset) const {
  int line = static_cast<int>(std::count(content_.begin(), content_.begin() + static_cast<std::ptrdiff_t>(offset), '\n')) + 1;
  std::size_t start = content_.rfind('\n', offset == 0 ? 0 : offset - 1);
  start = (start == std::string::npos || offset == 0) ? 0 : start + 1;
  return source_loc{file_, line, utf8_length(std::string_view(content_).substr(start, offset - start)) + 1};
}

xml_source::xml_source(const std::filesystem::path& file) : file_(file.string()) {
  content_ = read_file(file);
  std::string_view all(content_);
  std::size_t start = 0;
  while (start <= all.size()) {
    std::size_t end = all.find('\n', start);
    if (end == std::string_view::npos) end = all.size();
    lines_.push_back(all.substr(start, end - start));
    start = end + 1;
  }
  // A UTF-16 file is no XML tinyxml2 can read: say so before it reports a syntax error.
  const bool utf16 = content_.starts_with("\xFF\xFE") || content_.starts_with("\xFE\xFF");
  if (utf16) check_utf8();
  XMLError status = doc_.Parse(content_.data(), content_.size());
  if (status != XML_SUCCESS) {
    int line = std::max(1, doc_.ErrorLineNum());
    std::string_view text = line <= static_cast<int>(lines_.size()) ? lines_[line - 1] : std::string_view{};
    if (status == XML_ERROR_MISMATCHED_ELEMENT || status == XML_ERROR_PARSING_ELEMENT ||
        status == XML_ERROR_PARSING_TEXT) {
      if (auto problem = find_tag_problem(content_))
        throw fatal_error(source_loc{file_, problem->line, problem->column},
                          fmt::format("malformed XML: {}", problem->message));
    }
    throw fatal_error(source_loc{file_, line, guess_error_column(text, status)},
                      fmt::format("malformed XML: {}", describe(status)));
  }
  // tinyxml2 takes any bytes: a well-formed file saved as Latin-1 parses and loses letters.
  check_utf8();
  // A comment or a declaration alone parses without error but leaves no element to read.
  const XMLElement* first = doc_.RootElement();
  if (!first) throw fatal_error(source_loc{file_, 1, 1}, fmt::format("malformed XML: {}", describe(XML_ERROR_EMPTY_DOCUMENT)));
  // tinyxml2 accepts several top-level elements; all but the first would be lost silently.
  if (const XMLElement* second = first->NextSiblingElement())
    throw fatal_error(loc(second),
                      fmt::format("malformed XML: a second root element <{}> (a file holds one)", second->Name()),
                      fmt::format("move it inside <{}>", first->Name()));
  if (auto entity = find_unknown_entity(content_)) {
    std::string_view code = html_entity_code(entity->name);
    throw fatal_error(offset_loc(entity->offset),
                      code.empty() ? fmt::format("unknown XML entity '&{};' (write the character itself or "
                                                 "its number, like &#160;)",
                                                 entity->name)
                                   : fmt::format("unknown XML entity '&{};' (write {} or the character itself)",
                                                 entity->name, code),
                      "XML knows only &amp; &lt; &gt; &quot; and &apos;; HTML's named entities are not XML");
  }
}

void xml_source::check_utf8() const {
  std::size_t bad = find_invalid_utf8(content_);
  if (bad == std::string::npos) return;
  std::string hint = content_.starts_with("\xFF\xFE") || content_.starts_with("\xFE\xFF")
                         ? "the file looks like UTF-16"
                         : "the file looks like Windows-1252 (Latin-1), as older Windows programs save it";
  throw fatal_error(offset_loc(bad),
                    fmt::format("not valid UTF-8 (byte 0x{:02x}): save the file as UTF-8",
                                static_cast<unsigned char>(content_[bad])),
                    hint);
}

int xml_source::column_in_line(int line, std::string_view needle, int occurrence) const {
  if (line <= 0 || line > static_cast<int>(lines_.size())) return 0;
  std::string_view text = lines_[line - 1];
  std::size_t pos = std::string_view::npos;
  std::size_t from = 0;
  for (int i = 0; i <= occurrence; ++i) {
    pos = text.find(needle, from);
    if (pos == std::string_view::npos) break;
    from = pos + 1;
  }
  if (pos == std::string_view::npos) pos = text.find(needle);
  if (pos == std::string_view::npos) return 1;
  return utf8_length(text.substr(0, pos)) + 1;
}

source_loc xml_source::loc(const XMLElement* e) const {
  if (auto it = cache_.find(e); it != cache_.end()) return it->second;
  int line = e->GetLineNum();
  // Count earlier siblings/ancestors' elements of the same name on the same line, so two
  // <cell> on one line get different columns.
  int occurrence = 0;
  for (const XMLNode* n = e->PreviousSibling(); n; n = n->PreviousSibling()) {
    const XMLElement* s = n->ToElement();
    if (s && s->GetLineNum() == line && std::string_view(s->Name()) == e->Name()) ++occurrence;
  }
  std::string needle = std::string("<") + e->Name();
  source_loc result{file_, line, column_in_line(line, needle, occurrence)};
  cache_[e] = result;
  return result;
}

source_loc xml_source::find_after(const source_loc& from, std::string_view needle) const {
  if (from.line <= 0) return from;
  for (int line = from.line; line <= static_cast<int>(lines_.size()); ++line) {
    std::string_view text = lines_[line - 1];
    std::size_t start = 0;
    if (line == from.line) {
      // Convert the 1-based character column back to a byte offset.
      int chars = 0;
      while (start < text.size() && chars < from.column - 1) {
        ++start;
        while (start < text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
        ++chars;
      }
    }
    std::size_t pos = text.find(needle, start);
    if (pos != std::string_view::npos) return {file_, line, utf8_length(text.substr(0, pos)) + 1};
    if (line > from.line + 50) break;
  }
  return from;
}

source_loc xml_source::attribute_loc(const XMLElement* e, std::string_view name) const {
  source_loc at = find_after(loc(e), std::string(name) + "=");
  if (at == loc(e)) return at;
  return source_loc{at.file, at.line, at.column + utf8_length(name) + 2};
}

source_loc xml_source::text_loc(const XMLText* t) const {
  return source_loc{file_, t->GetLineNum(), 1};
}

std::string attr(const XMLElement* e, const char* name, std::string fallback) {
  const char* v = e->Attribute(name);
  return v ? std::string(v) : std::move(fallback);
}

bool check_attributes(const xml_source& src, const XMLElement* e, const std::vector<std::string>& allowed,
                      diagnostics& diag) {
  bool clean = true;
  for (const XMLAttribute* a = e->FirstAttribute(); a; a = a->Next()) {
    std::string name = a->Name();
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    if (name.starts_with("xmlns")) continue;
    std::string hint;
    if (std::string close = closest_match(name, allowed); !close.empty())
      hint = fmt::format("did you mean '{}'?", close);
    else if (allowed.empty())
      hint = fmt::format("<{}> takes no attributes", e->Name());
    else
      hint = fmt::format("<{}> takes: {}", e->Name(), fmt::join(allowed, ", "));
    source_loc at = src.find_after(src.loc(e), name + "=");
    diag.error(at, fmt::format("unknown attribute '{}' on <{}>", name, e->Name()), hint);
    clean = false;
  }
  return clean;
}

void unknown_element(const xml_source& src, const XMLElement* e, std::string_view parent,
                     const std::vector<std::string>& allowed, diagnostics& diag) {
  std::string hint;
  if (std::string close = closest_match(e->Name(), allowed); !close.empty())
    hint = fmt::format("did you mean <{}>?", close);
  else if (!allowed.empty())
    hint = fmt::format("<{}> may contain: {}", parent, fmt::join(allowed, ", "));
  diag.error(src.loc(e), fmt::format("unknown element <{}> in <{}>", e->Name(), parent), hint);
}

int int_attr(const xml_source& src, const XMLElement* e, const char* name, int fallback, int min, int max,
             diagnostics& diag) {
  const char* v = e->Attribute(name);
  if (!v) return fallback;
  std::string_view s(v);
  std::string_view digits = s.starts_with('-') || s.starts_with('+') ? s.substr(1) : s;
  bool whole = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!whole) {
    diag.error(src.attribute_loc(e, name), fmt::format("expected a whole number for '{}', found '{}'", name, s));
    return fallback;
  }
  // Compare digit strings, so a number too large for int is "out of range", not a crash.
  long long value = 0;
  bool huge = false;
  for (char c : digits) {
    value = value * 10 + (c - '0');
    if (value > 1'000'000'000LL) {
      huge = true;
      break;
    }
  }
  if (s.starts_with('-')) value = -value;
  if (huge || value < min || value > max) {
    diag.error(src.attribute_loc(e, name),
               fmt::format("'{}' must be a whole number from {} to {}, found '{}'", name, min, max, s));
    return fallback;
  }
  return static_cast<int>(value);
}

bool bool_attr(const xml_source& src, const XMLElement* e, const char* name, bool fallback,
               diagnostics& diag) {
  const char* v = e->Attribute(name);
  if (!v) return fallback;
  std::string_view s(v);
  if (s == "true" || s == "yes") return true;
  if (s == "false" || s == "no") return false;
  diag.error(src.attribute_loc(e, name),
             fmt::format("attribute '{}' must be true or false, found '{}'", name, s));
  return fallback;
}

std::string required_attr(const xml_source& src, const XMLElement* e, const char* name,
                          diagnostics& diag) {
  const char* v = e->Attribute(name);
  if (v && *v) return v;
  diag.error(src.loc(e), fmt::format("<{}> needs the attribute '{}'", e->Name(), name));
  return {};
}

std::string collapse_space(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      if (!in_space) out += ' ';
      in_space = true;
    } else {
      out += c;
      in_space = false;
    }
  }
  return out;
}

}  // namespace rapport::def::detail

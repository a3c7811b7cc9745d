// Resolving inline content: emphasis, links, footnotes and `{expr | format}` values.
#include <fmt/format.h>

#include "compute/builder.hpp"

namespace rapport::detail {

namespace {

void trim_ends(model::inline_text& text) {
  while (!text.empty() && text.front().footnote == 0) {
    auto& s = text.front().text;
    std::size_t first = s.find_first_not_of(' ');
    if (first == std::string::npos) {
      text.erase(text.begin());
      continue;
    }
    s.erase(0, first);
    break;
  }
  while (!text.empty() && text.back().footnote == 0) {
    auto& s = text.back().text;
    std::size_t last = s.find_last_not_of(' ');
    if (last == std::string::npos) {
      text.pop_back();
      continue;
    }
    s.erase(last + 1);
    break;
  }
}

// Adjacent spans with the same look are merged, so layout shapes longer runs.
void push_span(model::inline_text& out, model::span s) {
  if (s.text.empty()) return;
  if (!out.empty()) {
    model::span& last = out.back();
    if (last.bold == s.bold && last.italic == s.italic && last.superscript == s.superscript && last.fill == s.fill &&
        last.link == s.link && last.footnote == 0 && s.footnote == 0) {
      // Collapse a space at the seam of two text nodes.
      if (last.text.ends_with(' ') && s.text.starts_with(' ')) s.text.erase(0, 1);
      last.text += s.text;
      return;
    }
    if (last.text.ends_with(' ') && s.text.starts_with(' ')) s.text.erase(0, 1);
  }
  out.push_back(std::move(s));
}

}  // namespace

void builder::append_inline(const def::inline_node& node, const scope& where, model::span look,
                            model::inline_text& out) {
  using kind = def::inline_node::kind;
  switch (node.type) {
    case kind::text: {
      model::span s = look;
      s.text = node.text;
      push_span(out, std::move(s));
      break;
    }
    case kind::value: {
      model::span s = look;
      if (auto v = evaluate(node.text, node.loc, where)) s.text = format_for_print(*v, node.format, node.loc);
      push_span(out, std::move(s));
      break;
    }
    case kind::bold:
    case kind::italic:
    case kind::superscript:
    case kind::link: {
      model::span inner = look;
      if (node.type == kind::bold) inner.bold = true;
      if (node.type == kind::italic) inner.italic = true;
      if (node.type == kind::superscript) inner.superscript = true;
      if (node.type == kind::link) inner.link = node.text;
      for (const auto& child : node.children) append_inline(child, where, inner, out);
      break;
    }
    case kind::footnote: {
      int number = static_cast<int>(footnotes_.size()) + 1;
      model::footnote note{number, {}};
      footnotes_.push_back(note);  // reserve the number before nested content is resolved
      model::inline_text text;
      for (const auto& child : node.children) append_inline(child, where, model::span{}, text);
      trim_ends(text);
      footnotes_[number - 1].text = std::move(text);
      model::span mark = look;
      mark.text = std::to_string(number);
      mark.superscript = true;
      mark.footnote = number;
      mark.link.clear();
      out.push_back(std::move(mark));
      break;
    }
    case kind::line_break: {
      model::span s = look;
      s.text = "\n";
      out.push_back(std::move(s));
      break;
    }
  }
}

model::inline_text builder::resolve_inline(const def::inline_content& content, const scope& where, bool bold,
                                           bool italic) {
  model::inline_text out;
  model::span look;
  look.bold = bold;
  look.italic = italic;
  for (const auto& node : content) append_inline(node, where, look, out);
  trim_ends(out);
  return out;
}

model::inline_text builder::resolve_text(const std::string& text, const source_loc& loc, const scope& where) {
  // Attribute text (captions, labels) may hold `{...}` values too.
  def::inline_content content;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find('{', i);
    if (open == std::string::npos || open + 1 >= text.size()) {
      content.push_back({def::inline_node::kind::text, text.substr(i), {}, {}, loc});
      break;
    }
    if (text[open + 1] == '{') {
      content.push_back({def::inline_node::kind::text, text.substr(i, open - i + 1), {}, {}, loc});
      i = open + 2;
      continue;
    }
    if (open > i) content.push_back({def::inline_node::kind::text, text.substr(i, open - i), {}, {}, loc});
    std::size_t close = text.find('}', open);
    if (close == std::string::npos) {
      diag_.error(loc, "unterminated '{' (write '{{' for a literal brace)");
      break;
    }
    std::string inner = text.substr(open + 1, close - open - 1);
    std::size_t bar = inner.find('|');
    source_loc at{loc.file, loc.line, loc.column + static_cast<int>(open) + 1};
    auto strip = [](std::string s) {
      auto first = s.find_first_not_of(' ');
      return first == std::string::npos ? std::string{} : s.substr(first, s.find_last_not_of(' ') - first + 1);
    };
    content.push_back({def::inline_node::kind::value, strip(inner.substr(0, bar)),
                       bar == std::string::npos ? std::string{} : strip(inner.substr(bar + 1)), {}, at});
    i = close + 1;
  }
  return resolve_inline(content, where);
}

}  // namespace rapport::detail

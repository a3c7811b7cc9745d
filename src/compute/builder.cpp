// Resolving a definition into a document: named values, sections and numbering, lists.
#include "compute/builder.hpp"

#include <fmt/format.h>

#include "base/files.hpp"

namespace rapport {

namespace detail {

builder::builder(const def::report_definition& definition, const model::house_style& style, const dataset& data,
                 const compute_options& options, diagnostics& diag)
    : definition_(definition), style_(style), data_(data), options_(options), diag_(diag),
      locale_(locale_for(definition.language)) {}

void builder::set_up_environment() {
  env_.data = &data_;
  const auto& m = definition_.meta;
  env_.named["meta.title"] = m.title;
  env_.named["meta.author"] = m.author;
  env_.named["meta.committee"] = m.committee;
  env_.named["meta.subject"] = m.subject;
  env_.named["meta.date"] = m.date;
  if (!m.date.empty() && !parse_iso_date(m.date))
    diag_.error(m.date_loc, fmt::format("expected a date like 2021-11-23, found '{}'", m.date));
  for (const auto& p : definition_.params) {
    auto given = options_.params.find(p.name);
    if (given != options_.params.end()) env_.named["param." + p.name] = given->second;
    else if (p.default_value) env_.named["param." + p.name] = *p.default_value;
    else {
      diag_.error(p.loc, fmt::format("the parameter '{}' has no default and was not given", p.name),
                  fmt::format("run with --param {}=VALUE", p.name));
      env_.named["param." + p.name] = value{};  // known but empty, so its uses add no noise
    }
  }
  for (const auto& [name, v] : options_.params) {
    bool declared = false;
    for (const auto& p : definition_.params) declared = declared || p.name == name;
    if (!declared) diag_.error(source_loc{definition_.file.string(), 0, 0},
                               fmt::format("--param {}: the definition declares no such parameter", name));
  }
  // Values may use the values before them, so they are evaluated in order.
  for (const auto& v : definition_.values) {
    global_scope where(env_);
    if (auto result = evaluate(v.expr, v.expr_loc, where)) env_.named[v.name] = *result;
    else env_.named[v.name] = value{};
  }
}

const expression* builder::parse(const std::string& text, const source_loc& loc) {
  std::string key = fmt::format("{}\x1f{}:{}:{}", text, loc.file, loc.line, loc.column);
  if (auto it = parsed_.find(key); it != parsed_.end()) return &it->second;
  try {
    return &parsed_.emplace(key, expression::parse(text, loc)).first->second;
  } catch (const fatal_error& error) {
    diag_.add(error.what_diagnostic());
    return nullptr;
  }
}

std::optional<value> builder::evaluate(const std::string& text, const source_loc& loc, const scope& where) {
  const expression* e = parse(text, loc);
  if (!e) return std::nullopt;
  try {
    return e->evaluate(where);
  } catch (const fatal_error& error) {
    diag_.add(error.what_diagnostic());
    return std::nullopt;
  }
}

const number_format* builder::number_format_for(const std::string& format, const source_loc& loc) {
  if (auto it = formats_.find(format); it != formats_.end()) return &it->second;
  std::string error;
  std::optional<number_format> parsed = parse_number_format(format, &error);
  if (!parsed) {
    diag_.error(loc, fmt::format("bad format '{}': {}", format, error));
    parsed = number_format{};
  }
  return &formats_.emplace(format, *parsed).first->second;
}

std::string builder::format_for_print(const value& v, const std::string& format, const source_loc& loc) {
  if (format.starts_with("date:")) {
    if (v.is_empty()) return {};
    std::optional<date> d = v.is_text() ? parse_iso_date(v.text()) : std::nullopt;
    if (!d) {
      diag_.error(loc, fmt::format("format '{}' needs a date like 2021-11-23", format));
      return {};
    }
    return format_date(*d, std::string_view(format).substr(5), locale_);
  }
  if (format.empty() && v.is_number()) {
    // Without a format, whole numbers print without decimals and others with one.
    double x = v.number();
    return format_number(x, *number_format_for(x == static_cast<long long>(x) ? "int" : "dec1", loc), locale_);
  }
  return format_value(v, *number_format_for(format, loc), locale_);
}

std::string builder::heading_number(const def::section& s, int level) {
  if (s.appendix) {
    ++appendix_counter_;
    return fmt::format("{} {}", style_.numbering.appendix_prefix, appendix_counter_);
  }
  if (!s.numbered) return {};
  if (static_cast<int>(counters_.size()) < level) counters_.resize(level, 0);
  counters_.resize(level);
  ++counters_[level - 1];
  std::string number;
  for (int i = 0; i < level; ++i) {
    if (i > 0) number += '.';
    // A numbered section below an unnumbered one still gets a full number.
    number += std::to_string(std::max(1, counters_[i]));
  }
  if (level == 1) number += style_.numbering.level1_suffix;
  return number;
}

void builder::build_section(const def::section& s, int level) {
  model::heading h;
  h.level = level;
  h.number = heading_number(s, level);
  global_scope where(env_);
  h.title = resolve_inline(s.title, where);
  h.id = s.id.empty() ? fmt::format("sec-{}", ++id_counter_) : s.id;
  h.in_toc = s.in_toc && (s.numbered || s.appendix || level == 1 || true);
  h.loc = s.loc;
  h.page_break_before = s.page_break_before;
  h.appendix = s.appendix;
  h.numbered = s.numbered;
  doc_.blocks.push_back(std::move(h));
  build_blocks(s.blocks, level + 1);
}

model::list builder::build_list(const def::list& l) {
  model::list out;
  out.ordered = l.ordered;
  out.loc = l.loc;
  global_scope where(env_);
  int n = l.start;
  for (const auto& item : l.items) {
    model::list_item mi;
    if (!l.ordered) mi.label = "•";
    else {
      std::string counter;
      char kind = l.style[0];
      if (kind == 'A' || kind == 'a') counter = std::string(1, static_cast<char>(kind + (n - 1) % 26));
      else if (kind == 'i' || kind == 'I') {
        static const char* romans[] = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"};
        counter = n >= 1 && n <= 12 ? romans[n - 1] : std::to_string(n);
        if (kind == 'I')
          for (auto& c : counter) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      } else counter = std::to_string(n);
      mi.label = counter + l.style.substr(1);
      ++n;
    }
    mi.text = resolve_inline(item.content, where);
    for (const auto& child : item.children) mi.children.push_back(build_list(child));
    out.items.push_back(std::move(mi));
  }
  return out;
}

void builder::build_blocks(const std::vector<def::block>& blocks, int level) {
  for (const auto& b : blocks) {
    std::visit(
        [&](const auto& node) {
          using T = std::decay_t<decltype(node)>;
          global_scope where(env_);
          if constexpr (std::is_same_v<T, def::section>) build_section(node, level);
          else if constexpr (std::is_same_v<T, def::paragraph>)
            doc_.blocks.push_back(model::paragraph{resolve_inline(node.content, where), node.style, node.loc});
          else if constexpr (std::is_same_v<T, def::list>) doc_.blocks.push_back(build_list(node));
          else if constexpr (std::is_same_v<T, def::quote>) {
            for (const auto& p : node.paragraphs)
              doc_.blocks.push_back(model::paragraph{resolve_inline(p.content, where), "quote", p.loc});
          } else if constexpr (std::is_same_v<T, def::page_break>) doc_.blocks.push_back(model::page_break{node.loc});
          else if constexpr (std::is_same_v<T, def::toc>)
            doc_.blocks.push_back(model::toc{node.title.empty() ? style_.toc_title : node.title,
                                             node.depth > 0 ? node.depth : style_.toc_depth, node.loc});
          else if constexpr (std::is_same_v<T, def::table>) {
            if (auto t = build_table(node)) doc_.blocks.push_back(std::move(*t));
          } else if constexpr (std::is_same_v<T, def::chart> || std::is_same_v<T, def::chart_row>) {
            build_chart_block(node);
          } else if constexpr (std::is_same_v<T, def::image>) {
            build_image(node);
          } else {
            static_assert(sizeof(T) == 0, "every kind of block must be built");
          }
        },
        b.node);
  }
}

model::document builder::build() {
  set_up_environment();
  doc_.style = style_;
  load_logos();
  const auto& m = definition_.meta;
  doc_.meta = {m.title, m.author, m.subject, m.keywords, definition_.language, m.committee, document_epoch()};
  if (definition_.cover) {
    model::cover c;
    global_scope where(env_);
    for (const auto& line : *definition_.cover)
      c.lines.push_back(model::paragraph{resolve_inline(line.content, where), line.style, line.loc});
    doc_.front = std::move(c);
  }
  build_blocks(definition_.body, 1);
  doc_.footnotes = std::move(footnotes_);
  return std::move(doc_);
}

}  // namespace detail

model::document build_document(const def::report_definition& definition, const model::house_style& style,
                               const dataset& data, const compute_options& options, diagnostics& diag) {
  return detail::builder(definition, style, data, options, diag).build();
}

}  // namespace rapport

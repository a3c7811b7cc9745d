// compute/ expressions: the public `expression` type and the error locations shared by the phases.
#include "compute/expression.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "compute/expr_internal.hpp"

namespace rapport {
namespace detail {

source_loc locate(std::string_view source, const source_loc& loc, std::size_t offset) {
  source_loc at = loc;
  offset = std::min(offset, source.size());
  int newlines = 0;
  int characters = 0;  // since the last newline; UTF-8 continuation bytes do not count
  for (std::size_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(source[i]);
    if (c == '\n') {
      ++newlines;
      characters = 0;
    } else if ((c & 0xC0) != 0x80) {
      ++characters;
    }
  }
  if (newlines > 0) {
    if (at.line > 0) at.line += newlines;
    at.column = at.line > 0 ? 1 + characters : 0;
  } else if (at.column > 0) {
    at.column += characters;
  }
  return at;
}

std::string describe(const value& v) {
  if (v.is_empty()) return "an empty value";
  if (v.is_bool()) return fmt::format("the boolean {}", v.boolean());
  if (v.is_number()) return fmt::format("the number {}", plain_number(v.number()));
  // Long texts are cut so a message stays one readable line.
  const std::string& s = v.text();
  if (s.size() <= 40) return fmt::format("the text '{}'", s);
  std::size_t cut = 37;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("the text '{}...'", s.substr(0, cut));
}

void eval_context::fail(std::size_t offset, std::string message, std::string hint) const {
  throw fatal_error(locate(source, loc, offset), std::move(message), std::move(hint));
}

void eval_context::fail_not_number(const node& operand, const value& v, const scope& where,
                                   std::string message) const {
  fail_not_number(
      operand.kind == node_kind::name ? std::string_view(operand.text) : std::string_view{}, v,
      where, operand.offset, std::move(message));
}

void eval_context::fail_not_number(std::string_view field, const value& v, const scope& where,
                                   std::size_t offset, std::string message) const {
  // A mistyped number in a CSV ("12,3,4") is the data's mistake: point at the cell.
  if (!field.empty() && v.is_text())
    if (std::optional<source_loc> cell = where.origin(field))
      throw fatal_error(*cell,
                        fmt::format("expected a number in '{}', found '{}'", field, v.text()),
                        fmt::format("'{}' at {} uses it as a number", source,
                                    to_string(locate(source, loc, offset))));
  fail(offset, std::move(message));
}

namespace {

void collect_names(const node& n, std::vector<std::string>& out) {
  if (n.kind == node_kind::name && std::find(out.begin(), out.end(), n.text) == out.end())
    out.push_back(n.text);
  for (const node& a : n.args) collect_names(a, out);
}

}  // namespace
}  // namespace detail

expression expression::parse(std::string_view text, const source_loc& loc) {
  expression e;
  e.root_ = std::make_shared<const node>(detail::parse_tree(text, loc));
  e.source_ = std::string(text);
  e.loc_ = loc;
  return e;
}

expression::expression() = default;
expression::~expression() = default;
expression::expression(expression&&) noexcept = default;
expression& expression::operator=(expression&&) noexcept = default;
expression::expression(const expression&) = default;
expression& expression::operator=(const expression&) = default;

value expression::evaluate(const scope& where) const {
  if (!root_) return value{};  // a default-constructed expression is empty
  return detail::eval(*root_, where, detail::eval_context{source_, loc_});
}

std::vector<std::string> expression::names() const {
  std::vector<std::string> out;
  if (root_) detail::collect_names(*root_, out);
  return out;
}

const std::string& expression::source() const {
  return source_;
}

const source_loc& expression::loc() const {
  return loc_;
}

}  // namespace rapport

// compute/ expressions, phase 2: a recursive-descent parser from tokens to the syntax tree.
#include <fmt/format.h>

#include <algorithm>

#include "compute/expr_internal.hpp"

namespace rapport::detail {
namespace {

// Deeper nesting than this is not a real report expression; the limit keeps recursion (while
// parsing, evaluating and destroying the tree) far from the end of the stack.
constexpr int max_height = 200;

// Functions that run over a set of rows each time they are evaluated. Nested, their costs
// multiply (sum(sum(sum(x))) over n rows evaluates x n³ times), so deeper nesting than this is
// refused rather than left to run for hours; two levels allow sum(share(x)).
constexpr int max_row_nesting = 2;

bool runs_over_rows(const node& n) {
  if (n.kind != node_kind::call) return false;
  switch (n.function) {
    case fn::sum:
    case fn::avg:
    case fn::min:
    case fn::max:
    case fn::count:
      return n.args.size() == 1;  // with several arguments min and max are plain functions
    case fn::share:
    case fn::movavg:
    case fn::lookup:
      return true;
    default:
      return false;
  }
}

bool is_keyword(std::string_view word) {
  return word == "and" || word == "or" || word == "not" || word == "true" || word == "false";
}

class parser {
public:
  parser(std::string_view source, const source_loc& loc)
      : source_(source), loc_(loc), tokens_(tokenize(source, loc)) {}

  node run() {
    if (tokens_.front().kind == token_kind::end) fail(0, "the expression is empty");
    node root = expr();
    if (peek().kind != token_kind::end) trailing();
    std::vector<const node*> outer;
    check_row_nesting(root, outer);
    return root;
  }

private:
  [[noreturn]] void fail(std::size_t at, std::string message, std::string hint = {}) const {
    throw fatal_error(locate(source_, loc_, at), std::move(message), std::move(hint));
  }

  const token& peek() const { return tokens_[pos_]; }
  const token& take() { return tokens_[pos_++]; }
  bool at_punct(std::string_view p) const {
    return peek().kind == token_kind::punct && peek().text == p;
  }
  bool at_word(std::string_view w) const {
    return peek().kind == token_kind::name && peek().text == w;
  }

  // How a token reads in a message: "end of expression", "the string 'x'" or the source text.
  std::string found(const token& t) const {
    switch (t.kind) {
      case token_kind::end:
        return "end of expression";
      case token_kind::text:
        return fmt::format("the string {}", source_.substr(t.begin, t.end - t.begin));
      default:
        return fmt::format("'{}'", source_.substr(t.begin, t.end - t.begin));
    }
  }

  // Guards the recursion of nested parentheses, signs and 'not'.
  struct nesting {
    parser& p;
    explicit nesting(parser& owner, std::size_t at) : p(owner) {
      if (++p.depth_ > max_height)
        p.fail(at, fmt::format("the expression is nested too deeply (more than {} levels)",
                               max_height));
    }
    ~nesting() { --p.depth_; }
  };

  node make(node_kind kind, std::size_t offset, std::size_t op_offset, std::vector<node> args) {
    node n;
    n.kind = kind;
    n.offset = offset;
    n.op_offset = op_offset;
    for (const node& a : args) n.height = std::max(n.height, a.height + 1);
    // A long chain like 1+1+1+... grows the tree without recursing in the parser.
    if (n.height > max_height)
      fail(op_offset,
           fmt::format("the expression is nested too deeply (more than {} levels)", max_height));
    n.args = std::move(args);
    return n;
  }

  node binary(op o, std::size_t op_offset, node lhs, node rhs) {
    std::size_t start = lhs.offset;
    std::vector<node> args;
    args.reserve(2);
    args.push_back(std::move(lhs));
    args.push_back(std::move(rhs));
    node n = make(node_kind::binary, start, op_offset, std::move(args));
    n.oper = o;
    return n;
  }

  node expr() {
    nesting guard(*this, peek().begin);
    node lhs = and_expr();
    while (at_word("or")) {
      std::size_t at = take().begin;
      lhs = binary(op::or_, at, std::move(lhs), and_expr());
    }
    return lhs;
  }

  node and_expr() {
    node lhs = not_expr();
    while (at_word("and")) {
      std::size_t at = take().begin;
      lhs = binary(op::and_, at, std::move(lhs), not_expr());
    }
    return lhs;
  }

  node not_expr() {
    if (!at_word("not")) return comparison();
    nesting guard(*this, peek().begin);
    std::size_t at = take().begin;
    std::vector<node> args;
    args.push_back(not_expr());
    node n = make(node_kind::unary, at, at, std::move(args));
    n.oper = op::not_;
    return n;
  }

  std::optional<op> comparison_op() const {
    static const std::pair<std::string_view, op> ops[] = {
        {"=", op::eq},  {"==", op::eq}, {"!=", op::ne}, {"<", op::lt},
        {"<=", op::le}, {">", op::gt},  {">=", op::ge}};
    if (peek().kind != token_kind::punct) return std::nullopt;
    for (const auto& [spelling, o] : ops)
      if (peek().text == spelling) return o;
    return std::nullopt;
  }

  node comparison() {
    node lhs = sum();
    std::optional<op> o = comparison_op();
    if (!o) return lhs;
    std::size_t at = take().begin;
    node n = binary(*o, at, std::move(lhs), sum());
    if (comparison_op())
      fail(peek().begin,
           fmt::format("comparisons cannot be chained, found '{}' after a comparison", peek().text),
           "combine two comparisons with 'and', as in a < b and b < c");
    return n;
  }

  node sum() {
    node lhs = product();
    while (at_punct("+") || at_punct("-")) {
      const token& t = take();
      op o = t.text == "+" ? op::add : op::sub;
      lhs = binary(o, t.begin, std::move(lhs), product());
    }
    return lhs;
  }

  node product() {
    node lhs = unary();
    while (at_punct("*") || at_punct("/") || at_punct("%")) {
      const token& t = take();
      op o = t.text == "*" ? op::mul : t.text == "/" ? op::div : op::mod;
      lhs = binary(o, t.begin, std::move(lhs), unary());
    }
    return lhs;
  }

  node unary() {
    if (!at_punct("-")) return primary();
    nesting guard(*this, peek().begin);
    std::size_t at = take().begin;
    std::vector<node> args;
    args.push_back(unary());
    node n = make(node_kind::unary, at, at, std::move(args));
    n.oper = op::neg;
    return n;
  }

  node primary() {
    const token& t = peek();
    node n;
    n.offset = t.begin;
    switch (t.kind) {
      case token_kind::number:
        n.kind = node_kind::number;
        n.number = take().number;
        return n;
      case token_kind::text:
        n.kind = node_kind::text;
        n.text = take().text;
        return n;
      case token_kind::name:
        if (t.text == "true" || t.text == "false") {
          n.kind = node_kind::boolean;
          n.boolean = take().text == "true";
          return n;
        }
        if (!is_keyword(t.text)) return name_or_call();
        break;
      case token_kind::punct:
        if (t.text == "(") return parenthesized();
        break;
      case token_kind::end:
        break;
    }
    missing_value();
  }

  [[noreturn]] void missing_value() const {
    if (pos_ == 0) fail(peek().begin, fmt::format("expected a value, found {}", found(peek())));
    const token& before = tokens_[pos_ - 1];
    std::string after = before.kind == token_kind::punct || before.kind == token_kind::name
                            ? fmt::format(" after '{}'", before.text)
                            : std::string();
    fail(peek().begin, fmt::format("expected a value{}, found {}", after, found(peek())));
  }

  node parenthesized() {
    take();
    node inner = expr();
    if (!at_punct(")"))
      fail(peek().begin, fmt::format("expected ')' to match '(', found {}", found(peek())));
    take();
    return inner;
  }

  node name_or_call() {
    token t = take();
    if (!at_punct("(")) {
      if (t.text == "if")
        fail(peek().begin, fmt::format("expected '(' after 'if', found {}", found(peek())),
             "'if' is a function: if(condition, then, otherwise)");
      node n;
      n.kind = node_kind::name;
      n.offset = t.begin;
      n.text = std::move(t.text);
      n.dot = n.text.find('.');
      return n;
    }
    return call(t);
  }

  node call(const token& name) {
    const function_spec* spec = find_function(name.text);
    if (!spec) {
      std::vector<std::string> names;
      for (const auto& f : functions()) names.emplace_back(f.name);
      std::string close = closest_match(name.text, names);
      fail(name.begin, fmt::format("unknown function '{}'", name.text),
           close.empty() ? std::string() : fmt::format("did you mean '{}'?", close));
    }
    take();  // '('
    std::vector<node> args;
    if (!at_punct(")")) {
      args.push_back(expr());
      while (at_punct(",")) {
        take();
        args.push_back(expr());
      }
    }
    if (!at_punct(")"))
      fail(peek().begin, fmt::format("expected ')' after the arguments of '{}', found {}",
                                     name.text, found(peek())));
    take();
    int count = static_cast<int>(args.size());
    if (count < spec->min_args || (spec->max_args >= 0 && count > spec->max_args))
      fail(name.begin, fmt::format("'{}' takes {}, got {}", name.text, arity(*spec), count));
    node n = make(node_kind::call, name.begin, name.begin, std::move(args));
    n.text = name.text;
    n.function = spec->id;
    check_literal_arguments(n, eval_context{source_, loc_});
    return n;
  }

  static std::string arity(const function_spec& f) {
    auto plural = [](int k) { return k == 1 ? "argument" : "arguments"; };
    if (f.max_args < 0) return fmt::format("at least {} {}", f.min_args, plural(f.min_args));
    if (f.max_args == f.min_args) return fmt::format("{} {}", f.min_args, plural(f.min_args));
    if (f.max_args == f.min_args + 1)
      return fmt::format("{} or {} arguments", f.min_args, f.max_args);
    return fmt::format("{} to {} arguments", f.min_args, f.max_args);
  }

  // `outer` holds the enclosing calls that run over rows, outermost first.
  void check_row_nesting(const node& n, std::vector<const node*>& outer) const {
    bool counts = runs_over_rows(n);
    if (counts && static_cast<int>(outer.size()) >= max_row_nesting) {
      std::string chain = fmt::format("'{}'", n.text);
      for (auto it = outer.rbegin(); it != outer.rend(); ++it)
        chain += fmt::format(" inside '{}'", (*it)->text);
      fail(n.offset,
           fmt::format("{}: functions that run over rows can be nested only {} deep", chain,
                       max_row_nesting),
           "compute the inner value once, as a <value> or a column, and use its name");
    }
    if (counts) outer.push_back(&n);
    for (const node& a : n.args) check_row_nesting(a, outer);
    if (counts) outer.pop_back();
  }

  [[noreturn]] void trailing() const {
    const token& t = peek();
    std::string hint;
    if (t.kind == token_kind::name && (t.text == "AND" || t.text == "OR" || t.text == "NOT"))
      hint = fmt::format("operators are written in lower case: '{}'", t.text == "AND"  ? "and"
                                                                      : t.text == "OR" ? "or"
                                                                                       : "not");
    // `12,5` written with the Swedish decimal comma.
    const token& before = tokens_[pos_ - 1];
    const token& after = tokens_[pos_ + 1];
    if (t.kind == token_kind::punct && t.text == "," && before.kind == token_kind::number &&
        after.kind == token_kind::number && before.end == t.begin && t.end == after.begin)
      hint = fmt::format("the decimal point in expressions is '.': {}.{}",
                         source_.substr(before.begin, before.end - before.begin),
                         source_.substr(after.begin, after.end - after.begin));
    fail(t.begin,
         fmt::format("expected an operator or the end of the expression, found {}", found(t)),
         std::move(hint));
  }

  std::string_view source_;
  const source_loc& loc_;
  std::vector<token> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

node parse_tree(std::string_view source, const source_loc& loc) {
  return parser(source, loc).run();
}

}  // namespace rapport::detail

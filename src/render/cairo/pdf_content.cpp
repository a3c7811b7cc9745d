// render/cairo: rewrites the content streams cairo wrote: painting outside any structure
// element becomes an /Artifact sequence (cairo 1.16 has no artifacts), and each marked
// sequence is checked against what the canvas asked for and given its element's type.
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <memory>
#include <span>

#include "render/cairo/pdf_tagging.hpp"

namespace rapport::render::detail {
namespace {

struct inflate_deleter {
  void operator()(z_stream* z) const {
    inflateEnd(z);
    delete z;
  }
};
struct deflate_deleter {
  void operator()(z_stream* z) const {
    deflateEnd(z);
    delete z;
  }
};

// A page's content is a few megabytes at most; far more means a damaged stream.
constexpr std::size_t max_inflated = std::size_t{1} << 30;

struct token {
  std::string_view text;
  std::size_t pos = 0;
};

/// One content operator with its operands (dictionaries and arrays flattened into tokens).
struct operation {
  std::size_t start = 0;  ///< where the first operand (or the operator) starts
  std::size_t end = 0;    ///< just after the operator
  std::string_view name;
  std::span<const token> operands;  ///< into content_operations::tokens
  std::size_t first_operand = 0;
  std::size_t operand_count = 0;
};

/// A content stream's operations, their operands in one vector (a page has thousands).
struct content_operations {
  std::vector<token> tokens;
  std::vector<operation> ops;
};

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

bool is_delimiter(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}

bool is_operand_word(std::string_view w) {
  const char c = w.front();
  return std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.' ||
         w == "true" || w == "false" || w == "null";
}

// Splits content into operations; nullopt at an inline image (its data is not tokens) or at
// anything malformed.
std::optional<content_operations> operations(std::string_view s) {
  content_operations result;
  std::vector<token>& tokens = result.tokens;
  std::vector<operation>& ops = result.ops;
  operation current;
  bool started = false;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (c == '%') {
      while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
      continue;
    }
    const std::size_t start = i;
    if (c == '(') {
      int nesting = 0;
      while (i < s.size()) {
        const char d = s[i++];
        if (d == '\\') {
          ++i;
        } else if (d == '(') {
          ++nesting;
        } else if (d == ')' && --nesting == 0) {
          break;
        }
      }
      if (nesting != 0) return std::nullopt;
    } else if (c == '<' && i + 1 < s.size() && s[i + 1] == '<') {
      i += 2;
    } else if (c == '>' && i + 1 < s.size() && s[i + 1] == '>') {
      i += 2;
    } else if (c == '<') {
      const std::size_t close = s.find('>', i);
      if (close == std::string_view::npos) return std::nullopt;
      i = close + 1;
    } else if (c == '[' || c == ']' || c == '{' || c == '}') {
      ++i;
    } else if (c == '/') {
      ++i;
      while (i < s.size() && !is_space(s[i]) && !is_delimiter(s[i])) ++i;
    } else if (c == ')' || c == '>') {
      return std::nullopt;
    } else {
      while (i < s.size() && !is_space(s[i]) && !is_delimiter(s[i])) ++i;
      const std::string_view word = s.substr(start, i - start);
      if (!is_operand_word(word)) {
        if (word == "BI" || word == "ID" || word == "EI") return std::nullopt;
        current.start = started ? current.start : start;
        current.end = i;
        current.name = word;
        ops.push_back(current);
        current = {};
        current.first_operand = tokens.size();
        started = false;
        continue;
      }
    }
    if (!started) current.start = start;
    started = true;
    tokens.push_back({s.substr(start, i - start), start});
    ++current.operand_count;
  }
  if (started) return std::nullopt;  // operands without an operator
  for (auto& op : ops) op.operands = std::span<const token>(tokens).subspan(op.first_operand, op.operand_count);
  return result;
}

bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The MCID in a BDC's property list, or -1.
long long mcid_of(const operation& op) {
  for (std::size_t k = 0; k + 1 < op.operands.size(); ++k) {
    if (op.operands[k].text != "/MCID") continue;
    long long value = -1;
    const std::string_view t = op.operands[k + 1].text;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    return ec == std::errc{} && end == t.data() + t.size() ? value : -1;
  }
  return -1;
}

struct edit {
  std::size_t pos = 0;
  std::size_t erase = 0;
  std::string insert;
};

}  // namespace

std::optional<std::string> inflate(std::string_view data) {
  std::unique_ptr<z_stream, inflate_deleter> z(new z_stream{});
  if (inflateInit(z.get()) != Z_OK) return std::nullopt;
  z->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z->avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[65536];
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    z->next_out = reinterpret_cast<Bytef*>(buffer);
    z->avail_out = sizeof buffer;
    status = ::inflate(z.get(), Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) return std::nullopt;
    out.append(buffer, sizeof buffer - z->avail_out);
    if (out.size() > max_inflated) return std::nullopt;
    if (status == Z_OK && z->avail_in == 0 && z->avail_out != 0) return std::nullopt;  // truncated
  }
  return out;
}

std::string deflate(std::string_view data) {
  std::unique_ptr<z_stream, deflate_deleter> z(new z_stream{});
  if (deflateInit(z.get(), Z_DEFAULT_COMPRESSION) != Z_OK) throw std::bad_alloc();
  std::string out(deflateBound(z.get(), static_cast<uLong>(data.size())), '\0');
  z->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z->avail_in = static_cast<uInt>(data.size());
  z->next_out = reinterpret_cast<Bytef*>(out.data());
  z->avail_out = static_cast<uInt>(out.size());
  // deflateBound leaves room for everything, so one call finishes the stream.
  if (::deflate(z.get(), Z_FINISH) != Z_STREAM_END) throw std::bad_alloc();
  out.resize(out.size() - z->avail_out);
  return out;
}

content_status mark_content(std::string& content, const std::vector<std::string>& cairo_tags,
                            const std::vector<std::string>& tags) {
  const auto parsed = operations(content);
  if (!parsed) return content_status::unsupported;
  const std::vector<operation>& ops = parsed->ops;
  std::vector<edit> edits;
  int depth = 0;
  bool in_text = false, in_path = false, group_open = false;
  std::size_t group_start = 0, last_unit_end = 0, marks = 0;

  // Painting outside marked content is grouped between q, Q and marked sequences, so an
  // artifact sequence never crosses a graphics-state boundary or a text object.
  auto close_group = [&] {
    if (!group_open) return;
    edits.push_back({group_start, 0, "/Artifact BMC\n"});
    edits.push_back({last_unit_end, 0, "\nEMC"});
    group_open = false;
  };
  auto unit_begins = [&](const operation& op) {
    if (depth == 0 && !group_open) group_open = true, group_start = op.start;
  };
  for (const operation& op : ops) {
    const std::string_view name = op.name;
    if (name == "BDC" || name == "BMC") {
      if (in_text || in_path) return content_status::unsupported;
      if (depth == 0) {
        close_group();
        if (name == "BMC" || op.operands.empty() || op.operands[0].text.front() != '/') {
          return content_status::mismatch;
        }
        const std::string_view tag = op.operands[0].text.substr(1);
        if (marks >= cairo_tags.size() || tag != cairo_tags[marks] ||
            mcid_of(op) != static_cast<long long>(marks)) {
          return content_status::mismatch;
        }
        if (tags[marks] != tag) edits.push_back({op.operands[0].pos + 1, tag.size(), tags[marks]});
        ++marks;
      }
      ++depth;
    } else if (name == "EMC") {
      if (depth == 0) return content_status::mismatch;
      if (in_text || in_path) return content_status::unsupported;
      --depth;
    } else if (name == "q" || name == "Q") {
      if (in_text || in_path) return content_status::unsupported;
      if (depth == 0) close_group();
    } else if (name == "BT") {
      unit_begins(op);
      in_text = true;
    } else if (name == "ET") {
      in_text = false;
      if (depth == 0) last_unit_end = op.end;
    } else if (in_text) {
      continue;  // text state and showing operators
    } else if (one_of(name, {"m", "l", "c", "v", "y", "h", "re"})) {
      if (!in_path) unit_begins(op);
      in_path = true;
    } else if (one_of(name, {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"})) {
      in_path = false;
      if (depth == 0) last_unit_end = op.end;
    } else if (name == "sh" || name == "Do") {
      unit_begins(op);
      if (depth == 0) last_unit_end = op.end;
    }
  }
  if (depth != 0 || in_text || in_path) return content_status::unsupported;
  close_group();
  if (marks != cairo_tags.size()) return content_status::mismatch;

  std::stable_sort(edits.begin(), edits.end(),
                   [](const edit& a, const edit& b) { return a.pos < b.pos; });
  std::string out;
  out.reserve(content.size() + edits.size() * 8);
  std::size_t copied = 0;
  for (const edit& e : edits) {
    out.append(content, copied, e.pos - copied);
    out += e.insert;
    copied = e.pos + e.erase;
  }
  out.append(content, copied, std::string::npos);
  content = std::move(out);
  return content_status::rewritten;
}

}  // namespace rapport::render::detail

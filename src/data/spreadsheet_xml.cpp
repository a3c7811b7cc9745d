// data/ private: the streaming XML reader behind the .xlsx and .ods parts. It checks what a
// consumer relies on (tags nest, entities are known, no DTD) and nothing more.
#include "data/spreadsheet_xml.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

namespace rapport::detail {

namespace {

constexpr std::size_t chunk_size = 1 << 16;
// A single tag or text longer than this is not a spreadsheet cell; refuse rather than buffer.
constexpr std::size_t max_token = 32u << 20;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view local_part(std::string_view qname) {
  // A plain loop: names are short, and this runs for every tag and attribute of a sheet.
  for (std::size_t i = 0; i < qname.size(); ++i)
    if (qname[i] == ':') return qname.substr(i + 1);
  return qname;
}

std::string_view prefix_part(std::string_view qname) {
  std::size_t colon = qname.find(':');
  return colon == std::string_view::npos ? std::string_view{} : qname.substr(0, colon);
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

xml_reader::xml_reader(byte_source source) : source_(std::move(source)) {
  while (buf_.size() < 3 && fill()) {
  }
  // A UTF-8 byte order mark is allowed; UTF-16 parts are not something Excel or LibreOffice
  // write, so they are refused instead of misread.
  if (buf_.size() >= 3 && buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
  if (buf_.size() >= 2 &&
      (buf_.compare(0, 2, "\xFF\xFE") == 0 || buf_.compare(0, 2, "\xFE\xFF") == 0))
    fail("the part is UTF-16; only UTF-8 is supported");
}

void xml_reader::fail(const std::string& message) const {
  throw xml_error{message, consumed_ + token_start_};
}

// Drops what has been consumed and appends the next chunk. Offsets relative to pos_ survive.
bool xml_reader::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    consumed_ += pos_;
    token_start_ = token_start_ >= pos_ ? token_start_ - pos_ : 0;
    pos_ = 0;
  }
  if (buf_.size() > max_token) fail("an XML tag or text is larger than 32 MB");
  std::size_t old = buf_.size();
  buf_.resize(old + chunk_size);
  std::size_t got = source_(buf_.data() + old, chunk_size);
  buf_.resize(old + got);
  if (got == 0) eof_ = true;
  return got > 0;
}

// Finds `what` at or after pos_ + from, reading more input as needed; returns the offset
// relative to pos_, or npos at the end of the input.
std::size_t xml_reader::find(std::string_view what, std::size_t from) {
  for (;;) {
    std::size_t at = std::string::npos;
    if (what.size() == 1) {  // the common case ('<', '>'), without the general search
      const char* begin = buf_.data() + pos_ + from;
      const void* hit = pos_ + from < buf_.size()
                            ? std::memchr(begin, what[0], buf_.size() - pos_ - from)
                            : nullptr;
      if (hit) at = static_cast<std::size_t>(static_cast<const char*>(hit) - buf_.data());
    } else {
      at = buf_.find(what, pos_ + from);
    }
    if (at != std::string::npos) return at - pos_;
    std::size_t scanned = buf_.size() - pos_;
    from = scanned >= what.size() ? scanned - what.size() + 1 : 0;
    if (!fill()) return std::string::npos;
  }
}

xml_reader::event xml_reader::next() {
  if (pending_end_) {
    pending_end_ = false;
    closing_ = true;
    return event::end;
  }
  // The element of the previous end event leaves scope only now, so its name and namespace
  // stayed readable while the consumer looked at the end event.
  if (closing_) {
    closing_ = false;
    --depth_;
    while (!ns_.empty() && ns_.back().depth > depth_) ns_.pop_back();
  }
  for (;;) {
    if (pos_ >= buf_.size() && !fill()) {
      token_start_ = pos_;
      if (depth_ > 0) fail(fmt::format("the part ends inside <{}>", open_[depth_ - 1]));
      return event::done;
    }
    token_start_ = pos_;
    if (buf_[pos_] != '<') {
      if (read_text() && depth_ > 0) return event::text;
      continue;
    }
    if (pos_ + 1 >= buf_.size() && !fill()) fail("the part ends inside a tag");
    char c = buf_[pos_ + 1];
    if (c == '/') return read_end();
    if (c == '?' || c == '!') {
      if (skip_markup() && depth_ > 0) return event::text;
      continue;
    }
    return read_start();
  }
}

// Text up to the next '<'. Returns false for whitespace-only text outside the root.
bool xml_reader::read_text() {
  std::size_t end = find("<", 0);
  if (end == std::string::npos) end = buf_.size() - pos_;
  std::string_view raw(buf_.data() + pos_, end);
  pos_ += end;
  if (depth_ == 0) {
    for (char c : raw)
      if (!is_space(c)) fail("text outside the root element");
    return false;
  }
  if (raw.find_first_of("&\r") == std::string_view::npos) {
    text_ = raw;
  } else {
    text_store_.clear();
    decode(raw, text_store_);
    text_ = text_store_;
  }
  return true;
}

// Comments and processing instructions are skipped; CDATA is text (returns true); a DTD is
// refused, since its entities are the classic way to make a parser explode.
bool xml_reader::skip_markup() {
  auto starts = [&](std::string_view what) {
    while (buf_.size() - pos_ < what.size())
      if (!fill()) return false;
    return std::string_view(buf_.data() + pos_, what.size()) == what;
  };
  if (starts("<?")) {
    std::size_t end = find("?>", 2);
    if (end == std::string::npos) fail("the part ends inside a processing instruction");
    pos_ += end + 2;
    return false;
  }
  if (starts("<!--")) {
    std::size_t end = find("-->", 4);
    if (end == std::string::npos) fail("the part ends inside a comment");
    pos_ += end + 3;
    return false;
  }
  if (starts("<![CDATA[")) {
    std::size_t end = find("]]>", 9);
    if (end == std::string::npos) fail("the part ends inside a CDATA section");
    text_ = std::string_view(buf_.data() + pos_ + 9, end - 9);
    pos_ += end + 3;
    return true;
  }
  if (starts("<!DOCTYPE")) fail("a DOCTYPE is not allowed in a workbook part");
  fail("unexpected '<!'");
}

xml_reader::event xml_reader::read_start() {
  // Find the closing '>' outside quoted attribute values ('>' is legal inside them).
  std::size_t i = 1;
  char quote = 0;
  for (;;) {
    if (pos_ + i >= buf_.size()) {
      if (!fill()) fail("the part ends inside a tag");
      continue;
    }
    char c = buf_[pos_ + i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      break;
    } else if (c == '<') {
      fail("'<' inside a tag");
    }
    ++i;
  }
  std::string_view tag(buf_.data() + pos_ + 1, i - 1);  // without '<' and '>'
  pos_ += i + 1;
  bool self_closing = !tag.empty() && tag.back() == '/';
  if (self_closing) tag.remove_suffix(1);

  std::size_t n = 0;
  while (n < tag.size() && !is_space(tag[n])) ++n;
  if (n == 0) fail("a tag without a name");
  qname_ = tag.substr(0, n);
  local_ = local_part(qname_);

  // Attributes: values without entities are views into the buffer; the others are decoded
  // into attr_store_ first and pointed at afterwards, as the store may grow meanwhile.
  std::vector<pending_attr>& found = pending_;
  found.clear();
  attr_store_.clear();
  std::size_t p = n;
  for (;;) {
    while (p < tag.size() && is_space(tag[p])) ++p;
    if (p >= tag.size()) break;
    std::size_t name_start = p;
    while (p < tag.size() && tag[p] != '=' && !is_space(tag[p])) ++p;
    std::string_view name = tag.substr(name_start, p - name_start);
    while (p < tag.size() && is_space(tag[p])) ++p;
    if (p >= tag.size() || tag[p] != '=')
      fail(fmt::format("attribute '{}' of <{}> has no value", name, qname_));
    ++p;
    while (p < tag.size() && is_space(tag[p])) ++p;
    if (p >= tag.size() || (tag[p] != '"' && tag[p] != '\''))
      fail(fmt::format("attribute '{}' of <{}> is not quoted", name, qname_));
    char q = tag[p++];
    std::size_t end = tag.find(q, p);
    if (end == std::string_view::npos) fail(fmt::format("attribute '{}' is not closed", name));
    pending_attr item{name, tag.substr(p, end - p)};
    if (item.raw.find_first_of("&\r\n\t") != std::string_view::npos) {
      item.begin = attr_store_.size();
      decode(item.raw, attr_store_);
      item.size = attr_store_.size() - item.begin;
    }
    found.push_back(item);
    p = end + 1;
  }
  attrs_.clear();
  ++depth_;
  for (const pending_attr& item : found) {
    std::string_view value = item.begin == std::string::npos
                                 ? item.raw
                                 : std::string_view(attr_store_).substr(item.begin, item.size);
    attrs_.push_back({item.qname, local_part(item.qname), value});
    if (item.qname == "xmlns")
      ns_.push_back({depth_, std::string(), std::string(value)});
    else if (item.qname.substr(0, 6) == "xmlns:")
      ns_.push_back({depth_, std::string(item.qname.substr(6)), std::string(value)});
  }
  if (static_cast<int>(open_.size()) < depth_) open_.emplace_back();
  open_[depth_ - 1].assign(qname_);
  pending_end_ = self_closing;
  return event::start;
}

xml_reader::event xml_reader::read_end() {
  std::size_t end = find(">", 2);
  if (end == std::string::npos) fail("the part ends inside an end tag");
  std::string_view name(buf_.data() + pos_ + 2, end - 2);
  while (!name.empty() && is_space(name.back())) name.remove_suffix(1);
  pos_ += end + 1;
  if (depth_ == 0) fail(fmt::format("unexpected </{}>", name));
  if (name != open_[depth_ - 1])
    fail(fmt::format("expected </{}>, found </{}>", open_[depth_ - 1], name));
  qname_ = name;
  local_ = local_part(qname_);
  attrs_.clear();
  closing_ = true;
  return event::end;
}

void xml_reader::decode(std::string_view raw, std::string& out) const {
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\r') {  // XML line-end normalisation: CR LF and lone CR become LF
      out += '\n';
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
      continue;
    }
    if (c != '&') {
      out += c;
      continue;
    }
    std::size_t semi = raw.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) fail("an '&' that starts no entity");
    std::string_view entity = raw.substr(i + 1, semi - i - 1);
    i = semi;
    if (entity == "lt")
      out += '<';
    else if (entity == "gt")
      out += '>';
    else if (entity == "amp")
      out += '&';
    else if (entity == "quot")
      out += '"';
    else if (entity == "apos")
      out += '\'';
    else if (entity.size() > 1 && entity[0] == '#') {
      bool hex = entity[1] == 'x' || entity[1] == 'X';
      std::string_view digits = entity.substr(hex ? 2 : 1);
      unsigned long cp = 0;
      auto [end, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || cp == 0 ||
          cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        fail(fmt::format("a bad character reference '&{};'", entity));
      append_utf8(out, cp);
    } else {
      fail(fmt::format("unknown entity '&{};'", entity));
    }
  }
}

std::string_view xml_reader::resolve(std::string_view prefix, bool element) const {
  if (prefix.empty() && !element) return {};
  if (prefix == "xml") return "http://www.w3.org/XML/1998/namespace";
  for (auto it = ns_.rbegin(); it != ns_.rend(); ++it)
    if (it->prefix == prefix) return it->uri;
  return {};
}

std::string_view xml_reader::ns() const {
  return resolve(prefix_part(qname_), true);
}

std::optional<std::string_view> xml_reader::attr(std::string_view local) const {
  for (const attribute& a : attrs_)
    if (a.local == local && prefix_part(a.qname) != "xmlns" && a.qname != "xmlns") return a.value;
  return std::nullopt;
}

std::optional<std::string_view> xml_reader::attr(std::string_view uri,
                                                 std::string_view local) const {
  for (const attribute& a : attrs_)
    if (a.local == local && resolve(prefix_part(a.qname), false) == uri) return a.value;
  return std::nullopt;
}

void xml_reader::skip() {
  int target = depth_;
  for (;;) {
    event e = next();
    if (e == event::done) return;
    if (e == event::end && depth_ == target) return;
  }
}

std::string xml_reader::inner_text() {
  std::string out;
  int target = depth_;
  for (;;) {
    event e = next();
    if (e == event::done) return out;
    if (e == event::text) out.append(text_);
    if (e == event::end && depth_ == target) return out;
  }
}

}  // namespace rapport::detail

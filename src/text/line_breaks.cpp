// text/ break opportunities: where UAX #14 lets a line end, byte by byte. Plain prose and table
// cells take a direct path; anything else goes through libunibreak.
#include <linebreak.h>

#include <map>
#include <mutex>
#include <string>

#include "text/detail_line_breaks.hpp"
#include "text/detail_utf8.hpp"

namespace rapport::text {

namespace {

std::once_flag unibreak_ready;

break_after from_unibreak(char value) {
  switch (value) {
    case LINEBREAK_MUSTBREAK:
      return break_after::mandatory;
    case LINEBREAK_ALLOWBREAK:
      return break_after::allowed;
    case LINEBREAK_INSIDEACHAR:
      return break_after::inside_char;
    default:
      return break_after::no_break;
  }
}

/// The characters of the direct path, by UAX #14 class: AL (letters), NU (digits), IS (, . : ;),
/// GL (no-break spaces), HY (-), PO (%), BA (soft hyphen, en dash) and SP (space). A space that
/// opens the text has a column of its own: libunibreak reads it as a word joiner.
enum simple_class : unsigned char {
  letter,
  digit,
  separator,
  glue,
  hyphen,
  postfix,
  after,
  opening,
  space,
  other
};
constexpr int class_count = space;  // the classes with rows in the tables
const char* const sample_of[class_count] = {"a", "7", ",", "\u00A0", "-", "%", "\u2013", " "};

simple_class class_of(char32_t c) {
  if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z')) return letter;
  if (c >= U'0' && c <= U'9') return digit;
  if (c == U' ') return space;
  if (c == U',' || c == U'.' || c == U':' || c == U';') return separator;
  if (c == U'-') return hyphen;
  if (c == U'%') return postfix;
  // Latin-1 letters (å ä ö é ü ...), but not × and ÷, which are AI.
  if (c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7) return letter;
  if (c == 0xA0 || c == 0x202F) return glue;
  if (c == 0xAD || c == 0x2013) return after;
  return other;
}

/// Whether a line may break between two characters of these classes, directly or with spaces
/// between them. Among these classes UAX #14 decides by the pair alone (the tests check every
/// text of up to four characters against libunibreak), so the answers are read from libunibreak
/// once per language, on two- and three-character samples, rather than written out by hand.
struct pair_tables {
  break_after direct[class_count][class_count];
  break_after spaced[class_count][class_count];
};

const pair_tables& tables_for(std::string_view language) {
  static std::mutex mutex;
  static std::map<std::string, pair_tables, std::less<>> by_language;
  // Layout asks in one language at a time: remember the last answer per thread, lock-free.
  thread_local std::string last_language;
  thread_local const pair_tables* last = nullptr;
  if (last && language == last_language) return *last;
  std::lock_guard lock(mutex);
  auto it = by_language.find(language);
  if (it == by_language.end()) {
    pair_tables t{};
    for (int a = 0; a < class_count; ++a)
      for (int b = 0; b < class_count - 1; ++b) {  // an opening space is never second
        const std::string first = sample_of[a];
        const std::string pair = first + sample_of[b];
        t.direct[a][b] = detail::unibreak_line_breaks(pair, language)[first.size() - 1];
        const std::string spaced = first + " " + sample_of[b];
        t.spaced[a][b] = detail::unibreak_line_breaks(spaced, language)[first.size()];
      }
    it = by_language.emplace(std::string(language), t).first;
  }
  last_language = std::string(language);
  last = &it->second;
  return *last;
}

}  // namespace

namespace detail {

std::optional<std::vector<break_after>> simple_line_breaks(std::string_view utf8,
                                                           std::string_view language) {
  std::vector<break_after> out(utf8.size(), break_after::no_break);
  const pair_tables* tables = nullptr;
  int previous = -1;             // class of the last character that is not a space
  std::size_t previous_end = 0;  // its last byte
  std::size_t space_end = 0;     // last byte of the spaces since, if any
  bool spaces = false;
  for (std::size_t at = 0; at < utf8.size();) {
    const decoded_char c = decode_utf8(utf8, at);
    if (!c.valid) return std::nullopt;
    int kind = class_of(c.code_point);
    if (kind == other) return std::nullopt;
    if (!tables) tables = &tables_for(language);
    if (kind == space && at == 0) kind = opening;
    for (std::size_t i = 1; i < c.length; ++i) out[at + i - 1] = break_after::inside_char;
    at += c.length;
    if (kind == space) {  // LB7: never before a space; what comes after decides
      spaces = previous >= 0;
      space_end = at - 1;
      continue;
    }
    if (previous >= 0) {
      if (spaces)
        out[space_end] = tables->spaced[previous][kind];
      else
        out[previous_end] = tables->direct[previous][kind];
    }
    previous = kind;
    previous_end = at - 1;
    spaces = false;
  }
  if (!out.empty()) out.back() = break_after::mandatory;  // LB3: always at the end of the text
  return out;
}

std::vector<break_after> unibreak_line_breaks(std::string_view utf8, std::string_view language) {
  std::vector<break_after> out(utf8.size(), break_after::no_break);
  if (utf8.empty()) return out;
  // libunibreak builds its language tables lazily; doing it once up front keeps it safe to
  // call from several threads.
  std::call_once(unibreak_ready, [] { init_linebreak(); });
  const std::string lang(language);  // libunibreak wants a NUL-terminated tag
  std::vector<char> breaks(utf8.size());
  set_linebreaks_utf8(reinterpret_cast<const utf8_t*>(utf8.data()), utf8.size(),
                      lang.empty() ? nullptr : lang.c_str(), breaks.data());
  // The last character is always `mandatory`: UAX #14 breaks at the end of the text.
  for (std::size_t i = 0; i < breaks.size(); ++i) out[i] = from_unibreak(breaks[i]);
  return out;
}

}  // namespace detail

std::vector<break_after> line_break_opportunities(std::string_view utf8,
                                                  std::string_view language) {
  // libunibreak looks every character up in its property tables: a fifth of laying out the
  // benchmark report. Most texts need none of that.
  if (auto simple = detail::simple_line_breaks(utf8, language)) return std::move(*simple);
  return detail::unibreak_line_breaks(utf8, language);
}

}  // namespace rapport::text

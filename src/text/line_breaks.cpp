// text/ break opportunities: where UAX #14 (via libunibreak) lets a line end, byte by byte.
#include <linebreak.h>

#include <mutex>

#include "text/text.hpp"

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

}  // namespace

std::vector<break_after> line_break_opportunities(std::string_view utf8,
                                                  std::string_view language) {
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

}  // namespace rapport::text

// text/ hyphenation: libhyphen's pattern dictionaries (hyph_sv_SE.dic), with the word lowercased
// and re-encoded in the dictionary's character set, and the points mapped back to the input.
#include <fmt/format.h>
#include <hyphen.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <system_error>

#include "text/detail_utf8.hpp"
#include "text/text.hpp"

namespace rapport::text {

namespace fs = std::filesystem;

namespace {

struct dict_deleter {
  void operator()(HyphenDict* d) const { hnj_hyphen_free(d); }
};

/// The replacement arrays libhyphen allocates (with malloc) for non-standard hyphenation.
struct nonstandard_arrays {
  char** rep = nullptr;
  int* pos = nullptr;
  int* cut = nullptr;
  int count = 0;
  ~nonstandard_arrays() {
    if (rep != nullptr) {
      for (int i = 0; i < count; ++i) std::free(rep[i]);
    }
    std::free(rep);
    std::free(pos);
    std::free(cut);
  }
};

/// Simple lowercase mapping for the scripts pattern dictionaries cover (Latin, Greek,
/// Cyrillic); enough for libhyphen, which only knows lowercase patterns.
char32_t to_lower(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 32;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
  if (c >= 0x100 && c <= 0x137) return c | 1;
  if (c >= 0x139 && c <= 0x148) return (c & 1) ? c + 1 : c;
  if (c >= 0x14A && c <= 0x177) return c | 1;
  if (c == 0x178) return 0xFF;
  if (c >= 0x179 && c <= 0x17E) return (c & 1) ? c + 1 : c;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

enum class charset { utf8, latin1, latin9, ascii };

charset charset_of(const HyphenDict& dict) {
  if (dict.utf8 != 0) return charset::utf8;
  std::string name(dict.cset, strnlen(dict.cset, sizeof dict.cset));
  std::string upper;
  for (char c : name) {
    if (c == '-' || c == '_' || c == ' ' || c == '\r' || c == '\n') continue;
    upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  }
  if (upper == "ISO88591" || upper == "LATIN1") return charset::latin1;
  if (upper == "ISO885915" || upper == "LATIN9") return charset::latin9;
  return charset::ascii;  // other 8-bit sets: only plain ASCII words are safe to look up
}

/// The byte for a code point in an 8-bit dictionary, or -1 if the set has no such character.
int encode_8bit(char32_t cp, charset set) {
  if (cp < 0x80) return static_cast<int>(cp);
  if (set == charset::latin1 && cp <= 0xFF) return static_cast<int>(cp);
  if (set == charset::latin9) {
    switch (cp) {
      case 0x20AC:
        return 0xA4;
      case 0x160:
        return 0xA6;
      case 0x161:
        return 0xA8;
      case 0x17D:
        return 0xB4;
      case 0x17E:
        return 0xB8;
      case 0x152:
        return 0xBC;
      case 0x153:
        return 0xBD;
      case 0x178:
        return 0xBE;
      case 0xA4:
      case 0xA6:
      case 0xA8:
      case 0xB4:
      case 0xB8:
      case 0xBC:
      case 0xBD:
      case 0xBE:
        return -1;
      default:
        return cp <= 0xFF ? static_cast<int>(cp) : -1;
    }
  }
  return -1;
}

std::string ascii_lower(std::string_view s) {
  std::string out;
  for (char c : s) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return out;
}

/// Dictionary files that may serve a language tag, most specific first.
std::vector<std::string> dictionary_names(const std::string& primary, const std::string& region) {
  static const std::map<std::string, std::string> usual_region = {
      {"sv", "SE"}, {"en", "US"}, {"da", "DK"}, {"nb", "NO"}, {"nn", "NO"}, {"fi", "FI"},
      {"de", "DE"}, {"fr", "FR"}, {"es", "ES"}, {"it", "IT"}, {"nl", "NL"}, {"pt", "PT"}};
  std::vector<std::string> names;
  if (!region.empty()) names.push_back(fmt::format("hyph_{}_{}.dic", primary, region));
  if (auto it = usual_region.find(primary); it != usual_region.end() && it->second != region) {
    names.push_back(fmt::format("hyph_{}_{}.dic", primary, it->second));
  }
  names.push_back(fmt::format("hyph_{}.dic", primary));
  return names;
}

}  // namespace

struct hyphenator::impl {
  std::unique_ptr<HyphenDict, dict_deleter> dict;
  charset set = charset::ascii;
  mutable std::mutex mutex;  // libhyphen makes no promise about concurrent use of a dictionary
};

std::shared_ptr<hyphenator> hyphenator::for_language(std::string_view language) {
  // "sv", "sv-SE", "sv_se" all name the same dictionary.
  std::string tag = ascii_lower(language);
  std::replace(tag.begin(), tag.end(), '_', '-');
  const std::string primary = tag.substr(0, tag.find('-'));
  std::string region;
  if (auto dash = tag.find('-'); dash != std::string::npos) {
    region = tag.substr(dash + 1, 2);
    for (char& c : region) c = static_cast<char>(c - 32 * (c >= 'a' && c <= 'z'));
  }

  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<hyphenator>> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(tag); it != cache.end()) return it->second;

  std::shared_ptr<hyphenator> found;
  const bool plausible =
      primary.size() >= 2 && primary.size() <= 3 &&
      std::all_of(primary.begin(), primary.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (plausible) {
    for (const std::string& name : dictionary_names(primary, region)) {
      const fs::path path = fs::path(RAPPORT_HYPHEN_DIR) / name;
      std::error_code ec;
      if (fs::is_regular_file(path, ec)) {
        found = std::make_shared<hyphenator>(path);
        break;
      }
    }
  }
  cache.emplace(tag, found);
  return found;
}

hyphenator::hyphenator(const fs::path& dictionary) : impl_(std::make_unique<impl>()) {
  impl_->dict.reset(hnj_hyphen_load(dictionary.string().c_str()));
  if (!impl_->dict) {
    throw fatal_error({dictionary.string(), 0, 0}, "cannot read hyphenation dictionary");
  }
  impl_->set = charset_of(*impl_->dict);
}

hyphenator::~hyphenator() = default;

std::vector<std::size_t> hyphenator::points(std::string_view word) const {
  constexpr std::size_t min_chars = 2;  // left and right hyphen minimum, in characters
  constexpr std::size_t max_bytes = 200;
  std::vector<std::size_t> result;
  if (word.size() > max_bytes) return result;

  // Decode, lowercase and re-encode, remembering where each character sits in both forms.
  std::vector<std::size_t> original_start;  // byte offset of each character in `word`
  std::vector<std::size_t> encoded_last;    // byte index of its last byte in `encoded`
  std::string encoded;
  for (std::size_t at = 0; at < word.size();) {
    const detail::decoded_char c = detail::decode_utf8(word, at);
    if (!c.valid) return result;
    const char32_t lower = to_lower(c.code_point);
    if (impl_->set == charset::utf8) {
      detail::append_utf8(encoded, lower);
    } else {
      const int byte = encode_8bit(lower, impl_->set);
      if (byte < 0) return result;  // the dictionary cannot spell this word
      encoded += static_cast<char>(byte);
    }
    original_start.push_back(at);
    encoded_last.push_back(encoded.size() - 1);
    at += c.length;
  }
  const std::size_t chars = original_start.size();
  if (chars < 2 * min_chars) return result;

  std::vector<char> hyphens(encoded.size() + 5, 0);
  nonstandard_arrays extra;
  extra.count = static_cast<int>(encoded.size());
  {
    std::lock_guard lock(impl_->mutex);
    if (hnj_hyphen_hyphenate2(impl_->dict.get(), encoded.data(), static_cast<int>(encoded.size()),
                              hyphens.data(), nullptr, &extra.rep, &extra.pos, &extra.cut) != 0) {
      return result;
    }
  }
  // An odd digit after a byte allows a hyphen there; breaks that change the spelling
  // (non-standard hyphenation) cannot be expressed as an offset, so they are left out.
  for (std::size_t k = min_chars - 1; k + min_chars < chars; ++k) {
    const std::size_t i = encoded_last[k];
    if ((hyphens[i] & 1) == 0) continue;
    if (extra.rep != nullptr && extra.rep[i] != nullptr) continue;
    result.push_back(original_start[k + 1]);
  }
  return result;
}

}  // namespace rapport::text

// Tests for text/ line breaking's direct path: it must give exactly libunibreak's answer for
// every text it accepts, and refuse every text outside its small alphabet.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "text/detail_line_breaks.hpp"

using namespace rapport::text;

namespace {

// One character of each class the direct path knows, in 1-, 2- and 3-byte UTF-8.
const std::vector<std::string> alphabet{"a", "\u00D6", "\u00E9", "7", ",", ".",      ":",     ";",
                                        " ", "\u00A0", "\u202F", "-", "%", "\u00AD", "\u2013"};

void expect_same(const std::string& text, const std::vector<std::string>& languages = {"sv", ""}) {
  for (const auto& language : languages) {
    auto simple = detail::simple_line_breaks(text, language);
    ASSERT_TRUE(simple.has_value()) << "refused: '" << text << "'";
    ASSERT_EQ(*simple, detail::unibreak_line_breaks(text, language))
        << "text: '" << text << "', language '" << language << "'";
  }
}

}  // namespace

TEST(line_break_paths, agree_on_every_text_of_up_to_four_characters) {
  std::vector<std::string> texts{""};
  for (int length = 1; length <= 4; ++length) {
    std::vector<std::string> longer;
    for (const auto& t : texts)
      for (const auto& c : alphabet) longer.push_back(t + c);
    for (const auto& t : longer) expect_same(t);
    texts = std::move(longer);
  }
  EXPECT_EQ(texts.size(), alphabet.size() * alphabet.size() * alphabet.size() * alphabet.size());
}

TEST(line_break_paths, agree_on_long_random_texts) {
  std::mt19937 random(20240831);  // fixed seed: the same texts on every run
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(5, 60);
  for (int n = 0; n < 5000; ++n) {
    std::string text;
    for (int i = length(random); i > 0; --i) text += alphabet[pick(random)];
    expect_same(text, {"sv", "", "en", "de", "fr", "ru", "zh", "ja", "ko"});
  }
}

TEST(line_break_paths, agree_on_prose_and_table_cells) {
  for (const char* text :
       {"Nämnden prognostiserar en avvikelse mot budget på 12,7 mnkr för helåret.",
        "Överskottet förklaras främst av lägre kostnader; både antalet vårddygn och "
        "dygnskostnaden har minskat: se nedan.",
        "48\u00A0463 tkr", "-57\u00A0235", "9,7\u00A0%", "1\u202F234,5", "Summa",
        "Avvikel\u00ADse mot bud\u00ADget", "2023 \u2013 2024", "kostnads-utveckling 12-15",
        "  två  mellanslag  ", "slut. "})
    expect_same(text);
}

TEST(line_break_paths, refuses_what_needs_the_full_rules) {
  for (const char* text : {"(se bilaga)", "rad\nrad", "\"citat\"", "a\tb", "3\u00D74", "a/b", "+5",
                           "Tabell 1!", "\u201Dcitat\u201D", "\xC3", "\xFF"})
    EXPECT_FALSE(detail::simple_line_breaks(text, "sv").has_value())
        << "accepted: '" << text << "'";
}

TEST(line_break_paths, the_public_function_matches_libunibreak_either_way) {
  for (const char* text : {"ett två", "kostnads-utveckling 12-15", "57\u00A0235 kr", ""})
    EXPECT_EQ(line_break_opportunities(text, "sv"), detail::unibreak_line_breaks(text, "sv"));
}

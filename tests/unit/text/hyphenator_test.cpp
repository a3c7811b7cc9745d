// Tests for text/ hyphenator: Swedish words against libhyphen's hyph_sv_SE.dic.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "text/text.hpp"

using namespace rapport;
using namespace rapport::text;

namespace {

/// "för-valt-ning-en" → the word without hyphens and the byte offsets where they were.
std::pair<std::string, std::vector<std::size_t>> split_marked(const std::string& marked) {
  std::string word;
  std::vector<std::size_t> points;
  for (char c : marked) {
    if (c == '-') {
      points.push_back(word.size());
    } else {
      word += c;
    }
  }
  return {word, points};
}

std::size_t characters(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Words from municipal annual reports with the syllable breaks the dictionary gives; each
// was checked by hand to be a valid Swedish hyphenation (compound joints and syllables).
const std::vector<std::string> swedish_words = {"för-valt-ning-en",
                                                "eko-no-mis-ka",
                                                "verk-sam-he-ten",
                                                "ut-veck-ling",
                                                "kom-mun-full-mäk-ti-ge",
                                                "bud-get-året",
                                                "års-re-do-vis-ning",
                                                "mål-upp-fyl-lel-se",
                                                "kost-na-der",
                                                "nämn-der-na",
                                                "be-folk-ning-en",
                                                "skat-te-in-täk-ter",
                                                "sty-rel-se",
                                                "sam-man-ställ-ning",
                                                "re-sul-tat-räk-ning",
                                                "ba-lans-räk-ning",
                                                "över-skott",
                                                "pen-sions-skuld",
                                                "av-skriv-ning-ar",
                                                "om-rå-de",
                                                "ål-der",
                                                "över-ens-kom-mel-se"};

}  // namespace

TEST(hyphenator, swedish_dictionary_is_found_for_sv_tags) {
  auto sv = hyphenator::for_language("sv");
  ASSERT_NE(sv, nullptr);
  EXPECT_EQ(hyphenator::for_language("sv"), sv);  // cached
  EXPECT_NE(hyphenator::for_language("sv-SE"), nullptr);
  EXPECT_NE(hyphenator::for_language("sv_se"), nullptr);
  EXPECT_EQ(hyphenator::for_language("xx"), nullptr);
  EXPECT_EQ(hyphenator::for_language(""), nullptr);
  EXPECT_EQ(hyphenator::for_language("../../etc/passwd"), nullptr);
}

TEST(hyphenator, swedish_words_break_at_their_syllables) {
  auto sv = hyphenator::for_language("sv-SE");
  ASSERT_NE(sv, nullptr);
  int with_letters_aao = 0;
  for (const std::string& marked : swedish_words) {
    const auto [word, expected] = split_marked(marked);
    EXPECT_EQ(sv->points(word), expected) << marked;
    if (word.find("å") != std::string::npos || word.find("ä") != std::string::npos ||
        word.find("ö") != std::string::npos) {
      ++with_letters_aao;
    }
  }
  EXPECT_GE(with_letters_aao, 8);
}

TEST(hyphenator, capitals_are_hyphenated_like_lowercase) {
  auto sv = hyphenator::for_language("sv");
  ASSERT_NE(sv, nullptr);
  EXPECT_EQ(sv->points("Förvaltningen"), split_marked("för-valt-ning-en").second);
  EXPECT_EQ(sv->points("ÅRSREDOVISNING"), split_marked("års-re-do-vis-ning").second);
  EXPECT_EQ(sv->points("ÖVERSKOTT"), split_marked("över-skott").second);
}

TEST(hyphenator, never_closer_than_two_characters_to_an_end) {
  auto sv = hyphenator::for_language("sv");
  ASSERT_NE(sv, nullptr);
  // The dictionary itself allows "a-teist" (its LEFTHYPHENMIN is 1); we do not.
  EXPECT_EQ(sv->points("ateist"), std::vector<std::size_t>{3});
  EXPECT_TRUE(sv->points("area").empty());
  EXPECT_TRUE(sv->points("året").empty());
  EXPECT_TRUE(sv->points("och").empty());
  EXPECT_TRUE(sv->points("").empty());
  for (const std::string& marked : swedish_words) {
    const std::string word = split_marked(marked).first;
    for (std::size_t p : sv->points(word)) {
      EXPECT_GE(characters(std::string_view(word).substr(0, p)), 2u) << word;
      EXPECT_GE(characters(std::string_view(word).substr(p)), 2u) << word;
    }
  }
}

TEST(hyphenator, odd_input_gives_no_points) {
  auto sv = hyphenator::for_language("sv");
  ASSERT_NE(sv, nullptr);
  EXPECT_TRUE(sv->points("f\xff"
                         "rvaltning")
                  .empty());                               // not UTF-8
  EXPECT_TRUE(sv->points("förvaltning\u4E2D").empty());    // not in the dictionary's charset
  EXPECT_TRUE(sv->points(std::string(500, 'a')).empty());  // absurdly long
  EXPECT_NO_THROW(sv->points("2021års"));
}

TEST(hyphenator, missing_dictionary_file_is_an_error) {
  EXPECT_THROW(hyphenator(std::filesystem::path(RAPPORT_HYPHEN_DIR) / "hyph_xx_XX.dic"),
               fatal_error);
}

TEST(hyphenator, shared_between_threads) {
  std::vector<std::vector<std::size_t>> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([t, &results] {
      auto sv = hyphenator::for_language("sv");
      for (int i = 0; i < 200 && sv; ++i) results[t] = sv->points("kommunfullmäktige");
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& r : results) EXPECT_EQ(r, split_marked("kom-mun-full-mäk-ti-ge").second);
}

// Tests for text/ break_lines: total-fit line breaking on synthetic paragraphs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "text/text.hpp"

using namespace rapport;
using namespace rapport::text;
using kind = breaking_item::kind;

namespace {

constexpr scaled space = 5;
constexpr scaled space_stretch = 3;
constexpr scaled space_shrink = 2;

breaking_item box(scaled w) {
  return {kind::box, w, 0, 0, 0, false};
}
breaking_item glue(scaled w, scaled stretch, scaled shrink) {
  return {kind::glue, w, stretch, shrink, 0, false};
}
breaking_item penalty(int p, scaled w = 0, bool flagged = false) {
  return {kind::penalty, w, 0, 0, p, flagged};
}

/// Words of the given widths separated by spaces, closed the way layout closes a paragraph.
std::vector<breaking_item> paragraph(const std::vector<scaled>& words) {
  std::vector<breaking_item> items;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) items.push_back(glue(space, space_stretch, space_shrink));
    items.push_back(box(words[i]));
  }
  items.push_back(glue(0, infinite_stretch, 0));
  items.push_back(penalty(-10000));
  return items;
}

/// How many words (boxes) each line holds.
std::vector<int> words_per_line(const std::vector<breaking_item>& items,
                                const std::vector<broken_line>& lines) {
  std::vector<int> out;
  for (const auto& l : lines) {
    int n = 0;
    for (std::size_t i = l.start; i < l.end; ++i) n += items[i].type == kind::box;
    out.push_back(n);
  }
  return out;
}

/// The line's natural width, stretch and shrink, measured independently of the breaker.
struct measured {
  scaled width = 0, stretch = 0, shrink = 0;
};
measured measure(const std::vector<breaking_item>& items, const broken_line& l) {
  measured m;
  for (std::size_t i = l.start; i < l.end; ++i) {
    if (items[i].type == kind::penalty) continue;
    m.width += items[i].width;
    m.stretch += items[i].stretch;
    m.shrink += items[i].shrink;
  }
  if (l.end < items.size() && items[l.end].type == kind::penalty) m.width += items[l.end].width;
  return m;
}

double badness_of(const std::vector<scaled>& line_words, scaled width) {
  scaled natural = space * static_cast<scaled>(line_words.size() - 1);
  for (scaled w : line_words) natural += w;
  const double r = static_cast<double>(width - natural) /
                   static_cast<double>(space_stretch * static_cast<scaled>(line_words.size() - 1));
  return 100 * std::abs(r * r * r);
}

/// First-fit: as many words on each line as fit at natural width.
std::vector<std::vector<scaled>> greedy(const std::vector<scaled>& words, scaled width) {
  std::vector<std::vector<scaled>> lines(1);
  scaled used = 0;
  for (scaled w : words) {
    const scaled needed = lines.back().empty() ? w : used + space + w;
    if (!lines.back().empty() && needed > width) {
      lines.emplace_back();
      used = w;
    } else {
      used = needed;
    }
    lines.back().push_back(w);
  }
  return lines;
}

}  // namespace

TEST(break_lines, fills_lines_exactly_when_it_can) {
  // Three words of 10 and two spaces make exactly 40.
  const auto items = paragraph({10, 10, 10, 10, 10, 10, 10, 10, 10});
  const auto lines = break_lines(items, {40});
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(words_per_line(items, lines), (std::vector<int>{3, 3, 3}));
  EXPECT_EQ(lines[0].start, 0u);
  EXPECT_EQ(lines[0].end, 5u);    // the glue after the third word
  EXPECT_EQ(lines[1].start, 6u);  // the glue at the break is dropped
  EXPECT_EQ(lines[2].end, items.size() - 1);
  for (const auto& l : lines) EXPECT_DOUBLE_EQ(l.ratio, 0.0);
}

TEST(break_lines, total_fit_beats_first_fit) {
  const std::vector<scaled> words{10, 15, 10, 10, 15, 25, 20, 20};
  const scaled width = 60;
  const auto items = paragraph(words);
  const auto lines = break_lines(items, {width});

  const auto first_fit = greedy(words, width);
  std::vector<int> greedy_counts;
  double greedy_badness = 0;
  for (std::size_t i = 0; i < first_fit.size(); ++i) {
    greedy_counts.push_back(static_cast<int>(first_fit[i].size()));
    if (i + 1 < first_fit.size()) greedy_badness += badness_of(first_fit[i], width);
  }
  const std::vector<int> counts = words_per_line(items, lines);
  EXPECT_NE(counts, greedy_counts);
  EXPECT_EQ(counts.size(), greedy_counts.size());

  double total_fit_badness = 0;
  std::size_t next = 0;
  for (std::size_t i = 0; i + 1 < counts.size(); ++i) {
    std::vector<scaled> line(
        words.begin() + static_cast<long>(next),
        words.begin() + static_cast<long>(next + static_cast<std::size_t>(counts[i])));
    total_fit_badness += badness_of(line, width);
    next += static_cast<std::size_t>(counts[i]);
  }
  EXPECT_LT(total_fit_badness, greedy_badness);
  // Every line but the last is stretched to the full width, within the tolerance.
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    const measured m = measure(items, lines[i]);
    EXPECT_LE(lines[i].ratio, 3.0);
    EXPECT_NEAR(static_cast<double>(m.width) + lines[i].ratio * static_cast<double>(m.stretch),
                static_cast<double>(width), 1e-9);
  }
}

TEST(break_lines, ratio_sign_follows_stretch_and_shrink) {
  // Natural width 40: in a measure of 46 the spaces stretch, in 38 they shrink.
  const auto items = paragraph({10, 10, 10, 10, 10, 10});
  const auto stretched = break_lines(items, {46});
  ASSERT_EQ(stretched.size(), 2u);
  EXPECT_DOUBLE_EQ(stretched[0].ratio, 1.0);  // 6 of 6 stretch
  EXPECT_DOUBLE_EQ(stretched[1].ratio, 0.0);  // the last line is set at natural width

  const auto shrunk = break_lines(items, {38});
  ASSERT_EQ(shrunk.size(), 2u);
  EXPECT_DOUBLE_EQ(shrunk[0].ratio, -0.5);  // 2 of 4 shrink
  EXPECT_EQ(words_per_line(items, shrunk), (std::vector<int>{3, 3}));
}

TEST(break_lines, forced_breaks_end_lines) {
  std::vector<breaking_item> items = paragraph({10, 10});
  items.pop_back();
  items.pop_back();
  items.push_back(glue(0, infinite_stretch, 0));
  const std::size_t forced = items.size();
  items.push_back(penalty(-10000));
  for (const auto& it : paragraph({10, 10, 10})) items.push_back(it);

  const auto lines = break_lines(items, {100});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].end, forced);
  EXPECT_EQ(lines[1].start, forced + 1);
  EXPECT_EQ(words_per_line(items, lines), (std::vector<int>{2, 3}));
}

TEST(break_lines, penalties_forbid_and_hyphens_add_width) {
  // A forbidden break between two words keeps them together.
  std::vector<breaking_item> items{box(10),
                                   penalty(10000),
                                   glue(space, space_stretch, space_shrink),
                                   box(10),
                                   glue(space, space_stretch, space_shrink),
                                   box(10)};
  items.push_back(glue(0, infinite_stretch, 0));
  items.push_back(penalty(-10000));
  auto lines = break_lines(items, {25});
  ASSERT_FALSE(lines.empty());
  for (const auto& l : lines) EXPECT_NE(l.end, 2u);

  // A hyphen's width counts on the line that ends at it.
  std::vector<breaking_item> hyphenated{box(20), glue(space, space_stretch, space_shrink), box(12),
                                        penalty(50, 3, true), box(12)};
  hyphenated.push_back(glue(0, infinite_stretch, 0));
  hyphenated.push_back(penalty(-10000));
  lines = break_lines(hyphenated, {40});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].end, 3u);
  EXPECT_DOUBLE_EQ(lines[0].ratio, 0.0);  // 20 + 5 + 12 + hyphen 3 = 40 exactly
}

TEST(break_lines, an_overlong_box_gets_an_overfull_line) {
  const auto items = paragraph({200, 10, 10});
  const auto lines = break_lines(items, {100});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].start, 0u);
  EXPECT_EQ(lines[0].end, 1u);
  EXPECT_EQ(words_per_line(items, lines), (std::vector<int>{1, 2}));

  // In the middle of a paragraph, too.
  const auto middle = paragraph({30, 30, 250, 30, 30});
  const auto mlines = break_lines(middle, {70});
  ASSERT_FALSE(mlines.empty());
  EXPECT_EQ(words_per_line(middle, mlines), (std::vector<int>{2, 1, 2}));
  EXPECT_EQ(mlines.back().end, middle.size() - 1);
}

TEST(break_lines, no_stretch_at_all_still_returns) {
  // Boxes separated by plain penalties: nothing can stretch, so every line is underfull.
  std::vector<breaking_item> items;
  for (int i = 0; i < 5; ++i) {
    if (i > 0) items.push_back(penalty(0));
    items.push_back(box(40));
  }
  items.push_back(glue(0, infinite_stretch, 0));
  items.push_back(penalty(-10000));
  const auto lines = break_lines(items, {100});
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(words_per_line(items, lines), (std::vector<int>{2, 2, 1}));
  for (const auto& l : lines) EXPECT_DOUBLE_EQ(l.ratio, 0.0);
}

TEST(break_lines, line_widths_vary_and_the_last_repeats) {
  const auto items = paragraph(std::vector<scaled>(10, 10));
  const auto lines = break_lines(items, {25, 55});
  ASSERT_EQ(words_per_line(items, lines), (std::vector<int>{2, 4, 4}));
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) EXPECT_DOUBLE_EQ(lines[i].ratio, 0.0);
}

TEST(break_lines, ragged_lines_keep_natural_spacing) {
  breaking_params ragged;
  ragged.justify = false;
  const std::vector<scaled> words{10, 15, 10, 10, 15, 25, 20, 20, 10, 30, 15};
  const auto items = paragraph(words);
  const auto lines = break_lines(items, {60}, ragged);
  ASSERT_GE(lines.size(), 3u);
  for (const auto& l : lines) {
    EXPECT_LE(l.ratio, 0.0);
    EXPECT_LE(measure(items, l).width, 60);
  }
  int total = 0;
  for (int n : words_per_line(items, lines)) total += n;
  EXPECT_EQ(total, static_cast<int>(words.size()));
  // The same paragraph justified does stretch some lines, so the check above is not vacuous.
  const auto justified = break_lines(items, {60});
  EXPECT_TRUE(std::any_of(justified.begin(), justified.end(),
                          [](const broken_line& l) { return l.ratio > 0; }));
}

TEST(break_lines, ragged_lines_are_scored_by_slack_not_by_spaces) {
  // Justified, "29 19 6" shrinks and "9 7 6 5" stretches its four spaces (slack 18). Ragged
  // text has no reason to favour lines with many spaces: it evens out the slack (7 and 7).
  const auto items = paragraph({29, 19, 6, 9, 7, 6, 5, 25});
  breaking_params ragged;
  ragged.justify = false;
  const auto r = break_lines(items, {60}, ragged);
  const auto j = break_lines(items, {60});
  EXPECT_EQ(words_per_line(items, r), (std::vector<int>{2, 5, 1}));
  EXPECT_EQ(words_per_line(items, j), (std::vector<int>{3, 4, 1}));
  EXPECT_EQ(measure(items, r[0]).width, 53);
  EXPECT_EQ(measure(items, r[1]).width, 53);
  for (const auto& l : r) EXPECT_DOUBLE_EQ(l.ratio, 0.0);
  EXPECT_DOUBLE_EQ(j[0].ratio, -1.0);
  EXPECT_DOUBLE_EQ(j[1].ratio, 2.0);
}

TEST(break_lines, consecutive_hyphens_cost_more) {
  // "8-15-14 10 11-14-8 12-7 7-10" with hyphenation points marked by '-'.
  std::vector<breaking_item> items;
  for (const auto& word :
       std::vector<std::vector<scaled>>{{8, 15, 14}, {10}, {11, 14, 8}, {12, 7}, {7, 10}}) {
    if (!items.empty()) items.push_back(glue(space, space_stretch, space_shrink));
    for (std::size_t i = 0; i < word.size(); ++i) {
      if (i > 0) items.push_back(penalty(50, 2, true));
      items.push_back(box(word[i]));
    }
  }
  items.push_back(glue(0, infinite_stretch, 0));
  items.push_back(penalty(-10000));
  const auto consecutive_hyphens = [&](const std::vector<broken_line>& lines) {
    int n = 0;
    bool previous = false;
    for (const auto& l : lines) {
      const bool hyphen = l.end < items.size() && items[l.end].flagged;
      n += hyphen && previous;
      previous = hyphen;
    }
    return n;
  };
  breaking_params free_hyphens;
  free_hyphens.flagged_demerits = 0;
  const auto cheap = break_lines(items, {30}, free_hyphens);
  const auto costly = break_lines(items, {30});  // default flagged_demerits
  EXPECT_GT(consecutive_hyphens(cheap), 0);
  EXPECT_EQ(consecutive_hyphens(costly), 0);
  EXPECT_EQ(cheap.size(), costly.size());
}

TEST(break_lines, edge_cases) {
  EXPECT_TRUE(break_lines({}, {100}).empty());
  // Without a closing forced break the end of the list ends the paragraph.
  const std::vector<breaking_item> open{box(10), glue(space, space_stretch, space_shrink), box(10)};
  const auto lines = break_lines(open, {100});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].end, open.size());
  // No widths: every line is overfull, but there is still an answer.
  const auto items = paragraph({10, 10, 10});
  EXPECT_EQ(words_per_line(items, break_lines(items, {})), (std::vector<int>{1, 1, 1}));
}

TEST(break_lines, long_paragraph_is_broken_validly) {
  std::vector<scaled> words;
  std::uint32_t seed = 12345;
  for (int i = 0; i < 5000; ++i) {
    seed = seed * 1103515245u + 12345u;
    words.push_back(10 + static_cast<scaled>((seed >> 16) % 40));
  }
  const auto items = paragraph(words);
  const auto lines = break_lines(items, {300});
  ASSERT_FALSE(lines.empty());
  int total = 0;
  for (int n : words_per_line(items, lines)) total += n;
  EXPECT_EQ(total, 5000);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    EXPECT_LE(lines[i].ratio, 3.0);
    EXPECT_GE(lines[i].ratio, -1.0);
    EXPECT_EQ(lines[i + 1].start, lines[i].end + 1);
  }
}

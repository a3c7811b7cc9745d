// Tests for text/ break_lines' one-line shortcut: on random paragraphs that fit, nearly fit or
// do not fit, it must return exactly what the full total-fit search returns.
#include <gtest/gtest.h>

#include <random>

#include "text/detail_knuth_plass.hpp"

using namespace rapport;
using namespace rapport::text;
using kind = breaking_item::kind;

namespace {

bool same(const std::vector<broken_line>& a, const std::vector<broken_line>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].start != b[i].start || a[i].end != b[i].end || a[i].ratio != b[i].ratio) return false;
  return true;
}

}  // namespace

TEST(break_lines_shortcut, agrees_with_the_full_search) {
  std::mt19937 random(20240831);  // fixed seed: the same paragraphs on every run
  std::uniform_int_distribution<int> words(1, 12), word_width(5, 60), roll(0, 9);
  int one_line = 0, several = 0;
  for (int n = 0; n < 20000; ++n) {
    std::vector<breaking_item> items;
    scaled natural = 0;
    for (int w = words(random); w > 0; --w) {
      if (!items.empty()) {
        items.push_back({kind::glue, 5, 3, 2, 0, false});
        natural += 5;
      }
      const scaled width = word_width(random);
      items.push_back({kind::box, width, 0, 0, 0, false});
      natural += width;
      const int r = roll(random);
      if (r == 0) items.push_back({kind::penalty, 4, 0, 0, 50, true});      // a hyphen
      if (r == 1) items.push_back({kind::penalty, 0, 0, 0, -200, false});   // a good break
      if (r == 2) items.push_back({kind::penalty, 0, 0, 0, 10000, false});  // no break here
    }
    if (roll(random) != 0) items.push_back({kind::glue, 0, infinite_stretch, 0, 0, false});
    if (roll(random) != 0) items.push_back({kind::penalty, 0, 0, 0, -10000, false});
    // Line widths around the natural width: some texts fit exactly, some miss by a little.
    std::uniform_int_distribution<scaled> around(natural / 2, natural + 20);
    std::vector<scaled> widths{around(random)};
    if (roll(random) < 3) widths.push_back(around(random));
    breaking_params params;
    params.justify = roll(random) < 5;
    if (roll(random) == 0) params.tolerance = 1;
    const auto shortcut = break_lines(items, widths, params);
    const auto full = detail::total_fit(items, widths, params);
    ASSERT_TRUE(same(shortcut, full)) << "paragraph " << n << " of " << items.size() << " items";
    (full.size() == 1 ? one_line : several) += 1;
  }
  // Both kinds must be well represented, or the test would not exercise the shortcut.
  EXPECT_GT(one_line, 3000);
  EXPECT_GT(several, 3000);
}

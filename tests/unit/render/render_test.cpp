// Tests of render/render.hpp: the walker (order, page selection, debug boxes) and page ranges.
#include "render/render.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace rapport::render {
namespace {

// Writes down every call the walker makes, one word each.
class recording_canvas : public canvas {
public:
  std::vector<std::string> calls;
  void begin_page(const page::page& p) override { calls.push_back("begin " + p.label); }
  void draw_glyphs(const page::glyph_run& run) override { calls.push_back("text " + run.text); }
  void draw_rule(const page::rule&) override { calls.push_back("rule"); }
  void fill_rect(const page::filled_rect&) override { calls.push_back("rect"); }
  void draw_path(const page::path&) override { calls.push_back("path"); }
  void add_link(const page::link& l) override { calls.push_back("link " + l.uri); }
  void draw_debug_box(const page::debug_box& b) override { calls.push_back("box " + b.kind); }
  void end_page() override { calls.push_back("end"); }
};

page::glyph_run text(const std::string& s) {
  page::glyph_run run;
  run.text = s;
  return run;
}

page::paged_document three_pages() {
  page::paged_document doc;
  for (const char* label : {"i", "ii", "iii"}) {
    page::page p;
    p.label = label;
    p.items.push_back(page::debug_box{{}, "block"});
    p.items.push_back(text(std::string("t-") + label));
    p.items.push_back(page::rule{});
    p.items.push_back(page::filled_rect{});
    p.items.push_back(page::path{});
    p.items.push_back(page::link{{}, "https://x", -1, 0});
    p.items.push_back(page::debug_box{{}, "baseline"});
    doc.pages.push_back(p);
  }
  return doc;
}

TEST(draw, visits_every_item_in_order_on_every_page) {
  recording_canvas c;
  draw(three_pages(), c);
  ASSERT_EQ(c.calls.size(), 3u * 7u);
  const std::vector<std::string> first(c.calls.begin(), c.calls.begin() + 7);
  EXPECT_EQ(first, (std::vector<std::string>{"begin i", "text t-i", "rule", "rect", "path", "link https://x", "end"}));
  EXPECT_EQ(c.calls[7], "begin ii");
  EXPECT_EQ(c.calls.back(), "end");
}

TEST(draw, debug_boxes_only_with_the_option_and_on_top_of_the_page) {
  recording_canvas c;
  render_options options;
  options.boxes = true;
  options.pages = {1};
  draw(three_pages(), c, options);
  EXPECT_EQ(c.calls, (std::vector<std::string>{"begin ii", "text t-ii", "rule", "rect", "path", "link https://x",
                                               "box block", "box baseline", "end"}));
}

TEST(draw, draws_the_selected_pages_in_the_given_order) {
  recording_canvas c;
  render_options options;
  options.pages = {2, 0};
  draw(three_pages(), c, options);
  std::vector<std::string> begins;
  for (const auto& call : c.calls) {
    if (call.starts_with("begin")) begins.push_back(call);
  }
  EXPECT_EQ(begins, (std::vector<std::string>{"begin iii", "begin i"}));
}

TEST(draw, refuses_a_page_index_outside_the_document_before_drawing) {
  recording_canvas c;
  render_options options;
  options.pages = {0, 3};
  EXPECT_THROW(draw(three_pages(), c, options), std::out_of_range);
  EXPECT_TRUE(c.calls.empty());
}

TEST(draw, an_empty_document_draws_nothing) {
  recording_canvas c;
  draw(page::paged_document{}, c);
  EXPECT_TRUE(c.calls.empty());
}

struct range_case {
  const char* spec;
  int count;
  std::vector<int> pages;
};

TEST(draw_and_release, draws_what_draw_draws_and_frees_each_drawn_page) {
  const page::paged_document kept = three_pages();
  page::paged_document spent = three_pages();
  render_options options;
  options.pages = {2, 0};
  recording_canvas expected, got;
  draw(kept, expected, options);
  draw_and_release(spent, got, options);
  EXPECT_EQ(got.calls, expected.calls);
  ASSERT_EQ(spent.pages.size(), 3u) << "the pages stay, so page indexes keep their meaning";
  EXPECT_TRUE(spent.pages[0].items.empty());
  EXPECT_FALSE(spent.pages[1].items.empty()) << "a page not drawn is left alone";
  EXPECT_TRUE(spent.pages[2].items.empty());
}

TEST(draw_and_release, checks_the_selection_before_freeing_anything) {
  page::paged_document doc = three_pages();
  render_options options;
  options.pages = {0, 7};
  recording_canvas target;
  EXPECT_THROW(draw_and_release(doc, target, options), std::out_of_range);
  EXPECT_FALSE(doc.pages[0].items.empty());
}

TEST(parse_page_range, accepts_single_pages_ranges_and_lists) {
  const range_case cases[] = {
      {"3-5", 5, {2, 3, 4}},  {"2", 5, {1}},        {"1,4-6", 6, {0, 3, 4, 5}},
      {" 1 , 3 ", 3, {0, 2}}, {"4-", 6, {3, 4, 5}}, {"5,1-2,2", 5, {0, 1, 4}},
      {"1-1", 1, {0}},
  };
  for (const auto& c : cases) {
    std::vector<int> pages;
    std::string error;
    EXPECT_TRUE(parse_page_range(c.spec, c.count, pages, error)) << c.spec << ": " << error;
    EXPECT_EQ(pages, c.pages) << c.spec;
    EXPECT_EQ(error, "") << c.spec;
  }
}

struct error_case {
  const char* spec;
  int count;
  const char* message;
};

TEST(parse_page_range, explains_what_is_wrong) {
  const error_case cases[] = {
      {"7-9", 5, "page range '7-9' is outside the document's 5 pages"},
      {"1,4-9", 5, "page range '4-9' is outside the document's 5 pages"},
      {"2", 1, "page 2 is outside the document's 1 page"},
      {"0", 5, "page range '0' contains page 0; pages are numbered from 1"},
      {"0-2", 5, "page range '0-2' contains page 0; pages are numbered from 1"},
      {"5-3", 5, "page range '5-3' is reversed; did you mean '3-5'?"},
      {"abc", 5, "expected a page number in page range 'abc', found 'abc'"},
      {"2-x", 5, "expected a page number in page range '2-x', found 'x'"},
      {"-3", 5, "expected a page number in page range '-3', found '-3'"},
      {"+3", 5, "expected a page number in page range '+3', found '+3'"},
      {"1,,2", 5, "empty item in page range '1,,2'"},
      {"", 5, "empty page range; expected page numbers like '3', '3-5' or '1,4-6'"},
      {"99999999999", 5,
       "expected a page number in page range '99999999999', found "
       "'99999999999'"},
  };
  for (const auto& c : cases) {
    std::vector<int> pages = {42};
    std::string error;
    EXPECT_FALSE(parse_page_range(c.spec, c.count, pages, error)) << c.spec;
    EXPECT_EQ(error, c.message) << c.spec;
    EXPECT_EQ(pages, std::vector<int>{42}) << "pages are left alone on error: " << c.spec;
  }
}

}  // namespace
}  // namespace rapport::render

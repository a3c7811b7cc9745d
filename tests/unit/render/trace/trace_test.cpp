// Tests of render/trace: the exact text of a trace, rounding, escaping and page selection.
#include <gtest/gtest.h>

#include "render/trace/trace_canvas.hpp"

namespace rapport::render {
namespace {

page::glyph_run run(int font, double size, point origin, std::string text, double width) {
  page::glyph_run r;
  r.font = font;
  r.size = from_pt(size);
  r.origin = origin;
  r.text = std::move(text);
  r.width = from_pt(width);
  r.glyphs.push_back({7, 0, 0});  // ids do not reach the trace
  r.clusters.push_back({static_cast<std::uint16_t>(r.text.size()), 1});
  return r;
}

page::paged_document sample() {
  page::paged_document doc;
  doc.info.title = "Delårsrapport";
  doc.info.author = "Socialnämnden";
  doc.info.created = 1637661900;
  doc.fonts.push_back({"/somewhere/fonts/dejavu/DejaVuSans.ttf", 0, "DejaVuSans"});
  doc.fonts.push_back({"fonts/x.ttc", 2, "X"});

  page::page first{from_mm(210), from_mm(297), "1", {}};
  first.items.push_back(
      run(1, 11, {from_pt(70.866), from_pt(120.5)}, "Förslag till beslut", 120.3349));
  first.items.push_back(page::rule{{from_pt(70.87), from_pt(130)},
                                   {from_pt(524.41), from_pt(130)},
                                   from_pt(0.25),
                                   colour{0xa0, 0xa0, 0xa0}});
  first.items.push_back(page::filled_rect{
      {from_pt(70.87), from_pt(140), from_pt(453.54), from_pt(12)}, colour{0xe0, 0xe8, 0xf0}});
  auto minus = run(0, 9.5, {from_pt(400), from_pt(151.004)}, "\u221257 235", 30.5);
  minus.fill = colour{0xc0, 0x10, 0x10};
  first.items.push_back(minus);
  page::path chart;
  chart.commands = {{page::path::op::move, {from_pt(100), from_pt(400)}},
                    {page::path::op::line, {from_pt(-0.001), from_pt(300.005)}},
                    {page::path::op::close, {}}};
  chart.filled = true;
  chart.fill = colour{0x33, 0x66, 0x99};
  chart.stroked = false;
  first.items.push_back(chart);
  first.items.push_back(page::link{{from_pt(70.87), from_pt(700), from_pt(100), from_pt(12)},
                                   "https://example.se/\"q\"",
                                   -1,
                                   0});
  first.items.push_back(
      page::link{{from_pt(70.87), from_pt(720), from_pt(100), from_pt(12)}, "", 2, from_pt(72)});
  first.items.push_back(
      page::debug_box{{from_pt(70), from_pt(80), from_pt(450), from_pt(20)}, "block"});
  doc.pages.push_back(first);

  page::page second{from_pt(300), from_pt(200), "ii", {}};
  second.items.push_back(run(0, 8, {from_pt(10), from_pt(20)}, "tab\there \\ \x01", 40));
  doc.pages.push_back(second);
  doc.pages.push_back(page::page{from_pt(100), from_pt(100), "3", {}});

  doc.outline = {{"Förslag", 1, 0, from_pt(110)}, {"Bilaga", 2, 2, 0}};
  return doc;
}

TEST(render_trace, writes_one_line_per_operation) {
  const std::string expected =
      "info title \"Delårsrapport\"\n"
      "info author \"Socialnämnden\"\n"
      "info created 2021-11-23T10:05:00Z\n"
      "font 0 \"DejaVuSans.ttf\"\n"
      "font 1 \"x.ttc\" index=2\n"
      "page 1 595.28x841.89\n"
      "text font=1 size=11.00 at 70.87,120.50 w=120.33 \"Förslag till beslut\"\n"
      "rule 70.87,130.00 -> 524.41,130.00 w=0.25 #a0a0a0\n"
      "rect 70.87,140.00 453.54x12.00 #e0e8f0\n"
      "text font=0 size=9.50 at 400.00,151.00 w=30.50 \"\u221257 235\" #c01010\n"
      "path fill=#336699 stroke=none M 100.00,400.00 L 0.00,300.01 Z\n"
      "link 70.87,700.00 100.00x12.00 uri=\"https://example.se/\\\"q\\\"\"\n"
      "link 70.87,720.00 100.00x12.00 dest=page 3 y=72.00\n"
      "page 2 300.00x200.00 label=\"ii\"\n"
      "text font=0 size=8.00 at 10.00,20.00 w=40.00 \"tab\\there \\\\ \\x01\"\n"
      "page 3 100.00x100.00\n"
      "outline 1 \"Förslag\" -> page 1 y=110.00\n"
      "outline 2 \"Bilaga\" -> page 3 y=0.00\n";
  EXPECT_EQ(render_trace(sample()), expected);
}

TEST(render_trace, shows_debug_boxes_when_asked_and_only_selected_pages) {
  render_options options;
  options.boxes = true;
  options.pages = {0};
  const std::string trace = render_trace(sample(), options);
  EXPECT_NE(trace.find("\nlink 70.87,720.00 100.00x12.00 dest=page 3 y=72.00\n"
                       "box \"block\" 70.00,80.00 450.00x20.00\n"),
            std::string::npos)
      << trace;
  EXPECT_EQ(trace.find("page 2"), std::string::npos);
  options.boxes = false;
  EXPECT_EQ(render_trace(sample(), options).find("box"), std::string::npos);
}

TEST(render_trace, rounds_to_the_nearest_hundredth_without_negative_zero) {
  page::paged_document doc;
  page::page p{from_pt(10), from_pt(10), "", {}};
  // 0.005 pt is 327.68 sp: 328 sp rounds up to 0.01, 327 sp down to 0.00, on both sides of 0.
  p.items.push_back(page::rule{{328, -328}, {327, -327}, sp_per_pt * 1234567, black});
  p.items.push_back(page::rule{{from_pt(1.235), from_pt(-2.675)}, {}, sp_per_pt * 3 / 2, black});
  doc.pages.push_back(p);
  EXPECT_EQ(render_trace(doc),
            "page 1 10.00x10.00\n"
            "rule 0.01,-0.01 -> 0.00,0.00 w=1234567.00 #000000\n"
            "rule 1.24,-2.68 -> 0.00,0.00 w=1.50 #000000\n");
}

TEST(render_trace, is_the_same_on_every_run) {
  EXPECT_EQ(render_trace(sample()), render_trace(sample()));
}

}  // namespace
}  // namespace rapport::render

// <image> in definitions and <logo>/<figure> in layouts: what is read and every error.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "definition/definition.hpp"

namespace {

using namespace rapport;
namespace fs = std::filesystem;

class images : public ::testing::Test {
protected:
  fs::path dir = fs::temp_directory_path() / ("rapport-def-image-" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir / "kapitel"); }
  void TearDown() override { fs::remove_all(dir); }

  fs::path write(const std::string& name, const std::string& text) {
    fs::path p = dir / name;
    std::ofstream(p) << text;
    return p;
  }

  // The definition's first <image>, wherever it is, with the diagnostics.
  def::image read(const std::string& body, diagnostics& diag) {
    fs::path p =
        write("r.xml", "<report>\n<section title=\"S\">\n" + body + "\n</section>\n</report>");
    def::report_definition d = def::read_definition(p, diag);
    const auto& blocks = std::get<def::section>(d.body.at(0).node).blocks;
    for (const auto& b : blocks)
      if (const auto* img = std::get_if<def::image>(&b.node)) return *img;
    return {};
  }

  std::vector<std::string> messages(const diagnostics& diag) {
    std::vector<std::string> out;
    for (const auto& d : diag.all()) out.push_back(to_string(d));
    return out;
  }

  std::string file(const std::string& name = "r.xml") const { return (dir / name).string(); }

  // A layout with `extra` inside <layout>, read into `out` (its logos and figure captions).
  std::vector<std::string> layout(const std::string& extra, model::house_style& out) {
    fs::path p =
        write("l.xml",
              "<layout name=\"t\">\n<fonts><family name=\"sans\" regular=\"a.ttf\"/></fonts>\n"
              "<style name=\"body\" font=\"sans\"/>\n" +
                  extra + "\n</layout>");
    diagnostics diag;
    out = def::read_layout(p, diag);
    return messages(diag);
  }
};

TEST_F(images, reads_every_attribute) {
  diagnostics diag;
  def::image img =
      read(R"(<image src="bilder/karta.svg" width="60mm" height="4cm" align="right" id="karta"
       alt="Karta över kommunen" caption="Kommunen {meta.title}"/>)",
           diag);
  EXPECT_TRUE(messages(diag).empty()) << messages(diag).front();
  EXPECT_EQ(img.src, "bilder/karta.svg");
  EXPECT_EQ(img.file, dir / "bilder/karta.svg");
  EXPECT_EQ(img.src_loc, (source_loc{file(), 3, 13}));
  EXPECT_EQ(img.loc, (source_loc{file(), 3, 1}));
  ASSERT_TRUE(img.width);
  EXPECT_NEAR(*img.width, 60 * 72 / 25.4, 1e-9);
  EXPECT_FALSE(img.width_percent);
  ASSERT_TRUE(img.height);
  EXPECT_NEAR(*img.height, 4 * 72 / 2.54, 1e-9);
  EXPECT_EQ(img.align, "right");
  EXPECT_EQ(img.alt, "Karta över kommunen");
  EXPECT_FALSE(img.decorative);
  EXPECT_EQ(img.id, "karta");
  ASSERT_EQ(img.caption.size(), 2u);  // text and a {value}
  EXPECT_EQ(img.caption[0].text, "Kommunen ");
  EXPECT_EQ(img.caption[1].type, def::inline_node::kind::value);
  EXPECT_EQ(img.caption[1].text, "meta.title");
}

TEST_F(images, defaults_percent_width_and_decorative) {
  diagnostics diag;
  def::image img = read(R"(<image src="a.png" width="50%" decorative="true"/>)", diag);
  EXPECT_TRUE(messages(diag).empty());
  EXPECT_DOUBLE_EQ(*img.width, 50);
  EXPECT_TRUE(img.width_percent);
  EXPECT_FALSE(img.height);
  EXPECT_EQ(img.align, "center");
  EXPECT_TRUE(img.decorative);
  EXPECT_TRUE(img.alt.empty());
  EXPECT_TRUE(img.caption.empty());
  diagnostics plain;
  def::image bare = read(R"(<image src="a.png" alt="x"/>)", plain);
  EXPECT_FALSE(bare.width);
  EXPECT_FALSE(bare.height);
}

TEST_F(images, alt_is_required_unless_decorative) {
  diagnostics diag;
  read(R"(<p>Text</p> <image src="a.png"/>)", diag);
  EXPECT_EQ(messages(diag),
            std::vector<std::string>{
                file() + ":3:13: error: <image> needs an 'alt' text: what it shows, for readers "
                         "who cannot see it\n"
                         "  hint: write decorative=\"true\" if the image carries no information"});
  diagnostics empty;
  read(R"(<image src="a.png" alt="  "/>)", empty);
  EXPECT_EQ(messages(empty),
            std::vector<std::string>{
                file() + ":3:25: error: the image's 'alt' text is empty\n"
                         "  hint: write decorative=\"true\" if the image carries no information"});
  diagnostics both;
  read(R"(<image src="a.png" decorative="true" alt="Logga"/>)", both);
  ASSERT_EQ(both.all().size(), 1u);
  EXPECT_FALSE(both.has_errors());
  EXPECT_EQ(to_string(both.all()[0]),
            file() +
                ":3:43: warning: a decorative image has no text alternative; 'alt' is ignored\n"
                "  hint: remove decorative=\"true\" if the image carries information");
}

TEST_F(images, bad_attributes) {
  diagnostics diag;
  read(
      R"(<image src="" widht="5cm" width="wide" height="50%" align="middle" decorative="ja" alt="a"/>)",
      diag);
  EXPECT_EQ(
      messages(diag),
      (std::vector<std::string>{
          file() +
              ":3:15: error: unknown attribute 'widht' on <image>\n  hint: did you mean 'width'?",
          file() + ":3:13: error: the image 'src' is empty\n  hint: name a .png, .jpg or .svg file",
          file() + ":3:34: error: expected a length like 60mm, 4cm or 120pt or a percentage of the "
                   "text width "
                   "like 50% for 'width', found 'wide'",
          file() +
              ":3:48: error: expected a length like 60mm, 4cm or 120pt for 'height', found '50%'",
          file() + ":3:60: error: align must be left, center or right, found 'middle'",
          file() + ":3:80: error: attribute 'decorative' must be true or false, found 'ja'"}));
}

TEST_F(images, src_is_required_and_content_is_refused) {
  diagnostics diag;
  read("<image alt=\"a\">\n  <caption>x</caption>\n</image>", diag);
  auto m = messages(diag);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0], file() + ":3:1: error: <image> needs the attribute 'src'");
  EXPECT_EQ(
      m[1],
      file() + ":3:1: error: <image> takes no content; its caption is the 'caption' attribute");
}

TEST_F(images, path_is_relative_to_the_file_that_names_it) {
  write("kapitel/bilder.xml", "<fragment>\n  <image src=\"foto.jpg\" alt=\"Foto\"/>\n</fragment>");
  fs::path p = write("r.xml", "<report>\n<include file=\"kapitel/bilder.xml\"/>\n</report>");
  diagnostics diag;
  def::report_definition d = def::read_definition(p, diag);
  EXPECT_FALSE(diag.has_errors());
  const auto& img = std::get<def::image>(d.body.at(0).node);
  EXPECT_EQ(img.file, dir / "kapitel" / "foto.jpg");
  EXPECT_EQ(img.src_loc, (source_loc{(dir / "kapitel/bilder.xml").string(), 2, 15}));
}

TEST_F(images, image_outside_a_section_is_a_block_too) {
  fs::path p = write("r.xml", "<report>\n<image src=\"a.svg\" alt=\"A\"/>\n</report>");
  diagnostics diag;
  def::report_definition d = def::read_definition(p, diag);
  EXPECT_FALSE(diag.has_errors());
  ASSERT_EQ(d.body.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<def::image>(d.body[0].node));
}

TEST_F(images, layout_reads_logos_and_figure_captions) {
  model::house_style out;
  auto m = layout(R"(<page header-offset="40"/>
<header right="{chapter}"/>
<logo src="bilder/logga.svg" position="cover" height="30mm" align="center" alt="Exempelby kommun"/>
<logo src="bilder/logga.png" position="header-left" height="12mm"/>
<logo src="bilder/logga.png" position="footer-right" width="20mm"/>
<figure caption-prefix="Bild" caption-position="above"/>)",
                  out);
  EXPECT_TRUE(m.empty()) << m.front();
  ASSERT_EQ(out.logos.size(), 3u);
  const def::logo& cover = out.logos[0];
  EXPECT_EQ(cover.position, def::logo_position::cover);
  EXPECT_EQ(cover.file, dir / "bilder/logga.svg");
  EXPECT_EQ(cover.src_loc, (source_loc{file("l.xml"), 6, 12}));
  EXPECT_NEAR(*cover.height, 30 * 72 / 25.4, 1e-9);
  EXPECT_FALSE(cover.width);
  EXPECT_EQ(cover.align, "center");
  EXPECT_EQ(cover.alt, "Exempelby kommun");
  EXPECT_EQ(out.logos[1].position, def::logo_position::header_left);
  EXPECT_EQ(out.logos[2].position, def::logo_position::footer_right);
  EXPECT_NEAR(*out.logos[2].width, 20 * 72 / 25.4, 1e-9);
  EXPECT_EQ(out.figure_caption_prefix, "Bild");
  EXPECT_TRUE(out.figure_caption_above);
  model::house_style defaults;
  EXPECT_TRUE(layout("", defaults).empty());
  EXPECT_EQ(defaults.figure_caption_prefix, "Figur");
  EXPECT_FALSE(defaults.figure_caption_above);
  EXPECT_TRUE(defaults.logos.empty());
}

TEST_F(images, logo_errors) {
  model::house_style out;
  std::string l = file("l.xml");
  EXPECT_EQ(layout(R"(<logo src="a.png" position="header-middle" height="10mm"/>)", out),
            std::vector<std::string>{
                l + ":4:29: error: unknown logo position 'header-middle'\n"
                    "  hint: use one of: cover, header-left, header-right, footer-left, "
                    "footer-right"});
  EXPECT_EQ(layout(R"(<logo src="a.png" position="header-lft" height="10mm"/>)", out),
            std::vector<std::string>{l + ":4:29: error: unknown logo position 'header-lft'\n"
                                         "  hint: did you mean 'header-left'?"});
  EXPECT_EQ(layout(R"(<logo src="a.png" position="cover"/>)", out),
            (std::vector<std::string>{l + ":4:1: error: a <logo> needs a 'width' or a 'height' (or "
                                          "both: it keeps its aspect ratio)",
                                      l + ":4:1: error: a cover logo needs an 'alt' text (e.g. the "
                                          "organisation's name), for readers who "
                                          "cannot see it\n  hint: write decorative=\"true\" if the "
                                          "cover names the organisation in text too"}));
  EXPECT_EQ(layout(R"(<logo position="footer-left" height="1in"/>)", out),
            (std::vector<std::string>{
                l + ":4:1: error: <logo> needs the attribute 'src'",
                l + ":4:38: error: expected a length like 12mm, 1.2cm or 34pt for 'height', "
                    "found '1in'"}));
}

TEST_F(images, logo_must_fit_its_slot) {
  model::house_style out;
  std::string l = file("l.xml");
  EXPECT_EQ(
      layout("<header left=\"{title}\"/>\n<logo src=\"a.png\" position=\"header-left\" "
             "height=\"20mm\"/>",
             out),
      (std::vector<std::string>{
          l + ":5:1: error: the header's left slot has both this logo and the text '{title}'\n"
              "  hint: remove left=\"{title}\" from <header>: a logo takes the whole slot",
          l + ":5:1: error: the header logo is 56.7pt high, but only 35.0pt fit above the header's "
              "baseline\n"
              "  hint: make it smaller or raise <page header-offset>"}));
  model::house_style twice;
  EXPECT_EQ(layout("<logo src=\"a.png\" position=\"footer-left\" height=\"5mm\"/>\n"
                   "<logo src=\"b.png\" position=\"footer-left\" height=\"5mm\"/>",
                   twice),
            std::vector<std::string>{
                l + ":5:1: error: a second logo at 'footer-left' (the first is at line 4)"});
  model::house_style furniture;
  EXPECT_EQ(
      layout("<logo src=\"a.png\" position=\"header-right\" height=\"8mm\" alt=\"Logga\" "
             "align=\"center\"/>",
             furniture),
      (std::vector<std::string>{
          l + ":4:75: warning: 'align' is only for a cover logo; the position decides here",
          l + ":4:61: warning: header and footer logos are page furniture (artifacts): 'alt' and "
              "'decorative' are ignored"}));
}

}  // namespace

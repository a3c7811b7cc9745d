// Test support for the render backends: a small paged_document built by hand (glyph ids and
// advances from FreeType, as the layout would give them) and probes that read PDFs back with
// poppler-utils and qpdf.
#pragma once

#include <ft2build.h>
#include FT_FREETYPE_H

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "page/page.hpp"

namespace rapport::test {

inline std::string font_path(const std::string& relative) {
  return std::string(RAPPORT_SOURCE_DIR) + "/fonts/" + relative;
}

/// Shapes `text` the simple way the layout does for these fonts: one glyph per character from
/// the cmap, advances from the unhinted hmtx at `size`, no kerning or ligatures.
class simple_shaper {
public:
  simple_shaper() {
    FT_Library lib = nullptr;
    if (FT_Init_FreeType(&lib) != 0) throw std::runtime_error("FreeType");
    library_.reset(lib);
  }

  page::glyph_run shape(const std::string& path, int font, double size_pt, point origin,
                        const std::string& text) {
    FT_Face face = nullptr;
    if (FT_New_Face(library_.get(), path.c_str(), 0, &face) != 0) {
      throw std::runtime_error("cannot open " + path);
    }
    std::unique_ptr<FT_FaceRec_, decltype(&FT_Done_Face)> owned(face, FT_Done_Face);
    page::glyph_run run;
    run.font = font;
    run.size = from_pt(size_pt);
    run.origin = origin;
    run.text = text;
    scaled pen = 0;
    for (std::size_t i = 0; i < text.size();) {
      // Decode one UTF-8 character (the test texts are well-formed).
      const auto c = static_cast<unsigned char>(text[i]);
      const int length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      char32_t cp = length == 1 ? c : c & (0xFF >> (length + 1));
      for (int k = 1; k < length; ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
      const FT_UInt id = FT_Get_Char_Index(face, cp);
      if (id == 0) throw std::runtime_error("no glyph in " + path);
      FT_Load_Glyph(face, id, FT_LOAD_NO_SCALE);
      run.glyphs.push_back({id, static_cast<std::int32_t>(pen), 0});
      run.clusters.push_back({static_cast<std::uint16_t>(length), 1});
      pen += from_pt(face->glyph->advance.x * size_pt / face->units_per_EM);
      i += length;
    }
    run.width = pen;
    return run;
  }

private:
  struct library_deleter {
    void operator()(FT_Library lib) const { FT_Done_FreeType(lib); }
  };
  std::unique_ptr<FT_LibraryRec_, library_deleter> library_;
};

/// Two A4 pages of a Swedish report: headings and figures in two fonts, a rule, a shaded
/// rectangle, a chart path, an external and an internal link, and a two-level outline.
inline page::paged_document sample_document() {
  simple_shaper shaper;
  page::paged_document doc;
  doc.info.title = "Delårsrapport 2021";
  doc.info.author = "Socialnämnden";
  doc.info.subject = "Uppföljning";
  doc.info.keywords = "delår, budget";
  doc.info.creator = "rapport test";
  doc.info.created = 1637661900;  // 2021-11-23T10:05:00Z
  doc.fonts.push_back({font_path("dejavu/DejaVuSans.ttf"), 0, "DejaVuSans"});
  doc.fonts.push_back({font_path("liberation/LiberationSerif-Regular.ttf"), 0, "LiberationSerif"});

  const scaled width = from_mm(210);
  const scaled height = from_mm(297);
  page::page first{width, height, "1", {}};
  first.items.push_back(shaper.shape(doc.fonts[0].path, 0, 16, {from_pt(70.87), from_pt(100)},
                                     "Delårsrapport för Socialnämnden"));
  first.items.push_back(page::rule{{from_pt(70.87), from_pt(110)},
                                   {from_pt(524.41), from_pt(110)},
                                   from_pt(0.25),
                                   colour{0xa0, 0xa0, 0xa0}});
  first.items.push_back(page::filled_rect{
      {from_pt(70.87), from_pt(140), from_pt(453.54), from_pt(16)}, colour{0xe0, 0xe8, 0xf0}});
  auto figure =
      shaper.shape(doc.fonts[1].path, 1, 11, {from_pt(400), from_pt(152)}, "\u221257 235");
  figure.fill = colour{0xc0, 0x10, 0x10};
  first.items.push_back(figure);
  first.items.push_back(
      shaper.shape(doc.fonts[1].path, 1, 11, {from_pt(80), from_pt(152)}, "Resultat före skatt"));
  page::path chart;
  chart.commands = {{page::path::op::move, {from_pt(100), from_pt(400)}},
                    {page::path::op::line, {from_pt(200), from_pt(300)}},
                    {page::path::op::line, {from_pt(300), from_pt(400)}},
                    {page::path::op::close, {}}};
  chart.filled = true;
  chart.fill = colour{0x33, 0x66, 0x99};
  chart.stroke = colour{0, 0, 0};
  chart.thickness = from_pt(0.5);
  first.items.push_back(chart);
  first.items.push_back(page::link{{from_pt(70.87), from_pt(700), from_pt(100), from_pt(12)},
                                   "https://example.se/rapport?a=1&b='x'",
                                   -1,
                                   0});
  first.items.push_back(
      page::link{{from_pt(70.87), from_pt(720), from_pt(100), from_pt(12)}, "", 1, from_pt(72)});
  first.items.push_back(
      page::debug_box{{from_pt(70.87), from_pt(84), from_pt(453.54), from_pt(20)}, "block"});
  first.items.push_back(
      shaper.shape(doc.fonts[1].path, 1, 9, {from_pt(260), from_pt(800)}, "Sida 1 av 2"));
  doc.pages.push_back(first);

  page::page second{width, height, "2", {}};
  second.items.push_back(
      shaper.shape(doc.fonts[0].path, 0, 14, {from_pt(70.87), from_pt(90)}, "Ekonomisk översikt"));
  second.items.push_back(
      shaper.shape(doc.fonts[1].path, 1, 9, {from_pt(260), from_pt(800)}, "Sida 2 av 2"));
  doc.pages.push_back(second);

  doc.outline = {{"Delårsrapport", 1, 0, from_pt(80)},
                 {"Resultat", 2, 0, from_pt(140)},
                 {"Ekonomisk översikt", 1, 1, from_pt(72)}};
  return doc;
}

/// A file in the system's temporary folder that is removed again when the object goes.
class temp_file {
public:
  temp_file(const std::string& name, const std::string& bytes)
      : path_(std::filesystem::temp_directory_path() /
              ("rapport-" + std::to_string(::getpid()) + "-" + name)) {
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~temp_file() { std::filesystem::remove(path_); }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  std::string path() const { return path_.string(); }

private:
  std::filesystem::path path_;
};

struct command_result {
  int status = -1;
  std::string output;  ///< stdout and stderr
};

/// Runs a shell command and returns its exit status and output.
inline command_result run_command(const std::string& command) {
  command_result result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer;
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
    result.output.append(buffer.data(), n);
  }
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

struct word_box {
  int page = 0;  ///< 1-based
  std::string text;
  double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
};

/// The boxes pdftotext should report for the words of `doc`, worked out from the layout alone:
/// a word runs from its first glyph's position to its last glyph's position plus advance, and
/// from the baseline up by the font's ascender and down by its descender (hhea, as poppler).
inline std::vector<word_box> expected_words(const page::paged_document& doc) {
  FT_Library lib = nullptr;
  FT_Init_FreeType(&lib);
  std::unique_ptr<FT_LibraryRec_, decltype(&FT_Done_FreeType)> library(lib, FT_Done_FreeType);
  std::vector<word_box> words;
  for (std::size_t p = 0; p < doc.pages.size(); ++p) {
    for (const auto& item : doc.pages[p].items) {
      const auto* run = std::get_if<page::glyph_run>(&item);
      if (!run) continue;
      FT_Face face = nullptr;
      FT_New_Face(lib, doc.fonts[run->font].path.c_str(), 0, &face);
      std::unique_ptr<FT_FaceRec_, decltype(&FT_Done_Face)> owned(face, FT_Done_Face);
      const double size = to_pt(run->size);
      const double em = face->units_per_EM;
      std::size_t byte = 0;
      word_box current;
      auto finish = [&] {
        if (!current.text.empty()) words.push_back(current);
        current = {};
      };
      for (std::size_t g = 0; g < run->clusters.size(); ++g) {
        const std::string text = run->text.substr(byte, run->clusters[g].bytes);
        byte += run->clusters[g].bytes;
        if (text == " ") {
          finish();
          continue;
        }
        FT_Load_Glyph(face, run->glyphs[g].id, FT_LOAD_NO_SCALE);
        const double x = to_pt(run->origin.x + run->glyphs[g].x);
        const double baseline = to_pt(run->origin.y + run->glyphs[g].y);
        if (current.text.empty()) {
          current = {static_cast<int>(p) + 1,
                     "",
                     x,
                     baseline - face->ascender / em * size,
                     0,
                     baseline - face->descender / em * size};
        }
        current.text += text;
        current.x_max = x + face->glyph->advance.x / em * size;
      }
      finish();
    }
  }
  return words;
}

/// Checks that every expected word is in `actual` (same page and text) with each edge of its
/// box within `tolerance` points, and that there are no other words. Returns "" on success,
/// else what differs.
inline std::string compare_words(const std::vector<word_box>& actual,
                                 const std::vector<word_box>& expected, double tolerance) {
  std::string problems;
  std::vector<bool> used(actual.size(), false);
  for (const auto& e : expected) {
    int best = -1;
    for (std::size_t i = 0; i < actual.size(); ++i) {
      if (used[i] || actual[i].page != e.page || actual[i].text != e.text) continue;
      if (best < 0 ||
          std::abs(actual[i].x_min - e.x_min) < std::abs(actual[best].x_min - e.x_min)) {
        best = static_cast<int>(i);
      }
    }
    if (best < 0) {
      problems += "missing word '" + e.text + "' on page " + std::to_string(e.page) + "\n";
      continue;
    }
    used[best] = true;
    const word_box& a = actual[best];
    const double worst = std::max({std::abs(a.x_min - e.x_min), std::abs(a.x_max - e.x_max),
                                   std::abs(a.y_min - e.y_min), std::abs(a.y_max - e.y_max)});
    if (worst > tolerance) {
      problems += "word '" + e.text + "' is " + std::to_string(worst) + " pt off (at " +
                  std::to_string(a.x_min) + "," + std::to_string(a.y_min) + ", expected " +
                  std::to_string(e.x_min) + "," + std::to_string(e.y_min) + ")\n";
    }
  }
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (!used[i]) problems += "unexpected word '" + actual[i].text + "'\n";
  }
  return problems;
}

/// The PDF rewritten by qpdf in QDF form: uncompressed and one object after another, so that
/// tests can look for dictionary entries.
inline std::string qdf_text(const std::string& pdf, const std::string& name) {
  temp_file in(name, pdf);
  temp_file out(name + ".qdf", "");
  const command_result r =
      run_command("qpdf --qdf --object-streams=disable '" + in.path() + "' '" + out.path() + "'");
  if (r.status != 0 && r.status != 3) throw std::runtime_error("qpdf failed: " + r.output);
  std::ifstream file(out.path(), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

/// Runs a poppler or qpdf tool on the PDF: `tool` is the command before the file name and
/// `after` what follows it.
inline command_result run_on_pdf(const std::string& tool, const std::string& pdf,
                                 const std::string& name, const std::string& after = "") {
  temp_file file(name, pdf);
  return run_command(tool + " '" + file.path() + "' " + after);
}

/// The numbers that follow "/XYZ 0" in a QDF file: the tops of every explicit destination.
inline std::vector<double> destination_tops(const std::string& qdf) {
  static const std::regex xyz(R"(/XYZ\s+0\s+([0-9.]+))");
  std::vector<double> tops;
  for (std::sregex_iterator it(qdf.begin(), qdf.end(), xyz), end; it != end; ++it) {
    const std::string number = (*it)[1];
    double value = 0;
    std::from_chars(number.data(), number.data() + number.size(), value);
    tops.push_back(value);
  }
  std::sort(tops.begin(), tops.end());
  return tops;
}

/// The words of a PDF with their boxes, as `pdftotext -bbox` reports them, in reading order.
inline std::vector<word_box> pdf_words(const std::string& pdf, const std::string& name) {
  temp_file file(name, pdf);
  const command_result r = run_command("pdftotext -bbox '" + file.path() + "' -");
  if (r.status != 0) throw std::runtime_error("pdftotext failed: " + r.output);
  std::vector<word_box> words;
  int page = 0;
  static const std::regex word_re(
      R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>)re");
  auto number = [](const std::ssub_match& m) {
    double value = 0;
    std::from_chars(&*m.first, &*m.first + m.length(), value);  // never the global locale
    return value;
  };
  std::string line;
  std::istringstream lines(r.output);
  while (std::getline(lines, line)) {
    if (line.find("<page ") != std::string::npos) ++page;
    std::smatch m;
    if (std::regex_search(line, m, word_re)) {
      words.push_back({page, m[5], number(m[1]), number(m[2]), number(m[3]), number(m[4])});
    }
  }
  return words;
}

}  // namespace rapport::test

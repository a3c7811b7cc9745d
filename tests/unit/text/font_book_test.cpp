// Tests for text/ font_book: finding and loading fonts, errors, metrics, coverage, families.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "text/text.hpp"

namespace fs = std::filesystem;
using namespace rapport;
using namespace rapport::text;

namespace {

const fs::path fonts_dir = fs::path(RAPPORT_SOURCE_DIR) / "fonts";

/// A fresh, empty folder under the system temp folder for one test.
fs::path scratch_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("rapport_text_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST(font_book, loads_relative_to_search_dirs_and_reuses_ids) {
  font_book book({fonts_dir});
  const font_id serif = book.load("dejavu/DejaVuSerif.ttf");
  const font_id sans = book.load("liberation/LiberationSans-Regular.ttf");
  EXPECT_NE(serif, sans);
  EXPECT_EQ(book.load("dejavu/DejaVuSerif.ttf"), serif);
  // The same file by another spelling is the same font.
  EXPECT_EQ(book.load((fonts_dir / "dejavu" / "." / "DejaVuSerif.ttf").string()), serif);
  EXPECT_EQ(book.load("liberation/../dejavu/DejaVuSerif.ttf"), serif);

  ASSERT_EQ(book.refs().size(), 2u);
  const page::font_ref& ref = book.refs()[static_cast<std::size_t>(serif)];
  EXPECT_TRUE(fs::path(ref.path).is_absolute());
  EXPECT_TRUE(fs::equivalent(ref.path, fonts_dir / "dejavu" / "DejaVuSerif.ttf"));
  EXPECT_EQ(ref.face_index, 0);
  EXPECT_EQ(ref.postscript_name, "DejaVuSerif");
  EXPECT_EQ(book.refs()[static_cast<std::size_t>(sans)].postscript_name, "LiberationSans");
}

TEST(font_book, search_dirs_are_tried_in_order) {
  const fs::path first = scratch_dir("order_first");
  const fs::path second = scratch_dir("order_second");
  fs::copy_file(fonts_dir / "carlito" / "Carlito-Regular.ttf", first / "body.ttf");
  fs::copy_file(fonts_dir / "liberation" / "LiberationSerif-Regular.ttf", second / "body.ttf");
  fs::copy_file(fonts_dir / "dejavu" / "DejaVuSans.ttf", second / "only-here.ttf");

  font_book book({first, second});
  EXPECT_EQ(book.refs().size(), 0u);
  EXPECT_EQ(book.refs().empty(), true);
  const font_id body = book.load("body.ttf");
  EXPECT_EQ(book.refs()[static_cast<std::size_t>(body)].postscript_name, "Carlito");
  const font_id only = book.load("only-here.ttf");
  EXPECT_EQ(book.refs()[static_cast<std::size_t>(only)].postscript_name, "DejaVuSans");
}

TEST(font_book, missing_font_names_the_folders_and_location) {
  font_book book({fonts_dir, fs::path("layouts/fonts")});
  const source_loc loc{"report.xml", 12, 7};
  try {
    book.load("NoSuchFont.ttf", loc);
    FAIL() << "expected fatal_error";
  } catch (const fatal_error& e) {
    EXPECT_EQ(e.what_diagnostic().message, "cannot find font 'NoSuchFont.ttf' (looked in: " +
                                               fonts_dir.generic_string() + "/, layouts/fonts/)");
    EXPECT_EQ(e.what_diagnostic().loc, loc);
    EXPECT_EQ(e.what_diagnostic().level, severity::error);
  }
}

TEST(font_book, missing_font_suggests_a_close_name) {
  font_book book({fonts_dir});
  try {
    book.load("dejavu/DejaVuSerf.ttf");
    FAIL() << "expected fatal_error";
  } catch (const fatal_error& e) {
    EXPECT_EQ(e.what_diagnostic().hint, "did you mean 'dejavu/DejaVuSerif.ttf'?");
  }
}

TEST(font_book, the_working_directory_is_not_searched) {
  // A file that exists relative to the working directory but in no search folder.
  const fs::path dir = scratch_dir("cwd");
  fs::copy_file(fonts_dir / "carlito" / "Carlito-Regular.ttf", dir / "cwd-font.ttf");
  const fs::path old = fs::current_path();
  fs::current_path(dir);
  font_book book({fonts_dir});
  EXPECT_THROW(book.load("cwd-font.ttf"), fatal_error);
  fs::current_path(old);
}

TEST(font_book, absolute_path_that_is_missing) {
  font_book book({fonts_dir});
  const std::string path = (fonts_dir / "nope" / "Missing.ttf").string();
  try {
    book.load(path);
    FAIL() << "expected fatal_error";
  } catch (const fatal_error& e) {
    EXPECT_EQ(e.what_diagnostic().message, "cannot find font '" + path + "'");
  }
}

TEST(font_book, a_file_that_is_not_a_font) {
  const fs::path dir = scratch_dir("not_a_font");
  std::ofstream(dir / "notes.ttf") << "this is not a font, just some text\n";
  font_book book({dir});
  const source_loc loc{"layouts/base.xml", 3, 5};
  try {
    book.load("notes.ttf", loc);
    FAIL() << "expected fatal_error";
  } catch (const fatal_error& e) {
    EXPECT_EQ(e.what_diagnostic().message, "'notes.ttf' is not a font file FreeType can read");
    EXPECT_EQ(e.what_diagnostic().loc, loc);
  }
  EXPECT_TRUE(book.refs().empty());
}

TEST(font_book, metrics_of_dejavu_serif_at_11pt_are_plausible) {
  font_book book({fonts_dir});
  const font_id serif = book.load("dejavu/DejaVuSerif.ttf");
  const font_metrics m = book.metrics(serif, from_pt(11));
  // Latin fonts: x height about half an em, cap height about 0.7 em, ascender above the caps.
  EXPECT_GT(m.x_height, from_pt(11 * 0.45));
  EXPECT_LT(m.x_height, from_pt(11 * 0.6));
  EXPECT_GT(m.cap_height, from_pt(11 * 0.65));
  EXPECT_LT(m.cap_height, from_pt(11 * 0.8));
  EXPECT_GT(m.ascender, m.cap_height);
  EXPECT_GT(m.descender, from_pt(11 * 0.15));
  EXPECT_LT(m.descender, from_pt(11 * 0.35));
  EXPECT_GT(m.ascender + m.descender, from_pt(11 * 0.9));
  EXPECT_LT(m.ascender + m.descender, from_pt(11 * 1.3));

  // Metrics scale with the size (to within rounding).
  const font_metrics twice = book.metrics(serif, from_pt(22));
  EXPECT_NEAR(static_cast<double>(twice.ascender), 2.0 * m.ascender, 1.0);
  EXPECT_NEAR(static_cast<double>(twice.x_height), 2.0 * m.x_height, 1.0);
}

TEST(font_book, metrics_differ_between_fonts) {
  font_book book({fonts_dir});
  const font_metrics serif = book.metrics(book.load("dejavu/DejaVuSerif.ttf"), from_pt(10));
  const font_metrics carlito = book.metrics(book.load("carlito/Carlito-Regular.ttf"), from_pt(10));
  EXPECT_NE(serif.x_height, carlito.x_height);
  EXPECT_GT(serif.x_height, carlito.x_height);  // DejaVu is known for its large x height
}

TEST(font_book, has_glyph_reads_the_character_map) {
  font_book book({fonts_dir});
  const font_id liberation = book.load("liberation/LiberationSans-Regular.ttf");
  const font_id dejavu = book.load("dejavu/DejaVuSans.ttf");
  for (char32_t c : {U'A', U'å', U'Ö', U'€', U'\u2212'}) {
    EXPECT_TRUE(book.has_glyph(liberation, c));
    EXPECT_TRUE(book.has_glyph(dejavu, c));
  }
  EXPECT_FALSE(book.has_glyph(liberation, U'\u2713'));
  EXPECT_TRUE(book.has_glyph(dejavu, U'\u2713'));
  EXPECT_FALSE(book.has_glyph(dejavu, U'\u4E2D'));
}

TEST(font_book, family_faces_fall_back_to_the_closest) {
  font_book book({fonts_dir});
  book.add_family("Liberation Sans", "liberation/LiberationSans-Regular.ttf",
                  "liberation/LiberationSans-Bold.ttf", "liberation/LiberationSans-Italic.ttf", "");
  book.add_family("Plain", "carlito/Carlito-Regular.ttf", "", "", "");
  book.add_family("Full", "dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf",
                  "dejavu/DejaVuSerif-Italic.ttf", "dejavu/DejaVuSerif-BoldItalic.ttf");
  const auto name = [&](font_id id) {
    return book.refs()[static_cast<std::size_t>(id)].postscript_name;
  };

  EXPECT_TRUE(book.has_family("Liberation Sans"));
  EXPECT_FALSE(book.has_family("Liberation"));
  EXPECT_EQ(name(book.face("Liberation Sans", false, false)), "LiberationSans");
  EXPECT_EQ(name(book.face("Liberation Sans", true, false)), "LiberationSans-Bold");
  EXPECT_EQ(name(book.face("Liberation Sans", false, true)), "LiberationSans-Italic");
  EXPECT_EQ(name(book.face("Liberation Sans", true, true)), "LiberationSans-Bold");  // drops italic

  EXPECT_EQ(book.face("Plain", true, true), book.face("Plain", false, false));
  EXPECT_EQ(book.face("Plain", true, false), book.face("Plain", false, false));

  EXPECT_EQ(name(book.face("Full", true, true)), "DejaVuSerif-BoldItalic");
  EXPECT_EQ(name(book.face("Full", false, true)), "DejaVuSerif-Italic");
}

TEST(font_book, unknown_family_is_an_error_with_a_hint) {
  font_book book({fonts_dir});
  book.add_family("Carlito", "carlito/Carlito-Regular.ttf", "", "", "");
  try {
    book.face("Carlitto", false, false);
    FAIL() << "expected fatal_error";
  } catch (const fatal_error& e) {
    EXPECT_EQ(e.what_diagnostic().message, "unknown font family 'Carlitto'");
    EXPECT_EQ(e.what_diagnostic().hint, "did you mean 'Carlito'?");
  }
}

TEST(font_book, family_needs_a_regular_face) {
  font_book book({fonts_dir});
  const source_loc loc{"layout.xml", 4, 3};
  try {
    book.add_family("Odd", "", "carlito/Carlito-Bold.ttf", "", "", loc);
    FAIL() << "expected fatal_error";
  } catch (const fatal_error& e) {
    EXPECT_EQ(e.what_diagnostic().message, "font family 'Odd' has no regular face");
    EXPECT_EQ(e.what_diagnostic().loc, loc);
  }
  // A missing face file is reported at the family's location.
  EXPECT_THROW(
      book.add_family("Odd", "carlito/Carlito-Regular.ttf", "carlito/Nope.ttf", "", "", loc),
      fatal_error);
}

TEST(font_book, fallbacks_are_kept_in_order_and_checked) {
  font_book book({fonts_dir});
  const font_id a = book.load("dejavu/DejaVuSans.ttf");
  const font_id b = book.load("dejavu/DejaVuSerif.ttf");
  book.set_fallbacks({b, a});
  EXPECT_EQ(book.fallbacks(), (std::vector<font_id>{b, a}));
  EXPECT_THROW(book.set_fallbacks({a, 17}), fatal_error);
}

// The docs and the parser must not drift: every element the readers accept is documented.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "definition/definition.hpp"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(docs, every_definition_element_is_documented) {
  std::string doc = read(std::string(RAPPORT_SOURCE_DIR) + "/docs/definition.md");
  ASSERT_FALSE(doc.empty());
  for (const auto& name : rapport::def::definition_element_names())
    EXPECT_NE(doc.find("`<" + name + ">`"), std::string::npos) << "<" << name << "> is not in docs/definition.md";
}

TEST(docs, every_layout_element_is_documented) {
  std::string doc = read(std::string(RAPPORT_SOURCE_DIR) + "/docs/layout.md");
  ASSERT_FALSE(doc.empty());
  for (const auto& name : rapport::def::layout_element_names())
    EXPECT_NE(doc.find("`<" + name + ">`"), std::string::npos) << "<" << name << "> is not in docs/layout.md";
}

}  // namespace

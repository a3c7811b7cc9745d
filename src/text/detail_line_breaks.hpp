// text/ private: the two ways line_break_opportunities finds breaks, exposed for the tests that
// check they agree.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "text/text.hpp"

namespace rapport::text::detail {

/// UAX #14 for texts of only letters, digits, spaces, no-break spaces, , . : ; - % and soft
/// hyphens or en dashes (most prose and table cells), where a break depends only on the two
/// characters around it and the spaces between them. Returns nullopt for any other text.
std::optional<std::vector<break_after>> simple_line_breaks(std::string_view utf8,
                                                           std::string_view language);

/// UAX #14 for any text, through libunibreak.
std::vector<break_after> unibreak_line_breaks(std::string_view utf8, std::string_view language);

}  // namespace rapport::text::detail

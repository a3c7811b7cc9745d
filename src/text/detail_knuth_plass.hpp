// text/ private: the full total-fit search behind break_lines, exposed for the tests that check
// break_lines' one-line shortcut gives the same answer.
#pragma once

#include <vector>

#include "text/text.hpp"

namespace rapport::text::detail {

/// Knuth and Plass's total fit for every paragraph, without break_lines' one-line shortcut.
std::vector<broken_line> total_fit(const std::vector<breaking_item>& items,
                                   const std::vector<scaled>& line_widths,
                                   const breaking_params& params);

}  // namespace rapport::text::detail

// cli/ private: the live preview's web page: the shell, the part that changes with each run,
// and the run's state as JSON.
#pragma once

#include <string>

#include "cli/serve_session.hpp"

namespace rapport::cli {

/// The whole page: header, the current view and the script that follows later runs.
std::string preview_page_html(const std::string& title, const snapshot& snap);

/// The part of the page that changes with each run: the page list, the run's messages and
/// the pages (pictures and their text).
std::string preview_view_html(const snapshot& snap);

/// The run's state for scripts and benchmarks: version, errors, timing and each page's text.
std::string preview_state_json(const snapshot& snap);

/// The URL path of page `index`'s picture; its query names the fingerprint, so a new picture
/// gets a new URL.
std::string picture_path(const snapshot& snap, std::size_t index);

}  // namespace rapport::cli

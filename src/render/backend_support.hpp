// render/: small helpers the backends share (clusters, dates, page numbering); not for other
// stages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "render/render.hpp"

namespace rapport::render::detail {

/// A calendar time in UTC.
struct utc_time {
  int year = 1970;
  int month = 1;  ///< 1-12
  int day = 1;    ///< 1-31
  int hour = 0;
  int minute = 0;
  int second = 0;
};

/// Converts seconds since the epoch to a UTC calendar time, without the C library's time zone
/// or locale.
utc_time to_utc(std::int64_t seconds);

/// Formats seconds since the epoch as ISO 8601 in UTC: "2021-11-23T10:05:00Z".
std::string iso8601_utc(std::int64_t seconds);

/// For each page of `doc`, its 1-based page number in the output, or 0 when `options` leaves
/// it out; links and outline entries to left-out pages are dropped.
std::vector<int> output_page_numbers(const page::paged_document& doc,
                                     const render_options& options);

/// True if `run.clusters` can be trusted to map text to glyphs: each cluster covers whole UTF-8
/// characters and at least one byte or glyph, and together they cover the text and glyphs.
bool usable_clusters(const page::glyph_run& run);

}  // namespace rapport::render::detail

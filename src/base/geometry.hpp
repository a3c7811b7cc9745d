// Units and geometry shared by every stage: integer scaled points, so layout is exact.
#pragma once

#include <cmath>
#include <cstdint>

namespace rapport {

/// A length in scaled points: 1/65536 of a PostScript point (TeX's sp). Integer arithmetic
/// keeps layout deterministic on every machine and compiler.
using scaled = std::int64_t;

inline constexpr scaled sp_per_pt = 65536;

/// Converts points to scaled points, rounding to the nearest unit.
constexpr scaled from_pt(double pt) {
  return static_cast<scaled>(pt * sp_per_pt + (pt >= 0 ? 0.5 : -0.5));
}
/// Converts scaled points to points (for backends and messages only).
constexpr double to_pt(scaled sp) { return static_cast<double>(sp) / sp_per_pt; }
/// Millimetres to scaled points.
constexpr scaled from_mm(double mm) { return from_pt(mm * 72.0 / 25.4); }

struct point {
  scaled x = 0;
  scaled y = 0;
  friend bool operator==(const point&, const point&) = default;
};

struct size {
  scaled width = 0;
  scaled height = 0;
  friend bool operator==(const size&, const size&) = default;
};

/// An axis-aligned rectangle; y grows downwards from the top of the page.
struct rect {
  scaled x = 0;
  scaled y = 0;
  scaled width = 0;
  scaled height = 0;
  scaled right() const { return x + width; }
  scaled bottom() const { return y + height; }
  friend bool operator==(const rect&, const rect&) = default;
};

/// An sRGB colour with 8 bits per channel.
struct colour {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
  friend bool operator==(const colour&, const colour&) = default;
};

inline constexpr colour black{0, 0, 0};
inline constexpr colour white{255, 255, 255};

}  // namespace rapport

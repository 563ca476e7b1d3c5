#pragma once
// Position of a front in a profile: where a field first falls through a level, scanning from the left (a wave
// entering through the left wall, as the Marshak wave does), with linear interpolation between the two points
// that straddle it. Compared between a result and a reference, the relative difference of the positions is
// one number per output time (validate --front T=0.5: the Marshak wave's front at T = 0.5 keV).
#include <string>
#include <vector>

#include "core/result_file.hpp"
#include "validation/compare.hpp"

namespace kinetic::validation {

// x where y first drops from >= level to < level; NaN if it never does (no point at or above the level, or
// none below it after one).
double front_position(const std::vector<double>& x, const std::vector<double>& y, double level);

// A front to track: `field` falling through `level`.
struct FrontSpec {
  std::string field;
  double level = 0;
};
// Parses "FIELD=LEVEL" (InputError naming the text when malformed).
FrontSpec parse_front_spec(const std::string& text);

// One row per output time the two share: field "front(FIELD=LEVEL)", rel_l2 = rel_l1 = |x_f - x_f,ref| / |x_f,ref|,
// max_abs = |x_f - x_f,ref|; a result without a front at that time gives +inf, a reference without one skips
// the time. `positions` (optional) receives (t, x_f, x_f,ref) per row.
struct FrontPositions {
  double t, result, reference;
};
std::vector<ErrorRow> compare_fronts(const ResultData& result, const ResultData& reference, const FrontSpec& front,
                                     std::vector<FrontPositions>* positions = nullptr);

}  // namespace kinetic::validation

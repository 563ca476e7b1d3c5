#pragma once
// Sampling a classical result into a supervision dataset (core/supervision_file.hpp): RT-APNN's "extra
// supervision points" and the data of warm starts.
#include <string>
#include <vector>
#include <map>

#include "core/config.hpp"
#include "core/result_file.hpp"
#include "core/supervision_file.hpp"

namespace kinetic::coupling {

struct SupervisionSampling {
  std::string mode = "grid";      // grid: every result point | random: uniform in x | boundary: near the ends
  std::vector<double> times;      // output times to sample (empty: all of the result's)
  int points_per_time = 256;      // random / boundary modes
  double boundary_width = 0.05;   // boundary mode: fraction of the domain at each end
  bool include_f = false;         // also sample f at every velocity node (needs f in the result)
  unsigned seed = 1234;

  // Reads a `coupling.supervision:` style section (keys as the fields above).
  static SupervisionSampling from_config(const ConfigNode& section);
};

SupervisionSet make_supervision(const ResultData& result, const SupervisionSampling& sampling,
                                const std::string& source = "");

}  // namespace kinetic::coupling

#pragma once
// Supervision data: points (t, x) with values of rho (and other moments), and optionally points (t, x, v)
// with values of f, taken from a classical result. RT-APNN's "extra supervision points" and warm starts use
// them. HDF5 layout: /macro/{t,x,<field>...} and /kinetic/{t,x,v,f}, attributes source, method, eps.
#include <string>
#include <vector>
#include <map>

#include "core/config.hpp"
#include "core/result_file.hpp"

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

struct SupervisionSet {
  std::string source, method;
  double eps = 0;
  std::vector<double> t, x;                             // macro points
  std::map<std::string, std::vector<double>> values;    // field -> value per macro point
  std::vector<double> ft, fx, fv, f;                    // kinetic points
  std::size_t size() const { return t.size(); }
};

SupervisionSet make_supervision(const ResultData& result, const SupervisionSampling& sampling,
                                const std::string& source = "");
void write_supervision(const std::string& path, const SupervisionSet& set);  // atomic (tmp + rename)
SupervisionSet read_supervision(const std::string& path);

}  // namespace kinetic::coupling

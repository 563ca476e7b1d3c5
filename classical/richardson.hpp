#pragma once
// Richardson extrapolation in x of any node-based classical method (micro_macro, even_odd, diffusion_limit,
// steady). `classical: {..., nx: N, richardson: p}` runs the method on N and N/2 cells and writes
//   R = (2^p u_N - u_{N/2}) / (2^p - 1)
// at the nodes of the coarse grid, for every field and output time. p is the observed order of the leading
// error term (e.g. 1 for the eps = 1 inflow problem, whose ray discontinuities make the schemes first
// order); the error of R is the next term. Attributes: richardson_order, nx_fine, and
// richardson_correction (max over times and fields of |R - u_N| / |R|, relative l2: the estimated error of
// the fine run itself). The file is written once both runs are done.
#include <functional>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical {

using SolveFunction = std::function<void(const Problem&, const ConfigNode&, ResultWriter&)>;

using CheckFunction = std::function<void(const Problem&, const ConfigNode&)>;

// `section` holds `richardson`; `run` solves with a section without it.
void solve_richardson(const Problem& problem, const ConfigNode& section, ResultWriter& writer, const SolveFunction& run);
// The keys solve_richardson reads, then `check` on the fine run's section (nothing is run).
void check_richardson(const Problem& problem, const ConfigNode& section, const CheckFunction& check);

}  // namespace kinetic::classical

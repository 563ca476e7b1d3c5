#pragma once
// Regime sweep: one method over a list of eps values, each judged against a classical reference computed
// for the same eps, tabulated (Markdown + CSV) and plotted (error vs eps). Every field the two results share
// is compared (rho; for BGK also momentum and energy).
#include <string>
#include <vector>

namespace kinetic::validation {

struct SweepSetup {
  std::string config_text;   // resolved config (problem + classical + neural sections)
  std::string config_name;   // for messages
  std::string side = "neural";  // "neural": train the neural section; "classical": solve the classical one
  std::vector<double> eps = {1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-8};
  std::string out_dir;
  // The reference runs: the config's classical section with these changes. A classical sweep whose reference
  // would be the judged run itself (no method and no overrides given) refines the grid: classical.nx doubled.
  std::string reference_method;                   // empty: the config's classical method
  std::vector<std::string> reference_overrides;   // key=value applied to the reference runs only
  std::vector<std::string> result_overrides;      // key=value applied to the judged runs only
};

struct SweepRow {
  double eps = 0;
  std::string method;
  std::vector<std::string> fields;  // one entry per (field, time) pair compared
  std::vector<double> times;
  std::vector<double> rel_l2;
  double wall_s = 0;
  double steps = 0;            // training steps or time steps (from the result's attributes)
};

// Returns the rows; writes <out_dir>/sweep.md, sweep.csv, error_vs_eps.png and one folder per eps.
std::vector<SweepRow> run_regime_sweep(const SweepSetup& setup);

}  // namespace kinetic::validation

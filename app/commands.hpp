#pragma once
// The subcommands of the `kinetic` program. Each returns the exit code; InputError/RunError propagate to
// main(), which maps them to exit codes 2 and 1.
#include <string>
#include <vector>

namespace kinetic::app {

struct RunOptions {
  std::string config;
  std::string output;
  std::vector<std::string> overrides;
  bool quiet = false;
};

struct TrainOptions : RunOptions {
  std::string run_dir;
  std::string reference;
  bool resume = false;
  int threads = 0;
};

struct ValidateOptions {
  std::string result;
  std::string reference;
  std::vector<std::string> fields;  // empty: every field the two have in common
  std::string report_dir;           // empty: no report
  std::string csv;                  // optional CSV of the error table
  std::vector<std::string> fronts;  // FIELD=LEVEL: front positions compared (validation/front_position.hpp)
};

struct SweepOptions : RunOptions {
  std::string side = "neural";  // which side is judged against the classical reference: neural | classical
  std::vector<double> eps;
  std::string out_dir;
  std::string reference_method;  // classical method for the references (default: the config's)
  std::vector<std::string> reference_overrides;  // --set applied to the reference runs only
};

struct ApplyOptions : RunOptions {
  std::string operator_path;  // a trained operator (<run dir>/operator.pt)
};

struct SuperviseOptions : RunOptions {
  std::string from;  // result file to sample
};

int run_methods();
int run_supervise(const SuperviseOptions& options);
int run_check(const RunOptions& options);
int run_solve(const RunOptions& options);
int run_train(const TrainOptions& options);
int run_validate(const ValidateOptions& options);
int run_sweep(const SweepOptions& options);
int run_dataset(const RunOptions& options);
int run_apply(const ApplyOptions& options);

}  // namespace kinetic::app

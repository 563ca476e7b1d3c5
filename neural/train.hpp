#pragma once
// Entry point of the neural side: trains the model named in the config's `neural:` section on a problem,
// then evaluates it at the problem's output times and hands the snapshots to the writer.
// This header stays free of LibTorch so that callers compile fast.
#include <string>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::neural {

struct TrainContext {
  std::string run_dir;         // checkpoints, loss/error logs go here (created if missing)
  bool resume = false;         // continue from the newest checkpoint in run_dir
  std::string reference_path;  // optional HDF5 result to report the error against during training
  int threads = 0;             // LibTorch intra-op threads (0: from config / default 2)
};

// Parses and validates the section and whether the method can run the problem, exactly as train() does
// before it starts, running nothing (`kinetic check`).
void check(const Problem& problem, const ConfigNode& section);

void train(const Problem& problem, const ConfigNode& section, ResultWriter& writer, const TrainContext& context);

}  // namespace kinetic::neural

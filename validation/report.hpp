#pragma once
// A short Markdown report for a run: what was compared, the error table, and the PNG plots beside it.
#include <string>
#include <vector>

#include "core/result_file.hpp"
#include "validation/compare.hpp"

namespace kinetic::validation {

struct ReportInputs {
  std::string title;
  std::string result_path, reference_path;
  const ResultData* result = nullptr;
  const ResultData* reference = nullptr;
  std::vector<ErrorRow> rows;
  std::string run_dir;  // optional: training logs (train_log.csv with step, wall_s, loss*, error* columns) to plot
  std::string notes;    // free text appended at the end
};

// Writes <dir>/report.md, <dir>/errors.csv and PNG plots (one per field; error and loss curves when the
// run dir has a training log). Returns the report path.
std::string write_report(const std::string& dir, const ReportInputs& inputs);

}  // namespace kinetic::validation

// `kinetic validate RESULT REFERENCE`: error table (and optionally a report with plots).
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app/commands.hpp"
#include "core/result_file.hpp"
#include "validation/compare.hpp"
#include "validation/report.hpp"

namespace kinetic::app {

int run_validate(const ValidateOptions& options) {
  const ResultData result = read_result(options.result);
  const ResultData reference = read_result(options.reference);
  const auto rows = validation::compare_results(result, reference, options.fields);
  std::printf("%s vs %s\n\n%s", options.result.c_str(), options.reference.c_str(),
              validation::error_table_markdown(rows).c_str());
  if (!options.csv.empty()) {
    std::ofstream csv(options.csv);
    csv << validation::error_table_csv(rows);
  }
  if (!options.report_dir.empty()) {
    validation::ReportInputs in;
    in.title = fmt::format("{} vs {}", result.method, reference.method);
    in.result_path = options.result;
    in.reference_path = options.reference;
    in.result = &result;
    in.reference = &reference;
    in.rows = rows;
    if (std::filesystem::exists(options.result + ".run")) in.run_dir = options.result + ".run";
    std::printf("\nreport: %s\n", validation::write_report(options.report_dir, in).c_str());
  }
  return 0;
}

}  // namespace kinetic::app

// `kinetic validate RESULT REFERENCE`: error table (and optionally a report with plots).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>
#include <filesystem>
#include <fstream>

#include "app/commands.hpp"
#include "core/result_file.hpp"
#include "validation/compare.hpp"
#include "validation/energy_decay.hpp"
#include "validation/report.hpp"

namespace kinetic::app {

namespace {

bool has_energy(const ResultData& d) {
  return d.series.count("series_t") && d.series.count("electric_energy") && d.series.at("series_t").size() > 5;
}

// The electric energy's decay (VPFP results) of both results, fitted on the same window (maxima over the
// whole run when both oscillate, else the slope on [1, T], after the fastest transients), as one more row: field "energy_decay_rate", rel_l2 = the relative difference of the
// rates. Printed with the rates and frequencies themselves.
void add_energy_decay(const ResultData& result, const ResultData& reference, std::vector<validation::ErrorRow>& rows) {
  if (!has_energy(result) || !has_energy(reference)) return;
  const double t_to = std::min(result.series.at("series_t").back(), reference.series.at("series_t").back());
  // Maxima (oscillating modes) over the whole run; else the slope after the fastest transients.
  auto fit_both = [&](double t_from) {
    return std::make_pair(
        validation::fit_energy_decay(result.series.at("series_t"), result.series.at("electric_energy"), t_from, t_to),
        validation::fit_energy_decay(reference.series.at("series_t"), reference.series.at("electric_energy"), t_from,
                                     t_to));
  };
  double t_from = result.series.at("series_t").front();
  try {
    auto [a, b] = fit_both(t_from);
    if (a.peaks < 2 || b.peaks < 2) t_from = std::min(1.0, 0.2 * t_to), std::tie(a, b) = fit_both(t_from);
    const double rel = std::abs(a.rate - b.rate) / std::abs(b.rate);
    std::printf("\nelectric energy on t in [%g, %g]: decay rate %.5g (omega %.5g, %d maxima) against the reference's "
                "%.5g (omega %.5g, %d maxima): relative difference %.2e\n",
                t_from, t_to, a.rate, a.frequency, a.peaks, b.rate, b.frequency, b.peaks, rel);
    validation::ErrorRow row;
    row.field = "energy_decay_rate", row.time = t_to, row.points = 1;
    row.norms.rel_l2 = row.norms.rel_l1 = rel, row.norms.max_abs = std::abs(a.rate - b.rate);
    rows.push_back(row);
  } catch (const std::exception& e) {
    std::printf("\nelectric energy: no decay fit (%s)\n", e.what());
  }
}

}  // namespace

int run_validate(const ValidateOptions& options) {
  const ResultData result = read_result(options.result);
  const ResultData reference = read_result(options.reference);
  auto rows = validation::compare_results(result, reference, options.fields);
  std::printf("%s vs %s\n\n%s", options.result.c_str(), options.reference.c_str(),
              validation::error_table_markdown(rows).c_str());
  add_energy_decay(result, reference, rows);
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

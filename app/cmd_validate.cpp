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
#include "validation/front_position.hpp"
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

// The front positions asked for (--front FIELD=LEVEL), printed and appended as rows.
void add_fronts(const ResultData& result, const ResultData& reference, const std::vector<validation::FrontSpec>& specs,
                std::vector<validation::ErrorRow>& rows) {
  for (const auto& front : specs) {
    std::vector<validation::FrontPositions> at;
    const auto more = validation::compare_fronts(result, reference, front, &at);
    std::printf("\nfront where %s first falls below %g (from the left):\n", front.field.c_str(), front.level);
    if (at.empty()) std::printf("  the reference has no such front at the shared output times\n");
    for (std::size_t k = 0; k < at.size(); ++k)
      std::printf("  t = %-8g result %.6g, reference %.6g, relative difference %.2e\n", at[k].t, at[k].result,
                  at[k].reference, more[k].norms.rel_l2);
    rows.insert(rows.end(), more.begin(), more.end());
  }
}

}  // namespace

int run_validate(const ValidateOptions& options) {
  std::vector<validation::FrontSpec> fronts;  // malformed specs fail before any work
  for (const auto& text : options.fronts) fronts.push_back(validation::parse_front_spec(text));
  const ResultData result = read_result(options.result);
  const ResultData reference = read_result(options.reference);
  auto rows = validation::compare_results(result, reference, options.fields);
  std::printf("%s vs %s\n\n%s", options.result.c_str(), options.reference.c_str(),
              validation::error_table_markdown(rows).c_str());
  add_energy_decay(result, reference, rows);
  add_fronts(result, reference, fronts, rows);
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

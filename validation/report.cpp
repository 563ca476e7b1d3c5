#include "validation/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "validation/plots.hpp"

namespace kinetic::validation {

namespace fs = std::filesystem;

namespace {
// Header of a CSV file, split at commas.
std::vector<std::string> csv_header(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> out;
  std::stringstream ss(line);
  for (std::string h; std::getline(ss, h, ',');) out.push_back(h);
  return out;
}

// Training-log plots (neural/training/trainer.cpp writes train_log.csv): error vs wall time, loss terms vs step.
std::vector<std::string> training_plots(const std::string& dir, const std::string& log) {
  std::vector<std::string> pngs;
  const auto header = csv_header(log);
  auto has = [&](const std::string& n) { return std::find(header.begin(), header.end(), n) != header.end(); };
  std::vector<std::string> errors, losses;
  // Columns: step, wall_s, cpu_s, lr, then the total loss and its terms, then err_* (errors at output times).
  for (const auto& h : header) {
    if (h.rfind("err", 0) == 0) errors.push_back(h);
    else if (h != "step" && h != "wall_s" && h != "cpu_s" && h != "lr") losses.push_back(h);
  }
  if (has("wall_s") && !errors.empty()) {
    std::vector<std::string> cols{"wall_s"};
    cols.insert(cols.end(), errors.begin(), errors.end());
    const auto data = read_csv_columns(log, cols);
    std::vector<Curve> curves;
    for (std::size_t k = 0; k < errors.size(); ++k) curves.push_back({errors[k], data[0], data[k + 1]});
    PlotSpec spec{"relative l2 error vs training wall time", "wall time [s]", "relative l2 error", false, true};
    pngs.push_back(plot_curves(curves, spec, (fs::path(dir) / "error_vs_time.png").string()));
  }
  if (has("step") && !losses.empty()) {
    std::vector<std::string> cols{"step"};
    cols.insert(cols.end(), losses.begin(), losses.end());
    const auto data = read_csv_columns(log, cols);
    std::vector<Curve> curves;
    for (std::size_t k = 0; k < losses.size(); ++k) curves.push_back({losses[k], data[0], data[k + 1]});
    PlotSpec spec{"loss terms vs step", "step", "loss", false, true};
    pngs.push_back(plot_curves(curves, spec, (fs::path(dir) / "loss_vs_step.png").string()));
  }
  return pngs;
}
// A quantity against time from the results' series (t_key, y_key): the reference as a line, the result as
// about 60 markers; positive_only drops values <= 0 (log scales).
Panel series_panel(const ResultData& result, const ResultData* reference, const std::string& t_key,
                   const std::string& y_key, const PlotSpec& spec, bool positive_only) {
  auto series = [&](const ResultData& d, bool thin) {
    const auto& t = d.series.at(t_key);
    const auto& y = d.series.at(y_key);
    const std::size_t every = thin ? std::max<std::size_t>(1, t.size() / 60) : 1;
    std::vector<double> xs, ys;
    for (std::size_t i = 0; i < t.size() && i < y.size(); i += every)
      if (!positive_only || y[i] > 0.0) xs.push_back(t[i]), ys.push_back(y[i]);
    return std::make_pair(xs, ys);
  };
  std::vector<Curve> curves;
  if (reference && reference->series.count(t_key) && reference->series.count(y_key)) {
    auto [x, y] = series(*reference, false);
    curves.push_back({"reference (" + reference->method + ")", x, y, false, 1});
  }
  auto [x, y] = series(result, true);
  curves.push_back({"result (" + result.method + ")", x, y, true, 2});
  return {curves, spec};
}

// The electric energy against time, log scale (series series_t, electric_energy: the VPFP solvers).
Panel energy_panel(const ResultData& result, const ResultData* reference) {
  return series_panel(result, reference, "series_t", "electric_energy",
                      {"electric energy (1/2) int E^2 dx", "t", "electric energy", false, true}, true);
}

// T against time at the first probe (series probe_t, probe_x, probe_T_0: gray radiative transfer runs with
// problem.probes). The Marshak figure's T_e at x = 0.0025.
bool has_probe(const ResultData& d) {
  return d.series.count("probe_t") && d.series.count("probe_x") && d.series.count("probe_T_0") &&
         !d.series.at("probe_x").empty();
}
Panel probe_panel(const ResultData& result, const ResultData* reference) {
  const PlotSpec spec{fmt::format("T at x = {:g}", result.series.at("probe_x").front()), "t", "T", false, false};
  return series_panel(result, reference, "probe_t", "probe_T_0", spec, false);
}

}  // namespace

std::string write_report(const std::string& dir, const ReportInputs& in) {
  fs::create_directories(dir);
  std::vector<std::string> pngs;
  if (in.result) {
    std::vector<std::string> fields;
    for (const auto& r : in.rows)  // rows of fields (not derived rows such as energy_decay_rate)
      if (in.result->fields.count(r.field) && std::find(fields.begin(), fields.end(), r.field) == fields.end())
        fields.push_back(r.field);
    if (fields.empty())
      for (const auto& kv : in.result->fields) fields.push_back(kv.first);
    for (const auto& f : fields)
      pngs.push_back(plot_profiles(*in.result, in.reference, f, (fs::path(dir) / (f + ".png")).string()));
    if (in.result->series.count("series_t") && in.result->series.count("electric_energy")) {
      const auto energy = energy_panel(*in.result, in.reference);
      pngs.push_back(plot_curves(energy.curves, energy.spec, (fs::path(dir) / "electric_energy.png").string()));
      // The slides' VPFP figure in one PNG: rho and E at the output times, the electric energy against time.
      if (in.result->fields.count("rho") && in.result->fields.count("E"))
        pngs.push_back(plot_panels({profile_panel(*in.result, in.reference, "rho"),
                                    profile_panel(*in.result, in.reference, "E"), energy},
                                   (fs::path(dir) / "fields_and_energy.png").string()));
    }
  }
  if (in.result && has_probe(*in.result)) {
    const auto probe = probe_panel(*in.result, in.reference);
    pngs.push_back(plot_curves(probe.curves, probe.spec, (fs::path(dir) / "probe_T.png").string()));
    // The slides' Marshak figure in one PNG: T_r at the output times, T at the probe against time.
    if (in.result->fields.count("T_r"))
      pngs.push_back(plot_panels({profile_panel(*in.result, in.reference, "T_r"), probe},
                                 (fs::path(dir) / "profiles_and_probe.png").string()));
  }
  if (!in.run_dir.empty() && fs::exists(fs::path(in.run_dir) / "train_log.csv")) {
    const auto more = training_plots(dir, (fs::path(in.run_dir) / "train_log.csv").string());
    pngs.insert(pngs.end(), more.begin(), more.end());
  }
  {
    std::ofstream csv(fs::path(dir) / "errors.csv");
    csv << error_table_csv(in.rows);
  }
  const std::string path = (fs::path(dir) / "report.md").string();
  std::ofstream md(path);
  md << "# " << (in.title.empty() ? "Validation report" : in.title) << "\n\n";
  if (in.result)
    md << fmt::format("- result: `{}` ({}, {}, eps = {:g})\n", in.result_path, in.result->method,
                      in.result->equation, in.result->eps);
  if (in.reference)
    md << fmt::format("- reference: `{}` ({})\n", in.reference_path, in.reference->method);
  if (in.result && in.result->number_attributes.count("wall_time_s"))
    md << fmt::format("- wall time of the result: {:.1f} s\n", in.result->number_attributes.at("wall_time_s"));
  md << "\n## Errors\n\n" << (in.rows.empty() ? "(no reference)\n" : error_table_markdown(in.rows)) << "\n";
  md << "## Plots\n\n";
  for (const auto& p : pngs) md << fmt::format("![{}]({})\n\n", fs::path(p).stem().string(), fs::path(p).filename().string());
  if (!in.notes.empty()) md << "## Notes\n\n" << in.notes << "\n";
  return path;
}

}  // namespace kinetic::validation

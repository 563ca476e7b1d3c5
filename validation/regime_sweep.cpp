#include "validation/regime_sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "classical/solve.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/problem.hpp"
#include "neural/train.hpp"
#include "validation/compare.hpp"
#include "validation/plots.hpp"

namespace kinetic::validation {

namespace fs = std::filesystem;

namespace {

struct OneRun {
  ResultData data;
  double wall_s;
};

// Runs one side of a config (re-parsed from text, so every run starts from the same resolved config).
OneRun run_side(const SweepSetup& s, const std::string& side, double eps, const std::vector<std::string>& overrides,
                const std::string& path) {
  ConfigNode root = ConfigNode::from_string(s.config_text, s.config_name);
  root.apply_override(fmt::format("problem.eps={:.17g}", eps));
  if (side == "reference" && !s.reference_method.empty()) root.apply_override("classical.method=" + s.reference_method);
  for (const auto& o : overrides) root.apply_override(o);
  const Problem problem = Problem::from_config(root.child("problem"));
  const bool neural = side == "neural";
  const ConfigNode section = root.child(neural ? "neural" : "classical");
  ResultData header;
  header.equation = to_string(problem.equation);
  header.eps = problem.eps;
  header.method = section.get_string("method", "?");
  header.config_text = root.dump();
  ResultWriter writer(path, header);
  const auto start = std::chrono::steady_clock::now();
  if (neural) {
    neural::TrainContext context;
    context.run_dir = path + ".run";
    neural::train(problem, section, writer, context);
  } else {
    classical::solve(problem, section, writer);
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  writer.data().number_attributes["wall_time_s"] = wall;
  writer.flush();
  return {writer.data(), wall};
}

double steps_of(const ResultData& d) {
  // classical results: "steps" (time steps); trained networks: "train_steps" (Adam + L-BFGS iterations)
  for (const char* key : {"steps", "train_steps"})
    if (d.number_attributes.count(key)) return d.number_attributes.at(key);
  return 0;
}


// What the reference runs are, for the table: the config's classical section with the setup's changes.
std::string describe_reference(const SweepSetup& s, const std::string& method) {
  std::string text = s.reference_method.empty() ? method : s.reference_method;
  for (const auto& o : s.reference_overrides) text += ", " + o;
  return text;
}

// A classical sweep needs a reference distinct from the judged run: unless one is given, the same method on a
// grid twice as fine (self-convergence; the table says so).
SweepSetup with_distinct_reference(SweepSetup s) {
  if (s.side != "classical" || !s.reference_method.empty() || !s.reference_overrides.empty()) return s;
  const ConfigNode root = ConfigNode::from_string(s.config_text, s.config_name);
  const ConfigNode section = root.child("classical");
  if (!section.has("nx"))
    section.fail("nx", "a classical sweep refines the grid for its reference (2 x nx): give classical.nx, or a "
                       "reference with --reference-method / --reference-set");
  s.reference_overrides.push_back(fmt::format("classical.nx={}", 2 * section.get_int("nx")));
  return s;
}

}  // namespace

std::vector<SweepRow> run_regime_sweep(const SweepSetup& setup) {
  const SweepSetup s = with_distinct_reference(setup);
  if (s.eps.empty()) throw InputError("sweep: no eps values");
  for (double e : s.eps)
    if (!(e > 0)) throw InputError(fmt::format("sweep: eps must be > 0 (got {})", e));
  fs::create_directories(s.out_dir);
  std::vector<SweepRow> rows;
  const std::string judged = s.side == "classical" ? "classical" : "neural";
  for (double eps : s.eps) {
    const fs::path dir = fs::path(s.out_dir) / fmt::format("eps_{:g}", eps);
    fs::create_directories(dir);
    std::fprintf(stderr, "[sweep] eps = %g: reference\n", eps);
    const OneRun ref = run_side(s, "reference", eps, s.reference_overrides, (dir / "reference.h5").string());
    std::fprintf(stderr, "[sweep] eps = %g: %s\n", eps, judged.c_str());
    const OneRun res = run_side(s, judged, eps, s.result_overrides, (dir / "result.h5").string());
    const auto errors = compare_results(res.data, ref.data);
    SweepRow row{eps, res.data.method, {}, {}, {}, res.wall_s, steps_of(res.data)};
    for (const auto& e : errors) {
      row.fields.push_back(e.field);
      row.times.push_back(e.time);
      row.rel_l2.push_back(e.norms.rel_l2);
    }
    rows.push_back(row);
    for (const auto& [name, values] : res.data.fields)
      if (ref.data.fields.count(name)) plot_profiles(res.data, &ref.data, name, (dir / (name + ".png")).string());
    const std::string reference = describe_reference(s, ref.data.method);

    // Rewrite the tables after every eps, so an interrupted sweep keeps what it has.
    std::ofstream md(fs::path(s.out_dir) / "sweep.md"), csv(fs::path(s.out_dir) / "sweep.csv");
    md << fmt::format("# Regime sweep: {} ({})\n\nReference at each eps: {}.\n\n"
                      "| eps | method | field | t | rel. l2 | wall time [s] | steps |\n|---|---|---|---|---|---|---|\n",
                      s.config_name, judged, reference);
    csv << "eps,method,field,t,rel_l2,wall_s,steps\n";
    for (const auto& r : rows)
      for (std::size_t k = 0; k < r.times.size(); ++k) {
        md << fmt::format("| {:g} | {} | {} | {:g} | {:.3e} | {:.1f} | {:g} |\n", r.eps, r.method, r.fields[k],
                          r.times[k], r.rel_l2[k], r.wall_s, r.steps);
        csv << fmt::format("{:g},{},{},{:.17g},{:.6e},{:.3f},{:g}\n", r.eps, r.method, r.fields[k], r.times[k],
                           r.rel_l2[k], r.wall_s, r.steps);
      }
  }
  // Error of each field at the final time against eps.
  std::vector<Curve> curves;
  for (const auto& r : rows)
    for (std::size_t k = 0; k < r.fields.size(); ++k) {
      const bool last_time = k + 1 == r.fields.size() || r.fields[k + 1] != r.fields[k];
      if (!last_time) continue;
      auto it = std::find_if(curves.begin(), curves.end(), [&](const Curve& c) { return c.label == r.fields[k]; });
      if (it == curves.end()) {
        curves.push_back({r.fields[k], {}, {}, true});
        it = curves.end() - 1;
      }
      it->x.push_back(r.eps);
      it->y.push_back(r.rel_l2[k]);
    }
  PlotSpec spec{"relative l2 error at the final time across regimes", "eps", "relative l2 error", true, true};
  try {  // the tables are written: a plot that cannot be drawn (e.g. every error 0) is no failure of the sweep
    plot_curves(curves, spec, (fs::path(s.out_dir) / "error_vs_eps.png").string());
  } catch (const RunError& e) {
    std::fprintf(stderr, "warning: sweep: no error_vs_eps.png: %s\n", e.what());
  }
  return rows;
}

}  // namespace kinetic::validation

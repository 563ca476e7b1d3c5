#include "coupling/operator_dataset_generation.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <random>
#include <thread>

#include "classical/solve.hpp"
#include "classical/uncertainty/sample_runs.hpp"
#include "core/error.hpp"
#include "core/interpolation.hpp"
#include "core/progress.hpp"
#include "core/quadrature.hpp"
#include "core/random_quadrature.hpp"

namespace kinetic::coupling {

DatasetOptions parse_dataset_options(const Problem& problem, const ConfigNode& section) {
  section.allow_only({"functions", "test", "seed", "grid", "workers", "keep_samples"});
  if (problem.equation != Equation::LinearTransport)
    section.fail_here(fmt::format("operator datasets are built for linear_transport (the problem is {})",
                                  to_string(problem.equation)));
  if (!problem.random.active())
    section.fail_here("needs a family of initial functions: problem.random and an initial f that uses z1 ... zd");
  if (problem.initial.macroscopic || !problem.initial.f.uses_random())
    section.fail_here("problem.initial.f must use the random inputs z1 ... zd (it is the family of initial functions)");
  DatasetOptions o;
  o.functions = section.get_int("functions", o.functions);
  if (o.functions < 2 || o.functions > 1000000)
    section.fail("functions", fmt::format("must be between 2 and 1000000 (got {})", o.functions));
  o.test = section.get_int("test", std::min(o.test, o.functions / 8));
  if (o.test < 1 || o.test >= o.functions)
    section.fail("test", fmt::format("must be between 1 and functions - 1 = {} (got {})", o.functions - 1, o.test));
  const long seed = section.get_int("seed", 1);
  if (seed < 0) section.fail("seed", "must be >= 0");
  o.seed = static_cast<unsigned long long>(seed);
  if (auto grid = section.optional_child("grid")) {
    grid->allow_only({"nx", "nv", "nt"});
    auto size = [&](const char* key, int fallback, int lo, int hi) {
      const long n = grid->get_int(key, fallback);
      if (n < lo || n > hi) grid->fail(key, fmt::format("must be between {} and {} (got {})", lo, hi, n));
      return static_cast<int>(n);
    };
    o.nx = size("nx", o.nx, 4, 4096);
    o.nv = size("nv", o.nv, 2, 1024);
    o.nt = size("nt", o.nt, 2, 10001);
    if (o.nv % 2) grid->fail("nv", fmt::format("must be even (symmetric velocity nodes; got {})", o.nv));
  }
  o.workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const long w = section.get_int("workers", o.workers);
  if (w < 1 || w > 256) section.fail("workers", fmt::format("must be between 1 and 256 (got {})", w));
  o.workers = static_cast<int>(w);
  o.keep_samples = section.get_bool("keep_samples", false);
  return o;
}

std::vector<std::vector<double>> dataset_draws(const RandomInputs& random, long count, unsigned long long seed) {
  std::mt19937_64 rng(seed);  // its sequence is fixed by the standard: the same draws everywhere
  auto unit = [&] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };  // in (0, 1)
  std::vector<std::vector<double>> z(count, std::vector<double>(random.dim));
  for (auto& zk : z)
    for (double& zi : zk) {
      const double u = unit();
      const double y = random.distribution == RandomInputs::Distribution::Uniform ? 2 * u - 1 : inverse_normal_cdf(u);
      zi = random.from_reference(y);
    }
  return z;
}

namespace {

std::string number_list(const std::vector<double>& values) {
  std::string s = "[";
  for (std::size_t i = 0; i < values.size(); ++i) s += fmt::format("{}{:.17g}", i ? ", " : "", values[i]);
  return s + "]";
}

}  // namespace

OperatorDataset generate_operator_dataset(const Problem& problem, const ConfigNode& classical_section,
                                          const DatasetOptions& o, const std::string& samples_dir) {
  const auto start = std::chrono::steady_clock::now();
  OperatorDataset d;
  d.functions = static_cast<std::size_t>(o.functions);
  d.train = static_cast<std::size_t>(o.functions - o.test);
  d.dim = static_cast<std::size_t>(problem.random.dim);
  const double L = problem.length();
  for (int i = 0; i < o.nx; ++i) d.x.push_back(problem.x_left + (i + 0.5) * L / o.nx);
  const Quadrature vq = velocity_quadrature(problem.velocity, o.nv);
  d.v = vq.nodes, d.v_weights = vq.weights;
  for (int k = 0; k < o.nt; ++k) d.t.push_back(problem.t_end * k / (o.nt - 1));

  // The solver writes rho at t_1 ... t_{nt-1} (the problem's output times replaced by the dataset's).
  const std::vector<double> later(d.t.begin() + 1, d.t.end());
  const ConfigNode definition = problem.definition->copy_with("output_times", {{"output_times", number_list(later)}});
  const Problem timed = Problem::from_config(definition);
  const auto draws = dataset_draws(problem.random, o.functions, o.seed);

  // Initial functions on the grid and their density at t = 0.
  const Quadrature fine = velocity_quadrature(problem.velocity, 64);
  d.f0.resize(d.functions * o.nx * o.nv);
  d.rho.assign(d.functions * o.nt * o.nx, 0.0);
  for (std::size_t k = 0; k < d.functions; ++k) {
    const double* z = draws[k].data();
    for (int i = 0; i < o.nx; ++i) {
      for (int j = 0; j < o.nv; ++j) {
        const double f = problem.initial.f.at_random(0.0, d.x[i], d.v[j], z);
        if (!(f >= 0.0) || !std::isfinite(f))
          throw InputError(fmt::format("problem.initial.f: the family gives f0 = {} at x = {}, v = {} for function {} "
                                       "(initial functions must be finite and non-negative)", f, d.x[i], d.v[j], k));
        d.f0[(k * o.nx + i) * o.nv + j] = f;
      }
      double rho0 = 0.0;
      for (int j = 0; j < fine.size(); ++j) rho0 += fine.weights[j] * problem.initial.f.at_random(0.0, d.x[i], fine.nodes[j], z);
      d.rho[(k * o.nt) * o.nx + i] = rho0;
    }
    d.z.insert(d.z.end(), draws[k].begin(), draws[k].end());
  }

  Progress progress(fmt::format("dataset ({} functions, {} workers)", o.functions, o.workers),
                    static_cast<double>(o.functions));
  const classical::SampleRuns runs{samples_dir, o.workers};
  const auto samples = classical::solve_samples(timed, classical_section, draws, runs, classical::solve, progress);
  progress.finish();
  for (std::size_t k = 0; k < d.functions; ++k) {
    const ResultData& s = samples[k];
    if (s.t.size() != later.size()) throw RunError(fmt::format("function {}: the solver wrote {} times, expected {}", k, s.t.size(), later.size()));
    for (std::size_t it = 0; it < later.size(); ++it) {
      if (std::abs(s.t[it] - later[it]) > 1e-9 * problem.t_end)
        throw RunError(fmt::format("function {}: output time {} instead of {}", k, s.t[it], later[it]));
      const auto row = interpolate(s.x, s.field_at("rho", it), d.x);
      std::copy(row.begin(), row.end(), d.rho.begin() + (k * o.nt + it + 1) * o.nx);
    }
  }
  d.text_attributes["problem"] = problem.definition->dump();
  d.text_attributes["classical"] = classical_section.dump();
  d.text_attributes["family"] = fmt::format("problem.initial.f = {} with {}, drawn by mt19937_64 from the seed",
                                            problem.initial.f.text(), problem.random.describe());
  d.number_attributes["seed"] = static_cast<double>(o.seed);
  d.number_attributes["eps"] = problem.eps;
  d.number_attributes["label_seconds"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return d;
}

}  // namespace kinetic::coupling

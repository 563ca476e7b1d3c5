#include "neural/training/network_training.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/error.hpp"
#include "core/machine.hpp"
#include "neural/method_registry.hpp"
#include "neural/training/gauss_newton.hpp"
#include "neural/training/model.hpp"
#include "neural/training/options.hpp"
#include "neural/training/reference.hpp"
#include "neural/training/trainer.hpp"

namespace kinetic::neural {

namespace {
// Every field the model writes (rho; BGK also momentum, energy) on the points x at time t.
std::map<std::string, std::vector<double>> model_fields(Model& model, double t, const std::vector<double>& x) {
  torch::NoGradGuard no_grad;
  auto xs = torch::tensor(x, torch::kFloat64).to(model.tensor_options());
  std::map<std::string, std::vector<double>> out;
  for (const auto& [name, values] : model.fields(torch::full_like(xs, t), xs)) {
    auto v = values.to(torch::kCPU, torch::kFloat64).contiguous();
    out[name] = std::vector<double>(v.data_ptr<double>(), v.data_ptr<double>() + v.numel());
  }
  return out;
}
}  // namespace

namespace {
NeuralOptions checked_options(const Problem& problem, const ConfigNode& section) {
  NeuralOptions options = parse_options(section, problem.equation);
  if (problem.random.active()) options.statistics = parse_statistics(section.optional_child("statistics"), problem.random);
  try {
    neural_method(options.method).accepts(problem, options);
  } catch (const InputError& e) {  // the models name the key ("neural.x: ..."); the file comes from here
    const std::string what = e.what();
    if (what.rfind(section.file() + ":", 0) == 0) throw;
    throw InputError(fmt::format("{}: {}", section.file(), what));
  }
  if (options.device == "cuda" && !torch::cuda::is_available())
    section.fail("device", "cuda requested but this LibTorch has no CUDA device");
  if (!options.windows.ends.empty()) {
    // The last window may reach past time.end: the solution up to t_end does not depend on later times, and
    // a trained field is least accurate at the end of its time interval (README, RT-APNN).
    const double last = options.windows.ends.back(), t_end = problem.t_end;
    if (last < t_end * (1 - 1e-12))
      section.child("windows").fail("ends", fmt::format("the last window must end at or after the problem's "
                                                        "time.end = {} (got {})", t_end, last));
  }
  if (options.wall_bias != 1.0 && problem.periodic())
    section.fail("wall_bias", "a periodic problem has no walls (remove the key or set it to 1)");
  const auto& so = options.optimizer.second_order;
  if (so.steps > 0 && so.solver == "dense") {  // J^T J must fit: count the parameters of the model as built
    const long count = parameter_count(make_model(problem, options)->parameters());
    if (count > kMaxDenseParameters)
      section.child("optimizer").child("second_order").fail(
          "solver", fmt::format("dense forms J^T J, {} x {} for these networks; at most {} parameters (use "
                                "solver: cg, or smaller networks)", count, count, kMaxDenseParameters));
  }
  return options;
}
}  // namespace

void check_network_model(const Problem& problem, const ConfigNode& section) {
  const NeuralOptions options = checked_options(problem, section);
  if (options.threads > hardware_threads())
    std::fprintf(stderr, "warning: %s: neural.threads = %d is more than this machine's %d hardware threads: "
                 "oversubscribed training runs slower\n", section.file().c_str(), options.threads, hardware_threads());
}

void train_network_model(const Problem& problem, const ConfigNode& section, ResultWriter& writer,
                         const TrainContext& context) {
  const auto start = std::chrono::steady_clock::now();
  const NeuralOptions options = checked_options(problem, section);
  torch::set_num_threads(context.threads > 0 ? context.threads : options.threads);
  keep_freed_memory();
  torch::manual_seed(static_cast<uint64_t>(options.seed));  // network initialisation
  auto model = make_model(problem, options);
  Trainer trainer(model, problem, options, context.run_dir, DensityReference::make(problem, context.reference_path));
  trainer.run(context.resume);

  auto& data = writer.data();
  data.method = options.method;
  data.x = trainer.eval_grid();
  data.number_attributes["train_steps"] = static_cast<double>(trainer.step());
  data.number_attributes["train_seconds"] = trainer.elapsed();
  data.number_attributes["rollbacks"] = trainer.rollbacks();
  data.number_attributes["final_loss"] = trainer.last_loss();
  const auto errs = trainer.errors();
  if (!errs.empty()) data.number_attributes["train_reference_rel_l2"] = errs.back();
  std::string others;
  for (const auto& [name, field_errs] : trainer.other_field_errors())
    if (!field_errs.empty()) {
      data.number_attributes["train_reference_rel_l2_" + name] = field_errs.back();
      others += fmt::format(", {} {:.4e}", name, field_errs.back());
    }
  data.number_attributes["wall_seconds"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  data.series = model->result_series(data.x);
  for (double t : problem.output_times) writer.snapshot(t, model_fields(*model, t, data.x));
  if (!errs.empty())
    std::fprintf(stderr, "%s: relative l2 of %s at t = %g: %.4e%s\n", options.method.c_str(),
                 trainer.density_field().c_str(), problem.output_times.back(), errs.back(), others.c_str());
}

}  // namespace kinetic::neural

// The trainer's time windows (options.windows): the schedule per window and the hand-over between windows.
#include <fmt/format.h>

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include "core/error.hpp"
#include "core/progress.hpp"
#include "neural/training/trainer.hpp"

namespace kinetic::neural {

namespace {
// Random supervision points handed from one time window to the next: a stream seeded with the run's seed
// plus this offset plus the window (and fresh networks of a window: the same seed).
constexpr std::uint64_t kWindowSeedOffset = 31;
// Floor of the elapsed time in a rate (steps/s), so that the first progress line does not divide by zero.
constexpr double kMinElapsed = 1e-9;
}  // namespace

double Trainer::window_end(int window) const {
  return options_.windows.ends.empty() ? problem_.t_end : options_.windows.ends.at(window);
}

// The whole schedule on [0, window_end(window_)]: Adam, L-BFGS, Gauss-Newton.
void Trainer::run_window(int windows) {
  const std::string ckpt = checkpoint_path();
  const std::string label =
      windows > 1 ? fmt::format("train {} window {}/{} (t <= {:g})", options_.method, window_ + 1, windows,
                                window_end(window_))
                  : "train " + options_.method;
  const long first = step_;
  Progress progress(label, static_cast<double>(options_.steps), 5.0, static_cast<double>(first));
  auto mark = std::chrono::steady_clock::now();
  while (step_ < options_.steps) {
    if (step_budget_ >= 0 && steps_taken_ >= step_budget_) {  // as if killed right after a checkpoint
      if (!ckpt.empty()) save_checkpoint(ckpt);
      stopped_ = true;
      progress.finish(status() + " (step budget reached)");
      return;
    }
    const bool ok = adam_step();
    const auto now = std::chrono::steady_clock::now();
    elapsed_ += std::chrono::duration<double>(now - mark).count();
    mark = now;
    if (!ok) {
      rollback();
      continue;
    }
    ++steps_taken_;
    log_line(step_ == first + 1);
    if (options_.checkpoint_every > 0 && step_ % options_.checkpoint_every == 0 && !ckpt.empty())
      save_checkpoint(ckpt);
    const double rate = (step_ - first) / std::max(kMinElapsed, progress.elapsed());
    progress.update(static_cast<double>(step_), status() + fmt::format(" {:.2f} steps/s", rate));
    mark = std::chrono::steady_clock::now();  // evaluation and checkpoint time is not training time
  }
  lbfgs_phase();
  second_order_phase();
  log_line(true);
  if (!ckpt.empty()) save_checkpoint(ckpt);
  progress.finish(status());
}

// From window k to k+1: supervision points in [0, T_k] x [xL, xR] (random, from a generator seeded with the
// run's seed and the window, or on a grid excluding t = 0, where the initial data hold anyway) take the
// trained model's fields as fixed data; the networks continue or start afresh; the optimiser state, the
// step count and the phase states start anew.
void Trainer::hand_over_window() {
  const auto& w = options_.windows;
  const double T = window_end(window_);
  const auto& o = model_->tensor_options();
  torch::Tensor t, x;
  if (w.placement == "grid") {
    const long nt = std::max<long>(1, std::lround(std::sqrt(static_cast<double>(w.points))));
    const long nx = (w.points + nt - 1) / nt;
    auto ts = torch::arange(1, nt + 1, torch::kFloat64) * (T / nt);
    auto xs = problem_.x_left + (torch::arange(0, nx, torch::kFloat64) + 0.5) * (problem_.length() / nx);
    auto grid = torch::meshgrid({ts, xs}, "ij");
    t = grid[0].reshape(-1).to(o), x = grid[1].reshape(-1).to(o);
  } else {
    auto generator = at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(options_.seed) +
                                                              kWindowSeedOffset + static_cast<uint64_t>(window_));
    t = (torch::rand({w.points}, generator, torch::kFloat64) * T).to(o);
    x = (problem_.x_left + torch::rand({w.points}, generator, torch::kFloat64) * problem_.length()).to(o);
  }
  sup_fields_.clear();
  sup_values_.clear();
  {
    torch::NoGradGuard no_grad;
    for (const auto& [name, values] : model_->fields(t, x)) {
      sup_fields_.push_back(name);
      sup_values_.push_back(values.detach().clone());
    }
  }
  sup_t_ = t, sup_x_ = x;
  ++window_;
  if (w.fresh_networks) {  // new networks, initialised as make_model does with a window-dependent seed
    torch::manual_seed(static_cast<uint64_t>(options_.seed) + kWindowSeedOffset + static_cast<uint64_t>(window_));
    auto fresh = make_model(problem_, options_);
    torch::NoGradGuard no_grad;
    auto mine = model_->named_parameters();
    for (const auto& p : fresh->named_parameters()) mine[p.key()].copy_(p.value());
  }
  // The new interval fills the networks' time input: continued networks keep their function (the input
  // layer absorbs the rescaling), fresh ones are as if built for it.
  model_->set_network_time_range(window_end(window_), !w.fresh_networks);
  model_->set_horizon(window_end(window_));
  adam_ = std::make_unique<torch::optim::Adam>(model_->parameters(), torch::optim::AdamOptions(options_.optimizer.lr));
  lbfgs_.reset();
  gn_active_ = false;
  mcmc_t_ = mcmc_x_ = torch::Tensor();
  step_ = 0;
  lr_scale_ = 1.0;
}

}  // namespace kinetic::neural

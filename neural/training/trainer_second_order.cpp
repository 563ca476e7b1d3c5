// The trainer's Gauss-Newton / Levenberg-Marquardt phase (options.optimizer.second_order; gauss_newton.hpp).
#include <fmt/format.h>

#include <ATen/CPUGeneratorImpl.h>

#include <chrono>
#include <cmath>

#include "neural/nets/jet_tanh.hpp"
#include "neural/training/gauss_newton.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "neural/training/trainer.hpp"

namespace kinetic::neural {

namespace {
// The Gauss-Newton phase's random probes (cg scaling) come from a generator seeded with the run's seed plus
// this offset plus the step: reproducible, and independent of where a run was resumed.
constexpr std::uint64_t kSecondOrderSeedOffset = 29;
}  // namespace

torch::Tensor Trainer::weighted_residual() {
  model_->set_pass(0, 1);
  auto terms = model_->residual_terms(mode_);
  const bool supervised = has_data_term_;
  const std::size_t named = term_names_.size() - (supervised ? 1 : 0);
  if (terms.size() != named)
    throw RunError(fmt::format("model {} returned {} residual terms for the {} registered names ({})",
                               options_.method, terms.size(), named, fmt::join(term_names_, ", ")));
  if (supervised) terms.push_back(weights_.back() != 0 && sup_t_.defined() ? supervised_residual() : no_residual());
  const auto& topt = model_->tensor_options();
  std::vector<torch::Tensor> parts;
  last_terms_.assign(terms.size(), 0.0);
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (weights_[i] == 0 || terms[i].pieces.empty()) continue;
    auto r = terms[i].residual(topt);
    last_terms_[i] = r.detach().to(torch::kFloat64).pow(2).sum().item<double>();
    parts.push_back(std::sqrt(weights_[i]) * r);
  }
  last_loss_ = 0;
  for (std::size_t i = 0; i < terms.size(); ++i) last_loss_ += weights_[i] * last_terms_[i];
  return parts.empty() ? torch::zeros({0}, topt) : torch::cat(parts);
}

// Damped Gauss-Newton steps on a batch drawn afresh every resample_every steps (or once): see
// gauss_newton.hpp. Every step is checkpointed (a step costs far more than writing the networks), with the
// damping, the cg scaling and the sampler state of the batch, so a resumed phase continues bit-identically.
void Trainer::second_order_phase() {
  const auto& so = options_.optimizer.second_order;
  const long offset = options_.steps + options_.optimizer.lbfgs_steps;
  const long done_before = std::max<long>(0, step_ - offset);
  if (so.steps <= 0 || done_before >= so.steps) return;
  const auto params = model_->parameters();  // the dense solver's size is checked with the options
  if (!gn_active_) {  // a fresh phase; a resumed one has its state from the checkpoint
    if (!checkpoint_path().empty()) save_checkpoint(checkpoint_path());  // the fallback before the phase
    gn_active_ = true;
    gn_lambda_ = so.damping;
    gn_scale_ = 0;
    gn_batch_state_ = sampler_.state();
  }
  LevenbergMarquardtOptions lm;
  lm.solver = so.solver;
  lm.damping = so.damping;
  lm.cg_iterations = so.cg_iterations;
  lm.cg_tolerance = so.cg_tolerance;
  TwiceDifferentiableJets twice;  // J v products differentiate the gradient again
  fixed_batch_ = true;            // the supervised term, if any, on fixed rows as well
  sampler_.set_state(gn_batch_state_);
  model_->resample(sampler_, so.batch_factor);
  Progress progress("Gauss-Newton " + options_.method, static_cast<double>(so.steps), 2.0, static_cast<double>(done_before));
  for (long done = done_before; done < so.steps;) {
    // A resumed phase has just redrawn the batch of its last step, leaving the sampler where an uninterrupted
    // run's is: the rule below then holds for both.
    if (so.resample_every > 0 && done > 0 && done % so.resample_every == 0) {
      gn_batch_state_ = sampler_.state();
      model_->resample(sampler_, so.batch_factor);
      gn_scale_ = 0;
    }
    auto probe = at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(options_.seed) +
                                                          kSecondOrderSeedOffset + static_cast<uint64_t>(done));
    const auto start = std::chrono::steady_clock::now();
    std::vector<double> terms_before;
    double loss_before = 0;
    int calls = 0;
    auto residual = [&] {
      auto r = weighted_residual();
      if (calls++ == 0) terms_before = last_terms_, loss_before = last_loss_;
      return r;
    };
    const LevenbergMarquardtStep report =
        levenberg_marquardt_step(residual, params, lm, gn_lambda_, gn_scale_, probe);
    elapsed_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!std::isfinite(report.loss_before))
      throw RunError(fmt::format("Gauss-Newton: non-finite loss at step {} before any step was tried", step_));
    if (!report.accepted) last_terms_ = terms_before, last_loss_ = loss_before;
    ++done;
    ++step_;
    gn_status_ = fmt::format(" GN lambda {:.1e} {} after {} trial(s), ratio {:.2f}{}", report.lambda,
                             report.accepted ? "accepted" : "rejected", report.trials, report.ratio,
                             so.solver == "cg" ? fmt::format(" cg {}", report.cg_iterations) : "");
    log_line(true);
    if (!checkpoint_path().empty()) save_checkpoint(checkpoint_path());
    progress.update(static_cast<double>(done), status());
  }
  fixed_batch_ = false;
  progress.finish(status());
}

}  // namespace kinetic::neural

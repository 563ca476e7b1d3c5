// The trainer's checkpoints (model, optimiser and phase states, sampler and RNG states, time-window data,
// adapted points) with exact resume, and the rollback to the last checkpoint on a non-finite loss.
#include <fmt/format.h>

#include <ATen/CPUGeneratorImpl.h>

#include <filesystem>
#include <sstream>

#include "core/error.hpp"
#include "neural/training/trainer.hpp"
#include "neural/training/archive_io.hpp"

namespace kinetic::neural {

namespace fs = std::filesystem;

namespace {
// A run whose loss stays non-finite after this many rollbacks (each halving the rate) is given up: the rate
// is then 2^-10 of the configured one, and the cause is not the step size.
constexpr int kMaxRollbacks = 10;
constexpr double kRollbackRateFactor = 0.5;
}  // namespace

void Trainer::save_checkpoint(const std::string& path) {
  torch::serialize::OutputArchive ar, m, o;
  model_->save(m);
  adam_->save(o);
  ar.write("model", m);
  ar.write("optimizer", o);
  ar.write("step", torch::tensor(static_cast<int64_t>(step_)));
  ar.write("lr_scale", torch::tensor(lr_scale_, torch::kFloat64));
  ar.write("rollbacks", torch::tensor(static_cast<int64_t>(rollbacks_)));
  ar.write("elapsed", torch::tensor(elapsed_, torch::kFloat64));
  ar.write("sampler", c10::IValue(sampler_.state()));
  ar.write("config", c10::IValue(options_.config_text));
  ar.write("torch_rng", at::detail::getDefaultCPUGenerator().get_state());
  ar.write("window", torch::tensor(static_cast<int64_t>(window_)));
  if (window_ > 0) {  // the supervision points handed on from the previous window
    ar.write("window_t", sup_t_);
    ar.write("window_x", sup_x_);
    ar.write("window_values", torch::stack(sup_values_));
    ar.write("window_fields", c10::IValue(fmt::format("{}", fmt::join(sup_fields_, ","))));
  }
  if (mcmc_t_.defined()) {  // the adapted interior points in use
    ar.write("mcmc_t", mcmc_t_);
    ar.write("mcmc_x", mcmc_x_);
    ar.write("mcmc_acceptance", torch::tensor(mcmc_acceptance_, torch::kFloat64));
  }
  if (gn_active_) {  // inside the Gauss-Newton phase: damping, scaling and the state its batch was drawn from
    ar.write("gn_lambda", torch::tensor(gn_lambda_, torch::kFloat64));
    ar.write("gn_scale", torch::tensor(gn_scale_, torch::kFloat64));
    ar.write("gn_batch", c10::IValue(gn_batch_state_));
  }
  if (lbfgs_) {  // inside the L-BFGS phase: its history and the sampler state of its fixed batch
    // `al` is per-iteration scratch that LibTorch 1.13 allocates with undefined tensors, which its pickler
    // cannot write; step() re-creates it when absent.
    for (auto& entry : lbfgs_->state())
      static_cast<torch::optim::LBFGSParamState&>(*entry.second).al(c10::nullopt);
    torch::serialize::OutputArchive l;
    lbfgs_->save(l);
    ar.write("lbfgs", l);
    ar.write("lbfgs_sampler", c10::IValue(lbfgs_sampler_state_));
  }
  save_archive(ar, path);
}

void Trainer::load_checkpoint(const std::string& path) {
  torch::serialize::InputArchive ar, m, o;
  load_archive(ar, path, "checkpoint");
  ar.read("model", m);
  model_->load(m);
  ar.read("optimizer", o);
  adam_->load(o);
  auto scalar = [&ar](const char* key) { return read_tensor(ar, key); };
  step_ = scalar("step").item<int64_t>();
  lr_scale_ = scalar("lr_scale").item<double>();
  rollbacks_ = static_cast<int>(scalar("rollbacks").item<int64_t>());
  elapsed_ = scalar("elapsed").item<double>();
  c10::IValue s;
  ar.read("sampler", s);
  sampler_.set_state(s.toStringRef());
  ar.read("config", s);
  if (s.toStringRef() != options_.config_text)
    std::fprintf(stderr, "warning: %s was written with a different neural config; continuing with the current one\n",
                 path.c_str());
  at::Generator generator = at::detail::getDefaultCPUGenerator();  // a handle to the global generator
  generator.set_state(scalar("torch_rng"));
  {
    torch::Tensor w;
    window_ = ar.try_read("window", w) ? static_cast<int>(w.item<int64_t>()) : 0;
    if (window_ > 0) {
      torch::Tensor t, x, values;
      ar.read("window_t", t);
      ar.read("window_x", x);
      ar.read("window_values", values);
      sup_t_ = t.to(model_->tensor_options()), sup_x_ = x.to(model_->tensor_options());
      sup_values_ = values.to(model_->tensor_options()).unbind(0);
      ar.read("window_fields", s);
      sup_fields_.clear();
      std::stringstream names(s.toStringRef());
      for (std::string name; std::getline(names, name, ',');) sup_fields_.push_back(name);
    }
    model_->set_horizon(window_end(window_));
  }
  mcmc_t_ = mcmc_x_ = torch::Tensor();
  {
    torch::Tensor t, x;
    if (ar.try_read("mcmc_t", t)) {
      ar.read("mcmc_x", x);
      mcmc_t_ = t.to(model_->tensor_options()), mcmc_x_ = x.to(model_->tensor_options());
      mcmc_acceptance_ = scalar("mcmc_acceptance").item<double>();
    }
  }
  gn_active_ = false;
  {
    torch::Tensor lambda;
    if (ar.try_read("gn_lambda", lambda)) {
      gn_active_ = true;
      gn_lambda_ = lambda.item<double>();
      gn_scale_ = scalar("gn_scale").item<double>();
      ar.read("gn_batch", s);
      gn_batch_state_ = s.toStringRef();
    }
  }
  torch::serialize::InputArchive l;
  lbfgs_.reset();
  if (ar.try_read("lbfgs", l)) {
    lbfgs_ = make_lbfgs();
    lbfgs_->load(l);
    ar.read("lbfgs_sampler", s);
    lbfgs_sampler_state_ = s.toStringRef();
  }
}

bool Trainer::rollback() {
  const std::string path = checkpoint_path();
  if (path.empty() || !fs::exists(path))
    throw RunError(fmt::format("non-finite loss or gradient at step {} and no checkpoint to roll back to", step_));
  const int count = rollbacks_ + 1;
  const double elapsed = elapsed_;
  if (count > kMaxRollbacks)
    throw RunError(fmt::format("non-finite loss or gradient: gave up after {} rollbacks", count - 1));
  load_checkpoint(path);
  rollbacks_ = count;
  elapsed_ = elapsed;
  lr_scale_ *= kRollbackRateFactor;
  std::fprintf(stderr, "warning: non-finite loss or gradient; rolled back to step %ld with learning rate x%g\n",
               step_, lr_scale_);
  return true;
}

}  // namespace kinetic::neural

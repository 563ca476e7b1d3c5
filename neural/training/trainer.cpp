#include "neural/training/trainer.hpp"

#include <fmt/format.h>
#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/supervision_file.hpp"

#include <ATen/CPUGeneratorImpl.h>

namespace kinetic::neural {

namespace fs = std::filesystem;

namespace {
// The L-BFGS phase draws its fixed supervision batch from a generator seeded with the run's seed plus this
// offset: a stream apart from the networks' initialisation (seed) and the sampler's.
constexpr std::uint64_t kFixedBatchSeedOffset = 17;

// Process CPU time (user + system, all threads): on a shared machine a fairer cost measure than wall time.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + 1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}
}  // namespace

void keep_freed_memory() {
  // No mmap for large blocks and no trimming: freed activations are reused instead of being returned to the
  // kernel and page-faulted again at the next step.
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());
}

Trainer::Trainer(std::shared_ptr<Model> model, const Problem& problem, const NeuralOptions& options,
                 std::string run_dir, DensityReference reference)
    : model_(std::move(model)), problem_(problem), options_(options), run_dir_(std::move(run_dir)),
      reference_(std::move(reference)), sampler_(options.sampler, static_cast<std::uint64_t>(options.seed)),
      term_names_(loss_term_names(options.method)),
      mode_(options.derivatives == "autograd" ? Derivatives::Autograd : Derivatives::Tangent) {
  for (const auto& name : term_names_) weights_.push_back(options.weights.at(name));
  if (!options.supervision.file.empty()) {
    const SupervisionSet data = read_supervision(options.supervision.file);
    if (data.size() == 0) throw InputError(options.supervision.file + ": supervision data without macro points");
    auto column = [&](const std::vector<double>& v) {
      return torch::tensor(v, torch::kFloat64).to(model_->tensor_options());
    };
    sup_t_ = column(data.t);
    sup_x_ = column(data.x);
    std::vector<std::string> model_fields;
    {
      torch::NoGradGuard no_grad;
      const auto one = torch::full({1}, problem.x_left, model_->tensor_options());
      for (const auto& [name, unused] : model_->fields(torch::zeros_like(one), one)) model_fields.push_back(name);
    }
    sup_fields_ = options.supervision.fields;
    for (const auto& name : options.supervision.fields) {
      if (!data.values.count(name))
        throw InputError(fmt::format("neural.supervision.fields: {} holds no '{}' values", options.supervision.file, name));
      if (std::find(model_fields.begin(), model_fields.end(), name) == model_fields.end())
        throw InputError(fmt::format("neural.supervision.fields: method {} has no field '{}' (it has: {})",
                                     options.method, name, fmt::join(model_fields, ", ")));
      sup_values_.push_back(column(data.values.at(name)));
    }
    if (!data.f.empty()) model_->set_kinetic_data(column(data.ft), column(data.fx), column(data.fv), column(data.f));
    kinetic_supervision_ = !data.f.empty();
    term_names_.push_back("supervised");
    weights_.push_back(options.supervision.weight);
    has_data_term_ = true;
  }
  if (options.windows.ends.size() > 1) {  // the previous window's fields, handed on from the second window
    term_names_.push_back("supervised");
    weights_.push_back(options.windows.weight);
    has_data_term_ = true;
  }
  adam_ = std::make_unique<torch::optim::Adam>(model_->parameters(), torch::optim::AdamOptions(options.optimizer.lr));
  if (reference_.available()) {  // the model's fields besides rho that the reference also holds
    torch::NoGradGuard no_grad;
    const auto one = torch::full({1}, problem.x_left, model_->tensor_options());
    for (const auto& [name, unused] : model_->fields(torch::zeros_like(one), one))
      if (name != density_field() && reference_.has_field(name)) other_fields_.push_back(name);
  }
  if (!run_dir_.empty()) fs::create_directories(run_dir_);
}

std::string Trainer::checkpoint_path() const { return run_dir_.empty() ? "" : run_dir_ + "/checkpoint.pt"; }

// lr(step) = lr0 * scale * warmup(s) * schedule(s), s = steps since the phase began (pre-training, then the
// physics loss: both phases run the whole schedule, so a warm-started run's physics phase sees the same rates
// as a cold run; give it options.steps = pretrain_steps + the cold run's steps).
//   step:        decay^floor(s / decay_every)     exponential: decay^(s / decay_every)
//   cosine:      lr_min/lr0 + (1 - lr_min/lr0) (1 + cos(pi s / phase steps)) / 2
// The warm-up restarts with the physics phase: the fresh Adam moves every parameter by ~lr at its first
// steps, which would throw away what pre-training fitted.
double Trainer::lr_at(long step) const {
  const auto& p = options_.optimizer;
  const long pretrain = sup_t_.defined() ? options_.supervision.pretrain_steps : 0;
  const bool physics = step >= pretrain;
  const long s = physics ? step - pretrain : step;
  const long phase_steps = physics ? options_.steps - pretrain : pretrain;
  double f = 1.0;
  if (p.schedule == "step") f = std::pow(p.decay, std::floor(static_cast<double>(s) / p.decay_every));
  if (p.schedule == "exponential") f = std::pow(p.decay, static_cast<double>(s) / p.decay_every);
  if (p.schedule == "cosine") {
    const double r = p.lr_min / p.lr;
    const double u = std::min(1.0, static_cast<double>(s) / std::max<long>(1, phase_steps));
    f = r + (1 - r) * 0.5 * (1 + std::cos(M_PI * u));
  }
  if (p.warmup > 0 && s < p.warmup) f *= static_cast<double>(s + 1) / p.warmup;
  const double lr0 = window_ > 0 ? options_.windows.lr : p.lr;  // windows 2.. may start lower
  return lr0 * lr_scale_ * f;
}

// Relative mean-square misfit of each supervised field (default: the density) on a random batch of the supervision points, plus the model's
// kinetic misfit when the data hold f. Adam steps draw the batch from torch's global RNG (checkpoints resume
// it exactly); the L-BFGS phase needs a deterministic loss and uses the same batch at every evaluation, drawn
// from a generator with a fixed seed (all points would make each evaluation costlier than the physics terms).
torch::Tensor Trainer::supervised_term() { return supervised_residual().value(model_->tensor_options()); }

ResidualTerm Trainer::supervised_residual() {
  const long batch = options_.supervision.batch;
  c10::optional<at::Generator> generator;
  if (fixed_batch_)
    generator = at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(options_.seed) + kFixedBatchSeedOffset);
  const auto idx = random_rows(sup_t_.size(0), batch, sup_t_.device(), generator);
  const auto t = sup_t_.index_select(0, idx), x = sup_x_.index_select(0, idx);
  const auto& names = sup_fields_;
  ResidualTerm term;
  if (names.size() == 1 && names[0] == "rho") {
    term = relative_misfit_term(model_->density(t, x), sup_values_[0].index_select(0, idx));
  } else {  // one evaluation of the model's fields for all of them
    const auto fields = model_->fields(t, x);
    for (std::size_t i = 0; i < names.size(); ++i)
      for (const auto& [name, value] : fields)
        if (name == names[i]) term = term + relative_misfit_term(value, sup_values_[i].index_select(0, idx));
  }
  if (kinetic_supervision_) term = term + model_->kinetic_misfit_term(batch, generator);
  return term;
}

int Trainer::passes() const {
  const long rows = model_->interior_rows();
  if (options_.pass_rows <= 0 || rows <= options_.pass_rows) return 1;
  return static_cast<int>((rows + options_.pass_rows - 1) / options_.pass_rows);
}

double Trainer::loss_and_gradient(Derivatives mode) {
  const bool supervised = has_data_term_;
  const bool pretraining = supervised && step_ < options_.supervision.pretrain_steps;
  // Pre-training steps see the data term alone; the physics terms are not even evaluated.
  const int count = pretraining ? 1 : passes();
  std::vector<double> sums;
  double total = 0;
  for (int pass = 0; pass < count; ++pass) {
    std::vector<torch::Tensor> terms;
    if (pretraining) {
      for (std::size_t i = 0; i + 1 < term_names_.size(); ++i) terms.push_back(torch::zeros({}, model_->tensor_options()));
    } else {
      model_->set_pass(pass, count);
      terms = model_->loss_terms(mode);
      const std::size_t named = term_names_.size() - (supervised ? 1 : 0);
      if (terms.size() != named)  // the weights are matched to the registered names: the counts must agree
        throw RunError(fmt::format("model {} returned {} loss terms for the {} registered names ({})",
                                   options_.method, terms.size(), named, fmt::join(term_names_, ", ")));
    }
    // The data term once pre-training is over: evaluated only when it is weighted (weight 0 = pre-training only).
    const bool data_term = supervised && sup_t_.defined() && pass == 0 && (pretraining || weights_.back() != 0);
    if (supervised) terms.push_back(data_term ? supervised_term() : torch::zeros({}, model_->tensor_options()));
    auto loss = torch::zeros({}, model_->tensor_options());
    for (std::size_t i = 0; i < terms.size(); ++i) {
      const double w = pretraining ? (i + 1 == terms.size() ? 1.0 : 0.0) : weights_[i];
      if (w != 0) loss = loss + w * terms[i];
    }
    sums.resize(terms.size(), 0.0);
    for (std::size_t i = 0; i < terms.size(); ++i) sums[i] += terms[i].item<double>();
    const double value = loss.item<double>();
    total += value;
    if (!std::isfinite(value)) break;  // the caller rolls back; no point in more passes
    loss.backward();
  }
  model_->set_pass(0, 1);
  last_terms_ = sums;
  last_loss_ = total;
  return total;
}

bool Trainer::adam_step() {
  // End of pre-training: Adam's moments describe the data fit only (the r, j, ... networks had no gradient),
  // and carried over they make the first physics steps huge. Start the physics phase with a fresh Adam.
  if (sup_t_.defined() && options_.supervision.pretrain_steps > 0 && step_ == options_.supervision.pretrain_steps)
    adam_ = std::make_unique<torch::optim::Adam>(model_->parameters(), torch::optim::AdamOptions(lr_at(step_)));
  model_->resample(sampler_, 1);
  if (options_.mcmc.steps > 0) {
    if (step_ % options_.mcmc.every == 0 || !mcmc_t_.defined()) adapt_interior_points();
    mix_adapted_points();
  }
  adam_->zero_grad();
  if (!std::isfinite(loss_and_gradient(mode_))) return false;
  // The global gradient norm doubles as the NaN/Inf detector; clipping only if asked.
  const double max_norm = options_.optimizer.clip > 0 ? options_.optimizer.clip : std::numeric_limits<double>::infinity();
  const double norm = torch::nn::utils::clip_grad_norm_(model_->parameters(), max_norm);
  if (!std::isfinite(norm)) return false;
  const double lr = lr_at(step_);
  for (auto& group : adam_->param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
  adam_->step();
  ++step_;
  return true;
}

std::vector<double> Trainer::eval_grid() const {
  std::vector<double> x(options_.eval_nx);
  for (int i = 0; i < options_.eval_nx; ++i)
    x[i] = problem_.x_left + problem_.length() * i / (options_.eval_nx - 1);
  return x;
}

std::vector<double> Trainer::density(double t, const std::vector<double>& x) {
  torch::NoGradGuard no_grad;
  const auto& o = model_->tensor_options();
  auto xs = torch::tensor(x, torch::kFloat64).to(o);
  auto rho = model_->density(torch::full_like(xs, t), xs).to(torch::kCPU, torch::kFloat64).contiguous();
  return std::vector<double>(rho.data_ptr<double>(), rho.data_ptr<double>() + rho.numel());
}

std::vector<double> Trainer::errors() {
  std::vector<double> errs;
  if (!reference_.available()) return errs;
  const auto x = eval_grid();
  for (double t : problem_.output_times) {
    const auto ref = reference_.at(t, x, density_field());
    errs.push_back(ref.empty() ? std::nan("") : relative_l2(density(t, x), ref));
  }
  return errs;
}

// The model's other fields (BGK: momentum, energy) at the output times, against the reference where it holds
// them; per field, one error per output time.
std::vector<std::pair<std::string, std::vector<double>>> Trainer::other_field_errors() {
  std::vector<std::pair<std::string, std::vector<double>>> out;
  if (other_fields_.empty()) return out;
  torch::NoGradGuard no_grad;
  const auto x = eval_grid();
  const auto xs = torch::tensor(x, torch::kFloat64).to(model_->tensor_options());
  for (const auto& name : other_fields_) out.push_back({name, {}});
  for (double t : problem_.output_times) {
    const auto fields = model_->fields(torch::full_like(xs, t), xs);
    for (auto& [name, errs] : out) {
      const auto ref = reference_.at(t, x, name);
      auto it = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.first == name; });
      auto values = it->second.to(torch::kCPU, torch::kFloat64).contiguous();
      const std::vector<double> mine(values.data_ptr<double>(), values.data_ptr<double>() + values.numel());
      errs.push_back(ref.empty() ? std::nan("") : relative_l2(mine, ref));
    }
  }
  return out;
}

std::string Trainer::status() const {
  std::string s = fmt::format("step {} loss {:.3e} [", step_, last_loss_);
  for (std::size_t i = 0; i < term_names_.size(); ++i)
    if (weights_[i] != 0) s += fmt::format("{} {:.2e} ", term_names_[i], last_terms_.empty() ? 0.0 : last_terms_[i]);
  if (!s.empty() && s.back() == ' ') s.pop_back();
  s += "]";
  if (!last_errors_.empty())
    s += fmt::format(" err{}(t={:g}) {:.3e}", density_field() == "rho" ? "" : " " + density_field(),
                     problem_.output_times.back(), last_errors_.back());
  for (const auto& [name, errs] : last_other_errors_)
    if (!errs.empty()) s += fmt::format(" {} {:.3e}", name, errs.back());
  if (gn_active_) return s + gn_status_;
  if (options_.mcmc.steps > 0) s += fmt::format(" mcmc acceptance {:.2f}", mcmc_acceptance_);
  s += fmt::format(" lr {:.2e}", lr_at(step_));
  return s;
}

void Trainer::log_line(bool force) {
  if (!force && step_ % options_.log_every != 0) return;
  last_errors_ = errors();
  last_other_errors_ = other_field_errors();
  if (!last_errors_.empty()) error_history_.emplace_back(elapsed_, last_errors_.back());
  if (!log_.is_open()) return;
  std::string line =
      fmt::format("{},{:.3f},{:.3f},{:.6e},{:.6e}", step_, elapsed_, cpu_seconds(), lr_at(step_), last_loss_);
  for (double v : last_terms_) line += fmt::format(",{:.6e}", v);
  for (double e : last_errors_) line += fmt::format(",{:.6e}", e);
  for (const auto& [name, errs] : last_other_errors_)
    for (double e : errs) line += fmt::format(",{:.6e}", e);
  if (!options_.windows.ends.empty()) line += fmt::format(",{}", window_ + 1);
  log_ << line << '\n';
  log_.flush();
}

std::unique_ptr<torch::optim::LBFGS> Trainer::make_lbfgs() const {
  const auto& p = options_.optimizer;
  return std::make_unique<torch::optim::LBFGS>(model_->parameters(), torch::optim::LBFGSOptions(p.lbfgs_lr)
                                                                       .max_iter(kLbfgsChunk)
                                                                       .history_size(p.lbfgs_history)
                                                                       .line_search_fn("strong_wolfe"));
}

// L-BFGS on one fixed batch (it needs a deterministic loss), in chunks of kLbfgsChunk iterations with a
// checkpoint after each: the checkpoint holds the L-BFGS history and the sampler state the batch was drawn
// from, so a resumed run redraws the same batch and continues exactly where the chunk ended. With
// lbfgs_resample_every, every so many iterations a fresh batch is drawn (the sampler's stream continues) and
// the history starts anew (it describes the old batch's loss): a fixed batch in many input dimensions (random
// inputs) is fitted rather than the equation.
void Trainer::lbfgs_phase() {
  const auto& p = options_.optimizer;
  const long done_before = std::max<long>(0, step_ - options_.steps);
  if (p.lbfgs_steps <= 0 || done_before >= p.lbfgs_steps) return;
  if (!lbfgs_) {  // a fresh phase; a resumed one has its history and batch state from the checkpoint
    if (!checkpoint_path().empty()) save_checkpoint(checkpoint_path());  // the fallback before L-BFGS
    lbfgs_sampler_state_ = sampler_.state();
    lbfgs_ = make_lbfgs();
  }
  sampler_.set_state(lbfgs_sampler_state_);
  model_->resample(sampler_, p.lbfgs_batch_factor);
  fixed_batch_ = true;
  Progress progress("L-BFGS " + options_.method, static_cast<double>(p.lbfgs_steps), 2.0, static_cast<double>(done_before));
  for (long done = done_before; done < p.lbfgs_steps;) {
    if (p.lbfgs_resample_every > 0 && done > 0 && done % p.lbfgs_resample_every == 0) {
      lbfgs_sampler_state_ = sampler_.state();  // a resumed run redrew the last batch from its state above
      model_->resample(sampler_, p.lbfgs_batch_factor);
      lbfgs_ = make_lbfgs();
    }
    const long chunk = std::min(kLbfgsChunk, p.lbfgs_steps - done);
    static_cast<torch::optim::LBFGSOptions&>(lbfgs_->param_groups()[0].options()).max_iter(chunk);
    std::vector<torch::Tensor> before;  // the fallback if this chunk ends non-finite (no file needed)
    for (const auto& param : model_->parameters()) before.push_back(param.detach().clone());
    const auto start = std::chrono::steady_clock::now();
    lbfgs_->step([&] {
      lbfgs_->zero_grad();
      return torch::tensor(loss_and_gradient(mode_), torch::kFloat64);
    });
    elapsed_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!std::isfinite(last_loss_)) {
      std::fprintf(stderr, "warning: L-BFGS produced a non-finite loss; keeping the model before its last %ld "
                   "iterations and ending the L-BFGS phase\n", chunk);
      torch::NoGradGuard no_grad;
      auto params = model_->parameters();
      for (std::size_t i = 0; i < params.size(); ++i) params[i].copy_(before[i]);
      lbfgs_.reset();
      fixed_batch_ = false;
      return;
    }
    done += chunk;
    step_ += chunk;
    log_line(true);
    if (options_.checkpoint_every > 0 && !checkpoint_path().empty()) save_checkpoint(checkpoint_path());
    progress.update(static_cast<double>(done), status());
  }
  fixed_batch_ = false;
  progress.finish(status());
}

void Trainer::run(bool resume) {
  const std::string ckpt = checkpoint_path();
  const std::string log_path = run_dir_.empty() ? "" : run_dir_ + "/train_log.csv";
  if (resume) {
    if (ckpt.empty() || !fs::exists(ckpt))
      throw InputError(fmt::format("--resume: no checkpoint in '{}'", run_dir_));
    load_checkpoint(ckpt);
  }
  if (!log_path.empty()) {
    const bool fresh = !resume || !fs::exists(log_path);
    log_.open(log_path, fresh ? std::ios::trunc : std::ios::app);
    if (fresh) {
      std::string header = "step,wall_s,cpu_s,lr,loss";
      for (const auto& n : term_names_) header += "," + n;
      if (reference_.available())
        for (double t : problem_.output_times) header += fmt::format(",err_t{:g}", t);
      for (const auto& name : other_fields_)
        for (double t : problem_.output_times) header += fmt::format(",err_{}_t{:g}", name, t);
      if (!options_.windows.ends.empty()) header += ",window";
      log_ << header << '\n';
    }
  }
  const int windows = std::max<int>(1, static_cast<int>(options_.windows.ends.size()));
  model_->set_horizon(window_end(window_));
  if (!resume && !ckpt.empty()) save_checkpoint(ckpt);  // the rollback target before the first step
  while (true) {
    run_window(windows);
    if (stopped_ || window_ + 1 >= windows) break;
    hand_over_window();
    if (!ckpt.empty()) save_checkpoint(ckpt);  // the start of the next window, with its supervision data
  }
}

}  // namespace kinetic::neural

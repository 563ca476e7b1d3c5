#pragma once
// Generic training loop for a Model: Adam with a learning-rate schedule (constant / step / exponential /
// cosine, optional warm-up), gradient clipping, an optional L-BFGS phase on a fixed batch, a progress line and
// a CSV log (loss terms, errors against the reference), periodic checkpoints (model, optimizer, step,
// sampler and torch RNG state, rate scale, resolved config) with exact resume, and rollback to the last
// checkpoint with a halved rate when the loss or a gradient becomes NaN/Inf. Last, an optional damped
// Gauss-Newton (Levenberg-Marquardt) phase on the residuals of the loss (gauss_newton.hpp), with its damping
// and batch in the checkpoints, so that it resumes exactly too.
#include <torch/torch.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/problem.hpp"
#include "neural/training/model.hpp"
#include "neural/training/options.hpp"
#include "neural/training/reference.hpp"
#include "neural/training/residual_term.hpp"
#include "neural/training/sampler.hpp"

namespace kinetic::neural {

class Trainer {
 public:
  // run_dir: checkpoints and train_log.csv (empty: neither is written, rollback uses memory only).
  Trainer(std::shared_ptr<Model> model, const Problem& problem, const NeuralOptions& options,
          std::string run_dir, DensityReference reference);

  // Adam steps up to options.steps, then the L-BFGS and the Gauss-Newton phases. resume: continue from
  // run_dir's checkpoint.
  void run(bool resume);
  // One Adam step on a fresh batch; false if the loss or the gradient was not finite (nothing applied).
  bool adam_step();
  // Stops run() (checkpointed) after this many Adam steps in this process, in any window: a budget, and
  // how the tests stand in for a run killed at a given step.
  void set_step_budget(long adam_steps) { step_budget_ = adam_steps; }
  // The supervision points a time window was handed (undefined in the first window).
  std::pair<torch::Tensor, torch::Tensor> window_points() const { return {sup_t_, sup_x_}; }
  void save_checkpoint(const std::string& path);
  void load_checkpoint(const std::string& path);
  std::string checkpoint_path() const;

  // Density on points x at time t (values only).
  std::vector<double> density(double t, const std::vector<double>& x);
  // The field the density errors are taken of: rho, or its mean over z with random inputs.
  std::string density_field() const { return problem_.random.active() ? "rho_mean" : "rho"; }
  // Relative l2 of that field at each output time against the reference (empty if there is none).
  std::vector<double> errors();
  // The same for the model's other fields the reference holds (BGK: momentum, energy), per field.
  std::vector<std::pair<std::string, std::vector<double>>> other_field_errors();
  std::vector<double> eval_grid() const;

  long step() const { return step_; }          // within the current time window
  int window() const { return window_; }      // 0-based index of the current time window
  double lr_at(long step) const;
  const std::vector<double>& last_terms() const { return last_terms_; }
  double last_loss() const { return last_loss_; }
  int rollbacks() const { return rollbacks_; }
  double elapsed() const { return elapsed_; }
  const std::vector<std::pair<double, double>>& error_history() const { return error_history_; }  // (s, err)

 private:
  // Zeroes nothing: accumulates the gradient of the weighted loss over the model's passes (see
  // Model::interior_rows), records the terms and returns the loss (non-finite: stops early).
  double loss_and_gradient(Derivatives mode);
  int passes() const;
  void lbfgs_phase();
  // Time windows (options.windows): the schedule on the current window, and the hand-over to the next.
  void run_window(int windows);
  void hand_over_window();
  double window_end(int window) const;
  int window_ = 0;
  long step_budget_ = -1, steps_taken_ = 0;
  bool stopped_ = false;
  void second_order_phase();
  // The weighted residual vector r of the current batch (|r|^2 = the loss, one pass), recording the terms.
  torch::Tensor weighted_residual();
  std::unique_ptr<torch::optim::LBFGS> make_lbfgs() const;
  void log_line(bool force);
  std::string status() const;
  bool rollback();

  std::shared_ptr<Model> model_;
  Problem problem_;
  NeuralOptions options_;
  std::string run_dir_;
  DensityReference reference_;
  PointSampler sampler_;
  std::unique_ptr<torch::optim::Adam> adam_;
  std::unique_ptr<torch::optim::LBFGS> lbfgs_;  // during (and after) the L-BFGS phase
  std::string lbfgs_sampler_state_;             // the sampler state its fixed batch is drawn from
  std::vector<std::string> term_names_;
  std::vector<double> weights_;
  // Warm start (options.supervision): data points and values, on the model's device and dtype.
  torch::Tensor sup_t_, sup_x_;
  std::vector<torch::Tensor> sup_values_;  // one column per sup_fields_ entry
  std::vector<std::string> sup_fields_;    // options.supervision.fields, or the fields a window hands on
  bool has_data_term_ = false;             // the loss has the term "supervised" (a file, or time windows)
  bool kinetic_supervision_ = false;  // the data hold f: the model's kinetic misfit joins the term
  bool fixed_batch_ = false;  // L-BFGS phase: deterministic loss, so the supervised term uses every point
  torch::Tensor supervised_term();
  ResidualTerm supervised_residual();
  // Gauss-Newton phase state (checkpointed): damping, cg scaling (0: estimate on the next step), the sampler
  // state its batch was drawn from, and the last step's report for the progress line.
  bool gn_active_ = false;
  double gn_lambda_ = 0, gn_scale_ = 0;
  std::string gn_batch_state_;
  std::string gn_status_;
  // Adaptive sampling (options.mcmc): the interior points moved by the last Metropolis refresh (checkpointed)
  // and its acceptance rate.
  void adapt_interior_points();
  void mix_adapted_points();
  torch::Tensor mcmc_t_, mcmc_x_;
  double mcmc_acceptance_ = 0;
  Derivatives mode_;
  long step_ = 0;
  double lr_scale_ = 1.0;  // halved at each rollback
  int rollbacks_ = 0;
  double elapsed_ = 0;     // training wall time (restored on resume)
  std::vector<double> last_terms_, last_errors_;
  std::vector<std::string> other_fields_;  // fields besides rho with a reference (error columns err_<f>_t<t>)
  std::vector<std::pair<std::string, std::vector<double>>> last_other_errors_;
  double last_loss_ = 0;
  std::vector<std::pair<double, double>> error_history_;
  std::ofstream log_;
};

// Makes freed large blocks stay in the process (glibc): big activations are then not page-faulted afresh at
// every step. Measurable on CPU training; harmless elsewhere.
void keep_freed_memory();

}  // namespace kinetic::neural

#pragma once
// A neural model of one equation: its networks (registered submodules), the collocation batch of the current
// step, its loss terms and its density. The trainer (trainer.hpp) is generic over models.
#include <torch/torch.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/formula.hpp"
#include "core/problem.hpp"
#include "neural/nets/jet.hpp"
#include "neural/nets/network.hpp"
#include "neural/training/options.hpp"
#include "neural/training/residual_term.hpp"
#include "neural/training/sampler.hpp"

namespace kinetic::neural {

class Model : public torch::nn::Module {
 public:
  Model(const Problem& problem, const NeuralOptions& options);
  ~Model() override = default;

  // Draws a new collocation batch (sizes = factor x the configured batch sizes).
  virtual void resample(PointSampler& sampler, int factor = 1) = 0;
  // The unweighted loss terms on the current batch as squared residuals (residual_term.hpp), in
  // loss_term_names(method) order: what second-order optimisers work with. Every network model provides it.
  virtual std::vector<ResidualTerm> residual_terms(Derivatives mode);
  // Their values (each a 0-dim tensor). Models that cannot give residuals may override this alone.
  virtual std::vector<torch::Tensor> loss_terms(Derivatives mode);
  // Density at the points (t_i, x_i), values only.
  virtual torch::Tensor density(const torch::Tensor& t, const torch::Tensor& x) = 0;
  // Series the result file carries besides the fields (VPFP: series_t, electric_energy), from the trained
  // model on the evaluation grid x; none by default.
  virtual std::map<std::string, std::vector<double>> result_series(const std::vector<double>& /*x*/) { return {}; }
  // The result fields at (t_i, x_i), values only, "rho" first (BGK adds "momentum", "energy").
  virtual std::vector<std::pair<std::string, torch::Tensor>> fields(const torch::Tensor& t, const torch::Tensor& x) {
    return {{"rho", density(t, x)}};
  }

  // Warm start from kinetic data f(t_i, x_i, v_i) (supervision files with f). The model keeps the rows (in its
  // own variables: APNN v2 pairs +-v into r and j) and kinetic_misfit returns a relative mean-square misfit
  // on `batch` random rows (every row if batch <= 0), drawn with `generator` (default: torch's global RNG,
  // which checkpoints store, so that resume is exact).
  virtual void set_kinetic_data(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v,
                                const torch::Tensor& f);
  torch::Tensor kinetic_misfit(long batch, c10::optional<at::Generator> generator = c10::nullopt);
  virtual ResidualTerm kinetic_misfit_term(long batch, c10::optional<at::Generator> generator = c10::nullopt);
  // f at the points (t_i, x_i, v_i), values only; models that cannot supply it throw InputError.
  virtual torch::Tensor distribution(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v);

  // Passes over slices of the interior points. Every loss term is a mean over points, so the gradient of the
  // loss is the sum of the gradients over slices; one cache-sized slice per forward/backward pass runs the
  // GEMMs faster (sgemm here: ~190 GFLOP/s at 2048 rows, ~125 at 15360). In pass p of n, loss_terms returns
  // the interior terms of slice p scaled by (slice size)/N and every other term in pass 0 only (zeros
  // otherwise), so the terms summed over the passes are the full-batch terms.
  // Network rows of the whole interior batch (points x ordinates); 0: the model evaluates in one pass.
  virtual long interior_rows() const { return 0; }
  void set_pass(int index, int count) { pass_index_ = index, pass_count_ = count; }

  // Adaptive sampling (mcmc_sampler.hpp): the interior points of the current batch, replacing them, and the
  // interior residual per point, sum_k weights[k] (the k-th interior term's squared residual at the point,
  // integrated in v where the term is), over the first interior_term_count() terms (whose rows are the
  // interior points). Models that do not declare interior terms cannot be sampled adaptively.
  std::pair<torch::Tensor, torch::Tensor> interior_points() const { return {it_, ix_}; }
  void set_interior_points(const torch::Tensor& t, const torch::Tensor& x) { it_ = t, ix_ = x; }
  virtual int interior_term_count() const { return 0; }
  torch::Tensor point_residuals(const std::vector<double>& weights, Derivatives mode);

  // Time windows (options.windows): collocation times are drawn on [0, horizon] (default: the problem's t_end).
  void set_horizon(double horizon) { horizon_ = horizon; }
  double horizon() const { return horizon_; }
  // Every network's time input normalised on [0, t_end] (FieldNetImpl::set_time_range).
  void set_network_time_range(double t_end, bool keep_functions);

  const torch::TensorOptions& tensor_options() const { return topt_; }

  // --- Random inputs (problem.random; model_random_inputs.cpp): models that take them (they read the key
  // `statistics`) append z1 ... zd to their networks' inputs, draw z with every batch and write the fields'
  // statistics over z (rho_mean, rho_std, quantiles) by the rule of neural.statistics.
  int random_dim() const { return problem_.random.dim; }
  const torch::Tensor& interior_random_inputs() const { return iz_; }
  const NeuralOptions& options() const { return options_; }

 protected:
  // Points of the current step, as 1-D tensors.
  torch::Tensor column(const std::vector<double>& values) const;
  // Velocity nodes and measure weights of the full range, plus the weights of the incoming half-ranges
  // (v > 0 and v < 0), each renormalised to sum 1 so that inflow terms are means over incoming ordinates.
  struct VelocityColumns {
    torch::Tensor v, w, w_pos, w_neg;
  };
  VelocityColumns velocity_columns() const;
  // Times t = T u^bias on [0, T], T = horizon() (bias > 1 clusters points near t = 0, where the initial layer lives).
  torch::Tensor times(const std::vector<double>& u) const;
  torch::Tensor positions(const std::vector<double>& u) const;
  // Interior positions: with wall_bias b > 1 the mirrored power map x = xL + (L/2)(2u)^b for u < 1/2 (and its
  // mirror image) clusters points near both walls, where kinetic boundary layers live; b = 1 is positions().
  torch::Tensor interior_positions(const std::vector<double>& u) const;
  // The common collocation batch (streams "interior", "boundary", "initial"): interior points (t, x), boundary
  // times and initial positions, `factor` times the configured sizes.
  struct Collocation {
    torch::Tensor t, x, boundary_t, initial_x;
    torch::Tensor z, boundary_z, initial_z;  // random inputs of the points (undefined without them)
  };
  Collocation sample_collocation(PointSampler& sampler, int factor) const;
  // A formula tabulated on broadcast-compatible tensors of t, x, v (host evaluation; constant fast path), and
  // with random inputs at each point's z (the grid's first dimension is the points; z: points x d).
  torch::Tensor tabulate(const Formula& f, const torch::Tensor& t, const torch::Tensor& x,
                         const torch::Tensor& v) const;
  torch::Tensor tabulate(const Formula& f, const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v,
                         const torch::Tensor& z) const;
  // Network inputs: the columns t, x, v broadcast against each other and flattened to (rows x 3).
  static torch::Tensor stack_inputs(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v);
  // Period of x for the networks' periodic features (0: not periodic, or disabled by the options).
  double period() const { return problem_.periodic() && options_.periodic_features ? problem_.length() : 0.0; }
  torch::Tensor kin_t_, kin_x_, kin_v_, kin_f_;  // kinetic supervision rows (base representation)
  torch::Tensor it_, ix_;                        // interior points (t, x) of the current batch
  torch::Tensor iz_;                             // and their random inputs (points x d; undefined without)

  // First index and size of this pass's slice of n interior points, its share size/n, and whether the
  // non-interior terms belong to this pass.
  struct Slice {
    long first, size;
    double share;
  };
  Slice pass_slice(long n) const;
  bool first_pass() const { return pass_index_ == 0; }
  // The rho transform of the options applied to a raw jet at points (t, x).
  Jet rho_transform(const Jet& raw, const torch::Tensor& t, const torch::Tensor& x) const;
  // The initial density rho0(x) = <f0(x, .)> (or the macroscopic rho0) and its x-derivative at the points x
  // (fourth-order central differences of the formula, h = 1e-3 L: error ~1e-12 relative for smooth data).
  std::pair<torch::Tensor, torch::Tensor> initial_density(const torch::Tensor& x) const;
  // A formula of x (initial data) and its x-derivative at the points x, the same way. profile_with_derivative
  // takes any q of the points: values (points) come back shaped like x, (points x K) as they are.
  std::pair<torch::Tensor, torch::Tensor> initial_profile(const Formula& q, const torch::Tensor& x) const;
  std::pair<torch::Tensor, torch::Tensor> profile_with_derivative(
      const std::function<torch::Tensor(const torch::Tensor&)>& q, const torch::Tensor& x) const;
  // The input range of the z columns (uniform: its range; normal: mean -+ 4 std), appended to lo and hi.
  void append_random_range(std::vector<double>& lo, std::vector<double>& hi) const;
  // z (n x d) with the inputs' law from the unit columns[first ...] of a sampler draw (undefined without random
  // inputs). z must come from the same draw as the point's other coordinates: separate low-discrepancy streams
  // are shifted copies of one sequence, so z would be a function of t (measured: rho_mean 0.5 off).
  torch::Tensor random_from_unit(const std::vector<std::vector<double>>& columns, std::size_t first) const;
  // X (rows x c) with the z of each point appended, rows = points x repeat (point-major); X itself when z is
  // undefined (no random inputs).
  torch::Tensor with_random(const torch::Tensor& X, const torch::Tensor& z) const;
  // "<field>_mean", "<field>_std" (and quantiles) at the points (t_i, x_i) over the rule of neural.statistics,
  // from field_at(t, x, z) (points, with z: points x d).
  using RandomField = std::function<torch::Tensor(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&)>;
  std::vector<std::pair<std::string, torch::Tensor>> random_statistics(const std::string& field,
                                                                       const RandomField& field_at,
                                                                       const torch::Tensor& t, const torch::Tensor& x);

  // True if the rho transform makes rho(0, x) hold by construction (t_exp, initial).
  bool rho_initial_exact() const { return options_.rho_transform == "t_exp" || options_.rho_transform == "initial"; }

  Problem problem_;
  NeuralOptions options_;
  torch::TensorOptions topt_;
  int pass_index_ = 0, pass_count_ = 1;
  double horizon_;
  RandomRule random_rule_;  // neural.statistics over the random inputs (built once; empty without them)
};

// Indices of `batch` random rows of n (from `generator`, default torch's global one), or of all rows if
// batch <= 0 or batch >= n.
torch::Tensor random_rows(long n, long batch, torch::Device device,
                          c10::optional<at::Generator> generator = c10::nullopt);
// mean (pred - data)^2 / mean data^2: the relative mean-square misfit of the supervised (warm-start) terms.
torch::Tensor relative_misfit(const torch::Tensor& pred, const torch::Tensor& data);

// Builds the registered model named by options.method for the problem; InputError if it cannot run it.
std::shared_ptr<Model> make_model(const Problem& problem, const NeuralOptions& options);

// Relative l2 distance sqrt(sum (a-b)^2 / sum b^2).
double relative_l2(const std::vector<double>& a, const std::vector<double>& ref);

}  // namespace kinetic::neural

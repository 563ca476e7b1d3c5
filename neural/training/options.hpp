#pragma once
// The `neural:` section of a network model, parsed and checked once into plain values (no LibTorch here).
// The keys every network model shares are parsed here; each model's own keys (transforms, projection,
// hermite_degree, causal, periodic_features, ...) are declared and parsed by its registration
// (neural/method_registry.hpp), next to the model, and refused for every other model.
//
//   neural:
//     method: apnn_v2            # a registered network model (`kinetic methods` lists them)
//     networks:                  # defaults for every network, then per-network overrides
//       kind: fc                 # fc | resnet (resnet: depth = number of two-layer residual blocks)
//       width: 256
//       depth: 4                 # fc: hidden layers
//       activation: tanh         # tanh | swish | sin | sigmoid
//       rho: {width: 128}        # the model's network names
//     dtype: float32             # float32 | float64
//     device: cpu                # cpu | cuda (needs a CUDA LibTorch)
//     threads: 2                 # LibTorch intra-op threads
//     seed: 0
//     steps: 10000               # Adam steps
//     batch: {interior: 512, boundary: 1024, initial: 512}   # boundary: points per side
//     quadrature: 30             # Gauss-Legendre nodes in v (apnn_v2: on [0,1]; others: on the velocity range)
//     sampler: sobol             # sobol | uniform  (resampled every step)
//     time_bias: 1               # t = T u^time_bias: > 1 puts more interior points near t = 0 (initial layer)
//     wall_bias: 1               # interior x mirrored power map: > 1 puts more points near both walls (kinetic
//                                #   boundary layers); refused on periodic problems and with mcmc
//     derivatives: autograd      # autograd (reverse mode: fc tanh networks by the fused kernel with a hand-written
//                                #   backward, jet_mlp.hpp; others by double backward) | tangent (forward-mode jets:
//                                #   a cross-check of the derivatives; 9 GEMM passes per layer and row against 6,
//                                #   so 1.3-1.5x slower for every network here, bench_neural_step)
//     pass_rows: 0               # interior rows (points x ordinates) per forward/backward pass (0: one pass);
//                                #   2048 is ~8% faster for the Case I 4 x 256 networks, slower for width 64
//     optimizer: {lr: 1e-3, schedule: step, decay: 0.96, decay_every: 1000, lr_min: 0,
//                 warmup: 0, clip: 0, lbfgs_steps: 0, lbfgs_lr: 1, lbfgs_history: 50, lbfgs_batch_factor: 1,
//                 lbfgs_resample_every: 0,   # L-BFGS iterations per batch (a multiple of 50; 0: one fixed batch)
//                 second_order: {steps: 0, solver: cg, damping: 1e-3, cg_iterations: 100, cg_tolerance: 1e-3,
//                                resample_every: 0, batch_factor: 1}}   # Gauss-Newton / LM after Adam, L-BFGS
//     weights: {...}             # per loss term, by name (the model's registered terms and default weights)
//     checkpoint_every: 1000
//     log_every: 100
//     eval_nx: 101               # x points of the written result
//     mcmc: {steps: 0, proposal: [0.05, 0.05], every: 100, uniform_fraction: 0.2, power: 1}
//                                # adaptive interior points: every `every` Adam steps, `steps` Metropolis steps
//                                # move a fresh batch towards density ~ (interior residual)^power; each step's
//                                # batch is those points plus a uniform_fraction of fresh uniform ones
//     windows: {ends: [0.5, 1, 2], points: 1024, placement: random, weight: 1, networks: continue}
//                                # growing time windows, each with the whole schedule; from the second on,
//                                # supervision points carry the previous window's fields (not with supervision)
//     supervision:               # warm start from data (coupling: `kinetic supervise` makes the file)
//       {file: data.h5, fields: [rho], weight: 1, pretrain_steps: 0, batch: 512}
//       # supervised term: the sum over `fields` (apnn_bgk also: momentum, energy) of |q_NN - q_data|^2 /
//       # |q_data|^2 on a random batch of the points, plus, when
//       # the data hold f (supervise with include_f), the model's kinetic misfit (apnn_v2: r and j from the
//       # +-v pairs); the first pretrain_steps Adam steps use it alone (pre-training), later steps add it
//       # with `weight` (0: off). Each phase runs the whole learning-rate schedule (and warm-up).
#include <map>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/random_quadrature.hpp"

namespace kinetic::neural {

struct NetworkOptions {
  std::string kind = "fc";
  int width = 128;
  int depth = 4;
  std::string activation = "tanh";
  // > 0: the network sees the time as log(1 + t/log_time) (normalised like any input) instead of t. Long runs
  // with an initial layer (a boundary layer growing like sqrt(t)) then give early times as much of the input
  // range as late ones; 0: t itself.
  double log_time = 0.0;
};

// Gauss-Newton / Levenberg-Marquardt phase after the Adam steps and the L-BFGS phase (gauss_newton.hpp).
struct SecondOrderOptions {
  long steps = 0;              // damped Gauss-Newton steps (tried steps: a rejected one counts)
  std::string solver = "cg";   // dense (J formed, Cholesky in float64; small networks) | cg (matrix-free)
  double damping = 1e-3;       // initial lambda, relative to diag(J^T J) (dense) or tr(J^T J)/P (cg)
  long cg_iterations = 100;    // conjugate-gradient iterations per step, at most
  double cg_tolerance = 1e-3;  // relative residual of the normal equations that ends them
  long resample_every = 0;     // a fresh batch every this many steps (0: one fixed batch for the phase)
  int batch_factor = 1;        // batch = factor x the Adam batch
};

// L-BFGS runs in chunks of this many iterations, with a log line and a checkpoint after each (trainer.cpp).
inline constexpr long kLbfgsChunk = 50;

struct OptimizerOptions {
  double lr = 1e-3;
  std::string schedule = "step";  // constant | step | exponential | cosine
  double decay = 0.96;            // step: lr *= decay every decay_every; exponential: lr decay^(step/decay_every)
  long decay_every = 1000;
  double lr_min = 0.0;            // cosine: final rate
  long warmup = 0;                // linear warm-up steps
  double clip = 0.0;              // max global gradient norm (0: none)
  long lbfgs_steps = 0;           // L-BFGS iterations after the Adam steps, on a fixed batch
  double lbfgs_lr = 1.0;
  int lbfgs_history = 50;
  int lbfgs_batch_factor = 1;     // L-BFGS batch = factor x Adam batch
  long lbfgs_resample_every = 0;  // a fresh batch and history every so many iterations (0: one fixed batch)
  SecondOrderOptions second_order;
};

// Warm start: a supervised term on data points (t, x, rho, ...) from a supervision file.
struct SupervisionOptions {
  std::string file;         // empty: no supervision
  std::vector<std::string> fields = {"rho"};  // fields fitted (BGK: also momentum, energy); each a relative misfit
  double weight = 1.0;      // weight of the term once the physics loss is on (0: pre-training only)
  long pretrain_steps = 0;  // Adam steps on the supervised term alone, before the physics loss
  int batch = 512;          // data points per step
};

// Causal weighting in time of the interior loss terms (neural/training/causal_weights.hpp).
struct CausalOptions {
  int bins = 0;             // time bins over [0, t_end]; 0: off (every point has weight 1)
  double tolerance = 10.0;  // epsilon of Wang et al.: larger = stricter ordering in time
};

// Adaptive sampling of the interior points by MCMC (mcmc_sampler.hpp; the RT-APNN slides' Algorithm 1).
struct McmcOptions {
  int steps = 0;                             // Metropolis steps per refresh (0: off)
  std::vector<double> proposal = {0.05, 0.05};  // proposal standard deviation in (t, x), fractions of the extents
  long every = 100;                          // Adam steps between refreshes of the adapted points
  double uniform_fraction = 0.2;             // share of each batch drawn uniformly (keeps the domain covered)
  double power = 1.0;                        // target density ~ (interior squared residual per point)^power
};

// Training on growing time windows (the RT-APNN slides' pre-training): window k trains on [0, ends[k]];
// from the second window on, `points` supervision points in [0, ends[k-1]] carry the previous window's
// fields (fixed data, the loss term "supervised" with `weight`). Each window runs the whole schedule.
struct WindowOptions {
  std::vector<double> ends;          // increasing, the last >= the problem's t_end (empty: one window)
  long points = 1024;                // supervision points handed from window k-1 to window k
  std::string placement = "random";  // random | grid (sqrt(points) times x sqrt(points) positions)
  double weight = 1.0;
  bool fresh_networks = false;       // networks: continue (the same networks) | fresh (re-initialised)
  double lr = 0.0;                   // > 0: Adam's initial rate from window 2 on (continued networks need less)
};

struct NeuralOptions {
  std::string method;
  std::map<std::string, NetworkOptions> networks;  // by network name
  std::string dtype = "float32";
  std::string device = "cpu";
  int threads = 2;
  long seed = 0;
  long steps = 10000;
  int n_interior = 512, n_boundary = 1024, n_initial = 512;
  int quadrature = 30;
  std::string sampler = "sobol";
  double time_bias = 1.0;
  double wall_bias = 1.0;
  // Measured here (bench_neural_step, flagship config): double backward needs 6 GEMM passes per layer and row,
  // forward tangents in t and x 9, and autograd is 1.4-1.5x faster for the Case I and the flagship networks.
  std::string derivatives = "autograd";
  // The gradient is accumulated over passes on slices of the interior points, each of about this many network
  // rows, so that activations stay cache-sized (0: the whole batch in one pass). Same loss and gradient.
  long pass_rows = 0;
  OptimizerOptions optimizer;
  std::map<std::string, double> weights;
  // --- the models' own keys (parsed by their registrations; each read by the model named in the comment)
  std::string rho_transform = "t_exp";     // exp | t_exp | initial (rho0(x) + t NN) | softplus | none
  std::string parity = "symmetrize";       // symmetrize (slides) | fold (network of |v|)
  std::string parity_residuals = "nodes";  // apnn_v2: nodes (even/odd equations at every quadrature node) |
                                           // sampled (published code: at one uniform v per interior point)
  std::string r_transform = "exp";         // apnn_v2: exp (slides) | t_exp (r = t exp(..): r(0) = 0 exactly) | initial | micro
  std::string j_transform = "none";        // apnn_v2: none (slides) | t (j = t j~: j(0) = 0 exactly)
  std::string f_transform = "exp";         // pinn: exp | softplus | none; apnn_bgk: softplus (slides) |
                                           // micro_macro (f = M[rho, u, T] + eps g, see apnn_bgk.hpp) |
                                           // hermite (the same, g = P (M sum_k a_k(t, x) He_k(xi)/sqrt(k!)),
                                           // xi = (v - u)/sqrt(T))
                                           // apnn_vpfp: initial (g0 + t NN) | free (g0 + NN, ic_f term) |
                                           // layer (closed-form initial layer, neural/vpfp/initial_layer.hpp)
  int hermite_degree = 6;                  // apnn_bgk, f: hermite: g's modes are He_3 .. He_degree
  // apnn_bgk: lift (slides: rho, T = exp of a boundary-lifted network, u = sqrt((x-xL)(xR-x)) NN + lift, the
  // Dirichlet states exactly) | free (rho, T = exp(NN), u = NN: the states at the walls are left to the
  // kinetic inflow term bc_f, as in the classical solver, whose wall values lie inside a Knudsen layer) |
  // initial (q = q0(x) + (t/t_end) NN, rho and T on a log scale: the initial state exactly, the walls free
  // as with `free`; the flow is acoustic, so initial errors would travel undamped)
  std::string macro_transform = "lift";
  std::string g_transform = "plain";       // apnn_grte_v1: plain (g = g~ - <g~>) | relative (g = rho (g~ - <g~>):
                                           // anisotropy relative to rho, no radiation flux where rho ~ 0)
  std::string T_transform = "initial";     // apnn_grte_v1/v2: initial (T0(x) exp(t o)) | exp (exp(o)) |
                                           // floor (T_min + softplus(o), T_min the data's smallest temperature)
  // apnn_grte_v1/v2: none | opacity (the equations with a sigma factor divided by sigma(T), held fixed in the
  // gradient: the same solutions, residuals of one scale where sigma = sigma0/T^3 spans 30 .. 3e7) |
  // temperature (the same, and the energy equation also over 4 a c max(T, T_r)^3: its misfit in keV)
  std::string residual_scaling = "none";
  bool exact_projection = true;            // apnn_v1
  bool corner_layer = false;               // apnn_v1/v2: the diffusion limit's erfc corner layers built in
  double corner_layer_decay = 0;           // and their decay time tau (layer x exp(-(t/tau)^2); 0: no decay)
  bool milne_inflow = false;               // apnn_v1/v2 inflow_condition: milne (one Milne-weighted residual per wall point)
  bool periodic_features = true;           // periodic problems: x enters as (cos, sin) (exactly periodic)
  long checkpoint_every = 1000;
  long log_every = 100;
  int eval_nx = 101;
  SupervisionOptions supervision;
  CausalOptions causal;                    // apnn_bgk: causal weighting of the interior terms in time
  McmcOptions mcmc;
  WindowOptions windows;
  StatisticsOptions statistics;            // random inputs: the rule of the written statistics (random_quadrature.hpp)
  std::string config_text;                 // the resolved section, stored in checkpoints
};

// Network names and loss-term names of a registered network model, in its fixed order, and its default weights.
std::vector<std::string> network_names(const std::string& method);
std::vector<std::string> loss_term_names(const std::string& method);
std::map<std::string, double> default_weights(const std::string& method);

// Reads and validates the section of a network model registered for the equation: the shared keys here, the
// model's own keys by its registration. InputError naming the key on any bad value or on a key the model
// does not read.
NeuralOptions parse_options(const ConfigNode& section, Equation equation);

// Helpers for the models' own parsers: an integer key >= min (InputError naming it), and the even quadrature
// that a whole symmetric velocity range needs (no node at v = 0).
long positive_key(const ConfigNode& section, const std::string& key, long fallback, long min = 1);
void require_even_quadrature(const ConfigNode& section, const NeuralOptions& options);

}  // namespace kinetic::neural

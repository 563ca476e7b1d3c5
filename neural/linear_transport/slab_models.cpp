#include "neural/linear_transport/slab_models.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "core/milne.hpp"

namespace kinetic::neural {

bool zero_initial_data(const Problem& problem) {
  return !problem.initial.macroscopic && problem.initial.f.is_constant() && problem.initial.f(0, 0, 0) == 0.0;
}

void accept_slab_problem(const Problem& problem, const NeuralOptions& options) {
  if (problem.equation != Equation::LinearTransport)
    throw InputError(fmt::format("neural.method: {} is implemented for linear_transport only (problem is {})",
                                 options.method, to_string(problem.equation)));
  if (problem.boundary.kind != BoundaryKind::Inflow && problem.boundary.kind != BoundaryKind::Periodic)
    throw InputError(fmt::format("neural.method: {} supports inflow and periodic boundaries (got {})",
                                 options.method, to_string(problem.boundary.kind)));
  if (options.milne_inflow && problem.boundary.kind != BoundaryKind::Inflow)
    throw InputError("neural.inflow_condition: milne is a condition at inflow walls, but the boundary is " +
                     to_string(problem.boundary.kind) + "; use kinetic");
  if (options.milne_inflow && !problem.velocity.symmetric())
    throw InputError("neural.inflow_condition: milne needs a velocity range symmetric about 0");
  // t exp(-o) vanishes at t = 0: only right if the initial density is zero.
  if (options.rho_transform == "t_exp" && options.method != "pinn" && !zero_initial_data(problem))
    throw InputError("neural.transforms.rho: t_exp enforces rho(0, x) = 0, but the initial data is not zero; "
                     "use exp or softplus");
  // The `initial` transform builds in the nominal rho0(x); random initial data would need it at each z.
  if (problem.random.active() && options.rho_transform == "initial" && problem.initial.f.uses_random())
    throw InputError("neural.transforms.rho: initial builds in rho0(x) without the random inputs, but the initial "
                     "data use them; use exp or softplus");
}

void parse_periodic_features(const ConfigNode& section, NeuralOptions& options) {
  options.periodic_features = section.get_bool("periodic_features", options.periodic_features);
}

void parse_corner_layer(const ConfigNode& section, NeuralOptions& options) {
  auto node = section.optional_child("corner_layer");
  if (!node) return;
  if (!node->is_map()) {
    options.corner_layer = section.get_choice("corner_layer", {"none", "diffusion"}, "none") == "diffusion";
    return;
  }
  node->allow_only({"kind", "decay_time"});
  options.corner_layer = node->get_choice("kind", {"none", "diffusion"}, "diffusion") == "diffusion";
  options.corner_layer_decay = node->get_double("decay_time", 0.0);
  if (!(options.corner_layer_decay >= 0))
    node->fail("decay_time", "must be >= 0 (0: the layer does not decay)");
  if (options.corner_layer_decay > 0 && !options.corner_layer)
    node->fail("decay_time", "needs kind: diffusion");
}

void parse_inflow_condition(const ConfigNode& section, NeuralOptions& options) {
  options.milne_inflow =
      section.get_choice("inflow_condition", {"kinetic", "milne"}, options.milne_inflow ? "milne" : "kinetic") == "milne";
}

torch::Tensor milne_inflow_weights(const torch::Tensor& v, const torch::Tensor& a, double V) {
  auto vh = v.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  auto ah = a.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  const double *vp = vh.data_ptr<double>(), *ap = ah.data_ptr<double>();
  const double total = ah.clamp_min(0).sum().item<double>();
  std::vector<double> mu, weights;  // the incoming nodes in (0, 1] and their weights, summing to 1
  std::vector<long> incoming;
  for (long k = 0; k < vh.numel(); ++k)
    if (ap[k] > 0) mu.push_back(std::abs(vp[k]) / V), weights.push_back(ap[k] / total), incoming.push_back(k);
  const auto m = milne_boundary_weights(mu, weights);
  auto out = torch::zeros_like(vh);
  for (std::size_t i = 0; i < incoming.size(); ++i) out.data_ptr<double>()[incoming[i]] = m[i];
  return out.to(v.options());
}

ResidualTerm milne_wall_term(double eps, const Jet& rho_left, const torch::Tensor& sigma_left,
                             const torch::Tensor& b_left, double q_left, const Jet& rho_right,
                             const torch::Tensor& sigma_right, const torch::Tensor& b_right, double q_right) {
  return two_sided_mean_square(0.5, rho_left.v - q_left * eps / sigma_left * rho_left.x - b_left, {},
                               rho_right.v + q_right * eps / sigma_right * rho_right.x - b_right, {});
}

std::string parse_rho_transform(const ConfigNode& transforms, const std::string& fallback) {
  return transforms.get_choice("rho", {"exp", "t_exp", "initial", "softplus", "none"}, fallback);
}

std::string slab_conformance_problem(const std::string& eps) {
  return "problem:\n  equation: linear_transport\n  eps: " + eps +
         "\n  time: {end: 0.1}\n  space: [0, 1]\n  sigma_s: 1\n  initial: {f: \"0\"}\n"
         "  boundary: {type: inflow, left: \"1\", right: \"0\"}\n  output_times: [0.05, 0.1]\n";
}

std::string slab_conformance_networks() {
  return "  networks: {kind: fc, width: 12, depth: 2, activation: tanh}\n"
         "  batch: {interior: 24, boundary: 16, initial: 16}\n  quadrature: 8\n";
}

}  // namespace kinetic::neural

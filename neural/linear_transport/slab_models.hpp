#pragma once
// What the network models of slab linear transport (pinn, apnn_v1, apnn_v2) share in their registrations:
// the problems they run, their keys common to all three, and the tiny conformance problem.
#include <torch/torch.h>

#include <string>

#include "core/config.hpp"
#include "core/problem.hpp"
#include "neural/nets/jet.hpp"
#include "neural/training/residual_term.hpp"
#include "neural/training/options.hpp"

namespace kinetic::neural {

// InputError unless the problem is 1-D linear transport with inflow or periodic boundaries, and unless a
// rho transform that vanishes at t = 0 (t_exp) meets zero initial data.
void accept_slab_problem(const Problem& problem, const NeuralOptions& options);
// True if the initial data are the constant f0 = 0.
bool zero_initial_data(const Problem& problem);

//   periodic_features: true    periodic problems: networks of (cos, sin)(2 pi x / L), exactly periodic
void parse_periodic_features(const ConfigNode& section, NeuralOptions& options);
//   corner_layer: none | diffusion | {kind: diffusion, decay_time: tau}
//                 the diffusion limit's corner layers built into the fields (corner_layer.hpp), optionally
//                 times exp(-(t/tau)^2) so that they remove the corner singularity but not the solution's bulk
void parse_corner_layer(const ConfigNode& section, NeuralOptions& options);
//   inflow_condition: kinetic | milne
//                 kinetic (the slides): f = f_in at every incoming ordinate of every wall point. milne: one
//                 residual per wall point, the diffusion limit's first-order (Milne) condition on rho,
//                 rho - q (eps/sigma_s) d rho/dn = sum_k m_k f_in(v_k) (n into the slab, m_k Milne's weights of
//                 the incoming nodes, q = sum_k m_k |v_k| = 0.7104 V; core/milne.hpp): what the weighted mean
//                 of the kinetic rows becomes with f ~ rho - eps (v/sigma_s) rho_x outside the kinetic layer.
//                 For eps far below the collocation spacing, where a network cannot
//                 resolve the O(eps) layer: the kinetic rows cannot all vanish there, their least-squares
//                 balance has the wrong extrapolation length (1/2 for uniform v) and bends the interior
//                 solution (measured: README). Wrong in the kinetic regime (eps ~ 1), where the layer is the
//                 solution.
void parse_inflow_condition(const ConfigNode& section, NeuralOptions& options);
// Milne's weights m_k of nodes v_k (1-D) with incoming-range weights a_k (zero where v_k is not incoming),
// velocity bound V: the discrete H-function's boundary weights on the incoming nodes (sum 1), zero elsewhere.
torch::Tensor milne_inflow_weights(const torch::Tensor& v, const torch::Tensor& a, double V);
// The milne wall term from the walls' density jets (one entry per wall point): rho - q_left (eps/sigma_left)
// rho_x - b_left at xL and rho + q_right (eps/sigma_right) rho_x - b_right at xR (the inward normal's signs),
// b the Milne boundary values sum_k m_k f_in(v_k), q = sum_k m_k |v_k|.
ResidualTerm milne_wall_term(double eps, const Jet& rho_left, const torch::Tensor& sigma_left,
                             const torch::Tensor& b_left, double q_left, const Jet& rho_right,
                             const torch::Tensor& sigma_right, const torch::Tensor& b_right, double q_right);
// The rho transforms (rho = T(network)): exp (exp(-o)) | t_exp (t exp(-o): rho(0) = 0) | initial
// (rho0(x) + t o: the initial density exactly) | softplus | none.
std::string parse_rho_transform(const ConfigNode& transforms, const std::string& fallback);

// The slides' Case I (inflow 1 | 0, f0 = 0, x in [0, 1], t in [0, 0.1]) at the given eps, for conformance tests.
std::string slab_conformance_problem(const std::string& eps);
// A tiny network section (width 12, depth 2, 24 interior points, 8 ordinates) for conformance tests.
std::string slab_conformance_networks();

}  // namespace kinetic::neural

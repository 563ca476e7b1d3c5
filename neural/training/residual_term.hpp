#pragma once
// A loss term as the squared residuals it is made of, so that an optimiser can see the residual vector r and
// its Jacobian and not only the scalar (gauss_newton.hpp). Every loss term here is
//     value = factor * (sum over pieces p of scale_p mean_p / divisor_p),
//     mean_p = mean over the rows of c_i r_pi^2             (w_p undefined), or
//            = mean over the rows of c_i sum_k w_pk r_pik^2 (r_p: rows x K, w_p: K quadrature weights in v),
// with c_i = 1 unless the piece has row weights,
// and residual() is the flat vector whose squared norm is that value: r_p scaled by
// sqrt(factor scale_p c_i w_pk / (rows divisor_p)). value() evaluates the expression in the order the models always used, so loss values
// (and trained results) are unchanged by the representation.
#include <torch/torch.h>

#include <vector>

namespace kinetic::neural {

struct ResidualPiece {
  torch::Tensor r;        // any shape; with w: the last dimension is the quadrature one
  torch::Tensor w;        // undefined, or (K) weights of a mean in v (summing to 1)
  double scale = 1.0;
  torch::Tensor divisor;      // undefined, or a 0-dim constant (relative misfits: mean data^2)
  torch::Tensor row_weights;  // undefined, or constants per row (causal weights in time): a weighted mean
};

struct ResidualTerm {
  double factor = 1.0;
  std::vector<ResidualPiece> pieces;  // none: a term that vanishes by construction (value 0, no residual)

  torch::Tensor value(const torch::TensorOptions& options) const;
  // Flat residual vector (empty for a term without pieces); sum(residual^2) == value to round-off.
  torch::Tensor residual(const torch::TensorOptions& options) const;
  long size() const;  // number of residual entries
};

// Builders for the shapes the models use.
ResidualTerm mean_square(const torch::Tensor& r, double factor = 1.0);                        // factor mean r^2
ResidualTerm quadrature_mean_square(const torch::Tensor& r, const torch::Tensor& w, double factor = 1.0);
// factor mean_i c_i sum_k w_k r_ik^2 (c: constants per row, e.g. causal weights)
ResidualTerm weighted_mean_square(const torch::Tensor& r, const torch::Tensor& w, const torch::Tensor& row_weights,
                                  double factor = 1.0);
ResidualTerm no_residual();
// factor (mean r_a^2 [w_a] + mean r_b^2 [w_b]): two sides of a wall or data term (w: undefined or weights in v)
ResidualTerm two_sided_mean_square(double factor, const torch::Tensor& a, const torch::Tensor& w_a,
                                   const torch::Tensor& b, const torch::Tensor& w_b);                                                                  // exactly 0
// mean (pred - data)^2 / mean data^2: the relative misfit of the supervised (warm-start) terms.
ResidualTerm relative_misfit_term(const torch::Tensor& pred, const torch::Tensor& data);
// a + b as one term: the pieces of both (when the factors differ, each side's factor moves into its pieces'
// scales; the value then equals a.value + b.value to round-off rather than bit for bit).
ResidualTerm operator+(const ResidualTerm& a, const ResidualTerm& b);

std::vector<torch::Tensor> values(const std::vector<ResidualTerm>& terms, const torch::TensorOptions& options);

}  // namespace kinetic::neural

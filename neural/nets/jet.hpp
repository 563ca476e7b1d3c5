#pragma once
// A jet carries a field's values together with its first derivatives in t and x at the same points:
// {u, u_t, u_x}. Networks produce jets in one forward pass (forward-mode tangents, see network.hpp) and the
// output transforms below map jets to jets by the chain rule, so residuals never need a double backward.
// Every operation is a plain differentiable torch op: the loss gradient w.r.t. the parameters is ordinary
// reverse-mode autograd. Tangents are absent (undefined tensors) when only values are needed.
#include <torch/torch.h>

namespace kinetic::neural {

struct Jet {
  torch::Tensor v;  // value
  torch::Tensor t;  // d/dt (undefined: not carried)
  torch::Tensor x;  // d/dx
  bool has_tangents() const { return t.defined(); }
};

// Applies a linear map to value and tangents alike (reshapes, slicing, quadrature sums, ...).
template <class F>
Jet map_linear(const Jet& a, F&& f) {
  return a.has_tangents() ? Jet{f(a.v), f(a.t), f(a.x)} : Jet{f(a.v), {}, {}};
}

inline Jet operator+(const Jet& a, const Jet& b) {
  return a.has_tangents() ? Jet{a.v + b.v, a.t + b.t, a.x + b.x} : Jet{a.v + b.v, {}, {}};
}
inline Jet operator-(const Jet& a, const Jet& b) {
  return a.has_tangents() ? Jet{a.v - b.v, a.t - b.t, a.x - b.x} : Jet{a.v - b.v, {}, {}};
}
inline Jet operator*(double s, const Jet& a) {
  return map_linear(a, [s](const torch::Tensor& u) { return u * s; });
}

// u = exp(-o):  u' = -u o'   (positivity, the slides' rho and r transforms)
inline Jet exp_neg(const Jet& o) {
  auto u = torch::exp(-o.v);
  if (!o.has_tangents()) return {u, {}, {}};
  return {u, -u * o.t, -u * o.x};
}

// u = softplus(o) = log(1 + e^o):  u' = sigmoid(o) o'
inline Jet softplus(const Jet& o) {
  auto u = torch::nn::functional::softplus(o.v);
  if (!o.has_tangents()) return {u, {}, {}};
  auto s = torch::sigmoid(o.v);
  return {u, s * o.t, s * o.x};
}

// u = t * w(o) with t the time of each point (initial value 0 enforced by construction):
//   u_t = w + t w_t,  u_x = t w_x
inline Jet times_t(const torch::Tensor& t, const Jet& w) {
  if (!w.has_tangents()) return {t * w.v, {}, {}};
  return {t * w.v, w.v + t * w.t, t * w.x};
}

// u = exp(o):  u' = u o'   (positivity of a lifted log, e.g. BGK's rho and T)
inline Jet exp_pos(const Jet& o) {
  auto u = torch::exp(o.v);
  if (!o.has_tangents()) return {u, {}, {}};
  return {u, u * o.t, u * o.x};
}

// Initial data by construction: u = u0(x) + t o, so u(0, x) = u0(x) exactly.
//   u_t = o + t o_t,  u_x = u0'(x) + t o_x      (u0, u0_x: the data and its derivative at the points)
inline Jet initial_lift(const torch::Tensor& t, const torch::Tensor& u0, const torch::Tensor& u0_x, const Jet& o) {
  if (!o.has_tangents()) return {u0 + t * o.v, {}, {}};
  return {u0 + t * o.v, o.v + t * o.t, u0_x + t * o.x};
}

// Dirichlet data by construction: u = uL (xR-x)/L + uR (x-xL)/L + b(x) o with b = (x-xL)(xR-x), so
// u(xL) = uL and u(xR) = uR exactly (to round-off in the linear part).
//   u_t = b o_t,  u_x = (uR-uL)/L + b' o + b o_x,  b' = xL + xR - 2x
inline Jet boundary_lift(const Jet& o, const torch::Tensor& x, double xl, double xr, double ul, double ur) {
  const double L = xr - xl;
  auto b = (x - xl) * (xr - x);
  auto u = (ul * (xr - x) + ur * (x - xl)) / L + b * o.v;
  if (!o.has_tangents()) return {u, {}, {}};
  return {u, b * o.t, (ur - ul) / L + ((xl + xr) - 2 * x) * o.v + b * o.x};
}

// Even and odd parts in v from a network evaluated at (+v, -v) pairs, stacked along dim 0 as [plus; minus]:
//   even = (o(v) + o(-v))/2,  odd = o(v) - o(-v)   (the slides' r and j constructions)
inline Jet even_part(const Jet& plus, const Jet& minus) { return 0.5 * (plus + minus); }
inline Jet odd_part(const Jet& plus, const Jet& minus) { return plus - minus; }

// Velocity average over the last dimension with quadrature weights w (K): <u> = sum_k w_k u_k.
inline Jet velocity_average(const Jet& u, const torch::Tensor& w) {
  return map_linear(u, [&w](const torch::Tensor& a) { return torch::matmul(a, w); });
}

// Zero-mean projection g = g~ - <g~> over the last (velocity) dimension, exact for the quadrature.
inline Jet zero_mean(const Jet& g, const torch::Tensor& w) {
  return map_linear(g, [&w](const torch::Tensor& a) { return a - torch::matmul(a, w).unsqueeze(-1); });
}

}  // namespace kinetic::neural

#include "neural/linear_transport/corner_layer.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace kinetic::neural {
namespace {

constexpr double kMilneExtrapolation = 0.7104461;  // in mean free paths (Chandrasekhar; core/milne.hpp)

double constant(const Formula& f, const char* what) {
  if (!f.is_constant())
    throw InputError(fmt::format("neural.corner_layer: needs a constant {} (it is '{}')", what, f.text()));
  return f(0, 0, 0);
}

}  // namespace

void CornerLayer::check_problem(const Problem& p) {
  if (p.periodic()) throw InputError("neural.corner_layer: needs an inflow problem (this one is periodic)");
  const auto& vel = p.velocity;
  if (!vel.symmetric())
    throw InputError("neural.corner_layer: needs a velocity range symmetric about 0 (the flux layer has <v> = 0)");
  if (std::abs(vel.measure_factor() * (vel.vmax - vel.vmin) - 1) > 1e-12)
    throw InputError("neural.corner_layer: needs velocity measure: average (<1> = 1, so that f = rho is the "
                     "equilibrium)");
  constant(p.initial.f, "initial f");
  if (constant(p.sigma_s, "sigma_s") <= 0) throw InputError("neural.corner_layer: needs sigma_s > 0");
  constant(p.boundary.f_left, "boundary left");
  constant(p.boundary.f_right, "boundary right");
  if (constant(p.sigma_a, "sigma_a") != 0 || constant(p.source, "source") != 0)
    throw InputError("neural.corner_layer: needs sigma_a = 0 and source = 0");
  if (p.random.active())
    throw InputError("neural.corner_layer: not with random inputs (the layer's D = <v^2>/sigma_s would depend on z)");
}

CornerLayer::CornerLayer(const Problem& p, double second_moment, double decay_time) : decay_(decay_time) {
  check_problem(p);
  const double rho0 = p.initial.f(0, 0, 0);
  sigma_ = p.sigma_s(0, 0, 0);
  left_ = p.boundary.f_left(0, 0, 0) - rho0;
  right_ = p.boundary.f_right(0, 0, 0) - rho0;
  D_ = second_moment / sigma_;
  shift_ = kMilneExtrapolation * p.eps * p.velocity.vmax / sigma_;
  x_left_ = p.x_left, x_right_ = p.x_right;
}

CornerLayer::Values CornerLayer::operator()(const torch::Tensor& t, const torch::Tensor& x) const {
  const double D = D_;
  auto tt = torch::clamp_min(t, 1e-12);
  auto root = torch::sqrt(M_PI * D * tt);
  auto zero = torch::zeros_like(x + tt);
  Values L{zero, zero, zero, zero, zero};
  // One side: amplitude c, distance s > 0 from the extrapolated wall, sign = ds/dx.
  auto side = [&](double c, const torch::Tensor& s, double sign) {
    if (c == 0) return;
    auto phi = torch::exp(-s * s / (4 * D * tt));
    L.v = L.v + c * torch::erfc(s / (2 * torch::sqrt(D * tt)));
    L.x = L.x - sign * c * phi / root;
    L.xx = L.xx + c * s * phi / (2 * D * tt * root);
    L.t = L.t + c * s * phi / (2 * tt * root);
    L.xt = L.xt - sign * c * phi / root * (s * s / (4 * D * tt * tt) - 1 / (2 * tt));
  };
  side(left_, x - (x_left_ - shift_), 1.0);
  side(right_, (x_right_ + shift_) - x, -1.0);
  if (decay_ <= 0) return L;
  // chi L with chi = exp(-(t/tau)^2), chi' = -c chi, c = 2 t/tau^2: (chi L)_t = chi (L_t - c L) and
  // (chi L)_xt = chi (L_xt - c L_x). chi'(0) = 0 keeps (rho - chi L)/t, what `initial` transforms leave to a
  // network, bounded at the corner: it is ~ (t/tau^2) L there (with exp(-t/tau) it would be L/tau, a jump).
  auto chi = torch::exp(-(t / decay_) * (t / decay_));
  auto c = 2 * t / (decay_ * decay_);
  return {chi * L.v, chi * (L.t - c * L.v), chi * L.x, chi * L.xx, chi * (L.xt - c * L.x)};
}

Jet CornerLayer::density(const Values& L, bool tangents) {
  return tangents ? Jet{L.v, L.t, L.x} : Jet{L.v, {}, {}};
}

Jet CornerLayer::flux(const Values& L, const torch::Tensor& v, bool tangents) const {
  auto c = -v / sigma_;
  return tangents ? Jet{c * L.x, c * L.xt, c * L.xx} : Jet{c * L.x, {}, {}};
}

}  // namespace kinetic::neural

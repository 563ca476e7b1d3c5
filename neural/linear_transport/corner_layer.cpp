#include "neural/linear_transport/corner_layer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "core/error.hpp"

namespace kinetic::neural {
namespace {

constexpr double kMilneExtrapolation = 0.7104461;  // in mean free paths (Chandrasekhar; core/milne.hpp)

// The data may depend on the random inputs, not on t, x, v (beyond `allowed`).
void require_constant(const Formula& f, const char* what, unsigned allowed = 0) {
  if ((f.used_vars() & ~(allowed | static_cast<unsigned>(Formula::Random))) != 0)
    throw InputError(fmt::format("neural.corner_layer: needs a constant {} (it is '{}'){}", what, f.text(),
                                 allowed ? "; it may vary in x" : ""));
}

void require_positive_sigma(double sigma, const Formula& f) {
  if (!(sigma > 0))
    throw InputError(fmt::format("neural.corner_layer: needs sigma_s > 0 at the walls (sigma_s = {} there: '{}')",
                                 sigma, f.text()));
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
  require_constant(p.initial.f, "initial f");
  require_constant(p.sigma_s, "sigma_s in time", Formula::X);
  require_constant(p.boundary.f_left, "boundary left");
  require_constant(p.boundary.f_right, "boundary right");
  for (const Formula* f : {&p.sigma_a, &p.source})
    if (!f->is_constant() || (*f)(0, 0, 0) != 0)
      throw InputError("neural.corner_layer: needs sigma_a = 0 and source = 0");
  if (!p.sigma_s.uses_random())  // with random inputs: checked at each point's z
    for (double x : {p.x_left, p.x_right}) require_positive_sigma(p.sigma_s(0, x, 0), p.sigma_s);
}

CornerLayer::CornerLayer(const Problem& p, double second_moment, double decay_time)
    : f_left_(p.boundary.f_left), f_right_(p.boundary.f_right), f0_(p.initial.f), sigma_s_(p.sigma_s),
      x_left_(p.x_left), x_right_(p.x_right), decay_(decay_time), second_moment_(second_moment),
      milne_scale_(kMilneExtrapolation * p.eps * p.velocity.vmax) {
  check_problem(p);
  for (const Formula* f : {&f_left_, &f_right_, &f0_, &sigma_s_}) random_ = random_ || f->uses_random();
  if (random_) return;  // per point in operator()
  const double rho0 = f0_(0, 0, 0);
  left_ = f_left_(0, x_left_, 0) - rho0;
  right_ = f_right_(0, x_right_, 0) - rho0;
  sigma_left_ = sigma_s_(0, x_left_, 0);
  sigma_right_ = sigma_s_(0, x_right_, 0);
}

namespace {
bool vanishes(double c) { return c == 0; }
bool vanishes(const torch::Tensor&) { return false; }
}  // namespace

template <class Coefficient>
CornerLayer::Values CornerLayer::layers(const torch::Tensor& t, const torch::Tensor& x, const Coefficient& A,
                                        const Coefficient& sigma_left, const Coefficient& B,
                                        const Coefficient& sigma_right) const {
  auto tt = torch::clamp_min(t, 1e-12);
  auto zero = torch::zeros_like(x + tt);
  Values L{zero, zero, zero, zero, zero, zero, zero, zero};
  // One wall: amplitude c, sigma_s there, distance from the wall d >= 0 (shifted by l = milne_scale/sigma to
  // s > 0), sign = ds/dx.
  auto side = [&](const Coefficient& c, const Coefficient& sigma, const torch::Tensor& d, double sign) {
    if (vanishes(c)) return;
    const auto D = second_moment_ / sigma;
    const auto s = d + milne_scale_ / sigma;
    auto root = torch::sqrt(M_PI * D * tt);
    auto phi = torch::exp(-s * s / (4 * D * tt));
    auto Lx = -sign * c * phi / root;
    auto Lxx = c * s * phi / (2 * D * tt * root);
    auto Lxt = Lx * (s * s / (4 * D * tt * tt) - 1 / (2 * tt));
    L.v = L.v + c * torch::erfc(s / (2 * torch::sqrt(D * tt)));
    L.t = L.t + c * s * phi / (2 * tt * root);
    L.x = L.x + Lx;
    L.xx = L.xx + Lxx;
    L.xt = L.xt + Lxt;
    L.q = L.q + Lx / sigma;
    L.qx = L.qx + Lxx / sigma;
    L.qt = L.qt + Lxt / sigma;
  };
  side(A, sigma_left, x - x_left_, 1.0);
  side(B, sigma_right, x_right_ - x, -1.0);
  if (decay_ <= 0) return L;
  // chi L with chi = exp(-(t/tau)^2), chi' = -c chi, c = 2 t/tau^2: (chi L)_t = chi (L_t - c L) and
  // (chi L)_xt = chi (L_xt - c L_x). chi'(0) = 0 keeps (rho - chi L)/t, what `initial` transforms leave to a
  // network, bounded at the corner: it is ~ (t/tau^2) L there (with exp(-t/tau) it would be L/tau, a jump).
  auto chi = torch::exp(-(t / decay_) * (t / decay_));
  auto c = 2 * t / (decay_ * decay_);
  return {chi * L.v, chi * (L.t - c * L.v), chi * L.x, chi * L.xx, chi * (L.xt - c * L.x),
          chi * L.q, chi * (L.qt - c * L.q), chi * L.qx};
}

CornerLayer::Values CornerLayer::operator()(const torch::Tensor& t, const torch::Tensor& x,
                                            const torch::Tensor& z) const {
  if (!random_) return layers(t, x, left_, sigma_left_, right_, sigma_right_);
  if (!z.defined()) throw std::logic_error("CornerLayer: the problem's data depend on z, and no z was given");
  // The data at each point's z on the host, shaped to broadcast along the points' dimension (the first).
  const auto zs = z.to(torch::kCPU, torch::kFloat64).contiguous();
  const long n = zs.size(0), d = zs.size(1);
  auto A = torch::empty({n}, torch::kFloat64), B = torch::empty_like(A);
  auto sl = torch::empty_like(A), sr = torch::empty_like(A);
  double *a = A.data_ptr<double>(), *b = B.data_ptr<double>(), *l = sl.data_ptr<double>(), *r = sr.data_ptr<double>();
  const double* zp = zs.data_ptr<double>();
  for (long i = 0; i < n; ++i) {
    const double* zi = zp + i * d;
    const double rho0 = f0_.at_random(0, x_left_, 0, zi);
    a[i] = f_left_.at_random(0, x_left_, 0, zi) - rho0;
    b[i] = f_right_.at_random(0, x_right_, 0, zi) - rho0;
    l[i] = sigma_s_.at_random(0, x_left_, 0, zi);
    r[i] = sigma_s_.at_random(0, x_right_, 0, zi);
    require_positive_sigma(std::min(l[i], r[i]), sigma_s_);
  }
  std::vector<long> shape(std::max(t.dim(), x.dim()), 1);
  shape.at(0) = n;
  auto per_point = [&](const torch::Tensor& a) { return a.to(t.options()).view(shape); };
  return layers(t, x, per_point(A), per_point(sl), per_point(B), per_point(sr));
}

Jet CornerLayer::density(const Values& L, bool tangents) {
  return tangents ? Jet{L.v, L.t, L.x} : Jet{L.v, {}, {}};
}

Jet CornerLayer::flux(const Values& L, const torch::Tensor& v, bool tangents) {
  return tangents ? Jet{-v * L.q, -v * L.qt, -v * L.qx} : Jet{-v * L.q, {}, {}};
}

}  // namespace kinetic::neural

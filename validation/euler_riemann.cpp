#include "validation/euler_riemann.hpp"

#include <cmath>
#include <sstream>

#include "core/error.hpp"

namespace kinetic::validation {

EulerRiemann::EulerRiemann(const EulerState& left, const EulerState& right, double gamma)
    : left_(left), right_(right), gamma_(gamma) {
  if (!(gamma > 1.0)) throw InputError("EulerRiemann: gamma must be > 1");
  for (const EulerState* s : {&left_, &right_}) {
    if (!(s->rho > 0.0) || !(s->p > 0.0))
      throw InputError("EulerRiemann: density and pressure must be > 0 on both sides");
  }
  const double cl = sound_speed(left_), cr = sound_speed(right_);
  // Pressure positivity condition: two rarefactions would otherwise open a vacuum between them.
  if (2.0 * (cl + cr) / (gamma_ - 1.0) <= right_.u - left_.u)
    throw InputError("EulerRiemann: the data generate a vacuum (not supported)");

  // Newton on g(p) = f_L(p) + f_R(p) + (u_R - u_L) = 0, started from the two-rarefaction pressure, which
  // is exact when both waves are rarefactions and a good guess otherwise (Toro 4.46).
  const double z = (gamma_ - 1.0) / (2.0 * gamma_);
  double p = std::pow((cl + cr - 0.5 * (gamma_ - 1.0) * (right_.u - left_.u)) /
                          (cl / std::pow(left_.p, z) + cr / std::pow(right_.p, z)),
                      1.0 / z);
  p = std::max(p, 1e-12 * std::min(left_.p, right_.p));
  for (int iter = 0; iter < 100; ++iter) {
    double fl, dfl, fr, dfr;
    pressure_function(p, left_, fl, dfl);
    pressure_function(p, right_, fr, dfr);
    double p_new = p - (fl + fr + right_.u - left_.u) / (dfl + dfr);
    if (p_new <= 0.0) p_new = 0.5 * p;  // stay in the physical branch
    const double change = std::fabs(p_new - p) / (0.5 * (p_new + p));
    p = p_new;
    if (change < 1e-15) break;
  }
  double fl, dfl, fr, dfr;
  pressure_function(p, left_, fl, dfl);
  pressure_function(p, right_, fr, dfr);
  p_star_ = p;
  u_star_ = 0.5 * (left_.u + right_.u) + 0.5 * (fr - fl);

  // Star densities: Rankine-Hugoniot across a shock, isentrope across a rarefaction.
  const double mu = (gamma_ - 1.0) / (gamma_ + 1.0);
  auto star_density = [&](const EulerState& s) {
    const double ratio = p_star_ / s.p;
    return ratio > 1.0 ? s.rho * (ratio + mu) / (mu * ratio + 1.0) : s.rho * std::pow(ratio, 1.0 / gamma_);
  };
  rho_star_left_ = star_density(left_);
  rho_star_right_ = star_density(right_);
}

double EulerRiemann::sound_speed(const EulerState& s) const { return std::sqrt(gamma_ * s.p / s.rho); }

// f_K(p): shock branch (p > p_K) from the Rankine-Hugoniot relations, rarefaction branch from the
// Riemann invariant (Toro 4.6, 4.7).
void EulerRiemann::pressure_function(double p, const EulerState& s, double& value, double& derivative) const {
  const double c = sound_speed(s);
  if (p > s.p) {
    const double a = 2.0 / ((gamma_ + 1.0) * s.rho);
    const double b = (gamma_ - 1.0) / (gamma_ + 1.0) * s.p;
    const double root = std::sqrt(a / (p + b));
    value = (p - s.p) * root;
    derivative = root * (1.0 - 0.5 * (p - s.p) / (b + p));
  } else {
    const double z = (gamma_ - 1.0) / (2.0 * gamma_);
    value = 2.0 * c / (gamma_ - 1.0) * (std::pow(p / s.p, z) - 1.0);
    derivative = 1.0 / (s.rho * c) * std::pow(p / s.p, -(gamma_ + 1.0) / (2.0 * gamma_));
  }
}

double EulerRiemann::left_head_speed() const {
  const double c = sound_speed(left_);
  if (left_is_shock())
    return left_.u - c * std::sqrt((gamma_ + 1.0) / (2.0 * gamma_) * p_star_ / left_.p +
                                   (gamma_ - 1.0) / (2.0 * gamma_));
  return left_.u - c;
}

double EulerRiemann::right_head_speed() const {
  const double c = sound_speed(right_);
  if (right_is_shock())
    return right_.u + c * std::sqrt((gamma_ + 1.0) / (2.0 * gamma_) * p_star_ / right_.p +
                                    (gamma_ - 1.0) / (2.0 * gamma_));
  return right_.u + c;
}

double EulerRiemann::left_tail_speed() const {
  if (left_is_shock()) return left_head_speed();
  return u_star_ - std::sqrt(gamma_ * p_star_ / rho_star_left_);
}

double EulerRiemann::right_tail_speed() const {
  if (right_is_shock()) return right_head_speed();
  return u_star_ + std::sqrt(gamma_ * p_star_ / rho_star_right_);
}

EulerState EulerRiemann::sample(double xi) const { return xi <= u_star_ ? sample_left(xi) : sample_right(xi); }

// Left of the contact: undisturbed state, (inside a rarefaction) the centred fan, or the star state.
EulerState EulerRiemann::sample_left(double xi) const {
  if (xi <= left_head_speed()) return left_;
  if (xi >= left_tail_speed()) return {rho_star_left_, u_star_, p_star_};
  // Fan: the C+ Riemann invariant and the characteristic xi = u - c (Toro 4.56).
  const double c = sound_speed(left_);
  const double g = gamma_;
  const double base = 2.0 / (g + 1.0) + (g - 1.0) / ((g + 1.0) * c) * (left_.u - xi);
  return {left_.rho * std::pow(base, 2.0 / (g - 1.0)), 2.0 / (g + 1.0) * (c + 0.5 * (g - 1.0) * left_.u + xi),
          left_.p * std::pow(base, 2.0 * g / (g - 1.0))};
}

EulerState EulerRiemann::sample_right(double xi) const {
  if (xi >= right_head_speed()) return right_;
  if (xi <= right_tail_speed()) return {rho_star_right_, u_star_, p_star_};
  const double c = sound_speed(right_);
  const double g = gamma_;
  const double base = 2.0 / (g + 1.0) - (g - 1.0) / ((g + 1.0) * c) * (right_.u - xi);
  return {right_.rho * std::pow(base, 2.0 / (g - 1.0)), 2.0 / (g + 1.0) * (-c + 0.5 * (g - 1.0) * right_.u + xi),
          right_.p * std::pow(base, 2.0 * g / (g - 1.0))};
}

std::string EulerRiemann::describe() const {
  std::ostringstream out;
  out.precision(7);
  out << "left " << (left_is_shock() ? "shock" : "rarefaction") << " [" << left_head_speed() << ", "
      << left_tail_speed() << "], right " << (right_is_shock() ? "shock" : "rarefaction") << " ["
      << right_tail_speed() << ", " << right_head_speed() << "], p* = " << p_star_ << ", u* = " << u_star_
      << ", rho*L = " << rho_star_left_ << ", rho*R = " << rho_star_right_;
  return out.str();
}

}  // namespace kinetic::validation

#include "classical/vpfp/linear_theory.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>

#include "core/error.hpp"

namespace kinetic::classical::vpfp {

std::vector<std::complex<double>> hermite_spectrum(double k, double eps, int moments) {
  if (moments < 3 || !(k > 0) || !(eps > 0)) throw RunError("hermite_spectrum: needs N >= 3, k > 0, eps > 0");
  const std::complex<double> i(0.0, 1.0);
  Eigen::MatrixXcd A = Eigen::MatrixXcd::Zero(moments, moments);
  for (int n = 0; n < moments; ++n) {
    if (n > 0) A(n, n - 1) -= i * k;
    if (n + 1 < moments) A(n, n + 1) -= i * k * double(n + 1);
    A(n, n) -= n / eps;
  }
  A(1, 0) += (1.0 / eps) * (-i / k);  // the field term (1/eps) E, E = -i c_0/k
  Eigen::ComplexEigenSolver<Eigen::MatrixXcd> solver(A, false);
  if (solver.info() != Eigen::Success) throw RunError("hermite_spectrum: the eigenvalue solver failed");
  std::vector<std::complex<double>> out(solver.eigenvalues().data(), solver.eigenvalues().data() + moments);
  std::sort(out.begin(), out.end(), [](auto a, auto b) { return a.real() > b.real(); });
  return out;
}

std::complex<double> least_damped_mode(double k, double eps) {
  // Of a conjugate pair (the two travelling waves), the one with Im >= 0.
  auto least = [&](int n) {
    const auto front = hermite_spectrum(k, eps, n).front();
    return std::complex<double>(front.real(), std::abs(front.imag()));
  };
  std::complex<double> previous = least(16);
  for (int n = 32; n <= 256; n *= 2) {
    const std::complex<double> now = least(n);
    if (std::abs(now - previous) < 1e-9 * std::abs(now)) return now;
    previous = now;
  }
  throw RunError("least_damped_mode: the Hermite system did not converge by 256 moments");
}

double high_field_rate(double k, double eps) { return -1.0 - eps * (1.0 + k * k); }

}  // namespace kinetic::classical::vpfp

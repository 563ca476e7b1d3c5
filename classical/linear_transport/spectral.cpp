#include "classical/linear_transport/spectral.hpp"

#include "classical/method_registry.hpp"

#include <fftw3.h>

#include <Eigen/Dense>
#include <chrono>
#include <cmath>
#include <complex>
#include <unsupported/Eigen/MatrixFunctions>

#include "classical/slab_setup.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"

namespace kinetic::classical {

namespace {

using Complex = std::complex<double>;

// Real-to-complex FFT of each ordinate's column of a row-major (n x nv) array: out[m*nv + k], m = 0..n/2.
// Unnormalised, as FFTW: the inverse returns n times the input.
class OrdinateFFT {
 public:
  OrdinateFFT(int n, int nv) : n_(n), nv_(nv), real_(fftw_alloc_real(n * nv)), spec_(fftw_alloc_complex((n / 2 + 1) * nv)) {
    const int dims[] = {n};
    forward_ = fftw_plan_many_dft_r2c(1, dims, nv, real_, nullptr, nv, 1, spec_, nullptr, nv, 1, FFTW_ESTIMATE);
    backward_ = fftw_plan_many_dft_c2r(1, dims, nv, spec_, nullptr, nv, 1, real_, nullptr, nv, 1, FFTW_ESTIMATE);
  }
  ~OrdinateFFT() {
    fftw_destroy_plan(forward_);
    fftw_destroy_plan(backward_);
    fftw_free(real_);
    fftw_free(spec_);
  }
  OrdinateFFT(const OrdinateFFT&) = delete;
  OrdinateFFT& operator=(const OrdinateFFT&) = delete;

  std::vector<Complex> forward(const std::vector<double>& values) {
    std::copy(values.begin(), values.end(), real_);
    fftw_execute(forward_);
    std::vector<Complex> out((n_ / 2 + 1) * nv_);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = Complex(spec_[i][0], spec_[i][1]);
    return out;
  }
  std::vector<double> backward(const std::vector<Complex>& modes) {
    for (std::size_t i = 0; i < modes.size(); ++i) {
      spec_[i][0] = modes[i].real();
      spec_[i][1] = modes[i].imag();
    }
    fftw_execute(backward_);  // destroys spec_, which is rewritten on every call
    std::vector<double> out(real_, real_ + n_ * nv_);
    for (double& value : out) value /= n_;
    return out;
  }

 private:
  int n_, nv_;
  double* real_;
  fftw_complex* spec_;
  fftw_plan forward_, backward_;
};

// The mode matrix in the symmetrised unknowns u = W^{1/2} fhat (W = diag(w)), which makes the collision part
// real symmetric: B = -i k V / eps + (sigma_s/eps^2)(s s^T - I) - sigma_a I, s = sqrt(w).
Eigen::MatrixXcd mode_matrix(double k, const Ordinates& ord, double eps, double sigma_s, double sigma_a) {
  const int nv = ord.size();
  Eigen::MatrixXcd b(nv, nv);
  for (int a = 0; a < nv; ++a)
    for (int c = 0; c < nv; ++c) b(a, c) = sigma_s / (eps * eps) * std::sqrt(ord.w[a] * ord.w[c]);
  for (int a = 0; a < nv; ++a) b(a, a) += Complex(-sigma_s / (eps * eps) - sigma_a, -k * ord.v[a] / eps);
  return b;
}

}  // namespace

namespace {

struct SpectralOptions {
  long nx, nv;
  bool save_f;
};

// The keys of the section and whether the method can run the problem (everything `kinetic check` runs).
SpectralOptions parse_spectral(const Problem& problem, const ConfigNode& section) {
  section.allow_only({"method", "nx", "nv", "save_f"});
  SpectralOptions o;
  o.nx = section.get_int("nx", 128);
  o.nv = section.get_int("nv", 32);
  o.save_f = section.get_bool("save_f", false);
  if (o.nx < 4 || o.nx % 2 != 0) section.fail("nx", "must be even and >= 4 (got " + std::to_string(o.nx) + ")");
  if (o.nv < 2) section.fail("nv", "must be >= 2 (got " + std::to_string(o.nv) + ")");
  check_linear_transport(problem, section, "spectral", static_cast<int>(o.nv));
  check_grid_size(section, problem, o.nx, o.nv, 6);
  auto reject = [](const std::string& why) { throw InputError("classical method spectral: " + why); };
  if (!problem.periodic()) reject("needs problem.boundary.type periodic");
  if (!problem.sigma_s.is_constant() || !problem.sigma_a.is_constant())
    reject("needs constant sigma_s and sigma_a (Fourier modes must decouple)");
  if (!is_zero(problem.source)) reject("needs source 0");
  return o;
}

}  // namespace

void solve_spectral(const Problem& problem, const ConfigNode& section, ResultWriter& writer) {
  const SpectralOptions o = parse_spectral(problem, section);
  const long nx = o.nx, nv = o.nv;
  const bool save_f = o.save_f;

  const int n = static_cast<int>(nx), m_count = n / 2 + 1, nvi = static_cast<int>(nv);
  const SlabGrid grid(problem, n);
  const Ordinates ord = make_ordinates(problem, nvi);
  const double sigma_s = problem.sigma_s(0, 0, 0), sigma_a = problem.sigma_a(0, 0, 0);

  auto& data = writer.data();
  data.method = "spectral";
  data.number_attributes["nx"] = static_cast<double>(nx);
  data.number_attributes["nv"] = static_cast<double>(nv);
  data.x = grid.node_coordinates();
  if (save_f) data.v = ord.v;

  // Initial data f0(x_j, v_k) -> per mode, symmetrised: u_m = W^{1/2} fhat_m. The Nyquist mode is dropped
  // (its cosine and sine cannot be told apart on the grid, so it carries no resolved information).
  OrdinateFFT fft(n, nvi);
  std::vector<double> f0(static_cast<std::size_t>(n) * nvi);
  for (int j = 0; j < n; ++j)
    for (int k = 0; k < nvi; ++k)
      f0[static_cast<std::size_t>(j) * nvi + k] =
          problem.initial.macroscopic ? problem.initial.macro.rho(0, grid.node(j), 0) : problem.initial.f(0, grid.node(j), ord.v[k]);
  const std::vector<Complex> f0_hat = fft.forward(f0);

  const auto start = std::chrono::steady_clock::now();
  Progress progress("spectral", static_cast<double>(problem.output_times.size()) * m_count);
  std::size_t done = 0;
  for (double t : problem.output_times) {
    std::vector<Complex> f_hat(f0_hat.size(), Complex(0.0, 0.0));
    for (int m = 0; m < m_count; ++m) {
      progress.update(static_cast<double>(done++));
      if (2 * m == n) continue;
      Eigen::VectorXcd u(nvi);
      for (int k = 0; k < nvi; ++k) u(k) = std::sqrt(ord.w[k]) * f0_hat[static_cast<std::size_t>(m) * nvi + k];
      const double wave = 2.0 * M_PI * m / problem.length();
      // u(t) = exp(B t) u(0)
      const Eigen::MatrixXcd propagator = (mode_matrix(wave, ord, problem.eps, sigma_s, sigma_a) * t).exp();
      const Eigen::VectorXcd ut = propagator * u;
      for (int k = 0; k < nvi; ++k) f_hat[static_cast<std::size_t>(m) * nvi + k] = ut(k) / std::sqrt(ord.w[k]);
    }
    const std::vector<double> f = fft.backward(f_hat);
    std::vector<double> rho(n, 0.0);
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < nvi; ++k) rho[j] += ord.w[k] * f[static_cast<std::size_t>(j) * nvi + k];
    for (double r : rho)
      if (!std::isfinite(r)) throw RunError("spectral: solution is not finite at t = " + std::to_string(t));
    writer.snapshot(t, {{"rho", rho}}, save_f ? f : std::vector<double>{});
  }
  progress.finish();
  data.number_attributes["wall_time_s"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  writer.flush();
}

namespace {
const bool registered = register_classical_method(
    {Equation::LinearTransport, "spectral",
     "periodic reference: FFT in x and the exact exponential of each Fourier mode's ordinate system",
     [](const Problem& p, const ConfigNode& s) { parse_spectral(p, s); }, solve_spectral});
}  // namespace

}  // namespace kinetic::classical

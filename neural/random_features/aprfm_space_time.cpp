#include "neural/random_features/aprfm_space_time.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "core/error.hpp"
#include "core/quadrature.hpp"

namespace kinetic::neural {

double SpaceTimeRfmModel::sum(const SpaceTimeFeatureSpace& space, double t, double x, int k) const {
  std::vector<SpaceTimeFeatureValue> vals;
  space.eval(t, x, k, vals);
  double s = 0;
  for (const auto& fv : vals) s += coef_[fv.column] * fv.value;
  return s;
}

double SpaceTimeRfmModel::rho(double t, double x) const { return sum(*rho_space_, t, x, 0); }

double SpaceTimeRfmModel::f(double t, double x, int k) const {
  double mean = 0;  // g_k = u_k - <u>: the projected features
  for (std::size_t m = 0; m < v_.size(); ++m) mean += w_[m] * sum(*g_space_, t, x, static_cast<int>(m));
  return rho(t, x) + eps_ * (sum(*g_space_, t, x, k) - mean);
}

class SpaceTimeRfmAssembler {
 public:
  SpaceTimeRfmAssembler(const Problem& p, const AprfmOptions& o) : p_(p), o_(o) {}

  SpaceTimeRfmFit fit() {
    const auto start = std::chrono::steady_clock::now();
    SpaceTimeRfmModel& m = out_.model;
    m.eps_ = p_.eps;
    const Quadrature q = velocity_quadrature(p_.velocity, o_.nv);
    m.v_ = q.nodes;
    m.w_ = q.weights;
    nv_ = q.size();
    const PartitionOfUnity pou_x(p_.x_left, p_.x_right, o_.patches_x), pou_t(0.0, p_.t_end, o_.patches_t);
    m.rho_space_ = std::make_shared<SpaceTimeFeatureSpace>(pou_x, pou_t, o_.features_rho, o_.feature_scale, o_.seed,
                                                           std::vector<int>{}, std::vector<double>{}, 0);
    const int rho_cols = m.rho_space_->columns();
    m.g_space_ = std::make_shared<SpaceTimeFeatureSpace>(pou_x, pou_t, o_.features_g, o_.feature_scale, o_.seed + 7919,
                                                         velocity_groups(nv_, o_.patches_v), m.v_, rho_cols);
    const int cols = rho_cols + m.g_space_->columns();
    const int nx = o_.patches_x * o_.collocation + 1, nt = o_.patches_t * o_.collocation_t + 1;
    const long rows =
        static_cast<long>(nt) * nx * (nv_ + 1) + static_cast<long>(nx) * nv_ + static_cast<long>(nt) * nv_;
    A_ = Eigen::MatrixXd::Zero(rows, cols);
    b_ = Eigen::VectorXd::Zero(rows);
    weight_.assign(rows, 1.0);
    for (auto* v : {&mean_, &mean_dx_, &mean_dt_, &mean_vdx_}) v->assign(cols, 0.0);
    mark_.assign(cols, 0);
    for (int i = 0; i < nt; ++i)
      for (int j = 0; j < nx; ++j) interior_rows(p_.t_end * i / (nt - 1), p_.x_left + p_.length() * j / (nx - 1));
    for (int j = 0; j < nx; ++j) data_rows(0.0, p_.x_left + p_.length() * j / (nx - 1), 0);
    for (int i = 0; i < nt; ++i) {
      data_rows(p_.t_end * i / (nt - 1), p_.x_left, +1);
      data_rows(p_.t_end * i / (nt - 1), p_.x_right, -1);
    }
    if (row_ != rows) throw RunError(fmt::format("aprfm space-time: assembled {} rows, expected {}", row_, rows));
    const Eigen::VectorXd c = solve_least_squares(A_, b_, weight_, o_.solver, &out_.solve);
    m.coef_.assign(c.data(), c.data() + c.size());
    out_.rows = rows;
    out_.columns = cols;
    out_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return std::move(out_);
  }

 private:
  // Raw g features at (t, x) for every ordinate and their moments <F>, <F_x>, <F_t>, <v F_x>.
  void eval_g(double t, double x) {
    const auto& m = out_.model;
    gvals_.assign(nv_, {});
    touched_.clear();
    for (int k = 0; k < nv_; ++k) {
      m.g_space_->eval(t, x, k, gvals_[k]);
      for (const auto& fv : gvals_[k]) {
        if (!mark_[fv.column]) {
          mark_[fv.column] = 1;
          touched_.push_back(fv.column);
        }
        mean_[fv.column] += m.w_[k] * fv.value;
        mean_dx_[fv.column] += m.w_[k] * fv.dx;
        mean_dt_[fv.column] += m.w_[k] * fv.dt;
        mean_vdx_[fv.column] += m.w_[k] * m.v_[k] * fv.dx;
      }
    }
  }
  void clear_g() {
    for (int c : touched_) {
      mean_[c] = mean_dx_[c] = mean_dt_[c] = mean_vdx_[c] = 0;
      mark_[c] = 0;
    }
  }

  // micro: eps^2 (F_t - <F_t>) + eps (v (F_x - <F_x>) - <v F_x>) + s (F - <F>)  [g] + v rho_x  = eps (G - <G>)
  // macro: rho_t + sigma_a rho [rho] + <v F_x> [g] = <G>
  void interior_rows(double t, double x) {
    const auto& m = out_.model;
    const double eps = p_.eps, sa = p_.sigma_a(t, x, 0), s = p_.sigma_s(t, x, 0) + eps * eps * sa;
    std::vector<SpaceTimeFeatureValue> rvals;
    m.rho_space_->eval(t, x, 0, rvals);
    eval_g(t, x);
    std::vector<double> G(nv_);
    double meanG = 0;
    for (int k = 0; k < nv_; ++k) meanG += m.w_[k] * (G[k] = p_.source(t, x, m.v_[k]));
    for (int k = 0; k < nv_; ++k, ++row_) {
      const double vk = m.v_[k];
      for (int c : touched_)
        A_(row_, c) = -eps * eps * mean_dt_[c] - eps * (vk * mean_dx_[c] + mean_vdx_[c]) - s * mean_[c];
      for (const auto& fv : gvals_[k]) A_(row_, fv.column) += eps * eps * fv.dt + eps * vk * fv.dx + s * fv.value;
      for (const auto& fv : rvals) A_(row_, fv.column) += vk * fv.dx;
      b_[row_] = eps * (G[k] - meanG);
    }
    for (int c : touched_) A_(row_, c) = mean_vdx_[c];
    for (const auto& fv : rvals) A_(row_, fv.column) += fv.dt + sa * fv.value;
    b_[row_++] = meanG;
    clear_g();
  }

  // rho + eps (F_k - <F>) = data: initial f0 (side 0, every k), inflow left (side +1, v > 0) or right (-1, v < 0).
  void data_rows(double t, double x, int side) {
    const auto& m = out_.model;
    std::vector<SpaceTimeFeatureValue> rvals;
    m.rho_space_->eval(t, x, 0, rvals);
    eval_g(t, x);
    for (int k = 0; k < nv_; ++k) {
      if (side != 0 && (m.v_[k] > 0) != (side > 0)) continue;
      for (int c : touched_) A_(row_, c) = -p_.eps * mean_[c];
      for (const auto& fv : gvals_[k]) A_(row_, fv.column) += p_.eps * fv.value;
      for (const auto& fv : rvals) A_(row_, fv.column) += fv.value;
      b_[row_] = side == 0  ? p_.initial.f(0, x, m.v_[k])
                 : side > 0 ? p_.boundary.f_left(t, x, m.v_[k])
                            : p_.boundary.f_right(t, x, m.v_[k]);
      weight_[row_++] = o_.bc_weight;
    }
    clear_g();
  }

  const Problem& p_;
  const AprfmOptions& o_;
  int nv_ = 0;
  long row_ = 0;
  SpaceTimeRfmFit out_;
  Eigen::MatrixXd A_;
  Eigen::VectorXd b_;
  std::vector<double> weight_;
  std::vector<std::vector<SpaceTimeFeatureValue>> gvals_;
  std::vector<double> mean_, mean_dx_, mean_dt_, mean_vdx_;
  std::vector<int> touched_;
  std::vector<char> mark_;
};

void check_space_time_rfm_problem(const Problem& p, const AprfmOptions& o) {
  auto bad = [](const std::string& what) { throw InputError("neural method aprfm (space_time): " + what); };
  if (p.equation != Equation::LinearTransport) bad("needs equation linear_transport");
  if (p.dim != 1) bad("only 1-D slabs are supported");
  if (p.boundary.kind != BoundaryKind::Inflow) bad("needs inflow boundaries (got " + to_string(p.boundary.kind) + ")");
  if (p.initial.macroscopic) bad("needs initial data f(x, v)");
  if (!o.micro_macro) bad("only the micro-macro form (method aprfm) has a space-time version");
}

SpaceTimeRfmFit fit_space_time_rfm(const Problem& p, const AprfmOptions& o) {
  check_space_time_rfm_problem(p, o);
  return SpaceTimeRfmAssembler(p, o).fit();
}

}  // namespace kinetic::neural

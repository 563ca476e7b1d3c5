#include "neural/random_features/aprfm.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "core/error.hpp"
#include "core/quadrature.hpp"
#include "neural/random_features/aprfm_space_time.hpp"
#include "neural/method_registry.hpp"

namespace kinetic::neural {

// ---------------------------------------------------------------------------------------------- evaluation

double SteadyRfmModel::features_sum(const RandomFeatureSpace& space, double x, int k) const {
  std::vector<FeatureValue> vals;
  space.eval(x, k, vals);
  double sum = 0;
  for (const auto& fv : vals) sum += coef_[fv.column] * fv.value;
  return sum;
}

double SteadyRfmModel::mode_value(const LayerMode& m, double x) const {
  const double dist = m.left ? x - x_left_ : x_right_ - x;
  return std::exp(-m.lambda * dist / eps_);
}

double SteadyRfmModel::rho(double x) const {
  if (!micro_macro_) {
    double sum = 0;
    for (std::size_t k = 0; k < v_.size(); ++k) sum += w_[k] * f(x, static_cast<int>(k));
    return sum;
  }
  double r = features_sum(*rho_space_, x, 0);
  for (std::size_t m = 0; m < modes_.size(); ++m) r += coef_[mode_offset_ + m] * mode_value(modes_[m], x);
  return r;
}

double SteadyRfmModel::f(double x, int k) const {
  if (!micro_macro_) return features_sum(*g_space_, x, k);
  // f = rho + eps g, g_k = u_k - <u> (the projected features), layer modes: f = phi_k exp(...).
  double mean_u = 0;
  for (std::size_t m = 0; m < v_.size(); ++m) mean_u += w_[m] * features_sum(*g_space_, x, static_cast<int>(m));
  double value = features_sum(*rho_space_, x, 0) + eps_ * (features_sum(*g_space_, x, k) - mean_u);
  for (std::size_t m = 0; m < modes_.size(); ++m)
    value += coef_[mode_offset_ + m] * modes_[m].phi[k] * mode_value(modes_[m], x);
  return value;
}

// ---------------------------------------------------------------------------------------------- assembly

namespace {

void check_problem(const Problem& p, const AprfmOptions& o) {
  const std::string who = o.micro_macro ? "neural method aprfm" : "neural method rfm";
  auto bad = [&](const std::string& what) { throw InputError(who + ": " + what); };
  if (p.equation != Equation::LinearTransport)
    bad("needs equation linear_transport (got " + to_string(p.equation) + ")");
  if (p.dim != 1) bad("only 1-D slabs are supported");
  if (p.boundary.kind != BoundaryKind::Inflow)
    bad("solves steady problems with inflow boundaries (got " + to_string(p.boundary.kind) + ")");
  if (std::abs(p.velocity.vmin + p.velocity.vmax) > 1e-14 * p.velocity.vmax) bad("needs a symmetric velocity range");
  const Formula* data[] = {&p.source, &p.boundary.f_left, &p.boundary.f_right, &p.sigma_s, &p.sigma_a};
  for (const Formula* f : data)
    if (f->used_vars() & Formula::T)
      bad("steady problems need time-independent data (formula '" + f->text() + "' uses t)");
}

}  // namespace

// Builds the rows of either method at the collocation points and the inflow points.
class SteadyRfmAssembler {
 public:
  SteadyRfmAssembler(const Problem& p, const AprfmOptions& o) : p_(p), o_(o), t_(p.t_end) {}

  SteadyRfmFit fit() {
    const auto start = std::chrono::steady_clock::now();
    SteadyRfmModel& m = out_.model;
    m.micro_macro_ = o_.micro_macro;
    m.eps_ = p_.eps;
    m.x_left_ = p_.x_left;
    m.x_right_ = p_.x_right;
    const Quadrature q = velocity_quadrature(p_.velocity, o_.nv);
    m.v_ = q.nodes;
    m.w_ = q.weights;
    nv_ = q.size();
    const PartitionOfUnity pou(p_.x_left, p_.x_right, o_.patches_x);
    int cols = 0;
    if (o_.micro_macro) {
      m.rho_space_ = std::make_shared<RandomFeatureSpace>(pou, o_.features_rho, o_.feature_scale, o_.seed,
                                                          std::vector<int>{}, std::vector<double>{}, 0);
      cols += m.rho_space_->columns();
    }
    m.g_space_ = std::make_shared<RandomFeatureSpace>(pou, o_.features_g, o_.feature_scale, o_.seed + 7919,
                                                      velocity_groups(nv_, o_.patches_v), m.v_, cols);
    cols += m.g_space_->columns();
    if (o_.micro_macro && o_.boundary_layers) add_layer_modes(m);
    m.mode_offset_ = cols;
    cols += static_cast<int>(m.modes_.size());

    const int nc = o_.patches_x * o_.collocation + 1;  // uniform, both ends included
    const long rows = static_cast<long>(nc) * (nv_ + (o_.micro_macro ? 1 : 0)) + nv_;
    A_ = Eigen::MatrixXd::Zero(rows, cols);
    b_ = Eigen::VectorXd::Zero(rows);
    weight_.assign(rows, 1.0);
    gmean_.assign(cols, 0.0);
    gdmean_.assign(cols, 0.0);
    gvdmean_.assign(cols, 0.0);
    mark_.assign(cols, 0);
    for (int i = 0; i < nc; ++i) {
      const double x = p_.x_left + p_.length() * i / (nc - 1);
      o_.micro_macro ? micro_macro_rows(x) : plain_rows(x);
    }
    inflow_rows();
    if (row_ != rows) throw RunError(fmt::format("aprfm: assembled {} rows, expected {}", row_, rows));

    const Eigen::VectorXd c = solve_least_squares(A_, b_, weight_, o_.solver, &out_.solve);
    m.coef_.assign(c.data(), c.data() + c.size());
    out_.rows = rows;
    out_.columns = cols;
    out_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return std::move(out_);
  }

 private:
  double sigma_s(double x) const { return p_.sigma_s(t_, x, 0); }
  double sigma_a(double x) const { return p_.sigma_a(t_, x, 0); }
  double s_total(double x) const { return sigma_s(x) + p_.eps * p_.eps * sigma_a(x); }

  void add_layer_modes(SteadyRfmModel& m) {
    for (bool left : {true, false}) {
      const double xb = left ? p_.x_left : p_.x_right;
      auto modes = layer_modes(m.v_, m.w_, sigma_s(xb), s_total(xb), left);
      for (auto& mode : modes) {
        mode_sigma_.push_back(sigma_s(xb));
        mode_sigma_a_.push_back(sigma_a(xb));
        m.modes_.push_back(std::move(mode));
      }
    }
  }

  // Raw g features at x for every ordinate and their velocity moments <F>, <F_x>, <v F_x> (per column).
  void eval_g(double x) {
    const auto& m = out_.model;
    gvals_.assign(nv_, {});
    touched_.clear();
    for (int k = 0; k < nv_; ++k) {
      m.g_space_->eval(x, k, gvals_[k]);
      for (const auto& fv : gvals_[k]) {
        if (!mark_[fv.column]) {
          mark_[fv.column] = 1;
          touched_.push_back(fv.column);
        }
        gmean_[fv.column] += m.w_[k] * fv.value;
        gdmean_[fv.column] += m.w_[k] * fv.dx;
        gvdmean_[fv.column] += m.w_[k] * m.v_[k] * fv.dx;
      }
    }
  }
  void clear_g() {
    for (int c : touched_) {
      gmean_[c] = gdmean_[c] = gvdmean_[c] = 0;
      mark_[c] = 0;
    }
  }

  // micro (x, v_k): eps (v_k (F_k' - <F'>) - <v F'>) + s (F_k - <F>)  [g],  v_k rho'  [rho],
  //                 (s(x) - s_b)(phi_k - 1)/eps e(x)  [layer modes: their residual beyond the exact part]
  //                 = eps (G_k - <G>)
  // macro (x):      <v F'> [g] + sigma_a rho [rho] + (sigma_a(x) - sigma_a,b) e(x) [modes] = <G>
  void micro_macro_rows(double x) {
    const auto& m = out_.model;
    const double eps = p_.eps, s = s_total(x), sa = sigma_a(x);
    std::vector<FeatureValue> rvals;
    m.rho_space_->eval(x, 0, rvals);
    eval_g(x);
    std::vector<double> G(nv_);
    double meanG = 0;
    for (int k = 0; k < nv_; ++k) meanG += m.w_[k] * (G[k] = p_.source(t_, x, m.v_[k]));
    for (int k = 0; k < nv_; ++k, ++row_) {
      const double vk = m.v_[k];
      for (int c : touched_) A_(row_, c) = eps * (-vk * gdmean_[c] - gvdmean_[c]) - s * gmean_[c];
      for (const auto& fv : gvals_[k]) A_(row_, fv.column) += eps * vk * fv.dx + s * fv.value;
      for (const auto& fv : rvals) A_(row_, fv.column) += vk * fv.dx;
      for (std::size_t j = 0; j < m.modes_.size(); ++j) {
        const double sb = mode_sigma_[j] + eps * eps * mode_sigma_a_[j];
        A_(row_, m.mode_offset_ + j) = (s - sb) * (m.modes_[j].phi[k] - 1) / eps * m.mode_value(m.modes_[j], x);
      }
      b_[row_] = eps * (G[k] - meanG);
    }
    for (int c : touched_) A_(row_, c) = gvdmean_[c];
    for (const auto& fv : rvals) A_(row_, fv.column) += sa * fv.value;
    for (std::size_t j = 0; j < m.modes_.size(); ++j)
      A_(row_, m.mode_offset_ + j) = (sa - mode_sigma_a_[j]) * m.mode_value(m.modes_[j], x);
    b_[row_++] = meanG;
    clear_g();
  }

  // plain (x, v_k): eps v_k F_k' + sigma_s (F_k - <F>) + eps^2 sigma_a F_k = eps^2 G_k
  void plain_rows(double x) {
    const auto& m = out_.model;
    const double eps = p_.eps, sig = sigma_s(x), sa = sigma_a(x);
    eval_g(x);
    for (int k = 0; k < nv_; ++k, ++row_) {
      for (int c : touched_) A_(row_, c) = -sig * gmean_[c];
      for (const auto& fv : gvals_[k]) A_(row_, fv.column) += eps * m.v_[k] * fv.dx + (sig + eps * eps * sa) * fv.value;
      b_[row_] = eps * eps * p_.source(t_, x, m.v_[k]);
    }
    clear_g();
  }

  // f(xL, v_k > 0) = f_L(v_k), f(xR, v_k < 0) = f_R(v_k): rho + eps (F_k - <F>) + phi_k e  (aprfm) or F_k (rfm).
  void inflow_rows() {
    const auto& m = out_.model;
    for (bool left : {true, false}) {
      const double x = left ? p_.x_left : p_.x_right;
      std::vector<FeatureValue> rvals;
      if (o_.micro_macro) m.rho_space_->eval(x, 0, rvals);
      eval_g(x);
      for (int k = 0; k < nv_; ++k) {
        if ((m.v_[k] > 0) != left) continue;
        if (o_.micro_macro) {
          for (int c : touched_) A_(row_, c) = -p_.eps * gmean_[c];
          for (const auto& fv : gvals_[k]) A_(row_, fv.column) += p_.eps * fv.value;
          for (const auto& fv : rvals) A_(row_, fv.column) += fv.value;
          for (std::size_t j = 0; j < m.modes_.size(); ++j)
            A_(row_, m.mode_offset_ + j) = m.modes_[j].phi[k] * m.mode_value(m.modes_[j], x);
        } else {
          for (const auto& fv : gvals_[k]) A_(row_, fv.column) += fv.value;
        }
        b_[row_] = left ? p_.boundary.f_left(t_, x, m.v_[k]) : p_.boundary.f_right(t_, x, m.v_[k]);
        weight_[row_++] = o_.bc_weight;
      }
      clear_g();
    }
  }

  const Problem& p_;
  const AprfmOptions& o_;
  double t_;
  int nv_ = 0;
  long row_ = 0;
  SteadyRfmFit out_;
  Eigen::MatrixXd A_;
  Eigen::VectorXd b_;
  std::vector<double> weight_;
  std::vector<double> mode_sigma_, mode_sigma_a_;
  std::vector<std::vector<FeatureValue>> gvals_;
  std::vector<double> gmean_, gdmean_, gvdmean_;
  std::vector<int> touched_;
  std::vector<char> mark_;
};

SteadyRfmFit fit_steady_rfm(const Problem& problem, const AprfmOptions& options) {
  check_problem(problem, options);
  return SteadyRfmAssembler(problem, options).fit();
}

// ---------------------------------------------------------------------------------------------- entry

namespace {

std::vector<double> eval_points(const Problem& problem, int n) {
  std::vector<double> x(n);
  for (int i = 0; i < n; ++i) x[i] = problem.x_left + problem.length() * i / (n - 1);
  return x;
}

// mode: space_time: one fit over [0, t_end] x [xL, xR], then rho and f at every output time.
void write_space_time(const Problem& problem, const AprfmOptions& options, ResultWriter& writer) {
  const SpaceTimeRfmFit fit = fit_space_time_rfm(problem, options);
  ResultData& d = writer.data();
  d.method = "aprfm";
  d.text_attributes["aprfm_mode"] = "space_time";
  d.number_attributes["wall_time_s"] = fit.seconds;
  d.number_attributes["least_squares_rows"] = static_cast<double>(fit.rows);
  d.number_attributes["least_squares_columns"] = static_cast<double>(fit.columns);
  d.number_attributes["least_squares_relative_residual"] = fit.solve.relative_residual;
  d.x = eval_points(problem, options.eval_nx);
  d.v = fit.model.v();
  const std::size_t nv = d.v.size();
  for (double t : problem.output_times) {
    std::vector<double> rho(d.x.size()), f(d.x.size() * nv);
    for (std::size_t i = 0; i < d.x.size(); ++i) {
      rho[i] = fit.model.rho(t, d.x[i]);
      for (std::size_t k = 0; k < nv; ++k) f[i * nv + k] = fit.model.f(t, d.x[i], static_cast<int>(k));
    }
    writer.snapshot(t, {{"rho", rho}}, f);
  }
}

}  // namespace

void train_aprfm(const Problem& problem, const ConfigNode& section, ResultWriter& writer, const TrainContext&) {
  const AprfmOptions options = parse_aprfm_options(section);
  if (options.space_time) return write_space_time(problem, options, writer);
  const SteadyRfmFit fit = fit_steady_rfm(problem, options);
  const SteadyRfmModel& model = fit.model;
  ResultData& d = writer.data();
  d.method = options.micro_macro ? "aprfm" : "rfm";
  d.number_attributes["wall_time_s"] = fit.seconds;
  d.number_attributes["least_squares_rows"] = static_cast<double>(fit.rows);
  d.number_attributes["least_squares_columns"] = static_cast<double>(fit.columns);
  d.number_attributes["least_squares_relative_residual"] = fit.solve.relative_residual;
  d.number_attributes["least_squares_rank"] = static_cast<double>(fit.solve.rank);
  d.x = eval_points(problem, options.eval_nx);
  d.v = model.v();
  const std::size_t nv = model.v().size();
  std::vector<double> rho(d.x.size()), f(d.x.size() * nv);
  for (std::size_t i = 0; i < d.x.size(); ++i) {
    rho[i] = model.rho(d.x[i]);
    for (std::size_t k = 0; k < nv; ++k) f[i * nv + k] = model.f(d.x[i], static_cast<int>(k));
  }
  // A steady solution: the same snapshot at every output time (time plays no role).
  for (double time : problem.output_times) writer.snapshot(time, {{"rho", rho}}, f);
}

namespace {

// The random feature methods fit once by least squares and have their own options (aprfm_options.hpp).
void check_rfm(const Problem& problem, const ConfigNode& section) {
  const AprfmOptions options = parse_aprfm_options(section);
  if (options.space_time) return check_space_time_rfm_problem(problem, options);
  check_problem(problem, options);
}

const bool registered_aprfm = register_neural_method(NeuralMethod::own_training(
    Equation::LinearTransport, "aprfm",
    "APRFM: micro-macro random features (partition of unity, kinetic layer modes), one least-squares solve; "
    "steady or space-time",
    check_rfm, train_aprfm));
const bool registered_rfm = register_neural_method(NeuralMethod::own_training(
    Equation::LinearTransport, "rfm", "plain random features on the original equation (not AP; steady)", check_rfm,
    train_aprfm));

}  // namespace

}  // namespace kinetic::neural

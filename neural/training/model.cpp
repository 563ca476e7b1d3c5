#include "neural/training/model.hpp"

#include "core/quadrature.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "neural/method_registry.hpp"

namespace kinetic::neural {


Model::Model(const Problem& problem, const NeuralOptions& options)
    : problem_(problem), options_(options), horizon_(problem.t_end) {
  topt_ = torch::TensorOptions()
              .dtype(options.dtype == "float64" ? torch::kFloat64 : torch::kFloat32)
              .device(options.device == "cuda" ? torch::kCUDA : torch::kCPU);
  if (problem.random.active()) random_rule_ = make_rule(options.statistics, problem.random);
}

Model::VelocityColumns Model::velocity_columns() const {
  const Quadrature q = velocity_quadrature(problem_.velocity, options_.quadrature);
  VelocityColumns c;
  c.v = column(q.nodes);
  c.w = column(q.weights);
  std::vector<double> pos(q.nodes.size()), neg(q.nodes.size());
  for (std::size_t k = 0; k < q.nodes.size(); ++k) pos[k] = q.nodes[k] > 0, neg[k] = q.nodes[k] < 0;
  c.w_pos = column(pos) * c.w;
  c.w_pos = c.w_pos / c.w_pos.sum();
  c.w_neg = column(neg) * c.w;
  c.w_neg = c.w_neg / c.w_neg.sum();
  return c;
}

void Model::set_kinetic_data(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v,
                             const torch::Tensor& f) {
  kin_t_ = t.to(topt_), kin_x_ = x.to(topt_), kin_v_ = v.to(topt_), kin_f_ = f.to(topt_);
}

torch::Tensor random_rows(long n, long batch, torch::Device device, c10::optional<at::Generator> generator) {
  const auto index = torch::TensorOptions().dtype(torch::kLong).device(device);
  if (batch <= 0 || batch >= n) return torch::arange(n, index);
  return torch::randint(n, {batch}, generator, index);
}

torch::Tensor relative_misfit(const torch::Tensor& pred, const torch::Tensor& data) {
  return relative_misfit_term(pred, data).value(pred.options());
}

std::vector<torch::Tensor> Model::loss_terms(Derivatives mode) { return values(residual_terms(mode), topt_); }

std::vector<ResidualTerm> Model::residual_terms(Derivatives) {
  throw InputError(fmt::format("neural.optimizer.second_order: method {} does not expose its loss as residuals",
                               options_.method));
}

torch::Tensor Model::point_residuals(const std::vector<double>& weights, Derivatives mode) {
  const int count = interior_term_count();
  if (count <= 0)
    throw InputError(fmt::format("neural.mcmc: method {} does not declare its interior loss terms", options_.method));
  set_pass(0, 1);
  const auto terms = residual_terms(mode);
  torch::Tensor sum = torch::zeros({it_.size(0)}, topt_);
  for (int k = 0; k < count; ++k) {
    if (weights.at(k) == 0) continue;
    for (const auto& p : terms[k].pieces) {
      auto per_row = p.w.defined() ? torch::matmul(p.r.pow(2), p.w) : p.r.pow(2);
      sum = sum + (weights[k] * terms[k].factor * p.scale) * per_row.detach().reshape(-1);
    }
  }
  return sum;
}

torch::Tensor Model::kinetic_misfit(long batch, c10::optional<at::Generator> generator) {
  return kinetic_misfit_term(batch, generator).value(topt_);
}

ResidualTerm Model::kinetic_misfit_term(long batch, c10::optional<at::Generator> generator) {
  const auto idx = random_rows(kin_t_.size(0), batch, topt_.device(), generator);
  return relative_misfit_term(distribution(kin_t_.index_select(0, idx), kin_x_.index_select(0, idx),
                                           kin_v_.index_select(0, idx)),
                              kin_f_.index_select(0, idx));
}

torch::Tensor Model::distribution(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&) {
  throw InputError(fmt::format("neural.supervision: method {} cannot be supervised with kinetic data f "
                               "(sample the data without include_f)", options_.method));
}

Model::Slice Model::pass_slice(long n) const {
  const long first = n * pass_index_ / pass_count_, end = n * (pass_index_ + 1) / pass_count_;
  return {first, end - first, n > 0 ? static_cast<double>(end - first) / n : 0.0};
}

torch::Tensor Model::column(const std::vector<double>& values) const {
  return torch::tensor(values, torch::TensorOptions().dtype(torch::kFloat64)).to(topt_);
}

torch::Tensor Model::times(const std::vector<double>& u) const {
  std::vector<double> t(u.size());
  for (std::size_t i = 0; i < u.size(); ++i) t[i] = horizon_ * std::pow(u[i], options_.time_bias);
  return column(t);
}

torch::Tensor Model::positions(const std::vector<double>& u) const {
  std::vector<double> x(u.size());
  for (std::size_t i = 0; i < u.size(); ++i) x[i] = problem_.x_left + problem_.length() * u[i];
  return column(x);
}

torch::Tensor Model::interior_positions(const std::vector<double>& u) const {
  const double b = options_.wall_bias;
  if (b == 1.0) return positions(u);
  std::vector<double> s(u.size());
  for (std::size_t i = 0; i < u.size(); ++i)
    s[i] = u[i] < 0.5 ? 0.5 * std::pow(2 * u[i], b) : 1 - 0.5 * std::pow(2 * (1 - u[i]), b);
  return positions(s);
}

torch::Tensor Model::tabulate(const Formula& f, const torch::Tensor& t, const torch::Tensor& x,
                              const torch::Tensor& v) const {
  return tabulate(f, t, x, v, torch::Tensor());
}

torch::Tensor Model::tabulate(const Formula& f, const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v,
                              const torch::Tensor& z) const {
  auto shape = torch::broadcast_tensors({t, x, v})[0].sizes().vec();
  if (f.is_constant()) return torch::full(shape, f(0, 0, 0), topt_);
  // Random inputs: the first dimension of the grid is the points, each with its row of z.
  const bool at_z = z.defined() && f.uses_random();
  const long points = at_z ? z.size(0) : 1, d = at_z ? z.size(1) : 0;
  if (at_z) {
    if (shape.empty() || (shape[0] != points && shape[0] != 1))
      throw RunError(fmt::format("tabulate: {} points of z for a grid whose first dimension is {}", points,
                                 shape.empty() ? 0 : shape[0]));
    shape[0] = points;
  }
  auto bt = t.expand(shape).to(torch::kCPU, torch::kFloat64).contiguous();
  auto bx = x.expand(shape).to(torch::kCPU, torch::kFloat64).contiguous();
  auto bv = v.expand(shape).to(torch::kCPU, torch::kFloat64).contiguous();
  auto out = torch::empty(shape, torch::TensorOptions().dtype(torch::kFloat64));
  const double *pt = bt.data_ptr<double>(), *px = bx.data_ptr<double>(), *pv = bv.data_ptr<double>();
  double* po = out.data_ptr<double>();
  if (at_z) {
    auto bz = z.to(torch::kCPU, torch::kFloat64).contiguous();
    const double* pz = bz.data_ptr<double>();
    const long per_point = out.numel() / points;
    for (long i = 0; i < out.numel(); ++i) po[i] = f.at_random(pt[i], px[i], pv[i], pz + (i / per_point) * d);
  } else {
    for (long i = 0; i < out.numel(); ++i) po[i] = f(pt[i], px[i], pv[i]);
  }
  return out.to(topt_);
}

torch::Tensor Model::stack_inputs(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v) {
  auto b = torch::broadcast_tensors({t, x, v});
  return torch::stack({b[0].reshape(-1), b[1].reshape(-1), b[2].reshape(-1)}, 1);
}

Model::Collocation Model::sample_collocation(PointSampler& sampler, int factor) const {
  const int d = random_dim();
  auto in = sampler.unit("interior", factor * options_.n_interior, 2 + d);
  auto bd = sampler.unit("boundary", factor * options_.n_boundary, 1 + d);
  auto ini = sampler.unit("initial", factor * options_.n_initial, 1 + d);
  return {times(in[0]),           interior_positions(in[1]), times(bd[0]),           positions(ini[0]),
          random_from_unit(in, 2), random_from_unit(bd, 1),   random_from_unit(ini, 1)};
}

std::pair<torch::Tensor, torch::Tensor> Model::initial_density(const torch::Tensor& x) const {
  const auto& init = problem_.initial;
  if (init.macroscopic) return initial_profile(init.macro.rho, x);
  const auto c = velocity_columns();
  return profile_with_derivative(
      [&](const torch::Tensor& xs) {
        return torch::matmul(tabulate(init.f, torch::zeros({1, 1}, topt_), xs.unsqueeze(1), c.v.unsqueeze(0)), c.w);
      },
      x);
}

std::pair<torch::Tensor, torch::Tensor> Model::initial_profile(const Formula& q, const torch::Tensor& x) const {
  return profile_with_derivative(
      [&](const torch::Tensor& xs) { return tabulate(q, torch::zeros({1}, topt_), xs, torch::zeros({1}, topt_)); }, x);
}

std::pair<torch::Tensor, torch::Tensor> Model::profile_with_derivative(
    const std::function<torch::Tensor(const torch::Tensor&)>& q, const torch::Tensor& x) const {
  const auto xd = x.reshape(-1);
  const double h = 1e-3 * problem_.length();
  auto dx = (8 * (q(xd + h) - q(xd - h)) - (q(xd + 2 * h) - q(xd - 2 * h))) / (12 * h);
  auto shaped = [&](const torch::Tensor& a) { return a.dim() == 1 ? a.view(x.sizes()) : a; };  // (points x K) stays
  return {shaped(q(xd)), shaped(dx)};
}

Jet Model::rho_transform(const Jet& raw, const torch::Tensor& t, const torch::Tensor& x) const {
  const auto& kind = options_.rho_transform;
  if (kind == "t_exp") return times_t(t, exp_neg(raw));  // rho = t exp(-o): rho(0, x) = 0 exactly
  if (kind == "initial") {  // rho = rho0(x) + t o: rho(0, x) = rho0(x) exactly
    auto [rho0, rho0_x] = initial_density(x);
    return initial_lift(t, rho0, rho0_x, raw);
  }
  if (kind == "exp") return exp_neg(raw);
  if (kind == "softplus") return softplus(raw);
  return raw;
}

void Model::set_network_time_range(double t_end, bool keep_functions) {
  for (const auto& m : modules(/*include_self=*/false))
    if (auto net = std::dynamic_pointer_cast<FieldNetImpl>(m)) net->set_time_range(0.0, t_end, keep_functions);
}

std::shared_ptr<Model> make_model(const Problem& problem, const NeuralOptions& options) {
  const NeuralMethod& method = neural_method(options.method);
  if (method.equation != problem.equation)
    throw InputError(fmt::format("neural.method: {} is a method for {} (problem is {})", options.method,
                                 to_string(method.equation), to_string(problem.equation)));
  method.accepts(problem, options);
  auto model = method.make(problem, options);
  // Time windows: the networks start on the first window, whose interval fills their time input.
  if (!options.windows.ends.empty()) model->set_network_time_range(options.windows.ends.front(), false);
  return model;
}

double relative_l2(const std::vector<double>& a, const std::vector<double>& ref) {
  double num = 0, den = 0;
  for (std::size_t i = 0; i < a.size() && i < ref.size(); ++i) num += (a[i] - ref[i]) * (a[i] - ref[i]), den += ref[i] * ref[i];
  return den > 0 ? std::sqrt(num / den) : std::sqrt(num);
}

}  // namespace kinetic::neural

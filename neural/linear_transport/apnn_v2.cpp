// APNN v2: even-odd parity model of linear transport (slides "APNN v2"; reference-facts "Even-odd parity").
//   r = (f(v) + f(-v))/2,  j = (f(v) - f(-v))/(2 eps),  v in (0, V],  rho = <r> (half-range average)
//   even:          eps^2 (r_t + v j_x) - sigma_s (rho - r) + eps^2 sigma_a r - eps^2 G_e = 0
//   odd:           eps^2 j_t + v r_x + (sigma_s + eps^2 sigma_a) j - eps G_o = 0
//   conservation:  rho_t + <v j_x> + sigma_a rho - <G_e> = 0
//   constraint:    rho - <r> = 0
//   inflow:        r + eps j = f_L(t, v) at xL,   r - eps j = f_R(t, -v) at xR   (v > 0)
//   initial:       r +- eps j = f0(x, +-v),  rho = <f0>
// with G_e, G_o the even and odd parts of the source. Three networks: rho(t,x), r~(t,x,v), j~(t,x,v) and the
// slides' transforms rho = [t] exp(-rho~), r = exp(-(r~(v) + r~(-v))/2), j = j~(v) - j~(-v) (parity
// "symmetrize"), or with parity "fold" r = exp(-r~(|v|)), j = sign(v) j~(|v|), which is exactly even/odd too
// and evaluates each network once per ordinate instead of twice. For zero initial data, r = t exp(..) and
// j = t j~ (transforms r: t_exp, j: t) enforce f(0) = 0 by construction, like rho = t exp(-rho~).
// r: micro writes r = rho + eps^2 t o (o the r network, even by the parity construction). The even equation
// says sigma_s (r - rho) = eps^2 (r_t + v j_x + sigma_a r - G_e), so r - rho = O(eps^2) away from kinetic
// layers: the transform builds that order in. The loss is the slides' (the even and constraint residuals are
// computed with eps^2 factored out of r - rho: in float32 rho + eps^2 t o keeps nothing of o at eps = 1e-3).
// Why: with r and rho separate networks, the slides' even term holds r - rho only in mean square
// (2-4e-5 in the Case I runs, an anisotropy ~5e-3), while the conservation law sees it through
// <v j_x> ~ -<v^2 (r - rho)_xx>/sigma_s, two derivatives deeper; under micro it enters there with eps^2.
// As eps -> 0 the loss still tends to the diffusion system (odd: v rho_x + sigma_s j; conservation); at eps = 1
// r is any even function with <r> = rho + t <o>. Needs f0 isotropic (r(0) = rho(0)); no positivity of r.
// All ordinates are evaluated in one batched network call on the (points x ordinates) grid.
// parity_residuals: "nodes" (default) puts the even and odd equations at every quadrature node of every interior
// point (N x K residuals); "sampled" is the published code's loss: those two equations at one uniform v per
// interior point (N residuals), the quadrature only for <v j_x> (j with its x-derivative) and <r> (values alone).
// Per step of the Case I setup that is about 0.8x the network work of "nodes" and 30x fewer parity residuals.
#include <fmt/format.h>

#include <map>
#include <optional>
#include <tuple>

#include "core/error.hpp"
#include "core/quadrature.hpp"
#include "neural/linear_transport/corner_layer.hpp"
#include "neural/linear_transport/slab_models.hpp"
#include "neural/method_registry.hpp"
#include "neural/training/model.hpp"

namespace kinetic::neural {
namespace {

class ApnnV2 : public Model {
 public:
  ApnnV2(const Problem& problem, const NeuralOptions& options) : Model(problem, options) {
    const auto& vel = problem.velocity;
    if (!vel.symmetric())
      throw InputError("neural.method: apnn_v2 needs a velocity range symmetric about 0");
    V_ = vel.vmax;
    // Half-range rule on (0, V]: <h> = 2 measure_factor int_0^V h_even dv.
    const Quadrature q = gauss_legendre(options.quadrature, 0.0, V_);
    std::vector<double> w = q.weights;
    for (auto& wk : w) wk *= 2.0 * vel.measure_factor();
    v_ = column(q.nodes);
    w_ = column(w);
    if (options.milne_inflow) milne_ = milne_inflow_weights(v_, w_, V_);
    fold_ = options.parity == "fold";
    sampled_ = options.parity_residuals == "sampled";
    const double t0 = 0, t1 = problem.t_end, x0 = problem.x_left, x1 = problem.x_right;
    const double vlo = fold_ ? 0.0 : -V_;
    std::vector<double> rho_lo = {t0, x0}, rho_hi = {t1, x1}, lo = {t0, x0, vlo}, hi = {t1, x1, V_};
    append_random_range(rho_lo, rho_hi);  // random inputs: z1 ... zd follow (t, x) and (t, x, v)
    append_random_range(lo, hi);
    rho_ = register_module("rho", FieldNet(options.networks.at("rho"), rho_lo, rho_hi, 0, 1, period()));
    r_ = register_module("r", FieldNet(options.networks.at("r"), lo, hi, 0, 1, period()));
    j_ = register_module("j", FieldNet(options.networks.at("j"), lo, hi, 0, 1, period()));
    this->to(topt_.device(), topt_.dtype().toScalarType());
    // corner_layer: D = <v^2>/sigma_s by the half-range rule of the conservation law's <v j_x>.
    if (options.corner_layer) {
      double m2 = 0;
      for (std::size_t k = 0; k < w.size(); ++k) m2 += w[k] * q.nodes[k] * q.nodes[k];
      layer_.emplace(problem, m2, options.corner_layer_decay);
    }
  }

  void resample(PointSampler& sampler, int factor) override {
    const auto& o = options_;
    const int d = random_dim();  // z is drawn with the other coordinates of each point (model.hpp)
    const int point_dims = sampled_ ? 3 : 2;  // sampled: (t, x, v) per interior point
    auto in = sampler.unit("interior", factor * o.n_interior, point_dims + d);
    it_ = times(in[0]);
    ix_ = interior_positions(in[1]);
    if (sampled_) iv_ = column(in[2]) * V_;
    iz_ = random_from_unit(in, point_dims);
    // Boundary: (t, v) per side; v uniform in (0, V].
    auto bl = sampler.unit("boundary_left", factor * o.n_boundary, 2 + d);
    auto br = sampler.unit("boundary_right", factor * o.n_boundary, 2 + d);
    bt_left_ = times(bl[0]);
    bv_left_ = column(bl[1]) * V_;
    bz_left_ = random_from_unit(bl, 2);
    bt_right_ = times(br[0]);
    bv_right_ = column(br[1]) * V_;
    bz_right_ = random_from_unit(br, 2);
    auto ini = sampler.unit("initial", factor * o.n_initial, 2 + d);
    x0_ = positions(ini[0]);
    v0_ = column(ini[1]) * V_;
    z0_ = random_from_unit(ini, 2);
  }

  // r and j at (t, x, v) with v > 0 (all broadcast to the same shape, whose first dimension is the points of
  // z when there are random inputs), as jets of that shape.
  std::pair<Jet, Jet> parity_fields(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v,
                                    Derivatives mode, const torch::Tensor& z = {}) {
    return parity_fields(t, x, v, mode, mode, z);
  }

  // The same with derivatives for r and for j chosen apart (None: values alone, no derivative graph).
  std::pair<Jet, Jet> parity_fields(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v,
                                    Derivatives r_mode, Derivatives j_mode, const torch::Tensor& z) {
    auto [r, j, d] = parity_fields_with_anisotropy(t, x, v, r_mode, j_mode, z);
    return {r, j};
  }

  // r, j and, for the r transform `micro`, d = (r - rho)/eps^2 = t o (undefined otherwise): the even and
  // constraint residuals use d itself, since in float32 rho + eps^2 t o keeps nothing of o at eps = 1e-3.
  struct ParityJets {
    Jet r, j, d;
  };
  ParityJets parity_fields_with_anisotropy(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v,
                                           Derivatives r_mode, Derivatives j_mode, const torch::Tensor& z) {
    auto [r, j] = raw_parity_fields(t, x, v, r_mode, j_mode, z);
    const auto& rt = options_.r_transform;
    Jet d;
    if (rt == "micro") {  // r = rho + eps^2 t o (rho carries the corner layer already)
      d = times_t(t, r);
      r = density_at(t, x, r_mode, z) + (problem_.eps * problem_.eps) * d;
    } else {
      r = rt == "initial" ? initial_r(t, x, v, r, z) : rt == "t_exp" ? times_t(t, exp_neg(r)) : exp_neg(r);
    }
    if (options_.j_transform == "t") j = times_t(t, j);
    if (layer_) {  // corner_layer: r = L + ..., j = -(v/sigma_s) L_x + ... (corner_layer.hpp)
      const auto L = (*layer_)(t, x, z);
      if (rt != "micro") r = r + CornerLayer::density(L, r.has_tangents());
      j = j + layer_->flux(L, v, j.has_tangents());
    }
    return {r, j, d};
  }

  // rho at the points of (t, x) (broadcast together, z one row per point), shaped like them, so that it
  // broadcasts against fields of (t, x, v).
  Jet density_at(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode, const torch::Tensor& z) {
    auto tx = torch::broadcast_tensors({t, x});
    const auto shape = tx[0].sizes().vec();
    return map_linear(rho_jet(tx[0].reshape(-1), tx[1].reshape(-1), mode, z),
                      [&shape](const torch::Tensor& a) { return a.view(shape); });
  }

  // transforms r: initial: r = r0 + t o with r0 the even part of the initial f, so r(0) = r0 exactly; r0_x by
  // fourth-order differences (as the rho transform `initial`).
  Jet initial_r(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v, const Jet& o,
                const torch::Tensor& z) const {
    auto r0 = [&](const torch::Tensor& xs) {
      auto t0 = torch::zeros_like(xs);
      return 0.5 * (tabulate(problem_.initial.f, t0, xs, v, z) + tabulate(problem_.initial.f, t0, xs, -v, z));
    };
    if (!o.has_tangents()) return initial_lift(t, r0(x), {}, o);
    const double h = 1e-3 * problem_.length();
    auto r0_x = (8 * (r0(x + h) - r0(x - h)) - (r0(x + 2 * h) - r0(x - 2 * h))) / (12 * h);
    return initial_lift(t, r0(x), r0_x, o);
  }

  // The networks' r~ (even, before the r transform) and j~ (odd).
  std::pair<Jet, Jet> raw_parity_fields(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v,
                                        Derivatives r_mode, Derivatives j_mode, const torch::Tensor& z) {
    auto shape = torch::broadcast_tensors({t, x, v})[0].sizes().vec();
    auto reshape = [&shape](const torch::Tensor& a) { return a.view(shape); };
    if (fold_) {
      auto X = with_random(stack_inputs(t, x, v), z);
      Jet r = map_linear(r_->jet(X, r_mode), reshape);
      Jet j = map_linear(j_->jet(X, j_mode), reshape);
      return {r, j};
    }
    // One call on [X(+v); X(-v)]; the halves give o(v) and o(-v).
    auto X = torch::cat({with_random(stack_inputs(t, x, v), z), with_random(stack_inputs(t, x, -v), z)});
    const long n = X.size(0) / 2;
    auto split = [&](const Jet& o) {
      return std::make_pair(map_linear(o, [&](const torch::Tensor& a) { return reshape(a.narrow(0, 0, n)); }),
                            map_linear(o, [&](const torch::Tensor& a) { return reshape(a.narrow(0, n, n)); }));
    };
    auto [rp, rm] = split(r_->jet(X, r_mode));
    auto [jp, jm] = split(j_->jet(X, j_mode));
    return {even_part(rp, rm), odd_part(jp, jm)};
  }

  Jet rho_jet(const torch::Tensor& t, const torch::Tensor& x, Derivatives mode, const torch::Tensor& z = {}) {
    auto X = with_random(torch::stack({t.reshape(-1), x.reshape(-1)}, 1), z);
    Jet rho = rho_transform(rho_->jet(X, mode), t.reshape(-1), x.reshape(-1));
    if (!layer_) return rho;
    return rho + CornerLayer::density((*layer_)(t.reshape(-1), x.reshape(-1), z), rho.has_tangents());
  }

  long interior_rows() const override {
    if (!it_.defined()) return 0;
    return it_.size(0) * (v_.size(0) + (sampled_ ? 1 : 0)) * (fold_ ? 1 : 2);
  }

  int interior_term_count() const override { return 4; }  // even, odd, conservation, constraint

  std::vector<ResidualTerm> residual_terms(Derivatives mode) override {
    const double eps = problem_.eps, e2 = eps * eps;
    // Interior grid (N x K) of this pass: columns t, x (N x 1) against ordinates v (1 x K).
    const Slice slice = pass_slice(it_.size(0));
    auto it = it_.narrow(0, slice.first, slice.size), ix = ix_.narrow(0, slice.first, slice.size);
    const torch::Tensor iz = iz_.defined() ? iz_.narrow(0, slice.first, slice.size) : torch::Tensor();
    auto t = it.unsqueeze(1), x = ix.unsqueeze(1), v = v_.unsqueeze(0);
    // sampled: on the nodes j needs only j_x (for <v j_x>) and r no derivative (for <r>).
    auto [r, j, d] = parity_fields_with_anisotropy(t, x, v, sampled_ ? Derivatives::None : mode, mode, iz);
    const bool micro = d.v.defined();
    Jet rho = rho_jet(it, ix, mode, iz);
    auto sig_s = tabulate(problem_.sigma_s, t, x, torch::zeros({1, 1}, topt_), iz);
    auto sig_a = tabulate(problem_.sigma_a, t, x, torch::zeros({1, 1}, topt_), iz);
    auto G = tabulate(problem_.source, t, x, v, iz), Gm = tabulate(problem_.source, t, x, -v, iz);
    auto G_e = 0.5 * (G + Gm), G_o = 0.5 * (G - Gm);
    auto rho_v = rho.v.unsqueeze(1);
    // micro: r - rho = eps^2 d exactly; the same residual, with eps^2 factored out of the difference
    auto even_residual = [&](const Jet& r, const Jet& j, const Jet& d, const torch::Tensor& vv, const torch::Tensor& ge) {
      if (micro) return e2 * ((r.t + vv * j.x) + sig_s * d.v + sig_a * r.v - ge);
      return e2 * (r.t + vv * j.x) - sig_s * (rho_v - r.v) + e2 * sig_a * r.v - e2 * ge;
    };
    auto odd_residual = [&](const Jet& r, const Jet& j, const torch::Tensor& vv, const torch::Tensor& go) {
      return e2 * j.t + vv * r.x + (sig_s + e2 * sig_a) * j.v - eps * go;
    };
    const double share = slice.share;
    std::vector<ResidualTerm> terms;
    if (sampled_) {  // even and odd equations at (t_i, x_i, v_i)
      auto vs = iv_.narrow(0, slice.first, slice.size).unsqueeze(1);
      auto [rs, js, ds] = parity_fields_with_anisotropy(t, x, vs, mode, mode, iz);
      auto Gs = tabulate(problem_.source, t, x, vs, iz), Gsm = tabulate(problem_.source, t, x, -vs, iz);
      terms.push_back(mean_square(even_residual(rs, js, ds, vs, 0.5 * (Gs + Gsm)), share));
      terms.push_back(mean_square(odd_residual(rs, js, vs, 0.5 * (Gs - Gsm)), share));
    } else {  // v-integrals of squared residuals by the half-range rule, normalised to a mean over ordinates
      auto wn = w_ / w_.sum();
      terms.push_back(quadrature_mean_square(even_residual(r, j, d, v, G_e), wn, share));
      terms.push_back(quadrature_mean_square(odd_residual(r, j, v, G_o), wn, share));
    }
    auto conservation = rho.t + torch::matmul(v * j.x, w_) + sig_a.squeeze(1) * rho.v - torch::matmul(G_e, w_);
    // micro: rho - <r> = -eps^2 <d>
    auto constraint = micro ? -e2 * torch::matmul(d.v, w_) : rho.v - torch::matmul(r.v, w_);
    terms.push_back(mean_square(conservation, share));
    terms.push_back(mean_square(constraint, share));
    if (!first_pass()) {
      terms.resize(7);
      return terms;
    }
    for (auto&& term : {options_.milne_inflow ? milne_boundary_term(mode) : boundary_term(), initial_rho_term(),
                        initial_f_term()})
      terms.push_back(term);
    return terms;
  }

  ResidualTerm boundary_term() {
    const double eps = problem_.eps;
    const auto xl = torch::full({1}, problem_.x_left, topt_), xr = torch::full({1}, problem_.x_right, topt_);
    if (problem_.periodic()) {
      // r, j and rho equal at both ends.
      auto [rl, jl] = parity_fields(bt_left_, xl, bv_left_, Derivatives::None, bz_left_);
      auto [rr, jr] = parity_fields(bt_left_, xr, bv_left_, Derivatives::None, bz_left_);
      auto pl = rho_jet(bt_left_, xl.expand_as(bt_left_), Derivatives::None, bz_left_).v;
      auto pr = rho_jet(bt_left_, xr.expand_as(bt_left_), Derivatives::None, bz_left_).v;
      return mean_square(rl.v - rr.v) + mean_square(jl.v - jr.v) + mean_square(pl - pr);
    }
    auto [rl, jl] = parity_fields(bt_left_, xl, bv_left_, Derivatives::None, bz_left_);
    auto [rr, jr] = parity_fields(bt_right_, xr, bv_right_, Derivatives::None, bz_right_);
    auto fl = tabulate(problem_.boundary.f_left, bt_left_, xl, bv_left_, bz_left_);
    auto fr = tabulate(problem_.boundary.f_right, bt_right_, xr, -bv_right_, bz_right_);
    auto left = rl.v + eps * jl.v - fl;
    auto right = rr.v - eps * jr.v - fr;
    return two_sided_mean_square(0.5, left, {}, right, {});
  }

  // inflow_condition: milne (slab_models.hpp): rho -+ q (eps/sigma_s) rho_x = sum_k m_k f_in(v_k) at the walls,
  // q = sum_k m_k v_k (0.7104 V). On rho itself: on r + eps j the wall would leave j free to grow there (no
  // interior point sees it) and the weighted mean could be met with the wrong density (measured: rho 1.014 at
  // the wall, README).
  ResidualTerm milne_boundary_term(Derivatives mode) {
    const double eps = problem_.eps;
    auto xl = torch::full_like(bt_left_, problem_.x_left), xr = torch::full_like(bt_right_, problem_.x_right);
    const auto v = v_.unsqueeze(0), zero = torch::zeros({1, 1}, topt_);
    auto tl = bt_left_.unsqueeze(1), tr = bt_right_.unsqueeze(1);
    Jet rl = rho_jet(bt_left_, xl, mode, bz_left_), rr = rho_jet(bt_right_, xr, mode, bz_right_);
    auto sl = tabulate(problem_.sigma_s, tl, xl.unsqueeze(1), zero, bz_left_).reshape(-1);
    auto sr = tabulate(problem_.sigma_s, tr, xr.unsqueeze(1), zero, bz_right_).reshape(-1);
    auto fl = torch::matmul(tabulate(problem_.boundary.f_left, tl, xl.unsqueeze(1), v, bz_left_), milne_);
    auto fr = torch::matmul(tabulate(problem_.boundary.f_right, tr, xr.unsqueeze(1), -v, bz_right_), milne_);
    const double q = (milne_ * v_).sum().item<double>();
    return milne_wall_term(eps, rl, sl, fl, q, rr, sr, fr, q);
  }

  ResidualTerm initial_rho_term() {
    if (rho_initial_exact()) return no_residual();  // holds by construction
    auto t0 = torch::zeros_like(x0_);
    auto rho0 = torch::matmul(0.5 * (tabulate(problem_.initial.f, t0.unsqueeze(1), x0_.unsqueeze(1), v_, z0_) +
                                     tabulate(problem_.initial.f, t0.unsqueeze(1), x0_.unsqueeze(1), -v_, z0_)),
                              w_);
    return mean_square(rho_jet(t0, x0_, Derivatives::None, z0_).v - rho0);
  }

  ResidualTerm initial_f_term() {
    const double eps = problem_.eps;
    auto t0 = torch::zeros_like(x0_);
    auto [r, j] = parity_fields(t0, x0_, v0_, Derivatives::None, z0_);
    // Initial formulas are functions of (x, v): Formula arguments (t, x, v).
    auto fp = tabulate(problem_.initial.f, t0, x0_, v0_, z0_), fm = tabulate(problem_.initial.f, t0, x0_, -v0_, z0_);
    return two_sided_mean_square(0.5, r.v + eps * j.v - fp, {}, r.v - eps * j.v - fm, {});
  }

  // With random inputs: the mean over z by the statistics rule (the fields are rho_mean, rho_std, ...).
  torch::Tensor density(const torch::Tensor& t, const torch::Tensor& x) override {
    if (random_dim() > 0) return fields(t, x).front().second;
    return rho_jet(t, x, Derivatives::None).v;
  }

  std::vector<std::pair<std::string, torch::Tensor>> fields(const torch::Tensor& t, const torch::Tensor& x) override {
    if (random_dim() == 0) return {{"rho", density(t, x)}};
    return random_statistics("rho", [&](const torch::Tensor& ts, const torch::Tensor& xs, const torch::Tensor& z) {
      return rho_jet(ts, xs, Derivatives::None, z).v;
    }, t, x);
  }

  // f = r + eps j (j odd in v)
  torch::Tensor distribution(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v) override {
    if (random_dim() > 0)
      throw InputError("apnn_v2 with random inputs has f at each z, not one f: its results are statistics of rho");
    auto [r, j] = parity_fields(t, x, v.abs(), Derivatives::None);
    return r.v + problem_.eps * torch::sign(v) * j.v;
  }

  // Kinetic data become parity data: rows at (t, x, +v) and (t, x, -v) give r = (f+ + f-)/2 and
  // j = (f+ - f-)/(2 eps). Supervising f itself would leave j nearly free (it enters f with a factor eps).
  void set_kinetic_data(const torch::Tensor& t, const torch::Tensor& x, const torch::Tensor& v,
                        const torch::Tensor& f) override {
    auto host = [](const torch::Tensor& a) {
      auto c = a.to(torch::kCPU, torch::kFloat64).contiguous();
      return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
    };
    const auto ht = host(t), hx = host(x), hv = host(v), hf = host(f);
    std::map<std::tuple<double, double, double>, std::pair<double, double>> pairs;  // (t, x, |v|) -> (f+, f-)
    std::map<std::tuple<double, double, double>, int> seen;
    for (std::size_t i = 0; i < ht.size(); ++i) {
      if (hv[i] == 0) continue;
      const auto key = std::make_tuple(ht[i], hx[i], std::abs(hv[i]));
      (hv[i] > 0 ? pairs[key].first : pairs[key].second) = hf[i];
      seen[key] |= hv[i] > 0 ? 1 : 2;
    }
    std::vector<double> pt, px, pv, pr, pj;
    for (const auto& [key, fs] : pairs) {
      if (seen[key] != 3) continue;  // unpaired ordinate: no parity information
      pt.push_back(std::get<0>(key)), px.push_back(std::get<1>(key)), pv.push_back(std::get<2>(key));
      pr.push_back(0.5 * (fs.first + fs.second));
      pj.push_back((fs.first - fs.second) / (2 * problem_.eps));
    }
    if (pt.empty())
      throw InputError("neural.supervision: apnn_v2 needs kinetic data at +v and -v (symmetric ordinates)");
    kin_t_ = column(pt), kin_x_ = column(px), kin_v_ = column(pv), kin_r_ = column(pr), kin_j_ = column(pj);
  }

  ResidualTerm kinetic_misfit_term(long batch, c10::optional<at::Generator> generator) override {
    const auto idx = random_rows(kin_t_.size(0), batch, topt_.device(), generator);
    auto [r, j] = parity_fields(kin_t_.index_select(0, idx), kin_x_.index_select(0, idx),
                                kin_v_.index_select(0, idx), Derivatives::None);
    return relative_misfit_term(r.v, kin_r_.index_select(0, idx)) +
           relative_misfit_term(j.v, kin_j_.index_select(0, idx));
  }

 private:
  double V_ = 1.0;
  bool fold_ = false;
  bool sampled_ = false;  // parity_residuals: sampled (one v per interior point, iv_)
  torch::Tensor iv_;
  torch::Tensor v_, w_;  // half-range nodes and weights (sum w = <1> over the half range = 1 for average)
  FieldNet rho_{nullptr}, r_{nullptr}, j_{nullptr};
  std::optional<CornerLayer> layer_;  // corner_layer: diffusion
  torch::Tensor bt_left_, bv_left_, bt_right_, bv_right_, x0_, v0_;
  torch::Tensor milne_;  // inflow_condition: milne: Milne weights of the half-range nodes
  torch::Tensor bz_left_, bz_right_, z0_;  // random inputs of the boundary and initial points (if any)
  torch::Tensor kin_r_, kin_j_;  // parity supervision data at (kin_t_, kin_x_, kin_v_ = |v|)
};

}  // namespace

namespace {

// The published v2 setup (reference-facts.md): rho FC 4 x 128, r and j FC 4 x 256; 512 interior / 1024 per
// wall / 512 initial points; 30 Gauss nodes on (0, 1] (any count: the half range has no node at v = 0).
//   transforms: {rho: t_exp (rho = t exp(-o), rho(0) = 0) | exp | initial | softplus | none,
//                parity: symmetrize (slides: r~(v) + r~(-v)) | fold (networks of |v|),
//                r: exp (slides) | t_exp (r(0) = 0 exactly) | initial (r = r0 + t o: r(0) = even part of f0)
//                   | micro (r = rho + eps^2 t o: the header's "micro" paragraph),
//                j: none (slides) | t (j(0) = 0 exactly)}
//   corner_layer: none | diffusion | {kind: diffusion, decay_time: tau} (rho, r and j carry the diffusion
//                 limit's corner layers, corner_layer.hpp; rho: initial, r: initial and j: t leave the networks
//                 remainders of either sign, t_exp ones that are positive)
//   inflow_condition: kinetic (the slides) | milne (Milne's first-order condition on rho at the walls, slab_models.hpp)
//   parity_residuals: nodes (even and odd equations at every quadrature node) | sampled (the published loss:
//                     at one uniform v per interior point; scripts/compare-published-step.sh times it)
void apnn_v2_defaults(NeuralOptions& o) {
  for (auto& [name, n] : o.networks) n.width = name == "rho" ? 128 : 256;
  o.rho_transform = "t_exp";
}

void parse_apnn_v2_keys(const ConfigNode& section, NeuralOptions& o) {
  parse_periodic_features(section, o);
  if (auto tr = section.optional_child("transforms")) {
    tr->allow_only({"rho", "parity", "r", "j"});
    o.rho_transform = parse_rho_transform(*tr, o.rho_transform);
    o.parity = tr->get_choice("parity", {"symmetrize", "fold"}, o.parity);
    o.r_transform = tr->get_choice("r", {"exp", "t_exp", "initial", "micro"}, o.r_transform);
    o.j_transform = tr->get_choice("j", {"none", "t"}, o.j_transform);
  }
  o.parity_residuals = section.get_choice("parity_residuals", {"nodes", "sampled"}, o.parity_residuals);
  parse_corner_layer(section, o);
  parse_inflow_condition(section, o);
}

void accept_apnn_v2_problem(const Problem& problem, const NeuralOptions& o) {
  accept_slab_problem(problem, o);
  if (o.corner_layer) CornerLayer::check_problem(problem);  // refused at check, not only when training starts
  if (o.r_transform == "t_exp" && !zero_initial_data(problem))
    throw InputError("neural.transforms.r: t_exp enforces f(0) = 0, but the initial data is not zero; use initial");
  // j: t (j(0) = 0) and r: micro (r(0) = rho(0)) need f0 isotropic in v: checked for constant data.
  const bool isotropic_f0 = problem.initial.f.is_constant() && !problem.initial.macroscopic;
  if (o.j_transform == "t" && !isotropic_f0)
    throw InputError("neural.transforms.j: t enforces j(0) = 0, i.e. initial data even in v; it needs a constant "
                     "initial f");
  // r: micro's constraint rho - <r> = -eps^2 <t o> holds for <1> = 1 only (rho = r is then an equilibrium).
  const auto& vel = problem.velocity;
  if (o.r_transform == "micro" && std::abs(vel.measure_factor() * (vel.vmax - vel.vmin) - 1.0) > 1e-12)
    throw InputError("neural.transforms.r: micro (r = rho + eps^2 t o) needs <1> = 1: velocity measure average, "
                     "or an integral over a range of length 1");
  if (o.r_transform == "micro" && !isotropic_f0)
    throw InputError("neural.transforms.r: micro (r = rho + eps^2 t o) enforces r(0) = rho(0), i.e. initial data "
                     "isotropic in v; it needs a constant initial f");
  if (problem.random.active() && o.r_transform == "initial" && problem.initial.f.uses_random())
    throw InputError("neural.transforms.r: initial does not support random initial data yet; use exp");
}

// The conformance setup uses rho: exp, so that ic_rho is a term to fit (t_exp makes it vanish by construction).
const bool registered = register_neural_method(NeuralMethod::network_model(
    Equation::LinearTransport, "apnn_v2",
    "APNN v2 (even-odd parity): networks rho(t, x), r and j(t, x, |v|), the conservation law and rho = <r> in "
    "the loss",
    {"rho", "r", "j"},
    {{"even", 1}, {"odd", 1}, {"conservation", 1}, {"constraint", 1}, {"bc", 10}, {"ic_rho", 1}, {"ic_f", 10}},
    {"transforms", "parity_residuals", "periodic_features", "statistics", "corner_layer", "inflow_condition"}, apnn_v2_defaults, parse_apnn_v2_keys, accept_apnn_v2_problem,
    [](const Problem& p, const NeuralOptions& o) { return std::make_shared<ApnnV2>(p, o); },
    {slab_conformance_problem("1.0e-3"), slab_conformance_networks() + "  transforms: {rho: exp}\n"}));

}  // namespace

}  // namespace kinetic::neural

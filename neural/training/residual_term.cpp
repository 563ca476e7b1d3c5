#include "neural/training/residual_term.hpp"

#include <cmath>

namespace kinetic::neural {

namespace {
long rows_of(const ResidualPiece& p) { return p.w.defined() ? p.r.numel() / p.w.numel() : p.r.numel(); }

torch::Tensor piece_mean(const ResidualPiece& p) {
  auto per_row = p.w.defined() ? torch::matmul(p.r.pow(2), p.w) : p.r.pow(2);
  auto m = p.row_weights.defined() ? (p.row_weights * per_row).mean() : per_row.mean();
  if (p.scale != 1.0) m = p.scale * m;
  if (p.divisor.defined()) m = m / p.divisor;
  return m;
}
}  // namespace

torch::Tensor ResidualTerm::value(const torch::TensorOptions& options) const {
  if (pieces.empty()) return torch::zeros({}, options);
  torch::Tensor sum = piece_mean(pieces[0]);
  for (std::size_t i = 1; i < pieces.size(); ++i) sum = sum + piece_mean(pieces[i]);
  return factor == 1.0 ? sum : factor * sum;
}

torch::Tensor ResidualTerm::residual(const torch::TensorOptions& options) const {
  if (pieces.empty()) return torch::zeros({0}, options);
  std::vector<torch::Tensor> parts;
  for (const auto& p : pieces) {
    const double s = factor * p.scale / static_cast<double>(std::max<long>(1, rows_of(p)));
    auto r = p.r * std::sqrt(s);
    if (p.w.defined()) r = r * p.w.sqrt();  // broadcast over the last (quadrature) dimension
    if (p.divisor.defined()) r = r / p.divisor.detach().sqrt();
    if (p.row_weights.defined()) {  // c_i over the leading dimension(s), broadcast over the quadrature one
      auto c = p.row_weights.detach().sqrt();
      r = p.w.defined() ? r * c.unsqueeze(-1) : r * c;
    }
    parts.push_back(r.reshape(-1));
  }
  return parts.size() == 1 ? parts[0] : torch::cat(parts);
}

long ResidualTerm::size() const {
  long n = 0;
  for (const auto& p : pieces) n += p.r.numel();
  return n;
}

ResidualTerm quadrature_mean_square(const torch::Tensor& r, const torch::Tensor& w, double factor) {
  ResidualTerm term;
  term.factor = factor;
  term.pieces.resize(1);
  term.pieces[0].r = r, term.pieces[0].w = w;
  return term;
}

ResidualTerm mean_square(const torch::Tensor& r, double factor) { return quadrature_mean_square(r, {}, factor); }

ResidualTerm weighted_mean_square(const torch::Tensor& r, const torch::Tensor& w, const torch::Tensor& row_weights,
                                  double factor) {
  ResidualPiece p;
  p.r = r, p.w = w, p.row_weights = row_weights;
  return {factor, {p}};
}

ResidualTerm no_residual() { return {}; }

ResidualTerm two_sided_mean_square(double factor, const torch::Tensor& a, const torch::Tensor& w_a,
                                   const torch::Tensor& b, const torch::Tensor& w_b) {
  ResidualTerm term;
  term.factor = factor;
  term.pieces.resize(2);
  term.pieces[0].r = a, term.pieces[0].w = w_a;
  term.pieces[1].r = b, term.pieces[1].w = w_b;
  return term;
}

ResidualTerm relative_misfit_term(const torch::Tensor& pred, const torch::Tensor& data) {
  constexpr double kTiny = 1e-30;  // keeps an all-zero data column finite (its misfit is then absolute)
  ResidualPiece p;
  p.r = pred - data;
  p.divisor = data.pow(2).mean() + kTiny;
  return {1.0, {p}};
}

ResidualTerm operator+(const ResidualTerm& a, const ResidualTerm& b) {
  if (a.pieces.empty()) return b;
  if (b.pieces.empty()) return a;
  ResidualTerm sum{a.factor == b.factor ? a.factor : 1.0, {}};
  for (const ResidualTerm* side : {&a, &b})
    for (auto p : side->pieces) {
      if (side->factor != sum.factor) p.scale *= side->factor;
      sum.pieces.push_back(p);
    }
  return sum;
}

std::vector<torch::Tensor> values(const std::vector<ResidualTerm>& terms, const torch::TensorOptions& options) {
  std::vector<torch::Tensor> out;
  out.reserve(terms.size());
  for (const auto& term : terms) out.push_back(term.value(options));
  return out;
}

}  // namespace kinetic::neural

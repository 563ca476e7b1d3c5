#include "neural/operator/apcon_options.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "core/error.hpp"

namespace kinetic::neural {

std::pair<OperatorLoss, std::string> apcon_variant(const std::string& method) {
  for (const char* loss : {"pi", "v1", "v2"})
    for (const char* branch : {"don", "con"})
      if (method == fmt::format("apcon_{}_{}", loss, branch))
        return {parse_operator_loss(std::string(loss) == "pi" ? "pi" : fmt::format("ap_{}", loss)), branch};
  throw InputError("neural.method: not an APCON method: " + method);
}

namespace {

void accept_problem(const Problem& p, const ConfigNode& section) {
  auto refuse = [&](const std::string& what) {
    section.fail("method", fmt::format("{} learns linear transport with inflow boundaries, constant sigma_s and no "
                                       "absorption or source: {}", section.get_string("method"), what));
  };
  if (p.equation != Equation::LinearTransport) refuse("the problem is " + to_string(p.equation));
  if (p.boundary.kind != BoundaryKind::Inflow) refuse("problem.boundary is " + to_string(p.boundary.kind));
  if (!p.sigma_s.is_constant() || !(p.sigma_s(0, 0, 0) > 0)) refuse("problem.sigma_s is not a positive constant");
  if (!p.sigma_a.is_constant() || p.sigma_a(0, 0, 0) != 0) refuse("problem.sigma_a is not 0");
  if (!p.source.is_constant() || p.source(0, 0, 0) != 0) refuse("problem.source is not 0");
  if (p.initial.macroscopic) refuse("problem.initial is macroscopic");
  if (std::abs(p.velocity.vmin + p.velocity.vmax) > 1e-12 * p.velocity.vmax) refuse("the velocity range is not symmetric");
}

}  // namespace

void require_apcon_files(const ApconOptions& o, const ConfigNode& section) {
  if (!o.load.empty() && !std::filesystem::exists(o.load))
    section.fail("load", fmt::format("{} does not exist (a trained operator: <run dir>/operator.pt)", o.load));
  if (o.load.empty() && !std::filesystem::exists(o.dataset))
    section.fail("dataset", fmt::format("{} does not exist (make it with `kinetic dataset`)", o.dataset));
}

TransportData transport_data(const Problem& p) {
  TransportData d;
  d.eps = p.eps, d.sigma_s = p.sigma_s(0, 0, 0);
  d.x_left = p.x_left, d.x_right = p.x_right, d.t_end = p.t_end, d.vmax = p.velocity.vmax;
  return d;
}

ApconOptions parse_apcon_options(const Problem& problem, const ConfigNode& section) {
  section.allow_only({"method", "dataset", "load", "networks", "batch", "quadrature", "steps", "optimizer", "weights",
                      "log_every", "checkpoint_every", "seed", "threads", "eval_nx"});
  ApconOptions o;
  o.method = section.get_string("method");
  std::tie(o.loss, o.branch) = apcon_variant(o.method);
  accept_problem(problem, section);
  o.config_text = section.dump();
  o.load = section.get_string("load", "");
  o.dataset = section.get_string("dataset", "");
  if (o.load.empty() && o.dataset.empty())
    section.fail("dataset", "is required to train (a file from `kinetic dataset`), or give `load` to apply a trained operator");
  auto positive = [](const ConfigNode& node, const char* key, long fallback, long hi) {
    const long n = node.get_int(key, fallback);
    if (n < 1 || n > hi) node.fail(key, fmt::format("must be between 1 and {} (got {})", hi, n));
    return n;
  };
  if (auto n = section.optional_child("networks")) {
    n->allow_only({"width", "branch_depth", "trunk_depth", "channels"});
    o.width = positive(*n, "width", o.width, 4096);
    o.branch_depth = positive(*n, "branch_depth", o.branch_depth, 64);
    o.trunk_depth = positive(*n, "trunk_depth", o.trunk_depth, 64);
    if (o.branch_depth < 2) n->fail("branch_depth", "must be at least 2 (a hidden layer and the output)");
    if (o.trunk_depth < 2) n->fail("trunk_depth", "must be at least 2 (a hidden layer and the output)");
    o.channels = positive(*n, "channels", o.channels, 256);
    if (o.branch == "don" && n->has("channels")) n->fail("channels", "is for the convolutional branch (apcon_*_con)");
  }
  if (auto b = section.optional_child("batch")) {
    b->allow_only({"functions", "interior", "boundary"});
    o.functions = positive(*b, "functions", o.functions, 100000);
    o.interior = positive(*b, "interior", o.interior, 1000000);
    o.boundary = positive(*b, "boundary", o.boundary, 1000000);
  }
  o.quadrature = static_cast<int>(positive(section, "quadrature", o.quadrature, 512));
  if (o.quadrature % 2) section.fail("quadrature", fmt::format("must be even (got {})", o.quadrature));
  o.steps = section.get_int("steps", o.steps);
  if (o.steps < 0) section.fail("steps", "must be >= 0");
  if (auto opt = section.optional_child("optimizer")) {
    opt->allow_only({"lr", "decay", "decay_every"});
    o.lr = opt->get_double("lr", o.lr);
    if (!(o.lr > 0 && o.lr < 1)) opt->fail("lr", fmt::format("must be in (0, 1) (got {})", o.lr));
    o.decay = opt->get_double("decay", o.decay);
    if (!(o.decay > 0 && o.decay <= 1)) opt->fail("decay", fmt::format("must be in (0, 1] (got {})", o.decay));
    o.decay_every = positive(*opt, "decay_every", o.decay_every, 100000000);
  }
  for (const auto& t : operator_terms(o.loss)) o.weights[t.name] = t.weight;
  o.weights[kLabelsTerm] = 0;  // a diagnostic, off unless asked for (apcon_options.hpp)
  if (auto w = section.optional_child("weights")) {
    std::vector<std::string> names;
    for (const auto& t : operator_terms(o.loss)) names.push_back(t.name);
    names.push_back(kLabelsTerm);
    w->allow_only(names);
    for (const auto& name : names) {
      const double value = w->get_double(name, o.weights[name]);
      if (!(value >= 0) || !std::isfinite(value)) w->fail(name, "must be a finite weight >= 0");
      o.weights[name] = value;
    }
    bool any = false;
    for (const auto& [name, value] : o.weights) any = any || value > 0;
    if (!any) section.fail("weights", "every weight is 0: nothing to train");
  }
  o.log_every = positive(section, "log_every", o.log_every, 100000000);
  o.checkpoint_every = positive(section, "checkpoint_every", o.checkpoint_every, 100000000);
  o.seed = section.get_int("seed", o.seed);
  if (o.seed < 0) section.fail("seed", "must be >= 0");
  o.threads = static_cast<int>(positive(section, "threads", o.threads, 1024));
  o.eval_nx = positive(section, "eval_nx", o.eval_nx, 1000000);
  if (o.eval_nx < 2) section.fail("eval_nx", "must be at least 2");
  return o;
}

}  // namespace kinetic::neural

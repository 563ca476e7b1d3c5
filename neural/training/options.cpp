#include "neural/training/options.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "core/machine.hpp"
#include "neural/method_registry.hpp"

namespace kinetic::neural {

std::vector<std::string> network_names(const std::string& method) { return neural_method(method).networks; }

std::vector<std::string> loss_term_names(const std::string& method) { return neural_method(method).term_names(); }

std::map<std::string, double> default_weights(const std::string& method) {
  std::map<std::string, double> weights;
  for (const auto& term : neural_method(method).terms) weights[term.name] = term.weight;
  return weights;
}

namespace {

const std::vector<std::string> kNetKeys = {"kind", "width", "depth", "activation", "log_time"};

void read_network(const ConfigNode& node, NetworkOptions& n) {
  if (node.has("kind")) n.kind = node.get_choice("kind", {"fc", "resnet"});
  n.width = static_cast<int>(node.get_int("width", n.width));
  if (n.width < 1) node.fail("width", fmt::format("must be >= 1 (got {})", n.width));
  n.depth = static_cast<int>(node.get_int("depth", n.depth));
  if (n.depth < 1) node.fail("depth", fmt::format("must be >= 1 (got {})", n.depth));
  if (node.has("activation")) n.activation = node.get_choice("activation", {"tanh", "swish", "sin", "sigmoid"});
  n.log_time = node.get_double("log_time", n.log_time);
  if (!(n.log_time >= 0))
    node.fail("log_time", fmt::format("must be >= 0 (the time scale tau of log(1 + t/tau); 0: t itself; got {})",
                                      n.log_time));
}

long positive(const ConfigNode& s, const std::string& key, long fallback, long min = 1) {
  const long v = s.get_int(key, fallback);
  if (v < min) s.fail(key, fmt::format("must be >= {} (got {})", min, v));
  return v;
}

// The keys every network model shares; a model's own keys come from its registration.
const std::vector<std::string> kSharedKeys = {
    "method", "networks", "dtype", "device", "threads", "seed", "steps", "batch", "quadrature", "sampler",
    "time_bias", "wall_bias", "derivatives", "optimizer", "weights", "checkpoint_every", "log_every", "eval_nx",
    "supervision", "pass_rows", "mcmc", "windows"};
// No CPU node has more hardware threads than this: a larger neural.threads is a typing mistake.
constexpr int kMaxThreads = 1024;

}  // namespace

NeuralOptions parse_options(const ConfigNode& section, Equation equation) {
  const NeuralMethod& method = neural_method_for(equation, section);
  if (!method.network_model())
    section.fail("method", fmt::format("{} is not a network model (it has its own options)", method.name));
  std::vector<std::string> allowed = kSharedKeys;
  allowed.insert(allowed.end(), method.keys.begin(), method.keys.end());
  section.allow_only(allowed);
  NeuralOptions o;
  o.method = method.name;
  o.config_text = section.dump();
  const auto& names = method.networks;
  for (const auto& name : names) o.networks[name] = NetworkOptions{};
  method.defaults(o);

  if (auto nets = section.optional_child("networks")) {
    std::vector<std::string> allowed_nets = kNetKeys;
    allowed_nets.insert(allowed_nets.end(), names.begin(), names.end());
    nets->allow_only(allowed_nets);
    for (const auto& name : names) read_network(*nets, o.networks[name]);
    for (const auto& name : names)
      if (auto one = nets->optional_child(name)) {
        one->allow_only(kNetKeys);
        read_network(*one, o.networks[name]);
      }
  }
  o.dtype = section.get_choice("dtype", {"float32", "float64"}, o.dtype);
  o.device = section.get_choice("device", {"cpu", "cuda"}, o.device);
  o.threads = static_cast<int>(positive(section, "threads", o.threads));
  if (o.threads > kMaxThreads)
    section.fail("threads", fmt::format("{} is far above any machine's hardware threads (this one has {}; at most {})",
                                        o.threads, hardware_threads(), kMaxThreads));
  o.seed = section.get_int("seed", o.seed);
  o.steps = positive(section, "steps", o.steps, 0);
  if (auto b = section.optional_child("batch")) {
    b->allow_only({"interior", "boundary", "initial"});
    o.n_interior = static_cast<int>(positive(*b, "interior", o.n_interior));
    o.n_boundary = static_cast<int>(positive(*b, "boundary", o.n_boundary));
    o.n_initial = static_cast<int>(positive(*b, "initial", o.n_initial));
  }
  o.quadrature = static_cast<int>(positive(section, "quadrature", o.quadrature, 2));
  o.sampler = section.get_choice("sampler", {"sobol", "uniform"}, o.sampler);
  o.time_bias = section.get_double("time_bias", o.time_bias);
  if (!(o.time_bias >= 1.0)) section.fail("time_bias", fmt::format("must be >= 1 (got {})", o.time_bias));
  o.wall_bias = section.get_double("wall_bias", o.wall_bias);
  if (!(o.wall_bias >= 1.0)) section.fail("wall_bias", fmt::format("must be >= 1 (got {})", o.wall_bias));
  o.derivatives = section.get_choice("derivatives", {"tangent", "autograd"}, o.derivatives);
  o.pass_rows = positive(section, "pass_rows", o.pass_rows, 0);

  if (auto op = section.optional_child("optimizer")) {
    auto& p = o.optimizer;
    op->allow_only({"lr", "schedule", "decay", "decay_every", "lr_min", "warmup", "clip", "lbfgs_steps", "lbfgs_lr",
                    "lbfgs_history", "lbfgs_batch_factor", "lbfgs_resample_every", "second_order"});
    p.lr = op->get_double("lr", p.lr);
    if (!(p.lr > 0)) op->fail("lr", fmt::format("must be > 0 (got {})", p.lr));
    p.schedule = op->get_choice("schedule", {"constant", "step", "exponential", "cosine"}, p.schedule);
    p.decay = op->get_double("decay", p.decay);
    if (!(p.decay > 0 && p.decay <= 1)) op->fail("decay", fmt::format("must be in (0, 1] (got {})", p.decay));
    p.decay_every = positive(*op, "decay_every", p.decay_every);
    p.lr_min = op->get_double("lr_min", p.lr_min);
    if (!(p.lr_min >= 0 && p.lr_min <= p.lr)) op->fail("lr_min", fmt::format("must be in [0, lr] (got {})", p.lr_min));
    p.warmup = positive(*op, "warmup", p.warmup, 0);
    p.clip = op->get_double("clip", p.clip);
    if (!(p.clip >= 0)) op->fail("clip", fmt::format("must be >= 0 (got {})", p.clip));
    p.lbfgs_steps = positive(*op, "lbfgs_steps", p.lbfgs_steps, 0);
    p.lbfgs_lr = op->get_double("lbfgs_lr", p.lbfgs_lr);
    if (!(p.lbfgs_lr > 0)) op->fail("lbfgs_lr", fmt::format("must be > 0 (got {})", p.lbfgs_lr));
    p.lbfgs_history = static_cast<int>(positive(*op, "lbfgs_history", p.lbfgs_history));
    p.lbfgs_batch_factor = static_cast<int>(positive(*op, "lbfgs_batch_factor", p.lbfgs_batch_factor));
    p.lbfgs_resample_every = positive(*op, "lbfgs_resample_every", p.lbfgs_resample_every, 0);
    if (p.lbfgs_resample_every % kLbfgsChunk != 0)  // batches change between chunks (checkpoints)
      op->fail("lbfgs_resample_every", fmt::format("must be a multiple of {} (got {})", kLbfgsChunk,
                                                   p.lbfgs_resample_every));
    if (auto so = op->optional_child("second_order")) {
      auto& g = p.second_order;
      so->allow_only({"steps", "solver", "damping", "cg_iterations", "cg_tolerance", "resample_every", "batch_factor"});
      g.steps = positive(*so, "steps", g.steps, 0);
      g.solver = so->get_choice("solver", {"cg", "dense"}, g.solver);
      g.damping = so->get_double("damping", g.damping);
      if (!(g.damping > 0 && g.damping < 1e12)) so->fail("damping", fmt::format("must be in (0, 1e12) (got {})", g.damping));
      g.cg_iterations = positive(*so, "cg_iterations", g.cg_iterations);
      g.cg_tolerance = so->get_double("cg_tolerance", g.cg_tolerance);
      if (!(g.cg_tolerance > 0 && g.cg_tolerance < 1))
        so->fail("cg_tolerance", fmt::format("must be in (0, 1) (got {})", g.cg_tolerance));
      g.resample_every = positive(*so, "resample_every", g.resample_every, 0);
      g.batch_factor = static_cast<int>(positive(*so, "batch_factor", g.batch_factor));
      if (g.solver == "dense" && (so->has("cg_iterations") || so->has("cg_tolerance")))
        so->fail(so->has("cg_iterations") ? "cg_iterations" : "cg_tolerance", "applies to solver: cg only");
    }
  }

  o.weights = default_weights(o.method);
  if (auto w = section.optional_child("weights")) {
    w->allow_only(method.term_names());
    for (auto& [name, value] : o.weights) {
      value = w->get_double(name, value);
      if (!(value >= 0)) w->fail(name, fmt::format("must be >= 0 (got {})", value));
    }
  }
  o.checkpoint_every = positive(section, "checkpoint_every", o.checkpoint_every, 0);
  o.log_every = positive(section, "log_every", o.log_every);
  o.eval_nx = static_cast<int>(positive(section, "eval_nx", o.eval_nx, 2));
  if (auto sup = section.optional_child("supervision")) {
    sup->allow_only({"file", "fields", "weight", "pretrain_steps", "batch"});
    auto& sv = o.supervision;
    sv.file = sup->get_string("file");
    if (sup->has("fields")) {  // checked against the data and the model by the trainer
      const ConfigNode list = sup->child("fields");
      if (!list.is_sequence() || list.size() == 0) sup->fail("fields", "expected a non-empty list of field names");
      sv.fields.clear();
      for (std::size_t i = 0; i < list.size(); ++i) sv.fields.push_back(list.at(i).as_scalar_text());
    }
    if (!std::filesystem::exists(sv.file)) sup->fail("file", fmt::format("'{}' does not exist", sv.file));
    sv.weight = sup->get_double("weight", sv.weight);
    if (!(sv.weight >= 0)) sup->fail("weight", fmt::format("must be >= 0 (got {})", sv.weight));
    sv.pretrain_steps = positive(*sup, "pretrain_steps", sv.pretrain_steps, 0);
    sv.batch = static_cast<int>(positive(*sup, "batch", sv.batch));
  }
  if (auto mc = section.optional_child("mcmc")) {
    mc->allow_only({"steps", "proposal", "every", "uniform_fraction", "power"});
    auto& m = o.mcmc;
    m.steps = static_cast<int>(positive(*mc, "steps", m.steps, 0));
    m.proposal = mc->get_doubles("proposal", m.proposal);
    if (m.proposal.size() != 2 || !(m.proposal[0] > 0 && m.proposal[1] > 0 && m.proposal[0] <= 1 && m.proposal[1] <= 1))
      mc->fail("proposal", "expected [sigma_t, sigma_x], each in (0, 1] (fractions of the time and space extents)");
    m.every = positive(*mc, "every", m.every);
    m.uniform_fraction = mc->get_double("uniform_fraction", m.uniform_fraction);
    if (!(m.uniform_fraction >= 0 && m.uniform_fraction <= 1))
      mc->fail("uniform_fraction", fmt::format("must be in [0, 1] (got {})", m.uniform_fraction));
    m.power = mc->get_double("power", m.power);
    if (!(m.power > 0 && m.power <= 4)) mc->fail("power", fmt::format("must be in (0, 4] (got {})", m.power));
  }
  if (auto win = section.optional_child("windows")) {
    win->allow_only({"ends", "points", "placement", "weight", "networks", "lr"});
    auto& w = o.windows;
    w.ends = win->get_doubles("ends");
    if (w.ends.empty()) win->fail("ends", "expected a non-empty list of window end times");
    for (std::size_t i = 0; i < w.ends.size(); ++i)
      if (!(w.ends[i] > (i ? w.ends[i - 1] : 0.0)))
        win->fail("ends", fmt::format("must increase from > 0 (entry {} is {})", i + 1, w.ends[i]));
    // the last end >= the problem's t_end: checked with the problem (network_training.cpp)
    w.points = positive(*win, "points", w.points);
    w.placement = win->get_choice("placement", {"random", "grid"}, w.placement);
    w.weight = win->get_double("weight", w.weight);
    if (!(w.weight > 0)) win->fail("weight", fmt::format("must be > 0 (got {})", w.weight));
    w.fresh_networks = win->get_choice("networks", {"continue", "fresh"}, "continue") == "fresh";
    w.lr = win->get_double("lr", o.optimizer.lr);
    if (!(w.lr > 0)) win->fail("lr", fmt::format("must be > 0 (got {})", w.lr));
    if (section.has("supervision"))
      win->fail_here("windows and supervision both add the supervised term: use one of them");
  }
  if (o.wall_bias != 1.0 && o.mcmc.steps > 0)  // the walls of the problem: network_training.cpp
    section.fail("wall_bias", "mcmc moves the interior points by its own density; use one of the two");
  method.parse(section, o);  // the model's own keys (transforms, ...)
  return o;
}

void require_even_quadrature(const ConfigNode& section, const NeuralOptions& o) {
  if (o.quadrature % 2 != 0)
    section.fail("quadrature", fmt::format("must be even on a symmetric velocity range (got {})", o.quadrature));
}

long positive_key(const ConfigNode& s, const std::string& key, long fallback, long min) {
  return positive(s, key, fallback, min);
}

}  // namespace kinetic::neural

#include "core/formula.hpp"

#include <fmt/format.h>
#include <muParser.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace kinetic {

// The parser binds variables by address, so the values live next to it in one heap object shared by copies.
struct Formula::Impl {
  mu::Parser parser;
  double vars[5] = {0, 0, 0, 0, 0};  // t, x, v, z, T
  std::vector<double> random;        // z1 ... zd: the nominal values, overwritten by at_random
  std::vector<double> nominal;
};

namespace {
constexpr int kVars = 5;
const char* kVarNames[kVars] = {"t", "x", "v", "z", "T"};

double heaviside(double a) { return a > 0 ? 1.0 : (a < 0 ? 0.0 : 0.5); }
double sign_of(double a) { return (a > 0) - (a < 0); }

std::string allowed_list(unsigned allowed) {
  std::string s;
  for (int i = 0; i < kVars; ++i)
    if (allowed & (1u << i)) s += (s.empty() ? "" : ", ") + std::string(kVarNames[i]);
  return s.empty() ? "none" : s;
}
}  // namespace

Formula::Formula() = default;

Formula Formula::constant(double value) {
  Formula f;
  f.value_ = value;
  f.text_ = fmt::format("{}", value);
  return f;
}

Formula Formula::parse(const std::string& text, unsigned allowed_vars, const std::string& where,
                       const std::map<std::string, double>& constants, int random_inputs) {
  if (random_inputs < 0 || random_inputs > kMaxRandomInputs)
    throw InputError(fmt::format("{}: at most {} random inputs are supported (got {})", where, kMaxRandomInputs,
                                 random_inputs));
  Formula f;
  f.text_ = text;
  f.random_inputs_ = random_inputs;
  auto impl = std::make_shared<Impl>();
  impl->random.assign(random_inputs, 0.0);
  std::vector<std::string> random_names;
  for (int i = 0; i < random_inputs; ++i) random_names.push_back(fmt::format("z{}", i + 1));
  try {
    impl->parser.DefineConst("pi", M_PI);
    for (const auto& [name, value] : constants) {
      const auto it = std::find(random_names.begin(), random_names.end(), name);
      if (it == random_names.end()) impl->parser.DefineConst(name, value);
      else impl->random[it - random_names.begin()] = value;
    }
    impl->nominal = impl->random;
    for (int i = 0; i < random_inputs; ++i) impl->parser.DefineVar(random_names[i], &impl->random[i]);
    impl->parser.DefineFun("heaviside", heaviside);
    impl->parser.DefineFun("sign", sign_of);
    for (int i = 0; i < kVars; ++i) impl->parser.DefineVar(kVarNames[i], &impl->vars[i]);
    impl->parser.SetExpr(text);
    // GetUsedVar parses the expression: syntax errors and unknown names surface here.
    const auto used = impl->parser.GetUsedVar();
    for (const auto& kv : used) {
      for (int i = 0; i < kVars; ++i)
        if (kv.first == kVarNames[i]) f.used_ |= (1u << i);
      if (std::find(random_names.begin(), random_names.end(), kv.first) != random_names.end()) f.used_ |= Random;
    }
    impl->parser.Eval();
  } catch (const mu::Parser::exception_type& e) {
    throw InputError(fmt::format("{}: formula '{}' does not parse: {}", where, text, e.GetMsg()));
  }
  if (f.used_ & ~(allowed_vars | Random)) {
    for (int i = 0; i < kVars; ++i)
      if ((f.used_ & (1u << i)) && !(allowed_vars & (1u << i)))
        throw InputError(fmt::format("{}: formula '{}' uses variable '{}', but only {} may appear here", where,
                                     text, kVarNames[i], allowed_list(allowed_vars)));
  }
  if (f.used_ == 0) {
    f.value_ = impl->parser.Eval();
    if (!std::isfinite(f.value_))
      throw InputError(fmt::format("{}: formula '{}' is not a finite number", where, text));
    f.constant_ = true;
  } else {
    f.constant_ = false;
    f.impl_ = std::move(impl);
  }
  return f;
}

Formula Formula::from_function(Function fn, std::string description, unsigned used_vars) {
  Formula f;
  f.text_ = std::move(description);
  f.constant_ = false;
  f.used_ = used_vars;
  f.function_ = std::make_shared<const Function>(std::move(fn));
  return f;
}

double Formula::operator()(double t, double x, double v, double z, double temperature) const {
  if (constant_) return value_;
  if (function_) return (*function_)(t, x, v, z);
  Impl& im = *impl_;
  im.vars[0] = t;
  im.vars[1] = x;
  im.vars[2] = v;
  im.vars[3] = z;
  im.vars[4] = temperature;
  if (used_ & Random) std::copy(im.nominal.begin(), im.nominal.end(), im.random.begin());
  return im.parser.Eval();
}

double Formula::at_random(double t, double x, double v, const double* z) const {
  if (!(used_ & Random)) return (*this)(t, x, v);
  Impl& im = *impl_;
  im.vars[0] = t;
  im.vars[1] = x;
  im.vars[2] = v;
  std::copy(z, z + random_inputs_, im.random.begin());
  return im.parser.Eval();
}

}  // namespace kinetic

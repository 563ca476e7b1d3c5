#pragma once
// A formula from a config (e.g. "(1+cos(4*pi*x))*exp(-v^2/2)/sqrt(2*pi)"), compiled once by muParser and
// evaluated on the host. Kernels never call formulas: solvers tabulate them into arrays first, which keeps
// device code free of host-only objects.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kinetic {

class Formula {
 public:
  // The variables a formula may use, in a fixed order; a context allows a subset (e.g. sigma_s: x only):
  // t, x, v, z, and the material temperature `T` (gray radiative transfer: opacity and heat capacity).
  // `Random` marks a formula that uses the random inputs z1 ... zd of an uncertain problem (any context may).
  enum Var : unsigned { T = 1u, X = 2u, V = 4u, Z = 8u, Temperature = 16u, Random = 32u };
  static constexpr int kMaxRandomInputs = 64;

  Formula();  // the constant 0
  // Compiles `text`; unknown variables, syntax errors and non-allowed variables throw InputError that names
  // `where` (the config key path, with file).
  // `constants` are extra named values the text may use (the problem defines eps and its `constants:`).
  // `random_inputs` > 0 defines the variables z1 ... z_d (random inputs, core/random_inputs.hpp); their values
  // for operator() are the constants of the same names (the nominal point), and at_random() sets them per call.
  static Formula parse(const std::string& text, unsigned allowed_vars, const std::string& where,
                       const std::map<std::string, double>& constants = {}, int random_inputs = 0);
  static Formula constant(double value);
  // A formula backed by C++ code (e.g. data interpolated from a result file); `description` is its text.
  using Function = std::function<double(double t, double x, double v, double z)>;
  static Formula from_function(Function fn, std::string description, unsigned used_vars);

  double operator()(double t, double x, double v, double z = 0.0, double temperature = 0.0) const;
  // The formula at the random inputs z[0 .. d) (d = random_inputs of parse; ignored by formulas without them).
  double at_random(double t, double x, double v, const double* z) const;
  bool uses_random() const { return (used_ & Random) != 0; }
  bool is_constant() const { return constant_; }
  const std::string& text() const { return text_; }
  unsigned used_vars() const { return used_; }

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
  std::shared_ptr<const Function> function_;
  std::string text_ = "0";
  bool constant_ = true;
  double value_ = 0.0;
  unsigned used_ = 0;
  int random_inputs_ = 0;
};

}  // namespace kinetic

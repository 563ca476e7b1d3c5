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
  enum Var : unsigned { T = 1u, X = 2u, V = 4u, Z = 8u, Temperature = 16u };

  Formula();  // the constant 0
  // Compiles `text`; unknown variables, syntax errors and non-allowed variables throw InputError that names
  // `where` (the config key path, with file).
  // `constants` are extra named values the text may use (the problem defines eps and its `constants:`).
  static Formula parse(const std::string& text, unsigned allowed_vars, const std::string& where,
                       const std::map<std::string, double>& constants = {});
  static Formula constant(double value);
  // A formula backed by C++ code (e.g. data interpolated from a result file); `description` is its text.
  using Function = std::function<double(double t, double x, double v, double z)>;
  static Formula from_function(Function fn, std::string description, unsigned used_vars);

  double operator()(double t, double x, double v, double z = 0.0, double temperature = 0.0) const;
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
};

}  // namespace kinetic

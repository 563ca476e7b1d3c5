#pragma once
// The one problem definition shared by the classical solvers and the neural models: equation, scaling,
// domain, velocity set, cross sections, sources, initial and boundary data, output times. It is read from
// the `problem:` section of a config; no solver or model ever branches on a test case's name.
//
// Equations (all in one space dimension for now; `dim` is reserved for 2-D):
//  linear_transport  eps f_t + v f_x = (sigma_s/eps)(<f> - f) - eps sigma_a f + eps G,   <h> = measure of v
//  bgk               f_t + v f_x = (M[U] - f)/eps,  U = int (1, v, v^2/2) f dv
//  gray_radiative_transfer  (eps^2/c) I_t + eps mu I_x = sigma(T) (a c T^4/2 - I) + Q/2,
//                           eps^2 C_v(T) T_t = sigma(T) (int I dmu - a c T^4),   mu = v in [-1, 1]
//  vpfp              f_t + v f_x - (1/eps) phi_x f_v = (1/eps)(v f + f_v)_v,  -phi_xx = rho - h(x),  rho = int f dv
//                    (E = -phi_x; eps may vary in x; core/equations/vpfp.cpp)
// Each equation's own keys, velocity defaults and result fields live in its description
// (core/equations/equation_description.hpp); this file parses the keys every equation shares.
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/formula.hpp"
#include "core/random_inputs.hpp"

namespace kinetic {

enum class Equation { LinearTransport, BGK, GrayRadiativeTransfer, VPFP };
std::string to_string(Equation e);

// How velocity integrals are normalised: Average gives <h> = 1/(vmax-vmin) int h dv (slab transport),
// Integral gives int h dv (BGK).
enum class VelocityMeasure { Average, Integral };

struct VelocityDomain {
  double vmin = -1.0;
  double vmax = 1.0;
  VelocityMeasure measure = VelocityMeasure::Average;
  // Factor that turns a plain integral over [vmin,vmax] into the problem's velocity measure.
  double measure_factor() const { return measure == VelocityMeasure::Average ? 1.0 / (vmax - vmin) : 1.0; }
  // [vmin, vmax] = [-V, V] to round-off (parity and layer models need the mirrored ordinates).
  bool symmetric() const { return std::abs(vmin + vmax) < 1e-12 * std::abs(vmax); }
};

enum class BoundaryKind {
  Periodic,      // f(xL) = f(xR)
  Inflow,        // f(t,xL,v>0) = f_left(t,v), f(t,xR,v<0) = f_right(t,v)
  Dirichlet,     // macroscopic states (rho,u,T) at both ends; kinetic data = their Maxwellians
  ZeroGradient,  // outflow/Neumann
};
std::string to_string(BoundaryKind b);

// Macroscopic state as formulas (of t at a boundary, of x initially).
struct MacroState {
  Formula rho, u, T;
};

struct BoundaryData {
  BoundaryKind kind = BoundaryKind::Periodic;
  Formula f_left;   // (t, v), used for v > 0 at xL   (Inflow)
  Formula f_right;  // (t, v), used for v < 0 at xR   (Inflow)
  MacroState left, right;  // (t)                      (Dirichlet)
};

struct InitialData {
  bool macroscopic = false;  // true: f0 = Maxwellian of (rho,u,T)(x); false: f0(x, v) given
  Formula f;                 // (x, v); may also come from a result file (core/initial_from_result.hpp)
  MacroState macro;          // (x)
};

// Gray radiative transfer (core/equations/gray_radiative_transfer.cpp): constants, material laws, and the
// boundary of each side (the intensity entering there).
struct RadiationSide {
  enum class Kind { Periodic, Inflow, Vacuum, Reflecting, ZeroGradient };
  Kind kind = Kind::Periodic;
  Formula temperature;  // (t): Inflow: isotropic I = a c T_b^4 / 2 for incoming mu
};
std::string to_string(RadiationSide::Kind kind);

struct GrayRadiation {
  double a = 1.0, c = 1.0;   // radiation constant, speed of light
  Formula opacity;           // sigma(T, x) > 0
  Formula heat_capacity;     // C_v(T, x) > 0; the material energy is e(T) = int_0^T C_v
  Formula source;            // Q(t, x), isotropic: Q/2 per unit mu
  Formula initial_T;         // (x) > 0
  Formula initial_I;         // (x, v); used if initial_I_given, else equilibrium a c T0^4 / 2
  bool initial_I_given = false;
  RadiationSide left, right;
  // Points where T is also recorded against time (result series probe_t, probe_T_<k>; the Marshak figure's
  // T_e at x = 0.0025 cm).
  std::vector<double> probes;
};

// Vlasov-Poisson-Fokker-Planck (core/equations/vpfp.cpp): the background charge, eps(x), and whether the
// Fokker-Planck term is on (off: Vlasov-Poisson, for checks).
struct PlasmaData {
  Formula background;            // h(x); int h dx = int int f0 dv dx (periodic Poisson)
  Formula eps_profile;           // eps(x) > 0 (the constant eps unless eps_profile is given)
  bool eps_varies = false;
  bool fokker_planck = true;
};

struct Problem {
  Equation equation = Equation::LinearTransport;
  int dim = 1;
  double eps = 1.0;
  double t_end = 0.1;
  double x_left = 0.0, x_right = 1.0;
  VelocityDomain velocity;
  Formula sigma_s = Formula::constant(1.0);  // (x)   scattering cross section
  Formula sigma_a;                           // (x)   absorption
  Formula source;                            // (t, x, v)
  InitialData initial;
  BoundaryData boundary;
  std::vector<double> output_times;          // sorted, in (0, t_end]; t_end is always included
  std::map<std::string, double> constants;   // named values the formulas may use
  GrayRadiation radiation;                   // gray_radiative_transfer only
  PlasmaData plasma;                         // vpfp only
  RandomInputs random;                       // `random:` (uncertain problems); dim 0 otherwise
  std::vector<double> random_sample;         // the z of a per-sample problem (z are constants); empty: nominal
  std::optional<ConfigNode> definition;      // the `problem:` section (uncertain problems, for at_random_inputs)

  double length() const { return x_right - x_left; }
  bool periodic() const { return boundary.kind == BoundaryKind::Periodic; }

  // Reads and checks the `problem:` section. Throws InputError naming the key on any bad value.
  // With `random:`, the formulas keep z1 ... zd as variables (Formula::at_random; operator() uses the means).
  static Problem from_config(const ConfigNode& section);
  // The deterministic problem at the random inputs `z` (z1 ... zd become constants of every formula).
  static Problem from_config(const ConfigNode& section, const std::vector<double>& z);
  // This uncertain problem at the random inputs z (RunError if it has none).
  Problem at_random_inputs(const std::vector<double>& z) const;
};

// Named values a problem's formulas may use: eps and the entries of `constants:` (and z1 ... zd). Under the
// key kRandomInputsKey (not a valid name, so never a user's) it carries the number of random inputs that
// problem_formula makes variables of the formula rather than constants.
using FormulaConstants = std::map<std::string, double>;
inline constexpr const char* kRandomInputsKey = "#random_inputs";
// The formula at `key` of `node` (or `fallback`), in the variables `vars`; errors name the file and key.
Formula problem_formula(const ConfigNode& node, const std::string& key, unsigned vars, const std::string& fallback,
                        const FormulaConstants& constants);

}  // namespace kinetic

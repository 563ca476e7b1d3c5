// `kinetic check` refuses what `solve`, `train` and `supervise` refuse, with the same message and exit code:
// each case below is one bad key of a classical, neural or coupling key family, set on a valid example.
// Also `kinetic methods`, which lists what the registries hold, and the message for an unknown subcommand.
#include <catch2/catch.hpp>

#include <filesystem>

#include "run_program.hpp"

namespace fs = std::filesystem;

namespace {

// The first line starting with "error: " (the one-line message of an input error).
std::string error_line(const std::string& output) {
  const auto at = output.find("error: ");
  if (at == std::string::npos) return "";
  return output.substr(at, output.find('\n', at) - at);
}

struct BadKey {
  std::string example, set, runner, key;  // runner: the subcommand that refuses it when running
};

}  // namespace

TEST_CASE("check refuses every bad classical, neural and coupling key exactly as the runners do", "[cli][check]") {
  const std::string v2 = "linear_transport/inflow_eps1e-3.yaml", v1 = "linear_transport/inflow_eps1e-8.yaml",
                    bgk = "bgk/smooth_eps1e-3.yaml", rfm = "linear_transport/steady_manufactured.yaml",
                    grte = "grte/marshak_sigma30.yaml";
  const std::vector<BadKey> cases = {
      {v2, "classical.nx=-5", "solve", "classical.nx"},
      {v2, "classical.nx=1e400", "solve", "classical.nx"},
      {v2, "classical.nx=10000000000", "solve", "classical.nx"},  // arrays beyond the machine's memory
      {v1, "classical.nv=3", "solve", "classical.nv"},
      {v1, "classical.cfl=0", "solve", "classical.cfl"},
      {v1, "classical.transport=third_order", "solve", "classical.transport"},
      {v1, "classical.dt=-1", "solve", "classical.dt"},
      {v1, "classical.richardson=0", "solve", "classical.richardson"},
      {v1, "classical.method=micro_macr", "solve", "classical.method"},
      {bgk, "classical.nv=5", "solve", "classical.nv"},
      {bgk, "classical.limiter=superbee", "solve", "classical.limiter"},
      {grte, "classical.nv=3", "solve", "classical.nv"},
      {grte, "classical.cfl=2", "solve", "classical.cfl"},
      {grte, "classical.method=spectral", "solve", "classical.method"},  // a linear-transport method
      {grte, "neural={method: apnn_grte_v1, transforms: {T: cubic}}", "train", "neural.transforms.T"},
      {grte, "neural={method: apnn_grte_v2, transforms: {r: softplus}}", "train", "neural.transforms.r"},
      {grte, "neural={method: apnn_v1}", "train", "neural.method"},  // a linear-transport model
      {v2, "neural.steps=-1", "train", "neural.steps"},
      {v2, "neural.optimizer.lr=nan", "train", "neural.optimizer.lr"},
      {v2, "neural.optimizer.lr=-1", "train", "neural.optimizer.lr"},
      {v2, "neural.optimizer.second_order={steps: 5, solver: newton}", "train", "neural.optimizer.second_order.solver"},
      {v2, "neural.optimizer.second_order={steps: 5, damping: 0}", "train", "neural.optimizer.second_order.damping"},
      {v2, "neural.optimizer.second_order={steps: -2}", "train", "neural.optimizer.second_order.steps"},
      {v2, "neural.optimizer.second_order={steps: 5, cg_tolerance: 1}", "train",
       "neural.optimizer.second_order.cg_tolerance"},
      {v2, "neural.optimizer.second_order={solver: dense, cg_iterations: 10}", "train",
       "neural.optimizer.second_order.cg_iterations"},
      {v2, "neural.optimizer.second_order={steps: 5, trust: 1}", "train", "trust"},
      {v2, "neural.mcmc={steps: 5, proposal: [0.1]}", "train", "neural.mcmc.proposal"},
      {v2, "neural.mcmc={steps: 5, uniform_fraction: 2}", "train", "neural.mcmc.uniform_fraction"},
      {v2, "neural.windows={ends: [0.05]}", "train", "neural.windows.ends"},  // must end at or after time.end = 0.1
      {v2, "neural.optimizer.second_order={steps: 5, solver: dense}", "train",  // 22 000 parameters
       "neural.optimizer.second_order.solver"},
      {v2, "neural.batch.interior=0", "train", "neural.batch.interior"},
      {v2, "neural.quadrature=0", "train", "neural.quadrature"},
      {v2, "neural.threads=0", "train", "neural.threads"},
      {v2, "neural.threads=100000", "train", "neural.threads"},
      {v2, "neural.networks.width=0", "train", "neural.networks.width"},
      {v2, "neural.networks.log_time=-0.1", "train", "neural.networks.log_time"},
      {v2, "neural.windows={ends: [0.05, 0.1], lr: -1}", "train", "neural.windows.lr"},
      {v2, "neural.weights.macro=1", "train", "macro"},                 // a term apnn_v2 does not have
      {v2, "neural.transforms.macro=free", "train", "macro"},           // apnn_bgk's key, not apnn_v2's
      {v2, "neural.causal={bins: 4}", "train", "causal"},               // apnn_bgk's key
      {v2, "neural.projection=soft", "train", "projection"},            // apnn_v1's key
      {v1, "neural.quadrature=7", "train", "neural.quadrature"},        // odd on the whole range
      {v1, "neural.weights.soft_mean=1", "train", "soft_mean"},         // with projection: exact
      {v1, "neural.method=apnn_bgk", "train", "neural.method"},        // a BGK model on linear transport
      {bgk, "neural.hermite_degree=70", "train", "neural.hermite_degree"},
      {bgk, "neural.causal.tolerance=0", "train", "neural.causal.tolerance"},
      {rfm, "neural.nv=3", "train", "neural.nv"},
      {v2, "coupling.supervision.mode=everywhere", "supervise --from none.h5", "coupling.supervision.mode"},
  };
  const fs::path out = fs::temp_directory_path() / "kinetic_check_command_out.h5";
  int refused = 0;
  for (const auto& c : cases) {
    const std::string config = std::string(KINETIC_SOURCE_DIR) + "/examples/" + c.example;
    const ProgramRun check = run_kinetic("check " + config + " --set '" + c.set + "'");
    const std::string run_dir =
        c.runner == "train" ? " --run-dir " + (fs::temp_directory_path() / "kinetic_check_command_run").string() : "";
    const ProgramRun runner = run_kinetic(c.runner + " " + config + " --set '" + c.set + "' -o " + out.string() + run_dir);
    INFO(c.example << " --set " << c.set << "\ncheck:\n" << check.output << "\n" << c.runner << ":\n" << runner.output);
    CHECK(check.exit_code == 2);
    CHECK(runner.exit_code == 2);
    CHECK(error_line(check.output).find(c.key) != std::string::npos);
    CHECK(error_line(check.output) == error_line(runner.output));
    // A refused run prints its one-line error alone, not the resolved config first.
    CHECK(runner.output.find("resolved config") == std::string::npos);
    refused += check.exit_code == 2;
  }
  CHECK(refused == static_cast<int>(cases.size()));
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("check warns about more threads than the machine has, and lists what it checked", "[cli][check]") {
  const std::string config = std::string(KINETIC_SOURCE_DIR) + "/examples/linear_transport/inflow_eps1e-3.yaml";
  const ProgramRun run = run_kinetic("check " + config + " --set neural.threads=512");
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK(run.output.find("more than this machine's") != std::string::npos);
  CHECK(run.output.find("checked: problem, classical, neural") != std::string::npos);
}

TEST_CASE("`kinetic methods` lists every equation with its registered methods", "[cli]") {
  const ProgramRun run = run_kinetic("methods");
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  for (const char* name : {"linear_transport:", "bgk:", "micro_macro", "even_odd", "diffusion_limit", "spectral",
                           "steady", "bgk_imex", "pinn", "apnn_v1", "apnn_v2", "apnn_bgk", "aprfm", "rfm",
                           "gray_radiative_transfer:", "equilibrium diffusion",
                           "loss terms (default weights): even 1, odd 1"})
    CHECK(run.output.find(name) != std::string::npos);
}

TEST_CASE("an unknown subcommand is named, with the choices, and exits with 2", "[cli]") {
  const ProgramRun run = run_kinetic("run examples/grte/marshak_sigma30.yaml");
  CHECK(run.exit_code == 2);
  CHECK(error_line(run.output) ==
        "error: unknown subcommand 'run' (one of: methods, check, solve, train, validate, sweep, supervise, dataset, "
        "apply)");
  // No subcommand at all keeps CLI11's own message.
  const ProgramRun none = run_kinetic("");
  CHECK(none.exit_code == 2);
  CHECK(none.output.find("A subcommand is required") != std::string::npos);
}

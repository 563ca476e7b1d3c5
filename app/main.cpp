// `kinetic`: the toolkit's command-line program. Exit codes: 0 success, 2 bad input, 1 failure while running.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <string>

#include "app/commands.hpp"
#include "core/blas_kernels.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/version.hpp"

using namespace kinetic;

int main(int argc, char** argv) {
  ensure_tuned_blas_kernels(argv);  // before anything else: it may re-execute the program
  CLI::App cli{"kinetic: asymptotic-preserving classical solvers and neural networks for multiscale kinetic "
               "equations"};
  const std::string blas = blas_kernel_name();
  cli.set_version_flag("--version", fmt::format("kinetic {} (BLAS kernels: {})", kVersion,
                                                blas.empty() ? "not OpenBLAS" : blas));
  cli.require_subcommand(1);

  auto add_run_options = [](CLI::App* sub, app::RunOptions& o, const std::string& out_help) {
    sub->add_option("config", o.config, "YAML config (problem + classical/neural sections)")->required();
    sub->add_option("-o,--output", o.output, out_help);
    sub->add_option("--set", o.overrides, "override a config key, e.g. --set problem.eps=1e-3 (repeatable)");
    sub->add_flag("-q,--quiet", o.quiet, "no progress lines");
  };

  auto* cmd_methods = cli.add_subcommand("methods", "list the equations and their registered methods");

  app::RunOptions check;
  auto* cmd_check = cli.add_subcommand("check", "check a config and print it resolved (nothing is run)");
  add_run_options(cmd_check, check, "unused");

  app::RunOptions solve;
  auto* cmd_solve = cli.add_subcommand("solve", "run the classical method of a config");
  add_run_options(cmd_solve, solve, "result file (default results/<config>_classical.h5)");

  app::TrainOptions train;
  auto* cmd_train = cli.add_subcommand("train", "train the neural model of a config and write its result");
  add_run_options(cmd_train, train, "result file (default results/<config>_neural.h5)");
  cmd_train->add_option("--run-dir", train.run_dir, "checkpoints and logs (default: <output>.run/)");
  cmd_train->add_option("--reference", train.reference, "HDF5 result to report the error against while training");
  cmd_train->add_flag("--resume", train.resume, "continue from the newest checkpoint in the run dir");
  cmd_train->add_option("--threads", train.threads, "LibTorch threads (default: config or 2)");

  app::ValidateOptions validate;
  auto* cmd_validate = cli.add_subcommand("validate", "errors of a result against a reference result");
  cmd_validate->add_option("result", validate.result, "HDF5 result to judge")->required();
  cmd_validate->add_option("reference", validate.reference, "HDF5 reference result")->required();
  cmd_validate->add_option("--field", validate.fields, "fields to compare (default: all in common)");
  cmd_validate->add_option("--report", validate.report_dir, "write a Markdown report with PNG plots here");
  cmd_validate->add_option("--csv", validate.csv, "write the error table as CSV");
  cmd_validate->add_option("--front", validate.fronts,
                           "FIELD=LEVEL: compare where FIELD first falls below LEVEL from the left (e.g. T=0.5)");

  app::SweepOptions sweep;
  auto* cmd_sweep = cli.add_subcommand("sweep", "run a method over a list of eps and tabulate its errors");
  add_run_options(cmd_sweep, sweep, "unused (see --out)");
  cmd_sweep->add_option("--side", sweep.side, "neural (train) or classical (solve) is judged")
      ->check(CLI::IsMember({"neural", "classical"}));
  cmd_sweep->add_option("--eps", sweep.eps, "eps values (default 1 1e-1 1e-2 1e-3 1e-4 1e-8)");
  cmd_sweep->add_option("--out", sweep.out_dir, "output folder (default results/<config>_sweep)");
  cmd_sweep->add_option("--reference-method", sweep.reference_method, "classical method of the references");
  cmd_sweep->add_option("--reference-set", sweep.reference_overrides, "--set for the reference runs only");

  app::SuperviseOptions supervise;
  auto* cmd_supervise = cli.add_subcommand("supervise", "sample a result into a supervision dataset (coupling)");
  add_run_options(cmd_supervise, supervise, "dataset file (default results/<config>_supervision.h5)");
  cmd_supervise->add_option("--from", supervise.from, "result file to sample (e.g. a classical reference)")
      ->required();

  app::RunOptions dataset;
  auto* cmd_dataset = cli.add_subcommand("dataset", "solve a family of initial functions into an operator-learning dataset");
  add_run_options(cmd_dataset, dataset, "dataset file (default results/<config>_dataset.h5)");

  app::ApplyOptions apply;
  auto* cmd_apply = cli.add_subcommand("apply", "evaluate a trained operator (APCON) for the config's initial data");
  add_run_options(cmd_apply, apply, "result file (default results/<config>_operator.h5)");
  cmd_apply->add_option("--operator", apply.operator_path, "trained operator (<run dir>/operator.pt)")->required();

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    // An unknown first word reaches CLI11 as a missing subcommand; name it and the choices instead.
    if (argc > 1 && argv[1][0] != '-' && cli.get_subcommands().empty()) {
      std::string names;
      for (const auto* sub : cli.get_subcommands({})) names += (names.empty() ? "" : ", ") + sub->get_name();
      std::fprintf(stderr, "error: unknown subcommand '%s' (one of: %s)\n", argv[1], names.c_str());
      return 2;
    }
    cli.exit(e);
    return 2;
  }

  try {
    if (cmd_methods->parsed()) return app::run_methods();
    if (cmd_check->parsed()) return app::run_check(check);
    if (cmd_solve->parsed()) {
      Progress::set_quiet(solve.quiet);
      return app::run_solve(solve);
    }
    if (cmd_train->parsed()) {
      Progress::set_quiet(train.quiet);
      return app::run_train(train);
    }
    if (cmd_validate->parsed()) return app::run_validate(validate);
    if (cmd_supervise->parsed()) return app::run_supervise(supervise);
    if (cmd_apply->parsed()) return app::run_apply(apply);
    if (cmd_dataset->parsed()) {
      Progress::set_quiet(dataset.quiet);
      return app::run_dataset(dataset);
    }
    if (cmd_sweep->parsed()) {
      Progress::set_quiet(sweep.quiet);
      return app::run_sweep(sweep);
    }
  } catch (const InputError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const RunError& e) {
    std::fprintf(stderr, "failed: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    // LibTorch's errors append a C++ stack trace after "Exception raised from": the message is enough.
    const std::string what = e.what();
    std::fprintf(stderr, "failed: %s\n", what.substr(0, what.find("\nException raised from")).c_str());
    return 1;
  }
  return 1;
}

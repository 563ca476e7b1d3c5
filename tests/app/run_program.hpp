#pragma once
// Runs the real `kinetic` program (path from the build) and captures its exit code and combined output.
#include <sys/wait.h>

#include <cstdio>
#include <string>

struct ProgramRun {
  int exit_code = -1;
  std::string output;
};

// `prefix` goes before the program's path, e.g. "env -u VAR" to run it in a changed environment.
inline ProgramRun run_kinetic_env(const std::string& prefix, const std::string& arguments) {
  const std::string cmd = prefix + " " + std::string(KINETIC_BINARY) + " " + arguments + " 2>&1";
  ProgramRun run;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return run;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, pipe)) run.output += buf;
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

inline ProgramRun run_kinetic(const std::string& arguments) { return run_kinetic_env("", arguments); }

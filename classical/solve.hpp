#pragma once
// Entry point of the classical side: runs the method named in the config's `classical:` section on a
// problem and hands each output time to the writer (which rewrites the result file after each one).
#include "core/config.hpp"
#include "core/problem.hpp"
#include "core/result_file.hpp"

namespace kinetic::classical {

// Parses and validates the section exactly as solve() does before it starts, running nothing (`kinetic check`).
void check(const Problem& problem, const ConfigNode& section);

// Throws InputError for bad `classical:` keys/values (naming the key), RunError on failure while running.
void solve(const Problem& problem, const ConfigNode& section, ResultWriter& writer);

// Kokkos must be initialised once per process before any View exists; idempotent, finalises at exit.
void ensure_kokkos_initialized();

}  // namespace kinetic::classical

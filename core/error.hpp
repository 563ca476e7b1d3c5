#pragma once
// The two kinds of failure the command-line program distinguishes (exit codes 2 and 1).
#include <stdexcept>
#include <string>

namespace kinetic {

// Bad input: a config, an option or a file the user gave. Message names the file, the key and the problem.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A failure while running a valid input (divergence, I/O failure, ...).
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace kinetic

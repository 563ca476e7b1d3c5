#pragma once
// A progress line for long runs: at most one line per `interval_s` seconds on stderr, with the fraction done,
// rate and ETA, plus a caller-supplied status text (loss terms, current error, ...).
#include <chrono>
#include <string>

namespace kinetic {

class Progress {
 public:
  // done_before: the work a resumed run had already done, so that the rate and ETA count this run's work only.
  Progress(std::string label, double total_work, double interval_s = 2.0, double done_before = 0.0);
  // Reports `done` units of work; prints if the interval has passed or `force` is set.
  void update(double done, const std::string& status = "", bool force = false);
  void finish(const std::string& status = "");
  double elapsed() const;
  static void set_quiet(bool quiet);  // for tests
  // Seconds left at this run's rate: elapsed for (done - done_before) units, (total - done) to go; -1 unknown.
  static double eta_seconds(double elapsed, double total, double done, double done_before);

 private:
  std::string label_;
  double total_;
  double interval_;
  double done_before_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace kinetic

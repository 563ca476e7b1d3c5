#include "core/progress.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cstdio>

namespace kinetic {

namespace {
std::atomic<bool> g_quiet{false};

std::string format_seconds(double s) {
  if (s < 0 || !std::isfinite(s)) return "?";
  if (s < 90) return fmt::format("{:.0f}s", s);
  if (s < 5400) return fmt::format("{:.1f}min", s / 60);
  return fmt::format("{:.1f}h", s / 3600);
}
}  // namespace

void Progress::set_quiet(bool quiet) { g_quiet = quiet; }

Progress::Progress(std::string label, double total_work, double interval_s, double done_before)
    : label_(std::move(label)), total_(total_work), interval_(interval_s), done_before_(done_before),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

double Progress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

double Progress::eta_seconds(double elapsed, double total, double done, double done_before) {
  return done > done_before ? elapsed * (total - done) / (done - done_before) : -1.0;
}

void Progress::update(double done, const std::string& status, bool force) {
  if (g_quiet) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && std::chrono::duration<double>(now - last_).count() < interval_) return;
  last_ = now;
  const double el = elapsed();
  const double frac = total_ > 0 ? done / total_ : 0.0;
  const double eta = eta_seconds(el, total_, done, done_before_);
  std::fprintf(stderr, "[%s] %5.1f%% elapsed %s ETA %s %s\n", label_.c_str(), 100.0 * frac,
               format_seconds(el).c_str(), format_seconds(eta).c_str(), status.c_str());
  std::fflush(stderr);
}

void Progress::finish(const std::string& status) {
  if (g_quiet) return;
  std::fprintf(stderr, "[%s] done in %s %s\n", label_.c_str(), format_seconds(elapsed()).c_str(), status.c_str());
  std::fflush(stderr);
}

}  // namespace kinetic

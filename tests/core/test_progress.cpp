// The progress line's ETA counts this run's work only: a resumed run that has done 10 of its remaining 80
// steps in 20 s has 140 s to go, not the 12.7 s that the fraction of all 180 steps would give.
#include <catch2/catch.hpp>

#include "core/progress.hpp"

using kinetic::Progress;

TEST_CASE("progress ETA from the rate of this run, also after a resume", "[core][progress]") {
  CHECK(Progress::eta_seconds(20.0, 180.0, 110.0, 100.0) == Approx(140.0));
  CHECK(Progress::eta_seconds(20.0, 180.0, 10.0, 0.0) == Approx(340.0));  // a fresh run
  CHECK(Progress::eta_seconds(5.0, 180.0, 180.0, 100.0) == Approx(0.0));
  CHECK(Progress::eta_seconds(5.0, 180.0, 100.0, 100.0) < 0);  // nothing done yet: unknown
}

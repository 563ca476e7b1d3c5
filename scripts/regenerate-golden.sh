#!/usr/bin/env bash
# Rewrites the golden tables of the examples (tests/golden/*.txt) from shrunk classical runs, after an
# intended change of an example or a solver. Review `git diff tests/golden` before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
KINETIC_REGENERATE_GOLDEN=1 build/tests/test_app "shrunk classical runs of the examples reproduce their golden tables"
git status --short tests/golden

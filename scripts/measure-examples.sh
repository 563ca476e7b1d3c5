#!/usr/bin/env bash
# Trains the examples that have a neural section and records what they reach, in the one place where the
# examples' measured numbers live: examples/results/<example>.csv (one per example, rewritten when that example
# is measured) and examples/RESULTS.md (rebuilt from all of them). The example configs point there instead of
# quoting numbers that drift.
# Per example and seed: the classical reference (the config's own classical section), the training (threads
# from the config), and the relative l2 error of every field at every output time against the reference, with
# the training wall time, the machine (CPU, BLAS kernels) and the commit.
# Usage: bash scripts/measure-examples.sh [--seeds 0,1,2] [examples/x/y.yaml ...]   (default: every example,
# each with its own seed). Expects a built tree (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=""
if [ "${1:-}" = "--seeds" ]; then seeds=$2; shift 2; fi
configs=("$@")
if [ ${#configs[@]} -eq 0 ]; then mapfile -t configs < <(grep -l '^neural:' examples/*/*.yaml | sort); fi
k=build/app/kinetic
py=/usr/bin/python3   # Debian's, with python3-h5py (scripts/install-deps.sh)
machine=$(bash scripts/machine.sh)
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!examples/results' ':!examples/RESULTS.md' || echo "+changes")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for config in "${configs[@]}"; do
  name=${config#examples/}
  csv=examples/results/${name%.yaml}.csv
  mkdir -p "$(dirname "$csv")"
  echo "== $config"
  "$k" solve "$config" -o "$work/reference.h5" -q > /dev/null
  config_seed=$(grep -E '^\s+seed:' "$config" | head -1 | awk '{print $2}' || true)
  threads=$(grep -E '^\s+threads:' "$config" | head -1 | awk '{print $2}' || true)
  IFS=, read -r -a run_seeds <<< "${seeds:-${config_seed:-0}}"
  echo "example,method,seed,threads,field,t,rel_l2,train_s,date,commit,machine" > "$csv.tmp"
  for seed in "${run_seeds[@]}"; do
    "$k" train "$config" -o "$work/result.h5" --reference "$work/reference.h5" --set neural.seed="$seed" -q \
      --run-dir "$work/run" > /dev/null
    "$k" validate "$work/result.h5" "$work/reference.h5" --csv "$work/errors.csv" > /dev/null
    "$py" - "$work/result.h5" "$work/errors.csv" "$name" "$seed" "${threads:-2}" "$(date -u +%F)" "$commit" \
      "$machine" >> "$csv.tmp" <<'PY'
import csv, sys, h5py
path, errors, name, seed, threads, date, commit, machine = sys.argv[1:]
with h5py.File(path) as f:
    a = f.attrs
    method = a["method"].decode() if isinstance(a["method"], bytes) else str(a["method"])
    seconds = float(a.get("train_seconds", a.get("wall_time_s", 0.0)))
out = csv.writer(sys.stdout)
for row in csv.DictReader(open(errors)):
    out.writerow([name, method, seed, threads, row["field"], row["t"], row["rel_l2"], f"{seconds:.0f}", date,
                  commit, machine])
PY
  done
  mv "$csv.tmp" "$csv"
done
# examples/RESULTS.md from every example's CSV.
"$py" - <<'PY'
import csv, glob, collections
rows = [r for p in sorted(glob.glob("examples/results/**/*.csv", recursive=True)) for r in csv.DictReader(open(p))]
out = ["# Measured accuracy of the examples", "",
       "Written by `bash scripts/measure-examples.sh` (do not edit): relative l2 error of each field against the "
       "example's own classical reference, per output time, and the training wall time. Spread: min .. max over "
       "the seeds run.", "",
       "| example | method | field | t | rel. l2 (seeds) | spread | train s | threads | date | commit | machine |",
       "|---|---|---|---|---|---|---|---|---|---|---|"]
groups = collections.OrderedDict()
for r in rows:
    groups.setdefault((r["example"], r["method"], r["field"], r["t"]), []).append(r)
for (ex, method, field, t), rs in groups.items():
    errs = [float(r["rel_l2"]) for r in rs]
    per_seed = ", ".join(f"{float(r['rel_l2']):.2e} (seed {r['seed']})" for r in rs)
    spread = f"{min(errs):.2e} .. {max(errs):.2e}" if len(errs) > 1 else "-"
    secs = ", ".join(r["train_s"] for r in rs)
    out.append(f"| {ex} | {method} | {field} | {float(t):g} | {per_seed} | {spread} | {secs} | {rs[0]['threads']} "
               f"| {rs[0]['date']} | {rs[0]['commit']} | {rs[0]['machine']} |")
open("examples/RESULTS.md", "w").write("\n".join(out) + "\n")
print("wrote examples/RESULTS.md")
PY

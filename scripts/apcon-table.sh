#!/usr/bin/env bash
# The slides' APCON table (issue 21) on this machine: each of the six operator models trained on the datasets
# of examples/apcon/eps1.yaml and eps1e-4.yaml, the relative l2 error of rho on the 128 test functions, the
# parameter counts (printed by the code), the steps and the wall time. Interrupted rows resume.
# Usage: scripts/apcon-table.sh [steps, default 20000] [rows: regime:method[:steps:decay_every] ..., default
#        all twelve at the given steps with the config's decay_every]
#   e.g. scripts/apcon-table.sh 20000 eps1e-4:apcon_v2_con:38000:2000   (the table's v2 CON rows)
# Writes examples/results/apcon/apcon_table.md (and the run folders under results/apcon/); rows whose result
# files are not here keep what the table already says.
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-20000}
shift || true
kinetic=build/app/kinetic
out=examples/results/apcon
mkdir -p "$out" results/apcon
rows=("$@")
if [ ${#rows[@]} -eq 0 ]; then
  for regime in eps1 eps1e-4; do
    for m in pi_don pi_con v1_don v1_con v2_don v2_con; do rows+=("$regime:apcon_$m"); done
  done
fi
for regime in eps1 eps1e-4; do
  data=results/apcon_${regime}_dataset.h5
  [ -f "$data" ] || "$kinetic" dataset examples/apcon/$regime.yaml -o "$data" -q
done
for row in "${rows[@]}"; do
  IFS=: read -r regime method row_steps decay_every <<< "$row"
  row_steps=${row_steps:-$steps}
  schedule=()
  [ -n "${decay_every:-}" ] && schedule=(--set neural.optimizer.decay_every="$decay_every")
  result=results/apcon/${regime}_${method}.h5
  [ -f "$result" ] && [ "$(/usr/bin/python3 -c "import h5py; print(int(h5py.File('$result').attrs['steps']))")" = "$row_steps" ] && continue
  resume=()
  [ -f "results/apcon/${regime}_${method}.run/checkpoint.pt" ] && resume=(--resume)
  echo "== $regime $method ($row_steps steps)"
  "$kinetic" train examples/apcon/$regime.yaml -q --set neural.method="$method" --set neural.steps="$row_steps" \
    "${schedule[@]}" --set neural.dataset=results/apcon_${regime}_dataset.h5 -o "$result" \
    --run-dir "results/apcon/${regime}_${method}.run" "${resume[@]}"
done
/usr/bin/python3 - "$out/apcon_table.md" <<'PY'
import glob, os, platform, subprocess, sys, h5py
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.machine())
published = {('eps1', 'pi_don'): '1.88e-2', ('eps1', 'pi_con'): '1.74e-2', ('eps1', 'v1_don'): '3.32e-2',
             ('eps1', 'v1_con'): '1.59e-2', ('eps1', 'v2_don'): '1.48e-2', ('eps1', 'v2_con'): '1.44e-2',
             ('eps1e-4', 'v1_don'): '2.63e-2', ('eps1e-4', 'v1_con'): '1.58e-2', ('eps1e-4', 'v2_don'): '4.09e-2',
             ('eps1e-4', 'v2_con'): '1.55e-2'}
lines = ['# APCON: relative l2 error of rho on the 128 test functions (101 x 32 grid)', '',
         f'Regenerate: `bash scripts/apcon-table.sh [steps]`. Machine: {cpu}, {os.cpu_count()} cores; '
         'threads, seed and steps per row. Published: the slides (two GPUs, 5000 epochs).', '',
         '| regime | model | parameters | test error | published | steps | seed | threads | wall time |',
         '|---|---|---|---|---|---|---|---|---|']
# Rows measured before whose result files are gone (another checkout, another session) stay as they were.
kept = {}
if os.path.exists(sys.argv[1]):
    for line in open(sys.argv[1]):
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if len(cells) == 9 and cells[0] in ('eps1', 'eps1e-4') and cells[3] != 'not run':
            kept[(cells[0], cells[1])] = line.rstrip('\n')
for regime in ['eps1', 'eps1e-4']:
    for m in ['pi_don', 'pi_con', 'v1_don', 'v1_con', 'v2_don', 'v2_con']:
        path = f'results/apcon/{regime}_apcon_{m}.h5'
        pub = published.get((regime, m), '-')
        if not os.path.exists(path):
            lines.append(kept.get((regime, f'apcon_{m}'), f'| {regime} | apcon_{m} | | not run | {pub} | | | | |'))
            continue
        f = h5py.File(path)
        a = f.attrs
        lines.append(f"| {regime} | apcon_{m} | {int(a['parameters'])} | {a['operator_test_error']:.2e} | {pub} | "
                     f"{int(a['steps'])} | {int(a['seed'])} | {int(a['threads'])} | {a.get('train_seconds', a['wall_time_s']) / 60:.1f} min |")
open(sys.argv[1], 'w').write('\n'.join(lines) + '\n')
print('\n'.join(lines))
PY

#!/usr/bin/env bash
# Prints the machine a measurement ran on: CPU model, family and model numbers, cores, and the BLAS kernels
# OpenBLAS picked (from the built program). Used by the scripts that write measured tables.
set -euo pipefail
cd "$(dirname "$0")/.."
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
family=$(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')
model=$(grep -m1 -E '^model\s' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')
echo "$cpu (family $family model $model), $(nproc) cores, $(build/app/kinetic --version | sed 's/.*(//; s/)//')"

#!/usr/bin/env bash
# Installs every build and run dependency from Debian 12's packages (run as root, or with sudo available).
set -euo pipefail
packages=(
  build-essential cmake ccache git
  libtrilinos-kokkos-dev   # Kokkos 3.4 (Serial backend); see cmake/KokkosShim.cmake
  libtorch-dev             # LibTorch 1.13 (CPU)
  libopenblas0-openmp      # fast BLAS for LibTorch (it falls back to the reference BLAS otherwise)
  libeigen3-dev libfftw3-dev libhdf5-dev
  libyaml-cpp-dev libmuparser-dev libcli11-dev libfmt-dev
  libboost-dev             # Boost.Random (Sobol sequences)
  catch2
  gnuplot-nox              # PNG plots of the validation layer
  python3-h5py             # tests: result files must open in h5py without this code
)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# Skip apt entirely when everything is already there (fast re-runs).
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

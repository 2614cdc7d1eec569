#!/usr/bin/env bash
# The M3 forecasting benchmark: salesdesk's engine (m3_bench) and R's forecast package
# (r_peer.R, the peer) on the same data with the same number of cores, one after the
# other so they do not compete. Figures go to docs/benchmarks.md by hand, with the
# command.
#   bash bench/forecast/run.sh [BUILD_DIR] [THREADS] [LIMIT]
# LIMIT keeps every LIMIT-th series (e.g. 10 for a stratified 301-series subset, enough
# for a speed ratio; R's auto.arima takes over half an hour on all 3003 with 2 cores).
# Needs Debian's r-cran-forecast for the peer side (benchmark only).
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build/release}"
threads="${2:-$(nproc)}"
limit="${3:-1}"
ours="${OURS_METHODS:-naive2,snaive,theta,otheta,ets,arima,comb,auto}"
peer="${PEER_METHODS:-snaive,theta,ets,arima,comb}"

echo "== salesdesk ($build/bench/forecast/m3_bench)"
"$build/bench/forecast/m3_bench" --threads "$threads" --limit "$limit" --methods "$ours"
echo
if command -v Rscript >/dev/null; then
  echo "== R forecast $(Rscript -e 'cat(format(packageVersion("forecast")))' 2>/dev/null)"
  Rscript bench/forecast/r_peer.R --cores "$threads" --limit "$limit" --methods "$peer"
else
  echo "Rscript not found: apt-get install -y r-cran-forecast for the peer side"
fi

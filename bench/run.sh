#!/usr/bin/env bash
# Runs every benchmark; figures go to docs/benchmarks.md by hand, with the command.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bench/import.sh 1000000 5
bash bench/http.sh 15 2

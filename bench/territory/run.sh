#!/usr/bin/env bash
# The territory alignment benchmark: the four cases of issue 4 item 8 at τ = 2%
# (us_pop1000 k = 50, 200; us_sample1000 k = 20, 50), each with salesdesk's own metrics,
# its Lagrangian lower bound and the gap to it, then cross-checked by the reference
# evaluator when it is present. Figures go to docs/benchmarks.md by hand, with the command.
#   bash bench/territory/run.sh [BUILD_DIR] [THREADS] [BOUND_SECONDS]
# EVALUATOR overrides the evaluator's path (default ../shared/tools/territory_evaluate.py
# relative to the project root); TAU overrides τ (default 0.02); CASES overrides the cases
# ("instance k" pairs separated by commas), e.g. the other countries' places, which the
# engine was not tuned on:
#   CASES="fr_pop1000 50,fr_pop1000 200,de_pop1000 50,de_pop1000 200,au_pop1000 50,au_pop1000 200,br_pop1000 50,br_pop1000 200" bash bench/territory/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build/release}"
threads="${2:-2}"
bound_seconds="${3:-30}"
tau="${TAU:-0.02}"
evaluator="${EVALUATOR:-../shared/tools/territory_evaluate.py}"
bench="$build/bench/territory/territory_bench"
out="${OUT_DIR:-$build/bench/territory/out}"
mkdir -p "$out"

IFS=, read -r -a cases <<< "${CASES:-us_pop1000 50,us_pop1000 200,us_sample1000 20,us_sample1000 50}"
for case in "${cases[@]}"; do
  set -- $case
  instance="bench/data/territory/$1.csv"
  plan="$out/$1_k$2.csv"
  echo "== $1 k=$2 tau=$tau"
  "$bench" --instance "$instance" --k "$2" --tau "$tau" --threads "$threads" \
    --bound-seconds "$bound_seconds" --out "$plan" 2>/dev/null
  if [ -f "$evaluator" ]; then
    echo "-- reference evaluator"
    python3 "$evaluator" "$instance" "$plan" --tau "$tau" --k "$2"
  else
    echo "-- reference evaluator not found at $evaluator: cross-check skipped"
  fi
  echo
done

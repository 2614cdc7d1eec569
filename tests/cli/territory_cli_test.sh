#!/usr/bin/env bash
# `salesdesk territory align|metrics`, the outside contract of issue 4 §6, end to end on
# a small synthetic map: the output layout (account_id,territory; every account once),
# balance within tau, contiguity, determinism, locks, the disruption limit with its
# moves, metrics and the what-if comparison, and bad input that says what to change.
set -uo pipefail
bin=${1:?usage: territory_cli_test.sh path/to/salesdesk}
. "$(dirname "$0")/lib.sh"

# 300 accounts on a jittered 20 x 15 grid around Hangzhou; extra columns are ignored.
awk 'BEGIN {
  print "id,name,lat,lon,workload,potential,notes"
  n = 0
  for (i = 0; i < 20; i++) for (j = 0; j < 15; j++) {
    n++
    lat = 29.5 + i * 0.05 + ((n * 7919) % 97) / 4000
    lon = 119.5 + j * 0.05 + ((n * 104729) % 89) / 4000
    printf "A%03d,Account %d,%.5f,%.5f,%.2f,%d,x\n", n, n, lat, lon, 20 + (n * 31) % 17, 1000 + (n * 53) % 900
  }
}' >"$dir/accounts.csv"

"$bin" territory align --accounts "$dir/accounts.csv" --k 6 --tau 0.05 --out "$dir/plan.csv" --threads 2 >"$dir/align.txt" 2>&1
check "align succeeds" test $? -eq 0
check "the output is account_id,territory with every account once" python3 - "$dir/accounts.csv" "$dir/plan.csv" <<'PY'
import csv, sys
ids = [r["id"] for r in csv.DictReader(open(sys.argv[1]))]
rows = list(csv.reader(open(sys.argv[2])))
assert rows[0] == ["account_id", "territory"], rows[0]
got = [r[0] for r in rows[1:]]
assert sorted(got) == sorted(ids) and len(got) == len(set(got)), "accounts"
assert len({r[1] for r in rows[1:]}) == 6, "six territories"
PY
check "workload within tau and every territory contiguous (own metrics)" \
  bash -c "'$bin' territory metrics --accounts '$dir/accounts.csv' --alignment '$dir/plan.csv' --tau 0.05 | grep -q 'non-contiguous territories 0 .*balanced yes'"
check "the same seed gives the same plan" \
  bash -c "'$bin' territory align --accounts '$dir/accounts.csv' --k 6 --out '$dir/plan2.csv' --threads 1 >/dev/null 2>&1 && cmp -s '$dir/plan.csv' '$dir/plan2.csv'"
printf 'account_id,territory\nA001,T03\nA300,T03\n' >"$dir/locks.csv"
"$bin" territory align --accounts "$dir/accounts.csv" --k 6 --locks "$dir/locks.csv" --out "$dir/locked.csv" >/dev/null 2>&1
check "locks are respected" bash -c "grep -qx 'A001,T03' '$dir/locked.csv' && grep -qx 'A300,T03' '$dir/locked.csv'"

# A lopsided current alignment: first 100 accounts in T01, the rest spread by column.
awk -F, 'NR > 1 { n++; t = n <= 100 ? "T01" : sprintf("T%02d", 2 + (n % 5)); print $1 "," t } BEGIN { print "account_id,territory" }' \
  "$dir/accounts.csv" >"$dir/current.csv"
"$bin" territory align --accounts "$dir/accounts.csv" --k 6 --current "$dir/current.csv" --max-moved 0.1 \
  --out "$dir/moved.csv" --moves "$dir/moves.csv" >"$dir/moved.txt" 2>&1
check "a realignment within a disruption limit succeeds" test $? -eq 0
check "it moves at most 10% of workload (what-if against the current)" python3 - "$dir/accounts.csv" "$dir/current.csv" "$dir/moved.csv" <<'PY'
import csv, sys
w = {r["id"]: float(r["workload"]) for r in csv.DictReader(open(sys.argv[1]))}
cur = {r["account_id"]: r["territory"] for r in csv.DictReader(open(sys.argv[2]))}
new = {r["account_id"]: r["territory"] for r in csv.DictReader(open(sys.argv[3]))}
moved = sum(w[a] for a in w if cur[a] != new[a])
assert moved <= 0.1 * sum(w.values()) + 1e-6, moved / sum(w.values())
assert moved > 0, "something should move from the overloaded T01"
PY
check "each move is listed with a reason" \
  bash -c "head -1 '$dir/moves.csv' | grep -q 'account_id,from,to,reason' && [ \$(wc -l < '$dir/moves.csv') -gt 1 ] && awk -F, 'NR > 1 && \$4 == \"\" { exit 1 }' '$dir/moves.csv'"
check "metrics compares against a baseline" \
  bash -c "'$bin' territory metrics --accounts '$dir/accounts.csv' --alignment '$dir/moved.csv' --baseline '$dir/current.csv' | grep -q '^against'"

bad() {  # bad "description" "pattern" args...
  local what=$1 pattern=$2; shift 2
  "$bin" territory align "$@" --out "$dir/bad.csv" >"$dir/bad.txt" 2>&1
  local code=$?
  check "$what: exit 1" test $code -eq 1
  check "$what: says '$pattern'" grep -qi "$pattern" "$dir/bad.txt"
}
printf 'id,lat,lon,workload,potential\nX1,30.1,120.1,10,1\nX2,,120.2,10,1\nX3,30.3,120.3,10,1\n' >"$dir/nocoord.csv"
bad "missing coordinates" "X2" --accounts "$dir/nocoord.csv" --k 2
bad "k larger than the accounts" "larger than" --accounts "$dir/accounts.csv" --k 301
printf 'id,lat,lon,workload,potential\nB1,30.1,120.1,1000,1\nB2,30.2,120.2,10,1\nB3,30.3,120.3,10,1\nB4,30.4,120.4,10,1\n' >"$dir/big.csv"
bad "tau impossible for the largest account" "tau\|τ" --accounts "$dir/big.csv" --k 2 --tau 0.05
printf 'id,lat,lon,workload,potential\nD1,30.1,120.1,10,1\nD1,30.2,120.2,10,1\nD3,30.3,120.3,10,1\n' >"$dir/dup.csv"
bad "duplicate ids" "D1" --accounts "$dir/dup.csv" --k 2
check "no output file is left by a failed run" test ! -e "$dir/bad.csv"

finish

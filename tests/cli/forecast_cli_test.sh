#!/usr/bin/env bash
# `salesdesk forecast batch|accuracy`, the outside contract of issue 3 §4, end to end on
# awkward series (seasonal, short, constant, zeros, negative, intermittent): every method
# of the contract writes h = 1..horizon for every series with finite, ordered bounds;
# accuracy prints per category and overall; bad input is a clear error (exit 1), an
# unknown method a usage error (exit 2).
set -uo pipefail
bin=${1:?usage: forecast_cli_test.sh path/to/salesdesk}
. "$(dirname "$0")/lib.sh"

cat >"$dir/series.csv" <<'CSV'
id,category,type,period,horizon,start
SEAS,monthly,demo,12,18,2020-1
SHORT,monthly,demo,12,6,2024-1
CONST,quarterly,demo,4,8,2019-1
ZEROS,monthly,demo,12,12,2020-1
NEG,yearly,demo,1,6,1990
TINY,yearly,demo,1,3,2020
CSV
awk 'BEGIN {
  print "id,t,value"
  for (t = 1; t <= 72; t++) printf "SEAS,%d,%.3f\n", t, 200 + 2 * t + 40 * sin(6.2831853 * t / 12) + (t * 7919 % 13) - 6
  for (t = 1; t <= 3; t++) printf "SHORT,%d,%d\n", t, 10 + t
  for (t = 1; t <= 20; t++) printf "CONST,%d,5\n", t
  for (t = 1; t <= 48; t++) printf "ZEROS,%d,%d\n", t, (t % 5 == 0) ? 3 + t % 4 : 0
  for (t = 1; t <= 25; t++) printf "NEG,%d,%.2f\n", t, -50 + 3 * t + (t % 3)
  print "TINY,1,7"
}' >"$dir/train.csv"
awk 'BEGIN {
  print "id,t,value"
  for (t = 1; t <= 18; t++) printf "SEAS,%d,%.3f\n", t, 200 + 2 * (72 + t) + 40 * sin(6.2831853 * (72 + t) / 12)
  for (t = 1; t <= 6; t++) printf "SHORT,%d,%d\n", t, 13 + t
  for (t = 1; t <= 8; t++) printf "CONST,%d,5\n", t
  for (t = 1; t <= 12; t++) printf "ZEROS,%d,%d\n", t, (t % 5 == 0) ? 4 : 0
  for (t = 1; t <= 6; t++) printf "NEG,%d,%.2f\n", t, 25 + 3 * t
  for (t = 1; t <= 3; t++) printf "TINY,%d,7\n", t
}' >"$dir/test.csv"

# Every row: 8 columns (the method may be quoted), h = 1..horizon per series, finite and
# ordered numbers, 53 rows in all (18 + 6 + 8 + 12 + 6 + 3).
valid_output() {
  python3 - "$1" "$dir/series.csv" <<'PY'
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
horizon = {r["id"]: int(r["horizon"]) for r in csv.DictReader(open(sys.argv[2]))}
assert list(rows[0].keys()) == ["id","h","mean","lo80","hi80","lo95","hi95","method"], rows[0].keys()
seen = {}
for r in rows:
    v = [float(r[k]) for k in ("lo95","lo80","mean","hi80","hi95")]
    assert all(math.isfinite(x) for x in v), r
    assert v == sorted(v), r
    assert r["method"], r
    seen.setdefault(r["id"], []).append(int(r["h"]))
for i, h in horizon.items():
    assert seen.get(i) == list(range(1, h + 1)), (i, seen.get(i))
assert len(rows) == sum(horizon.values())
PY
}

for m in auto ets arima theta ses holt hw naive snaive drift croston comb; do
  check "batch --method $m writes every step of every series" \
    bash -c "'$bin' forecast batch --series '$dir/series.csv' --train '$dir/train.csv' --out '$dir/f_$m.csv' --method $m --threads 2 2>'$dir/err_$m.txt'"
  check "batch --method $m output is complete, finite and ordered" valid_output "$dir/f_$m.csv"
done
check "the same forecasts on 1 thread and on 2" \
  bash -c "'$bin' forecast batch --series '$dir/series.csv' --train '$dir/train.csv' --out '$dir/f1.csv' --method auto --threads 1 2>/dev/null && cmp -s '$dir/f1.csv' '$dir/f_auto.csv'"
check "the constant series is forecast as constant" \
  bash -c "grep '^CONST,' '$dir/f_ets.csv' | cut -d, -f3 | sort -u | awk -F, '{ if (\$1 + 0 != 5) exit 1 } END { if (NR != 1) exit 1 }'"
check "a fallback is said (the 1-point series)" grep -q "TINY" "$dir/err_holt.txt"

"$bin" forecast accuracy --test "$dir/test.csv" --forecasts "$dir/f_auto.csv" --train "$dir/train.csv" \
  --series "$dir/series.csv" >"$dir/acc.txt" 2>&1
check "accuracy succeeds" test $? -eq 0
check "accuracy prints every category and the total" \
  bash -c "grep -q '^monthly ' '$dir/acc.txt' && grep -q '^quarterly ' '$dir/acc.txt' && grep -q '^yearly ' '$dir/acc.txt' && grep -qE '^all +6 ' '$dir/acc.txt'"
check "accuracy has sMAPE, MASE, MSIS and coverage columns" \
  bash -c "head -1 '$dir/acc.txt' | grep -q 'sMAPE' && head -1 '$dir/acc.txt' | grep -q 'MASE' && head -1 '$dir/acc.txt' | grep -q 'MSIS' && head -1 '$dir/acc.txt' | grep -q 'cov95'"
check "the constant series forecast exactly has sMAPE 0 (quarterly row)" \
  bash -c "awk '\$1 == \"quarterly\" { exit (\$3 + 0 == 0) ? 0 : 1 }' '$dir/acc.txt'"

bad() {  # bad "description" "pattern in the error" series-file train-file
  local what=$1 pattern=$2
  "$bin" forecast batch --series "$3" --train "$4" --out "$dir/bad_out.csv" >"$dir/bad.txt" 2>&1
  local code=$?
  check "$what: exit 1" test $code -eq 1
  check "$what: says '$pattern'" grep -q "$pattern" "$dir/bad.txt"
}
printf 'id,category,type,period,horizon,start\nA,m,x,12,0,2020\n' >"$dir/h0.csv"
printf 'id,t,value\nA,1,5\n' >"$dir/a1.csv"
bad "a horizon of 0" "line 2" "$dir/h0.csv" "$dir/a1.csv"
printf 'id,category,type,period,horizon,start\nA,m,x,12,6,2020\nA,m,x,12,6,2020\n' >"$dir/dup.csv"
bad "a duplicate id" "duplicate id" "$dir/dup.csv" "$dir/a1.csv"
printf 'id,category,type,period,horizon,start\nA,m,x,12,6,2020\n' >"$dir/one.csv"
printf 'id,t,value\nA,1,5\nA,2,NaN\n' >"$dir/nan.csv"
bad "a NaN value" "line 3" "$dir/one.csv" "$dir/nan.csv"
printf 'id,t,value\nA,1,5\nA,2,abc\n' >"$dir/text.csv"
bad "a non-numeric value" "not a number" "$dir/one.csv" "$dir/text.csv"
printf 'id,t,value\nA,1,5\nA,3,6\n' >"$dir/gap.csv"
bad "a missing period" "missing period" "$dir/one.csv" "$dir/gap.csv"
printf 'id,t,value\nA,1,inf\n' >"$dir/inf.csv"
bad "an infinite value" "infinite" "$dir/one.csv" "$dir/inf.csv"
check "no output file is left by a failed batch" test ! -e "$dir/bad_out.csv"
"$bin" forecast batch --series "$dir/series.csv" --train "$dir/train.csv" --out "$dir/x.csv" --method magic >/dev/null 2>&1
check "an unknown method is a usage error (exit 2)" test $? -eq 2

finish

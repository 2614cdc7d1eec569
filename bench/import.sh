#!/usr/bin/env bash
# Times salesdesk's CSV import of N sales lines against the sqlite3 shell's own `.import`
# of the same file into an empty table, alternating the two, and prints each run, the
# medians and the ratio.   Usage: bench/import.sh [ROWS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}; runs=${2:-5}
dir=$(mktemp -d /tmp/sdimport.XXXX)
bin=build/release/bench/import_bench
[ -x "$bin" ] || cmake --build build/release --target import_bench >/dev/null
"$bin" --rows "$rows" --dir "$dir" >/dev/null   # writes the file (and warms the page cache)
ours=(); peer=()
for ((i = 0; i < runs; i++)); do
  ours+=("$("$bin" --rows "$rows" --dir "$dir" | sed 's/.*seconds=//')")
  rm -f "$dir/peer.db"
  t0=$(date +%s.%N)
  sqlite3 "$dir/peer.db" -cmd "PRAGMA journal_mode=WAL" ".import --csv $dir/sales.csv sales" >/dev/null
  peer+=("$(echo "$(date +%s.%N) - $t0" | bc -l)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mo=$(median "${ours[@]}"); mp=$(median "${peer[@]}")
echo "rows: $rows  runs: $runs"
echo "salesdesk import (s): ${ours[*]}  median $mo"
echo "sqlite3 .import  (s): ${peer[*]}  median $mp"
echo "ratio salesdesk/sqlite3: $(echo "$mo / $mp" | bc -l | cut -c1-5)"
rm -rf "$dir"

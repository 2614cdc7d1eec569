#!/usr/bin/env bash
# The command line's outside contract, end to end: init, users add, import (good and
# rejected files, exit codes, "line N, column C: reason"), re-import without duplicates,
# export with formula neutralisation, a territory plan exported as PDF and Markdown,
# disable, and bad flags.
set -uo pipefail
bin=${1:?usage: cli_test.sh path/to/salesdesk}
. "$(dirname "$0")/lib.sh"
db=$dir/t.db

check "init creates the database" "$bin" init --db "$db"
check "users add reads the password from stdin" \
  bash -c "echo 'manager-pass-1' | '$bin' users add --db '$db' --email m@x.example --name 'Mgr' --role manager --password-stdin"
check "users add with a manager" \
  bash -c "echo 'rep-pass-123' | '$bin' users add --db '$db' --email r@x.example --name 'Rep' --role rep --manager m@x.example --password-stdin"
check "a short password is refused" \
  bash -c "! (echo 'short' | '$bin' users add --db '$db' --email s@x.example --name S --role rep --password-stdin 2>/dev/null)"
check "a duplicate e-mail is refused" \
  bash -c "! (echo 'rep-pass-123' | '$bin' users add --db '$db' --email r@x.example --name R --role rep --password-stdin 2>/dev/null)"
check "an unknown role is a usage error (exit 2)" \
  bash -c "echo 'rep-pass-123' | '$bin' users add --db '$db' --email z@x.example --name Z --role king --password-stdin >/dev/null 2>&1; [ \$? -eq 2 ]"

cat >"$dir/accounts.csv" <<'CSV'
external_id,name,industry,city,country,lat,lon,potential,currency,owner_email
A1,Alpha,steel,Shanghai,CN,31.2,121.5,1000,CNY,r@x.example
A2,"=HYPERLINK(""http://evil"")",food,Beijing,CN,39.9,116.4,20.5,CNY,r@x.example
CSV
check "a good import succeeds" "$bin" import --db "$db" --kind accounts "$dir/accounts.csv"
check "a re-import updates and never duplicates" \
  bash -c "'$bin' import --db '$db' --kind accounts '$dir/accounts.csv' | grep -q '0 new, 2 updated'"

printf 'external_id,name,currency,lat\nB1,Beta,CNY,91\nB2,,CNY,1\n' >"$dir/bad.csv"
"$bin" import --db "$db" --kind accounts "$dir/bad.csv" >"$dir/out.txt" 2>"$dir/err.txt"
code=$?
check "a rejected file exits non-zero" test "$code" -ne 0
check "each bad row is printed as line N, column C: reason" grep -q "^line 2, column lat: " "$dir/err.txt"
check "the second bad row names its line and column" grep -q "^line 3, column name: " "$dir/err.txt"
check "nothing of a rejected file is written" \
  bash -c "'$bin' export --db '$db' --kind accounts --out '$dir/all.csv' && ! grep -q '^B1,' '$dir/all.csv'"
check "export neutralises formula cells" grep -q "'=HYPERLINK" "$dir/all.csv"
check "export writes the import layout" \
  bash -c "head -1 '$dir/all.csv' | grep -q '^external_id,name,industry,city,country,lat,lon,potential,currency,owner_email'"
check "import --as a rep may not assign to others" \
  bash -c "printf 'external_id,name,currency,owner_email\nC1,Gamma,CNY,m@x.example\n' > '$dir/as.csv'; ! '$bin' import --db '$db' --kind accounts '$dir/as.csv' --as r@x.example 2>/dev/null"
check "an unknown kind is refused" bash -c "! '$bin' import --db '$db' --kind planets '$dir/accounts.csv' 2>/dev/null"
printf 'title,owner_email,horizon,revision,status,strengths\n华东 2027,r@x.example,2027,1,draft,老客户复购率高\n' >"$dir/plan.csv"
check "a territory plan imports" "$bin" import --db "$db" --kind territory_plans "$dir/plan.csv"
plan_id=1  # the first plan of this database
check "plan export writes a PDF that poppler reads back in Chinese" \
  bash -c "'$bin' plan export --db '$db' --id $plan_id --lang zh-CN --out '$dir/plan.pdf' && pdftotext -enc UTF-8 '$dir/plan.pdf' - | grep -q '老客户复购率高'"
check "plan export --format md writes Markdown as the plan's rep sees it" \
  bash -c "'$bin' plan export --db '$db' --id $plan_id --format md --out '$dir/plan.md' --as r@x.example && head -1 '$dir/plan.md' | grep -qx '# 华东 2027'"
check "another team's user cannot export the plan" \
  bash -c "echo 'rep-pass-123' | '$bin' users add --db '$db' --email o@x.example --name O --role rep --password-stdin >/dev/null && ! '$bin' plan export --db '$db' --id $plan_id --out '$dir/x.pdf' --as o@x.example 2>/dev/null && [ ! -s '$dir/x.pdf' ]"
check "an unknown plan language is a usage error (exit 2)" \
  bash -c "'$bin' plan export --db '$db' --id $plan_id --lang fr --out '$dir/x.pdf' >/dev/null 2>&1; [ \$? -eq 2 ]"
check "users disable" "$bin" users disable --db "$db" --email r@x.example
check "users reset-password" bash -c "echo 'new-pass-456' | '$bin' users reset-password --db '$db' --email m@x.example --password-stdin"
check "a missing file is a clear error" bash -c "'$bin' import --db '$db' --kind accounts '$dir/nope.csv' 2>&1 | grep -q 'cannot read'"

finish

# Shared by the command-line contract tests: a scratch folder removed on exit, and
# `check "description" command...`, which prints TAP-like "ok"/"not ok" lines and counts.
# A test script ends with `finish`, whose exit status says whether every check passed.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0; checks=0
check() {
  local what=$1; shift
  checks=$((checks + 1))
  if "$@"; then echo "ok - $what"; else echo "not ok - $what"; failures=$((failures + 1)); fi
}
finish() {
  echo "$((checks - failures)) passed, $failures failed"
  [ $failures -eq 0 ]
}

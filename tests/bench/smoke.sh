#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Smoke test of one benchmark program (suite 'bench'): runs it with the arguments given (a tiny
# count) and checks that it printed a table — the header and at least one row. It never judges
# the times. Exit 77 (skipped) when the program says it cannot run here (no display, no nginx).
#
#   tests/bench/smoke.sh PROGRAM [ARGS…]

set -uo pipefail

out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$@" > "$out"
rc=$?
cat "$out"
if [ $rc -eq 77 ]; then
  echo "# SKIP: $(basename "$1") cannot run here"
  exit 77
fi
if [ $rc -ne 0 ]; then
  echo "# FAIL: $(basename "$1") exited with status $rc"
  exit 1
fi
if ! grep -Eq '^benchmark +stage +median +p95 +n$' "$out"; then
  echo "# FAIL: no table header"
  exit 1
fi
rows=$(grep -Ec '^[^#].* [0-9]+$' "$out" || true)
if [ "${rows:-0}" -lt 1 ]; then
  echo "# FAIL: the table has no rows"
  exit 1
fi
echo "# OK: table with $rows row(s)"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Benchmark (not gating): "fieldcard-cli report" over about 1,000,000 timing events
# (52,600 synthetic incidents of about 19 events) — wall time and peak memory.
# Target (issue 6): under 1 s and under 200 MB.
#
#   tests/bench/report-bench.sh [BUILD_DIR] [INCIDENTS] [RUNS]
#
# Needs fieldcard-cli built in BUILD_DIR (default _build) and GNU time (/usr/bin/time, Debian
# package "time"). The synthetic timing.db (about 240 MB) goes to a temporary folder and is
# removed afterwards. Exit status 1 when a target is missed.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${1:-$REPO/_build}
INCIDENTS=${2:-52600}
RUNS=${3:-5}
CLI=$BUILD/app/cli/fieldcard-cli
TARGET_S=1.0
TARGET_MB=200

if [[ ! -x $CLI ]]; then
  echo "report-bench: build the tool first: ninja -C $BUILD app/cli/fieldcard-cli" >&2
  exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
  echo "report-bench: GNU time is missing (apt-get install time)" >&2
  exit 2
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
DB=$TMP/timing.db

echo "Generating $INCIDENTS synthetic incidents…"
"$CLI" simulate-log --incidents "$INCIDENTS" --seed 42 -o "$DB"
EVENTS=$(sqlite3 "$DB" 'SELECT count(*) FROM events' 2>/dev/null || echo '?')
echo "timing.db: $(du -h "$DB" | cut -f1), $EVENTS events, $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg)"

# One run to warm the page cache (an analyst's file is read from disk once, then cached).
"$CLI" report "$DB" > /dev/null

best_s=999
worst_kb=0
for run in $(seq 1 "$RUNS"); do
  /usr/bin/time -f '%e %M %U %S' -o "$TMP/time" "$CLI" report "$DB" > /dev/null
  read -r wall kb user sys < "$TMP/time"
  printf 'run %d: wall %s s, user %s s, sys %s s, peak RSS %d MB\n' "$run" "$wall" "$user" "$sys" $((kb / 1024))
  best_s=$(awk -v a="$best_s" -v b="$wall" 'BEGIN { print (b < a) ? b : a }')
  (( kb > worst_kb )) && worst_kb=$kb
done

/usr/bin/time -f '%e %M' -o "$TMP/time" "$CLI" report --json --month --chart "$TMP/chart.png" "$DB" > /dev/null 2>&1
read -r wall kb < "$TMP/time"
printf 'with --json --month --chart: wall %s s, peak RSS %d MB\n' "$wall" $((kb / 1024))

worst_mb=$((worst_kb / 1024))
status=0
if awk -v s="$best_s" -v t="$TARGET_S" 'BEGIN { exit !(s < t) }'; then
  echo "time: best $best_s s < $TARGET_S s — OK"
else
  echo "time: best $best_s s — OVER the $TARGET_S s target"
  status=1
fi
if (( worst_mb < TARGET_MB )); then
  echo "memory: peak $worst_mb MB < $TARGET_MB MB — OK"
else
  echo "memory: peak $worst_mb MB — OVER the $TARGET_MB MB target"
  status=1
fi
exit $status

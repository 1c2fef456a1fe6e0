#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 8 point 7: the shipped binaries are built hardened. TAP, one line per binary and check:
#   PIE        the ELF type is DYN (position-independent executable)
#   RELRO      a GNU_RELRO segment and BIND_NOW (full RELRO: the GOT is read-only after start-up)
#   stack      the stack protector is linked in (__stack_chk_fail)
#   fortify    fortified libc calls are used (__*_chk), when the build asks for _FORTIFY_SOURCE
#
#   check-hardening.sh fortify|no-fortify BINARY...

set -u
fortify_expected=$1
shift
n=0
failed=0

check () {
  n=$((n + 1))
  if [ "$2" = yes ]; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1"
    failed=1
  fi
}

for bin in "$@"; do
  name=$(basename "$bin")
  header=$(readelf -h "$bin")
  segments=$(readelf -lW "$bin")
  dynamic=$(readelf -dW "$bin")
  symbols=$(readelf --dyn-syms -W "$bin")

  grep -Eq 'Type:[[:space:]]+DYN' <<<"$header" && pie=yes || pie=no
  check "$name is a position-independent executable" $pie

  if grep -q GNU_RELRO <<<"$segments" && grep -Eq 'BIND_NOW|FLAGS_1.*NOW' <<<"$dynamic"; then
    relro=yes
  else
    relro=no
  fi
  check "$name has full RELRO" $relro

  grep -q '__stack_chk_fail' <<<"$symbols" && stack=yes || stack=no
  check "$name links the stack protector" $stack

  case $fortify_expected in
    no-fortify)
      n=$((n + 1))
      echo "ok $n - $name uses fortified libc calls # SKIP not asked for (no optimisation, sanitizers or fuzzing)"
      ;;
    *)
      grep -Eq '__[a-z_]+_chk@' <<<"$symbols" && fortify=yes || fortify=no
      check "$name uses fortified libc calls" $fortify
      ;;
  esac
done

echo "1..$n"
exit $failed

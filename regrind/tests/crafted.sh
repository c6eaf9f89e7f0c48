#!/bin/bash
# crafted.sh WHAT REGEX [PROG ARGS...] -- a crafted-trace check for cases.
#
# Records PROG ARGS (default: $PROGS/fuzzme on a file of its own) into
# ./t, checks that it replays, damages a copy with
# `trace-edit.py craft WHAT`, then requires of its replay: an end within
# 60 s, a non-zero exit, a `regrind:` line matching the extended REGEX,
# and no sign of a Valgrind panic; and of regrind-dump ($REGRIND_DUMP,
# when set): exit 0 or 2, never a signal.  Run in the case's $WORK with
# $VALGRIND, $PROGS and $SRCDIR set.
set -u
what=$1 re=$2
shift 2
if [ $# -eq 0 ]; then
   seq 1 20000 >in.dat
   set -- "$PROGS/fuzzme" "$PWD/in.dat"
fi
fail() { echo "FAIL: $*"; exit 1; }
rm -rf t c
$VALGRIND --tool=regrind -q --record=t --record-chunk-kb=4 "$@" >rec.out 2>rec.err \
   || fail "recording failed: $(tail -3 rec.err)"
timeout -k 5 60 $VALGRIND --tool=regrind -q --replay=t "$@" >rep0.out 2>rep0.err \
   || fail "the undamaged trace does not replay: $(tail -3 rep0.err)"
cp -r t c
python3 "$SRCDIR/trace-edit.py" craft "$what" c || fail "craft $what failed"
timeout -k 5 60 $VALGRIND --tool=regrind -q --replay=c "$@" >rep.out 2>rep.err
rc=$?
cat rep.err
[ $rc != 124 ] && [ $rc != 137 ] || fail "replay of the crafted trace hangs"
[ $rc != 0 ] || fail "replay of the crafted trace exited 0"
[ $rc -lt 128 ] || fail "replay died of signal $((rc - 128))"
if grep -qE "the 'impossible' happened|Assertion '|valgrind: m_|VALGRIND INTERNAL|vex:" rep.err; then
   fail "Valgrind crashed"
fi
grep -qE "(^|== )regrind: .*($re)" rep.err || fail "no regrind: message matching /$re/"
if [ -n "${REGRIND_DUMP:-}" ]; then
   timeout -k 5 60 "$REGRIND_DUMP" c >dump.out 2>dump.err
   drc=$?
   cat dump.err
   [ $drc = 0 ] || [ $drc = 2 ] || fail "regrind-dump exit $drc"
fi
echo "ok: $what"

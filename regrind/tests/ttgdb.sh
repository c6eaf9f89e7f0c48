# ttgdb.sh: sourced by the time-travel cases (tt_*).
#
# ttgdb TRACE OUT GDB-ARGS...  runs host/regrind-gdb on TRACE with gdb in
# batch mode (GDB-ARGS: -ex commands; an error in one does not stop the
# next), output in OUT.  Every process has a timeout: gdb and the
# launcher 300 s (then SIGKILL); the proxy kills its replays and vgdb
# when gdb goes away.
# ttdump: regrind-dump.

tt_top=${REGRIND_BUILDDIR:-$(cd "$SRCDIR/../.." && pwd)}
tt_src=${REGRIND_SRCDIR:-$(cd "$SRCDIR/../.." && pwd)}

ttdump() { "${REGRIND_DUMP:-$tt_top/regrind-dump}" "$@"; }

ttgdb() {
   local trace=$1 out=$2
   shift 2
   REGRIND_GDB_VALGRIND="$VALGRIND" REGRIND_PROXY="$tt_top/regrind-gdb-proxy" \
   PATH="$tt_top:$PATH" \
      timeout -k 10 300 "$tt_src/host/regrind-gdb" "$trace" -- -batch -nx \
      "$@" >"$out" 2>&1 </dev/null
}

# expect OUT LINE-REGEX WHAT: OUT has a line matching LINE-REGEX (grep -E).
expect() {
   grep -Eq "$2" "$1" || { echo "missing: $3 (/$2/)"; cat "$1"; exit 1; }
}

# The values progs/ttravel.c computes: step(i) returns (i*i + 100) * 2
# (202 208 218 232 250); counter sums them (202 410 628 860 1110).

# tt_reverse ARGS: reverse-continue to a breakpoint hit earlier,
# reverse-next over a call and reverse-step over a line (old values of
# locals), reverse-stepi (one instruction back), reverse-finish,
# `monitor when`, and the start of history.
tt_reverse() {
   $VALGRIND --tool=regrind -q --record=t $PROGS/ttravel "$@" >rec.out 2>rec.err || exit 1
   ttgdb t g1.out -ex "break mark" -ex continue -ex continue -ex continue \
      -ex 'printf "V %ld\n", v' \
      -ex reverse-continue -ex 'printf "V %ld\n", v' \
      -ex reverse-continue -ex 'printf "V %ld\n", v' \
      -ex delete -ex "break ttravel.c:44" -ex continue \
      -ex 'printf "R %ld\n", r' -ex reverse-next -ex 'printf "R %ld\n", r' \
      -ex "info line *\$pc" \
      -ex delete -ex "break ttravel.c:20" -ex continue \
      -ex 'printf "SQ %ld\n", sq' -ex reverse-step -ex 'printf "SQ %ld\n", sq' \
      -ex "monitor when" -ex reverse-stepi -ex "monitor when" \
      -ex reverse-finish -ex "bt 1" \
      -ex delete -ex reverse-continue -ex "monitor when"
   expect g1.out '^V 218$' 'three hits forward'
   expect g1.out '^V 208$' 'reverse-continue to the hit before'
   expect g1.out '^V 202$' 'reverse-continue to the first hit'
   # stopped in mark(202) (i=1); line 44 next is hit for i=2, r=208
   expect g1.out '^R 208$' 'r after step(2)'
   expect g1.out '^R 202$' 'reverse-next: r before step(2) (the old value)'
   expect g1.out 'Line 43 of' 'reverse-next back on the line of the call'
   # back before step(2): line 20 for i=2: sq = 4 + 100; reverse-step
   # over line 19: sq = 4
   expect g1.out '^SQ 104$' 'sq at line 20'
   expect g1.out '^SQ 4$' 'reverse-step: sq before line 19'
   local w1 w2
   w1=$(grep -E '^event [0-9]+ thread 1 icount [0-9]+$' g1.out | sed -n 1p)
   w2=$(grep -E '^event [0-9]+ thread 1 icount [0-9]+$' g1.out | sed -n 2p)
   [ -n "$w1" ] && [ -n "$w2" ] || { echo "monitor when did not parse"; cat g1.out; exit 1; }
   [ $(( ${w1##* } - ${w2##* } )) = 1 ] ||
      { echo "reverse-stepi: $w1 -> $w2, not one instruction back"; exit 1; }
   expect g1.out '^#0 .*main \(' 'reverse-finish lands in main'
   expect g1.out '^No more reverse-execution history' 'start of history'
   expect g1.out '^event 0 thread 1 icount 0$' 'at the start after it'
   if grep -q '^regrind:' g1.out; then echo "regrind error"; cat g1.out; exit 1; fi
   return 0
}

# tt_watch ARGS: a watchpoint hit backwards at the recorded write,
# refused writes, monitor events and goto back to an earlier syscall
# and forward again.
tt_watch() {
   $VALGRIND --tool=regrind -q --record=t $PROGS/ttravel "$@" >rec.out 2>rec.err || exit 1
   ttdump t >dump.out || { echo "regrind-dump failed"; exit 1; }
   local ev
   ev=$(awk '/SYSCALL +getppid/ { n++; if (n == 2) print $1 }' dump.out)
   [ -n "$ev" ] || { echo "no second getppid in the trace"; exit 1; }
   ttgdb t g2.out -ex "break ttravel.c:53" -ex continue \
      -ex "watch counter" -ex reverse-continue \
      -ex 'printf "C %ld\n", counter' -ex "bt 1" \
      -ex reverse-continue -ex 'printf "C %ld\n", counter' \
      -ex delete -ex "set var counter = 5" -ex 'print step(2)' \
      -ex 'set var $rax = 1' -ex 'printf "C %ld\n", counter' \
      -ex "monitor events 3" \
      -ex "monitor goto $ev" -ex "monitor when" -ex 'x/i $pc' -ex "bt 2" \
      -ex "monitor goto $((ev + 1))" -ex "monitor when"
   # Backwards, gdb shows the write undone: old value = after, new = before.
   expect g2.out '^C 860$' 'watchpoint backwards: counter before the last write'
   expect g2.out '^#0 +step \(i=5\)' 'the last write is in step(5)'
   expect g2.out '^C 628$' 'second reverse-continue: the write before'
   expect g2.out 'refused: writing memory' 'set var refused'
   expect g2.out 'refused: writing registers' 'register write refused'
   [ "$(grep -c '^C 628$' g2.out)" = 2 ] || { echo "counter changed by refused writes"; cat g2.out; exit 1; }
   expect g2.out '^next [0-9]+ +thread 1' 'monitor events shows the next event'
   expect g2.out "^event $((ev - 1)) thread 1 icount [0-9]+\$" "goto back: just before event $ev"
   expect g2.out '^=> 0x[0-9a-f]+ <[^>]*getppid[^>]*>:[[:space:]]+syscall' 'goto lands on the getppid syscall'
   expect g2.out "^event $ev thread 1 icount [0-9]+\$" "goto forward: just before event $((ev + 1))"
   if grep -q '^regrind:.*diverge' g2.out; then echo "replay diverged"; cat g2.out; exit 1; fi
   return 0
}

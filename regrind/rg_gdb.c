/*--------------------------------------------------------------------*/
/*--- regrind: time in gdb: where the replay is, stopping at a    ---*/
/*--- point, monitor commands, write watchpoints.       rg_gdb.c ---*/
/*--------------------------------------------------------------------*/

/* A point of the replay is (event, thread, instruction count): the
   number of events replayed so far, and the running thread's count of
   instructions it completed.  Between two events only one thread runs,
   so (event, count) orders all points of a replay, and (thread, count)
   names one.

   Precise mode (--vgdb-error or --replay-stop-at given, or
   --replay-precise=yes): every instruction stores the count of the
   ones before it, so that a stop anywhere (a breakpoint, a step) knows
   its exact count, and leaves the block when the count equals
   RG_(gdb_stop_at), so that a target count inside a block is reached
   exactly (RG_(gdb_stop_at): only gdb's target, so that events stop
   at block entries as without gdb).  The stop for gdb is then made out of generated code, in
   stop_client_code, by handing the thread to Valgrind's gdbserver.

   Write watchpoints: precise mode also checks every store against the
   bounds of all watched ranges (two loads, a subtract and a compare);
   a store inside them calls VG_(is_watched), which stops in gdb after
   the storing instruction.  Any number of ranges of any size. */

#include "pub_tool_basics.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_machine.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_gdbserver.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_xarray.h"
#include "rg_include.h"

const HChar* RG_(clo_stop_at);
Int          RG_(clo_precise) = -1;     /* -1: decide from the options */
Bool         RG_(precise);

/* The target the running thread must stop at for gdb. */
static Bool  tgt_on;
static UInt  tgt_thread;
static ULong tgt_icount;
static ULong tgt_event;        /* goto an event not yet peeked (0: none) */
static ULong ev_stop = ~0ULL;  /* RG_(stop_at) for the events alone     */
static ULong last_evno;        /* the last event replayed               */

/* The last events replayed, for `monitor events`. */
#define N_HIST 64
static struct { ULong evno, icount, a, b; UInt tid; UChar kind; }
   hist[N_HIST];
static ULong n_hist;

/*------------------------------------------------------------*/
/*--- Describing events                                    ---*/
/*------------------------------------------------------------*/

static void note_fields(const RgRec* r, ULong* a, ULong* b)
{
   RgCur c = r->body;
   *a = *b = 0;
   switch (r->kind) {
      case RG_REC_SYSCALL: {
         *a = RG_(cur_v)(&c);
         UInt i, n = RG_(cur_v)(&c);
         for (i = 0; i < n; i++) RG_(cur_v)(&c);
         *b = (ULong)RG_(cur_z)(&c);
         break;
      }
      case RG_REC_NONDET: case RG_REC_SIGNAL: case RG_REC_SCHED:
         *a = RG_(cur_v)(&c);
         break;
      case RG_REC_LOAD:
         *a = RG_(cur_v)(&c);
         *b = RG_(cur_v)(&c);
         break;
   }
}

static void describe(HChar* buf, UChar kind, ULong a, ULong b)
{
   switch (kind) {
      case RG_REC_SYSCALL:
         VG_(sprintf)(buf, "syscall %s = %lld", RG_(sys_name)(a), (Long)b);
         break;
      case RG_REC_NONDET: VG_(sprintf)(buf, "nondet kind %llu", a); break;
      case RG_REC_SIGNAL: VG_(sprintf)(buf, "signal %llu", a); break;
      case RG_REC_SCHED:  VG_(sprintf)(buf, "switch to thread %llu", a);
                          break;
      case RG_REC_LOAD:   VG_(sprintf)(buf, "shared load at %#llx", a);
                          break;
      default:            VG_(sprintf)(buf, "record %u", kind);
   }
}

/*------------------------------------------------------------*/
/*--- The stop target                                      ---*/
/*------------------------------------------------------------*/

/* Code-made events (syscall, nondet, load) count their own
   instruction: the thread is before event N when it has completed one
   fewer.  SCHED and SIGNAL happen between instructions. */
static ULong before_event(const RgRec* r)
{
   if (r->kind == RG_REC_SCHED || r->kind == RG_REC_SIGNAL)
      return r->icount;
   return r->icount ? r->icount - 1 : 0;
}

static void set_target(UInt thread, ULong icount)
{
   tgt_on = True;
   tgt_thread = thread;
   tgt_icount = icount;
}

/* Called at the end of RG_(replay_update_stop), which sets
   RG_(stop_at) for the events: lower it to the target of the running
   thread. */
ULong RG_(gdb_stop_at) = ~0ULL;

void RG_(gdb_filter_stop)(void)
{
   ev_stop = RG_(stop_at);
   RG_(gdb_stop_at) = ~0ULL;
   if (!RG_(precise)) return;
   if (tgt_event) {
      RgRec r;
      if (RG_(tr_peek)(&r) && r.evno >= tgt_event) {
         set_target(r.tid, before_event(&r));
         tgt_event = 0;
      }
   }
   if (tgt_on && tgt_thread == RG_(cur_serial)()) {
      RG_(gdb_stop_at) = tgt_icount;
      if (tgt_icount < ev_stop) RG_(stop_at) = tgt_icount;
   }
}

/* A thread left generated code through a stop exit (replay_stopped):
   if it is at the target, stop in gdb. */
void RG_(gdb_check_stop)(ThreadId tid)
{
   if (!tgt_on || tgt_thread != RG_(serial)(tid)
       || RG_(icount) != tgt_icount)
      return;
   tgt_on = False;
   RG_(stop_at) = ev_stop;
   RG_(gdb_stop_at) = ~0ULL;
   VG_(gdbserver)(tid);
}

/* Every event replay takes (next_event). */
void RG_(gdb_event)(const RgRec* r)
{
   UInt i = n_hist++ % N_HIST;
   last_evno = r->evno;
   hist[i].evno = r->evno;
   hist[i].tid = r->tid;
   hist[i].icount = r->icount;
   hist[i].kind = r->kind;
   note_fields(r, &hist[i].a, &hist[i].b);
}

/* "EVENT" or "THREAD:ICOUNT"; False if neither. */
static Bool parse_point(const HChar* s, ULong* ev, UInt* th, ULong* ic)
{
   HChar* end;
   ULong a = VG_(strtoull10)(s, &end);
   if (end == s) return False;
   if (*end == 0) { *ev = a; *th = 0; return a > 0; }
   if (*end != ':' || a == 0 || a >= RG_MAX_SERIAL) return False;
   const HChar* s2 = end + 1;
   *ic = VG_(strtoull10)(s2, &end);
   if (end == s2 || *end != 0) return False;
   *th = a; *ev = 0;
   return True;
}

/* --replay-stop-at: checked after the options, acted on at replay
   start (RG_(replay_init) has peeked the first event). */
void RG_(gdb_post_clo_init)(void)
{
   if (RG_(mode) != RG_MODE_REPLAY) return;
   if (RG_(clo_precise) >= 0) {
      RG_(precise) = RG_(clo_precise);
   } else {
      Word i;
      RG_(precise) = RG_(clo_stop_at) != NULL;
      for (i = 0; i < VG_(sizeXA)(VG_(args_for_valgrind)); i++) {
         const HChar* a = *(HChar**)VG_(indexXA)(VG_(args_for_valgrind), i);
         if (VG_(strncmp)(a, "--vgdb-error=", 13) == 0
             || VG_(strcmp)(a, "--vgdb=full") == 0)
            RG_(precise) = True;
      }
   }
   if (RG_(clo_stop_at)) {
      ULong ev = 0, ic = 0; UInt th = 0;
      if (!parse_point(RG_(clo_stop_at), &ev, &th, &ic))
         RG_(fatal)("--replay-stop-at=%s: expected an event number "
                    "(from 1) or THREAD:ICOUNT", RG_(clo_stop_at));
      if (!RG_(precise))
         RG_(fatal)("--replay-stop-at needs --replay-precise=yes");
      if (ev) tgt_event = ev;
      else    set_target(th, ic);
   }
}

/* After replay_init: the stop at the very start (count 0) cannot be
   reached by an exit; the first block's entry check does it. */

/*------------------------------------------------------------*/
/*--- Watchpoints                                          ---*/
/*------------------------------------------------------------*/

/* Bounds of all watched ranges, widened down by the widest store so
   that a store that starts below a range and reaches into it is seen:
   stores in [lo, lo + span) call the helper. */
Addr RG_(watch_lo) = ~(Addr)0;
Addr RG_(watch_span);
static XArray* watches;         /* of struct watch */
struct watch { Addr a; SizeT len; };
#define WIDEST_STORE 64

static void rebound_watches(void)
{
   Addr lo = ~(Addr)0, hi = 0;
   Word i, n = VG_(sizeXA)(watches);
   for (i = 0; i < n; i++) {
      struct watch* w = VG_(indexXA)(watches, i);
      if (w->a < lo) lo = w->a;
      if (w->a + w->len > hi) hi = w->a + w->len;
   }
   if (n == 0) { RG_(watch_lo) = ~(Addr)0; RG_(watch_span) = 0; return; }
   lo = lo > WIDEST_STORE ? lo - WIDEST_STORE : 0;
   RG_(watch_span) = hi - lo;
   RG_(watch_lo) = lo;
}

Bool RG_(gdb_watchpoint)(PointKind kind, Bool insert, Addr addr, SizeT len)
{
   /* Loads are not checked: read and access watchpoints are refused
      (gdb says it cannot set them). */
   if (kind != write_watchpoint || !RG_(precise)) return False;
   if (!watches)
      watches = VG_(newXA)(VG_(malloc), "rg.watch", VG_(free),
                           sizeof(struct watch));
   if (insert) {
      struct watch w = { addr, len };
      VG_(addToXA)(watches, &w);
   } else {
      Word i;
      for (i = 0; i < VG_(sizeXA)(watches); i++) {
         struct watch* w = VG_(indexXA)(watches, i);
         if (w->a == addr && w->len == len) {
            VG_(removeIndexXA)(watches, i);
            break;
         }
      }
   }
   rebound_watches();
   return True;
}

/* A store inside the bounds (called before it runs); KNOWN: VAL is
   what an integer store writes (little-endian). */
void RG_(watch_store)(Addr a, ULong size, ULong val, ULong known)
{
   if (known && size <= 8 && VG_(am_is_valid_for_client)(a, size,
                                                         VKI_PROT_READ)
       && VG_(memcmp)((void*)a, &val, size) == 0)
      return;
   VG_(is_watched)(write_watchpoint, a, (Int)size);
}

/*------------------------------------------------------------*/
/*--- Monitor commands                                     ---*/
/*------------------------------------------------------------*/

static void print_when(ThreadId tid)
{
   VG_(gdb_printf)("event %llu thread %u icount %llu%s\n", last_evno,
                   RG_(serial)(tid), RG_(icount),
                   RG_(precise) ? "" : " (start of the current block: "
                   "exact counts need --replay-precise=yes)");
}

static void print_events(ULong n)
{
   ULong first = n_hist > n ? n_hist - n : 0, j;
   HChar buf[160];
   if (n_hist > N_HIST && first < n_hist - N_HIST) first = n_hist - N_HIST;
   for (j = first; j < n_hist; j++) {
      UInt i = j % N_HIST;
      describe(buf, hist[i].kind, hist[i].a, hist[i].b);
      VG_(gdb_printf)("%8llu  thread %u  icount %llu  %s\n", hist[i].evno,
                      hist[i].tid, hist[i].icount, buf);
   }
   RgRec r;
   if (RG_(tr_peek)(&r) && r.evno) {
      ULong a, b;
      note_fields(&r, &a, &b);
      describe(buf, r.kind, a, b);
      VG_(gdb_printf)("next %llu  thread %u  icount %llu  %s\n", r.evno,
                      r.tid, r.icount, buf);
   } else {
      VG_(gdb_printf)("next: end of the recording\n");
   }
}

static void do_goto(ThreadId tid, const HChar* arg)
{
   ULong ev = 0, ic = 0; UInt th = 0;
   if (!arg || !parse_point(arg, &ev, &th, &ic)) {
      VG_(gdb_printf)("regrind: goto: expected an event number or "
                      "THREAD:ICOUNT\n");
      return;
   }
   if (!RG_(precise)) {
      VG_(gdb_printf)("regrind: goto needs --replay-precise=yes\n");
      return;
   }
   if (ev ? ev <= last_evno
          : th == RG_(serial)(tid) && ic <= RG_(icount)) {
      VG_(gdb_printf)("regrind: that point is behind: going back needs "
                      "a new replay (regrind-gdb does it)\n");
      return;
   }
   tgt_event = 0;
   if (ev) {
      RgRec r;
      tgt_on = False;
      if (RG_(tr_peek)(&r) && r.evno >= ev) set_target(r.tid,
                                                       before_event(&r));
      else tgt_event = ev;
   } else {
      set_target(th, ic);
   }
   RG_(gdb_filter_stop)();
   VG_(gdb_printf)("regrind: the replay stops there when continued\n");
}

Bool RG_(gdb_monitor)(ThreadId tid, HChar* req)
{
   HChar* save;
   HChar* cmd = VG_(strtok_r)(req, " ", &save);
   HChar* arg = VG_(strtok_r)(NULL, " ", &save);
   switch (VG_(keyword_id)("help when events goto", cmd,
                           kwd_report_none)) {
      case 0:
         VG_(gdb_printf)(
            "regrind monitor commands:\n"
            "  when             event, thread and instruction count now\n"
            "  events [N]       the last N events replayed (10) and the next\n"
            "  goto EVENT       run until just before event EVENT\n"
            "  goto T:ICOUNT    run until thread T has completed ICOUNT "
            "instructions\n");
         return True;
      case 1:
         if (RG_(mode) != RG_MODE_REPLAY) break;
         print_when(tid);
         return True;
      case 2: {
         if (RG_(mode) != RG_MODE_REPLAY) break;
         ULong n = 10;
         if (arg) {
            HChar* end;
            n = VG_(strtoull10)(arg, &end);
            if (end == arg || *end) {
               VG_(gdb_printf)("regrind: events: expected a number\n");
               return True;
            }
         }
         print_events(n);
         return True;
      }
      case 3:
         if (RG_(mode) != RG_MODE_REPLAY) break;
         do_goto(tid, arg);
         return True;
   }
   return False;
}

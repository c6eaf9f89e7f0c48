/*--------------------------------------------------------------------*/
/*--- regrind-dump: the first difference (--diff)                 ---*/
/*---                                                 dump_diff.c ---*/
/*--------------------------------------------------------------------*/

#ifdef HAVE_CONFIG_H
#include "rg_config.h"
#endif

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rg_host.h"
#include "dump.h"

/*------------------------------------------------------------*/
/*--- regrind-dump --diff TRACE1 TRACE2                    ---*/
/*------------------------------------------------------------*/

/* Next event of a trace, remembering its END record (if any). */
static int next_event(Trace* t, Rec* r, int* have_end, End* end)
{
   while (tr_next(t, r)) {
      if (is_event(r->kind)) return 1;
      if (r->kind == RG_REC_END) { get_end(r->body, end); *have_end = 1; }
   }
   return 0;
}

/* Compare two events; 0 if the same, else the reason in why. */
static int diff_events(const Rec* a, const Rec* b, Str* why,
                       uint64_t* reg_addr, const u8** pa, const u8** pb,
                       size_t* la, size_t* lb, size_t* at)
{
   char n1[48], n2[48];
   *pa = *pb = NULL;
   if (a->kind != b->kind) {
      sb_printf(why, "record kinds differ (%s / %s)", kind_name(a->kind),
                kind_name(b->kind));
      return 1;
   }
   if (a->tid != b->tid) {
      sb_printf(why, "threads differ (%u / %u)", a->tid, b->tid);
      return 1;
   }
   if (a->kind == RG_REC_SYSCALL) {
      Sys x, y;
      get_sys(a->body, &x);
      get_sys(b->body, &y);
      if (x.nr != y.nr) {
         sb_printf(why, "syscalls differ (%s / %s)",
                   sys_name(x.nr, n1, sizeof n1),
                   sys_name(y.nr, n2, sizeof n2));
         return 1;
      }
      if (x.nargs != y.nargs) {
         sb_printf(why, "numbers of recorded arguments differ (%" PRIu64
                   " / %" PRIu64 ")", x.nargs, y.nargs);
         return 1;
      }
      Cur ca = x.args, cb = y.args;
      for (uint64_t i = 0; i < x.nargs; i++) {
         uint64_t va = cur_v(&ca), vb = cur_v(&cb);
         if (va != vb) {
            sb_printf(why, "argument %" PRIu64 " of %s differs (0x%" PRIx64
                      " / 0x%" PRIx64 ")", i + 1,
                      sys_name(x.nr, n1, sizeof n1), va, vb);
            return 1;
         }
      }
      if (x.result != y.result) {
         Str ra = { 0 }, rb = { 0 };
         sb_reset(&ra); sb_reset(&rb);
         sb_result(&ra, x.nr, x.result);
         sb_result(&rb, y.nr, y.result);
         sb_printf(why, "results of %s differ (%s / %s)",
                   sys_name(x.nr, n1, sizeof n1), ra.s, rb.s);
         sb_free(&ra); sb_free(&rb);
         return 1;
      }
      if (x.nregions != y.nregions) {
         sb_printf(why, "numbers of memory regions %s wrote differ (%"
                   PRIu64 " / %" PRIu64 ")", sys_name(x.nr, n1, sizeof n1),
                   x.nregions, y.nregions);
         return 1;
      }
      ca = x.regions; cb = y.regions;
      for (uint64_t i = 0; i < x.nregions; i++) {
         size_t na, nb;
         uint64_t aa = cur_v(&ca), ab = cur_v(&cb);
         const u8* da = cur_b(&ca, &na);
         const u8* db = cur_b(&cb, &nb);
         if (aa != ab) {
            sb_printf(why, "region %" PRIu64 " addresses differ (0x%" PRIx64
                      " / 0x%" PRIx64 ")", i, aa, ab);
            return 1;
         }
         if (na != nb) {
            sb_printf(why, "region %" PRIu64 " (at 0x%" PRIx64 ") sizes "
                      "differ (%zu / %zu bytes)", i, aa, na, nb);
            *pa = da; *pb = db; *la = na; *lb = nb; *reg_addr = aa;
            size_t m = na < nb ? na : nb, k = 0;
            while (k < m && da[k] == db[k]) k++;
            *at = k;
            return 1;
         }
         if (memcmp(da, db, na) != 0) {
            size_t k = 0;
            while (da[k] == db[k]) k++;
            sb_printf(why, "contents of region %" PRIu64 " (0x%" PRIx64
                      ", %zu bytes) differ from byte %zu (0x%" PRIx64 ")",
                      i, aa, na, k, aa + k);
            *pa = da; *pb = db; *la = na; *lb = nb; *reg_addr = aa;
            *at = k;
            return 1;
         }
      }
      return 0;
   }
   if (a->kind == RG_REC_NONDET) {
      Nondet x, y;
      get_nondet(a->body, &x);
      get_nondet(b->body, &y);
      if (x.kind != y.kind) {
         const char* ka = nd_name(x.kind);
         const char* kb = nd_name(y.kind);
         sb_printf(why, "nondeterministic instructions differ (%s / %s)",
                   ka ? ka : "unknown", kb ? kb : "unknown");
         return 1;
      }
      if (x.nvalues != y.nvalues) {
         sb_printf(why, "numbers of values differ (%" PRIu64 " / %" PRIu64
                   ")", x.nvalues, y.nvalues);
         return 1;
      }
      Cur ca = x.values, cb = y.values;
      for (uint64_t i = 0; i < x.nvalues; i++) {
         uint64_t va = cur_v(&ca), vb = cur_v(&cb);
         if (va != vb) {
            const char* kn = nd_name(x.kind);
            sb_printf(why, "value %" PRIu64 " of %s differs (0x%" PRIx64
                      " / 0x%" PRIx64 ")", i + 1, kn ? kn : "nondet",
                      va, vb);
            return 1;
         }
      }
      return 0;
   }
   if (a->kind == RG_REC_LOAD) {
      Load x, y;
      get_load(a->body, &x);
      get_load(b->body, &y);
      if (x.addr != y.addr) {
         sb_printf(why, "load addresses differ (0x%" PRIx64 " / 0x%" PRIx64
                   ")", x.addr, y.addr);
         return 1;
      }
      if (x.n != y.n) {
         sb_printf(why, "load sizes differ (%zu / %zu bytes)", x.n, y.n);
         return 1;
      }
      if (memcmp(x.p, y.p, x.n) != 0) {
         size_t k = 0;
         while (x.p[k] == y.p[k]) k++;
         sb_printf(why, "values loaded from 0x%" PRIx64 " differ (from byte "
                   "%zu)", x.addr, k);
         *pa = x.p; *pb = y.p; *la = x.n; *lb = y.n; *reg_addr = x.addr;
         *at = k;
         return 1;
      }
      return 0;
   }
   if (a->kind == RG_REC_SCHED) {
      /* Where the switch happened is what a SCHED records, so its
         count is compared, unlike other events' counts. */
      Sched x, y;
      get_sched(a->body, &x);
      get_sched(b->body, &y);
      if (x.next != y.next) {
         sb_printf(why, "threads switched to differ (%" PRIu64 " / %" PRIu64
                   ")", x.next, y.next);
         return 1;
      }
      if (a->icount != b->icount) {
         sb_printf(why, "thread %u stopped at different instruction counts "
                   "(%" PRIu64 " / %" PRIu64 ")", a->tid, a->icount,
                   b->icount);
         return 1;
      }
      return 0;
   }
   /* SIGNAL */
   Signal x, y;
   get_signal(a->body, &x);
   get_signal(b->body, &y);
   if (x.signo != y.signo) {
      sb_printf(why, "signals differ (%s / %s)",
                signal_name(x.signo, n1, sizeof n1),
                signal_name(y.signo, n2, sizeof n2));
      return 1;
   }
   if (x.flags != y.flags) {
      sb_printf(why, "signal flags differ (0x%" PRIx64 " / 0x%" PRIx64 ")",
                x.flags, y.flags);
      return 1;
   }
   return 0;
}

typedef struct {
   Str      line[DIFF_CONTEXT];
   unsigned n, next;
} Ring;

static void ring_add(Ring* g, const Rec* r)
{
   Str* s = &g->line[g->next];
   sb_reset(s);
   fmt_event(s, r, 0);
   g->next = (g->next + 1) % DIFF_CONTEXT;
   if (g->n < DIFF_CONTEXT) g->n++;
}

static void ring_print(const Ring* g, const char* mark)
{
   unsigned first = (g->next + DIFF_CONTEXT - g->n) % DIFF_CONTEXT;
   for (unsigned i = 0; i < g->n; i++)
      printf("%s%s", mark, g->line[(first + i) % DIFF_CONTEXT].s);
}

static void ring_free(Ring* g)
{
   for (unsigned i = 0; i < DIFF_CONTEXT; i++) sb_free(&g->line[i]);
}

/* What a trace shows where the other has another event. */
static void describe_stop(Str* b, const Trace* t, int have_end,
                          const End* e)
{
   if (have_end) {
      sb_printf(b, "(end of recording: ");
      sb_end(b, e);
      sb_printf(b, ")\n");
   } else {
      sb_printf(b, "(recording was cut off after event %" PRIu64 ")\n",
                t->nevents);
   }
}

/* The bytes of a differing region around the first difference. */
static void hexwin(const char* label, const u8* p, size_t n, size_t at,
                   uint64_t addr)
{
   size_t from = at >= 8 ? (at - 8) & ~(size_t)7 : 0;
   size_t to = from + 24 < n ? from + 24 : n;
   printf("  %s 0x%" PRIx64 ":", label, addr + from);
   for (size_t i = from; i < to; i++)
      printf(i == at ? " [%02x]" : " %02x", p[i]);
   if (at >= n) printf(" [ends here, %zu bytes]", n);
   else if (to < n) printf(" ...");
   printf("\n");
}

int mode_diff(const char* d1, const char* d2)
{
   static Trace ta, tb;
   Rec ra, rb;
   Ring ga = { 0 }, gb = { 0 };
   int enda = 0, endb = 0;
   End ea = { 0 }, eb = { 0 };
   Str why = { 0 };
   int differ = 0;
   uint64_t nsame = 0;

   tr_open(&ta, d1, trace_file);
   tr_open(&tb, d2, trace_file);
   sb_reset(&why);
   while (1) {
      int ha = next_event(&ta, &ra, &enda, &ea);
      int hb = next_event(&tb, &rb, &endb, &eb);
      if (!ha && !hb) break;
      const u8 *pa = NULL, *pb = NULL;
      size_t la = 0, lb = 0, at = 0;
      uint64_t addr = 0;
      if (ha && hb && !diff_events(&ra, &rb, &why, &addr, &pa, &pb, &la,
                                   &lb, &at)) {
         nsame++;
         ring_add(&ga, &ra);
         ring_add(&gb, &rb);
         continue;
      }
      /* The first difference. */
      Str l = { 0 };
      sb_reset(&l);
      uint64_t ev = nsame + 1;
      if (!ha)
         sb_printf(&why, "%s has no event %" PRIu64, d1, ev);
      else if (!hb)
         sb_printf(&why, "%s has no event %" PRIu64, d2, ev);
      printf("traces differ at event %" PRIu64 ": %s\n", ev, why.s);
      printf("--- %s\n", d1);
      ring_print(&ga, "  ");
      if (ha) fmt_event(&l, &ra, 0);
      else    describe_stop(&l, &ta, enda, &ea);
      printf("> %s", l.s);
      printf("+++ %s\n", d2);
      ring_print(&gb, "  ");
      sb_reset(&l);
      if (hb) fmt_event(&l, &rb, 0);
      else    describe_stop(&l, &tb, endb, &eb);
      printf("> %s", l.s);
      if (pa && pb) {
         hexwin("1:", pa, la, at, addr);
         hexwin("2:", pb, lb, at, addr);
      }
      sb_free(&l);
      differ = 1;
      break;
   }
   if (!differ) {
      /* Same events: the ends must agree too. */
      Str l = { 0 };
      sb_reset(&l);
      if (enda != endb) {
         printf("traces differ after event %" PRIu64 ": %s\n", nsame,
                enda ? "the second recording was cut off"
                     : "the first recording was cut off");
         differ = 1;
      } else if (enda && (ea.reason != eb.reason || ea.code != eb.code)) {
         printf("traces differ after event %" PRIu64 ": the recordings "
                "ended differently\n", nsame);
         differ = 1;
      }
      if (differ) {
         describe_stop(&l, &ta, enda, &ea);
         printf("--- %s\n> %s", d1, l.s);
         sb_reset(&l);
         describe_stop(&l, &tb, endb, &eb);
         printf("+++ %s\n> %s", d2, l.s);
      } else {
         printf("traces are identical (%" PRIu64 " events)\n", nsame);
      }
      sb_free(&l);
   }
   out_flush();
   ring_free(&ga);
   ring_free(&gb);
   sb_free(&why);
   tr_close(&ta);
   tr_close(&tb);
   return differ;
}


/*--------------------------------------------------------------------*/
/*--- regrind-dump: statistics (--stats)                          ---*/
/*---                                                dump_stats.c ---*/
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
/*--- regrind-dump --stats TRACE                           ---*/
/*------------------------------------------------------------*/

#define N_SYSCOUNT 1024      /* syscall numbers counted one by one */

typedef struct { uint64_t nr, count, bytes; } SysCount;

static int cmp_syscount(const void* a, const void* b)
{
   const SysCount* x = a;
   const SysCount* y = b;
   if (x->count != y->count) return x->count < y->count ? 1 : -1;
   return x->nr < y->nr ? -1 : x->nr > y->nr;
}

static int cmp_thr(const void* a, const void* b)
{
   const Thr* x = a;
   const Thr* y = b;
   return x->tid < y->tid ? -1 : x->tid > y->tid;
}

static void print_ratio(uint64_t raw, uint64_t stored)
{
   if (stored) printf("%.2f:1", (double)raw / (double)stored);
   else        printf("n/a");
}

int mode_stats(const char* dir)
{
   Trace t;
   Rec r;
   uint64_t kcount[N_KINDS] = { 0 }, kbytes[N_KINDS] = { 0 };
   static SysCount sc[N_SYSCOUNT + 1];
   uint64_t ndcount[RG_ND_N + 1] = { 0 };
   uint64_t nregions = 0, region_bytes = 0, errors = 0;
   uint64_t emb_bytes = 0, stack_bytes = 0, load_bytes = 0, output_bytes = 0;
   uint64_t chaos_seed = 0;
   int have_end = 0;
   End end = { 0 };

   tr_open(&t, dir, trace_file);
   for (int i = 0; i <= N_SYSCOUNT; i++) sc[i].nr = i;
   while (tr_next(&t, &r)) {
      kcount[r.kind]++;
      kbytes[r.kind] += r.bytes;
      if (r.kind == RG_REC_SYSCALL) {
         Sys s;
         get_sys(r.body, &s);
         SysCount* e = &sc[s.nr < N_SYSCOUNT ? s.nr : N_SYSCOUNT];
         e->count++;
         e->bytes += s.region_bytes;
         nregions += s.nregions;
         region_bytes += s.region_bytes;
         if (errno_name(s.result)) errors++;
      } else if (r.kind == RG_REC_NONDET) {
         Nondet nd;
         get_nondet(r.body, &nd);
         ndcount[nd.kind < RG_ND_N ? nd.kind : RG_ND_N]++;
      } else if (r.kind == RG_REC_LOAD) {
         Load l;
         get_load(r.body, &l);
         load_bytes += l.n;
      } else if (r.kind == RG_REC_FILE) {
         FileId f;
         Cur c = r.body;
         get_file(&c, &f);
         emb_bytes += f.emb_len;
      } else if (r.kind == RG_REC_OUTPUT) {
         size_t n;
         Cur c = r.body;
         cur_b(&c, &n);
         output_bytes += n;
      } else if (r.kind == RG_REC_INIT) {
         Init in;
         get_init(r.body, &in);
         stack_bytes += in.stack_len;
         chaos_seed = in.chaos_seed;
      } else if (r.kind == RG_REC_END) {
         get_end(r.body, &end);
         have_end = 1;
      }
   }

   printf("trace:         %s (file %s)\n", dir, trace_file);
   printf("trace id:      %016" PRIx64 "\n", t.id);
   if (chaos_seed)
      printf("chaos seed:    0x%" PRIx64 " (%" PRIu64 "; recorded with "
             "--chaos=yes)\n", chaos_seed, chaos_seed);
   {
      uint64_t* kids;
      size_t nkids = dump_children(dir, &kids);
      if (nkids) {
         Str b = { 0 };
         sb_reset(&b);
         sb_children(&b, kids, nkids);
         printf("children:      %zu forked children recorded: %s\n", nkids,
                b.s);
         sb_free(&b);
      }
      free(kids);
   }
   printf("file size:     %" PRIu64 " bytes\n", t.file_size);
   printf("chunks:        %" PRIu64 " (%" PRIu64 " zlib, %" PRIu64
          " stored as is; largest %" PRIu64 " raw bytes)\n",
          t.nchunks, t.nchunks_zlib, t.nchunks - t.nchunks_zlib,
          t.largest_raw);
   printf("raw bytes:     %" PRIu64 " (records)\n", t.raw_bytes);
   printf("stored bytes:  %" PRIu64 " (payloads as stored; with headers %"
          PRIu64 ")\n", t.stored_bytes,
          t.stored_bytes + t.nchunks * RG_CHUNK_HDR_SIZE + RG_FILE_HDR_SIZE);
   printf("compression:   ");
   print_ratio(t.raw_bytes, t.stored_bytes);
   printf(" (raw / stored)\n");

   printf("\nrecords        count         bytes\n");
   uint64_t tc = 0, tb = 0;
   for (int k = 1; k < N_KINDS; k++) {
      printf("  %-8s %10" PRIu64 " %13" PRIu64 "\n", kind_name(k),
             kcount[k], kbytes[k]);
      tc += kcount[k];
      tb += kbytes[k];
   }
   printf("  %-8s %10" PRIu64 " %13" PRIu64 "\n", "total", tc, tb);
   printf("events:        %" PRIu64 " (SYSCALL + NONDET + SIGNAL + LOAD + "
          "SCHED)\n", t.nevents);
   printf("regions:       %" PRIu64 " written by syscalls, %" PRIu64
          " bytes\n", nregions, region_bytes);
   printf("failed calls:  %" PRIu64 " syscalls returned an error\n", errors);
   if (kcount[RG_REC_LOAD])
      printf("shared loads:  %" PRIu64 " loads from MAP_SHARED memory, %"
             PRIu64 " bytes\n", kcount[RG_REC_LOAD], load_bytes);
   printf("embedded file bytes: %" PRIu64 ", initial stack bytes: %"
          PRIu64 "\n", emb_bytes, stack_bytes);
   if (kcount[RG_REC_OUTPUT])
      printf("moved output:  %" PRIu64 " bytes the kernel moved to stdout/"
             "stderr (sendfile, copy_file_range, splice)\n", output_bytes);
   if (kcount[RG_REC_NONDET]) {
      printf("nondet:       ");
      for (int k = 0; k <= RG_ND_N; k++)
         if (ndcount[k])
            printf(" %s %" PRIu64, k < RG_ND_N ? nd_name(k) : "unknown",
                   ndcount[k]);
      printf("\n");
   }

   if (kcount[RG_REC_SYSCALL]) {
      qsort(sc, N_SYSCOUNT + 1, sizeof sc[0], cmp_syscount);
      int distinct = 0;
      for (int i = 0; i <= N_SYSCOUNT; i++) if (sc[i].count) distinct++;
      printf("\nsyscalls: %d distinct%s\n", distinct,
             distinct > 20 ? " (the top 20 shown)" : "");
      printf("  %-24s %8s %15s\n", "name", "count", "bytes written");
      for (int i = 0; i < 20 && i <= N_SYSCOUNT && sc[i].count; i++) {
         char nb[48];
         const char* n = sc[i].nr == N_SYSCOUNT ? "(numbers >= 1024)"
                         : sys_name(sc[i].nr, nb, sizeof nb);
         printf("  %-24s %8" PRIu64 " %15" PRIu64 "\n", n, sc[i].count,
                sc[i].bytes);
      }
   }

   printf("\n");
   /* The threads by name: those with events, and those a SCHED gave
      the CPU to. */
   Thr* th = xmalloc((t.nthr ? t.nthr : 1) * sizeof *th);
   size_t nth = 0;
   uint64_t insn_sum = 0;
   for (size_t i = 0; t.thr && i < (size_t)1 << t.thr_bits; i++)
      if (t.thr[i].tid) th[nth++] = t.thr[i];
   qsort(th, nth, sizeof *th, cmp_thr);
   for (size_t i = 0; i < nth; i++) insn_sum += th[i].icount;
   if (have_end)
      printf("instructions:  %" PRIu64 " (thread 1, from the END record)\n",
             end.insns);
   printf("threads:       %zu named by events", nth);
   if (nth) printf(" (highest T%" PRIu32 ")", th[nth - 1].tid);
   if (have_end) printf(", %" PRIu64 " in the END record", end.threads);
   printf("; %" PRIu64 " thread switch%s\n", kcount[RG_REC_SCHED],
          kcount[RG_REC_SCHED] == 1 ? "" : "es");
   if (nth) {
      printf("  %-8s %10s %12s %16s\n", "thread", "events", "got the CPU",
             "last icount");
      for (size_t i = 0; i < nth; i++)
         printf("  T%-7" PRIu32 " %10" PRIu64 " %12" PRIu64 " %16" PRIu64
                "\n", th[i].tid, th[i].events, th[i].turns, th[i].icount);
   }
   free(th);
   if (!have_end)
      printf("instructions:  at least %" PRIu64 " (last icount of each "
             "thread; the END record is missing)\n", insn_sum);

   if (have_end) {
      Str b = { 0 };
      sb_reset(&b);
      sb_end(&b, &end);
      printf("recording:     ended normally (END: %s)\n", b.s);
      if (end.events != t.nevents)
         printf("warning:       END counts %" PRIu64 " events but the "
                "trace holds %" PRIu64 "\n", end.events, t.nevents);
      sb_free(&b);
   } else {
      printf("recording:     CUT OFF after event %" PRIu64
             " (no END record)", t.nevents);
      if (t.nchunks == 0)
         printf("; no complete chunk");
      if (t.tail_streamed)
         printf("; %" PRIu64 " bytes of a big record's chunk whose header "
                "was never written", t.tail_bytes);
      else if (t.tail_bytes && t.tail_in_header)
         printf("; %" PRIu64 " bytes of a partial chunk header at the end",
                t.tail_bytes);
      else if (t.tail_bytes)
         printf("; partial chunk at the end: %" PRIu64 " of %" PRIu64
                " bytes", t.tail_bytes,
                (uint64_t)RG_CHUNK_HDR_SIZE + t.tail_clen);
      printf("\n");
   }
   out_flush();
   tr_close(&t);
   return 0;
}


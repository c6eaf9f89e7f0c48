/*--------------------------------------------------------------------*/
/*--- regrind-dump: the text view                                 ---*/
/*---                                                 dump_text.c ---*/
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
#include <time.h>

#include "rg_host.h"
#include "dump.h"

/*------------------------------------------------------------*/
/*--- Text formatting                                      ---*/
/*------------------------------------------------------------*/

void sb_time(Str* b, uint64_t sec, uint64_t nsec)
{
   struct tm tm;
   time_t tt = (time_t)sec;
   char buf[64];
   if (sec <= (uint64_t)INT64_MAX / 2 && (uint64_t)tt == sec
       && gmtime_r(&tt, &tm)
       && strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm) > 0) {
      if (nsec < 1000000000u)
         sb_printf(b, "%s.%09" PRIu64 " UTC", buf, nsec);
      else
         sb_printf(b, "%s UTC (+%" PRIu64 " ns)", buf, nsec);
   } else {
      sb_printf(b, "%" PRIu64 " s %" PRIu64 " ns since the epoch", sec, nsec);
   }
}

/* One argument: an fd in decimal, anything else in hex. */
static void sb_arg(Str* b, uint64_t nr, unsigned i, uint64_t v)
{
   if (i < 32 && (sys_fd_mask(nr) >> i) & 1) {
      int32_t fd = (int32_t)(uint32_t)v;
      if (fd == -100) sb_printf(b, "AT_FDCWD");
      else            sb_printf(b, "%" PRId32, fd);
      if ((uint64_t)(int64_t)fd != v && (uint32_t)v != v)
         sb_printf(b, "(0x%" PRIx64 ")", v);
   } else {
      sb_printf(b, "0x%" PRIx64, v);
   }
}

void sb_result(Str* b, uint64_t nr, int64_t res)
{
   const char* en = errno_name(res);
   if (en)
      sb_printf(b, "%" PRId64 "%s%s", res, *en ? " " : "", en);
   else if (result_is_addr(nr))
      sb_printf(b, "0x%" PRIx64, (uint64_t)res);
   else
      sb_printf(b, "%" PRId64, res);
}

/* "name(args) = result  wrote N regions, B bytes" */
void sb_syscall(Str* b, const Sys* s)
{
   char nb[48];
   sb_printf(b, "%s(", sys_name(s->nr, nb, sizeof nb));
   /* Show as many arguments as the syscall takes (all recorded ones
      for unknown syscalls). */
   uint64_t show = s->nargs;
   if (sys_nargs(s->nr) >= 0 && (uint64_t)sys_nargs(s->nr) < show)
      show = (uint64_t)sys_nargs(s->nr);
   Cur c = s->args;
   for (uint64_t i = 0; i < show; i++) {
      uint64_t v = cur_v(&c);
      if (c.bad) break;
      if (i) sb_printf(b, ", ");
      sb_arg(b, s->nr, (unsigned)(i < 32 ? i : 32), v);
   }
   if (s->nargs != 6)
      sb_printf(b, "%s<%" PRIu64 " args recorded>", show ? ", " : "",
                s->nargs);
   sb_printf(b, ") = ");
   sb_result(b, s->nr, s->result);
   if (s->nregions)
      sb_printf(b, "  wrote %" PRIu64 " region%s, %" PRIu64 " byte%s",
                s->nregions, s->nregions == 1 ? "" : "s",
                s->region_bytes, s->region_bytes == 1 ? "" : "s");
}

void sb_nondet(Str* b, const Nondet* nd)
{
   const char* kn = nd_name(nd->kind);
   if (kn) sb_printf(b, "%s", kn);
   else    sb_printf(b, "nondet_kind_%" PRIu64, nd->kind);
   static const char* const rdtscp_regs[] = { "rax", "rcx", "rdx" };
   static const char* const cpuid_regs[] = { "in", "eax", "ebx", "ecx", "edx" };
   const char* const* regs = NULL;
   if (nd->kind == RG_ND_RDTSCP && nd->nvalues == 3) regs = rdtscp_regs;
   if (nd->kind == RG_ND_CPUID && nd->nvalues == 5) regs = cpuid_regs;
   Cur c = nd->values;
   for (uint64_t i = 0; i < nd->nvalues; i++) {
      uint64_t v = cur_v(&c);
      if (c.bad) break;
      if (regs) sb_printf(b, " %s=0x%" PRIx64, regs[i], v);
      else      sb_printf(b, " 0x%" PRIx64, v);
   }
   if (nd->nvalues == 0) sb_printf(b, " (no values)");
}

void sb_signal(Str* b, const Signal* s)
{
   char nb[32];
   sb_printf(b, "%s (%" PRIu64 ")", signal_name(s->signo, nb, sizeof nb),
             s->signo);
   if (s->flags & RG_SIGF_SYNC) sb_printf(b, " synchronous");
   if (s->flags & ~(uint64_t)RG_SIGF_SYNC)
      sb_printf(b, " flags=0x%" PRIx64, s->flags);
}

/* A load from shared memory: its address, size and value (as a
   little-endian number up to 8 bytes, else its first bytes). */
void sb_load(Str* b, const Load* l)
{
   sb_printf(b, "0x%" PRIx64 ", %zu byte%s", l->addr, l->n,
             l->n == 1 ? "" : "s");
   if (l->n == 0) return;
   if (l->n <= 8) {
      uint64_t v = 0;
      for (size_t i = l->n; i-- > 0; ) v = (v << 8) | l->p[i];
      sb_printf(b, ": 0x%" PRIx64, v);
   } else {
      sb_printf(b, ": ");
      sb_hex(b, l->p, l->n < 16 ? l->n : 16);
      if (l->n > 16) sb_printf(b, "...");
   }
}

/* The leading columns of a line: event, thread, icount. */
static void sb_lead(Str* b, const Rec* r)
{
   if (is_event(r->kind))
      sb_printf(b, "%8" PRIu64 "  T%-3u %14" PRIu64 "  %-7s ", r->evno,
                r->tid, r->icount, kind_name(r->kind));
   else
      sb_printf(b, "%8s  %-4s %14s  %-7s ", "-", "", "",
                kind_name(r->kind));
}

static const char INDENT[]  = "          ";
static const char INDENT2[] = "               ";

/* The -v lines of a syscall's regions. */
static void sb_regions(Str* b, const Sys* s)
{
   Cur c = s->regions;
   for (uint64_t i = 0; i < s->nregions; i++) {
      size_t n;
      uint64_t a = cur_v(&c);
      const u8* p = cur_b(&c, &n);
      if (c.bad) break;
      sb_printf(b, "%sregion %" PRIu64 ": 0x%" PRIx64 ", %zu bytes\n",
                INDENT, i, a, n);
      sb_hexdump(b, INDENT2, p, n);
   }
}

/* One line (plus -v detail lines) for an event. */
void fmt_event(Str* b, const Rec* r, int detail)
{
   sb_lead(b, r);
   if (r->kind == RG_REC_SYSCALL) {
      Sys s;
      get_sys(r->body, &s);
      sb_syscall(b, &s);
      sb_putc(b, '\n');
      if (detail) sb_regions(b, &s);
   } else if (r->kind == RG_REC_NONDET) {
      Nondet nd;
      get_nondet(r->body, &nd);
      sb_nondet(b, &nd);
      sb_putc(b, '\n');
   } else if (r->kind == RG_REC_SIGNAL) {
      Signal s;
      get_signal(r->body, &s);
      sb_signal(b, &s);
      sb_putc(b, '\n');
   } else if (r->kind == RG_REC_LOAD) {
      Load l;
      get_load(r->body, &l);
      sb_load(b, &l);
      sb_putc(b, '\n');
      if (detail && l.n > 8) sb_hexdump(b, INDENT2, l.p, l.n);
   } else if (r->kind == RG_REC_SCHED) {
      Sched s;
      get_sched(r->body, &s);
      sb_printf(b, "-> thread %" PRIu64 "\n", s.next);
   }
}

void sb_file(Str* b, const FileId* f)
{
   sb_esc(b, f->path, f->path_len, 0);
   sb_printf(b, "  size %" PRIu64 ", hash crc32 %08" PRIx64 " adler32 %08"
             PRIx64 ", dev 0x%" PRIx64 " ino %" PRIu64 ", mtime ",
             f->size, f->hash & 0xffffffffu, f->hash >> 32, f->dev, f->ino);
   sb_time(b, f->mtime, f->mtime_ns);
   if (f->emb_len)
      sb_printf(b, ", embedded %zu bytes from offset %" PRIu64,
                f->emb_len, f->emb_off);
   else
      sb_printf(b, ", not embedded");
}

static void fmt_file(Str* b, const Rec* r, int detail)
{
   FileId f;
   Cur c = r->body;
   get_file(&c, &f);
   sb_lead(b, r);
   sb_file(b, &f);
   sb_putc(b, '\n');
   if (detail && f.emb_len) sb_hexdump(b, INDENT2, f.emb, f.emb_len);
}

static void fmt_init(Str* b, const Rec* r, int detail)
{
   Init in;
   get_init(r->body, &in);
   sb_lead(b, r);
   sb_printf(b, "regrind ");
   sb_esc(b, in.rgver, in.rgver_len, 0);
   sb_printf(b, ", valgrind ");
   sb_esc(b, in.vgver, in.vgver_len, 0);
   sb_printf(b, ", pid %" PRIu64 " (parent %" PRIu64 "), started ",
             in.pid, in.ppid);
   sb_time(b, in.start_ns / 1000000000u, in.start_ns % 1000000000u);
   sb_printf(b, "\n%sexe  ", INDENT);
   sb_esc(b, in.exe, in.exe_len, 0);
   sb_printf(b, "\n%sargv", INDENT);
   Cur c = in.argv;
   for (uint64_t i = 0; i < in.argc; i++) {
      size_t n;
      const u8* p = cur_b(&c, &n);
      if (c.bad) break;
      sb_printf(b, " \"");
      sb_esc(b, p, n, 1);
      sb_putc(b, '"');
   }
   sb_printf(b, "  (argc %" PRIu64 ")\n%scwd  ", in.argc, INDENT);
   sb_esc(b, in.cwd, in.cwd_len, 0);
   sb_printf(b, "\n%senv  %" PRIu64 " variable%s%s\n", INDENT, in.envc,
             in.envc == 1 ? "" : "s", detail || !in.envc ? "" : " (-v shows them)");
   if (detail) {
      c = in.envp;
      for (uint64_t i = 0; i < in.envc; i++) {
         size_t n;
         const u8* p = cur_b(&c, &n);
         if (c.bad) break;
         sb_printf(b, "%s     ", INDENT);
         sb_esc(b, p, n, 0);
         sb_putc(b, '\n');
      }
   }
   sb_printf(b, "%sinitial sp 0x%" PRIx64 ", stack saved from 0x%" PRIx64
             ": %zu bytes\n", INDENT, in.sp, in.stack_lo, in.stack_len);
   if (detail) sb_hexdump(b, INDENT2, in.stack, in.stack_len);
   sb_printf(b, "%sstartup files: %" PRIu64 "\n", INDENT, in.nfiles);
   c = in.files;
   for (uint64_t i = 0; i < in.nfiles; i++) {
      FileId f;
      get_file(&c, &f);
      if (c.bad) break;
      sb_printf(b, "%s     ", INDENT);
      sb_file(b, &f);
      sb_putc(b, '\n');
      if (detail && f.emb_len) sb_hexdump(b, INDENT2, f.emb, f.emb_len);
   }
   if (in.chaos_seed)
      sb_printf(b, "%schaos seed: 0x%" PRIx64 " (%" PRIu64 "; recorded "
                "with --chaos=yes)\n", INDENT, in.chaos_seed, in.chaos_seed);
}

void sb_end(Str* b, const End* e)
{
   const char* rn = end_name(e->reason);
   if (rn) sb_printf(b, "%s", rn);
   else    sb_printf(b, "reason %" PRIu64, e->reason);
   if (e->reason == RG_END_SIGNAL) {
      char nb[32];
      if (e->code)
         sb_printf(b, ", signal %s (%" PRIu64 ")",
                   signal_name(e->code, nb, sizeof nb), e->code);
      else
         sb_printf(b, ", signal not recorded (0)");
   } else if (e->reason == RG_END_EXEC) {
      sb_printf(b, e->code == 1 ? ", followed into the next file"
                                : ", not followed (the recording ends here)");
   } else {
      /* The writer stores the exit code as a sign-extended int. */
      sb_printf(b, ", code %" PRId64, (int64_t)e->code);
   }
   sb_printf(b, "; %" PRIu64 " event%s, %" PRIu64 " thread%s, %" PRIu64
             " instructions (thread 1)", e->events,
             e->events == 1 ? "" : "s", e->threads,
             e->threads == 1 ? "" : "s", e->insns);
   if (e->reason == RG_END_SIGNAL)
      sb_printf(b, "; killed in thread %" PRIu64 " at its instruction %"
                PRIu64, e->last_thread, e->last_insns);
}

static void fmt_end(Str* b, const Rec* r)
{
   End e;
   get_end(r->body, &e);
   sb_lead(b, r);
   sb_end(b, &e);
   sb_putc(b, '\n');
}

static void fmt_fork(Str* b, const Rec* r)
{
   Fork f;
   get_fork(r->body, &f);
   sb_lead(b, r);
   sb_printf(b, "pid %" PRIu64 ", forked by pid %" PRIu64 " at its event %"
             PRIu64 "\n", f.pid, f.ppid, f.parent_event);
}

/* "N bytes moved to the output: 30 31 ..." */
static void fmt_output(Str* b, const Rec* r, int detail)
{
   size_t n;
   Cur c = r->body;
   const u8* p = cur_b(&c, &n);
   sb_lead(b, r);
   sb_printf(b, "%zu byte%s the kernel moved to the output", n,
             n == 1 ? "" : "s");
   if (n) {
      sb_printf(b, ": ");
      sb_esc(b, p, n < 32 ? n : 32, 0);
      if (n > 32) sb_printf(b, "...");
   }
   sb_putc(b, '\n');
   if (detail && n) sb_hexdump(b, INDENT2, p, n);
}

void fmt_record(Str* b, const Rec* r, int detail)
{
   switch (r->kind) {
      case RG_REC_INIT: fmt_init(b, r, detail); break;
      case RG_REC_FILE: fmt_file(b, r, detail); break;
      case RG_REC_OUTPUT: fmt_output(b, r, detail); break;
      case RG_REC_END:  fmt_end(b, r); break;
      case RG_REC_FORK: fmt_fork(b, r); break;
      default:          fmt_event(b, r, detail); break;
   }
}

/* "events-1 events-2 ..." (at most 20 named). */
void sb_children(Str* b, const uint64_t* pids, size_t n)
{
   for (size_t i = 0; i < n && i < 20; i++)
      sb_printf(b, "%s" RG_TRACE_FILE "-%" PRIu64, i ? " " : "", pids[i]);
   if (n > 20) sb_printf(b, " ... (%zu in all)", n);
}

/* A classic hex dump of up to HEAD_BYTES bytes, each line indented. */
void sb_hexdump(Str* b, const char* indent, const u8* p, size_t n)
{
   size_t show = n < HEAD_BYTES ? n : HEAD_BYTES;
   for (size_t off = 0; off < show; off += 16) {
      size_t m = show - off < 16 ? show - off : 16;
      sb_printf(b, "%s%04zx ", indent, off);
      for (size_t i = 0; i < 16; i++) {
         if (i == 8) sb_putc(b, ' ');
         if (i < m) sb_printf(b, " %02x", p[off + i]);
         else       sb_printf(b, "   ");
      }
      sb_printf(b, "  |");
      for (size_t i = 0; i < m; i++) {
         u8 c = p[off + i];
         sb_putc(b, c >= 0x20 && c < 0x7f ? (char)c : '.');
      }
      sb_printf(b, "|\n");
   }
   if (n > show)
      sb_printf(b, "%s... (%zu more bytes)\n", indent, n - show);
}

/*------------------------------------------------------------*/
/*--- regrind-dump TRACE                                   ---*/
/*------------------------------------------------------------*/

int mode_dump(const char* dir)
{
   Trace t;
   Rec r;
   Str b = { 0 };
   tr_open(&t, dir, trace_file);
   sb_reset(&b);
   sb_printf(&b, "# regrind trace ");
   sb_esc(&b, (const u8*)dir, strlen(dir), 0);
   sb_printf(&b, " file %s (format %d, trace id %016" PRIx64 ")\n",
             trace_file, RG_FORMAT_VERSION, t.id);
   uint64_t* kids;
   size_t nkids = dump_children(dir, &kids);
   if (nkids) {
      sb_printf(&b, "# forked children recorded: ");
      sb_children(&b, kids, nkids);
      sb_printf(&b, " (--pid PID shows one)\n");
   }
   free(kids);
   sb_printf(&b, "%8s  %-4s %14s  %s\n", "#  event", "thr", "icount",
             "record");
   fputs(b.s, stdout);
   while (tr_next(&t, &r)) {
      sb_reset(&b);
      fmt_record(&b, &r, verbose);
      fputs(b.s, stdout);
   }
   if (!t.saw_end)
      printf("(recording was cut off after event %" PRIu64 ")\n", t.nevents);
   out_flush();
   sb_free(&b);
   tr_close(&t);
   return 0;
}

/*--------------------------------------------------------------------*/
/*--- regrind: the replay engine.                       rg_replay.c ---*/
/*--------------------------------------------------------------------*/

/* Replay walks the trace in step with the program.  Each syscall is
   matched against the next event (number, arguments, instruction
   count); emulated ones never reach the kernel, the rest run with
   their arguments fixed so that they give the recorded result.  This
   file knows nothing of the tool's registration, so that it can be
   linked into other tools. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_machine.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_xarray.h"
#include "pub_tool_vkiscnums.h"
#include "pub_tool_options.h"
#include "rg_include.h"

/* From the INIT record. */
static struct {
   ULong  pid;
   Addr   sp, stack_lo;
   const UChar* stack; SizeT stack_len;
   HChar* exe;
} init;
static UChar* init_stack_copy;

/* A syscall that runs for real, between its helper and post-syscall. */
static struct {
   Bool     on;
   ULong    evno;
   UInt     sysno;
   Long     result;          /* recorded */
   UInt     rec_sysno;       /* as recorded (fork runs as clone) */
   UWord    saved[6];        /* the program's argument registers */
   Bool     restore;
   Int      fd_to_close;
   RgFileId file;            /* embedded content to copy in */
   Bool     copy_file;
   UWord    prot;
   Bool     subst;           /* give the recorded result, not the real */
   Bool     apply;           /* copy the recorded memory in afterwards */
   RgCur    regions;
   ULong    nreg;
} real;

/* Children forked during replay: recorded pid -> real pid, for wait4. */
#define N_CHILDREN 256
static struct { Long rec, now; } children[N_CHILDREN];
static Int n_children;

static Long child_real_pid(Long rec)
{
   Int i;
   for (i = n_children - 1; i >= 0; i--)
      if (children[i].rec == rec) return children[i].now;
   return 0;
}

/* The FILE record that came before the current mmap event. */
static RgFileId pend_file;
static Bool     pend_file_ok;

/* The OUTPUT record that came before the current syscall event. */
static UChar* pend_out;
static SizeT  pend_out_len;

/*------------------------------------------------------------*/
/*--- Describing events for messages                       ---*/
/*------------------------------------------------------------*/

static const HChar* nd_name(ULong k)
{
   static const HChar* const n[RG_ND_N] =
      { "rdtsc", "rdtscp", "cpuid", "rdrand", "rdseed" };
   return k < RG_ND_N ? n[k] : "?";
}

static void describe_call(HChar* buf, UInt sysno, const UWord* a)
{
   const RgSysInfo* si = RG_(sys_info)(sysno);
   Int i, n = si->nargs;
   HChar* p = buf + VG_(sprintf)(buf, "%s(", RG_(sys_name)(sysno));
   for (i = 0; i < n; i++)
      p += VG_(sprintf)(p, "%s%#lx", i ? ", " : "", a[i]);
   VG_(sprintf)(p, ")");
}

static void describe_rec(HChar* buf, const RgRec* r)
{
   RgCur c = r->body;
   switch (r->kind) {
      case RG_REC_SYSCALL: {
         UWord a[6] = { 0 };
         UInt sysno = RG_(cur_v)(&c), n = RG_(cur_v)(&c), i;
         for (i = 0; i < n; i++) {
            ULong v = RG_(cur_v)(&c);
            if (i < 6) a[i] = v;
         }
         describe_call(buf, sysno, a);
         break;
      }
      case RG_REC_NONDET:
         VG_(sprintf)(buf, "%s", nd_name(RG_(cur_v)(&c)));
         break;
      case RG_REC_SIGNAL:
         VG_(sprintf)(buf, "delivery of signal %llu", RG_(cur_v)(&c));
         break;
      case RG_REC_LOAD: {
         Addr a = RG_(cur_v)(&c);
         SizeT n;
         RG_(cur_b)(&c, &n);
         VG_(sprintf)(buf, "a %lu-byte load from shared memory at %#lx", n, a);
         break;
      }
      case RG_REC_SCHED:
         VG_(sprintf)(buf, "a switch from thread %u to thread %llu",
                      r->tid, RG_(cur_v)(&c));
         break;
      default:
         VG_(sprintf)(buf, "record kind %u", r->kind);
   }
}

__attribute__((noreturn))
static void diverged(const RgRec* r, const HChar* now)
{
   HChar rec[512];
   describe_rec(rec, r);
   UInt tid = RG_(cur_serial)();
   if (r->tid != tid)
      RG_(fatal)("replay diverged at event %llu (thread %u, instruction "
                 "%llu): recorded %s in thread %u at its instruction %llu, "
                 "now %s", r->evno, tid, RG_(icount), rec, r->tid,
                 r->icount, now);
   if (r->icount != RG_(icount))
      RG_(fatal)("replay diverged at event %llu (thread %u, instruction "
                 "%llu): recorded %s at instruction %llu, now %s",
                 r->evno, tid, RG_(icount), rec, r->icount, now);
   RG_(fatal)("replay diverged at event %llu (thread %u, instruction "
              "%llu): recorded %s, now %s",
              r->evno, tid, RG_(icount), rec, now);
}

__attribute__((noreturn))
static void trace_ended(const HChar* now)
{
   if (RG_(tr_saw_end) && RG_(tr_end_reason) == RG_END_REFUSED)
      RG_(fatal)("the recording was refused at event %llu (the program did "
                 "something regrind cannot record; the recorder said what); "
                 "replay stops here, at %s", RG_(tr_nevents), now);
   if (RG_(tr_saw_end))
      RG_(fatal)("the program went on past the end of the recording "
                 "after event %llu: now %s", RG_(tr_nevents), now);
   RG_(fatal)("trace ends at event %llu (recording was cut off); "
              "replay stops here, at %s", RG_(tr_nevents), now);
}

static Bool next_event_raw(RgRec* r);

/*------------------------------------------------------------*/
/*--- Where the running thread must stop                   ---*/
/*------------------------------------------------------------*/

/* After each event the next one says where the running thread stops:
   at a SCHED (it hands over), at an async SIGNAL (it takes the signal
   there), or, for events its code makes itself, never: if its count
   passes theirs without them, it diverged. */
static ULong sig_at = ~0ULL;   /* count of the next async signal  */
static Int   sig_no;           /* the signal sig_at is for        */
static Bool  sig_sent;         /* queued, not yet delivered       */
static ULong sig_holds;

/* The recording ended with the program killed by a signal in thread
   END_THREAD at its count END_AT (RG_END_SIGNAL): replay stops there
   and dies of END_SIG too (0: the recording does not know which). */
static Bool  end_death;
static UInt  end_thread;
static ULong end_at;
static Int   end_sig;

/* Signals whose default action kills: only those can end a program. */
static Bool is_fatal_signal(ULong s)
{
   return s >= 1 && s <= RG_NSIG && s != VKI_SIGKILL && s != VKI_SIGSTOP
          && s != VKI_SIGTSTP && s != VKI_SIGTTIN && s != VKI_SIGTTOU && s != VKI_SIGCONT
          && s != VKI_SIGCHLD && s != VKI_SIGURG && s != VKI_SIGWINCH;
}

static void read_end(const RgRec* r)
{
   RgCur c = r->body;
   ULong reason = RG_(cur_v)(&c), code = RG_(cur_v)(&c);
   RG_(cur_v)(&c); RG_(cur_v)(&c); RG_(cur_v)(&c);
   ULong thread = RG_(cur_v)(&c), at = RG_(cur_v)(&c);
   if (reason != RG_END_SIGNAL || c.bad) return;
   end_death  = True;
   end_thread = thread;
   end_at     = at;
   end_sig    = is_fatal_signal(code) ? (Int)code : 0;
}

static void update_stop(void);

void RG_(replay_update_stop)(void)
{
   update_stop();
   RG_(gdb_filter_stop)();
}

static void update_stop(void)
{
   RgRec r;
   sig_at = ~0ULL;
   sig_sent = False;
   sig_holds = 0;
   RG_(stop_at) = ~0ULL;
   if (!RG_(tr_peek)(&r)) return;
   if (r.kind == RG_REC_END) {
      /* The program was killed: stop its last thread where it died. */
      read_end(&r);
      if (end_death && RG_(stop_checks) && end_thread == RG_(cur_serial)())
         RG_(stop_at) = end_at;
      return;
   }
   if (r.kind != RG_REC_SYSCALL && r.kind != RG_REC_NONDET
       && r.kind != RG_REC_SIGNAL && r.kind != RG_REC_LOAD
       && r.kind != RG_REC_SCHED)
      return;                    /* FILE before an mmap */
   if (r.kind == RG_REC_SIGNAL) {
      RgCur c = r.body;
      Int signo = RG_(cur_v)(&c);
      if (RG_(cur_v)(&c) & RG_SIGF_SYNC) return;
      sig_no = signo;
      sig_at = r.icount;
   }
   if (!RG_(stop_checks)) return;
   /* Another thread's event: this one must stop at once (it will be
      told it diverged, unless a handoff is under way). */
   RG_(stop_at) = r.tid == RG_(cur_serial)() ? r.icount : 0;
}

static void take_sched(const RgRec* r);

static void die_as_recorded(ThreadId tid)
{
   if (end_sig == 0) {
      VG_(umsg)("regrind: replay reached the end of the recording (event "
                "%llu, thread %u, instruction %llu), where a signal killed "
                "the program; the recording does not say which\n",
                RG_(tr_nevents), RG_(serial)(tid), RG_(icount));
      VG_(exit)(1);
   }
   /* Let the other threads out of their waits: the default action
      kills them. */
   RG_(sched_end)();
   VG_(tkill)(VG_(gettid)(), end_sig);
   VG_(poll_signals)(tid);
   /* The default action marks every thread as exiting. */
   if (VG_(is_exiting)(tid)) return;
   RG_(fatal)("replay diverged after event %llu (thread %u, instruction "
              "%llu): the recorded program was killed here by signal %d, "
              "but the program does not die of it now (handled, ignored "
              "or blocked?)", RG_(tr_nevents), RG_(serial)(tid),
              RG_(icount), end_sig);
}

/* A thread left generated code (stop_client_code), holding no
   translation.  If its turn has passed, wait for it to come back;
   else, if its count reached RG_(stop_at), do what the stop is for. */
void RG_(replay_stopped)(ThreadId tid, Bool hit)
{
   UInt me = RG_(serial)(tid);
   /* Act only after the block-entry stop exit (HIT): after other exits
      the block with the stop runs next and stops again. */
   /* Leaving to run a syscall for real: the stop, if any, is at the
      next block, after it. */
   if (RG_(ending) || VG_(is_exiting)(tid) || real.on) return;
   if (RG_(turn) != me) { RG_(sched_gate)(tid); return; }
   if (hit) RG_(gdb_check_stop)(tid);
   if (!hit || RG_(icount) < RG_(stop_at)) return;
   if (end_death && RG_(icount) >= end_at && me == end_thread) {
      die_as_recorded(tid);
      return;
   }
   RgRec r;
   HChar now[128];
   if (!RG_(tr_peek)(&r)) return;
   if (r.tid != me) {
      VG_(sprintf)(now, "thread %u runs on", me);
      diverged(&r, now);
   }
   if (r.kind == RG_REC_SCHED && r.icount == RG_(icount)) {
      take_sched(&r);
      RG_(sched_gate)(tid);
      return;
   }
   if (r.kind == RG_REC_SIGNAL && r.icount == RG_(icount)
       && sig_at == RG_(icount)) {
      /* Queue it to ourselves and have the core deliver it now, at
         exactly this count; delivery takes the event. */
      if (!sig_sent) {
         VG_(tkill)(VG_(gettid)(), sig_no);
         sig_sent = True;
      }
      VG_(poll_signals)(tid);
      /* A signal the program keeps blocked never comes. */
      if (++sig_holds > 10000)
         RG_(fatal)("replay diverged at event %llu (thread %u, instruction "
                    "%llu): recorded delivery of signal %d, but the "
                    "program does not accept it now (blocked?)",
                    r.evno, me, RG_(icount), sig_no);
      return;
   }
   /* An event the code makes (syscall, nondet, load) at count N is
      made by instruction N, which a block entry at count N has
      passed: stopping there again would loop. */
   if (RG_(icount) >= r.icount || r.kind == RG_REC_SCHED
       || r.kind == RG_REC_SIGNAL) {
      VG_(sprintf)(now, "it went on to instruction %llu without it",
                   RG_(icount));
      diverged(&r, now);
   }
}

/* The next event; FILE records before it are kept for its mmap. */
static Bool next_event(RgRec* r)
{
   Bool ok = next_event_raw(r);
   if (ok) RG_(progress_event)(r->evno);

   RG_(replay_update_stop)();
   return ok;
}

static Bool next_event_raw(RgRec* r)
{
   while (RG_(tr_next)(r)) {
      if (r->kind == RG_REC_FILE) {
         /* Keep a copy: the chunk may be gone by the time the mmap's
            post-syscall copies the bytes in. */
         static UChar* emb_copy;
         RgCur c = r->body;
         RG_(file_get)(&c, &pend_file);
         if (emb_copy) VG_(free)(emb_copy);
         emb_copy = VG_(malloc)("rg.emb", pend_file.emb_len + 1);
         VG_(memcpy)(emb_copy, pend_file.emb, pend_file.emb_len);
         pend_file.emb = emb_copy;
         pend_file_ok = True;
         continue;
      }
      if (r->kind == RG_REC_OUTPUT) {
         RgCur c = r->body;
         const UChar* p = RG_(cur_b)(&c, &pend_out_len);
         if (pend_out) VG_(free)(pend_out);
         pend_out = VG_(malloc)("rg.out", pend_out_len + 1);
         VG_(memcpy)(pend_out, p, pend_out_len);
         continue;
      }
      if (r->kind == RG_REC_END) return False;
      if (r->kind == RG_REC_INIT) continue;
      RG_(gdb_event)(r);
      return True;
   }
   return False;
}

/*------------------------------------------------------------*/
/*--- Start                                                ---*/
/*------------------------------------------------------------*/

/* The program may run under another name than recorded when it is the
   recorded file: a copy the parent's replay made of a program built
   during the recording, or its absolute path. */
/* The pid of this process if it runs from a private copy of its
   program, which it removes at its end. */
static Int copy_owner = -1;

static Bool is_recorded_exe(const RgFileId* ids, Int nids)
{
   RgFileId self;
   Int i;
   if (!RG_(file_identify_path)(VG_(args_the_exename), &self)) return False;
   for (i = 0; i < nids; i++)
      if (ids[i].size == self.size && ids[i].hash == self.hash) return True;
   return False;
}

static void check_command_line(XArray* rec_argv, const RgFileId* ids,
                               Int nids)
{
   Word i, n = VG_(sizeXA)(VG_(args_for_client));
   Bool same = VG_(sizeXA)(rec_argv) == n + 1
      && (VG_(strcmp)(*(HChar**)VG_(indexXA)(rec_argv, 0),
                      VG_(args_the_exename)) == 0
          || is_recorded_exe(ids, nids));
   for (i = 0; same && i < n; i++)
      same = VG_(strcmp)(*(HChar**)VG_(indexXA)(rec_argv, i + 1),
                         *(HChar**)VG_(indexXA)(VG_(args_for_client), i))
             == 0;
   if (same) return;
   HChar* rec = VG_(malloc)("rg.cl", 4096);
   HChar* now = VG_(malloc)("rg.cl", 4096);
   Int r = 0, w = 0;
   for (i = 0; i < VG_(sizeXA)(rec_argv) && r < 3500; i++)
      r += VG_(snprintf)(rec + r, 4096 - r, "%s%s", i ? " " : "",
                         *(HChar**)VG_(indexXA)(rec_argv, i));
   w += VG_(snprintf)(now, 4096, "%s", VG_(args_the_exename));
   for (i = 0; i < n && w < 3500; i++)
      w += VG_(snprintf)(now + w, 4096 - w, " %s",
                         *(HChar**)VG_(indexXA)(VG_(args_for_client), i));
   RG_(fatal)("the replay command line differs from the recorded one:\n"
              "   recorded: %s\n   now:      %s\n"
              "Replay needs the same PROG ARGS as the recording.", rec, now);
}

/* Blocks check RG_(stop_at) only when the trace needs it: async
   signals, threads (SCHED), or forks (a child's file may hold either).
   Look once, before replaying. */
static Bool trace_needs_stops(void)
{
   RgRec r;
   RG_(tr_open_file)(RG_(clo_trace), RG_(cur_file));
   while (RG_(tr_next)(&r)) {
      RgCur c = r.body;
      if (r.kind == RG_REC_SCHED) return True;
      /* Killed: the last thread stops where it died. */
      if (r.kind == RG_REC_END && RG_(cur_v)(&c) == RG_END_SIGNAL)
         return True;
      if (r.kind == RG_REC_SIGNAL) {
         RG_(cur_v)(&c);
         if (!(RG_(cur_v)(&c) & RG_SIGF_SYNC)) return True;
      } else if (r.kind == RG_REC_SYSCALL) {
         UInt sysno = RG_(cur_v)(&c);
         RG_(cur_v)(&c);
         if (sysno == __NR_clone || sysno == __NR_fork
             || sysno == __NR_vfork)
            return True;
      }
   }
   return False;
}

void RG_(replay_init)(void)
{
   RG_(cpu_check)();                    /* before anything runs */
   RG_(progress_init)(RG_(tr_nevents)); /* the scan counted them */
   RG_(stop_checks) = trace_needs_stops() || RG_(precise);
   RG_(tr_open_file)(RG_(clo_trace), RG_(cur_file));
   RgRec r;
   if (!RG_(tr_next)(&r))
      RG_(fatal)("trace %s: %s holds no complete chunk (the recording "
                 "was cut off before anything was saved: killed with "
                 "SIGKILL?)", RG_(clo_trace), RG_(cur_file));
   if (r.kind != RG_REC_INIT)
      RG_(fatal)("trace %s is damaged: it does not start with the "
                 "initial image", RG_(clo_trace));
   RgCur c = r.body;
   SizeT n;
   Word i, k;
   HChar* rgver = RG_(cur_s)(&c, "rg.init");
   HChar* vgver = RG_(cur_s)(&c, "rg.init");
   init.pid = RG_(cur_v)(&c);
   RG_(cur_v)(&c);                      /* ppid */
   RG_(cur_v)(&c);                      /* start time */
   init.exe = RG_(cur_s)(&c, "rg.init");
   XArray* argv = VG_(newXA)(VG_(malloc), "rg.init", VG_(free),
                             sizeof(HChar*));
   for (k = RG_(cur_v)(&c), i = 0; i < k && !c.bad; i++) {
      HChar* s = RG_(cur_s)(&c, "rg.init");
      VG_(addToXA)(argv, &s);
   }
   XArray* env = VG_(newXA)(VG_(malloc), "rg.init", VG_(free),
                            sizeof(HChar*));
   for (k = RG_(cur_v)(&c), i = 0; i < k && !c.bad; i++) {
      HChar* s = RG_(cur_s)(&c, "rg.init");
      VG_(addToXA)(env, &s);
   }
   RG_(cur_b)(&c, &n);                  /* cwd */
   init.sp       = RG_(cur_v)(&c);
   init.stack_lo = RG_(cur_v)(&c);
   init.stack    = RG_(cur_b)(&c, &init.stack_len);
   init_stack_copy = VG_(malloc)("rg.init", init.stack_len + 1);
   VG_(memcpy)(init_stack_copy, init.stack, init.stack_len);
   init.stack = init_stack_copy;

   /* The executable and the dynamic linker must be the recorded ones. */
   RgFileId ids[16];
   Int nids = 0;
   for (k = RG_(cur_v)(&c), i = 0; i < k && !c.bad; i++) {
      RgFileId id;
      RG_(file_get)(&c, &id);
      if (nids < 16) ids[nids++] = id;
   }
   RgFileId self;
   Bool have_self = RG_(file_identify_path)(VG_(args_the_exename), &self);
   HChar copies[64];
   VG_(snprintf)(copies, sizeof copies, "%s/regrind-exe-", VG_(tmpdir)());
   if (VG_(strncmp)(VG_(args_the_exename), copies, VG_(strlen)(copies)) == 0)
      copy_owner = VG_(getpid)();

   check_command_line(argv, ids, nids);
   RG_(replay_env_check)(env);
   if (VG_(strcmp)(vgver, VERSION_STRING) != 0)
      VG_(umsg)("regrind: warning: the trace was recorded under Valgrind "
                "%s, this is %s\n", vgver, VERSION_STRING);
   (void)rgver;

   if (c.bad)
      RG_(fatal)("trace %s is damaged: bad initial image", RG_(clo_trace));

   /* From here on, failures of this process and of its children
      reach the top-level replay. */
   if (!RG_(clo_handover)) RG_(status_create)();
   RG_(status_started)(init.pid);

   for (i = 0; i < nids; i++) {
      RgFileId now;
      if (RG_(file_verify)(&ids[i], &now)) continue;
      /* Run from a copy (a program built during the recording). */
      if (have_self && self.size == ids[i].size && self.hash == ids[i].hash)
         continue;
      RG_(fatal)("%s is not the file that was recorded (recorded size "
                 "%llu, hash %016llx; now %ssize %llu, hash %016llx): "
                 "wrong program, or it was rebuilt since the recording",
                 ids[i].path, ids[i].size, ids[i].hash,
                 now.path ? "" : "not a regular file, ", now.size, now.hash);
   }
}

void RG_(replay_start)(ThreadId tid)
{
   static Bool done;
   if (done) return;
   done = True;
   RG_(thread_set_ktid)(tid, init.pid, VG_(getpid)());
   RG_(replay_update_stop)();
   Addr sp = VG_(get_SP)(tid);
   NSegment const* seg = VG_(am_find_nsegment)(sp);
   Addr top = seg ? seg->end + 1 : 0;
   if (sp == init.sp && top - sp == init.stack_len) {
      /* Same layout: give the program the recorded bytes (AT_RANDOM,
         environment values of the same length). */
      VG_(memcpy)((void*)sp, init.stack, init.stack_len);
      if (RG_(analysis)) RG_(events_mem_written)(tid, sp, init.stack_len);
   } else if (seg && init.sp + init.stack_len == top
              && init.sp >= seg->start) {
      /* Same stack top but other contents: Valgrind put something else
         on it than at record time (another tool's preload library in
         LD_PRELOAD, say), even though the environment was restored.
         Lay out the recorded initial stack at its recorded place and
         start the program there: argv, environment and auxv pointers
         all point into it, so the program sees the recorded image. */
      VG_(memcpy)((void*)init.sp, init.stack, init.stack_len);
      ULong nsp = init.sp;
      VG_(set_shadow_regs_area)(tid, 0,
                                offsetof(VexGuestAMD64State, guest_RSP),
                                sizeof nsp, (const UChar*)&nsp);
      sp = init.sp;
      /* The tool (memcheck) takes it for the program's stack. */
      if (RG_(analysis)) RG_(events_mem_written)(tid, sp, init.stack_len);
      /* Expected under an analysis tool: its preload line differs. */
      if (VG_(clo_verbosity) > (RG_(analysis) ? 1 : 0))
         VG_(umsg)("regrind: the initial stack differed from the "
                   "recording; the recorded one is used\n");
   } else {
      VG_(umsg)("regrind: warning: the initial stack differs from the "
                "recording (recorded sp %#lx, %lu bytes; now %#lx); "
                "replay will likely diverge\n",
                init.sp, init.stack_len, sp);
   }
}

/*------------------------------------------------------------*/
/*--- Syscalls (called from generated code)                ---*/
/*------------------------------------------------------------*/

static void get_args(const VexGuestAMD64State* g, UWord* a)
{
   a[0] = g->guest_RDI; a[1] = g->guest_RSI; a[2] = g->guest_RDX;
   a[3] = g->guest_R10; a[4] = g->guest_R8;  a[5] = g->guest_R9;
}

static void apply_regions(const RgRec* r, RgCur* c, ULong nreg)
{
   ULong i;
   for (i = 0; i < nreg; i++) {
      Addr a = RG_(cur_v)(c);
      SizeT n;
      const UChar* p = RG_(cur_b)(c, &n);
      if (c->bad) break;
      /* The kernel writes only to writable client memory. */
      if (!VG_(am_is_valid_for_client)(a, n, VKI_PROT_WRITE)) {
         HChar now[96];
         VG_(sprintf)(now, "%#lx..%#lx is not writable client memory",
                      a, a + n);
         diverged(r, now);
      }
      VG_(memcpy)((void*)a, p, n);
      if (RG_(analysis))
         RG_(events_mem_written)(VG_(get_running_tid)(), a, n);
   }
}

__attribute__((noreturn))
static void bad_event(const RgRec* r, const HChar* what)
{
   HChar rec[512];
   describe_rec(rec, r);
   RG_(fatal)("trace %s is damaged at event %llu, %s: %s",
              RG_(clo_trace), r->evno, rec, what);
}

/* The iovec array of a syscall the program made (True if readable). */
static Bool get_iov(const UWord* a, const RgResArg* ra,
                    const struct vki_iovec** iov, UWord* cnt)
{
   *iov = (const struct vki_iovec*)a[ra->buf];
   *cnt = a[ra->len];
   return *cnt <= 1024          /* UIO_MAXIOV */
          && VG_(am_is_valid_for_client)((Addr)*iov,
                                         *cnt * sizeof(struct vki_iovec),
                                         VKI_PROT_READ);
}

/* The kernel writes where the arguments point: each region must lie
   in a mapping that one of them points into (a few syscalls follow
   pointers stored in memory; those are only held to client memory). */
static void check_near_args(const RgRec* r, UInt sysno, const UWord* a,
                            RgCur c, ULong nreg)
{
   if (sysno == __NR_ioctl || sysno == __NR_recvmsg
       || sysno == __NR_recvmmsg || sysno == __NR_process_vm_readv
       || sysno == __NR_bpf || sysno == __NR_keyctl
       || RG_(sys_info)(sysno)->name == NULL)
      return;
   for (; nreg > 0; nreg--) {
      Addr ad = RG_(cur_v)(&c);
      SizeT n;
      RG_(cur_b)(&c, &n);
      if (c.bad) return;            /* reported by apply_regions */
      NSegment const* seg = VG_(am_find_nsegment)(ad);
      Int i;
      Bool near = False;
      for (i = 0; seg && !near && i < 6; i++)
         near = a[i] >= seg->start && a[i] <= seg->end;
      if (!near) {
         HChar what[160];
         VG_(sprintf)(what, "it wrote %lu bytes at %#lx, where none of its "
                      "arguments points", n, ad);
         bad_event(r, what);
      }
   }
}

/* A recorded result and memory writes must fit the arguments they
   answer (RG_(sys_resarg)): a write cannot have written more than it
   was given, a read cannot have filled more than its buffer. */
static void check_against_args(const RgRec* r, UInt sysno, const UWord* a,
                               Long result, RgCur c, ULong nreg)
{
   const RgResArg* ra = RG_(sys_resarg)(sysno);
   if (!ra) { check_near_args(r, sysno, a, c, nreg); return; }
   const struct vki_iovec* iov = NULL;
   UWord cnt = 0, i;
   ULong bound = a[ra->len];
   HChar what[160];
   if (ra->kind == RG_RA_IOV || ra->kind == RG_RA_IOVBUF) {
      if (!get_iov(a, ra, &iov, &cnt)) {
         if (result > 0 || nreg > 0)
            bad_event(r, "a result for an unreadable iovec array");
         return;
      }
      for (bound = 0, i = 0; i < cnt; i++)
         bound += iov[i].iov_len < (1ULL << 40) ? iov[i].iov_len
                                                : (1ULL << 40);
   }
   if (result > 0 && (ULong)result > bound) {
      VG_(sprintf)(what, "result %lld exceeds the %llu bytes the call was "
                   "given", result, bound);
      bad_event(r, what);
   }
   if (ra->kind == RG_RA_COUNT || ra->kind == RG_RA_IOV) return;
   ULong total = 0;
   for (; nreg > 0; nreg--) {
      Addr ad = RG_(cur_v)(&c);
      SizeT n;
      RG_(cur_b)(&c, &n);
      if (c.bad) return;            /* reported by apply_regions */
      Bool in = False;
      total += n;
      if (ra->kind == RG_RA_BUF || ra->kind == RG_RA_FILL)
         in = ad >= a[ra->buf] && n <= a[ra->len]
              && ad - a[ra->buf] <= a[ra->len] - n;
      for (i = 0; !in && i < cnt; i++) {
         Addr b = (Addr)iov[i].iov_base;
         in = ad >= b && n <= iov[i].iov_len && ad - b <= iov[i].iov_len - n;
      }
      if (!in) {
         VG_(sprintf)(what, "it wrote %lu bytes at %#lx, outside the "
                      "buffer it was given", n, ad);
         bad_event(r, what);
      }
   }
   if (ra->kind == RG_RA_FILL && total != (result > 0 ? (ULong)result : 0)) {
      VG_(sprintf)(what, "result %lld but %llu bytes written", result, total);
      bad_event(r, what);
   }
}

/* Echo RESULT bytes gathered from N iovecs. */
static void echo_iov(Int fd, const struct vki_iovec* iov, UWord n, Long result)
{
   Long left = result;
   UWord i;
   if (!VG_(am_is_valid_for_client)((Addr)iov, n * sizeof *iov,
                                    VKI_PROT_READ))
      return;
   for (i = 0; i < n && left > 0; i++) {
      SizeT k = iov[i].iov_len < (SizeT)left ? iov[i].iov_len : left;
      VG_(write)(fd, iov[i].iov_base, k);
      left -= k;
   }
}

/* Threads whose pending write was echoed when they blocked in it. */
static Bool echoed_early[RG_MAX_THREADS];

static void echo(UInt sysno, const UWord* a, Long result);

/* A thread blocked in a write at record time (a SCHED handed over just
   after it entered the syscall): the kernel wrote then, before what the
   threads that ran meanwhile wrote, although its record comes after
   theirs.  Echo it now, as the full count (what a blocking write to a
   file, pipe or terminal returns), and not again at its record. */
static void echo_at_block(ThreadId tid, UInt sysno, const UWord* a)
{
   Long n;
   if (sysno == __NR_write || sysno == __NR_sendto) {
      n = a[2];
   } else if (sysno == __NR_writev) {
      const struct vki_iovec* iov = (const struct vki_iovec*)a[1];
      UWord i;
      if (!VG_(am_is_valid_for_client)((Addr)iov, a[2] * sizeof *iov,
                                       VKI_PROT_READ))
         return;
      for (n = 0, i = 0; i < a[2]; i++) n += iov[i].iov_len;
   } else {
      return;
   }
   if (tid >= RG_MAX_THREADS || echoed_early[tid]) return;
   echo(sysno, a, n);
   echoed_early[tid] = True;
}

static void echo(UInt sysno, const UWord* a, Long result)
{
   if (!RG_(clo_replay_output) || result <= 0) return;
   if (RG_(clo_replay_pid) && init.pid != RG_(clo_replay_pid)) return;
   RG_(progress_clear)();
   const RgMove* m = RG_(fds_move)(sysno);
   Int fd = RG_(fds_out)(a[m ? m->out : 0]);   /* 1 or 2: the real one */
   if (fd == 0) return;
   if (m) {
      /* File data the kernel moved: the recording kept it. */
      if (pend_out)
         VG_(write)(fd, pend_out, pend_out_len < (SizeT)result
                                  ? pend_out_len : (SizeT)result);
   } else if (sysno == __NR_write
              || (sysno == __NR_sendto && a[4] == 0)) {
      VG_(write)(fd, (const void*)a[1], result);
   } else if (sysno == __NR_writev || sysno == __NR_vmsplice) {
      echo_iov(fd, (const struct vki_iovec*)a[1], a[2], result);
   } else if (sysno == __NR_sendmsg) {
      /* A socket as stdout (inetd, systemd): the message's iovecs. */
      const struct vki_msghdr* msg = (const struct vki_msghdr*)a[1];
      if (VG_(am_is_valid_for_client)((Addr)msg, sizeof *msg, VKI_PROT_READ)
          && msg->msg_name == NULL)
         echo_iov(fd, msg->msg_iov, msg->msg_iovlen, result);
   }
}

/* Set up a real mmap so that it lands on the recorded address with
   the recorded content.  Returns False to emulate instead. */
static Bool fix_mmap(const RgRec* r, VexGuestAMD64State* g, Long result)
{
   UWord len = g->guest_RSI, flags = g->guest_R10, prot = g->guest_RDX;
   if (result < 0) return False;
   if ((flags & VKI_MAP_FIXED) && (UWord)result != g->guest_RDI)
      bad_event(r, "a fixed mapping recorded at another address");
   if (!(flags & VKI_MAP_FIXED)) {
      /* The whole range must be free, as it was when recorded, and
         where the kernel places mappings (not below mmap_min_addr). */
      if (len == 0 || result & (VKI_PAGE_SIZE - 1) || result < 0x10000
          || !VG_(am_is_free_or_resvn)(result, VG_PGROUNDUP(len))) {
         HChar now[96];
         VG_(sprintf)(now, "address %#lx is already in use", (UWord)result);
         diverged(r, now);
      }
   }
   g->guest_RDI = result;
   g->guest_R10 = flags | VKI_MAP_FIXED;
   if ((flags & 0x3) != VKI_MAP_PRIVATE) {
      /* Shared: at replay a private copy, writable so that the loads
         recorded from it can be put in place (see rg_shared.c). */
      g->guest_R10 = (flags & ~(UWord)0x3) | VKI_MAP_PRIVATE | VKI_MAP_FIXED;
      prot |= VKI_PROT_READ | VKI_PROT_WRITE;
      g->guest_RDX = prot;
      flags = g->guest_R10;
   }
   if (flags & VKI_MAP_ANONYMOUS) return True;

   if (!pend_file_ok) {
      /* Not a regular file (a device, say): map zeroes, give the
         recorded result. */
      g->guest_R10 = (flags & ~(VKI_MAP_SHARED | 0x3)) | VKI_MAP_PRIVATE
                     | VKI_MAP_ANONYMOUS | VKI_MAP_FIXED;
      g->guest_R8 = -1; g->guest_R9 = 0;
      return True;
   }
   RgFileId now;
   pend_file_ok = False;
   const HChar* packed = NULL;
   if (RG_(file_verify)(&pend_file, &now)
       || (packed = RG_(file_packed)(&pend_file)) != NULL) {
      SysRes sr = VG_(open)(packed ? packed : pend_file.path,
                            VKI_O_RDONLY, 0);
      if (!sr_isError(sr)) {
         real.fd_to_close = sr_Res(sr);
         g->guest_R8 = sr_Res(sr);
         return True;
      }
   }
   if (pend_file.emb_len == 0 && pend_file.size > g->guest_R9)
      RG_(fatal)("the mapped file %s changed since the recording (size "
                 "%llu hash %016llx, now size %llu hash %016llx) and the "
                 "trace does not hold its content (regrind pack keeps a "
                 "copy)",
                 pend_file.path, pend_file.size, pend_file.hash,
                 now.size, now.hash);
   /* The bytes go into the mapping, and only there. */
   if (pend_file.emb_len > len)
      bad_event(r, "the mapped file's embedded bytes are longer than "
                "the mapping");
   /* Map anonymous memory and copy the recorded bytes in afterwards. */
   g->guest_R10 = (flags & ~(VKI_MAP_SHARED | 0x3)) | VKI_MAP_PRIVATE
                  | VKI_MAP_ANONYMOUS | VKI_MAP_FIXED;
   g->guest_RDX = prot | VKI_PROT_READ | VKI_PROT_WRITE;
   g->guest_R8  = -1;
   g->guest_R9  = 0;
   real.file = pend_file;
   real.copy_file = True;
   real.prot = prot;
   return True;
}

/* The execve of a program (its FILE record came before): run the file
   the recording ran.  The path as given still has the recorded content
   (relative paths resolve against the replay's cwd, since the program's
   chdirs were emulated): run it.  Else the recorded absolute path, else
   a private copy of the content the trace holds (a program built during
   the recording).  The new path goes into client memory the execve
   replaces anyway; the program it starts accepts another name for
   itself when the content is the recorded one (check_command_line). */
static void exec_recorded_file(VexGuestAMD64State* g, const RgRec* r)
{
   RgFileId now, given = pend_file;
   HChar path[VKI_PATH_MAX];
   SizeT i;
   for (i = 0; i < sizeof path - 1; i++) {
      if (!VG_(am_is_valid_for_client)(g->guest_RDI + i, 1, VKI_PROT_READ))
         break;
      path[i] = ((const HChar*)g->guest_RDI)[i];
      if (path[i] == 0) break;
   }
   path[i] = 0;
   given.path = path;
   if (RG_(file_verify)(&given, &now)) return;
   const HChar* run = pend_file.path;
   if (!RG_(file_verify)(&pend_file, &now)
       && (run = RG_(file_packed)(&pend_file)) == NULL) {
      run = pend_file.path;
      if (pend_file.emb_len != pend_file.size || pend_file.emb_off != 0)
         RG_(fatal)("the program %s that the recording executed at event "
                    "%llu is missing or changed (recorded size %llu, hash "
                    "%016llx; now size %llu, hash %016llx), and the trace "
                    "does not hold it (it keeps only programs outside the "
                    "system directories; regrind pack keeps a copy)",
                    pend_file.path, r->evno, pend_file.size, pend_file.hash,
                    now.size, now.hash);
      run = RG_(file_copy_private)(&pend_file);
   }
   /* Any writable client memory will do: the execve replaces it. */
   SizeT len = VG_(strlen)(run) + 1;
   Addr starts[64];
   Int k, n = VG_(am_get_segment_starts)(SkAnonC, starts, 64);
   for (k = 0; k < n; k++) {
      NSegment const* seg = VG_(am_find_nsegment)(starts[k]);
      if (seg && seg->hasW && seg->end - seg->start + 1 >= len
          && VG_(am_is_valid_for_client)(seg->start, len, VKI_PROT_WRITE)) {
         VG_(memcpy)((void*)seg->start, run, len);
         g->guest_RDI = seg->start;
         return;
      }
   }
   RG_(fatal)("cannot run %s in place of %s for the execve at event %llu: "
              "the program has no writable memory for the path",
              run, path, r->evno);
}

/* Syscalls that wait with a temporary signal mask, and where it is
   (DEREF: the argument points to {mask pointer, size}, pselect6's way).
   When a signal the normal mask blocks interrupted one at record
   time, only that temporary mask let it in, so replay cannot deliver
   it after emulating the wait.  It queues the signal and runs
   rt_sigsuspend with the mask instead: the kernel returns EINTR at
   once and Valgrind delivers the signal, as it did. */
static const struct { UShort sysno; UChar arg, deref; } mask_waits[] = {
   { __NR_rt_sigsuspend, 0, 0 },
   { __NR_pselect6,      5, 1 },
   { __NR_ppoll,         3, 0 },
   { __NR_epoll_pwait,   4, 0 },
   { 441 /* epoll_pwait2 */, 4, 0 },
};

static Bool interrupted_with_mask(const RgRec* r, VexGuestAMD64State* g,
                                  UInt sysno, const UWord* a, Long result)
{
   UInt i;
   RgRec n;
   if (result != -VKI_EINTR) return False;
   for (i = 0; i < sizeof mask_waits / sizeof mask_waits[0]; i++)
      if (mask_waits[i].sysno == sysno) break;
   if (i == sizeof mask_waits / sizeof mask_waits[0]) return False;
   Addr mask = a[mask_waits[i].arg];
   if (mask_waits[i].deref)
      mask = VG_(am_is_valid_for_client)(mask, 16, VKI_PROT_READ)
             ? *(const Addr*)mask : 0;
   if (!mask || !VG_(am_is_valid_for_client)(mask, 8, VKI_PROT_READ))
      return False;
   if (!RG_(tr_peek)(&n) || n.kind != RG_REC_SIGNAL || n.tid != r->tid
       || n.icount != r->icount)
      return False;
   RgCur c = n.body;
   ULong signo = RG_(cur_v)(&c);
   /* One the mask lets in: never wait for one it blocks. */
   if (signo < 1 || signo > 64 || signo == VKI_SIGKILL
       || signo == VKI_SIGSTOP || (*(const ULong*)mask >> (signo - 1)) & 1)
      return False;
   VG_(tkill)(VG_(gettid)(), (Int)signo);
   sig_sent = True;
   g->guest_RAX = __NR_rt_sigsuspend;
   g->guest_RDI = mask;
   g->guest_RSI = 8;
   return True;
}

/* A signal the program sends to itself.  One aimed at the running
   thread is sent for real: it arrives at once, as it did.  Any other
   (to another thread, or to the process when it has several threads,
   which the kernel gave to some thread) is not sent: the recording
   says which thread took it and where, and that thread signals itself
   there.  Returns True to run the syscall, with its target rewritten. */
static Bool is_self_signal(UInt sysno, VexGuestAMD64State* g)
{
   Int mytid = VG_(gettid)(), mypid = VG_(getpid)();
   ThreadId me = VG_(get_running_tid)();
   Bool alone = RG_(live_threads)() <= 1;
   switch (sysno) {
      case __NR_kill:
      case __NR_rt_sigqueueinfo:
         if (g->guest_RDI != init.pid || !alone) return False;
         g->guest_RDI = mypid;
         return True;
      case __NR_tkill:
         if (RG_(thread_by_ktid)((Long)g->guest_RDI) != me) return False;
         g->guest_RDI = mytid;
         return True;
      case __NR_tgkill:
      case __NR_rt_tgsigqueueinfo:
         if (g->guest_RDI != init.pid
             || RG_(thread_by_ktid)((Long)g->guest_RSI) != me)
            return False;
         g->guest_RDI = mypid; g->guest_RSI = mytid;
         return True;
   }
   return False;
}

/* Take the SCHED record R (the one peeked at): the running thread
   stops here and the recorded next thread gets the turn. */
static void take_sched(const RgRec* r)
{
   RgRec x;
   RgCur c = r->body;
   UInt next = RG_(cur_v)(&c);
   if (c.bad || next == r->tid || next == 0)
      RG_(fatal)("trace %s is damaged: bad thread switch at event %llu",
                 RG_(clo_trace), r->evno);
   if (!RG_(sched_alive)(next)) {
      HChar now[96];
      VG_(sprintf)(now, "thread %u %s", next, next > RG_(n_serials)()
                   ? "was never created" : "has exited");
      diverged(r, now);
   }
   next_event_raw(&x);
   /* What follows a switch to U is U's (U held the lock): anything else
      is a damaged or edited schedule, best reported here. */
   RgRec after;
   if (RG_(tr_peek)(&after) && after.kind != RG_REC_FILE
       && after.kind != RG_REC_END && after.tid != next) {
      HChar now[128];
      VG_(sprintf)(now, "the recorded events after it are thread %u's, "
                   "not thread %u's (a damaged trace?)", after.tid, next);
      diverged(r, now);
   }
   RG_(sched_pass_turn)(next);
   RG_(replay_update_stop)();
}

/* Is the next record a SCHED of the running thread at its count? */
static Bool sched_due(RgRec* p)
{
   return RG_(tr_peek)(p) && p->kind == RG_REC_SCHED
          && p->tid == RG_(cur_serial)() && p->icount == RG_(icount);
}

/* The fields of a SYSCALL record; leaves c at its memory regions. */
static Long syscall_fields(RgCur* c, UInt* sysno, UWord* ra, ULong* nreg)
{
   UInt i, nargs;
   *sysno = RG_(cur_v)(c);
   nargs = RG_(cur_v)(c);
   for (i = 0; i < 6; i++) ra[i] = 0;
   for (i = 0; i < nargs; i++) {
      ULong v = RG_(cur_v)(c);
      if (i < 6) ra[i] = v;
   }
   Long result = RG_(cur_z)(c);
   *nreg = RG_(cur_v)(c);
   return result;
}

/* Set when the program's exit_group (or its last thread's exit) ran:
   the tools that want it (memcheck) then have the core run glibc's
   __libc_freeres in the program, which the recording never ran; its
   syscalls go to the kernel, unmatched. */
static Bool process_exited;

UWord RG_(replay_syscall)(VexGuestAMD64State* g)
{
   if (process_exited) return 0;
   UInt  sysno = (UInt)g->guest_RAX;
   UWord a[6];
   get_args(g, a);
   HChar now[512];
   RgRec r;
   ThreadId tid = VG_(get_running_tid)();
   if (sig_at == RG_(icount)) {
      /* Recorded: a signal interrupted this syscall, which restarted
         after the handler.  Deliver it with the thread back on the
         syscall instruction (stop_client_code does); the rerun is the
         next event. */
      return 2;
   }
   if (sched_due(&r)) {
      /* The thread blocked in this syscall and others ran: they run
         now, and the syscall's record comes when the turn is back. */
      echo_at_block(tid, sysno, a);
      take_sched(&r);
      return 3;
   }
   if (end_death && RG_(icount) == end_at && RG_(stop_checks)
       && RG_(cur_serial)() == end_thread) {
      /* The recorded program was killed here, entering this syscall:
         back to the instruction; the stop there raises the signal. */
      RG_(stop_at) = end_at;
      return 2;
   }
   if (!next_event(&r)) {
      describe_call(now, sysno, a);
      trace_ended(now);
   }
   if (r.kind != RG_REC_SYSCALL) {
      describe_call(now, sysno, a);
      diverged(&r, now);
   }
   RgCur c = r.body;
   UInt  rsys, i;
   UWord ra[6];
   ULong nreg;
   Long  result = syscall_fields(&c, &rsys, ra, &nreg);
   const RgSysInfo* si = RG_(sys_info)(sysno);
   Bool same = rsys == sysno && r.icount == RG_(icount)
               && r.tid == RG_(cur_serial)();
   for (i = 0; same && i < si->nargs && i < 6; i++)
      same = ra[i] == a[i];
   if (!same) {
      describe_call(now, sysno, a);
      diverged(&r, now);
   }
   RG_(stat_syscalls)++;
   check_against_args(&r, sysno, a, result, c, nreg);

   Bool emulate;
   switch (si->cls) {
      case RG_SC_EXIT:
         if (sysno == __NR_exit_group || RG_(live_threads)() <= 1) {
            RG_(sched_end)();
            process_exited = True;
            /* The freeres code runs in this thread: no more stops. */
            if (RG_(analysis)) RG_(stop_at) = ~0ULL;
         } else {
            /* One thread ends: the next runs once it is gone. */
                        RG_(thread_exit_words)(tid, False);
            RG_(thread_exiting)(tid);
            RgRec p;
            if (RG_(tr_peek)(&p) && p.kind == RG_REC_SCHED
                && p.tid == RG_(serial)(tid))
               take_sched(&p);
         }
         emulate = False;
         break;
      case RG_SC_REAL:
      case RG_SC_TIDRES:
         emulate = False;
         break;
      case RG_SC_MMAP:
         emulate = !fix_mmap(&r, g, result);
         break;
      case RG_SC_SELFSIG:
         emulate = !is_self_signal(sysno, g);
         break;
      case RG_SC_EXEC: {
         if (result < 0) { emulate = True; break; }
         if (pend_file_ok) exec_recorded_file(g, &r);
         const HChar* next = RG_(exec_next_file)();
         HChar* path = VG_(malloc)("rg.exec", VG_(strlen)(RG_(clo_trace))
                                   + VG_(strlen)(next) + 2);
         VG_(sprintf)(path, "%s/%s", RG_(clo_trace), next);
         struct vg_stat st;
         Bool recorded = !sr_isError(VG_(stat)(path, &st));
         /* The END after it says whether the recording followed it (1). */
         RgRec e;
         if (RG_(tr_peek)(&e) && e.kind == RG_REC_END) {
            RgCur ec = e.body;
            Bool followed = RG_(cur_v)(&ec) == RG_END_EXEC
                            && RG_(cur_v)(&ec) == 1 && !ec.bad;
            if (followed && !recorded)
               RG_(fatal)("replay reached the execve at event %llu, which "
                          "the recording followed into %s, but the trace "
                          "has no such file", r.evno, next);
         }
         if (recorded && RG_(exec_followed)(sysno, a)) {
            /* Run it: Valgrind starts again for the new program, and
               that replay goes on with the next file.  It kills the
               other threads first: let them out of their waits. */
            RG_(handover_set)(next);
            RG_(status_ended)();
            RG_(sched_end)();
            emulate = False;
            break;
         }
         if (recorded)
            RG_(fatal)("replay reached the execve at event %llu, which the "
                       "recording followed (%s), but this replay does not "
                       "(--trace-children=no or --trace-children-skip): the "
                       "rest of the recording is not replayed", r.evno, next);
         VG_(umsg)("regrind: replay reached the execve at event %llu; the "
                   "recording followed only the program before it\n",
                   r.evno);
         RG_(status_ended)();
         RG_(status_final)();
         VG_(exit)(0);
      }
      case RG_SC_THREAD:
         if (sysno != __NR_clone || result <= 0) { emulate = True; break; }
         if (a[0] & VKI_CLONE_THREAD) {
            /* A thread: started for real, it waits for its turn; the
               parent gets the recorded tid, and so do the tid words
               (the recorded memory is put back afterwards). */
            emulate = False;
            break;
         }
         /* A fork: run it; the child replays its own file.  Without an
            exit signal, so that the real child's end sends no SIGCHLD:
            the recorded one is replayed at its recorded place. */
         g->guest_RDI = a[0] & ~(UWord)VKI_CSIGNAL;
         emulate = False;
         break;
      case RG_SC_WAIT: {
         /* Reap the replayed child the recording reaped, so that the
            parent waits for it as it did; then give the recorded
            status and rusage.  The wait is done here, where signals
            are blocked, so that none can interrupt it. */
         Long now_pid = result > 0 ? child_real_pid(result) : 0;
         if (now_pid > 0) {
            SysRes w;
            do w = RG_SYSCALL(__NR_wait4, now_pid, 0, 0x40000000 /* __WALL */,
                              0, 0, 0);
            while (sr_isError(w) && sr_Err(w) == VKI_EINTR);
            /* A child that exec'd sends SIGCHLD whatever its exit
               signal (the kernel insists); take it before Valgrind
               hands it to the program: the recorded one comes at its
               recorded place. */
            ULong set = 1ULL << (VKI_SIGCHLD - 1);
            struct vki_timespec zero = { 0, 0 };
            RG_SYSCALL(__NR_rt_sigtimedwait, &set, 0, &zero, 8, 0, 0);
         }
         emulate = True;
         break;
      }
      default:
         emulate = !interrupted_with_mask(&r, g, sysno, a, result);
   }
   Bool masked = !emulate && si->cls == RG_SC_EMU;
   if (si->cls == RG_SC_FORK && result > 0) {
      /* fork/vfork: run as a plain clone without exit signal, like a
         fork by clone above (Valgrind runs vfork as a fork anyway). */
      g->guest_RAX = __NR_clone;
      g->guest_RDI = 0; g->guest_RSI = 0; g->guest_RDX = 0;
      g->guest_R10 = 0; g->guest_R8  = 0;
      emulate = False;
   } else if (si->cls == RG_SC_FORK) {
      emulate = True;
   }
   pend_file_ok = False;

   if (emulate) {
      if (RG_(analysis)) RG_(events_pre_syscall)(tid, sysno, a);
      apply_regions(&r, &c, nreg);
      if (c.bad) RG_(fatal)("trace %s is damaged: bad syscall record at "
                            "event %llu", RG_(clo_trace), r.evno);
      if (tid < RG_MAX_THREADS && echoed_early[tid])
         echoed_early[tid] = False;
      else
         echo(sysno, a, result);
      RG_(fds_track)(sysno, a, result);
      if (pend_out) { VG_(free)(pend_out); pend_out = NULL; }
      g->guest_RAX = result;
      if (RG_(analysis)) RG_(events_result)(tid);
      RG_(stat_emulated)++;
      return 1;
   }
   real.on      = True;
   real.evno    = r.evno;
   real.sysno   = (UInt)g->guest_RAX;     /* what the kernel will run */
   real.rec_sysno = sysno;
   real.result  = result;
   /* Only these rewrite argument registers; rt_sigreturn in
      particular must keep the registers it restored. */
   Bool forks   = si->cls == RG_SC_THREAD || si->cls == RG_SC_FORK;
   real.restore = si->cls == RG_SC_MMAP || si->cls == RG_SC_SELFSIG
                  || si->cls == RG_SC_TIDRES || si->cls == RG_SC_WAIT
                  || forks || masked;
   real.subst   = si->cls == RG_SC_TIDRES || si->cls == RG_SC_SELFSIG
                  || si->cls == RG_SC_WAIT || forks || masked;
   real.apply   = si->cls == RG_SC_WAIT || forks || masked;
   real.regions = c;
   real.nreg    = nreg;
   for (i = 0; i < 6; i++) real.saved[i] = a[i];
   return 0;
}

void RG_(replay_pre_syscall)(ThreadId tid, UInt sysno, UWord* args,
                             UInt nArgs)
{
   if (RG_(mode) != RG_MODE_REPLAY || process_exited) return;
   if (!real.on || real.sysno != sysno)
      RG_(fatal)("replay diverged at event %llu (thread %u, instruction "
                 "%llu): syscall %s reached the kernel without passing "
                 "regrind (int 0x80 or sysenter?)", RG_(tr_nevents) + 1,
                 tid, RG_(icount), RG_(sys_name)(sysno));
}

void RG_(replay_post_syscall)(ThreadId tid, UInt sysno, UWord* args,
                              UInt nArgs, SysRes res)
{
   if (RG_(mode) != RG_MODE_REPLAY || !real.on) return;
   real.on = False;
   Long got = sr_isError(res) ? -(Long)sr_Err(res) : (Long)sr_Res(res);

   if (sysno == __NR_mmap && got >= 0 && (real.saved[3] & 0x3) != VKI_MAP_PRIVATE)
      RG_(shared_add)(got, real.saved[1]);
   if (sysno == __NR_munmap && got == 0)
      RG_(shared_remove)(real.saved[0], real.saved[1]);
   if (real.fd_to_close > 0) VG_(close)(real.fd_to_close);
   real.fd_to_close = 0;
   if (real.copy_file) {
      real.copy_file = False;
      if (got >= 0 && got == real.result
          && VG_(am_is_valid_for_client)(got, real.file.emb_len,
                                         VKI_PROT_WRITE)) {
         VG_(memcpy)((void*)got, real.file.emb, real.file.emb_len);
         if (!(real.prot & VKI_PROT_WRITE)) {
            SizeT len = VG_PGROUNDUP(args[1]);
            RG_SYSCALL(__NR_mprotect, got, len, real.prot, 0, 0, 0);
            VG_(am_notify_mprotect)(got, len, real.prot);
         }
      }
   }
   if (real.apply) {
      RgRec none;
      VG_(memset)(&none, 0, sizeof none);
      none.kind = RG_REC_SYSCALL; none.evno = real.evno;
      apply_regions(&none, &real.regions, real.nreg);
   }
   /* (fork and vfork run as clone: their RDI means nothing) */
   Bool thread = real.rec_sysno == __NR_clone
                 && (real.saved[0] & VKI_CLONE_THREAD);
   Bool forked = sysno == __NR_clone && !thread;
   if (thread && got > 0 && RG_(last_created)) {
      RG_(thread_set_ktid)(RG_(last_created), real.result, got);
      if (real.saved[0] & VKI_CLONE_CHILD_CLEARTID)
         RG_(thread_set_cleartid)(RG_(last_created), real.saved[3]);
   }
   if (sysno == __NR_set_tid_address)
      RG_(thread_set_cleartid)(tid, real.saved[0]);
   if (sysno == __NR_set_robust_list && got == 0)
      RG_(thread_set_robust)(tid, real.saved[0]);
   if (forked && got > 0 && n_children < N_CHILDREN) {
      children[n_children].rec = real.result;
      children[n_children].now = got;
      n_children++;
   }
   if (forked && got == 0 && real.rec_sysno == __NR_clone
       && (real.saved[0] & VKI_CLONE_CHILD_SETTID) && real.saved[3])
      *(Int*)real.saved[3] = (Int)init.pid;   /* the recorded child tid */
   if (real.restore) {
      VexGuestAMD64State g;
      VG_(get_shadow_regs_area)(tid, (UChar*)&g, 0, 0, sizeof g);
      g.guest_RDI = real.saved[0]; g.guest_RSI = real.saved[1];
      g.guest_RDX = real.saved[2]; g.guest_R10 = real.saved[3];
      g.guest_R8  = real.saved[4]; g.guest_R9  = real.saved[5];
      if (real.subst)
         g.guest_RAX = real.result;
      VG_(set_shadow_regs_area)(tid, 0, 0, sizeof g, (UChar*)&g);
   }
   if ((real.subst ? (got < 0) != (real.result < 0) : got != real.result)
       && sysno != __NR_rt_sigreturn)
      RG_(fatal)("replay diverged at event %llu (thread %u, instruction "
                 "%llu): %s returned %lld at record time, now %lld",
                 real.evno, tid, RG_(icount), RG_(sys_name)(sysno),
                 real.result, got);
}

/* In the child of a replayed fork (before its post-syscall): go on
   with the child's own file, whose first event is this same fork. */
void RG_(replay_fork_child)(ThreadId tid)
{
   Long rec_pid = real.result;
   HChar name[64];
   VG_(sprintf)(name, "%s-%lld", RG_TRACE_FILE, rec_pid);
   RG_(cur_file) = VG_(strdup)("rg.fork", name);
   RG_(status_fork_child)();
   RG_(status_started)(rec_pid);
   RG_(tr_open_file)(RG_(clo_trace), name);
   RgRec r;
   if (!RG_(tr_next)(&r))
      RG_(fatal)("trace %s: %s holds no complete chunk (the child's "
                 "recording was cut off before anything was saved: "
                 "killed with SIGKILL?)", RG_(clo_trace), name);
   if (r.kind != RG_REC_FORK)
      RG_(fatal)("trace %s is damaged: %s does not start with a fork "
                 "record", RG_(clo_trace), name);
   n_children = 0;
   init.pid = rec_pid;
   RG_(sched_at_fork_child)(tid);
   RG_(thread_set_ktid)(tid, rec_pid, VG_(getpid)());
   if (!next_event(&r) || r.kind != RG_REC_SYSCALL)
      RG_(fatal)("trace %s: %s holds no events (the child's recording "
                 "was cut off at once)", RG_(clo_trace), name);
   RgCur c = r.body;
   UInt sysno;
   UWord ra[6];
   ULong nreg;
   Long result = syscall_fields(&c, &sysno, ra, &nreg);
   if (sysno != real.rec_sysno || result != 0)
      diverged(&r, "the child's side of a fork");
   real.result  = 0;
   real.evno    = r.evno;
   real.regions = c;
   real.nreg    = nreg;
}

/*------------------------------------------------------------*/
/*--- Loads from shared mappings                           ---*/
/*------------------------------------------------------------*/

static const UChar* expect_load(Addr a, SizeT size, ULong icount)
{
   HChar now[96];
   VG_(sprintf)(now, "a %lu-byte load from shared memory at %#lx", size, a);
   RgRec r;
   if (!next_event(&r)) trace_ended(now);
   RgCur c = r.body;
   Addr ra = RG_(cur_v)(&c);
   SizeT n;
   const UChar* p = RG_(cur_b)(&c, &n);
   if (r.kind != RG_REC_LOAD || ra != a || n != size || r.icount != icount
       || r.tid != RG_(cur_serial)())
      diverged(&r, now);
   return p;
}

void RG_(replay_load)(Addr a, SizeT size, ULong icount)
{
   VG_(memcpy)((void*)a, expect_load(a, size, icount), size);
}

void RG_(replay_load_val)(Addr a, SizeT size, ULong icount, ULong* v)
{
   VG_(memcpy)(v, expect_load(a, size, icount), size);
}

/*------------------------------------------------------------*/
/*--- Nondeterministic instructions                        ---*/
/*------------------------------------------------------------*/

static RgCur expect_nondet(ULong kind, RgRec* r)
{
   HChar now[64];
   VG_(sprintf)(now, "%s", nd_name(kind));
   if (!next_event(r)) trace_ended(now);
   RgCur c = r->body;
   if (r->kind != RG_REC_NONDET || RG_(cur_v)(&c) != kind
       || r->icount != RG_(icount)
       || r->tid != RG_(cur_serial)())
      diverged(r, now);
   RG_(cur_v)(&c);    /* count */
   return c;
}

ULong RG_(replay_nd_ret)(ULong kind)
{
   RgRec r;
   RgCur c = expect_nondet(kind, &r);
   return RG_(cur_v)(&c);
}

void RG_(replay_nd_gst)(VexGuestAMD64State* g, ULong kind)
{
   RgRec r;
   RgCur c = expect_nondet(kind, &r);
   if (kind == RG_ND_CPUID) {
      ULong in = RG_(cur_v)(&c);
      if (in != (g->guest_RAX & 0xffffffffULL)) {
         HChar now[64];
         VG_(sprintf)(now, "cpuid leaf %#llx (recorded leaf %#llx)",
                      g->guest_RAX & 0xffffffffULL, in);
         diverged(&r, now);
      }
      g->guest_RAX = RG_(cur_v)(&c);
      g->guest_RBX = RG_(cur_v)(&c);
      g->guest_RCX = RG_(cur_v)(&c);
      g->guest_RDX = RG_(cur_v)(&c);
   } else {
      g->guest_RAX = RG_(cur_v)(&c);
      g->guest_RCX = RG_(cur_v)(&c);
      g->guest_RDX = RG_(cur_v)(&c);
   }
   RG_(stat_nondet)++;
}

/*------------------------------------------------------------*/
/*--- Signals and the end                                  ---*/
/*------------------------------------------------------------*/

void RG_(replay_signal)(ThreadId tid, Int sigNo, Bool alt)
{
   if (RG_(mode) != RG_MODE_REPLAY) return;
   HChar now[64];
   VG_(sprintf)(now, "delivery of signal %d", sigNo);
   RgRec r;
   if (!next_event(&r)) trace_ended(now);
   RgCur c = r.body;
   if (r.kind != RG_REC_SIGNAL || (Int)RG_(cur_v)(&c) != sigNo
       || r.icount != RG_(icount) || r.tid != RG_(serial)(tid))
      diverged(&r, now);
}

void RG_(replay_fini)(Int exitcode)
{
   if (RG_(mode) != RG_MODE_REPLAY) return;
   RG_(progress_clear)();
   if (copy_owner == VG_(getpid)()) {
      /* This process was started from a private copy of its program
         (a forked child of it is not the owner): remove it. */
      HChar* dir = VG_(strdup)("rg.copy", VG_(args_the_exename));
      VG_(unlink)(dir);
      *VG_(strrchr)(dir, '/') = 0;
      RG_SYSCALL(__NR_rmdir, (UWord)dir, 0, 0, 0, 0, 0);
   }
   RgRec r;
   /* What is left must be the END record: anything else means the
      program stopped early. */
   while (RG_(tr_next)(&r)) {
      if (r.kind == RG_REC_END) {
         /* Nothing may follow it (reading on checks the next chunk). */
         if (RG_(tr_next)(&r))
            RG_(fatal)("trace %s is damaged: records after the end "
                       "record", RG_(clo_trace));
         break;
      }
      if (r.kind == RG_REC_FILE) continue;
      HChar rec[512];
      describe_rec(rec, &r);
      RG_(fatal)("replay ended early: the program finished but the "
                 "recording continues with event %llu (%s)", r.evno, rec);
   }
   if (!RG_(tr_saw_end))
      RG_(fatal)("trace ends at event %llu (recording was cut off); the "
                 "program ended here too, but the recording did not say "
                 "how it ended", RG_(tr_nevents));
   RG_(tr_close)();
   RG_(status_ended)();
   RG_(status_final)();
}

/*--------------------------------------------------------------------*/
/*--- regrind: record and replay.  Registration, options, fini.    ---*/
/*---                                                    rg_main.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of regrind, a Valgrind tool that records one
   execution of a program and replays it deterministically.

   Licensed under the GNU General Public License, version 2 or later,
   like Valgrind itself.
*/

#include "pub_tool_basics.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_xarray.h"
#include "pub_tool_vkiscnums.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_machine.h"
#include "pub_tool_replacemalloc.h"
#include "valgrind.h"
#include "helgrind.h"
#include "rg_include.h"

RgMode       RG_(mode) = RG_MODE_NONE;
const HChar* RG_(clo_trace);
Bool         RG_(clo_replay_output) = True;
Bool         RG_(clo_compress) = True;
Int          RG_(clo_chunk_kb) = RG_CHUNK_TARGET / 1024;
Int          RG_(clo_flush_ms) = 1000;
Bool         RG_(clo_stats) = False;
Bool         RG_(clo_reexec) = False;
Bool         RG_(clo_chaos) = False;
ULong        RG_(clo_chaos_seed) = 0;
Bool         RG_(analysis) = False;
Bool         RG_(clo_cpu_portable) = False;
ULong        RG_(clo_replay_pid) = 0;
Bool         RG_(clo_progress) = False;
Int          RG_(clo_progress_after_ms) = 1000;

ULong        RG_(trace_id);
static Bool  both_modes;       /* --record and --replay both given */

ULong RG_(stat_syscalls), RG_(stat_emulated), RG_(stat_nondet),
      RG_(stat_regions), RG_(stat_region_bytes);

/*------------------------------------------------------------*/
/*--- Errors                                               ---*/
/*------------------------------------------------------------*/

/* Our own copy of stderr, made at startup: the program may close its
   fd 2 (coreutils do at exit) before regrind has something to say. */
static Int err_fd = 2;

void RG_(errwrite)(const HChar* buf, SizeT n)
{
   VG_(write)(err_fd, buf, n);
}

void RG_(errmsg)(const HChar* msg)
{
   RG_(progress_clear)();
   VG_(write)(err_fd, "regrind: ", 9);
   VG_(write)(err_fd, msg, VG_(strlen)(msg));
   VG_(write)(err_fd, "\n", 1);
}

void RG_(fatal)(const HChar* fmt, ...)
{
   static Bool in_fatal;
   va_list vargs;
   HChar msg[2048];
   va_start(vargs, fmt);
   VG_(vsnprintf)(msg, sizeof msg, fmt, vargs);
   va_end(vargs);
   /* Straight to stderr, whatever -q or --log-file say: this is the
      reason the run stops. */
   RG_(errmsg)(msg);
   if (RG_(mode) == RG_MODE_REPLAY) {
      RG_(status_failed)(msg);
      RG_(status_wait_all)();
   }
   if (!in_fatal && RG_(mode) == RG_MODE_RECORD && RG_(tw_is_open)()) {
      in_fatal = True;
      RG_(record_end)(RG_END_REFUSED, 1);
   }
   VG_(exit)(1);
}

/* Valgrind keeps 12 fds above the program's limit for itself
   (pub_core_clientstate.h); regrind adds its own (the copy of stderr,
   the trace file, the replay status descriptors), and with vgdb's
   fifos 12 run out.  Take RG_EXTRA_FDS more: above the reserved range
   when the hard rlimit allows (the program sees no change), else below
   it (the program sees a limit that much lower, at record and replay
   alike). */
#define RG_EXTRA_FDS 8
extern Int VG_(fd_soft_limit);
extern Int VG_(fd_hard_limit);

static void reserve_fds(void)
{
   struct vki_rlimit rl;
   if (VG_(getrlimit)(VKI_RLIMIT_NOFILE, &rl) == 0
       && rl.rlim_cur + RG_EXTRA_FDS <= rl.rlim_max) {
      rl.rlim_cur += RG_EXTRA_FDS;
      if (VG_(setrlimit)(VKI_RLIMIT_NOFILE, &rl) == 0) return;
   }
   if (VG_(fd_hard_limit) > 64 + RG_EXTRA_FDS) {
      VG_(fd_soft_limit) -= RG_EXTRA_FDS;
      VG_(fd_hard_limit) -= RG_EXTRA_FDS;
   }
}

/*------------------------------------------------------------*/
/*--- Where traces live                                    ---*/
/*------------------------------------------------------------*/

/* A trace holds everything the program read and its environment:
   its directories are the user's alone (0700, files 0600). */
static void mkdir_p(HChar* path)
{
   HChar* p;
   for (p = path + 1; *p; p++) {
      if (*p != '/') continue;
      *p = 0;
      RG_SYSCALL(__NR_mkdir, path, 0700, 0, 0, 0, 0);
      *p = '/';
   }
   RG_SYSCALL(__NR_mkdir, path, 0700, 0, 0, 0, 0);
}

void RG_(dir_each)(const HChar* dir, void (*fn)(const HChar*, void*),
                   void* arg)
{
   SysRes sr = VG_(open)(dir, VKI_O_RDONLY | RG_O_DIRECTORY, 0);
   if (sr_isError(sr)) return;
   Int fd = sr_Res(sr);
   static UChar buf[8192];
   while (1) {
      SysRes r = RG_SYSCALL(__NR_getdents64, fd, buf, sizeof buf, 0, 0, 0);
      if (sr_isError(r) || sr_Res(r) == 0) break;
      UWord off = 0, n = sr_Res(r);
      while (off + 19 < n) {
         /* linux_dirent64: ino 8, off 8, reclen 2, type 1, name */
         UShort reclen = buf[off + 16] | (buf[off + 17] << 8);
         const HChar* name = (const HChar*)buf + off + 19;
         if (reclen == 0) break;
         if (VG_(strcmp)(name, ".") != 0 && VG_(strcmp)(name, "..") != 0)
            fn(name, arg);
         off += reclen;
      }
   }
   VG_(close)(fd);
}

Bool RG_(trace_file_id)(const HChar* dir, const HChar* name, ULong* id)
{
   HChar* path = VG_(malloc)("rg.dir", VG_(strlen)(dir) + VG_(strlen)(name)
                             + 2);
   VG_(sprintf)(path, "%s/%s", dir, name);
   SysRes sr = VG_(open)(path, VKI_O_RDONLY | RG_O_NOFOLLOW, 0);
   VG_(free)(path);
   if (sr_isError(sr)) return False;
   UChar hdr[RG_FILE_HDR_SIZE];
   Int n = VG_(read)(sr_Res(sr), hdr, sizeof hdr);
   VG_(close)(sr_Res(sr));
   if (n != sizeof hdr || VG_(memcmp)(hdr, RG_MAGIC, 8) != 0) return False;
   VG_(memcpy)(id, hdr + 16, 8);    /* little-endian, as amd64 */
   return True;
}

/* DIR must be a directory of ours: another user's could hold files
   (latest-trace, traces) we would follow or truncate. */
static void check_own_dir(const HChar* dir, const HChar* what)
{
   struct vg_stat st;
   SysRes r = VG_(stat)(dir, &st);
   if (sr_isError(r))
      RG_(fatal)("cannot create %s %s: %s", what, dir,
                 RG_(errstr)(sr_Err(r)));
   if (!VKI_S_ISDIR(st.mode))
      RG_(fatal)("%s %s is not a directory", what, dir);
   if (st.uid != (UInt)VG_(geteuid)())
      RG_(fatal)("%s %s belongs to another user (uid %u): regrind records "
                 "only into directories of yours", what, dir, st.uid);
}

static HChar* trace_root(void)
{
   const HChar* env = VG_(getenv)("REGRIND_TRACE_DIR");
   HChar* root;
   if (env && *env) {
      root = VG_(strdup)("rg.root", env);
   } else {
      const HChar* home = VG_(getenv)("HOME");
      if (!home || !*home)
         RG_(fatal)("neither REGRIND_TRACE_DIR nor HOME is set; give the "
                    "trace directory with --record=DIR");
      root = VG_(malloc)("rg.root", VG_(strlen)(home) + 32);
      VG_(sprintf)(root, "%s/.local/share/regrind", home);
   }
   mkdir_p(root);
   check_own_dir(root, "the trace root");
   if (!env || !*env) {
      /* The default root is regrind's own: made private even if an
         older regrind left it readable (the traces inside are 0700). */
      RG_SYSCALL(__NR_chmod, root, 0700, 0, 0, 0, 0);
   }
   return root;
}

/* $root/PROGNAME-N for the first free N, and latest-trace -> it
   (replaced in one rename, never followed). */
static const HChar* new_default_trace(void)
{
   HChar* root = trace_root();
   const HChar* prog = VG_(basename)(VG_(args_the_exename));
   SizeT sz = VG_(strlen)(root) + VG_(strlen)(prog) + 48;
   HChar* dir = VG_(malloc)("rg.dir", sz);
   Int n;
   for (n = 0; n < 1000000; n++) {
      VG_(sprintf)(dir, "%s/%s-%d", root, prog, n);
      SysRes r = RG_SYSCALL(__NR_mkdir, dir, 0700, 0, 0, 0, 0);
      if (!sr_isError(r)) break;
      if (sr_Err(r) != VKI_EEXIST)
         RG_(fatal)("cannot create trace directory %s: %s",
                    dir, RG_(errstr)(sr_Err(r)));
   }
   HChar* link = VG_(malloc)("rg.dir", VG_(strlen)(root) + 16);
   HChar* tmp  = VG_(malloc)("rg.dir", VG_(strlen)(root) + 48);
   VG_(sprintf)(link, "%s/latest-trace", root);
   VG_(sprintf)(tmp, "%s/.latest-trace.%d", root, VG_(getpid)());
   VG_(unlink)(tmp);
   SysRes r = RG_SYSCALL(__NR_symlink, VG_(basename)(dir), tmp, 0, 0, 0, 0);
   if (sr_isError(r) || VG_(rename)(tmp, link) != 0) {
      VG_(unlink)(tmp);
      VG_(umsg)("regrind: warning: cannot point %s at the new trace\n",
                link);
   }
   VG_(free)(link);
   VG_(free)(tmp);
   return dir;
}

static const HChar* latest_trace(void)
{
   HChar* root = trace_root();
   HChar* link = VG_(malloc)("rg.dir", VG_(strlen)(root) + 16);
   VG_(sprintf)(link, "%s/latest-trace", root);
   struct vg_stat st;
   if (sr_isError(VG_(stat)(link, &st)))
      RG_(fatal)("no trace to replay: %s does not exist (record one with "
                 "--record, or give --replay=DIR)", link);
   struct vki_stat lst;
   SysRes r = RG_SYSCALL(__NR_lstat, link, &lst, 0, 0, 0, 0);
   if (sr_isError(r) || lst.st_uid != (UInt)VG_(geteuid)()
       || st.uid != (UInt)VG_(geteuid)())
      RG_(fatal)("%s or the trace it points at belongs to another user: "
                 "give the trace with --replay=DIR", link);
   return link;
}

/* --record=DIR that already exists: clear it if it holds an older
   trace and nothing else; refuse if it holds anything else. */
typedef struct { const HChar* dir; const HChar* other; XArray* old; }
   DirScan;

static void scan_entry(const HChar* name, void* arg)
{
   DirScan* ds = arg;
   ULong id;
   struct vg_stat st;
   HChar* path = VG_(malloc)("rg.dir", VG_(strlen)(ds->dir)
                             + VG_(strlen)(name) + 2);
   VG_(sprintf)(path, "%s/%s", ds->dir, name);
   Bool empty = !sr_isError(VG_(stat)(path, &st)) && VKI_S_ISREG(st.mode)
                && st.size == 0;
   VG_(free)(path);
   if (RG_(is_trace_file_name)(name)
       && (empty || RG_(trace_file_id)(ds->dir, name, &id))) {
      HChar* p = VG_(malloc)("rg.dir", VG_(strlen)(ds->dir)
                             + VG_(strlen)(name) + 2);
      VG_(sprintf)(p, "%s/%s", ds->dir, name);
      VG_(addToXA)(ds->old, &p);
   } else if (!ds->other) {
      ds->other = VG_(strdup)("rg.dir", name);
   }
}

static void prepare_trace_dir(HChar* d)
{
   mkdir_p(d);
   check_own_dir(d, "trace directory");
   DirScan ds = { d, NULL, VG_(newXA)(VG_(malloc), "rg.dir", VG_(free),
                                      sizeof(HChar*)) };
   RG_(dir_each)(d, scan_entry, &ds);
   if (ds.other)
      RG_(fatal)("trace directory %s already holds '%s', which is not part "
                 "of a regrind trace; give a new or empty directory "
                 "(regrind replaces only an older trace)", d, ds.other);
   /* Removed once the listing is done (not while getdents walks it). */
   Word i;
   for (i = 0; i < VG_(sizeXA)(ds.old); i++)
      VG_(unlink)(*(HChar**)VG_(indexXA)(ds.old, i));
   if (VG_(sizeXA)(ds.old) > 0)
      VG_(umsg)("regrind: %s held an older trace; it is replaced\n", d);
   RG_SYSCALL(__NR_chmod, d, 0700, 0, 0, 0, 0);
}

/*------------------------------------------------------------*/
/*--- Options                                              ---*/
/*------------------------------------------------------------*/

static Bool rg_process_cmd_line_option(const HChar* arg)
{
   const HChar* str;
   RgMode was = RG_(mode);
   if VG_STREQ(arg, "--record") {
      RG_(mode) = RG_MODE_RECORD; RG_(clo_trace) = NULL;
   } else if VG_STR_CLO(arg, "--record", str) {
      RG_(mode) = RG_MODE_RECORD; RG_(clo_trace) = str;
   } else if VG_STREQ(arg, "--replay") {
      RG_(mode) = RG_MODE_REPLAY; RG_(clo_trace) = NULL;
   } else if VG_STR_CLO(arg, "--replay", str) {
      RG_(mode) = RG_MODE_REPLAY; RG_(clo_trace) = str;
   }
   else if VG_STR_CLO(arg, "--regrind-handover", RG_(clo_handover)) {}
   else if VG_BOOL_CLO(arg, "--replay-output", RG_(clo_replay_output)) {}
   else if VG_BOOL_CLO(arg, "--record-compress", RG_(clo_compress)) {}
   else if VG_BINT_CLO(arg, "--record-chunk-kb", RG_(clo_chunk_kb),
                       1, 65536) {}
   else if VG_BINT_CLO(arg, "--record-flush-ms", RG_(clo_flush_ms),
                       0, 3600000) {}
   else if VG_BOOL_CLO(arg, "--regrind-stats", RG_(clo_stats)) {}
   else if VG_BOOL_CLO(arg, "--regrind-reexec", RG_(clo_reexec)) {}
   else if VG_BOOL_CLO(arg, "--chaos", RG_(clo_chaos)) {}
   else if VG_STR_CLO(arg, "--replay-stop-at", RG_(clo_stop_at)) {}
   else if VG_XACT_CLO(arg, "--replay-precise=yes", RG_(clo_precise), 1) {}
   else if VG_XACT_CLO(arg, "--replay-precise=no", RG_(clo_precise), 0) {}
   else if VG_BINT_CLO(arg, "--chaos-seed", RG_(clo_chaos_seed),
                       0, 0x7fffffffffffffffLL) {}
   else if VG_STR_CLO(arg, "--record-cpu", str) {
      if (VG_(strcmp)(str, "portable") == 0)    RG_(clo_cpu_portable) = True;
      else if (VG_(strcmp)(str, "native") == 0) RG_(clo_cpu_portable) = False;
      else VG_(fmsg_bad_option)(arg, "--record-cpu is portable or native\n");
   }
   else if VG_BINT_CLO(arg, "--replay-pid", RG_(clo_replay_pid),
                       1, 0x7fffffffffffffffLL) {}
   else if VG_BOOL_CLO(arg, "--replay-progress", RG_(clo_progress)) {}
   else if VG_BINT_CLO(arg, "--replay-progress-after-ms",
                       RG_(clo_progress_after_ms), 0, 3600000) {}
   else
      return False;
   if (was != RG_MODE_NONE && RG_(mode) != was) both_modes = True;
   if ((RG_(mode) == RG_MODE_RECORD || RG_(mode) == RG_MODE_REPLAY)
       && RG_(clo_trace) && !*RG_(clo_trace))
      VG_(fmsg_bad_option)(arg, "the trace directory name is empty\n");
   return True;
}

static void rg_print_usage(void)
{
   VG_(printf)(
"    --record[=DIR]            record the run into trace directory DIR\n"
"                              [$REGRIND_TRACE_DIR/PROG-N, default root\n"
"                              ~/.local/share/regrind; latest-trace\n"
"                              points at it]\n"
"    --replay[=DIR]            replay trace DIR [latest-trace]; give the\n"
"                              same PROG ARGS as the recording\n"
"    --replay-output=yes|no    show the program's stdout/stderr writes\n"
"                              during replay [yes]\n"
"    --record-compress=yes|no  zlib-compress trace chunks [yes]\n"
"    --record-chunk-kb=N       trace chunk size in KiB [256]\n"
"    --record-flush-ms=N       write a chunk at least every N ms of\n"
"                              events, 0 = only when full [1000]; bounds\n"
"                              what a killed recording loses\n"
"    --regrind-stats=yes|no    print event counts at the end [no]\n"
"    --chaos=yes|no            record: perturb thread scheduling (random\n"
"                              slices and priorities) so that rare races\n"
"                              show up in fewer attempts [no]\n"
"    --chaos-seed=N            the seed of --chaos [random; in the trace]\n"
"    --record-cpu=portable|native  record: show the program only the\n"
"                              CPUID features every amd64 CPU has, so\n"
"                              that the trace replays on any [native]\n"
"    --replay-pid=PID          replay: show the output of recorded\n"
"                              process PID only [all processes']\n"
"    --replay-progress=yes|no  replay: keep a progress line on stderr\n"
"                              while the program is silent [no]\n"
"    --replay-stop-at=EVENT    replay: stop in gdb (vgdb) just before event\n"
"                              EVENT; =THREAD:ICOUNT: when that thread has\n"
"                              completed ICOUNT instructions\n"
"    --replay-precise=yes|no   exact instruction counts at every stop,\n"
"                              exact stops, write watchpoints [yes with\n"
"                              --vgdb-error, --vgdb=full, --replay-stop-at]\n"
"    (Valgrind's --trace-children defaults to yes under regrind: programs\n"
"    started by execve are recorded and replayed too)\n"
   );
}

static void rg_print_debug_usage(void)
{
   VG_(printf)(
"    --replay-progress-after-ms=N  show --replay-progress after N ms\n"
"                              of replay [1000]\n");
}

/*------------------------------------------------------------*/
/*--- Callbacks                                            ---*/
/*------------------------------------------------------------*/

/* Every callback first says which thread holds the lock: record logs
   the changes, and the running thread's instruction count follows. */
static void rg_pre_syscall(ThreadId tid, UInt sysno, UWord* args, UInt n)
{
   if (RG_(mode) == RG_MODE_RECORD) {
      RG_(sched_note)(tid);
      RG_(record_pre_syscall)(tid, sysno, args, n);
   } else if (RG_(mode) == RG_MODE_REPLAY) {
      RG_(replay_pre_syscall)(tid, sysno, args, n);
   }
}

static void rg_post_syscall(ThreadId tid, UInt sysno, UWord* args, UInt n,
                            SysRes res)
{
   if (RG_(mode) == RG_MODE_RECORD) {
      RG_(sched_note)(tid);
      RG_(record_post_syscall)(tid, sysno, args, n, res);
   } else if (RG_(mode) == RG_MODE_REPLAY) {
      RG_(replay_post_syscall)(tid, sysno, args, n, res);
   }
}

static void rg_post_mem_write(CorePart part, ThreadId tid, Addr a,
                              SizeT size)
{
   if (RG_(mode) != RG_MODE_RECORD || part != Vg_CoreSysCall) return;
   RG_(sched_note)(tid);
   RG_(record_mem_write)(part, tid, a, size);
}

static void rg_start_client_code(ThreadId tid, ULong bbs)
{
   if (RG_(mode) == RG_MODE_RECORD) {
      RG_(sched_note)(tid);
      RG_(record_start)(tid);
   } else if (RG_(mode) == RG_MODE_REPLAY) {
      RG_(own_icount)(tid);
      RG_(replay_start)(tid);
   }
}

/* The thread is out of generated code, holding no translation: the
   place to stop for a handoff, a signal or the end of a chaos slice. */
static void rg_stop_client_code(ThreadId tid, ULong bbs)
{
   Bool hit = RG_(stop_checks) && RG_(stop_exit_taken)(tid);
   if (RG_(mode) == RG_MODE_REPLAY)
      RG_(replay_stopped)(tid, hit);
   else if (RG_(mode) == RG_MODE_RECORD && hit)
      RG_(chaos_stopped)(tid);
}

static void rg_pre_thread_first_insn(ThreadId tid)
{
   if (RG_(mode) == RG_MODE_RECORD)      RG_(sched_note)(tid);
   else if (RG_(mode) == RG_MODE_REPLAY) RG_(sched_gate)(tid);
}

static void rg_pre_deliver_signal(ThreadId tid, Int sigNo, Bool alt)
{
   if (RG_(mode) == RG_MODE_RECORD) {
      RG_(sched_note)(tid);
      RG_(record_signal)(tid, sigNo, alt);
   } else if (RG_(mode) == RG_MODE_REPLAY) {
      RG_(replay_signal)(tid, sigNo, alt);
   }
}

static void rg_thread_create(ThreadId tid, ThreadId child)
{
   if (RG_(mode) == RG_MODE_RECORD && tid != VG_INVALID_THREADID)
      RG_(sched_note)(tid);
   RG_(thread_created)(tid, child);
}

static void rg_thread_exit(ThreadId tid)
{
   RG_(thread_gone)(tid);
}

/* --tool=regrind-full records with regrind's preload (rg_heap.c,
   rg_glue.c), which the core loads by the tool's name: without it the
   recording would be a plain one. */
extern const HChar* VG_(libdir);
extern const HChar* VG_(clo_toolname);
static void check_preload(void)
{
   HChar path[1024];
   if (VG_(strcmp)(VG_(clo_toolname), "regrind-full") != 0) return;
   VG_(snprintf)(path, sizeof path,
                 "%s/vgpreload_regrind-full-amd64-linux.so", VG_(libdir));
   struct vg_stat st;
   if (sr_isError(VG_(stat)(path, &st)))
      RG_(fatal)("%s is missing: regrind's preload (malloc and the string "
                 "functions as memcheck replaces them) must be installed "
                 "beside the tool ('make install')", path);
}

static void rg_post_clo_init(void)
{
   if (RG_(mode) == RG_MODE_NONE)
      RG_(fatal)("regrind needs --record[=DIR] or --replay[=DIR] "
                 "(see valgrind --tool=regrind --help)");
   reserve_fds();
   SysRes e2 = RG_SYSCALL(__NR_dup, 2, 0, 0, 0, 0, 0);
   if (!sr_isError(e2)) err_fd = VG_(safe_fd)(sr_Res(e2));
   if (both_modes)
      RG_(fatal)("--record and --replay cannot be used together: record "
                 "the run first, then replay it with a second command");
   VG_(atfork)(NULL, NULL, RG_(at_fork_child));
   /* The program an execve started goes on with its trace. */
   Bool after_exec = RG_(handover_take)();
   RG_(exec_setup)(after_exec);
   if (RG_(clo_trace) && RG_(clo_trace)[0] != '/') {
      /* The program may chdir; the trace stays where it was. */
      const HChar* wd = VG_(get_startup_wd)();
      HChar* abs = VG_(malloc)("rg.dir", VG_(strlen)(wd)
                               + VG_(strlen)(RG_(clo_trace)) + 2);
      VG_(sprintf)(abs, "%s/%s", wd, RG_(clo_trace));
      RG_(clo_trace) = abs;
   }
   /* Instruction counts are IMarks passed.  With chasing, VEX merges
      the short arm of a conditional branch into the block, IMarks
      included, executed or not: exact counts, and counts that do not
      depend on the tool (callgrind turns chasing off), need it off. */
   VG_(clo_vex_control).guest_chase = False;
   /* The heap layout is fixed (rg_heap.c): every replay must see the
      recording's. */
   if (VG_(clo_alignment) != 16)
      RG_(fatal)("--alignment=%u: regrind serves malloc with 16-byte "
                 "alignment at record and at every replay (one heap layout "
                 "for every tool); drop the option", VG_(clo_alignment));
   if (VG_(clo_redzone_size) != -1)
      RG_(fatal)("--redzone-size=%d: regrind's heap has fixed 16-byte "
                 "redzones at record and at every replay (one heap layout "
                 "for every tool); drop the option", VG_(clo_redzone_size));
   if (RG_(clo_stop_at) && RG_(mode) != RG_MODE_REPLAY)
      RG_(fatal)("--replay-stop-at is an option of --replay");
   if (RG_(clo_chaos) && RG_(mode) != RG_MODE_RECORD)
      RG_(fatal)("--chaos=yes is an option of --record (a replay follows "
                 "the recorded schedule)");
   if (RG_(clo_cpu_portable) && RG_(mode) != RG_MODE_RECORD)
      RG_(fatal)("--record-cpu=portable is an option of --record (a replay "
                 "gives the program the CPUID results it recorded)");
   if (RG_(clo_replay_pid) && RG_(mode) != RG_MODE_REPLAY)
      RG_(fatal)("--replay-pid is an option of --replay");
   if (RG_(mode) == RG_MODE_RECORD) {
      check_preload();
      if (RG_(clo_chaos)) RG_(chaos_init)();
      if (after_exec) {
         /* directory and file come from the marker */
      } else if (RG_(clo_trace)) {
         HChar* d = VG_(strdup)("rg.dir", RG_(clo_trace));
         prepare_trace_dir(d);
         RG_(clo_trace) = d;
      } else {
         RG_(clo_trace) = new_default_trace();
      }
      RG_(record_init)();
      if (VG_(clo_verbosity) > 0)
         VG_(umsg)("regrind: recording to %s\n", RG_(clo_trace));
   } else {
      if (!RG_(clo_trace)) RG_(clo_trace) = latest_trace();
      RG_(gdb_post_clo_init)();
      RG_(replay_init)();
      if (VG_(clo_verbosity) > 0)
         VG_(umsg)("regrind: replaying %s\n", RG_(clo_trace));
   }
}

static void rg_fini(Int exitcode)
{
   if (RG_(mode) == RG_MODE_RECORD) RG_(record_fini)(exitcode);
   else if (RG_(mode) == RG_MODE_REPLAY) RG_(replay_fini)(exitcode);
   if (RG_(clo_stats)) {
      VG_(umsg)("regrind: %llu syscalls (%llu emulated), %llu "
                "nondeterministic instructions, %llu instructions\n",
                RG_(stat_syscalls), RG_(stat_emulated), RG_(stat_nondet),
                RG_(total_icount)());
      VG_(umsg)("regrind: %llu loads from shared mappings\n",
                RG_(stat_shared_loads));
      VG_(umsg)("regrind: %llu kernel-written regions, %llu bytes; trace "
                "%llu raw bytes, %llu stored\n", RG_(stat_regions),
                RG_(stat_region_bytes), RG_(tw_raw_bytes),
                RG_(tw_stored_bytes));
   }
}

/* The preload makes the analysis tools' client requests under every
   tool (helgrind's pthread wrappers, memcheck's string functions
   reporting overlaps).  The program must get the same answer whichever
   tool takes them, at record and at every replay: the answer is this
   table's (0 for the others), and under an analysis tool it replaces
   the tool's (rg_glue.c). */
static const struct { UWord req; UWord answer; } creq_answers[] = {
   /* "the mutex is valid": the wrapper then runs its normal path. */
   { _VG_USERREQ__HG_PTHREAD_COND_WAIT_PRE, 1 },
};

Bool RG_(client_request_answer)(const UWord* args, UWord* ret)
{
   UInt i;
   if (!VG_IS_TOOL_USERREQ('H', 'G', args[0])
       && !VG_IS_TOOL_USERREQ('M', 'C', args[0]))
      return False;
   *ret = 0;
   for (i = 0; i < sizeof creq_answers / sizeof creq_answers[0]; i++)
      if (creq_answers[i].req == args[0]) *ret = creq_answers[i].answer;
   return True;
}

/* Also gdb's `monitor` commands, which reach the tool as a client
   request (rg_gdb.c). */
static Bool rg_client_request(ThreadId tid, UWord* args, UWord* ret)
{
   if (args[0] == VG_USERREQ__GDB_MONITOR_COMMAND) {
      *ret = RG_(gdb_monitor)(tid, (HChar*)args[1]);
      return *ret != 0;
   }
   if (!RG_(client_request_answer)(args, ret)) *ret = 0;
   return True;
}

/* The engine's callbacks; rg_tool.c (regrind) and rg_glue.c (the
   analysis tools) call this from their pre_clo_init. */
void RG_(register)(void)
{
   VG_(basic_tool_funcs)        (rg_post_clo_init, RG_(instrument), rg_fini);
   VG_(needs_command_line_options)(rg_process_cmd_line_option,
                                   rg_print_usage, rg_print_debug_usage);
   VG_(needs_syscall_wrapper)   (rg_pre_syscall, rg_post_syscall);
   VG_(needs_client_requests)   (rg_client_request);
   VG_(track_post_mem_write)    (rg_post_mem_write);
   VG_(track_start_client_code) (rg_start_client_code);
   VG_(track_stop_client_code)  (rg_stop_client_code);
   VG_(track_pre_deliver_signal)(rg_pre_deliver_signal);
   VG_(track_pre_thread_ll_create)(rg_thread_create);
   VG_(track_pre_thread_first_insn)(rg_pre_thread_first_insn);
   VG_(track_pre_thread_ll_exit)(rg_thread_exit);
   VG_(needs_watchpoint)        (RG_(gdb_watchpoint));
}

/*--------------------------------------------------------------------*/
/*--- end                                                rg_main.c ---*/
/*--------------------------------------------------------------------*/

/*--------------------------------------------------------------------*/
/*--- regrind: recording.                               rg_record.c ---*/
/*--------------------------------------------------------------------*/

/* A syscall's record is built between the pre- and post-syscall
   callbacks: Valgrind's own wrappers report each region the kernel
   wrote through post_mem_write (part Vg_CoreSysCall), and we copy the
   bytes as they are reported.  Exits never return, so they are logged
   before they run. */

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
#include "rg_include.h"

void* RG_(nd_orig)[RG_ND_N];

/* The syscall each thread is in: several can be, since a thread that
   blocks in one gives up the lock. */
typedef struct {
   Bool     open;
   ThreadId tid;
   UInt     sysno;
   UWord    args[6];
   ULong    icount;
   RgBuf    regions;       /* (Addr, SizeT) pairs; the bytes are read
                              from memory when the record is written */
   UInt     nregions;
} RgCurSys;

static RgCurSys* curs[RG_MAX_THREADS];

static RgCurSys* cur_of(ThreadId tid)
{
   tl_assert(tid > 0 && tid < RG_MAX_THREADS);
   if (!curs[tid]) {
      curs[tid] = VG_(calloc)("rg.cur", 1, sizeof(RgCurSys));
      RG_(buf_init)(&curs[tid]->regions, 256);
   }
   return curs[tid];
}

static Bool  exit_seen;
static Long  exit_code;
/* A signal the kernel raised as the effect of a failed syscall (see
   RG_(sys_raised_signal)), and the event number of that syscall: if
   the program dies right after it, that signal killed it. */
static Int   raised_sig;
static ULong raised_evno;
static Bool  started;
static ThreadId exec_pending;   /* the thread whose execve is under way */

/*------------------------------------------------------------*/
/*--- The initial image                                    ---*/
/*------------------------------------------------------------*/

/* The files Valgrind mapped itself: executable and dynamic linker. */
static void put_startup_files(RgBuf* b)
{
   Addr starts[512];
   Int n = VG_(am_get_segment_starts)(SkFileC, starts, 512);
   const HChar* names[16];
   RgFileId ids[16];
   Int i, j, nf = 0;
   /* Our own binary is mapped too; a rebuilt regrind still replays. */
   NSegment const* self = VG_(am_find_nsegment)((Addr)&RG_(record_start));
   const HChar* self_fn = self ? VG_(am_get_filename)(self) : NULL;
   for (i = 0; i < n && nf < 16; i++) {
      NSegment const* seg = VG_(am_find_nsegment)(starts[i]);
      const HChar* fn = seg ? VG_(am_get_filename)(seg) : NULL;
      if (!fn || (self_fn && VG_(strcmp)(fn, self_fn) == 0)) continue;
      for (j = 0; j < nf; j++)
         if (VG_(strcmp)(names[j], fn) == 0) break;
      if (j < nf) continue;
      if (!RG_(file_identify_path)(fn, &ids[nf])) continue;
      names[nf++] = fn;
   }
   RG_(buf_v)(b, nf);
   for (i = 0; i < nf; i++) {
      RG_(file_put)(b, &ids[i]);
      RG_(buf_v)(b, 0);                  /* nothing embedded */
      VG_(free)(ids[i].path);
   }
}

void RG_(record_start)(ThreadId tid)
{
   if (started) return;
   started = True;
   Addr sp = VG_(get_SP)(tid);
   NSegment const* seg = VG_(am_find_nsegment)(sp);
   tl_assert(seg);
   Addr top = seg->end + 1;

   RgBuf* b = RG_(tw_rec)(RG_REC_INIT);
   RG_(buf_s)(b, RG_VERSION);
   RG_(buf_s)(b, VERSION_STRING);
   RG_(buf_v)(b, VG_(getpid)());
   RG_(buf_v)(b, VG_(getppid)());
   struct vki_timespec ts = { 0, 0 };
   RG_SYSCALL(__NR_clock_gettime, VKI_CLOCK_REALTIME, &ts, 0, 0, 0, 0);
   RG_(buf_v)(b, (ULong)ts.tv_sec * 1000000000ULL + ts.tv_nsec);
   RG_(buf_s)(b, VG_(args_the_exename));
   Word i, argc = VG_(sizeXA)(VG_(args_for_client));
   RG_(buf_v)(b, argc + 1);
   RG_(buf_s)(b, VG_(args_the_exename));
   for (i = 0; i < argc; i++)
      RG_(buf_s)(b, *(HChar**)VG_(indexXA)(VG_(args_for_client), i));
   Word envc = 0;
   while (VG_(client_envp) && VG_(client_envp)[envc]) envc++;
   RG_(buf_v)(b, envc);
   for (i = 0; i < envc; i++) RG_(buf_s)(b, VG_(client_envp)[i]);
   const HChar* wd = VG_(get_startup_wd)();
   RG_(buf_s)(b, wd ? wd : "");
   RG_(buf_v)(b, sp);
   RG_(buf_v)(b, sp);
   RG_(buf_b)(b, (const void*)sp, top - sp);
   put_startup_files(b);
   RG_(buf_v)(b, RG_(clo_chaos) ? RG_(clo_chaos_seed) : 0);
   RG_(tw_end_record)();
   RG_(thread_set_ktid)(tid, VG_(getpid)(), VG_(getpid)());
}

/*------------------------------------------------------------*/
/*--- Syscalls                                             ---*/
/*------------------------------------------------------------*/

static void put_syscall(RgCurSys* cur, Long result);
static void put_file_for_exec(Addr path);

static void refuse(const HChar* what)
{
   RG_(fatal)("%s: regrind cannot record this yet, so the recording "
              "stops here (the trace is marked as refused and will "
              "not replay)", what);
}

/* Fds known to be regular files (reading them does not block); an fd
   number leaves the set when it is closed or replaced. */
static ULong fd_regular[1024 / 64];

static Bool fd_is_regular(Int fd)
{
   if (fd < 0 || fd >= 1024) return False;
   if (fd_regular[fd / 64] & (1ULL << (fd % 64))) return True;
   struct vg_stat st;
   if (VG_(fstat)(fd, &st) != 0 || !VKI_S_ISREG(st.mode)) return False;
   fd_regular[fd / 64] |= 1ULL << (fd % 64);
   return True;
}

static void fd_forget(UWord sysno, const UWord* args)
{
   UWord fd = sysno == __NR_close ? args[0]
            : sysno == __NR_dup2 || sysno == __NR_dup3 ? args[1] : ~0UL;
   if (sysno == __NR_close_range) VG_(memset)(fd_regular, 0, sizeof fd_regular);
   if (fd < 1024) fd_regular[fd / 64] &= ~(1ULL << (fd % 64));
}

void RG_(record_pre_syscall)(ThreadId tid, UInt sysno, UWord* args,
                             UInt nArgs)
{
   if (RG_(mode) != RG_MODE_RECORD || RG_(ending)) return;
   if (VG_(is_exiting)(tid)) return;     /* dying with the process */
   const RgSysInfo* si = RG_(sys_info)(sysno);
   HChar msg[128];

   if (si->cls == RG_SC_REFUSE) {
      VG_(sprintf)(msg, "the program called %s", si->name);
      refuse(msg);
   }
   fd_forget(sysno, args);

   Int blk = RG_(sys_may_block)(sysno);
   if (blk && (blk == 1 || !fd_is_regular((Int)args[0])))
      RG_(tw_flush_pending)();

   RgCurSys* cur = cur_of(tid);
   cur->open     = True;
   cur->tid      = tid;
   cur->sysno    = sysno;
   cur->icount   = RG_(icount);
   cur->nregions = 0;
   cur->regions.len = 0;
   UInt i;
   for (i = 0; i < 6; i++) cur->args[i] = i < nArgs ? args[i] : 0;

   if (si->cls == RG_SC_EXEC) {
      /* If it succeeds nothing of ours runs again: write it and the
         end now, and take them back if it fails. */
      RG_(tw_mark)();
      exec_pending = tid;
      put_file_for_exec(args[0]);
      put_syscall(cur, 0);
      Bool follow = RG_(exec_followed)(sysno, cur->args);
      RG_(record_end)(RG_END_EXEC, follow);
      cur->open = True;
      /* Valgrind kills the other threads first; what they do while
         dying is not part of the run. */
      RG_(ending) = True;
      if (follow) {
         RG_(handover_set)(RG_(exec_next_file)());
         return;
      }
      static Bool told;      /* execvp tries several paths */
      if (!told)
         VG_(umsg)("regrind: warning: the program calls execve, which "
                   "Valgrind does not follow (--trace-children=no or "
                   "--trace-children-skip); if it succeeds the recording "
                   "ends there and the new program runs unrecorded\n");
      told = True;
      return;
   }

   if (si->cls == RG_SC_EXIT) {
      /* Exits have no post-syscall; log them now.  The exit of one
         thread among others ends only that thread. */
      Bool last = sysno == __NR_exit_group || RG_(live_threads)() <= 1;
      if (!last) {
                  RG_(thread_exit_words)(tid, True);
         RG_(thread_exiting)(tid);
      }
      put_syscall(cur, 0);
      if (last) {
         exit_seen = True;
         exit_code = (Long)(Int)args[0];
         RG_(sched_end)();
      }
   }
}

void RG_(record_mem_write)(CorePart part, ThreadId tid, Addr a, SizeT size)
{
   if (part != Vg_CoreSysCall || size == 0 || tid == VG_INVALID_THREADID)
      return;
   RgCurSys* cur = cur_of(tid);
   if (!cur->open) return;
   RG_(buf_put)(&cur->regions, &a, sizeof a);
   RG_(buf_put)(&cur->regions, &size, sizeof size);
   cur->nregions++;
   RG_(stat_regions)++;
   RG_(stat_region_bytes) += size;
}

/* A FILE record: ID, then N bytes of the file open on FD from offset
   OFF, read in pieces (pread keeps the program's offset). */
static void put_file(RgFileId* id, Int fd, ULong off, SizeT n)
{
   if (n > RG_RECORD_MAX - 65536) {
      /* Larger than a record may be (rg_format.h): replay will need
         the file as it is now. */
      VG_(umsg)("regrind: warning: %s is %lu bytes, too many to keep in "
                "the trace; replay needs the file unchanged\n",
                id->path, n);
      n = 0;
   }
   id->emb_off = off;
   RgBuf* b = RG_(tw_rec)(RG_REC_FILE);
   RG_(file_put)(b, id);
   RG_(buf_v)(b, n);               /* the embedded bytes' blob */
   static UChar* piece;
   const SizeT piece_sz = 1 << 20;
   if (!piece) piece = VG_(malloc)("rg.emb", piece_sz);
   SizeT done = 0;
   while (done < n) {
      SizeT want = n - done < piece_sz ? n - done : piece_sz;
      SysRes r = RG_SYSCALL(__NR_pread64, fd, piece, want, off + done, 0, 0);
      SizeT got = sr_isError(r) ? 0 : sr_Res(r);
      if (got < want) VG_(memset)(piece + got, 0, want - got);  /* file shrank */
      RG_(tw_put_big)(piece, want);
      done += want;
   }
   RG_(tw_end_record)();
}

/* A file mapping: describe the file, and carry the mapped bytes when
   the file may change before replay. */
static void put_file_for_mmap(UWord len, Int fd, ULong off)
{
   RgFileId id;
   if (!RG_(file_identify_fd)(fd, &id)) return;
   SizeT n = 0;
   if (!RG_(file_is_system)(id.path) && off < id.size)
      n = id.size - off < len ? id.size - off : len;
   put_file(&id, fd, off, n);
   VG_(free)(id.path);
}

/* The program an execve starts: its identity under its absolute path,
   and its whole content unless it is a system file, so that replay can
   run it although it was built during the recording (make) or changed
   or vanished since. */
static void put_file_for_exec(Addr path)
{
   HChar given[VKI_PATH_MAX], abs[VKI_PATH_MAX + 1];
   SizeT i;
   for (i = 0; i < sizeof given; i++) {
      if (!VG_(am_is_valid_for_client)(path + i, 1, VKI_PROT_READ)) return;
      given[i] = ((const HChar*)path)[i];
      if (given[i] == 0) break;
   }
   if (i == 0 || i == sizeof given) return;
   if (given[0] == '/') {
      VG_(strcpy)(abs, given);
   } else {
      SysRes r = RG_SYSCALL(__NR_getcwd, abs, sizeof abs, 0, 0, 0, 0);
      if (sr_isError(r)
          || VG_(strlen)(abs) + 1 + VG_(strlen)(given) >= sizeof abs)
         return;
      VG_(strcat)(abs, "/");
      VG_(strcat)(abs, given);
   }
   RgFileId id;
   if (!RG_(file_identify_path)(abs, &id)) return;
   SysRes sr = VG_(open)(abs, VKI_O_RDONLY, 0);
   if (!sr_isError(sr)) {
      put_file(&id, sr_Res(sr), 0,
               RG_(file_is_system)(abs) ? 0 : id.size);
      VG_(close)(sr_Res(sr));
   }
   VG_(free)(id.path);
}

/* File data the kernel moved to the output by itself: read it back
   from the input file (its offset has moved past it) for replay to
   show.  Data from a pipe is gone; say so once. */
static void put_output(const RgCurSys* cur, Long result)
{
   const RgMove* m = RG_(fds_move)(cur->sysno);
   if (!m || result <= 0 || !RG_(fds_out)(cur->args[m->out])) return;
   Int in = (Int)cur->args[m->in];
   Addr offp = m->off < 6 ? cur->args[m->off] : 0;
   Long start = -1;
   if (m->off < 6 && offp) {
      if (VG_(am_is_valid_for_client)(offp, 8, VKI_PROT_READ))
         start = *(Long*)offp - result;
   } else if (m->off < 6) {
      SysRes r = RG_SYSCALL(__NR_lseek, in, 0, VKI_SEEK_CUR, 0, 0, 0);
      if (!sr_isError(r)) start = (Long)sr_Res(r) - result;
   }
   static UChar* piece;
   const SizeT piece_sz = 1 << 20;
   if (!piece) piece = VG_(malloc)("rg.out", piece_sz);
   SizeT want = result < (Long)piece_sz ? result : piece_sz;
   SysRes r = RG_SYSCALL(__NR_pread64, in, piece, want, start, 0, 0);
   if (result > (Long)RG_RECORD_MAX - 65536) {
      /* Larger than a record may be (rg_format.h). */
      VG_(umsg)("regrind: warning: the program moved %lld bytes to its "
                "output at once with %s, too many to keep in the trace; "
                "replay will not show them\n", result,
                RG_(sys_name)(cur->sysno));
      return;
   }
   if (start < 0 || sr_isError(r)) {
      static Bool told;
      if (!told)
         VG_(umsg)("regrind: warning: the program moved data from a pipe "
                   "to its output with %s; replay will not show that "
                   "output\n", RG_(sys_name)(cur->sysno));
      told = True;
      return;
   }
   RgBuf* b = RG_(tw_rec)(RG_REC_OUTPUT);
   RG_(buf_v)(b, result);
   SizeT done = 0;
   for (;;) {
      SizeT got = sr_isError(r) ? 0 : sr_Res(r);
      if (got < want) VG_(memset)(piece + got, 0, want - got); /* shrank */
      RG_(tw_put_big)(piece, want);
      done += want;
      if (done >= (SizeT)result) break;
      want = result - done < piece_sz ? result - done : piece_sz;
      r = RG_SYSCALL(__NR_pread64, in, piece, want, start + done, 0, 0);
   }
   RG_(tw_end_record)();
}

static Bool is_getlk(UWord cmd)
{
   return cmd == VKI_F_GETLK || cmd == VKI_F_OFD_GETLK;
}

/* Regions Valgrind's wrappers do not report (see RG_(sys_inout)). */
static void add_inout_regions(RgCurSys* cur, Long result)
{
   Int i, n;
   const RgInOut* io = RG_(sys_inout)(cur->sysno, &n);
   for (i = 0; i < n; i++) {
      Addr a = cur->args[io[i].arg];
      SizeT len = io[i].kind == RG_IO_FDSET ? ((cur->args[0] + 63) / 64) * 8
                : io[i].kind == RG_IO_TIME  ? 16
                : io[i].kind == RG_IO_SOCKLEN ? sizeof(UInt) /* socklen_t */
                : io[i].kind == RG_IO_FLOCK ? (is_getlk(cur->args[1])
                                               ? sizeof(struct vki_flock) : 0)
                : io[i].kind == RG_IO_MSGHDR ? sizeof(struct vki_msghdr)
                : io[i].kind == RG_IO_MMSGHDR
                  ? (result > 0 && result <= 1024
                     ? result * sizeof(struct vki_mmsghdr) : 0)
                : 8;
      if (a == 0 || len == 0
          || len > (io[i].kind == RG_IO_MMSGHDR ? 65536 : 1024)
          || !VG_(am_is_valid_for_client)(a, len, VKI_PROT_READ))
         continue;
      RG_(record_mem_write)(Vg_CoreSysCall, cur->tid, a, len);
   }
}

static void put_syscall(RgCurSys* cur, Long result)
{
   UInt sysno = cur->sysno;
   add_inout_regions(cur, result);
   if (sysno == __NR_mmap && result >= 0 && (cur->args[3] & 0x3) != VKI_MAP_PRIVATE)
      RG_(shared_add)(result, cur->args[1]);
   if (sysno == __NR_munmap && result == 0)
      RG_(shared_remove)(cur->args[0], cur->args[1]);
   cur->open = False;
   if (sysno == __NR_mmap && result >= 0
       && !(cur->args[3] & VKI_MAP_ANONYMOUS))
      put_file_for_mmap(cur->args[1], (Int)cur->args[4], cur->args[5]);

   ULong total = 0;
   UInt i;
   for (i = 0; i < cur->nregions; i++) {
      SizeT n;
      VG_(memcpy)(&n, cur->regions.data + i * 16 + 8, 8);
      total += n;
   }
   if (total > RG_RECORD_MAX - 65536) {
      HChar msg[160];
      VG_(sprintf)(msg, "%s wrote %llu bytes of memory at once, more than "
                   "a trace record may hold (%u MiB)", RG_(sys_name)(sysno),
                   total, RG_RECORD_MAX >> 20);
      refuse(msg);
   }

   UInt serial = RG_(serial)(cur->tid);
   RgBuf* b = RG_(tw_rec)(RG_REC_SYSCALL);
   RG_(buf_v)(b, serial);
   RG_(buf_v)(b, RG_(tw_icount_delta)(serial, cur->icount));
   RG_(buf_v)(b, sysno);
   RG_(buf_v)(b, 6);
   for (i = 0; i < 6; i++) RG_(buf_v)(b, cur->args[i]);
   RG_(buf_z)(b, result);
   RG_(buf_v)(b, cur->nregions);
   /* The kernel's bytes are still where it wrote them: the program has
      not run since. */
   for (i = 0; i < cur->nregions; i++) {
      Addr  a;
      SizeT n;
      VG_(memcpy)(&a, cur->regions.data + i * 16, 8);
      VG_(memcpy)(&n, cur->regions.data + i * 16 + 8, 8);
      RG_(buf_v)(b, a);
      RG_(buf_v)(b, n);
      RG_(tw_put_big)((const void*)a, n);
   }
   RG_(tw_end_record)();
   RG_(stat_syscalls)++;

   if (RG_(sys_info)(sysno)->name == NULL && result == -VKI_ENOSYS)
      VG_(umsg)("regrind: warning: syscall %u is unknown to Valgrind; "
                "the program got ENOSYS, and so will its replay\n", sysno);
}

void RG_(record_post_syscall)(ThreadId tid, UInt sysno, UWord* args,
                              UInt nArgs, SysRes res)
{
   if (RG_(mode) != RG_MODE_RECORD) return;
   if (exec_pending == tid) {
      /* execve failed: the program goes on, and so does the trace. */
      exec_pending = 0;
      RG_(ending) = False;
      RG_(tw_rollback)();
   }
   if (RG_(ending) || VG_(is_exiting)(tid)) return;
   RgCurSys* cur = cur_of(tid);
   if (!cur->open) return;
   if (sysno != cur->sysno) { cur->open = False; return; }
   Long result = sr_isError(res) ? -(Long)sr_Err(res) : (Long)sr_Res(res);
   if (sysno == __NR_ioctl && !sr_isError(res)
       && !RG_(ioctl_described)(cur->args[1])) {
      HChar msg[160];
      VG_(sprintf)(msg, "the program made ioctl %#lx on fd %lld, whose "
                   "memory effects Valgrind does not know; such ioctls",
                   cur->args[1], (Long)cur->args[0]);
      refuse(msg);
   }
   if (sysno == __NR_clone && result > 0 && (cur->args[0] & VKI_CLONE_THREAD)
       && RG_(last_created)) {
      ThreadId child = RG_(last_created);
      RG_(thread_set_ktid)(child, result, result);
      if (cur->args[0] & VKI_CLONE_CHILD_CLEARTID)
         RG_(thread_set_cleartid)(child, cur->args[3]);
   }
   if (sysno == __NR_set_tid_address)
      RG_(thread_set_cleartid)(tid, cur->args[0]);
   if (sysno == __NR_set_robust_list && result == 0)
      RG_(thread_set_robust)(tid, cur->args[0]);
   RG_(fds_track)(sysno, cur->args, result);
   put_output(cur, result);
   put_syscall(cur, result);
   raised_sig  = RG_(sys_raised_signal)(sysno, cur->args, result);
   raised_evno = RG_(tw_nevents);
}

/*------------------------------------------------------------*/
/*--- Nondeterministic instructions (called from code)     ---*/
/*------------------------------------------------------------*/

static void put_nondet(ULong kind, const ULong* v, Int n)
{
   UInt serial = RG_(cur_serial)();
   RgBuf* b = RG_(tw_rec)(RG_REC_NONDET);
   RG_(buf_v)(b, serial);
   RG_(buf_v)(b, RG_(tw_icount_delta)(serial, RG_(icount)));
   RG_(buf_v)(b, kind);
   RG_(buf_v)(b, n);
   Int i;
   for (i = 0; i < n; i++) RG_(buf_v)(b, v[i]);
   RG_(tw_end_record)();
   RG_(stat_nondet)++;
}

ULong RG_(nd_ret)(ULong kind)
{
   if (RG_(mode) == RG_MODE_REPLAY) return RG_(replay_nd_ret)(kind);
   ULong v = ((ULong (*)(void))RG_(nd_orig)[kind])();
   if (RG_(mode) == RG_MODE_RECORD) put_nondet(kind, &v, 1);
   return v;
}

void RG_(nd_gst)(VexGuestAMD64State* gst, ULong kind,
                 ULong a1, ULong a2, ULong a3)
{
   if (RG_(mode) == RG_MODE_REPLAY) { RG_(replay_nd_gst)(gst, kind); return; }
   ULong in = gst->guest_RAX;
   ((void (*)(VexGuestAMD64State*, ULong, ULong, ULong))
      RG_(nd_orig)[kind])(gst, a1, a2, a3);
   if (RG_(mode) != RG_MODE_RECORD) return;
   if (kind == RG_ND_CPUID) {
      if (RG_(clo_cpu_portable)) RG_(cpuid_portable)(gst, in);
      ULong v[5] = { in & 0xffffffffULL, gst->guest_RAX, gst->guest_RBX,
                     gst->guest_RCX, gst->guest_RDX };
      put_nondet(kind, v, 5);
   } else {
      ULong v[3] = { gst->guest_RAX, gst->guest_RCX, gst->guest_RDX };
      put_nondet(kind, v, 3);
   }
}

/*------------------------------------------------------------*/
/*--- Signals, threads, forks, the end                     ---*/
/*------------------------------------------------------------*/

void RG_(record_signal)(ThreadId tid, Int sigNo, Bool alt)
{
   if (RG_(mode) != RG_MODE_RECORD || RG_(ending)) return;
   if (VG_(is_exiting)(tid)) return;     /* dying with the process */
   Bool sync = sigNo == VKI_SIGSEGV || sigNo == VKI_SIGBUS
               || sigNo == VKI_SIGILL || sigNo == VKI_SIGFPE
               || sigNo == VKI_SIGTRAP;
   UInt serial = RG_(serial)(tid);
   RgBuf* b = RG_(tw_rec)(RG_REC_SIGNAL);
   RG_(buf_v)(b, serial);
   RG_(buf_v)(b, RG_(tw_icount_delta)(serial, RG_(thread_icount)(tid)));
   RG_(buf_v)(b, sigNo);
   RG_(buf_v)(b, sync ? RG_SIGF_SYNC : 0);
   RG_(tw_end_record)();
}

/* The child of a fork records into its own file, events-PID; its
   first event is the fork itself, seen from the child (result 0),
   which post_syscall writes there since the record is still open. */
void RG_(at_fork_child)(ThreadId tid)
{
   if (RG_(mode) == RG_MODE_REPLAY) { RG_(replay_fork_child)(tid); return; }
   if (RG_(mode) != RG_MODE_RECORD) return;
   RG_(sched_at_fork_child)(tid);
   RG_(thread_set_ktid)(tid, VG_(getpid)(), VG_(getpid)());
   ULong fork_ev = RG_(tw_nevents) + 1;
   RG_(tw_fork_child)(RG_(clo_trace), VG_(getpid)());
   RgBuf* b = RG_(tw_rec)(RG_REC_FORK);
   RG_(buf_v)(b, VG_(getppid)());
   RG_(buf_v)(b, VG_(getpid)());
   RG_(buf_v)(b, fork_ev);
   RG_(tw_end_record)();
}

void RG_(record_init)(void)
{
   RG_(tw_open_named)(RG_(clo_trace), RG_(cur_file));
}

void RG_(record_end)(UInt reason, Long code)
{
   RgBuf* b = RG_(tw_rec)(RG_REC_END);
   RG_(buf_v)(b, reason);
   RG_(buf_v)(b, (ULong)code);
   RG_(buf_v)(b, RG_(tw_nevents));
   RG_(buf_v)(b, RG_(n_serials)());
   RG_(buf_v)(b, RG_(thread_icount)(1));
   RG_(buf_v)(b, RG_(owner_serial)());
   RG_(buf_v)(b, RG_(icount));
   RG_(tw_end_record)();
   RG_(tw_flush)();
}

void RG_(record_fini)(Int exitcode)
{
   if (RG_(mode) != RG_MODE_RECORD) return;
   if (exit_seen) RG_(record_end)(RG_END_EXIT, exit_code);
   else {
      Int sig = RG_(fatal_signal)();
      if (sig == 0 && raised_evno == RG_(tw_nevents)) sig = raised_sig;
      RG_(record_end)(RG_END_SIGNAL, sig);
   }
   RG_(tw_close)();
}

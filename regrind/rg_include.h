/*--------------------------------------------------------------------*/
/*--- regrind: declarations shared across the tool's files.        ---*/
/*---                                                 rg_include.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __RG_INCLUDE_H
#define __RG_INCLUDE_H

#include "pub_tool_basics.h"
#include "pub_tool_vki.h"
#include "pub_tool_tooliface.h"
#include "libvex_guest_amd64.h"
#include "rg_format.h"

#define RG_(str)    VGAPPEND(vgRegrind_,str)

#define RG_VERSION  "0.1"

/* Thread ids index fixed tables; Valgrind allows up to 500 by default. */
#define RG_MAX_THREADS 1024

#include "valgrind.h"
#define RG_STR_(x)  #x
#define RG_STR(x)   RG_STR_(x)
#define VERSION_STRING \
   RG_STR(__VALGRIND_MAJOR__) "." RG_STR(__VALGRIND_MINOR__)

/* Core functions that libcoregrind exports but the public headers do
   not declare. */
extern SysRes VG_(do_syscall)(UWord sysno, RegWord, RegWord, RegWord,
                              RegWord, RegWord, RegWord, RegWord, RegWord);
#define RG_SYSCALL(n,a,b,c,d,e,f) \
   VG_(do_syscall)((n),(RegWord)(a),(RegWord)(b),(RegWord)(c), \
                   (RegWord)(d),(RegWord)(e),(RegWord)(f),0,0)
extern Int   VG_(tkill)(Int lwpid, Int signo);
/* Moves an fd into Valgrind's reserved range, out of the program's
   sight (close_range and friends cannot touch it). */
extern Int   VG_(safe_fd)(Int oldfd);
extern Bool  VG_(resolve_filename)(Int fd, const HChar** buf);
extern Bool  VG_(am_notify_mprotect)(Addr start, SizeT len, UInt prot);
extern Bool  VG_(am_is_free_or_resvn)(Addr start, SizeT len);
/* The scheduler's lock and signal poll (pub_core_scheduler.h,
   pub_core_signals.h): a thread waits for its turn without the lock,
   at points where it holds no translation. */
#define RG_VGTS_YIELDING 4           /* ThreadStatus VgTs_Yielding */
extern void  VG_(acquire_BigLock)(ThreadId tid, const HChar* who);
extern void  VG_(release_BigLock)(ThreadId tid, Int sleepstate,
                                  const HChar* who);
extern void  VG_(poll_signals)(ThreadId tid);
extern Bool  VG_(is_exiting)(ThreadId tid);
extern Int   VG_(count_living_threads)(void);
extern const HChar* VG_(name_of_launcher);

/*------------------------------------------------------------*/
/*--- Mode and options (rg_main.c)                         ---*/
/*------------------------------------------------------------*/

typedef enum { RG_MODE_NONE, RG_MODE_RECORD, RG_MODE_REPLAY } RgMode;

extern RgMode       RG_(mode);
extern const HChar* RG_(clo_trace);          /* --record=/--replay= value */
extern Bool         RG_(clo_replay_output);  /* --replay-output=yes|no   */
extern Bool         RG_(clo_compress);       /* --record-compress=yes|no */
extern Int          RG_(clo_chunk_kb);       /* --record-chunk-kb=N      */
extern Int          RG_(clo_flush_ms);       /* --record-flush-ms=N      */
extern Bool         RG_(clo_stats);          /* --regrind-stats=yes      */
extern Bool         RG_(clo_reexec);         /* internal: restarted once */
extern Bool         RG_(clo_chaos);          /* --chaos=yes|no           */
extern ULong        RG_(clo_chaos_seed);     /* --chaos-seed=N, 0 = pick */
/* True in regrind-memcheck and the other analysis tools (rg_glue.c). */
extern Bool         RG_(analysis);
/* Replay: the trace was recorded with --tool=regrind-full (rg_env.c). */
extern Bool         RG_(recorded_full);

/* Registers the engine's callbacks with the core (rg_tool.c, rg_glue.c). */
extern void RG_(register)(void);
/* A request of the preload's (helgrind's, memcheck's): the answer the
   program gets under every tool.  False for others. */
extern Bool RG_(client_request_answer)(const UWord* args, UWord* ret);

/* regrind-drd: helgrind's pthread requests said as drd's
   (rg_glue_drd.c). */
extern Bool RG_(glue_drd_request)(Bool (*drd)(ThreadId, UWord*, UWord*),
                                  ThreadId tid, UWord* args);

/* Under an analysis tool, an emulated syscall's reports (rg_events.c). */
extern void RG_(events_pre_syscall)(ThreadId tid, UInt sysno,
                                    const UWord* args);
extern void RG_(events_mem_written)(ThreadId tid, Addr a, SizeT n);
extern void RG_(events_result)(ThreadId tid);
extern Bool         RG_(clo_cpu_portable);   /* --record-cpu=portable    */
extern ULong        RG_(clo_replay_pid);     /* --replay-pid=PID, 0 = all */
extern Bool         RG_(clo_progress);       /* --replay-progress=yes|no */
extern Int          RG_(clo_progress_after_ms); /* ...-after-ms=N        */

/* rg_progress.c: a progress line during replay (--replay-progress). */
extern void RG_(progress_init)(ULong nevents);
extern void RG_(progress_event)(ULong evno);
extern void RG_(progress_clear)(void);
/* Raw bytes on the stderr regrind had at startup. */
extern void RG_(errwrite)(const HChar* buf, SizeT n);

/* "regrind: MSG\n" on stderr as it was at startup (whatever -q,
   --log-file, or the program closing its fd 2). */
extern void RG_(errmsg)(const HChar* msg);
/* Print "regrind: MSG" on stderr, finish the trace if recording and
   exit with status 1.  Never returns. */
extern void RG_(fatal)(const HChar* fmt, ...) PRINTF_CHECK(1, 2)
   __attribute__((noreturn));

/*------------------------------------------------------------*/
/*--- The heap, the same under every tool (rg_heap.c)       ---*/
/*------------------------------------------------------------*/

extern void  RG_(heap_register)(void);
extern SizeT RG_(heap_redzone)(void);
extern SizeT RG_(heap_align)(SizeT align);
extern void  RG_(heap_note)(void* p, SizeT size);
extern Bool  RG_(heap_size)(void* p, SizeT* size);
extern Bool  RG_(heap_release)(void* p);
extern void  (*RG_(heap_real_free))(void*);

/*------------------------------------------------------------*/
/*--- Instruction counting (rg_translate.c)                 ---*/
/*------------------------------------------------------------*/

/* Instructions started by the running thread.  Generated code keeps
   it exact at every block exit and before every helper that logs.
   It belongs to one thread at a time (rg_sched.c swaps it). */
extern ULong RG_(icount);
/* Blocks leave through an Ijk_Yield exit, executing nothing, once the
   running thread's count reaches this (replay: its next event; record
   with --chaos: the end of its slice). */
extern ULong RG_(stop_at);
/* That exit's target address carries this bit (guest code addresses
   never do), so that stop_client_code knows the exit was the cause. */
#define RG_STOP_TAG (1ULL << 62)
/* Called first in stop_client_code: was it that exit?  Takes the tag
   off the thread's RIP. */
extern Bool  RG_(stop_exit_taken)(ThreadId tid);
/* Add those checks to new translations at all?  (Single-threaded
   replays without async signals, and plain recordings, skip them.) */
extern Bool  RG_(stop_checks);

extern IRSB* RG_(instrument)(VgCallbackClosure* closure, IRSB* bb,
                             const VexGuestLayout* layout,
                             const VexGuestExtents* vge,
                             const VexArchInfo* archinfo_host,
                             IRType gWordTy, IRType hWordTy);

/*------------------------------------------------------------*/
/*--- Threads and the schedule (rg_sched.c)                ---*/
/*------------------------------------------------------------*/

/* The trace's name of a thread: its creation order, 1 = main. */
extern UInt  RG_(serial)(ThreadId tid);
/* The thread running now, by its trace name. */
extern UInt  RG_(cur_serial)(void);
extern UInt  RG_(n_serials)(void);
extern void  RG_(thread_created)(ThreadId parent, ThreadId child);
extern void  RG_(thread_gone)(ThreadId tid);
/* Instructions of all threads so far (statistics). */
extern ULong RG_(total_icount)(void);
/* The thread made by the clone under way (0 if none). */
extern ThreadId RG_(last_created);
/* Make RG_(icount) hold TID's count. */
extern void  RG_(own_icount)(ThreadId tid);
extern ULong RG_(thread_icount)(ThreadId tid);
/* Kernel tids: as recorded and now (replay maps tgkill targets). */
extern void  RG_(thread_set_ktid)(ThreadId tid, Long rec, Long now);
extern ThreadId RG_(thread_by_ktid)(Long rec);
/* The tid word the kernel clears when a thread exits. */
extern void  RG_(thread_set_cleartid)(ThreadId tid, Addr a);
extern void  RG_(thread_set_robust)(ThreadId tid, Addr head);
/* A thread's exit: clear its tid word and mark its robust mutexes now,
   in the program's order, not later at a racy moment (the kernel). */
extern void  RG_(thread_exit_words)(ThreadId tid, Bool wake);
extern void  RG_(thread_exiting)(ThreadId tid);
extern Int   RG_(live_threads)(void);

/* The process is ending (exit_group, last exit): no more events. */
extern Bool  RG_(ending);
extern void  RG_(sched_end)(void);

/* Record: a callback of TID shows that it holds the lock now. */
extern void  RG_(sched_note)(ThreadId tid);
/* Replay: the thread whose turn it is (a thread name). */
extern volatile UInt RG_(turn);
extern Bool  RG_(sched_alive)(UInt serial);
extern void  RG_(sched_pass_turn)(UInt serial);
/* Wait, without the big lock, until it is TID's turn. */
extern void  RG_(sched_gate)(ThreadId tid);
/* --chaos: end the running thread's slice, maybe let others run. */
extern void  RG_(chaos_init)(void);
extern void  RG_(chaos_slice)(ThreadId tid);
extern void  RG_(chaos_stopped)(ThreadId tid);
extern void  RG_(sched_at_fork_child)(ThreadId tid);

/*------------------------------------------------------------*/
/*--- Byte buffers and varints (rg_util.c)                 ---*/
/*------------------------------------------------------------*/

typedef struct {
   UChar* data;
   SizeT  len;
   SizeT  cap;
} RgBuf;

extern void  RG_(buf_init)(RgBuf* b, SizeT cap);
extern void  RG_(buf_free)(RgBuf* b);
extern void  RG_(buf_reserve)(RgBuf* b, SizeT more);
extern void  RG_(buf_put)(RgBuf* b, const void* p, SizeT n);
extern void  RG_(buf_u8)(RgBuf* b, UChar v);
extern void  RG_(buf_v)(RgBuf* b, ULong v);
extern void  RG_(buf_z)(RgBuf* b, Long v);
extern void  RG_(buf_s)(RgBuf* b, const HChar* s);
extern void  RG_(buf_b)(RgBuf* b, const void* p, SizeT n);

/* A cursor over decoded bytes.  Reading past the end sets .bad
   instead of faulting; callers check it once per record. */
typedef struct {
   const UChar* p;
   const UChar* end;
   Bool         bad;
} RgCur;

extern UChar        RG_(cur_u8)(RgCur* c);
extern ULong        RG_(cur_v)(RgCur* c);
extern Long         RG_(cur_z)(RgCur* c);
/* Returns a pointer into the chunk and its length (not NUL-ended). */
extern const UChar* RG_(cur_b)(RgCur* c, SizeT* len);
/* Copies a string into a fresh VG_(malloc) block, NUL-ended. */
extern HChar*       RG_(cur_s)(RgCur* c, const HChar* cc);


/* zlib's allocator (rg_zlib.c). */
extern void* RG_(zalloc)(void* opaque, unsigned items, unsigned size);
extern void  RG_(zfree)(void* opaque, void* p);

/*------------------------------------------------------------*/
/*--- Writing the trace (rg_trace_write.c)                 ---*/
/*------------------------------------------------------------*/

extern void  RG_(tw_open)(const HChar* dir);
extern void  RG_(tw_open_named)(const HChar* dir, const HChar* name);
/* The record being built; append fields, then RG_(tw_end_record). */
extern RgBuf* RG_(tw_rec)(UChar kind);
extern void  RG_(tw_end_record)(void);
/* Append bytes to the record being built; big ones are streamed into
   the file instead of being copied. */
extern void  RG_(tw_put_big)(const void* p, SizeT n);
extern void  RG_(tw_flush)(void);
/* Before a syscall that may block: write what is buffered. */
extern void  RG_(tw_flush_pending)(void);
extern void  RG_(tw_close)(void);
extern Bool  RG_(tw_is_open)(void);
extern void  RG_(tw_mark)(void);
extern void  RG_(tw_rollback)(void);
/* A forked child: leave the parent's file, start events-PID. */
extern void  RG_(tw_fork_child)(const HChar* dir, Int pid);
extern ULong RG_(tw_nevents);
extern ULong RG_(tw_raw_bytes), RG_(tw_stored_bytes);
/* Per-thread icount delta encoding (by thread name). */
extern ULong RG_(tw_icount_delta)(UInt serial, ULong icount);

/*------------------------------------------------------------*/
/*--- Reading the trace (rg_trace_read.c)                  ---*/
/*------------------------------------------------------------*/

typedef struct {
   UChar  kind;
   ULong  evno;        /* event number, 0 for non-events */
   UInt   tid;         /* thread name (RG_(serial)) */
   ULong  icount;      /* absolute */
   RgCur  body;        /* fields after tid and icount */
} RgRec;

extern void  RG_(tr_open)(const HChar* dir);
/* Another file of the trace (a forked child's). */
extern void  RG_(tr_open_file)(const HChar* dir, const HChar* name);
/* Next record, or False at the end of the trace.  Damage is fatal. */
extern Bool  RG_(tr_next)(RgRec* r);
/* Peek without consuming. */
extern Bool  RG_(tr_peek)(RgRec* r);
extern Bool  RG_(tr_saw_end);          /* an END record was read */
extern ULong RG_(tr_end_reason);       /* its RG_END_* reason    */
extern ULong RG_(tr_nevents);          /* events read so far     */
extern void  RG_(tr_close)(void);

/*------------------------------------------------------------*/
/*--- Files (rg_files.c)                                   ---*/
/*------------------------------------------------------------*/

typedef struct {
   HChar* path;
   ULong  size, mtime, mtime_ns, dev, ino, hash;
   ULong  emb_off;
   const UChar* emb;     /* replay: the embedded bytes read back */
   SizeT  emb_len;
} RgFileId;

/* Identity of the file open on fd (record).  False if not a file. */
extern Bool  RG_(file_identify_fd)(Int fd, RgFileId* id);
extern Bool  RG_(file_identify_path)(const HChar* path, RgFileId* id);
extern Bool  RG_(file_is_system)(const HChar* path);
extern void  RG_(file_put)(RgBuf* b, const RgFileId* id);
extern void  RG_(file_get)(RgCur* c, RgFileId* id);
/* Replay: a private copy of a file the trace holds whole; its path. */
extern const HChar* RG_(file_copy_private)(const RgFileId* id);
/* Replay: True if PATH now has the recorded size and hash. */
extern Bool  RG_(file_verify)(const RgFileId* id, RgFileId* now);
/* The packed copy of the file in the trace (regrind pack), or NULL. */
extern const HChar* RG_(file_packed)(const RgFileId* id);

/*------------------------------------------------------------*/
/*--- Syscall table (rg_syscalls.c)                        ---*/
/*------------------------------------------------------------*/

/* What replay does with a syscall. */
typedef enum {
   RG_SC_EMU = 0,     /* skip the kernel, give the recorded result  */
   RG_SC_REAL,        /* run it; it shapes the process              */
   RG_SC_MMAP,        /* run at the recorded address, real file     */
   RG_SC_TIDRES,      /* run it, then give the recorded result      */
   RG_SC_SELFSIG,     /* run if it signals this process, else emu   */
   RG_SC_FORK,        /* fork/vfork syscalls: replay emulates them  */
   RG_SC_WAIT,        /* wait4: real when it reaps a replayed child */
   RG_SC_EXEC,        /* record: flush first; replay: stop there    */
   RG_SC_EXIT,        /* exit, exit_group                           */
   RG_SC_THREAD,      /* clone: a thread is refused; a fork runs,
                         and the child replays its own file        */
   RG_SC_REFUSE       /* cannot be recorded faithfully              */
} RgSysClass;

typedef struct {
   const HChar* name;
   UChar        nargs;
   UChar        cls;
} RgSysInfo;

extern const RgSysInfo* RG_(sys_info)(UWord sysno);
extern const HChar*     RG_(sys_name)(UWord sysno);
/* FDSET: fd_set of a[0] bits; TIME: a timespec; LOFF: a loff_t;
   FLOCK: a struct flock, when the command a[1] is a GETLK one. */
typedef enum { RG_IO_FDSET, RG_IO_TIME, RG_IO_LOFF, RG_IO_FLOCK,
               RG_IO_SOCKLEN, RG_IO_MSGHDR, RG_IO_MMSGHDR } RgInOutKind;
typedef struct { UShort sysno; UChar arg; UChar kind; } RgInOut;
/* The in/out arguments of SYSNO that need recording by hand: a run of
   *n entries, or NULL. */
extern const RgInOut*   RG_(sys_inout)(UWord sysno, Int* n);
/* The signal the kernel sent the caller because SYSNO failed with
   RESULT (SIGPIPE after EPIPE, SIGXFSZ after EFBIG), or 0. */
extern Int              RG_(sys_raised_signal)(UWord sysno, const UWord* a,
                                               Long result);
/* A result bounded by an argument: COUNT, result <= args[len]; BUF,
   also the kernel wrote only inside args[buf] .. + args[len]; FILL,
   also exactly the result's number of bytes; IOV and IOVBUF, as COUNT
   and BUF with args[buf] an iovec array of args[len]. */
typedef enum { RG_RA_COUNT, RG_RA_BUF, RG_RA_FILL, RG_RA_IOV,
               RG_RA_IOVBUF } RgResArgKind;
typedef struct { UShort sysno; UChar buf, len, kind; } RgResArg;
extern const RgResArg*  RG_(sys_resarg)(UWord sysno);
/* May SYSNO wait long?  0 no, 1 yes, 2 if fd argument 0 is not a
   regular file. */
extern Int              RG_(sys_may_block)(UWord sysno);
/* Does Valgrind know what this ioctl writes? */
extern Bool             RG_(ioctl_described)(UWord req);

/*------------------------------------------------------------*/
/*--- Record (rg_record.c) and replay (rg_replay.c)        ---*/
/*------------------------------------------------------------*/

extern void RG_(record_init)(void);
extern void RG_(record_start)(ThreadId tid);
extern void RG_(record_fini)(Int exitcode);
extern void RG_(record_pre_syscall)(ThreadId tid, UInt sysno,
                                    UWord* args, UInt nArgs);
extern void RG_(record_post_syscall)(ThreadId tid, UInt sysno,
                                     UWord* args, UInt nArgs, SysRes res);
extern void RG_(record_mem_write)(CorePart part, ThreadId tid,
                                  Addr a, SizeT size);
extern void RG_(record_signal)(ThreadId tid, Int sigNo, Bool alt);
extern void RG_(record_end)(UInt reason, Long code);
/* Registered with VG_(atfork) in both modes. */
extern void RG_(at_fork_child)(ThreadId tid);

extern void RG_(replay_init)(void);
extern void RG_(replay_start)(ThreadId tid);
extern void RG_(replay_fini)(Int exitcode);
extern void RG_(replay_pre_syscall)(ThreadId tid, UInt sysno,
                                    UWord* args, UInt nArgs);
extern void RG_(replay_post_syscall)(ThreadId tid, UInt sysno,
                                     UWord* args, UInt nArgs, SysRes res);
extern void RG_(replay_signal)(ThreadId tid, Int sigNo, Bool alt);
extern void RG_(replay_fork_child)(ThreadId tid);
/* Replay: a thread left generated code (stop_client_code). */
extern void RG_(replay_stopped)(ThreadId tid, Bool hit);
/* Replay: recompute RG_(stop_at) for the thread whose turn it is. */
extern void RG_(replay_update_stop)(void);
/* rg_env.c: restart with the recorded environment if it differs. */
struct _XArray;
extern void RG_(replay_env_check)(struct _XArray* env);
extern ULong RG_(replay_nd_ret)(ULong kind);
/* rg_cpu.c: --record-cpu=portable masks the CPUID result of leaf IN
   in the guest registers to the amd64 baseline. */
extern void  RG_(cpuid_portable)(VexGuestAMD64State* gst, ULong in);
/* rg_cpu.c: replay refuses (fatal) a trace file whose CPUID records
   show a feature this host's Valgrind does not offer. */
extern void  RG_(cpu_check)(void);
extern void  RG_(replay_nd_gst)(VexGuestAMD64State* gst, ULong kind);

/* Called from generated code. */
extern UWord RG_(replay_syscall)(VexGuestAMD64State* gst);
extern ULong RG_(nd_ret)(ULong kind);
extern void  RG_(nd_gst)(VexGuestAMD64State* gst, ULong kind,
                         ULong a1, ULong a2, ULong a3);
/* Original helper of each RG_ND_* kind, filled in by the IR pass. */
extern void* RG_(nd_orig)[RG_ND_N];

/*------------------------------------------------------------*/
/*--- Shared mappings (rg_shared.c)                        ---*/
/*------------------------------------------------------------*/

extern Bool  RG_(shared_active);      /* instrument loads at all     */
extern Addr  RG_(shared_lo), RG_(shared_span);
extern ULong RG_(stat_shared_loads);
extern void  RG_(shared_add)(Addr a, SizeT len);
extern void  RG_(shared_remove)(Addr a, SizeT len);
extern void  RG_(shared_load)(Addr a, ULong size, ULong base, ULong k);
extern void  RG_(shared_instrument_load)(IRSB* sb, IRExpr* addr, Int size,
                                         IRExpr* guard, IRTemp base,
                                         UInt k);
extern void  RG_(replay_load)(Addr a, SizeT size, ULong icount);
extern void  RG_(replay_load_val)(Addr a, SizeT size, ULong icount,
                                  ULong* v);
extern ULong RG_(shared_load_val)(Addr a, ULong size, ULong base, ULong k);
extern void  RG_(shared_cas_log)(Addr a, ULong size, ULong base, ULong k,
                                 ULong old);
extern Bool  RG_(shared_instrument_scalar)(IRSB* sb, IRTemp dst, IRExpr* ld,
                                           IRTemp base, UInt k);
extern void  RG_(shared_instrument_cas_after)(IRSB* sb, IRCAS* cas,
                                              Int size, IRTemp base, UInt k);

/*------------------------------------------------------------*/
/*--- Across execve (rg_exec.c)                            ---*/
/*------------------------------------------------------------*/

/* The trace file of this process: "events", "events-PID" (a forked
   child), "....exec" (the program after an execve). */
extern const HChar* RG_(cur_file);
/* --regrind-handover=... (internal, see rg_exec.c), or NULL. */
extern const HChar* RG_(clo_handover);
/* Follow execve by default, warn at record when told not to. */
extern void         RG_(exec_setup)(Bool handed_over);
/* Will Valgrind follow this execve (args as the syscall got them)? */
extern Bool         RG_(exec_followed)(UInt sysno, const UWord* args);
extern const HChar* RG_(exec_next_file)(void);
/* Before an execve (or a restart): hand FILE over to the next regrind. */
extern void         RG_(handover_set)(const HChar* file);
extern Bool         RG_(handover_take)(void);
extern Bool         RG_(is_trace_file_name)(const HChar* name);

/*------------------------------------------------------------*/
/*--- The output fds (rg_fds.c)                            ---*/
/*------------------------------------------------------------*/

#define RG_OUT_STDOUT 1
#define RG_OUT_STDERR 2
/* Follow SYSNO's effect on which fds are the recorded stdout/stderr. */
extern void         RG_(fds_track)(UInt sysno, const UWord* a, Long result);
/* RG_OUT_STDOUT, RG_OUT_STDERR, or 0 if FD is neither. */
extern Int          RG_(fds_out)(UWord fd);
/* A syscall that moves file data to an fd inside the kernel: argument
   indexes of its input fd, input offset pointer (6: none) and output. */
typedef struct { UShort sysno; UChar in, off, out; } RgMove;
extern const RgMove* RG_(fds_move)(UInt sysno);
/* The table as a string for the program after an execve, and back. */
extern const HChar* RG_(fds_encode)(void);
extern void         RG_(fds_decode)(const HChar* s);

/*------------------------------------------------------------*/
/*--- Replay status of all processes (rg_status.c)        ---*/
/*------------------------------------------------------------*/

extern void RG_(status_create)(void);
extern void RG_(status_adopt)(Int sfd, Int hfd, Int rfd);
extern void RG_(status_pass)(Int* sfd, Int* hfd, Int* rfd);
extern void RG_(status_fork_child)(void);
extern void RG_(status_started)(Long rec_pid);
extern void RG_(status_ended)(void);
extern void RG_(status_failed)(const HChar* msg);
/* Top-level: wait until every replaying descendant has exited. */
extern void RG_(status_wait_all)(void);
/* Top-level: wait for all, fail (exit 1) if any part did not replay. */
extern void RG_(status_final)(void);

/*------------------------------------------------------------*/
/*--- Trace directories and errors (rg_main.c, rg_errno.c) ---*/
/*------------------------------------------------------------*/

/* The id of this recording: every file of the trace carries it. */
extern ULong RG_(trace_id);
/* Call FN for each name in DIR (not . and ..). */
extern void  RG_(dir_each)(const HChar* dir,
                           void (*fn)(const HChar* name, void* arg),
                           void* arg);
/* The trace id in the header of DIR/NAME; False if not a trace file. */
extern Bool  RG_(trace_file_id)(const HChar* dir, const HChar* name,
                                ULong* id);
/* "Permission denied (EACCES)" for 13 or -13. */
extern const HChar* RG_(errstr)(Long err);

#define RG_O_DIRECTORY  0200000
#define RG_O_NOFOLLOW   0400000
#define RG_O_CLOEXEC   02000000

/* rg_core.c: the signal that killed the program (at fini), or 0. */
extern UInt         RG_(owner_serial)(void);
extern Int          RG_(fatal_signal)(void);

/* Statistics (--regrind-stats=yes). */
extern ULong RG_(stat_syscalls), RG_(stat_emulated), RG_(stat_nondet),
             RG_(stat_regions), RG_(stat_region_bytes);

/*------------------------------------------------------------*/
/*--- Time in gdb (rg_gdb.c)                               ---*/
/*------------------------------------------------------------*/

#include "pub_tool_gdbserver.h"

extern const HChar* RG_(clo_stop_at);        /* --replay-stop-at=      */
extern Int          RG_(clo_precise);        /* --replay-precise=, -1  */
/* Every instruction keeps RG_(icount) and can stop (rg_translate.c). */
extern Bool         RG_(precise);
/* The count of the running thread's stop for gdb (~0: none): blocks
   leave before the instruction that would pass it. */
extern ULong        RG_(gdb_stop_at);
/* Bounds of the watched ranges: stores in [lo, lo+span) are checked. */
extern Addr         RG_(watch_lo), RG_(watch_span);
extern void RG_(gdb_post_clo_init)(void);
extern void RG_(gdb_filter_stop)(void);
extern void RG_(gdb_check_stop)(ThreadId tid);
extern void RG_(gdb_event)(const RgRec* r);
extern Bool RG_(gdb_watchpoint)(PointKind kind, Bool insert, Addr addr,
                                SizeT len);
extern void RG_(watch_store)(Addr a, ULong size, ULong val, ULong known);
extern Bool RG_(gdb_monitor)(ThreadId tid, HChar* req);

#endif /* __RG_INCLUDE_H */

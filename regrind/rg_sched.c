/*--------------------------------------------------------------------*/
/*--- regrind: threads and the schedule.                rg_sched.c ---*/
/*--------------------------------------------------------------------*/

/* Valgrind runs one thread at a time, the one holding its big lock.
   Everything a thread does that regrind sees (a callback, a helper
   called from its code) happens while it holds the lock, so the order
   of those things is the order of the run.

   Record notes each change of the lock holder as a SCHED event: thread
   T ran to instruction count N, then thread U took over.

   Replay lets one thread run at a time, the one whose "turn" it is; the
   others wait on a futex word of their own with the big lock released,
   at points where they hold no translation (a new thread before its
   first instruction, any thread just after it left generated code),
   so that whatever the running thread does to the translation table
   cannot hurt them.  Generated code leaves a block, executing nothing,
   once the thread's count reaches RG_(stop_at), the count of its next
   event; a SCHED there passes the turn to the recorded next thread and
   wakes it: one futex wake and one wait per handoff.

   Threads are named by creation order (1 = main), which a faithful
   replay reproduces; Valgrind's ThreadIds are reused in a racy order
   (a slot frees when the dead thread's kernel thread is gone), so they
   never reach the trace.

   --chaos=yes (record) perturbs the schedule: random slices, random
   priorities, as rr's chaos mode does, so that rare interleavings come
   up in fewer attempts. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_machine.h"
#include "pub_tool_vkiscnums.h"
#include "rg_include.h"

typedef struct {
   UInt  serial;           /* trace name; 0 = slot not in use        */
   ULong icount;           /* while RG_(icount) holds another's      */
   Addr  clear_tid;        /* CLONE_CHILD_CLEARTID / set_tid_address */
   Addr  robust;           /* set_robust_list head                   */
   Long  ktid_rec;         /* kernel tid as recorded                 */
   Long  ktid_now;         /* replay: kernel tid now                 */
   volatile UInt gate;     /* replay: futex word the thread waits on */
   Bool  exiting;          /* its exit syscall is under way          */
   Bool  gone;             /* its kernel thread is gone              */
   UInt  prio;             /* chaos: 0 = high, larger = lower        */
} RgThread;

static RgThread th[RG_MAX_THREADS];
static ThreadId owner = 1;            /* whose count RG_(icount) is  */
static UInt     serials;              /* highest thread name so far  */
static ThreadId* tid_of;              /* thread name -> ThreadId     */
static UInt      tid_of_cap;

ThreadId      RG_(last_created);
volatile UInt RG_(turn) = 1;
Bool          RG_(ending);
ULong         RG_(stop_at) = ~0ULL;
Bool          RG_(stop_checks);

Bool RG_(stop_exit_taken)(ThreadId tid)
{
   Addr ip = VG_(get_IP)(tid);
   if (!(ip & RG_STOP_TAG)) return False;
   ULong clean = ip & ~RG_STOP_TAG;
   VG_(set_shadow_regs_area)(tid, 0, offsetof(VexGuestAMD64State, guest_RIP),
                             sizeof clean, (const UChar*)&clean);
   return True;
}

static RgThread* T(ThreadId tid)
{
   if (tid == VG_INVALID_THREADID || tid >= RG_MAX_THREADS)
      RG_(fatal)("thread id %u is out of regrind's range (at most %d "
                 "threads at once)", tid, RG_MAX_THREADS - 1);
   return &th[tid];
}

/*------------------------------------------------------------*/
/*--- Names, counts, kernel tids                           ---*/
/*------------------------------------------------------------*/

UInt RG_(serial)(ThreadId tid)
{
   return tid < RG_MAX_THREADS ? th[tid].serial : 0;
}

/* Record: the thread whose count RG_(icount) is: the last one seen
   holding the lock. */
UInt RG_(owner_serial)(void)
{
   return th[owner].serial;
}

UInt RG_(cur_serial)(void)
{
   return RG_(serial)(VG_(get_running_tid)());
}

UInt RG_(n_serials)(void)
{
   return serials;
}

static ThreadId tid_of_serial(UInt s)
{
   return s < tid_of_cap ? tid_of[s] : VG_INVALID_THREADID;
}

void RG_(thread_created)(ThreadId parent, ThreadId child)
{
   RgThread* c = T(child);
   if (serials + 1 >= RG_MAX_SERIAL)
      RG_(fatal)("the program created more than %u threads, more than a "
                 "trace can name", RG_MAX_SERIAL - 1);
   VG_(memset)(c, 0, sizeof *c);
   c->serial = ++serials;
   if (c->serial >= tid_of_cap) {
      UInt n = tid_of_cap ? 2 * tid_of_cap : 64;
      tid_of = VG_(realloc)("rg.sched", tid_of, n * sizeof *tid_of);
      VG_(memset)(tid_of + tid_of_cap, 0, (n - tid_of_cap) * sizeof *tid_of);
      tid_of_cap = n;
   }
   tid_of[c->serial] = child;
   RG_(last_created) = parent == VG_INVALID_THREADID ? 0 : child;
}

static ULong gone_icount;       /* instructions of threads gone */

/* The slot keeps the name until Valgrind reuses it: the SCHED that
   follows a thread's exit still names it. */
void RG_(thread_gone)(ThreadId tid)
{
   RgThread* t = T(tid);
   if (t->serial && !t->gone) gone_icount += RG_(thread_icount)(tid);
   t->gone = True;
   t->exiting = True;
}

ULong RG_(total_icount)(void)
{
   ULong n = gone_icount;
   ThreadId t;
   for (t = 1; t < RG_MAX_THREADS; t++)
      if (th[t].serial && !th[t].gone) n += RG_(thread_icount)(t);
   return n;
}

void RG_(own_icount)(ThreadId tid)
{
   if (tid == owner || tid == VG_INVALID_THREADID) return;
   T(owner)->icount = RG_(icount);
   RG_(icount) = T(tid)->icount;
   owner = tid;
}

ULong RG_(thread_icount)(ThreadId tid)
{
   return tid == owner ? RG_(icount) : T(tid)->icount;
}

void RG_(thread_set_ktid)(ThreadId tid, Long rec, Long now)
{
   T(tid)->ktid_rec = rec;
   T(tid)->ktid_now = now;
}

ThreadId RG_(thread_by_ktid)(Long rec)
{
   ThreadId t;
   for (t = 1; t < RG_MAX_THREADS; t++)
      if (th[t].serial && th[t].ktid_rec == rec && !th[t].exiting) return t;
   return VG_INVALID_THREADID;
}

void RG_(thread_set_cleartid)(ThreadId tid, Addr a)
{
   T(tid)->clear_tid = a;
}

void RG_(thread_set_robust)(ThreadId tid, Addr head)
{
   T(tid)->robust = head;
}

/* A thread's last words, as the kernel writes them when the kernel
   thread is gone: zero its CLONE_CHILD_CLEARTID word, and mark the
   robust mutexes it still holds "owner died", waking a waiter of
   each.  Under Valgrind that happens after the big lock was given up,
   at a moment no other thread can predict, and at replay the kernel
   would compare mutex owners with the real tid, not the recorded one
   the program wrote.  So regrind does it at the exit syscall, with the
   recorded tid, in both modes, and unregisters both from the kernel.
   The thread runs no more program code, on a stack of Valgrind's. */
#define RG_FUTEX_WAITERS     0x80000000u
#define RG_FUTEX_OWNER_DIED  0x40000000u
#define RG_FUTEX_TID_MASK    0x3fffffffu

/* Store V at W and wake one waiter (record only: at replay futex
   waits are emulated). */
static void put_word(Addr w, UInt v, Bool wake)
{
   *(volatile UInt*)w = v;
   if (wake) RG_SYSCALL(__NR_futex, w, VKI_FUTEX_WAKE, 1, 0, 0, 0);
}

static Bool word_ok(Addr w)
{
   return w != 0 && VG_(am_is_valid_for_client)(w, 4,
                                                 VKI_PROT_READ | VKI_PROT_WRITE);
}

static void robust_one(Addr w, UInt tid, Bool wake)
{
   if (!word_ok(w)) return;
   UInt v = *(volatile UInt*)w;
   if ((v & RG_FUTEX_TID_MASK) != tid) return;
   put_word(w, (v & RG_FUTEX_WAITERS) | RG_FUTEX_OWNER_DIED,
            wake && (v & RG_FUTEX_WAITERS));
}

void RG_(thread_exit_words)(ThreadId tid, Bool wake)
{
   RgThread* t = T(tid);
   Addr head = t->robust, ctid = t->clear_tid;
   RG_SYSCALL(__NR_set_robust_list, 0, 24, 0, 0, 0, 0);
   RG_SYSCALL(__NR_set_tid_address, 0, 0, 0, 0, 0, 0);
   t->robust = t->clear_tid = 0;
   /* struct robust_list_head { next; long futex_offset; pending; } */
   if (head && VG_(am_is_valid_for_client)(head, 24, VKI_PROT_READ)) {
      UInt  me      = (UInt)t->ktid_rec;
      Long  off     = ((Long*)head)[1];
      Addr  pending = ((Addr*)head)[2];
      Addr  e       = ((Addr*)head)[0];
      Int   n;
      for (n = 0; e != head && e != 0 && n < 2048; n++) {
         if (!VG_(am_is_valid_for_client)(e, 8, VKI_PROT_READ)) break;
         Addr next = *(Addr*)e;
         if (e != pending) robust_one(e + off, me, wake);
         e = next;
      }
      if (pending) robust_one(pending + off, me, wake);
   }
   if (word_ok(ctid)) put_word(ctid, 0, wake);
}

void RG_(thread_exiting)(ThreadId tid)
{
   T(tid)->exiting = True;
}

Int RG_(live_threads)(void)
{
   return VG_(count_living_threads)();
}

/*------------------------------------------------------------*/
/*--- Record: who holds the lock                           ---*/
/*------------------------------------------------------------*/

void RG_(sched_note)(ThreadId tid)
{
   if (tid == owner || tid == VG_INVALID_THREADID || RG_(ending)) return;
   /* A thread dying with the process (a fatal signal) runs no more of
      the program: not a switch. */
   if (VG_(is_exiting)(tid)) return;
   RgThread* from = T(owner);
   if (from->serial && RG_(tw_is_open)()) {
      RgBuf* b = RG_(tw_rec)(RG_REC_SCHED);
      RG_(buf_v)(b, from->serial);
      RG_(buf_v)(b, RG_(tw_icount_delta)(from->serial, RG_(icount)));
      RG_(buf_v)(b, T(tid)->serial);
      RG_(tw_end_record)();
   }
   RG_(own_icount)(tid);
   if (RG_(clo_chaos)) RG_(chaos_slice)(tid);
}

/* exit_group or the last exit: what other threads do from here on is
   their death, not part of the run. */
void RG_(sched_end)(void)
{
   ThreadId t;
   RG_(ending) = True;
   RG_(stop_at) = 0;
   for (t = 1; t < RG_MAX_THREADS; t++) {
      if (!th[t].serial) continue;
      th[t].gate++;
      RG_SYSCALL(__NR_futex, &th[t].gate, (VKI_FUTEX_WAKE | VKI_FUTEX_PRIVATE_FLAG),
                 0x7fffffff, 0, 0, 0);
   }
}

/*------------------------------------------------------------*/
/*--- Replay: turns                                        ---*/
/*------------------------------------------------------------*/

Bool RG_(sched_alive)(UInt serial)
{
   ThreadId t = tid_of_serial(serial);
   return t != VG_INVALID_THREADID && th[t].serial == serial
          && !th[t].exiting;
}

void RG_(sched_pass_turn)(UInt serial)
{
   ThreadId t = tid_of_serial(serial);
   RG_(turn) = serial;
   if (t == VG_INVALID_THREADID || th[t].serial != serial) return;
   th[t].gate++;
   RG_SYSCALL(__NR_futex, &th[t].gate, (VKI_FUTEX_WAKE | VKI_FUTEX_PRIVATE_FLAG), 1, 0, 0, 0);
}

void RG_(sched_gate)(ThreadId tid)
{
   RgThread* t = T(tid);
   if (t->exiting) return;
   if (RG_(turn) != t->serial && !RG_(ending)) {
      VG_(release_BigLock)(tid, RG_VGTS_YIELDING, "regrind: not its turn");
      /* The wait times out now and then: a signal's default action
         may kill the process (the core marks every thread exiting and
         waits for them), and nothing wakes the gate then. */
      while (RG_(turn) != t->serial && !RG_(ending)
             && !VG_(is_exiting)(tid)) {
         UInt seen = t->gate;
         struct vki_timespec tmo = { 0, 100 * 1000 * 1000 };
         if (RG_(turn) == t->serial || RG_(ending)) break;
         RG_SYSCALL(__NR_futex, &t->gate,
                    (VKI_FUTEX_WAIT | VKI_FUTEX_PRIVATE_FLAG), seen,
                    (UWord)&tmo, 0, 0);
      }
      VG_(acquire_BigLock)(tid, "regrind: its turn");
   }
   if (RG_(ending) || VG_(is_exiting)(tid)) { RG_(stop_at) = 0; return; }
   RG_(own_icount)(tid);
   RG_(replay_update_stop)();
}

/* In a forked child only the forking thread goes on. */
void RG_(sched_at_fork_child)(ThreadId tid)
{
   ThreadId t;
   for (t = 1; t < RG_MAX_THREADS; t++)
      if (t != tid && th[t].serial) th[t].exiting = True;
   RG_(turn) = T(tid)->serial;
   owner = tid;
}

/*------------------------------------------------------------*/
/*--- Chaos (record)                                       ---*/
/*------------------------------------------------------------*/

/* xorshift64*: the seed is in the trace, so a run can be redone. */
static ULong chaos_state;

static ULong chaos_rand(void)
{
   chaos_state ^= chaos_state >> 12;
   chaos_state ^= chaos_state << 25;
   chaos_state ^= chaos_state >> 27;
   return chaos_state * 0x2545F4914F6CDD1DULL;
}

void RG_(chaos_init)(void)
{
   if (RG_(clo_chaos_seed) == 0) {
      ULong s = 0;
      RG_SYSCALL(__NR_getrandom, &s, sizeof s, 0, 0, 0, 0);
      if (s == 0) s = ((ULong)VG_(getpid)() << 32) ^ VG_(read_millisecond_timer)();
      /* positive, so that --chaos-seed=N can take it back */
      RG_(clo_chaos_seed) = (s & 0x7fffffffffffffffULL) | 1;
   }
   chaos_state = RG_(clo_chaos_seed);
   RG_(stop_checks) = True;
}

/* A new slice for the running thread, log-uniform from 16 to 256k
   instructions: short ones land in short race windows, long ones let
   a thread get far ahead.  Priorities change now and then. */
void RG_(chaos_slice)(ThreadId tid)
{
   if (tid != VG_INVALID_THREADID && (chaos_rand() & 15) == 0)
      T(tid)->prio = chaos_rand() % 3;
   ULong r = chaos_rand();
   UInt  e = 4 + (UInt)(r % 14);               /* 2^4 .. 2^17 */
   RG_(stop_at) = RG_(icount) + (1ULL << e) + ((r >> 8) & ((1ULL << e) - 1));
}

/* The slice ended: give the lock up for a while, longer for low
   priority threads, so that others get to run (or starve). */
void RG_(chaos_stopped)(ThreadId tid)
{
   if (RG_(ending) || VG_(is_exiting)(tid) || RG_(live_threads)() < 2) {
      RG_(chaos_slice)(tid);
      return;
   }
   RgThread* t = T(tid);
   ULong r = chaos_rand();
   VG_(release_BigLock)(tid, RG_VGTS_YIELDING, "regrind: chaos");
   if (t->prio == 0 && (r & 3) != 0) {
      RG_SYSCALL(__NR_sched_yield, 0, 0, 0, 0, 0, 0);
   } else {
      struct vki_timespec ts = { 0, (Long)((r >> 8) % (50000 * (t->prio + 1))) };
      RG_SYSCALL(__NR_nanosleep, &ts, 0, 0, 0, 0, 0);
   }
   VG_(acquire_BigLock)(tid, "regrind: chaos");
   /* The lock may have passed to others: they noted it; so do we. */
   RG_(sched_note)(tid);
   RG_(chaos_slice)(tid);
}

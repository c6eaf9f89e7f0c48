/*--------------------------------------------------------------------*/
/*--- regrind: helgrind's pthread requests, said to drd.           ---*/
/*---                                                rg_glue_drd.c ---*/
/*--------------------------------------------------------------------*/

/* The recording's preload carries helgrind's pthread wrappers (one
   preload for every tool: rg_glue.c).  drd has wrappers of its own and
   knows nothing of helgrind's requests, so under regrind-drd each of
   them is turned into the drd requests drd's own wrapper would make at
   that point (a table).  Two need state: a condition wait, which
   helgrind brackets with an unlock and a lock of the mutex and drd
   takes as one request each side; and the thread ids drd wants from
   every thread (helgrind's wrapper gives new threads', the main thread
   says nothing: its pthread_t is its FS base on amd64). */

#include "pub_tool_basics.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_machine.h"
#include "pub_tool_threadstate.h"
#include "helgrind.h"
#include "drd_clientreq.h"
#include "rg_include.h"

/* How a drd request's arguments come from helgrind's (a0, a1, a2). */
enum { D_NONE, D_A0, D_A0_TYPE, D_A0_TYPE_A1, D_A0_A1, D_A0_ONE,
       D_A0_TYPE_ONE, D_A0_ZERO_A1, D_RW_A0, D_RW_A0_A2, D_RW_A0_ONE };

static const struct {
   UWord hg;
   UWord drd1; Int args1;     /* first drd request */
   UWord drd2; Int args2;     /* second, or 0 */
} table[] = {
#define HG(x) _VG_USERREQ__HG_##x
   { HG(PTHREAD_CREATE_BEGIN),  VG_USERREQ__ENTERING_PTHREAD_CREATE, D_NONE, 0, 0 },
   { HG(PTHREAD_CREATE_END),    VG_USERREQ__LEFT_PTHREAD_CREATE, D_NONE, 0, 0 },
   { HG(PTHREAD_JOIN_POST),     VG_USERREQ__POST_THREAD_JOIN, D_A0, 0, 0 },
   { HG(PTHREAD_MUTEX_INIT_POST), VG_USERREQ__PRE_MUTEX_INIT, D_A0_TYPE,
                                VG_USERREQ__POST_MUTEX_INIT, D_A0 },
   { HG(PTHREAD_MUTEX_DESTROY_PRE), VG_USERREQ__PRE_MUTEX_DESTROY, D_A0,
                                VG_USERREQ__POST_MUTEX_DESTROY, D_A0_TYPE },
   { HG(PTHREAD_MUTEX_LOCK_PRE), VG_USERREQ__PRE_MUTEX_LOCK, D_A0_TYPE_A1, 0, 0 },
   { HG(PTHREAD_MUTEX_ACQUIRE_PRE), VG_USERREQ__PRE_MUTEX_LOCK, D_A0_TYPE_A1, 0, 0 },
   { HG(PTHREAD_MUTEX_LOCK_POST), VG_USERREQ__POST_MUTEX_LOCK, D_A0_A1, 0, 0 },
   { HG(PTHREAD_MUTEX_ACQUIRE_POST), VG_USERREQ__POST_MUTEX_LOCK, D_A0_ONE, 0, 0 },
   { HG(PTHREAD_MUTEX_UNLOCK_PRE), VG_USERREQ__PRE_MUTEX_UNLOCK, D_A0_TYPE, 0, 0 },
   { HG(PTHREAD_MUTEX_UNLOCK_POST), VG_USERREQ__POST_MUTEX_UNLOCK, D_A0, 0, 0 },
   { HG(PTHREAD_COND_INIT_POST), VG_USERREQ__PRE_COND_INIT, D_A0,
                                VG_USERREQ__POST_COND_INIT, D_A0 },
   { HG(PTHREAD_COND_DESTROY_PRE), VG_USERREQ__PRE_COND_DESTROY, D_A0,
                                VG_USERREQ__POST_COND_DESTROY, D_A0_ONE },
   { HG(PTHREAD_COND_SIGNAL_PRE), VG_USERREQ__PRE_COND_SIGNAL, D_A0, 0, 0 },
   { HG(PTHREAD_COND_SIGNAL_POST), VG_USERREQ__POST_COND_SIGNAL, D_A0, 0, 0 },
   { HG(PTHREAD_COND_BROADCAST_PRE), VG_USERREQ__PRE_COND_BROADCAST, D_A0, 0, 0 },
   { HG(PTHREAD_COND_BROADCAST_POST), VG_USERREQ__POST_COND_BROADCAST, D_A0, 0, 0 },
   { HG(PTHREAD_RWLOCK_INIT_POST), VG_USERREQ__PRE_RWLOCK_INIT, D_A0,
                                VG_USERREQ__POST_RWLOCK_INIT, D_A0 },
   { HG(PTHREAD_RWLOCK_DESTROY_PRE), VG_USERREQ__PRE_RWLOCK_DESTROY, D_RW_A0,
                                VG_USERREQ__POST_RWLOCK_DESTROY, D_RW_A0 },
   { HG(PTHREAD_RWLOCK_UNLOCK_PRE), VG_USERREQ__PRE_RWLOCK_UNLOCK, D_RW_A0, 0, 0 },
   { HG(PTHREAD_RWLOCK_UNLOCK_POST), VG_USERREQ__POST_RWLOCK_UNLOCK, D_RW_A0_ONE, 0, 0 },
   { HG(POSIX_SEM_INIT_POST),   VG_USERREQ__PRE_SEM_INIT, D_A0_ZERO_A1,
                                VG_USERREQ__POST_SEM_INIT, D_A0 },
   { HG(POSIX_SEM_DESTROY_PRE), VG_USERREQ__PRE_SEM_DESTROY, D_A0,
                                VG_USERREQ__POST_SEM_DESTROY, D_A0 },
   { HG(POSIX_SEM_POST_PRE),    VG_USERREQ__PRE_SEM_POST, D_A0, 0, 0 },
   { HG(POSIX_SEM_POST_POST),   VG_USERREQ__POST_SEM_POST, D_A0_ONE, 0, 0 },
   { HG(POSIX_SEM_WAIT_PRE),    VG_USERREQ__PRE_SEM_WAIT, D_A0, 0, 0 },
   { HG(POSIX_SEM_WAIT_POST),   VG_USERREQ__POST_SEM_WAIT, D_A0_A1, 0, 0 },
   { HG(PTHREAD_SPIN_INIT_OR_UNLOCK_PRE), VG_USERREQ__PRE_SPIN_INIT_OR_UNLOCK, D_A0, 0, 0 },
   { HG(PTHREAD_SPIN_INIT_OR_UNLOCK_POST), VG_USERREQ__POST_SPIN_INIT_OR_UNLOCK, D_A0, 0, 0 },
   { HG(PTHREAD_SPIN_LOCK_PRE), VG_USERREQ__PRE_MUTEX_LOCK, D_A0_TYPE_A1, 0, 0 },
   { HG(PTHREAD_SPIN_LOCK_POST), VG_USERREQ__POST_MUTEX_LOCK, D_A0_ONE, 0, 0 },
   { HG(PTHREAD_SPIN_DESTROY_PRE), VG_USERREQ__PRE_MUTEX_DESTROY, D_A0,
                                VG_USERREQ__POST_MUTEX_DESTROY, D_A0_TYPE },
#undef HG
};

/* glibc's mutex kind (its __data.__kind, at offset 16), as drd's
   wrapper reads it. */
static UWord mutex_type(UWord req, Addr m)
{
   if (req == _VG_USERREQ__HG_PTHREAD_SPIN_LOCK_PRE
       || req == _VG_USERREQ__HG_PTHREAD_SPIN_DESTROY_PRE)
      return mutex_type_spinlock;
   if ((m & 3) || !VG_(am_is_valid_for_client)(m + 16, 4, VKI_PROT_READ))
      return mutex_type_unknown;
   switch (*(Int*)(m + 16) & 3) {
      case 1:  return mutex_type_recursive_mutex;
      case 2:  return mutex_type_errorcheck_mutex;
      default: return mutex_type_default_mutex;
   }
}

static void build(Int how, UWord req, const UWord* hg, UWord* d)
{
   d[1] = hg[1];
   switch (how) {
      case D_A0_TYPE:     d[2] = mutex_type(req, hg[1]); break;
      case D_A0_TYPE_A1:  d[2] = mutex_type(req, hg[1]);
                          d[3] = req == _VG_USERREQ__HG_PTHREAD_SPIN_LOCK_PRE
                                 ? 0 : hg[2];
                          break;
      case D_A0_A1:       d[2] = hg[2]; break;
      case D_A0_ONE:      d[2] = 1; break;
      case D_A0_ZERO_A1:  d[2] = 0; d[3] = hg[2]; break;
      case D_RW_A0:       d[2] = pthread_rwlock; break;
      case D_RW_A0_ONE:   d[2] = pthread_rwlock; d[3] = 1; break;
      default:            break;
   }
}

static Addr waiting_on[RG_MAX_THREADS];     /* mutex of a cond wait */
static Bool said_id[RG_MAX_THREADS];

typedef Bool (*CreqFn)(ThreadId, UWord*, UWord*);

static void call(CreqFn drd, ThreadId tid, UWord req, UWord a1, UWord a2,
                 UWord a3)
{
   UWord d[6] = { req, a1, a2, a3, 0, 0 }, ret;
   drd(tid, d, &ret);
}

/* Helgrind's request ARGS made under drd: True when handled here. */
Bool RG_(glue_drd_request)(CreqFn drd, ThreadId tid, UWord* args)
{
   UWord req = args[0];
   UInt i;
   if (!VG_IS_TOOL_USERREQ('H', 'G', req) || tid >= RG_MAX_THREADS)
      return False;
   if (req == _VG_USERREQ__HG_SET_MY_PTHREAD_T) {
      call(drd, tid, VG_USERREQ__SET_PTHREADID, args[1], 0, 0);
      said_id[tid] = True;
      return True;
   }
   if (!said_id[tid]) {
      /* The main thread: its pthread_t is its thread pointer. */
      VexGuestAMD64State g;
      VG_(get_shadow_regs_area)(tid, (UChar*)&g, 0, 0, sizeof g);
      call(drd, tid, VG_USERREQ__SET_PTHREADID, g.guest_FS_CONST, 0, 0);
      said_id[tid] = True;
   }
   switch (req) {
      case _VG_USERREQ__HG_PTHREAD_COND_WAIT_PRE:
         waiting_on[tid] = args[2];
         call(drd, tid, VG_USERREQ__PRE_COND_WAIT, args[1], args[2],
              mutex_type(req, args[2]));
         return True;
      case _VG_USERREQ__HG_PTHREAD_COND_WAIT_POST:
         waiting_on[tid] = 0;
         call(drd, tid, VG_USERREQ__POST_COND_WAIT, args[1], args[2], 1);
         return True;
      case _VG_USERREQ__HG_PTHREAD_MUTEX_UNLOCK_PRE:
      case _VG_USERREQ__HG_PTHREAD_MUTEX_LOCK_POST:
         /* Inside a cond wait: drd's cond requests cover the mutex. */
         if (waiting_on[tid] && waiting_on[tid] == args[1]) return True;
         break;
      case _VG_USERREQ__HG_PTHREAD_RWLOCK_LOCK_PRE:
         call(drd, tid, args[2] ? VG_USERREQ__PRE_RWLOCK_WRLOCK
                                : VG_USERREQ__PRE_RWLOCK_RDLOCK,
              args[1], pthread_rwlock, 0);
         return True;
      case _VG_USERREQ__HG_PTHREAD_RWLOCK_LOCK_POST:
         call(drd, tid, args[2] ? VG_USERREQ__POST_RWLOCK_WRLOCK
                                : VG_USERREQ__POST_RWLOCK_RDLOCK,
              args[1], pthread_rwlock, args[3]);
         return True;
      default:
         break;
   }
   for (i = 0; i < sizeof table / sizeof table[0]; i++) {
      if (table[i].hg != req) continue;
      UWord d[6] = { 0 }, ret;
      d[0] = table[i].drd1;
      build(table[i].args1, req, args, d);
      drd(tid, d, &ret);
      if (table[i].drd2) {
         VG_(memset)(d, 0, sizeof d);
         d[0] = table[i].drd2;
         build(table[i].args2, req, args, d);
         drd(tid, d, &ret);
      }
      return True;
   }
   return False;     /* drd takes some of helgrind's (annotations) */
}

/*--------------------------------------------------------------------*/
/*--- end                                            rg_glue_drd.c ---*/
/*--------------------------------------------------------------------*/

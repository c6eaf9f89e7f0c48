/*--------------------------------------------------------------------*/
/*--- regrind: loads from memory other processes write.            ---*/
/*---                                                  rg_shared.c ---*/
/*--------------------------------------------------------------------*/

/* A MAP_SHARED mapping can change under the program at any moment
   (another process writes the file or the segment), so no byte of it
   is ever "known": every load from it is logged with its value at
   record time, and at replay, where the mapping is private, the
   logged bytes are put in place just before the load runs.

   Cost: loads are only instrumented once such a mapping exists (all
   translations are discarded when the first one appears), and then the
   inline check is one subtract and one unsigned compare against the
   bounds of all shared mappings, baked into the code as constants (a
   change of bounds discards translations again); the exact region
   test and the logging are out of line. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_machine.h"
#include "pub_tool_threadstate.h"
#include "rg_include.h"

extern void VG_(discard_translations)(Addr start, ULong range,
                                      const HChar* who);

#define N_SHARED 64
static struct { Addr lo, hi; } shared[N_SHARED];   /* [lo, hi) */
static Int  n_shared;
Bool RG_(shared_active);
Addr RG_(shared_lo), RG_(shared_span);
ULong RG_(stat_shared_loads);

static void rebound(void)
{
   Addr lo = ~(Addr)0, hi = 0;
   Int i;
   for (i = 0; i < n_shared; i++) {
      if (shared[i].lo < lo) lo = shared[i].lo;
      if (shared[i].hi > hi) hi = shared[i].hi;
   }
   if (n_shared == 0) lo = hi = 0;
   if (lo == RG_(shared_lo) && hi - lo == RG_(shared_span)) return;
   RG_(shared_lo)   = lo;
   RG_(shared_span) = hi - lo;
   RG_(shared_active) = True;
   /* The bounds are constants in the generated code. */
   VG_(discard_translations)(0, ~0ULL, "regrind shared mappings");
}

void RG_(shared_add)(Addr a, SizeT len)
{
   if (len == 0) return;
   if (n_shared == N_SHARED)
      RG_(fatal)("more than %d shared mappings at once; regrind cannot "
                 "follow them all yet", N_SHARED);
   shared[n_shared].lo = a;
   shared[n_shared].hi = a + VG_PGROUNDUP(len);
   n_shared++;
   rebound();
}

/* munmap (or a fixed mapping over it): forget what the range covers. */
void RG_(shared_remove)(Addr a, SizeT len)
{
   Addr hi = a + VG_PGROUNDUP(len);
   Int i, j;
   Bool changed = False;
   for (i = j = 0; i < n_shared; i++) {
      if (shared[i].lo >= a && shared[i].hi <= hi) { changed = True; continue; }
      shared[j++] = shared[i];
   }
   n_shared = j;
   if (changed) rebound();
}

static Bool is_shared(Addr a, SizeT n)
{
   Int i;
   for (i = 0; i < n_shared; i++)
      if (a + n > shared[i].lo && a < shared[i].hi) return True;
   return False;
}

/* Called (guarded by the inline bounds check) before each load. */
void RG_(shared_load)(Addr a, ULong size, ULong icount)
{
   if (!is_shared(a, size)) return;
   RG_(stat_shared_loads)++;
   if (RG_(mode) == RG_MODE_RECORD) {
      ThreadId tid = VG_(get_running_tid)();
      RgBuf* b = RG_(tw_rec)(RG_REC_LOAD);
      RG_(buf_v)(b, tid);
      RG_(buf_v)(b, RG_(tw_icount_delta)(tid, icount));
      RG_(buf_v)(b, a);
      RG_(buf_b)(b, (const void*)a, size);
      RG_(tw_end_record)();
   } else if (RG_(mode) == RG_MODE_REPLAY) {
      RG_(replay_load)(a, size, icount);
   }
}

/* Before a load of SIZE bytes at ADDR (guarded by GUARD if not NULL):
   the inline check and the out-of-line call. */
void RG_(shared_instrument_load)(IRSB* sb, IRExpr* addr, Int size,
                                 IRExpr* guard, IRTemp base, UInt k)
{
   IRTemp off = newIRTemp(sb->tyenv, Ity_I64);
   IRTemp in  = newIRTemp(sb->tyenv, Ity_I1);
   IRTemp ic  = newIRTemp(sb->tyenv, Ity_I64);
   addStmtToIRSB(sb, IRStmt_WrTmp(off, IRExpr_Binop(Iop_Sub64, addr,
                    IRExpr_Const(IRConst_U64(RG_(shared_lo))))));
   addStmtToIRSB(sb, IRStmt_WrTmp(in, IRExpr_Binop(Iop_CmpLT64U,
                    IRExpr_RdTmp(off),
                    IRExpr_Const(IRConst_U64(RG_(shared_span))))));
   IRExpr* g = IRExpr_RdTmp(in);
   if (guard) {
      IRTemp both = newIRTemp(sb->tyenv, Ity_I1);
      addStmtToIRSB(sb, IRStmt_WrTmp(both, IRExpr_Binop(Iop_And1, g, guard)));
      g = IRExpr_RdTmp(both);
   }
   addStmtToIRSB(sb, IRStmt_WrTmp(ic, IRExpr_Binop(Iop_Add64,
                    IRExpr_RdTmp(base), IRExpr_Const(IRConst_U64(k)))));
   IRDirty* d = unsafeIRDirty_0_N(0, "rg_shared_load",
                    VG_(fnptr_to_fnentry)(RG_(shared_load)),
                    mkIRExprVec_3(addr, mkIRExpr_HWord(size),
                                  IRExpr_RdTmp(ic)));
   /* It may write the loaded bytes (replay): the load must not be
      moved above it. */
   d->mFx   = Ifx_Write;
   d->mAddr = addr;
   d->mSize = size;
   d->guard = g;
   addStmtToIRSB(sb, IRStmt_Dirty(d));
}

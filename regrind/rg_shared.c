/*--------------------------------------------------------------------*/
/*--- regrind: loads from memory other processes write.            ---*/
/*---                                                  rg_shared.c ---*/
/*--------------------------------------------------------------------*/

/* A MAP_SHARED mapping can change under the program at any moment
   (another process writes the file or the segment), so no byte of it
   is ever "known": every load from it is logged with its value at
   record time, and at replay, where the mapping is private, the
   logged bytes are put in place just before the load runs.

   Scalar loads take their value from the helper (so the logged value
   is the one the program uses); vector loads and compare-and-swaps
   get the recorded bytes written in before they run at replay, and a
   CAS logs the old value it saw, after it ran, at record.  Only a
   vector load racing with another process's store can see other bytes
   than those logged.

   Cost: loads are only instrumented once such a mapping exists (all
   translations are discarded when the first one appears), and then the
   inline check is one subtract and one unsigned compare against the
   bounds of all shared mappings, baked into the code as constants (a
   change of bounds discards translations again); the exact region
   test and the logging are out of line.  Loads through RSP plus a
   constant skip the check: the stack is never a shared mapping (a
   program that puts its stack in one is not supported). */

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

static void put_load(Addr a, const void* bytes, SizeT size, ULong icount)
{
   UInt serial = RG_(cur_serial)();
   RgBuf* b = RG_(tw_rec)(RG_REC_LOAD);
   RG_(buf_v)(b, serial);
   RG_(buf_v)(b, RG_(tw_icount_delta)(serial, icount));
   RG_(buf_v)(b, a);
   RG_(buf_b)(b, bytes, size);
   RG_(tw_end_record)();
}

/* Vector loads and CAS at replay: called (guarded by the inline
   bounds check) before the access; puts the recorded bytes in place
   (replay) or logs what memory holds (record). */
void RG_(shared_load)(Addr a, ULong size, ULong base, ULong k)
{
   ULong icount = base + k;
   if (!is_shared(a, size)) return;
   RG_(stat_shared_loads)++;
   if (RG_(mode) == RG_MODE_RECORD)
      put_load(a, (const void*)a, size, icount);
   else if (RG_(mode) == RG_MODE_REPLAY)
      RG_(replay_load)(a, size, icount);
}

/* Scalar loads: the helper returns the value, and the program uses
   that value, not a second read of memory another process may have
   changed in between. */
ULong RG_(shared_load_val)(Addr a, ULong size, ULong base, ULong k)
{
   ULong v = 0, icount = base + k;
   if (!is_shared(a, size)) {
      VG_(memcpy)(&v, (void*)a, size);
      return v;
   }
   RG_(stat_shared_loads)++;
   if (RG_(mode) == RG_MODE_REPLAY) {
      RG_(replay_load_val)(a, size, icount, &v);
      return v;
   }
   VG_(memcpy)(&v, (void*)a, size);
   if (RG_(mode) == RG_MODE_RECORD) put_load(a, &v, size, icount);
   return v;
}

/* Record, after a compare-and-swap on shared memory: the old value
   it actually saw.  (Replay writes it in before the CAS.) */
void RG_(shared_cas_log)(Addr a, ULong size, ULong base, ULong k,
                        ULong old)
{
   ULong icount = base + k;
   if (!is_shared(a, size)) return;
   RG_(stat_shared_loads)++;
   put_load(a, &old, size, icount);
}

static IRTemp check(IRSB* sb, IRExpr* addr, IRExpr* guard)
{
   IRTemp off = newIRTemp(sb->tyenv, Ity_I64);
   IRTemp in  = newIRTemp(sb->tyenv, Ity_I1);
   addStmtToIRSB(sb, IRStmt_WrTmp(off, IRExpr_Binop(Iop_Sub64, addr,
                    IRExpr_Const(IRConst_U64(RG_(shared_lo))))));
   addStmtToIRSB(sb, IRStmt_WrTmp(in, IRExpr_Binop(Iop_CmpLT64U,
                    IRExpr_RdTmp(off),
                    IRExpr_Const(IRConst_U64(RG_(shared_span))))));
   if (!guard) return in;
   IRTemp both = newIRTemp(sb->tyenv, Ity_I1);
   addStmtToIRSB(sb, IRStmt_WrTmp(both, IRExpr_Binop(Iop_And1,
                    IRExpr_RdTmp(in), guard)));
   return both;
}

/* DST = load of TY at ADDR, with the value coming from the helper
   when ADDR is in a shared mapping.  False if TY is not scalar. */
Bool RG_(shared_instrument_scalar)(IRSB* sb, IRTemp dst, IRExpr* ld,
                                   IRTemp base, UInt k)
{
   IRType ty = ld->Iex.Load.ty;
   IROp narrow, reinterp = Iop_INVALID;
   switch (ty) {
      case Ity_I8:  narrow = Iop_64to8;  break;
      case Ity_I16: narrow = Iop_64to16; break;
      case Ity_I32: narrow = Iop_64to32; break;
      case Ity_I64: narrow = Iop_INVALID; break;
      case Ity_F32: narrow = Iop_64to32; reinterp = Iop_ReinterpI32asF32; break;
      case Ity_F64: narrow = Iop_INVALID; reinterp = Iop_ReinterpI64asF64; break;
      default: return False;
   }
   IRExpr* addr = ld->Iex.Load.addr;
   IRTemp g  = check(sb, addr, NULL);
   IRTemp v  = newIRTemp(sb->tyenv, Ity_I64);
   IRDirty* d = unsafeIRDirty_1_N(v, 0, "rg_shared_load_val",
                    VG_(fnptr_to_fnentry)(RG_(shared_load_val)),
                    mkIRExprVec_4(addr, mkIRExpr_HWord(sizeofIRType(ty)),
                                  IRExpr_RdTmp(base), mkIRExpr_HWord(k)));
   d->mFx = Ifx_Read; d->mAddr = addr; d->mSize = sizeofIRType(ty);
   d->guard = IRExpr_RdTmp(g);
   addStmtToIRSB(sb, IRStmt_Dirty(d));
   IRTemp lt = newIRTemp(sb->tyenv, ty);
   addStmtToIRSB(sb, IRStmt_WrTmp(lt, ld));
   IRExpr* nv = IRExpr_RdTmp(v);
   if (narrow != Iop_INVALID) {
      IRTemp t = newIRTemp(sb->tyenv, reinterp == Iop_INVALID ? ty : Ity_I32);
      addStmtToIRSB(sb, IRStmt_WrTmp(t, IRExpr_Unop(narrow, nv)));
      nv = IRExpr_RdTmp(t);
   }
   if (reinterp != Iop_INVALID) {
      IRTemp t = newIRTemp(sb->tyenv, ty);
      addStmtToIRSB(sb, IRStmt_WrTmp(t, IRExpr_Unop(reinterp, nv)));
      nv = IRExpr_RdTmp(t);
   }
   addStmtToIRSB(sb, IRStmt_WrTmp(dst, IRExpr_ITE(IRExpr_RdTmp(g), nv,
                                                  IRExpr_RdTmp(lt))));
   return True;
}

/* Record: after a single CAS, log the old value it saw. */
void RG_(shared_instrument_cas_after)(IRSB* sb, IRCAS* cas, Int size,
                                      IRTemp base, UInt k)
{
   IRTemp g  = check(sb, cas->addr, NULL);
   IRExpr* old = IRExpr_RdTmp(cas->oldLo);
   if (size < 8) {
      IRTemp w = newIRTemp(sb->tyenv, Ity_I64);
      IROp op = size == 4 ? Iop_32Uto64 : size == 2 ? Iop_16Uto64 : Iop_8Uto64;
      addStmtToIRSB(sb, IRStmt_WrTmp(w, IRExpr_Unop(op, old)));
      old = IRExpr_RdTmp(w);
   }
   IRDirty* d = unsafeIRDirty_0_N(0, "rg_shared_cas_log",
                    VG_(fnptr_to_fnentry)(RG_(shared_cas_log)),
                    mkIRExprVec_5(cas->addr, mkIRExpr_HWord(size),
                                  IRExpr_RdTmp(base), mkIRExpr_HWord(k),
                                  old));
   d->guard = IRExpr_RdTmp(g);
   addStmtToIRSB(sb, IRStmt_Dirty(d));
}

/* Before a load of SIZE bytes at ADDR (guarded by GUARD if not NULL):
   the inline check and the out-of-line call. */
void RG_(shared_instrument_load)(IRSB* sb, IRExpr* addr, Int size,
                                 IRExpr* guard, IRTemp base, UInt k)
{
   IRExpr* g = IRExpr_RdTmp(check(sb, addr, guard));
   IRDirty* d = unsafeIRDirty_0_N(0, "rg_shared_load",
                    VG_(fnptr_to_fnentry)(RG_(shared_load)),
                    mkIRExprVec_4(addr, mkIRExpr_HWord(size),
                                  IRExpr_RdTmp(base), mkIRExpr_HWord(k)));
   /* It may write the loaded bytes (replay): the load must not be
      moved above it. */
   d->mFx   = Ifx_Write;
   d->mAddr = addr;
   d->mSize = size;
   d->guard = g;
   addStmtToIRSB(sb, IRStmt_Dirty(d));
}

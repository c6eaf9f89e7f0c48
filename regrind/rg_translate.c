/*--------------------------------------------------------------------*/
/*--- regrind: the IR pass.                          rg_translate.c ---*/
/*--------------------------------------------------------------------*/

/* Three things are added to every superblock:
   - instruction counting: the block loads RG_(icount) once, and
     stores base+k at each exit (k = instructions started so far), so
     the count is exact wherever the thread leaves the block;
   - nondeterministic instructions: the dirty helpers VEX uses for
     RDTSC, RDTSCP, CPUID, RDRAND and RDSEED are replaced by ours,
     which log (record) or substitute (replay) their results;
   - replay only: a block that ends in `syscall` first calls
     RG_(replay_syscall), and a side exit guarded by its answer skips
     the kernel when the syscall is emulated;
   - replay with threads or async signals, record with --chaos: the
     block leaves before its first instruction when the thread's count
     reaches RG_(stop_at). */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_machine.h"
#include "pub_tool_mallocfree.h"
#include "rg_include.h"

ULong RG_(icount);

/* The helpers VEX calls, by name, with what we do instead.  RET
   helpers return the value in a temporary; GST helpers write guest
   registers. */
static const struct { const HChar* name; Int kind; Bool gst; } nd_table[] = {
   { "amd64g_dirtyhelper_RDTSC",                RG_ND_RDTSC,  False },
   { "amd64g_dirtyhelper_RDRAND",               RG_ND_RDRAND, False },
   { "amd64g_dirtyhelper_RDSEED",               RG_ND_RDSEED, False },
   { "amd64g_dirtyhelper_RDTSCP",               RG_ND_RDTSCP, True  },
   { "amd64g_dirtyhelper_CPUID_avx2",           RG_ND_CPUID,  True  },
   { "amd64g_dirtyhelper_CPUID_avx_and_cx16",   RG_ND_CPUID,  True  },
   { "amd64g_dirtyhelper_CPUID_sse42_and_cx16", RG_ND_CPUID,  True  },
   { "amd64g_dirtyhelper_CPUID_baseline",       RG_ND_CPUID,  True  },
};

static Int nd_lookup(const IRDirty* d)
{
   UInt i;
   for (i = 0; i < sizeof nd_table / sizeof nd_table[0]; i++)
      if (VG_(strcmp)(d->cee->name, nd_table[i].name) == 0) return i;
   return -1;
}

static void store_icount(IRSB* sb, IRTemp base, UInt k, IRExpr* guard)
{
   IRTemp v = newIRTemp(sb->tyenv, Ity_I64);
   addStmtToIRSB(sb, IRStmt_WrTmp(v, IRExpr_Binop(Iop_Add64,
                    IRExpr_RdTmp(base), IRExpr_Const(IRConst_U64(k)))));
   IRExpr* addr = IRExpr_Const(IRConst_U64((ULong)(HWord)&RG_(icount)));
   if (guard)
      addStmtToIRSB(sb, IRStmt_StoreG(Iend_LE, addr, IRExpr_RdTmp(v),
                                      guard));
   else
      addStmtToIRSB(sb, IRStmt_Store(Iend_LE, addr, IRExpr_RdTmp(v)));
}

/* Replace one of VEX's nondeterministic helpers by ours. */
static IRStmt* subst_nd(IRDirty* d, Int which)
{
   Int kind = nd_table[which].kind;
   RG_(nd_orig)[kind] = d->cee->addr;
   IRDirty* nd;
   if (!nd_table[which].gst) {
      nd = unsafeIRDirty_1_N(d->tmp, 0, "rg_nd_ret",
                             VG_(fnptr_to_fnentry)(RG_(nd_ret)),
                             mkIRExprVec_1(mkIRExpr_HWord(kind)));
   } else {
      /* Pass the original's extra arguments (CPUID feature flags). */
      IRExpr* a[3] = { mkIRExpr_HWord(0), mkIRExpr_HWord(0),
                       mkIRExpr_HWord(0) };
      Int i;
      for (i = 1; d->args[i] && i < 4; i++) a[i - 1] = d->args[i];
      nd = unsafeIRDirty_0_N(0, "rg_nd_gst",
                             VG_(fnptr_to_fnentry)(RG_(nd_gst)),
                             mkIRExprVec_5(IRExpr_GSPTR(),
                                           mkIRExpr_HWord(kind),
                                           a[0], a[1], a[2]));
   }
   nd->nFxState = d->nFxState;
   VG_(memcpy)(nd->fxState, d->fxState, sizeof d->fxState);
   nd->mFx = d->mFx; nd->mAddr = d->mAddr; nd->mSize = d->mSize;
   return IRStmt_Dirty(nd);
}

/* Replay: ask RG_(replay_syscall) what to do with the syscall that
   ends the block:
     1  emulated: skip the kernel;
     2  the recording saw it interrupted by a signal and restarted: go
        back to the syscall instruction, which is run again;
     3  the thread blocked in it at record time and another thread ran:
        go back to the syscall instruction without counting it, and
        wait for the turn to come back (in stop_client_code);
     0  run it. */
static void add_syscall_emulation(IRSB* sb, IRTemp base, UInt k, Addr insn)
{
   IRTemp r = newIRTemp(sb->tyenv, Ity_I64);
   IRDirty* d = unsafeIRDirty_1_N(r, 0, "rg_replay_syscall",
                    VG_(fnptr_to_fnentry)(RG_(replay_syscall)),
                    mkIRExprVec_1(IRExpr_GSPTR()));
   /* It reads the number and arguments and may rewrite any of the
      integer registers (result, fixed-up arguments). */
   /* All but RSP, which it never changes: the core's SP tracking pass
      (memcheck's, after ours) refuses a helper that may write it. */
   d->nFxState = 2;
   VG_(memset)(d->fxState, 0, sizeof d->fxState);
   d->fxState[0].fx     = Ifx_Modify;
   d->fxState[0].offset = offsetof(VexGuestAMD64State, guest_RAX);
   d->fxState[0].size   = 4 * 8;                 /* RAX RCX RDX RBX */
   d->fxState[1].fx     = Ifx_Modify;
   d->fxState[1].offset = offsetof(VexGuestAMD64State, guest_RBP);
   d->fxState[1].size   = 11 * 8;                /* RBP RSI RDI R8-R15 */
   /* It also writes client memory (the recorded syscall outputs) but
      nothing in the block follows it, so that needs no annotation. */
   addStmtToIRSB(sb, IRStmt_Dirty(d));
   IRTemp g = newIRTemp(sb->tyenv, Ity_I1);
   addStmtToIRSB(sb, IRStmt_WrTmp(g, IRExpr_Binop(Iop_CmpEQ64,
                    IRExpr_RdTmp(r), IRExpr_Const(IRConst_U64(1)))));
   addStmtToIRSB(sb, IRStmt_Exit(IRExpr_RdTmp(g), Ijk_Boring,
                    sb->next->Iex.Const.con,
                    offsetof(VexGuestAMD64State, guest_RIP)));
   IRTemp h = newIRTemp(sb->tyenv, Ity_I1);
   addStmtToIRSB(sb, IRStmt_WrTmp(h, IRExpr_Binop(Iop_CmpEQ64,
                    IRExpr_RdTmp(r), IRExpr_Const(IRConst_U64(2)))));
   addStmtToIRSB(sb, IRStmt_Exit(IRExpr_RdTmp(h), Ijk_Yield,
                    IRConst_U64(insn),
                    offsetof(VexGuestAMD64State, guest_RIP)));
   IRTemp w = newIRTemp(sb->tyenv, Ity_I1);
   addStmtToIRSB(sb, IRStmt_WrTmp(w, IRExpr_Binop(Iop_CmpEQ64,
                    IRExpr_RdTmp(r), IRExpr_Const(IRConst_U64(3)))));
   store_icount(sb, base, k - 1, IRExpr_RdTmp(w));
   addStmtToIRSB(sb, IRStmt_Exit(IRExpr_RdTmp(w), Ijk_Yield,
                    IRConst_U64(insn),
                    offsetof(VexGuestAMD64State, guest_RIP)));
}

/* Leave the block before its first instruction once the thread's
   count reaches RG_(stop_at): a load, a compare and a branch, no call
   (a call would make every block spill its registers around it).
   stop_client_code then does what the stop is for: a handoff, a
   signal, a chaos slice end.  The exit's target carries RG_STOP_TAG,
   which stop_client_code takes off: only after this exit may it move
   the thread (deliver a signal), since after others (a chain-me
   request) the scheduler still acts on the thread's RIP.  (A StoreG of
   a flag instead made the check cost twice as much on sqlite3.) */
static IRTemp add_stop_check(IRSB* sb, IRTemp base, Addr start)
{
   IRTemp at = newIRTemp(sb->tyenv, Ity_I64);
   IRTemp g  = newIRTemp(sb->tyenv, Ity_I1);
   addStmtToIRSB(sb, IRStmt_WrTmp(at, IRExpr_Load(Iend_LE, Ity_I64,
                    IRExpr_Const(IRConst_U64((ULong)(HWord)&RG_(stop_at))))));
   addStmtToIRSB(sb, IRStmt_WrTmp(g, IRExpr_Binop(Iop_CmpLE64U,
                    IRExpr_RdTmp(at), IRExpr_RdTmp(base))));
   addStmtToIRSB(sb, IRStmt_Exit(IRExpr_RdTmp(g), Ijk_Yield,
                    IRConst_U64(start | RG_STOP_TAG),
                    offsetof(VexGuestAMD64State, guest_RIP)));
   return at;
}

/* Precise mode (rg_gdb.c), before instruction K > 1 of the block:
   store the count of the instructions completed, and leave to this
   instruction when it is RG_(gdb_stop_at) (AT, loaded at block entry),
   so that gdb's stop inside the block is exact.  (Only gdb's: events
   stop at block entries, as they do without gdb.) */
static void add_precise(IRSB* sb, IRTemp base, UInt k, IRTemp at, Addr insn)
{
   IRTemp v = newIRTemp(sb->tyenv, Ity_I64);
   addStmtToIRSB(sb, IRStmt_WrTmp(v, IRExpr_Binop(Iop_Add64,
                    IRExpr_RdTmp(base), IRExpr_Const(IRConst_U64(k - 1)))));
   addStmtToIRSB(sb, IRStmt_Store(Iend_LE,
                    IRExpr_Const(IRConst_U64((ULong)(HWord)&RG_(icount))),
                    IRExpr_RdTmp(v)));
   if (at == IRTemp_INVALID) return;
   IRTemp g = newIRTemp(sb->tyenv, Ity_I1);
   addStmtToIRSB(sb, IRStmt_WrTmp(g, IRExpr_Binop(Iop_CmpEQ64,
                    IRExpr_RdTmp(at), IRExpr_RdTmp(v))));
   addStmtToIRSB(sb, IRStmt_Exit(IRExpr_RdTmp(g), Ijk_Yield,
                    IRConst_U64(insn | RG_STOP_TAG),
                    offsetof(VexGuestAMD64State, guest_RIP)));
}

/* Precise mode: a store of SIZE bytes at ADDR (an atom), under GUARD
   (NULL: always), calls RG_(watch_store) when it falls within the
   bounds of the watched ranges, loaded now (they change while the
   code stays). */
static void add_watch_check(IRSB* sb, IRExpr* addr, Int size, IRExpr* guard,
                            IRExpr* data)
{
   IRTemp lo = newIRTemp(sb->tyenv, Ity_I64);
   IRTemp sp = newIRTemp(sb->tyenv, Ity_I64);
   IRTemp d  = newIRTemp(sb->tyenv, Ity_I64);
   IRTemp g  = newIRTemp(sb->tyenv, Ity_I1);
   addStmtToIRSB(sb, IRStmt_WrTmp(lo, IRExpr_Load(Iend_LE, Ity_I64,
                    IRExpr_Const(IRConst_U64((ULong)(HWord)&RG_(watch_lo))))));
   addStmtToIRSB(sb, IRStmt_WrTmp(sp, IRExpr_Load(Iend_LE, Ity_I64,
                    IRExpr_Const(IRConst_U64((ULong)(HWord)&RG_(watch_span))))));
   addStmtToIRSB(sb, IRStmt_WrTmp(d, IRExpr_Binop(Iop_Sub64, addr,
                    IRExpr_RdTmp(lo))));
   addStmtToIRSB(sb, IRStmt_WrTmp(g, IRExpr_Binop(Iop_CmpLT64U,
                    IRExpr_RdTmp(d), IRExpr_RdTmp(sp))));
   if (guard) {
      IRTemp g2 = newIRTemp(sb->tyenv, Ity_I1);
      addStmtToIRSB(sb, IRStmt_WrTmp(g2, IRExpr_Binop(Iop_And1,
                       IRExpr_RdTmp(g), guard)));
      g = g2;
   }
   /* An integer store passes its value: one that leaves memory as it
      was is no change to report (gdb's watch reports changes). */
   IRExpr* val = mkIRExpr_HWord(0);
   UWord known = 0;
   if (data) {
      IRType ty = typeOfIRExpr(sb->tyenv, data);
      IROp widen = ty == Ity_I8 ? Iop_8Uto64 : ty == Ity_I16 ? Iop_16Uto64
                 : ty == Ity_I32 ? Iop_32Uto64 : Iop_INVALID;
      if (ty == Ity_I64) {
         val = data; known = 1;
      } else if (widen != Iop_INVALID) {
         IRTemp w = newIRTemp(sb->tyenv, Ity_I64);
         addStmtToIRSB(sb, IRStmt_WrTmp(w, IRExpr_Unop(widen, data)));
         val = IRExpr_RdTmp(w); known = 1;
      }
   }
   IRDirty* dc = unsafeIRDirty_0_N(0, "rg_watch_store",
                    VG_(fnptr_to_fnentry)(RG_(watch_store)),
                    mkIRExprVec_4(addr, mkIRExpr_HWord(size), val,
                                  mkIRExpr_HWord(known)));
   dc->guard = IRExpr_RdTmp(g);
   addStmtToIRSB(sb, IRStmt_Dirty(dc));
}

/* Temporaries holding RSP or RSP plus a constant: loads through them
   read the stack, which is never a shared mapping, so they skip the
   shared-memory check (a good part of all loads). */
static Bool is_stack_tmp(const UChar* stk, IRExpr* e)
{
   return e->tag == Iex_RdTmp && stk[e->Iex.RdTmp.tmp];
}

static void note_stack_tmp(UChar* stk, IRStmt* st)
{
   IRExpr* e = st->Ist.WrTmp.data;
   IRTemp  t = st->Ist.WrTmp.tmp;
   if (e->tag == Iex_Get && e->Iex.Get.ty == Ity_I64
       && e->Iex.Get.offset == offsetof(VexGuestAMD64State, guest_RSP))
      stk[t] = 1;
   else if (e->tag == Iex_Binop
            && (e->Iex.Binop.op == Iop_Add64 || e->Iex.Binop.op == Iop_Sub64)
            && is_stack_tmp(stk, e->Iex.Binop.arg1)
            && e->Iex.Binop.arg2->tag == Iex_Const)
      stk[t] = 1;
}

IRSB* RG_(instrument)(VgCallbackClosure* closure, IRSB* bbIn,
                      const VexGuestLayout* layout,
                      const VexGuestExtents* vge,
                      const VexArchInfo* archinfo_host,
                      IRType gWordTy, IRType hWordTy)
{
   Int i;
   UInt k = 0;
   Addr last_insn = 0;
   IRTemp at = IRTemp_INVALID;
   IRSB* sb = deepCopyIRSBExceptStmts(bbIn);
   UChar* stk = RG_(shared_active)
      ? VG_(calloc)("rg.stk", bbIn->tyenv->types_used + 1, 1) : NULL;

   /* Preamble (before the first IMark) stays first. */
   for (i = 0; i < bbIn->stmts_used
               && bbIn->stmts[i]->tag != Ist_IMark; i++)
      addStmtToIRSB(sb, bbIn->stmts[i]);

   IRTemp base = newIRTemp(sb->tyenv, Ity_I64);
   addStmtToIRSB(sb, IRStmt_WrTmp(base, IRExpr_Load(Iend_LE, Ity_I64,
                    IRExpr_Const(IRConst_U64((ULong)(HWord)&RG_(icount))))));

   for (; i < bbIn->stmts_used; i++) {
      IRStmt* st = bbIn->stmts[i];
      switch (st->tag) {
         case Ist_IMark:
            k++;
            last_insn = st->Ist.IMark.addr;
            if (k > 1 && RG_(precise))
               add_precise(sb, base, k, at, st->Ist.IMark.addr);
            addStmtToIRSB(sb, st);
            /* Under an analysis tool too: this pass runs after the
               tool's, whose statements before the first IMark
               (callgrind's block setup) a stopped block still runs. */
            if (k == 1 && RG_(stop_checks))
               add_stop_check(sb, base, st->Ist.IMark.addr);
            if (k == 1 && RG_(precise)) {
               at = newIRTemp(sb->tyenv, Ity_I64);
               addStmtToIRSB(sb, IRStmt_WrTmp(at, IRExpr_Load(Iend_LE,
                  Ity_I64, IRExpr_Const(IRConst_U64(
                     (ULong)(HWord)&RG_(gdb_stop_at))))));
            }
            break;
         case Ist_Store:
            if (RG_(precise))
               add_watch_check(sb, st->Ist.Store.addr,
                  sizeofIRType(typeOfIRExpr(sb->tyenv, st->Ist.Store.data)),
                  NULL, st->Ist.Store.data);
            addStmtToIRSB(sb, st);
            break;
         case Ist_StoreG:
            if (RG_(precise)) {
               IRStoreG* sg = st->Ist.StoreG.details;
               add_watch_check(sb, sg->addr,
                  sizeofIRType(typeOfIRExpr(sb->tyenv, sg->data)), sg->guard,
                  sg->data);
            }
            addStmtToIRSB(sb, st);
            break;
         case Ist_Exit:
            store_icount(sb, base, k, st->Ist.Exit.guard);
            addStmtToIRSB(sb, st);
            break;
         case Ist_WrTmp:
            if (stk) note_stack_tmp(stk, st);
            if (stk && st->Ist.WrTmp.data->tag == Iex_Load
                && !is_stack_tmp(stk, st->Ist.WrTmp.data->Iex.Load.addr)) {
               IRExpr* ld = st->Ist.WrTmp.data;
               if (RG_(shared_instrument_scalar)(sb, st->Ist.WrTmp.tmp, ld,
                                                 base, k))
                  break;
               RG_(shared_instrument_load)(sb, ld->Iex.Load.addr,
                  sizeofIRType(ld->Iex.Load.ty), NULL, base, k);
            }
            addStmtToIRSB(sb, st);
            break;
         case Ist_LoadG:
            if (RG_(shared_active)) {
               IRLoadG* lg = st->Ist.LoadG.details;
               IRType ty, wide;
               typeOfIRLoadGOp(lg->cvt, &wide, &ty);
               RG_(shared_instrument_load)(sb, lg->addr, sizeofIRType(ty),
                                           lg->guard, base, k);
            }
            addStmtToIRSB(sb, st);
            break;
         case Ist_CAS:
            if (RG_(precise)) {
               IRCAS* cas = st->Ist.CAS.details;
               Int sz = sizeofIRType(typeOfIRExpr(sb->tyenv, cas->expdLo));
               add_watch_check(sb, cas->addr,
                  cas->oldHi == IRTemp_INVALID ? sz : 2 * sz, NULL, NULL);
            }
            if (RG_(shared_active)) {
               IRCAS* cas = st->Ist.CAS.details;
               Int sz = sizeofIRType(typeOfIRExpr(sb->tyenv, cas->expdLo));
               Bool single = cas->oldHi == IRTemp_INVALID && sz <= 8;
               /* Record logs a single CAS's old value after it ran. */
               if (RG_(mode) != RG_MODE_RECORD || !single)
                  RG_(shared_instrument_load)(sb, cas->addr,
                     single ? sz : 2 * sz, NULL, base, k);
               addStmtToIRSB(sb, st);
               if (RG_(mode) == RG_MODE_RECORD && single)
                  RG_(shared_instrument_cas_after)(sb, cas, sz, base, k);
               break;
            }
            addStmtToIRSB(sb, st);
            break;
         case Ist_Dirty: {
            Int w = nd_lookup(st->Ist.Dirty.details);
            IRDirty* dd = st->Ist.Dirty.details;
            if (w >= 0) {
               store_icount(sb, base, k, NULL);
               addStmtToIRSB(sb, subst_nd(st->Ist.Dirty.details, w));
            } else {
               if (RG_(precise) && dd->mFx != Ifx_None && dd->mFx != Ifx_Read
                   && dd->mAddr && dd->mSize > 0)
                  add_watch_check(sb, dd->mAddr, dd->mSize, NULL, NULL);
               addStmtToIRSB(sb, st);
            }
            break;
         }
         default:
            addStmtToIRSB(sb, st);
      }
   }
   store_icount(sb, base, k, NULL);
   if (stk) VG_(free)(stk);

   if (RG_(mode) == RG_MODE_REPLAY && sb->jumpkind == Ijk_Sys_syscall
       && sb->next->tag == Iex_Const)
      add_syscall_emulation(sb, base, k, last_insn);
   return sb;
}

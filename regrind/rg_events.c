/*--------------------------------------------------------------------*/
/*--- regrind: what an emulated syscall owes an analysis tool.     ---*/
/*---                                                  rg_events.c ---*/
/*--------------------------------------------------------------------*/

/* When replay emulates a syscall, neither the core nor its syscall
   wrapper runs, so a tool would not hear of the syscall at all:
   memcheck would neither check its arguments ("Syscall param write(buf)
   points to uninitialised byte(s)") nor mark what the kernel wrote as
   defined.  Under an analysis tool (rg_glue.c) the engine therefore
   runs the core's own wrapper's PRE half, whose only business is to
   report the registers and memory the syscall reads and will write,
   then reports each region it copies in from the trace and the result
   register, as the core does after a real syscall.

   A few PRE halves do more than report (send a signal, open
   /proc/self/cmdline, close a range of fds): those are skipped. */

#include "pub_tool_basics.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_vkiscnums.h"
#include "rg_include.h"

#if defined(RG_CORE_HEADERS)
#include "pub_core_basics.h"
#include "pub_core_vki.h"
#include "pub_core_libcassert.h"
#include "pub_core_vkiscnums.h"
#include "pub_core_threadstate.h"
#include "pub_core_tooliface.h"
#include "pub_core_syswrap.h"
#include "m_syswrap/priv_types_n_macros.h"

#define OFF(reg) ((Int)offsetof(VexGuestAMD64State, guest_##reg))

/* PRE halves with effects of their own. */
static const UInt pre_skip[] = {
   __NR_kill, __NR_tkill, __NR_tgkill, __NR_rt_sigqueueinfo,
   __NR_rt_tgsigqueueinfo, __NR_open, __NR_openat, 437 /* openat2 */,
   __NR_readlink, __NR_readlinkat, __NR_close_range, __NR_io_destroy,
};

void RG_(events_pre_syscall)(ThreadId tid, UInt sysno, const UWord* a)
{
   UInt i;
   for (i = 0; i < sizeof pre_skip / sizeof pre_skip[0]; i++)
      if (pre_skip[i] == sysno) return;
   SyscallTableEntry* ent = ML_(get_linux_syscall_entry)(sysno);
   if (!ent || !ent->before) return;
   SyscallArgLayout layout;
   VG_(memset)(&layout, 0, sizeof layout);
   layout.o_sysno = OFF(RAX);
   layout.o_arg1  = OFF(RDI);
   layout.o_arg2  = OFF(RSI);
   layout.o_arg3  = OFF(RDX);
   layout.o_arg4  = OFF(R10);
   layout.o_arg5  = OFF(R8);
   layout.o_arg6  = OFF(R9);
   layout.uu_arg7 = -1;
   layout.uu_arg8 = -1;
   SyscallArgs args;
   VG_(memset)(&args, 0, sizeof args);
   args.sysno = sysno;
   args.arg1 = a[0]; args.arg2 = a[1]; args.arg3 = a[2];
   args.arg4 = a[3]; args.arg5 = a[4]; args.arg6 = a[5];
   SyscallStatus status;
   status.what = SsHandToKernel;
   UWord flags = 0;
   ent->before(tid, &layout, &args, &status, &flags);
}

void RG_(events_mem_written)(ThreadId tid, Addr a, SizeT n)
{
   VG_TRACK(post_mem_write, Vg_CoreSysCall, tid, a, n);
}

void RG_(events_result)(ThreadId tid)
{
   VG_TRACK(post_reg_write, Vg_CoreSysCall, tid, OFF(RAX),
            sizeof(UWord));
}

#else

/* Without the core's headers the analysis tools are not built. */
void RG_(events_pre_syscall)(ThreadId tid, UInt sysno, const UWord* a) { }
void RG_(events_mem_written)(ThreadId tid, Addr a, SizeT n) { }
void RG_(events_result)(ThreadId tid) { }

#endif

/*--------------------------------------------------------------------*/
/*--- end                                              rg_events.c ---*/
/*--------------------------------------------------------------------*/

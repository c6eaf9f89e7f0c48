/*--------------------------------------------------------------------*/
/*--- regrind: what replay does with each syscall.   rg_syscalls.c ---*/
/*--------------------------------------------------------------------*/

#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "rg_include.h"

static const RgSysInfo sys_table[] = {
#define RG_SYS(nr, name, nargs, cls) [nr] = { #name, nargs, RG_SC_##cls },
#include "rg_syscalls.def"
#undef RG_SYS
};

#define N_SYS (sizeof sys_table / sizeof sys_table[0])

static const RgSysInfo sys_unknown = { NULL, 6, RG_SC_EMU };

const RgSysInfo* RG_(sys_info)(UWord sysno)
{
   if (sysno < N_SYS && sys_table[sysno].name) return &sys_table[sysno];
   return &sys_unknown;
}

const HChar* RG_(sys_name)(UWord sysno)
{
   static HChar buf[32];
   const RgSysInfo* si = RG_(sys_info)(sysno);
   if (si->name) return si->name;
   VG_(sprintf)(buf, "syscall_%lu", sysno);
   return buf;
}

/* Sorted by request, so a binary search finds them. */
static const struct { UInt req; const HChar* name; } ioctl_table[] = {
#define RG_IOCTL(req, name) { req, #name },
#include "rg_ioctls.def"
#undef RG_IOCTL
};

Bool RG_(ioctl_described)(UWord req)
{
   UInt r = (UInt)req;
   /* Direction bits set: Valgrind derives the effects from them. */
   if ((r >> 30) != 0) return True;
   Int lo = 0, hi = sizeof ioctl_table / sizeof ioctl_table[0] - 1;
   while (lo <= hi) {
      Int mid = (lo + hi) / 2;
      if (ioctl_table[mid].req == r) return True;
      if (ioctl_table[mid].req < r) lo = mid + 1; else hi = mid - 1;
   }
   return False;
}

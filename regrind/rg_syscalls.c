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

/*--------------------------------------------------------------------*/
/*--- regrind: what replay does with each syscall.   rg_syscalls.c ---*/
/*--------------------------------------------------------------------*/

#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_vkiscnums.h"
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

/* In/out arguments the kernel rewrites but Valgrind's wrappers do not
   report through post_mem_write (they only check them as inputs). */
static const RgInOut inout_table[] = {
   { __NR_select,          1, RG_IO_FDSET },
   { __NR_select,          2, RG_IO_FDSET },
   { __NR_select,          3, RG_IO_FDSET },
   { __NR_select,          4, RG_IO_TIME  },
   { __NR_pselect6,        1, RG_IO_FDSET },
   { __NR_pselect6,        2, RG_IO_FDSET },
   { __NR_pselect6,        3, RG_IO_FDSET },
   { __NR_pselect6,        4, RG_IO_TIME  },
   { __NR_ppoll,           2, RG_IO_TIME  },
   { __NR_splice,          1, RG_IO_LOFF  },
   { __NR_splice,          3, RG_IO_LOFF  },
   { __NR_copy_file_range, 1, RG_IO_LOFF  },
   { __NR_copy_file_range, 3, RG_IO_LOFF  },
};

const RgInOut* RG_(sys_inout)(UWord sysno, Int* n)
{
   Int i, first = -1;
   *n = 0;
   for (i = 0; i < (Int)(sizeof inout_table / sizeof inout_table[0]); i++)
      if (inout_table[i].sysno == sysno) {
         if (first < 0) first = i;
         (*n)++;
      }
   return first < 0 ? NULL : &inout_table[first];
}

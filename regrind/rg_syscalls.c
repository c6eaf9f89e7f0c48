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

/* Old-style ioctls Valgrind does not know that write no memory of the
   program's (the result is all there is). */
static const UInt no_memory_ioctls[] = {
   0x5441,                      /* TIOCGPTPEER: a new fd (script) */
};

Bool RG_(ioctl_described)(UWord req)
{
   UInt r = (UInt)req, i;
   /* Direction bits set: Valgrind derives the effects from them. */
   if ((r >> 30) != 0) return True;
   for (i = 0; i < sizeof no_memory_ioctls / sizeof no_memory_ioctls[0]; i++)
      if (no_memory_ioctls[i] == r) return True;
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
   /* The kernel rewrites the whole struct (l_type F_UNLCK when nothing
      conflicts); Valgrind reports only l_pid. */
   { __NR_fcntl,           2, RG_IO_FLOCK },
   /* The socklen_t the kernel sets to the address's length: Valgrind
      reports the address it bounds, not the length itself. */
   { __NR_accept,          2, RG_IO_SOCKLEN },
   { __NR_accept4,         2, RG_IO_SOCKLEN },
   { __NR_getsockname,     2, RG_IO_SOCKLEN },
   { __NR_getpeername,     2, RG_IO_SOCKLEN },
   { __NR_recvfrom,        5, RG_IO_SOCKLEN },
   { __NR_getsockopt,      4, RG_IO_SOCKLEN },
   /* recvmsg sets msg_namelen and msg_controllen, which Valgrind only
      checks as inputs: the whole header (or the headers recvmmsg
      filled) is recorded. */
   { __NR_recvmsg,         1, RG_IO_MSGHDR },
   { __NR_recvmmsg,        1, RG_IO_MMSGHDR },
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

/* Signals the kernel sends to the calling thread as an effect of a
   syscall's failure: replay emulates the syscall, so it must raise
   them itself.  NOSIG: the argument holding send flags, where
   MSG_NOSIGNAL says not to (6: none). */
static const struct { UShort sysno; UChar err, sig, nosig; } raised_table[] = {
   { __NR_write,           VKI_EPIPE, VKI_SIGPIPE, 6 },
   { __NR_writev,          VKI_EPIPE, VKI_SIGPIPE, 6 },
   { __NR_pwritev2,        VKI_EPIPE, VKI_SIGPIPE, 6 },
   { __NR_sendto,          VKI_EPIPE, VKI_SIGPIPE, 3 },
   { __NR_sendmsg,         VKI_EPIPE, VKI_SIGPIPE, 2 },
   { __NR_sendmmsg,        VKI_EPIPE, VKI_SIGPIPE, 3 },
   { __NR_sendfile,        VKI_EPIPE, VKI_SIGPIPE, 6 },
   { __NR_splice,          VKI_EPIPE, VKI_SIGPIPE, 6 },
   { __NR_vmsplice,        VKI_EPIPE, VKI_SIGPIPE, 6 },
   { __NR_tee,             VKI_EPIPE, VKI_SIGPIPE, 6 },
   { __NR_write,           VKI_EFBIG, VKI_SIGXFSZ, 6 },
   { __NR_writev,          VKI_EFBIG, VKI_SIGXFSZ, 6 },
   { __NR_pwrite64,        VKI_EFBIG, VKI_SIGXFSZ, 6 },
   { __NR_pwritev,         VKI_EFBIG, VKI_SIGXFSZ, 6 },
   { __NR_pwritev2,        VKI_EFBIG, VKI_SIGXFSZ, 6 },
   { __NR_sendfile,        VKI_EFBIG, VKI_SIGXFSZ, 6 },
   { __NR_splice,          VKI_EFBIG, VKI_SIGXFSZ, 6 },
   { __NR_copy_file_range, VKI_EFBIG, VKI_SIGXFSZ, 6 },
   { __NR_truncate,        VKI_EFBIG, VKI_SIGXFSZ, 6 },
   { __NR_ftruncate,       VKI_EFBIG, VKI_SIGXFSZ, 6 },
   { __NR_fallocate,       VKI_EFBIG, VKI_SIGXFSZ, 6 },
};

Int RG_(sys_raised_signal)(UWord sysno, const UWord* a, Long result)
{
   UInt i;
   if (result >= 0) return 0;
   for (i = 0; i < sizeof raised_table / sizeof raised_table[0]; i++)
      if (raised_table[i].sysno == sysno
          && -result == raised_table[i].err) {
         if (raised_table[i].nosig < 6
             && (a[raised_table[i].nosig] & VKI_MSG_NOSIGNAL))
            return 0;
         return raised_table[i].sig;
      }
   return 0;
}

/* Syscalls whose result is bounded by an argument, and where the
   kernel's writes must fall (replay checks a trace against them). */
static const RgResArg resarg_table[] = {
   { __NR_read,            1, 2, RG_RA_FILL  },
   { __NR_pread64,         1, 2, RG_RA_FILL  },
   { __NR_getdents,        1, 2, RG_RA_FILL  },
   { __NR_getdents64,      1, 2, RG_RA_FILL  },
   { __NR_getcwd,          0, 1, RG_RA_FILL  },
   { __NR_readlink,        1, 2, RG_RA_FILL  },
   { __NR_readlinkat,      2, 3, RG_RA_FILL  },
   { __NR_getrandom,       0, 1, RG_RA_BUF   },
   { __NR_readv,           1, 2, RG_RA_IOVBUF },
   { __NR_preadv,          1, 2, RG_RA_IOVBUF },
   { __NR_preadv2,         1, 2, RG_RA_IOVBUF },
   { __NR_writev,          1, 2, RG_RA_IOV   },
   { __NR_pwritev,         1, 2, RG_RA_IOV   },
   { __NR_pwritev2,        1, 2, RG_RA_IOV   },
   { __NR_write,           1, 2, RG_RA_COUNT },
   { __NR_pwrite64,        1, 2, RG_RA_COUNT },
   { __NR_sendto,          1, 2, RG_RA_COUNT },
   { __NR_sendfile,        3, 3, RG_RA_COUNT },
   { __NR_splice,          4, 4, RG_RA_COUNT },
   { __NR_tee,             2, 2, RG_RA_COUNT },
   { __NR_copy_file_range, 4, 4, RG_RA_COUNT },
};

const RgResArg* RG_(sys_resarg)(UWord sysno)
{
   UInt i;
   for (i = 0; i < sizeof resarg_table / sizeof resarg_table[0]; i++)
      if (resarg_table[i].sysno == sysno) return &resarg_table[i];
   return NULL;
}

/* Syscalls that may wait for another process or for time: the
   recorder writes what it holds before them, so that a recording
   killed while the program waits loses nothing it did before.  FD:
   only when fd argument 0 is not a regular file (reads from pipes,
   terminals, sockets).  futex is left out: threads wait on it all
   the time, and the other threads' records keep the timer going. */
static const struct { UShort sysno; UChar fd; } block_table[] = {
   { __NR_read, 1 },      { __NR_readv, 1 },       { __NR_recvfrom, 1 },
   { __NR_recvmsg, 1 },   { __NR_recvmmsg, 1 },    { __NR_poll, 0 },
   { __NR_select, 0 },    { __NR_pause, 0 },       { __NR_nanosleep, 0 },
   { __NR_accept, 0 },    { __NR_accept4, 0 },     { __NR_wait4, 0 },
   { __NR_waitid, 0 },    { __NR_semop, 0 },       { __NR_semtimedop, 0 },
   { __NR_msgrcv, 0 },    { __NR_flock, 0 },       { __NR_rt_sigtimedwait, 0 },
   { __NR_rt_sigsuspend, 0 }, { __NR_clock_nanosleep, 0 },
   { __NR_epoll_wait, 0 }, { __NR_epoll_pwait, 0 }, { 441 /* epoll_pwait2 */, 0 },
   { __NR_pselect6, 0 },  { __NR_ppoll, 0 },       { __NR_mq_timedreceive, 0 },
   { __NR_io_getevents, 0 },
};

Int RG_(sys_may_block)(UWord sysno)
{
   UInt i;
   for (i = 0; i < sizeof block_table / sizeof block_table[0]; i++)
      if (block_table[i].sysno == sysno) return 1 + block_table[i].fd;
   return 0;
}

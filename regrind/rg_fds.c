/*--------------------------------------------------------------------*/
/*--- regrind: which fds are the recorded stdout/stderr.  rg_fds.c ---*/
/*--------------------------------------------------------------------*/

/* Replay shows the program's output by echoing what it writes to the
   stdout and stderr it started with.  A program moves those around:
   a shell saves fd 1 with fcntl(F_DUPFD), dup2s a file over it for a
   redirection and dup2s the saved copy back.  At replay none of that
   reaches the kernel, so the tool follows it here, for every fd, from
   the syscalls and their recorded results.  Record follows it too, to
   know when the kernel moves file data to the output by itself
   (sendfile, copy_file_range, splice).  Forked children inherit the
   table with the memory; an execve passes it on (rg_exec.c) minus the
   close-on-exec fds. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_vkiscnums.h"
#include "rg_include.h"

/* Per fd: RG_OUT_STDOUT or RG_OUT_STDERR (0: neither), and FD_CLOEXEC.
   Fds beyond the table are never the output. */
#define N_FDS   4096
#define CLOEXEC 4
static UChar fd_out[N_FDS] = { 0, RG_OUT_STDOUT, RG_OUT_STDERR };

/* Newer than Valgrind 3.19's headers. */
#define O_CLOEXEC_       02000000
#ifndef __NR_pidfd_open
#define __NR_pidfd_open  434
#endif
#ifndef __NR_openat2
#define __NR_openat2     437
#endif
#ifndef __NR_pidfd_getfd
#define __NR_pidfd_getfd 438
#endif
/*------------------------------------------------------------*/
/*--- What each syscall does to the fd table               ---*/
/*------------------------------------------------------------*/

typedef enum {
   OP_DUP,          /* fd a0 is copied to the result                */
   OP_DUP_TO,       /* fd a0 is copied to fd a1 (cloexec: a2)       */
   OP_CLOSE,        /* fd a0 is closed                              */
   OP_CLOSE_RANGE,  /* a0..a1 closed, or marked cloexec (flags a2)  */
   OP_NEW,          /* the result is a new fd                       */
   OP_NEW_PAIR,     /* two new fds are written at argument ARG      */
   OP_FCNTL,
   OP_IOCTL
} FdOp;

static const struct { UShort sysno; UChar op; UChar arg; } fd_ops[] = {
   { __NR_dup,               OP_DUP,         0 },
   { __NR_dup2,              OP_DUP_TO,      0 },
   { __NR_dup3,              OP_DUP_TO,      0 },
   { __NR_fcntl,             OP_FCNTL,       0 },
   { __NR_ioctl,             OP_IOCTL,       0 },
   { __NR_close,             OP_CLOSE,       0 },
   { __NR_close_range,       OP_CLOSE_RANGE, 0 },
   { __NR_pipe,              OP_NEW_PAIR,    0 },
   { __NR_pipe2,             OP_NEW_PAIR,    0 },
   { __NR_socketpair,        OP_NEW_PAIR,    3 },
   /* New fds: a number the table still marks was closed in a way it
      missed; forget it. */
   { __NR_open,              OP_NEW,         0 },
   { __NR_openat,            OP_NEW,         0 },
   { __NR_openat2,           OP_NEW,         0 },
   { __NR_creat,             OP_NEW,         0 },
   { __NR_open_by_handle_at, OP_NEW,         0 },
   { __NR_socket,            OP_NEW,         0 },
   { __NR_accept,            OP_NEW,         0 },
   { __NR_accept4,           OP_NEW,         0 },
   { __NR_epoll_create,      OP_NEW,         0 },
   { __NR_epoll_create1,     OP_NEW,         0 },
   { __NR_eventfd,           OP_NEW,         0 },
   { __NR_eventfd2,          OP_NEW,         0 },
   { __NR_signalfd,          OP_NEW,         0 },
   { __NR_signalfd4,         OP_NEW,         0 },
   { __NR_timerfd_create,    OP_NEW,         0 },
   { __NR_inotify_init,      OP_NEW,         0 },
   { __NR_inotify_init1,     OP_NEW,         0 },
   { __NR_memfd_create,      OP_NEW,         0 },
   { __NR_pidfd_open,        OP_NEW,         0 },
   { __NR_pidfd_getfd,       OP_NEW,         0 },
   { __NR_userfaultfd,       OP_NEW,         0 },
   { __NR_fanotify_init,     OP_NEW,         0 },
   { __NR_mq_open,           OP_NEW,         0 },
};

static void forget(Long fd)
{
   if (fd >= 0 && fd < N_FDS) fd_out[fd] = 0;
}

static void copy_fd(UWord from, Long to, Bool cloexec)
{
   if (to < 0 || to >= N_FDS) return;
   fd_out[to] = from < N_FDS && (fd_out[from] & 3)
                ? (fd_out[from] & 3) | (cloexec ? CLOEXEC : 0) : 0;
}

static void set_cloexec(UWord fd, Bool on)
{
   if (fd >= N_FDS || !(fd_out[fd] & 3)) return;
   fd_out[fd] = (fd_out[fd] & 3) | (on ? CLOEXEC : 0);
}

void RG_(fds_track)(UInt sysno, const UWord* a, Long result)
{
   UInt i;
   if (result < 0) return;
   for (i = 0; i < sizeof fd_ops / sizeof fd_ops[0]; i++)
      if (fd_ops[i].sysno == sysno) break;
   if (i == sizeof fd_ops / sizeof fd_ops[0]) return;

   switch (fd_ops[i].op) {
      case OP_DUP:
         copy_fd(a[0], result, False);
         break;
      case OP_DUP_TO:
         if (a[0] != a[1])
            copy_fd(a[0], a[1], sysno == __NR_dup3 && (a[2] & O_CLOEXEC_));
         break;
      case OP_CLOSE:
         forget(a[0]);
         break;
      case OP_CLOSE_RANGE: {
         UWord fd, last = a[1] < N_FDS - 1 ? a[1] : N_FDS - 1;
         for (fd = a[0]; fd <= last; fd++) {
            if (a[2] & VKI_CLOSE_RANGE_CLOEXEC) set_cloexec(fd, True);
            else forget(fd);
         }
         break;
      }
      case OP_NEW:
         forget(result);
         break;
      case OP_NEW_PAIR: {
         const Int* p = (const Int*)a[fd_ops[i].arg];
         if (VG_(am_is_valid_for_client)((Addr)p, 2 * sizeof(Int),
                                         VKI_PROT_READ)) {
            forget(p[0]);
            forget(p[1]);
         }
         break;
      }
      case OP_FCNTL:
         if (a[1] == VKI_F_DUPFD || a[1] == VKI_F_DUPFD_CLOEXEC)
            copy_fd(a[0], result, a[1] == VKI_F_DUPFD_CLOEXEC);
         else if (a[1] == VKI_F_SETFD)
            set_cloexec(a[0], a[2] & VKI_FD_CLOEXEC);
         break;
      case OP_IOCTL:
         if (a[1] == VKI_FIOCLEX || a[1] == VKI_FIONCLEX)
            set_cloexec(a[0], a[1] == VKI_FIOCLEX);
         break;
   }
}

Int RG_(fds_out)(UWord fd)
{
   return fd < N_FDS ? fd_out[fd] & 3 : 0;
}

/* Syscalls that move file data to an fd inside the kernel: which
   arguments are the input fd, its offset pointer and the output fd. */
static const RgMove moves[] = {
   { __NR_sendfile,        1, 2, 0 },
   { __NR_copy_file_range, 0, 1, 2 },
   { __NR_splice,          0, 1, 2 },
   { __NR_tee,             0, 6, 1 },     /* pipe to pipe: no offset */
};

const RgMove* RG_(fds_move)(UInt sysno)
{
   UInt i;
   for (i = 0; i < sizeof moves / sizeof moves[0]; i++)
      if (moves[i].sysno == sysno) return &moves[i];
   return NULL;
}

/*------------------------------------------------------------*/
/*--- Across execve                                        ---*/
/*------------------------------------------------------------*/

/* "FD:WHICH,FD:WHICH...": the output fds that survive the execve. */
const HChar* RG_(fds_encode)(void)
{
   static HChar buf[512];
   HChar* p = buf;
   UInt fd;
   buf[0] = 0;
   for (fd = 0; fd < N_FDS && p < buf + sizeof buf - 24; fd++)
      if ((fd_out[fd] & 3) && !(fd_out[fd] & CLOEXEC))
         p += VG_(sprintf)(p, "%s%u:%u", p == buf ? "" : ",", fd,
                           (UInt)(fd_out[fd] & 3));
   return buf;
}

void RG_(fds_decode)(const HChar* s)
{
   VG_(memset)(fd_out, 0, sizeof fd_out);
   while (*s >= '0' && *s <= '9') {
      HChar* end;
      Long fd = VG_(strtoll10)(s, &end);
      if (*end != ':') return;
      Long which = VG_(strtoll10)(end + 1, &end);
      if (fd >= 0 && fd < N_FDS && (which == RG_OUT_STDOUT
                                    || which == RG_OUT_STDERR))
         fd_out[fd] = which;
      if (*end != ',') return;
      s = end + 1;
   }
}

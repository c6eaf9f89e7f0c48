/*--------------------------------------------------------------------*/
/*--- host library: names of syscalls, signals...                 ---*/
/*---                                             rg_host_names.c ---*/
/*--------------------------------------------------------------------*/

#ifdef HAVE_CONFIG_H
#include "rg_config.h"
#endif

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rg_host.h"

typedef struct { const char* name; int nargs; } SysName;

/*------------------------------------------------------------*/
/*--- Names                                                ---*/
/*------------------------------------------------------------*/

static const SysName sys_table[] = {
#define RG_SYS(nr, name, nargs, cls) [nr] = { #name, nargs },
#include "rg_syscalls.def"
#undef RG_SYS
};
#define N_SYS (sizeof sys_table / sizeof sys_table[0])

const char* sys_name(uint64_t nr, char* buf, size_t bufsz)
{
   if (nr < N_SYS && sys_table[nr].name) return sys_table[nr].name;
   snprintf(buf, bufsz, "syscall_%" PRIu64, nr);
   return buf;
}

/* Arguments that are file descriptors (bit i: argument i), shown in
   decimal; AT_FDCWD by name. */
static const struct { const char* name; unsigned mask; } fd_args[] = {
   { "read", 1 }, { "write", 1 }, { "close", 1 }, { "fstat", 1 },
   { "lseek", 1 }, { "mmap", 1 << 4 }, { "ioctl", 1 }, { "pread64", 1 },
   { "pwrite64", 1 }, { "readv", 1 }, { "writev", 1 }, { "dup", 1 },
   { "dup2", 3 }, { "dup3", 3 }, { "sendfile", 3 }, { "connect", 1 },
   { "accept", 1 }, { "accept4", 1 }, { "sendto", 1 }, { "recvfrom", 1 },
   { "sendmsg", 1 }, { "recvmsg", 1 }, { "sendmmsg", 1 },
   { "recvmmsg", 1 }, { "shutdown", 1 }, { "bind", 1 }, { "listen", 1 },
   { "getsockname", 1 }, { "getpeername", 1 }, { "setsockopt", 1 },
   { "getsockopt", 1 }, { "fcntl", 1 }, { "flock", 1 }, { "fsync", 1 },
   { "fdatasync", 1 }, { "ftruncate", 1 }, { "getdents", 1 },
   { "getdents64", 1 }, { "fchdir", 1 }, { "fchmod", 1 },
   { "fchown", 1 }, { "fstatfs", 1 }, { "readahead", 1 },
   { "fsetxattr", 1 }, { "fgetxattr", 1 }, { "flistxattr", 1 },
   { "fremovexattr", 1 }, { "fadvise64", 1 }, { "epoll_wait", 1 },
   { "epoll_pwait", 1 }, { "epoll_pwait2", 1 }, { "epoll_ctl", 5 },
   { "inotify_add_watch", 1 }, { "inotify_rm_watch", 1 },
   { "openat", 1 }, { "openat2", 1 }, { "mkdirat", 1 }, { "mknodat", 1 },
   { "fchownat", 1 }, { "futimesat", 1 }, { "newfstatat", 1 },
   { "unlinkat", 1 }, { "renameat", 5 }, { "renameat2", 5 },
   { "linkat", 5 }, { "symlinkat", 2 }, { "readlinkat", 1 },
   { "fchmodat", 1 }, { "faccessat", 1 }, { "faccessat2", 1 },
   { "utimensat", 1 }, { "splice", 5 }, { "tee", 3 },
   { "sync_file_range", 1 }, { "vmsplice", 1 }, { "fallocate", 1 },
   { "timerfd_settime", 1 }, { "timerfd_gettime", 1 },
   { "signalfd", 1 }, { "signalfd4", 1 }, { "preadv", 1 },
   { "pwritev", 1 }, { "preadv2", 1 }, { "pwritev2", 1 },
   { "name_to_handle_at", 1 }, { "open_by_handle_at", 1 },
   { "syncfs", 1 }, { "setns", 1 }, { "finit_module", 1 },
   { "kexec_file_load", 3 }, { "execveat", 1 }, { "copy_file_range", 5 },
   { "statx", 1 }, { "pidfd_send_signal", 1 }, { "pidfd_getfd", 1 },
   { "fanotify_mark", 1 | 8 }, { "io_uring_enter", 1 },
   { "io_uring_register", 1 }, { "open_tree", 1 }, { "move_mount", 5 },
   { "fsconfig", 1 }, { "fsmount", 1 }, { "fspick", 1 },
   { "mount_setattr", 1 }, { "quotactl_fd", 1 },
   { "landlock_add_rule", 1 }, { "landlock_restrict_self", 1 },
   { "process_madvise", 1 }, { "fstatfs", 1 },
};

static unsigned sys_fd_args[N_SYS];

void init_fd_masks(void)
{
   for (size_t i = 0; i < sizeof fd_args / sizeof fd_args[0]; i++)
      for (size_t nr = 0; nr < N_SYS; nr++)
         if (sys_table[nr].name
             && strcmp(sys_table[nr].name, fd_args[i].name) == 0)
            sys_fd_args[nr] |= fd_args[i].mask;
}

/* Syscalls whose result is an address, shown in hex. */
int result_is_addr(uint64_t nr)
{
   const char* n = nr < N_SYS ? sys_table[nr].name : NULL;
   return n && (!strcmp(n, "mmap") || !strcmp(n, "brk")
                || !strcmp(n, "mremap") || !strcmp(n, "shmat"));
}

static const char* const errno_names[] = {
   [1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR",
   [5] = "EIO", [6] = "ENXIO", [7] = "E2BIG", [8] = "ENOEXEC",
   [9] = "EBADF", [10] = "ECHILD", [11] = "EAGAIN", [12] = "ENOMEM",
   [13] = "EACCES", [14] = "EFAULT", [15] = "ENOTBLK", [16] = "EBUSY",
   [17] = "EEXIST", [18] = "EXDEV", [19] = "ENODEV", [20] = "ENOTDIR",
   [21] = "EISDIR", [22] = "EINVAL", [23] = "ENFILE", [24] = "EMFILE",
   [25] = "ENOTTY", [26] = "ETXTBSY", [27] = "EFBIG", [28] = "ENOSPC",
   [29] = "ESPIPE", [30] = "EROFS", [31] = "EMLINK", [32] = "EPIPE",
   [33] = "EDOM", [34] = "ERANGE", [35] = "EDEADLK",
   [36] = "ENAMETOOLONG", [37] = "ENOLCK", [38] = "ENOSYS",
   [39] = "ENOTEMPTY", [40] = "ELOOP", [42] = "ENOMSG", [43] = "EIDRM",
   [61] = "ENODATA", [62] = "ETIME", [71] = "EPROTO",
   [75] = "EOVERFLOW", [84] = "EILSEQ", [88] = "ENOTSOCK",
   [89] = "EDESTADDRREQ", [90] = "EMSGSIZE", [91] = "EPROTOTYPE",
   [92] = "ENOPROTOOPT", [93] = "EPROTONOSUPPORT",
   [95] = "EOPNOTSUPP", [97] = "EAFNOSUPPORT", [98] = "EADDRINUSE",
   [99] = "EADDRNOTAVAIL", [100] = "ENETDOWN", [101] = "ENETUNREACH",
   [103] = "ECONNABORTED", [104] = "ECONNRESET", [105] = "ENOBUFS",
   [106] = "EISCONN", [107] = "ENOTCONN", [110] = "ETIMEDOUT",
   [111] = "ECONNREFUSED", [113] = "EHOSTUNREACH", [114] = "EALREADY",
   [115] = "EINPROGRESS", [116] = "ESTALE", [122] = "EDQUOT",
   [125] = "ECANCELED", [512] = "ERESTARTSYS", [513] = "ERESTARTNOINTR",
   [514] = "ERESTARTNOHAND", [516] = "ERESTART_RESTARTBLOCK",
};

/* The name of -result, or NULL when result is not an error. */
const char* errno_name(int64_t result)
{
   if (result >= 0 || result < -4095) return NULL;
   uint64_t e = (uint64_t)-result;
   if (e < sizeof errno_names / sizeof errno_names[0] && errno_names[e])
      return errno_names[e];
   return "";
}

static const char* const signal_names[] = {
   [1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL",
   [5] = "SIGTRAP", [6] = "SIGABRT", [7] = "SIGBUS", [8] = "SIGFPE",
   [9] = "SIGKILL", [10] = "SIGUSR1", [11] = "SIGSEGV", [12] = "SIGUSR2",
   [13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM",
   [16] = "SIGSTKFLT", [17] = "SIGCHLD", [18] = "SIGCONT",
   [19] = "SIGSTOP", [20] = "SIGTSTP", [21] = "SIGTTIN", [22] = "SIGTTOU",
   [23] = "SIGURG", [24] = "SIGXCPU", [25] = "SIGXFSZ",
   [26] = "SIGVTALRM", [27] = "SIGPROF", [28] = "SIGWINCH", [29] = "SIGIO",
   [30] = "SIGPWR", [31] = "SIGSYS",
};

const char* signal_name(uint64_t s, char* buf, size_t bufsz)
{
   if (s < sizeof signal_names / sizeof signal_names[0] && signal_names[s])
      return signal_names[s];
   if (s >= 32 && s <= 64)
      snprintf(buf, bufsz, "SIGRT_%" PRIu64, s - 32);  /* as strace */
   else
      snprintf(buf, bufsz, "SIG%" PRIu64, s);
   return buf;
}

static const char* const nd_names[RG_ND_N] = {
   [RG_ND_RDTSC] = "rdtsc", [RG_ND_RDTSCP] = "rdtscp",
   [RG_ND_CPUID] = "cpuid", [RG_ND_RDRAND] = "rdrand",
   [RG_ND_RDSEED] = "rdseed",
};

const char* nd_name(uint64_t k)
{
   return k < RG_ND_N ? nd_names[k] : NULL;
}

static const char* const end_names[] = {
   [RG_END_EXIT] = "exit", [RG_END_SIGNAL] = "signal",
   [RG_END_EXEC] = "exec", [RG_END_REFUSED] = "refused",
};

const char* end_name(uint64_t r)
{
   return r < sizeof end_names / sizeof end_names[0] ? end_names[r] : NULL;
}

static const char* const kind_names[] = {
   [RG_REC_INIT] = "INIT", [RG_REC_FILE] = "FILE",
   [RG_REC_SYSCALL] = "SYSCALL", [RG_REC_NONDET] = "NONDET",
   [RG_REC_SIGNAL] = "SIGNAL", [RG_REC_END] = "END",
   [RG_REC_FORK] = "FORK", [RG_REC_LOAD] = "LOAD",
   [RG_REC_SCHED] = "SCHED", [RG_REC_OUTPUT] = "OUTPUT",
};

int is_event(unsigned kind)
{
   return RG_REC_IS_EVENT(kind);
}

const char* kind_name(unsigned kind)
{
   return kind < N_KINDS && kind_names[kind] ? kind_names[kind] : "?";
}

int sys_nargs(uint64_t nr)
{
   return nr < N_SYS && sys_table[nr].name ? sys_table[nr].nargs : -1;
}

unsigned sys_fd_mask(uint64_t nr)
{
   return nr < N_SYS ? sys_fd_args[nr] : 0;
}

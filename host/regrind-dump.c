/*--------------------------------------------------------------------*/
/*--- regrind-dump: show, summarise and compare regrind traces.   ---*/
/*---                                               regrind-dump.c ---*/
/*--------------------------------------------------------------------*/

/*
   An ordinary host program (libc, zlib, libxml2).  It reads the trace
   format specified in regrind/rg_format.h, one chunk at a time, with
   the same damage checks as the tool's reader (rg_trace_read.c) and
   the same words in its messages, so that a trace the tool refuses is
   refused here too, and for the same reason.

     regrind-dump [-v] TRACE           one line per record
     regrind-dump --xml [-v] TRACE     an XML document (docs/regrind-dump.rng)
     regrind-dump --stats TRACE        counts, sizes, compression, threads
     regrind-dump --diff TRACE1 TRACE2 the first event that differs
     --pid PID                         read TRACE/events-PID (a forked
                                       child's recording), not TRACE/events

   Exit status: 0 done (a trace that was cut off is still dumped),
   1 --diff found a difference, 2 error (usage, unreadable or damaged
   trace).  Everything read from the trace is bounds-checked; memory
   is bounded by the largest chunk.
*/

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
#include <sys/stat.h>
#include <dirent.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>
#include <libxml/xmlwriter.h>

#include "../regrind/rg_format.h"

#ifdef PACKAGE_VERSION
#define DUMP_VERSION PACKAGE_VERSION
#else
#define DUMP_VERSION "0.1"
#endif

/* How many identical events --diff shows before the first difference. */
#define DIFF_CONTEXT 3

/* -v: bytes of each region (and embedded file range) shown in hex. */
#define HEAD_BYTES 64

typedef unsigned char u8;

static const char* progname = "regrind-dump";
static int verbose;
/* The file of the trace to read: "events", or "events-PID" for the
   recording of a forked child (--pid PID). */
static char trace_file[64] = RG_TRACE_FILE;

/*------------------------------------------------------------*/
/*--- Errors and memory                                    ---*/
/*------------------------------------------------------------*/

__attribute__((noreturn, format(printf, 1, 2)))
static void die(const char* fmt, ...)
{
   va_list ap;
   fflush(stdout);
   fprintf(stderr, "%s: ", progname);
   va_start(ap, fmt);
   vfprintf(stderr, fmt, ap);
   va_end(ap);
   fputc('\n', stderr);
   exit(2);
}

static void* xrealloc(void* p, size_t n)
{
   void* q = realloc(p, n ? n : 1);
   if (!q) die("out of memory (wanted %zu bytes)", n);
   return q;
}

static void* xmalloc(size_t n) { return xrealloc(NULL, n); }

/*------------------------------------------------------------*/
/*--- Growable strings                                     ---*/
/*------------------------------------------------------------*/

typedef struct {
   char*  s;
   size_t len, cap;
} Str;

static void sb_reserve(Str* b, size_t more)
{
   if (b->len + more + 1 <= b->cap) return;
   size_t nc = b->cap ? b->cap * 2 : 256;
   while (nc < b->len + more + 1) nc *= 2;
   b->s = xrealloc(b->s, nc);
   b->cap = nc;
}

static void sb_reset(Str* b)
{
   sb_reserve(b, 0);
   b->len = 0;
   b->s[0] = 0;
}

static void sb_putc(Str* b, char c)
{
   sb_reserve(b, 1);
   b->s[b->len++] = c;
   b->s[b->len] = 0;
}

__attribute__((format(printf, 2, 3)))
static void sb_printf(Str* b, const char* fmt, ...)
{
   va_list ap;
   sb_reserve(b, 64);
   va_start(ap, fmt);
   int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
   va_end(ap);
   if (n < 0) return;
   if ((size_t)n >= b->cap - b->len) {
      sb_reserve(b, (size_t)n);
      va_start(ap, fmt);
      vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
      va_end(ap);
   }
   b->len += (size_t)n;
}

static void sb_free(Str* b)
{
   free(b->s);
   b->s = NULL;
   b->len = b->cap = 0;
}

/* Length of the valid UTF-8 sequence at p (of at most n bytes) that
   encodes a character XML allows and a terminal shows, or 0. */
static size_t utf8_ok(const u8* p, size_t n)
{
   uint32_t c;
   size_t k;
   if (p[0] < 0xc2 || p[0] > 0xf4) return 0;
   k = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
   if (k > n) return 0;
   c = p[0] & (0x7f >> k);
   for (size_t i = 1; i < k; i++) {
      if ((p[i] & 0xc0) != 0x80) return 0;
      c = (c << 6) | (p[i] & 0x3f);
   }
   if ((k == 3 && c < 0x800) || (k == 4 && c < 0x10000) || c > 0x10ffff)
      return 0;                            /* overlong, out of range */
   if (c < 0xa0) return 0;                 /* C1 controls */
   if (c >= 0xd800 && c <= 0xdfff) return 0;
   if (c == 0xfffe || c == 0xffff) return 0;
   return k;
}

/* Append bytes from the trace as text: printable ASCII and valid
   UTF-8 as they are, backslash as \\, everything else as \n, \t or
   \xNN.  The result is always valid UTF-8 without control characters,
   so it is safe on a terminal and in XML.  quote: also escape '"'. */
static void sb_esc(Str* b, const u8* p, size_t n, int quote)
{
   size_t i = 0;
   sb_reserve(b, n);
   while (i < n) {
      u8 c = p[i];
      if (c == '\\') { sb_putc(b, '\\'); sb_putc(b, '\\'); i++; continue; }
      if (quote && c == '"') { sb_putc(b, '\\'); sb_putc(b, '"'); i++; continue; }
      if (c >= 0x20 && c < 0x7f) { sb_putc(b, (char)c); i++; continue; }
      if (c == '\n') { sb_putc(b, '\\'); sb_putc(b, 'n'); i++; continue; }
      if (c == '\t') { sb_putc(b, '\\'); sb_putc(b, 't'); i++; continue; }
      size_t k = c >= 0x80 ? utf8_ok(p + i, n - i) : 0;
      if (k) {
         for (size_t j = 0; j < k; j++) sb_putc(b, (char)p[i + j]);
         i += k;
         continue;
      }
      sb_printf(b, "\\x%02x", c);
      i++;
   }
}

static void sb_hex(Str* b, const u8* p, size_t n)
{
   static const char hx[] = "0123456789abcdef";
   sb_reserve(b, 2 * n);
   for (size_t i = 0; i < n; i++) {
      b->s[b->len++] = hx[p[i] >> 4];
      b->s[b->len++] = hx[p[i] & 15];
   }
   b->s[b->len] = 0;
}

/* A classic hex dump of up to HEAD_BYTES bytes, each line indented. */
static void sb_hexdump(Str* b, const char* indent, const u8* p, size_t n)
{
   size_t show = n < HEAD_BYTES ? n : HEAD_BYTES;
   for (size_t off = 0; off < show; off += 16) {
      size_t m = show - off < 16 ? show - off : 16;
      sb_printf(b, "%s%04zx ", indent, off);
      for (size_t i = 0; i < 16; i++) {
         if (i == 8) sb_putc(b, ' ');
         if (i < m) sb_printf(b, " %02x", p[off + i]);
         else       sb_printf(b, "   ");
      }
      sb_printf(b, "  |");
      for (size_t i = 0; i < m; i++) {
         u8 c = p[off + i];
         sb_putc(b, c >= 0x20 && c < 0x7f ? (char)c : '.');
      }
      sb_printf(b, "|\n");
   }
   if (n > show)
      sb_printf(b, "%s... (%zu more bytes)\n", indent, n - show);
}

/*------------------------------------------------------------*/
/*--- Cursors over decoded bytes (as rg_util.c)            ---*/
/*------------------------------------------------------------*/

typedef struct {
   const u8* p;
   const u8* end;
   int       bad;
} Cur;

static unsigned cur_u8(Cur* c)
{
   if (c->p >= c->end) { c->bad = 1; return 0; }
   return *c->p++;
}

static uint64_t cur_v(Cur* c)
{
   uint64_t v = 0;
   unsigned shift = 0;
   while (1) {
      if (c->p >= c->end || shift > 63) { c->bad = 1; return 0; }
      u8 x = *c->p++;
      v |= (uint64_t)(x & 0x7f) << shift;
      if (!(x & 0x80)) return v;
      shift += 7;
   }
}

static int64_t cur_z(Cur* c)
{
   uint64_t u = cur_v(c);
   return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

static const u8* cur_b(Cur* c, size_t* len)
{
   uint64_t n = cur_v(c);
   if (c->bad || n > (uint64_t)(c->end - c->p)) {
      c->bad = 1; *len = 0; return c->p;
   }
   const u8* p = c->p;
   c->p += n;
   *len = (size_t)n;
   return p;
}

/*------------------------------------------------------------*/
/*--- Names                                                ---*/
/*------------------------------------------------------------*/

typedef struct { const char* name; int nargs; } SysName;

static const SysName sys_table[] = {
#define RG_SYS(nr, name, nargs, cls) [nr] = { #name, nargs },
#include "../regrind/rg_syscalls.def"
#undef RG_SYS
};
#define N_SYS (sizeof sys_table / sizeof sys_table[0])

static const char* sys_name(uint64_t nr, char* buf, size_t bufsz)
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

static void init_fd_masks(void)
{
   for (size_t i = 0; i < sizeof fd_args / sizeof fd_args[0]; i++)
      for (size_t nr = 0; nr < N_SYS; nr++)
         if (sys_table[nr].name
             && strcmp(sys_table[nr].name, fd_args[i].name) == 0)
            sys_fd_args[nr] |= fd_args[i].mask;
}

/* Syscalls whose result is an address, shown in hex. */
static int result_is_addr(uint64_t nr)
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
static const char* errno_name(int64_t result)
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

static const char* signal_name(uint64_t s, char* buf, size_t bufsz)
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

static const char* nd_name(uint64_t k)
{
   return k < RG_ND_N ? nd_names[k] : NULL;
}

static const char* const end_names[] = {
   [RG_END_EXIT] = "exit", [RG_END_SIGNAL] = "signal",
   [RG_END_EXEC] = "exec", [RG_END_REFUSED] = "refused",
};

static const char* end_name(uint64_t r)
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
#define N_KINDS 11

static int is_event(unsigned kind)
{
   return kind == RG_REC_SYSCALL || kind == RG_REC_NONDET
          || kind == RG_REC_SIGNAL || kind == RG_REC_LOAD
          || kind == RG_REC_SCHED;
}

/*------------------------------------------------------------*/
/*--- Reading a trace (mirrors rg_trace_read.c)            ---*/
/*------------------------------------------------------------*/

typedef struct {
   unsigned kind;
   uint64_t evno;        /* event number, 0 for non-events */
   unsigned tid;         /* thread name, 1..RG_MAX_SERIAL-1 */
   uint64_t icount;      /* absolute */
   Cur      body;        /* fields after tid and icount */
   size_t   bytes;       /* raw size of the whole record */
} Rec;

/* One thread of a trace, by its name.  A real trace names threads 1,
   2, 3, ...; a damaged one may name any below RG_MAX_SERIAL, so the
   threads are hashed: memory grows with the threads seen, not with
   the highest name. */
typedef struct {
   uint32_t tid;         /* 0: a free slot */
   uint64_t icount;      /* absolute, at its last event */
   uint64_t events;      /* its events (the SCHED records it stopped in too) */
   uint64_t turns;       /* SCHED records naming it as the next thread */
} Thr;

typedef struct {
   const char* dir;
   char*    path;        /* DIR/events */
   int      fd;
   uint64_t id;
   uint32_t seq;
   uint64_t off;         /* file offset of the next chunk */
   u8*      stored;  size_t stored_cap;
   u8*      raw;     size_t raw_cap;
   Cur      cur;         /* over raw */
   int      eof;
   int      saw_end;
   uint64_t nevents;
   Thr*     thr;         /* open addressing, 1 << thr_bits slots */
   unsigned thr_bits;
   size_t   nthr;
   /* What was read, for --stats. */
   uint64_t file_size;   /* at open */
   uint64_t nchunks, nchunks_zlib;
   uint64_t stored_bytes;   /* payloads as stored */
   uint64_t raw_bytes;      /* payloads after inflation */
   uint64_t largest_raw;
   uint64_t tail_bytes;     /* bytes of a partial chunk at the end */
   int      tail_in_header; /* the partial chunk ends inside its header */
   uint64_t tail_clen;      /* its payload length, when the header is whole */
   int      tail_streamed;  /* a big record's chunk, header never filled in */
} Trace;

static uint32_t get32(const u8* p)
{
   return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t get64(const u8* p)
{
   return get32(p) | ((uint64_t)get32(p + 4) << 32);
}

/* Read up to n bytes; returns how many were there. */
static size_t read_upto(Trace* t, u8* p, size_t n)
{
   size_t got = 0;
   while (got < n) {
      ssize_t r = read(t->fd, p + got, n - got > 0x40000000 ? 0x40000000
                                                           : n - got);
      if (r < 0) {
         if (errno == EINTR) continue;
         die("cannot read trace %s: %s", t->path, strerror(errno));
      }
      if (r == 0) break;
      got += (size_t)r;
   }
   return got;
}

__attribute__((noreturn))
static void damaged(Trace* t, const char* what)
{
   die("trace %s is damaged: %s in chunk %" PRIu32
       " (file offset %" PRIu64 ")", t->path, what, t->seq, t->off);
}

/* The trace id in the header of DIR/NAME; 0 if it is not a trace
   file of this format. */
static uint64_t file_trace_id(const char* dir, const char* name)
{
   char path[4096];
   u8 hdr[RG_FILE_HDR_SIZE];
   snprintf(path, sizeof path, "%s/%s", dir, name);
   int fd = open(path, O_RDONLY | O_NOFOLLOW);
   if (fd < 0) return 0;
   ssize_t n = read(fd, hdr, sizeof hdr);
   close(fd);
   if (n != (ssize_t)sizeof hdr || memcmp(hdr, RG_MAGIC, 8) != 0) return 0;
   return get64(hdr + 16);
}

static void tr_open(Trace* t, const char* dir)
{
   memset(t, 0, sizeof *t);
   t->dir = dir;
   t->fd = -1;
   size_t dl = strlen(dir), fl = strlen(trace_file);
   t->path = xmalloc(dl + fl + 2);
   memcpy(t->path, dir, dl);
   t->path[dl] = '/';
   memcpy(t->path + dl + 1, trace_file, fl + 1);

   struct stat st;
   if (stat(dir, &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR)
         die("trace %s does not exist", dir);
      die("cannot access trace %s: %s", dir, strerror(errno));
   }
   if (!S_ISDIR(st.st_mode))
      die("trace %s is not a directory (a trace is a directory made by "
          "--record)", dir);
   t->fd = open(t->path, O_RDONLY);
   if (t->fd < 0) {
      if (errno == ENOENT)
         die("trace %s has no %s file: not a regrind trace, or the "
             "recording never started", dir, trace_file);
      die("cannot open %s: %s", t->path, strerror(errno));
   }
   if (fstat(t->fd, &st) == 0 && S_ISREG(st.st_mode))
      t->file_size = (uint64_t)st.st_size;

   u8 hdr[RG_FILE_HDR_SIZE];
   size_t n = read_upto(t, hdr, sizeof hdr);
   if (n == 0)
      die("trace %s is empty (zero-length %s)", dir, trace_file);
   if (n < 8 && memcmp(hdr, RG_MAGIC, n) == 0)
      die("trace %s is truncated inside its header", dir);
   if (n < 8 || memcmp(hdr, RG_MAGIC, 8) != 0)
      die("%s is not a regrind trace (bad magic)", t->path);
   if (n < sizeof hdr)
      die("trace %s is truncated inside its header", dir);
   uint32_t ver = get32(hdr + 8);
   if (ver != RG_FORMAT_VERSION)
      die("trace %s has format version %" PRIu32 ", this regrind-dump "
          "reads %d", dir, ver, RG_FORMAT_VERSION);
   if (get32(hdr + 12) != 0)
      die("trace %s is damaged: unknown header flags %#" PRIx32, dir,
          get32(hdr + 12));
   t->id  = get64(hdr + 16);
   t->off = sizeof hdr;
   t->cur.p = t->cur.end = NULL;
   /* Every file of a trace carries the recording's id: a child's file
      left by an older recording in the same directory is not this
      trace's. */
   if (strcmp(trace_file, RG_TRACE_FILE) != 0) {
      uint64_t main_id = file_trace_id(dir, RG_TRACE_FILE);
      if (main_id != t->id)
         die("%s belongs to another recording (trace id %016" PRIx64
             ", the trace's %s has %016" PRIx64 "): a stale file",
             t->path, t->id, RG_TRACE_FILE, main_id);
   }
}

static void tr_close(Trace* t)
{
   if (t->fd >= 0) close(t->fd);
   t->fd = -1;
   free(t->path);
   free(t->stored);
   free(t->raw);
   free(t->thr);
   t->path = NULL;
   t->stored = t->raw = NULL;
   t->thr = NULL;
}

static size_t thr_slot(uint32_t tid, unsigned bits)
{
   return (uint32_t)(tid * 0x9e3779b1u) >> (32 - bits);
}

/* The entry of thread tid (1..RG_MAX_SERIAL-1), made on first sight. */
static Thr* thr_get(Trace* t, uint32_t tid)
{
   size_t cap = t->thr ? (size_t)1 << t->thr_bits : 0;
   if (2 * (t->nthr + 1) > cap) {          /* keep it half empty */
      unsigned nb = t->thr ? t->thr_bits + 1 : 6;
      size_t ncap = (size_t)1 << nb;
      Thr* n = xmalloc(ncap * sizeof *n);
      memset(n, 0, ncap * sizeof *n);
      for (size_t i = 0; i < cap; i++) {
         if (!t->thr[i].tid) continue;
         size_t j = thr_slot(t->thr[i].tid, nb);
         while (n[j].tid) j = (j + 1) & (ncap - 1);
         n[j] = t->thr[i];
      }
      free(t->thr);
      t->thr = n;
      t->thr_bits = nb;
      cap = ncap;
   }
   size_t j = thr_slot(tid, t->thr_bits);
   while (t->thr[j].tid && t->thr[j].tid != tid) j = (j + 1) & (cap - 1);
   if (!t->thr[j].tid) {
      t->thr[j].tid = tid;
      t->nthr++;
   }
   return &t->thr[j];
}

static void reserve(u8** p, size_t* cap, size_t n)
{
   if (n <= *cap) return;
   free(*p);
   *p = xmalloc(n);
   *cap = n;
}

/* Bytes left in the file from the current position (re-read, so a
   file still being written is seen as it is now). */
static uint64_t bytes_left(Trace* t, uint64_t pos)
{
   struct stat st;
   if (fstat(t->fd, &st) != 0 || !S_ISREG(st.st_mode)) return UINT64_MAX;
   return (uint64_t)st.st_size > pos ? (uint64_t)st.st_size - pos : 0;
}

/* Load the next chunk into raw; 0 at the end of the file. */
static int next_chunk(Trace* t)
{
   u8 hdr[RG_CHUNK_HDR_SIZE];
   size_t n = read_upto(t, hdr, sizeof hdr);
   if (n == 0) return 0;
   if (n < sizeof hdr) {
      if (t->saw_end) damaged(t, "trailing bytes after the end record");
      t->tail_bytes = n;              /* cut off inside a header */
      t->tail_in_header = 1;
      return 0;
   }
   /* A big record's chunk is streamed behind a zeroed header filled
      in last: a recording cut off meanwhile ends here. */
   static const u8 zero[RG_CHUNK_HDR_SIZE];
   if (!t->saw_end && memcmp(hdr, zero, sizeof hdr) == 0) {
      t->tail_bytes = sizeof hdr + bytes_left(t, t->off + sizeof hdr);
      t->tail_streamed = 1;
      return 0;
   }
   if (get32(hdr + 32) != crc32(0, hdr, 32)) {
      if (get32(hdr) == RG_CHUNK_MAGIC && !t->saw_end
          && get64(hdr + 8) == t->id)
         damaged(t, "chunk header checksum mismatch");
      damaged(t, "bad chunk header");
   }
   if (get32(hdr) != RG_CHUNK_MAGIC) damaged(t, "bad chunk magic");
   if (get64(hdr + 8) != t->id)
      damaged(t, "chunk belongs to another recording (trace id differs)");
   if (get32(hdr + 4) != t->seq) damaged(t, "chunk out of sequence");
   uint32_t method = get32(hdr + 16);
   uint32_t clen   = get32(hdr + 20);
   uint32_t rlen   = get32(hdr + 24);
   if (method > RG_METHOD_ZLIB || clen > RG_CHUNK_MAX || rlen > RG_CHUNK_MAX
       || (method == RG_METHOD_STORED && clen != rlen))
      damaged(t, "impossible chunk lengths");
   /* Every chunk holds a record (rg_format.h). */
   if (rlen == 0) damaged(t, "empty chunk");
   if (t->saw_end) damaged(t, "chunk after the end record");

   /* Cut off inside the payload: say so without allocating clen. */
   uint64_t left = bytes_left(t, t->off + sizeof hdr);
   if (left < clen) {
      t->tail_bytes = sizeof hdr + left;
      t->tail_clen = clen;
      return 0;
   }
   reserve(&t->stored, &t->stored_cap, clen);
   n = read_upto(t, t->stored, clen);
   if (n < clen) {                    /* cut off inside a payload */
      t->tail_bytes = sizeof hdr + n;
      t->tail_clen = clen;
      return 0;
   }
   if (crc32(0, t->stored, clen) != get32(hdr + 28))
      damaged(t, "payload checksum mismatch");

   if (method == RG_METHOD_STORED) {
      reserve(&t->raw, &t->raw_cap, rlen);
      if (clen) memcpy(t->raw, t->stored, clen);
   } else {
      /* Deflate cannot expand more than about 1032:1; a bigger rlen
         cannot be right, and must not make us allocate it. */
      if ((uint64_t)rlen > (uint64_t)clen * 1040 + 1024)
         damaged(t, "payload does not inflate to its recorded length");
      reserve(&t->raw, &t->raw_cap, rlen);
      z_stream z;
      memset(&z, 0, sizeof z);
      if (inflateInit(&z) != Z_OK) damaged(t, "zlib cannot start");
      z.next_in   = t->stored;
      z.avail_in  = clen;
      z.next_out  = t->raw;
      z.avail_out = rlen;
      int rc = inflate(&z, Z_FINISH);
      int ok = rc == Z_STREAM_END && z.total_out == rlen;
      inflateEnd(&z);
      if (!ok) damaged(t, "payload does not inflate to its recorded length");
      t->nchunks_zlib++;
   }
   t->cur.p   = t->raw;
   t->cur.end = t->raw + rlen;
   t->cur.bad = 0;
   t->off += sizeof hdr + clen;
   t->seq++;
   t->nchunks++;
   t->stored_bytes += clen;
   t->raw_bytes += rlen;
   if (rlen > t->largest_raw) t->largest_raw = rlen;
   return 1;
}

/* Records hold no length, so each kind is parsed far enough to find
   the next record: exactly the grammar the tool's reader accepts. */
static void skip_file(Cur* c)
{
   size_t n;
   cur_b(c, &n);
   for (int i = 0; i < 7; i++) cur_v(c);
   cur_b(c, &n);
}

static void skip_body(unsigned kind, Cur* c)
{
   size_t n;
   uint64_t i, k;
   switch (kind) {
      case RG_REC_INIT:
         cur_b(c, &n); cur_b(c, &n);
         cur_v(c); cur_v(c); cur_v(c);
         cur_b(c, &n);
         for (k = cur_v(c), i = 0; i < k && !c->bad; i++) cur_b(c, &n);
         for (k = cur_v(c), i = 0; i < k && !c->bad; i++) cur_b(c, &n);
         cur_b(c, &n);
         cur_v(c); cur_v(c);
         cur_b(c, &n);
         for (k = cur_v(c), i = 0; i < k && !c->bad; i++) skip_file(c);
         cur_v(c);                             /* chaos seed */
         break;
      case RG_REC_FILE:
         skip_file(c);
         break;
      case RG_REC_SYSCALL:
         cur_v(c);
         for (k = cur_v(c), i = 0; i < k && !c->bad; i++) cur_v(c);
         cur_z(c);
         for (k = cur_v(c), i = 0; i < k && !c->bad; i++) {
            cur_v(c); cur_b(c, &n);
         }
         break;
      case RG_REC_NONDET:
         cur_v(c);
         for (k = cur_v(c), i = 0; i < k && !c->bad; i++) cur_v(c);
         break;
      case RG_REC_SIGNAL:
         cur_v(c); cur_v(c);
         break;
      case RG_REC_END:
         for (i = 0; i < 7; i++) cur_v(c);
         break;
      case RG_REC_LOAD:
         cur_v(c); cur_b(c, &n);
         break;
      case RG_REC_FORK:
         for (i = 0; i < 3; i++) cur_v(c);
         break;
      case RG_REC_SCHED:
         cur_v(c);
         break;
      case RG_REC_OUTPUT:
         cur_b(c, &n);
         break;
      default:
         c->bad = 1;
   }
}

/* What each field may hold, beyond being there: the same checks as
   the tool's reader (rg_trace_read.c). */
static const char* check_body(unsigned kind, Cur c)
{
   size_t n;
   uint64_t i, k;
   switch (kind) {
      case RG_REC_FILE: {
         cur_b(&c, &n);
         uint64_t size = cur_v(&c);
         for (i = 0; i < 5; i++) cur_v(&c);
         uint64_t off = cur_v(&c);
         cur_b(&c, &n);
         if (n && (off > size || n > size - off))
            return "embedded bytes beyond the file's size";
         break;
      }
      case RG_REC_SYSCALL:
         if (cur_v(&c) > 0xffffffffULL) return "bad syscall number";
         k = cur_v(&c);
         if (k > 6) return "more than 6 syscall arguments";
         for (i = 0; i < k; i++) cur_v(&c);
         /* Errors are -4095..-1 (the kernel's convention). */
         if (cur_z(&c) < -4095) return "bad syscall result";
         break;
      case RG_REC_NONDET: {
         static const unsigned char nvals[RG_ND_N] = { 1, 3, 5, 1, 1 };
         uint64_t kd = cur_v(&c);
         k = cur_v(&c);
         if (kd >= RG_ND_N || k != nvals[kd])
            return "bad nondeterministic instruction record";
         break;
      }
      case RG_REC_SIGNAL: {
         uint64_t sig = cur_v(&c);
         if (sig < 1 || sig > RG_NSIG || sig == 9 || sig == 19
             || cur_v(&c) > RG_SIGF_SYNC)
            return "bad signal number";
         break;
      }
      case RG_REC_END:
         if (cur_v(&c) > RG_END_REFUSED) return "bad end reason";
         break;
      case RG_REC_LOAD:
         cur_v(&c);
         cur_b(&c, &n);
         if (n == 0 || n > RG_LOAD_MAX) return "bad shared load size";
         break;
   }
   return NULL;
}

/* The next record, or 0 at the end of the trace.  Damage is fatal. */
static int tr_next(Trace* t, Rec* r)
{
   while (t->cur.p >= t->cur.end) {
      if (t->eof || !next_chunk(t)) { t->eof = 1; return 0; }
   }
   Cur* c = &t->cur;
   const u8* start = c->p;
   memset(r, 0, sizeof *r);
   r->kind = cur_u8(c);
   if (is_event(r->kind)) {
      uint64_t tid = cur_v(c);
      uint64_t d = cur_v(c);
      if (c->bad || tid == 0 || tid >= RG_MAX_SERIAL)
         damaged(t, "bad thread id in an event");
      r->tid = (unsigned)tid;
      Thr* th = thr_get(t, (uint32_t)tid);
      th->icount += d;
      th->events++;
      r->icount = th->icount;
      r->evno = ++t->nevents;
   }
   r->body.p   = c->p;
   r->body.end = c->end;
   r->body.bad = 0;
   skip_body(r->kind, c);
   if (c->bad) damaged(t, "malformed record");
   r->body.end = c->p;
   r->bytes = (size_t)(c->p - start);
   const char* why = check_body(r->kind, r->body);
   if (why) damaged(t, why);
   if (r->kind == RG_REC_SCHED) {
      /* Replay refuses a switch to no thread or to the same one as
         damage (in these words); the views then trust next as a
         thread name. */
      Cur b = r->body;
      uint64_t next = cur_v(&b);
      if (next == 0 || next == r->tid || next >= RG_MAX_SERIAL) {
         char what[64];
         snprintf(what, sizeof what, "bad thread switch at event %" PRIu64,
                  r->evno);
         damaged(t, what);
      }
      thr_get(t, (uint32_t)next)->turns++;
   }
   if (r->kind == RG_REC_END) t->saw_end = 1;
   return 1;
}

/*------------------------------------------------------------*/
/*--- Decoding record bodies                               ---*/
/*------------------------------------------------------------*/

/* The records were checked against the grammar by tr_next, so these
   cannot run off their bodies; cursors still guard every byte. */

typedef struct {
   const u8* path; size_t path_len;
   uint64_t size, mtime, mtime_ns, dev, ino, hash, emb_off;
   const u8* emb; size_t emb_len;
} FileId;

static void get_file(Cur* c, FileId* f)
{
   f->path     = cur_b(c, &f->path_len);
   f->size     = cur_v(c);
   f->mtime    = cur_v(c);
   f->mtime_ns = cur_v(c);
   f->dev      = cur_v(c);
   f->ino      = cur_v(c);
   f->hash     = cur_v(c);
   f->emb_off  = cur_v(c);
   f->emb      = cur_b(c, &f->emb_len);
}

typedef struct {
   const u8* rgver; size_t rgver_len;
   const u8* vgver; size_t vgver_len;
   uint64_t pid, ppid, start_ns;
   const u8* exe; size_t exe_len;
   uint64_t argc; Cur argv;      /* argc strings */
   uint64_t envc; Cur envp;      /* envc strings */
   const u8* cwd; size_t cwd_len;
   uint64_t sp, stack_lo;
   const u8* stack; size_t stack_len;
   uint64_t nfiles; Cur files;   /* nfiles FILE bodies */
   uint64_t chaos_seed;          /* 0: not recorded with --chaos=yes */
} Init;

static void skip_strings(Cur* c, uint64_t k)
{
   size_t n;
   for (uint64_t i = 0; i < k && !c->bad; i++) cur_b(c, &n);
}

static void get_init(Cur c, Init* in)
{
   memset(in, 0, sizeof *in);
   in->rgver    = cur_b(&c, &in->rgver_len);
   in->vgver    = cur_b(&c, &in->vgver_len);
   in->pid      = cur_v(&c);
   in->ppid     = cur_v(&c);
   in->start_ns = cur_v(&c);
   in->exe      = cur_b(&c, &in->exe_len);
   in->argc     = cur_v(&c);
   in->argv     = c;
   skip_strings(&c, in->argc);
   in->envc     = cur_v(&c);
   in->envp     = c;
   skip_strings(&c, in->envc);
   in->cwd      = cur_b(&c, &in->cwd_len);
   in->sp       = cur_v(&c);
   in->stack_lo = cur_v(&c);
   in->stack    = cur_b(&c, &in->stack_len);
   in->nfiles   = cur_v(&c);
   in->files    = c;
   for (uint64_t i = 0; i < in->nfiles && !c.bad; i++) skip_file(&c);
   in->chaos_seed = cur_v(&c);
}

typedef struct {
   uint64_t nr;
   uint64_t nargs; Cur args;     /* nargs values */
   int64_t  result;
   uint64_t nregions; Cur regions;   /* nregions (v addr, b bytes) */
   uint64_t region_bytes;
} Sys;

static void get_sys(Cur c, Sys* s)
{
   memset(s, 0, sizeof *s);
   s->nr    = cur_v(&c);
   s->nargs = cur_v(&c);
   s->args  = c;
   for (uint64_t i = 0; i < s->nargs && !c.bad; i++) cur_v(&c);
   s->result   = cur_z(&c);
   s->nregions = cur_v(&c);
   s->regions  = c;
   for (uint64_t i = 0; i < s->nregions && !c.bad; i++) {
      size_t n;
      cur_v(&c);
      cur_b(&c, &n);
      s->region_bytes += n;
   }
}

typedef struct {
   uint64_t kind;
   uint64_t nvalues; Cur values;
} Nondet;

static void get_nondet(Cur c, Nondet* nd)
{
   nd->kind    = cur_v(&c);
   nd->nvalues = cur_v(&c);
   nd->values  = c;
}

typedef struct { uint64_t signo, flags; } Signal;

static void get_signal(Cur c, Signal* s)
{
   s->signo = cur_v(&c);
   s->flags = cur_v(&c);
}

typedef struct {
   uint64_t reason, code, events, threads, insns, last_thread, last_insns;
} End;

static void get_end(Cur c, End* e)
{
   e->reason  = cur_v(&c);
   e->code    = cur_v(&c);
   e->events  = cur_v(&c);
   e->threads = cur_v(&c);
   e->insns   = cur_v(&c);
   e->last_thread = cur_v(&c);
   e->last_insns  = cur_v(&c);
}

typedef struct { uint64_t addr; const u8* p; size_t n; } Load;

static void get_load(Cur c, Load* l)
{
   l->addr = cur_v(&c);
   l->p    = cur_b(&c, &l->n);
}

/* The thread that stopped is the record's tid, at its icount. */
typedef struct { uint64_t next; } Sched;

static void get_sched(Cur c, Sched* s)
{
   s->next = cur_v(&c);
}

typedef struct { uint64_t ppid, pid, parent_event; } Fork;

static void get_fork(Cur c, Fork* f)
{
   f->ppid         = cur_v(&c);
   f->pid          = cur_v(&c);
   f->parent_event = cur_v(&c);
}

/*------------------------------------------------------------*/
/*--- Text formatting                                      ---*/
/*------------------------------------------------------------*/

static void sb_time(Str* b, uint64_t sec, uint64_t nsec)
{
   struct tm tm;
   time_t tt = (time_t)sec;
   char buf[64];
   if (sec <= (uint64_t)INT64_MAX / 2 && (uint64_t)tt == sec
       && gmtime_r(&tt, &tm)
       && strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm) > 0) {
      if (nsec < 1000000000u)
         sb_printf(b, "%s.%09" PRIu64 " UTC", buf, nsec);
      else
         sb_printf(b, "%s UTC (+%" PRIu64 " ns)", buf, nsec);
   } else {
      sb_printf(b, "%" PRIu64 " s %" PRIu64 " ns since the epoch", sec, nsec);
   }
}

/* One argument: an fd in decimal, anything else in hex. */
static void sb_arg(Str* b, uint64_t nr, unsigned i, uint64_t v)
{
   if (nr < N_SYS && i < 32 && (sys_fd_args[nr] >> i) & 1) {
      int32_t fd = (int32_t)(uint32_t)v;
      if (fd == -100) sb_printf(b, "AT_FDCWD");
      else            sb_printf(b, "%" PRId32, fd);
      if ((uint64_t)(int64_t)fd != v && (uint32_t)v != v)
         sb_printf(b, "(0x%" PRIx64 ")", v);
   } else {
      sb_printf(b, "0x%" PRIx64, v);
   }
}

static void sb_result(Str* b, uint64_t nr, int64_t res)
{
   const char* en = errno_name(res);
   if (en)
      sb_printf(b, "%" PRId64 "%s%s", res, *en ? " " : "", en);
   else if (result_is_addr(nr))
      sb_printf(b, "0x%" PRIx64, (uint64_t)res);
   else
      sb_printf(b, "%" PRId64, res);
}

/* "name(args) = result  wrote N regions, B bytes" */
static void sb_syscall(Str* b, const Sys* s)
{
   char nb[48];
   sb_printf(b, "%s(", sys_name(s->nr, nb, sizeof nb));
   /* Show as many arguments as the syscall takes (all recorded ones
      for unknown syscalls). */
   uint64_t show = s->nargs;
   if (s->nr < N_SYS && sys_table[s->nr].name
       && (uint64_t)sys_table[s->nr].nargs < show)
      show = (uint64_t)sys_table[s->nr].nargs;
   Cur c = s->args;
   for (uint64_t i = 0; i < show; i++) {
      uint64_t v = cur_v(&c);
      if (c.bad) break;
      if (i) sb_printf(b, ", ");
      sb_arg(b, s->nr, (unsigned)(i < 32 ? i : 32), v);
   }
   if (s->nargs != 6)
      sb_printf(b, "%s<%" PRIu64 " args recorded>", show ? ", " : "",
                s->nargs);
   sb_printf(b, ") = ");
   sb_result(b, s->nr, s->result);
   if (s->nregions)
      sb_printf(b, "  wrote %" PRIu64 " region%s, %" PRIu64 " byte%s",
                s->nregions, s->nregions == 1 ? "" : "s",
                s->region_bytes, s->region_bytes == 1 ? "" : "s");
}

static void sb_nondet(Str* b, const Nondet* nd)
{
   const char* kn = nd_name(nd->kind);
   if (kn) sb_printf(b, "%s", kn);
   else    sb_printf(b, "nondet_kind_%" PRIu64, nd->kind);
   static const char* const rdtscp_regs[] = { "rax", "rcx", "rdx" };
   static const char* const cpuid_regs[] = { "in", "eax", "ebx", "ecx", "edx" };
   const char* const* regs = NULL;
   if (nd->kind == RG_ND_RDTSCP && nd->nvalues == 3) regs = rdtscp_regs;
   if (nd->kind == RG_ND_CPUID && nd->nvalues == 5) regs = cpuid_regs;
   Cur c = nd->values;
   for (uint64_t i = 0; i < nd->nvalues; i++) {
      uint64_t v = cur_v(&c);
      if (c.bad) break;
      if (regs) sb_printf(b, " %s=0x%" PRIx64, regs[i], v);
      else      sb_printf(b, " 0x%" PRIx64, v);
   }
   if (nd->nvalues == 0) sb_printf(b, " (no values)");
}

static void sb_signal(Str* b, const Signal* s)
{
   char nb[32];
   sb_printf(b, "%s (%" PRIu64 ")", signal_name(s->signo, nb, sizeof nb),
             s->signo);
   if (s->flags & RG_SIGF_SYNC) sb_printf(b, " synchronous");
   if (s->flags & ~(uint64_t)RG_SIGF_SYNC)
      sb_printf(b, " flags=0x%" PRIx64, s->flags);
}

/* A load from shared memory: its address, size and value (as a
   little-endian number up to 8 bytes, else its first bytes). */
static void sb_load(Str* b, const Load* l)
{
   sb_printf(b, "0x%" PRIx64 ", %zu byte%s", l->addr, l->n,
             l->n == 1 ? "" : "s");
   if (l->n == 0) return;
   if (l->n <= 8) {
      uint64_t v = 0;
      for (size_t i = l->n; i-- > 0; ) v = (v << 8) | l->p[i];
      sb_printf(b, ": 0x%" PRIx64, v);
   } else {
      sb_printf(b, ": ");
      sb_hex(b, l->p, l->n < 16 ? l->n : 16);
      if (l->n > 16) sb_printf(b, "...");
   }
}

/* The leading columns of a line: event, thread, icount. */
static void sb_lead(Str* b, const Rec* r)
{
   if (is_event(r->kind))
      sb_printf(b, "%8" PRIu64 "  T%-3u %14" PRIu64 "  %-7s ", r->evno,
                r->tid, r->icount, kind_names[r->kind]);
   else
      sb_printf(b, "%8s  %-4s %14s  %-7s ", "-", "", "",
                kind_names[r->kind]);
}

static const char INDENT[]  = "          ";
static const char INDENT2[] = "               ";

/* The -v lines of a syscall's regions. */
static void sb_regions(Str* b, const Sys* s)
{
   Cur c = s->regions;
   for (uint64_t i = 0; i < s->nregions; i++) {
      size_t n;
      uint64_t a = cur_v(&c);
      const u8* p = cur_b(&c, &n);
      if (c.bad) break;
      sb_printf(b, "%sregion %" PRIu64 ": 0x%" PRIx64 ", %zu bytes\n",
                INDENT, i, a, n);
      sb_hexdump(b, INDENT2, p, n);
   }
}

/* One line (plus -v detail lines) for an event. */
static void fmt_event(Str* b, const Rec* r, int detail)
{
   sb_lead(b, r);
   if (r->kind == RG_REC_SYSCALL) {
      Sys s;
      get_sys(r->body, &s);
      sb_syscall(b, &s);
      sb_putc(b, '\n');
      if (detail) sb_regions(b, &s);
   } else if (r->kind == RG_REC_NONDET) {
      Nondet nd;
      get_nondet(r->body, &nd);
      sb_nondet(b, &nd);
      sb_putc(b, '\n');
   } else if (r->kind == RG_REC_SIGNAL) {
      Signal s;
      get_signal(r->body, &s);
      sb_signal(b, &s);
      sb_putc(b, '\n');
   } else if (r->kind == RG_REC_LOAD) {
      Load l;
      get_load(r->body, &l);
      sb_load(b, &l);
      sb_putc(b, '\n');
      if (detail && l.n > 8) sb_hexdump(b, INDENT2, l.p, l.n);
   } else if (r->kind == RG_REC_SCHED) {
      Sched s;
      get_sched(r->body, &s);
      sb_printf(b, "-> thread %" PRIu64 "\n", s.next);
   }
}

static void sb_file(Str* b, const FileId* f)
{
   sb_esc(b, f->path, f->path_len, 0);
   sb_printf(b, "  size %" PRIu64 ", hash crc32 %08" PRIx64 " adler32 %08"
             PRIx64 ", dev 0x%" PRIx64 " ino %" PRIu64 ", mtime ",
             f->size, f->hash & 0xffffffffu, f->hash >> 32, f->dev, f->ino);
   sb_time(b, f->mtime, f->mtime_ns);
   if (f->emb_len)
      sb_printf(b, ", embedded %zu bytes from offset %" PRIu64,
                f->emb_len, f->emb_off);
   else
      sb_printf(b, ", not embedded");
}

static void fmt_file(Str* b, const Rec* r, int detail)
{
   FileId f;
   Cur c = r->body;
   get_file(&c, &f);
   sb_lead(b, r);
   sb_file(b, &f);
   sb_putc(b, '\n');
   if (detail && f.emb_len) sb_hexdump(b, INDENT2, f.emb, f.emb_len);
}

static void fmt_init(Str* b, const Rec* r, int detail)
{
   Init in;
   get_init(r->body, &in);
   sb_lead(b, r);
   sb_printf(b, "regrind ");
   sb_esc(b, in.rgver, in.rgver_len, 0);
   sb_printf(b, ", valgrind ");
   sb_esc(b, in.vgver, in.vgver_len, 0);
   sb_printf(b, ", pid %" PRIu64 " (parent %" PRIu64 "), started ",
             in.pid, in.ppid);
   sb_time(b, in.start_ns / 1000000000u, in.start_ns % 1000000000u);
   sb_printf(b, "\n%sexe  ", INDENT);
   sb_esc(b, in.exe, in.exe_len, 0);
   sb_printf(b, "\n%sargv", INDENT);
   Cur c = in.argv;
   for (uint64_t i = 0; i < in.argc; i++) {
      size_t n;
      const u8* p = cur_b(&c, &n);
      if (c.bad) break;
      sb_printf(b, " \"");
      sb_esc(b, p, n, 1);
      sb_putc(b, '"');
   }
   sb_printf(b, "  (argc %" PRIu64 ")\n%scwd  ", in.argc, INDENT);
   sb_esc(b, in.cwd, in.cwd_len, 0);
   sb_printf(b, "\n%senv  %" PRIu64 " variable%s%s\n", INDENT, in.envc,
             in.envc == 1 ? "" : "s", detail || !in.envc ? "" : " (-v shows them)");
   if (detail) {
      c = in.envp;
      for (uint64_t i = 0; i < in.envc; i++) {
         size_t n;
         const u8* p = cur_b(&c, &n);
         if (c.bad) break;
         sb_printf(b, "%s     ", INDENT);
         sb_esc(b, p, n, 0);
         sb_putc(b, '\n');
      }
   }
   sb_printf(b, "%sinitial sp 0x%" PRIx64 ", stack saved from 0x%" PRIx64
             ": %zu bytes\n", INDENT, in.sp, in.stack_lo, in.stack_len);
   if (detail) sb_hexdump(b, INDENT2, in.stack, in.stack_len);
   sb_printf(b, "%sstartup files: %" PRIu64 "\n", INDENT, in.nfiles);
   c = in.files;
   for (uint64_t i = 0; i < in.nfiles; i++) {
      FileId f;
      get_file(&c, &f);
      if (c.bad) break;
      sb_printf(b, "%s     ", INDENT);
      sb_file(b, &f);
      sb_putc(b, '\n');
      if (detail && f.emb_len) sb_hexdump(b, INDENT2, f.emb, f.emb_len);
   }
   if (in.chaos_seed)
      sb_printf(b, "%schaos seed: 0x%" PRIx64 " (%" PRIu64 "; recorded "
                "with --chaos=yes)\n", INDENT, in.chaos_seed, in.chaos_seed);
}

static void sb_end(Str* b, const End* e)
{
   const char* rn = end_name(e->reason);
   if (rn) sb_printf(b, "%s", rn);
   else    sb_printf(b, "reason %" PRIu64, e->reason);
   if (e->reason == RG_END_SIGNAL) {
      char nb[32];
      if (e->code)
         sb_printf(b, ", signal %s (%" PRIu64 ")",
                   signal_name(e->code, nb, sizeof nb), e->code);
      else
         sb_printf(b, ", signal not recorded (0)");
   } else if (e->reason == RG_END_EXEC) {
      sb_printf(b, e->code == 1 ? ", followed into the next file"
                                : ", not followed (the recording ends here)");
   } else {
      /* The writer stores the exit code as a sign-extended int. */
      sb_printf(b, ", code %" PRId64, (int64_t)e->code);
   }
   sb_printf(b, "; %" PRIu64 " event%s, %" PRIu64 " thread%s, %" PRIu64
             " instructions (thread 1)", e->events,
             e->events == 1 ? "" : "s", e->threads,
             e->threads == 1 ? "" : "s", e->insns);
   if (e->reason == RG_END_SIGNAL)
      sb_printf(b, "; killed in thread %" PRIu64 " at its instruction %"
                PRIu64, e->last_thread, e->last_insns);
}

static void fmt_end(Str* b, const Rec* r)
{
   End e;
   get_end(r->body, &e);
   sb_lead(b, r);
   sb_end(b, &e);
   sb_putc(b, '\n');
}

static void fmt_fork(Str* b, const Rec* r)
{
   Fork f;
   get_fork(r->body, &f);
   sb_lead(b, r);
   sb_printf(b, "pid %" PRIu64 ", forked by pid %" PRIu64 " at its event %"
             PRIu64 "\n", f.pid, f.ppid, f.parent_event);
}

/* "N bytes moved to the output: 30 31 ..." */
static void fmt_output(Str* b, const Rec* r, int detail)
{
   size_t n;
   Cur c = r->body;
   const u8* p = cur_b(&c, &n);
   sb_lead(b, r);
   sb_printf(b, "%zu byte%s the kernel moved to the output", n,
             n == 1 ? "" : "s");
   if (n) {
      sb_printf(b, ": ");
      sb_esc(b, p, n < 32 ? n : 32, 0);
      if (n > 32) sb_printf(b, "...");
   }
   sb_putc(b, '\n');
   if (detail && n) sb_hexdump(b, INDENT2, p, n);
}

static void fmt_record(Str* b, const Rec* r, int detail)
{
   switch (r->kind) {
      case RG_REC_INIT: fmt_init(b, r, detail); break;
      case RG_REC_FILE: fmt_file(b, r, detail); break;
      case RG_REC_OUTPUT: fmt_output(b, r, detail); break;
      case RG_REC_END:  fmt_end(b, r); break;
      case RG_REC_FORK: fmt_fork(b, r); break;
      default:          fmt_event(b, r, detail); break;
   }
}

static void out_flush(void)
{
   if (fflush(stdout) != 0 || ferror(stdout))
      die("cannot write the output: %s", strerror(errno));
}

/* The pids of the forked children recorded in DIR (files events-PID),
   sorted, when the main file is read; returns how many, *pids
   malloc'ed. */
static int cmp_u64(const void* a, const void* b)
{
   uint64_t x = *(const uint64_t*)a, y = *(const uint64_t*)b;
   return x < y ? -1 : x > y;
}

static size_t list_children(const char* dir, uint64_t** pids)
{
   size_t n = 0, cap = 0;
   *pids = NULL;
   if (strcmp(trace_file, RG_TRACE_FILE) != 0) return 0;  /* a child's */
   DIR* d = opendir(dir);
   if (!d) return 0;
   uint64_t main_id = file_trace_id(dir, RG_TRACE_FILE);
   struct dirent* e;
   const size_t pl = strlen(RG_TRACE_FILE "-");
   while ((e = readdir(d)) != NULL) {
      const char* nm = e->d_name;
      if (strncmp(nm, RG_TRACE_FILE "-", pl) != 0 || !nm[pl]) continue;
      uint64_t v = 0;
      const char* q = nm + pl;
      while (*q >= '0' && *q <= '9' && v < UINT64_MAX / 10)
         v = v * 10 + (uint64_t)(*q++ - '0');
      if (*q) continue;
      if (file_trace_id(dir, nm) != main_id) continue;  /* stale */
      if (n == cap) {
         cap = cap ? cap * 2 : 16;
         *pids = xrealloc(*pids, cap * sizeof **pids);
      }
      (*pids)[n++] = v;
   }
   closedir(d);
   if (n) qsort(*pids, n, sizeof **pids, cmp_u64);
   return n;
}

/* "events-1 events-2 ..." (at most 20 named). */
static void sb_children(Str* b, const uint64_t* pids, size_t n)
{
   for (size_t i = 0; i < n && i < 20; i++)
      sb_printf(b, "%s" RG_TRACE_FILE "-%" PRIu64, i ? " " : "", pids[i]);
   if (n > 20) sb_printf(b, " ... (%zu in all)", n);
}

/*------------------------------------------------------------*/
/*--- regrind-dump TRACE                                   ---*/
/*------------------------------------------------------------*/

static int mode_dump(const char* dir)
{
   Trace t;
   Rec r;
   Str b = { 0 };
   tr_open(&t, dir);
   sb_reset(&b);
   sb_printf(&b, "# regrind trace ");
   sb_esc(&b, (const u8*)dir, strlen(dir), 0);
   sb_printf(&b, " file %s (format %d, trace id %016" PRIx64 ")\n",
             trace_file, RG_FORMAT_VERSION, t.id);
   uint64_t* kids;
   size_t nkids = list_children(dir, &kids);
   if (nkids) {
      sb_printf(&b, "# forked children recorded: ");
      sb_children(&b, kids, nkids);
      sb_printf(&b, " (--pid PID shows one)\n");
   }
   free(kids);
   sb_printf(&b, "%8s  %-4s %14s  %s\n", "#  event", "thr", "icount",
             "record");
   fputs(b.s, stdout);
   while (tr_next(&t, &r)) {
      sb_reset(&b);
      fmt_record(&b, &r, verbose);
      fputs(b.s, stdout);
   }
   if (!t.saw_end)
      printf("(recording was cut off after event %" PRIu64 ")\n", t.nevents);
   out_flush();
   sb_free(&b);
   tr_close(&t);
   return 0;
}

/*------------------------------------------------------------*/
/*--- regrind-dump --xml TRACE                             ---*/
/*------------------------------------------------------------*/

static xmlTextWriterPtr xw;
static Str xs;           /* scratch for attribute values */

static void xcheck(int rc)
{
   if (rc < 0) die("cannot write the XML output");
}

/* libxml2 would print its own "I/O error" lines; ours say enough. */
static void xml_quiet(void* ctx, const char* msg, ...)
{
   (void)ctx; (void)msg;
}

static void x_start(const char* el)
{
   xcheck(xmlTextWriterStartElement(xw, BAD_CAST el));
}

static void x_end(void)
{
   xcheck(xmlTextWriterEndElement(xw));
}

__attribute__((format(printf, 2, 3)))
static void x_attr(const char* name, const char* fmt, ...)
{
   va_list ap;
   char buf[128];
   va_start(ap, fmt);
   vsnprintf(buf, sizeof buf, fmt, ap);
   va_end(ap);
   xcheck(xmlTextWriterWriteAttribute(xw, BAD_CAST name, BAD_CAST buf));
}

static void x_attr_u(const char* name, uint64_t v)
{
   x_attr(name, "%" PRIu64, v);
}

static void x_attr_x(const char* name, uint64_t v)
{
   x_attr(name, "0x%" PRIx64, v);
}

/* A string from the trace, escaped as in the text output. */
static void x_attr_bytes(const char* name, const u8* p, size_t n)
{
   sb_reset(&xs);
   sb_esc(&xs, p, n, 0);
   xcheck(xmlTextWriterWriteAttribute(xw, BAD_CAST name, BAD_CAST xs.s));
}

static void x_text_el_bytes(const char* el, const u8* p, size_t n)
{
   sb_reset(&xs);
   sb_esc(&xs, p, n, 0);
   xcheck(xmlTextWriterWriteElement(xw, BAD_CAST el, BAD_CAST xs.s));
}

static void x_text_el_x(const char* el, uint64_t v)
{
   char buf[32];
   snprintf(buf, sizeof buf, "0x%" PRIx64, v);
   xcheck(xmlTextWriterWriteElement(xw, BAD_CAST el, BAD_CAST buf));
}

static void x_head(const u8* p, size_t n)
{
   if (!verbose) return;
   sb_reset(&xs);
   sb_hex(&xs, p, n < HEAD_BYTES ? n : HEAD_BYTES);
   xcheck(xmlTextWriterWriteAttribute(xw, BAD_CAST "head", BAD_CAST xs.s));
}

static void x_event_attrs(const Rec* r)
{
   x_attr_u("n", r->evno);
   x_attr_u("thread", r->tid);
   x_attr_u("icount", r->icount);
}

static void x_file(const FileId* f)
{
   x_start("file");
   x_attr_bytes("path", f->path, f->path_len);
   x_attr_u("size", f->size);
   x_attr_u("mtime", f->mtime);
   x_attr_u("mtime-ns", f->mtime_ns);
   x_attr_x("dev", f->dev);
   x_attr_u("ino", f->ino);
   x_attr("hash", "0x%016" PRIx64, f->hash);
   x_attr("crc32", "0x%08" PRIx64, f->hash & 0xffffffffu);
   x_attr("adler32", "0x%08" PRIx64, f->hash >> 32);
   x_attr_u("embedded-offset", f->emb_off);
   x_attr_u("embedded-bytes", f->emb_len);
   if (f->emb_len) x_head(f->emb, f->emb_len);
   x_end();
}

static void x_init(const Rec* r)
{
   Init in;
   get_init(r->body, &in);
   x_start("init");
   x_attr_bytes("regrind-version", in.rgver, in.rgver_len);
   x_attr_bytes("valgrind-version", in.vgver, in.vgver_len);
   x_attr_u("pid", in.pid);
   x_attr_u("ppid", in.ppid);
   x_attr_u("start-ns", in.start_ns);
   x_attr_bytes("exe", in.exe, in.exe_len);
   x_attr_bytes("cwd", in.cwd, in.cwd_len);
   x_attr_u("argc", in.argc);
   x_attr_u("envc", in.envc);
   x_attr_x("initial-sp", in.sp);
   x_attr_x("stack-low", in.stack_lo);
   x_attr_u("stack-bytes", in.stack_len);
   x_attr_u("chaos-seed", in.chaos_seed);
   if (in.stack_len) x_head(in.stack, in.stack_len);
   Cur c = in.argv;
   for (uint64_t i = 0; i < in.argc; i++) {
      size_t n;
      const u8* p = cur_b(&c, &n);
      if (c.bad) break;
      x_text_el_bytes("arg", p, n);
   }
   c = in.envp;
   for (uint64_t i = 0; i < in.envc; i++) {
      size_t n;
      const u8* p = cur_b(&c, &n);
      if (c.bad) break;
      x_text_el_bytes("env", p, n);
   }
   c = in.files;
   for (uint64_t i = 0; i < in.nfiles; i++) {
      FileId f;
      get_file(&c, &f);
      if (c.bad) break;
      x_file(&f);
   }
   x_end();
}

static void x_record(const Rec* r)
{
   char nb[48];
   switch (r->kind) {
      case RG_REC_INIT:
         x_init(r);
         break;
      case RG_REC_FILE: {
         FileId f;
         Cur c = r->body;
         get_file(&c, &f);
         x_file(&f);
         break;
      }
      case RG_REC_OUTPUT: {
         size_t n;
         Cur c = r->body;
         const u8* p = cur_b(&c, &n);
         x_start("output");
         x_attr_u("size", n);
         if (n) x_head(p, n);
         x_end();
         break;
      }
      case RG_REC_SYSCALL: {
         Sys s;
         get_sys(r->body, &s);
         x_start("syscall");
         x_event_attrs(r);
         x_attr_u("nr", s.nr);
         x_attr("name", "%s", sys_name(s.nr, nb, sizeof nb));
         if (s.nr < N_SYS && sys_table[s.nr].name)
            x_attr_u("takes", (uint64_t)sys_table[s.nr].nargs);
         x_attr("result", "%" PRId64, s.result);
         const char* en = errno_name(s.result);
         if (en && *en) x_attr("errno", "%s", en);
         Cur c = s.args;
         for (uint64_t i = 0; i < s.nargs; i++) {
            uint64_t v = cur_v(&c);
            if (c.bad) break;
            x_text_el_x("arg", v);
         }
         c = s.regions;
         for (uint64_t i = 0; i < s.nregions; i++) {
            size_t n;
            uint64_t a = cur_v(&c);
            const u8* p = cur_b(&c, &n);
            if (c.bad) break;
            x_start("region");
            x_attr_x("addr", a);
            x_attr_u("size", n);
            if (n) x_head(p, n);
            x_end();
         }
         x_end();
         break;
      }
      case RG_REC_NONDET: {
         Nondet nd;
         get_nondet(r->body, &nd);
         x_start("nondet");
         x_event_attrs(r);
         const char* kn = nd_name(nd.kind);
         x_attr("kind", "%s", kn ? kn : "unknown");
         x_attr_u("kind-nr", nd.kind);
         Cur c = nd.values;
         for (uint64_t i = 0; i < nd.nvalues; i++) {
            uint64_t v = cur_v(&c);
            if (c.bad) break;
            x_text_el_x("value", v);
         }
         x_end();
         break;
      }
      case RG_REC_SIGNAL: {
         Signal s;
         get_signal(r->body, &s);
         x_start("signal");
         x_event_attrs(r);
         x_attr_u("signo", s.signo);
         x_attr("name", "%s", signal_name(s.signo, nb, sizeof nb));
         x_attr("sync", "%s", s.flags & RG_SIGF_SYNC ? "true" : "false");
         x_attr_u("flags", s.flags);
         x_end();
         break;
      }
      case RG_REC_END: {
         End e;
         get_end(r->body, &e);
         const char* rn = end_name(e.reason);
         x_start("end");
         x_attr("reason", "%s", rn ? rn : "unknown");
         x_attr_u("reason-nr", e.reason);
         x_attr("code", "%" PRId64, (int64_t)e.code);
         x_attr_u("events", e.events);
         x_attr_u("threads", e.threads);
         x_attr_u("instructions", e.insns);
         x_attr_u("last-thread", e.last_thread);
         x_attr_u("last-instructions", e.last_insns);
         x_end();
         break;
      }
      case RG_REC_LOAD: {
         Load l;
         get_load(r->body, &l);
         x_start("load");
         x_event_attrs(r);
         x_attr_x("addr", l.addr);
         x_attr_u("size", l.n);
         if (l.n) {
            /* The bytes loaded (a few: one load), all in hex. */
            sb_reset(&xs);
            sb_hex(&xs, l.p, l.n);
            xcheck(xmlTextWriterWriteAttribute(xw, BAD_CAST "bytes",
                                               BAD_CAST xs.s));
         }
         x_end();
         break;
      }
      case RG_REC_SCHED: {
         Sched s;
         get_sched(r->body, &s);
         x_start("sched");
         x_event_attrs(r);
         x_attr_u("next", s.next);
         x_end();
         break;
      }
      case RG_REC_FORK: {
         Fork f;
         get_fork(r->body, &f);
         x_start("fork");
         x_attr_u("pid", f.pid);
         x_attr_u("parent-pid", f.ppid);
         x_attr_u("parent-event", f.parent_event);
         x_end();
         break;
      }
   }
}

static int mode_xml(const char* dir)
{
   Trace t;
   Rec r;
   tr_open(&t, dir);
   xmlSetGenericErrorFunc(NULL, xml_quiet);
   xmlOutputBufferPtr out = xmlOutputBufferCreateFile(stdout, NULL);
   if (!out) die("cannot start the XML output");
   xw = xmlNewTextWriter(out);
   if (!xw) die("cannot start the XML output");
   xcheck(xmlTextWriterSetIndent(xw, 1));
   xcheck(xmlTextWriterSetIndentString(xw, BAD_CAST "  "));
   xcheck(xmlTextWriterStartDocument(xw, NULL, "UTF-8", NULL));
   x_start("regrind-trace");
   x_attr_bytes("trace", (const u8*)dir, strlen(dir));
   x_attr("file", "%s", trace_file);
   x_attr_u("format", RG_FORMAT_VERSION);
   x_attr("trace-id", "0x%016" PRIx64, t.id);
   x_attr("generator", "regrind-dump %s", DUMP_VERSION);
   uint64_t* kids;
   size_t nkids = list_children(dir, &kids);
   for (size_t i = 0; i < nkids; i++) {
      x_start("child");
      x_attr_u("pid", kids[i]);
      x_attr("file", RG_TRACE_FILE "-%" PRIu64, kids[i]);
      x_end();
   }
   free(kids);
   while (tr_next(&t, &r)) {
      x_record(&r);
      /* Hand finished elements to stdout as we go. */
      if (xmlTextWriterFlush(xw) < 0) die("cannot write the XML output");
   }
   if (!t.saw_end) {
      x_start("cut-off");
      x_attr_u("after-event", t.nevents);
      x_end();
   }
   x_end();
   xcheck(xmlTextWriterEndDocument(xw));
   xmlFreeTextWriter(xw);      /* flushes and closes the output buffer */
   xw = NULL;
   sb_free(&xs);
   out_flush();
   tr_close(&t);
   return 0;
}

/*------------------------------------------------------------*/
/*--- regrind-dump --stats TRACE                           ---*/
/*------------------------------------------------------------*/

#define N_SYSCOUNT 1024      /* syscall numbers counted one by one */

typedef struct { uint64_t nr, count, bytes; } SysCount;

static int cmp_syscount(const void* a, const void* b)
{
   const SysCount* x = a;
   const SysCount* y = b;
   if (x->count != y->count) return x->count < y->count ? 1 : -1;
   return x->nr < y->nr ? -1 : x->nr > y->nr;
}

static int cmp_thr(const void* a, const void* b)
{
   const Thr* x = a;
   const Thr* y = b;
   return x->tid < y->tid ? -1 : x->tid > y->tid;
}

static void print_ratio(uint64_t raw, uint64_t stored)
{
   if (stored) printf("%.2f:1", (double)raw / (double)stored);
   else        printf("n/a");
}

static int mode_stats(const char* dir)
{
   Trace t;
   Rec r;
   uint64_t kcount[N_KINDS] = { 0 }, kbytes[N_KINDS] = { 0 };
   static SysCount sc[N_SYSCOUNT + 1];
   uint64_t ndcount[RG_ND_N + 1] = { 0 };
   uint64_t nregions = 0, region_bytes = 0, errors = 0;
   uint64_t emb_bytes = 0, stack_bytes = 0, load_bytes = 0, output_bytes = 0;
   uint64_t chaos_seed = 0;
   int have_end = 0;
   End end = { 0 };

   tr_open(&t, dir);
   for (int i = 0; i <= N_SYSCOUNT; i++) sc[i].nr = i;
   while (tr_next(&t, &r)) {
      kcount[r.kind]++;
      kbytes[r.kind] += r.bytes;
      if (r.kind == RG_REC_SYSCALL) {
         Sys s;
         get_sys(r.body, &s);
         SysCount* e = &sc[s.nr < N_SYSCOUNT ? s.nr : N_SYSCOUNT];
         e->count++;
         e->bytes += s.region_bytes;
         nregions += s.nregions;
         region_bytes += s.region_bytes;
         if (errno_name(s.result)) errors++;
      } else if (r.kind == RG_REC_NONDET) {
         Nondet nd;
         get_nondet(r.body, &nd);
         ndcount[nd.kind < RG_ND_N ? nd.kind : RG_ND_N]++;
      } else if (r.kind == RG_REC_LOAD) {
         Load l;
         get_load(r.body, &l);
         load_bytes += l.n;
      } else if (r.kind == RG_REC_FILE) {
         FileId f;
         Cur c = r.body;
         get_file(&c, &f);
         emb_bytes += f.emb_len;
      } else if (r.kind == RG_REC_OUTPUT) {
         size_t n;
         Cur c = r.body;
         cur_b(&c, &n);
         output_bytes += n;
      } else if (r.kind == RG_REC_INIT) {
         Init in;
         get_init(r.body, &in);
         stack_bytes += in.stack_len;
         chaos_seed = in.chaos_seed;
      } else if (r.kind == RG_REC_END) {
         get_end(r.body, &end);
         have_end = 1;
      }
   }

   printf("trace:         %s (file %s)\n", dir, trace_file);
   printf("trace id:      %016" PRIx64 "\n", t.id);
   if (chaos_seed)
      printf("chaos seed:    0x%" PRIx64 " (%" PRIu64 "; recorded with "
             "--chaos=yes)\n", chaos_seed, chaos_seed);
   {
      uint64_t* kids;
      size_t nkids = list_children(dir, &kids);
      if (nkids) {
         Str b = { 0 };
         sb_reset(&b);
         sb_children(&b, kids, nkids);
         printf("children:      %zu forked children recorded: %s\n", nkids,
                b.s);
         sb_free(&b);
      }
      free(kids);
   }
   printf("file size:     %" PRIu64 " bytes\n", t.file_size);
   printf("chunks:        %" PRIu64 " (%" PRIu64 " zlib, %" PRIu64
          " stored as is; largest %" PRIu64 " raw bytes)\n",
          t.nchunks, t.nchunks_zlib, t.nchunks - t.nchunks_zlib,
          t.largest_raw);
   printf("raw bytes:     %" PRIu64 " (records)\n", t.raw_bytes);
   printf("stored bytes:  %" PRIu64 " (payloads as stored; with headers %"
          PRIu64 ")\n", t.stored_bytes,
          t.stored_bytes + t.nchunks * RG_CHUNK_HDR_SIZE + RG_FILE_HDR_SIZE);
   printf("compression:   ");
   print_ratio(t.raw_bytes, t.stored_bytes);
   printf(" (raw / stored)\n");

   printf("\nrecords        count         bytes\n");
   uint64_t tc = 0, tb = 0;
   for (int k = 1; k < N_KINDS; k++) {
      printf("  %-8s %10" PRIu64 " %13" PRIu64 "\n", kind_names[k],
             kcount[k], kbytes[k]);
      tc += kcount[k];
      tb += kbytes[k];
   }
   printf("  %-8s %10" PRIu64 " %13" PRIu64 "\n", "total", tc, tb);
   printf("events:        %" PRIu64 " (SYSCALL + NONDET + SIGNAL + LOAD + "
          "SCHED)\n", t.nevents);
   printf("regions:       %" PRIu64 " written by syscalls, %" PRIu64
          " bytes\n", nregions, region_bytes);
   printf("failed calls:  %" PRIu64 " syscalls returned an error\n", errors);
   if (kcount[RG_REC_LOAD])
      printf("shared loads:  %" PRIu64 " loads from MAP_SHARED memory, %"
             PRIu64 " bytes\n", kcount[RG_REC_LOAD], load_bytes);
   printf("embedded file bytes: %" PRIu64 ", initial stack bytes: %"
          PRIu64 "\n", emb_bytes, stack_bytes);
   if (kcount[RG_REC_OUTPUT])
      printf("moved output:  %" PRIu64 " bytes the kernel moved to stdout/"
             "stderr (sendfile, copy_file_range, splice)\n", output_bytes);
   if (kcount[RG_REC_NONDET]) {
      printf("nondet:       ");
      for (int k = 0; k <= RG_ND_N; k++)
         if (ndcount[k])
            printf(" %s %" PRIu64, k < RG_ND_N ? nd_names[k] : "unknown",
                   ndcount[k]);
      printf("\n");
   }

   if (kcount[RG_REC_SYSCALL]) {
      qsort(sc, N_SYSCOUNT + 1, sizeof sc[0], cmp_syscount);
      int distinct = 0;
      for (int i = 0; i <= N_SYSCOUNT; i++) if (sc[i].count) distinct++;
      printf("\nsyscalls: %d distinct%s\n", distinct,
             distinct > 20 ? " (the top 20 shown)" : "");
      printf("  %-24s %8s %15s\n", "name", "count", "bytes written");
      for (int i = 0; i < 20 && i <= N_SYSCOUNT && sc[i].count; i++) {
         char nb[48];
         const char* n = sc[i].nr == N_SYSCOUNT ? "(numbers >= 1024)"
                         : sys_name(sc[i].nr, nb, sizeof nb);
         printf("  %-24s %8" PRIu64 " %15" PRIu64 "\n", n, sc[i].count,
                sc[i].bytes);
      }
   }

   printf("\n");
   /* The threads by name: those with events, and those a SCHED gave
      the CPU to. */
   Thr* th = xmalloc((t.nthr ? t.nthr : 1) * sizeof *th);
   size_t nth = 0;
   uint64_t insn_sum = 0;
   for (size_t i = 0; t.thr && i < (size_t)1 << t.thr_bits; i++)
      if (t.thr[i].tid) th[nth++] = t.thr[i];
   qsort(th, nth, sizeof *th, cmp_thr);
   for (size_t i = 0; i < nth; i++) insn_sum += th[i].icount;
   if (have_end)
      printf("instructions:  %" PRIu64 " (thread 1, from the END record)\n",
             end.insns);
   printf("threads:       %zu named by events", nth);
   if (nth) printf(" (highest T%" PRIu32 ")", th[nth - 1].tid);
   if (have_end) printf(", %" PRIu64 " in the END record", end.threads);
   printf("; %" PRIu64 " thread switch%s\n", kcount[RG_REC_SCHED],
          kcount[RG_REC_SCHED] == 1 ? "" : "es");
   if (nth) {
      printf("  %-8s %10s %12s %16s\n", "thread", "events", "got the CPU",
             "last icount");
      for (size_t i = 0; i < nth; i++)
         printf("  T%-7" PRIu32 " %10" PRIu64 " %12" PRIu64 " %16" PRIu64
                "\n", th[i].tid, th[i].events, th[i].turns, th[i].icount);
   }
   free(th);
   if (!have_end)
      printf("instructions:  at least %" PRIu64 " (last icount of each "
             "thread; the END record is missing)\n", insn_sum);

   if (have_end) {
      Str b = { 0 };
      sb_reset(&b);
      sb_end(&b, &end);
      printf("recording:     ended normally (END: %s)\n", b.s);
      if (end.events != t.nevents)
         printf("warning:       END counts %" PRIu64 " events but the "
                "trace holds %" PRIu64 "\n", end.events, t.nevents);
      sb_free(&b);
   } else {
      printf("recording:     CUT OFF after event %" PRIu64
             " (no END record)", t.nevents);
      if (t.nchunks == 0)
         printf("; no complete chunk");
      if (t.tail_streamed)
         printf("; %" PRIu64 " bytes of a big record's chunk whose header "
                "was never written", t.tail_bytes);
      else if (t.tail_bytes && t.tail_in_header)
         printf("; %" PRIu64 " bytes of a partial chunk header at the end",
                t.tail_bytes);
      else if (t.tail_bytes)
         printf("; partial chunk at the end: %" PRIu64 " of %" PRIu64
                " bytes", t.tail_bytes,
                (uint64_t)RG_CHUNK_HDR_SIZE + t.tail_clen);
      printf("\n");
   }
   out_flush();
   tr_close(&t);
   return 0;
}

/*------------------------------------------------------------*/
/*--- regrind-dump --diff TRACE1 TRACE2                    ---*/
/*------------------------------------------------------------*/

/* Next event of a trace, remembering its END record (if any). */
static int next_event(Trace* t, Rec* r, int* have_end, End* end)
{
   while (tr_next(t, r)) {
      if (is_event(r->kind)) return 1;
      if (r->kind == RG_REC_END) { get_end(r->body, end); *have_end = 1; }
   }
   return 0;
}

/* Compare two events; 0 if the same, else the reason in why. */
static int diff_events(const Rec* a, const Rec* b, Str* why,
                       uint64_t* reg_addr, const u8** pa, const u8** pb,
                       size_t* la, size_t* lb, size_t* at)
{
   char n1[48], n2[48];
   *pa = *pb = NULL;
   if (a->kind != b->kind) {
      sb_printf(why, "record kinds differ (%s / %s)", kind_names[a->kind],
                kind_names[b->kind]);
      return 1;
   }
   if (a->tid != b->tid) {
      sb_printf(why, "threads differ (%u / %u)", a->tid, b->tid);
      return 1;
   }
   if (a->kind == RG_REC_SYSCALL) {
      Sys x, y;
      get_sys(a->body, &x);
      get_sys(b->body, &y);
      if (x.nr != y.nr) {
         sb_printf(why, "syscalls differ (%s / %s)",
                   sys_name(x.nr, n1, sizeof n1),
                   sys_name(y.nr, n2, sizeof n2));
         return 1;
      }
      if (x.nargs != y.nargs) {
         sb_printf(why, "numbers of recorded arguments differ (%" PRIu64
                   " / %" PRIu64 ")", x.nargs, y.nargs);
         return 1;
      }
      Cur ca = x.args, cb = y.args;
      for (uint64_t i = 0; i < x.nargs; i++) {
         uint64_t va = cur_v(&ca), vb = cur_v(&cb);
         if (va != vb) {
            sb_printf(why, "argument %" PRIu64 " of %s differs (0x%" PRIx64
                      " / 0x%" PRIx64 ")", i + 1,
                      sys_name(x.nr, n1, sizeof n1), va, vb);
            return 1;
         }
      }
      if (x.result != y.result) {
         Str ra = { 0 }, rb = { 0 };
         sb_reset(&ra); sb_reset(&rb);
         sb_result(&ra, x.nr, x.result);
         sb_result(&rb, y.nr, y.result);
         sb_printf(why, "results of %s differ (%s / %s)",
                   sys_name(x.nr, n1, sizeof n1), ra.s, rb.s);
         sb_free(&ra); sb_free(&rb);
         return 1;
      }
      if (x.nregions != y.nregions) {
         sb_printf(why, "numbers of memory regions %s wrote differ (%"
                   PRIu64 " / %" PRIu64 ")", sys_name(x.nr, n1, sizeof n1),
                   x.nregions, y.nregions);
         return 1;
      }
      ca = x.regions; cb = y.regions;
      for (uint64_t i = 0; i < x.nregions; i++) {
         size_t na, nb;
         uint64_t aa = cur_v(&ca), ab = cur_v(&cb);
         const u8* da = cur_b(&ca, &na);
         const u8* db = cur_b(&cb, &nb);
         if (aa != ab) {
            sb_printf(why, "region %" PRIu64 " addresses differ (0x%" PRIx64
                      " / 0x%" PRIx64 ")", i, aa, ab);
            return 1;
         }
         if (na != nb) {
            sb_printf(why, "region %" PRIu64 " (at 0x%" PRIx64 ") sizes "
                      "differ (%zu / %zu bytes)", i, aa, na, nb);
            *pa = da; *pb = db; *la = na; *lb = nb; *reg_addr = aa;
            size_t m = na < nb ? na : nb, k = 0;
            while (k < m && da[k] == db[k]) k++;
            *at = k;
            return 1;
         }
         if (memcmp(da, db, na) != 0) {
            size_t k = 0;
            while (da[k] == db[k]) k++;
            sb_printf(why, "contents of region %" PRIu64 " (0x%" PRIx64
                      ", %zu bytes) differ from byte %zu (0x%" PRIx64 ")",
                      i, aa, na, k, aa + k);
            *pa = da; *pb = db; *la = na; *lb = nb; *reg_addr = aa;
            *at = k;
            return 1;
         }
      }
      return 0;
   }
   if (a->kind == RG_REC_NONDET) {
      Nondet x, y;
      get_nondet(a->body, &x);
      get_nondet(b->body, &y);
      if (x.kind != y.kind) {
         const char* ka = nd_name(x.kind);
         const char* kb = nd_name(y.kind);
         sb_printf(why, "nondeterministic instructions differ (%s / %s)",
                   ka ? ka : "unknown", kb ? kb : "unknown");
         return 1;
      }
      if (x.nvalues != y.nvalues) {
         sb_printf(why, "numbers of values differ (%" PRIu64 " / %" PRIu64
                   ")", x.nvalues, y.nvalues);
         return 1;
      }
      Cur ca = x.values, cb = y.values;
      for (uint64_t i = 0; i < x.nvalues; i++) {
         uint64_t va = cur_v(&ca), vb = cur_v(&cb);
         if (va != vb) {
            const char* kn = nd_name(x.kind);
            sb_printf(why, "value %" PRIu64 " of %s differs (0x%" PRIx64
                      " / 0x%" PRIx64 ")", i + 1, kn ? kn : "nondet",
                      va, vb);
            return 1;
         }
      }
      return 0;
   }
   if (a->kind == RG_REC_LOAD) {
      Load x, y;
      get_load(a->body, &x);
      get_load(b->body, &y);
      if (x.addr != y.addr) {
         sb_printf(why, "load addresses differ (0x%" PRIx64 " / 0x%" PRIx64
                   ")", x.addr, y.addr);
         return 1;
      }
      if (x.n != y.n) {
         sb_printf(why, "load sizes differ (%zu / %zu bytes)", x.n, y.n);
         return 1;
      }
      if (memcmp(x.p, y.p, x.n) != 0) {
         size_t k = 0;
         while (x.p[k] == y.p[k]) k++;
         sb_printf(why, "values loaded from 0x%" PRIx64 " differ (from byte "
                   "%zu)", x.addr, k);
         *pa = x.p; *pb = y.p; *la = x.n; *lb = y.n; *reg_addr = x.addr;
         *at = k;
         return 1;
      }
      return 0;
   }
   if (a->kind == RG_REC_SCHED) {
      /* Where the switch happened is what a SCHED records, so its
         count is compared, unlike other events' counts. */
      Sched x, y;
      get_sched(a->body, &x);
      get_sched(b->body, &y);
      if (x.next != y.next) {
         sb_printf(why, "threads switched to differ (%" PRIu64 " / %" PRIu64
                   ")", x.next, y.next);
         return 1;
      }
      if (a->icount != b->icount) {
         sb_printf(why, "thread %u stopped at different instruction counts "
                   "(%" PRIu64 " / %" PRIu64 ")", a->tid, a->icount,
                   b->icount);
         return 1;
      }
      return 0;
   }
   /* SIGNAL */
   Signal x, y;
   get_signal(a->body, &x);
   get_signal(b->body, &y);
   if (x.signo != y.signo) {
      sb_printf(why, "signals differ (%s / %s)",
                signal_name(x.signo, n1, sizeof n1),
                signal_name(y.signo, n2, sizeof n2));
      return 1;
   }
   if (x.flags != y.flags) {
      sb_printf(why, "signal flags differ (0x%" PRIx64 " / 0x%" PRIx64 ")",
                x.flags, y.flags);
      return 1;
   }
   return 0;
}

typedef struct {
   Str      line[DIFF_CONTEXT];
   unsigned n, next;
} Ring;

static void ring_add(Ring* g, const Rec* r)
{
   Str* s = &g->line[g->next];
   sb_reset(s);
   fmt_event(s, r, 0);
   g->next = (g->next + 1) % DIFF_CONTEXT;
   if (g->n < DIFF_CONTEXT) g->n++;
}

static void ring_print(const Ring* g, const char* mark)
{
   unsigned first = (g->next + DIFF_CONTEXT - g->n) % DIFF_CONTEXT;
   for (unsigned i = 0; i < g->n; i++)
      printf("%s%s", mark, g->line[(first + i) % DIFF_CONTEXT].s);
}

static void ring_free(Ring* g)
{
   for (unsigned i = 0; i < DIFF_CONTEXT; i++) sb_free(&g->line[i]);
}

/* What a trace shows where the other has another event. */
static void describe_stop(Str* b, const Trace* t, int have_end,
                          const End* e)
{
   if (have_end) {
      sb_printf(b, "(end of recording: ");
      sb_end(b, e);
      sb_printf(b, ")\n");
   } else {
      sb_printf(b, "(recording was cut off after event %" PRIu64 ")\n",
                t->nevents);
   }
}

/* The bytes of a differing region around the first difference. */
static void hexwin(const char* label, const u8* p, size_t n, size_t at,
                   uint64_t addr)
{
   size_t from = at >= 8 ? (at - 8) & ~(size_t)7 : 0;
   size_t to = from + 24 < n ? from + 24 : n;
   printf("  %s 0x%" PRIx64 ":", label, addr + from);
   for (size_t i = from; i < to; i++)
      printf(i == at ? " [%02x]" : " %02x", p[i]);
   if (at >= n) printf(" [ends here, %zu bytes]", n);
   else if (to < n) printf(" ...");
   printf("\n");
}

static int mode_diff(const char* d1, const char* d2)
{
   static Trace ta, tb;
   Rec ra, rb;
   Ring ga = { 0 }, gb = { 0 };
   int enda = 0, endb = 0;
   End ea = { 0 }, eb = { 0 };
   Str why = { 0 };
   int differ = 0;
   uint64_t nsame = 0;

   tr_open(&ta, d1);
   tr_open(&tb, d2);
   sb_reset(&why);
   while (1) {
      int ha = next_event(&ta, &ra, &enda, &ea);
      int hb = next_event(&tb, &rb, &endb, &eb);
      if (!ha && !hb) break;
      const u8 *pa = NULL, *pb = NULL;
      size_t la = 0, lb = 0, at = 0;
      uint64_t addr = 0;
      if (ha && hb && !diff_events(&ra, &rb, &why, &addr, &pa, &pb, &la,
                                   &lb, &at)) {
         nsame++;
         ring_add(&ga, &ra);
         ring_add(&gb, &rb);
         continue;
      }
      /* The first difference. */
      Str l = { 0 };
      sb_reset(&l);
      uint64_t ev = nsame + 1;
      if (!ha)
         sb_printf(&why, "%s has no event %" PRIu64, d1, ev);
      else if (!hb)
         sb_printf(&why, "%s has no event %" PRIu64, d2, ev);
      printf("traces differ at event %" PRIu64 ": %s\n", ev, why.s);
      printf("--- %s\n", d1);
      ring_print(&ga, "  ");
      if (ha) fmt_event(&l, &ra, 0);
      else    describe_stop(&l, &ta, enda, &ea);
      printf("> %s", l.s);
      printf("+++ %s\n", d2);
      ring_print(&gb, "  ");
      sb_reset(&l);
      if (hb) fmt_event(&l, &rb, 0);
      else    describe_stop(&l, &tb, endb, &eb);
      printf("> %s", l.s);
      if (pa && pb) {
         hexwin("1:", pa, la, at, addr);
         hexwin("2:", pb, lb, at, addr);
      }
      sb_free(&l);
      differ = 1;
      break;
   }
   if (!differ) {
      /* Same events: the ends must agree too. */
      Str l = { 0 };
      sb_reset(&l);
      if (enda != endb) {
         printf("traces differ after event %" PRIu64 ": %s\n", nsame,
                enda ? "the second recording was cut off"
                     : "the first recording was cut off");
         differ = 1;
      } else if (enda && (ea.reason != eb.reason || ea.code != eb.code)) {
         printf("traces differ after event %" PRIu64 ": the recordings "
                "ended differently\n", nsame);
         differ = 1;
      }
      if (differ) {
         describe_stop(&l, &ta, enda, &ea);
         printf("--- %s\n> %s", d1, l.s);
         sb_reset(&l);
         describe_stop(&l, &tb, endb, &eb);
         printf("+++ %s\n> %s", d2, l.s);
      } else {
         printf("traces are identical (%" PRIu64 " events)\n", nsame);
      }
      sb_free(&l);
   }
   out_flush();
   ring_free(&ga);
   ring_free(&gb);
   sb_free(&why);
   tr_close(&ta);
   tr_close(&tb);
   return differ;
}

/*------------------------------------------------------------*/
/*--- main                                                 ---*/
/*------------------------------------------------------------*/

static void usage(FILE* f)
{
   fprintf(f,
      "usage: regrind-dump [-v] TRACE             one line per record\n"
      "       regrind-dump --xml [-v] TRACE       the trace as XML\n"
      "       regrind-dump --stats TRACE          counts, sizes, compression, threads\n"
      "       regrind-dump --diff TRACE1 TRACE2   first event that differs\n"
      "       regrind-dump --help | --version\n"
      "\n"
      "TRACE is a directory made by valgrind --tool=regrind --record=TRACE.\n"
      "\n"
      "  -v, --verbose  also show the environment and hex dumps of the first\n"
      "                 %d bytes of each memory region (XML: head attributes)\n"
      "  --pid PID      read the recording of forked child PID (the file\n"
      "                 TRACE/events-PID) instead of the main one (TRACE/events)\n"
      "\n"
      "Exit status: 0 done (a recording that was cut off is still shown),\n"
      "1 --diff found a difference, 2 error (bad usage, unreadable or\n"
      "damaged trace).  The XML schema is docs/regrind-dump.rng.\n",
      HEAD_BYTES);
}

static int usage_error(void)
{
   fprintf(stderr, "usage: regrind-dump [-v] [--pid PID] [--xml | --stats] "
           "TRACE, or regrind-dump --diff TRACE1 TRACE2\n"
           "(regrind-dump --help says more)\n");
   return 2;
}

int main(int argc, char** argv)
{
   enum { M_DUMP, M_XML, M_STATS, M_DIFF } mode = M_DUMP;
   int nmodes = 0;
   const char* files[2];
   int nfiles = 0, opts_done = 0;

   for (int i = 1; i < argc; i++) {
      const char* a = argv[i];
      if (!opts_done && a[0] == '-' && a[1]) {
         if (!strcmp(a, "--")) { opts_done = 1; continue; }
         if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            out_flush();
            return 0;
         }
         if (!strcmp(a, "--version")) {
            printf("regrind-dump %s (trace format %d)\n", DUMP_VERSION,
                   RG_FORMAT_VERSION);
            out_flush();
            return 0;
         }
         if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) { verbose = 1; continue; }
         if (!strcmp(a, "--pid") || !strncmp(a, "--pid=", 6)) {
            const char* v = a[5] == '=' ? a + 6 : i + 1 < argc ? argv[++i] : "";
            size_t k = 0;
            while (v[k] >= '0' && v[k] <= '9') k++;
            if (k == 0 || v[k] || k > 20) {
               fprintf(stderr, "%s: --pid needs a process id (the PID of a "
                       "file events-PID in the trace)\n", progname);
               return usage_error();
            }
            snprintf(trace_file, sizeof trace_file, "%s-%s", RG_TRACE_FILE, v);
            continue;
         }
         if (!strcmp(a, "--xml"))   { mode = M_XML;   nmodes++; continue; }
         if (!strcmp(a, "--stats")) { mode = M_STATS; nmodes++; continue; }
         if (!strcmp(a, "--diff"))  { mode = M_DIFF;  nmodes++; continue; }
         fprintf(stderr, "%s: unknown option %s\n", progname, a);
         return usage_error();
      }
      if (nfiles == 2) {
         fprintf(stderr, "%s: too many arguments\n", progname);
         return usage_error();
      }
      files[nfiles++] = a;
   }
   if (nmodes > 1) {
      fprintf(stderr, "%s: choose one of --xml, --stats, --diff\n",
              progname);
      return usage_error();
   }
   int want = mode == M_DIFF ? 2 : 1;
   if (nfiles != want) {
      fprintf(stderr, "%s: %s\n", progname,
              mode == M_DIFF ? "--diff needs two traces"
              : nfiles ? "too many arguments" : "no trace given");
      return usage_error();
   }
   init_fd_masks();
   switch (mode) {
      case M_XML:   return mode_xml(files[0]);
      case M_STATS: return mode_stats(files[0]);
      case M_DIFF:  return mode_diff(files[0], files[1]);
      default:      return mode_dump(files[0]);
   }
}

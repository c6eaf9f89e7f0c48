/*--------------------------------------------------------------------*/
/*--- regrind: did every process of the recording replay?          ---*/
/*---                                                  rg_status.c ---*/
/*--------------------------------------------------------------------*/

/* A replay is as many processes as the recording: forked children
   replay their own files in real child processes, and an execve
   starts a new regrind in the same process.  The replay of any of
   them may fail (diverge, a missing or damaged file), and a parent
   that waits for a child gets its recorded status, not the real one.
   So that the replay the user started fails when any part fails, the
   top-level replay makes two descriptors that every replaying process
   inherits (through fork, and through execve with the hand-over of
   rg_exec.c):

   - a status file (memfd, O_APPEND) where each process writes one
     line when it starts a trace file, one when it ends it cleanly,
     and one with the reason when it fails:
        S PID FILE / E PID FILE / F PID FILE MESSAGE
   - the write end of a pipe, held open by every replaying process
     until it exits.  The top-level process, at its end, closes its
     own and reads the pipe until end of file: then every descendant
     has exited.

   Then it compares the status lines with the files of the trace
   (those with its trace id): a file that failed, one that started
   and never ended (a replay killed), and one nobody replayed are
   each named in a regrind: line, and the replay exits with 1.

   The descriptors live in Valgrind's reserved range, out of the
   program's reach, and are close-on-exec except just before an
   execve that regrind follows. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_vkiscnums.h"
#include "rg_include.h"

static Int  st_fd = -1;      /* the status file                   */
static Int  hold_fd = -1;    /* write end of the pipe             */
static Int  owner_fd = -1;   /* read end: the top-level only      */
static Long my_pid;          /* the recorded pid, for the lines   */

static void set_cloexec(Int fd, Bool on)
{
   if (fd >= 0)
      RG_SYSCALL(__NR_fcntl, fd, VKI_F_SETFD, on ? VKI_FD_CLOEXEC : 0,
                 0, 0, 0);
}

void RG_(status_create)(void)
{
   SysRes r = RG_SYSCALL(__NR_memfd_create, "regrind-status", 1 /* CLOEXEC */,
                         0, 0, 0, 0);
   Int p[2];
   SysRes q = RG_SYSCALL(__NR_pipe2, p, RG_O_CLOEXEC, 0, 0, 0, 0);
   if (sr_isError(r) || sr_isError(q)) {
      VG_(umsg)("regrind: warning: cannot check the replay of child "
                "processes (%s); their failures will not fail this "
                "replay\n", RG_(errstr)(sr_Err(sr_isError(r) ? r : q)));
      if (!sr_isError(r)) VG_(close)(sr_Res(r));
      if (!sr_isError(q)) { VG_(close)(p[0]); VG_(close)(p[1]); }
      return;
   }
   st_fd = VG_(safe_fd)(sr_Res(r));
   RG_SYSCALL(__NR_fcntl, st_fd, VKI_F_SETFL, VKI_O_APPEND, 0, 0, 0);
   owner_fd = VG_(safe_fd)(p[0]);
   hold_fd  = VG_(safe_fd)(p[1]);
}

/* Descriptors from before an execve: this Valgrind's reserved range
   starts higher than the last one's (the limit it raised stays), so
   move them into ours, where Valgrind keeps its own descriptors
   (safe_fd makes them close-on-exec).  (The program's own close and
   dup2 are emulated at replay and could not reach them anyway.) */
static Int adopt(Int fd)
{
   struct vg_stat st;
   if (fd < 0 || VG_(fstat)(fd, &st) != 0) return -1;
   return VG_(safe_fd)(fd);
}

void RG_(status_adopt)(Int sfd, Int hfd, Int rfd)
{
   st_fd    = adopt(sfd);
   hold_fd  = adopt(hfd);
   owner_fd = adopt(rfd);
}

/* For the hand-over: the descriptors, open across the coming exec. */
void RG_(status_pass)(Int* sfd, Int* hfd, Int* rfd)
{
   *sfd = st_fd; *hfd = hold_fd; *rfd = owner_fd;
   set_cloexec(st_fd, False);
   set_cloexec(hold_fd, False);
   set_cloexec(owner_fd, False);
}

/* A forked child: not the top-level. */
void RG_(status_fork_child)(void)
{
   if (owner_fd >= 0) VG_(close)(owner_fd);
   owner_fd = -1;
}

static void put_line(HChar kind, const HChar* msg)
{
   if (st_fd < 0) return;
   HChar line[600];
   Int n = VG_(snprintf)(line, sizeof line - 1, "%c %lld %s%s", kind, my_pid,
                         RG_(cur_file), msg ? " " : "");
   Int i;
   for (i = 0; msg && msg[i] && n < (Int)sizeof line - 2; i++)
      line[n++] = msg[i] == '\n' ? ' ' : msg[i];
   line[n++] = '\n';
   VG_(write)(st_fd, line, n);
}

void RG_(status_started)(Long rec_pid)
{
   my_pid = rec_pid;
   put_line('S', NULL);
}

void RG_(status_ended)(void)
{
   put_line('E', NULL);
}

void RG_(status_failed)(const HChar* msg)
{
   put_line('F', msg);
}

/*------------------------------------------------------------*/
/*--- The top-level's check                                ---*/
/*------------------------------------------------------------*/

typedef struct { HChar* file; Long pid; Bool started, ended, failed;
                 HChar* msg; } FileState;

static XArray* files;    /* of FileState */

/* Like RG_(fatal)'s message: on stderr whatever -q or --log-file. */
static void say(const HChar* fmt, ...) PRINTF_CHECK(1, 2);
static void say(const HChar* fmt, ...)
{
   va_list vargs;
   HChar msg[1024];
   va_start(vargs, fmt);
   VG_(vsnprintf)(msg, sizeof msg, fmt, vargs);
   va_end(vargs);
   RG_(errmsg)(msg);
}

static FileState* state_of(const HChar* file)
{
   Word i;
   for (i = 0; i < VG_(sizeXA)(files); i++) {
      FileState* s = VG_(indexXA)(files, i);
      if (VG_(strcmp)(s->file, file) == 0) return s;
   }
   FileState n = { VG_(strdup)("rg.status", file), -1, False, False, False,
                   NULL };
   VG_(addToXA)(files, &n);
   return VG_(indexXA)(files, VG_(sizeXA)(files) - 1);
}

static void take_line(HChar* l)
{
   HChar kind = l[0];
   if ((kind != 'S' && kind != 'E' && kind != 'F') || l[1] != ' ') return;
   HChar* end;
   Long pid = VG_(strtoll10)(l + 2, &end);
   if (*end != ' ') return;
   HChar* file = end + 1;
   HChar* msg = VG_(strchr)(file, ' ');
   if (msg) *msg++ = 0;
   FileState* s = state_of(file);
   s->pid = pid;
   if (kind == 'S') s->started = True;
   if (kind == 'E') s->ended = True;
   if (kind == 'F' && !s->failed) {
      s->failed = True;
      s->msg = VG_(strdup)("rg.status", msg ? msg : "");
   }
}

static void note_trace_file(const HChar* name, void* unused)
{
   ULong id;
   if (!RG_(is_trace_file_name)(name)) return;
   if (!RG_(trace_file_id)(RG_(clo_trace), name, &id)
       || id != RG_(trace_id))
      return;      /* not this recording's: replay refuses it anyway */
   state_of(name);
}

/* The recorded pid a trace file belongs to, from its name: events-PID
   and its .exec files are PID's; events and its .exec files are the
   top-level process's, which is this one (an execve keeps the pid). */
static Long pid_of_file(const HChar* f)
{
   SizeT n = VG_(strlen)(RG_TRACE_FILE);
   if (f[n] == '-') return VG_(strtoll10)(f + n + 1, NULL);
   return my_pid > 0 ? my_pid : -1;
}

/* Wait for every replaying descendant, then fail if any part of the
   recording did not replay.  Only the top-level process does it. */
/* Top-level: wait until every replaying descendant has exited (they
   hold the pipe's write end), so that the replay's output is complete
   when it returns, even when the top-level process failed. */
void RG_(status_wait_all)(void)
{
   if (owner_fd < 0) return;
   VG_(close)(hold_fd);
   hold_fd = -1;
   HChar c;
   Int r;
   do r = VG_(read)(owner_fd, &c, 1);
   while (r > 0 || r == -VKI_EINTR);
   VG_(close)(owner_fd);
   owner_fd = -1;
}

void RG_(status_final)(void)
{
   if (owner_fd < 0) return;
   RG_(status_wait_all)();

   files = VG_(newXA)(VG_(malloc), "rg.status", VG_(free), sizeof(FileState));
   RG_(dir_each)(RG_(clo_trace), note_trace_file, NULL);
   struct vg_stat st;
   SizeT len = VG_(fstat)(st_fd, &st) == 0 ? st.size : 0;
   HChar* all = VG_(malloc)("rg.status", len + 1);
   SysRes rr = RG_SYSCALL(__NR_pread64, st_fd, all, len, 0, 0, 0);
   len = sr_isError(rr) ? 0 : sr_Res(rr);
   all[len] = 0;
   HChar* l = all;
   while (*l) {
      HChar* nl = VG_(strchr)(l, '\n');
      if (!nl) break;
      *nl = 0;
      take_line(l);
      l = nl + 1;
   }

   Word i, bad = 0, n = VG_(sizeXA)(files);
   for (i = 0; i < n; i++) {
      FileState* s = VG_(indexXA)(files, i);
      HChar who[128];
      if (s->pid < 0) s->pid = pid_of_file(s->file);
      if (s->pid >= 0)
         VG_(snprintf)(who, sizeof who, "process %lld (trace file %s)",
                       s->pid, s->file);
      else
         VG_(snprintf)(who, sizeof who, "the process of trace file %s",
                       s->file);
      if (s->failed)
         say("the replay of %s failed: %s", who, s->msg);
      else if (s->started && !s->ended)
         say("the replay of %s ended before the end of its file (killed?)",
             who);
      else if (!s->started)
         say("%s was never replayed", who);
      else
         continue;
      bad++;
   }
   if (bad == 0) return;
   RG_(fatal)("%ld of the %ld processes of the recording did not replay "
              "as recorded; the replay fails", bad, n);
}

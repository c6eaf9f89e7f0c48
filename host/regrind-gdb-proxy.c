/* regrind-gdb-proxy: gdb remote protocol between gdb and vgdb that
   adds reverse execution to a regrind replay.

   Usage (gdb runs it):
      target remote | regrind-gdb-proxy [--valgrind=CMD] TRACE -- PROG ARGS...

   It starts `CMD --tool=regrind --replay=TRACE --vgdb=full --vgdb-error=0
   PROG ARGS` and vgdb, and relays packets.  It tells gdb it supports
   reverse execution (qSupported ReverseContinue+ ReverseStep+) and does
   it the way rr does, by re-execution: a replay is deterministic, so a
   point of it, (event, thread, instruction count) as the tool's
   `monitor when` says, can be reached again by a new replay started
   with --replay-stop-at=THREAD:ICOUNT.

     bc (reverse-continue): mark the point now; run a new replay from
        the start with gdb's breakpoints and watchpoints armed, and
        remember the last stop before the mark; then start again and
        stop there.  No stop before the mark: the start of the replay,
        reported as the end of history (gdb says "No more
        reverse-execution history").
     bs (reverse-stepi): a new replay stopped at the current thread's
        count minus one.
     monitor goto EVENT|T:ICOUNT: forward, the tool runs there; back, a
        new replay started there.

   Writing memory or registers (set var, call, jump, return) would make
   the replay diverge: refused, with a message on stderr (gdb's
   terminal) and an error reply.

   The program's output is shown by the first replay only. */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>

#define MAXPKT (1 << 20)

static const char* valgrind_cmd = "valgrind";
static const char* trace;
static char** prog_argv;
static char tmpdir[] = "/tmp/regrind-gdb-XXXXXX";
static int n_runs;
static int verbose;

/* The replay under way. */
static pid_t vg_pid = -1, vgdb_pid = -1;
static int to_vgdb = -1, from_vgdb = -1;

/* gdb's breakpoints and watchpoints (Z packets), to arm again in a new
   replay. */
/* gdb's signal settings (QPassSignals, QProgramSignals), for a new
   replay too: without them Valgrind's gdbserver stops at every signal
   and a plain continue then drops it. */
static char* sig_settings[2];

#define N_POINTS 1024
static char* points[N_POINTS];
static int n_points;

static void vsay(const char* fmt, va_list ap)
{
   fprintf(stderr, "regrind-gdb: ");
   vfprintf(stderr, fmt, ap);
   fprintf(stderr, "\n");
}

static void say(const char* fmt, ...)
{
   va_list ap;
   va_start(ap, fmt);
   vsay(fmt, ap);
   va_end(ap);
}

static void die(const char* fmt, ...)
{
   va_list ap;
   va_start(ap, fmt);
   vsay(fmt, ap);
   va_end(ap);
   exit(1);
}

/*------------------------------------------------------------*/
/* Packets                                                     */
/*------------------------------------------------------------*/

typedef struct { int fd; char buf[65536]; size_t pos, len; } Reader;
static Reader from_gdb_r = { 0 }, from_vgdb_r;

static int rd_byte(Reader* r)
{
   if (r->pos == r->len) {
      ssize_t n;
      do n = read(r->fd, r->buf, sizeof r->buf);
      while (n < 0 && errno == EINTR);
      if (n <= 0) return -1;
      r->pos = 0; r->len = n;
   }
   return (unsigned char)r->buf[r->pos++];
}

static int rd_pending(Reader* r) { return r->pos < r->len; }

static void wr_all(int fd, const char* p, size_t n)
{
   while (n) {
      ssize_t w = write(fd, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return;
      p += w; n -= w;
   }
}

/* A packet's payload (as sent: escapes and run-length marks kept), or
   "\x03" for an interrupt; -1 at end of file.  Acknowledges it. */
static int get_packet(Reader* r, char* out, size_t* len)
{
   int c;
   for (;;) {
      c = rd_byte(r);
      if (c < 0) return -1;
      if (c == 3) { out[0] = 3; *len = 1; return 0; }
      if (c == '$') break;
      /* '+', '-' and noise */
   }
   size_t n = 0;
   while ((c = rd_byte(r)) >= 0 && c != '#') {
      if (n < MAXPKT - 1) out[n++] = c;
   }
   if (c < 0 || rd_byte(r) < 0 || rd_byte(r) < 0) return -1;
   out[n] = 0;
   *len = n;
   wr_all(r->fd == 0 ? 1 : to_vgdb, "+", 1);
   return 0;
}

static void put_packet(int fd, const char* p, size_t n)
{
   static char b[MAXPKT + 8];
   unsigned sum = 0;
   size_t i;
   b[0] = '$';
   for (i = 0; i < n; i++) { sum += (unsigned char)p[i]; b[i + 1] = p[i]; }
   sprintf(b + n + 1, "#%02x", sum & 0xff);
   wr_all(fd, b, n + 4);
}

static void to_gdb(const char* p) { put_packet(1, p, strlen(p)); }

/* Undo run-length encoding (x*N: N-29 more copies of x). */
static void unrle(const char* in, char* out)
{
   char last = 0;
   while (*in) {
      if (*in == '*' && in[1]) {
         int k = (unsigned char)in[1] - 29;
         while (k-- > 0) *out++ = last;
         in += 2;
      } else {
         last = *out++ = *in++;
      }
   }
   *out = 0;
}

static void hex_decode(const char* h, char* out)
{
   while (h[0] && h[1]) {
      unsigned v;
      sscanf(h, "%2x", &v);
      *out++ = v;
      h += 2;
   }
   *out = 0;
}

static void hex_encode(const char* s, char* out)
{
   while (*s) { sprintf(out, "%02x", (unsigned char)*s++); out += 2; }
   *out = 0;
}

/* Console text for gdb, during a command. */
static void gdb_console(const char* text)
{
   static char b[8192];
   b[0] = 'O';
   hex_encode(text, b + 1);
   to_gdb(b);
}

static int is_final(const char* p)
{
   return p[0] != 'O' || strcmp(p, "OK") == 0;
}

/* Wait until vgdb has something to say; meanwhile gdb may interrupt
   (^C, forwarded) or go away (then so do we).  False if the replay
   died without a word. */
static int wait_vgdb(void)
{
   Reader* g = &from_gdb_r;
   while (!rd_pending(&from_vgdb_r)) {
      if (g->pos == g->len) g->pos = g->len = 0;
      struct pollfd fds[2] = { { from_vgdb, POLLIN, 0 }, { 0, POLLIN, 0 } };
      int n = poll(fds, g->len < sizeof g->buf ? 2 : 1, 250);
      if (n < 0 && errno != EINTR) die("poll: %s", strerror(errno));
      if (fds[0].revents) return 1;
      if (fds[1].revents) {
         /* Keep what gdb sends for later (its first packet comes
            while a replay starts), but pass ^C on now. */
         ssize_t k = read(0, g->buf + g->len, sizeof g->buf - g->len);
         if (k <= 0) exit(0);                     /* gdb is gone */
         size_t i = g->len, end = g->len + k;
         while (i < end) {
            if (g->buf[i] == 3) {
               wr_all(to_vgdb, "\x03", 1);
               memmove(g->buf + i, g->buf + i + 1, end - i - 1);
               end--;
            } else {
               i++;
            }
         }
         g->len = end;
      }
      if (vg_pid > 0 && waitpid(vg_pid, NULL, WNOHANG) == vg_pid) {
         vg_pid = -1;
         /* what vgdb still has to relay */
         fds[0].revents = 0;
         if (poll(fds, 1, 1000) > 0) return 1;
         return 0;
      }
   }
   return 1;
}

/* Send P to vgdb and return its final reply (console packets before it
   are appended, decoded, to CONSOLE if given, else dropped). */
static char vg_reply[MAXPKT];
static const char* vg_cmd(const char* p, char* console, size_t cap)
{
   size_t n;
   static char raw[MAXPKT], txt[MAXPKT];
   if (console) console[0] = 0;
   put_packet(to_vgdb, p, strlen(p));
   for (;;) {
      if (!wait_vgdb() || get_packet(&from_vgdb_r, raw, &n) < 0)
         return NULL;
      unrle(raw, vg_reply);
      if (is_final(vg_reply)) return vg_reply;
      if (console) {
         hex_decode(vg_reply + 1, txt);
         strncat(console, txt, cap - strlen(console) - 1);
      }
   }
}

/*------------------------------------------------------------*/
/* Thread ids                                                  */
/*------------------------------------------------------------*/

/* Valgrind's gdbserver names threads by their kernel tid, which a new
   replay changes.  gdb keeps the ids of the first replay: the main
   thread's (the pid) is mapped both ways.  (Other threads of a new
   replay show up as new threads.) */
static pid_t first_pid;

static int hexval(int c)
{
   return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f'
          ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* In S, from position START, replace the hex tokens (runs of hex
   digits) equal to FROM by TO; only the first token if ONE. */
static void map_tokens(char* s, size_t start, long from, long to, int one)
{
   static char out[MAXPKT];
   size_t i = 0, o = 0;
   if (from == to) return;
   while (i < start && s[i]) out[o++] = s[i++];
   while (s[i]) {
      if (hexval(s[i]) < 0) { out[o++] = s[i++]; continue; }
      size_t j = i;
      long v = 0;
      while (s[j] && hexval(s[j]) >= 0) v = v * 16 + hexval(s[j++]);
      if (v == from) o += sprintf(out + o, "%lx", to);
      else { memcpy(out + o, s + i, j - i); o += j - i; }
      i = j;
      if (one) { while (s[i]) out[o++] = s[i++]; }
   }
   out[o] = 0;
   strcpy(s, out);
}

/* A packet from vgdb (decoded) for gdb, answering REQ. */
static void ids_to_gdb(char* p, const char* req)
{
   char* t;
   if ((p[0] == 'T') && (t = strstr(p, "thread:")))
      map_tokens(p, t - p + 7, vg_pid, first_pid, 1);
   else if ((strncmp(req, "qfThreadInfo", 12) == 0
             || strncmp(req, "qsThreadInfo", 12) == 0) && p[0] == 'm')
      map_tokens(p, 1, vg_pid, first_pid, 0);
   else if (strncmp(p, "QC", 2) == 0)
      map_tokens(p, 2, vg_pid, first_pid, 1);
}

/* A packet from gdb for vgdb. */
static void ids_to_vgdb(char* p)
{
   if (p[0] == 'H' && (p[1] == 'g' || p[1] == 'c'))
      map_tokens(p, 2, first_pid, vg_pid, 1);
   else if (p[0] == 'T')
      map_tokens(p, 1, first_pid, vg_pid, 1);
   else if (strncmp(p, "vCont;", 6) == 0) {
      /* actions are letters (c is a hex digit): map after each ':' */
      char* c = p;
      while ((c = strchr(c, ':'))) {
         c++;
         map_tokens(p, c - p, first_pid, vg_pid, 1);
      }
   }
   else if (strncmp(p, "qThreadExtraInfo,", 17) == 0)
      map_tokens(p, 17, first_pid, vg_pid, 1);
}

/*------------------------------------------------------------*/
/* Replays                                                     */
/*------------------------------------------------------------*/

static void stop_replay(void)
{
   if (to_vgdb >= 0) close(to_vgdb);
   if (from_vgdb >= 0) close(from_vgdb);
   to_vgdb = from_vgdb = -1;
   if (vg_pid > 0) { kill(-vg_pid, SIGKILL); waitpid(vg_pid, NULL, 0); }
   if (vgdb_pid > 0) { kill(vgdb_pid, SIGKILL); waitpid(vgdb_pid, NULL, 0); }
   vg_pid = vgdb_pid = -1;
}

static void cleanup(void)
{
   stop_replay();
   DIR* d = opendir(tmpdir);
   if (!d) return;
   struct dirent* e;
   char p[512];
   while ((e = readdir(d))) {
      if (e->d_name[0] == '.') continue;
      snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
      unlink(p);
   }
   closedir(d);
   rmdir(tmpdir);
}

static void on_signal(int s) { cleanup(); _exit(128 + s); }

/* Start a replay (stopped at its start by --vgdb-error=0) and connect
   to it; STOP_AT: --replay-stop-at value or NULL. */
static void start_replay(const char* stop_at)
{
   char prefix[600], opt_prefix[700], opt_trace[4200], opt_stop[128];
   int i, n = 0;
   stop_replay();
   n_runs++;
   snprintf(prefix, sizeof prefix, "%s/vgdb%d", tmpdir, n_runs);
   snprintf(opt_prefix, sizeof opt_prefix, "--vgdb-prefix=%s", prefix);
   snprintf(opt_trace, sizeof opt_trace, "--replay=%s", trace);
   char* argv[512];
   /* The valgrind command may be several words. */
   char* vc = strdup(valgrind_cmd);
   for (char* t = strtok(vc, " "); t && n < 32; t = strtok(NULL, " "))
      argv[n++] = t;
   argv[n++] = "--tool=regrind";
   argv[n++] = "-q";
   argv[n++] = opt_trace;
   argv[n++] = "--vgdb=full";
   argv[n++] = "--vgdb-error=0";
   argv[n++] = opt_prefix;
   argv[n++] = "--replay-precise=yes";
   if (n_runs > 1) argv[n++] = "--replay-output=no";
   if (stop_at) {
      snprintf(opt_stop, sizeof opt_stop, "--replay-stop-at=%s", stop_at);
      argv[n++] = opt_stop;
   }
   for (i = 0; prog_argv[i] && n < 510; i++) argv[n++] = prog_argv[i];
   argv[n] = NULL;
   if (verbose) say("run %d: replay%s%s", n_runs, stop_at ? " to " : "",
                    stop_at ? stop_at : "");

   vg_pid = fork();
   if (vg_pid < 0) die("fork: %s", strerror(errno));
   if (vg_pid == 0) {
      setpgid(0, 0);
      int nul = open("/dev/null", O_RDONLY);
      dup2(nul, 0);
      dup2(2, 1);            /* the program's output to gdb's terminal */
      execvp(argv[0], argv);
      fprintf(stderr, "regrind-gdb: cannot run %s: %s\n", argv[0],
              strerror(errno));
      _exit(127);
   }
   setpgid(vg_pid, vg_pid);
   free(vc);
   if (!first_pid) first_pid = vg_pid;

   int in[2], out[2];
   if (pipe(in) || pipe(out)) die("pipe: %s", strerror(errno));
   char opt_pid[64];
   snprintf(opt_pid, sizeof opt_pid, "--pid=%d", (int)vg_pid);
   vgdb_pid = fork();
   if (vgdb_pid < 0) die("fork: %s", strerror(errno));
   if (vgdb_pid == 0) {
      dup2(in[0], 0);
      dup2(out[1], 1);
      close(in[0]); close(in[1]); close(out[0]); close(out[1]);
      int nul = open("/dev/null", O_WRONLY);
      if (!verbose) dup2(nul, 2);
      execlp("vgdb", "vgdb", opt_prefix, opt_pid, "--wait=600",
             (char*)NULL);
      _exit(127);
   }
   close(in[0]); close(out[1]);
   to_vgdb = in[1];
   from_vgdb = out[0];
   from_vgdb_r.fd = from_vgdb;
   from_vgdb_r.pos = from_vgdb_r.len = 0;
   if (!vg_cmd("qSupported", NULL, 0))
      die("the replay did not start (see its messages above)");
   vg_cmd("?", NULL, 0);
   for (i = 0; i < 2; i++)
      if (sig_settings[i]) vg_cmd(sig_settings[i], NULL, 0);
}

/*------------------------------------------------------------*/
/* Points of the replay                                        */
/*------------------------------------------------------------*/

typedef struct { unsigned long long ev, ic; unsigned th; int ok; } Point;

static Point when(void)
{
   static char con[4096];
   char cmd[64] = "qRcmd,";
   Point p = { 0, 0, 0, 0 };
   hex_encode("when", cmd + 6);
   if (!vg_cmd(cmd, con, sizeof con)) return p;
   if (sscanf(con, "event %llu thread %u icount %llu", &p.ev, &p.th,
              &p.ic) == 3)
      p.ok = 1;
   return p;
}

static int before(Point a, Point b)
{
   return a.ev < b.ev || (a.ev == b.ev && a.ic < b.ic);
}

static int at_start(Point p) { return p.ev == 0 && p.ic == 0; }

static void arm_points(void)
{
   int i;
   for (i = 0; i < n_points; i++) vg_cmd(points[i], NULL, 0);
}

static void note_point(const char* p)
{
   int i;
   /* "Ztype,addr,kind" and "ztype,addr,kind" name the same point. */
   for (i = 0; i < n_points; i++)
      if (strcmp(points[i] + 1, p + 1) == 0) {
         free(points[i]);
         points[i] = points[--n_points];
         break;
      }
   if (p[0] == 'Z' && n_points < N_POINTS) points[n_points++] = strdup(p);
}

/* A new replay at P (the start if P is at the start), points armed;
   returns the stop reply it gave there. */
static const char* go_to(Point p)
{
   static char reply[MAXPKT];
   char at[80];
   if (at_start(p)) {
      start_replay(NULL);
      strcpy(reply, "T05");
   } else {
      snprintf(at, sizeof at, "%u:%llu", p.th, p.ic);
      start_replay(at);
      const char* r = vg_cmd("c", NULL, 0);
      if (!r) die("the replay ended before %s", at);
      strcpy(reply, r);
   }
   arm_points();
   return reply;
}

static const char* history_start(void)
{
   Point s = { 0, 0, 0, 1 };
   go_to(s);
   return "T05replaylog:begin;";
}

/* reverse-continue */
static const char* reverse_continue(void)
{
   static char last_reply[MAXPKT], reply[MAXPKT];
   Point mark = when(), last = { 0, 0, 0, 0 };
   if (!mark.ok) return "E01";
   if (n_points == 0 || at_start(mark)) return history_start();
   Point s = { 0, 0, 0, 1 };
   go_to(s);
   char resume[16] = "c";
   for (;;) {
      const char* r = vg_cmd(resume, NULL, 0);
      if (!r || r[0] == 'W' || r[0] == 'X') break;
      /* A signal gdb stops for is a stop; it is delivered when going
         on, as gdb does going forward. */
      unsigned sig = 5;
      if ((r[0] == 'T' || r[0] == 'S') && sscanf(r + 1, "%2x", &sig) == 1
          && sig != 5 && sig != 0)
         snprintf(resume, sizeof resume, "C%02x", sig);
      else
         strcpy(resume, "c");
      strcpy(reply, r);
      ids_to_gdb(reply, "c");      /* this replay's ids, gone soon */
      Point p = when();
      if (!p.ok || !before(p, mark)) break;
      last = p;
      strcpy(last_reply, reply);
   }
   if (!last.ok) return history_start();
   /* A write watchpoint stops after the store; going backwards gdb
      wants the state before it (the value changed, seen backwards). */
   if (strstr(last_reply, "watch:") && last.ic > 0) last.ic--;
   go_to(last);
   return last_reply;
}

/* reverse-stepi */
static const char* reverse_step(void)
{
   Point p = when();
   if (!p.ok) return "E01";
   if (p.ic == 0) return history_start();
   p.ic--;
   if (p.ic == 0 && p.th == 1) p.ev = 0;
   return go_to(p);
}

/* monitor goto: back by a new replay, forward by the tool. */
static void monitor_goto(const char* arg)
{
   Point now = when(), to = { 0, 0, 0, 1 };
   char msg[256], cmd[600] = "qRcmd,", txt[280];
   static char con[4096];
   if (strchr(arg, ':')) {
      if (sscanf(arg, "%u:%llu", &to.th, &to.ic) != 2) to.ok = 0;
      /* Ordered by event only within one thread's run: compare with
         the count of the same thread. */
      if (to.ok && to.th == now.th && to.ic <= now.ic) {
         go_to(to);
         snprintf(msg, sizeof msg, "regrind: back at thread %u icount "
                  "%llu\n", to.th, to.ic);
         gdb_console(msg);
         return;
      }
   } else {
      if (sscanf(arg, "%llu", &to.ev) != 1 || to.ev == 0) to.ok = 0;
      if (to.ok && to.ev <= now.ev) {
         snprintf(txt, sizeof txt, "%llu", to.ev);
         start_replay(txt);
         vg_cmd("c", NULL, 0);
         arm_points();
         Point p = when();
         snprintf(msg, sizeof msg, "regrind: back before event %llu "
                  "(event %llu thread %u icount %llu)\n", to.ev, p.ev,
                  p.th, p.ic);
         gdb_console(msg);
         return;
      }
   }
   if (!to.ok) {
      gdb_console("regrind: goto: expected an event number or "
                  "THREAD:ICOUNT\n");
      return;
   }
   snprintf(txt, sizeof txt, "goto %.200s", arg);
   hex_encode(txt, cmd + 6);
   vg_cmd(cmd, con, sizeof con);
   if (!strstr(con, "stops there")) { gdb_console(con); return; }
   const char* r = vg_cmd("c", NULL, 0);
   if (!r || r[0] == 'W' || r[0] == 'X') {
      gdb_console("regrind: the replay ended before getting there\n");
      return;
   }
   Point p = when();
   snprintf(msg, sizeof msg, "regrind: at event %llu thread %u icount "
            "%llu\n", p.ev, p.th, p.ic);
   gdb_console(msg);
}

/*------------------------------------------------------------*/
/* Relay                                                       */
/*------------------------------------------------------------*/

/* Packets that would change the replay's state. */
static int is_write(const char* p)
{
   return p[0] == 'M' || p[0] == 'X' || p[0] == 'P' || p[0] == 'G'
          || strncmp(p, "QAgent", 6) == 0;
}

static const char* refuse_msg(const char* p)
{
   return p[0] == 'M' || p[0] == 'X'
      ? "refused: writing memory would make the replay diverge from the "
        "recording (set var, call, print with side effects)"
      : "refused: writing registers would make the replay diverge from "
        "the recording (set $reg, call, jump, return)";
}

/* Forward P to vgdb and its replies to gdb until the final one; while
   the replay runs, gdb may interrupt it. */
static void relay(const char* p0, size_t n)
{
   static char raw[MAXPKT], buf[MAXPKT], p[MAXPKT];
   size_t m;
   memcpy(p, p0, n + 1);
   if (p[0] == 'H' || p[0] == 'T' || p[0] == 'v' || p[0] == 'q') {
      ids_to_vgdb(p);
      n = strlen(p);
   }
   put_packet(to_vgdb, p, n);
   if (p[0] == 'k') return;                 /* no reply */
   for (;;) {
      if (!wait_vgdb() || get_packet(&from_vgdb_r, raw, &m) < 0) {
         to_gdb("W00");
         return;
      }
      unrle(raw, buf);
      if (strncmp(p, "qSupported", 10) == 0) {
         /* We keep acknowledgements (simpler to relay), add reverse. */
         char* s = strstr(buf, "QStartNoAckMode+;");
         if (s) memmove(s, s + 17, strlen(s + 17) + 1);
         strcat(buf, ";ReverseContinue+;ReverseStep+");
         to_gdb(buf);
         return;
      }
      if (is_final(buf) && (buf[0] == 'T' || buf[0] == 'Q'
                            || strncmp(p, "qfThreadInfo", 12) == 0
                            || strncmp(p, "qsThreadInfo", 12) == 0)) {
         ids_to_gdb(buf, p);       /* text packets: no NUL inside */
         to_gdb(buf);
         return;
      }
      put_packet(1, raw, m);
      if (is_final(buf)) return;
   }
}

static void serve(void)
{
   static char pkt[MAXPKT], cmd[4096];
   size_t n;
   for (;;) {
      if (get_packet(&from_gdb_r, pkt, &n) < 0) return;
      if (n == 1 && pkt[0] == 3) { wr_all(to_vgdb, pkt, 1); continue; }
      if (verbose) say("gdb: %.60s", pkt);
      if (strcmp(pkt, "bc") == 0 || strcmp(pkt, "bs") == 0) {
         static char r[MAXPKT];
         strcpy(r, pkt[1] == 'c' ? reverse_continue() : reverse_step());
         ids_to_gdb(r, pkt);
         if (verbose) say("reply: %.80s", r);
         to_gdb(r);
      } else if (is_write(pkt)) {
         say("%s", refuse_msg(pkt));
         to_gdb("E01");
      } else if (strncmp(pkt, "QStartNoAckMode", 15) == 0) {
         to_gdb("");
      } else if (strncmp(pkt, "qRcmd,", 6) == 0) {
         hex_decode(pkt + 6, cmd);
         if (strncmp(cmd, "goto ", 5) == 0) {
            monitor_goto(cmd + 5);
            to_gdb("OK");
         } else {
            relay(pkt, n);
         }
      } else {
         if (pkt[0] == 'Z' || pkt[0] == 'z') note_point(pkt);
         if (strncmp(pkt, "QPassSignals:", 13) == 0
             || strncmp(pkt, "QProgramSignals:", 16) == 0) {
            int k = pkt[1] == 'P' && pkt[2] == 'a' ? 0 : 1;
            free(sig_settings[k]);
            sig_settings[k] = strdup(pkt);
         }
         relay(pkt, n);
         if (pkt[0] == 'k' || strncmp(pkt, "vKill", 5) == 0
             || pkt[0] == 'D') return;
      }
   }
}

static void usage(void)
{
   fprintf(stderr, "usage: regrind-gdb-proxy [--valgrind=CMD] [-v] TRACE "
           "-- PROG ARGS...\n(run by gdb: target remote | "
           "regrind-gdb-proxy ...; regrind-gdb does it)\n");
   exit(2);
}

int main(int argc, char** argv)
{
   int i;
   for (i = 1; i < argc; i++) {
      if (strncmp(argv[i], "--valgrind=", 11) == 0) valgrind_cmd = argv[i] + 11;
      else if (strcmp(argv[i], "-v") == 0) verbose = 1;
      else if (strcmp(argv[i], "--") == 0) { i++; break; }
      else if (argv[i][0] == '-') usage();
      else if (!trace) trace = argv[i];
      else usage();
   }
   if (!trace || i >= argc) usage();
   prog_argv = argv + i;
   struct stat st;
   if (stat(trace, &st) || !S_ISDIR(st.st_mode))
      die("%s is not a trace directory", trace);
   if (!mkdtemp(tmpdir)) die("mkdtemp: %s", strerror(errno));
   atexit(cleanup);
   signal(SIGINT, SIG_IGN);      /* gdb's ^C comes as a packet */
   signal(SIGTERM, on_signal);
   signal(SIGHUP, on_signal);
   signal(SIGPIPE, SIG_IGN);
   start_replay(NULL);
   serve();
   return 0;
}

/*--------------------------------------------------------------------*/
/*--- regrind front end: record and replay.               fe_run.c ---*/
/*--------------------------------------------------------------------*/

/* Both build a valgrind command line and run it: record in a child
   (to say where the trace went when it ends), replay by exec (its exit
   status is the replay's), or with gdb beside it for -g. */

#ifdef HAVE_CONFIG_H
#include "rg_config.h"
#endif

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fe.h"

/*------------------------------------------------------------*/
/*--- Argument vectors                                     ---*/
/*------------------------------------------------------------*/

typedef struct { char** v; size_t n, cap; } Argv;

static void av_add(Argv* a, const char* s)
{
   if (a->n + 2 > a->cap) {
      a->cap = a->cap ? 2 * a->cap : 32;
      a->v = xrealloc(a->v, a->cap * sizeof *a->v);
   }
   a->v[a->n++] = s ? strdup(s) : NULL;
   a->v[a->n] = NULL;
}

__attribute__((format(printf, 2, 3)))
static void av_addf(Argv* a, const char* fmt, ...)
{
   char buf[8192];
   va_list ap;
   va_start(ap, fmt);
   vsnprintf(buf, sizeof buf, fmt, ap);
   va_end(ap);
   av_add(a, buf);
}

void fe_valgrind_argv(char*** out, size_t* n)
{
   const char* env = getenv("REGRIND_LAUNCHER");
   Argv a = { 0 };
   if (!env || !*env) env = "valgrind";
   char* s = strdup(env);
   for (char* w = strtok(s, " \t"); w; w = strtok(NULL, " \t")) av_add(&a, w);
   free(s);
   if (!a.n) av_add(&a, "valgrind");
   *out = a.v;
   *n = a.n;
}

static void av_valgrind(Argv* a)
{
   char** v;
   size_t n;
   fe_valgrind_argv(&v, &n);
   for (size_t i = 0; i < n; i++) { av_add(a, v[i]); free(v[i]); }
   free(v);
}

static void run_exec(Argv* a)
{
   fflush(stdout);
   execvp(a->v[0], a->v);
   die("cannot run %s: %s (set REGRIND_LAUNCHER to the valgrind "
       "launcher)", a->v[0], strerror(errno));
}

/* Run and wait; the exit status as a shell gives it. */
static int run_wait(Argv* a)
{
   fflush(stdout);
   pid_t pid = fork();
   if (pid < 0) die("cannot fork: %s", strerror(errno));
   if (pid == 0) {
      execvp(a->v[0], a->v);
      fprintf(stderr, "%s: cannot run %s: %s (set REGRIND_LAUNCHER to the "
              "valgrind launcher)\n", progname, a->v[0], strerror(errno));
      _exit(127);
   }
   /* The program gets the terminal's signals; we wait for it. */
   signal(SIGINT, SIG_IGN);
   signal(SIGQUIT, SIG_IGN);
   int st;
   while (waitpid(pid, &st, 0) < 0)
      if (errno != EINTR) die("waitpid: %s", strerror(errno));
   signal(SIGINT, SIG_DFL);
   signal(SIGQUIT, SIG_DFL);
   return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* "--opt=VALUE" or "--opt VALUE"; NULL when a is not --opt. */
static const char* opt_value(const char* cmd, const char* a, const char* opt,
                             int* i, int argc, char** argv)
{
   size_t n = strlen(opt);
   if (strncmp(a, opt, n) != 0) return NULL;
   if (a[n] == '=') return a + n + 1;
   if (a[n] != 0) return NULL;
   if (*i + 1 >= argc) fe_usage_error(cmd, "%s needs a value", opt);
   return argv[++*i];
}

static int is_number(const char* s)
{
   if (!*s) return 0;
   for (; *s; s++) if (*s < '0' || *s > '9') return 0;
   return 1;
}

/*------------------------------------------------------------*/
/*--- regrind record                                       ---*/
/*------------------------------------------------------------*/

/* A new PROG-N under the root, made as the tool makes it (rg_main.c
   new_default_trace), and latest-trace pointed at it afterwards. */
static char* new_trace_dir(const char* prog)
{
   char* root = fe_root(1);
   const char* base = strrchr(prog, '/');
   base = base ? base + 1 : prog;
   char* dir = xmalloc(strlen(root) + strlen(base) + 32);
   for (int n = 0; ; n++) {
      sprintf(dir, "%s/%s-%d", root, base, n);
      if (mkdir(dir, 0700) == 0) break;
      if (errno != EEXIST || n > 1000000)
         die("cannot create trace directory %s: %s", dir, strerror(errno));
   }
   free(root);
   return dir;
}

static void point_latest(const char* dir)
{
   char* root = fe_root(0);
   size_t rl = strlen(root);
   if (strncmp(dir, root, rl) != 0 || dir[rl] != '/') { free(root); return; }
   char* link = xmalloc(rl + 64);
   char* tmp = xmalloc(rl + 64);
   sprintf(link, "%s/latest-trace", root);
   sprintf(tmp, "%s/.latest-trace.%d", root, (int)getpid());
   unlink(tmp);
   if (symlink(dir + rl + 1, tmp) != 0 || rename(tmp, link) != 0) {
      unlink(tmp);
      fprintf(stderr, "%s: warning: cannot point %s at the new trace\n",
              progname, link);
   }
   free(link); free(tmp); free(root);
}

int fe_record(int argc, char** argv)
{
   const char* cmd = "record";
   if (fe_want_help(cmd, argc, argv)) return 0;
   Argv a = { 0 };
   const char* out = NULL;
   const char* cpu = NULL;
   int quiet = 0, i;
   Argv opts = { 0 };
   for (i = 1; i < argc && argv[i][0] == '-'; i++) {
      const char* s = argv[i];
      const char* v;
      if (!strcmp(s, "--")) { i++; break; }
      if (!strcmp(s, "--chaos")) { av_add(&opts, "--chaos=yes"); continue; }
      if ((v = opt_value(cmd, s, "--chaos-seed", &i, argc, argv))) {
         if (!is_number(v))
            fe_usage_error(cmd, "--chaos-seed needs a number, not '%s'", v);
         av_add(&opts, "--chaos=yes");
         av_addf(&opts, "--chaos-seed=%s", v);
         continue;
      }
      if (!strcmp(s, "--trace-children")) {
         av_add(&opts, "--trace-children=yes");
         continue;
      }
      if ((v = opt_value(cmd, s, "--trace-children", &i, argc, argv))) {
         if (strcmp(v, "yes") && strcmp(v, "no"))
            fe_usage_error(cmd, "--trace-children is yes or no, not '%s'", v);
         av_addf(&opts, "--trace-children=%s", v);
         continue;
      }
      if ((v = opt_value(cmd, s, "--record-cpu", &i, argc, argv))) {
         if (strcmp(v, "portable") && strcmp(v, "native"))
            fe_usage_error(cmd, "--record-cpu is portable or native, not "
                           "'%s'", v);
         cpu = v;
         continue;
      }
      if ((v = opt_value(cmd, s, "-o", &i, argc, argv))
          || (v = opt_value(cmd, s, "--output", &i, argc, argv))) {
         out = v;
         continue;
      }
      if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) { quiet = 1; continue; }
      if ((v = opt_value(cmd, s, "--valgrind-opt", &i, argc, argv))) {
         av_add(&opts, v);
         continue;
      }
      fe_usage_error(cmd, "unknown option %s", s);
   }
   if (i >= argc) fe_usage_error(cmd, "no program to record");
   const char* prog = argv[i];

   char* dir = out ? strdup(out) : new_trace_dir(prog);
   av_valgrind(&a);
   av_add(&a, "--tool=regrind");
   av_add(&a, "-q");
   av_addf(&a, "--record=%s", dir);
   if (cpu) av_addf(&a, "--record-cpu=%s", cpu);
   for (size_t k = 0; k < opts.n; k++) av_add(&a, opts.v[k]);
   for (; i < argc; i++) av_add(&a, argv[i]);
   if (!quiet) fprintf(stderr, "%s: recording to %s\n", progname, dir);
   int rc = run_wait(&a);
   if (fe_is_trace(dir)) {
      if (!out) point_latest(dir);
      if (!quiet)
         fprintf(stderr, "%s: recorded %s (exit status %d); replay it with "
                 "regrind replay%s%s\n", progname, dir, rc,
                 out ? " " : "", out ? out : "");
   } else {
      fprintf(stderr, "%s: the recording made no trace in %s\n", progname,
              dir);
      if (!out) rmdir(dir);
      if (rc == 0) rc = 1;
   }
   free(dir);
   return rc;
}

/*------------------------------------------------------------*/
/*--- regrind replay                                       ---*/
/*------------------------------------------------------------*/

/* Is the tool regrind-X there?  Ask valgrind to start it. */
static int tool_installed(const char* tool)
{
   Argv a = { 0 };
   av_valgrind(&a);
   av_addf(&a, "--tool=%s", tool);
   av_add(&a, "--help");
   fflush(stdout);
   pid_t pid = fork();
   if (pid < 0) die("cannot fork: %s", strerror(errno));
   if (pid == 0) {
      int fd = open("/dev/null", O_WRONLY);
      if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); }
      execvp(a.v[0], a.v);
      _exit(127);
   }
   int st;
   while (waitpid(pid, &st, 0) < 0)
      if (errno != EINTR) return 0;
   return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* PROG as valgrind finds it: a path, or the first executable of that
   name in PATH; malloc'ed, or NULL. */
static char* find_program(const char* prog)
{
   if (strchr(prog, '/')) return access(prog, F_OK) == 0 ? strdup(prog) : NULL;
   const char* path = getenv("PATH");
   char* copy = strdup(path && *path ? path : "/usr/bin:/bin");
   char* found = NULL;
   for (char* d = strtok(copy, ":"); d && !found; d = strtok(NULL, ":")) {
      char* p = xmalloc(strlen(d) + strlen(prog) + 2);
      sprintf(p, "%s/%s", *d ? d : ".", prog);
      if (access(p, X_OK) == 0) found = p;
      else free(p);
   }
   free(copy);
   return found;
}

/* The program to run: as recorded when it still is the recorded file
   (the tool checks that again), else a packed copy. */
static char* program_to_run(const char* dir, const Proc* p, int quiet)
{
   Trace t;
   Rec r;
   tr_open(&t, dir, RG_TRACE_FILE);
   if (!tr_next(&t, &r) || r.kind != RG_REC_INIT)
      die("trace %s is damaged: it does not start with the initial image",
          dir);
   Init in;
   get_init(r.body, &in);
   /* The executable among the startup files (the other is the
      dynamic linker): the one the path names now, else the one of the
      same name, else the first. */
   FileId f;
   memset(&f, 0, sizeof f);
   char* where = find_program(p->exe);
   char* real = where ? realpath(where, NULL) : NULL;
   const char* base = strrchr(p->exe, '/');
   base = base ? base + 1 : p->exe;
   int best = -1;
   Cur c = in.files;
   for (uint64_t i = 0; i < in.nfiles; i++) {
      FileId g;
      get_file(&c, &g);
      const u8* gb = g.path + g.path_len;
      while (gb > g.path && gb[-1] != '/') gb--;
      size_t gbl = (size_t)(g.path + g.path_len - gb);
      int score = real && strlen(real) == g.path_len
                     && !memcmp(real, g.path, g.path_len) ? 2
                  : gbl == strlen(base) && !memcmp(gb, base, gbl) ? 1 : 0;
      if (score > best) { best = score; f = g; }
   }
   free(real);
   char* run = strdup(p->exe);
   uint64_t h, sz;
   int ok = where && fe_hash_file(where, &h, &sz) && in.nfiles
            && h == f.hash && sz == f.size;
   if (!ok && in.nfiles) {
      char* packed = fe_packed_path(dir, f.hash, f.size);
      if (packed) {
         if (!quiet)
            fprintf(stderr, "%s: %s is %s: replaying the packed copy %s\n",
                    progname, p->exe, where ? "not the recorded file"
                    : "gone", packed);
         free(run);
         run = packed;
      } else if (!where) {
         char path[4096];
         snprintf(path, sizeof path, "%.*s", (int)f.path_len,
                  (const char*)f.path);
         die("the recorded program %s is gone (recorded as %s), and the "
             "trace does not hold a copy: regrind pack TRACE keeps one",
             p->exe, path);
      }
      /* Changed: the tool says how, and whether it can go on. */
   }
   free(where);
   tr_close(&t);
   return run;
}

int fe_replay(int argc, char** argv)
{
   const char* cmd = "replay";
   if (fe_want_help(cmd, argc, argv)) return 0;
   const char* trace = NULL;
   const char* tool = NULL;
   const char* pid_s = NULL;
   int gdb = 0, quiet = 0, i;
   Argv extra = { 0 }, gdbargs = { 0 };
   for (i = 1; i < argc; i++) {
      const char* s = argv[i];
      const char* v;
      if (!strcmp(s, "--")) {               /* the rest is gdb's (-g) */
         for (i++; i < argc; i++) av_add(&gdbargs, argv[i]);
         break;
      }
      if (s[0] != '-' || !s[1]) {
         if (trace) fe_usage_error(cmd, "more than one trace given "
                                   "('%s' and '%s')", trace, s);
         trace = s;
         continue;
      }
      if (!strcmp(s, "-g") || !strcmp(s, "--gdb")) {
         gdb = 1;
         if (i + 1 < argc && is_number(argv[i + 1]))
            fe_usage_error(cmd, "-g EVENT (stopping at an event) is not "
                           "implemented yet; -g alone stops at the start");
         continue;
      }
      if ((v = opt_value(cmd, s, "--tool", &i, argc, argv))) {
         if (!*v || strchr(v, '/') || strchr(v, ' '))
            fe_usage_error(cmd, "bad tool name '%s'", v);
         tool = v;
         continue;
      }
      if ((v = opt_value(cmd, s, "-p", &i, argc, argv))
          || (v = opt_value(cmd, s, "--pid", &i, argc, argv))) {
         if (!is_number(v))
            fe_usage_error(cmd, "-p needs a process id of the recording "
                           "(regrind ps lists them), not '%s'", v);
         pid_s = v;
         continue;
      }
      if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) { quiet = 1; continue; }
      if ((v = opt_value(cmd, s, "--valgrind-opt", &i, argc, argv))) {
         av_add(&extra, v);
         continue;
      }
      fe_usage_error(cmd, "unknown option %s", s);
   }
   if (gdbargs.n && !gdb)
      fe_usage_error(cmd, "arguments after -- are for gdb: give -g");
   if (gdb && tool)
      fe_usage_error(cmd, "-g and --tool cannot be used together yet");
   if (pid_s && tool)
      fe_usage_error(cmd, "-p and --tool cannot be used together yet (-p "
                     "is an option of the regrind tool)");

   char* dir = fe_resolve(trace);
   TraceInfo ti;
   fe_trace_info(dir, &ti);
   if (!ti.nprocs || strcmp(ti.procs[0].name, RG_TRACE_FILE) != 0
       || ti.procs[0].error || !ti.procs[0].argv)
      die("%s", ti.nprocs && ti.procs[0].error ? ti.procs[0].error
          : "the trace has no readable initial image");
   const Proc* main = &ti.procs[0];
   if (pid_s) {
      uint64_t pid = strtoull(pid_s, NULL, 10);
      if (!fe_find_pid(&ti, pid)) {
         Str b = { 0 };
         sb_reset(&b);
         for (size_t k = 0; k < ti.nprocs; k++)
            if (!strstr(ti.procs[k].name, ".exec"))
               sb_printf(&b, " %" PRIu64, ti.procs[k].pid);
         die("trace %s has no process %s (its processes:%s)", dir, pid_s,
             b.s);
      }
   }
   if (tool) {
      char full[256];
      snprintf(full, sizeof full, "regrind-%s", tool);
      if (!tool_installed(full))
         die("the analysis tool %s is not installed (valgrind "
             "--tool=%s does not start): --tool=%s needs it", full, full,
             tool);
   }
   /* The recorded command line, from the recorded working directory
      when it is still there (a relative PROG resolves as it did). */
   if (main->cwd && chdir(main->cwd) != 0 && !quiet)
      fprintf(stderr, "%s: note: the recorded working directory %s is "
              "gone; replaying from here\n", progname, main->cwd);
   char* run = program_to_run(dir, main, quiet);

   Argv a = { 0 };
   av_valgrind(&a);
   if (tool) av_addf(&a, "--tool=regrind-%s", tool);
   else      av_add(&a, "--tool=regrind");
   av_add(&a, "-q");
   av_addf(&a, "--replay=%s", dir);
   if (pid_s) av_addf(&a, "--replay-pid=%s", pid_s);
   if (!tool && !gdb && !quiet && isatty(2)) av_add(&a, "--replay-progress=yes");
   char prefix[64];
   if (gdb) {
      const char* tmp = getenv("TMPDIR");
      snprintf(prefix, sizeof prefix, "%s/regrind-vgdb-%d",
               tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp", (int)getpid());
      av_add(&a, "--vgdb=yes");
      av_add(&a, "--vgdb-error=0");
      av_addf(&a, "--vgdb-prefix=%s", prefix);
   }
   for (size_t k = 0; k < extra.n; k++) av_add(&a, extra.v[k]);
   av_add(&a, run);
   for (uint64_t k = 1; k < main->argc; k++) av_add(&a, main->argv[k]);
   if (!quiet) {
      char* cl = fe_cmdline(main, 200);
      fprintf(stderr, "%s: replaying %s: %s\n", progname, dir, cl);
      free(cl);
   }
   if (!gdb) run_exec(&a);

   /* -g: the replay waits for gdb at its start; gdb talks to it
      through vgdb. */
   fflush(stdout);
   pid_t vg = fork();
   if (vg < 0) die("cannot fork: %s", strerror(errno));
   if (vg == 0) {
      execvp(a.v[0], a.v);
      _exit(127);
   }
   char cmdbuf[256];
   snprintf(cmdbuf, sizeof cmdbuf, "target remote | vgdb --wait=60 "
            "--pid=%d --vgdb-prefix=%s", (int)vg, prefix);
   Argv g = { 0 };
   const char* gdbs = getenv("REGRIND_GDB");    /* words, as the launcher */
   char* gw = strdup(gdbs && *gdbs ? gdbs : "gdb");
   for (char* w = strtok(gw, " \t"); w; w = strtok(NULL, " \t")) av_add(&g, w);
   free(gw);
   av_add(&g, "-q");
   av_add(&g, "-ex");
   av_add(&g, cmdbuf);
   for (size_t k = 0; k < gdbargs.n; k++) av_add(&g, gdbargs.v[k]);
   av_add(&g, run);
   signal(SIGINT, SIG_IGN);
   run_wait(&g);
   /* gdb detached (quit): the replay goes on to its end. */
   int st;
   while (waitpid(vg, &st, 0) < 0)
      if (errno != EINTR) die("waitpid: %s", strerror(errno));
   return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

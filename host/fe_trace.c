/*--------------------------------------------------------------------*/
/*--- regrind front end: trace roots, names and processes.        ---*/
/*---                                                  fe_trace.c ---*/
/*--------------------------------------------------------------------*/

#ifdef HAVE_CONFIG_H
#include "rg_config.h"
#endif

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include "fe.h"

/*------------------------------------------------------------*/
/*--- Roots and names                                      ---*/
/*------------------------------------------------------------*/

/* As the tool's trace_root() (rg_main.c): REGRIND_TRACE_DIR, else
   ~/.local/share/regrind. */
char* fe_root(int create)
{
   const char* env = getenv("REGRIND_TRACE_DIR");
   char* root;
   if (env && *env) {
      root = strdup(env);
   } else {
      const char* home = getenv("HOME");
      if (!home || !*home)
         die("neither REGRIND_TRACE_DIR nor HOME is set; give the trace "
             "directory");
      root = xmalloc(strlen(home) + 32);
      sprintf(root, "%s/.local/share/regrind", home);
   }
   if (create) {
      for (char* p = root + 1; ; p++) {
         if (*p == '/' || *p == 0) {
            char c = *p;
            *p = 0;
            if (mkdir(root, 0700) != 0 && errno != EEXIST)
               die("cannot create the trace root %s: %s", root,
                   strerror(errno));
            *p = c;
            if (!c) break;
         }
      }
   }
   return root;
}

int fe_is_trace(const char* dir)
{
   return file_trace_id(dir, RG_TRACE_FILE) != 0;
}

/* A directory as given; else a trace name in the root; no argument:
   the root's latest-trace. */
char* fe_resolve(const char* arg)
{
   struct stat st;
   char* root = NULL;
   char* path;
   if (!arg) {
      root = fe_root(0);
      path = xmalloc(strlen(root) + 16);
      sprintf(path, "%s/latest-trace", root);
      if (stat(path, &st) != 0)
         die("no trace: %s does not exist (record one with regrind record, "
             "or name a trace)", path);
   } else if (stat(arg, &st) == 0 || strchr(arg, '/')) {
      path = strdup(arg);
   } else {
      root = fe_root(0);
      path = xmalloc(strlen(root) + strlen(arg) + 2);
      sprintf(path, "%s/%s", root, arg);
      if (stat(path, &st) != 0)
         die("trace %s does not exist (neither a directory nor a trace "
             "in %s; regrind ls lists them)", arg, root);
   }
   free(root);
   char* real = realpath(path, NULL);
   if (!real) {
      if (errno == ENOENT || errno == ENOTDIR)
         die("trace %s does not exist", path);
      die("cannot access trace %s: %s", path, strerror(errno));
   }
   if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode))
      die("trace %s is not a directory (a trace is a directory made by "
          "regrind record)", path);
   if (!fe_is_trace(real))
      die("%s is not a regrind trace (no %s file with a trace header)",
          path, RG_TRACE_FILE);
   free(path);
   return real;
}

/*------------------------------------------------------------*/
/*--- The files of a trace                                 ---*/
/*------------------------------------------------------------*/

/* events, events-PID, each followed by any number of ".exec" (as
   RG_(is_trace_file_name) in rg_exec.c). */
static int is_trace_file_name(const char* s)
{
   size_t n = strlen(RG_TRACE_FILE);
   if (strncmp(s, RG_TRACE_FILE, n) != 0) return 0;
   s += n;
   if (*s == '-') {
      s++;
      if (*s < '0' || *s > '9') return 0;
      while (*s >= '0' && *s <= '9') s++;
   }
   while (strncmp(s, ".exec", 5) == 0) s += 5;
   return *s == 0;
}

static int cmp_name(const void* a, const void* b)
{
   const char* x = *(const char* const*)a;
   const char* y = *(const char* const*)b;
   /* events before events-PID; then by pid numerically, execs after. */
   size_t lx = strcspn(x, "."), ly = strcspn(y, ".");
   if (lx != ly) return lx < ly ? -1 : 1;
   return strcmp(x, y);
}

size_t fe_each_file(const char* dir, void (*fn)(const char*, const char*,
                                                void*), void* arg)
{
   uint64_t id = file_trace_id(dir, RG_TRACE_FILE);
   DIR* d = opendir(dir);
   if (!d || !id) {
      if (d) closedir(d);
      return 0;
   }
   char** names = NULL;
   size_t n = 0, cap = 0;
   struct dirent* e;
   while ((e = readdir(d)) != NULL) {
      if (!is_trace_file_name(e->d_name)) continue;
      if (strlen(e->d_name) >= sizeof ((Proc*)0)->name) continue;
      if (file_trace_id(dir, e->d_name) != id) continue;   /* stale */
      if (n == cap) {
         cap = cap ? 2 * cap : 16;
         names = xrealloc(names, cap * sizeof *names);
      }
      names[n++] = strdup(e->d_name);
   }
   closedir(d);
   qsort(names, n, sizeof *names, cmp_name);
   for (size_t i = 0; i < n; i++) {
      fn(dir, names[i], arg);
      free(names[i]);
   }
   free(names);
   return n;
}

static char* dup_bytes(const u8* p, size_t n)
{
   char* s = xmalloc(n + 1);
   memcpy(s, p, n);
   s[n] = 0;
   return s;
}

/* Read one file: its first record (INIT or FORK), its events, its END. */
static void read_proc(const char* dir, const char* name, Proc* p)
{
   memset(p, 0, sizeof *p);
   snprintf(p->name, sizeof p->name, "%s", name);
   Trace t;
   Rec r;
   jmp_buf jb;
   jmp_buf* saved = die_jmp;
   memset(&t, 0, sizeof t);
   t.fd = -1;
   if (setjmp(jb)) {
      p->error = strdup(die_msg);
      die_jmp = saved;
      tr_close(&t);
      return;
   }
   die_jmp = &jb;
   tr_open(&t, dir, p->name);
   int first = 1;
   while (tr_next(&t, &r)) {
      if (first && r.kind == RG_REC_INIT) {
         Init in;
         get_init(r.body, &in);
         p->pid = in.pid;
         p->ppid = in.ppid;
         p->start_ns = in.start_ns;
         p->exe = dup_bytes(in.exe, in.exe_len);
         p->cwd = dup_bytes(in.cwd, in.cwd_len);
         p->argc = in.argc;
         p->argv = xmalloc((in.argc + 1) * sizeof *p->argv);
         Cur c = in.argv;
         for (uint64_t i = 0; i < in.argc; i++) {
            size_t n;
            const u8* s = cur_b(&c, &n);
            p->argv[i] = dup_bytes(s, n);
         }
         p->argv[in.argc] = NULL;
      } else if (first && r.kind == RG_REC_FORK) {
         Fork f;
         get_fork(r.body, &f);
         p->forked = 1;
         p->pid = f.pid;
         p->ppid = f.ppid;
         p->parent_event = f.parent_event;
      } else if (first) {
         die("trace %s is damaged: %s does not start with INIT or FORK",
             dir, name);
      }
      first = 0;
      if (r.kind == RG_REC_END) {
         get_end(r.body, &p->end);
         p->have_end = 1;
      }
   }
   if (first)
      die("trace %s: %s holds no complete chunk (the recording was cut "
          "off before anything was saved)", dir, name);
   p->events = t.nevents;
   die_jmp = saved;
   tr_close(&t);
}

/* Is event EVNO of file NAME a syscall that returned PID (the fork)? */
static int forked_at(const char* dir, const char* name, uint64_t evno,
                     uint64_t pid)
{
   Trace t;
   Rec r;
   jmp_buf jb;
   jmp_buf* saved = die_jmp;
   int yes = 0;
   memset(&t, 0, sizeof t);
   t.fd = -1;
   if (setjmp(jb)) {
      die_jmp = saved;
      tr_close(&t);
      return 0;
   }
   die_jmp = &jb;
   tr_open(&t, dir, name);
   while (tr_next(&t, &r) && r.evno <= evno) {
      if (r.evno != evno) continue;
      if (r.kind == RG_REC_SYSCALL) {
         Sys s;
         get_sys(r.body, &s);
         yes = s.result == (int64_t)pid;
      }
      break;
   }
   die_jmp = saved;
   tr_close(&t);
   return yes;
}

/* Files are read in order (events-PID before events-PID.exec), so the
   parent's files are all there when its child's is read. */
static const Proc* forking_file(const char* dir, const TraceInfo* ti,
                                const Proc* kid)
{
   const Proc* first = NULL;
   for (size_t i = 0; i < ti->nprocs; i++) {
      const Proc* q = &ti->procs[i];
      if (q == kid || q->pid != kid->ppid || q->error) continue;
      if (!first) first = q;
      if (q->events >= kid->parent_event
          && forked_at(dir, q->name, kid->parent_event, kid->pid))
         return q;
   }
   return first;
}

typedef struct { TraceInfo* ti; size_t cap; } Collect;

static void collect(const char* dir, const char* name, void* arg)
{
   Collect* c = arg;
   TraceInfo* ti = c->ti;
   if (ti->nprocs == c->cap) {
      c->cap = c->cap ? 2 * c->cap : 8;
      ti->procs = xrealloc(ti->procs, c->cap * sizeof *ti->procs);
   }
   Proc* p = &ti->procs[ti->nprocs++];
   read_proc(dir, name, p);
   /* A forked child runs its parent's program until it execs: the one
      of the parent's files (it may have exec'd) whose event forked it. */
   if (p->forked && !p->error) {
      const Proc* par = forking_file(dir, ti, p);
      if (par && par->argv) {
         p->exe = strdup(par->exe);
         p->cwd = par->cwd ? strdup(par->cwd) : NULL;
         p->argc = par->argc;
         p->argv = xmalloc((par->argc + 1) * sizeof *p->argv);
         for (uint64_t i = 0; i <= par->argc; i++)
            p->argv[i] = par->argv[i] ? strdup(par->argv[i]) : NULL;
      }
   }
}

void fe_trace_info(const char* dir, TraceInfo* ti)
{
   memset(ti, 0, sizeof *ti);
   ti->dir = strdup(dir);
   Collect c = { ti, 0 };
   fe_each_file(dir, collect, &c);
   DIR* d = opendir(dir);
   struct dirent* e;
   while (d && (e = readdir(d)) != NULL) {
      struct stat st;
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
         ti->bytes += (uint64_t)st.st_size;
      if (strcmp(e->d_name, FE_PACKED_DIR) == 0) {
         DIR* pd = opendir(path);
         struct dirent* pe;
         while (pd && (pe = readdir(pd)) != NULL) {
            char pp[8192];
            snprintf(pp, sizeof pp, "%s/%s", path, pe->d_name);
            if (lstat(pp, &st) == 0 && S_ISREG(st.st_mode))
               ti->bytes += (uint64_t)st.st_size;
         }
         if (pd) closedir(pd);
      }
   }
   if (d) closedir(d);
}

void fe_trace_free(TraceInfo* ti)
{
   for (size_t i = 0; i < ti->nprocs; i++) {
      Proc* p = &ti->procs[i];
      for (uint64_t k = 0; p->argv && k < p->argc; k++) free(p->argv[k]);
      free(p->argv);
      free(p->exe);
      free(p->cwd);
      free(p->error);
   }
   free(ti->procs);
   free(ti->dir);
   memset(ti, 0, sizeof *ti);
}

/* The first file of a process (not the programs it exec'd into). */
const Proc* fe_find_pid(const TraceInfo* ti, uint64_t pid)
{
   for (size_t i = 0; i < ti->nprocs; i++)
      if (ti->procs[i].pid == pid && !strstr(ti->procs[i].name, ".exec"))
         return &ti->procs[i];
   return NULL;
}

void fe_status(Str* b, const Proc* p)
{
   char buf[32];
   if (p->error)          { sb_printf(b, "damaged"); return; }
   if (!p->have_end)      { sb_printf(b, "cut off"); return; }
   switch (p->end.reason) {
      case RG_END_EXIT:
         sb_printf(b, "exit %" PRIu64, p->end.code);
         break;
      case RG_END_SIGNAL:
         if (p->end.code)
            sb_printf(b, "%s", signal_name(p->end.code, buf, sizeof buf));
         else
            sb_printf(b, "killed");
         break;
      case RG_END_EXEC:
         sb_printf(b, p->end.code ? "exec" : "exec (not followed)");
         break;
      default:
         sb_printf(b, "refused");
   }
}

/* The command line, shell-like, at most max bytes (then "..."). */
char* fe_cmdline(const Proc* p, size_t max)
{
   Str b = { 0 };
   sb_reset(&b);
   if (!p->argv) {
      sb_printf(&b, "?");
      return b.s;
   }
   for (uint64_t i = 0; i < p->argc; i++) {
      if (i) sb_putc(&b, ' ');
      sb_esc(&b, (const u8*)p->argv[i], strlen(p->argv[i]), 0);
      if (b.len > max) {
         b.len = max > 3 ? max - 3 : 0;
         b.s[b.len] = 0;
         sb_printf(&b, "...");
         break;
      }
   }
   return b.s;
}

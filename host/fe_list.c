/*--------------------------------------------------------------------*/
/*--- regrind front end: ls, ps, rm.                     fe_list.c ---*/
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
#include <time.h>
#include <unistd.h>

#include "fe.h"

static void human_size(char* buf, size_t n, uint64_t b)
{
   if (b < 10 * 1024)                    snprintf(buf, n, "%" PRIu64, b);
   else if (b < 10 * 1024 * 1024)        snprintf(buf, n, "%" PRIu64 "K", b >> 10);
   else if (b < 10ull * 1024 * 1024 * 1024) snprintf(buf, n, "%" PRIu64 "M", b >> 20);
   else                                  snprintf(buf, n, "%" PRIu64 "G", b >> 30);
}

/*------------------------------------------------------------*/
/*--- regrind ls                                           ---*/
/*------------------------------------------------------------*/

typedef struct { char* name; time_t mtime; } Entry;

static int cmp_entry(const void* a, const void* b)
{
   const Entry* x = a;
   const Entry* y = b;
   if (x->mtime != y->mtime) return x->mtime < y->mtime ? -1 : 1;
   return strcmp(x->name, y->name);
}

int fe_ls(int argc, char** argv)
{
   const char* cmd = "ls";
   if (fe_want_help(cmd, argc, argv)) return 0;
   const char* root_arg = NULL;
   for (int i = 1; i < argc; i++) {
      if (argv[i][0] == '-') fe_usage_error(cmd, "unknown option %s", argv[i]);
      if (root_arg) fe_usage_error(cmd, "one trace root at most");
      root_arg = argv[i];
   }
   char* root = root_arg ? strdup(root_arg) : fe_root(0);
   DIR* d = opendir(root);
   if (!d) {
      if (errno == ENOENT && !root_arg) {
         printf("no traces (%s does not exist yet)\n", root);
         free(root);
         return 0;
      }
      die("cannot list the trace root %s: %s", root, strerror(errno));
   }
   char latest[4096] = "";
   char lpath[4096];
   snprintf(lpath, sizeof lpath, "%s/latest-trace", root);
   ssize_t ll = readlink(lpath, latest, sizeof latest - 1);
   latest[ll > 0 ? ll : 0] = 0;

   Entry* es = NULL;
   size_t n = 0, cap = 0;
   struct dirent* e;
   while ((e = readdir(d)) != NULL) {
      if (e->d_name[0] == '.' || !strcmp(e->d_name, "latest-trace")) continue;
      char path[4096];
      struct stat st;
      snprintf(path, sizeof path, "%s/%s", root, e->d_name);
      if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
      if (!fe_is_trace(path)) continue;
      if (n == cap) {
         cap = cap ? 2 * cap : 32;
         es = xrealloc(es, cap * sizeof *es);
      }
      es[n].name = strdup(e->d_name);
      es[n].mtime = st.st_mtime;
      n++;
   }
   closedir(d);
   if (!n) {
      printf("no traces in %s\n", root);
      free(root);
      return 0;
   }
   qsort(es, n, sizeof *es, cmp_entry);
   printf("%-24s %-19s %5s %9s %7s  %-9s %s\n", "TRACE", "RECORDED",
          "PROCS", "EVENTS", "SIZE", "STATUS", "COMMAND");
   for (size_t i = 0; i < n; i++) {
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", root, es[i].name);
      TraceInfo ti;
      fe_trace_info(path, &ti);
      uint64_t events = 0;
      int cut = 0, damaged = 0;
      for (size_t k = 0; k < ti.nprocs; k++) {
         events += ti.procs[k].events;
         if (ti.procs[k].error) damaged = 1;
         else if (!ti.procs[k].have_end) cut = 1;
      }
      const Proc* m = ti.nprocs ? &ti.procs[0] : NULL;
      char date[32] = "?";
      if (m && m->start_ns) {
         time_t tt = (time_t)(m->start_ns / 1000000000u);
         struct tm tm;
         if (localtime_r(&tt, &tm))
            strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
      }
      char size[32];
      human_size(size, sizeof size, ti.bytes);
      char* cl = m ? fe_cmdline(m, 60) : strdup("?");
      Str name = { 0 };
      sb_reset(&name);
      sb_esc(&name, (const u8*)es[i].name, strlen(es[i].name), 0);
      if (!strcmp(es[i].name, latest)) sb_printf(&name, " *");
      printf("%-24s %-19s %5zu %9" PRIu64 " %7s  %-9s %s\n", name.s, date,
             ti.nprocs, events, size,
             damaged ? "damaged" : cut ? "cut off" : "complete", cl);
      sb_free(&name);
      free(cl);
      fe_trace_free(&ti);
      free(es[i].name);
   }
   free(es);
   free(root);
   out_flush();
   return 0;
}

/*------------------------------------------------------------*/
/*--- regrind ps                                           ---*/
/*------------------------------------------------------------*/

int fe_ps(int argc, char** argv)
{
   const char* cmd = "ps";
   if (fe_want_help(cmd, argc, argv)) return 0;
   const char* trace = NULL;
   for (int i = 1; i < argc; i++) {
      if (argv[i][0] == '-') fe_usage_error(cmd, "unknown option %s", argv[i]);
      if (trace) fe_usage_error(cmd, "one trace at most");
      trace = argv[i];
   }
   char* dir = fe_resolve(trace);
   TraceInfo ti;
   fe_trace_info(dir, &ti);
   int w = 20;                           /* FILE: long exec chains */
   for (size_t k = 0; k < ti.nprocs; k++)
      if ((int)strlen(ti.procs[k].name) > w) w = (int)strlen(ti.procs[k].name);
   printf("%-8s %-8s %-*s %-22s %9s  %s\n", "PID", "PPID", w, "FILE", "EXIT",
          "EVENTS", "COMMAND");
   int bad = 0;
   for (size_t k = 0; k < ti.nprocs; k++) {
      const Proc* p = &ti.procs[k];
      Str st = { 0 };
      sb_reset(&st);
      fe_status(&st, p);
      char* cl = fe_cmdline(p, 100);
      printf("%-8" PRIu64 " %-8" PRIu64 " %-*s %-22s %9" PRIu64 "  %s%s\n",
             p->pid, p->ppid, w, p->name, st.s, p->events,
             p->forked ? "(fork) " : "", cl);
      if (p->error) {
         printf("         %s\n", p->error);
         bad = 1;
      }
      free(cl);
      sb_free(&st);
   }
   fe_trace_free(&ti);
   free(dir);
   out_flush();
   return bad ? 2 : 0;
}

/*------------------------------------------------------------*/
/*--- regrind rm                                           ---*/
/*------------------------------------------------------------*/

static int rm_tree(const char* path)
{
   struct stat st;
   if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
   if (S_ISDIR(st.st_mode)) {
      DIR* d = opendir(path);
      if (!d) return -1;
      struct dirent* e;
      int rc = 0;
      while ((e = readdir(d)) != NULL) {
         if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
         char* p = xmalloc(strlen(path) + strlen(e->d_name) + 2);
         sprintf(p, "%s/%s", path, e->d_name);
         if (rm_tree(p) != 0) rc = -1;
         free(p);
      }
      closedir(d);
      if (rc == 0 && rmdir(path) != 0) rc = -1;
      return rc;
   }
   return unlink(path);
}

int fe_rm(int argc, char** argv)
{
   const char* cmd = "rm";
   if (fe_want_help(cmd, argc, argv)) return 0;
   int n = 0, rc = 0;
   for (int i = 1; i < argc; i++) {
      if (argv[i][0] == '-') fe_usage_error(cmd, "unknown option %s", argv[i]);
      n++;
   }
   if (!n) fe_usage_error(cmd, "no trace given (regrind ls lists them)");
   char* root = fe_root(0);
   char link[4096], target[4096];
   snprintf(link, sizeof link, "%s/latest-trace", root);
   char* latest = realpath(link, NULL);
   for (int i = 1; i < argc; i++) {
      /* Refuses anything that is not a trace (fe_resolve dies). */
      char* dir = fe_resolve(argv[i]);
      if (rm_tree(dir) != 0) {
         fprintf(stderr, "%s: cannot remove all of %s: %s\n", progname, dir,
                 strerror(errno));
         rc = 1;
      } else {
         printf("removed %s\n", dir);
      }
      if (latest && !strcmp(latest, dir)) {
         ssize_t l = readlink(link, target, sizeof target - 1);
         if (l > 0) unlink(link);
      }
      free(dir);
   }
   free(latest);
   free(root);
   out_flush();
   return rc;
}

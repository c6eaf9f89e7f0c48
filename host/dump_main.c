/*--------------------------------------------------------------------*/
/*--- regrind-dump: options and modes                             ---*/
/*---                                                 dump_main.c ---*/
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
#include "dump.h"

int  verbose;
char trace_file[64] = RG_TRACE_FILE;

size_t dump_children(const char* dir, uint64_t** pids)
{
   *pids = NULL;
   if (strcmp(trace_file, RG_TRACE_FILE) != 0) return 0;
   return list_children(dir, pids);
}

/*------------------------------------------------------------*/
/*--- Options and modes                                   ---*/
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

int dump_main(int argc, char** argv)
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


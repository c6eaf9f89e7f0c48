/*--------------------------------------------------------------------*/
/*--- regrind: the front end.                           regrind.c ---*/
/*--------------------------------------------------------------------*/

/*
   regrind COMMAND [ARGS]: record and replay without typing Valgrind
   options, list and inspect traces.  Commands are a table: name, the
   function, the usage line and the help text (`regrind help CMD`,
   `regrind CMD --help`; docs/regrind.1 says the same).  Errors are
   "regrind: ..." with exit status 2 for bad usage or an unreadable
   trace; record and replay exit with the program's status.
*/

#ifdef HAVE_CONFIG_H
#include "rg_config.h"
#endif

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fe.h"
#include "dump.h"

const char* progname = "regrind";

static int fe_dump(int argc, char** argv)
{
   if (fe_want_help("dump", argc, argv)) return 0;
   /* The trace may be a name in the root or nothing (the latest); the
      rest is regrind-dump's. */
   int ntraces = 0, diff = 0;
   for (int i = 1; i < argc; i++) {
      if (!strcmp(argv[i], "--diff")) diff = 1;
      else if (!strcmp(argv[i], "--pid")) i++;
      else if (argv[i][0] != '-') ntraces++;
   }
   char** av = xmalloc((argc + 2) * sizeof *av);
   int n = 0;
   av[n++] = "regrind dump";
   for (int i = 1; i < argc; i++) {
      const char* a = argv[i];
      if (a[0] != '-' && (i == 1 || strcmp(argv[i - 1], "--pid")))
         a = fe_resolve(a);
      av[n++] = (char*)a;
   }
   if (!ntraces && !diff) av[n++] = fe_resolve(NULL);
   av[n] = NULL;
   return dump_main(n, av);
}

static const struct {
   const char* name;
   int (*fn)(int, char**);
   const char* usage;
   const char* help;
} commands[] = {
   { "record", fe_record,
     "regrind record [-o TRACE] [--chaos] [--chaos-seed=N]\n"
     "               [--trace-children=yes|no] [--record-cpu=portable|native]\n"
     "               [--valgrind-opt=OPT] [-q] PROG ARGS...",
     "Record one run of PROG ARGS with valgrind --tool=regrind.  The trace\n"
     "goes to TRACE (-o), else to a new PROG-N in the trace root\n"
     "($REGRIND_TRACE_DIR, default ~/.local/share/regrind), and latest-trace\n"
     "points at it.  Exits with the program's status.\n"
     "\n"
     "  -o, --output=TRACE       the trace directory\n"
     "  --chaos                  perturb the thread schedule (--chaos=yes)\n"
     "  --chaos-seed=N           ... with this seed\n"
     "  --trace-children=no      do not follow execve (followed by default)\n"
     "  --record-cpu=portable    show the program only the CPUID features\n"
     "                           every amd64 CPU has, so that the trace\n"
     "                           replays on any of them (default: native)\n"
     "  --valgrind-opt=OPT       pass OPT to valgrind (--record-chunk-kb=1)\n"
     "  -q, --quiet              no regrind: lines about the trace\n" },
   { "replay", fe_replay,
     "regrind replay [-g] [--tool=TOOL] [-p PID] [-q] [TRACE] [-- GDB-ARGS]",
     "Replay TRACE (a directory, a name that regrind ls shows, or by\n"
     "default the latest) with the recorded command line, from the\n"
     "recorded working directory.  Files the trace packed (regrind pack)\n"
     "are used when the originals are gone or changed.  The replay refuses\n"
     "up front when this CPU lacks a feature the recorded program saw in\n"
     "CPUID (record with --record-cpu=portable for traces that replay on\n"
     "any amd64 CPU).\n"
     "\n"
     "  -g, --gdb            start gdb attached to the replay, stopped at\n"
     "                       its first instruction (through vgdb); quitting\n"
     "                       gdb lets the replay run on to its end.\n"
     "                       GDB-ARGS go to gdb after its target command;\n"
     "                       REGRIND_GDB is the gdb command [gdb]\n"
     "  --tool=TOOL          run the analysis tool regrind-TOOL on the\n"
     "                       replay (valgrind --tool=regrind-TOOL)\n"
     "  -p, --pid=PID        show the output of process PID of a\n"
     "                       multi-process recording only (the others\n"
     "                       replay silently, as they must to reach it)\n"
     "  --valgrind-opt=OPT   pass OPT to valgrind\n"
     "  -q, --quiet          no regrind: lines about the replay\n" },
   { "ls", fe_ls,
     "regrind ls [ROOT]",
     "List the traces of the trace root (or ROOT), oldest first: when\n"
     "recorded, processes, events, size, whether complete or cut off, and\n"
     "the command.  The latest is marked with *.\n" },
   { "ps", fe_ps,
     "regrind ps [TRACE]",
     "List the processes of a trace: each forked child and each program\n"
     "an execve started, with its parent, file, exit status and events.\n" },
   { "rm", fe_rm,
     "regrind rm TRACE...",
     "Remove traces (only directories that hold a regrind trace).\n" },
   { "dump", fe_dump,
     "regrind dump [-v] [--pid PID] [--xml | --stats] [TRACE]\n"
     "       regrind dump --diff TRACE1 TRACE2",
     "Show a trace as text, XML or statistics, or the first difference\n"
     "between two: regrind-dump (see regrind-dump --help).  TRACE may be a\n"
     "name in the trace root; default the latest.\n" },
   { "pack", fe_pack,
     "regrind pack [-q] [TRACE]",
     "Copy into TRACE/packed/ every file the recording executed or mapped\n"
     "(programs, libraries, data read through a mapping), checked against\n"
     "the recorded content, so that the trace replays where those files\n"
     "differ or are missing.  Exit status 1 when a file could not be\n"
     "packed (changed since the recording and not held by the trace).\n" },
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static int find_command(const char* name)
{
   for (size_t i = 0; i < N_COMMANDS; i++)
      if (!strcmp(commands[i].name, name)) return (int)i;
   return -1;
}

static void usage(FILE* f)
{
   fprintf(f, "usage: regrind COMMAND [ARGS]\n\ncommands:\n");
   for (size_t i = 0; i < N_COMMANDS; i++)
      fprintf(f, "  %s\n", commands[i].usage);
   fprintf(f, "\n`regrind help COMMAND` or `regrind COMMAND --help` says more;\n"
              "man regrind.  Environment: REGRIND_TRACE_DIR (the trace root),\n"
              "REGRIND_LAUNCHER (the valgrind launcher, default valgrind).\n");
}

void fe_usage_error(const char* cmd, const char* fmt, ...)
{
   va_list ap;
   fflush(stdout);
   fprintf(stderr, "%s: %s%s", progname, cmd ? cmd : "", cmd ? ": " : "");
   va_start(ap, fmt);
   vfprintf(stderr, fmt, ap);
   va_end(ap);
   int i = cmd ? find_command(cmd) : -1;
   if (i >= 0)
      fprintf(stderr, "\nusage: %s\n", commands[i].usage);
   else
      fprintf(stderr, "\n(regrind --help lists the commands)\n");
   exit(2);
}

static void command_help(int i)
{
   printf("usage: %s\n\n%s", commands[i].usage, commands[i].help);
   out_flush();
}

/* Before its options (record's PROG ARGS may hold --help of their own). */
int fe_want_help(const char* cmd, int argc, char** argv)
{
   for (int i = 1; i < argc; i++) {
      if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
         command_help(find_command(cmd));
         return 1;
      }
      if (!strcmp(cmd, "record") && argv[i][0] != '-') break;
      if (!strcmp(argv[i], "--")) break;
   }
   return 0;
}

void fe_progress(const char* what, uint64_t n, uint64_t total)
{
   static int shown;
   if (!isatty(2)) return;
   if (total == 0) {
      if (shown) fprintf(stderr, "\r\033[K");
      shown = 0;
      return;
   }
   fprintf(stderr, "\r%s %llu/%llu", what, (unsigned long long)n,
           (unsigned long long)total);
   shown = 1;
}

int main(int argc, char** argv)
{
   if (argc < 2) {
      usage(stderr);
      return 2;
   }
   const char* c = argv[1];
   if (!strcmp(c, "--help") || !strcmp(c, "-h")) {
      usage(stdout);
      out_flush();
      return 0;
   }
   if (!strcmp(c, "--version")) {
      printf("regrind %s (trace format %d)\n", DUMP_VERSION,
             RG_FORMAT_VERSION);
      out_flush();
      return 0;
   }
   if (!strcmp(c, "help")) {
      if (argc < 3) { usage(stdout); out_flush(); return 0; }
      int i = find_command(argv[2]);
      if (i < 0) fe_usage_error(NULL, "no command '%s'", argv[2]);
      command_help(i);
      return 0;
   }
   if (!strcmp(c, "--commands")) {          /* for bash completion */
      for (size_t i = 0; i < N_COMMANDS; i++) printf("%s\n", commands[i].name);
      out_flush();
      return 0;
   }
   int i = find_command(c);
   if (i < 0) fe_usage_error(NULL, "no command '%s'", c);
   return commands[i].fn(argc - 1, argv + 1);
}

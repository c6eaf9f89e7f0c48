/*--------------------------------------------------------------------*/
/*--- regrind: progress of a long replay on a terminal.           ---*/
/*---                                               rg_progress.c ---*/
/*--------------------------------------------------------------------*/

/* --replay-progress=yes (`regrind replay` gives it when its stderr is
   a terminal): once a replay has run for a second
   (--replay-progress-after-ms, for tests), a line
      regrind: replaying event N of M (P%)
   is kept up to date on stderr, at most four times a second, and only
   while the program itself is silent: it is wiped before the program's
   output is echoed and before any regrind: message, so that it never
   mixes with them.  Only the process replaying the main file (and the
   programs it execve's into) shows it, not forked children. */

#include "pub_tool_basics.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcproc.h"
#include "rg_include.h"

static ULong total;
static Int   owner = -1;          /* the pid that shows it */
static UInt  start_ms, last_ms;
static Bool  shown;

void RG_(progress_init)(ULong nevents)
{
   if (!RG_(clo_progress) || VG_(strchr)(RG_(cur_file), '-')) return;
   total = nevents;
   owner = VG_(getpid)();
   start_ms = VG_(read_millisecond_timer)();
   last_ms = start_ms - 250;
}

void RG_(progress_event)(ULong evno)
{
   if (owner < 0 || (evno & 255) != 0) return;
   UInt now = VG_(read_millisecond_timer)();
   if (now - start_ms < (UInt)RG_(clo_progress_after_ms)
       || now - last_ms < 250) return;
   if (VG_(getpid)() != owner) { owner = -1; return; }   /* a child */
   last_ms = now;
   HChar line[128];
   Int n = VG_(snprintf)(line, sizeof line, "\rregrind: replaying event "
                         "%llu of %llu (%llu%%)\033[K", evno, total,
                         total ? evno * 100 / total : 0);
   RG_(errwrite)(line, n);
   shown = True;
}

void RG_(progress_clear)(void)
{
   if (!shown) return;
   shown = False;
   RG_(errwrite)("\r\033[K", 4);
}

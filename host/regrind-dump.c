/*--------------------------------------------------------------------*/
/*--- regrind-dump: show, summarise and compare regrind traces.   ---*/
/*---                                               regrind-dump.c ---*/
/*--------------------------------------------------------------------*/

/*
   An ordinary host program (libc, zlib, libxml2) over the host
   library (rg_host.h), which reads the trace format specified in
   regrind/rg_format.h one chunk at a time, with the same damage checks
   as the tool's reader (rg_trace_read.c) and the same words in its
   messages, so that a trace the tool refuses is refused here too, and
   for the same reason.

     regrind-dump [-v] TRACE           one line per record   dump_text.c
     regrind-dump --xml [-v] TRACE     an XML document       dump_xml.c
                                       (docs/regrind-dump.rng)
     regrind-dump --stats TRACE        counts, sizes, compression,
                                       threads               dump_stats.c
     regrind-dump --diff TRACE1 TRACE2 the first event that
                                       differs               dump_diff.c
     --pid PID                         read TRACE/events-PID (a forked
                                       child's recording), not TRACE/events

   Options are parsed in dump_main.c, which `regrind dump` shares.
   Exit status: 0 done (a trace that was cut off is still dumped),
   1 --diff found a difference, 2 error (usage, unreadable or damaged
   trace).  Everything read from the trace is bounds-checked; memory
   is bounded by the largest chunk.
*/

#include "dump.h"

const char* progname = "regrind-dump";

int main(int argc, char** argv)
{
   return dump_main(argc, argv);
}

/*--------------------------------------------------------------------*/
/*--- regrind-dump: what its views share.                  dump.h ---*/
/*--------------------------------------------------------------------*/

/* The views of regrind-dump, one file each (dump_text.c, dump_xml.c,
   dump_stats.c, dump_diff.c), over the host library (rg_host.h);
   dump_main.c parses the options.  `regrind dump` is the same code. */

#ifndef __RG_DUMP_H
#define __RG_DUMP_H

#include "rg_host.h"

/* How many identical events --diff shows before the first difference. */
#define DIFF_CONTEXT 3

/* -v: bytes of each region (and embedded file range) shown in hex. */
#define HEAD_BYTES 64

#ifdef PACKAGE_VERSION
#define DUMP_VERSION PACKAGE_VERSION
#else
#define DUMP_VERSION "0.1"
#endif

extern int verbose;
/* The file of the trace to read: "events", or "events-PID" for the
   recording of a forked child (--pid PID). */
extern char trace_file[64];

/* dump_text.c: one line (or more with detail) per record. */
void sb_time(Str* b, uint64_t sec, uint64_t nsec);
void sb_result(Str* b, uint64_t nr, int64_t res);
void sb_syscall(Str* b, const Sys* s);
void sb_nondet(Str* b, const Nondet* nd);
void sb_signal(Str* b, const Signal* s);
void sb_load(Str* b, const Load* l);
void sb_file(Str* b, const FileId* f);
void sb_end(Str* b, const End* e);
void sb_children(Str* b, const uint64_t* pids, size_t n);
void sb_hexdump(Str* b, const char* indent, const u8* p, size_t n);
void fmt_event(Str* b, const Rec* r, int detail);
void fmt_record(Str* b, const Rec* r, int detail);

/* The forked children of the file read (none for a child's own
   file): list_children() when trace_file is the main one. */
size_t dump_children(const char* dir, uint64_t** pids);

/* The views; each returns the exit status. */
int mode_dump(const char* dir);
int mode_xml(const char* dir);
int mode_stats(const char* dir);
int mode_diff(const char* d1, const char* d2);

/* regrind-dump's main, also `regrind dump ARGS`. */
int dump_main(int argc, char** argv);

#endif /* __RG_DUMP_H */

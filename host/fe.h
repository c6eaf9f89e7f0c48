/*--------------------------------------------------------------------*/
/*--- regrind front end: what its commands share.            fe.h ---*/
/*--------------------------------------------------------------------*/

/* The `regrind` command (host/regrind.c) runs the tool through the
   valgrind launcher and reads traces with the host library
   (rg_host.h).  One file per concern:

     regrind.c     commands, --help, dispatch
     fe_trace.c    trace roots and names, the processes of a trace
     fe_run.c      record and replay (running valgrind)
     fe_list.c     ls, ps, rm
     fe_pack.c     pack, and finding packed files

   (A replay on a CPU lacking a feature the recording saw is refused by
   the tool itself, rg_cpu.c, so that plain valgrind --replay does too.)
*/

#ifndef __RG_FE_H
#define __RG_FE_H

#include "rg_host.h"

/* Packed files of a trace: TRACE/packed/HASH-SIZE (HASH as the FILE
   record's, 16 hex digits), a copy of the content the recording saw.
   The tool looks there too (rg_files.c). */
#define FE_PACKED_DIR "packed"

/* One file of a trace: a process, or the program it execve'd into. */
typedef struct {
   char     name[256];   /* events, events-PID, ...exec */
   int      forked;      /* starts with FORK, not INIT */
   uint64_t pid, ppid;
   uint64_t parent_event;   /* FORK: the parent's event that forked it */
   char*    exe;         /* INIT: the program as given; FORK: NULL */
   char**   argv;        /* INIT: argc strings, NULL-terminated */
   uint64_t argc;
   char*    cwd;
   uint64_t start_ns;
   int      have_end;
   End      end;
   uint64_t events;
   char*    error;       /* damage: the message, else NULL */
} Proc;

typedef struct {
   char*    dir;         /* as found (absolute for names and latest) */
   Proc*    procs;       /* events first, then sorted by name */
   size_t   nprocs;
   uint64_t bytes;       /* all files of the trace */
} TraceInfo;

/* fe_trace.c */
char* fe_root(int create);            /* REGRIND_TRACE_DIR or the default */
char* fe_resolve(const char* arg);    /* a trace dir, name, or latest */
int   fe_is_trace(const char* dir);   /* has an events file with magic */
/* Read every file of the trace; damage is kept in Proc.error. */
void  fe_trace_info(const char* dir, TraceInfo* ti);
void  fe_trace_free(TraceInfo* ti);
const Proc* fe_find_pid(const TraceInfo* ti, uint64_t pid);
void  fe_status(Str* b, const Proc* p);   /* exit 3, SIGSEGV, cut off */
char* fe_cmdline(const Proc* p, size_t max);
/* Call fn(dir, name, arg) for each file of the trace with its id;
   returns how many. */
size_t fe_each_file(const char* dir, void (*fn)(const char*, const char*,
                                                void*), void* arg);

/* fe_run.c */
int fe_record(int argc, char** argv);
int fe_replay(int argc, char** argv);
/* The valgrind launcher: REGRIND_LAUNCHER (words), else valgrind. */
void fe_valgrind_argv(char*** out, size_t* n);

/* fe_list.c */
int fe_ls(int argc, char** argv);
int fe_ps(int argc, char** argv);
int fe_rm(int argc, char** argv);

/* fe_pack.c */
int fe_pack(int argc, char** argv);
/* The packed copy of a file of the trace with this hash and size,
   malloc'ed, or NULL. */
char* fe_packed_path(const char* dir, uint64_t hash, uint64_t size);
/* CRC-32 (low 32 bits) and Adler-32 (high) of a file's content, as
   rg_files.c hashes; 0 and *size unset when it cannot be read. */
int   fe_hash_file(const char* path, uint64_t* hash, uint64_t* size);

/* regrind.c */
__attribute__((noreturn, format(printf, 2, 3)))
void fe_usage_error(const char* cmd, const char* fmt, ...);
int  fe_want_help(const char* cmd, int argc, char** argv);
/* Progress on a terminal (stderr): "what n/total"; total 0 ends. */
void fe_progress(const char* what, uint64_t n, uint64_t total);

#endif /* __RG_FE_H */

/*--------------------------------------------------------------------*/
/*--- regrind host library: reading traces.             rg_host.h ---*/
/*--------------------------------------------------------------------*/

/*
   The one reader of the trace format on the host side (libc, zlib),
   used by regrind-dump, the regrind front end and, through them, the
   tests.  It reads a trace file one chunk at a time with the same
   damage checks as the tool's reader (rg_trace_read.c) and the same
   words in its messages; record layouts come from rg_format.h, which
   the tool compiles too.  Errors are fatal: die() prints
   "PROGNAME: message" and exits with 2.

     rg_host_util.c    errors, memory, growable strings, cursors
     rg_host_names.c   names of syscalls, errnos, signals, kinds
     rg_host_read.c    files of a trace, chunks, CRCs, records
     rg_host_decode.c  record bodies as structs
*/

#ifndef __RG_HOST_H
#define __RG_HOST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>

#include "rg_format.h"

typedef unsigned char u8;

/* The program's name in messages ("regrind-dump", "regrind"). */
extern const char* progname;

/* When set, die() puts its message in die_msg and jumps there instead
   of exiting (a listing of many traces goes on past a damaged one). */
extern jmp_buf* die_jmp;
extern char     die_msg[1024];

typedef struct {
   char*  s;
   size_t len, cap;
} Str;

typedef struct {
   const u8* p;
   const u8* end;
   int       bad;
} Cur;

typedef struct {
   unsigned kind;
   uint64_t evno;        /* event number, 0 for non-events */
   unsigned tid;         /* thread name, 1..RG_MAX_SERIAL-1 */
   uint64_t icount;      /* absolute */
   Cur      body;        /* fields after tid and icount */
   size_t   bytes;       /* raw size of the whole record */
} Rec;

/* One thread of a trace, by its name.  A real trace names threads 1,
   2, 3, ...; a damaged one may name any below RG_MAX_SERIAL, so the
   threads are hashed: memory grows with the threads seen, not with
   the highest name. */
typedef struct {
   uint32_t tid;         /* 0: a free slot */
   uint64_t icount;      /* absolute, at its last event */
   uint64_t events;      /* its events (the SCHED records it stopped in too) */
   uint64_t turns;       /* SCHED records naming it as the next thread */
} Thr;

typedef struct {
   const char* dir;
   const char* name;     /* the file: events, events-PID, ...exec */
   char*    path;        /* DIR/NAME */
   int      fd;
   uint64_t id;
   uint32_t seq;
   uint64_t off;         /* file offset of the next chunk */
   u8*      stored;  size_t stored_cap;
   u8*      raw;     size_t raw_cap;
   Cur      cur;         /* over raw */
   int      eof;
   int      saw_end;
   uint64_t nevents;
   Thr*     thr;         /* open addressing, 1 << thr_bits slots */
   unsigned thr_bits;
   size_t   nthr;
   /* What was read, for --stats. */
   uint64_t file_size;   /* at open */
   uint64_t nchunks, nchunks_zlib;
   uint64_t stored_bytes;   /* payloads as stored */
   uint64_t raw_bytes;      /* payloads after inflation */
   uint64_t largest_raw;
   uint64_t tail_bytes;     /* bytes of a partial chunk at the end */
   int      tail_in_header; /* the partial chunk ends inside its header */
   uint64_t tail_clen;      /* its payload length, when the header is whole */
   int      tail_streamed;  /* a big record's chunk, header never filled in */
} Trace;

typedef struct {
   const u8* path; size_t path_len;
   uint64_t size, mtime, mtime_ns, dev, ino, hash, emb_off;
   const u8* emb; size_t emb_len;
} FileId;

typedef struct {
   const u8* rgver; size_t rgver_len;
   const u8* vgver; size_t vgver_len;
   uint64_t pid, ppid, start_ns;
   const u8* exe; size_t exe_len;
   uint64_t argc; Cur argv;      /* argc strings */
   uint64_t envc; Cur envp;      /* envc strings */
   const u8* cwd; size_t cwd_len;
   uint64_t sp, stack_lo;
   const u8* stack; size_t stack_len;
   uint64_t nfiles; Cur files;   /* nfiles FILE bodies */
   uint64_t chaos_seed;          /* 0: not recorded with --chaos=yes */
} Init;

typedef struct {
   uint64_t nr;
   uint64_t nargs; Cur args;     /* nargs values */
   int64_t  result;
   uint64_t nregions; Cur regions;   /* nregions (v addr, b bytes) */
   uint64_t region_bytes;
} Sys;

typedef struct {
   uint64_t kind;
   uint64_t nvalues; Cur values;
} Nondet;

typedef struct { uint64_t signo, flags; } Signal;

typedef struct {
   uint64_t reason, code, events, threads, insns, last_thread, last_insns;
} End;

typedef struct { uint64_t addr; const u8* p; size_t n; } Load;

/* The thread that stopped is the record's tid, at its icount. */
typedef struct { uint64_t next; } Sched;

typedef struct { uint64_t ppid, pid, parent_event; } Fork;

#define N_KINDS RG_N_REC_KINDS

/*------------------------------------------------------------*/
/*--- rg_host_util.c                                       ---*/
/*------------------------------------------------------------*/

__attribute__((noreturn, format(printf, 1, 2)))
void die(const char* fmt, ...);
void* xrealloc(void* p, size_t n);
void* xmalloc(size_t n);
void sb_reserve(Str* b, size_t more);
void sb_reset(Str* b);
void sb_putc(Str* b, char c);
__attribute__((format(printf, 2, 3)))
void sb_printf(Str* b, const char* fmt, ...);
void sb_free(Str* b);
size_t utf8_ok(const u8* p, size_t n);
void sb_esc(Str* b, const u8* p, size_t n, int quote);
void sb_hex(Str* b, const u8* p, size_t n);
void out_flush(void);
unsigned cur_u8(Cur* c);
uint64_t cur_v(Cur* c);
int64_t cur_z(Cur* c);
const u8* cur_b(Cur* c, size_t* len);

/*------------------------------------------------------------*/
/*--- rg_host_names.c                                      ---*/
/*------------------------------------------------------------*/

const char* sys_name(uint64_t nr, char* buf, size_t bufsz);
void init_fd_masks(void);
int result_is_addr(uint64_t nr);
const char* errno_name(int64_t result);
const char* signal_name(uint64_t s, char* buf, size_t bufsz);
const char* nd_name(uint64_t k);
const char* end_name(uint64_t r);
int is_event(unsigned kind);
const char* kind_name(unsigned kind);
/* Arguments the syscall takes (-1: unknown); bit i: argument i is an fd. */
int sys_nargs(uint64_t nr);
unsigned sys_fd_mask(uint64_t nr);

/*------------------------------------------------------------*/
/*--- rg_host_read.c                                       ---*/
/*------------------------------------------------------------*/

uint32_t get32(const u8* p);
uint64_t get64(const u8* p);
__attribute__((noreturn))
void damaged(Trace* t, const char* what);
uint64_t file_trace_id(const char* dir, const char* name);
void tr_open(Trace* t, const char* dir, const char* name);
void tr_close(Trace* t);
/* Skip the fields of a FILE record (also inline in INIT). */
void skip_file(Cur* c);
Thr* thr_get(Trace* t, uint32_t tid);
int tr_next(Trace* t, Rec* r);
size_t list_children(const char* dir, uint64_t** pids);

/*------------------------------------------------------------*/
/*--- rg_host_decode.c                                     ---*/
/*------------------------------------------------------------*/

void get_file(Cur* c, FileId* f);
void skip_strings(Cur* c, uint64_t k);
void get_init(Cur c, Init* in);
void get_sys(Cur c, Sys* s);
void get_nondet(Cur c, Nondet* nd);
void get_signal(Cur c, Signal* s);
void get_end(Cur c, End* e);
void get_load(Cur c, Load* l);
void get_sched(Cur c, Sched* s);
void get_fork(Cur c, Fork* f);

#endif /* __RG_HOST_H */

/*--------------------------------------------------------------------*/
/*--- host library: the files, chunks and records of a trace      ---*/
/*---                                              rg_host_read.c ---*/
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
#include <sys/stat.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <zlib.h>

#include "rg_host.h"

/*------------------------------------------------------------*/
/*--- Reading a trace (mirrors rg_trace_read.c)            ---*/
/*------------------------------------------------------------*/

uint32_t get32(const u8* p)
{
   return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

uint64_t get64(const u8* p)
{
   return get32(p) | ((uint64_t)get32(p + 4) << 32);
}

/* Read up to n bytes; returns how many were there. */
static size_t read_upto(Trace* t, u8* p, size_t n)
{
   size_t got = 0;
   while (got < n) {
      ssize_t r = read(t->fd, p + got, n - got > 0x40000000 ? 0x40000000
                                                           : n - got);
      if (r < 0) {
         if (errno == EINTR) continue;
         die("cannot read trace %s: %s", t->path, strerror(errno));
      }
      if (r == 0) break;
      got += (size_t)r;
   }
   return got;
}

__attribute__((noreturn))
void damaged(Trace* t, const char* what)
{
   die("trace %s is damaged: %s in chunk %" PRIu32
       " (file offset %" PRIu64 ")", t->path, what, t->seq, t->off);
}

/* The trace id in the header of DIR/NAME; 0 if it is not a trace
   file of this format. */
uint64_t file_trace_id(const char* dir, const char* name)
{
   char path[4096];
   u8 hdr[RG_FILE_HDR_SIZE];
   snprintf(path, sizeof path, "%s/%s", dir, name);
   int fd = open(path, O_RDONLY | O_NOFOLLOW);
   if (fd < 0) return 0;
   ssize_t n = read(fd, hdr, sizeof hdr);
   close(fd);
   if (n != (ssize_t)sizeof hdr || memcmp(hdr, RG_MAGIC, 8) != 0) return 0;
   return get64(hdr + 16);
}

void tr_open(Trace* t, const char* dir, const char* trace_file)
{
   memset(t, 0, sizeof *t);
   t->dir = dir;
   t->name = trace_file;
   t->fd = -1;
   size_t dl = strlen(dir), fl = strlen(trace_file);
   t->path = xmalloc(dl + fl + 2);
   memcpy(t->path, dir, dl);
   t->path[dl] = '/';
   memcpy(t->path + dl + 1, trace_file, fl + 1);

   struct stat st;
   if (stat(dir, &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR)
         die("trace %s does not exist", dir);
      die("cannot access trace %s: %s", dir, strerror(errno));
   }
   if (!S_ISDIR(st.st_mode))
      die("trace %s is not a directory (a trace is a directory made by "
          "--record)", dir);
   t->fd = open(t->path, O_RDONLY);
   if (t->fd < 0) {
      if (errno == ENOENT)
         die("trace %s has no %s file: not a regrind trace, or the "
             "recording never started", dir, trace_file);
      die("cannot open %s: %s", t->path, strerror(errno));
   }
   if (fstat(t->fd, &st) == 0 && S_ISREG(st.st_mode))
      t->file_size = (uint64_t)st.st_size;

   u8 hdr[RG_FILE_HDR_SIZE];
   size_t n = read_upto(t, hdr, sizeof hdr);
   if (n == 0)
      die("trace %s is empty (zero-length %s)", dir, trace_file);
   if (n < 8 && memcmp(hdr, RG_MAGIC, n) == 0)
      die("trace %s is truncated inside its header", dir);
   if (n < 8 || memcmp(hdr, RG_MAGIC, 8) != 0)
      die("%s is not a regrind trace (bad magic)", t->path);
   if (n < sizeof hdr)
      die("trace %s is truncated inside its header", dir);
   uint32_t ver = get32(hdr + 8);
   if (ver != RG_FORMAT_VERSION)
      die("trace %s has format version %" PRIu32 ", this %s "
          "reads %d", dir, ver, progname, RG_FORMAT_VERSION);
   if (get32(hdr + 12) != 0)
      die("trace %s is damaged: unknown header flags %#" PRIx32, dir,
          get32(hdr + 12));
   t->id  = get64(hdr + 16);
   t->off = sizeof hdr;
   t->cur.p = t->cur.end = NULL;
   /* Every file of a trace carries the recording's id: a child's file
      left by an older recording in the same directory is not this
      trace's. */
   if (strcmp(trace_file, RG_TRACE_FILE) != 0) {
      uint64_t main_id = file_trace_id(dir, RG_TRACE_FILE);
      if (main_id != t->id)
         die("%s belongs to another recording (trace id %016" PRIx64
             ", the trace's %s has %016" PRIx64 "): a stale file",
             t->path, t->id, RG_TRACE_FILE, main_id);
   }
}

void tr_close(Trace* t)
{
   if (t->fd >= 0) close(t->fd);
   t->fd = -1;
   free(t->path);
   free(t->stored);
   free(t->raw);
   free(t->thr);
   t->path = NULL;
   t->stored = t->raw = NULL;
   t->thr = NULL;
}

static size_t thr_slot(uint32_t tid, unsigned bits)
{
   return (uint32_t)(tid * 0x9e3779b1u) >> (32 - bits);
}

/* The entry of thread tid (1..RG_MAX_SERIAL-1), made on first sight. */
Thr* thr_get(Trace* t, uint32_t tid)
{
   size_t cap = t->thr ? (size_t)1 << t->thr_bits : 0;
   if (2 * (t->nthr + 1) > cap) {          /* keep it half empty */
      unsigned nb = t->thr ? t->thr_bits + 1 : 6;
      size_t ncap = (size_t)1 << nb;
      Thr* n = xmalloc(ncap * sizeof *n);
      memset(n, 0, ncap * sizeof *n);
      for (size_t i = 0; i < cap; i++) {
         if (!t->thr[i].tid) continue;
         size_t j = thr_slot(t->thr[i].tid, nb);
         while (n[j].tid) j = (j + 1) & (ncap - 1);
         n[j] = t->thr[i];
      }
      free(t->thr);
      t->thr = n;
      t->thr_bits = nb;
      cap = ncap;
   }
   size_t j = thr_slot(tid, t->thr_bits);
   while (t->thr[j].tid && t->thr[j].tid != tid) j = (j + 1) & (cap - 1);
   if (!t->thr[j].tid) {
      t->thr[j].tid = tid;
      t->nthr++;
   }
   return &t->thr[j];
}

static void reserve(u8** p, size_t* cap, size_t n)
{
   if (n <= *cap) return;
   free(*p);
   *p = xmalloc(n);
   *cap = n;
}

/* Bytes left in the file from the current position (re-read, so a
   file still being written is seen as it is now). */
static uint64_t bytes_left(Trace* t, uint64_t pos)
{
   struct stat st;
   if (fstat(t->fd, &st) != 0 || !S_ISREG(st.st_mode)) return UINT64_MAX;
   return (uint64_t)st.st_size > pos ? (uint64_t)st.st_size - pos : 0;
}

/* Load the next chunk into raw; 0 at the end of the file. */
static int next_chunk(Trace* t)
{
   u8 hdr[RG_CHUNK_HDR_SIZE];
   size_t n = read_upto(t, hdr, sizeof hdr);
   if (n == 0) return 0;
   if (n < sizeof hdr) {
      if (t->saw_end) damaged(t, "trailing bytes after the end record");
      t->tail_bytes = n;              /* cut off inside a header */
      t->tail_in_header = 1;
      return 0;
   }
   /* A big record's chunk is streamed behind a zeroed header filled
      in last: a recording cut off meanwhile ends here. */
   static const u8 zero[RG_CHUNK_HDR_SIZE];
   if (!t->saw_end && memcmp(hdr, zero, sizeof hdr) == 0) {
      t->tail_bytes = sizeof hdr + bytes_left(t, t->off + sizeof hdr);
      t->tail_streamed = 1;
      return 0;
   }
   if (get32(hdr + 32) != crc32(0, hdr, 32)) {
      if (get32(hdr) == RG_CHUNK_MAGIC && !t->saw_end
          && get64(hdr + 8) == t->id)
         damaged(t, "chunk header checksum mismatch");
      damaged(t, "bad chunk header");
   }
   if (get32(hdr) != RG_CHUNK_MAGIC) damaged(t, "bad chunk magic");
   if (get64(hdr + 8) != t->id)
      damaged(t, "chunk belongs to another recording (trace id differs)");
   if (get32(hdr + 4) != t->seq) damaged(t, "chunk out of sequence");
   uint32_t method = get32(hdr + 16);
   uint32_t clen   = get32(hdr + 20);
   uint32_t rlen   = get32(hdr + 24);
   if (method > RG_METHOD_ZLIB || clen > RG_CHUNK_MAX || rlen > RG_CHUNK_MAX
       || (method == RG_METHOD_STORED && clen != rlen))
      damaged(t, "impossible chunk lengths");
   /* Every chunk holds a record (rg_format.h). */
   if (rlen == 0) damaged(t, "empty chunk");
   if (t->saw_end) damaged(t, "chunk after the end record");

   /* Cut off inside the payload: say so without allocating clen. */
   uint64_t left = bytes_left(t, t->off + sizeof hdr);
   if (left < clen) {
      t->tail_bytes = sizeof hdr + left;
      t->tail_clen = clen;
      return 0;
   }
   reserve(&t->stored, &t->stored_cap, clen);
   n = read_upto(t, t->stored, clen);
   if (n < clen) {                    /* cut off inside a payload */
      t->tail_bytes = sizeof hdr + n;
      t->tail_clen = clen;
      return 0;
   }
   if (crc32(0, t->stored, clen) != get32(hdr + 28))
      damaged(t, "payload checksum mismatch");

   if (method == RG_METHOD_STORED) {
      reserve(&t->raw, &t->raw_cap, rlen);
      if (clen) memcpy(t->raw, t->stored, clen);
   } else {
      /* Deflate cannot expand more than about 1032:1; a bigger rlen
         cannot be right, and must not make us allocate it. */
      if ((uint64_t)rlen > (uint64_t)clen * 1040 + 1024)
         damaged(t, "payload does not inflate to its recorded length");
      reserve(&t->raw, &t->raw_cap, rlen);
      z_stream z;
      memset(&z, 0, sizeof z);
      if (inflateInit(&z) != Z_OK) damaged(t, "zlib cannot start");
      z.next_in   = t->stored;
      z.avail_in  = clen;
      z.next_out  = t->raw;
      z.avail_out = rlen;
      int rc = inflate(&z, Z_FINISH);
      int ok = rc == Z_STREAM_END && z.total_out == rlen;
      inflateEnd(&z);
      if (!ok) damaged(t, "payload does not inflate to its recorded length");
      t->nchunks_zlib++;
   }
   t->cur.p   = t->raw;
   t->cur.end = t->raw + rlen;
   t->cur.bad = 0;
   t->off += sizeof hdr + clen;
   t->seq++;
   t->nchunks++;
   t->stored_bytes += clen;
   t->raw_bytes += rlen;
   if (rlen > t->largest_raw) t->largest_raw = rlen;
   return 1;
}

/* Records hold no length, so each kind is skipped by its layout
   (rg_format.h), exactly the grammar the tool's reader accepts;
   returns the end of the layout it walked (a ']' or its NUL). */
static const char* skip_layout(Cur* c, const char* l)
{
   size_t n;
   while (*l && *l != ']' && !c->bad) {
      switch (*l++) {
         case 'v': case 'z': cur_v(c); break;
         case 'b': cur_b(c, &n); break;
         case 'F': skip_layout(c, RG_LAYOUT_FILE); break;
         case '[': {
            const char* close = strchr(l, ']');
            uint64_t k = cur_v(c);
            for (uint64_t i = 0; i < k && !c->bad; i++) skip_layout(c, l);
            l = close + 1;
            break;
         }
      }
   }
   return l;
}

void skip_file(Cur* c)
{
   skip_layout(c, RG_LAYOUT_FILE);
}

static void skip_body(unsigned kind, Cur* c)
{
   static const char* const layout[RG_N_REC_KINDS] = RG_REC_LAYOUTS;
   if (kind >= RG_N_REC_KINDS || !layout[kind]) { c->bad = 1; return; }
   skip_layout(c, layout[kind]);
}

/* What each field may hold, beyond being there: the same checks as
   the tool's reader (rg_trace_read.c). */
static const char* check_body(unsigned kind, Cur c)
{
   size_t n;
   uint64_t i, k;
   switch (kind) {
      case RG_REC_FILE: {
         cur_b(&c, &n);
         uint64_t size = cur_v(&c);
         for (i = 0; i < 5; i++) cur_v(&c);
         uint64_t off = cur_v(&c);
         cur_b(&c, &n);
         if (n && (off > size || n > size - off))
            return "embedded bytes beyond the file's size";
         break;
      }
      case RG_REC_SYSCALL:
         if (cur_v(&c) > 0xffffffffULL) return "bad syscall number";
         k = cur_v(&c);
         if (k > 6) return "more than 6 syscall arguments";
         for (i = 0; i < k; i++) cur_v(&c);
         /* Errors are -4095..-1 (the kernel's convention). */
         if (cur_z(&c) < -4095) return "bad syscall result";
         break;
      case RG_REC_NONDET: {
         static const unsigned char nvals[RG_ND_N] = { 1, 3, 5, 1, 1 };
         uint64_t kd = cur_v(&c);
         k = cur_v(&c);
         if (kd >= RG_ND_N || k != nvals[kd])
            return "bad nondeterministic instruction record";
         break;
      }
      case RG_REC_SIGNAL: {
         uint64_t sig = cur_v(&c);
         if (sig < 1 || sig > RG_NSIG || sig == 9 || sig == 19
             || cur_v(&c) > RG_SIGF_SYNC)
            return "bad signal number";
         break;
      }
      case RG_REC_END:
         if (cur_v(&c) > RG_END_REFUSED) return "bad end reason";
         break;
      case RG_REC_LOAD:
         cur_v(&c);
         cur_b(&c, &n);
         if (n == 0 || n > RG_LOAD_MAX) return "bad shared load size";
         break;
   }
   return NULL;
}

/* The next record, or 0 at the end of the trace.  Damage is fatal. */
int tr_next(Trace* t, Rec* r)
{
   while (t->cur.p >= t->cur.end) {
      if (t->eof || !next_chunk(t)) { t->eof = 1; return 0; }
   }
   Cur* c = &t->cur;
   const u8* start = c->p;
   memset(r, 0, sizeof *r);
   r->kind = cur_u8(c);
   if (is_event(r->kind)) {
      uint64_t tid = cur_v(c);
      uint64_t d = cur_v(c);
      if (c->bad || tid == 0 || tid >= RG_MAX_SERIAL)
         damaged(t, "bad thread id in an event");
      r->tid = (unsigned)tid;
      Thr* th = thr_get(t, (uint32_t)tid);
      th->icount += d;
      th->events++;
      r->icount = th->icount;
      r->evno = ++t->nevents;
   }
   r->body.p   = c->p;
   r->body.end = c->end;
   r->body.bad = 0;
   skip_body(r->kind, c);
   if (c->bad) damaged(t, "malformed record");
   r->body.end = c->p;
   r->bytes = (size_t)(c->p - start);
   const char* why = check_body(r->kind, r->body);
   if (why) damaged(t, why);
   if (r->kind == RG_REC_SCHED) {
      /* Replay refuses a switch to no thread or to the same one as
         damage (in these words); the views then trust next as a
         thread name. */
      Cur b = r->body;
      uint64_t next = cur_v(&b);
      if (next == 0 || next == r->tid || next >= RG_MAX_SERIAL) {
         char what[64];
         snprintf(what, sizeof what, "bad thread switch at event %" PRIu64,
                  r->evno);
         damaged(t, what);
      }
      thr_get(t, (uint32_t)next)->turns++;
   }
   if (r->kind == RG_REC_END) t->saw_end = 1;
   return 1;
}

/* The pids of the forked children recorded in DIR (files events-PID),
   sorted, when the main file is read; returns how many, *pids
   malloc'ed. */
static int cmp_u64(const void* a, const void* b)
{
   uint64_t x = *(const uint64_t*)a, y = *(const uint64_t*)b;
   return x < y ? -1 : x > y;
}

size_t list_children(const char* dir, uint64_t** pids)
{
   size_t n = 0, cap = 0;
   *pids = NULL;
   DIR* d = opendir(dir);
   if (!d) return 0;
   uint64_t main_id = file_trace_id(dir, RG_TRACE_FILE);
   struct dirent* e;
   const size_t pl = strlen(RG_TRACE_FILE "-");
   while ((e = readdir(d)) != NULL) {
      const char* nm = e->d_name;
      if (strncmp(nm, RG_TRACE_FILE "-", pl) != 0 || !nm[pl]) continue;
      uint64_t v = 0;
      const char* q = nm + pl;
      while (*q >= '0' && *q <= '9' && v < UINT64_MAX / 10)
         v = v * 10 + (uint64_t)(*q++ - '0');
      if (*q) continue;
      if (file_trace_id(dir, nm) != main_id) continue;  /* stale */
      if (n == cap) {
         cap = cap ? cap * 2 : 16;
         *pids = xrealloc(*pids, cap * sizeof **pids);
      }
      (*pids)[n++] = v;
   }
   closedir(d);
   if (n) qsort(*pids, n, sizeof **pids, cmp_u64);
   return n;
}

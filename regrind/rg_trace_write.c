/*--------------------------------------------------------------------*/
/*--- regrind: writing the trace.                  rg_trace_write.c ---*/
/*--------------------------------------------------------------------*/

/* Records accumulate in one raw buffer; when it passes the chunk size
   it is deflated and written as one chunk (format in rg_format.h).
   Only complete chunks ever reach the file, so a recording killed at
   any moment leaves a prefix that replays. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_vkiscnums.h"
#include "zlib.h"
#include "rg_include.h"

static Int    tw_fd = -1;
static ULong  tw_id;
static UInt   tw_seq;
static RgBuf  tw_raw;      /* records of the chunk being built */
static SizeT  tw_rec_start;
static RgBuf  tw_out;      /* compressed chunk */
static z_stream tw_z;
static Bool   tw_z_ready;
static ULong* tw_last_icount;   /* by thread name */
static UInt   tw_icap;

ULong RG_(tw_nevents);
ULong RG_(tw_raw_bytes), RG_(tw_stored_bytes);

static void put32(UChar* p, UInt v)
{
   p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

static void put64(UChar* p, ULong v)
{
   put32(p, (UInt)v); put32(p + 4, (UInt)(v >> 32));
}

/* RLIMIT_FSIZE is the process's, so a limit the program set applies
   to the trace too: lift the soft limit while the trace is written,
   else the kernel refuses with EFBIG and sends SIGXFSZ, which the
   program would get. */
#define RLIMIT_FSIZE_ 1            /* not in Valgrind's headers */

static Bool fsize_lift(struct vki_rlimit* saved)
{
   struct vki_rlimit lim;
   SysRes r = RG_SYSCALL(__NR_prlimit64, 0, RLIMIT_FSIZE_, 0, saved, 0, 0);
   if (sr_isError(r) || saved->rlim_cur == saved->rlim_max) return False;
   lim = *saved;
   lim.rlim_cur = lim.rlim_max;
   r = RG_SYSCALL(__NR_prlimit64, 0, RLIMIT_FSIZE_, &lim, 0, 0, 0);
   return !sr_isError(r);
}

static void write_all(const UChar* p, SizeT n)
{
   struct vki_rlimit saved;
   saved.rlim_cur = VKI_RLIM_INFINITY;
   Bool lifted = fsize_lift(&saved);
   /* A hard limit (bash's `ulimit -f` sets both) cannot be lifted:
      say so rather than die of SIGXFSZ with the trace cut short. */
   if (!lifted && saved.rlim_cur != VKI_RLIM_INFINITY
       && (ULong)VG_(lseek)(tw_fd, 0, VKI_SEEK_CUR) + n > saved.rlim_cur) {
      VG_(close)(tw_fd);
      tw_fd = -1;
      RG_(fatal)("cannot write the trace (%s): %s: the file size limit "
                 "(RLIMIT_FSIZE) is %llu bytes, a hard limit regrind "
                 "cannot lift", RG_(clo_trace), RG_(errstr)(VKI_EFBIG),
                 (ULong)saved.rlim_cur);
   }
   while (n > 0) {
      Int w = VG_(write)(tw_fd, p, n > 0x40000000 ? 0x40000000 : (Int)n);
      if (w <= 0) {
         /* The file is unusable: fatal must not try to end it (that
            would fail and say so a second time). */
         VG_(close)(tw_fd);
         tw_fd = -1;
         RG_(fatal)("cannot write the trace (%s): %s", RG_(clo_trace),
                    w == 0 ? "no progress (is the disk full?)"
                           : RG_(errstr)(-w));
      }
      p += w; n -= w;
   }
   if (lifted)
      RG_SYSCALL(__NR_prlimit64, 0, RLIMIT_FSIZE_, &saved, 0, 0, 0);
}

static void tw_open_file(const HChar* dir, const HChar* name);

void RG_(tw_open)(const HChar* dir)
{
   tw_open_file(dir, RG_TRACE_FILE);
}

void RG_(tw_open_named)(const HChar* dir, const HChar* name)
{
   tw_open_file(dir, name);
}

/* The child of a fork: the parent's unwritten records are the
   parent's; start the child's own file with a fresh state. */
void RG_(tw_fork_child)(const HChar* dir, Int pid)
{
   HChar name[64];
   if (tw_fd >= 0) VG_(close)(tw_fd);
   tw_fd = -1;
   tw_raw.len = 0;
   tw_seq = 0;
   RG_(tw_nevents) = 0;
   RG_(tw_raw_bytes) = RG_(tw_stored_bytes) = 0;
   if (tw_icap) VG_(memset)(tw_last_icount, 0, tw_icap * sizeof(ULong));
   VG_(sprintf)(name, "%s-%d", RG_TRACE_FILE, pid);
   RG_(cur_file) = VG_(strdup)("rg.tw", name);
   tw_open_file(dir, name);
}

static void tw_open_file(const HChar* dir, const HChar* name)
{
   HChar* path = VG_(malloc)("rg.tw", VG_(strlen)(dir) + VG_(strlen)(name) + 4);
   VG_(sprintf)(path, "%s/%s", dir, name);
   /* A new file, the user's alone (a trace holds all the program read),
      never through a link: the directory was just made or cleared. */
   SysRes sr = VG_(open)(path, VKI_O_WRONLY | VKI_O_CREAT | VKI_O_EXCL
                         | RG_O_NOFOLLOW, 0600);
   if (sr_isError(sr))
      RG_(fatal)("cannot create %s: %s", path, RG_(errstr)(sr_Err(sr)));
   VG_(free)(path);
   tw_fd = VG_(safe_fd)(sr_Res(sr));

   /* One id for the whole recording: forked children inherit it, the
      program after an execve gets it in the hand-over.  It only has to
      differ between recordings. */
   if (RG_(trace_id) == 0) {
      SysRes r = RG_SYSCALL(__NR_getrandom, &RG_(trace_id),
                            sizeof RG_(trace_id), 0, 0, 0, 0);
      if (sr_isError(r) || RG_(trace_id) == 0)
         RG_(trace_id) = ((ULong)VG_(getpid)() << 32)
                         ^ VG_(read_millisecond_timer)() ^ 1;
   }
   tw_id = RG_(trace_id);

   UChar hdr[RG_FILE_HDR_SIZE];
   VG_(memset)(hdr, 0, sizeof hdr);
   VG_(memcpy)(hdr, RG_MAGIC, 8);
   put32(hdr + 8, RG_FORMAT_VERSION);
   put32(hdr + 12, 0);
   put64(hdr + 16, tw_id);
   write_all(hdr, sizeof hdr);

   if (tw_raw.data) return;      /* a forked child keeps its buffers */
   RG_(buf_init)(&tw_raw, RG_CHUNK_TARGET + 4096);
   RG_(buf_init)(&tw_out, RG_CHUNK_TARGET + 4096);
   VG_(memset)(&tw_z, 0, sizeof tw_z);
   tw_z.zalloc = RG_(zalloc);
   tw_z.zfree  = RG_(zfree);
   tw_z_ready  = deflateInit(&tw_z, 1) == Z_OK;
   tl_assert(tw_z_ready);
}

Bool RG_(tw_is_open)(void)
{
   return tw_fd >= 0;
}

ULong RG_(tw_icount_delta)(UInt serial, ULong icount)
{
   tl_assert(serial > 0 && serial < RG_MAX_SERIAL);
   if (serial >= tw_icap) {
      UInt n = tw_icap ? 2 * tw_icap : 64;
      while (n <= serial) n *= 2;
      tw_last_icount = VG_(realloc)("rg.tw", tw_last_icount,
                                    n * sizeof(ULong));
      VG_(memset)(tw_last_icount + tw_icap, 0, (n - tw_icap) * sizeof(ULong));
      tw_icap = n;
   }
   ULong d = icount - tw_last_icount[serial];
   tw_last_icount[serial] = icount;
   return d;
}

RgBuf* RG_(tw_rec)(UChar kind)
{
   tw_rec_start = tw_raw.len;
   RG_(buf_u8)(&tw_raw, kind);
   if (kind == RG_REC_SYSCALL || kind == RG_REC_NONDET
       || kind == RG_REC_SIGNAL || kind == RG_REC_LOAD
       || kind == RG_REC_SCHED)
      RG_(tw_nevents)++;
   return &tw_raw;
}

/*------------------------------------------------------------*/
/*--- Streaming big records                                ---*/
/*------------------------------------------------------------*/

/* A record holding megabytes (one big read, a mapped file's bytes)
   is not copied into the chunk buffer: the chunk is deflated as it
   is fed, straight from the program's memory, through a fixed output
   buffer, and its header is written last, at its place.  Recording
   memory then stays bounded whatever the program reads. */
#define BIG_PIECE (64 * 1024)
#define OUT_PIECE (256 * 1024)

static Bool   tw_streaming;
static Off64T tw_s_hdr_off;
static UInt   tw_s_crc, tw_s_rlen, tw_s_clen;
static Bool   tw_s_zlib;

static void stream_feed(const UChar* p, SizeT n, Bool finish)
{
   tw_s_rlen += n;
   if (!tw_s_zlib) {
      write_all(p, n);
      tw_s_crc = crc32(tw_s_crc, p, n);
      tw_s_clen += n;
      return;
   }
   tw_z.next_in  = (UChar*)(Addr)p;    /* zlib does not write it */
   tw_z.avail_in = n;
   while (1) {
      tw_z.next_out  = tw_out.data;
      tw_z.avail_out = OUT_PIECE;
      Int rc = deflate(&tw_z, finish ? Z_FINISH : Z_NO_FLUSH);
      SizeT got = OUT_PIECE - tw_z.avail_out;
      if (got) {
         write_all(tw_out.data, got);
         tw_s_crc = crc32(tw_s_crc, tw_out.data, got);
         tw_s_clen += got;
      }
      if (finish ? rc == Z_STREAM_END : tw_z.avail_in == 0) break;
      if (rc != Z_OK && rc != Z_BUF_ERROR)
         RG_(fatal)("zlib failed (%d) while writing the trace", rc);
   }
}

static void stream_start(void)
{
   static const UChar zero[RG_CHUNK_HDR_SIZE];
   tw_s_hdr_off = VG_(lseek)(tw_fd, 0, VKI_SEEK_CUR);
   write_all(zero, sizeof zero);        /* the header comes at the end */
   tw_s_zlib = RG_(clo_compress) && tw_z_ready;
   if (tw_s_zlib) deflateReset(&tw_z);
   RG_(buf_reserve)(&tw_out, OUT_PIECE);
   tw_s_crc = crc32(0, NULL, 0);
   tw_s_rlen = tw_s_clen = 0;
   tw_streaming = True;
}

static void stream_finish(void)
{
   stream_feed(tw_raw.data, tw_raw.len, True);
   tw_raw.len = 0;
   UChar hdr[RG_CHUNK_HDR_SIZE];
   put32(hdr + 0, RG_CHUNK_MAGIC);
   put32(hdr + 4, tw_seq++);
   put64(hdr + 8, tw_id);
   put32(hdr + 16, tw_s_zlib ? RG_METHOD_ZLIB : RG_METHOD_STORED);
   put32(hdr + 20, tw_s_clen);
   put32(hdr + 24, tw_s_rlen);
   put32(hdr + 28, tw_s_crc);
   put32(hdr + 32, crc32(0, hdr, 32));
   RG_SYSCALL(__NR_pwrite64, tw_fd, hdr, sizeof hdr, tw_s_hdr_off, 0, 0);
   RG_(tw_raw_bytes)    += tw_s_rlen;
   RG_(tw_stored_bytes) += tw_s_clen + RG_CHUNK_HDR_SIZE;
   tw_streaming = False;
}

void RG_(tw_put_big)(const void* p, SizeT n)
{
   if (!tw_streaming && n < BIG_PIECE) {
      RG_(buf_put)(&tw_raw, p, n);
      return;
   }
   if (!tw_streaming) stream_start();
   stream_feed(tw_raw.data, tw_raw.len, False);
   tw_raw.len = 0;
   stream_feed(p, n, False);
}

void RG_(tw_end_record)(void)
{
   static UInt n_recs, last_ms;
   if (tw_streaming) { stream_finish(); return; }
   if (tw_raw.len >= (SizeT)RG_(clo_chunk_kb) * 1024) {
      RG_(tw_flush)();
      return;
   }
   /* Bound what a SIGKILL can lose in time too; the clock is a
      syscall, so look at it only every 8 records (and a syscall that
      may block writes the buffer first: RG_(tw_flush_pending)). */
   if (RG_(clo_flush_ms) > 0 && (++n_recs & 7) == 0) {
      UInt now = VG_(read_millisecond_timer)();
      if (now - last_ms >= (UInt)RG_(clo_flush_ms)) {
         last_ms = now;
         RG_(tw_flush)();
      }
   }
}

void RG_(tw_flush_pending)(void)
{
   if (RG_(clo_flush_ms) > 0 && !tw_streaming) RG_(tw_flush)();
}

void RG_(tw_flush)(void)
{
   if (tw_fd < 0 || tw_raw.len == 0) return;
   UInt method = RG_METHOD_STORED;
   const UChar* payload = tw_raw.data;
   SizeT clen = tw_raw.len;

   if (RG_(clo_compress) && tw_z_ready) {
      SizeT bound = deflateBound(&tw_z, tw_raw.len);
      tw_out.len = 0;
      RG_(buf_reserve)(&tw_out, bound);
      deflateReset(&tw_z);
      tw_z.next_in   = tw_raw.data;
      tw_z.avail_in  = tw_raw.len;
      tw_z.next_out  = tw_out.data;
      tw_z.avail_out = bound;
      Int rc = deflate(&tw_z, Z_FINISH);
      if (rc == Z_STREAM_END && tw_z.total_out < tw_raw.len) {
         method  = RG_METHOD_ZLIB;
         payload = tw_out.data;
         clen    = tw_z.total_out;
      }
   }

   UChar hdr[RG_CHUNK_HDR_SIZE];
   put32(hdr + 0, RG_CHUNK_MAGIC);
   put32(hdr + 4, tw_seq++);
   put64(hdr + 8, tw_id);
   put32(hdr + 16, method);
   put32(hdr + 20, clen);
   put32(hdr + 24, tw_raw.len);
   put32(hdr + 28, crc32(0, payload, clen));
   put32(hdr + 32, crc32(0, hdr, 32));
   write_all(hdr, sizeof hdr);
   write_all(payload, clen);

   RG_(tw_raw_bytes)    += tw_raw.len;
   RG_(tw_stored_bytes) += clen + RG_CHUNK_HDR_SIZE;
   tw_raw.len = 0;
}

/* execve: its record and an END go out before it runs, since a
   successful execve never comes back; a failed one takes them back. */
static struct { Off64T off; UInt seq; ULong nevents, raw, stored;
                ULong* icount; UInt icap; } mark;

void RG_(tw_mark)(void)
{
   RG_(tw_flush)();
   mark.off     = VG_(lseek)(tw_fd, 0, VKI_SEEK_CUR);
   mark.seq     = tw_seq;
   mark.nevents = RG_(tw_nevents);
   mark.raw     = RG_(tw_raw_bytes);
   mark.stored  = RG_(tw_stored_bytes);
   if (mark.icount) VG_(free)(mark.icount);
   mark.icount = NULL;
   mark.icap = tw_icap;
   if (tw_icap) {
      mark.icount = VG_(malloc)("rg.tw", tw_icap * sizeof(ULong));
      VG_(memcpy)(mark.icount, tw_last_icount, tw_icap * sizeof(ULong));
   }
}

void RG_(tw_rollback)(void)
{
   tw_raw.len = 0;
   RG_SYSCALL(__NR_ftruncate, tw_fd, mark.off, 0, 0, 0, 0);
   VG_(lseek)(tw_fd, mark.off, VKI_SEEK_SET);
   tw_seq = mark.seq;
   RG_(tw_nevents)      = mark.nevents;
   RG_(tw_raw_bytes)    = mark.raw;
   RG_(tw_stored_bytes) = mark.stored;
   if (tw_icap) VG_(memset)(tw_last_icount, 0, tw_icap * sizeof(ULong));
   if (mark.icap)
      VG_(memcpy)(tw_last_icount, mark.icount, mark.icap * sizeof(ULong));
}

void RG_(tw_close)(void)
{
   if (tw_fd < 0) return;
   RG_(tw_flush)();
   VG_(close)(tw_fd);
   tw_fd = -1;
   if (tw_z_ready) deflateEnd(&tw_z);
   tw_z_ready = False;
}



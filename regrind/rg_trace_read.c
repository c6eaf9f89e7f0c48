/*--------------------------------------------------------------------*/
/*--- regrind: reading the trace.                   rg_trace_read.c ---*/
/*--------------------------------------------------------------------*/

/* Reads one chunk at a time (memory stays bounded by the largest
   chunk) and hands out records.  Every kind of damage ends in a
   regrind: error that names the trace and the chunk. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_mallocfree.h"
#include "zlib.h"
#include "rg_include.h"

static Int    tr_fd = -1;
static ULong  tr_size;           /* file size, bounds chunk lengths */
static HChar* tr_path;
static ULong  tr_id;
static UInt   tr_seq;
static ULong  tr_off;            /* file offset of the next chunk */
/* Two raw buffers, used in turn: a record handed out stays valid
   while the reader peeks one record ahead into the next chunk. */
static RgBuf  tr_rawbuf[2];
static Int    tr_cur_buf;
#define tr_raw (tr_rawbuf[tr_cur_buf])
static RgBuf  tr_stored;
static RgCur  tr_cur;            /* over tr_raw */
static Bool   tr_eof;
static ULong* tr_last_icount;    /* by thread name */
static UInt   tr_icap;
static RgRec  tr_peeked;
static Bool   tr_have_peek;

Bool  RG_(tr_saw_end);
ULong RG_(tr_end_reason);
ULong RG_(tr_nevents);

static UInt get32(const UChar* p)
{
   return p[0] | (p[1] << 8) | (p[2] << 16) | ((UInt)p[3] << 24);
}

static ULong get64(const UChar* p)
{
   return get32(p) | ((ULong)get32(p + 4) << 32);
}

/* Read exactly n bytes; returns how many were there. */
static SizeT read_upto(UChar* p, SizeT n)
{
   SizeT got = 0;
   while (got < n) {
      Int r = VG_(read)(tr_fd, p + got,
                        n - got > 0x40000000 ? 0x40000000 : (Int)(n - got));
      if (r < 0)
         RG_(fatal)("cannot read trace %s: %s", tr_path, RG_(errstr)(r));
      if (r == 0) break;
      got += r;
   }
   return got;
}

static Bool is_zero(const UChar* p, SizeT n)
{
   SizeT i;
   for (i = 0; i < n; i++)
      if (p[i]) return False;
   return True;
}

__attribute__((noreturn))
static void damaged(const HChar* what)
{
   RG_(fatal)("trace %s is damaged: %s in chunk %u (file offset %llu)",
              tr_path, what, tr_seq, tr_off);
}

void RG_(tr_open)(const HChar* dir)
{
   RG_(tr_open_file)(dir, RG_TRACE_FILE);
}

void RG_(tr_open_file)(const HChar* dir, const HChar* name)
{
   if (tr_fd >= 0) VG_(close)(tr_fd);
   tr_fd = -1;
   tr_seq = 0; tr_eof = False; tr_have_peek = False;
   RG_(tr_saw_end) = False;
   RG_(tr_nevents) = 0;
   if (tr_icap) VG_(memset)(tr_last_icount, 0, tr_icap * sizeof(ULong));
   tr_path = VG_(malloc)("rg.tr", VG_(strlen)(dir) + VG_(strlen)(name) + 4);
   VG_(sprintf)(tr_path, "%s/%s", dir, name);
   struct vg_stat st;
   SysRes sr = VG_(stat)(dir, &st);
   if (sr_isError(sr))
      RG_(fatal)("trace %s does not exist", dir);
   if (!VKI_S_ISDIR(st.mode))
      RG_(fatal)("trace %s is not a directory (a trace is a directory "
                 "made by --record)", dir);
   sr = VG_(open)(tr_path, VKI_O_RDONLY, 0);
   if (sr_isError(sr))
      RG_(fatal)("trace %s has no %s file: not a regrind trace, or the "
                 "recording never started", dir, name);
   tr_fd = VG_(safe_fd)(sr_Res(sr));
   struct vg_stat fst;
   tr_size = VG_(fstat)(tr_fd, &fst) == 0 ? (ULong)fst.size : ~0ULL;

   UChar hdr[RG_FILE_HDR_SIZE];
   SizeT n = read_upto(hdr, sizeof hdr);
   if (n == 0)
      RG_(fatal)("trace %s is empty (zero-length %s)", dir, name);
   if (n < 8 && VG_(memcmp)(hdr, RG_MAGIC, n) == 0)
      RG_(fatal)("trace %s is truncated inside its header", dir);
   if (n < 8 || VG_(memcmp)(hdr, RG_MAGIC, 8) != 0)
      RG_(fatal)("%s is not a regrind trace (bad magic)", tr_path);
   if (n < sizeof hdr)
      RG_(fatal)("trace %s is truncated inside its header", dir);
   UInt ver = get32(hdr + 8);
   if (ver != RG_FORMAT_VERSION)
      RG_(fatal)("trace %s has format version %u, this regrind reads %u",
                 dir, ver, (UInt)RG_FORMAT_VERSION);
   if (get32(hdr + 12) != 0)
      RG_(fatal)("trace %s is damaged: unknown header flags %#x", dir,
                 get32(hdr + 12));
   tr_id  = get64(hdr + 16);
   /* Every file of a trace carries the recording's id (the first file
      read, or the hand-over, gives it): a file left by an older
      recording in the same directory is not replayed as part of it. */
   if (RG_(trace_id) == 0)
      RG_(trace_id) = tr_id;
   else if (tr_id != RG_(trace_id))
      RG_(fatal)("trace %s: %s belongs to another recording (trace id "
                 "%016llx, this trace's is %016llx): a stale file",
                 dir, name, tr_id, RG_(trace_id));
   tr_off = sizeof hdr;
   if (!tr_stored.data) {
      RG_(buf_init)(&tr_rawbuf[0], RG_CHUNK_TARGET + 4096);
      RG_(buf_init)(&tr_rawbuf[1], RG_CHUNK_TARGET + 4096);
      RG_(buf_init)(&tr_stored, RG_CHUNK_TARGET + 4096);
   }
   tr_cur.p = tr_cur.end = tr_raw.data;
}

/* Load the next chunk into tr_raw; False at a clean end of file. */
static Bool next_chunk(void)
{
   UChar hdr[RG_CHUNK_HDR_SIZE];
   SizeT n = read_upto(hdr, sizeof hdr);
   if (n == 0) return False;
   if (n < sizeof hdr) {
      if (RG_(tr_saw_end)) damaged("trailing bytes after the end record");
      return False;    /* cut off inside a header */
   }
   /* A big record's chunk is streamed behind a zeroed header that is
      filled in last: a recording cut off meanwhile ends here. */
   if (!RG_(tr_saw_end) && is_zero(hdr, sizeof hdr)) return False;
   if (get32(hdr + 32) != crc32(0, hdr, 32)) {
      if (get32(hdr) == RG_CHUNK_MAGIC && !RG_(tr_saw_end)
          && get64(hdr + 8) == tr_id)
         damaged("chunk header checksum mismatch");
      damaged("bad chunk header");
   }
   if (get32(hdr) != RG_CHUNK_MAGIC) damaged("bad chunk magic");
   if (get64(hdr + 8) != tr_id)
      damaged("chunk belongs to another recording (trace id differs)");
   if (get32(hdr + 4) != tr_seq) damaged("chunk out of sequence");
   UInt method = get32(hdr + 16);
   UInt clen   = get32(hdr + 20);
   UInt rlen   = get32(hdr + 24);
   /* zlib cannot expand more than about 1032 times. */
   if (method > RG_METHOD_ZLIB || clen > RG_CHUNK_MAX || rlen > RG_CHUNK_MAX
       || (method == RG_METHOD_STORED && clen != rlen)
       || (ULong)rlen > (ULong)clen * 1032 + 64)
      damaged("impossible chunk lengths");
   /* Every chunk holds a record: an empty one would make the reader
      turn its two buffers twice for one record. */
   if (rlen == 0) damaged("empty chunk");
   if (tr_off + sizeof hdr + clen > tr_size)
      return False;               /* cut off inside a payload */
   if (RG_(tr_saw_end)) damaged("chunk after the end record");

   tr_stored.len = 0;
   RG_(buf_reserve)(&tr_stored, clen);
   n = read_upto(tr_stored.data, clen);
   if (n < clen) return False;   /* cut off inside a payload */
   if (crc32(0, tr_stored.data, clen) != get32(hdr + 28))
      damaged("payload checksum mismatch");

   tr_cur_buf ^= 1;
   tr_raw.len = 0;
   RG_(buf_reserve)(&tr_raw, rlen);
   if (method == RG_METHOD_STORED) {
      VG_(memcpy)(tr_raw.data, tr_stored.data, clen);
   } else {
      z_stream z;
      VG_(memset)(&z, 0, sizeof z);
      z.zalloc = RG_(zalloc);
      z.zfree  = RG_(zfree);
      if (inflateInit(&z) != Z_OK) damaged("zlib cannot start");
      z.next_in   = tr_stored.data;
      z.avail_in  = clen;
      z.next_out  = tr_raw.data;
      z.avail_out = rlen;
      Int rc = inflate(&z, Z_FINISH);
      Bool ok = rc == Z_STREAM_END && z.total_out == rlen;
      inflateEnd(&z);
      if (!ok) damaged("payload does not inflate to its recorded length");
   }
   tr_raw.len = rlen;
   tr_cur.p   = tr_raw.data;
   tr_cur.end = tr_raw.data + rlen;
   tr_cur.bad = False;
   tr_off += sizeof hdr + clen;
   tr_seq++;
   return True;
}

/* Records hold no length, so each kind is skipped by its layout
   (rg_format.h) to find the next record; returns the end of the
   layout it walked (at a ']' or its NUL).  Fields after tid/icount
   are left to the caller. */
static const HChar* skip_layout(RgCur* c, const HChar* l)
{
   SizeT n;
   while (*l && *l != ']' && !c->bad) {
      switch (*l++) {
         case 'v': case 'z': RG_(cur_v)(c); break;
         case 'b': RG_(cur_b)(c, &n); break;
         case 'F': skip_layout(c, RG_LAYOUT_FILE); break;
         case '[': {
            const HChar* close = VG_(strchr)(l, ']');
            ULong i, k = RG_(cur_v)(c);
            for (i = 0; i < k && !c->bad; i++) skip_layout(c, l);
            l = close + 1;
            break;
         }
      }
   }
   return l;
}

static void skip_body(UChar kind, RgCur* c)
{
   static const HChar* const layout[RG_N_REC_KINDS] = RG_REC_LAYOUTS;
   if (kind >= RG_N_REC_KINDS || !layout[kind]) { c->bad = True; return; }
   skip_layout(c, layout[kind]);
}

/* What each field may hold, beyond being there: a record that passes
   can be used without further range checks of these fields. */
static const HChar* check_body(UChar kind, UInt tid, RgCur c)
{
   SizeT n;
   ULong i, k;
   switch (kind) {
      case RG_REC_FILE: {
         RG_(cur_b)(&c, &n);
         ULong size = RG_(cur_v)(&c);
         for (i = 0; i < 5; i++) RG_(cur_v)(&c);
         ULong off = RG_(cur_v)(&c);
         RG_(cur_b)(&c, &n);
         if (n && (off > size || n > size - off))
            return "embedded bytes beyond the file's size";
         break;
      }
      case RG_REC_SYSCALL: {
         if (RG_(cur_v)(&c) > 0xffffffffULL) return "bad syscall number";
         k = RG_(cur_v)(&c);
         if (k > 6) return "more than 6 syscall arguments";
         for (i = 0; i < k; i++) RG_(cur_v)(&c);
         /* Errors are -4095..-1 (the kernel's convention). */
         if (RG_(cur_z)(&c) < -4095) return "bad syscall result";
         break;
      }
      case RG_REC_NONDET: {
         static const UChar nvals[RG_ND_N] = { 1, 3, 5, 1, 1 };
         ULong kd = RG_(cur_v)(&c);
         k = RG_(cur_v)(&c);
         if (kd >= RG_ND_N || k != nvals[kd])
            return "bad nondeterministic instruction record";
         break;
      }
      case RG_REC_SIGNAL: {
         ULong sig = RG_(cur_v)(&c);
         if (sig < 1 || sig > RG_NSIG || sig == 9 /*KILL*/
             || sig == 19 /*STOP*/ || RG_(cur_v)(&c) > RG_SIGF_SYNC)
            return "bad signal number";
         break;
      }
      case RG_REC_END:
         if (RG_(cur_v)(&c) > RG_END_REFUSED) return "bad end reason";
         break;
      case RG_REC_LOAD:
         RG_(cur_v)(&c);
         RG_(cur_b)(&c, &n);
         if (n == 0 || n > RG_LOAD_MAX) return "bad shared load size";
         break;
      case RG_REC_SCHED:
         k = RG_(cur_v)(&c);
         if (k == 0 || k >= RG_MAX_SERIAL || k == tid)
            return "bad thread switch";
         break;
   }
   return NULL;
}

static Bool read_rec(RgRec* r)
{
   while (tr_cur.p >= tr_cur.end) {
      if (tr_eof || !next_chunk()) { tr_eof = True; return False; }
   }
   RgCur* c = &tr_cur;
   VG_(memset)(r, 0, sizeof *r);
   r->kind = RG_(cur_u8)(c);
   if (RG_REC_IS_EVENT(r->kind)) {
      ULong tid = RG_(cur_v)(c);
      ULong d = RG_(cur_v)(c);
      if (c->bad || tid == 0 || tid >= RG_MAX_SERIAL)
         damaged("bad thread id in an event");
      r->tid = tid;
      if (r->tid >= tr_icap) {
         UInt n = tr_icap ? 2 * tr_icap : 64;
         while (n <= r->tid) n *= 2;
         tr_last_icount = VG_(realloc)("rg.tr", tr_last_icount,
                                       n * sizeof(ULong));
         VG_(memset)(tr_last_icount + tr_icap, 0,
                     (n - tr_icap) * sizeof(ULong));
         tr_icap = n;
      }
      tr_last_icount[r->tid] += d;
      r->icount = tr_last_icount[r->tid];
      r->evno = ++RG_(tr_nevents);
   }
   r->body.p   = c->p;
   r->body.end = c->end;
   r->body.bad = False;
   skip_body(r->kind, c);
   if (c->bad) damaged("malformed record");
   r->body.end = c->p;
   const HChar* why = check_body(r->kind, r->tid, r->body);
   if (why) damaged(why);
   if (r->kind == RG_REC_END) {
      RgCur e = r->body;
      RG_(tr_saw_end) = True;
      RG_(tr_end_reason) = RG_(cur_v)(&e);
   }
   return True;
}

Bool RG_(tr_peek)(RgRec* r)
{
   if (!tr_have_peek) {
      if (!read_rec(&tr_peeked)) return False;
      tr_have_peek = True;
   }
   *r = tr_peeked;
   return True;
}

Bool RG_(tr_next)(RgRec* r)
{
   if (tr_have_peek) {
      *r = tr_peeked;
      tr_have_peek = False;
      return True;
   }
   return read_rec(r);
}

void RG_(tr_close)(void)
{
   if (tr_fd >= 0) VG_(close)(tr_fd);
   tr_fd = -1;
}

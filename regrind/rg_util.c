/*--------------------------------------------------------------------*/
/*--- regrind: byte buffers, varints, cursors.           rg_util.c ---*/
/*--------------------------------------------------------------------*/

#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_mallocfree.h"
#include "rg_include.h"

/*------------------------------------------------------------*/
/*--- Growable byte buffers                                ---*/
/*------------------------------------------------------------*/

void RG_(buf_init)(RgBuf* b, SizeT cap)
{
   b->cap  = cap < 64 ? 64 : cap;
   b->len  = 0;
   b->data = VG_(malloc)("rg.buf", b->cap);
}

void RG_(buf_free)(RgBuf* b)
{
   if (b->data) VG_(free)(b->data);
   b->data = NULL;
   b->len = b->cap = 0;
}

void RG_(buf_reserve)(RgBuf* b, SizeT more)
{
   if (b->len + more <= b->cap) return;
   SizeT nc = b->cap ? b->cap * 2 : 64;
   while (nc < b->len + more) nc *= 2;
   b->data = VG_(realloc)("rg.buf", b->data, nc);
   b->cap  = nc;
}

void RG_(buf_put)(RgBuf* b, const void* p, SizeT n)
{
   RG_(buf_reserve)(b, n);
   VG_(memcpy)(b->data + b->len, p, n);
   b->len += n;
}

void RG_(buf_u8)(RgBuf* b, UChar v)
{
   RG_(buf_reserve)(b, 1);
   b->data[b->len++] = v;
}

void RG_(buf_v)(RgBuf* b, ULong v)
{
   RG_(buf_reserve)(b, 10);
   UChar* p = b->data + b->len;
   while (v >= 0x80) { *p++ = (UChar)(v | 0x80); v >>= 7; }
   *p++ = (UChar)v;
   b->len = p - b->data;
}

void RG_(buf_z)(RgBuf* b, Long v)
{
   RG_(buf_v)(b, ((ULong)v << 1) ^ (ULong)(v >> 63));
}

void RG_(buf_b)(RgBuf* b, const void* p, SizeT n)
{
   RG_(buf_v)(b, n);
   RG_(buf_put)(b, p, n);
}

void RG_(buf_s)(RgBuf* b, const HChar* s)
{
   RG_(buf_b)(b, s, s ? VG_(strlen)(s) : 0);
}

/*------------------------------------------------------------*/
/*--- Cursors                                              ---*/
/*------------------------------------------------------------*/

UChar RG_(cur_u8)(RgCur* c)
{
   if (c->p >= c->end) { c->bad = True; return 0; }
   return *c->p++;
}

ULong RG_(cur_v)(RgCur* c)
{
   ULong v = 0;
   UInt  shift = 0;
   while (1) {
      if (c->p >= c->end || shift > 63) { c->bad = True; return 0; }
      UChar x = *c->p++;
      v |= (ULong)(x & 0x7f) << shift;
      if (!(x & 0x80)) return v;
      shift += 7;
   }
}

Long RG_(cur_z)(RgCur* c)
{
   ULong u = RG_(cur_v)(c);
   return (Long)(u >> 1) ^ -(Long)(u & 1);
}

const UChar* RG_(cur_b)(RgCur* c, SizeT* len)
{
   ULong n = RG_(cur_v)(c);
   if (c->bad || n > (ULong)(c->end - c->p)) {
      c->bad = True; *len = 0; return c->p;
   }
   const UChar* p = c->p;
   c->p += n;
   *len = n;
   return p;
}

HChar* RG_(cur_s)(RgCur* c, const HChar* cc)
{
   SizeT n;
   const UChar* p = RG_(cur_b)(c, &n);
   HChar* s = VG_(malloc)(cc, n + 1);
   VG_(memcpy)(s, p, n);
   s[n] = 0;
   return s;
}

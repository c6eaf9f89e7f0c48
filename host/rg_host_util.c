/*--------------------------------------------------------------------*/
/*--- host library: errors, memory, strings, cursors              ---*/
/*---                                              rg_host_util.c ---*/
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
#include <setjmp.h>

#include "rg_host.h"

/*------------------------------------------------------------*/
/*--- Errors and memory                                    ---*/
/*------------------------------------------------------------*/

jmp_buf* die_jmp;
char     die_msg[1024];

__attribute__((noreturn, format(printf, 1, 2)))
void die(const char* fmt, ...)
{
   va_list ap;
   if (die_jmp) {
      va_start(ap, fmt);
      vsnprintf(die_msg, sizeof die_msg, fmt, ap);
      va_end(ap);
      longjmp(*die_jmp, 1);
   }
   fflush(stdout);
   fprintf(stderr, "%s: ", progname);
   va_start(ap, fmt);
   vfprintf(stderr, fmt, ap);
   va_end(ap);
   fputc('\n', stderr);
   exit(2);
}

void* xrealloc(void* p, size_t n)
{
   void* q = realloc(p, n ? n : 1);
   if (!q) die("out of memory (wanted %zu bytes)", n);
   return q;
}

void* xmalloc(size_t n) { return xrealloc(NULL, n); }

/*------------------------------------------------------------*/
/*--- Growable strings                                     ---*/
/*------------------------------------------------------------*/

void sb_reserve(Str* b, size_t more)
{
   if (b->len + more + 1 <= b->cap) return;
   size_t nc = b->cap ? b->cap * 2 : 256;
   while (nc < b->len + more + 1) nc *= 2;
   b->s = xrealloc(b->s, nc);
   b->cap = nc;
}

void sb_reset(Str* b)
{
   sb_reserve(b, 0);
   b->len = 0;
   b->s[0] = 0;
}

void sb_putc(Str* b, char c)
{
   sb_reserve(b, 1);
   b->s[b->len++] = c;
   b->s[b->len] = 0;
}

__attribute__((format(printf, 2, 3)))
void sb_printf(Str* b, const char* fmt, ...)
{
   va_list ap;
   sb_reserve(b, 64);
   va_start(ap, fmt);
   int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
   va_end(ap);
   if (n < 0) return;
   if ((size_t)n >= b->cap - b->len) {
      sb_reserve(b, (size_t)n);
      va_start(ap, fmt);
      vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
      va_end(ap);
   }
   b->len += (size_t)n;
}

void sb_free(Str* b)
{
   free(b->s);
   b->s = NULL;
   b->len = b->cap = 0;
}

/* Length of the valid UTF-8 sequence at p (of at most n bytes) that
   encodes a character XML allows and a terminal shows, or 0. */
size_t utf8_ok(const u8* p, size_t n)
{
   uint32_t c;
   size_t k;
   if (p[0] < 0xc2 || p[0] > 0xf4) return 0;
   k = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
   if (k > n) return 0;
   c = p[0] & (0x7f >> k);
   for (size_t i = 1; i < k; i++) {
      if ((p[i] & 0xc0) != 0x80) return 0;
      c = (c << 6) | (p[i] & 0x3f);
   }
   if ((k == 3 && c < 0x800) || (k == 4 && c < 0x10000) || c > 0x10ffff)
      return 0;                            /* overlong, out of range */
   if (c < 0xa0) return 0;                 /* C1 controls */
   if (c >= 0xd800 && c <= 0xdfff) return 0;
   if (c == 0xfffe || c == 0xffff) return 0;
   return k;
}

/* Append bytes from the trace as text: printable ASCII and valid
   UTF-8 as they are, backslash as \\, everything else as \n, \t or
   \xNN.  The result is always valid UTF-8 without control characters,
   so it is safe on a terminal and in XML.  quote: also escape '"'. */
void sb_esc(Str* b, const u8* p, size_t n, int quote)
{
   size_t i = 0;
   sb_reserve(b, n);
   while (i < n) {
      u8 c = p[i];
      if (c == '\\') { sb_putc(b, '\\'); sb_putc(b, '\\'); i++; continue; }
      if (quote && c == '"') { sb_putc(b, '\\'); sb_putc(b, '"'); i++; continue; }
      if (c >= 0x20 && c < 0x7f) { sb_putc(b, (char)c); i++; continue; }
      if (c == '\n') { sb_putc(b, '\\'); sb_putc(b, 'n'); i++; continue; }
      if (c == '\t') { sb_putc(b, '\\'); sb_putc(b, 't'); i++; continue; }
      size_t k = c >= 0x80 ? utf8_ok(p + i, n - i) : 0;
      if (k) {
         for (size_t j = 0; j < k; j++) sb_putc(b, (char)p[i + j]);
         i += k;
         continue;
      }
      sb_printf(b, "\\x%02x", c);
      i++;
   }
}

void sb_hex(Str* b, const u8* p, size_t n)
{
   static const char hx[] = "0123456789abcdef";
   sb_reserve(b, 2 * n);
   for (size_t i = 0; i < n; i++) {
      b->s[b->len++] = hx[p[i] >> 4];
      b->s[b->len++] = hx[p[i] & 15];
   }
   b->s[b->len] = 0;
}

void out_flush(void)
{
   if (fflush(stdout) != 0 || ferror(stdout))
      die("cannot write the output: %s", strerror(errno));
}

/*------------------------------------------------------------*/
/*--- Cursors over decoded bytes (as rg_util.c)            ---*/
/*------------------------------------------------------------*/

unsigned cur_u8(Cur* c)
{
   if (c->p >= c->end) { c->bad = 1; return 0; }
   return *c->p++;
}

uint64_t cur_v(Cur* c)
{
   uint64_t v = 0;
   unsigned shift = 0;
   while (1) {
      if (c->p >= c->end || shift > 63) { c->bad = 1; return 0; }
      u8 x = *c->p++;
      v |= (uint64_t)(x & 0x7f) << shift;
      if (!(x & 0x80)) return v;
      shift += 7;
   }
}

int64_t cur_z(Cur* c)
{
   uint64_t u = cur_v(c);
   return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

const u8* cur_b(Cur* c, size_t* len)
{
   uint64_t n = cur_v(c);
   if (c->bad || n > (uint64_t)(c->end - c->p)) {
      c->bad = 1; *len = 0; return c->p;
   }
   const u8* p = c->p;
   c->p += n;
   *len = (size_t)n;
   return p;
}

/* cpu: CPU-bound work -- xorshift-filled buffer, FNV-1a hashing over it,
   then qsort of N ints.  Prints checksums so that a replay's output can be
   compared with the recording's.
   usage: cpu MB_TO_HASH NUM_INTS */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define XS_SEED 88172645463325252ULL
#include "xorshift.h"

static int cmp_int(const void *a, const void *b)
{
   int x = *(const int *)a, y = *(const int *)b;
   return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
   size_t mb = argc > 1 ? strtoul(argv[1], 0, 10) : 96;
   size_t n = argc > 2 ? strtoul(argv[2], 0, 10) : 3000000;

   /* hashing: a 4 MiB buffer hashed mb/4 times with a varying seed */
   size_t blen = 4u << 20;
   uint64_t *buf = malloc(blen);
   if (!buf) return 2;
   for (size_t i = 0; i < blen / 8; i++) buf[i] = xorshift64();
   uint64_t h = 0;
   for (size_t r = 0; r < mb / 4; r++) {
      uint64_t f = 14695981039346656037ULL ^ r;
      const unsigned char *p = (const unsigned char *)buf;
      for (size_t i = 0; i < blen; i++) {
         f ^= p[i];
         f *= 1099511628211ULL;
      }
      h ^= f;
   }
   printf("fnv1a over %zu MiB: %016llx\n", mb, (unsigned long long)h);

   /* sorting */
   int *a = malloc(n * sizeof *a);
   if (!a) return 2;
   for (size_t i = 0; i < n; i++) a[i] = (int)(xorshift64() >> 33);
   qsort(a, n, sizeof *a, cmp_int);
   uint64_t s = 0;
   for (size_t i = 0; i < n; i++) {
      if (i && a[i - 1] > a[i]) { printf("not sorted\n"); return 1; }
      s = s * 31 + (uint64_t)a[i];
   }
   printf("qsort of %zu ints: min %d median %d max %d sum-hash %016llx\n",
          n, a[0], a[n / 2], a[n - 1], (unsigned long long)s);
   free(a);
   free(buf);
   return 0;
}

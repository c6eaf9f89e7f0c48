/* mem: memory-heavy work -- large allocations touched page by page, then
   malloc/free churn of many small blocks, then realloc growth.
   usage: mem BIG_MB CHURN_OPS */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XS_SEED 0x9E3779B97F4A7C15ULL
#include "xorshift.h"

#define SLOTS 100000

int main(int argc, char **argv)
{
   size_t big_mb = argc > 1 ? strtoul(argv[1], 0, 10) : 256;
   size_t ops = argc > 2 ? strtoul(argv[2], 0, 10) : 3000000;
   uint64_t sum = 0;

   /* 1: large blocks of 16 MiB, every page written, then summed */
   size_t nblk = big_mb / 16, blk = 16u << 20;
   unsigned char **bigs = calloc(nblk ? nblk : 1, sizeof *bigs);
   for (size_t b = 0; b < nblk; b++) {
      bigs[b] = malloc(blk);
      if (!bigs[b]) return 2;
      memset(bigs[b], (int)(b + 1), blk);
      for (size_t off = 0; off < blk; off += 4096)
         bigs[b][off] = (unsigned char)(off >> 12);
   }
   for (size_t b = 0; b < nblk; b++) {
      for (size_t off = 0; off < blk; off += 512) sum += bigs[b][off];
      free(bigs[b]);
   }
   printf("big: %zu x 16 MiB, sum %llu\n", nblk, (unsigned long long)sum);

   /* 2: churn -- a live set of up to SLOTS small blocks of 16..1039 bytes */
   void **slot = calloc(SLOTS, sizeof *slot);
   size_t *len = calloc(SLOTS, sizeof *len);
   size_t live = 0, peak = 0, total = 0;
   sum = 0;
   for (size_t i = 0; i < ops; i++) {
      uint64_t r = xorshift64();
      size_t k = r % SLOTS;
      if (slot[k]) {
         sum += ((unsigned char *)slot[k])[len[k] - 1];
         free(slot[k]);
         slot[k] = 0;
         live -= len[k];
      } else {
         size_t n = 16 + ((r >> 20) & 1023);
         unsigned char *p = malloc(n);
         if (!p) return 2;
         p[0] = (unsigned char)i;
         p[n - 1] = (unsigned char)(i >> 3);
         slot[k] = p;
         len[k] = n;
         live += n;
         total += n;
         if (live > peak) peak = live;
      }
   }
   for (size_t k = 0; k < SLOTS; k++) free(slot[k]);
   printf("churn: %zu ops, %zu bytes allocated, peak live %zu, sum %llu\n",
          ops, total, peak, (unsigned long long)sum);

   /* 3: realloc growth of a few vectors up to 8 MiB each */
   sum = 0;
   for (int v = 0; v < 8; v++) {
      size_t cap = 16, n = 0;
      uint32_t *vec = malloc(cap * sizeof *vec);
      while (n < (2u << 20)) {
         if (n == cap) {
            cap *= 2;
            vec = realloc(vec, cap * sizeof *vec);
            if (!vec) return 2;
         }
         vec[n++] = (uint32_t)xorshift64();
      }
      for (size_t i = 0; i < n; i += 1024) sum += vec[i];
      free(vec);
   }
   printf("realloc: 8 vectors of 8 MiB, sum %llu\n", (unsigned long long)sum);
   free(slot);
   free(len);
   free(bigs);
   return 0;
}

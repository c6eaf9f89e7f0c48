/* Heap growth: sbrk and malloc of many sizes; print the addresses. */
#include "rgtest.h"
#include <unistd.h>
#include <malloc.h>
#include <sys/random.h>

int main(void)
{
   void *b0 = sbrk(0);
   printf("sbrk0 %p\n", b0);
   static const size_t sizes[] = { 1, 8, 24, 100, 1000, 4096, 10000, 65536,
                                   131072, 200000, 1 << 20, 3 << 20, 17 };
   void *ptrs[64];
   int n = 0;
   for (int round = 0; round < 3; round++)
      for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
         void *q = malloc(sizes[i]);
         memset(q, round + 1, sizes[i]);
         printf("malloc %zu -> %p\n", sizes[i], q);
         ptrs[n++] = q;
      }
   for (int i = 0; i < n; i += 2)
      free(ptrs[i]);
   /* A size that differs every run: later addresses depend on it. */
   unsigned rnd = 0;
   getrandom(&rnd, sizeof rnd, 0);
   size_t odd = 1000 + rnd % 200000;
   void *o = malloc(odd);
   printf("malloc(random %zu) -> %p\n", odd, o);
   void *c = calloc(1000, 33);
   printf("calloc -> %p\n", c);
   void *r = realloc(ptrs[1], 500000);
   printf("realloc -> %p\n", r);
   void *s = sbrk(12345);
   printf("sbrk(12345) -> %p now %p\n", s, sbrk(0));
   void *al = memalign(4096, 100);
   printf("memalign -> %p\n", al);
   struct mallinfo2 mi = mallinfo2();
   printf("arena %zu hblks %zu\n", mi.arena, mi.hblks);
   int local;
   printf("stack %p\n", (void *)&local);
   printf("main %p\n", (void *)main);
   return 0;
}

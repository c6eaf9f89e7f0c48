/* Time travel latency benchmark target: tick(0), then N rounds of
   arithmetic, then done().  reverse-continue from done() with a
   breakpoint on tick goes back over the whole work. */
#include <stdio.h>
#include <stdlib.h>

volatile unsigned long long sink;

__attribute__((noinline)) void tick(int n) { sink += n; }
__attribute__((noinline)) void done(void) { sink++; }

__attribute__((noinline)) unsigned long long work(unsigned long long n)
{
   unsigned long long x = 1, i;
   for (i = 0; i < n; i++)
      x = x * 6364136223846793005ULL + i;
   return x;
}

int main(int argc, char** argv)
{
   unsigned long long n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
   tick(0);
   sink += work(n);
   done();
   printf("%llu\n", (unsigned long long)sink);
   return 0;
}

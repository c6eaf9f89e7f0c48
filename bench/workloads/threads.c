/* threads: a multi-threaded program with contention -- T threads update a
   shared table under one mutex, with a little private work between
   updates.  The result does not depend on the interleaving.
   usage: threads NTHREADS ITERS_PER_THREAD */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define TABLE 4096
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t table[TABLE];
static uint64_t total;
static long iters;

static void *worker(void *arg)
{
   uint64_t x = 0x2545F4914F6CDD1DULL * ((uintptr_t)arg + 1);
   for (long i = 0; i < iters; i++) {
      x ^= x << 13; x ^= x >> 7; x ^= x << 17;
      uint64_t v = 0;
      for (int k = 0; k < 16; k++) v += (x >> k) & 0xff;   /* private work */
      pthread_mutex_lock(&lock);
      table[x % TABLE] += v;
      total += v;
      pthread_mutex_unlock(&lock);
   }
   return 0;
}

int main(int argc, char **argv)
{
   int nt = argc > 1 ? atoi(argv[1]) : 4;
   iters = argc > 2 ? atol(argv[2]) : 2000000;
   pthread_t th[64];
   if (nt < 1 || nt > 64) return 2;
   for (int t = 0; t < nt; t++)
      if (pthread_create(&th[t], 0, worker, (void *)(uintptr_t)t)) return 1;
   for (int t = 0; t < nt; t++) pthread_join(th[t], 0);
   uint64_t check = 0;
   for (int i = 0; i < TABLE; i++) check += table[i];
   printf("%d threads x %ld updates: total %llu, table %s\n", nt, iters,
          (unsigned long long)total, check == total ? "consistent" : "INCONSISTENT");
   return check == total ? 0 : 1;
}

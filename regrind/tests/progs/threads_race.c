/* Four threads update a counter without a lock and log the order of
   their updates; the hash of that order and the lost updates differ
   between native runs and between plain Valgrind runs (short sleeps
   make the threads meet in a different order each time). */
#include "rgtest.h"
#include <pthread.h>

#define NT    4
#define ITERS 3000

static volatile long counter;
static volatile unsigned char order[NT * ITERS];
static volatile long pos;

static void* worker(void* arg)
{
   long id = (long)arg;
   for (long i = 0; i < ITERS; i++) {
      long c = counter;               /* racy read-modify-write */
      for (volatile int k = 0; k < 20; k++) ;
      counter = c + 1;
      long p = pos;
      if (p < NT * ITERS) order[p] = (unsigned char)id;
      pos = p + 1;
      if (i % 500 == 0) {
         struct timespec ts = { 0, 1000 * (id + 1) };
         nanosleep(&ts, NULL);
      }
   }
   return NULL;
}

int main(void)
{
   pthread_t t[NT];
   for (long i = 0; i < NT; i++)
      pthread_create(&t[i], NULL, worker, (void*)i);
   for (int i = 0; i < NT; i++)
      pthread_join(t[i], NULL);
   long n = pos < NT * ITERS ? pos : NT * ITERS;
   printf("counter %ld (lost %ld), order hash %016llx\n", counter,
          (long)NT * ITERS - counter,
          (unsigned long long)rg_hash((const void*)order, n));
   return 0;
}

/* rarerace: two threads add 1 to a shared balance, without a lock, a
   few thousand times each, with some computing in between whose length
   depends on the clock.  The read-modify-write spans a call, so an
   update is lost only when the other thread runs between the read and
   the write back.  Natively that happens in most runs.  Under Valgrind
   threads switch only at blocking syscalls and at the end of a time
   slice (100000 event checks; VEX puts them where backward jumps land,
   and the tiny loop in the window has one); with the default lock the
   thread whose slice ended mostly takes the lock straight back, so the
   race almost never shows; with --fair-sched=yes it shows sometimes.  Exit status 1 and
   "LOST" when an update was lost.  usage: rarerace [ITERS] */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile long balance;
static long iters;
static volatile int turns = 2;

/* The window: a call and a two-turn loop. */
__attribute__((noinline)) static void audit(volatile long* x)
{
   for (int j = 0; j < turns; j++) *x += j;
}

static void* worker(void* arg)
{
   volatile long x = 0;
   for (long i = 0; i < iters; i++) {
      struct timespec ts;
      clock_gettime(CLOCK_MONOTONIC, &ts);
      long n = 100 + (ts.tv_nsec >> 4) % 64;    /* varies with time */
      for (long k = 0; k < n; k++) x += k;
      long c = balance;                          /* read       */
      audit(&x);                                 /* the window */
      balance = c + 1;                           /* write back */
   }
   return NULL;
}

int main(int argc, char** argv)
{
   iters = argc > 1 ? atol(argv[1]) : 2000;
   pthread_t a, b;
   pthread_create(&a, NULL, worker, NULL);
   pthread_create(&b, NULL, worker, NULL);
   pthread_join(a, NULL);
   pthread_join(b, NULL);
   if (balance != 2 * iters) {
      printf("LOST %ld updates\n", 2 * iters - balance);
      return 1;
   }
   printf("ok %ld\n", balance);
   return 0;
}

/* pingpong: two threads hand a token back and forth through a mutex and
   two condition variables, N times: every handoff is a thread switch
   (the worst case for a record/replay scheduler).
   usage: pingpong HANDOFFS */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv[2] = { PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER };
static long turn, n, sum;

static void *player(void *arg)
{
   long me = (long)arg;
   pthread_mutex_lock(&mu);
   for (;;) {
      while (turn < n && (turn & 1) != me) pthread_cond_wait(&cv[me], &mu);
      if (turn >= n) break;
      sum += turn * (me + 1);
      turn++;
      pthread_cond_signal(&cv[!me]);
   }
   pthread_cond_signal(&cv[!me]);
   pthread_mutex_unlock(&mu);
   return 0;
}

int main(int argc, char **argv)
{
   n = argc > 1 ? atol(argv[1]) : 100000;
   pthread_t a, b;
   pthread_create(&a, 0, player, (void *)0);
   pthread_create(&b, 0, player, (void *)1);
   pthread_join(a, 0);
   pthread_join(b, 0);
   printf("%ld handoffs, sum %ld\n", turn, sum);
   return 0;
}

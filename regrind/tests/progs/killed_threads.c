/* killed_threads: three threads spin (one of them writes a line now and
   then) while the main thread waits for them; a child sends SIGINT to
   the process after a while.  Whichever thread takes it, the process
   dies of it at some point.  Replay must die of SIGINT at the recorded
   point, not run on. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long counts[3];

static void* spin(void* p)
{
   long i = (long)p;
   for (;;) {
      counts[i]++;
      if (i == 0 && (counts[i] & 0xfffff) == 0) {
         char b[64];
         int n = snprintf(b, sizeof b, "%lu\n", counts[i]);
         if (write(1, b, n) != n) abort();
      }
   }
   return NULL;
}

int main(void)
{
   unsigned v;
   if (getrandom(&v, sizeof v, 0) != sizeof v) abort();
   printf("start %u\n", v);
   fflush(stdout);
   pid_t parent = getpid();
   if (fork() == 0) {
      struct timespec t = { 0, 400 * 1000 * 1000 };
      nanosleep(&t, NULL);
      kill(parent, SIGINT);
      _exit(0);
   }
   pthread_t t[3];
   for (long i = 0; i < 3; i++) pthread_create(&t[i], NULL, spin, (void*)i);
   pthread_join(t[0], NULL);
   return 0;
}

/* killed: a child sends SIGTERM to its parent after a while; the parent
   spins, printing a line every 2^18 iterations, and dies of it at
   whatever point it reached (in a write, or between two).  Replay must
   print exactly the recorded lines and die of SIGTERM at the recorded
   instruction. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
   pid_t parent = getpid();
   printf("pid %d\n", (int)parent);
   fflush(stdout);
   if (fork() == 0) {
      struct timespec t = { 0, 300 * 1000 * 1000 };
      nanosleep(&t, NULL);
      kill(parent, SIGTERM);
      _exit(0);
   }
   unsigned long i, x = 1;
   for (i = 1;; i++) {
      x = x * 6364136223846793005UL + 1442695040888963407UL;
      if ((i & ((1UL << 18) - 1)) == 0) {
         char buf[64];
         int n = snprintf(buf, sizeof buf, "%lu %lx\n", i, x);
         if (write(1, buf, n) != n) abort();
      }
   }
}

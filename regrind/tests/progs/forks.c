/* Forks three children that print the time and exit with different
   statuses; the parent reaps each and reports.  The children are
   recorded into their own files and replayed as real processes. */
#include "rgtest.h"
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
   for (int i = 0; i < 3; i++) {
      fflush(stdout);
      pid_t p = fork();
      if (p == 0) {
         printf("child %d pid %d time %lld\n", i, getpid(),
                rg_now_ns(CLOCK_REALTIME));
         return i + 1;
      }
      int st = 0;
      pid_t w = waitpid(p, &st, 0);
      printf("parent reaped %d: pid %d status %d same=%d\n", i, p,
             WEXITSTATUS(st), w == p);
   }
   return 0;
}

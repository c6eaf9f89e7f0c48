/* Forks children that exec date(1), with a SIGCHLD handler counting
   their ends; the parent reaps each.  regrind follows execve by
   default: each exec'd date is recorded and replayed. */
#include "rgtest.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int ends;
static void on_chld(int sig) { (void)sig; ends++; }

int main(void)
{
   signal(SIGCHLD, on_chld);
   for (int i = 0; i < 3; i++) {
      fflush(stdout);
      pid_t p = fork();
      if (p == 0) {
         execl("/bin/date", "date", "+date says %s.%N", (char*)NULL);
         _exit(127);
      }
      int st = 0;
      while (waitpid(p, &st, 0) < 0) {}
      printf("child %d exited %d, SIGCHLDs so far %d, parent time %lld\n",
             i, WEXITSTATUS(st), ends, rg_now_ns(CLOCK_REALTIME));
   }
   return 0;
}

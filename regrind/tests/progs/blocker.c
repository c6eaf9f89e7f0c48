/* A parent that forks and then waits (wait4) while its child prints
   three lines and blocks reading stdin (a pipe that stays open): both
   block in syscalls with events of their own not yet written. */
#include "rgtest.h"
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
   printf("parent: pid %s, forking\n", getpid() > 0 ? "ok" : "bad");
   fflush(stdout);
   pid_t pid = fork();
   if (pid == 0) {
      for (int i = 1; i <= 3; i++)
         printf("child: line %d at %lld\n", i, rg_now_ns(CLOCK_REALTIME));
      fflush(stdout);
      char c;
      ssize_t n = read(0, &c, 1);
      printf("child: read %zd\n", n);
      return 0;
   }
   int st;
   waitpid(pid, &st, 0);
   printf("parent: child ended %d\n", st);
   return 0;
}

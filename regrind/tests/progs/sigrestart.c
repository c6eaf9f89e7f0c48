/* A timer signal interrupts a blocking read on a pipe, which the kernel
   restarts (SA_RESTART); the third signal's handler writes the byte the
   read waits for.  Also a pause() ended by a signal (EINTR). */
#include "rgtest.h"
#include <errno.h>
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

static int fds[2];
static volatile int hits;
static volatile long long when[8];

static void on_alarm(int sig)
{
   (void)sig;
   if (hits < 8) when[hits] = rg_now_ns(CLOCK_MONOTONIC);
   if (++hits == 3) {
      char c = 'x';
      if (write(fds[1], &c, 1) != 1) _exit(9);
   }
}

int main(void)
{
   struct sigaction sa;
   memset(&sa, 0, sizeof sa);
   sa.sa_handler = on_alarm;
   sa.sa_flags = SA_RESTART;
   sigaction(SIGALRM, &sa, NULL);
   if (pipe(fds) != 0) return 1;

   struct itimerval it = { { 0, 30000 }, { 0, 30000 } };
   setitimer(ITIMER_REAL, &it, NULL);
   char c = 0;
   ssize_t r = read(fds[0], &c, 1);
   printf("read r=%zd c=%c hits=%d\n", r, c, hits);

   int before = hits;
   int pr = pause();
   printf("pause r=%d errno=%d hits>before=%d\n", pr, errno, hits > before);
   struct itimerval off = { { 0, 0 }, { 0, 0 } };
   setitimer(ITIMER_REAL, &off, NULL);
   for (int i = 0; i < 4; i++)
      printf("hit %d at %lld\n", i, when[i]);
   return 0;
}

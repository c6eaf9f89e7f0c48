/* Time travel in gdb: a global changed by a function on each round,
   a local changed line by line, a syscall per round; with an argument,
   SIGALRM from an interval timer interrupts the rounds (async signals
   at times that differ every run).
   test-flags: -O0 -g */
#include "rgtest.h"
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

long counter;                            /* the watched variable */
static volatile sig_atomic_t fired;

static void on_alrm(int s) { (void)s; fired++; }

__attribute__((noinline)) long step(long i)
{
   long sq = i * i;
   sq += 100;
   sq *= 2;
   counter += sq;
   return sq;
}

__attribute__((noinline)) void mark(long v)
{
   __asm__ volatile("" ::: "memory");
   (void)v;
}

int main(int argc, char** argv)
{
   int sig = argc > 1;
   (void)argv;
   if (sig) {
      struct sigaction sa = { 0 };
      sa.sa_handler = on_alrm;
      sigaction(SIGALRM, &sa, NULL);
      struct itimerval it = { { 0, 2000 }, { 0, 2000 } };
      setitimer(ITIMER_REAL, &it, NULL);
   }
   for (long i = 1; i <= 5; i++) {
      long r = step(i);
      mark(r);
      getppid();
      while (sig && fired < i)
         counter ^= 0;
   }
   if (sig) {
      struct itimerval off = { { 0, 0 }, { 0, 0 } };
      setitimer(ITIMER_REAL, &off, NULL);
   }
   printf("counter %ld pid %d\n", counter, getpid());
   return 0;
}

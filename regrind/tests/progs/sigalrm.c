/* An asynchronous signal: spin until SIGALRM from an interval timer
   arrives; the number of iterations differs every run. Also a synchronous
   signal sent to itself. */
#include "rgtest.h"
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t fired;
static volatile sig_atomic_t usr1;

static void on_alrm(int sig) { (void)sig; fired++; }
static void on_usr1(int sig) { (void)sig; usr1++; }

int main(void)
{
   struct sigaction sa = { 0 };
   sa.sa_handler = on_alrm;
   sigaction(SIGALRM, &sa, NULL);
   sa.sa_handler = on_usr1;
   sigaction(SIGUSR1, &sa, NULL);
   raise(SIGUSR1);
   printf("usr1 %d\n", (int)usr1);
   struct itimerval it = { { 0, 0 }, { 0, 20000 } };
   long long t0 = rg_now_ns(CLOCK_MONOTONIC);
   setitimer(ITIMER_REAL, &it, NULL);
   unsigned long long spins = 0;
   volatile unsigned long long x = 1;
   while (!fired) {
      x = x * 6364136223846793005ULL + 1;
      spins++;
   }
   long long t1 = rg_now_ns(CLOCK_MONOTONIC);
   printf("spins %llu x %llu\n", spins, (unsigned long long)x);
   printf("pure spin until SIGALRM took %lld ns\n", t1 - t0);

   /* Second timer; this loop makes a syscall each time round, so the
      signal arrives at a syscall boundary. */
   fired = 0;
   setitimer(ITIMER_REAL, &it, NULL);
   unsigned long calls = 0;
   while (!fired) {
      getppid();
      calls++;
   }
   printf("syscall loop calls %lu\n", calls);
   return 0;
}

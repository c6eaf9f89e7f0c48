/* Clocks: clock_gettime on several clocks, gettimeofday, time. */
#include "rgtest.h"
#include <sys/time.h>

int main(void)
{
   static const struct { clockid_t id; const char *name; } clks[] = {
      { CLOCK_REALTIME, "REALTIME" },
      { CLOCK_MONOTONIC, "MONOTONIC" },
      { CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" },
      { CLOCK_BOOTTIME, "BOOTTIME" },
      { CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME" },
      { CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME" },
      { CLOCK_REALTIME_COARSE, "REALTIME_COARSE" },
   };
   for (unsigned i = 0; i < sizeof clks / sizeof clks[0]; i++) {
      struct timespec ts, res;
      int r = clock_gettime(clks[i].id, &ts);
      int r2 = clock_getres(clks[i].id, &res);
      printf("clock %-16s r=%d %lld.%09ld res r=%d %ld\n", clks[i].name, r,
             (long long)ts.tv_sec, ts.tv_nsec, r2, res.tv_nsec);
   }
   struct timeval tv;
   gettimeofday(&tv, NULL);
   printf("gettimeofday %lld.%06ld\n", (long long)tv.tv_sec, (long)tv.tv_usec);
   time_t t1 = time(NULL), t2;
   time(&t2);
   printf("time %lld %lld\n", (long long)t1, (long long)t2);
   /* A few back-to-back readings: deltas differ every run. */
   long long prev = rg_now_ns(CLOCK_MONOTONIC);
   for (int i = 0; i < 5; i++) {
      long long now = rg_now_ns(CLOCK_MONOTONIC);
      printf("delta %d %lld\n", i, now - prev);
      prev = now;
   }
   return 0;
}

/* getrusage, times, clock, sched_getaffinity. */
#include "rgtest.h"
#include <sys/resource.h>
#include <sys/times.h>
#include <sched.h>
#include <unistd.h>

int main(void)
{
   volatile double d = 0;
   for (int i = 0; i < 300000; i++)
      d += i * 0.5;
   struct rusage ru;
   getrusage(RUSAGE_SELF, &ru);
   printf("utime %ld.%06ld stime %ld.%06ld maxrss %ld minflt %ld nvcsw %ld\n",
          (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec,
          (long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec, ru.ru_maxrss,
          ru.ru_minflt, ru.ru_nvcsw);
   struct tms t;
   clock_t c = times(&t);
   printf("times %ld utime %ld\n", (long)c, (long)t.tms_utime);
   printf("clock %ld\n", (long)clock());
   cpu_set_t set;
   CPU_ZERO(&set);
   sched_getaffinity(0, sizeof set, &set);
   printf("affinity count %d cpu %d\n", CPU_COUNT(&set), sched_getcpu());
   struct rlimit rl;
   getrlimit(RLIMIT_STACK, &rl);
   printf("stack rlimit %llu\n", (unsigned long long)rl.rlim_cur);
   return 0;
}

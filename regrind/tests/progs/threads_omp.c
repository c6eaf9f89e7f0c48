/* OpenMP: a parallel loop whose iterations record which thread ran
   them and when, plus a racy shared update; the schedule (dynamic,
   small chunks) differs between runs.
   test-flags: -fopenmp */
#include "rgtest.h"
#include <omp.h>

#define N 4000

static int who[N];
static volatile long racy;

int main(void)
{
   long long t0 = rg_now_ns(CLOCK_MONOTONIC);
   double sum = 0;
#pragma omp parallel for schedule(dynamic, 16) num_threads(3) reduction(+:sum)
   for (int i = 0; i < N; i++) {
      who[i] = omp_get_thread_num();
      double x = 0;
      for (int k = 0; k < 200 + (i % 7) * 50; k++) x += (double)k / (i + 1);
      sum += x;
      racy = racy + 1;
   }
   int per[3] = { 0, 0, 0 };
   for (int i = 0; i < N; i++) per[who[i] % 3]++;
   printf("iterations per thread %d %d %d, racy %ld, sum %.6f\n",
          per[0], per[1], per[2], racy, sum);
   printf("schedule hash %016llx, took %lld us\n",
          (unsigned long long)rg_hash(who, sizeof who),
          (rg_now_ns(CLOCK_MONOTONIC) - t0) / 1000);
   return 0;
}

/* rdtsc, rdtscp and cpuid through inline asm.  rdtscp is optional
   (some CPUs and VMs lack it, and then Valgrind refuses it too): it is
   tried under a SIGILL guard, and a missing one is said, not fatal. */
#include "rgtest.h"
#include <setjmp.h>
#include <signal.h>

static sigjmp_buf no_insn;
static void on_sigill(int sig) { (void)sig; siglongjmp(no_insn, 1); }

static inline uint64_t rdtsc(void)
{
   uint32_t lo, hi;
   __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
   return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t rdtscp(uint32_t *aux)
{
   uint32_t lo, hi;
   __asm__ __volatile__("rdtscp" : "=a"(lo), "=d"(hi), "=c"(*aux));
   return ((uint64_t)hi << 32) | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
   __asm__ __volatile__("cpuid"
                        : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                        : "a"(leaf), "c"(sub));
}

int main(void)
{
   uint64_t t0 = rdtsc();
   printf("rdtsc low bits %llu\n", (unsigned long long)(t0 & 0xffff));
   uint64_t prev = t0;
   for (int i = 0; i < 5; i++) {
      uint64_t t = rdtsc();
      printf("rdtsc delta %d %llu\n", i, (unsigned long long)(t - prev));
      prev = t;
   }
   uint32_t aux = 0;
   signal(SIGILL, on_sigill);
   if (sigsetjmp(no_insn, 1) == 0) {
      uint64_t t = rdtscp(&aux);
      printf("rdtscp delta %llu aux %u\n", (unsigned long long)(t - prev), aux);
   } else {
      printf("rdtscp: not on this CPU (SIGILL)\n");
   }
   signal(SIGILL, SIG_DFL);
   uint32_t r[4];
   cpuid(0, 0, r);
   char vendor[13];
   memcpy(vendor, &r[1], 4);
   memcpy(vendor + 4, &r[3], 4);
   memcpy(vendor + 8, &r[2], 4);
   vendor[12] = 0;
   printf("cpuid 0: max %u vendor %s\n", r[0], vendor);
   cpuid(1, 0, r);
   printf("cpuid 1: eax %08x ebx %08x ecx %08x edx %08x\n", r[0], r[1], r[2], r[3]);
   printf("total rdtsc span %llu\n", (unsigned long long)(rdtsc() - t0));
   return 0;
}

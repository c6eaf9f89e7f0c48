/* rgtest.h -- small helpers shared by the regrind test programs.
   Each test program is nondeterministic when run natively and prints what
   it observes on stdout; the runner compares record and replay output. */
#ifndef RGTEST_H
#define RGTEST_H

#define _GNU_SOURCE 1
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline long long rg_now_ns(clockid_t clk)
{
   struct timespec ts;
   if (clock_gettime(clk, &ts) != 0)
      return -1;
   return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline void rg_hex(const char *label, const void *p, size_t n)
{
   const unsigned char *b = p;
   printf("%s", label);
   for (size_t i = 0; i < n; i++)
      printf("%02x", b[i]);
   printf("\n");
}

/* FNV-1a, 64 bit. */
static inline uint64_t rg_hash(const void *p, size_t n)
{
   const unsigned char *b = p;
   uint64_t h = 0xcbf29ce484222325ULL;
   for (size_t i = 0; i < n; i++) {
      h ^= b[i];
      h *= 0x100000001b3ULL;
   }
   return h;
}

#endif

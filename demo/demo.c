/* demo.c: a small program whose output changes on every native run.
   `make demo` records it under regrind, runs it natively once (different
   output) and replays the recording (the recorded output again). */

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>

static uint64_t rdtsc(void)
{
   uint32_t lo, hi;
   __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
   return ((uint64_t)hi << 32) | lo;
}

int main(void)
{
   struct timespec ts;
   unsigned char rnd[8];
   char path[] = "/tmp/regrind-demo-XXXXXX";
   char line[128];
   int i, fd;
   FILE* f;

   clock_gettime(CLOCK_REALTIME, &ts);
   printf("time:      %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);

   printf("pid:       %d\n", (int)getpid());

   if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
      perror("getrandom");
      return 1;
   }
   printf("getrandom: ");
   for (i = 0; i < (int)sizeof rnd; i++)
      printf("%02x", rnd[i]);
   printf("\n");

   printf("rdtsc:     %llu\n", (unsigned long long)rdtsc());

   /* A file with random content, read back and deleted: the replay does
      not need it to exist. */
   fd = mkstemp(path);
   if (fd < 0) {
      perror("mkstemp");
      return 1;
   }
   f = fdopen(fd, "w+");
   if (f == NULL) {
      perror("fdopen");
      return 1;
   }
   if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
      perror("getrandom");
      return 1;
   }
   fprintf(f, "%s holds ", path);
   for (i = 0; i < (int)sizeof rnd; i++)
      fprintf(f, "%02x", rnd[i]);
   fprintf(f, "\nsecond line\n");
   rewind(f);
   if (fgets(line, sizeof line, f) == NULL) {
      perror("fgets");
      return 1;
   }
   fclose(f);
   unlink(path);
   printf("file:      %s", line);

   return 0;
}

/* Reads a counter in a MAP_SHARED file mapping six times, 150 ms
   apart, while another process (shmwriter) keeps changing it; also
   sums the page with a wide (SIMD-friendly) loop and a CAS. */
#include "rgtest.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char** argv)
{
   if (argc < 2) return 2;
   int fd = open(argv[1], O_RDWR);
   if (fd < 0) { perror("open"); return 2; }
   volatile long* p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
                           fd, 0);
   if (p == MAP_FAILED) { perror("mmap"); return 2; }
   for (int i = 0; i < 6; i++) {
      long sum = 0;
      for (int j = 0; j < 512; j++) sum += p[j];
      long seen = p[0];
      long old = __sync_val_compare_and_swap(&p[100], seen, seen);
      printf("read %d: counter %ld sum %ld cas-old %ld\n", i, seen, sum, old);
      fflush(stdout);
      usleep(150000);
   }
   return 0;
}

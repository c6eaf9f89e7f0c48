/* mmap the file argv[1] (rewritten or deleted before replay), private and
   shared, and print what the mappings hold. */
#include "rgtest.h"
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
   if (argc < 2) { fprintf(stderr, "usage: mmapfile FILE\n"); return 2; }
   int fd = open(argv[1], O_RDONLY);
   if (fd < 0) { perror(argv[1]); return 1; }
   struct stat st;
   fstat(fd, &st);
   size_t len = (size_t)st.st_size;
   printf("size %zu\n", len);
   const char *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
   if (p == MAP_FAILED) { perror("mmap"); return 1; }
   printf("private hash %016llx\n", (unsigned long long)rg_hash(p, len));
   printf("private head: %.40s\n", p);
   const char *q = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
   if (q == MAP_FAILED) { perror("mmap shared"); return 1; }
   printf("shared hash %016llx\n", (unsigned long long)rg_hash(q, len));
   printf("shared tail: %.40s\n", q + (len > 40 ? len - 40 : 0));
   printf("same contents %d\n", memcmp(p, q, len) == 0);
   /* Touch pages in a scattered order. */
   unsigned long sum = 0;
   for (size_t off = 0; off < len; off += 4093)
      sum += (unsigned char)p[(off * 7) % len];
   printf("scatter sum %lu\n", sum);
   munmap((void *)p, len);
   munmap((void *)q, len);
   close(fd);
   return 0;
}

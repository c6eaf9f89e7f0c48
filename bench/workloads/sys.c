/* sys: syscall-heavy work -- many small write()s to a file and read()s back
   in small chunks, then creating many files and stat()ing them all a few
   times.  Everything it creates is removed at the end.
   usage: sys DIR NWRITES NFILES STAT_ROUNDS */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
   if (argc < 5) {
      fprintf(stderr, "usage: sys DIR NWRITES NFILES STAT_ROUNDS\n");
      return 2;
   }
   const char *dir = argv[1];
   long nw = atol(argv[2]), nf = atol(argv[3]), rounds = atol(argv[4]);
   char path[4096], rec[64];

   /* 1: NWRITES write()s of 64 bytes, then read back in chunks of 48/64/80 */
   snprintf(path, sizeof path, "%s/data", dir);
   int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
   if (fd < 0) { perror(path); return 1; }
   for (long i = 0; i < nw; i++) {
      int n = snprintf(rec, sizeof rec, "record %09ld of the syscall-heavy workload ...", i);
      memset(rec + n, '.', sizeof rec - n);
      rec[63] = '\n';
      if (write(fd, rec, sizeof rec) != (ssize_t)sizeof rec) { perror("write"); return 1; }
   }
   if (lseek(fd, 0, SEEK_SET) != 0) { perror("lseek"); return 1; }
   uint64_t h = 14695981039346656037ULL, got = 0, nreads = 0;
   static const int chunk[3] = { 48, 64, 80 };
   char buf[128];
   for (;;) {
      ssize_t r = read(fd, buf, chunk[nreads % 3]);
      if (r < 0) { perror("read"); return 1; }
      if (r == 0) break;
      nreads++;
      got += r;
      for (ssize_t i = 0; i < r; i++) { h ^= (unsigned char)buf[i]; h *= 1099511628211ULL; }
   }
   close(fd);
   unlink(path);
   printf("%ld writes of 64 bytes; read back %llu bytes in %llu reads, fnv %016llx\n",
          nw, (unsigned long long)got, (unsigned long long)nreads, (unsigned long long)h);

   /* 2: NFILES small files, each stat()ed STAT_ROUNDS times, then removed */
   for (long i = 0; i < nf; i++) {
      snprintf(path, sizeof path, "%s/f%05ld", dir, i);
      int f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (f < 0) { perror(path); return 1; }
      if (write(f, rec, (size_t)(i % 61) + 1) < 0) { perror("write"); return 1; }
      close(f);
   }
   uint64_t sizes = 0, nstat = 0;
   struct stat st;
   for (long r = 0; r < rounds; r++)
      for (long i = 0; i < nf; i++) {
         snprintf(path, sizeof path, "%s/f%05ld", dir, i);
         if (stat(path, &st) != 0) { perror(path); return 1; }
         sizes += (uint64_t)st.st_size;
         nstat++;
      }
   for (long i = 0; i < nf; i++) {
      snprintf(path, sizeof path, "%s/f%05ld", dir, i);
      unlink(path);
   }
   printf("%ld files, %llu stat()s, total size seen %llu\n",
          nf, (unsigned long long)nstat, (unsigned long long)sizes);
   return 0;
}

/* Reads a file (argv[1]) in 256 KiB preads, over and over, printing a
   line with each block's hash: every read is a record big enough to be
   streamed into the trace.  Runs until killed (or 100000 blocks). */
#include "rgtest.h"
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
   static char buf[256 * 1024];
   if (argc < 2) { fprintf(stderr, "usage: bigreads FILE\n"); return 2; }
   int fd = open(argv[1], O_RDONLY);
   if (fd < 0) { perror(argv[1]); return 1; }
   off_t size = lseek(fd, 0, SEEK_END);
   long nblocks = size / (off_t)sizeof buf;
   if (nblocks < 1) { fprintf(stderr, "file too small\n"); return 1; }
   for (long i = 0; i < 100000; i++) {
      ssize_t n = pread(fd, buf, sizeof buf, (i % nblocks) * (off_t)sizeof buf);
      printf("block %ld: %zd bytes, hash %016llx\n", i, n,
             (unsigned long long)rg_hash(buf, n > 0 ? (size_t)n : 0));
      fflush(stdout);
   }
   return 0;
}

/* output_moves: random data written to a file, then copied to stdout
   by the kernel itself: sendfile (file offset, then an offset
   pointer), copy_file_range (works when stdout is a regular file) and
   splice (works when stdout is a pipe); a call the kernel refuses for
   this kind of stdout falls back to read + write, as cat does.  The
   file is deleted before the program ends, so replay can only show
   the output if the trace kept it. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/sendfile.h>
#include <unistd.h>

static char data[3 * 65536];

static void fallback(int fd, off_t off, size_t n)
{
   char buf[4096];
   while (n > 0) {
      ssize_t k = pread(fd, buf, n < sizeof buf ? n : sizeof buf, off);
      if (k <= 0 || write(1, buf, k) != k) abort();
      off += k; n -= k;
   }
}

int main(void)
{
   unsigned char r[64];
   size_t i;
   if (getrandom(r, sizeof r, 0) != sizeof r) abort();
   for (i = 0; i < sizeof data; i++)
      data[i] = "0123456789abcdef"[(r[i % 64] + i / 64) % 16];
   for (i = 80; i < sizeof data; i += 81) data[i] = '\n';
   char name[] = "moves.XXXXXX";
   int fd = mkstemp(name);
   if (fd < 0 || write(fd, data, sizeof data) != sizeof data) abort();
   lseek(fd, 0, SEEK_SET);

   /* sendfile from the file offset */
   printf("sendfile:\n"); fflush(stdout);
   if (sendfile(1, fd, NULL, 65536) != 65536) abort();
   /* sendfile with an offset pointer */
   printf("\nsendfile at an offset:\n"); fflush(stdout);
   off_t off = 65536;
   if (sendfile(1, fd, &off, 1000) != 1000) abort();
   /* copy_file_range */
   printf("\ncopy_file_range:\n"); fflush(stdout);
   off = 70000;
   ssize_t n = copy_file_range(fd, &off, 1, NULL, 30000, 0);
   if (n < 0) fallback(fd, 70000, 30000);
   else if (n != 30000) abort();
   /* splice */
   printf("\nsplice:\n"); fflush(stdout);
   off = 100000;
   n = splice(fd, &off, 1, NULL, 50000, 0);
   if (n < 0) fallback(fd, 100000, 50000);
   else if (n != 50000) abort();
   printf("\nend\n");
   unlink(name);
   return 0;
}

/* A pipe inside the process: write, read, timing, FIONREAD, pipe2. */
#include "rgtest.h"
#include <unistd.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <errno.h>

int main(void)
{
   int p[2];
   if (pipe(p) != 0) { perror("pipe"); return 1; }
   char msg[64];
   long long t0 = rg_now_ns(CLOCK_MONOTONIC);
   int len = snprintf(msg, sizeof msg, "hello at %lld", rg_now_ns(CLOCK_REALTIME));
   ssize_t w = write(p[1], msg, (size_t)len);
   int avail = -1;
   ioctl(p[0], FIONREAD, &avail);
   char buf[64] = { 0 };
   ssize_t r = read(p[0], buf, sizeof buf - 1);
   long long t1 = rg_now_ns(CLOCK_MONOTONIC);
   printf("wrote %zd avail %d read %zd: %s\n", w, avail, r, buf);
   printf("round trip ns %lld\n", t1 - t0);
   printf("pipe size %d\n", fcntl(p[0], F_GETPIPE_SZ));
   close(p[0]);
   close(p[1]);

   /* Non-blocking pipe: a read of an empty pipe fails with EAGAIN. */
   if (pipe2(p, O_NONBLOCK | O_CLOEXEC) != 0) { perror("pipe2"); return 1; }
   r = read(p[0], buf, sizeof buf);
   printf("empty read %zd errno %d\n", r, r < 0 ? errno : 0);
   unsigned long long total = 0;
   for (int i = 0; i < 100; i++) {
      long long t = rg_now_ns(CLOCK_MONOTONIC);
      write(p[1], &t, sizeof t);
      long long u;
      read(p[0], &u, sizeof u);
      total += (unsigned long long)(rg_now_ns(CLOCK_MONOTONIC) - u);
   }
   printf("100 round trips ns %llu\n", total);
   return 0;
}

/* writev to stdout and stderr, and unbuffered writes mixed with stdio. */
#include "rgtest.h"
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
   char a[64], b[64], c[64];
   int la = snprintf(a, sizeof a, "one %lld\n", rg_now_ns(CLOCK_REALTIME));
   int lb = snprintf(b, sizeof b, "two %ld\n", (long)getpid());
   int lc = snprintf(c, sizeof c, "three %lld\n", rg_now_ns(CLOCK_MONOTONIC));
   struct iovec iov[3] = { { a, (size_t)la }, { b, (size_t)lb }, { c, (size_t)lc } };
   ssize_t n = writev(1, iov, 3);
   writev(2, iov, 2);
   printf("writev returned %zd\n", n);
   fflush(stdout);
   dprintf(1, "dprintf %lld\n", rg_now_ns(CLOCK_MONOTONIC));
   printf("stdio %lld\n", rg_now_ns(CLOCK_MONOTONIC));
   fflush(stdout);
   write(1, "raw\n", 4);
   pwrite(1, "", 0, 0);
   printf("last\n");
   return 0;
}

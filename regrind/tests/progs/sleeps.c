/* Timeouts: nanosleep, clock_nanosleep, poll, select, pselect, epoll;
   print the measured elapsed time of each. */
#include "rgtest.h"
#include <poll.h>
#include <sys/select.h>
#include <sys/epoll.h>
#include <unistd.h>

#define MEASURE(label, stmt)                                             \
   do {                                                                  \
      long long t0_ = rg_now_ns(CLOCK_MONOTONIC);                        \
      long r_ = (long)(stmt);                                            \
      long long t1_ = rg_now_ns(CLOCK_MONOTONIC);                        \
      printf("%-16s r=%ld elapsed_ns %lld\n", label, r_, t1_ - t0_);     \
   } while (0)

int main(void)
{
   struct timespec ts = { 0, 2000000 }, rem = { 0, 0 };
   MEASURE("nanosleep", nanosleep(&ts, &rem));
   MEASURE("clock_nanosleep", clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL));
   int p[2];
   pipe(p);
   struct pollfd pfd = { .fd = p[0], .events = POLLIN };
   MEASURE("poll", poll(&pfd, 1, 3));
   fd_set rd;
   FD_ZERO(&rd);
   FD_SET(p[0], &rd);
   struct timeval tv = { 0, 4000 };
   MEASURE("select", select(p[0] + 1, &rd, NULL, NULL, &tv));
   printf("select left %ld.%06ld\n", (long)tv.tv_sec, (long)tv.tv_usec);
   FD_ZERO(&rd);
   FD_SET(p[0], &rd);
   struct timespec pts = { 0, 1500000 };
   MEASURE("pselect", pselect(p[0] + 1, &rd, NULL, NULL, &pts, NULL));
   int ep = epoll_create1(0);
   struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 };
   epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
   struct epoll_event out;
   MEASURE("epoll_wait", epoll_wait(ep, &out, 1, 2));
   MEASURE("usleep", usleep(1000));
   return 0;
}

/* timerfd and eventfd through epoll; expirations counted after a sleep. */
#include "rgtest.h"
#include <sys/timerfd.h>
#include <sys/eventfd.h>
#include <sys/epoll.h>
#include <unistd.h>

int main(void)
{
   int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
   struct itimerspec its = { { 0, 700000 }, { 0, 700000 } };
   timerfd_settime(tfd, 0, &its, NULL);
   int efd = eventfd(0, 0);
   uint64_t one = 5;
   write(efd, &one, sizeof one);
   int ep = epoll_create1(EPOLL_CLOEXEC);
   struct epoll_event ev = { .events = EPOLLIN, .data.fd = tfd };
   epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);
   ev.data.fd = efd;
   epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
   struct timespec ts = { 0, 5000000 };
   nanosleep(&ts, NULL);
   struct epoll_event out[4];
   int n = epoll_wait(ep, out, 4, 100);
   printf("epoll_wait %d\n", n);
   for (int i = 0; i < n; i++) {
      uint64_t v = 0;
      read(out[i].data.fd, &v, sizeof v);
      printf("fd %s value %llu\n", out[i].data.fd == tfd ? "timer" : "event",
             (unsigned long long)v);
   }
   struct itimerspec cur;
   timerfd_gettime(tfd, &cur);
   printf("timer next in %ld ns\n", cur.it_value.tv_nsec);
   return 0;
}

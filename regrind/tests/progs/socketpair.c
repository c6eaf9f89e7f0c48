/* socketpair: stream and datagram, sendmsg/recvmsg, options, poll. */
#include "rgtest.h"
#include <sys/socket.h>
#include <sys/uio.h>
#include <poll.h>
#include <unistd.h>

int main(void)
{
   int sv[2];
   if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) { perror("socketpair"); return 1; }
   char msg[64];
   int len = snprintf(msg, sizeof msg, "t=%lld", rg_now_ns(CLOCK_REALTIME));
   long long t0 = rg_now_ns(CLOCK_MONOTONIC);
   ssize_t s = send(sv[0], msg, (size_t)len, 0);
   struct pollfd pfd = { .fd = sv[1], .events = POLLIN };
   int pr = poll(&pfd, 1, 1000);
   char buf[64] = { 0 };
   ssize_t r = recv(sv[1], buf, sizeof buf - 1, 0);
   printf("stream sent %zd poll %d revents %x recv %zd '%s' ns %lld\n", s, pr,
          pfd.revents, r, buf, rg_now_ns(CLOCK_MONOTONIC) - t0);
   int sndbuf = 0;
   socklen_t ol = sizeof sndbuf;
   getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, &ol);
   printf("sndbuf %d\n", sndbuf);
   struct ucred cred;
   ol = sizeof cred;
   if (getsockopt(sv[1], SOL_SOCKET, SO_PEERCRED, &cred, &ol) == 0)
      printf("peercred pid %d uid %d\n", cred.pid, cred.uid);
   close(sv[0]);
   close(sv[1]);

   if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0) { perror("socketpair"); return 1; }
   long long stamp = rg_now_ns(CLOCK_REALTIME);
   int pid = getpid();
   struct iovec iov[2] = { { &stamp, sizeof stamp }, { &pid, sizeof pid } };
   struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
   s = sendmsg(sv[0], &mh, 0);
   long long stamp2 = 0;
   int pid2 = 0;
   struct iovec iov2[2] = { { &stamp2, sizeof stamp2 }, { &pid2, sizeof pid2 } };
   struct msghdr mh2 = { .msg_iov = iov2, .msg_iovlen = 2 };
   r = recvmsg(sv[1], &mh2, 0);
   printf("dgram sent %zd recv %zd stamp %lld pid %d\n", s, r, stamp2, pid2);
   return 0;
}

/* sockaddr_len: the kernel sets the socklen_t of accept4, getsockname,
   getpeername, recvfrom and getsockopt, and msg_namelen/msg_controllen
   of recvmsg and recvmmsg, to the length it filled in; the program
   passes larger buffers and prints what it got (the port and pid are
   random natively). */
#include "rgtest.h"
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/un.h>
#include <unistd.h>

int main(void)
{
   int ls = socket(AF_INET, SOCK_STREAM, 0);
   struct sockaddr_in a = { .sin_family = AF_INET };
   a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
   if (ls < 0 || bind(ls, (struct sockaddr*)&a, sizeof a) != 0
       || listen(ls, 1) != 0) { perror("listen"); return 1; }
   char big[256];
   socklen_t len = sizeof big;
   getsockname(ls, (struct sockaddr*)big, &len);
   struct sockaddr_in* got = (struct sockaddr_in*)big;
   printf("getsockname len %u port %u\n", len, ntohs(got->sin_port));

   int cs = socket(AF_INET, SOCK_STREAM, 0);
   if (connect(cs, (struct sockaddr*)big, sizeof a) != 0) { perror("connect"); return 1; }
   len = sizeof big;
   int as = accept4(ls, (struct sockaddr*)big, &len, SOCK_CLOEXEC);
   printf("accept4 len %u port %u\n", len, ntohs(got->sin_port));
   len = sizeof big;
   getpeername(cs, (struct sockaddr*)big, &len);
   printf("getpeername len %u port %u\n", len, ntohs(got->sin_port));

   int us = socket(AF_INET, SOCK_DGRAM, 0);
   bind(us, (struct sockaddr*)&a, sizeof a);
   len = sizeof big;
   getsockname(us, (struct sockaddr*)big, &len);
   char msg[32];
   int n = snprintf(msg, sizeof msg, "%d", getpid());
   sendto(us, msg, (size_t)n, 0, (struct sockaddr*)big, len);
   char in[32] = { 0 };
   len = sizeof big;
   ssize_t r = recvfrom(us, in, sizeof in - 1, 0, (struct sockaddr*)big, &len);
   printf("recvfrom %zd '%s' len %u port %u\n", r, in, len, ntohs(got->sin_port));

   long long opt[4] = { 0 };
   len = sizeof opt;
   getsockopt(as, SOL_SOCKET, SO_RCVBUF, opt, &len);
   printf("getsockopt len %u\n", len);

   int sv[2];
   if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0) { perror("socketpair"); return 1; }
   send(sv[0], msg, (size_t)n, 0);
   send(sv[0], msg, (size_t)n, 0);
   send(sv[0], msg, (size_t)n, 0);
   struct iovec iov = { in, sizeof in - 1 };
   char ctl[256];
   struct msghdr mh = { .msg_name = big, .msg_namelen = sizeof big,
                        .msg_iov = &iov, .msg_iovlen = 1,
                        .msg_control = ctl, .msg_controllen = sizeof ctl };
   r = recvmsg(sv[1], &mh, 0);
   printf("recvmsg %zd namelen %u controllen %zu\n", r, mh.msg_namelen,
          (size_t)mh.msg_controllen);
   char in2[2][32];
   struct iovec iov2[2] = { { in2[0], 32 }, { in2[1], 32 } };
   struct mmsghdr mm[2];
   memset(mm, 0, sizeof mm);
   for (int i = 0; i < 2; i++) {
      mm[i].msg_hdr.msg_name = big + 128 * i;
      mm[i].msg_hdr.msg_namelen = 128;
      mm[i].msg_hdr.msg_iov = &iov2[i];
      mm[i].msg_hdr.msg_iovlen = 1;
      mm[i].msg_len = 999;
   }
   int m = recvmmsg(sv[1], mm, 2, 0, NULL);
   printf("recvmmsg %d len %u/%u namelen %u/%u\n", m, mm[0].msg_len,
          mm[1].msg_len, mm[0].msg_hdr.msg_namelen, mm[1].msg_hdr.msg_namelen);
   return 0;
}

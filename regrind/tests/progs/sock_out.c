/* sock_out: writes random lines to its stdout with send, sendmsg (two
   iovecs) and sendto (no address), as a daemon does whose stdout is a
   socket (inetd, systemd socket activation).  The case runs it with a
   socket as stdout; replay must echo every line. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
   unsigned v[3];
   char a[64], b[64], c[64];
   if (getrandom(v, sizeof v, 0) != sizeof v) abort();
   int n = snprintf(a, sizeof a, "send %u\n", v[0]);
   if (send(1, a, n, 0) != n) { perror("send"); return 1; }
   n = snprintf(b, sizeof b, "sendmsg %u", v[1]);
   int m = snprintf(c, sizeof c, " and its second iovec %u\n", v[2]);
   struct iovec iov[2] = { { b, (size_t)n }, { c, (size_t)m } };
   struct msghdr msg = { .msg_iov = iov, .msg_iovlen = 2 };
   if (sendmsg(1, &msg, 0) != n + m) { perror("sendmsg"); return 1; }
   n = snprintf(a, sizeof a, "sendto %u\n", v[0] ^ v[2]);
   if (sendto(1, a, n, 0, NULL, 0) != n) { perror("sendto"); return 1; }
   return 0;
}

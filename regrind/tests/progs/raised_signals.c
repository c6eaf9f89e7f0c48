/* raised_signals MODE: signals the kernel raises because a syscall
   failed.  Prints a random number, then:
     pipe-default   writes to a pipe nobody reads: dies of SIGPIPE
     pipe-handler   the same with a SIGPIPE handler: goes on
     pipe-ignore    the same with SIGPIPE ignored: EPIPE only
     nosignal       send(MSG_NOSIGNAL) to a closed socket: EPIPE only,
                    then a plain write to it: dies of SIGPIPE
     fsize          writes past RLIMIT_FSIZE: dies of SIGXFSZ
   Replay emulates the syscall, so it must raise the signal itself. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>

static volatile sig_atomic_t got;
static void on_sig(int s) { got = s; }

int main(int argc, char** argv)
{
   const char* mode = argc > 1 ? argv[1] : "pipe-default";
   unsigned v;
   struct rlimit no_core = { 0, 0 };
   setrlimit(RLIMIT_CORE, &no_core);
   if (getrandom(&v, sizeof v, 0) != sizeof v) abort();
   printf("%s %u\n", mode, v);
   fflush(stdout);
   int p[2];
   if (strcmp(mode, "fsize") == 0) {
      struct rlimit r = { 4096, RLIM_INFINITY };
      int fd = open("big.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
      static char buf[8192];
      setrlimit(RLIMIT_FSIZE, &r);
      ssize_t n = write(fd, buf, sizeof buf);     /* short: 4096 */
      printf("first write %zd\n", n);
      fflush(stdout);
      n = write(fd, buf, sizeof buf);             /* EFBIG + SIGXFSZ */
      printf("still alive after %zd\n", n);
      return 1;
   }
   if (strcmp(mode, "nosignal") == 0) {
      if (socketpair(AF_UNIX, SOCK_STREAM, 0, p)) abort();
      close(p[1]);
      ssize_t n = send(p[0], "x", 1, MSG_NOSIGNAL);
      printf("send -> %zd (%s)\n", n, n < 0 ? strerror(errno) : "");
      fflush(stdout);
      n = write(p[0], "x", 1);
      printf("still alive after %zd\n", n);
      return 1;
   }
   if (strcmp(mode, "pipe-handler") == 0) signal(SIGPIPE, on_sig);
   if (strcmp(mode, "pipe-ignore") == 0) signal(SIGPIPE, SIG_IGN);
   if (pipe(p)) abort();
   close(p[0]);
   ssize_t n = write(p[1], "x", 1);
   printf("write -> %zd (%s), signal %d, %u\n", n,
          n < 0 ? strerror(errno) : "", (int)got, v % 1000);
   return 0;
}

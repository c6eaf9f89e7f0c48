/* echo_fds: moves stdout and stderr around the way shells and daemons
   do (dup, dup2, dup3, fcntl F_DUPFD/F_DUPFD_CLOEXEC, close, close_range
   with CLOSE_RANGE_CLOEXEC, FIOCLEX, a fork, an execve) and prints
   random numbers through every copy.  Replay must echo exactly what
   reached the real stdout: the lines written to a file must not show,
   the ones written through a saved copy must. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned rnd(void)
{
   unsigned v;
   if (getrandom(&v, sizeof v, 0) != sizeof v) abort();
   return v;
}

static void say(int fd, const char* what)
{
   char buf[96];
   int n = snprintf(buf, sizeof buf, "%s %u\n", what, rnd());
   if (write(fd, buf, n) != n) abort();
}

int main(int argc, char** argv)
{
   if (argc > 1) {                      /* after the execve */
      say(1, "exec: fd 1");
      say(7, "exec: fd 7 (kept)");
      if (write(8, "x\n", 2) != -1) say(1, "exec: fd 8 survived!");
      if (write(11, "x\n", 2) != -1) say(1, "exec: fd 11 survived!");
      return 0;
   }
   say(1, "fd 1");
   int saved = fcntl(1, F_DUPFD, 10);           /* the shell's save */
   int f = open("out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
   dup2(f, 1);                                   /* > out.txt */
   close(f);
   say(1, "to the file (not shown)");
   say(saved, "through the saved copy");
   dup2(saved, 1);                               /* restore */
   close(saved);
   say(1, "fd 1 restored");

   int e = dup(2);
   close(2);
   say(e, "stderr's copy to stdout?");          /* goes to stderr */
   dup3(e, 2, 0);
   close(e);
   say(2, "stderr back");

   int c = fcntl(1, F_DUPFD_CLOEXEC, 20);
   say(c, "cloexec copy");
   close(1);
   int g = open("/dev/null", O_WRONLY);         /* takes fd 1 */
   say(g, "to /dev/null (not shown)");
   dup2(c, g);                                   /* fd 1 is stdout again */

   pid_t pid = fork();
   if (pid == 0) {
      say(1, "child");
      dup2(1, 9);
      close(1);
      say(9, "child through fd 9");
      _exit(0);
   }
   waitpid(pid, NULL, 0);

   dup2(1, 7);
   dup2(1, 8);
   ioctl(8, FIOCLEX);
   dup3(1, 11, O_CLOEXEC);
   syscall(SYS_close_range, 30, 40, 4 /* CLOSE_RANGE_CLOEXEC */);
   say(1, "before exec");
   execl(argv[0], argv[0], "again", (char*)NULL);
   return 1;
}

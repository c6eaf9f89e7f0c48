/* Process identity: getpid, getppid, gettid, pgrp, sid, uids. */
#include "rgtest.h"
#include <unistd.h>
#include <sys/syscall.h>

int main(void)
{
   printf("pid %ld\n", (long)getpid());
   printf("ppid %ld\n", (long)getppid());
   printf("tid %ld\n", (long)syscall(SYS_gettid));
   printf("pgrp %ld\n", (long)getpgrp());
   printf("sid %ld\n", (long)getsid(0));
   printf("uid %ld euid %ld gid %ld egid %ld\n", (long)getuid(),
          (long)geteuid(), (long)getgid(), (long)getegid());
   /* Something derived from the pid, used as a seed, as programs do. */
   srand((unsigned)getpid() ^ (unsigned)rg_now_ns(CLOCK_REALTIME));
   printf("rand %d %d\n", rand(), rand());
   return 0;
}

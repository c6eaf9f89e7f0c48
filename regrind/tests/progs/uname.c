/* uname, sysinfo, hostname. */
#include "rgtest.h"
#include <sys/utsname.h>
#include <sys/sysinfo.h>
#include <unistd.h>

int main(void)
{
   struct utsname u;
   if (uname(&u) != 0) { perror("uname"); return 1; }
   printf("sysname %s\nnodename %s\nrelease %s\nversion %s\nmachine %s\n",
          u.sysname, u.nodename, u.release, u.version, u.machine);
   struct sysinfo si;
   if (sysinfo(&si) == 0)
      printf("uptime %ld freeram %lu procs %u loads %lu\n", si.uptime,
             si.freeram, si.procs, si.loads[0]);
   char host[256];
   gethostname(host, sizeof host);
   printf("hostname %s\n", host);
   printf("nprocs %d\n", get_nprocs());
   printf("avphys_pages %ld\n", sysconf(_SC_AVPHYS_PAGES));
   return 0;
}

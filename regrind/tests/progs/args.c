/* Print the arguments together with something nondeterministic. Used by
   the divergence cases (replayed with other arguments / other program). */
#include "rgtest.h"
#include <unistd.h>

int main(int argc, char **argv)
{
   for (int i = 1; i < argc; i++)
      printf("arg %d %s\n", i, argv[i]);
   printf("pid %ld time %lld\n", (long)getpid(), rg_now_ns(CLOCK_REALTIME));
   return 0;
}

/* Print something nondeterministic, then exit(3). */
#include "rgtest.h"
#include <unistd.h>

int main(void)
{
   printf("pid %ld time %lld\n", (long)getpid(), rg_now_ns(CLOCK_REALTIME));
   exit(3);
}

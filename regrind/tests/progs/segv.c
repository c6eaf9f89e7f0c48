/* Print something nondeterministic, flush, then crash with SIGSEGV. */
#include "rgtest.h"
#include <unistd.h>

int main(void)
{
   printf("pid %ld time %lld\n", (long)getpid(), rg_now_ns(CLOCK_REALTIME));
   fflush(stdout);
   volatile int *bad = (volatile int *)(uintptr_t)(16 + (getpid() & 0xff) * 8);
   *bad = 42;
   printf("not reached\n");
   return 0;
}

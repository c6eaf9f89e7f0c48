/* A nondeterministic value passed to a function that gdb stops in. */
#include "rgtest.h"
#include <unistd.h>

__attribute__((noinline)) void report(long long v, int pid)
{
   printf("value %lld pid %d\n", v, pid);
}

int main(void)
{
   report(rg_now_ns(CLOCK_REALTIME), getpid());
   return 0;
}

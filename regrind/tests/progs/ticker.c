/* Prints a line with the time every 20 ms, 300 times (6 s natively),
   flushing each: the test kills its recorder half way. */
#include "rgtest.h"
#include <unistd.h>

int main(void)
{
   for (int i = 0; i < 300; i++) {
      printf("tick %d %lld\n", i, rg_now_ns(CLOCK_REALTIME));
      fflush(stdout);
      usleep(20000);
   }
   return 0;
}

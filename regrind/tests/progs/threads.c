/* Starts a thread: recording must refuse it (threads come later). */
#include "rgtest.h"
#include <pthread.h>

static void* run(void* p) { return p; }

int main(void)
{
   pthread_t t;
   printf("start %lld\n", rg_now_ns(CLOCK_REALTIME));
   fflush(stdout);
   pthread_create(&t, NULL, run, NULL);
   pthread_join(t, NULL);
   printf("joined\n");
   return 0;
}

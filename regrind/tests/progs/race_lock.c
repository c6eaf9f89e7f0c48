/* Two threads increment a global without a lock and another under a
   mutex; the final values and the time make native runs differ.
   test-flags: -O0 -pthread */
#include "rgtest.h"
#include <pthread.h>

int unguarded;
int guarded;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
   for (int i = 0; i < 2000; i++) {
      unguarded++;                        /* RACE */
      pthread_mutex_lock(&mu);
      guarded++;
      pthread_mutex_unlock(&mu);
   }
   return NULL;
}

int main(void)
{
   pthread_t a, b;
   struct timespec ts;
   clock_gettime(CLOCK_REALTIME, &ts);
   pthread_create(&a, NULL, worker, NULL);
   pthread_create(&b, NULL, worker, NULL);
   pthread_join(a, NULL);
   pthread_join(b, NULL);
   printf("unguarded %d guarded %d at %ld\n", unguarded, guarded,
          (long)ts.tv_nsec);
   return 0;
}

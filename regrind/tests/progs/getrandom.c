/* getrandom(2) in its several flavours. */
#include "rgtest.h"
#include <sys/random.h>
#include <errno.h>

int main(void)
{
   unsigned char buf[64];
   ssize_t n = getrandom(buf, 32, 0);
   printf("getrandom(32,0) = %zd\n", n);
   rg_hex("  ", buf, 32);
   n = getrandom(buf, 16, GRND_NONBLOCK);
   printf("getrandom(16,NONBLOCK) = %zd\n", n);
   rg_hex("  ", buf, 16);
   n = getrandom(buf, 64, GRND_INSECURE);
   printf("getrandom(64,INSECURE) = %zd errno=%d\n", n, n < 0 ? errno : 0);
   if (n > 0)
      rg_hex("  ", buf, (size_t)n);
   unsigned v;
   n = getentropy(&v, sizeof v);
   printf("getentropy = %zd %08x\n", n, v);
   return 0;
}

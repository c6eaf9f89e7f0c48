/* Read all of stdin; print its length, hash and first bytes. */
#include "rgtest.h"
#include <unistd.h>
#include <sys/stat.h>

int main(void)
{
   struct stat st;
   fstat(0, &st);
   printf("stdin is fifo %d reg %d chr %d\n", S_ISFIFO(st.st_mode),
          S_ISREG(st.st_mode), S_ISCHR(st.st_mode));
   unsigned char buf[1000];
   size_t total = 0;
   uint64_t h = 0;
   unsigned char head[16];
   size_t headn = 0;
   ssize_t n;
   int reads = 0;
   while ((n = read(0, buf, sizeof buf)) > 0) {
      reads++;
      if (headn < sizeof head) {
         size_t k = sizeof head - headn;
         if (k > (size_t)n) k = (size_t)n;
         memcpy(head + headn, buf, k);
         headn += k;
      }
      h = h * 31 + rg_hash(buf, (size_t)n);
      total += (size_t)n;
   }
   printf("read %zu bytes (last r=%zd) hash %016llx\n", total, n,
          (unsigned long long)h);
   rg_hex("head ", head, headn);
   /* fgetc after EOF through stdio */
   printf("getchar %d\n", getchar());
   (void)reads;
   return 0;
}

/* Reading /dev/urandom with read(2) and with stdio. */
#include "rgtest.h"
#include <fcntl.h>
#include <unistd.h>

int main(void)
{
   unsigned char buf[48];
   int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
   if (fd < 0) { perror("open"); return 1; }
   ssize_t n = read(fd, buf, 24);
   printf("read %zd\n", n);
   rg_hex("  ", buf, 24);
   n = pread(fd, buf, 16, 0);
   printf("pread %zd\n", n);
   rg_hex("  ", buf, 16);
   close(fd);
   FILE *f = fopen("/dev/urandom", "rb");
   if (!f) { perror("fopen"); return 1; }
   size_t m = fread(buf, 1, sizeof buf, f);
   fclose(f);
   printf("fread %zu\n", m);
   rg_hex("  ", buf, m);
   return 0;
}

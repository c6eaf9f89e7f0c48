/* Keeps changing a counter (and a few more words) in a shared file
   mapping for about three seconds. */
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char** argv)
{
   if (argc < 2) return 2;
   int fd = open(argv[1], O_RDWR);
   if (fd < 0) return 2;
   volatile long* p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
                           fd, 0);
   if (p == MAP_FAILED) return 2;
   for (long i = 1; i <= 1500; i++) {
      p[0] = i;
      p[i % 512] += i;
      usleep(2000);
   }
   return 0;
}

/* stat/lstat/access of argv[1] (changed before replay). */
#include "rgtest.h"
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
   if (argc < 2) { fprintf(stderr, "usage: statfile FILE\n"); return 2; }
   struct stat st;
   if (stat(argv[1], &st) != 0) { perror(argv[1]); return 1; }
   printf("size %lld\n", (long long)st.st_size);
   printf("mtime %lld.%09ld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
   printf("ctime %lld.%09ld\n", (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
   printf("ino %llu mode %o nlink %lu\n", (unsigned long long)st.st_ino,
          st.st_mode, (unsigned long)st.st_nlink);
   struct statx sx;
   if (statx(AT_FDCWD, argv[1], 0, STATX_ALL, &sx) == 0)
      printf("statx size %llu btime %lld.%09u\n",
             (unsigned long long)sx.stx_size, (long long)sx.stx_btime.tv_sec,
             sx.stx_btime.tv_nsec);
   printf("access W_OK %d\n", access(argv[1], W_OK));
   return 0;
}

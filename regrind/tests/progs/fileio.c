/* Write a temporary file under argv[1] (mkstemp), read it back, rename,
   unlink; the directory is emptied before replay. */
#include "rgtest.h"
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
   if (argc < 2) { fprintf(stderr, "usage: fileio DIR\n"); return 2; }
   char path[4096];
   snprintf(path, sizeof path, "%s/tmp-XXXXXX", argv[1]);
   int fd = mkstemp(path);
   if (fd < 0) { perror("mkstemp"); return 1; }
   printf("temp name %s\n", strrchr(path, '/') + 1);
   char data[256];
   int len = snprintf(data, sizeof data, "pid %ld at %lld\n", (long)getpid(),
                      rg_now_ns(CLOCK_REALTIME));
   printf("wrote %zd\n", write(fd, data, (size_t)len));
   fsync(fd);
   char back[256] = { 0 };
   printf("pread %zd: %s", pread(fd, back, sizeof back - 1, 0), back);
   ftruncate(fd, 4);
   struct stat st;
   fstat(fd, &st);
   printf("after truncate size %lld blocks %lld\n", (long long)st.st_size,
          (long long)st.st_blocks);
   close(fd);
   char path2[4200];
   snprintf(path2, sizeof path2, "%s.renamed", path);
   printf("rename %d\n", rename(path, path2));
   printf("unlink %d\n", unlink(path2));
   printf("unlink again %d\n", unlink(path2));
   return 0;
}

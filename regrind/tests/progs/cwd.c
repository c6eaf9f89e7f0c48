/* getcwd, mkdtemp (random name) under argv[1], chdir, getcwd, write a file
   there and read it back. The directory is removed before replay. */
#include "rgtest.h"
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
   if (argc < 2) { fprintf(stderr, "usage: cwd DIR\n"); return 2; }
   char buf[4096];
   printf("cwd %s\n", getcwd(buf, sizeof buf));
   if (chdir(argv[1]) != 0) { perror(argv[1]); return 1; }
   char tmpl[] = "sub-XXXXXX";
   if (!mkdtemp(tmpl)) { perror("mkdtemp"); return 1; }
   printf("made %s\n", tmpl);
   if (chdir(tmpl) != 0) { perror("chdir"); return 1; }
   printf("cwd %s\n", getcwd(buf, sizeof buf));
   int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
   char msg[64];
   int len = snprintf(msg, sizeof msg, "%lld\n", rg_now_ns(CLOCK_REALTIME));
   write(fd, msg, (size_t)len);
   lseek(fd, 0, SEEK_SET);
   char back[64] = { 0 };
   read(fd, back, sizeof back - 1);
   close(fd);
   printf("read back %s", back);
   struct stat st;
   stat("f", &st);
   printf("f ino %llu mtime %lld.%09ld\n", (unsigned long long)st.st_ino,
          (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
   chdir("..");
   printf("cwd %s\n", getcwd(buf, sizeof buf));
   return 0;
}

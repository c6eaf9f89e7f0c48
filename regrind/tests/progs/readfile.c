/* Read the file argv[1] (deleted before replay) and print it. */
#include "rgtest.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
   if (argc < 2) { fprintf(stderr, "usage: readfile FILE\n"); return 2; }
   int fd = open(argv[1], O_RDONLY);
   if (fd < 0) { perror(argv[1]); return 1; }
   struct stat st;
   fstat(fd, &st);
   printf("size %lld\n", (long long)st.st_size);
   char buf[4096];
   size_t total = 0;
   uint64_t h = 0;
   ssize_t n;
   while ((n = read(fd, buf, sizeof buf)) > 0) {
      fwrite(buf, 1, (size_t)n, stdout);
      h ^= rg_hash(buf, (size_t)n) + total;
      total += (size_t)n;
   }
   close(fd);
   printf("\nread %zu bytes hash %016llx\n", total, (unsigned long long)h);
   /* Also through stdio, with a seek. */
   FILE *f = fopen(argv[1], "r");
   if (!f) { perror(argv[1]); return 1; }
   fseek(f, 3, SEEK_SET);
   char line[128];
   if (fgets(line, sizeof line, f))
      printf("from offset 3: %s", line);
   fclose(f);
   return 0;
}

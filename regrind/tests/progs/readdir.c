/* List the directory argv[1] (changed before replay), in readdir order
   (which differs between runs for freshly created names) and sorted. */
#include "rgtest.h"
#include <dirent.h>

static int cmp(const void *a, const void *b)
{
   return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
   if (argc < 2) { fprintf(stderr, "usage: readdir DIR\n"); return 2; }
   DIR *d = opendir(argv[1]);
   if (!d) { perror(argv[1]); return 1; }
   char *names[1024];
   int n = 0;
   struct dirent *e;
   while ((e = readdir(d)) != NULL && n < 1024) {
      printf("entry %s type %d ino %llu\n", e->d_name, e->d_type,
             (unsigned long long)e->d_ino);
      names[n++] = strdup(e->d_name);
   }
   closedir(d);
   qsort(names, (size_t)n, sizeof names[0], cmp);
   printf("%d entries, sorted:", n);
   for (int i = 0; i < n; i++)
      printf(" %s", names[i]);
   printf("\n");
   return 0;
}

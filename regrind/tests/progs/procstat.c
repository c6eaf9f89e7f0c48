/* Read /proc/self/stat, /proc/self/status, /proc/uptime, /proc/loadavg. */
#include "rgtest.h"

static void dump(const char *path, int maxlines)
{
   FILE *f = fopen(path, "r");
   if (!f) { printf("%s: cannot open\n", path); return; }
   char line[1024];
   int n = 0;
   while (n < maxlines && fgets(line, sizeof line, f)) {
      printf("%s: %s", path, line);
      n++;
   }
   fclose(f);
}

int main(void)
{
   dump("/proc/self/stat", 1);
   dump("/proc/self/status", 12);
   dump("/proc/uptime", 1);
   dump("/proc/loadavg", 1);
   dump("/proc/self/schedstat", 1);
   return 0;
}

/* The initial image: environment, AT_RANDOM, auxv and stack address.
   The environment is changed at replay. */
#include "rgtest.h"
#include <sys/auxv.h>

extern char **environ;

int main(int argc, char **argv)
{
   const char *v = getenv("RGTEST_VALUE");
   printf("RGTEST_VALUE=%s\n", v ? v : "(unset)");
   int n = 0;
   uint64_t h = 0;
   for (char **e = environ; *e; e++, n++)
      h ^= rg_hash(*e, strlen(*e));
   printf("environ count %d hash %016llx\n", n, (unsigned long long)h);
   const unsigned char *r = (const unsigned char *)getauxval(AT_RANDOM);
   if (r)
      rg_hex("AT_RANDOM ", r, 16);
   printf("AT_PHDR %lx AT_ENTRY %lx AT_BASE %lx AT_HWCAP %lx\n",
          getauxval(AT_PHDR), getauxval(AT_ENTRY), getauxval(AT_BASE),
          getauxval(AT_HWCAP));
   printf("AT_EXECFN %s\n", (const char *)getauxval(AT_EXECFN));
   printf("argv %p environ %p argc %d\n", (void *)argv, (void *)environ, argc);
   int local;
   printf("stack %p\n", (void *)&local);
   return 0;
}

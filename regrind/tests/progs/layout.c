/* Addresses and secrets that depend on the initial image: a local,
   argv[0], heap blocks, an anonymous mapping, an environment variable,
   the stack-protector canary and the pointer guard (both seeded from
   AT_RANDOM), all printed. */
#include "rgtest.h"
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char** argv)
{
   int local = 0;
   unsigned long canary, guard;
   __asm__ volatile("mov %%fs:0x28, %0" : "=r"(canary));
   __asm__ volatile("mov %%fs:0x30, %0" : "=r"(guard));
   printf("local %p argv0 %p argc %d\n", (void*)&local, (void*)argv[0], argc);
   for (int i = 0; i < 4; i++)
      printf("heap %d %p\n", i, malloc(1000 << (i * 4)));
   void* m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   printf("mmap %p\n", m);
   const char* v = getenv("RGTEST_VALUE");
   printf("RGTEST_VALUE=%s\n", v ? v : "(unset)");
   printf("canary %lx guard %lx\n", canary, guard);
   return 0;
}

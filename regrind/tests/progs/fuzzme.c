/* A small program that makes every kind of record the trace fuzzers
   mutate: reads and a pread of a file (argv[1]), a mapping of it (a FILE
   record with embedded bytes, as it is not under a system directory),
   getrandom, readlink, write and writev to stdout, rdtsc, a signal it
   sends itself and one from an interval timer.  Without argv[1] it reads
   /proc/self/stat instead, and maps nothing. */
#include "rgtest.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>
#include <x86intrin.h>

static volatile sig_atomic_t fired, usr1;
static void on_alrm(int sig) { (void)sig; fired++; }
static void on_usr1(int sig) { (void)sig; usr1++; }

int main(int argc, char **argv)
{
   const char *in = argc > 1 ? argv[1] : "/proc/self/stat";
   char buf[4096];
   int fd = open(in, O_RDONLY);
   if (fd < 0) { perror(in); return 1; }
   ssize_t n = read(fd, buf, 100), m = read(fd, buf + 100, sizeof buf - 100);
   printf("read %zd+%zd hash %016llx\n", n, m,
          (unsigned long long)rg_hash(buf, (size_t)(n + (m > 0 ? m : 0))));
   if (argc > 1) {
      char *p = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) { perror("mmap"); return 1; }
      printf("mapped hash %016llx\n", (unsigned long long)rg_hash(p, 200));
      munmap(p, 8192);
      n = pread(fd, buf, 64, 10);
      printf("pread %zd hash %016llx\n", n,
             (unsigned long long)rg_hash(buf, (size_t)(n > 0 ? n : 0)));
   }
   close(fd);

   unsigned char r[16];
   /* (the count is not printed: a short getrandom is not an error the
      trace can show, so a fuzzer's edit of it would change only output) */
   n = getrandom(r, sizeof r, 0);
   rg_hex("getrandom ", r, sizeof r);
   n = readlink("/proc/self/exe", buf, sizeof buf - 1);
   printf("readlink %s\n", n > 0 ? "ok" : "failed");
   unsigned long long t0 = __rdtsc(), t1 = __rdtsc();
   printf("rdtsc %s\n", t1 >= t0 ? "ascending" : "descending");

   struct sigaction sa = { 0 };
   sa.sa_handler = on_usr1;
   sigaction(SIGUSR1, &sa, NULL);
   sa.sa_handler = on_alrm;
   sigaction(SIGALRM, &sa, NULL);
   raise(SIGUSR1);
   struct itimerval it = { { 0, 0 }, { 0, 2000 } };
   setitimer(ITIMER_REAL, &it, NULL);
   unsigned long long spins = 0;
   while (!fired) spins++;
   printf("usr1 %d alrm %d spins %s\n", (int)usr1, (int)fired,
          spins ? "some" : "none");
   fflush(stdout);

   static const char a[] = "writev: one ", b[] = "two\n";
   struct iovec iov[2] = { { (void *)a, sizeof a - 1 },
                           { (void *)b, sizeof b - 1 } };
   writev(1, iov, 2);
   write(1, "done\n", 5);
   return 0;
}

/* Multi-threaded patterns, one per mode; each prints what depends on
   the interleaving (arrival orders, which thread did what, times), so
   the output differs between native runs.
     prodcons  mutex + condvar producer/consumer, 3 consumers
     barrier   pthread_barrier rounds; who arrives last each round
     pool      a pool of 3 workers taking 40 jobs from a queue
     detached  detached threads report through a semaphore
     exit      a thread calls exit() while others run
     pipe      a thread blocks in read() on a pipe another writes
     kill      pthread_kill to a chosen thread, which handles it
     tls       __thread variables and thread ids seen by each thread
     robust    a thread dies holding a robust mutex; another gets
               EOWNERDEAD and makes it consistent
     timer     a setitimer SIGALRM stream while 3 threads work: which
               thread takes each tick
     procsig   a child process sends SIGUSR2 to the process (not to a
               thread) while 3 threads work: which thread takes them
     fork      a thread forks while others run; the child prints
     exec      a thread that is not the main one calls execve */
#include "rgtest.h"
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t  cv = PTHREAD_COND_INITIALIZER;
static uint64_t trail = 0xcbf29ce484222325ULL;  /* hash of events */

static void note(long v)
{
   trail = (trail ^ (uint64_t)v) * 0x100000001b3ULL;
}

static void tiny_sleep(long ns)
{
   struct timespec ts = { 0, ns };
   nanosleep(&ts, NULL);
}

/* ---------------------------------------------------------------- */
#define QN 16
static long queue[QN];
static int qhead, qtail, qcount, done_producing;
static long consumed_by[3];

static void* consumer(void* arg)
{
   long id = (long)arg;
   for (;;) {
      pthread_mutex_lock(&mu);
      while (qcount == 0 && !done_producing)
         pthread_cond_wait(&cv, &mu);
      if (qcount == 0) { pthread_mutex_unlock(&mu); break; }
      long v = queue[qhead];
      qhead = (qhead + 1) % QN; qcount--;
      note(v * 4 + id);
      consumed_by[id]++;
      pthread_cond_broadcast(&cv);
      pthread_mutex_unlock(&mu);
      if (v % 7 == 0) tiny_sleep(2000);
   }
   return NULL;
}

static void prodcons(void)
{
   pthread_t t[3];
   for (long i = 0; i < 3; i++) pthread_create(&t[i], NULL, consumer, (void*)i);
   for (long v = 0; v < 300; v++) {
      pthread_mutex_lock(&mu);
      while (qcount == QN) pthread_cond_wait(&cv, &mu);
      queue[qtail] = v; qtail = (qtail + 1) % QN; qcount++;
      pthread_cond_broadcast(&cv);
      pthread_mutex_unlock(&mu);
      if (v % 50 == 0) tiny_sleep(5000);
   }
   pthread_mutex_lock(&mu);
   done_producing = 1;
   pthread_cond_broadcast(&cv);
   pthread_mutex_unlock(&mu);
   for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
   printf("consumed %ld %ld %ld, order %016llx\n", consumed_by[0],
          consumed_by[1], consumed_by[2], (unsigned long long)trail);
}

/* ---------------------------------------------------------------- */
static pthread_barrier_t bar;
static volatile int arrivals;
static int last_of_round[10];

static void* barrier_worker(void* arg)
{
   long id = (long)arg;
   for (int r = 0; r < 10; r++) {
      tiny_sleep(1000 * ((id * 7 + r * 3) % 5));
      pthread_mutex_lock(&mu);
      if (++arrivals % 4 == 0) last_of_round[r] = (int)id;
      pthread_mutex_unlock(&mu);
      pthread_barrier_wait(&bar);
   }
   return NULL;
}

static void barrier(void)
{
   pthread_t t[4];
   pthread_barrier_init(&bar, NULL, 4);
   for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, barrier_worker, (void*)i);
   for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
   printf("last arrivals:");
   for (int r = 0; r < 10; r++) printf(" %d", last_of_round[r]);
   printf(" at %lld\n", rg_now_ns(CLOCK_MONOTONIC) % 1000000);
}

/* ---------------------------------------------------------------- */
static int next_job;
static int job_worker[40];

static void* pool_worker(void* arg)
{
   long id = (long)arg;
   for (;;) {
      pthread_mutex_lock(&mu);
      int j = next_job < 40 ? next_job++ : -1;
      pthread_mutex_unlock(&mu);
      if (j < 0) break;
      job_worker[j] = (int)id;
      volatile long x = 0;
      for (long k = 0; k < 2000 * (j % 5 + 1); k++) x += k;
      if (j % 3 == 0) tiny_sleep(3000);
   }
   return NULL;
}

static void pool(void)
{
   pthread_t t[3];
   for (long i = 0; i < 3; i++) pthread_create(&t[i], NULL, pool_worker, (void*)i);
   for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
   printf("jobs by worker: ");
   for (int j = 0; j < 40; j++) printf("%d", job_worker[j]);
   printf("\n");
}

/* ---------------------------------------------------------------- */
static sem_t sem;
static volatile long finish_order[6];
static volatile int finished;

static void* detached_worker(void* arg)
{
   long id = (long)arg;
   tiny_sleep(1000 * (6 - id));
   pthread_mutex_lock(&mu);
   finish_order[finished++] = id;
   pthread_mutex_unlock(&mu);
   sem_post(&sem);
   return NULL;
}

static void detached(void)
{
   pthread_attr_t a;
   pthread_attr_init(&a);
   pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
   sem_init(&sem, 0, 0);
   for (long i = 0; i < 6; i++) {
      pthread_t t;
      pthread_create(&t, &a, detached_worker, (void*)i);
   }
   for (int i = 0; i < 6; i++) sem_wait(&sem);
   printf("detached finished in order");
   for (int i = 0; i < 6; i++) printf(" %ld", finish_order[i]);
   printf(" at %lld\n", rg_now_ns(CLOCK_MONOTONIC) % 1000000);
}

/* ---------------------------------------------------------------- */
static volatile long spins[3];

static void* spinner(void* arg)
{
   long id = (long)arg;
   for (;;) { spins[id]++; if (spins[id] % 1000 == 0) tiny_sleep(1000); }
   return NULL;
}

static void* exiter(void* arg)
{
   tiny_sleep(200000);
   printf("exit from a thread after %ld %ld spins\n", spins[0], spins[1]);
   fflush(stdout);
   exit(7);
}

static void exit_thread(void)
{
   pthread_t t[3];
   pthread_create(&t[0], NULL, spinner, (void*)0);
   pthread_create(&t[1], NULL, spinner, (void*)1);
   pthread_create(&t[2], NULL, exiter, NULL);
   for (;;) pause();
}

/* ---------------------------------------------------------------- */
static int pfd[2];

static void* pipe_reader(void* arg)
{
   char buf[64];
   long total = 0, reads = 0;
   ssize_t n;
   while ((n = read(pfd[0], buf, sizeof buf)) > 0) { total += n; reads++; note(n); }
   printf("reader got %ld bytes in %ld reads, %016llx\n", total, reads,
          (unsigned long long)trail);
   return NULL;
}

static void pipe_mode(void)
{
   pthread_t t;
   if (pipe(pfd) != 0) return;
   pthread_create(&t, NULL, pipe_reader, NULL);
   for (int i = 0; i < 50; i++) {
      char msg[40];
      int n = snprintf(msg, sizeof msg, "%lld;", rg_now_ns(CLOCK_MONOTONIC) % 1000);
      if (write(pfd[1], msg, n) != n) break;
      if (i % 10 == 0) tiny_sleep(10000);
   }
   close(pfd[1]);
   pthread_join(t, NULL);
}

/* ---------------------------------------------------------------- */
static volatile sig_atomic_t got_sig;
static volatile long work_at_signal;
static volatile long work_done;
static __thread long tls_id = -1;

static void on_usr1(int s)
{
   got_sig = (int)tls_id + 2;           /* never 0, whoever takes it */
   work_at_signal = work_done;
}

static void* kill_target(void* arg)
{
   tls_id = (long)arg;
   /* Sleep now and then (not sched_yield: under Valgrind's unfair lock
      spinning threads can starve the target for minutes). */
   while (!got_sig) { work_done++; if (work_done % 5000 == 0) tiny_sleep(1000); }
   return NULL;
}

static void kill_mode(void)
{
   pthread_t t[3];
   signal(SIGUSR1, on_usr1);
   for (long i = 0; i < 3; i++) pthread_create(&t[i], NULL, kill_target, (void*)i);
   tiny_sleep(20000);
   pthread_kill(t[1], SIGUSR1);
   for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
   printf("signal handled by thread %d after %ld units\n", got_sig - 2,
          work_at_signal);
}

/* ---------------------------------------------------------------- */
static void* tls_worker(void* arg)
{
   tls_id = (long)arg * 100;
   tiny_sleep(1000);
   pthread_mutex_lock(&mu);
   note(tls_id);
   note(syscall(SYS_gettid));
   pthread_mutex_unlock(&mu);
   printf("thread %ld tid %ld\n", tls_id, (long)syscall(SYS_gettid));
   return NULL;
}

static void tls(void)
{
   pthread_t t[4];
   setvbuf(stdout, NULL, _IOLBF, 0);
   for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, tls_worker, (void*)(i + 1));
   for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
   printf("main tls %ld, pid %d, trail %016llx\n", tls_id, getpid(),
          (unsigned long long)trail);
}

/* ---------------------------------------------------------------- */
static pthread_mutex_t rmu;

static void* robust_owner(void* arg)
{
   pthread_mutex_lock(&rmu);
   tiny_sleep(5000);
   return NULL;                 /* dies holding it */
}

static void* robust_waiter(void* arg)
{
   tiny_sleep(1000);
   int r = pthread_mutex_lock(&rmu);
   if (r == EOWNERDEAD) {
      pthread_mutex_consistent(&rmu);
      printf("waiter: owner died (EOWNERDEAD) at %lld\n",
             rg_now_ns(CLOCK_MONOTONIC) % 100000);
   } else {
      printf("waiter: lock returned %d\n", r);
   }
   pthread_mutex_unlock(&rmu);
   return NULL;
}

static void robust(void)
{
   pthread_mutexattr_t a;
   pthread_mutexattr_init(&a);
   pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
   pthread_mutex_init(&rmu, &a);
   pthread_t o, w;
   pthread_create(&o, NULL, robust_owner, NULL);
   tiny_sleep(500);
   pthread_create(&w, NULL, robust_waiter, NULL);
   pthread_join(o, NULL);
   pthread_join(w, NULL);
   int r = pthread_mutex_lock(&rmu);
   printf("main: lock afterwards returned %d\n", r);
}

/* ---------------------------------------------------------------- */
#define NTICKS 12
static volatile int ticks;
static volatile long tick_thread[NTICKS];
static volatile int stop_work;
static volatile long work_units, tick_work[NTICKS];

static void on_tick(int s)
{
   if (ticks < NTICKS) {
      tick_thread[ticks] = tls_id;
      tick_work[ticks] = work_units;
   }
   ticks++;
}

static void* ticked_worker(void* arg)
{
   tls_id = (long)arg;
   volatile long x = 0;
   while (!stop_work) { x++; work_units++; if (x % 20000 == 0) tiny_sleep(50000); }
   return NULL;
}

static void ticked(int use_timer)
{
   pthread_t t[3];
   signal(use_timer ? SIGALRM : SIGUSR2, on_tick);
   tls_id = 0;
   for (long i = 0; i < 3; i++) pthread_create(&t[i], NULL, ticked_worker, (void*)(i + 1));
   /* The workers take the signals; the kernel picks one of them. */
   sigset_t ss;
   sigemptyset(&ss);
   sigaddset(&ss, use_timer ? SIGALRM : SIGUSR2);
   pthread_sigmask(SIG_BLOCK, &ss, NULL);
   pid_t child = -1;
   if (use_timer) {
      struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
      setitimer(ITIMER_REAL, &it, NULL);
   } else {
      pid_t parent = getpid();
      child = fork();
      if (child == 0) {
         for (int i = 0; i < NTICKS; i++) { tiny_sleep(20000000); kill(parent, SIGUSR2); }
         _exit(0);
      }
   }
   while (ticks < NTICKS) tiny_sleep(1000000);
   if (use_timer) {
      struct itimerval off = { { 0, 0 }, { 0, 0 } };
      setitimer(ITIMER_REAL, &off, NULL);
   } else {
      waitpid(child, NULL, 0);
   }
   stop_work = 1;
   for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
   printf("%s taken by threads:", use_timer ? "SIGALRM ticks" : "SIGUSR2 from a child");
   for (int i = 0; i < NTICKS; i++) printf(" %ld", tick_thread[i]);
   printf(", work at each: %016llx\n",
          (unsigned long long)rg_hash((const void*)tick_work, sizeof tick_work));
}

/* ---------------------------------------------------------------- */
static void* fork_spinner(void* arg)
{
   while (!stop_work) { spins[0]++; if (spins[0] % 3000 == 0) tiny_sleep(1000); }
   return NULL;
}

static void* forker(void* arg)
{
   tiny_sleep(3000);
   fflush(stdout);
   pid_t p = fork();
   if (p == 0) {
      printf("child of a threaded process: pid %d, %ld spins seen\n",
             getpid(), spins[0]);
      fflush(stdout);
      _exit(3);
   }
   int st = 0;
   waitpid(p, &st, 0);
   printf("forking thread: child %d exited %d\n", p, WEXITSTATUS(st));
   return NULL;
}

static void fork_mode(void)
{
   pthread_t s, f;
   pthread_create(&s, NULL, fork_spinner, NULL);
   pthread_create(&f, NULL, forker, NULL);
   pthread_join(f, NULL);
   stop_work = 1;
   pthread_join(s, NULL);
   printf("spins %ld at %lld\n", spins[0], rg_now_ns(CLOCK_REALTIME));
}

/* ---------------------------------------------------------------- */
static void* execer(void* arg)
{
   tiny_sleep(2000);
   char msg[64];
   snprintf(msg, sizeof msg, "exec from a thread after %ld spins", spins[0]);
   fflush(stdout);
   execl("/bin/echo", "echo", msg, (char*)NULL);
   return NULL;
}

static void exec_mode(void)
{
   pthread_t s, e;
   pthread_create(&s, NULL, fork_spinner, NULL);
   pthread_create(&e, NULL, execer, NULL);
   pthread_join(s, NULL);
}

int main(int argc, char** argv)
{
   const char* m = argc > 1 ? argv[1] : "";
   if      (!strcmp(m, "prodcons")) prodcons();
   else if (!strcmp(m, "barrier"))  barrier();
   else if (!strcmp(m, "pool"))     pool();
   else if (!strcmp(m, "detached")) detached();
   else if (!strcmp(m, "exit"))     exit_thread();
   else if (!strcmp(m, "pipe"))     pipe_mode();
   else if (!strcmp(m, "kill"))     kill_mode();
   else if (!strcmp(m, "tls"))      tls();
   else if (!strcmp(m, "robust"))   robust();
   else if (!strcmp(m, "timer"))    ticked(1);
   else if (!strcmp(m, "procsig"))  ticked(0);
   else if (!strcmp(m, "fork"))     fork_mode();
   else if (!strcmp(m, "exec"))     exec_mode();
   else { fprintf(stderr, "usage: threads_sync MODE\n"); return 2; }
   return 0;
}

/* Memcheck's classic errors, driven by input.  Reads a number N from
   the file argv[1]; when N % 4 == 1, check_value branches on a variable
   it never set.  With argv[2] "errors" it also writes past a heap
   block, leaks one, and hands write() uninitialised bytes.  The random
   token printed makes native runs differ.
   test-flags: -O0 */
#include "rgtest.h"
#include <sys/random.h>
#include <unistd.h>

static int check_value(int n)
{
   int seen;
   if (n % 4 != 1) seen = n;
   if (seen > 100)                       /* UNINIT-BRANCH */
      return 1;
   return 0;
}

int main(int argc, char **argv)
{
   FILE *f = fopen(argv[1], "r");
   int n = 0;
   unsigned token = 0;
   if (!f || fscanf(f, "%d", &n) != 1) { printf("no input\n"); return 2; }
   fclose(f);
   getrandom(&token, sizeof token, 0);
   printf("n %d big %d token %08x\n", n, check_value(n), token);
   if (argc > 2 && strcmp(argv[2], "errors") == 0) {
      char *block = malloc(10);
      block[10] = 'x';                   /* INVALID-WRITE */
      char *lost = malloc(33);           /* LEAK */
      lost[0] = 1;
      lost = NULL;
      char *unset = malloc(8);
      write(1, unset, 8);                /* UNINIT-WRITE */
      printf("\n");
      free(block);
      free(unset);
   }
   return 0;
}

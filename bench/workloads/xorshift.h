/* xorshift64: the workloads' deterministic pseudo-random numbers.
   Define XS_SEED before including. */
#include <stdint.h>

static uint64_t xs = XS_SEED;
static uint64_t xorshift64(void)
{
   xs ^= xs << 13;
   xs ^= xs >> 7;
   xs ^= xs << 17;
   return xs;
}

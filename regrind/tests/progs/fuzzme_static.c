/* fuzzme, linked statically: no dynamic linker to run, so that each of
   the fuzzer's replays starts fast.
   test-flags: -static */
#include "fuzzme.c"

/*--------------------------------------------------------------------*/
/*--- regrind: zlib's allocator on Valgrind's heap.      rg_zlib.c ---*/
/*--------------------------------------------------------------------*/

/* zlib is built freestanding (-DZ_SOLO), so it has no default
   allocator: every z_stream gets these two. */

#include "pub_tool_basics.h"
#include "pub_tool_mallocfree.h"
#include "zlib.h"
#include "rg_include.h"


void* RG_(zalloc)(void* opaque, unsigned items, unsigned size)
{
   return VG_(malloc)("rg.zlib", (SizeT)items * size);
}

void RG_(zfree)(void* opaque, void* p)
{
   VG_(free)(p);
}

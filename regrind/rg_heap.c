/*--------------------------------------------------------------------*/
/*--- regrind: one heap layout for record and every replay.        ---*/
/*---                                                    rg_heap.c ---*/
/*--------------------------------------------------------------------*/

/* The analysis tools (memcheck, helgrind, drd, massif) replace malloc
   and friends through their preload, with their own allocator.  So
   that one recording replays under each of them, regrind replaces
   malloc too, at record and at every replay: the client's malloc is
   served from Valgrind's client arena (VG_(cli_malloc)), with the same
   alignment and redzone everywhere, and the sequence of calls the
   arena sees is the client's own, whatever the tool does on top:

   - allocations: the tool's malloc calls VG_(cli_malloc) once, at the
     client's call, with the client's size and alignment;
   - frees: a tool may keep a freed block back (memcheck's freed
     queue) or free it at once.  regrind ignores the tool's
     VG_(cli_free) (rg_glue.c) and frees the block itself at the
     client's free, through a quarantine of fixed volume (as memcheck's
     --freelist-vol does) so that use-after-free stays visible;
   - realloc always moves the block (as memcheck's does).

   The table of live blocks (address, requested size) is regrind's:
   malloc_usable_size and realloc answer from it under every tool. */

#include "pub_tool_basics.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_replacemalloc.h"
#include "pub_tool_hashtable.h"
#include "pub_tool_options.h"
#include "rg_include.h"

/* What the arena sees, the same under every tool. */
#define RG_HEAP_REDZONE   16
#define RG_HEAP_ALIGN     16
/* Freed bytes held back before the arena may reuse them (memcheck's
   default --freelist-vol). */
#define RG_HEAP_QUARANTINE 20000000

typedef struct _RgBlock {
   struct _RgBlock* next;
   UWord            key;         /* address */
   SizeT            size;        /* requested */
} RgBlock;

static VgHashTable* live;

/* Freed blocks, oldest first, waiting for their real free. */
static Addr*  q_addr;
static SizeT* q_size;
static UInt   q_cap, q_head, q_len;
static SizeT  q_vol;

void (*RG_(heap_real_free))(void*) = VG_(cli_free);

static void init(void)
{
   if (!live) live = VG_(HT_construct)("rg.heap");
}

SizeT RG_(heap_redzone)(void) { return RG_HEAP_REDZONE; }

/* The alignment a tool asks the arena for, made the same everywhere:
   a power of two, at least the default. */
SizeT RG_(heap_align)(SizeT align)
{
   SizeT a = RG_HEAP_ALIGN;
   while (a < align && a < ((SizeT)1 << 40)) a <<= 1;
   return a;
}

void RG_(heap_note)(void* p, SizeT size)
{
   init();
   RgBlock* b = VG_(HT_lookup)(live, (UWord)p);
   if (b) { b->size = size; return; }
   b = VG_(malloc)("rg.heap.b", sizeof *b);
   b->key = (UWord)p;
   b->size = size;
   VG_(HT_add_node)(live, b);
}

Bool RG_(heap_size)(void* p, SizeT* size)
{
   init();
   RgBlock* b = VG_(HT_lookup)(live, (UWord)p);
   if (!b) return False;
   *size = b->size;
   return True;
}

static void q_push(Addr a, SizeT n)
{
   if (q_len == q_cap) {
      UInt cap = q_cap ? 2 * q_cap : 1024, i;
      Addr*  na = VG_(malloc)("rg.heap.q", cap * sizeof *na);
      SizeT* ns = VG_(malloc)("rg.heap.q", cap * sizeof *ns);
      for (i = 0; i < q_len; i++) {
         na[i] = q_addr[(q_head + i) % q_cap];
         ns[i] = q_size[(q_head + i) % q_cap];
      }
      if (q_cap) { VG_(free)(q_addr); VG_(free)(q_size); }
      q_addr = na; q_size = ns; q_cap = cap; q_head = 0;
   }
   q_addr[(q_head + q_len) % q_cap] = a;
   q_size[(q_head + q_len) % q_cap] = n;
   q_len++;
   q_vol += n;
   while (q_vol > RG_HEAP_QUARANTINE && q_len > 0) {
      RG_(heap_real_free)((void*)q_addr[q_head]);
      q_vol -= q_size[q_head];
      q_head = (q_head + 1) % q_cap;
      q_len--;
   }
}

/* The client freed P: a block of ours goes to the quarantine; anything
   else (a double or invalid free) changes nothing, under every tool. */
Bool RG_(heap_release)(void* p)
{
   init();
   RgBlock* b = VG_(HT_remove)(live, (UWord)p);
   if (!b) return False;
   q_push((Addr)p, b->size);
   VG_(free)(b);
   return True;
}

/*------------------------------------------------------------*/
/*--- regrind's own replacement (record, plain replay, and   ---*/
/*--- the tools that do not replace malloc)                  ---*/
/*------------------------------------------------------------*/

static void* h_alloc(SizeT n, SizeT align, Bool zero)
{
   if ((SSizeT)n < 0) return NULL;     /* as the tools refuse it */
   void* p = VG_(cli_malloc)(RG_(heap_align)(align), n);
   if (!p) return NULL;
   if (zero) VG_(memset)(p, 0, n);
   RG_(heap_note)(p, n);
   return p;
}

static void* h_malloc(ThreadId tid, SizeT n)
{
   return h_alloc(n, VG_(clo_alignment), False);
}

static void* h_malloc_aligned(ThreadId tid, SizeT n, SizeT align)
{
   return h_alloc(n, align, False);
}

static void* h_memalign(ThreadId tid, SizeT align, SizeT n)
{
   return h_alloc(n, align, False);
}

static void* h_calloc(ThreadId tid, SizeT nmemb, SizeT size1)
{
   return h_alloc(nmemb * size1, VG_(clo_alignment), True);
}

static void h_free(ThreadId tid, void* p)
{
   RG_(heap_release)(p);
}

static void h_free_aligned(ThreadId tid, void* p, SizeT align)
{
   RG_(heap_release)(p);
}

static void* h_realloc(ThreadId tid, void* p, SizeT n)
{
   SizeT old;
   if (!p) return h_malloc(tid, n);
   if (!RG_(heap_size)(p, &old)) return NULL;
   void* q = h_alloc(n, VG_(clo_alignment), False);
   if (!q) return NULL;
   VG_(memcpy)(q, p, old < n ? old : n);
   RG_(heap_release)(p);
   return q;
}

static SizeT h_usable_size(ThreadId tid, void* p)
{
   SizeT n;
   return RG_(heap_size)(p, &n) ? n : 0;
}

void RG_(heap_register)(void)
{
   VG_(needs_malloc_replacement)(h_malloc, h_malloc, h_malloc_aligned,
                                 h_malloc, h_malloc_aligned, h_memalign,
                                 h_calloc, h_free, h_free, h_free_aligned,
                                 h_free, h_free_aligned, h_realloc,
                                 h_usable_size, RG_HEAP_REDZONE);
}

/*--------------------------------------------------------------------*/
/*--- end                                                rg_heap.c ---*/
/*--------------------------------------------------------------------*/

/*--------------------------------------------------------------------*/
/*--- regrind: a stock Valgrind tool on top of the replay engine.  ---*/
/*---                                                    rg_glue.c ---*/
/*--------------------------------------------------------------------*/

/* regrind-memcheck, regrind-helgrind, ... are the stock tools' objects,
   compiled from the source of the installed Valgrind, linked with the
   replay engine and this file, without a line of the tools changed.
   The link wraps (ld --wrap) the registration functions that both the
   tool and the engine call, so that each callback is a chain:

   - the engine registers inside the tool's VG_(basic_tool_funcs) call,
     which every tool makes in its pre_clo_init;
   - callbacks run engine first (it says which thread runs, replays the
     syscall, waits for the turn), except fini (the tool's report
     first), stop_client_code (the engine may wait there for the
     thread's turn, and the tool must know the thread stopped) and
     client requests (the tool's first; the engine takes the others'
     requests, which the preload makes under every tool);
   - instrumentation: the tool's pass, then the engine's; so the tool
     never sees the engine's counting, stop checks and emulation;
   - malloc: the tool's allocator runs, but the heap layout is the
     recording's (rg_heap.c): VG_(cli_free) from the tool is ignored
     and the block is freed at the client's free. */

#include "pub_tool_basics.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_replacemalloc.h"
#include "pub_tool_options.h"
#include "pub_tool_threadstate.h"
#include "rg_include.h"

static const HChar* details_name = "";      /* "Memcheck" */

/* What differs between the tools, by their details name:
   - realloc_moves: the tool's realloc always moves the block, as the
     recording's does; the others are given malloc, copy and free;
   - key_nraddr: the tool keys its per-block table by the block's code
     address, which the preload's redirections make shared by several
     translations (the redirected one of a function and a direct call
     of it, or one replacement for two symbols): give it, for a
     redirected translation, the address the translation is for with
     a tag bit no code address has;
   - read_inline: the core reads inlined-function info by default for
     these tools (by their --tool name, which is ours): stacks then show
     the inlined frames the stock tool shows. */
enum { Q_REALLOC_MOVES, Q_KEY_NRADDR, Q_READ_INLINE };
#define RG_REDIR_KEY (1UL << 63)
static const struct { const HChar* name; Bool q[3]; } quirks[] = {
   { "Memcheck",   { True,  False, True  } },
   { "Helgrind",   { False, False, True  } },  /* shrinks in place */
   { "drd",        { False, False, True  } },
   { "Massif",     { False, False, True  } },  /* grows within the slop */
   { "Cachegrind", { False, True,  False } },
};

static Bool quirk(Int which)
{
   UInt i;
   for (i = 0; i < sizeof quirks / sizeof quirks[0]; i++)
      if (VG_(strcmp)(quirks[i].name, details_name) == 0)
         return quirks[i].q[which];
   return False;
}

enum { ENG = 0, TOOL = 1 };
static Int who = TOOL;
extern const HChar* VG_(clo_toolname);      /* "regrind-memcheck" */
extern Bool VG_(clo_read_inline_info);
static const HChar* our_name;               /* "regrind-memcheck" */

#define WRAP(f)  __wrap_vgPlain_##f
#define REAL(f)  __real_vgPlain_##f

/*------------------------------------------------------------*/
/*--- Chains                                               ---*/
/*------------------------------------------------------------*/

typedef IRSB* (*InstrFn)(VgCallbackClosure*, IRSB*, const VexGuestLayout*,
                         const VexGuestExtents*, const VexArchInfo*,
                         IRType, IRType);

static void  (*c_post_clo_init[2])(void);
static InstrFn c_instrument[2];
static void  (*c_fini[2])(Int);
static Bool  (*c_opt[2])(const HChar*);
static void  (*c_usage[2])(void);
static void  (*c_dusage[2])(void);
static void  (*c_pre_sys[2])(ThreadId, UInt, UWord*, UInt);
static void  (*c_post_sys[2])(ThreadId, UInt, UWord*, UInt, SysRes);
static Bool  (*c_creq[2])(ThreadId, UWord*, UWord*);
static void  (*c_post_mem_write[2])(CorePart, ThreadId, Addr, SizeT);
static void  (*c_start[2])(ThreadId, ULong);
static void  (*c_stop[2])(ThreadId, ULong);
static void  (*c_deliver[2])(ThreadId, Int, Bool);
static void  (*c_create[2])(ThreadId, ThreadId);
static void  (*c_first[2])(ThreadId);
static void  (*c_exit[2])(ThreadId);
static void  (*c_discard)(Addr, VexGuestExtents);
static Bool    key_nraddr;

/* Calls each registered member, in the given order of indices. */
#define EACH(arr, call) \
   do { Int i_; for (i_ = 0; i_ < 2; i_++) if (arr[i_]) arr[i_] call; } \
   while (0)
#define EACH_TOOL_FIRST(arr, call) \
   do { Int i_; for (i_ = 1; i_ >= 0; i_--) if (arr[i_]) arr[i_] call; } \
   while (0)

static void g_post_clo_init(void)
{
   if (RG_(mode) != RG_MODE_REPLAY)
      RG_(fatal)("--tool=%s analyses a replay: record with "
                 "valgrind --tool=regrind-full --record[=DIR] PROG ARGS, then run "
                 "valgrind --tool=%s --replay[=DIR] PROG ARGS",
                 our_name, our_name);
   EACH(c_post_clo_init, ());
   if (!RG_(recorded_full))
      VG_(umsg)("regrind: note: %s was recorded with --tool=regrind, not "
                "--tool=regrind-full: the program used glibc's malloc and "
                "no pthread wrappers, so %s sees no heap blocks and no "
                "locks (record with --tool=regrind-full to analyse "
                "everything)\n", RG_(clo_trace), VG_(clo_toolname));
}

static IRSB* g_instrument(VgCallbackClosure* cl, IRSB* sb,
                          const VexGuestLayout* gl,
                          const VexGuestExtents* ge,
                          const VexArchInfo* ai, IRType gw, IRType hw)
{
   if (c_instrument[TOOL] && key_nraddr && cl->readdr != cl->nraddr) {
      VgCallbackClosure c2 = *cl;
      VexGuestExtents   e2 = *ge;
      c2.readdr = c2.nraddr | RG_REDIR_KEY;
      e2.base[0] = c2.readdr;
      sb = c_instrument[TOOL](&c2, sb, gl, &e2, ai, gw, hw);
   } else if (c_instrument[TOOL]) {
      sb = c_instrument[TOOL](cl, sb, gl, ge, ai, gw, hw);
   }
   return c_instrument[ENG](cl, sb, gl, ge, ai, gw, hw);
}

static void g_discard(Addr orig, VexGuestExtents vge)
{
   if (key_nraddr && vge.base[0] != orig) vge.base[0] = orig | RG_REDIR_KEY;
   c_discard(orig, vge);
}

static void g_fini(Int code)        { EACH_TOOL_FIRST(c_fini, (code)); }
static void g_usage(void)           { EACH(c_usage, ()); }
static void g_dusage(void)          { EACH(c_dusage, ()); }

static Bool g_opt(const HChar* arg)
{
   Int i;
   for (i = 0; i < 2; i++)
      if (c_opt[i] && c_opt[i](arg)) return True;
   return False;
}

static Bool is_drd;

static Bool g_creq(ThreadId tid, UWord* args, UWord* ret)
{
   UWord same;
   Bool preload = RG_(client_request_answer)(args, &same);
   if (is_drd && c_creq[TOOL]
       && RG_(glue_drd_request)(c_creq[TOOL], tid, args)) {
      *ret = same;
      return True;
   }
   if (c_creq[TOOL] && c_creq[TOOL](tid, args, ret)) {
      if (preload) *ret = same;
      return True;
   }
   return c_creq[ENG] && c_creq[ENG](tid, args, ret);
}

static void g_pre_sys(ThreadId t, UInt s, UWord* a, UInt n)
{ EACH(c_pre_sys, (t, s, a, n)); }
static void g_post_sys(ThreadId t, UInt s, UWord* a, UInt n, SysRes r)
{ EACH(c_post_sys, (t, s, a, n, r)); }
static void g_post_mem_write(CorePart p, ThreadId t, Addr a, SizeT n)
{ EACH(c_post_mem_write, (p, t, a, n)); }
static void g_start(ThreadId t, ULong b)       { EACH(c_start, (t, b)); }
/* The engine may wait for the thread's turn in stop_client_code,
   without the lock: the tool must have seen the thread stop first. */
static void g_stop(ThreadId t, ULong b)        { EACH_TOOL_FIRST(c_stop, (t, b)); }
static void g_deliver(ThreadId t, Int s, Bool a) { EACH(c_deliver, (t, s, a)); }
static void g_create(ThreadId t, ThreadId c)   { EACH(c_create, (t, c)); }
static void g_first(ThreadId t)                { EACH(c_first, (t)); }
static void g_exit(ThreadId t)                 { EACH_TOOL_FIRST(c_exit, (t)); }

/*------------------------------------------------------------*/
/*--- The wrapped registration functions                   ---*/
/*------------------------------------------------------------*/

extern void* REAL(cli_malloc)(SizeT, SizeT);
extern void  REAL(cli_free)(void*);

extern void REAL(basic_tool_funcs)(void (*)(void), InstrFn, void (*)(Int));
void WRAP(basic_tool_funcs)(void (*post)(void), InstrFn instr,
                            void (*fini)(Int));
void WRAP(basic_tool_funcs)(void (*post)(void), InstrFn instr,
                            void (*fini)(Int))
{
   c_post_clo_init[who] = post;
   c_instrument[who]    = instr;
   c_fini[who]          = fini;
   REAL(basic_tool_funcs)(g_post_clo_init, g_instrument, g_fini);
   if (who == TOOL) {
      /* The stock tool's name from now on: the XML preamble's <tool>,
         --memcheck:OPTION prefixes.  The preload line and the execve
         hand-over were made with ours already. */
      our_name = VG_(clo_toolname);
      if (VG_(strncmp)(our_name, "regrind-", 8) == 0)
         VG_(clo_toolname) = our_name + 8;
      /* A default: the options are processed after this. */
      if (quirk(Q_READ_INLINE)) VG_(clo_read_inline_info) = True;
      RG_(analysis) = True;
      RG_(heap_real_free) = REAL(cli_free);
      who = ENG;
      RG_(register)();
      RG_(heap_register)();
      who = TOOL;
   }
}

extern void REAL(needs_superblock_discards)(void (*)(Addr, VexGuestExtents));
void WRAP(needs_superblock_discards)(void (*d)(Addr, VexGuestExtents));
void WRAP(needs_superblock_discards)(void (*d)(Addr, VexGuestExtents))
{
   c_discard = d;
   REAL(needs_superblock_discards)(g_discard);
}

extern void REAL(needs_command_line_options)(Bool (*)(const HChar*),
                                             void (*)(void), void (*)(void));
void WRAP(needs_command_line_options)(Bool (*opt)(const HChar*),
                                      void (*usage)(void),
                                      void (*dusage)(void));
void WRAP(needs_command_line_options)(Bool (*opt)(const HChar*),
                                      void (*usage)(void),
                                      void (*dusage)(void))
{
   c_opt[who] = opt; c_usage[who] = usage; c_dusage[who] = dusage;
   REAL(needs_command_line_options)(g_opt, g_usage, g_dusage);
}

extern void REAL(needs_syscall_wrapper)(
   void (*)(ThreadId, UInt, UWord*, UInt),
   void (*)(ThreadId, UInt, UWord*, UInt, SysRes));
void WRAP(needs_syscall_wrapper)(void (*pre)(ThreadId, UInt, UWord*, UInt),
   void (*post)(ThreadId, UInt, UWord*, UInt, SysRes));
void WRAP(needs_syscall_wrapper)(void (*pre)(ThreadId, UInt, UWord*, UInt),
   void (*post)(ThreadId, UInt, UWord*, UInt, SysRes))
{
   c_pre_sys[who] = pre; c_post_sys[who] = post;
   REAL(needs_syscall_wrapper)(g_pre_sys, g_post_sys);
}

extern void REAL(needs_client_requests)(Bool (*)(ThreadId, UWord*, UWord*));
void WRAP(needs_client_requests)(Bool (*h)(ThreadId, UWord*, UWord*));
void WRAP(needs_client_requests)(Bool (*h)(ThreadId, UWord*, UWord*))
{
   c_creq[who] = h;
   REAL(needs_client_requests)(g_creq);
}

/* One wrapper per tracked event the engine uses. */
#define TRACK(name, arr, disp, proto)                                  \
   extern void REAL(track_##name)(void (*) proto);                    \
   void WRAP(track_##name)(void (*f) proto);                          \
   void WRAP(track_##name)(void (*f) proto)                           \
   { arr[who] = f; REAL(track_##name)(disp); }

TRACK(post_mem_write, c_post_mem_write, g_post_mem_write,
      (CorePart, ThreadId, Addr, SizeT))
TRACK(start_client_code, c_start, g_start, (ThreadId, ULong))
TRACK(stop_client_code, c_stop, g_stop, (ThreadId, ULong))
TRACK(pre_deliver_signal, c_deliver, g_deliver, (ThreadId, Int, Bool))
TRACK(pre_thread_ll_create, c_create, g_create, (ThreadId, ThreadId))
TRACK(pre_thread_first_insn, c_first, g_first, (ThreadId))
TRACK(pre_thread_ll_exit, c_exit, g_exit, (ThreadId))

/*------------------------------------------------------------*/
/*--- malloc                                               ---*/
/*------------------------------------------------------------*/


static struct {
   void* (*malloc)(ThreadId, SizeT);
   void* (*new)(ThreadId, SizeT);
   void* (*new_al)(ThreadId, SizeT, SizeT);
   void* (*vnew)(ThreadId, SizeT);
   void* (*vnew_al)(ThreadId, SizeT, SizeT);
   void* (*memalign)(ThreadId, SizeT, SizeT);
   void* (*calloc)(ThreadId, SizeT, SizeT);
   void  (*free)(ThreadId, void*);
   void  (*del)(ThreadId, void*);
   void  (*del_al)(ThreadId, void*, SizeT);
   void  (*vdel)(ThreadId, void*);
   void  (*vdel_al)(ThreadId, void*, SizeT);
   void* (*realloc)(ThreadId, void*, SizeT);
   Bool  moves;
} t;

static void* noted(void* p, SizeT n) { if (p) RG_(heap_note)(p, n); return p; }

static void* g_malloc(ThreadId tid, SizeT n)
{ return noted(t.malloc(tid, n), n); }
static void* g_new(ThreadId tid, SizeT n)
{ return noted(t.new(tid, n), n); }
static void* g_new_al(ThreadId tid, SizeT n, SizeT al)
{ return noted(t.new_al(tid, n, al), n); }
static void* g_vnew(ThreadId tid, SizeT n)
{ return noted(t.vnew(tid, n), n); }
static void* g_vnew_al(ThreadId tid, SizeT n, SizeT al)
{ return noted(t.vnew_al(tid, n, al), n); }
static void* g_memalign(ThreadId tid, SizeT al, SizeT n)
{ return noted(t.memalign(tid, al, n), n); }
static void* g_calloc(ThreadId tid, SizeT nm, SizeT s1)
{ return noted(t.calloc(tid, nm, s1), nm * s1); }

static void g_free(ThreadId tid, void* p)
{ t.free(tid, p); RG_(heap_release)(p); }
static void g_del(ThreadId tid, void* p)
{ t.del(tid, p); RG_(heap_release)(p); }
static void g_del_al(ThreadId tid, void* p, SizeT al)
{ t.del_al(tid, p, al); RG_(heap_release)(p); }
static void g_vdel(ThreadId tid, void* p)
{ t.vdel(tid, p); RG_(heap_release)(p); }
static void g_vdel_al(ThreadId tid, void* p, SizeT al)
{ t.vdel_al(tid, p, al); RG_(heap_release)(p); }

static void* g_realloc(ThreadId tid, void* p, SizeT n)
{
   SizeT old;
   if (!p) return g_malloc(tid, n);
   if (!RG_(heap_size)(p, &old))
      /* Not a live block: NULL, as recorded; memcheck also says why
         (drd would assert). */
      return t.moves ? t.realloc(tid, p, n) : NULL;
   void* q;
   if (t.moves) {
      q = t.realloc(tid, p, n);
   } else {
      /* A tool that would keep the block: a new one, as recorded. */
      q = t.malloc(tid, n);
      if (!q) return NULL;
      VG_(memcpy)(q, p, old < n ? old : n);
      t.free(tid, p);
   }
   if (q && q != p) {
      RG_(heap_note)(q, n);
      RG_(heap_release)(p);
   }
   return q;
}

static SizeT g_usable_size(ThreadId tid, void* p)
{
   SizeT n;
   return RG_(heap_size)(p, &n) ? n : 0;
}

/* The parameters of VG_(needs_malloc_replacement), once. */
#define MALLOC_PARAMS                                                   \
   void* (*pmalloc)(ThreadId, SizeT), void* (*pnew)(ThreadId, SizeT),   \
   void* (*pnew_al)(ThreadId, SizeT, SizeT),                            \
   void* (*pvnew)(ThreadId, SizeT),                                     \
   void* (*pvnew_al)(ThreadId, SizeT, SizeT),                           \
   void* (*pmemalign)(ThreadId, SizeT, SizeT),                          \
   void* (*pcalloc)(ThreadId, SizeT, SizeT),                            \
   void (*pfree)(ThreadId, void*), void (*pdel)(ThreadId, void*),       \
   void (*pdel_al)(ThreadId, void*, SizeT),                             \
   void (*pvdel)(ThreadId, void*), void (*pvdel_al)(ThreadId, void*, SizeT), \
   void* (*prealloc)(ThreadId, void*, SizeT),                           \
   SizeT (*pusable)(ThreadId, void*), SizeT rz

extern void REAL(needs_malloc_replacement)(MALLOC_PARAMS);
void WRAP(needs_malloc_replacement)(MALLOC_PARAMS);
void WRAP(needs_malloc_replacement)(MALLOC_PARAMS)
{
   if (who == ENG) {
      /* regrind's own allocator, unless the tool has one. */
      if (!t.malloc)
         REAL(needs_malloc_replacement)(pmalloc, pnew, pnew_al, pvnew,
                                        pvnew_al, pmemalign, pcalloc, pfree,
                                        pdel, pdel_al, pvdel, pvdel_al,
                                        prealloc, pusable,
                                        RG_(heap_redzone)());
      return;
   }
   t.malloc = pmalloc; t.new = pnew; t.new_al = pnew_al; t.vnew = pvnew;
   t.vnew_al = pvnew_al; t.memalign = pmemalign; t.calloc = pcalloc;
   t.free = pfree; t.del = pdel; t.del_al = pdel_al; t.vdel = pvdel;
   t.vdel_al = pvdel_al; t.realloc = prealloc;
   t.moves = quirk(Q_REALLOC_MOVES);
   REAL(needs_malloc_replacement)(g_malloc, g_new, g_new_al, g_vnew,
                                  g_vnew_al, g_memalign, g_calloc, g_free,
                                  g_del, g_del_al, g_vdel, g_vdel_al,
                                  g_realloc, g_usable_size,
                                  RG_(heap_redzone)());
}

/* The arena sees the recording's alignments; the tool's frees are
   regrind's business (rg_heap.c). */
void* WRAP(cli_malloc)(SizeT align, SizeT n);
void* WRAP(cli_malloc)(SizeT align, SizeT n)
{
   return REAL(cli_malloc)(RG_(heap_align)(align), n);
}
void WRAP(cli_free)(void* p);
void WRAP(cli_free)(void* p) { }

extern void REAL(details_name)(const HChar*);
void WRAP(details_name)(const HChar* name);
void WRAP(details_name)(const HChar* name)
{
   details_name = name;
   key_nraddr = quirk(Q_KEY_NRADDR);
   is_drd = VG_(strcmp)(name, "drd") == 0;
   REAL(details_name)(name);
}

/*--------------------------------------------------------------------*/
/*--- end                                                rg_glue.c ---*/
/*--------------------------------------------------------------------*/

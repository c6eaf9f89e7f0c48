/*--------------------------------------------------------------------*/
/*--- regrind: what Valgrind's core knows but does not tell.        ---*/
/*---                                                    rg_core.c ---*/
/*--------------------------------------------------------------------*/

/* A tool is not told which signal killed the program: the core keeps
   it in the thread state, which only core headers describe.  They come
   from Debian's source of the installed Valgrind (./bootstrap fetches
   it), so the layout is the one of the running core.  Without that
   source, regrind does without (the signal is recorded as unknown). */

#include "pub_tool_basics.h"
#include "pub_tool_threadstate.h"
#include "rg_include.h"

#if defined(RG_CORE_HEADERS)
#include "pub_core_basics.h"
#include "pub_core_threadstate.h"
#include "pub_core_tooliface.h"

/* The thread that took the signal has it; the core marks the others
   it killed afterwards with SIGKILL. */
Int RG_(fatal_signal)(void)
{
   ThreadId tid;
   Int sig = 0;
   for (tid = 1; tid < VG_N_THREADS; tid++)
      if (VG_(threads)[tid].exitreason == VgSrc_FatalSig
          && VG_(threads)[tid].os_state.fatalsig > 0
          && (sig == 0 || sig == VKI_SIGKILL))
         sig = VG_(threads)[tid].os_state.fatalsig;
   return sig;
}

/* The core redirects ld.so's index and strlen to its own code when the
   tool is named Memcheck, and only then.  The program must run the
   same code at record and under every analysis tool, so the link wraps
   the core's setup of its redirections (ld --wrap) to make them
   memcheck's everywhere. */
extern void __real_vgPlain_redir_initialise(void);
void __wrap_vgPlain_redir_initialise(void);
void __wrap_vgPlain_redir_initialise(void)
{
   const HChar* name = VG_(details).name;
   VG_(details).name = "Memcheck";
   __real_vgPlain_redir_initialise();
   VG_(details).name = name;
}
#else
Int RG_(fatal_signal)(void)
{
   return 0;
}
#endif

/*--------------------------------------------------------------------*/
/*--- regrind: following a process across execve.        rg_exec.c ---*/
/*--------------------------------------------------------------------*/

/* Valgrind follows an execve (starts itself again, in the same
   process, for the new program) when VG_(clo_trace_children) says
   so.  regrind turns that on by default, at record and replay alike,
   unless --trace-children is given: rr follows execve too, and a
   recording that silently stops at an exec replays nothing of what
   came after.

   The new instance of regrind must go on with the same trace, in the
   file that follows the one of the process before the exec ("events"
   -> "events.exec").  The old instance tells it on the new instance's
   own command line: Valgrind starts it with VG_(args_for_valgrind),
   to which we add --regrind-handover=... just before the execve.
   Nothing goes through the file system, so no other user can plant
   or read it, and nothing is left behind when the exec is not
   followed or fails.  The hand-over holds the trace id, which fds are
   the recorded stdout and stderr (rg_fds.c), the replay status
   descriptors (rg_status.c), the file and the trace directory:
      --regrind-handover=ID;FDS;STATUS;HOLD;OWNER;FILE;DIR
   (DIR last: it may hold anything). */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_xarray.h"
#include "pub_tool_vkiscnums.h"
#include "rg_include.h"

/* The core's, not in the tool headers (pub_core_options.h). */
extern Bool VG_(clo_trace_children);
extern Bool VG_(should_we_trace_this_child)(const HChar* child_exe_name,
                                            const HChar** child_argv);

const HChar* RG_(cur_file) = RG_TRACE_FILE;
const HChar* RG_(clo_handover);

#define HANDOVER_OPT "--regrind-handover="

/* The last --trace-children=... among Valgrind's options (the command
   line, VALGRIND_OPTS, .valgrindrc): 1 yes, 0 no, -1 not given. */
static Int trace_children_given(void)
{
   Word i;
   Int v = -1;
   for (i = 0; i < VG_(sizeXA)(VG_(args_for_valgrind)); i++) {
      const HChar* a = *(HChar**)VG_(indexXA)(VG_(args_for_valgrind), i);
      if (VG_(strncmp)(a, "--trace-children=", 17) == 0)
         v = VG_(strcmp)(a + 17, "no") != 0;
   }
   return v;
}

void RG_(exec_setup)(Bool handed_over)
{
   Int given = trace_children_given();
   if (given < 0) {
      VG_(clo_trace_children) = True;
   } else if (given == 0 && RG_(mode) == RG_MODE_RECORD && !handed_over) {
      VG_(umsg)("regrind: warning: --trace-children=no: a program this "
                "one starts with execve runs unrecorded, and the "
                "recording (and its replay) ends at that execve\n");
   }
}

/* Will Valgrind follow this execve?  As its PRE(execve) decides
   (--trace-children, --trace-children-skip[-by-arg]); execveat's path
   is relative to an fd, so only the option counts there. */
Bool RG_(exec_followed)(UInt sysno, const UWord* a)
{
   if (!VG_(clo_trace_children)) return False;
   if (sysno != __NR_execve) return True;
   const HChar* path = (const HChar*)a[0];
   const HChar** argv = (const HChar**)a[1];
   if (!path || !VG_(am_is_valid_for_client)((Addr)path, 1, VKI_PROT_READ))
      return True;        /* it fails (EFAULT) and is taken back */
   if (argv && (!VG_(am_is_valid_for_client)((Addr)argv, sizeof(HChar*),
                                             VKI_PROT_READ) || !argv[0]))
      argv = NULL;
   return VG_(should_we_trace_this_child)(path, argv);
}

/* The file the program after this execve records into / replays. */
const HChar* RG_(exec_next_file)(void)
{
   HChar* n = VG_(malloc)("rg.exec", VG_(strlen)(RG_(cur_file)) + 8);
   VG_(sprintf)(n, "%s.exec", RG_(cur_file));
   return n;
}

/* Put the hand-over for FILE among the options the next Valgrind gets
   (replacing ours, which came the same way), and let the status
   descriptors through the exec. */
void RG_(handover_set)(const HChar* file)
{
   Int sfd, hfd, rfd;
   RG_(status_pass)(&sfd, &hfd, &rfd);
   const HChar* fds = RG_(fds_encode)();
   SizeT sz = VG_(strlen)(file) + VG_(strlen)(RG_(clo_trace))
              + VG_(strlen)(fds) + 128;
   HChar* arg = VG_(malloc)("rg.exec", sz);
   VG_(snprintf)(arg, sz, HANDOVER_OPT "%llx;%s;%d;%d;%d;%s;%s",
                 RG_(trace_id), fds, sfd, hfd, rfd, file, RG_(clo_trace));
   XArray* xa = VG_(args_for_valgrind);
   Word i;
   for (i = VG_(args_for_valgrind_noexecpass); i < VG_(sizeXA)(xa); i++) {
      HChar** p = VG_(indexXA)(xa, i);
      if (VG_(strncmp)(*p, HANDOVER_OPT, sizeof HANDOVER_OPT - 1) == 0) {
         *p = arg;
         return;
      }
   }
   VG_(addToXA)(xa, &arg);
}

/* A trace file name as regrind makes them: events, events-PID, each
   followed by any number of ".exec". */
Bool RG_(is_trace_file_name)(const HChar* s)
{
   SizeT n = VG_(strlen)(RG_TRACE_FILE);
   if (VG_(strncmp)(s, RG_TRACE_FILE, n) != 0) return False;
   s += n;
   if (*s == '-') {
      s++;
      if (*s < '0' || *s > '9') return False;
      while (*s >= '0' && *s <= '9') s++;
   }
   while (VG_(strncmp)(s, ".exec", 5) == 0) s += 5;
   return *s == 0;
}

/* At startup: are we the program an execve started (or a replay that
   restarted itself)?  Then go on with the trace the hand-over names.
   It comes from our own command line: nothing another user wrote. */
Bool RG_(handover_take)(void)
{
   const HChar* h = RG_(clo_handover);
   if (!h) return False;
   HChar* s = VG_(strdup)("rg.exec", h);
   HChar* f[7];
   Int i;
   f[0] = s;
   for (i = 1; i < 7; i++) {
      f[i] = VG_(strchr)(f[i - 1], ';');
      if (!f[i]) break;
      *f[i]++ = 0;
   }
   HChar* end;
   ULong id = i == 7 ? VG_(strtoll16)(f[0], &end) : 0;
   if (i < 7 || id == 0 || !RG_(is_trace_file_name)(f[5]) || f[6][0] != '/')
      RG_(fatal)("bad --regrind-handover value '%s' (an internal option "
                 "regrind passes to the program after an execve)", h);
   RG_(trace_id)  = id;
   RG_(fds_decode)(f[1]);
   RG_(status_adopt)(VG_(strtoll10)(f[2], NULL), VG_(strtoll10)(f[3], NULL),
                     VG_(strtoll10)(f[4], NULL));
   RG_(cur_file)  = f[5];
   RG_(clo_trace) = f[6];
   return True;
}

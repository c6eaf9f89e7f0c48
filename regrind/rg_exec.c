/*--------------------------------------------------------------------*/
/*--- regrind: following a process across execve.        rg_exec.c ---*/
/*--------------------------------------------------------------------*/

/* With --trace-children=yes Valgrind starts itself again, with the
   same options, for the program an execve starts, in the same
   process.  That new instance of regrind must go on with the same
   trace, in the file that follows the one of the process before the
   exec ("events" -> "events.exec").  The old instance tells it where
   through a marker file, /tmp/regrind-exec-PID (PID: the process's
   real pid, which an execve keeps), read and removed at startup:
   trace directory, file, and which fds are the recorded stdout and
   stderr (rg_fds.c). */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_xarray.h"
#include "pub_tool_vkiscnums.h"
#include "rg_include.h"

const HChar* RG_(cur_file) = RG_TRACE_FILE;

Bool RG_(trace_children)(void)
{
   Word i;
   for (i = 0; i < VG_(sizeXA)(VG_(args_for_valgrind)); i++) {
      const HChar* a = *(HChar**)VG_(indexXA)(VG_(args_for_valgrind), i);
      if (VG_(strcmp)(a, "--trace-children=yes") == 0) return True;
   }
   return False;
}

static void marker_path(HChar* buf)
{
   VG_(sprintf)(buf, "%s/regrind-exec-%d", VG_(tmpdir)(), VG_(getpid)());
}

/* The file the program after this execve records into / replays. */
const HChar* RG_(exec_next_file)(void)
{
   HChar* n = VG_(malloc)("rg.exec", VG_(strlen)(RG_(cur_file)) + 8);
   VG_(sprintf)(n, "%s.exec", RG_(cur_file));
   return n;
}

void RG_(exec_marker_write)(const HChar* file)
{
   HChar path[256];
   marker_path(path);
   SysRes sr = VG_(open)(path, VKI_O_WRONLY | VKI_O_CREAT | VKI_O_TRUNC,
                         0600);
   if (sr_isError(sr))
      RG_(fatal)("cannot write %s to follow the execve: error %lu", path,
                 sr_Err(sr));
   Int fd = sr_Res(sr);
   VG_(write)(fd, RG_(clo_trace), VG_(strlen)(RG_(clo_trace)));
   VG_(write)(fd, "\n", 1);
   VG_(write)(fd, file, VG_(strlen)(file));
   const HChar* fds = RG_(fds_encode)();
   VG_(write)(fd, "\n", 1);
   VG_(write)(fd, fds, VG_(strlen)(fds));
   VG_(write)(fd, "\n", 1);
   VG_(close)(fd);
}

void RG_(exec_marker_remove)(void)
{
   HChar path[256];
   marker_path(path);
   VG_(unlink)(path);
}

/* At startup: are we the program an execve started?  Then take the
   trace directory and file from the marker. */
Bool RG_(exec_marker_take)(void)
{
   HChar path[256], buf[4200];
   marker_path(path);
   SysRes sr = VG_(open)(path, VKI_O_RDONLY, 0);
   if (sr_isError(sr)) return False;
   Int n = VG_(read)(sr_Res(sr), buf, sizeof buf - 1);
   VG_(close)(sr_Res(sr));
   VG_(unlink)(path);
   if (n <= 0) return False;
   buf[n] = 0;
   HChar* nl = VG_(strchr)(buf, '\n');
   if (!nl) return False;
   *nl = 0;
   HChar* file = nl + 1;
   HChar* nl2 = VG_(strchr)(file, '\n');
   if (nl2) {
      *nl2 = 0;
      RG_(fds_decode)(nl2 + 1);
   }
   RG_(clo_trace) = VG_(strdup)("rg.exec", buf);
   RG_(cur_file)  = VG_(strdup)("rg.exec", file);
   return True;
}

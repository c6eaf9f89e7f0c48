/*--------------------------------------------------------------------*/
/*--- regrind: replaying in the recorded environment.    rg_env.c ---*/
/*--------------------------------------------------------------------*/

/* Valgrind lays out the program's initial stack from the environment,
   so a replay started from another shell (other variables, other
   values) would have other addresses everywhere.  Replay therefore
   restarts Valgrind, before the program runs, with the recorded
   environment. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_xarray.h"
#include "pub_tool_vkiscnums.h"
#include "rg_include.h"

/* Compare; on a difference say where in *what. */
static Bool same_env(XArray* env, const HChar** what)
{
   Word i, n = VG_(sizeXA)(env);
   for (i = 0; i < n; i++) {
      const HChar* now = VG_(client_envp) ? VG_(client_envp)[i] : NULL;
      *what = *(HChar**)VG_(indexXA)(env, i);
      if (!now || VG_(strcmp)(now, *what) != 0)
         return False;
   }
   *what = VG_(client_envp) ? VG_(client_envp)[n] : NULL;
   return *what == NULL;
}

/* LD_PRELOAD as the user gave it: without the entries Valgrind adds
   (vgpreload_*), which the new Valgrind adds again.  NULL if empty. */
static HChar* user_preload(const HChar* var)
{
   const HChar* v = var + 11;
   HChar* out = VG_(malloc)("rg.env", VG_(strlen)(var) + 1);
   HChar* o = out + VG_(sprintf)(out, "LD_PRELOAD=");
   HChar* start = o;
   while (*v) {
      const HChar* e = v;
      while (*e && *e != ':') e++;
      Bool ours = False;
      const HChar* q;
      for (q = v; q + 11 <= e; q++)
         if (VG_(strncmp)(q, "/vgpreload_", 11) == 0) ours = True;
      if (!ours && e > v) {
         if (o != start) *o++ = ':';
         VG_(memcpy)(o, v, e - v);
         o += e - v;
      }
      v = *e ? e + 1 : e;
   }
   *o = 0;
   if (o == start) { VG_(free)(out); return NULL; }
   return out;
}

/* Valgrind builds the initial stack from the environment, so a replay
   started in another environment cannot have the recorded layout.
   Start again, from the launcher, with the recorded environment. */
static void reexec_with_env(XArray* env)
{
   const HChar* launcher = VG_(name_of_launcher);
   if (!launcher || !*launcher) return;
   /* The program after an execve keeps its place in the trace. */
   if (RG_(clo_handover)) RG_(handover_set)(RG_(cur_file));
   Word i, na = VG_(sizeXA)(VG_(args_for_valgrind));
   Word nc = VG_(sizeXA)(VG_(args_for_client));
   Word ne = VG_(sizeXA)(env);
   const HChar** argv = VG_(malloc)("rg.env", (na + nc + 4) * sizeof(HChar*));
   const HChar** envp = VG_(malloc)("rg.env", (ne + 1) * sizeof(HChar*));
   Word a = 0, e = 0;
   argv[a++] = launcher;
   for (i = VG_(args_for_valgrind_noexecpass); i < na; i++)
      argv[a++] = *(HChar**)VG_(indexXA)(VG_(args_for_valgrind), i);
   argv[a++] = "--regrind-reexec=yes";
   argv[a++] = VG_(args_the_exename);
   for (i = 0; i < nc; i++)
      argv[a++] = *(HChar**)VG_(indexXA)(VG_(args_for_client), i);
   argv[a] = NULL;
   for (i = 0; i < ne; i++) {
      HChar* v = *(HChar**)VG_(indexXA)(env, i);
      if (VG_(strncmp)(v, "LD_PRELOAD=", 11) == 0 && !(v = user_preload(v)))
         continue;
      envp[e++] = v;
   }
   envp[e] = NULL;
   if (VG_(clo_verbosity) > (RG_(analysis) ? 1 : 0))
      VG_(umsg)("regrind: restarting with the recorded environment\n");
   RG_(tr_close)();
   SysRes r = RG_SYSCALL(__NR_execve, launcher, argv, envp, 0, 0, 0);
   RG_(fatal)("cannot restart %s with the recorded environment: %s",
              launcher, RG_(errstr)(sr_Err(r)));
}

/* ENV: the recorded environment, as strings. */
Bool RG_(recorded_full);

void RG_(replay_env_check)(XArray* env)
{
   const HChar* what;
   Word i;
   /* Recorded with --tool=regrind-full: its preload is in LD_PRELOAD. */
   for (i = 0; i < VG_(sizeXA)(env); i++) {
      const HChar* v = *(HChar**)VG_(indexXA)(env, i);
      if (VG_(strncmp)(v, "LD_PRELOAD=", 11) == 0
          && VG_(strstr)(v, "vgpreload_regrind-full-"))
         RG_(recorded_full) = True;
   }
   if (same_env(env, &what)) return;
   if (!RG_(clo_reexec)) reexec_with_env(env);
   /* What is left is Valgrind's own part (its LD_PRELOAD entries);
      replay_start then lays out the recorded stack instead. */
   /* Expected under an analysis tool: the core's preload line names
      the tool. */
   if (VG_(clo_verbosity) > (RG_(analysis) ? 1 : 0))
      VG_(umsg)("regrind: the environment Valgrind builds still differs "
                "from the recording (at '%s')\n", what);
}

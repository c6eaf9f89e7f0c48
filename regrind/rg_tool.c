/*--------------------------------------------------------------------*/
/*--- regrind: the tool itself (the analysis tools are rg_glue.c). ---*/
/*---                                                    rg_tool.c ---*/
/*--------------------------------------------------------------------*/

#include "pub_tool_basics.h"
#include "pub_tool_tooliface.h"
#include "rg_include.h"

static void rg_pre_clo_init(void)
{
   VG_(details_name)            ("regrind");
   VG_(details_version)         (RG_VERSION);
   VG_(details_description)     ("record and deterministic replay");
   VG_(details_copyright_author)(
      "Copyright (C) 2026, the regrind developers.");
   VG_(details_bug_reports_to)  (VG_BUGS_TO);
   VG_(details_avg_translation_sizeB)(275);
   RG_(register)();
   RG_(heap_register)();
}

VG_DETERMINE_INTERFACE_VERSION(rg_pre_clo_init)

/*--------------------------------------------------------------------*/
/*--- end                                                rg_tool.c ---*/
/*--------------------------------------------------------------------*/

/*--------------------------------------------------------------------*/
/*--- regrind: portable CPUID results.                    rg_cpu.c ---*/
/*--------------------------------------------------------------------*/

/* A trace holds the CPUID results the program saw, and replay gives
   it the same, so that it takes the same code paths.  A replay on a
   CPU without an instruction the recording machine had would die of
   SIGILL where the program uses it (`regrind replay` refuses such a
   replay up front, host/fe_cpu.c).  --record-cpu=portable shows the
   program only what every amd64 CPU has (x86-64 baseline: SSE2, no
   SSE3 and later, no AVX, no leaf-7 extensions), so that glibc and
   others choose their baseline code and the trace replays anywhere.
   A table says, per leaf, which bits of which register survive. */

#include "pub_tool_basics.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_machine.h"
#include "libvex.h"
#include "libvex_guest_amd64.h"
#include "rg_include.h"

/* Leaf 1 EDX: FPU..APIC (0-9), SEP..PSE36 (11-17), CLFSH (19), MMX,
   FXSR, SSE, SSE2 (23-26).  0x80000001 EDX: the same plus SYSCALL
   (11), NX (20), LM (29).  Everything else of these registers goes. */
#define BASE_EDX 0x078bfbffULL

static const struct { UInt leaf; ULong keep[4]; } masks[] = {
   /*                    EAX          EBX          ECX  EDX */
   { 0x00000001, { ~0ULL,       ~0ULL,       0, BASE_EDX } },
   { 0x00000007, { ~0ULL,       0,           0, 0 } },
   { 0x0000000d, { 0,           0,           0, 0 } },   /* XSAVE state */
   { 0x00000014, { 0,           0,           0, 0 } },   /* trace      */
   { 0x80000001, { ~0ULL,       ~0ULL,       0,
                   BASE_EDX | (1ULL << 11) | (1ULL << 20) | (1ULL << 29) } },
};

void RG_(cpuid_portable)(VexGuestAMD64State* gst, ULong in)
{
   UInt i, leaf = (UInt)in;
   for (i = 0; i < sizeof masks / sizeof masks[0]; i++) {
      if (masks[i].leaf != leaf) continue;
      gst->guest_RAX &= masks[i].keep[0];
      gst->guest_RBX &= masks[i].keep[1];
      gst->guest_RCX &= masks[i].keep[2];
      gst->guest_RDX &= masks[i].keep[3];
      return;
   }
}

/*------------------------------------------------------------*/
/*--- Replay: refuse a CPU that lacks a recorded feature   ---*/
/*------------------------------------------------------------*/

/* The program saw Valgrind's CPUID, not the CPU's: VEX answers with
   one of four fixed CPU models, chosen by what the host can run
   (guest_amd64_toIR.c).  So the CPUID this replay host would give is
   the one to compare with: a feature the recording saw and this
   Valgrind does not offer here is an instruction it may not run. */
extern void amd64g_dirtyhelper_CPUID_baseline(VexGuestAMD64State* st);
extern void amd64g_dirtyhelper_CPUID_sse42_and_cx16(VexGuestAMD64State* st);
extern void amd64g_dirtyhelper_CPUID_avx_and_cx16(VexGuestAMD64State* st,
                                                  ULong hasF16C,
                                                  ULong hasRDRAND,
                                                  ULong hasRDSEED);
extern void amd64g_dirtyhelper_CPUID_avx2(VexGuestAMD64State* st,
                                          ULong hasF16C, ULong hasRDRAND,
                                          ULong hasRDSEED);

enum { R_EAX, R_EBX, R_ECX, R_EDX };

/* Features that are instructions, by their /proc/cpuinfo names. */
static const struct { const HChar* name; UInt leaf; UChar reg, bit; }
features[] = {
   { "sse3",        1, R_ECX,  0 }, { "pclmulqdq",  1, R_ECX,  1 },
   { "ssse3",       1, R_ECX,  9 }, { "fma",        1, R_ECX, 12 },
   { "cx16",        1, R_ECX, 13 }, { "sse4_1",     1, R_ECX, 19 },
   { "sse4_2",      1, R_ECX, 20 }, { "movbe",      1, R_ECX, 22 },
   { "popcnt",      1, R_ECX, 23 }, { "aes",        1, R_ECX, 25 },
   { "xsave",       1, R_ECX, 26 }, { "avx",        1, R_ECX, 28 },
   { "f16c",        1, R_ECX, 29 }, { "rdrand",     1, R_ECX, 30 },
   { "bmi1",        7, R_EBX,  3 }, { "avx2",       7, R_EBX,  5 },
   { "bmi2",        7, R_EBX,  8 }, { "avx512f",    7, R_EBX, 16 },
   { "avx512dq",    7, R_EBX, 17 }, { "rdseed",     7, R_EBX, 18 },
   { "adx",         7, R_EBX, 19 }, { "avx512ifma", 7, R_EBX, 21 },
   { "clflushopt",  7, R_EBX, 23 }, { "clwb",       7, R_EBX, 24 },
   { "avx512cd",    7, R_EBX, 28 }, { "sha_ni",     7, R_EBX, 29 },
   { "avx512bw",    7, R_EBX, 30 }, { "avx512vl",   7, R_EBX, 31 },
   { "avx512vbmi",  7, R_ECX,  1 }, { "gfni",       7, R_ECX,  8 },
   { "vaes",        7, R_ECX,  9 }, { "vpclmulqdq", 7, R_ECX, 10 },
   { "avx512_vnni", 7, R_ECX, 11 },
   { "lahf_lm", 0x80000001, R_ECX,  0 }, { "abm",  0x80000001, R_ECX,  5 },
   { "sse4a",   0x80000001, R_ECX,  6 }, { "fma4", 0x80000001, R_ECX, 16 },
   { "rdtscp",  0x80000001, R_EDX, 27 },
};
#define N_FEATURES (sizeof features / sizeof features[0])

/* What this Valgrind's CPUID says for LEAF here (sub-leaf 0). */
static void local_cpuid(UInt leaf, ULong out[4])
{
   VexArch arch;
   VexArchInfo ai;
   VexGuestAMD64State st;
   VG_(machine_get_VexArchInfo)(&arch, &ai);
   LibVEX_GuestAMD64_initialise(&st);
   st.guest_RAX = leaf;
   st.guest_RCX = 0;
   UInt hw = ai.hwcaps;
   Bool base = (hw & VEX_HWCAPS_AMD64_SSSE3) && (hw & VEX_HWCAPS_AMD64_CX16);
   ULong f16c = (hw & VEX_HWCAPS_AMD64_F16C) != 0;
   ULong rdrand = (hw & VEX_HWCAPS_AMD64_RDRAND) != 0;
   ULong rdseed = (hw & VEX_HWCAPS_AMD64_RDSEED) != 0;
   if (base && (hw & VEX_HWCAPS_AMD64_AVX2))
      amd64g_dirtyhelper_CPUID_avx2(&st, f16c, rdrand, rdseed);
   else if (base && (hw & VEX_HWCAPS_AMD64_AVX))
      amd64g_dirtyhelper_CPUID_avx_and_cx16(&st, f16c, rdrand, rdseed);
   else if (base)
      amd64g_dirtyhelper_CPUID_sse42_and_cx16(&st);
   else
      amd64g_dirtyhelper_CPUID_baseline(&st);
   out[R_EAX] = st.guest_RAX; out[R_EBX] = st.guest_RBX;
   out[R_ECX] = st.guest_RCX; out[R_EDX] = st.guest_RDX;
}

void RG_(cpu_check)(void)
{
   ULong seen = 0, missing = 0;
   RgRec r;
   UInt i;
   RG_(tr_open_file)(RG_(clo_trace), RG_(cur_file));
   while (RG_(tr_next)(&r)) {
      if (r.kind != RG_REC_NONDET) continue;
      RgCur c = r.body;
      ULong v[5];
      if (RG_(cur_v)(&c) != RG_ND_CPUID || RG_(cur_v)(&c) != 5) continue;
      for (i = 0; i < 5; i++) v[i] = RG_(cur_v)(&c);
      for (i = 0; i < N_FEATURES; i++)
         if (v[0] == features[i].leaf
             && (v[1 + features[i].reg] >> features[i].bit) & 1)
            seen |= 1ULL << i;
   }
   for (i = 0; i < N_FEATURES; i++) {
      ULong now[4];
      if (!((seen >> i) & 1)) continue;
      local_cpuid(features[i].leaf, now);
      if (!((now[features[i].reg] >> features[i].bit) & 1))
         missing |= 1ULL << i;
   }
   if (!missing) return;
   HChar names[512];
   Int n = 0;
   for (i = 0; i < N_FEATURES && n < 400; i++)
      if ((missing >> i) & 1)
         n += VG_(snprintf)(names + n, sizeof names - n, "%s%s",
                            n ? ", " : "", features[i].name);
   RG_(fatal)("this CPU lacks %s, which the recorded program saw in "
              "CPUID (%s of trace %s) and may use: the replay would fail "
              "where it does.  Replay on a CPU with all the features the "
              "recording saw, or record with --record-cpu=portable", names,
              RG_(cur_file), RG_(clo_trace));
}

/*--------------------------------------------------------------------*/
/*--- regrind: identity of mapped files.                rg_files.c ---*/
/*--------------------------------------------------------------------*/

/* A mapped file is described by path, size, mtime, device, inode and
   a content hash (CRC-32 and Adler-32 of the whole file).  Replay
   maps the real file only when it still has the recorded content;
   files outside system directories also carry the mapped bytes in
   the trace so that replay works after they change or vanish. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_vkiscnums.h"
#include "pub_tool_xarray.h"
#include "zlib.h"
#include "rg_include.h"

/* Hashes already computed, keyed by (dev, ino, size, mtime). */
#define N_HCACHE 64
static struct { ULong dev, ino, size, mtime, mtime_ns, hash; Bool used; }
   hcache[N_HCACHE];
static Int hcache_next;

/* Hashes the SIZE bytes stat gave, no more: a file that yields more
   (or less) is not the one described. */
static Bool hash_fd(Int fd, ULong size, ULong* out)
{
   static UChar* buf;
   const Int bufsz = 1 << 20;
   if (!buf) buf = VG_(malloc)("rg.hash", bufsz);
   ULong crc = crc32(0, NULL, 0), adl = adler32(0, NULL, 0);
   ULong left = size;
   while (left > 0) {
      Int n = VG_(read)(fd, buf, left < bufsz ? (Int)left : bufsz);
      if (n <= 0) return False;
      crc = crc32(crc, buf, n);
      adl = adler32(adl, buf, n);
      left -= n;
   }
   *out = (crc & 0xffffffffULL) | (adl << 32);
   return True;
}

static Bool hash_path(const HChar* path, const struct vg_stat* st,
                      ULong* out)
{
   Int i;
   for (i = 0; i < N_HCACHE; i++)
      if (hcache[i].used && hcache[i].dev == st->dev
          && hcache[i].ino == st->ino && hcache[i].size == (ULong)st->size
          && hcache[i].mtime == st->mtime
          && hcache[i].mtime_ns == st->mtime_nsec) {
         *out = hcache[i].hash;
         return True;
      }
   /* Non-blocking: a path may name a FIFO or /proc/kmsg by now. */
   SysRes sr = VG_(open)(path, VKI_O_RDONLY | VKI_O_NONBLOCK, 0);
   if (sr_isError(sr)) return False;
   struct vg_stat fst;
   Bool ok = VG_(fstat)(sr_Res(sr), &fst) == 0 && VKI_S_ISREG(fst.mode)
             && fst.dev == st->dev && fst.ino == st->ino
             && hash_fd(sr_Res(sr), st->size, out);
   VG_(close)(sr_Res(sr));
   if (!ok) return False;
   i = hcache_next++ % N_HCACHE;
   hcache[i].dev = st->dev; hcache[i].ino = st->ino;
   hcache[i].size = st->size; hcache[i].mtime = st->mtime;
   hcache[i].mtime_ns = st->mtime_nsec; hcache[i].hash = *out;
   hcache[i].used = True;
   return True;
}

static void fill(RgFileId* id, const HChar* path, const struct vg_stat* st)
{
   VG_(memset)(id, 0, sizeof *id);
   id->path     = VG_(strdup)("rg.fileid", path);
   id->size     = st->size;
   id->mtime    = st->mtime;
   id->mtime_ns = st->mtime_nsec;
   id->dev      = st->dev;
   id->ino      = st->ino;
}

Bool RG_(file_identify_path)(const HChar* path, RgFileId* id)
{
   struct vg_stat st;
   SysRes sr = VG_(stat)(path, &st);
   if (sr_isError(sr) || !VKI_S_ISREG(st.mode)) return False;
   fill(id, path, &st);
   return hash_path(path, &st, &id->hash);
}

Bool RG_(file_identify_fd)(Int fd, RgFileId* id)
{
   struct vg_stat st;
   const HChar* path = NULL;
   if (VG_(fstat)(fd, &st) != 0 || !VKI_S_ISREG(st.mode)) return False;
   if (!VG_(resolve_filename)(fd, &path) || path == NULL) return False;
   fill(id, path, &st);
   /* Hash by path; if the path no longer names this file (deleted or
      replaced), hash through a duplicate of the fd instead. */
   struct vg_stat st2;
   SysRes sr = VG_(stat)(path, &st2);
   if (!sr_isError(sr) && st2.dev == st.dev && st2.ino == st.ino)
      return hash_path(path, &st, &id->hash);
   HChar proc[64];
   VG_(sprintf)(proc, "/proc/self/fd/%d", fd);
   return hash_path(proc, &st, &id->hash);
}

/* Files here change only when the system is upgraded; the hash check
   still catches that. */
Bool RG_(file_is_system)(const HChar* path)
{
   static const HChar* const dirs[] = {
      "/usr/", "/lib/", "/lib64/", "/lib32/", "/bin/", "/sbin/", "/opt/",
   };
   UInt i;
   for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
      if (VG_(strncmp)(path, dirs[i], VG_(strlen)(dirs[i])) == 0)
         return True;
   return False;
}

/* All fields but the embedded bytes, which the caller appends as a
   blob (they may be streamed from the file). */
void RG_(file_put)(RgBuf* b, const RgFileId* id)
{
   RG_(buf_s)(b, id->path);
   RG_(buf_v)(b, id->size);
   RG_(buf_v)(b, id->mtime);
   RG_(buf_v)(b, id->mtime_ns);
   RG_(buf_v)(b, id->dev);
   RG_(buf_v)(b, id->ino);
   RG_(buf_v)(b, id->hash);
   RG_(buf_v)(b, id->emb_off);
}

void RG_(file_get)(RgCur* c, RgFileId* id)
{
   VG_(memset)(id, 0, sizeof *id);
   id->path     = RG_(cur_s)(c, "rg.fileid");
   id->size     = RG_(cur_v)(c);
   id->mtime    = RG_(cur_v)(c);
   id->mtime_ns = RG_(cur_v)(c);
   id->dev      = RG_(cur_v)(c);
   id->ino      = RG_(cur_v)(c);
   id->hash     = RG_(cur_v)(c);
   id->emb_off  = RG_(cur_v)(c);
   id->emb      = RG_(cur_b)(c, &id->emb_len);
}

Bool RG_(file_verify)(const RgFileId* id, RgFileId* now)
{
   struct vg_stat st;
   SysRes sr = VG_(stat)(id->path, &st);
   VG_(memset)(now, 0, sizeof *now);
   if (sr_isError(sr) || !VKI_S_ISREG(st.mode)) return False;
   fill(now, id->path, &st);
   /* Size first: never read a file that cannot match. */
   if ((ULong)st.size != id->size) return False;
   if (!hash_path(id->path, &st, &now->hash)) return False;
   return now->hash == id->hash;
}

/* Replay: the copy `regrind pack` made of this file in the trace,
   TRACE/packed/HASH-SIZE (host/fe_pack.c), when it holds the recorded
   content; NULL if there is none.  Said once per file, since the user
   should know that the replay does not use the file at the path. */
const HChar* RG_(file_packed)(const RgFileId* id)
{
   static XArray* told;
   RgFileId p = *id, now;
   HChar* path = VG_(malloc)("rg.packed", VG_(strlen)(RG_(clo_trace)) + 64);
   VG_(sprintf)(path, "%s/packed/%016llx-%llu", RG_(clo_trace), id->hash,
                id->size);
   p.path = path;
   if (!RG_(file_verify)(&p, &now)) {
      VG_(free)(path);
      return NULL;
   }
   if (!told) told = VG_(newXA)(VG_(malloc), "rg.packed", VG_(free),
                                sizeof(ULong));
   Word i;
   for (i = 0; i < VG_(sizeXA)(told); i++)
      if (*(ULong*)VG_(indexXA)(told, i) == id->hash) return path;
   VG_(addToXA)(told, &id->hash);
   HChar msg[1024];
   VG_(snprintf)(msg, sizeof msg, "note: %s is missing or changed; the "
                 "replay uses its packed copy %s", id->path, path);
   RG_(errmsg)(msg);
   return path;
}

/* Replay: a private copy of a file the trace holds whole (a program
   the recording executed), in a new directory only we can enter:
   TMPDIR/regrind-exe-RANDOM/NAME.  Returns its path. */
const HChar* RG_(file_copy_private)(const RgFileId* id)
{
   ULong rnd = 0;
   HChar* path = VG_(malloc)("rg.copy", VG_(strlen)(VG_(tmpdir)())
                             + VG_(strlen)(id->path) + 48);
   const HChar* base = VG_(strrchr)(id->path, '/');
   base = base ? base + 1 : id->path;
   RG_SYSCALL(__NR_getrandom, &rnd, sizeof rnd, 0, 0, 0, 0);
   HChar* p = path + VG_(sprintf)(path, "%s/regrind-exe-%016llx",
                                  VG_(tmpdir)(), rnd);
   SysRes sr = RG_SYSCALL(__NR_mkdir, (UWord)path, 0700, 0, 0, 0, 0);
   if (sr_isError(sr))
      RG_(fatal)("cannot create %s for a copy of %s: %s", path,
                 id->path, RG_(errstr)(sr_Err(sr)));
   VG_(sprintf)(p, "/%s", base);
   sr = VG_(open)(path, VKI_O_WRONLY | VKI_O_CREAT | VKI_O_EXCL
                        | RG_O_NOFOLLOW, 0700);
   if (sr_isError(sr))
      RG_(fatal)("cannot create %s for a copy of %s: %s", path,
                 id->path, RG_(errstr)(sr_Err(sr)));
   Int fd = sr_Res(sr);
   SizeT done = 0;
   while (done < id->emb_len) {
      Int w = VG_(write)(fd, id->emb + done, id->emb_len - done);
      if (w <= 0)
         RG_(fatal)("cannot write %s (a copy of %s): %s", path,
                    id->path, RG_(errstr)(w));
      done += w;
   }
   VG_(close)(fd);
   return path;
}

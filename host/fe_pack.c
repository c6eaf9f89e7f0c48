/*--------------------------------------------------------------------*/
/*--- regrind front end: pack.                           fe_pack.c ---*/
/*--------------------------------------------------------------------*/

/* `regrind pack TRACE` copies into TRACE/packed/ every file the
   recording mapped or executed (the startup files of each INIT: the
   program and its dynamic linker; each FILE record: libraries, data
   files read through a mapping, programs execve'd), named by the
   content hash and size the trace recorded, HASH-SIZE, so that a
   packed file is found by what it holds, not by a path that may mean
   something else on another machine.  A file whose content is no
   longer the recorded one is packed from the trace when the trace
   holds all of it, else left out with a warning.  Replay (the tool,
   rg_files.c, and `regrind replay` for the program itself) uses a
   packed copy when the original is missing or changed, and says so.
   packed/MANIFEST lists the copies with their original paths. */

#ifdef HAVE_CONFIG_H
#include "rg_config.h"
#endif

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <zlib.h>

#include "fe.h"

int fe_hash_file(const char* path, uint64_t* hash, uint64_t* size)
{
   int fd = open(path, O_RDONLY | O_NONBLOCK);
   if (fd < 0) return 0;
   struct stat st;
   if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) { close(fd); return 0; }
   static u8 buf[1 << 20];
   uLong crc = crc32(0, NULL, 0), adl = adler32(0, NULL, 0);
   uint64_t left = (uint64_t)st.st_size;
   while (left > 0) {
      ssize_t n = read(fd, buf, left < sizeof buf ? left : sizeof buf);
      if (n <= 0) { close(fd); return 0; }
      crc = crc32(crc, buf, (uInt)n);
      adl = adler32(adl, buf, (uInt)n);
      left -= (uint64_t)n;
   }
   close(fd);
   *hash = (crc & 0xffffffffull) | ((uint64_t)adl << 32);
   *size = (uint64_t)st.st_size;
   return 1;
}

char* fe_packed_path(const char* dir, uint64_t hash, uint64_t size)
{
   char* p = xmalloc(strlen(dir) + 64);
   sprintf(p, "%s/" FE_PACKED_DIR "/%016" PRIx64 "-%" PRIu64, dir, hash,
           size);
   uint64_t h, s;
   if (fe_hash_file(p, &h, &s) && h == hash && s == size) return p;
   free(p);
   return NULL;
}

/*------------------------------------------------------------*/
/*--- Collecting the files                                 ---*/
/*------------------------------------------------------------*/

typedef struct {
   char*    path;
   uint64_t size, hash;
   u8*      whole;        /* the trace's copy of all of it, or NULL */
} Want;

typedef struct { Want* w; size_t n, cap; } Wants;

static void want(Wants* ws, const FileId* f)
{
   for (size_t i = 0; i < ws->n; i++)
      if (ws->w[i].hash == f->hash && ws->w[i].size == f->size) {
         if (!ws->w[i].whole && f->emb_off == 0 && f->emb_len == f->size
             && f->size) {
            ws->w[i].whole = xmalloc(f->emb_len);
            memcpy(ws->w[i].whole, f->emb, f->emb_len);
         }
         return;
      }
   if (ws->n == ws->cap) {
      ws->cap = ws->cap ? 2 * ws->cap : 32;
      ws->w = xrealloc(ws->w, ws->cap * sizeof *ws->w);
   }
   Want* w = &ws->w[ws->n++];
   memset(w, 0, sizeof *w);
   w->path = xmalloc(f->path_len + 1);
   memcpy(w->path, f->path, f->path_len);
   w->path[f->path_len] = 0;
   w->size = f->size;
   w->hash = f->hash;
   if (f->emb_off == 0 && f->emb_len == f->size && f->size) {
      w->whole = xmalloc(f->emb_len);
      memcpy(w->whole, f->emb, f->emb_len);
   }
}

static void collect_file(const char* dir, const char* name, void* arg)
{
   Wants* ws = arg;
   Trace t;
   Rec r;
   tr_open(&t, dir, name);
   while (tr_next(&t, &r)) {
      FileId f;
      if (r.kind == RG_REC_INIT) {
         Init in;
         get_init(r.body, &in);
         Cur c = in.files;
         for (uint64_t i = 0; i < in.nfiles; i++) {
            get_file(&c, &f);
            want(ws, &f);
         }
      } else if (r.kind == RG_REC_FILE) {
         Cur c = r.body;
         get_file(&c, &f);
         want(ws, &f);
      }
   }
   tr_close(&t);
}

/*------------------------------------------------------------*/
/*--- Copying                                              ---*/
/*------------------------------------------------------------*/

static int write_all(int fd, const u8* p, size_t n)
{
   while (n) {
      ssize_t w = write(fd, p, n);
      if (w < 0) { if (errno == EINTR) continue; return -1; }
      p += w;
      n -= (size_t)w;
   }
   return 0;
}

/* Copy src (or the bytes given) to dst through a temporary name. */
static int copy_to(const char* src, const u8* bytes, uint64_t size,
                   const char* dst)
{
   char* tmp = xmalloc(strlen(dst) + 16);
   sprintf(tmp, "%s.tmp", dst);
   /* Executable: a packed program is run from here. */
   int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0700);
   if (out < 0) { free(tmp); return -1; }
   int rc = 0;
   if (bytes) {
      rc = write_all(out, bytes, size);
   } else {
      int in = open(src, O_RDONLY);
      static u8 buf[1 << 20];
      if (in < 0) rc = -1;
      while (rc == 0) {
         ssize_t n = read(in, buf, sizeof buf);
         if (n < 0 && errno == EINTR) continue;
         if (n <= 0) { if (n < 0) rc = -1; break; }
         rc = write_all(out, buf, (size_t)n);
      }
      if (in >= 0) close(in);
   }
   if (close(out) != 0) rc = -1;
   if (rc == 0 && rename(tmp, dst) != 0) rc = -1;
   if (rc != 0) unlink(tmp);
   free(tmp);
   return rc;
}

int fe_pack(int argc, char** argv)
{
   const char* cmd = "pack";
   if (fe_want_help(cmd, argc, argv)) return 0;
   const char* trace = NULL;
   int quiet = 0;
   for (int i = 1; i < argc; i++) {
      if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
         quiet = 1;
         continue;
      }
      if (argv[i][0] == '-') fe_usage_error(cmd, "unknown option %s", argv[i]);
      if (trace) fe_usage_error(cmd, "one trace at a time");
      trace = argv[i];
   }
   char* dir = fe_resolve(trace);
   Wants ws = { 0 };
   fe_each_file(dir, collect_file, &ws);

   char* pdir = xmalloc(strlen(dir) + 32);
   sprintf(pdir, "%s/" FE_PACKED_DIR, dir);
   if (mkdir(pdir, 0700) != 0 && errno != EEXIST)
      die("cannot create %s: %s", pdir, strerror(errno));
   char* mpath = xmalloc(strlen(pdir) + 16);
   sprintf(mpath, "%s/MANIFEST", pdir);
   FILE* man = fopen(mpath, "w");
   if (!man) die("cannot write %s: %s", mpath, strerror(errno));

   size_t packed = 0, already = 0, missing = 0;
   uint64_t bytes = 0;
   for (size_t i = 0; i < ws.n; i++) {
      Want* w = &ws.w[i];
      if (!quiet) fe_progress("packing", i + 1, ws.n);
      char* have = fe_packed_path(dir, w->hash, w->size);
      char dst[8192];
      snprintf(dst, sizeof dst, "%s/%016" PRIx64 "-%" PRIu64, pdir, w->hash,
               w->size);
      int ok = have != NULL;
      if (have) {
         already++;
      } else {
         uint64_t h, s;
         const u8* from = NULL;
         if (fe_hash_file(w->path, &h, &s) && h == w->hash && s == w->size)
            from = NULL;                      /* the original is intact */
         else if (w->whole)
            from = w->whole;                  /* the trace holds it all */
         else {
            fe_progress("packing", 0, 0);
            fprintf(stderr, "%s: warning: %s is %s since the recording and "
                    "the trace does not hold it: not packed\n", progname,
                    w->path, access(w->path, F_OK) ? "gone" : "changed");
            missing++;
            continue;
         }
         if (copy_to(w->path, from, w->size, dst) != 0)
            die("cannot copy %s into %s: %s", w->path, dst, strerror(errno));
         /* The copy must be what was recorded (the file may have changed
            while we copied). */
         char* chk = fe_packed_path(dir, w->hash, w->size);
         if (!chk) {
            unlink(dst);
            fe_progress("packing", 0, 0);
            fprintf(stderr, "%s: warning: %s changed while it was copied: "
                    "not packed\n", progname, w->path);
            missing++;
            continue;
         }
         free(chk);
         packed++;
         bytes += w->size;
         ok = 1;
      }
      if (ok) fprintf(man, "%016" PRIx64 "-%" PRIu64 " %s\n", w->hash,
                      w->size, w->path);
      free(have);
   }
   if (!quiet) fe_progress("packing", 0, 0);
   if (fclose(man) != 0) die("cannot write %s: %s", mpath, strerror(errno));
   printf("packed %zu files (%" PRIu64 " bytes) into %s", packed, bytes, pdir);
   if (already) printf("; %zu were packed already", already);
   if (missing) printf("; %zu could not be packed", missing);
   printf("\n");
   for (size_t i = 0; i < ws.n; i++) { free(ws.w[i].path); free(ws.w[i].whole); }
   free(ws.w);
   free(mpath);
   free(pdir);
   free(dir);
   out_flush();
   return missing ? 1 : 0;
}

/*--------------------------------------------------------------------*/
/*--- regrind-dump: the XML view (--xml)                          ---*/
/*---                                                  dump_xml.c ---*/
/*--------------------------------------------------------------------*/

#ifdef HAVE_CONFIG_H
#include "rg_config.h"
#endif

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "rg_host.h"
#include "dump.h"

/*------------------------------------------------------------*/
/*--- regrind-dump --xml TRACE                             ---*/
/*------------------------------------------------------------*/

static xmlTextWriterPtr xw;
static Str xs;           /* scratch for attribute values */

static void xcheck(int rc)
{
   if (rc < 0) die("cannot write the XML output");
}

/* libxml2 would print its own "I/O error" lines; ours say enough. */
static void xml_quiet(void* ctx, const char* msg, ...)
{
   (void)ctx; (void)msg;
}

static void x_start(const char* el)
{
   xcheck(xmlTextWriterStartElement(xw, BAD_CAST el));
}

static void x_end(void)
{
   xcheck(xmlTextWriterEndElement(xw));
}

__attribute__((format(printf, 2, 3)))
static void x_attr(const char* name, const char* fmt, ...)
{
   va_list ap;
   char buf[128];
   va_start(ap, fmt);
   vsnprintf(buf, sizeof buf, fmt, ap);
   va_end(ap);
   xcheck(xmlTextWriterWriteAttribute(xw, BAD_CAST name, BAD_CAST buf));
}

static void x_attr_u(const char* name, uint64_t v)
{
   x_attr(name, "%" PRIu64, v);
}

static void x_attr_x(const char* name, uint64_t v)
{
   x_attr(name, "0x%" PRIx64, v);
}

/* A string from the trace, escaped as in the text output. */
static void x_attr_bytes(const char* name, const u8* p, size_t n)
{
   sb_reset(&xs);
   sb_esc(&xs, p, n, 0);
   xcheck(xmlTextWriterWriteAttribute(xw, BAD_CAST name, BAD_CAST xs.s));
}

static void x_text_el_bytes(const char* el, const u8* p, size_t n)
{
   sb_reset(&xs);
   sb_esc(&xs, p, n, 0);
   xcheck(xmlTextWriterWriteElement(xw, BAD_CAST el, BAD_CAST xs.s));
}

static void x_text_el_x(const char* el, uint64_t v)
{
   char buf[32];
   snprintf(buf, sizeof buf, "0x%" PRIx64, v);
   xcheck(xmlTextWriterWriteElement(xw, BAD_CAST el, BAD_CAST buf));
}

static void x_head(const u8* p, size_t n)
{
   if (!verbose) return;
   sb_reset(&xs);
   sb_hex(&xs, p, n < HEAD_BYTES ? n : HEAD_BYTES);
   xcheck(xmlTextWriterWriteAttribute(xw, BAD_CAST "head", BAD_CAST xs.s));
}

static void x_event_attrs(const Rec* r)
{
   x_attr_u("n", r->evno);
   x_attr_u("thread", r->tid);
   x_attr_u("icount", r->icount);
}

static void x_file(const FileId* f)
{
   x_start("file");
   x_attr_bytes("path", f->path, f->path_len);
   x_attr_u("size", f->size);
   x_attr_u("mtime", f->mtime);
   x_attr_u("mtime-ns", f->mtime_ns);
   x_attr_x("dev", f->dev);
   x_attr_u("ino", f->ino);
   x_attr("hash", "0x%016" PRIx64, f->hash);
   x_attr("crc32", "0x%08" PRIx64, f->hash & 0xffffffffu);
   x_attr("adler32", "0x%08" PRIx64, f->hash >> 32);
   x_attr_u("embedded-offset", f->emb_off);
   x_attr_u("embedded-bytes", f->emb_len);
   if (f->emb_len) x_head(f->emb, f->emb_len);
   x_end();
}

static void x_init(const Rec* r)
{
   Init in;
   get_init(r->body, &in);
   x_start("init");
   x_attr_bytes("regrind-version", in.rgver, in.rgver_len);
   x_attr_bytes("valgrind-version", in.vgver, in.vgver_len);
   x_attr_u("pid", in.pid);
   x_attr_u("ppid", in.ppid);
   x_attr_u("start-ns", in.start_ns);
   x_attr_bytes("exe", in.exe, in.exe_len);
   x_attr_bytes("cwd", in.cwd, in.cwd_len);
   x_attr_u("argc", in.argc);
   x_attr_u("envc", in.envc);
   x_attr_x("initial-sp", in.sp);
   x_attr_x("stack-low", in.stack_lo);
   x_attr_u("stack-bytes", in.stack_len);
   x_attr_u("chaos-seed", in.chaos_seed);
   if (in.stack_len) x_head(in.stack, in.stack_len);
   Cur c = in.argv;
   for (uint64_t i = 0; i < in.argc; i++) {
      size_t n;
      const u8* p = cur_b(&c, &n);
      if (c.bad) break;
      x_text_el_bytes("arg", p, n);
   }
   c = in.envp;
   for (uint64_t i = 0; i < in.envc; i++) {
      size_t n;
      const u8* p = cur_b(&c, &n);
      if (c.bad) break;
      x_text_el_bytes("env", p, n);
   }
   c = in.files;
   for (uint64_t i = 0; i < in.nfiles; i++) {
      FileId f;
      get_file(&c, &f);
      if (c.bad) break;
      x_file(&f);
   }
   x_end();
}

static void x_record(const Rec* r)
{
   char nb[48];
   switch (r->kind) {
      case RG_REC_INIT:
         x_init(r);
         break;
      case RG_REC_FILE: {
         FileId f;
         Cur c = r->body;
         get_file(&c, &f);
         x_file(&f);
         break;
      }
      case RG_REC_OUTPUT: {
         size_t n;
         Cur c = r->body;
         const u8* p = cur_b(&c, &n);
         x_start("output");
         x_attr_u("size", n);
         if (n) x_head(p, n);
         x_end();
         break;
      }
      case RG_REC_SYSCALL: {
         Sys s;
         get_sys(r->body, &s);
         x_start("syscall");
         x_event_attrs(r);
         x_attr_u("nr", s.nr);
         x_attr("name", "%s", sys_name(s.nr, nb, sizeof nb));
         if (sys_nargs(s.nr) >= 0)
            x_attr_u("takes", (uint64_t)sys_nargs(s.nr));
         x_attr("result", "%" PRId64, s.result);
         const char* en = errno_name(s.result);
         if (en && *en) x_attr("errno", "%s", en);
         Cur c = s.args;
         for (uint64_t i = 0; i < s.nargs; i++) {
            uint64_t v = cur_v(&c);
            if (c.bad) break;
            x_text_el_x("arg", v);
         }
         c = s.regions;
         for (uint64_t i = 0; i < s.nregions; i++) {
            size_t n;
            uint64_t a = cur_v(&c);
            const u8* p = cur_b(&c, &n);
            if (c.bad) break;
            x_start("region");
            x_attr_x("addr", a);
            x_attr_u("size", n);
            if (n) x_head(p, n);
            x_end();
         }
         x_end();
         break;
      }
      case RG_REC_NONDET: {
         Nondet nd;
         get_nondet(r->body, &nd);
         x_start("nondet");
         x_event_attrs(r);
         const char* kn = nd_name(nd.kind);
         x_attr("kind", "%s", kn ? kn : "unknown");
         x_attr_u("kind-nr", nd.kind);
         Cur c = nd.values;
         for (uint64_t i = 0; i < nd.nvalues; i++) {
            uint64_t v = cur_v(&c);
            if (c.bad) break;
            x_text_el_x("value", v);
         }
         x_end();
         break;
      }
      case RG_REC_SIGNAL: {
         Signal s;
         get_signal(r->body, &s);
         x_start("signal");
         x_event_attrs(r);
         x_attr_u("signo", s.signo);
         x_attr("name", "%s", signal_name(s.signo, nb, sizeof nb));
         x_attr("sync", "%s", s.flags & RG_SIGF_SYNC ? "true" : "false");
         x_attr_u("flags", s.flags);
         x_end();
         break;
      }
      case RG_REC_END: {
         End e;
         get_end(r->body, &e);
         const char* rn = end_name(e.reason);
         x_start("end");
         x_attr("reason", "%s", rn ? rn : "unknown");
         x_attr_u("reason-nr", e.reason);
         x_attr("code", "%" PRId64, (int64_t)e.code);
         x_attr_u("events", e.events);
         x_attr_u("threads", e.threads);
         x_attr_u("instructions", e.insns);
         x_attr_u("last-thread", e.last_thread);
         x_attr_u("last-instructions", e.last_insns);
         x_end();
         break;
      }
      case RG_REC_LOAD: {
         Load l;
         get_load(r->body, &l);
         x_start("load");
         x_event_attrs(r);
         x_attr_x("addr", l.addr);
         x_attr_u("size", l.n);
         if (l.n) {
            /* The bytes loaded (a few: one load), all in hex. */
            sb_reset(&xs);
            sb_hex(&xs, l.p, l.n);
            xcheck(xmlTextWriterWriteAttribute(xw, BAD_CAST "bytes",
                                               BAD_CAST xs.s));
         }
         x_end();
         break;
      }
      case RG_REC_SCHED: {
         Sched s;
         get_sched(r->body, &s);
         x_start("sched");
         x_event_attrs(r);
         x_attr_u("next", s.next);
         x_end();
         break;
      }
      case RG_REC_FORK: {
         Fork f;
         get_fork(r->body, &f);
         x_start("fork");
         x_attr_u("pid", f.pid);
         x_attr_u("parent-pid", f.ppid);
         x_attr_u("parent-event", f.parent_event);
         x_end();
         break;
      }
   }
}

int mode_xml(const char* dir)
{
   Trace t;
   Rec r;
   tr_open(&t, dir, trace_file);
   xmlSetGenericErrorFunc(NULL, xml_quiet);
   xmlOutputBufferPtr out = xmlOutputBufferCreateFile(stdout, NULL);
   if (!out) die("cannot start the XML output");
   xw = xmlNewTextWriter(out);
   if (!xw) die("cannot start the XML output");
   xcheck(xmlTextWriterSetIndent(xw, 1));
   xcheck(xmlTextWriterSetIndentString(xw, BAD_CAST "  "));
   xcheck(xmlTextWriterStartDocument(xw, NULL, "UTF-8", NULL));
   x_start("regrind-trace");
   x_attr_bytes("trace", (const u8*)dir, strlen(dir));
   x_attr("file", "%s", trace_file);
   x_attr_u("format", RG_FORMAT_VERSION);
   x_attr("trace-id", "0x%016" PRIx64, t.id);
   x_attr("generator", "regrind-dump %s", DUMP_VERSION);
   uint64_t* kids;
   size_t nkids = dump_children(dir, &kids);
   for (size_t i = 0; i < nkids; i++) {
      x_start("child");
      x_attr_u("pid", kids[i]);
      x_attr("file", RG_TRACE_FILE "-%" PRIu64, kids[i]);
      x_end();
   }
   free(kids);
   while (tr_next(&t, &r)) {
      x_record(&r);
      /* Hand finished elements to stdout as we go. */
      if (xmlTextWriterFlush(xw) < 0) die("cannot write the XML output");
   }
   if (!t.saw_end) {
      x_start("cut-off");
      x_attr_u("after-event", t.nevents);
      x_end();
   }
   x_end();
   xcheck(xmlTextWriterEndDocument(xw));
   xmlFreeTextWriter(xw);      /* flushes and closes the output buffer */
   xw = NULL;
   sb_free(&xs);
   out_flush();
   tr_close(&t);
   return 0;
}


/*--------------------------------------------------------------------*/
/*--- host library: record bodies as structs                      ---*/
/*---                                            rg_host_decode.c ---*/
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

#include "rg_host.h"

/*------------------------------------------------------------*/
/*--- Decoding record bodies                               ---*/
/*------------------------------------------------------------*/

/* The records were checked against the grammar by tr_next, so these
   cannot run off their bodies; cursors still guard every byte. */

void get_file(Cur* c, FileId* f)
{
   f->path     = cur_b(c, &f->path_len);
   f->size     = cur_v(c);
   f->mtime    = cur_v(c);
   f->mtime_ns = cur_v(c);
   f->dev      = cur_v(c);
   f->ino      = cur_v(c);
   f->hash     = cur_v(c);
   f->emb_off  = cur_v(c);
   f->emb      = cur_b(c, &f->emb_len);
}

void skip_strings(Cur* c, uint64_t k)
{
   size_t n;
   for (uint64_t i = 0; i < k && !c->bad; i++) cur_b(c, &n);
}

void get_init(Cur c, Init* in)
{
   memset(in, 0, sizeof *in);
   in->rgver    = cur_b(&c, &in->rgver_len);
   in->vgver    = cur_b(&c, &in->vgver_len);
   in->pid      = cur_v(&c);
   in->ppid     = cur_v(&c);
   in->start_ns = cur_v(&c);
   in->exe      = cur_b(&c, &in->exe_len);
   in->argc     = cur_v(&c);
   in->argv     = c;
   skip_strings(&c, in->argc);
   in->envc     = cur_v(&c);
   in->envp     = c;
   skip_strings(&c, in->envc);
   in->cwd      = cur_b(&c, &in->cwd_len);
   in->sp       = cur_v(&c);
   in->stack_lo = cur_v(&c);
   in->stack    = cur_b(&c, &in->stack_len);
   in->nfiles   = cur_v(&c);
   in->files    = c;
   for (uint64_t i = 0; i < in->nfiles && !c.bad; i++) skip_file(&c);
   in->chaos_seed = cur_v(&c);
}

void get_sys(Cur c, Sys* s)
{
   memset(s, 0, sizeof *s);
   s->nr    = cur_v(&c);
   s->nargs = cur_v(&c);
   s->args  = c;
   for (uint64_t i = 0; i < s->nargs && !c.bad; i++) cur_v(&c);
   s->result   = cur_z(&c);
   s->nregions = cur_v(&c);
   s->regions  = c;
   for (uint64_t i = 0; i < s->nregions && !c.bad; i++) {
      size_t n;
      cur_v(&c);
      cur_b(&c, &n);
      s->region_bytes += n;
   }
}

void get_nondet(Cur c, Nondet* nd)
{
   nd->kind    = cur_v(&c);
   nd->nvalues = cur_v(&c);
   nd->values  = c;
}

void get_signal(Cur c, Signal* s)
{
   s->signo = cur_v(&c);
   s->flags = cur_v(&c);
}

void get_end(Cur c, End* e)
{
   e->reason  = cur_v(&c);
   e->code    = cur_v(&c);
   e->events  = cur_v(&c);
   e->threads = cur_v(&c);
   e->insns   = cur_v(&c);
   e->last_thread = cur_v(&c);
   e->last_insns  = cur_v(&c);
}

void get_load(Cur c, Load* l)
{
   l->addr = cur_v(&c);
   l->p    = cur_b(&c, &l->n);
}

void get_sched(Cur c, Sched* s)
{
   s->next = cur_v(&c);
}

void get_fork(Cur c, Fork* f)
{
   f->ppid         = cur_v(&c);
   f->pid          = cur_v(&c);
   f->parent_event = cur_v(&c);
}

/* `wisp inspect`'s printer: reads the dump and the module from memory,
 * resolves frames (names, module offsets, DWARF lines), then hands over to
 * the text or JSON output. See inspect_print.h. */
#include "inspect_print.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "inspect_ctx.h"
#include "inspect_read.h"
#include "values.h"
#include "wisp_port.h" /* wisp_crc32 */

#define VIEW_AROUND 32 /* --memory ADDR: lines before/after ADDR's line (bytes) */

/* ---- resolving frames --------------------------------------------------- */

static uint32_t frame_module(const ictx *c, const cd_frame *f)
{
    if (c->cd.has_instances && f->instance < c->cd.ninstances)
        return c->cd.instances[f->instance].module;
    return 0;
}

/* Names for a frame's module: the given module's own, else the dump's. */
static const names *names_for(const ictx *c, uint32_t module)
{
    if (c->have_module && module == c->mod_index && c->mod.names.nfuncs)
        return &c->mod.names;
    if (module == 0)
        return &c->dump_names;
    return NULL;
}

static void warn(const ictx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(const ictx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(c->err, "wisp: %s: ", c->rq->module_name ? c->rq->module_name : c->rq->core_name);
    vfprintf(c->err, fmt, ap);
    fputc('\n', c->err);
    va_end(ap);
}

/* ---- the frame's values, from the coredump ----------------------------- */

typedef struct dump_values {
    const ictx *c;
    const cd_frame *f;
} dump_values;

static bool cd_to_value(const cd_value *cv, uint8_t *type, wisp_value *v)
{
    if (cv->type == CD_UNKNOWN)
        return false;
    *type = cv->type;
    memset(v, 0, sizeof *v);
    if (cv->type == CD_I32)
        v->i32 = (int32_t)(uint32_t)cv->bits;
    else if (cv->type == CD_F32)
        v->f32 = (uint32_t)cv->bits;
    else
        v->i64 = (int64_t)cv->bits;
    return true;
}

static bool dump_local(void *ctx, uint32_t k, uint8_t *type, wisp_value *v)
{
    const dump_values *dv = ctx;
    return k < dv->f->nlocals && cd_to_value(&dv->f->locals[k], type, v);
}

static bool dump_stack(void *ctx, uint32_t k, uint8_t *type, wisp_value *v)
{
    const dump_values *dv = ctx;
    return k < dv->f->nstack && cd_to_value(&dv->f->stack[k], type, v);
}

void ictx_operands_line(const ictx *c, const cd_frame *f)
{
    dump_values dv = {c, f};
    bt_writer w = bt_file_writer(c->out);
    bt_operands_line(&w, f->nstack, dump_stack, &dv);
}

static bool dump_global(void *ctx, uint32_t g, uint8_t *type, wisp_value *v)
{
    const dump_values *dv = ctx;
    const coredump *cd = &dv->c->cd;
    /* global g of the frame's instance, in the dump's global index space */
    uint32_t dg = g;
    if (cd->has_instances) {
        if (dv->f->instance >= cd->ninstances || g >= cd->instances[dv->f->instance].nglobals)
            return false;
        dg = cd->instances[dv->f->instance].globals[g];
    }
    if (dg >= cd->nglobals)
        return false;
    const cd_global *gl = &cd->globals[dg];
    if (gl->type != CD_I32 && gl->type != CD_I64 && gl->type != CD_F32 && gl->type != CD_F64)
        return false;
    cd_value cv = {gl->type, gl->bits};
    return cd_to_value(&cv, type, v);
}

static bool dump_memory(void *ctx, uint64_t addr, void *buf, uint32_t len)
{
    const dump_values *dv = ctx;
    const coredump *cd = &dv->c->cd;
    uint64_t size = coredump_memory_size(cd, 0);
    if (!cd->nmemories || addr > size || len > size - addr)
        return false;
    coredump_memory_read(cd, 0, addr, buf, len);
    return true;
}

/* ---- resolving frames --------------------------------------------------- */

void ictx_resolved_free(resolved *r)
{
    for (uint32_t k = 0; k < r->ninlined; k++)
        free((void *)r->inlined[k].vars);
    free(r->inlined);
    free((void *)r->bt.vars);
    free(r->locals);
    memset(r, 0, sizeof *r);
}

bool ictx_resolve(ictx *c, const cd_frame *f, uint32_t *shown, resolved *r)
{
    memset(r, 0, sizeof *r);
    r->module = frame_module(c, f);
    bt_frame *b = &r->bt;
    b->func_index = f->func;
    b->nparams = BT_NPARAMS_UNKNOWN;
    b->offset_kind = f->code_offset ? BT_OFFSET_FUNC : BT_OFFSET_NONE;
    b->offset = f->code_offset;
    bool use_module = c->have_module && r->module == c->mod_index;
    uint32_t np = 0;
    if (!use_module && r->module == 0 && c->have_dump_types &&
        im_func_params(&c->dump_mod, f->func, &np))
        b->nparams = np;
    if (use_module) {
        if (im_func_params(&c->mod, f->func, &np))
            b->nparams = np;
        if (f->code_offset &&
            im_module_offset(&c->mod, f->func, f->code_offset, &r->module_offset)) {
            r->has_module_offset = true;
            b->offset_kind = BT_OFFSET_MODULE;
            b->offset = r->module_offset;
        } else if (f->code_offset && !c->warned_mismatch) {
            c->warned_mismatch = true;
            warn(c, "frame #%u (function %u, code offset 0x%x) is not inside a function body "
                    "of this module; is it the module that was running?",
                 (unsigned)*shown, (unsigned)f->func, (unsigned)f->code_offset);
        }
    }
    const names *n = names_for(c, r->module);
    if (n) {
        const char *p;
        uint32_t len = 0;
        if (names_func(n, f->func, &p, &len) ||
            (n != &c->dump_names && r->module == 0 && names_func(&c->dump_names, f->func, &p, &len))) {
            /* the module's own names first; the dump's (which also carry
             * export names of unnamed functions) fill the gaps */
            b->func_name = p;
            b->func_name_len = len;
        }
        b->locals_named = names_has_locals(n, f->func);
    }
    r->locals = calloc((size_t)f->nlocals + 1, sizeof *r->locals);
    if (!r->locals) {
        fprintf(c->err, "wisp: out of host memory\n");
        return false;
    }
    for (uint32_t i = 0; i < f->nlocals; i++) {
        bt_local *l = &r->locals[i];
        const cd_value *v = &f->locals[i];
        l->type = v->type == CD_UNKNOWN ? 0 : v->type;
        if (v->type == CD_I32)
            l->value.i32 = (int32_t)(uint32_t)v->bits;
        else if (v->type == CD_F32)
            l->value.f32 = (uint32_t)v->bits;
        else
            l->value.i64 = (int64_t)v->bits;
        const char *p;
        uint32_t len = 0;
        if (n && names_local(n, f->func, i, &p, &len)) {
            l->name = p;
            l->name_len = len;
        }
    }
    b->local_at = bt_local_array;
    b->locals = r->locals;
    b->nlocals = f->nlocals;
    const sym_frame *src = NULL;
    uint32_t nsrc = 0;
    if (use_module && c->sym) {
        dump_values dv = {c, f};
        sym_values vals = {&dv, dump_local, dump_stack, dump_global, dump_memory};
        nsrc = sym_frames(c->sym, f->func, r->has_module_offset ? r->module_offset : 0, &vals,
                          &src);
    }
    if (nsrc > 1) {
        r->inlined = calloc(nsrc - 1, sizeof *r->inlined);
        if (!r->inlined) {
            fprintf(c->err, "wisp: out of host memory\n");
            return false;
        }
        r->ninlined = nsrc - 1;
    }
    for (uint32_t k = 0; k + 1 < nsrc; k++) {
        bt_frame *g = &r->inlined[k];
        g->index = (*shown)++;
        g->func_index = b->func_index;
        g->offset_kind = b->offset_kind;
        g->offset = b->offset;
        g->inlined = true;
        bt_source_frame(g, &src[k]);
    }
    b->index = (*shown)++;
    if (b->func_name && c->sym) {
        const char *shown_name = sym_display_name(c->sym, b->func_name, b->func_name_len);
        if (shown_name) {
            b->func_name = shown_name;
            b->func_name_len = (uint32_t)strlen(shown_name);
        }
    }
    if (nsrc)
        bt_source_frame(b, &src[nsrc - 1]);
    return true;
}

const names *ictx_global_names(const ictx *c, uint32_t g, uint32_t *module_global)
{
    /* Coredump global g is global k of instance 0's module when that
     * instance lists it; without `coreinstances` the indices are the same. */
    if (!c->cd.has_instances) {
        *module_global = g;
        return names_for(c, 0);
    }
    for (uint32_t i = 0; i < c->cd.ninstances; i++) {
        const cd_instance *in = &c->cd.instances[i];
        for (uint32_t k = 0; k < in->nglobals; k++) {
            if (in->globals[k] == g) {
                *module_global = k;
                return names_for(c, in->module);
            }
        }
    }
    return NULL;
}

/* ---- a Rust panic (panic.h) --------------------------------------------- */

static char *dup_name(const char *p, uint32_t len)
{
    if (!p)
        return NULL;
    char *s = malloc((size_t)len + 1);
    if (s) {
        memcpy(s, p, len);
        s[len] = '\0';
    }
    return s;
}

bool ictx_panic_find(ictx *c, const cd_thread *t, ictx_panic *p)
{
    memset(p, 0, sizeof *p);
    p->rep.runtime_start = UINT32_MAX;
    p->full = c->rq->sym.full_backtrace;
    uint32_t n = t->nframes, npf = 0, cap = 0, shown = 0;
    dump_values *dv = calloc(n + 1, sizeof *dv);
    sym_values *vals = calloc(n + 1, sizeof *vals);
    panic_frame *pf = NULL;
    char **names = NULL;
    p->first = calloc(n + 1, sizeof *p->first);
    bool ok = dv && vals && p->first;
    for (uint32_t i = 0; ok && i < n; i++) {
        const cd_frame *f = &t->frames[i];
        dv[i] = (dump_values){c, f};
        vals[i] = (sym_values){&dv[i], dump_local, dump_stack, dump_global, dump_memory};
        resolved r;
        if (!ictx_resolve(c, f, &shown, &r))
            break;
        p->first[i] = npf;
        if (npf + r.ninlined + 1 > cap) {
            cap = 2 * (npf + r.ninlined + 1);
            panic_frame *g = realloc(pf, cap * sizeof *pf);
            char **h = realloc(names, cap * sizeof *names);
            if (g)
                pf = g;
            if (h)
                names = h;
            ok = g && h;
        }
        for (uint32_t k = 0; ok && k <= r.ninlined; k++) {
            const bt_frame *b = k < r.ninlined ? &r.inlined[k] : &r.bt;
            names[npf] = dup_name(b->func_name, b->func_name_len);
            pf[npf] = (panic_frame){names[npf], k < r.ninlined, &vals[i]};
            npf++;
        }
        ictx_resolved_free(&r);
    }
    if (ok) {
        p->first[n] = npf;
        dv[n] = (dump_values){c, NULL};
        vals[n] = (sym_values){&dv[n], NULL, NULL, NULL, dump_memory};
        panic_analyze(c->have_module ? &c->mod : NULL, &vals[n], pf, npf, &p->rep);
    }
    for (uint32_t k = 0; k < npf; k++)
        free(names[k]);
    free(names);
    free(pf);
    free(vals);
    free(dv);
    if (!ok) {
        free(p->first);
        p->first = NULL;
    }
    return ok;
}

void ictx_panic_free(ictx_panic *p)
{
    panic_report_free(&p->rep);
    free(p->first);
    p->first = NULL;
}

panic_fold ictx_panic_fold(const ictx_panic *p, uint32_t i, uint32_t k)
{
    if (!p->first || p->full)
        return PANIC_SHOWN;
    return panic_frame_fold(&p->rep, p->first[i] + k);
}

void ictx_format_global(const cd_global *g, char *buf, size_t size)
{
    wisp_value v = {0};
    switch (g->type) {
    case CD_I32: v.i32 = (int32_t)(uint32_t)g->bits; break;
    case CD_F32: v.f32 = (uint32_t)g->bits; break;
    case CD_I64: case CD_F64: v.i64 = (int64_t)g->bits; break;
    case CD_V128: {
        uint32_t w[4];
        for (int i = 0; i < 4; i++)
            w[i] = (uint32_t)g->v128[4 * i] | (uint32_t)g->v128[4 * i + 1] << 8 |
                   (uint32_t)g->v128[4 * i + 2] << 16 | (uint32_t)g->v128[4 * i + 3] << 24;
        snprintf(buf, size, "i32x4 0x%08x 0x%08x 0x%08x 0x%08x", (unsigned)w[0],
                 (unsigned)w[1], (unsigned)w[2], (unsigned)w[3]);
        return;
    }
    default:
        if (g->is_null)
            snprintf(buf, size, "null");
        else
            snprintf(buf, size, "ref.func %" PRIu64, g->bits);
        return;
    }
    value_format(g->type, v, buf, size);
}

/* ---- setup -------------------------------------------------------------- */

static void sym_warn(void *ctx, const char *line)
{
    warn(ctx, "%s", line);
}

/* Whether the (already validated) dump has a type section. */
static bool coredump_has_types(const uint8_t *buf, size_t len)
{
    rd_err e = {0};
    rd r = rd_init(buf, len, &e);
    r.pos = 8;
    while (!rd_done(&r)) {
        uint8_t id = 0;
        uint32_t size = 0;
        if (!rd_u8(&r, "id", &id) || !rd_u32(&r, "size", &size) || !rd_skip(&r, "section", size))
            return false;
        if (id == 1)
            return true;
    }
    return false;
}

static bool load_module(ictx *c)
{
    const inspect_req *rq = c->rq;
    const char *path = rq->module_name;
    size_t at;
    char err[200];
    if (!im_parse(rq->module, rq->module_len, &c->mod, &at, err, sizeof err)) {
        fprintf(c->err, "wisp: %s: damaged module at 0x%zx: %s\n", path, at, err);
        return false;
    }
    c->have_module = true;
    /* Which of the coredump's modules is it? With one there is no question;
     * with several, the one whose name ends like the file's name. */
    c->mod_index = 0;
    if (c->cd.nmodules > 1) {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        size_t bl = strlen(base);
        bool found = false;
        for (uint32_t i = 0; i < c->cd.nmodules && !found; i++) {
            const cd_str *s = &c->cd.modules[i];
            if (s->len >= bl && !memcmp(s->p + s->len - bl, base, bl) &&
                (s->len == bl || s->p[s->len - bl - 1] == '/')) {
                c->mod_index = i;
                found = true;
            }
        }
        if (!found)
            warn(c, "none of the coredump's %u modules is named like this file; using it "
                    "for module 0", (unsigned)c->cd.nmodules);
    }
    c->sym = sym_open_parsed(&c->mod, rq->module, rq->module_len, &rq->sym, sym_warn, c);
    if (!c->sym) {
        fprintf(c->err, "wisp: out of host memory\n");
        return false;
    }
    return true;
}

/* ---- is --module the module that was running? ------------------------------ */

/* The length and CRC-32 of a (parsed, so well-formed) module's code
 * section payload, as wisp's writer records them in `wisp.modules`. */
static void code_identity(const uint8_t *buf, size_t len, uint32_t *code_len, uint32_t *crc)
{
    rd_err e = {0};
    rd r = rd_init(buf, len, &e);
    r.pos = 8;
    rd_sections it = rd_sections_begin(&r);
    *code_len = *crc = 0;
    while (rd_next_section(&it)) {
        if (it.id == 10) {
            *code_len = (uint32_t)(it.s.end - it.s.pos);
            *crc = wisp_crc32(0, buf + it.s.pos, *code_len);
        }
    }
}

static bool same_type(const im_type *a, const im_type *b)
{
    return a->nparams == b->nparams && a->nresults == b->nresults &&
           !memcmp(a->params, b->params, a->nparams) &&
           !memcmp(a->results, b->results, a->nresults);
}

/* For a dump without `wisp.modules`: whether its frames can be the
 * module's. Each frame of it must be in a function the module defines,
 * its code offset inside that body, and the function's type the one the
 * dump's skeleton gives it (wisp's writer puts the real types of the
 * functions on the stack in it). *why says which frame does not fit. */
static bool plausible(const ictx *c, char *why, size_t size)
{
    const im_module *m = &c->mod;
    for (uint32_t t = 0; t < c->cd.nthreads; t++) {
        for (uint32_t i = 0; i < c->cd.threads[t].nframes; i++) {
            const cd_frame *f = &c->cd.threads[t].frames[i];
            uint32_t off;
            if (frame_module(c, f) != c->mod_index)
                continue;
            if (f->func < m->nimported_funcs || f->func >= m->nfuncs) {
                snprintf(why, size, "frame #%u is in function %u, which the module does not "
                                    "define (it defines %u to %u)", (unsigned)i,
                         (unsigned)f->func, (unsigned)m->nimported_funcs,
                         (unsigned)m->nfuncs - 1);
                if (m->nfuncs == m->nimported_funcs)
                    snprintf(why, size, "frame #%u is in function %u, but the module defines "
                                        "none", (unsigned)i, (unsigned)f->func);
                return false;
            }
            if (f->code_offset && !im_module_offset(m, f->func, f->code_offset, &off)) {
                const uint32_t k = f->func - m->nimported_funcs;
                snprintf(why, size, "frame #%u's code offset 0x%x is past the end of function "
                                    "%u's body (0x%x bytes)", (unsigned)i,
                         (unsigned)f->code_offset, (unsigned)f->func,
                         (unsigned)(m->body_end[k] - m->body_start[k]));
                return false;
            }
            const im_module *d = &c->dump_mod;
            if (c->have_dump_types && c->mod_index == 0 && f->func < d->nfuncs &&
                !same_type(&d->types[d->func_types[f->func]], &m->types[m->func_types[f->func]])) {
                snprintf(why, size, "frame #%u's function %u has another type in the module "
                                    "than in the coredump", (unsigned)i, (unsigned)f->func);
                return false;
            }
        }
    }
    return true;
}

/* --module against the dump: its code section against the dump's record
 * of it, or (no record) the frames' plausibility. A mismatch is an error,
 * or with --force a warning. */
static bool check_module(ictx *c)
{
    const inspect_req *rq = c->rq;
    char why[300];
    uint32_t len, crc;
    code_identity(rq->module, rq->module_len, &len, &crc);
    c->module_check.code_len = len;
    c->module_check.code_crc = crc;
    if (c->cd.has_module_ids && c->mod_index < c->cd.nmodule_ids) {
        const cd_module_id *id = &c->cd.module_ids[c->mod_index];
        c->module_check.recorded = true;
        c->module_check.matches = id->code_len == len && id->code_crc == crc;
        snprintf(why, sizeof why, "its code section (%u bytes, CRC-32 0x%08x) is not the one "
                                  "the coredump records (%u bytes, CRC-32 0x%08x)",
                 (unsigned)len, (unsigned)crc, (unsigned)id->code_len, (unsigned)id->code_crc);
    } else {
        c->module_check.matches = plausible(c, why, sizeof why);
    }
    if (c->module_check.matches)
        return true;
    if (rq->force) {
        fprintf(c->err, "wisp: %s: not the module the coredump %s was taken from: %s; used "
                        "anyway (--force): names and lines may be wrong\n",
                rq->module_name, rq->core_name, why);
        return true;
    }
    fprintf(c->err, "wisp: %s: not the module the coredump %s was taken from: %s\n"
                    "wisp: %s: give the module that was running (a build of it with debug "
                    "info is fine: only its code must be the same), or --force to use "
                    "this one anyway\n",
            rq->module_name, rq->core_name, why, rq->module_name);
    return false;
}

/* The dump's out-of-bounds access as the core reports one (bt_trap_access). */
void ictx_trap_info(const ictx *c, wisp_trap_info *t)
{
    memset(t, 0, sizeof *t);
    if (!c->cd.has_access)
        return;
    t->kind = WISP_TRAP_MEMORY_OOB;
    t->access = (wisp_access_kind)c->cd.access.kind;
    t->memory = c->cd.access.memory;
    t->address = c->cd.access.address;
    t->length = c->cd.access.length;
    t->memory_size = c->cd.access.memory_size;
}

/* The --memory range, or an error message. */
static bool view_range(ictx *c)
{
    const inspect_req *rq = c->rq;
    uint64_t size = coredump_memory_size(&c->cd, 0);
    if (c->cd.nmemories == 0) {
        fprintf(c->err, "wisp: %s: --memory: the coredump has no memory\n", rq->core_name);
        return false;
    }
    if (rq->view_addr >= size) {
        fprintf(c->err, "wisp: %s: --memory: address 0x%" PRIx64 " is outside memory 0 "
                        "(0x%" PRIx64 " bytes)\n", rq->core_name, rq->view_addr, size);
        return false;
    }
    if (rq->view_len_given) {
        c->view_start = rq->view_addr;
        c->view_clipped = rq->view_len > size - rq->view_addr;
        c->view_end = c->view_clipped ? size : rq->view_addr + rq->view_len;
    } else {
        /* the lines around ADDR: stopping at the end is not clipping */
        uint64_t line = rq->view_addr & ~(uint64_t)15;
        c->view_start = line > VIEW_AROUND ? line - VIEW_AROUND : 0;
        c->view_end = size - line > VIEW_AROUND + 16 ? line + VIEW_AROUND + 16 : size;
    }
    return true;
}

int inspect_print(FILE *out, FILE *err_out, const inspect_req *rq)
{
    ictx c;
    memset(&c, 0, sizeof c);
    c.rq = rq;
    c.out = out;
    c.err = err_out;
    size_t at;
    char err[200];
    int status = INSPECT_EXIT_BAD;
    if (!coredump_parse(rq->core, rq->core_len, &c.cd, &at, err, sizeof err)) {
        fprintf(c.err, "wisp: %s: damaged coredump at 0x%zx: %s\n", rq->core_name, at, err);
        return INSPECT_EXIT_BAD;
    }
    if (c.cd.names && !names_parse(c.cd.names, c.cd.names_len, &c.dump_names)) {
        fprintf(c.err, "wisp: out of host memory\n");
        goto done;
    }
    /* The dump's own type/function sections, if any (never an error: they
     * are optional and only tell parameter counts). */
    if (coredump_has_types(rq->core, rq->core_len)) {
        size_t ign_at;
        char ign[8];
        c.have_dump_types = im_parse(rq->core, rq->core_len, &c.dump_mod, &ign_at, ign,
                                     sizeof ign);
    }
    if (rq->module_name && !load_module(&c))
        goto done;
    /* without --module: a symbolizer of names alone, to demangle the dump's */
    if (!rq->module_name && !(c.sym = sym_open(NULL, 0, &rq->sym, sym_warn, &c))) {
        fprintf(c.err, "wisp: out of host memory\n");
        goto done;
    }
    if (rq->module_name && !check_module(&c))
        goto done;
    if (rq->view && !view_range(&c))
        goto done;
    status = rq->json ? inspect_print_json(&c) : inspect_print_text(&c);
done:
    names_free(&c.dump_names);
    if (c.have_dump_types)
        im_free(&c.dump_mod);
    sym_close(c.sym); /* before the module it borrows */
    if (c.have_module)
        im_free(&c.mod);
    coredump_free(&c.cd);
    return status;
}

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

bool ictx_resolve(ictx *c, const cd_frame *f, uint32_t index, resolved *r)
{
    memset(r, 0, sizeof *r);
    r->module = frame_module(c, f);
    bt_frame *b = &r->bt;
    b->index = index;
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
                 (unsigned)index, (unsigned)f->func, (unsigned)f->code_offset);
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
    if (r->has_module_offset && c->dwarf_ok && r->module_offset >= c->mod.code_payload) {
        size_t at;
        char why[200];
        int rc = dwarf_line_lookup(&c->dwarf, r->module_offset - c->mod.code_payload, &r->loc,
                                   &at, why, sizeof why);
        if (rc == DWARF_DAMAGED) {
            warn(c, "damaged DWARF at 0x%zx: %s; showing no file:line", at, why);
            c->dwarf_ok = false;
        } else if (rc == DWARF_FOUND) {
            r->has_loc = true;
            dwarf_loc_path(&r->loc, r->file, sizeof r->file);
            b->file = r->file;
            b->file_len = (uint32_t)strlen(r->file);
            b->line = r->loc.line;
        }
    }
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
    c->dwarf_ok = im_dwarf_sections(&c->mod, &c->dwarf);
    return true;
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
    if (rq->view && !view_range(&c))
        goto done;
    status = rq->json ? inspect_print_json(&c) : inspect_print_text(&c);
done:
    names_free(&c.dump_names);
    if (c.have_dump_types)
        im_free(&c.dump_mod);
    if (c.have_module)
        im_free(&c.mod);
    coredump_free(&c.cd);
    return status;
}

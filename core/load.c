/* The loader: decodes and validates every section of a module, then hands
 * each function body to the translator. Module bytes are borrowed; the
 * module keeps offsets into them (names, segments, constant expressions). */
#include "wisp_int.h"
#include "simd.h"

static wisp_err invalid(wisp_reader *r, uint32_t off, const char *what)
{
    return wisp_arena_fail(r->arena, WISP_ERR_INVALID, off, "%s", what);
}

static wisp_err nomem(wisp_reader *r)
{
    return wisp_arena_fail(r->arena, WISP_ERR_NOMEM, rd_off(r),
                           "arena of %u bytes is too small", (uint32_t)r->arena->size);
}

bool wisp_is_reftype(uint8_t t) { return t == WISP_FUNCREF || t == WISP_EXTERNREF; }

/* v128 is a value type only in builds with SIMD (-Dsimd=true). */
bool wisp_is_valtype(uint8_t t)
{
    return t == WISP_I32 || t == WISP_I64 || t == WISP_F32 || t == WISP_F64 ||
           (WISP_SIMD && t == WISP_V128) || wisp_is_reftype(t);
}

static wisp_err rd_valtype(wisp_reader *r, uint8_t *t)
{
    TRY(rd_u8(r, t));
    if (!WISP_SIMD && *t == WISP_V128) {
        r->p--;
        return wisp_arena_fail(r->arena, WISP_ERR_UNSUPPORTED, rd_off(r),
                               "SIMD (v128) is not supported by this build");
    }
    if (!wisp_is_valtype(*t)) {
        r->p--;
        return rd_malformed(r, "malformed value type");
    }
    return WISP_OK;
}

static wisp_err rd_reftype(wisp_reader *r, uint8_t *t)
{
    TRY(rd_u8(r, t));
    if (!wisp_is_reftype(*t)) {
        r->p--;
        return rd_malformed(r, "malformed reference type");
    }
    return WISP_OK;
}

/* A count of items that each take at least one byte cannot exceed what is
 * left, which stops "huge count" modules before any allocation. */
static wisp_err rd_count(wisp_reader *r, uint32_t *n)
{
    TRY(rd_u32(r, n));
    if (*n > (uint32_t)(r->end - r->p))
        return rd_malformed(r, "length out of bounds");
    return WISP_OK;
}

static void *alloc_array(wisp_reader *r, uint32_t n, size_t each)
{
    if (n && each > SIZE_MAX / n)
        return NULL;
    return wisp_alloc(r->arena, (size_t)n * each);
}

/* Limits; for memories (`memory` true) also the custom page size. */
static wisp_err rd_limits(wisp_reader *r, const wisp_module *m, bool memory, wisp_limits *lim,
                          uint32_t bound, const char *what)
{
    uint32_t off = rd_off(r);
    uint8_t flags;
    TRY(rd_u8(r, &flags));
    bool paged = memory && (m->features & WISP_FEATURE_CUSTOM_PAGE_SIZES);
    if (flags & ~(paged ? 0x09 : 0x01)) {
        r->p--;
        return rd_malformed(r, flags & 4 ? "memory64 is not supported"
                               : flags & 2 ? "shared memories are not supported"
                                           : "integer too large");
    }
    TRY(rd_u32(r, &lim->min));
    lim->has_max = flags & 1;
    lim->max = 0;
    lim->page_log2 = 16;
    if (lim->has_max)
        TRY(rd_u32(r, &lim->max));
    if (flags & 8) {
        uint32_t log2, poff = rd_off(r);
        TRY(rd_u32(r, &log2));
        if (log2 >= 64) {
            r->p = r->base + poff;
            return rd_malformed(r, "invalid custom page size");
        }
        if (log2 != 0 && log2 != 16)
            return invalid(r, poff, "invalid custom page size");
        lim->page_log2 = (uint8_t)log2;
        if (log2 == 0)
            bound = UINT32_MAX;
    }
    if (lim->min > bound || (lim->has_max && lim->max > bound))
        return invalid(r, off, what);
    if (lim->has_max && lim->max < lim->min)
        return invalid(r, off, "size minimum must not be greater than maximum");
    return WISP_OK;
}

static wisp_err rd_tabletype(wisp_reader *r, const wisp_module *m, wisp_tabledef *t)
{
    TRY(rd_reftype(r, &t->elem));
    return rd_limits(r, m, false, &t->lim, UINT32_MAX, "table size");
}

static wisp_err rd_memtype(wisp_reader *r, const wisp_module *m, wisp_limits *lim)
{
    return rd_limits(r, m, true, lim, WISP_MAX_PAGES,
                     "memory size must be at most 65536 pages (4GiB)");
}

static wisp_err rd_globaltype(wisp_reader *r, wisp_globaldef *g)
{
    uint8_t mut;
    TRY(rd_valtype(r, &g->type));
    TRY(rd_u8(r, &mut));
    if (mut > 1) {
        r->p--;
        return rd_malformed(r, "malformed mutability");
    }
    g->mut = mut;
    return WISP_OK;
}

/* ---- constant expressions ---- */

#define CONST_DEPTH 16 /* deeper constant expressions are rejected */

static bool const_binop(uint8_t op, const wisp_module *m, uint8_t *type)
{
    if (!(m->features & WISP_FEATURE_EXTENDED_CONST))
        return false;
    if (op >= 0x6a && op <= 0x6c)
        *type = WISP_I32;
    else if (op >= 0x7c && op <= 0x7e)
        *type = WISP_I64;
    else
        return false;
    return true;
}

wisp_err wisp_const_validate(wisp_reader *r, wisp_module *m, uint8_t type, uint32_t nglobals)
{
    uint8_t stack[CONST_DEPTH];
    unsigned h = 0;
    for (;;) {
        uint32_t off = rd_off(r);
        uint8_t op, t = 0;
        TRY(rd_u8(r, &op));
        switch (op) {
        case 0x0b:
            if (h != 1 || stack[0] != type)
                return invalid(r, off, "type mismatch in constant expression");
            return WISP_OK;
        case 0x41: { int32_t v; TRY(rd_s32(r, &v)); t = WISP_I32; break; }
        case 0x42: { int64_t v; TRY(rd_s64(r, &v)); t = WISP_I64; break; }
        case 0x43: { uint32_t v; TRY(rd_fixed32(r, &v)); t = WISP_F32; break; }
        case 0x44: { uint64_t v; TRY(rd_fixed64(r, &v)); t = WISP_F64; break; }
#if WISP_SIMD
        case 0xfd: { /* v128.const */
            uint32_t sub;
            uint64_t v;
            TRY(rd_u32(r, &sub));
            if (sub != 0x0c)
                return invalid(r, off, "constant expression required");
            TRY(rd_fixed64(r, &v));
            TRY(rd_fixed64(r, &v));
            t = WISP_V128;
            break;
        }
#endif
        case 0xd0: TRY(rd_reftype(r, &t)); break;
        case 0xd2: {
            uint32_t f;
            TRY(rd_u32(r, &f));
            if (f >= m->nfuncs)
                return invalid(r, off, "unknown function");
            m->func_declared[f] = 1;
            t = WISP_FUNCREF;
            break;
        }
        case 0x23: {
            uint32_t g;
            TRY(rd_u32(r, &g));
            if (g >= nglobals)
                return invalid(r, off, "unknown global");
            if (m->globals[g].mut)
                return invalid(r, off, "constant expression required");
            t = m->globals[g].type;
            break;
        }
        default:
            if (!const_binop(op, m, &t))
                return invalid(r, off, "constant expression required");
            if (h < 2 || stack[h - 1] != t || stack[h - 2] != t)
                return invalid(r, off, "type mismatch in constant expression");
            h -= 2;
            break;
        }
        if (h == CONST_DEPTH)
            return invalid(r, off, "constant expression too deep");
        if (h == 1 && !(m->features & WISP_FEATURE_EXTENDED_CONST))
            return invalid(r, off, "type mismatch in constant expression");
        stack[h++] = t;
    }
}

/* Evaluate a validated constant expression; *r ends after its `end`. */
wisp_value wisp_const_eval_at(const wisp_instance *inst, wisp_reader *r)
{
    wisp_value stack[CONST_DEPTH];
    unsigned h = 0;
    for (;;) {
        uint8_t op = 0x0b;
        rd_u8(r, &op);
        wisp_value v;
        v.v128[0] = v.v128[1] = 0;
        switch (op) {
        case 0x0b: return stack[0];
        case 0x41: rd_s32(r, &v.i32); break;
        case 0x42: rd_s64(r, &v.i64); break;
        case 0x43: rd_fixed32(r, &v.f32); break;
        case 0x44: rd_fixed64(r, &v.f64); break;
#if WISP_SIMD
        case 0xfd: { /* v128.const */
            uint32_t sub;
            rd_u32(r, &sub);
            rd_fixed64(r, &v.v128[0]);
            rd_fixed64(r, &v.v128[1]);
            break;
        }
#endif
        case 0xd0: { uint8_t t; rd_u8(r, &t); break; }
        case 0xd2: {
            uint32_t f = 0;
            rd_u32(r, &f);
            v.ref = (uintptr_t)inst->funcs[f];
            break;
        }
        case 0x23: {
            uint32_t g = 0;
            rd_u32(r, &g);
            v = inst->globals[g]->val;
            break;
        }
        default: {
            /* extended-const arithmetic, wrapping like the instructions */
            wisp_value x = stack[h - 2], y = stack[h - 1];
            h -= 2;
            switch (op) {
            case 0x6a: v.i32 = (int32_t)((uint32_t)x.i32 + (uint32_t)y.i32); break;
            case 0x6b: v.i32 = (int32_t)((uint32_t)x.i32 - (uint32_t)y.i32); break;
            case 0x6c: v.i32 = (int32_t)((uint32_t)x.i32 * (uint32_t)y.i32); break;
            case 0x7c: v.i64 = (int64_t)((uint64_t)x.i64 + (uint64_t)y.i64); break;
            case 0x7d: v.i64 = (int64_t)((uint64_t)x.i64 - (uint64_t)y.i64); break;
            default: v.i64 = (int64_t)((uint64_t)x.i64 * (uint64_t)y.i64); break;
            }
        }
        }
        stack[h++] = v;
    }
}

wisp_value wisp_const_eval(const wisp_instance *inst, uint32_t off)
{
    const wisp_module *m = inst->mod;
    wisp_reader r = {m->bytes, m->bytes + off, m->bytes + m->len, NULL};
    return wisp_const_eval_at(inst, &r);
}

/* ---- sections ---- */

static wisp_err sec_type(wisp_reader *r, wisp_module *m)
{
    TRY(rd_count(r, &m->ntypes));
    m->types = alloc_array(r, m->ntypes, sizeof *m->types);
    m->type_canon = alloc_array(r, m->ntypes, sizeof *m->type_canon);
    if (!m->types || !m->type_canon)
        return nomem(r);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        wisp_functype *t = &m->types[i];
        uint8_t form, vt;
        TRY(rd_u8(r, &form));
        if (form != 0x60) {
            r->p--;
            return rd_malformed(r, "integer representation too long");
        }
        TRY(rd_count(r, &t->nparams));
        t->params = r->p;
        for (uint32_t k = 0; k < t->nparams; k++)
            TRY(rd_valtype(r, &vt));
        TRY(rd_count(r, &t->nresults));
        t->results = r->p;
        for (uint32_t k = 0; k < t->nresults; k++)
            TRY(rd_valtype(r, &vt));
        wisp_functype_slots(t);
        m->type_canon[i] = i;
        for (uint32_t k = 0; k < i; k++) {
            if (m->type_canon[k] == k && wisp_functype_eq(&m->types[k], t)) {
                m->type_canon[i] = k;
                break;
            }
        }
    }
    return WISP_OK;
}

static wisp_err sec_import(wisp_reader *r, wisp_module *m)
{
    TRY(rd_count(r, &m->nimports));
    m->imports = alloc_array(r, m->nimports, sizeof *m->imports);
    if (!m->imports)
        return nomem(r);
    /* imports come first in each index space; count them before the
     * spaces are allocated in the later sections */
    const uint8_t *start = r->p;
    for (int pass = 0; pass < 2; pass++) {
        r->p = start;
        for (uint32_t i = 0; i < m->nimports; i++) {
            wisp_import *im = &m->imports[i];
            TRY(rd_name(r, &im->module, &im->module_len));
            TRY(rd_name(r, &im->name, &im->name_len));
            uint32_t off = rd_off(r);
            TRY(rd_u8(r, &im->kind));
            switch (im->kind) {
            case WISP_EXTERN_FUNC:
                TRY(rd_u32(r, &im->index));
                if (im->index >= m->ntypes)
                    return invalid(r, off + 1, "unknown type");
                if (pass) {
                    m->funcs[m->nfunc_imports].type = im->index;
                    m->funcs[m->nfunc_imports].body_off = off;
                }
                im->index = m->nfunc_imports++;
                break;
            case WISP_EXTERN_TABLE: {
                wisp_tabledef t;
                TRY(rd_tabletype(r, m, &t));
                if (pass)
                    m->tables[m->ntable_imports] = t;
                im->index = m->ntable_imports++;
                break;
            }
            case WISP_EXTERN_MEMORY: {
                wisp_limits lim;
                TRY(rd_memtype(r, m, &lim));
                if (pass)
                    m->mems[m->nmem_imports] = lim;
                im->index = m->nmem_imports++;
                break;
            }
            case WISP_EXTERN_GLOBAL: {
                wisp_globaldef g = {0};
                TRY(rd_globaltype(r, &g));
                g.init_off = 0;
                if (pass)
                    m->globals[m->nglobal_imports] = g;
                im->index = m->nglobal_imports++;
                break;
            }
            default:
                r->p--;
                return rd_malformed(r, "malformed import kind");
            }
        }
        if (!pass) {
            /* provisional arrays for the imports; sections below regrow them */
            m->funcs = alloc_array(r, m->nfunc_imports, sizeof *m->funcs);
            m->tables = alloc_array(r, m->ntable_imports, sizeof *m->tables);
            m->mems = alloc_array(r, m->nmem_imports, sizeof *m->mems);
            m->globals = alloc_array(r, m->nglobal_imports, sizeof *m->globals);
            if (!m->funcs || !m->tables || !m->mems || !m->globals)
                return nomem(r);
            m->nfuncs = m->nfunc_imports;
            m->ntables = m->ntable_imports;
            m->nmems = m->nmem_imports;
            m->nglobals = m->nglobal_imports;
            m->nfunc_imports = m->ntable_imports = m->nmem_imports = m->nglobal_imports = 0;
        }
    }
    return WISP_OK;
}

/* Grow an index space from its imports to imports + n entries. */
static wisp_err grow_space(wisp_reader *r, void **arr, uint32_t have, uint32_t n, size_t each)
{
    if (n > UINT32_MAX - have)
        return rd_malformed(r, "length out of bounds");
    void *p = alloc_array(r, have + n, each);
    if (!p)
        return nomem(r);
    if (*arr)
        wisp_memcpy(p, *arr, have * each);
    *arr = p;
    return WISP_OK;
}

static wisp_err sec_function(wisp_reader *r, wisp_module *m)
{
    uint32_t n;
    TRY(rd_count(r, &n));
    TRY(grow_space(r, (void **)&m->funcs, m->nfuncs, n, sizeof *m->funcs));
    for (uint32_t i = 0; i < n; i++) {
        uint32_t off = rd_off(r);
        wisp_funcdef *f = &m->funcs[m->nfuncs + i];
        TRY(rd_u32(r, &f->type));
        if (f->type >= m->ntypes)
            return invalid(r, off, "unknown type");
    }
    m->nfuncs += n;
    return WISP_OK;
}

static wisp_err sec_table(wisp_reader *r, wisp_module *m)
{
    uint32_t n;
    TRY(rd_count(r, &n));
    TRY(grow_space(r, (void **)&m->tables, m->ntables, n, sizeof *m->tables));
    for (uint32_t i = 0; i < n; i++)
        TRY(rd_tabletype(r, m, &m->tables[m->ntables + i]));
    m->ntables += n;
    return WISP_OK;
}

static wisp_err sec_memory(wisp_reader *r, wisp_module *m)
{
    uint32_t n;
    uint32_t off = rd_off(r);
    TRY(rd_count(r, &n));
    TRY(grow_space(r, (void **)&m->mems, m->nmems, n, sizeof *m->mems));
    for (uint32_t i = 0; i < n; i++)
        TRY(rd_memtype(r, m, &m->mems[m->nmems + i]));
    m->nmems += n;
    if (m->nmems > 1 && !(m->features & WISP_FEATURE_MULTI_MEMORY))
        return invalid(r, off, "multiple memories");
    return WISP_OK;
}

static wisp_err sec_global(wisp_reader *r, wisp_module *m)
{
    uint32_t n;
    TRY(rd_count(r, &n));
    TRY(grow_space(r, (void **)&m->globals, m->nglobals, n, sizeof *m->globals));
    for (uint32_t i = 0; i < n; i++) {
        wisp_globaldef *g = &m->globals[m->nglobals + i];
        TRY(rd_globaltype(r, g));
        g->init_off = rd_off(r);
        TRY(wisp_const_validate(r, m, g->type, m->nglobal_imports));
    }
    m->nglobals += n;
    return WISP_OK;
}

static wisp_err sec_export(wisp_reader *r, wisp_module *m)
{
    TRY(rd_count(r, &m->nexports));
    m->exports = alloc_array(r, m->nexports, sizeof *m->exports);
    if (!m->exports)
        return nomem(r);
    for (uint32_t i = 0; i < m->nexports; i++) {
        wisp_export *x = &m->exports[i];
        uint32_t off = rd_off(r);
        TRY(rd_name(r, &x->name, &x->name_len));
        for (uint32_t k = 0; k < i; k++)
            if (m->exports[k].name_len == x->name_len &&
                !wisp_memcmp(m->exports[k].name, x->name, x->name_len))
                return invalid(r, off, "duplicate export name");
        uint32_t koff = rd_off(r);
        TRY(rd_u8(r, &x->kind));
        TRY(rd_u32(r, &x->index));
        uint32_t limit = x->kind == WISP_EXTERN_FUNC     ? m->nfuncs
                         : x->kind == WISP_EXTERN_TABLE  ? m->ntables
                         : x->kind == WISP_EXTERN_MEMORY ? m->nmems
                         : x->kind == WISP_EXTERN_GLOBAL ? m->nglobals
                                                         : 0;
        if (x->kind > WISP_EXTERN_GLOBAL) {
            r->p = m->bytes + koff;
            return rd_malformed(r, "malformed export kind");
        }
        if (x->index >= limit)
            return invalid(r, koff, x->kind == WISP_EXTERN_FUNC    ? "unknown function"
                                    : x->kind == WISP_EXTERN_TABLE ? "unknown table"
                                    : x->kind == WISP_EXTERN_MEMORY ? "unknown memory"
                                                                    : "unknown global");
        if (x->kind == WISP_EXTERN_FUNC)
            m->func_declared[x->index] = 1;
    }
    return WISP_OK;
}

static wisp_err sec_start(wisp_reader *r, wisp_module *m)
{
    uint32_t off = rd_off(r), f;
    TRY(rd_u32(r, &f));
    if (f >= m->nfuncs)
        return invalid(r, off, "unknown function");
    const wisp_functype *t = &m->types[m->funcs[f].type];
    if (t->nparams || t->nresults)
        return invalid(r, off, "start function must have type [] -> []");
    m->start = f;
    return WISP_OK;
}

static wisp_err sec_element(wisp_reader *r, wisp_module *m)
{
    TRY(rd_count(r, &m->nelems));
    m->elems = alloc_array(r, m->nelems, sizeof *m->elems);
    if (!m->elems)
        return nomem(r);
    for (uint32_t i = 0; i < m->nelems; i++) {
        wisp_elemseg *s = &m->elems[i];
        uint32_t off = rd_off(r), flags;
        TRY(rd_u32(r, &flags));
        if (flags > 7) {
            r->p = m->bytes + off;
            return rd_malformed(r, "malformed elements segment kind");
        }
        s->mode = (flags & 1) ? ((flags & 2) ? SEG_DECLARATIVE : SEG_PASSIVE) : SEG_ACTIVE;
        s->exprs = flags & 4;
        s->elem = WISP_FUNCREF;
        if (s->mode == SEG_ACTIVE) {
            if (flags & 2)
                TRY(rd_u32(r, &s->table));
            if (s->table >= m->ntables)
                return invalid(r, off, "unknown table");
            s->offset_off = rd_off(r);
            TRY(wisp_const_validate(r, m, WISP_I32, m->nglobal_imports));
        }
        if (flags & 3) {
            /* an explicit element kind / type */
            if (s->exprs) {
                TRY(rd_reftype(r, &s->elem));
            } else {
                uint8_t kind;
                TRY(rd_u8(r, &kind));
                if (kind != 0) {
                    r->p--;
                    return rd_malformed(r, "malformed element kind");
                }
            }
        }
        if (s->mode == SEG_ACTIVE && m->tables[s->table].elem != s->elem)
            return invalid(r, off, "type mismatch in element segment");
        TRY(rd_count(r, &s->count));
        s->items_off = rd_off(r);
        for (uint32_t k = 0; k < s->count; k++) {
            if (s->exprs) {
                TRY(wisp_const_validate(r, m, s->elem, m->nglobal_imports));
            } else {
                uint32_t foff = rd_off(r), f;
                TRY(rd_u32(r, &f));
                if (f >= m->nfuncs)
                    return invalid(r, foff, "unknown function");
                m->func_declared[f] = 1;
            }
        }
    }
    return WISP_OK;
}

static wisp_err sec_datacount(wisp_reader *r, wisp_module *m)
{
    TRY(rd_u32(r, &m->datacount));
    m->has_datacount = true;
    return WISP_OK;
}

static wisp_err sec_code(wisp_reader *r, wisp_module *m)
{
    uint32_t n, off = rd_off(r);
    m->code_payload_off = off;
    TRY(rd_count(r, &n));
    if (n != m->nfuncs - m->nfunc_imports)
        return rd_malformed(r, "function and code section have inconsistent lengths");
    for (uint32_t i = 0; i < n; i++) {
        wisp_funcdef *f = &m->funcs[m->nfunc_imports + i];
        uint32_t size;
        TRY(rd_u32(r, &size));
        if (size > (uint32_t)(r->end - r->p))
            return rd_malformed(r, "unexpected end");
        f->body_off = rd_off(r);
        f->body_len = size;
        r->p += size;
    }
    /* bodies are translated after the data count is known (see load) */
    return WISP_OK;
}

static wisp_err sec_data(wisp_reader *r, wisp_module *m)
{
    uint32_t off = rd_off(r);
    TRY(rd_count(r, &m->ndatas));
    if (m->has_datacount && m->datacount != m->ndatas)
        return wisp_arena_fail(r->arena, WISP_ERR_MALFORMED, off,
                               "data count and data section have inconsistent lengths");
    m->datas = alloc_array(r, m->ndatas, sizeof *m->datas);
    if (!m->datas)
        return nomem(r);
    for (uint32_t i = 0; i < m->ndatas; i++) {
        wisp_dataseg *d = &m->datas[i];
        uint32_t soff = rd_off(r), flags;
        TRY(rd_u32(r, &flags));
        if (flags > 2) {
            r->p = m->bytes + soff;
            return rd_malformed(r, "malformed data segment kind");
        }
        d->mode = flags == 1 ? SEG_PASSIVE : SEG_ACTIVE;
        if (d->mode == SEG_ACTIVE) {
            if (flags == 2)
                TRY(rd_u32(r, &d->mem));
            if (d->mem >= m->nmems)
                return invalid(r, soff, "unknown memory");
            d->offset_off = rd_off(r);
            TRY(wisp_const_validate(r, m, WISP_I32, m->nglobal_imports));
        }
        TRY(rd_u32(r, &d->len));
        if (d->len > (uint32_t)(r->end - r->p))
            return rd_malformed(r, "unexpected end of section or function");
        d->data_off = rd_off(r);
        r->p += d->len;
    }
    return WISP_OK;
}

static wisp_err sec_custom(wisp_reader *r, wisp_module *m)
{
    const char *name;
    uint32_t len;
    TRY(rd_name(r, &name, &len));
    if (len == 4 && !wisp_memcmp(name, "name", 4) && !m->name_off) {
        m->name_off = rd_off(r);
        m->name_len = (uint32_t)(r->end - r->p);
    }
    r->p = r->end;
    return WISP_OK;
}

/* Section ids in the order they must appear. */
static int section_rank(uint8_t id)
{
    static const uint8_t rank[13] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
    return id < 13 ? rank[id] : -1;
}

wisp_err wisp_module_load(wisp_arena *arena, const uint8_t *bytes, size_t len, wisp_module **out)
{
    return wisp_module_load_features(arena, bytes, len, WISP_FEATURES_ALL, out);
}

wisp_err wisp_module_load_features(wisp_arena *arena, const uint8_t *bytes, size_t len,
                                   uint32_t features, wisp_module **out)
{
    const wisp_load_config config = {features, 0, 0};
    return wisp_module_load_config(arena, bytes, len, &config, out);
}

wisp_err wisp_module_load_config(wisp_arena *arena, const uint8_t *bytes, size_t len,
                                 const wisp_load_config *config, wisp_module **out)
{
    if (!arena || !out || (!bytes && len) || !config)
        return WISP_ERR_ARG;
    const uint32_t features = config->features;
    *out = NULL;
    arena->error[0] = 0;
    size_t mark = arena->used;
    wisp_reader r = {bytes, bytes, bytes + len, arena};
    wisp_err e;
    wisp_module *m = wisp_alloc(arena, sizeof *m);
    if (!m)
        return nomem(&r);
    if (len > UINT32_MAX) {
        e = rd_malformed(&r, "module larger than 4 GiB");
        goto fail;
    }
    m->bytes = bytes;
    m->len = len;
    m->start = -1;
    m->features = features;

    uint32_t magic, version;
    if (len < 4 || (rd_fixed32(&r, &magic), magic != 0x6d736100)) {
        r.p = bytes;
        e = rd_malformed(&r, "magic header not detected");
        goto fail;
    }
    if ((e = rd_fixed32(&r, &version)))
        goto fail;
    if (version != 1) {
        r.p -= 4;
        e = rd_malformed(&r, "unknown binary version");
        goto fail;
    }
    /* func_declared is allocated once the function space is known: before
     * the first section that can name a function (below), or at the end */
    int last = 0;
    bool have_code = false;
    while (r.p < r.end) {
        uint8_t id;
        uint32_t size, off = rd_off(&r);
        if ((e = rd_u8(&r, &id)) || (e = rd_u32(&r, &size)))
            goto fail;
        if (size > (uint32_t)(r.end - r.p)) {
            e = rd_malformed(&r, "section size out of bounds: unexpected end");
            goto fail;
        }
        int rank = section_rank(id);
        if (rank < 0) {
            r.p = bytes + off;
            e = rd_malformed(&r, "malformed section id");
            goto fail;
        }
        if (id != 0) {
            if (rank <= last) {
                r.p = bytes + off;
                e = rd_malformed(&r, "unexpected content after last section (section out of order or duplicated)");
                goto fail;
            }
            last = rank;
        }
        wisp_reader s = {bytes, r.p, r.p + size, arena};
        /* every function index space user below needs func_declared */
        if (id >= 6 && id != 12 && !m->func_declared) {
            m->func_declared = wisp_alloc(arena, m->nfuncs ? m->nfuncs : 1);
            if (!m->func_declared) {
                e = nomem(&r);
                goto fail;
            }
        }
        switch (id) {
        case 0: e = sec_custom(&s, m); break;
        case 1: e = sec_type(&s, m); break;
        case 2: e = sec_import(&s, m); break;
        case 3: e = sec_function(&s, m); break;
        case 4: e = sec_table(&s, m); break;
        case 5: e = sec_memory(&s, m); break;
        case 6: e = sec_global(&s, m); break;
        case 7: e = sec_export(&s, m); break;
        case 8: e = sec_start(&s, m); break;
        case 9: e = sec_element(&s, m); break;
        case 10: e = sec_code(&s, m); have_code = true; break;
        case 11: e = sec_data(&s, m); break;
        case 12: e = sec_datacount(&s, m); break;
        }
        if (e)
            goto fail;
        if (s.p != s.end) {
            e = rd_malformed(&s, "section size mismatch");
            goto fail;
        }
        r.p = s.end;
    }
    if (m->nmems > 1 && !(features & WISP_FEATURE_MULTI_MEMORY)) {
        e = wisp_arena_fail(arena, WISP_ERR_INVALID, 0, "multiple memories");
        goto fail;
    }
    if (!have_code && m->nfuncs != m->nfunc_imports) {
        e = rd_malformed(&r, "function and code section have inconsistent lengths");
        goto fail;
    }
    if (m->has_datacount && !m->datas && m->datacount) {
        e = rd_malformed(&r, "data count and data section have inconsistent lengths");
        goto fail;
    }
    if (!m->func_declared && !(m->func_declared = wisp_alloc(arena, m->nfuncs ? m->nfuncs : 1))) {
        e = nomem(&r);
        goto fail;
    }
    if (config->code_cache_bytes || config->code_cache_all_but) {
        /* validate every body now; translate each again when first called */
        if ((e = wisp_cache_create(arena, m, config->code_cache_bytes,
                                   config->code_cache_all_but)))
            goto fail;
    } else {
        for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
            if ((e = wisp_translate(arena, m, i, NULL)))
                goto fail;
    }
    *out = m;
    return WISP_OK;
fail:
    arena->used = mark; /* nothing of a failed load stays in the arena */
    return e;
}

/* ---- introspection ---- */

uint32_t wisp_module_import_count(const wisp_module *m) { return m->nimports; }

wisp_err wisp_module_import(const wisp_module *m, uint32_t i, wisp_import_desc *out)
{
    if (i >= m->nimports)
        return WISP_ERR_NOT_FOUND;
    const wisp_import *im = &m->imports[i];
    out->module = im->module;
    out->module_len = im->module_len;
    out->name = im->name;
    out->name_len = im->name_len;
    out->kind = (wisp_extern_kind)im->kind;
    return WISP_OK;
}

uint32_t wisp_module_export_count(const wisp_module *m) { return m->nexports; }

wisp_err wisp_module_export_index(const wisp_module *m, uint32_t i, uint32_t *item)
{
    if (i >= m->nexports)
        return WISP_ERR_NOT_FOUND;
    *item = m->exports[i].index;
    return WISP_OK;
}

wisp_err wisp_module_export(const wisp_module *m, uint32_t i, const char **name,
                            uint32_t *name_len, wisp_extern_kind *kind)
{
    if (i >= m->nexports)
        return WISP_ERR_NOT_FOUND;
    *name = m->exports[i].name;
    *name_len = m->exports[i].name_len;
    *kind = (wisp_extern_kind)m->exports[i].kind;
    return WISP_OK;
}

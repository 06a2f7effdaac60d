/* Coredump parser for `wisp inspect`; the format is in coredump_read.h. */
#include "coredump_read.h"

#include <stdlib.h>
#include <string.h>

#include "inspect_read.h"

const char *coredump_type_name(uint8_t type)
{
    switch (type) {
    case CD_I32: return "i32";
    case CD_I64: return "i64";
    case CD_F32: return "f32";
    case CD_F64: return "f64";
    case CD_V128: return "v128";
    case CD_FUNCREF: return "funcref";
    case CD_EXTERNREF: return "externref";
    case CD_UNKNOWN: return "unknown";
    default: return "?";
    }
}

/* calloc that never returns NULL for n == 0 and refuses absurd sizes; the
 * counts reaching here are already bounded by the input size (rd_count). */
static void *alloc_array(rd *r, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        rd_fail(r, r->pos, "out of host memory");
    return p;
}

/* The 0x00 "kind/version" byte that starts each item of the core sections. */
static bool rd_zero_tag(rd *r, const char *what)
{
    size_t at = r->pos;
    uint8_t b = 0;
    if (!rd_u8(r, what, &b))
        return false;
    if (b != 0)
        return rd_fail(r, at, "%s: expected 0x00, found 0x%02x (an unknown version of the "
                              "coredump format?)", what, b);
    return true;
}

static bool read_value(rd *r, cd_value *v)
{
    size_t at = r->pos;
    uint8_t tag = 0;
    if (!rd_u8(r, "value type", &tag))
        return false;
    v->type = tag;
    v->bits = 0;
    switch (tag) {
    case CD_UNKNOWN:
        return true;
    case CD_I32: {
        uint64_t x = 0;
        if (!rd_leb(r, "i32 value", 32, true, &x))
            return false;
        v->bits = (uint32_t)x;
        return true;
    }
    case CD_I64:
        return rd_leb(r, "i64 value", 64, true, &v->bits);
    case CD_F32:
        return rd_fixed(r, "f32 value", 4, &v->bits);
    case CD_F64:
        return rd_fixed(r, "f64 value", 8, &v->bits);
    default:
        return rd_fail(r, at, "bad value type 0x%02x (expected 0x7f i32, 0x7e i64, 0x7d f32, "
                              "0x7c f64 or 0x01 unknown)", tag);
    }
}

static bool read_values(rd *r, const char *what, uint32_t *n, cd_value **out)
{
    if (!rd_count(r, what, 1, n))
        return false;
    *out = alloc_array(r, *n, sizeof **out);
    if (!*out)
        return false;
    for (uint32_t i = 0; i < *n; i++)
        if (!read_value(r, &(*out)[i]))
            return false;
    return true;
}

static bool read_core(rd *r, coredump *cd)
{
    return rd_zero_tag(r, "`core` kind") &&
           rd_name(r, "executable name", &cd->executable.p, &cd->executable.len);
}

static bool read_coremodules(rd *r, coredump *cd)
{
    if (!rd_count(r, "module count", 2, &cd->nmodules))
        return false;
    cd->modules = alloc_array(r, cd->nmodules, sizeof *cd->modules);
    if (!cd->modules)
        return false;
    for (uint32_t i = 0; i < cd->nmodules; i++) {
        if (!rd_zero_tag(r, "module kind") ||
            !rd_name(r, "module name", &cd->modules[i].p, &cd->modules[i].len))
            return false;
    }
    return true;
}

static bool read_u32_vec(rd *r, const char *what, uint32_t *n, uint32_t **out)
{
    if (!rd_count(r, what, 1, n))
        return false;
    *out = alloc_array(r, *n, sizeof **out);
    if (!*out)
        return false;
    for (uint32_t i = 0; i < *n; i++)
        if (!rd_u32(r, what, &(*out)[i]))
            return false;
    return true;
}

static bool read_coreinstances(rd *r, coredump *cd)
{
    if (!rd_count(r, "instance count", 4, &cd->ninstances))
        return false;
    cd->instances = alloc_array(r, cd->ninstances, sizeof *cd->instances);
    if (!cd->instances)
        return false;
    for (uint32_t i = 0; i < cd->ninstances; i++) {
        cd_instance *in = &cd->instances[i];
        size_t at;
        in->at = r->pos;
        if (!rd_zero_tag(r, "instance kind"))
            return false;
        at = r->pos;
        if (!rd_u32(r, "module index", &in->module))
            return false;
        if (cd->has_modules && in->module >= cd->nmodules)
            return rd_fail(r, at, "instance %u: module index %u out of range (%u modules)",
                           (unsigned)i, (unsigned)in->module, (unsigned)cd->nmodules);
        if (!read_u32_vec(r, "instance memory count", &in->nmemories, &in->memories) ||
            !read_u32_vec(r, "instance global count", &in->nglobals, &in->globals))
            return false;
    }
    return true;
}

static bool read_corestack(rd *r, coredump *cd)
{
    /* Grow the thread array by one. */
    cd_thread *t = realloc(cd->threads, (cd->nthreads + 1) * sizeof *t);
    if (!t)
        return rd_fail(r, r->pos, "out of host memory");
    cd->threads = t;
    t = &cd->threads[cd->nthreads++];
    memset(t, 0, sizeof *t);
    if (!rd_zero_tag(r, "`corestack` kind") ||
        !rd_name(r, "thread name", &t->name.p, &t->name.len) ||
        !rd_count(r, "frame count", 6, &t->nframes))
        return false;
    t->frames = alloc_array(r, t->nframes, sizeof *t->frames);
    if (!t->frames)
        return false;
    for (uint32_t i = 0; i < t->nframes; i++) {
        cd_frame *f = &t->frames[i];
        f->at = r->pos;
        if (!rd_zero_tag(r, "frame kind") || !rd_u32(r, "instance index", &f->instance) ||
            !rd_u32(r, "function index", &f->func) ||
            !rd_u32(r, "code offset", &f->code_offset) ||
            !read_values(r, "local count", &f->nlocals, &f->locals) ||
            !read_values(r, "stack count", &f->nstack, &f->stack))
            return false;
    }
    return true;
}

/* limits for memories: flags 0x01 max, 0x02 shared, 0x04 memory64, 0x08 page size. */
static bool read_memory(rd *r, cd_memory *m)
{
    size_t at = r->pos;
    uint8_t flags = 0;
    if (!rd_u8(r, "memory limits flags", &flags))
        return false;
    if (flags & ~0x0fu)
        return rd_fail(r, at, "bad memory limits flags 0x%02x", flags);
    m->has_max = flags & 1;
    m->shared = flags & 2;
    m->is64 = flags & 4;
    unsigned bits = m->is64 ? 64 : 32;
    if (!rd_leb(r, "memory minimum", bits, false, &m->min))
        return false;
    if (m->has_max && !rd_leb(r, "memory maximum", bits, false, &m->max))
        return false;
    m->page_log2 = 16;
    if (flags & 8) {
        size_t pat = r->pos;
        if (!rd_u32(r, "memory page size", &m->page_log2))
            return false;
        if (m->page_log2 != 0 && m->page_log2 != 16)
            return rd_fail(r, pat, "page size 2^%u is not allowed (only 1 or 65536)",
                           (unsigned)m->page_log2);
    }
    /* 2^64 bytes of 1-byte pages would shift by 64: that limit is UINT64_MAX */
    uint64_t limit = !m->is64          ? (UINT64_C(1) << (32 - m->page_log2))
                     : m->page_log2 ? (UINT64_C(1) << (64 - m->page_log2)) - 1
                                    : UINT64_MAX;
    if (m->min > limit)
        return rd_fail(r, at, "memory minimum %llu pages is larger than a memory can be",
                       (unsigned long long)m->min);
    if (m->has_max && m->max < m->min)
        return rd_fail(r, at, "memory maximum %llu is below its minimum %llu",
                       (unsigned long long)m->max, (unsigned long long)m->min);
    return true;
}

static bool read_memory_section(rd *r, coredump *cd)
{
    if (!rd_count(r, "memory count", 2, &cd->nmemories))
        return false;
    cd->memories = alloc_array(r, cd->nmemories, sizeof *cd->memories);
    if (!cd->memories)
        return false;
    for (uint32_t i = 0; i < cd->nmemories; i++)
        if (!read_memory(r, &cd->memories[i]))
            return false;
    return true;
}

static bool read_end(rd *r, const char *what)
{
    size_t at = r->pos;
    uint8_t b = 0;
    if (!rd_u8(r, what, &b))
        return false;
    if (b != 0x0b)
        return rd_fail(r, at, "%s: expected `end` (0x0b) after the constant, found 0x%02x", what,
                       b);
    return true;
}

static bool read_global(rd *r, cd_global *g)
{
    size_t at = r->pos;
    uint8_t type = 0, mut = 0, op = 0;
    if (!rd_u8(r, "global type", &type))
        return false;
    switch (type) {
    case CD_I32: case CD_I64: case CD_F32: case CD_F64: case CD_V128: case CD_FUNCREF:
    case CD_EXTERNREF:
        break;
    default:
        return rd_fail(r, at, "bad global type 0x%02x", type);
    }
    g->type = type;
    at = r->pos;
    if (!rd_u8(r, "global mutability", &mut))
        return false;
    if (mut > 1)
        return rd_fail(r, at, "bad global mutability 0x%02x (expected 0 or 1)", mut);
    g->mut = mut;
    at = r->pos;
    if (!rd_u8(r, "global initializer", &op))
        return false;
    uint8_t want = 0;
    switch (op) {
    case 0x41: want = CD_I32; break;
    case 0x42: want = CD_I64; break;
    case 0x43: want = CD_F32; break;
    case 0x44: want = CD_F64; break;
    case 0xfd: want = CD_V128; break;
    case 0xd0: case 0xd2: want = type == CD_EXTERNREF && op == 0xd0 ? CD_EXTERNREF : CD_FUNCREF;
        break;
    default:
        return rd_fail(r, at, "global initializer 0x%02x is not a constant wisp can read", op);
    }
    if (want != type)
        return rd_fail(r, at, "global of type %s has an initializer (0x%02x) of another type",
                       coredump_type_name(type), op);
    uint64_t x = 0;
    switch (op) {
    case 0x41:
        if (!rd_leb(r, "i32 constant", 32, true, &x))
            return false;
        g->bits = (uint32_t)x;
        break;
    case 0x42:
        if (!rd_leb(r, "i64 constant", 64, true, &g->bits))
            return false;
        break;
    case 0x43:
        if (!rd_fixed(r, "f32 constant", 4, &g->bits))
            return false;
        break;
    case 0x44:
        if (!rd_fixed(r, "f64 constant", 8, &g->bits))
            return false;
        break;
    case 0xfd: {
        size_t sat = r->pos;
        uint32_t sub = 0;
        const uint8_t *p;
        if (!rd_u32(r, "v128 opcode", &sub))
            return false;
        if (sub != 12)
            return rd_fail(r, sat, "global initializer 0xfd %u is not v128.const", (unsigned)sub);
        if (!rd_bytes(r, "v128 constant", 16, &p))
            return false;
        memcpy(g->v128, p, 16);
        break;
    }
    case 0xd0: {
        size_t hat = r->pos;
        uint8_t ht = 0;
        if (!rd_u8(r, "ref.null type", &ht))
            return false;
        if (ht != type)
            return rd_fail(r, hat, "ref.null 0x%02x in a global of type %s", ht,
                           coredump_type_name(type));
        g->is_null = true;
        break;
    }
    case 0xd2: {
        uint32_t f = 0;
        if (!rd_u32(r, "ref.func index", &f))
            return false;
        g->bits = f;
        break;
    }
    }
    return read_end(r, "global initializer");
}

static bool read_global_section(rd *r, coredump *cd)
{
    if (!rd_count(r, "global count", 4, &cd->nglobals))
        return false;
    cd->globals = alloc_array(r, cd->nglobals, sizeof *cd->globals);
    if (!cd->globals)
        return false;
    for (uint32_t i = 0; i < cd->nglobals; i++)
        if (!read_global(r, &cd->globals[i]))
            return false;
    return true;
}

static bool read_data_section(rd *r, coredump *cd)
{
    if (!rd_count(r, "data segment count", 3, &cd->nsegments))
        return false;
    cd->segments = alloc_array(r, cd->nsegments, sizeof *cd->segments);
    if (!cd->segments)
        return false;
    for (uint32_t i = 0; i < cd->nsegments; i++) {
        cd_segment *s = &cd->segments[i];
        s->at = r->pos;
        uint32_t kind = 0;
        if (!rd_u32(r, "data segment kind", &kind))
            return false;
        if (kind == 1)
            return rd_fail(r, s->at, "data segment %u is passive: a coredump's memory must "
                                     "be in active segments", (unsigned)i);
        if (kind != 0 && kind != 2)
            return rd_fail(r, s->at, "bad data segment kind %u", (unsigned)kind);
        s->memory = 0;
        size_t mat = r->pos;
        if (kind == 2 && !rd_u32(r, "data segment memory", &s->memory))
            return false;
        if (s->memory >= cd->nmemories)
            return rd_fail(r, mat, "data segment %u is for memory %u, but the coredump has %u "
                                   "memor%s", (unsigned)i, (unsigned)s->memory,
                           (unsigned)cd->nmemories, cd->nmemories == 1 ? "y" : "ies");
        const cd_memory *m = &cd->memories[s->memory];
        size_t oat = r->pos;
        uint8_t op = 0;
        if (!rd_u8(r, "data segment offset", &op))
            return false;
        uint64_t off = 0;
        if (op == 0x41 && !m->is64) {
            if (!rd_leb(r, "data segment offset", 32, true, &off))
                return false;
            off = (uint32_t)off;
        } else if (op == 0x42 && m->is64) {
            if (!rd_leb(r, "data segment offset", 64, true, &off))
                return false;
        } else {
            return rd_fail(r, oat, "data segment offset: expected %s, found 0x%02x",
                           m->is64 ? "i64.const (0x42)" : "i32.const (0x41)", op);
        }
        if (!read_end(r, "data segment offset"))
            return false;
        s->offset = off;
        size_t lat = r->pos;
        const uint8_t *p;
        if (!rd_u32(r, "data segment length", &s->len) ||
            !rd_bytes(r, "data segment bytes", s->len, &p))
            return false;
        s->bytes = p;
        uint64_t size = coredump_memory_size(cd, s->memory);
        if (s->offset > size || s->len > size - s->offset)
            return rd_fail(r, lat, "data segment %u (0x%llx + 0x%x bytes) runs past the end of "
                                   "memory %u (0x%llx bytes)", (unsigned)i,
                           (unsigned long long)s->offset, (unsigned)s->len, (unsigned)s->memory,
                           (unsigned long long)size);
    }
    return true;
}

/* After the trap message: records id:u8 size:u32 payload[size]; 1 is an
 * out-of-bounds access (kind memory address length memory-size), other ids
 * are skipped (a later writer's). */
static bool read_trap_records(rd *r, coredump *cd)
{
    while (!rd_done(r)) {
        uint8_t id = 0;
        uint32_t size = 0;
        size_t at = r->pos;
        if (!rd_u8(r, "trap record id", &id) || !rd_u32(r, "trap record size", &size))
            return false;
        if (size > rd_left(r))
            return rd_fail(r, at, "trap record %u of %u bytes runs past the section's end",
                           (unsigned)id, (unsigned)size);
        if (id != 1) {
            r->pos += size;
            continue;
        }
        if (cd->has_access)
            return rd_fail(r, at, "second out-of-bounds access record");
        rd s = rd_sub(r, size, "out-of-bounds access record");
        uint8_t kind = 0;
        cd_access *a = &cd->access;
        const size_t kind_at = s.pos;
        if (!rd_u8(&s, "access kind", &kind) || !rd_u32(&s, "access memory", &a->memory) ||
            !rd_u64(&s, "access address", &a->address) ||
            !rd_u64(&s, "access length", &a->length) ||
            !rd_u64(&s, "access memory size", &a->memory_size))
            return false;
        if (kind < CD_ACCESS_LOAD || kind > CD_ACCESS_INIT_FROM)
            return rd_fail(&s, kind_at, "access kind %u is not one wisp writes", (unsigned)kind);
        if (!rd_done(&s))
            return rd_fail(&s, s.pos, "%zu unexpected bytes at the end of the %s", rd_left(&s),
                           s.where);
        a->kind = kind;
        cd->has_access = true;
        r->pos = s.pos;
    }
    return true;
}

/* `wisp.modules`: vec(0x00 code-length:u32 code-crc32:4 bytes LE), one per
 * coremodules entry. */
static bool read_wisp_modules(rd *r, coredump *cd)
{
    uint32_t n = 0;
    if (!rd_count(r, "module count", 6, &n))
        return false;
    cd->module_ids = calloc((size_t)n + 1, sizeof *cd->module_ids);
    if (!cd->module_ids)
        return rd_fail(r, r->pos, "out of host memory");
    cd->nmodule_ids = n;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t crc = 0;
        if (!rd_zero_tag(r, "module record kind") ||
            !rd_u32(r, "code section length", &cd->module_ids[i].code_len) ||
            !rd_fixed(r, "code section CRC-32", 4, &crc))
            return false;
        cd->module_ids[i].code_crc = (uint32_t)crc;
    }
    return true;
}

/* One custom section whose name was read; r spans the rest of its payload. */
static bool read_custom(rd *r, coredump *cd, const char *name, uint32_t name_len, size_t sect_at)
{
    bool (*fn)(rd *, coredump *) = NULL;
    bool *seen = NULL;
    bool trap_seen = cd->has_trap;
    const char *what = NULL;
    if (rd_name_is(name, name_len, "core")) {
        fn = read_core, seen = &cd->has_core, what = "`core` section";
    } else if (rd_name_is(name, name_len, "coremodules")) {
        fn = read_coremodules, seen = &cd->has_modules, what = "`coremodules` section";
    } else if (rd_name_is(name, name_len, "coreinstances")) {
        fn = read_coreinstances, seen = &cd->has_instances, what = "`coreinstances` section";
    } else if (rd_name_is(name, name_len, "corestack")) {
        fn = read_corestack, what = "`corestack` section";
    } else if (rd_name_is(name, name_len, COREDUMP_TRAP_SECTION)) {
        seen = &trap_seen, what = "`" COREDUMP_TRAP_SECTION "` section";
    } else if (rd_name_is(name, name_len, COREDUMP_MODULES_SECTION)) {
        fn = read_wisp_modules, seen = &cd->has_module_ids,
        what = "`" COREDUMP_MODULES_SECTION "` section";
    } else if (rd_name_is(name, name_len, "name")) {
        /* Interpreted leniently by the printer, like any name section. */
        if (!cd->names) {
            cd->names = r->buf + r->pos;
            cd->names_len = rd_left(r);
            cd->names_at = r->pos;
        }
        r->pos = r->end;
        return true;
    } else {
        r->pos = r->end; /* someone else's custom section */
        return true;
    }
    if (seen && *seen)
        return rd_fail(r, sect_at, "second %s (it may appear only once)", what);
    r->where = what;
    if (fn) {
        if (!fn(r, cd))
            return false;
    } else {
        if (!rd_zero_tag(r, "`" COREDUMP_TRAP_SECTION "` kind") ||
            !rd_name(r, "trap message", &cd->trap.p, &cd->trap.len) || !read_trap_records(r, cd))
            return false;
        cd->has_trap = true;
    }
    if (seen)
        *seen = true;
    if (!rd_done(r))
        return rd_fail(r, r->pos, "%zu unexpected bytes at the end of the %s", rd_left(r), what);
    return true;
}

/* Cross-section index checks, once everything is read (the spec leaves the
 * order of the custom sections free). */
static bool check_indices(rd *r, coredump *cd)
{
    if (cd->has_module_ids && cd->has_modules && cd->nmodule_ids != cd->nmodules)
        return rd_fail(r, 0, "`" COREDUMP_MODULES_SECTION "` describes %u modules, but "
                             "`coremodules` lists %u", (unsigned)cd->nmodule_ids,
                       (unsigned)cd->nmodules);
    for (uint32_t i = 0; i < cd->ninstances; i++) {
        const cd_instance *in = &cd->instances[i];
        if (cd->has_modules && in->module >= cd->nmodules)
            return rd_fail(r, in->at, "instance %u names module %u, but `coremodules` lists %u",
                           (unsigned)i, (unsigned)in->module, (unsigned)cd->nmodules);
        for (uint32_t k = 0; k < in->nmemories; k++)
            if (in->memories[k] >= cd->nmemories)
                return rd_fail(r, in->at, "instance %u names memory %u, but the coredump has %u",
                               (unsigned)i, (unsigned)in->memories[k], (unsigned)cd->nmemories);
        for (uint32_t k = 0; k < in->nglobals; k++)
            if (in->globals[k] >= cd->nglobals)
                return rd_fail(r, in->at, "instance %u names global %u, but the coredump has %u",
                               (unsigned)i, (unsigned)in->globals[k], (unsigned)cd->nglobals);
    }
    for (uint32_t t = 0; t < cd->nthreads; t++) {
        for (uint32_t i = 0; i < cd->threads[t].nframes; i++) {
            const cd_frame *f = &cd->threads[t].frames[i];
            /* Without `coreinstances` (early wasmtime dumps) index 0 stands for
             * "the" instance. */
            uint32_t n = cd->has_instances ? cd->ninstances : 1;
            if (f->instance >= n)
                return rd_fail(r, f->at, "frame %u: instance index %u out of range (%u "
                                         "instance%s)", (unsigned)i, (unsigned)f->instance,
                               (unsigned)n, n == 1 ? "" : "s");
        }
    }
    return true;
}

bool coredump_parse(const uint8_t *buf, size_t len, coredump *out, size_t *err_at, char *err,
                    size_t err_size)
{
    rd_err e = {0};
    rd r = rd_init(buf, len, &e);
    coredump *cd = out;
    memset(cd, 0, sizeof *cd);
    rd_wasm_header(&r, "coredump");
    rd_sections it = rd_sections_begin(&r);
    while (rd_next_section(&it)) {
        rd s = it.s;
        switch (it.id) {
        case 0:
            read_custom(&s, cd, it.name, it.name_len, it.at);
            continue;
        case 5: read_memory_section(&s, cd); break;
        case 6: read_global_section(&s, cd); break;
        case 11: read_data_section(&s, cd); break;
        default: s.pos = s.end; break; /* type/function/code...: not needed */
        }
        if (rd_ok(&s) && !rd_done(&s))
            rd_fail(&s, s.pos, "%zu unexpected bytes at the end of the %s", rd_left(&s), s.where);
    }
    if (rd_ok(&r) && cd->nthreads == 0)
        rd_fail(&r, len, "no `corestack` section, so no stack to show (is this a module "
                         "rather than a coredump?)");
    if (rd_ok(&r))
        check_indices(&r, cd);
    if (!rd_report(&e, err_at, err, err_size)) {
        coredump_free(cd);
        return false;
    }
    return true;
}

void coredump_free(coredump *cd)
{
    if (!cd)
        return;
    for (uint32_t i = 0; cd->instances && i < cd->ninstances; i++) {
        free(cd->instances[i].memories);
        free(cd->instances[i].globals);
    }
    for (uint32_t t = 0; cd->threads && t < cd->nthreads; t++) {
        for (uint32_t i = 0; cd->threads[t].frames && i < cd->threads[t].nframes; i++) {
            free(cd->threads[t].frames[i].locals);
            free(cd->threads[t].frames[i].stack);
        }
        free(cd->threads[t].frames);
    }
    free(cd->modules);
    free(cd->module_ids);
    free(cd->instances);
    free(cd->threads);
    free(cd->memories);
    free(cd->globals);
    free(cd->segments);
    memset(cd, 0, sizeof *cd);
}

uint64_t coredump_memory_size(const coredump *cd, uint32_t mem)
{
    if (mem >= cd->nmemories)
        return 0;
    const cd_memory *m = &cd->memories[mem];
    /* read_memory bounded min so that this does not overflow */
    return m->min << m->page_log2;
}

bool coredump_memory_read(const coredump *cd, uint32_t mem, uint64_t addr, uint8_t *out,
                          size_t n)
{
    uint64_t size = coredump_memory_size(cd, mem);
    if (mem >= cd->nmemories || addr > size || n > size - addr)
        return false;
    memset(out, 0, n);
    for (uint32_t i = 0; i < cd->nsegments; i++) {
        const cd_segment *s = &cd->segments[i];
        if (s->memory != mem)
            continue;
        uint64_t lo = s->offset > addr ? s->offset : addr;
        uint64_t hi_s = s->offset + s->len, hi_r = addr + n;
        uint64_t hi = hi_s < hi_r ? hi_s : hi_r;
        if (lo < hi)
            memcpy(out + (lo - addr), s->bytes + (lo - s->offset), (size_t)(hi - lo));
    }
    return true;
}

void coredump_memory_saved(const coredump *cd, uint32_t mem, uint64_t *bytes,
                           uint32_t *segments)
{
    *bytes = 0;
    *segments = 0;
    for (uint32_t i = 0; i < cd->nsegments; i++) {
        if (cd->segments[i].memory == mem) {
            *bytes += cd->segments[i].len;
            (*segments)++;
        }
    }
}

/* Module and name-section reading for `wisp inspect`; see inspect_module.h. */
#include "inspect_module.h"
#include "dwarf_line.h"

#include <stdlib.h>
#include <string.h>

#include "inspect_read.h"

/* ---- name section ------------------------------------------------------ */

typedef struct entry_vec {
    name_entry *v;
    uint32_t n, cap;
} entry_vec;

static bool push(entry_vec *ev, uint32_t outer, uint32_t index, const char *p, uint32_t len)
{
    if (ev->n == ev->cap) {
        uint32_t cap = ev->cap ? ev->cap * 2 : 16;
        name_entry *v = realloc(ev->v, cap * sizeof *v);
        if (!v)
            return false;
        ev->v = v;
        ev->cap = cap;
    }
    ev->v[ev->n++] = (name_entry){outer, index, p, len};
    return true;
}

/* A namemap; entries are kept up to the first bad one. Indices must be
 * strictly increasing (the spec's rule), which also keeps ev sorted. */
static bool read_namemap(rd *r, uint32_t outer, entry_vec *ev, bool *oom)
{
    uint32_t n = 0;
    if (!rd_count(r, "name count", 2, &n))
        return false;
    bool first = true;
    uint32_t prev = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t idx = 0, len = 0;
        const char *p;
        if (!rd_u32(r, "name index", &idx) || !rd_name(r, "name", &p, &len))
            return false;
        if (!first && idx <= prev)
            return rd_fail(r, r->pos, "name indices out of order");
        first = false;
        prev = idx;
        if (!push(ev, outer, idx, p, len)) {
            *oom = true;
            return false;
        }
    }
    return true;
}

bool names_parse(const uint8_t *p, size_t len, names *out)
{
    memset(out, 0, sizeof *out);
    rd_err e = {0};
    rd r = rd_init(p, len, &e);
    r.where = "name section";
    entry_vec funcs = {0}, locals = {0}, globals = {0};
    bool oom = false;
    int last_id = -1;
    while (!rd_done(&r) && rd_ok(&r)) {
        uint8_t id = 0;
        uint32_t size = 0;
        if (!rd_u8(&r, "subsection id", &id) || !rd_u32(&r, "subsection size", &size))
            break;
        if (size > rd_left(&r) || (int)id <= last_id)
            break; /* damaged or out of order: keep what we have */
        last_id = id;
        rd s = rd_sub(&r, size, "name subsection");
        r.pos += size;
        switch (id) {
        case 0: {
            const char *np;
            uint32_t nl = 0;
            if (rd_name(&s, "module name", &np, &nl)) {
                out->module = np;
                out->module_len = nl;
                out->has_module = true;
            }
            break;
        }
        case 1:
            read_namemap(&s, 0, &funcs, &oom);
            break;
        case 2:
        case 7: {
            if (id == 7) {
                read_namemap(&s, 0, &globals, &oom);
                break;
            }
            uint32_t n = 0;
            if (!rd_count(&s, "function count", 2, &n))
                break;
            bool first = true;
            uint32_t prev = 0;
            for (uint32_t i = 0; i < n && !oom; i++) {
                uint32_t f = 0;
                if (!rd_u32(&s, "function index", &f) || (!first && f <= prev))
                    break;
                first = false;
                prev = f;
                if (!read_namemap(&s, f, &locals, &oom))
                    break;
            }
            break;
        }
        default:
            break; /* labels, types, ...: not shown */
        }
        if (oom)
            break;
        /* A subsection's own error stops only that subsection. */
        e.set = false;
    }
    out->funcs = funcs.v, out->nfuncs = funcs.n;
    out->locals = locals.v, out->nlocals = locals.n;
    out->globals = globals.v, out->nglobals = globals.n;
    if (oom) {
        names_free(out);
        return false;
    }
    return true;
}

void names_free(names *n)
{
    free(n->funcs);
    free(n->locals);
    free(n->globals);
    memset(n, 0, sizeof *n);
}

static const name_entry *find(const name_entry *v, uint32_t n, uint32_t outer, uint32_t index)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const name_entry *x = &v[mid];
        if (x->outer < outer || (x->outer == outer && x->index < index))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && v[lo].outer == outer && v[lo].index == index)
        return &v[lo];
    return NULL;
}

static bool lookup(const name_entry *v, uint32_t n, uint32_t outer, uint32_t index,
                   const char **p, uint32_t *len)
{
    const name_entry *x = find(v, n, outer, index);
    if (!x)
        return false;
    *p = x->p;
    *len = x->len;
    return true;
}

bool names_func(const names *n, uint32_t func, const char **p, uint32_t *len)
{
    return lookup(n->funcs, n->nfuncs, 0, func, p, len);
}

bool names_local(const names *n, uint32_t func, uint32_t local, const char **p, uint32_t *len)
{
    return lookup(n->locals, n->nlocals, func, local, p, len);
}

bool names_global(const names *n, uint32_t global, const char **p, uint32_t *len)
{
    return lookup(n->globals, n->nglobals, 0, global, p, len);
}

bool names_has_locals(const names *n, uint32_t func)
{
    uint32_t lo = 0, hi = n->nlocals;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (n->locals[mid].outer < func)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n->nlocals && n->locals[lo].outer == func;
}

/* ---- module ------------------------------------------------------------ */

static bool read_valtype(rd *r, const char *what)
{
    size_t at = r->pos;
    uint8_t t = 0;
    if (!rd_u8(r, what, &t))
        return false;
    switch (t) {
    case 0x7f: case 0x7e: case 0x7d: case 0x7c: case 0x7b: case 0x70: case 0x6f:
        return true;
    default:
        return rd_fail(r, at, "%s 0x%02x is not a value type wisp inspect knows", what, t);
    }
}

static bool read_types(rd *r, im_module *m)
{
    if (!rd_count(r, "type count", 3, &m->ntypes))
        return false;
    m->types = calloc(m->ntypes + 1, sizeof *m->types);
    if (!m->types)
        return rd_fail(r, r->pos, "out of host memory");
    for (uint32_t i = 0; i < m->ntypes; i++) {
        im_type *t = &m->types[i];
        size_t at = r->pos;
        uint8_t form = 0;
        if (!rd_u8(r, "type form", &form))
            return false;
        if (form != 0x60)
            return rd_fail(r, at, "type %u: form 0x%02x is not a function type (0x60)",
                           (unsigned)i, form);
        if (!rd_count(r, "parameter count", 1, &t->nparams))
            return false;
        t->params = r->buf + r->pos;
        for (uint32_t k = 0; k < t->nparams; k++)
            if (!read_valtype(r, "parameter type"))
                return false;
        if (!rd_count(r, "result count", 1, &t->nresults))
            return false;
        t->results = r->buf + r->pos;
        for (uint32_t k = 0; k < t->nresults; k++)
            if (!read_valtype(r, "result type"))
                return false;
    }
    return true;
}

static bool read_limits(rd *r, bool memory)
{
    size_t at = r->pos;
    uint8_t flags = 0;
    uint64_t v = 0;
    if (!rd_u8(r, "limits flags", &flags))
        return false;
    if (flags & ~(memory ? 0x0fu : 0x05u))
        return rd_fail(r, at, "bad limits flags 0x%02x", flags);
    unsigned bits = flags & 4 ? 64 : 32;
    if (!rd_leb(r, "limits minimum", bits, false, &v))
        return false;
    if ((flags & 1) && !rd_leb(r, "limits maximum", bits, false, &v))
        return false;
    if (flags & 8) {
        uint32_t ps = 0;
        if (!rd_u32(r, "page size", &ps))
            return false;
    }
    return true;
}

static bool type_index(rd *r, im_module *m, const char *what, uint32_t *out)
{
    size_t at = r->pos;
    if (!rd_u32(r, what, out))
        return false;
    if (*out >= m->ntypes)
        return rd_fail(r, at, "%s %u out of range (%u types)", what, (unsigned)*out,
                       (unsigned)m->ntypes);
    return true;
}

/* Remembers the type of each imported function (grows func_types). */
static bool read_imports(rd *r, im_module *m)
{
    uint32_t n = 0;
    if (!rd_count(r, "import count", 4, &n))
        return false;
    free(m->func_types);
    m->func_types = calloc((size_t)n + 1, sizeof *m->func_types);
    if (!m->func_types)
        return rd_fail(r, r->pos, "out of host memory");
    for (uint32_t i = 0; i < n; i++) {
        const char *s;
        uint32_t len = 0;
        uint8_t kind = 0;
        size_t at;
        if (!rd_name(r, "import module name", &s, &len) ||
            !rd_name(r, "import name", &s, &len))
            return false;
        at = r->pos;
        if (!rd_u8(r, "import kind", &kind))
            return false;
        switch (kind) {
        case 0: {
            uint32_t t = 0;
            if (!type_index(r, m, "import type index", &t))
                return false;
            m->func_types[m->nimported_funcs++] = t;
            break;
        }
        case 1: {
            if (!read_valtype(r, "table element type") || !read_limits(r, false))
                return false;
            break;
        }
        case 2:
            if (!read_limits(r, true))
                return false;
            break;
        case 3: {
            uint8_t mut = 0;
            if (!read_valtype(r, "global type") || !rd_u8(r, "global mutability", &mut))
                return false;
            break;
        }
        case 4: {
            uint8_t attr = 0;
            uint32_t t = 0;
            if (!rd_u8(r, "tag attribute", &attr) || !type_index(r, m, "tag type", &t))
                return false;
            break;
        }
        default:
            return rd_fail(r, at, "bad import kind 0x%02x", kind);
        }
    }
    m->nfuncs = m->nimported_funcs;
    return true;
}

static bool read_functions(rd *r, im_module *m)
{
    uint32_t n = 0;
    if (!rd_count(r, "function count", 1, &n))
        return false;
    uint32_t *ft = realloc(m->func_types, ((size_t)m->nimported_funcs + n + 1) * sizeof *ft);
    if (!ft)
        return rd_fail(r, r->pos, "out of host memory");
    m->func_types = ft;
    for (uint32_t i = 0; i < n; i++)
        if (!type_index(r, m, "function type index", &ft[m->nimported_funcs + i]))
            return false;
    m->nfuncs = m->nimported_funcs + n;
    return true;
}

static bool read_code(rd *r, im_module *m, size_t sect_at)
{
    uint32_t n = 0;
    m->code_payload = (uint32_t)r->pos;
    m->has_code = true;
    if (!rd_count(r, "body count", 2, &n))
        return false;
    if (n != m->nfuncs - m->nimported_funcs)
        return rd_fail(r, sect_at, "code section has %u bodies but the function section "
                                   "declares %u functions", (unsigned)n,
                       (unsigned)(m->nfuncs - m->nimported_funcs));
    m->body_start = calloc((size_t)n + 1, sizeof *m->body_start);
    m->body_end = calloc((size_t)n + 1, sizeof *m->body_end);
    if (!m->body_start || !m->body_end)
        return rd_fail(r, r->pos, "out of host memory");
    for (uint32_t i = 0; i < n; i++) {
        uint32_t size = 0;
        if (!rd_u32(r, "body size", &size))
            return false;
        m->body_start[i] = (uint32_t)r->pos;
        if (!rd_skip(r, "function body", size))
            return false;
        m->body_end[i] = (uint32_t)r->pos;
    }
    return true;
}

bool im_parse(const uint8_t *buf, size_t len, im_module *out, size_t *err_at, char *err,
              size_t err_size)
{
    rd_err e = {0};
    rd r = rd_init(buf, len, &e);
    im_module *m = out;
    memset(m, 0, sizeof *m);
    m->buf = buf;
    m->len = len;
    bool have_names = false;
    if (len > UINT32_MAX)
        rd_fail(&r, 0, "module larger than 4 GiB");
    else
        rd_wasm_header(&r, "module");
    /* known sections in order, each at most once: the tables above rely on it */
    rd_sections it = rd_sections_begin(&r);
    while (rd_next_section(&it)) {
        rd s = it.s;
        switch (it.id) {
        case 0: {
            im_section sec = {s.buf + s.pos, rd_left(&s), s.pos};
            if (rd_name_is(it.name, it.name_len, "name") && !have_names) {
                have_names = true;
                if (!names_parse(sec.p, sec.len, &m->names))
                    rd_fail(&s, it.at, "out of host memory");
            }
#define IM_KEEP_SECTION(field, sname)                                                        \
    else if (rd_name_is(it.name, it.name_len, sname) && !m->field.p) m->field = sec;
            IM_CUSTOM_SECTIONS(IM_KEEP_SECTION)
#undef IM_KEEP_SECTION
            s.pos = s.end;
            break;
        }
        case 1: read_types(&s, m); break;
        case 2: read_imports(&s, m); break;
        case 3: read_functions(&s, m); break;
        case 10: read_code(&s, m, it.at); break;
        default:
            s.pos = s.end;
            break;
        }
        if (rd_ok(&s) && !rd_done(&s))
            rd_fail(&s, s.pos, "%zu unexpected bytes at the end of the %s", rd_left(&s),
                    s.where);
    }
    if (rd_ok(&r) && !m->has_code && m->nfuncs > m->nimported_funcs)
        rd_fail(&r, len, "functions are declared but there is no code section");
    if (!rd_report(&e, err_at, err, err_size)) {
        im_free(m);
        return false;
    }
    return true;
}

void im_free(im_module *m)
{
    free(m->types);
    free(m->func_types);
    free(m->body_start);
    free(m->body_end);
    names_free(&m->names);
    memset(m, 0, sizeof *m);
}

bool im_module_offset(const im_module *m, uint32_t func, uint32_t code_offset,
                      uint32_t *module_offset)
{
    if (!m->has_code || func < m->nimported_funcs || func >= m->nfuncs)
        return false;
    uint32_t i = func - m->nimported_funcs;
    uint64_t off = (uint64_t)m->body_start[i] + code_offset;
    if (off >= m->body_end[i])
        return false;
    *module_offset = (uint32_t)off;
    return true;
}

bool im_func_params(const im_module *m, uint32_t func, uint32_t *nparams)
{
    if (!m->func_types || func >= m->nfuncs)
        return false;
    *nparams = m->types[m->func_types[func]].nparams;
    return true;
}

bool im_dwarf_sections(const im_module *m, dwarf_sections *out)
{
    if (!m->debug_line.p)
        return false;
    out->line = m->debug_line.p;
    out->line_len = m->debug_line.len;
    out->line_at = m->debug_line.at;
    out->line_str = m->debug_line_str.p;
    out->line_str_len = m->debug_line_str.len;
    out->str = m->debug_str.p;
    out->str_len = m->debug_str.len;
    return true;
}

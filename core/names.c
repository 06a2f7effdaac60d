/* Names from the `name` custom section (function names fall back to export
 * names), read straight from the module bytes
 * when asked (after a trap, typically): no RAM is spent on them before.
 * A damaged section just means "no name": custom sections never fail a
 * module. Also small accessors for module metadata. */
#include "wisp_int.h"

/* Find subsection `id`; *r is bounded to its contents. */
static bool subsection(const wisp_module *m, uint8_t id, wisp_reader *r)
{
    if (!m->name_off)
        return false;
    r->base = m->bytes;
    r->p = m->bytes + m->name_off;
    r->end = r->p + m->name_len;
    r->arena = NULL; /* errors here are not the module's */
    while (r->p < r->end) {
        uint8_t sid;
        uint32_t size;
        if (rd_u8(r, &sid) || rd_u32(r, &size) || size > (uint32_t)(r->end - r->p))
            return false;
        if (sid == id) {
            r->end = r->p + size;
            return true;
        }
        r->p += size;
    }
    return false;
}

/* Look `idx` up in a namemap at *r. */
static wisp_err namemap_find(wisp_reader *r, uint32_t idx, const char **name, uint32_t *len)
{
    uint32_t n;
    if (rd_u32(r, &n))
        return WISP_ERR_NOT_FOUND;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t k;
        const char *s;
        uint32_t sl;
        if (rd_u32(r, &k) || rd_name(r, &s, &sl))
            return WISP_ERR_NOT_FOUND;
        if (k == idx) {
            *name = s;
            *len = sl;
            return WISP_OK;
        }
    }
    return WISP_ERR_NOT_FOUND;
}

wisp_err wisp_module_name(const wisp_module *m, const char **name, uint32_t *len)
{
    wisp_reader r;
    if (!subsection(m, 0, &r))
        return WISP_ERR_NOT_FOUND;
    return rd_name(&r, name, len) ? WISP_ERR_NOT_FOUND : WISP_OK;
}

/* Without a name-section entry an exported function is known by its export
 * name, as wasm-objdump shows it. */
static wisp_err export_name(const wisp_module *m, uint32_t func, const char **name, uint32_t *len)
{
    for (uint32_t i = 0; i < m->nexports; i++) {
        const wisp_export *x = &m->exports[i];
        if (x->kind == WISP_EXTERN_FUNC && x->index == func) {
            *name = x->name;
            *len = x->name_len;
            return WISP_OK;
        }
    }
    return WISP_ERR_NOT_FOUND;
}

wisp_err wisp_module_func_name(const wisp_module *m, uint32_t func, const char **name,
                               uint32_t *len)
{
    wisp_reader r;
    if (subsection(m, 1, &r) && namemap_find(&r, func, name, len) == WISP_OK)
        return WISP_OK;
    return export_name(m, func, name, len);
}

wisp_err wisp_module_global_name(const wisp_module *m, uint32_t global, const char **name,
                                 uint32_t *len)
{
    wisp_reader r;
    if (!subsection(m, 7, &r))
        return WISP_ERR_NOT_FOUND;
    return namemap_find(&r, global, name, len);
}

wisp_err wisp_module_local_name(const wisp_module *m, uint32_t func, uint32_t local,
                                const char **name, uint32_t *len)
{
    wisp_reader r;
    if (!subsection(m, 2, &r))
        return WISP_ERR_NOT_FOUND;
    uint32_t n;
    if (rd_u32(&r, &n))
        return WISP_ERR_NOT_FOUND;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t f, count;
        if (rd_u32(&r, &f))
            return WISP_ERR_NOT_FOUND;
        if (f == func)
            return namemap_find(&r, local, name, len);
        /* skip this function's map */
        if (rd_u32(&r, &count))
            return WISP_ERR_NOT_FOUND;
        for (uint32_t k = 0; k < count; k++) {
            uint32_t idx;
            const char *s;
            uint32_t sl;
            if (rd_u32(&r, &idx) || rd_name(&r, &s, &sl))
                return WISP_ERR_NOT_FOUND;
        }
    }
    return WISP_ERR_NOT_FOUND;
}

const uint8_t *wisp_module_bytes(const wisp_module *m, size_t *len)
{
    *len = m->len;
    return m->bytes;
}

uint32_t wisp_module_code_offset(const wisp_module *m) { return m->code_payload_off; }

size_t wisp_module_code_bytes(const wisp_module *m)
{
    if (m->cache)
        return m->cache->size;
    size_t sum = 0;
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
        sum += (size_t)m->funcs[i].code_len * sizeof(uint32_t);
    return sum;
}

uint32_t wisp_module_frame_slots(const wisp_module *m)
{
    uint32_t most = 0;
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
        if (m->funcs[i].frame_slots > most)
            most = m->funcs[i].frame_slots;
    return most;
}

static void functype_out(const wisp_functype *t, const uint8_t **params, uint32_t *nparams,
                         const uint8_t **results, uint32_t *nresults)
{
    *params = t->params;
    *nparams = t->nparams;
    *results = t->results;
    *nresults = t->nresults;
}

wisp_err wisp_module_func_type(const wisp_module *m, uint32_t func, const uint8_t **params,
                               uint32_t *nparams, const uint8_t **results, uint32_t *nresults)
{
    if (func >= m->nfuncs)
        return WISP_ERR_NOT_FOUND;
    functype_out(&m->types[m->funcs[func].type], params, nparams, results, nresults);
    return WISP_OK;
}

wisp_err wisp_module_import_func_type(const wisp_module *m, uint32_t import,
                                      const uint8_t **params, uint32_t *nparams,
                                      const uint8_t **results, uint32_t *nresults)
{
    if (import >= m->nimports || m->imports[import].kind != WISP_EXTERN_FUNC)
        return WISP_ERR_NOT_FOUND;
    return wisp_module_func_type(m, m->imports[import].index, params, nparams, results, nresults);
}

/* Imports the host cannot provide: collected for the error, or given
 * stand-ins (unknown_imports.h). */
#include "unknown_imports.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "bt_file.h"
#include "values.h"

/* ---- an import's type, from the module's import section ------------------ */

typedef struct import_type {
    wisp_extern_kind kind;
    uint8_t valtype;          /* a global's type, a table's element type */
    bool mut;                 /* a global's */
    uint64_t min, max;        /* a table's or memory's limits */
    bool has_max, shared, is64;
    uint32_t page_log2;       /* a memory's: 16, or a custom page size's */
} import_type;

typedef struct lrd {
    const uint8_t *p, *end;
    bool bad;
} lrd;

static uint8_t lrd_u8(lrd *r)
{
    if (r->p >= r->end) {
        r->bad = true;
        return 0;
    }
    return *r->p++;
}

static uint64_t lrd_uleb(lrd *r)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        const uint8_t b = lrd_u8(r);
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
    r->bad = true;
    return 0;
}

static void lrd_skip(lrd *r, uint64_t n)
{
    if (n > (uint64_t)(r->end - r->p)) {
        r->bad = true;
        r->p = r->end;
        return;
    }
    r->p += n;
}

static void lrd_limits(lrd *r, import_type *t)
{
    const uint8_t flags = lrd_u8(r);
    t->has_max = flags & 1;
    t->shared = flags & 2;
    t->is64 = flags & 4;
    t->min = lrd_uleb(r);
    t->max = t->has_max ? lrd_uleb(r) : 0;
    t->page_log2 = flags & 8 ? (uint32_t)lrd_uleb(r) : 16;
}

/* Import `index` of m, read from its bytes (the module was validated). */
static bool import_type_of(const wisp_module *m, uint32_t index, import_type *out)
{
    size_t len = 0;
    const uint8_t *b = wisp_module_bytes(m, &len);
    memset(out, 0, sizeof *out);
    if (!b || len < 8)
        return false;
    lrd r = {b + 8, b + len, false};
    while (r.p < r.end && !r.bad) {
        const uint8_t id = lrd_u8(&r);
        const uint64_t size = lrd_uleb(&r);
        if (id != 2) {
            lrd_skip(&r, size);
            continue;
        }
        const uint64_t n = lrd_uleb(&r);
        for (uint64_t i = 0; i < n && !r.bad; i++) {
            lrd_skip(&r, lrd_uleb(&r)); /* module name */
            lrd_skip(&r, lrd_uleb(&r)); /* field name */
            out->kind = (wisp_extern_kind)lrd_u8(&r);
            switch (out->kind) {
            case WISP_EXTERN_FUNC: lrd_uleb(&r); break;
            case WISP_EXTERN_TABLE:
                out->valtype = lrd_u8(&r);
                lrd_limits(&r, out);
                break;
            case WISP_EXTERN_MEMORY: lrd_limits(&r, out); break;
            case WISP_EXTERN_GLOBAL:
                out->valtype = lrd_u8(&r);
                out->mut = lrd_u8(&r) == 1;
                break;
            default: r.bad = true;
            }
            if (i == index)
                return !r.bad;
        }
        return false;
    }
    return false;
}

void import_type_text(const wisp_module *m, uint32_t index, char *buf, size_t size)
{
    const uint8_t *p, *r;
    uint32_t np, nr;
    import_type t;
    if (wisp_module_import_func_type(m, index, &p, &np, &r, &nr) == WISP_OK) {
        char sig[200];
        signature_format(p, np, r, nr, sig, sizeof sig);
        snprintf(buf, size, "function %s", sig);
        return;
    }
    if (!import_type_of(m, index, &t)) {
        snprintf(buf, size, "(type unreadable)");
        return;
    }
    char max[48] = "";
    switch (t.kind) {
    case WISP_EXTERN_GLOBAL:
        snprintf(buf, size, "global %s%s", t.mut ? "mut " : "", bt_type_name(t.valtype));
        return;
    case WISP_EXTERN_TABLE:
        if (t.has_max)
            snprintf(max, sizeof max, ", max %" PRIu64, t.max);
        snprintf(buf, size, "table %s, %" PRIu64 " element%s%s", bt_type_name(t.valtype), t.min,
                 t.min == 1 ? "" : "s", max);
        return;
    default: /* memory */
        if (t.has_max)
            snprintf(max, sizeof max, ", max %" PRIu64, t.max);
        if (t.page_log2 == 16)
            snprintf(buf, size, "memory %" PRIu64 " page%s%s%s%s", t.min, t.min == 1 ? "" : "s",
                     max, t.shared ? ", shared" : "", t.is64 ? ", 64-bit" : "");
        else
            snprintf(buf, size, "memory %" PRIu64 " page%s of %" PRIu64 " byte%s%s%s%s", t.min,
                     t.min == 1 ? "" : "s", (uint64_t)1 << (t.page_log2 & 63),
                     t.page_log2 ? "s" : "", max, t.shared ? ", shared" : "",
                     t.is64 ? ", 64-bit" : "");
        return;
    }
}

/* ---- stand-ins ---------------------------------------------------------------- */

static wisp_err trap_stand_in(wisp_instance *caller, void *user, const wisp_value *args,
                              wisp_value *results)
{
    (void)args, (void)results;
    return wisp_host_trap(caller, ((const unknown_import *)user)->message);
}

static wisp_err zero_stand_in(wisp_instance *caller, void *user, const wisp_value *args,
                              wisp_value *results)
{
    (void)caller, (void)args;
    const unknown_import *u = user;
    memset(results, 0, (size_t)u->nresults * sizeof *results);
    return WISP_OK;
}

/* "module.field", with a NUL byte (names may hold one) shown as \x00. */
static char *import_name(const wisp_import_desc *imp)
{
    char *s = malloc(4 * ((size_t)imp->module_len + imp->name_len) + 2), *o = s;
    if (!s)
        return NULL;
    for (int part = 0; part < 2; part++) {
        const char *p = part ? imp->name : imp->module;
        const uint32_t n = part ? imp->name_len : imp->module_len;
        for (uint32_t i = 0; i < n; i++) {
            if (p[i]) {
                *o++ = p[i];
            } else {
                memcpy(o, "\\x00", 4);
                o += 4;
            }
        }
        if (!part)
            *o++ = '.';
    }
    *o = 0;
    return s;
}

static wisp_err stand_in(unknown_imports *u, unknown_import *e, const wisp_import_desc *imp,
                         wisp_extern *out)
{
    import_type t;
    wisp_err err = WISP_ERR_NOT_FOUND;
    out->kind = imp->kind;
    if (imp->kind == WISP_EXTERN_FUNC) {
        const uint8_t *p, *r;
        uint32_t np;
        if (wisp_module_import_func_type(u->m, e->index, &p, &np, &r, &e->nresults) != WISP_OK)
            return WISP_ERR_NOT_FOUND;
        const size_t n = strlen(e->name) + 32;
        if (!(e->message = malloc(n)))
            return WISP_ERR_NOMEM;
        snprintf(e->message, n, "call to unknown import %s", e->name);
        /* the type arrays live in the module, which outlives the instance */
        err = wisp_func_new_host(u->arena, p, np, r, e->nresults,
                                 u->mode == UNKNOWN_TRAP ? trap_stand_in : zero_stand_in, e,
                                 e->name, &out->of.func);
    } else if (import_type_of(u->m, e->index, &t)) {
        wisp_value zero;
        memset(&zero, 0, sizeof zero);
        if (t.kind == WISP_EXTERN_GLOBAL)
            err = wisp_global_new(u->arena, (wisp_type)t.valtype, t.mut, zero, &out->of.global);
        else if (t.kind == WISP_EXTERN_TABLE && t.min <= UINT32_MAX && t.max <= UINT32_MAX)
            err = wisp_table_new(u->arena, (wisp_type)t.valtype, (uint32_t)t.min,
                                 (uint32_t)t.max, t.has_max, &out->of.table);
        else if (t.kind == WISP_EXTERN_MEMORY && t.page_log2 == 16 && !t.shared && !t.is64 &&
                 t.min <= UINT32_MAX && t.max <= UINT32_MAX)
            err = wisp_memory_new(u->arena, (uint32_t)t.min, (uint32_t)t.max, t.has_max,
                                  &out->of.memory);
    }
    if (err == WISP_OK)
        e->stand_in = true;
    return err == WISP_ERR_ARG ? WISP_ERR_NOT_FOUND : err;
}

/* ---- the resolver ----------------------------------------------------------- */

bool unknown_imports_init(unknown_imports *u, unknown_mode mode, wisp_arena *arena,
                          const wisp_module *m, wisp_resolve_fn host, void *host_ctx)
{
    memset(u, 0, sizeof *u);
    u->mode = mode;
    u->arena = arena;
    u->m = m;
    u->host = host;
    u->host_ctx = host_ctx;
    u->nimports = wisp_module_import_count(m);
    /* one entry an import at most, never moved: stand-ins point at theirs */
    u->list = calloc((size_t)u->nimports + 1, sizeof *u->list);
    return u->list != NULL;
}

void unknown_imports_free(unknown_imports *u)
{
    for (uint32_t i = 0; u->list && i < u->n; i++) {
        free(u->list[i].name);
        free(u->list[i].message);
    }
    free(u->list);
    memset(u, 0, sizeof *u);
}

/* The index of the import imp describes: the one whose strings are the
 * same bytes (wisp_import_desc points into the module). */
static bool import_index(unknown_imports *u, const wisp_import_desc *imp, uint32_t *index)
{
    for (uint32_t k = 0; k < u->nimports; k++) {
        const uint32_t i = (u->next + k) % u->nimports;
        wisp_import_desc d;
        if (wisp_module_import(u->m, i, &d) == WISP_OK && d.name == imp->name &&
            d.module == imp->module && d.kind == imp->kind) {
            *index = i;
            u->next = i + 1;
            return true;
        }
    }
    return false;
}

static bool same_func_type(const wisp_module *m, uint32_t index, const wisp_func *f,
                           char *host_type, size_t size)
{
    const uint8_t *p, *r, *hp, *hr;
    uint32_t np, nr, hnp, hnr;
    if (wisp_module_import_func_type(m, index, &p, &np, &r, &nr) != WISP_OK)
        return true;
    wisp_func_type(f, &hp, &hnp, &hr, &hnr);
    if (np == hnp && nr == hnr && !memcmp(p, hp, np) && !memcmp(r, hr, nr))
        return true;
    signature_format(hp, hnp, hr, hnr, host_type, size);
    return false;
}

wisp_err unknown_imports_resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out)
{
    unknown_imports *u = ctx;
    uint32_t index;
    wisp_err e = u->host ? u->host(u->host_ctx, imp, out) : WISP_ERR_NOT_FOUND;
    if (e == WISP_ERR_NOMEM || !import_index(u, imp, &index) || u->n >= u->nimports)
        return e;
    unknown_import *entry = &u->list[u->n];
    memset(entry, 0, sizeof *entry);
    entry->index = index;
    if (e == WISP_OK) { /* the host's: listed only when its type is not the module's */
        if (out->kind != WISP_EXTERN_FUNC || imp->kind != WISP_EXTERN_FUNC ||
            same_func_type(u->m, index, out->of.func, entry->host_type, sizeof entry->host_type))
            return WISP_OK;
        entry->wrong_type = true;
        u->n++;
        return WISP_OK; /* the core refuses it, naming it */
    }
    if (!(entry->name = import_name(imp)))
        return WISP_ERR_NOMEM;
    u->n++;
    if (u->mode == UNKNOWN_FAIL)
        return WISP_ERR_NOT_FOUND;
    return stand_in(u, entry, imp, out);
}

uint32_t unknown_imports_missing(const unknown_imports *u)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < u->n; i++)
        n += !u->list[i].stand_in;
    return n;
}

/* "  module.field: TYPE" (names escaped as backtraces show them) */
static void import_line(FILE *out, const unknown_imports *u, uint32_t index)
{
    wisp_import_desc d;
    char type[240];
    if (wisp_module_import(u->m, index, &d) != WISP_OK)
        return;
    import_type_text(u->m, index, type, sizeof type);
    bt_print_name(out, d.module, d.module_len);
    fputc('.', out);
    bt_print_name(out, d.name, d.name_len);
    fprintf(out, " (%s)", type);
}

void unknown_imports_report(FILE *out, const unknown_imports *u, const char *path,
                            const char *host_note)
{
    const uint32_t n = unknown_imports_missing(u);
    bool unknown = false;
    fprintf(out, "wisp: %s: %" PRIu32 " import%s cannot be provided:\n", path, n,
            n == 1 ? "" : "s");
    for (uint32_t i = 0; i < u->n; i++) {
        const unknown_import *e = &u->list[i];
        if (e->stand_in)
            continue;
        fputs("  ", out);
        import_line(out, u, e->index);
        if (e->wrong_type)
            fprintf(out, ", but the one provided is %s", e->host_type);
        else if (u->mode != UNKNOWN_FAIL)
            fputs(": no stand-in for a memory of this kind", out);
        unknown = unknown || !e->wrong_type;
        fputc('\n', out);
    }
    fprintf(out, "wisp: %s: %s", path, host_note);
    if (unknown && u->mode == UNKNOWN_FAIL)
        fputs("; --trap-unknown-imports (a call traps) or --default-values-unknown-imports (a "
              "call returns zeros) runs it anyway", out);
    fputc('\n', out);
}

void unknown_imports_notes(FILE *out, const unknown_imports *u, const char *path)
{
    for (uint32_t i = 0; i < u->n; i++) {
        const unknown_import *e = &u->list[i];
        wisp_import_desc d;
        if (!e->stand_in || wisp_module_import(u->m, e->index, &d) != WISP_OK ||
            d.kind == WISP_EXTERN_FUNC)
            continue;
        fprintf(out, "wisp: %s: ", path);
        import_line(out, u, e->index);
        fputs(d.kind == WISP_EXTERN_GLOBAL  ? " is not provided: it holds 0\n"
              : d.kind == WISP_EXTERN_TABLE ? " is not provided: a table of nulls stands in\n"
                                            : " is not provided: a zeroed memory stands in\n",
              out);
    }
}

int unknown_imports_option(const opt_parser *p, bool trap, unknown_mode *mode)
{
    const unknown_mode m = trap ? UNKNOWN_TRAP : UNKNOWN_DEFAULT;
    if (*mode && *mode != m)
        return opt_fail(p, "--trap-unknown-imports and --default-values-unknown-imports "
                           "exclude each other");
    *mode = m;
    return -1;
}

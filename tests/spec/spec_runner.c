/* spec_runner: run one official spec-test script against wisp.
 *
 *   wast2json --enable-all X.wast -o DIR/X.json
 *   spec_runner [-v] [-m MIB] [-s SLOTS] [-d DEPTH] DIR/X.json
 *   spec_runner --simd      prints 1 if the core was built with SIMD, else 0
 *
 * Every command of the script counts once as passed, failed or skipped.
 * Each failure prints "FAIL <wast>:<line> <what> : <why>"; the last line is
 * "<wast>: N passed, N failed, N skipped". The exit status is 0 whenever the
 * script could be run (failures are data for run_spec.py), 2 otherwise.
 *
 * This is a host program: libc and jansson are fine here; only the core
 * must stay heap-free. All modules of one script share one arena, the way
 * all modules of a script share one store in the reference interpreter.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "wisp.h"

#define MAX_VALUES 256 /* params/results per call; the suite needs < 20 */
/* Fuel given before each invoke. A runaway loop in a broken core then fails
 * on its own line instead of eating the driver's per-file timeout. */
#define INVOKE_FUEL INT64_C(4000000000)

static int verbose;
static bool simd; /* the core takes v128 (it was built with -Dsimd=true) */
#define NO_SIMD "SIMD disabled in this build (-Dsimd=false)"

/* A module as the script sees it: loaded+instantiated, or why not. */
typedef enum { MOD_OK, MOD_FAILED, MOD_UNSUPPORTED } mod_state;

typedef struct named {
    char *name; /* "$M" for modules, the "as" name for registrations */
    size_t len;
    wisp_instance *inst;
    mod_state state;
} named;

typedef struct spectest_export {
    const char *name;
    wisp_extern ext;
} spectest_export;

#define SPECTEST_MAX 16

typedef struct runner {
    wisp_arena arena;
    wisp_config config;
    uint32_t features; /* WISP_FEATURE_* for every module of the script (-f) */
    uint32_t code_cache; /* -c: each module translated lazily into a cache this size */
    const char *dir;  /* directory of the .json: the .wasm files are beside it */
    const char *wast; /* script name for messages */
    int line;         /* line of the current command */
    char what[160];   /* the current command, for messages */
    unsigned passed, failed, skipped;
    unsigned wrong_class; /* rejected modules with an unexpected error class */
    named cur;            /* the current (last defined) module */
    named *mods;          /* modules defined with a $name */
    size_t nmods;
    named *regs; /* instances registered for import */
    size_t nregs;
    void **bufs; /* module bytes: the core borrows them for the script's life */
    size_t nbufs;
    spectest_export spectest[SPECTEST_MAX];
    int nspectest;
} runner;

/* ---- reporting -------------------------------------------------------- */

static void fail(runner *r, const char *fmt, ...)
{
    va_list ap;
    printf("FAIL %s:%d %s : ", r->wast, r->line, r->what);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    r->failed++;
}

static void skip(runner *r, const char *why)
{
    if (verbose)
        printf("SKIP %s:%d %s : %s\n", r->wast, r->line, r->what, why);
    r->skipped++;
}

/* Export names may hold any UTF-8, even control bytes: quote for one line. */
static void quote(char *out, size_t cap, const char *s, size_t len)
{
    size_t o = 0;
    if (cap < 8)
        return;
    out[o++] = '"';
    for (size_t i = 0; i < len && o + 6 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
            o += (size_t)snprintf(out + o, cap - o, "\\%02x", c);
        else
            out[o++] = (char)c;
    }
    out[o++] = '"';
    out[o] = 0;
}

/* ---- JSON access: every field is checked, bad input never crashes ------ */

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void *xrealloc(void *p, size_t n)
{
    if (!(p = realloc(p, n ? n : 1))) {
        fprintf(stderr, "spec_runner: out of memory\n");
        exit(2);
    }
    return p;
}

static named *find_named(named *list, size_t n, const char *name, size_t len)
{
    for (size_t i = n; i-- > 0;) /* the latest definition wins */
        if (list[i].len == len && memcmp(list[i].name, name, len) == 0)
            return &list[i];
    return NULL;
}

static void add_named(named **list, size_t *n, const char *name, size_t len, const named *src)
{
    *list = xrealloc(*list, (*n + 1) * sizeof **list);
    named *e = &(*list)[(*n)++];
    *e = *src;
    e->name = xrealloc(NULL, len + 1);
    memcpy(e->name, name, len);
    e->name[len] = 0;
    e->len = len;
}

/* ---- values ----------------------------------------------------------- */

typedef enum { NAN_NONE, NAN_CANONICAL, NAN_ARITHMETIC } nan_kind;

typedef struct expect {
    wisp_type type;
    wisp_value v;
    nan_kind nan;
    bool any_ref; /* funcref N: only non-null can be checked */
    /* v128: the lane shape it was written in ("i8".."f64"), its lane
     * count, and per float lane a NaN pattern instead of bits */
    char lane_type[4];
    unsigned lanes;
    nan_kind lane_nan[4];
} expect;

static bool parse_type(const char *s, wisp_type *t)
{
    static const struct { const char *name; wisp_type t; } types[] = {
        {"i32", WISP_I32}, {"i64", WISP_I64}, {"f32", WISP_F32}, {"f64", WISP_F64},
        {"v128", WISP_V128}, {"funcref", WISP_FUNCREF}, {"externref", WISP_EXTERNREF},
    };
    for (size_t i = 0; s && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(s, types[i].name) == 0) {
            *t = types[i].t;
            return true;
        }
    return false;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (!s || !*s)
        return false;
    errno = 0;
    *out = strtoull(s, &end, 10); /* "-1" wraps, which is what we want */
    return errno == 0 && *end == 0;
}

/* {"type":"v128","lane_type":"i32","value":["1","2","3","4"]}: lanes in
 * decimal (negative ones wrap), f32/f64 lanes of results may be
 * "nan:canonical" or "nan:arithmetic". */
static bool parse_v128(json_t *j, expect *e, bool is_result, char *why, size_t cap)
{
    static const struct { const char *name; unsigned bytes; bool is_float; } shapes[] = {
        {"i8", 1, false}, {"i16", 2, false}, {"i32", 4, false}, {"i64", 8, false},
        {"f32", 4, true}, {"f64", 8, true},
    };
    const char *lt = jstr(j, "lane_type");
    json_t *vals = json_object_get(j, "value");
    size_t k = 0;
    while (lt && k < sizeof shapes / sizeof shapes[0] && strcmp(lt, shapes[k].name) != 0)
        k++;
    if (!lt || k == sizeof shapes / sizeof shapes[0]) {
        snprintf(why, cap, "bad v128 lane type %s", lt ? lt : "(none)");
        return false;
    }
    const unsigned bytes = shapes[k].bytes, n = 16 / bytes;
    if (!json_is_array(vals) || json_array_size(vals) != n) {
        snprintf(why, cap, "v128 %s value needs %u lanes", lt, n);
        return false;
    }
    snprintf(e->lane_type, sizeof e->lane_type, "%s", lt);
    e->lanes = n;
    uint8_t b[16];
    for (unsigned i = 0; i < n; i++) {
        json_t *lv = json_array_get(vals, i);
        const char *s = json_is_string(lv) ? json_string_value(lv) : NULL;
        uint64_t x = 0;
        if (s && shapes[k].is_float && is_result &&
            (strcmp(s, "nan:canonical") == 0 || strcmp(s, "nan:arithmetic") == 0)) {
            e->lane_nan[i] = s[4] == 'c' ? NAN_CANONICAL : NAN_ARITHMETIC;
            e->nan = NAN_ARITHMETIC; /* some lane is a pattern */
        } else if (!parse_u64(s, &x)) {
            snprintf(why, cap, "bad v128 %s lane %u: %s", lt, i, s ? s : "(not a string)");
            return false;
        }
        for (unsigned c = 0; c < bytes; c++)
            b[i * bytes + c] = (uint8_t)(x >> (8 * c));
    }
    memcpy(e->v.v128, b, 16);
    return true;
}

/* One {"type":..., "value":...}; on failure why[] says what is wrong. */
static bool parse_value(json_t *j, expect *e, bool is_result, char *why, size_t cap)
{
    const char *ts = jstr(j, "type"), *vs = jstr(j, "value");
    uint64_t n = 0;
    memset(e, 0, sizeof *e);
    if (!parse_type(ts, &e->type)) {
        snprintf(why, cap, "bad value type %s", ts ? ts : "(none)");
        return false;
    }
    if (e->type == WISP_V128)
        return parse_v128(j, e, is_result, why, cap);
    if (!vs) {
        snprintf(why, cap, "value missing");
        return false;
    }
    switch (e->type) {
    case WISP_FUNCREF:
    case WISP_EXTERNREF:
        if (strcmp(vs, "null") == 0)
            return true;
        if (!parse_u64(vs, &n) || n == UINT64_MAX)
            break;
        if (e->type == WISP_FUNCREF) {
            /* No way to name a function from the script; results only. */
            if (!is_result)
                break;
            e->any_ref = true;
        }
        e->v.ref = (uintptr_t)(n + 1); /* host word N+1 stands for ref N; 0 is null */
        return true;
    case WISP_F32:
    case WISP_F64:
        if (is_result && strcmp(vs, "nan:canonical") == 0) {
            e->nan = NAN_CANONICAL;
            return true;
        }
        if (is_result && strcmp(vs, "nan:arithmetic") == 0) {
            e->nan = NAN_ARITHMETIC;
            return true;
        }
        /* fall through */
    default:
        if (!parse_u64(vs, &n))
            break;
        if (e->type == WISP_I64 || e->type == WISP_F64)
            e->v.i64 = (int64_t)n;
        else if (n <= UINT32_MAX || vs[0] == '-')
            e->v.f32 = (uint32_t)n;
        else
            break;
        return true;
    }
    snprintf(why, cap, "bad %s value %s", ts, vs);
    return false;
}

static void show(char *out, size_t cap, wisp_type t, wisp_value v)
{
    switch (t) {
    case WISP_I32: snprintf(out, cap, "i32:%" PRIu32, (uint32_t)v.i32); break;
    case WISP_I64: snprintf(out, cap, "i64:%" PRIu64, (uint64_t)v.i64); break;
    case WISP_F32: snprintf(out, cap, "f32:0x%08" PRIx32, v.f32); break;
    case WISP_F64: snprintf(out, cap, "f64:0x%016" PRIx64, v.f64); break;
    case WISP_FUNCREF: snprintf(out, cap, "funcref:%s", v.ref ? "non-null" : "null"); break;
    case WISP_V128: /* as i32 lanes, lane 0 first */
        snprintf(out, cap, "v128:%08" PRIx32 " %08" PRIx32 " %08" PRIx32 " %08" PRIx32,
                 (uint32_t)v.v128[0], (uint32_t)(v.v128[0] >> 32), (uint32_t)v.v128[1],
                 (uint32_t)(v.v128[1] >> 32));
        break;
    case WISP_EXTERNREF: /* ref N travels as N+1 */
        snprintf(out, cap, v.ref ? "externref:%" PRIu64 : "externref:null", (uint64_t)v.ref - 1);
        break;
    default: snprintf(out, cap, "type 0x%02x", (unsigned)t); break;
    }
}

/* `quiet` is the exponent plus the quiet bit: a canonical NaN is exactly
 * that with any sign, an arithmetic NaN has at least those bits. */
static bool float_matches(nan_kind nan, uint64_t got, uint64_t want, uint64_t quiet,
                          uint64_t sign)
{
    if (nan == NAN_CANONICAL)
        return (got & ~sign) == quiet;
    if (nan == NAN_ARITHMETIC)
        return (got & quiet) == quiet;
    return got == want;
}

static bool matches(const expect *e, wisp_value v)
{
    switch (e->type) {
    case WISP_I32: return (uint32_t)v.i32 == (uint32_t)e->v.i32;
    case WISP_I64: return v.i64 == e->v.i64;
    case WISP_F32: return float_matches(e->nan, v.f32, e->v.f32, 0x7fc00000u, 0x80000000u);
    case WISP_F64:
        return float_matches(e->nan, v.f64, e->v.f64, UINT64_C(0x7ff8000000000000),
                             UINT64_C(0x8000000000000000));
    case WISP_FUNCREF:
    case WISP_EXTERNREF:
        return e->any_ref ? v.ref != 0 : v.ref == e->v.ref;
    case WISP_V128: {
        if (!e->nan)
            return v.v128[0] == e->v.v128[0] && v.v128[1] == e->v.v128[1];
        /* float lanes, some of them NaN patterns */
        uint8_t got[16], want[16];
        memcpy(got, v.v128, 16);
        memcpy(want, e->v.v128, 16);
        for (unsigned i = 0; i < e->lanes; i++) {
            if (e->lanes == 4) {
                uint32_t g, w;
                memcpy(&g, got + 4 * i, 4);
                memcpy(&w, want + 4 * i, 4);
                if (!float_matches(e->lane_nan[i], g, w, 0x7fc00000u, 0x80000000u))
                    return false;
            } else {
                uint64_t g, w;
                memcpy(&g, got + 8 * i, 8);
                memcpy(&w, want + 8 * i, 8);
                if (!float_matches(e->lane_nan[i], g, w, UINT64_C(0x7ff8000000000000),
                                   UINT64_C(0x8000000000000000)))
                    return false;
            }
        }
        return true;
    }
    default: return false;
    }
}

/* Does a command carry a v128 argument or result? Skipped without SIMD. */
static bool uses_v128(json_t *cmd)
{
    json_t *lists[2] = {json_object_get(json_object_get(cmd, "action"), "args"),
                        json_object_get(cmd, "expected")};
    for (int l = 0; l < 2; l++) {
        size_t i;
        json_t *v;
        json_array_foreach(lists[l], i, v) {
            const char *t = jstr(v, "type");
            if (t && strcmp(t, "v128") == 0)
                return true;
        }
    }
    return false;
}

/* ---- the spectest host module ------------------------------------------ */

typedef struct print_fn {
    const char *name;
    uint8_t params[2];
    uint32_t nparams;
} print_fn;

static const print_fn print_fns[] = {
    {"print", {0}, 0},
    {"print_i32", {WISP_I32}, 1},
    {"print_i64", {WISP_I64}, 1},
    {"print_f32", {WISP_F32}, 1},
    {"print_f64", {WISP_F64}, 1},
    {"print_i32_f32", {WISP_I32, WISP_F32}, 2},
    {"print_f64_f64", {WISP_F64, WISP_F64}, 2},
};

static wisp_err spectest_print(wisp_instance *caller, void *user, const wisp_value *args,
                               wisp_value *results)
{
    const print_fn *p = user;
    (void)caller;
    (void)results;
    if (!verbose)
        return WISP_OK;
    printf("spectest.%s(", p->name);
    for (uint32_t i = 0; i < p->nparams; i++) {
        char buf[48];
        show(buf, sizeof buf, (wisp_type)p->params[i], args[i]);
        printf("%s%s", i ? ", " : "", buf);
    }
    printf(")\n");
    return WISP_OK;
}

static void spectest_add(runner *r, const char *name, wisp_extern ext)
{
    r->spectest[r->nspectest].name = name;
    r->spectest[r->nspectest++].ext = ext;
}

static wisp_err spectest_init(runner *r)
{
    static const struct { const char *name; wisp_type t; wisp_value v; } globals[4] = {
        {"global_i32", WISP_I32, {.i32 = 666}},
        {"global_i64", WISP_I64, {.i64 = 666}},
        {"global_f32", WISP_F32, {.f32 = 0x4426a666}},                /* 666.6 */
        {"global_f64", WISP_F64, {.f64 = UINT64_C(0x4084d4cccccccccd)}}, /* 666.6 */
    };
    wisp_err rc;
    for (size_t i = 0; i < sizeof print_fns / sizeof print_fns[0]; i++) {
        wisp_func *f;
        rc = wisp_func_new_host(&r->arena, print_fns[i].params, print_fns[i].nparams, NULL, 0,
                                spectest_print, (void *)&print_fns[i], print_fns[i].name, &f);
        if (rc)
            return rc;
        spectest_add(r, print_fns[i].name, (wisp_extern){WISP_EXTERN_FUNC, {.func = f}});
    }
    for (int i = 0; i < 4; i++) {
        wisp_global *g;
        if ((rc = wisp_global_new(&r->arena, globals[i].t, false, globals[i].v, &g)))
            return rc;
        spectest_add(r, globals[i].name, (wisp_extern){WISP_EXTERN_GLOBAL, {.global = g}});
    }
    wisp_table *t;
    if ((rc = wisp_table_new(&r->arena, WISP_FUNCREF, 10, 20, true, &t)))
        return rc;
    spectest_add(r, "table", (wisp_extern){WISP_EXTERN_TABLE, {.table = t}});
    wisp_memory *m;
    if ((rc = wisp_memory_new(&r->arena, 1, 2, true, &m)))
        return rc;
    spectest_add(r, "memory", (wisp_extern){WISP_EXTERN_MEMORY, {.memory = m}});
    return WISP_OK;
}

/* Imports come from "spectest" or from registered instances. A kind
 * mismatch is "not found"; the core checks the types and limits. */
static wisp_err resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out)
{
    runner *r = ctx;
    if (imp->module_len == 8 && memcmp(imp->module, "spectest", 8) == 0) {
        for (int i = 0; i < r->nspectest; i++) {
            const spectest_export *e = &r->spectest[i];
            if (strlen(e->name) == imp->name_len && memcmp(e->name, imp->name, imp->name_len) == 0
                && e->ext.kind == imp->kind) {
                *out = e->ext;
                return WISP_OK;
            }
        }
        return WISP_ERR_NOT_FOUND;
    }
    named *reg = find_named(r->regs, r->nregs, imp->module, imp->module_len);
    if (!reg || !reg->inst)
        return WISP_ERR_NOT_FOUND;
    if (wisp_instance_export(reg->inst, imp->name, imp->name_len, out) != WISP_OK)
        return WISP_ERR_NOT_FOUND;
    return out->kind == imp->kind ? WISP_OK : WISP_ERR_NOT_FOUND;
}

/* ---- modules ------------------------------------------------------------ */

/* Reads cmd.filename and loads it into *m, the result in *rc. Returns false
 * (the command failed) if the file itself cannot be read. */
static bool load(runner *r, json_t *cmd, wisp_module **m, wisp_err *rc, const char **msg)
{
    const char *file = jstr(cmd, "filename");
    *m = NULL;
    *msg = "";
    if (!file) {
        fail(r, "no filename");
        return false;
    }
    size_t plen = strlen(r->dir) + strlen(file) + 2;
    char *path = xrealloc(NULL, plen);
    snprintf(path, plen, "%s/%s", r->dir, file);
    FILE *f = fopen(path, "rb");
    free(path);
    if (!f) {
        fail(r, "cannot open %s", file);
        return false;
    }
    size_t cap = 4096, len = 0, n;
    uint8_t *buf = xrealloc(NULL, cap);
    while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
        if ((len += n) == cap)
            buf = xrealloc(buf, cap *= 2);
    }
    fclose(f);
    r->bufs = xrealloc(r->bufs, (r->nbufs + 1) * sizeof *r->bufs);
    r->bufs[r->nbufs++] = buf;
    /* -c: a module whose largest function needs more gets a cache twice
     * as large, until it loads (its validation errors are the same) */
    for (uint32_t cache = r->code_cache;; cache *= 2) {
        const wisp_load_config lc = {r->features, cache, 0};
        *rc = wisp_module_load_config(&r->arena, buf, len, &lc, m);
        if (!cache || *rc != WISP_ERR_NOMEM || cache >= (64u << 20) ||
            !strstr(wisp_arena_error(&r->arena), "code cache of"))
            break;
    }
    if (*rc != WISP_OK)
        *msg = wisp_arena_error(&r->arena);
    return true;
}

/* Why an instantiation failed: the trap of the instance if it exists. */
static const char *create_error(runner *r, wisp_instance *inst, wisp_err rc)
{
    if (rc == WISP_ERR_TRAP && inst) {
        wisp_trap_info ti = {0};
        wisp_instance_trap(inst, &ti);
        if (ti.message)
            return ti.message;
    }
    return wisp_arena_error(&r->arena);
}

static void cmd_module(runner *r, json_t *cmd)
{
    const char *name = jstr(cmd, "name"), *msg;
    wisp_module *m;
    wisp_instance *inst = NULL;
    wisp_err rc;
    named mod = {0};
    mod.state = MOD_FAILED;
    if (!load(r, cmd, &m, &rc, &msg)) {
        /* already failed */
    } else if (rc == WISP_ERR_UNSUPPORTED) {
        mod.state = MOD_UNSUPPORTED;
        char why[200];
        snprintf(why, sizeof why, NO_SIMD ": %s", msg);
        skip(r, why);
    } else if (rc != WISP_OK) {
        fail(r, "load: %s: %s", wisp_err_str(rc), msg);
    } else if ((rc = wisp_instance_create(&r->arena, m, &r->config, resolve, r, &inst))) {
        fail(r, "instantiate: %s: %s", wisp_err_str(rc), create_error(r, inst, rc));
    } else {
        mod.inst = inst;
        mod.state = MOD_OK;
        r->passed++;
    }
    r->cur = mod;
    if (name)
        add_named(&r->mods, &r->nmods, name, strlen(name), &mod);
}

static void cmd_register(runner *r, json_t *cmd)
{
    const char *as = jstr(cmd, "as"), *name = jstr(cmd, "name");
    named *src = name ? find_named(r->mods, r->nmods, name, strlen(name)) : &r->cur;
    if (!as || !src) {
        fail(r, "bad register command or unknown module");
        return;
    }
    add_named(&r->regs, &r->nregs, as, strlen(as), src);
    if (src->state == MOD_OK)
        r->passed++;
    else if (src->state == MOD_UNSUPPORTED)
        skip(r, "module unsupported (" NO_SIMD ")");
    else
        fail(r, "the module failed to instantiate");
}

/* assert_invalid and assert_malformed: the binary must be rejected. */
static void cmd_reject(runner *r, json_t *cmd, wisp_err expected)
{
    const char *mt = jstr(cmd, "module_type"), *text = jstr(cmd, "text"), *msg;
    wisp_module *m;
    if (mt && strcmp(mt, "text") == 0) {
        skip(r, "text format");
        return;
    }
    wisp_err rc;
    if (!load(r, cmd, &m, &rc, &msg))
        return;
    if (rc == WISP_OK) {
        fail(r, "loaded, expected \"%s\"", text ? text : "");
    } else {
        if (rc != expected) {
            r->wrong_class++;
            if (verbose)
                printf("NOTE %s:%d %s : got %s (%s), expected %s \"%s\"\n", r->wast, r->line,
                       r->what, wisp_err_str(rc), msg, wisp_err_str(expected), text ? text : "");
        }
        r->passed++;
    }
}

static bool trap_text_ok(runner *r, const char *got, json_t *cmd)
{
    const char *text = jstr(cmd, "text");
    if (!text || (got && strncmp(got, text, strlen(text)) == 0))
        return true;
    fail(r, "trapped with \"%s\", expected \"%s\"", got ? got : "(no message)", text);
    return false;
}

static void cmd_unlinkable(runner *r, json_t *cmd, bool want_trap)
{
    const char *msg;
    wisp_module *m;
    wisp_instance *inst = NULL;
    wisp_err rc;
    if (!load(r, cmd, &m, &rc, &msg))
        return;
    if (rc == WISP_ERR_UNSUPPORTED) {
        skip(r, NO_SIMD);
        return;
    }
    if (rc != WISP_OK) {
        fail(r, "load: %s: %s", wisp_err_str(rc), msg);
        return;
    }
    rc = wisp_instance_create(&r->arena, m, &r->config, resolve, r, &inst);
    wisp_err want = want_trap ? WISP_ERR_TRAP : WISP_ERR_UNLINKABLE;
    if (rc != want) {
        fail(r, "instantiate returned %s (%s), expected %s", wisp_err_str(rc),
             rc ? create_error(r, inst, rc) : "", wisp_err_str(want));
        return;
    }
    if (!want_trap || trap_text_ok(r, create_error(r, inst, rc), cmd))
        r->passed++;
}

/* ---- actions ------------------------------------------------------------ */

typedef enum { ACT_OK, ACT_TRAP, ACT_SKIP, ACT_FAIL } act_result;

typedef struct call {
    wisp_value res[MAX_VALUES];
    const uint8_t *rtypes;
    uint32_t nres;
    const char *trap; /* for ACT_TRAP */
    char why[256];    /* for ACT_SKIP / ACT_FAIL */
} call;

static act_result say(call *c, act_result ar, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->why, sizeof c->why, fmt, ap);
    va_end(ap);
    return ar;
}

/* Finds the target module of an action, or says why not. */
static act_result target(runner *r, json_t *action, wisp_instance **inst, call *c)
{
    const char *name = jstr(action, "module");
    named *mod = name ? find_named(r->mods, r->nmods, name, strlen(name)) : &r->cur;
    if (!mod)
        return say(c, ACT_FAIL, "unknown module %s", name);
    if (mod->state == MOD_UNSUPPORTED)
        return say(c, ACT_SKIP, "module unsupported (" NO_SIMD ")");
    if (!mod->inst)
        return say(c, ACT_FAIL, "no module (it failed to load or instantiate)");
    *inst = mod->inst;
    return ACT_OK;
}

static act_result run_action(runner *r, json_t *action, call *c)
{
    const char *type = jstr(action, "type");
    json_t *field = json_object_get(action, "field");
    wisp_instance *inst = NULL;
    wisp_extern ext;
    act_result ar;
    c->nres = 0;
    c->trap = NULL;
    if (!type || !json_is_string(field))
        return say(c, ACT_FAIL, "bad action");
    if ((ar = target(r, action, &inst, c)) != ACT_OK)
        return ar;
    /* By length, not find_func: export names may hold NUL bytes. */
    if (wisp_instance_export(inst, json_string_value(field), (uint32_t)json_string_length(field),
                             &ext) != WISP_OK)
        return say(c, ACT_FAIL, "no export of that name");
    if (strcmp(type, "get") == 0) {
        static uint8_t gtype[1];
        if (ext.kind != WISP_EXTERN_GLOBAL)
            return say(c, ACT_FAIL, "export is not a global");
        gtype[0] = (uint8_t)wisp_global_type(ext.of.global);
        c->rtypes = gtype;
        c->nres = 1;
        if (wisp_global_get(ext.of.global, &c->res[0]) != WISP_OK)
            return say(c, ACT_FAIL, "wisp_global_get failed");
        return ACT_OK;
    }
    if (strcmp(type, "invoke") != 0)
        return say(c, ACT_FAIL, "unknown action %s", type);
    if (ext.kind != WISP_EXTERN_FUNC)
        return say(c, ACT_FAIL, "export is not a function");
    const uint8_t *ptypes;
    uint32_t np, nr;
    wisp_func_type(ext.of.func, &ptypes, &np, &c->rtypes, &nr);
    json_t *args = json_object_get(action, "args");
    if (np != json_array_size(args) || np > MAX_VALUES || nr > MAX_VALUES)
        return say(c, ACT_FAIL, "function takes %u params, script gives %u", np,
                   (unsigned)json_array_size(args));
    wisp_value argv[MAX_VALUES];
    for (uint32_t i = 0; i < np; i++) {
        expect e;
        if (!parse_value(json_array_get(args, i), &e, false, c->why, sizeof c->why))
            return ACT_FAIL;
        if (e.type != ptypes[i])
            return say(c, ACT_FAIL, "argument %u has the wrong type", i);
        argv[i] = e.v;
    }
    wisp_instance_set_fuel(inst, INVOKE_FUEL);
    wisp_err rc = wisp_func_call(inst, ext.of.func, argv, np, c->res, nr);
    if (rc == WISP_ERR_TRAP) {
        wisp_trap_info ti = {0};
        wisp_instance_trap(inst, &ti);
        c->trap = ti.message ? ti.message : "(no message)";
        if (ti.kind == WISP_TRAP_OUT_OF_FUEL)
            c->trap = "out of fuel (a runaway loop?)";
        return ACT_TRAP;
    }
    if (rc != WISP_OK)
        return say(c, ACT_FAIL, "call returned %s", wisp_err_str(rc));
    c->nres = nr;
    return ACT_OK;
}

/* An expected v128 as the script wrote it: "v128:i32x4 1 2 3 4". */
static void show_v128_lanes(char *out, size_t cap, const expect *e, json_t *j)
{
    json_t *vals = json_object_get(j, "value");
    size_t o = (size_t)snprintf(out, cap, "v128:%sx%u", e->lane_type, e->lanes);
    for (size_t i = 0; i < json_array_size(vals) && o < cap; i++) {
        const char *s = json_string_value(json_array_get(vals, i));
        o += (size_t)snprintf(out + o, cap - o, " %s", s ? s : "?");
    }
}

static void check_results(runner *r, json_t *cmd, call *c)
{
    json_t *exp = json_object_get(cmd, "expected");
    char why[256], got[64], want[256];
    if (json_array_size(exp) != c->nres) {
        fail(r, "%u results, expected %u", c->nres, (unsigned)json_array_size(exp));
        return;
    }
    for (uint32_t i = 0; i < c->nres; i++) {
        expect e;
        if (!parse_value(json_array_get(exp, i), &e, true, why, sizeof why)) {
            fail(r, "%s", why);
            return;
        }
        show(got, sizeof got, (wisp_type)c->rtypes[i], c->res[i]);
        if (e.type != c->rtypes[i] || !matches(&e, c->res[i])) {
            if (e.type == WISP_V128)
                show_v128_lanes(want, sizeof want, &e, json_array_get(exp, i));
            else if (e.nan)
                snprintf(want, sizeof want, "%s",
                         e.nan == NAN_CANONICAL ? "nan:canonical" : "nan:arithmetic");
            else
                show(want, sizeof want, e.type, e.v);
            fail(r, "result %u is %s, expected %s", i, got, want);
            return;
        }
    }
    r->passed++;
}

static void cmd_action(runner *r, json_t *cmd, const char *type)
{
    static call c; /* big; one at a time */
    act_result ar = run_action(r, json_object_get(cmd, "action"), &c);
    bool want_trap = strcmp(type, "assert_trap") == 0 || strcmp(type, "assert_exhaustion") == 0;
    if (ar == ACT_SKIP) {
        skip(r, c.why);
    } else if (ar == ACT_FAIL) {
        fail(r, "%s", c.why);
    } else if (want_trap) {
        if (ar != ACT_TRAP)
            fail(r, "returned, expected a trap \"%s\"", jstr(cmd, "text") ? jstr(cmd, "text") : "");
        else if (trap_text_ok(r, c.trap, cmd))
            r->passed++;
    } else if (ar == ACT_TRAP) {
        fail(r, "trapped: %s", c.trap);
    } else if (strcmp(type, "assert_return") == 0) {
        check_results(r, cmd, &c);
    } else {
        r->passed++; /* a bare action only has to not trap */
    }
}

/* ---- the script --------------------------------------------------------- */

static void describe(runner *r, json_t *cmd, const char *type)
{
    json_t *action = json_object_get(cmd, "action");
    json_t *field = json_object_get(action, "field");
    const char *file = jstr(cmd, "filename");
    char q[120];
    if (json_is_string(field)) {
        quote(q, sizeof q, json_string_value(field), json_string_length(field));
        const char *at = jstr(action, "type");
        snprintf(r->what, sizeof r->what, "%s %s %s", type, at ? at : "?", q);
    } else if (file) {
        snprintf(r->what, sizeof r->what, "%s %s", type, file);
    } else {
        snprintf(r->what, sizeof r->what, "%s", type);
    }
}

static void run_command(runner *r, json_t *cmd)
{
    const char *type = jstr(cmd, "type");
    json_t *line = json_object_get(cmd, "line");
    r->line = json_is_integer(line) ? (int)json_integer_value(line) : 0;
    if (!type) {
        snprintf(r->what, sizeof r->what, "?");
        fail(r, "command without a type");
        return;
    }
    describe(r, cmd, type);
    if (!simd && uses_v128(cmd)) {
        skip(r, NO_SIMD);
    } else if (strcmp(type, "module") == 0) {
        cmd_module(r, cmd);
    } else if (strcmp(type, "register") == 0) {
        cmd_register(r, cmd);
    } else if (strcmp(type, "assert_invalid") == 0) {
        cmd_reject(r, cmd, WISP_ERR_INVALID);
    } else if (strcmp(type, "assert_malformed") == 0) {
        cmd_reject(r, cmd, WISP_ERR_MALFORMED);
    } else if (strcmp(type, "assert_unlinkable") == 0) {
        cmd_unlinkable(r, cmd, false);
    } else if (strcmp(type, "assert_uninstantiable") == 0) {
        cmd_unlinkable(r, cmd, true);
    } else if (strcmp(type, "action") == 0 || strcmp(type, "assert_return") == 0
               || strcmp(type, "assert_trap") == 0 || strcmp(type, "assert_exhaustion") == 0) {
        cmd_action(r, cmd, type);
    } else {
        fail(r, "unknown command");
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: spec_runner [-v] [-m ARENA_MIB] [-s STACK_SLOTS] [-d CALL_DEPTH] "
                    "[-c CODE_CACHE_BYTES] FILE.json\n       spec_runner --simd\n");
    exit(2);
}

/* Does the core take v128? A module whose one type has a v128 parameter
 * loads, or is rejected as unsupported (-Dsimd=false). */
static bool core_has_simd(void)
{
    static const uint8_t mod[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                                  0x01, 0x05, 0x01, 0x60, 0x01, 0x7b, 0x00};
    static uint8_t mem[16 * 1024];
    wisp_arena a;
    wisp_module *m;
    return wisp_arena_init(&a, mem, sizeof mem) == WISP_OK &&
           wisp_module_load(&a, mod, sizeof mod, &m) == WISP_OK;
}

int main(int argc, char **argv)
{
    static runner r;
    size_t arena_mib = 1024;
    const char *path = NULL;
    /* The whole suite passes with 1024 stack slots; 16x that is generous.
     * Each instance gets its own zeroed stack, so the core's default (64K
     * slots, 512 KiB) would cost const.wast's 400 modules 200 MiB of RSS.
     * The call depth stays the core's default (1024): assert_exhaustion
     * only needs some limit, and no test recurses deeper. */
    r.config.value_stack_slots = 16384;
    r.config.call_depth = 0;
    simd = core_has_simd();
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--simd") == 0) {
            printf("%d\n", simd);
            return 0;
        } else if (strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else if (i + 1 < argc && strcmp(argv[i], "-m") == 0)
            arena_mib = strtoul(argv[++i], NULL, 0);
        else if (i + 1 < argc && strcmp(argv[i], "-s") == 0)
            r.config.value_stack_slots = (uint32_t)strtoul(argv[++i], NULL, 0);
        else if (i + 1 < argc && strcmp(argv[i], "-f") == 0)
            r.features = (uint32_t)strtoul(argv[++i], NULL, 0);
        else if (i + 1 < argc && strcmp(argv[i], "-c") == 0)
            r.code_cache = (uint32_t)strtoul(argv[++i], NULL, 0);
        else if (i + 1 < argc && strcmp(argv[i], "-d") == 0)
            r.config.call_depth = (uint32_t)strtoul(argv[++i], NULL, 0);
        else if (argv[i][0] == '-' || path)
            usage();
        else
            path = argv[i];
    }
    if (!path || !arena_mib)
        usage();
    setvbuf(stdout, NULL, _IOLBF, 0); /* keep what was printed if we crash */

    json_error_t jerr;
    json_t *root = json_load_file(path, JSON_ALLOW_NUL, &jerr);
    json_t *cmds = json_object_get(root, "commands");
    if (!root || !json_is_array(cmds)) {
        fprintf(stderr, "spec_runner: %s:%d: %s\n", path, root ? 0 : jerr.line,
                root ? "no \"commands\" array" : jerr.text);
        json_decref(root);
        return 2;
    }

    /* Name messages after the .wast, as the expected-failures list does. */
    const char *src = jstr(root, "source_filename");
    char *dir = strcpy(xrealloc(NULL, strlen(path) + 1), path), *slash;
    r.wast = !src ? path : strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
    if ((slash = strrchr(dir, '/')))
        *slash = 0;
    r.dir = slash ? dir : ".";

    /* One big arena for the whole script. The pages are only touched when
     * used, so 1 GiB costs what the script really needs. */
    size_t size = arena_mib << 20;
    void *mem = malloc(size);
    wisp_err rc;
    if (!mem || (rc = wisp_arena_init(&r.arena, mem, size)) != WISP_OK) {
        fprintf(stderr, "spec_runner: cannot set up a %zu MiB arena\n", arena_mib);
        return 2;
    }
    if ((rc = spectest_init(&r)) != WISP_OK) {
        fprintf(stderr, "spec_runner: cannot build the spectest module: %s: %s\n",
                wisp_err_str(rc), wisp_arena_error(&r.arena));
        return 2;
    }

    size_t i;
    json_t *cmd;
    json_array_foreach(cmds, i, cmd)
        run_command(&r, cmd);

    if (verbose)
        printf("%s: %u rejected modules with an unexpected error class; arena peak %zu KiB\n",
               r.wast, r.wrong_class, r.arena.peak >> 10);
    printf("%s: %u passed, %u failed, %u skipped\n", r.wast, r.passed, r.failed, r.skipped);

    /* Free it all, so leak checkers stay quiet when the build uses them. */
    for (i = 0; i < r.nbufs; i++)
        free(r.bufs[i]);
    for (i = 0; i < r.nmods; i++)
        free(r.mods[i].name);
    for (i = 0; i < r.nregs; i++)
        free(r.regs[i].name);
    free(r.bufs);
    free(r.mods);
    free(r.regs);
    free(dir);
    free(mem);
    json_decref(root);
    return 0;
}

/* See harness.h. */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HARNESS_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HARNESS_ASAN 1
#endif
#ifdef HARNESS_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define CANARY 0xa5

_Noreturn void harness_fail(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "harness: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    abort();
}

uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n--)
        h = (h ^ *b++) * UINT64_C(0x100000001b3);
    return h;
}

/* ---- guarded arenas ---- */

/* Under ASan everything outside the current arena stays poisoned; moving
 * the arena's low end (un)poisons only the difference, so an attempt costs
 * in proportion to its arena, not to the capacity. The canary covers
 * GUARD_BYTES on each side (for builds without ASan). */
void guarded_init(guarded *g, size_t cap)
{
    cap = (cap + 7) & ~(size_t)7;
    g->cap = cap;
    g->raw = aligned_alloc(16, (GUARD_BYTES + cap + GUARD_BYTES + 15) & ~(size_t)15);
    if (!g->raw)
        harness_fail("out of host memory for a %zu-byte arena", cap);
    g->lo = g->hi = g->raw + GUARD_BYTES + cap; /* an empty arena at the top */
    POISON(g->raw, GUARD_BYTES + cap + GUARD_BYTES);
}

void guarded_free(guarded *g)
{
    if (g->raw)
        UNPOISON(g->raw, GUARD_BYTES + g->cap + GUARD_BYTES);
    free(g->raw);
    g->raw = NULL;
}

static uint8_t *canary_lo(const guarded *g)
{
    return g->lo - g->raw > GUARD_BYTES ? g->lo - GUARD_BYTES : g->raw;
}

static uint8_t *end_of(const guarded *g) { return g->raw + GUARD_BYTES + g->cap + GUARD_BYTES; }

static void fill_canary(uint8_t *p, uint8_t *end)
{
    UNPOISON(p, (size_t)(end - p));
    memset(p, CANARY, (size_t)(end - p));
    POISON(p, (size_t)(end - p));
}

void guarded_arena(guarded *g, size_t size, wisp_arena *arena)
{
    if (size > g->cap)
        harness_fail("arena of %zu bytes exceeds the guarded capacity %zu", size, g->cap);
    uint8_t *top = g->raw + GUARD_BYTES + g->cap; /* 8-aligned */
    wisp_arena_init(arena, top - size, size);
    /* exactly what wisp_arena_init kept: base rounded up, size down to 8 */
    uint8_t *lo = arena->base, *hi = arena->base + arena->size;
    if (lo < g->lo)
        UNPOISON(lo, (size_t)(g->lo - lo));
    else
        POISON(g->lo, (size_t)(lo - g->lo));
    if (hi > g->hi)
        UNPOISON(g->hi, (size_t)(hi - g->hi));
    else
        POISON(hi, (size_t)(g->hi - hi));
    g->lo = lo;
    g->hi = hi;
    fill_canary(canary_lo(g), g->lo);
    fill_canary(g->hi, end_of(g));
}

static bool all_canary(const uint8_t *p, const uint8_t *end)
{
    UNPOISON(p, (size_t)(end - p));
    bool ok = true;
    for (const uint8_t *q = p; q < end; q++)
        ok &= *q == CANARY;
    POISON(p, (size_t)(end - p));
    return ok;
}

bool guarded_intact(const guarded *g)
{
    return all_canary(canary_lo(g), g->lo) && all_canary(g->hi, end_of(g));
}

/* Measure what the object needs in a throwaway arena, then build it in an
 * arena of exactly that size: its data is then the last thing before the
 * top guard. */
wisp_memory *exact_memory(guarded *g, wisp_arena *a, uint32_t pages, uint32_t max, bool has_max)
{
    wisp_memory *m;
    guarded_arena(g, g->cap, a);
    if (wisp_memory_new(a, pages, max, has_max, &m) != WISP_OK)
        return NULL;
    size_t need = a->used;
    guarded_arena(g, need, a);
    if (wisp_memory_new(a, pages, max, has_max, &m) != WISP_OK)
        harness_fail("memory of %u pages does not fit the %zu bytes it needed", pages, need);
    if (pages && wisp_memory_data(m) + wisp_memory_size(m) != g->hi)
        harness_fail("the memory's data is not last in its arena");
    return m;
}

wisp_table *exact_table(guarded *g, wisp_arena *a, wisp_type elem, uint32_t size, uint32_t max,
                        bool has_max)
{
    wisp_table *t;
    guarded_arena(g, g->cap, a);
    if (wisp_table_new(a, elem, size, max, has_max, &t) != WISP_OK)
        return NULL;
    size_t need = a->used;
    guarded_arena(g, need, a);
    if (wisp_table_new(a, elem, size, max, has_max, &t) != WISP_OK)
        harness_fail("table of %u does not fit the %zu bytes it needed", size, need);
    return t;
}

/* ---- dummy imports ---- */

typedef struct host_user {
    dummy_env *env;
    uint32_t import;
} host_user;

void dummy_env_init(dummy_env *env, wisp_arena *arena, const wisp_module *mod, guarded *mem_g,
                    guarded *tab_g)
{
    memset(env, 0, sizeof *env);
    env->arena = arena;
    env->mod = mod;
    env->mem_g = mem_g;
    env->tab_g = tab_g;
    /* one user record per import, at a stable address for the host function */
    host_user *u = calloc(wisp_module_import_count(mod) + 1, sizeof *u);
    if (!u)
        harness_fail("out of host memory");
    env->users = u;
}

void dummy_env_free(dummy_env *env)
{
    free(env->users);
    env->users = NULL;
}

bool dummy_env_intact(const dummy_env *env)
{
    return (!env->memory || guarded_intact(env->mem_g)) &&
           (!env->table || guarded_intact(env->tab_g));
}

static wisp_value edge_value(uint8_t type, uint32_t k);
static void check_outcome(wisp_instance *inst, wisp_err e);

#define CHAOS_DEPTH 3

static uint32_t chaos_next(dummy_env *env)
{
    /* xorshift64*: cheap, and the same input replays the same chaos */
    uint64_t x = env->chaos;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    env->chaos = x;
    return (uint32_t)((x * UINT64_C(0x2545f4914f6cdd1d)) >> 32);
}

/* The first export of `kind` from export `from` on (wrapping). */
static bool chaos_export(wisp_instance *inst, wisp_extern_kind want, uint32_t from, wisp_extern *ext)
{
    const wisp_module *m = wisp_instance_module(inst);
    uint32_t n = wisp_module_export_count(m);
    for (uint32_t k = 0; k < n; k++) {
        const char *name;
        uint32_t len;
        wisp_extern_kind kind;
        if (wisp_module_export(m, (k + from) % n, &name, &len, &kind) == WISP_OK &&
            kind == want && wisp_instance_export(inst, name, len, ext) == WISP_OK)
            return true;
    }
    return false;
}

/* Grow one of the caller's memories or exported tables. */
static void chaos_grow(dummy_env *env, wisp_instance *inst, uint32_t r)
{
    uint32_t old;
    wisp_global *g;
    wisp_value zero = {0};
    /* something after the memory: it moves to grow, and under ASan its
     * old bytes are poisoned (arena.c), so a stale base is reported */
    wisp_global_new(env->arena, WISP_I32, false, zero, &g);
    if (r & 1) {
        uint32_t n = wisp_instance_memory_count(inst);
        wisp_memory *mem;
        if (n && wisp_instance_memory(inst, (r >> 1) % n, &mem) == WISP_OK &&
            wisp_memory_grow(mem, (r >> 8) % 3, &old) == WISP_OK)
            env->grows++;
        return;
    }
    wisp_extern ext;
    if (chaos_export(inst, WISP_EXTERN_TABLE, r >> 1, &ext) &&
        wisp_table_grow(ext.of.table, (r >> 8) % 5, 0, &old) == WISP_OK)
        env->grows++;
}

/* Call one of the caller's exports from inside its host call. */
static void chaos_reenter(dummy_env *env, wisp_instance *inst, uint32_t r)
{
    wisp_extern ext;
    if (!chaos_export(inst, WISP_EXTERN_FUNC, r, &ext))
        return;
    const uint8_t *pt, *rt;
    uint32_t np, nr;
    wisp_func_type(ext.of.func, &pt, &np, &rt, &nr);
    wisp_value *a = calloc(np + 1, sizeof *a), *res = calloc(nr + 1, sizeof *res);
    if (!a || !res)
        harness_fail("out of host memory");
    for (uint32_t i = 0; i < np; i++)
        a[i] = edge_value(pt[i], r + i);
    /* a little fuel of its own; the outer call's comes back after */
    int64_t fuel = wisp_instance_fuel(inst);
    wisp_instance_set_fuel(inst, 500 + r % 2000);
    env->chaos_depth++;
    wisp_err e = wisp_func_call(inst, ext.of.func, a, np, res, nr);
    env->chaos_depth--;
    env->reentries++;
    check_outcome(inst, e);
    wisp_instance_set_fuel(inst, fuel);
    free(a);
    free(res);
}

static wisp_err dummy_host(wisp_instance *caller, void *user, const wisp_value *args,
                           wisp_value *results)
{
    const host_user *u = user;
    const uint8_t *p, *r;
    uint32_t np, nr;
    if (wisp_module_import_func_type(u->env->mod, u->import, &p, &np, &r, &nr) != WISP_OK)
        harness_fail("host function without a type");
    u->env->host_calls++;
    if (u->env->log) {
        wisp_import_desc d;
        wisp_module_import(u->env->mod, u->import, &d);
        u->env->log(u->env, &d, p, np, args);
    }
    for (uint32_t i = 0; i < nr; i++)
        memset(&results[i], 0, sizeof results[i]); /* zero of any type, null of references */
    dummy_env *env = u->env;
    if (env->chaos) {
        uint32_t r = chaos_next(env);
        /* a quarter grow, a quarter re-enter, one in 128 traps */
        if (r % 128 < 32)
            chaos_grow(env, caller, r >> 7);
        else if (r % 128 < 64 && env->chaos_depth < CHAOS_DEPTH)
            chaos_reenter(env, caller, r >> 7);
        else if (r % 128 == 64)
            return wisp_host_trap(caller, "chaos");
    }
    return WISP_OK;
}

static bool named(const wisp_import_desc *imp, const char *s)
{
    return imp->name_len == strlen(s) && !memcmp(imp->name, s, imp->name_len);
}

wisp_err dummy_resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out)
{
    dummy_env *env = ctx;
    const wisp_module *m = env->mod;
    out->kind = imp->kind;
    switch (imp->kind) {
    case WISP_EXTERN_FUNC: {
        /* the descriptor's strings point into the module: find its index */
        uint32_t n = wisp_module_import_count(m), i;
        wisp_import_desc d;
        for (i = 0; i < n; i++)
            if (wisp_module_import(m, i, &d) == WISP_OK && d.name == imp->name &&
                d.module == imp->module)
                break;
        const uint8_t *p, *r;
        uint32_t np, nr;
        if (i == n || wisp_module_import_func_type(m, i, &p, &np, &r, &nr) != WISP_OK)
            harness_fail("resolver asked for an import the module does not list");
        host_user *u = &((host_user *)env->users)[i];
        u->env = env;
        u->import = i;
        wisp_err e = wisp_func_new_host(env->arena, p, np, r, nr, dummy_host, u, "dummy",
                                        &out->of.func);
        env->resolve_nomem |= e == WISP_ERR_NOMEM;
        return e;
    }
    case WISP_EXTERN_MEMORY:
        if (!env->mem_g)
            return WISP_ERR_NOT_FOUND;
        if (!env->memory)
            env->memory = exact_memory(env->mem_g, &env->mem_a, 1, 2, true);
        out->of.memory = env->memory;
        return env->memory ? WISP_OK : WISP_ERR_NOT_FOUND;
    case WISP_EXTERN_TABLE:
        if (!env->tab_g)
            return WISP_ERR_NOT_FOUND;
        if (!env->table)
            env->table = exact_table(env->tab_g, &env->tab_a, WISP_FUNCREF, 10, 20, true);
        out->of.table = env->table;
        return env->table ? WISP_OK : WISP_ERR_NOT_FOUND;
    case WISP_EXTERN_GLOBAL: {
        wisp_type t = WISP_I32;
        wisp_value v = {.i64 = 0};
        if (named(imp, "global_i32")) {
            v.i32 = 666;
        } else if (named(imp, "global_i64")) {
            t = WISP_I64;
            v.i64 = 666;
        } else if (named(imp, "global_f32")) {
            t = WISP_F32;
            v.f32 = 0x44268000; /* 666.0f */
        } else if (named(imp, "global_f64")) {
            t = WISP_F64;
            v.f64 = UINT64_C(0x4084d00000000000); /* 666.0 */
        }
        wisp_err e = wisp_global_new(env->arena, t, false, v, &out->of.global);
        env->resolve_nomem |= e == WISP_ERR_NOMEM;
        return e;
    }
    }
    return WISP_ERR_NOT_FOUND;
}

/* ---- running exports ---- */

/* Edge values for arguments, by type. */
static wisp_value edge_value(uint8_t type, uint32_t k)
{
    static const uint32_t i32s[] = {0, 1, 0xffffffffu, 0x80000000u, 0x7fffffffu, 65535, 65536,
                                    0xfffffffcu, 7, 100};
    static const uint64_t i64s[] = {0, 1, UINT64_MAX, UINT64_C(0x8000000000000000),
                                    UINT64_C(0x7fffffffffffffff), 65536, 0xffffffffu, 3, 1000};
    static const uint32_t f32s[] = {0, 0x80000000u, 0x3fc00000u /* 1.5 */, 0x7fc00000u,
                                    0x7f800000u, 0xff800000u, 0x7149f2cau, 0x00000001u,
                                    0x4f000000u /* 2^31 */};
    static const uint64_t f64s[] = {0, UINT64_C(0x8000000000000000),
                                    UINT64_C(0x3ff8000000000000), UINT64_C(0x7ff8000000000000),
                                    UINT64_C(0x7ff0000000000000), UINT64_C(0xfff0000000000000),
                                    UINT64_C(0x41e0000000000000), 1};
    wisp_value v;
    memset(&v, 0, sizeof v); /* v128 too: all lanes zero */
#define PICK(a) a[k % (sizeof a / sizeof a[0])]
    switch (type) {
    case WISP_I32: v.i32 = (int32_t)PICK(i32s); break;
    case WISP_I64: v.i64 = (int64_t)PICK(i64s); break;
    case WISP_F32: v.f32 = PICK(f32s); break;
    case WISP_F64: v.f64 = PICK(f64s); break;
    case WISP_EXTERNREF: v.ref = (uintptr_t)(k % 3) * 0x1234; break; /* opaque words */
    default: break; /* funcref: null */
    }
#undef PICK
    return v;
}

/* After a trap every frame, local and operand entry must be readable, and
 * one past the end must be refused, not read. */
#define BT_STACK 32
static void walk_backtrace(wisp_instance *inst)
{
    uint32_t n = wisp_backtrace_count(inst);
    size_t mlen;
    const wisp_module *own = wisp_instance_module(inst);
    wisp_module_bytes(own, &mlen);
    for (uint32_t f = 0; f <= n; f++) {
        wisp_frame_info fi;
        wisp_err e = wisp_backtrace_frame(inst, f, &fi);
        if (f == n) {
            if (e == WISP_OK)
                harness_fail("backtrace frame %u of %u readable", f, n);
            break;
        }
        if (e != WISP_OK)
            harness_fail("backtrace frame %u of %u: %s", f, n, wisp_err_str(e));
        if (fi.module) {
            size_t len;
            wisp_module_bytes(fi.module, &len);
            if (fi.module_offset > len)
                harness_fail("frame %u offset 0x%x beyond the module (%zu bytes)", f,
                             fi.module_offset, len);
        }
        uint32_t nl = fi.nlocals < 300 ? fi.nlocals : 300;
        wisp_type t;
        wisp_value v;
        for (uint32_t i = 0; i < nl; i++)
            if (wisp_backtrace_local(inst, f, i, &t, &v) != WISP_OK)
                harness_fail("frame %u local %u of %u unreadable", f, i, fi.nlocals);
        /* only the topmost BT_STACK operand entries are kept (the core's
         * WISP_BT_STACK; wisp.h does not say so): those must be readable,
         * the ones below may answer NOT_FOUND */
        uint32_t kept_from = fi.nstack > BT_STACK ? fi.nstack - BT_STACK : 0;
        for (uint32_t i = fi.nstack > 300 ? fi.nstack - 300 : 0; i < fi.nstack; i++) {
            wisp_err e = wisp_backtrace_stack(inst, f, i, &t, &v);
            if (e != WISP_OK && (i >= kept_from || e != WISP_ERR_NOT_FOUND))
                harness_fail("frame %u stack %u of %u unreadable (%s)", f, i, fi.nstack,
                             wisp_err_str(e));
        }
        if (wisp_backtrace_local(inst, f, fi.nlocals, &t, &v) == WISP_OK)
            harness_fail("frame %u local past the end readable", f);
        if (wisp_backtrace_stack(inst, f, fi.nstack, &t, &v) == WISP_OK)
            harness_fail("frame %u stack past the end readable", f);
    }
    (void)mlen;
}

static void note(run_stats *st, const void *p, size_t n) { st->digest = fnv1a(st->digest, p, n); }

/* A call ends in results or a trap with a kind and a message. */
static void check_outcome(wisp_instance *inst, wisp_err e)
{
    if (e == WISP_OK)
        return;
    if (e != WISP_ERR_TRAP)
        harness_fail("call returned %s, not a result or a trap", wisp_err_str(e));
    wisp_trap_info t;
    wisp_instance_trap(inst, &t);
    if (t.kind == WISP_TRAP_NONE || !t.message)
        harness_fail("WISP_ERR_TRAP without a trap kind");
}

static void outcome(wisp_instance *inst, wisp_err e, const wisp_value *res, uint32_t nres,
                    const uint8_t *rtypes, run_stats *st)
{
    note(st, &e, sizeof e);
    if (e == WISP_OK) {
        st->ok++;
        for (uint32_t i = 0; i < nres; i++) {
            /* references are addresses in this arena: only null-ness is stable */
            uint64_t bits = rtypes[i] == WISP_FUNCREF || rtypes[i] == WISP_EXTERNREF
                                ? res[i].ref != 0
                                : (uint64_t)res[i].i64;
            if (rtypes[i] == WISP_I32 || rtypes[i] == WISP_F32)
                bits &= 0xffffffffu;
            note(st, &bits, sizeof bits);
        }
        return;
    }
    check_outcome(inst, e);
    wisp_trap_info t;
    wisp_instance_trap(inst, &t);
    st->traps++;
    note(st, &t.kind, sizeof t.kind);
}

void run_exports(wisp_instance *inst, const run_opts *o, run_stats *st)
{
    const wisp_module *m = wisp_instance_module(inst);
    uint32_t n = wisp_module_export_count(m), done = 0;
    for (uint32_t x = 0; x < n; x++) {
        const char *name;
        uint32_t len;
        wisp_extern_kind kind;
        wisp_extern ext;
        if (wisp_module_export(m, x, &name, &len, &kind) != WISP_OK)
            harness_fail("export %u of %u unreadable", x, n);
        if (kind != WISP_EXTERN_FUNC)
            continue;
        if (o->max_exports && done++ == o->max_exports)
            break;
        if (wisp_instance_export(inst, name, len, &ext) != WISP_OK || ext.kind != kind)
            harness_fail("export %u not found by its own name", x);
        const uint8_t *pt, *rt;
        uint32_t np, nr;
        wisp_func_type(ext.of.func, &pt, &np, &rt, &nr);
        wisp_value *args = calloc(np + 1, sizeof *args), *res = calloc(nr + 1, sizeof *res);
        if (!args || !res)
            harness_fail("out of host memory");
        for (uint32_t i = 0; i < np; i++)
            args[i] = o->arg_seed ? edge_value(pt[i], o->arg_seed * 31 + x * 7 + i) : edge_value(0, 0);
        wisp_instance_set_fuel(inst, o->fuel);
        wisp_err e = wisp_func_call(inst, ext.of.func, args, np, res, nr);
        st->calls++;
        wisp_trap_info t;
        wisp_instance_trap(inst, &t);
        if (e == WISP_ERR_TRAP && t.kind == WISP_TRAP_OUT_OF_FUEL) {
            st->out_of_fuel++;
            if (wisp_instance_fuel(inst) != 0)
                harness_fail("out of fuel with %lld fuel left", (long long)wisp_instance_fuel(inst));
            if (o->resume) {
                if (o->backtrace)
                    walk_backtrace(inst);
                wisp_instance_set_fuel(inst, o->fuel / 4 + 1);
                e = wisp_instance_resume(inst, res, nr);
                wisp_instance_trap(inst, &t);
                if (e == WISP_ERR_TRAP && t.kind == WISP_TRAP_OUT_OF_FUEL)
                    st->out_of_fuel++;
            }
        }
        outcome(inst, e, res, nr, rt, st);
        if (e == WISP_ERR_TRAP && o->backtrace)
            walk_backtrace(inst);
        if (e == WISP_ERR_TRAP && o->on_trap)
            o->on_trap(inst);
        free(args);
        free(res);
    }
}

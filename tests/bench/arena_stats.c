/* arena_stats: what one module costs wisp in memory and load time.
 *
 *   arena_stats [--load-reps N] [--no-run] [--invoke NAME] FILE.wasm
 *
 * A host program on the core's public API only (the CLI in tools/ is left
 * alone). It loads FILE.wasm N times (best wall time of wisp_module_load, in
 * a fresh arena each time), instantiates it with every function import bound
 * to a stub that traps if called (the benchmark guests' `run` export needs no
 * imports), calls the export (default `run`, no arguments) and prints
 * key=value lines:
 *
 *   bytes           size of the module
 *   load_ns         best wisp_module_load time over the repetitions
 *   load_used       arena.used after loading (the translated module)
 *   load_peak       arena.peak after loading (includes the load scratch)
 *   inst_used       arena.used after wisp_instance_create (adds the instance,
 *                   its value stack and frames at the default wisp_config,
 *                   tables, globals and linear memory)
 *   memory_bytes    linear memory size after instantiation
 *   run_used        arena.used after the call (memory.grow shows here)
 *   peak            arena.peak at the end
 *   run_ns          wall time of the call (host clock)
 *   result          the call's first result, as an unsigned 32-bit number
 *   stack_load, stack_inst, stack_run
 *                   peak C stack of wisp_module_load, wisp_instance_create
 *                   and wisp_func_call, in bytes
 *
 * Stack measurement: before each phase a noinline function fills a 1 MiB
 * local array with a pattern (0xA5) and returns; the phase is then called
 * from the same frame, so its stack grows down over the painted bytes. After
 * it returns, the lowest byte that no longer holds the pattern marks the
 * high-water; the depth is counted from the top of the painted array (the
 * caller's stack pointer, give or take the painter's return address and saved
 * registers, tens of bytes). A byte the callee wrote with the pattern value
 * itself would read as untouched; at the very deepest byte that can
 * understate by a few bytes. This is the host (x86-64) build; bench.py
 * reports the Cortex-M static bound from gcc's -fcallgraph-info separately.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wisp.h"

#define ARENA_BYTES ((size_t)512 << 20)
#define PAINT_BYTES ((size_t)1 << 20)
#define PAINT 0xA5

#define NOINLINE __attribute__((noinline))

static uint8_t *arena_mem;

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Returns the lowest address of the painted region. */
static NOINLINE uintptr_t paint_stack(void)
{
    volatile uint8_t buf[PAINT_BYTES];
    for (size_t i = 0; i < PAINT_BYTES; i++) buf[i] = PAINT;
    return (uintptr_t)buf;
}

/* Bytes of the painted region that were overwritten, from the top. */
static NOINLINE size_t stack_depth(uintptr_t lo)
{
    const volatile uint8_t *p = (const volatile uint8_t *)lo;
    size_t i = 0;
    while (i < PAINT_BYTES && p[i] == PAINT) i++;
    return PAINT_BYTES - i;
}

static wisp_err stub(wisp_instance *caller, void *user, const wisp_value *args,
                     wisp_value *results)
{
    (void)user, (void)args, (void)results;
    return wisp_host_trap(caller, "arena_stats: a stubbed import was called");
}

typedef struct {
    wisp_arena *arena;
    const wisp_module *m;
} resolve_ctx;

static wisp_err resolve(void *vctx, const wisp_import_desc *imp, wisp_extern *out)
{
    resolve_ctx *ctx = vctx;
    if (imp->kind != WISP_EXTERN_FUNC) return WISP_ERR_NOT_FOUND;
    uint32_t n = wisp_module_import_count(ctx->m);
    for (uint32_t i = 0; i < n; i++) {
        wisp_import_desc d;
        if (wisp_module_import(ctx->m, i, &d) != WISP_OK || d.kind != WISP_EXTERN_FUNC) continue;
        if (d.module_len != imp->module_len || d.name_len != imp->name_len ||
            memcmp(d.module, imp->module, d.module_len) || memcmp(d.name, imp->name, d.name_len))
            continue;
        const uint8_t *p, *r;
        uint32_t np, nr;
        wisp_err e = wisp_module_import_func_type(ctx->m, i, &p, &np, &r, &nr);
        if (e != WISP_OK) return e;
        out->kind = WISP_EXTERN_FUNC;
        return wisp_func_new_host(ctx->arena, p, np, r, nr, stub, NULL, "stub", &out->of.func);
    }
    return WISP_ERR_NOT_FOUND;
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(n > 0 ? (size_t)n : 1);
    if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(b);
        return NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* Each phase is its own noinline function called right after paint_stack
 * from the same frame (main's), so it runs over the painted bytes. */
static NOINLINE wisp_err do_load(wisp_arena *a, const uint8_t *b, size_t n, wisp_module **m)
{
    return wisp_module_load(a, b, n, m);
}

static NOINLINE wisp_err do_create(wisp_arena *a, const wisp_module *m, resolve_ctx *rc,
                                   wisp_instance **inst)
{
    return wisp_instance_create(a, m, NULL, resolve, rc, inst);
}

static NOINLINE wisp_err do_call(wisp_instance *inst, wisp_func *f, wisp_value *res,
                                 uint32_t nres)
{
    return wisp_func_call(inst, f, NULL, 0, res, nres);
}

int main(int argc, char **argv)
{
    const char *path = NULL, *invoke = "run";
    int load_reps = 1, do_run = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--load-reps") && i + 1 < argc) load_reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--invoke") && i + 1 < argc) invoke = argv[++i];
        else if (!strcmp(argv[i], "--no-run")) do_run = 0;
        else if (argv[i][0] != '-' && !path) path = argv[i];
        else {
            fprintf(stderr, "usage: arena_stats [--load-reps N] [--no-run] [--invoke NAME] FILE.wasm\n");
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "usage: arena_stats [--load-reps N] [--no-run] [--invoke NAME] FILE.wasm\n");
        return 2;
    }
    if (load_reps < 1) load_reps = 1;
    size_t len;
    uint8_t *bytes = read_file(path, &len);
    if (!bytes) {
        fprintf(stderr, "arena_stats: cannot read %s\n", path);
        return 1;
    }
    arena_mem = malloc(ARENA_BYTES);
    if (!arena_mem) {
        fprintf(stderr, "arena_stats: no memory for the arena\n");
        return 1;
    }

    wisp_arena arena;
    wisp_module *m = NULL;
    wisp_err e = WISP_OK;
    uint64_t best = UINT64_MAX;
    size_t stack_load = 0;
    for (int r = 0; r < load_reps; r++) {
        wisp_arena_init(&arena, arena_mem, ARENA_BYTES);
        uintptr_t lo = paint_stack();
        uint64_t t0 = now_ns();
        e = do_load(&arena, bytes, len, &m);
        uint64_t t = now_ns() - t0;
        size_t d = stack_depth(lo);
        if (d > stack_load) stack_load = d;
        if (e != WISP_OK) {
            fprintf(stderr, "arena_stats: %s: %s: %s\n", path, wisp_err_str(e),
                    wisp_arena_error(&arena));
            return 1;
        }
        if (t < best) best = t;
    }
    printf("bytes=%zu\nload_ns=%llu\nload_used=%zu\nload_peak=%zu\nstack_load=%zu\n", len,
           (unsigned long long)best, arena.used, arena.peak, stack_load);
    if (!do_run) return 0;

    resolve_ctx rc = {&arena, m};
    wisp_instance *inst = NULL;
    uintptr_t lo = paint_stack();
    e = do_create(&arena, m, &rc, &inst);
    size_t stack_inst = stack_depth(lo);
    if (e != WISP_OK) {
        fprintf(stderr, "arena_stats: %s: instantiate: %s: %s\n", path, wisp_err_str(e),
                wisp_arena_error(&arena));
        return 1;
    }
    wisp_memory *mem = NULL;
    size_t memory_bytes = 0;
    if (wisp_instance_memory_count(inst) && wisp_instance_memory(inst, 0, &mem) == WISP_OK)
        memory_bytes = wisp_memory_size(mem);
    printf("inst_used=%zu\nmemory_bytes=%zu\nstack_inst=%zu\n", arena.used, memory_bytes,
           stack_inst);

    wisp_func *f;
    if (wisp_instance_find_func(inst, invoke, &f) != WISP_OK) {
        fprintf(stderr, "arena_stats: %s: no function export '%s'\n", path, invoke);
        return 1;
    }
    const uint8_t *pt, *rt;
    uint32_t np, nr;
    wisp_func_type(f, &pt, &np, &rt, &nr);
    if (np != 0 || nr > 1) {
        fprintf(stderr, "arena_stats: %s: '%s' must take no parameters and return at most one value\n",
                path, invoke);
        return 1;
    }
    wisp_value res[1] = {{.i64 = 0}};
    lo = paint_stack();
    uint64_t t0 = now_ns();
    e = do_call(inst, f, res, nr);
    uint64_t run_ns = now_ns() - t0;
    size_t stack_run = stack_depth(lo);
    if (e != WISP_OK) {
        wisp_trap_info t;
        wisp_instance_trap(inst, &t);
        fprintf(stderr, "arena_stats: %s: %s: %s\n", path, wisp_err_str(e),
                t.message ? t.message : "?");
        return 1;
    }
    if (wisp_instance_memory_count(inst) && mem) memory_bytes = wisp_memory_size(mem);
    printf("run_used=%zu\npeak=%zu\nrun_ns=%llu\nresult=%u\nstack_run=%zu\nmemory_bytes_end=%zu\n",
           arena.used, arena.peak, (unsigned long long)run_ns, (unsigned)(uint32_t)res[0].i32,
           stack_run, memory_bytes);
    return 0;
}

/* wisp-runner: run one export of a Wasm module on a QEMU MPS2 machine
 * (mps2-an385, Cortex-M3; mps2-an505, Cortex-M33) and count the guest
 * instructions it took, for side-by-side comparison with the wasm3 runner on
 * the same emulated machine.
 *
 *   qemu-system-arm -M mps2-an385 -nographic -monitor none -icount shift=0 \
 *     -semihosting-config enable=on,target=native,arg=FILE.wasm,arg=FUNC \
 *     -kernel wisp-runner.elf
 *
 * The module is read through semihosting into the top of one static array;
 * the rest of that array is the wisp arena. FUNC (default "run") is called
 * with zero arguments. The import env.clock_ms () -> i64 returns milliseconds
 * of virtual time; any other function import is bound to a stub that traps
 * if called. Output, as the wasm3 runner prints it:
 *
 *   result <first result>     i32: unsigned decimal, f32: %f;
 *                             also i64: unsigned decimal, f64: %f (wasm3's
 *                             runner prints no result line for those)
 *   instructions <N>          SysTick ticks around the call only, times 40
 *
 * Under -icount shift=0 one instruction is 1 ns of virtual time and SysTick
 * runs at 25 MHz, so one tick is 40 instructions and the count is exactly
 * reproducible. A third semihosting argument `stats` adds the lines
 * `arena <bytes>` (arena high-water mark + module bytes), `stack <bytes>`
 * (deepest C stack of the whole run) and `module <bytes>`.
 *
 * Exit status: 0 after a call that returned, 1 for a bad module, a missing
 * export or a trap, 2 for a bad command line or unreadable file. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "hostfile.h"
#include "icount.h"
#include "stack_use.h"
#include "wisp.h"

#ifndef RUNNER_MEM_SIZE
#define RUNNER_MEM_SIZE (3u * 1024u * 1024u + 512u * 1024u) /* arena + module bytes */
#endif

/* The one block of memory wisp gets: arena from the bottom, the module's
 * bytes at the top. 8-aligned for the arena's 64-bit objects. */
static uint8_t mem[RUNNER_MEM_SIZE] __attribute__((aligned(8)));

/* ---- imports ------------------------------------------------------------- */

static wisp_err clock_ms(wisp_instance *caller, void *user, const wisp_value *args,
                         wisp_value *results)
{
    (void)caller, (void)user, (void)args;
    results[0].i64 = (int64_t)(icount_ticks() * INSNS_PER_TICK / 1000000u);
    return WISP_OK;
}

static wisp_err missing_import(wisp_instance *caller, void *user, const wisp_value *args,
                               wisp_value *results)
{
    (void)user, (void)args, (void)results;
    return wisp_host_trap(caller, "missing imported function");
}

typedef struct resolve_ctx {
    wisp_arena *arena;
    const wisp_module *mod;
} resolve_ctx;

static int name_is(const char *s, uint32_t len, const char *want)
{
    return strlen(want) == len && memcmp(s, want, len) == 0;
}

static wisp_err resolve(void *ctxp, const wisp_import_desc *imp, wisp_extern *out)
{
    resolve_ctx *ctx = ctxp;
    if (imp->kind != WISP_EXTERN_FUNC)
        return WISP_ERR_NOT_FOUND;
    out->kind = WISP_EXTERN_FUNC;
    if (name_is(imp->module, imp->module_len, "env") &&
        name_is(imp->name, imp->name_len, "clock_ms")) {
        static const uint8_t i64[] = {WISP_I64};
        return wisp_func_new_host(ctx->arena, NULL, 0, i64, 1, clock_ms, NULL, "env.clock_ms",
                                  &out->of.func);
    }
    /* Anything else: a stub of the declared type that traps when called. */
    uint32_t n = wisp_module_import_count(ctx->mod);
    for (uint32_t i = 0; i < n; i++) {
        wisp_import_desc d;
        const uint8_t *p, *r;
        uint32_t np, nr;
        if (wisp_module_import(ctx->mod, i, &d) != WISP_OK || d.name != imp->name ||
            d.module != imp->module ||
            wisp_module_import_func_type(ctx->mod, i, &p, &np, &r, &nr) != WISP_OK)
            continue;
        return wisp_func_new_host(ctx->arena, p, np, r, nr, missing_import, NULL, "missing",
                                  &out->of.func);
    }
    return WISP_ERR_NOT_FOUND;
}

/* ---- main ------------------------------------------------------------------ */


int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("usage: wisp-runner FILE.wasm [FUNC] [stats]\n");
        return 2;
    }
    const char *func = argc > 2 ? argv[2] : "run";
    int stats = argc > 3 && strcmp(argv[3], "stats") == 0;
    stack_paint(64); /* keep clear of this frame */

    uint8_t *bytes;
    size_t top = sizeof mem;
    long len = hostfile_read(mem, &top, argv[1], &bytes);
    if (len < 0) {
        printf("cannot open %s\n", argv[1]);
        return 2;
    }
    icount_start();

    wisp_arena arena;
    wisp_module *mod;
    wisp_instance *inst;
    wisp_func *fn;
    wisp_arena_init(&arena, mem, (size_t)(bytes - mem));
    resolve_ctx rc = {&arena, NULL};
    wisp_err e = wisp_module_load(&arena, bytes, (size_t)len, &mod);
    if (e == WISP_OK) {
        rc.mod = mod;
        e = wisp_instance_create(&arena, mod, NULL, resolve, &rc, &inst);
    }
    if (e != WISP_OK && e != WISP_ERR_TRAP) {
        const char *why = wisp_arena_error(&arena);
        printf("wisp error: %s\n", why && *why ? why : wisp_err_str(e));
        return 1;
    }
    if (e == WISP_ERR_TRAP) {
        wisp_trap_info t;
        wisp_instance_trap(inst, &t);
        printf("wisp trap: %s (in the start function)\n", t.message);
        return 1;
    }
    if (wisp_instance_find_func(inst, func, &fn) != WISP_OK) {
        printf("wisp error: no exported function %s\n", func);
        return 1;
    }

    const uint8_t *pt, *rt;
    uint32_t np, nr;
    wisp_func_type(fn, &pt, &np, &rt, &nr);
    enum { MAX_VALUES = 32 };
    static wisp_value args[MAX_VALUES], res[MAX_VALUES]; /* zero: the arguments */
    if (np > MAX_VALUES || nr > MAX_VALUES) {
        printf("wisp error: %s has more than %d params or results\n", func, MAX_VALUES);
        return 1;
    }

    uint64_t t0 = icount_ticks();
    e = wisp_func_call(inst, fn, args, np, res, nr);
    uint64_t t1 = icount_ticks();

    if (e == WISP_ERR_TRAP) {
        wisp_trap_info t;
        wisp_instance_trap(inst, &t);
        printf("wisp trap: %s\n", t.message);
        return 1;
    }
    if (e != WISP_OK) {
        printf("wisp error: %s\n", wisp_err_str(e));
        return 1;
    }
    if (nr > 0) {
        switch (rt[0]) {
        case WISP_I32: printf("result %lu\n", (unsigned long)(uint32_t)res[0].i32); break;
        case WISP_I64: printf("result %llu\n", (unsigned long long)(uint64_t)res[0].i64); break;
        case WISP_F32: {
            float f;
            memcpy(&f, &res[0].f32, sizeof f);
            printf("result %f\n", (double)f);
            break;
        }
        case WISP_F64: {
            double d;
            memcpy(&d, &res[0].f64, sizeof d);
            printf("result %f\n", d);
            break;
        }
        default: break; /* references: no line, as wasm3 */
        }
    }
    printf("instructions %llu\n", (unsigned long long)((t1 - t0) * INSNS_PER_TICK));
    if (stats) {
        printf("arena %lu\n", (unsigned long)(arena.peak + (size_t)(mem + sizeof mem - bytes)));
        printf("module %ld\n", len);
        printf("stack %lu\n", (unsigned long)stack_peak());
    }
    return 0;
}

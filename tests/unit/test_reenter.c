/* Every path by which control leaves guest code and comes back restores
 * what the interpreter caches (the memory's base and size, the fuel, the
 * frame it returns to): host functions reached by call, call_indirect,
 * return_call and return_call_indirect; wasm code of another instance
 * reached the same four ways; host functions that re-enter this instance
 * or another one, whose calls return, trap or run out of fuel. Meanwhile
 * the shared memory grows and moves (the host allocates in the arena
 * first, so it cannot grow in place), and the table grows.
 * Usage: test_reenter reenter.wasm reenter_b.wasm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wisp.h"

#include "../lib/check.h"
#include "readfile.h"

enum { REENTER_A, REENTER_B, REENTER_TRAP, REENTER_FUEL, REENTER_NOOP, REENTER_TRAP_FAIL };

typedef struct world {
    wisp_arena arena;
    wisp_instance *a, *b;
    wisp_memory *mem;   /* B's, imported by A */
    wisp_func *host;
    int reentries, nested_errors;
    wisp_trap_kind nested_trap;
} world;

static wisp_err call_export(wisp_instance *inst, const char *name, int32_t arg)
{
    wisp_func *f;
    wisp_err e = wisp_instance_find_func(inst, name, &f);
    const uint8_t *params, *results;
    uint32_t np, nr;
    if (e)
        return e;
    wisp_func_type(f, &params, &np, &results, &nr);
    wisp_value in = {.i32 = arg}, out[1];
    return wisp_func_call(inst, f, &in, np, out, nr);
}

/* env.reenter(mode): allocate in the arena (the memory is no longer the
 * last block: growing moves it), then call back into wasm. */
static wisp_err host_reenter(wisp_instance *caller, void *user, const wisp_value *args,
                             wisp_value *results)
{
    world *w = user;
    (void)results;
    wisp_global *g;
    wisp_value zero = {0};
    if (wisp_global_new(&w->arena, WISP_I32, false, zero, &g))
        return wisp_host_trap(caller, "arena full in the test's host function");
    w->reentries++;
    wisp_err e = WISP_OK;
    wisp_trap_info t;
    switch (args[0].i32) {
    case REENTER_A: e = call_export(caller, "grow", 1); break;
    case REENTER_B: e = call_export(w->b, "grow_shared", 1); break;
    case REENTER_NOOP: e = call_export(caller, "noop", 0); break;
    case REENTER_TRAP:
    case REENTER_TRAP_FAIL:
        e = call_export(caller, "grow_trap", 1);
        wisp_instance_trap(caller, &t);
        w->nested_trap = t.kind;
        if (args[0].i32 == REENTER_TRAP_FAIL)
            return e ? wisp_host_trap(caller, "the re-entered call trapped") : WISP_OK;
        e = e == WISP_ERR_TRAP ? WISP_OK : WISP_ERR_ARG; /* handled: carry on */
        break;
    case REENTER_FUEL:
        wisp_instance_set_fuel(caller, 5000);
        e = call_export(caller, "grow_spin", 1);
        wisp_instance_trap(caller, &t);
        w->nested_trap = t.kind;
        wisp_instance_set_fuel(caller, -1);
        e = e == WISP_ERR_TRAP ? WISP_OK : WISP_ERR_ARG;
        break;
    }
    if (e)
        w->nested_errors++;
    return e;
}

static wisp_err resolve_b(void *ctx, const wisp_import_desc *imp, wisp_extern *out)
{
    (void)ctx;
    (void)imp;
    (void)out;
    return WISP_ERR_NOT_FOUND;
}

static wisp_err resolve_a(void *ctx, const wisp_import_desc *imp, wisp_extern *out)
{
    world *w = ctx;
    if (imp->module_len == 3 && !memcmp(imp->module, "env", 3)) {
        out->kind = WISP_EXTERN_FUNC;
        out->of.func = w->host;
        return WISP_OK;
    }
    return wisp_instance_export(w->b, imp->name, imp->name_len, out);
}

static uint8_t *wasm_a, *wasm_b;
static size_t len_a, len_b;

static int setup(world *w, void *mem, size_t size)
{
    static const uint8_t i32[] = {WISP_I32};
    wisp_module *ma, *mb;
    memset(w, 0, sizeof *w);
    wisp_arena_init(&w->arena, mem, size);
    wisp_extern x;
    if (wisp_module_load(&w->arena, wasm_b, len_b, &mb) ||
        wisp_instance_create(&w->arena, mb, NULL, resolve_b, w, &w->b) ||
        wisp_instance_export(w->b, "mem", 3, &x) ||
        wisp_func_new_host(&w->arena, i32, 1, NULL, 0, host_reenter, w, "env.reenter", &w->host) ||
        wisp_module_load(&w->arena, wasm_a, len_a, &ma) ||
        wisp_instance_create(&w->arena, ma, NULL, resolve_a, w, &w->a)) {
        printf("FAIL setup: %s\n", wisp_arena_error(&w->arena));
        failures++;
        return -1;
    }
    w->mem = x.of.memory;
    return 0;
}

/* Run one path and check what it read back and what the memory holds. */
static void run_path(world *w, const char *path, int mode)
{
    wisp_func *f;
    wisp_value in = {.i32 = mode}, out = {0};
    size_t before = wisp_memory_size(w->mem);
    const uint8_t *data_before = wisp_memory_data(w->mem);
    int reentries = w->reentries;
    wisp_err e = wisp_instance_find_func(w->a, path, &f);
    if (!e)
        e = wisp_func_call(w->a, f, &in, 1, &out, 1);
    wisp_trap_info t = {0};
    if (e == WISP_ERR_TRAP)
        wisp_instance_trap(w->a, &t);
    CHECK(!e, "%s mode %d: %s (%s)", path, mode, wisp_err_str(e), t.message ? t.message : "");
    CHECK(out.i32 == 0x5157, "%s mode %d: read back 0x%x from the new page", path, mode,
          (unsigned)out.i32);
    size_t size = wisp_memory_size(w->mem);
    const uint8_t *data = wisp_memory_data(w->mem);
    CHECK(size == before + 65536, "%s mode %d: the memory grew one page", path, mode);
    CHECK(data != data_before, "%s mode %d: the memory moved (else this test shows less)",
          path, mode);
    uint32_t hi, lo;
    memcpy(&hi, data + size - 65536 + 16, 4);
    memcpy(&lo, data + 8, 4);
    CHECK(hi == 0x5157 && lo == 0x1234, "%s mode %d: the stores reached the live memory "
          "(0x%x, 0x%x)", path, mode, hi, lo);
    if (strstr(path, "host"))
        CHECK(w->reentries == reentries + 1, "%s: the host function ran once", path);
    /* no store went anywhere else: clear them for the next path */
    memset((uint8_t *)data + size - 65536 + 16, 0, 4);
    memset((uint8_t *)data + 8, 0, 4);
}

static void test_paths(void)
{
    static uint8_t mem[32 << 20]; /* (each move abandoned the old copy before issue 15) */
    world w;
    if (setup(&w, mem, sizeof mem))
        return;
    static const char *const host_paths[] = {"call_host", "call_indirect_host",
                                             "return_call_host", "return_call_indirect_host",
                                             "indirect_after_growth"};
    static const int modes[] = {REENTER_A, REENTER_B, REENTER_TRAP,
#if WISP_TEST_FUEL
                                REENTER_FUEL
#endif
    };
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
        for (size_t p = 0; p < sizeof host_paths / sizeof host_paths[0]; p++) {
            if (p == 4 && modes[m] != REENTER_A)
                continue; /* (indirect_after_growth grows twice with B) */
            w.nested_trap = WISP_TRAP_NONE;
            if (p == 4) {
                /* it grows twice (re-entry, then B through the table) */
                size_t before = wisp_memory_size(w.mem);
                wisp_func *f;
                wisp_value in = {.i32 = modes[m]}, out = {0};
                wisp_err e = wisp_instance_find_func(w.a, host_paths[p], &f);
                if (!e)
                    e = wisp_func_call(w.a, f, &in, 1, &out, 1);
                CHECK(!e && out.i32 == 0x5157, "indirect_after_growth: %s, 0x%x",
                      wisp_err_str(e), (unsigned)out.i32);
                CHECK(wisp_memory_size(w.mem) == before + 2 * 65536, "grew twice");
                continue;
            }
            run_path(&w, host_paths[p], modes[m]);
            if (modes[m] == REENTER_TRAP)
                CHECK(w.nested_trap == WISP_TRAP_UNREACHABLE, "%s: the nested call trapped",
                      host_paths[p]);
            if (modes[m] == REENTER_FUEL)
                CHECK(w.nested_trap == WISP_TRAP_OUT_OF_FUEL,
                      "%s: the nested call ran out of fuel", host_paths[p]);
        }
    static const char *const b_paths[] = {"call_b", "call_indirect_b", "return_call_b",
                                          "return_call_indirect_b"};
    for (size_t p = 0; p < sizeof b_paths / sizeof b_paths[0]; p++) {
        /* make the memory move: it is the arena's last block after a move */
        wisp_global *g;
        wisp_value zero = {0};
        CHECK(!wisp_global_new(&w.arena, WISP_I32, false, zero, &g), "arena");
        run_path(&w, b_paths[p], 0);
    }
    CHECK(w.nested_errors == 0, "every re-entered call did what it should (%d did not)",
          w.nested_errors);
}

/* A re-entered call that traps, its trap passed on by the host: the outer
 * call traps with the host's message and a backtrace of the outer frames. */
static void test_trap_passed_on(void)
{
    static uint8_t mem[4 << 20];
    world w;
    if (setup(&w, mem, sizeof mem))
        return;
    wisp_func *f;
    wisp_value in = {.i32 = REENTER_TRAP_FAIL}, out;
    wisp_err e = wisp_instance_find_func(w.a, "call_host", &f);
    if (!e)
        e = wisp_func_call(w.a, f, &in, 1, &out, 1);
    wisp_trap_info t = {0};
    wisp_instance_trap(w.a, &t);
    CHECK(e == WISP_ERR_TRAP && t.message && !strcmp(t.message, "the re-entered call trapped"),
          "the host's trap: %s", t.message ? t.message : "(none)");
    CHECK(wisp_backtrace_count(w.a) == 2, "two frames (host, call_host): %u",
          wisp_backtrace_count(w.a));
    wisp_frame_info fi;
    CHECK(!wisp_backtrace_frame(w.a, 0, &fi) && fi.host_name &&
              !strcmp(fi.host_name, "env.reenter"), "frame 0 is the host function");
    CHECK(!wisp_backtrace_frame(w.a, 1, &fi) && fi.instance == w.a && fi.module_offset != 0,
          "frame 1 is call_host, at its call");
    /* the instance works on afterwards */
    in.i32 = REENTER_A;
    e = wisp_func_call(w.a, f, &in, 1, &out, 1);
    CHECK(!e && out.i32 == 0x5157, "call_host after the trap: %s", wisp_err_str(e));
}

/* Out of fuel after a re-entry has come and gone: resuming finishes the
 * outer call (the re-entered call must not be taken for the entry). */
static void test_fuel_after_reentry(void)
{
#if WISP_TEST_FUEL
    static uint8_t mem[4 << 20];
    world w;
    if (setup(&w, mem, sizeof mem))
        return;
    wisp_func *f;
    const int32_t n = 200, want = n * (n + 1) / 2;
    wisp_value in = {.i32 = n}, out = {0};
    wisp_err e = wisp_instance_find_func(w.a, "reenter_then_count", &f);
    CHECK(!e, "reenter_then_count exported");
    if (e)
        return;
    /* Every budget from 1 up: the stop falls in the outer frame, in $inc,
     * right after the re-entry; each resume gets a few units more. */
    for (int64_t budget = 1; budget < 40; budget++) {
        wisp_instance_set_fuel(w.a, budget);
        e = wisp_func_call(w.a, f, &in, 1, &out, 1);
        int rounds = 0;
        while (e == WISP_ERR_TRAP && rounds++ < 10000) {
            wisp_trap_info t;
            wisp_instance_trap(w.a, &t);
            if (t.kind != WISP_TRAP_OUT_OF_FUEL)
                break;
            wisp_instance_set_fuel(w.a, budget);
            e = wisp_instance_resume(w.a, &out, 1);
        }
        CHECK(!e && out.i32 == want, "fuel %d: %s, sum %d (want %d) after %d rounds",
              (int)budget, wisp_err_str(e), out.i32, want, rounds);
    }
    wisp_instance_set_fuel(w.a, -1);
#endif
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_reenter reenter.wasm reenter_b.wasm\n");
        return 2;
    }
    const char *why = NULL;
    if (!(wasm_a = read_file(argv[1], &len_a, &why)) || !(wasm_b = read_file(argv[2], &len_b, &why))) {
        fprintf(stderr, "test_reenter: cannot read the modules: %s\n", why);
        return 2;
    }
    test_paths();
    test_trap_passed_on();
    test_fuel_after_reentry();
    return CHECK_SUMMARY();
}

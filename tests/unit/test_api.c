/* Unit tests of the public API: arena limits, host functions and their
 * traps, fuel and resume, call depth, coexisting instances, bad modules.
 * Usage: test_api api.wasm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wisp.h"

#include "../lib/check.h"

static uint8_t *wasm;
static size_t wasm_len;

static wisp_err host_add3(wisp_instance *caller, void *user, const wisp_value *args,
                          wisp_value *results)
{
    (void)caller;
    (*(int *)user)++;
    results[0].i32 = args[0].i32 + args[1].i32 + args[2].i32;
    return WISP_OK;
}

static wisp_err host_fail(wisp_instance *caller, void *user, const wisp_value *args,
                          wisp_value *results)
{
    (void)user;
    (void)results;
    if (args[0].i32 > 100)
        return wisp_host_trap(caller, "sprite id out of range");
    return WISP_OK;
}

/* The same two on 32-bit words (wisp_func_new_host32). */
static wisp_err host32_add3(wisp_instance *caller, void *user, const uint32_t *args,
                            uint32_t *results)
{
    (void)caller;
    (*(int *)user)++;
    results[0] = args[0] + args[1] + args[2];
    return WISP_OK;
}

static wisp_err host32_fail(wisp_instance *caller, void *user, const uint32_t *args,
                            uint32_t *results)
{
    (void)user;
    (void)results;
    if ((int32_t)args[0] > 100)
        return wisp_host_trap(caller, "sprite id out of range");
    return WISP_OK;
}

typedef struct env {
    wisp_func *add3, *fail;
    int add3_calls;
    bool host32; /* make them with wisp_func_new_host32 */
} env;

static wisp_err resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out)
{
    env *e = ctx;
    out->kind = WISP_EXTERN_FUNC;
    if (imp->name_len == 4 && !memcmp(imp->name, "add3", 4))
        out->of.func = e->add3;
    else if (imp->name_len == 4 && !memcmp(imp->name, "fail", 4))
        out->of.func = e->fail;
    else
        return WISP_ERR_NOT_FOUND;
    return WISP_OK;
}

static wisp_err make_env(wisp_arena *a, env *e)
{
    static const uint8_t i32x3[] = {WISP_I32, WISP_I32, WISP_I32};
    if (e->host32) {
        wisp_err err = wisp_func_new_host32(a, i32x3, 3, i32x3, 1, host32_add3, &e->add3_calls,
                                            "env.add3", &e->add3);
        if (!err)
            err = wisp_func_new_host32(a, i32x3, 1, NULL, 0, host32_fail, NULL, "env.fail",
                                       &e->fail);
        return err;
    }
    wisp_err err = wisp_func_new_host(a, i32x3, 3, i32x3, 1, host_add3, &e->add3_calls, "env.add3",
                                      &e->add3);
    if (!err)
        err = wisp_func_new_host(a, i32x3, 1, NULL, 0, host_fail, NULL, "env.fail", &e->fail);
    return err;
}

static const wisp_config small = {.value_stack_slots = 256, .call_depth = 32};

/* Load and instantiate into a fresh arena of `size` bytes. */
static wisp_err setup(void *mem, size_t size, const wisp_config *cfg, env *e,
                      wisp_arena *a, wisp_instance **inst)
{
    wisp_module *m;
    wisp_err err;
    wisp_arena_init(a, mem, size);
    if ((err = make_env(a, e)) || (err = wisp_module_load(a, wasm, wasm_len, &m)))
        return err;
    return wisp_instance_create(a, m, cfg, resolve, e, inst);
}

static int32_t call0(wisp_instance *inst, const char *name, wisp_err *err)
{
    wisp_func *f;
    wisp_value r = {0};
    *err = wisp_instance_find_func(inst, name, &f);
    if (!*err)
        *err = wisp_func_call(inst, f, NULL, 0, &r, 1);
    return r.i32;
}

static int32_t call1(wisp_instance *inst, const char *name, int32_t arg, wisp_err *err)
{
    wisp_func *f;
    wisp_value a = {.i32 = arg}, r = {0};
    *err = wisp_instance_find_func(inst, name, &f);
    if (!*err)
        *err = wisp_func_call(inst, f, &a, 1, &r, 1);
    return r.i32;
}

static void test_basics(void)
{
    static uint8_t mem[1 << 20];
    wisp_arena a;
    wisp_instance *inst;
    env e = {0};
    wisp_err err = setup(mem, sizeof mem, &small, &e, &a, &inst);
    CHECK(err == WISP_OK, "setup: %s", wisp_arena_error(&a));
    if (err)
        return;
    CHECK(call1(inst, "count", 10, &err) == 45 && !err, "count(10)");
    CHECK(call1(inst, "load8", 17, &err) == 'i' && !err, "data segment at 16");
    CHECK(call1(inst, "load8", 65536, &err) == 0 && err == WISP_ERR_TRAP, "load8 past the end traps");
    wisp_trap_info t;
    wisp_instance_trap(inst, &t);
    CHECK(t.kind == WISP_TRAP_MEMORY_OOB && !strcmp(t.message, "out of bounds memory access"),
          "oob message: %s", t.message);
    /* memory.grow moves or extends the memory; the API sees the new size */
    CHECK(call1(inst, "grow", 2, &err) == 1 && !err, "grow 2");
    wisp_memory *m;
    CHECK(wisp_instance_memory(inst, 0, &m) == WISP_OK && wisp_memory_size(m) == 3 * 65536,
          "memory size after grow");
    CHECK(wisp_memory_data(m)[16] == 'w', "data survives grow");
    CHECK(call1(inst, "load8", 3 * 65536 - 1, &err) == 0 && !err, "new page readable");
    CHECK(call1(inst, "grow", 2, &err) == -1 && !err, "grow past max fails with -1");

    /* host functions: arguments in, result out, count of calls */
    wisp_func *f;
    wisp_value args[3] = {{.i32 = 1}, {.i32 = 20}, {.i32 = 300}}, r;
    wisp_instance_find_func(inst, "call_add3", &f);
    CHECK(wisp_func_call(inst, f, args, 3, &r, 1) == WISP_OK && r.i32 == 321 && e.add3_calls == 1,
          "host add3 = %d", r.i32);
    CHECK(wisp_func_call(inst, f, args, 2, &r, 1) == WISP_ERR_ARG, "wrong arg count is ARG");
    CHECK(wisp_func_call(inst, e.add3, args, 3, &r, 1) == WISP_OK && r.i32 == 321,
          "host function called directly");

    /* a host error traps the guest with the host's message */
    CHECK(call1(inst, "call_fail", 5, &err) == 7 && !err, "call_fail ok");
    call1(inst, "call_fail", 500, &err);
    wisp_instance_trap(inst, &t);
    CHECK(err == WISP_ERR_TRAP && t.kind == WISP_TRAP_HOST &&
              !strcmp(t.message, "sprite id out of range"),
          "host trap message: %s", t.message);
    /* the instance is usable after a trap */
    CHECK(call1(inst, "count", 4, &err) == 6 && !err, "usable after trap");

    /* globals through the export */
    wisp_extern x;
    CHECK(call0(inst, "bump", &err) == 1 && !err, "bump");
    CHECK(wisp_instance_export(inst, "counter", 7, &x) == WISP_OK && x.kind == WISP_EXTERN_GLOBAL,
          "counter export");
    wisp_value gv;
    wisp_global_get(x.of.global, &gv);
    CHECK(gv.i32 == 1, "counter = %d", gv.i32);
    CHECK(wisp_instance_find_func(inst, "nope", &f) == WISP_ERR_NOT_FOUND, "missing export");
}

/* Host functions on 32-bit words: the same calls, results and traps. */
static void test_host32(void)
{
    static uint8_t mem[1 << 20];
    wisp_arena a;
    wisp_instance *inst;
    env e = {.host32 = true};
    wisp_err err = setup(mem, sizeof mem, &small, &e, &a, &inst);
    CHECK(err == WISP_OK, "setup: %s", wisp_arena_error(&a));
    if (err)
        return;
    wisp_func *f;
    wisp_value args[3] = {{.i32 = 1}, {.i32 = 20}, {.i32 = -300}}, r;
    wisp_instance_find_func(inst, "call_add3", &f);
    CHECK(wisp_func_call(inst, f, args, 3, &r, 1) == WISP_OK && r.i32 == -279 && e.add3_calls == 1,
          "host32 add3 = %d", r.i32);
    r.i64 = 0x5555555555555555;
    CHECK(wisp_func_call(inst, e.add3, args, 3, &r, 1) == WISP_OK && r.i64 == (uint32_t)-279,
          "host32 function called directly: %lld", (long long)r.i64);
    CHECK(call1(inst, "call_fail", 5, &err) == 7 && !err, "host32 call_fail ok");
    call1(inst, "call_fail", 500, &err);
    wisp_trap_info t;
    wisp_instance_trap(inst, &t);
    CHECK(err == WISP_ERR_TRAP && t.kind == WISP_TRAP_HOST &&
              !strcmp(t.message, "sprite id out of range"),
          "host32 trap message: %s", t.message);
    /* only i32 and f32 */
    static const uint8_t i64x1[] = {WISP_I64}, f32x1[] = {WISP_F32};
    CHECK(wisp_func_new_host32(&a, i64x1, 1, NULL, 0, host32_fail, NULL, "x", &f) == WISP_ERR_ARG,
          "host32 takes no i64");
    CHECK(wisp_func_new_host32(&a, f32x1, 1, i64x1, 1, host32_fail, NULL, "x", &f) == WISP_ERR_ARG,
          "host32 gives no i64");
    CHECK(wisp_func_new_host32(&a, f32x1, 1, f32x1, 1, host32_fail, NULL, "x", &f) == WISP_OK,
          "host32 takes f32");
}

static void test_division_traps(void)
{
    static uint8_t mem[1 << 20];
    wisp_arena a;
    wisp_instance *inst;
    env e = {0};
    if (setup(mem, sizeof mem, &small, &e, &a, &inst))
        return;
    wisp_func *f;
    wisp_instance_find_func(inst, "div", &f);
    wisp_value args[2] = {{.i32 = INT32_MIN}, {.i32 = -1}}, r;
    wisp_trap_info t;
    CHECK(wisp_func_call(inst, f, args, 2, &r, 1) == WISP_ERR_TRAP, "INT_MIN/-1 traps");
    wisp_instance_trap(inst, &t);
    CHECK(t.kind == WISP_TRAP_INT_OVERFLOW, "overflow kind");
    args[1].i32 = 0;
    CHECK(wisp_func_call(inst, f, args, 2, &r, 1) == WISP_ERR_TRAP, "x/0 traps");
    wisp_instance_trap(inst, &t);
    CHECK(!strcmp(t.message, "integer divide by zero"), "div zero message %s", t.message);
}

static void test_call_depth(void)
{
    static uint8_t mem[1 << 20];
    wisp_arena a;
    wisp_instance *inst;
    env e = {0};
    if (setup(mem, sizeof mem, &small, &e, &a, &inst))
        return;
    wisp_err err;
    CHECK(call1(inst, "deep", 20, &err) == 20 && !err, "deep(20) within depth 32");
    call1(inst, "deep", 40, &err);
    wisp_trap_info t;
    wisp_instance_trap(inst, &t);
    CHECK(err == WISP_ERR_TRAP && t.kind == WISP_TRAP_STACK_EXHAUSTED &&
              !strcmp(t.message, "call stack exhausted"),
          "deep(40) exhausts a depth of 32: %s", t.message);
    CHECK(call1(inst, "deep", 25, &err) == 25 && !err, "usable after exhaustion");

    /* the value stack is a limit too */
    wisp_config tiny = {.value_stack_slots = 40, .call_depth = 1000};
    if (setup(mem, sizeof mem, &tiny, &e, &a, &inst))
        return;
    call1(inst, "deep", 100, &err);
    wisp_instance_trap(inst, &t);
    CHECK(err == WISP_ERR_TRAP && t.kind == WISP_TRAP_STACK_EXHAUSTED, "value stack exhausted");

    /* stacks beyond any arena: a clean NOMEM, on 32-bit too (no size_t wrap) */
    for (int k = 0; k < 2; k++) {
        wisp_config huge = {.value_stack_slots = k ? 256 : UINT32_MAX,
                            .call_depth = k ? UINT32_MAX : 32};
        wisp_err he = setup(mem, sizeof mem, &huge, &e, &a, &inst);
        CHECK(he == WISP_ERR_NOMEM && strstr(wisp_arena_error(&a), "stack"),
              "huge %s: NOMEM (%s: %s)", k ? "call_depth" : "value_stack_slots",
              wisp_err_str(he), wisp_arena_error(&a));
    }
}

static void test_fuel(void)
{
#if WISP_TEST_FUEL
    static uint8_t mem[1 << 20];
    wisp_arena a;
    wisp_instance *inst;
    env e = {0};
    if (setup(mem, sizeof mem, &small, &e, &a, &inst))
        return;
    wisp_err err;
    wisp_instance_set_fuel(inst, 50);
    call1(inst, "count", 1000, &err);
    wisp_trap_info t;
    wisp_instance_trap(inst, &t);
    CHECK(err == WISP_ERR_TRAP && t.kind == WISP_TRAP_OUT_OF_FUEL, "runs out of fuel");
    CHECK(wisp_instance_fuel(inst) == 0, "fuel is 0 after running out");
    int rounds = 0;
    wisp_value r = {0};
    do {
        wisp_instance_set_fuel(inst, 100);
        err = wisp_instance_resume(inst, &r, 1);
        rounds++;
    } while (err == WISP_ERR_TRAP && rounds < 100);
    CHECK(err == WISP_OK && r.i32 == 499500, "resumed to the right sum: %d after %d rounds",
          r.i32, rounds);
    CHECK(rounds >= 9, "took several rounds (%d)", rounds);
    CHECK(wisp_instance_resume(inst, &r, 1) == WISP_ERR_ARG, "nothing left to resume");
    wisp_instance_set_fuel(inst, -1);
    CHECK(call1(inst, "count", 1000, &err) == 499500 && !err, "unlimited fuel");
#endif
}

static void test_two_instances(void)
{
    static uint8_t mem[1 << 21];
    wisp_arena a;
    env e = {0};
    wisp_module *m;
    wisp_instance *i1, *i2;
    wisp_arena_init(&a, mem, sizeof mem);
    make_env(&a, &e);
    CHECK(wisp_module_load(&a, wasm, wasm_len, &m) == WISP_OK, "load");
    CHECK(wisp_instance_create(&a, m, &small, resolve, &e, &i1) == WISP_OK, "inst 1");
    CHECK(wisp_instance_create(&a, m, &small, resolve, &e, &i2) == WISP_OK, "inst 2");
    wisp_err err;
    call0(i1, "bump", &err);
    call0(i1, "bump", &err);
    CHECK(call0(i1, "bump", &err) == 3, "instance 1 counts alone");
    CHECK(call0(i2, "bump", &err) == 1, "instance 2 has its own global");
    /* growing the first instance's memory (not the last allocation) still works */
    CHECK(call1(i1, "grow", 1, &err) == 1 && call1(i1, "load8", 16, &err) == 'w',
          "grow a memory that is not at the arena top");
    CHECK(call1(i2, "load8", 16, &err) == 'w', "instance 2 memory intact");
}

/* An arena over zeroed memory (wisp_arena_init_zeroed): a module's code
 * (the translator writes above `used`), then an instance: its stacks read
 * zero as they must. The arena's own rules (bytes given back and handed
 * out again, fresh bytes not written) are in tests/robust/grow.c. */
static void test_arena_zeroed(void)
{
    static uint8_t mem[1 << 21]; /* .bss: zero */
    wisp_arena a;
    CHECK(wisp_arena_init_zeroed(&a, mem, sizeof mem) == WISP_OK, "init");
    env e = {0};
    wisp_module *m;
    wisp_instance *i;
    make_env(&a, &e);
    CHECK(wisp_module_load(&a, wasm, wasm_len, &m) == WISP_OK, "load");
    CHECK(wisp_instance_create(&a, m, &small, resolve, &e, &i) == WISP_OK, "instance");
    uint32_t slots, frames;
    wisp_instance_stack_use(i, &slots, &frames);
    CHECK(slots == 0 && frames == 0, "fresh stacks read unused (%u slots, %u frames)",
          (unsigned)slots, (unsigned)frames);
    wisp_err err;
    CHECK(call0(i, "bump", &err) == 1 && !err, "runs");
}

/* Every arena size below the minimum is a clean NOMEM; the minimum works. */
static void test_arena_sizes(void)
{
    static uint8_t mem[1 << 20];
    wisp_arena a;
    wisp_instance *inst;
    env e = {0};
    size_t lo = 0, hi = sizeof mem;
    while (lo < hi) { /* smallest size that sets up */
        size_t mid = (lo + hi) / 2;
        if (setup(mem, mid, &small, &e, &a, &inst) == WISP_OK)
            hi = mid;
        else
            lo = mid + 1;
    }
    size_t min = lo;
    wisp_err err = setup(mem, min, &small, &e, &a, &inst);
    CHECK(err == WISP_OK, "minimum arena %zu works", min);
    wisp_err e2;
    CHECK(!err && call1(inst, "count", 10, &e2) == 45, "runs at the minimum");
    err = setup(mem, min - 1, &small, &e, &a, &inst);
    CHECK(err == WISP_ERR_NOMEM, "one byte less is NOMEM (got %d)", err);
    CHECK(strstr(wisp_arena_error(&a), "too small") != NULL, "message: %s", wisp_arena_error(&a));
    int bad = 0;
    for (size_t s = 0; s < min; s += (s < 64 || min - s < 64) ? 1 : 97)
        if (setup(mem, s, &small, &e, &a, &inst) != WISP_ERR_NOMEM)
            bad++;
    CHECK(bad == 0, "%d sizes below the minimum gave something else than NOMEM", bad);
    printf("minimum arena for api.wasm (256 slots, depth 32): %zu bytes\n", min);
}

/* Truncations and byte flips of a valid module: an error with an offset,
 * never a crash (the rest is the sanitizers' and fuzzers' job). */
static bool at_section_boundary(size_t n)
{
    size_t p = 8;
    while (p < n) {
        p++; /* id */
        uint32_t size = 0, shift = 0;
        uint8_t b;
        do {
            b = wasm[p++];
            size |= (uint32_t)(b & 0x7f) << shift;
            shift += 7;
        } while (b & 0x80);
        p += size;
    }
    return p == n;
}

static void test_bad_modules(void)
{
    static uint8_t mem[1 << 20];
    uint8_t *copy = malloc(wasm_len);
    wisp_arena a;
    wisp_module *m;
    int no_offset = 0, accepted = 0;
    for (size_t n = 0; n < wasm_len; n++) {
        wisp_arena_init(&a, mem, sizeof mem);
        wisp_err err = wisp_module_load(&a, wasm, n, &m);
        if (err == WISP_OK) {
            if (!at_section_boundary(n))
                accepted++;
        } else if (!strstr(wisp_arena_error(&a), " at 0x")) {
            if (no_offset++ < 3)
                printf("no offset (len %zu, err %d): %s\n", n, err, wisp_arena_error(&a));
        }
    }
    CHECK(accepted == 0, "%d truncations inside a section accepted", accepted);
    CHECK(no_offset == 0, "%d errors without an offset", no_offset);
    uint32_t seed = 12345;
    int errors = 0;
    for (int i = 0; i < 20000; i++) {
        memcpy(copy, wasm, wasm_len);
        for (int k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            copy[(seed >> 8) % wasm_len] ^= (uint8_t)(1u << ((seed >> 4) & 7));
        }
        wisp_arena_init(&a, mem, sizeof mem);
        if (wisp_module_load(&a, copy, wasm_len, &m) != WISP_OK) {
            errors++;
            if (!strstr(wisp_arena_error(&a), " at 0x"))
                no_offset++;
        }
    }
    CHECK(no_offset == 0, "%d flipped modules failed without an offset", no_offset);
    CHECK(errors > 1000, "bit flips are detected (%d of 20000)", errors);
    free(copy);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_api api.wasm\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    wasm_len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    wasm = malloc(wasm_len);
    if (fread(wasm, 1, wasm_len, f) != wasm_len)
        return 2;
    fclose(f);
    test_basics();
    test_host32();
    test_division_traps();
    test_call_depth();
    test_fuel();
    test_two_instances();
    test_arena_zeroed();
    test_arena_sizes();
    test_bad_modules();
    return CHECK_SUMMARY();
}

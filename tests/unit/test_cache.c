/* The code cache (core/cache.c, wisp_load_config.code_cache_bytes): the
 * same module loaded with caches from the smallest that loads upwards
 * gives the same results as one translated at load, while functions are
 * dropped and translated again and the live ones slide down under their
 * frames: recursion, call_indirect, return_call, a host function that
 * re-enters the instance, a second instance of another module calling in
 * on its own call stack, and a trap's backtrace (every frame's offset).
 * Too small a cache fails the load with a message, and code on the call
 * stack that outgrows it traps with WISP_TRAP_CODE_CACHE.
 * Usage: test_cache cache.wasm cache_caller.wasm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wisp.h"

#include "../lib/check.h"
#include "readfile.h"

static uint8_t *wasm, *caller_wasm;
static size_t wasm_len, caller_len;
static uint8_t mem[8 << 20];

typedef struct world {
    wisp_arena arena;
    wisp_module *m;
    wisp_instance *inst, *caller;
    wisp_func *host;
} world;

static wisp_err call1(wisp_instance *inst, const char *name, int32_t a, int32_t b, int32_t *out)
{
    wisp_func *f;
    wisp_err e = wisp_instance_find_func(inst, name, &f);
    if (e)
        return e;
    const uint8_t *params, *results;
    uint32_t np, nr;
    wisp_func_type(f, &params, &np, &results, &nr);
    wisp_value in[2] = {{.i32 = a}, {.i32 = b}}, res = {0};
    e = wisp_func_call(inst, f, in, np, &res, nr);
    *out = res.i32;
    return e;
}

/* env.host(n): fib(n) again in the calling instance, then n + that */
static wisp_err host(wisp_instance *caller, void *user, const wisp_value *args,
                     wisp_value *results)
{
    (void)user;
    int32_t r;
    wisp_err e = call1(caller, "fib", args[0].i32 % 12, 0, &r);
    if (e)
        return wisp_host_trap(caller, "the re-entered fib failed");
    results[0].i32 = args[0].i32 + r;
    return WISP_OK;
}

static wisp_err resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out)
{
    world *w = ctx;
    if (imp->name_len == 4 && !memcmp(imp->name, "host", 4)) {
        out->kind = WISP_EXTERN_FUNC;
        out->of.func = w->host;
        return WISP_OK;
    }
    if (w->inst)
        return wisp_instance_export(w->inst, imp->name, imp->name_len, out);
    return WISP_ERR_NOT_FOUND;
}

/* Load (cache 0: everything at load) and instantiate both modules. */
static wisp_err setup(world *w, uint32_t cache)
{
    static const uint8_t i32[] = {WISP_I32};
    memset(w, 0, sizeof *w);
    wisp_arena_init(&w->arena, mem, sizeof mem);
    const wisp_load_config lc = {WISP_FEATURES_ALL, cache, 0};
    wisp_module *mc;
    wisp_err e = wisp_module_load_config(&w->arena, wasm, wasm_len, &lc, &w->m);
    if (!e)
        e = wisp_func_new_host(&w->arena, i32, 1, i32, 1, host, w, "env.host", &w->host);
    if (!e)
        e = wisp_instance_create(&w->arena, w->m, NULL, resolve, w, &w->inst);
    if (!e)
        e = wisp_module_load(&w->arena, caller_wasm, caller_len, &mc);
    if (!e)
        e = wisp_instance_create(&w->arena, mc, NULL, resolve, w, &w->caller);
    return e;
}

typedef struct results {
    int32_t fib, spin, chain, reenter, via_caller;
    wisp_err fib_e, spin_e, chain_e, reenter_e, caller_e;
    uint32_t nframes;
    uint32_t offsets[40], funcs[40];
} results;

static void run_all(world *w, results *r)
{
    memset(r, 0, sizeof *r);
    r->fib_e = call1(w->inst, "fib", 14, 0, &r->fib);
    r->spin_e = call1(w->inst, "spin", 50, 7, &r->spin);
    r->chain_e = call1(w->inst, "chain", 3, 0, &r->chain);
    r->reenter_e = call1(w->inst, "reenter", 9, 0, &r->reenter);
    r->caller_e = call1(w->caller, "call_fib", 13, 0, &r->via_caller);
    int32_t dummy;
    if (call1(w->inst, "deep", 20, 0, &dummy) == WISP_ERR_TRAP) {
        r->nframes = wisp_backtrace_count(w->inst);
        for (uint32_t i = 0; i < r->nframes && i < 40; i++) {
            wisp_frame_info fi;
            if (!wisp_backtrace_frame(w->inst, i, &fi)) {
                r->offsets[i] = fi.module_offset;
                r->funcs[i] = fi.func_index;
            }
        }
    }
}

/* The smallest cache that loads the module. */
static uint32_t smallest_cache(void)
{
    uint32_t lo = 8, hi = 1u << 20; /* lo fails, hi loads */
    world w;
    while (hi - lo > 8) {
        uint32_t mid = (lo + hi) / 2;
        if (setup(&w, mid) == WISP_OK)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_cache cache.wasm cache_caller.wasm\n");
        return 2;
    }
    const char *why;
    wasm = read_file(argv[1], &wasm_len, &why);
    caller_wasm = read_file(argv[2], &caller_len, &why);
    if (!wasm || !caller_wasm) {
        fprintf(stderr, "cannot read the modules\n");
        return 2;
    }
    world w;
    results want, got;
    int32_t r;
    CHECK(setup(&w, 0) == WISP_OK, "load without a cache: %s", wisp_arena_error(&w.arena));
    run_all(&w, &want);
    CHECK(!want.fib_e && !want.spin_e && !want.chain_e && !want.reenter_e && !want.caller_e,
          "the calls run without a cache");
    CHECK(want.nframes == 21, "deep(20) traps 21 frames down (%u)", want.nframes);
    const size_t all_code = wisp_module_code_bytes(w.m);

    /* too small: the load fails and says why */
    CHECK(setup(&w, 64) == WISP_ERR_NOMEM && strstr(wisp_arena_error(&w.arena),
                                                    "code cache of 64 bytes is too small"),
          "a 64-byte cache: %s", wisp_arena_error(&w.arena));

    const uint32_t least = smallest_cache();
    printf("all code %zu bytes; the smallest cache %u\n", all_code, least);
    CHECK(least < all_code / 4, "the smallest cache (%u) is far less than all the code (%zu)",
          least, all_code);
    const uint32_t sizes[] = {least * 3, least * 4, least * 6, (uint32_t)all_code * 2};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        CHECK(setup(&w, sizes[i]) == WISP_OK, "load with a %u-byte cache: %s", sizes[i],
              wisp_arena_error(&w.arena));
        run_all(&w, &got);
        CHECK(!got.fib_e && got.fib == want.fib, "cache %u: fib %d (want %d)", sizes[i],
              got.fib, want.fib);
        CHECK(!got.spin_e && got.spin == want.spin, "cache %u: spin", sizes[i]);
        CHECK(!got.reenter_e && got.reenter == want.reenter, "cache %u: reenter", sizes[i]);
        CHECK(!got.caller_e && got.via_caller == want.via_caller, "cache %u: fib from the "
              "other instance", sizes[i]);
        CHECK(got.nframes == want.nframes &&
                  !memcmp(got.offsets, want.offsets, sizeof got.offsets) &&
                  !memcmp(got.funcs, want.funcs, sizeof got.funcs),
              "cache %u: the trap's backtrace is the same", sizes[i]);
        wisp_code_stats st;
        wisp_module_code_stats(w.m, &st);
        printf("cache %u: %u translations, %u evictions, %zu bytes used\n", sizes[i],
               st.translations, st.evictions, st.used);
        CHECK(st.size == (sizes[i] & ~7u) && st.used <= st.size, "cache %u: its size",
              sizes[i]);
        if (sizes[i] < all_code / 2)
            CHECK(st.evictions > 0 && st.translations > st.evictions,
                  "cache %u: code was dropped and translated again", sizes[i]);
        else if (sizes[i] >= all_code * 2)
            CHECK(st.evictions == 0, "cache %u: nothing dropped", sizes[i]);
        /* the chain of six large functions, all on the stack at once */
        if (sizes[i] >= least * 6)
            CHECK(!got.chain_e && got.chain == want.chain, "cache %u: chain", sizes[i]);
    }

    /* all the arena the instance leaves but 16 bytes: made at the first call */
    {
        static uint8_t small[256 << 10];
        wisp_arena a;
        wisp_arena_init(&a, small, sizeof small);
        const wisp_load_config lc = {WISP_FEATURES_ALL, 0, 16};
        wisp_module *m;
        wisp_instance *inst;
        wisp_code_stats st;
        CHECK(wisp_module_load_config(&a, wasm, wasm_len, &lc, &m) == WISP_OK,
              "a cache of all the arena but 16 bytes: %s", wisp_arena_error(&a));
        w.inst = NULL;
        CHECK(wisp_instance_create(&a, m, NULL, resolve, &w, &inst) == WISP_OK,
              "its instance: %s", wisp_arena_error(&a));
        wisp_module_code_stats(m, &st);
        CHECK(st.size == 0, "no cache before the first call");
        const size_t left = a.size - a.used;
        CHECK(call1(inst, "spin", 50, 7, &r) == WISP_OK && r == want.spin, "spin runs");
        wisp_module_code_stats(m, &st);
        /* (less the note of the instance calling in, made first, and the
         * scratch of a trap's re-translation: a few hundred bytes here) */
        CHECK(st.size + 16 <= left && st.size + 16 + 2048 > left && a.size - a.used >= 16,
              "the cache took all but 16 bytes of the %zu bytes left (%zu)", left, st.size);
        /* a trap still gets its offsets: the re-translation had room */
        CHECK(call1(inst, "deep", 20, 0, &r) == WISP_ERR_TRAP &&
                  wisp_backtrace_count(inst) == want.nframes, "deep traps");
        wisp_frame_info fi;
        CHECK(wisp_backtrace_frame(inst, 0, &fi) == WISP_OK && fi.module_offset == want.offsets[0] &&
                  fi.module_offset != 0, "with the trap's offset (0x%x)", fi.module_offset);
    }

    /* six large functions on the stack at once do not fit three times the
     * smallest cache: a trap that says so */
    CHECK(setup(&w, least * 3) == WISP_OK, "three times the smallest cache loads");
    CHECK(call1(w.inst, "chain", 3, 0, &r) == WISP_ERR_TRAP, "chain in that cache traps");
    wisp_trap_info t;
    wisp_instance_trap(w.inst, &t);
    CHECK(t.kind == WISP_TRAP_CODE_CACHE && t.message && strstr(t.message, "code cache of"),
          "the trap is WISP_TRAP_CODE_CACHE: %s", t.message ? t.message : "");
    CHECK(wisp_backtrace_count(w.inst) >= 2, "with a backtrace (%u frames)",
          wisp_backtrace_count(w.inst));
    /* and the instance goes on: fib needs no more than it holds (above) */
    CHECK(call1(w.inst, "fib", 14, 0, &r) == WISP_OK && r == want.fib, "fib after the trap");
    return CHECK_SUMMARY();
}

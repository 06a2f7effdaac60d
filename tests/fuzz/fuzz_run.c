/* Fuzz target: load, instantiate (every import a dummy) and call every
 * exported function under fuel, with a small configuration so stack and
 * call-depth limits are reached often.
 *
 * Checks beyond "no crash, no sanitizer report":
 *  - instantiation ends in OK, a trap (start function or segments), NOMEM
 *    or UNLINKABLE; calls end in results or a trap with a kind;
 *  - out of fuel leaves the fuel at 0, and resuming works (harness.c);
 *  - after a trap every backtrace frame, local and stack entry is readable
 *    and the one past the end is refused;
 *  - host functions re-enter exports, grow memories and tables and trap
 *    at random (harness.h, chaos): every way back into the guest must
 *    find its memory where it now is (freed blocks are poisoned under
 *    ASan, so a stale memory base is reported where it is used);
 *  - after a trap the coredump writer produces a dump that the `wisp
 *    inspect` parser (tools/inspect/coredump_read.c) accepts, with as many frames as
 *    the backtrace has Wasm frames of this instance;
 *  - no byte outside the arenas is touched (guard zones). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "wisp_coredump.h"
#include "coredump_read.h"

#define ARENA_CAP (8u << 20)
#define DUMP_CAP (4u << 20)

static guarded g, mem_g, tab_g;
static unsigned long n_loaded, n_instances, n_calls, n_traps, n_dumps, n_reentries, n_grows;

void fuzz_report(void); /* replay_main.c prints it */
void fuzz_report(void)
{
    printf("%lu modules loaded, %lu instantiated, %lu export calls, %lu traps, "
           "%lu coredumps parsed back, %lu re-entries and %lu grows by host functions\n",
           n_loaded, n_instances, n_calls, n_traps, n_dumps, n_reentries, n_grows);
}

typedef struct membuf {
    uint8_t *p;
    size_t len, cap;
} membuf;

static wisp_err sink_write(void *ctx, const uint8_t *bytes, size_t len)
{
    membuf *b = ctx;
    if (len > DUMP_CAP - b->len)
        return WISP_ERR_NOMEM; /* a huge memory: give up, the writer must stop cleanly */
    memcpy(b->p + b->len, bytes, len);
    b->len += len;
    return WISP_OK;
}

static void coredump_roundtrip(wisp_instance *inst)
{
    static uint8_t *buf;
    if (!buf && !(buf = malloc(DUMP_CAP)))
        harness_fail("out of host memory");
    membuf b = {buf, 0, DUMP_CAP};
    wisp_sink sink = {sink_write, &b};
    wisp_err e = wisp_coredump_write(inst, NULL, &sink);
    if (e == WISP_ERR_NOMEM)
        return; /* our cap */
    if (e != WISP_OK)
        harness_fail("coredump write failed: %s", wisp_err_str(e));
    coredump cd;
    size_t at;
    char why[160];
    if (!coredump_parse(b.p, b.len, &cd, &at, why, sizeof why))
        harness_fail("coredump of %zu bytes does not parse: at 0x%zx: %s", b.len, at, why);
    /* the dump holds the Wasm frames of this instance, in order */
    uint32_t want = 0, n = wisp_backtrace_count(inst);
    for (uint32_t f = 0; f < n; f++) {
        wisp_frame_info fi;
        if (wisp_backtrace_frame(inst, f, &fi) == WISP_OK && fi.instance == inst)
            want++;
    }
    if (cd.nthreads != 1 || cd.threads[0].nframes != want)
        harness_fail("coredump has %u threads, %u frames; backtrace has %u", cd.nthreads,
                     cd.nthreads ? cd.threads[0].nframes : 0, want);
    coredump_free(&cd);
    n_dumps++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g.raw) {
        guarded_init(&g, ARENA_CAP);
        guarded_init(&mem_g, 4u << 20);
        guarded_init(&tab_g, 1u << 20);
    }
    wisp_arena a;
    wisp_module *m;
    guarded_arena(&g, ARENA_CAP, &a);
    if (wisp_module_load(&a, data, size, &m) != WISP_OK)
        return 0; /* fuzz_load covers failures */
    n_loaded++;

    dummy_env env;
    dummy_env_init(&env, &a, m, &mem_g, &tab_g);
    env.chaos = fnv1a(FNV_INIT ^ 0x5eed, data, size) | 1;
    static const wisp_config cfg = {.value_stack_slots = 2048, .call_depth = 64,
                                    .max_memory_pages = 16};
    wisp_instance *inst;
    wisp_err e = wisp_instance_create(&a, m, &cfg, dummy_resolve, &env, &inst);
    switch (e) {
    case WISP_OK:
    case WISP_ERR_TRAP:
        if (!inst)
            harness_fail("instantiation trapped without an instance");
        break;
    case WISP_ERR_NOMEM:
    case WISP_ERR_UNLINKABLE:
        inst = NULL;
        break;
    default:
        harness_fail("instantiation returned %s: %s", wisp_err_str(e), a.error);
    }
    if (inst && e == WISP_ERR_TRAP)
        coredump_roundtrip(inst);
    if (inst) {
        uint64_t h = fnv1a(FNV_INIT, data, size);
        run_opts o = {.fuel = 20000, .arg_seed = (uint32_t)(h % 4), .resume = true,
                      .backtrace = true, .on_trap = coredump_roundtrip};
        run_stats st = {0};
        run_exports(inst, &o, &st);
        n_instances++;
        n_calls += st.calls;
        n_traps += st.traps;
    }
    n_reentries += env.reentries;
    n_grows += env.grows;
    if (!guarded_intact(&g) || !dummy_env_intact(&env))
        harness_fail("something wrote outside its arena");
    dummy_env_free(&env);
    return 0;
}

/* Shared by the fuzzers (tests/fuzz) and the robustness tests: arenas with
 * guard zones, a resolver that satisfies any import with a harmless dummy,
 * and a runner that calls every exported function under fuel.
 *
 * Host code: libc is fine here; only the core is heap-free. */
#ifndef WISP_TESTS_HARNESS_H
#define WISP_TESTS_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wisp.h"

/* ---- guarded arenas ----------------------------------------------------
 * An arena placed so that its last byte is followed directly by a guard
 * zone (and preceded by another). Under ASan the guards are poisoned, so
 * the first byte written or read outside the arena is reported where it
 * happens; without ASan the guards hold a canary that guarded_intact()
 * checks afterwards. */
#define GUARD_BYTES 4096

typedef struct guarded {
    uint8_t *raw;      /* GUARD_BYTES + cap + GUARD_BYTES */
    size_t cap;        /* largest arena that fits */
    uint8_t *lo, *hi;  /* the bytes wisp may use after wisp_arena_init */
} guarded;

void guarded_init(guarded *g, size_t cap);
void guarded_free(guarded *g);
/* Lay out an arena of `size` bytes ending at the top guard and call
 * wisp_arena_init on it. Everything outside what the arena may use is
 * filled with the canary and poisoned. */
void guarded_arena(guarded *g, size_t size, wisp_arena *arena);
/* Canaries intact? (Under ASan a stray access has already aborted.) */
bool guarded_intact(const guarded *g);

/* A memory (or table) alone in an arena of exactly its size, so any access
 * past its end lands in a guard zone. Returns NULL if it cannot be built. */
wisp_memory *exact_memory(guarded *g, wisp_arena *a, uint32_t pages, uint32_t max, bool has_max);
wisp_table *exact_table(guarded *g, wisp_arena *a, wisp_type elem, uint32_t size, uint32_t max,
                        bool has_max);

/* ---- dummy imports -----------------------------------------------------
 * Functions return zeros (and count their calls); memories, tables and
 * globals follow the spec suite's `spectest` module (memory 1 2,
 * table 10 20 funcref, global_i32 = 666, ...); other globals are i32 0.
 * Memories and tables sit in their own exact arenas (see above). */
typedef struct dummy_env {
    wisp_arena *arena;        /* host functions are built here */
    const wisp_module *mod;
    guarded *mem_g, *tab_g;   /* the caller's (reused across runs); NULL: no such imports */
    wisp_arena mem_a, tab_a;
    wisp_memory *memory;      /* made on first use */
    wisp_table *table;
    uint64_t host_calls;
    bool resolve_nomem;       /* building an import ran out of arena */
    /* Optional: called for each host call (e.g. to print it). */
    void (*log)(struct dummy_env *env, const wisp_import_desc *imp, const uint8_t *params,
                uint32_t nparams, const wisp_value *args);
    void *user;
    void *users;              /* internal: per-import records for the host functions */
    /* Optional chaos (fuzz_run): a seed, 0 for none. Host functions then
     * re-enter their caller's exports (under a little fuel, nested at most
     * CHAOS_DEPTH deep), grow its memories and exported tables, or trap,
     * at random: every way back into the guest gets exercised. */
    uint64_t chaos;
    uint32_t chaos_depth;     /* internal: re-entries under way */
    uint64_t reentries, grows; /* what chaos did */
} dummy_env;

void dummy_env_init(dummy_env *env, wisp_arena *arena, const wisp_module *mod, guarded *mem_g,
                    guarded *tab_g);
void dummy_env_free(dummy_env *env);
wisp_err dummy_resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out);
bool dummy_env_intact(const dummy_env *env);

/* ---- running exports ---------------------------------------------------- */
typedef struct run_opts {
    int64_t fuel;        /* per export call */
    uint32_t arg_seed;   /* 0: all arguments zero; else a mix of edge values */
    bool resume;         /* after running out of fuel, add a little and resume once */
    bool backtrace;      /* after a trap, read every frame, local and stack entry */
    uint32_t max_exports;/* 0: all */
    void (*on_trap)(wisp_instance *inst); /* optional: after each call that trapped */
} run_opts;

typedef struct run_stats {
    uint64_t calls, ok, traps, out_of_fuel;
    uint64_t digest;     /* FNV-1a of every outcome: results, trap kinds */
} run_stats;

/* Calls each exported function of `inst` once. Aborts (so the fuzzer or
 * the test reports it) on anything that is not a clean outcome. */
void run_exports(wisp_instance *inst, const run_opts *o, run_stats *st);

/* FNV-1a over bytes, for digests. */
uint64_t fnv1a(uint64_t h, const void *p, size_t n);
#define FNV_INIT UINT64_C(0xcbf29ce484222325)

/* Print a message and abort: a failed invariant. */
_Noreturn void harness_fail(const char *fmt, ...);

#endif

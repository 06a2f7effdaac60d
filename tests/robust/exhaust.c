/* Exhaustion: modules that push one dimension to the extreme (recursion,
 * locals, nesting, table and memory sizes, br_table width, body size,
 * operand stack height, call chains, parameter counts). Each must end in a
 * clean outcome, which the case states exactly, and must run on a small C
 * stack: every case runs on a thread whose stack is STACK_KIB KiB (64 in
 * the plain build) with an unmapped page below it, painted beforehand, so
 * an unbounded C recursion crashes and the deepest byte used is measured.
 *
 *   exhaust [-v]   prints one line per case with its C stack high-water mark */
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness.h"
#include "wasm_enc.h"

#ifndef STACK_KIB
#define STACK_KIB 64
#endif
#define ARENA_CAP (256u << 20)
#define PAINT 0xcd

static guarded g;
static int failures, verbose;

/* ---- building modules -------------------------------------------------- */

enum { I32 = 0x7f, I64 = 0x7e, FUNC = 0x60, END = 0x0b };

typedef struct modspec {
    const uint8_t *type; /* one functype: 0x60 n params... m results... */
    size_t type_len;
    const uint8_t *locals; /* the body's local declarations, count first */
    size_t locals_len;
    wbuf body;         /* instructions, without the final end */
    int64_t table_min; /* < 0: none */
    int64_t table_max; /* < 0: no max */
    int64_t mem_min;   /* < 0: none */
    int64_t mem_max;
    uint32_t nfuncs;   /* copies of the function (for call chains); 0 = 1 */
} modspec;

static void limits(wbuf *b, int64_t min, int64_t max)
{
    wb_u8(b, max < 0 ? 0 : 1);
    wb_u32(b, (uint32_t)min);
    if (max >= 0)
        wb_u32(b, (uint32_t)max);
}

/* One type, nfuncs functions sharing one body, exported: "f" = function 0. */
static void build(const modspec *s, wbuf *mod)
{
    wbuf sec = {0};
    uint32_t nf = s->nfuncs ? s->nfuncs : 1;
    wb_header(mod);
    wb_u32(&sec, 1);
    wb_bytes(&sec, s->type, s->type_len);
    wb_section(mod, 1, &sec);
    sec.len = 0;
    wb_u32(&sec, nf);
    for (uint32_t i = 0; i < nf; i++)
        wb_u32(&sec, 0);
    wb_section(mod, 3, &sec);
    if (s->table_min >= 0) {
        sec.len = 0;
        wb_u32(&sec, 1);
        wb_u8(&sec, 0x70);
        limits(&sec, s->table_min, s->table_max);
        wb_section(mod, 4, &sec);
    }
    if (s->mem_min >= 0) {
        sec.len = 0;
        wb_u32(&sec, 1);
        limits(&sec, s->mem_min, s->mem_max);
        wb_section(mod, 5, &sec);
    }
    sec.len = 0;
    wb_u32(&sec, 1);
    wb_name(&sec, "f");
    wb_u8(&sec, 0);
    wb_u32(&sec, 0);
    wb_section(mod, 7, &sec);
    sec.len = 0;
    wb_u32(&sec, nf);
    for (uint32_t i = 0; i < nf; i++) {
        wb_u32(&sec, (uint32_t)(s->locals_len + s->body.len + 1));
        wb_bytes(&sec, s->locals, s->locals_len);
        wb_bytes(&sec, s->body.p, s->body.len);
        wb_u8(&sec, END);
    }
    wb_section(mod, 10, &sec);
    wb_free(&sec);
}

/* ---- running a case on a small, painted stack ---------------------------- */

typedef struct outcome {
    wisp_err load, inst, call;
    wisp_trap_kind trap;
    wisp_value res;
    char why[160];
} outcome;

typedef struct job {
    const uint8_t *bytes;
    size_t len;
    wisp_config cfg;
    size_t arena;
    uint32_t nargs;
    wisp_value args[4];
    outcome out;
} job;

static void *run_job(void *p)
{
    job *j = p;
    outcome *o = &j->out;
    wisp_arena a;
    wisp_module *m;
    wisp_instance *inst;
    wisp_func *f;
    memset(o, 0, sizeof *o);
    guarded_arena(&g, j->arena, &a);
    o->load = wisp_module_load(&a, j->bytes, j->len, &m);
    if (o->load) {
        snprintf(o->why, sizeof o->why, "%s", wisp_arena_error(&a));
        return NULL;
    }
    o->inst = wisp_instance_create(&a, m, &j->cfg, NULL, NULL, &inst);
    if (o->inst) {
        snprintf(o->why, sizeof o->why, "%s", wisp_arena_error(&a));
        return NULL;
    }
    if (wisp_instance_find_func(inst, "f", &f))
        return NULL;
    const uint8_t *pt, *rt;
    uint32_t np, nr;
    wisp_func_type(f, &pt, &np, &rt, &nr);
    wisp_value *args = calloc(np + 1, sizeof *args);
    for (uint32_t i = 0; i < j->nargs && i < np; i++)
        args[i] = j->args[i];
    wisp_instance_set_fuel(inst, 100000000);
    o->call = wisp_func_call(inst, f, args, np, &o->res, nr);
    free(args);
    if (o->call == WISP_ERR_TRAP) {
        wisp_trap_info t;
        wisp_instance_trap(inst, &t);
        o->trap = t.kind;
        snprintf(o->why, sizeof o->why, "%s", t.message);
        /* the trap-time backtrace re-translates a function: it must stay
         * within the stack too */
        uint32_t n = wisp_backtrace_count(inst);
        wisp_frame_info fi;
        for (uint32_t k = 0; k < n && k < 4; k++)
            wisp_backtrace_frame(inst, k, &fi);
    }
    return NULL;
}

/* Runs j on a fresh STACK_KIB stack; returns the bytes of it used. */
static size_t run_small_stack(job *j)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), size = (size_t)STACK_KIB << 10;
    uint8_t *map = mmap(NULL, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                        -1, 0);
    if (map == MAP_FAILED)
        harness_fail("mmap failed");
    mprotect(map, page, PROT_NONE); /* overflow faults instead of corrupting */
    uint8_t *stack = map + page;
    memset(stack, PAINT, size);
    pthread_attr_t at;
    pthread_t t;
    pthread_attr_init(&at);
    pthread_attr_setstack(&at, stack, size);
    if (pthread_create(&t, &at, run_job, j))
        harness_fail("pthread_create failed");
    pthread_join(t, NULL);
    pthread_attr_destroy(&at);
    size_t untouched = 0;
    while (untouched < size && stack[untouched] == PAINT)
        untouched++;
    munmap(map, size + page);
    return size - untouched;
}

/* ---- the cases ------------------------------------------------------------ */

typedef enum { WANT_LOAD_FAIL, WANT_NOMEM_LOAD, WANT_NOMEM_INST, WANT_TRAP, WANT_I32,
               WANT_I32_OR_NOMEM } want_kind;

typedef struct want {
    want_kind kind;
    wisp_trap_kind trap; /* WANT_TRAP */
    int32_t value;       /* WANT_I32 */
} want;

static size_t worst_stack;

static void check(const char *name, const modspec *s, wisp_config cfg, size_t arena,
                  const int32_t *args, uint32_t nargs, want w)
{
    wbuf mod = {0};
    build(s, &mod);
    job j = {.bytes = mod.p, .len = mod.len, .cfg = cfg, .arena = arena, .nargs = nargs};
    for (uint32_t i = 0; i < nargs; i++)
        j.args[i].i32 = args[i];
    size_t used = run_small_stack(&j);
    if (used > worst_stack)
        worst_stack = used;
    const outcome *o = &j.out;
    bool ok;
    switch (w.kind) {
    case WANT_LOAD_FAIL:
        ok = o->load == WISP_ERR_MALFORMED || o->load == WISP_ERR_INVALID ||
             o->load == WISP_ERR_UNSUPPORTED;
        break;
    case WANT_NOMEM_LOAD: ok = o->load == WISP_ERR_NOMEM; break;
    case WANT_I32_OR_NOMEM: /* a limit of today's translator, not of the format */
        ok = o->load == WISP_ERR_NOMEM || (!o->load && !o->inst && !o->call && o->res.i32 == w.value);
        break;
    case WANT_NOMEM_INST: ok = !o->load && o->inst == WISP_ERR_NOMEM; break;
    case WANT_TRAP: ok = !o->load && !o->inst && o->call == WISP_ERR_TRAP && o->trap == w.trap; break;
    default: ok = !o->load && !o->inst && !o->call && o->res.i32 == w.value; break;
    }
    if (!guarded_intact(&g))
        ok = false, snprintf(j.out.why, sizeof j.out.why, "wrote outside the arena");
    if (!ok)
        failures++;
    if (!ok || verbose)
        printf("%s %-34s module %7zu B, C stack %5zu B: load %s, inst %s, call %s, result %d%s%s\n",
               ok ? "ok  " : "FAIL", name, mod.len, used, wisp_err_str(o->load),
               wisp_err_str(o->inst), wisp_err_str(o->call), o->res.i32, o->why[0] ? ": " : "",
               o->why);
    wb_free(&mod);
}

static const wisp_config dflt = {0};
static const uint8_t t_v_v[] = {FUNC, 0, 0};
static const uint8_t t_v_i[] = {FUNC, 0, 1, I32};
static const uint8_t t_i_i[] = {FUNC, 1, I32, 1, I32};
static const uint8_t no_locals[] = {0};

#define SPEC(t) {.type = t, .type_len = sizeof t, .locals = no_locals, .locals_len = 1, \
                 .table_min = -1, .mem_min = -1}
#define TRAPS(k) ((want){WANT_TRAP, k, 0})
#define RETURNS(v) ((want){WANT_I32, WISP_TRAP_NONE, v})
#define LOAD_FAILS ((want){WANT_LOAD_FAIL, WISP_TRAP_NONE, 0})
#define NOMEM ((want){WANT_NOMEM_INST, WISP_TRAP_NONE, 0})

static void recursion(void)
{
    modspec s = SPEC(t_v_v); /* (func $f call $f) */
    wb_u8(&s.body, 0x10), wb_u32(&s.body, 0);
    check("recursion, default limits", &s, dflt, 16u << 20, NULL, 0,
          TRAPS(WISP_TRAP_STACK_EXHAUSTED));
    wisp_config deep = {.value_stack_slots = 4u << 20, .call_depth = 2000000};
    check("recursion, 2M frames allowed", &s, deep, 128u << 20, NULL, 0,
          TRAPS(WISP_TRAP_STACK_EXHAUSTED));
    wb_free(&s.body);

    /* each frame holds 1000 locals: the value stack runs out first */
    static const uint8_t many[] = {1, 0xe8, 0x07, I32};
    modspec t = SPEC(t_i_i);
    t.locals = many, t.locals_len = sizeof many;
    wb_u8(&t.body, 0x20), wb_u32(&t.body, 0); /* local.get 0; call 0 */
    wb_u8(&t.body, 0x10), wb_u32(&t.body, 0);
    check("recursion, 1000 locals a frame", &t, dflt, 16u << 20, (int32_t[]){1}, 1,
          TRAPS(WISP_TRAP_STACK_EXHAUSTED));
    wb_free(&t.body);
}

static void locals(void)
{
    modspec s = SPEC(t_v_i); /* local.get <last> */
    static const uint8_t huge[] = {1, 0xff, 0xff, 0xff, 0xff, 0x0f, I32};
    s.locals = huge, s.locals_len = sizeof huge;
    wb_u8(&s.body, 0x20), wb_u32(&s.body, 0);
    check("2^32-1 locals", &s, dflt, 16u << 20, NULL, 0, LOAD_FAILS);
    /* two declarations whose sum wraps 32 bits to 1 */
    static const uint8_t wrap[] = {2, 0xff, 0xff, 0xff, 0xff, 0x0f, I32, 2, I64};
    s.locals = wrap, s.locals_len = sizeof wrap;
    check("locals summing past 2^32", &s, dflt, 16u << 20, NULL, 0, LOAD_FAILS);
    static const uint8_t fifty_k[] = {1, 0xd0, 0x86, 0x03, I32}; /* 50000 */
    s.locals = fifty_k, s.locals_len = sizeof fifty_k;
    s.body.len = 0;
    wb_u8(&s.body, 0x20), wb_u32(&s.body, 49999);
    check("50000 locals, default stack", &s, dflt, 16u << 20, NULL, 0,
          TRAPS(WISP_TRAP_STACK_EXHAUSTED));
    wisp_config big = {.value_stack_slots = 60000};
    check("50000 locals, 60000-slot stack", &s, big, 16u << 20, NULL, 0, RETURNS(0));
    wb_free(&s.body);
}

static void nesting(void)
{
    const uint32_t n = 100000;
    static const uint8_t kinds[3] = {0x02, 0x03, 0x04}; /* block, loop, if */
    static const char *names[3] = {"100k nested blocks", "100k nested loops", "100k nested ifs"};
    for (int k = 0; k < 3; k++) {
        modspec s = SPEC(t_v_i);
        for (uint32_t i = 0; i < n; i++) {
            if (kinds[k] == 0x04)
                wb_u8(&s.body, 0x41), wb_s64(&s.body, 1); /* i32.const 1 */
            wb_u8(&s.body, kinds[k]), wb_u8(&s.body, 0x40);
        }
        for (uint32_t i = 0; i < n; i++)
            wb_u8(&s.body, END);
        wb_u8(&s.body, 0x41), wb_s64(&s.body, 5);
        check(names[k], &s, dflt, 64u << 20, NULL, 0, RETURNS(5));
        wb_free(&s.body);
    }
    /* a branch out of all of them from the innermost */
    modspec s = SPEC(t_v_i);
    for (uint32_t i = 0; i < n; i++)
        wb_u8(&s.body, 0x02), wb_u8(&s.body, 0x40);
    wb_u8(&s.body, 0x0c), wb_u32(&s.body, n - 1);
    for (uint32_t i = 0; i < n; i++)
        wb_u8(&s.body, END);
    wb_u8(&s.body, 0x41), wb_s64(&s.body, 6);
    check("br out of 100k blocks", &s, dflt, 64u << 20, NULL, 0, RETURNS(6));
    check("100k blocks in a 64 KiB arena", &s, dflt, 64u << 10, NULL, 0,
          (want){WANT_NOMEM_LOAD, WISP_TRAP_NONE, 0});
    wb_free(&s.body);
}

static void tables_memories(void)
{
    modspec s = SPEC(t_v_i);
    wb_u8(&s.body, 0x41), wb_s64(&s.body, 1);
    s.table_min = 10000000, s.table_max = -1;
    check("table of 10M elements", &s, dflt, 16u << 20, NULL, 0, NOMEM);
    s.table_min = 0xffffffffu;
    check("table of 2^32-1 elements", &s, dflt, 16u << 20, NULL, 0, NOMEM);
    s.table_min = -1, s.mem_min = 65536, s.mem_max = -1;
    check("memory of 65536 pages", &s, dflt, 16u << 20, NULL, 0, NOMEM);
    s.mem_min = 65537;
    check("memory of 65537 pages", &s, dflt, 16u << 20, NULL, 0, LOAD_FAILS);
    wb_free(&s.body);

    /* growth requests that cannot be met give -1 */
    static const struct { const char *name; uint8_t op; uint32_t delta; int64_t min, max; } grows[] = {
        {"memory.grow 65536 from 1 page", 0x40, 65536, 1, -1},
        {"memory.grow 2^32-1", 0x40, 0xffffffffu, 0, -1},
        {"memory.grow 100 in a small arena", 0x40, 100, 0, -1},
        {"table.grow 2^32-1", 0x0f, 0xffffffffu, 1, -1},
        {"table.grow 10M in a small arena", 0x0f, 10000000, 1, -1},
    };
    for (size_t i = 0; i < sizeof grows / sizeof grows[0]; i++) {
        modspec t = SPEC(t_v_i);
        if (grows[i].op == 0x40) {
            t.mem_min = grows[i].min, t.mem_max = grows[i].max;
            wb_u8(&t.body, 0x41), wb_s64(&t.body, (int32_t)grows[i].delta);
            wb_u8(&t.body, 0x40), wb_u8(&t.body, 0);
        } else {
            t.table_min = grows[i].min, t.table_max = grows[i].max;
            wb_u8(&t.body, 0xd0), wb_u8(&t.body, 0x70); /* ref.null func */
            wb_u8(&t.body, 0x41), wb_s64(&t.body, (int32_t)grows[i].delta);
            wb_u8(&t.body, 0xfc), wb_u32(&t.body, 15), wb_u32(&t.body, 0);
        }
        check(grows[i].name, &t, dflt, 4u << 20, NULL, 0, RETURNS(-1));
        wb_free(&t.body);
    }
    /* table.fill far past the end traps, touching nothing */
    modspec t = SPEC(t_v_i);
    t.table_min = 4, t.table_max = -1;
    wb_u8(&t.body, 0x41), wb_s64(&t.body, 2);
    wb_u8(&t.body, 0xd0), wb_u8(&t.body, 0x70);
    wb_u8(&t.body, 0x41), wb_s64(&t.body, -1);
    wb_u8(&t.body, 0xfc), wb_u32(&t.body, 17), wb_u32(&t.body, 0);
    wb_u8(&t.body, 0x41), wb_s64(&t.body, 0);
    check("table.fill 2^32-1 elements", &t, dflt, 4u << 20, NULL, 0,
          TRAPS(WISP_TRAP_TABLE_OOB));
    wb_free(&t.body);
}

static void br_table_wide(void)
{
    const uint32_t n = 1000000;
    modspec s = SPEC(t_i_i);
    wb_u8(&s.body, 0x02), wb_u8(&s.body, 0x40);
    wb_u8(&s.body, 0x02), wb_u8(&s.body, 0x40);
    wb_u8(&s.body, 0x02), wb_u8(&s.body, 0x40);
    wb_u8(&s.body, 0x20), wb_u32(&s.body, 0);
    wb_u8(&s.body, 0x0e), wb_u32(&s.body, n);
    for (uint32_t i = 0; i < n; i++)
        wb_u8(&s.body, (uint8_t)(i & 1)); /* even -> 10, odd -> 11 */
    wb_u8(&s.body, 2);                    /* default -> 12 */
    wb_u8(&s.body, END);
    wb_u8(&s.body, 0x41), wb_s64(&s.body, 10), wb_u8(&s.body, 0x0f);
    wb_u8(&s.body, END);
    wb_u8(&s.body, 0x41), wb_s64(&s.body, 11), wb_u8(&s.body, 0x0f);
    wb_u8(&s.body, END);
    wb_u8(&s.body, 0x41), wb_s64(&s.body, 12);
    check("br_table 1M targets, index 0", &s, dflt, 100u << 20, (int32_t[]){0}, 1, RETURNS(10));
    check("br_table 1M targets, index 999999", &s, dflt, 100u << 20, (int32_t[]){999999}, 1,
          RETURNS(11));
    check("br_table 1M targets, index 1M", &s, dflt, 100u << 20, (int32_t[]){1000000}, 1,
          RETURNS(12));
    check("br_table 1M targets, index -1", &s, dflt, 100u << 20, (int32_t[]){-1}, 1, RETURNS(12));
    wb_free(&s.body);
}

static void big_bodies(void)
{
    /* The translator sizes its scratch stacks by the body's length (about
     * 80 bytes per body byte on 64-bit hosts): 1 MB needs ~80 MB of arena;
     * 3 MB in 64 MiB must either run or say NOMEM cleanly. */
    modspec s = SPEC(t_v_i); /* 333k x (i32.const 1; drop) */
    for (uint32_t i = 0; i < 333333; i++)
        wb_u8(&s.body, 0x41), wb_u8(&s.body, 1), wb_u8(&s.body, 0x1a);
    wb_u8(&s.body, 0x41), wb_s64(&s.body, 3);
    check("1 MB body", &s, dflt, 100u << 20, NULL, 0, RETURNS(3));
    s.body.len -= 2; /* the final i32.const 3 */
    for (uint32_t i = 0; i < 666667; i++)
        wb_u8(&s.body, 0x41), wb_u8(&s.body, 1), wb_u8(&s.body, 0x1a);
    wb_u8(&s.body, 0x41), wb_s64(&s.body, 3);
    check("3 MB body in 64 MiB", &s, dflt, 64u << 20, NULL, 0,
          (want){WANT_I32_OR_NOMEM, WISP_TRAP_NONE, 3});
    wb_free(&s.body);

    const uint32_t h = 100000; /* operand stack 100k deep: 1+1+...+1 */
    modspec t = SPEC(t_v_i);
    for (uint32_t i = 0; i < h; i++)
        wb_u8(&t.body, 0x41), wb_u8(&t.body, 1);
    for (uint32_t i = 1; i < h; i++)
        wb_u8(&t.body, 0x6a);
    check("operand stack 100k, default stack", &t, dflt, 64u << 20, NULL, 0,
          TRAPS(WISP_TRAP_STACK_EXHAUSTED));
    wisp_config big = {.value_stack_slots = 110000};
    check("operand stack 100k, 110k slots", &t, big, 64u << 20, NULL, 0, RETURNS((int32_t)h));
    wb_free(&t.body);
}

static void call_chain(void)
{
    /* 20000 functions; function i calls i+1 (the same body, so "call
     * index+1" is spelled by hand: each copy gets its own body below) */
    const uint32_t n = 20000;
    wbuf mod = {0}, sec = {0};
    wb_header(&mod);
    wb_u32(&sec, 1), wb_bytes(&sec, t_v_i, sizeof t_v_i), wb_section(&mod, 1, &sec);
    sec.len = 0;
    wb_u32(&sec, n);
    for (uint32_t i = 0; i < n; i++)
        wb_u32(&sec, 0);
    wb_section(&mod, 3, &sec);
    sec.len = 0;
    wb_u32(&sec, 1), wb_name(&sec, "f"), wb_u8(&sec, 0), wb_u32(&sec, 0);
    wb_section(&mod, 7, &sec);
    sec.len = 0;
    wb_u32(&sec, n);
    for (uint32_t i = 0; i < n; i++) {
        wbuf body = {0};
        wb_u8(&body, 0);
        if (i + 1 < n)
            wb_u8(&body, 0x10), wb_u32(&body, i + 1); /* call i+1 */
        else
            wb_u8(&body, 0x41), wb_s64(&body, 42);
        wb_u8(&body, END);
        wb_u32(&sec, (uint32_t)body.len), wb_bytes(&sec, body.p, body.len);
        wb_free(&body);
    }
    wb_section(&mod, 10, &sec);
    wb_free(&sec);
    for (int k = 0; k < 2; k++) {
        wisp_config c = k ? (wisp_config){.call_depth = 30000} : dflt;
        job j = {.bytes = mod.p, .len = mod.len, .cfg = c, .arena = 64u << 20};
        size_t used = run_small_stack(&j);
        bool ok = k ? !j.out.call && j.out.res.i32 == 42
                    : j.out.call == WISP_ERR_TRAP && j.out.trap == WISP_TRAP_STACK_EXHAUSTED;
        ok = ok && guarded_intact(&g);
        worst_stack = used > worst_stack ? used : worst_stack;
        failures += !ok;
        if (!ok || verbose)
            printf("%s %-34s module %7zu B, C stack %5zu B: call %s, result %d %s\n",
                   ok ? "ok  " : "FAIL", k ? "20000-deep call chain, depth 30000" :
                   "20000-deep call chain, default", mod.len, used, wisp_err_str(j.out.call),
                   j.out.res.i32, j.out.why);
    }
    wb_free(&mod);
}

static void many_params(void)
{
    /* (func (param i32 x 1000) (result i32) local.get 999) */
    wbuf type = {0};
    wb_u8(&type, FUNC), wb_u32(&type, 1000);
    for (int i = 0; i < 1000; i++)
        wb_u8(&type, I32);
    wb_u8(&type, 1), wb_u8(&type, I32);
    modspec s = SPEC(t_v_i);
    s.type = type.p, s.type_len = type.len;
    wb_u8(&s.body, 0x20), wb_u32(&s.body, 999);
    check("1000 parameters", &s, dflt, 16u << 20, NULL, 0, RETURNS(0));
    wb_free(&s.body);
    wb_free(&type);
}

int main(int argc, char **argv)
{
    verbose = argc > 1 && !strcmp(argv[1], "-v");
    guarded_init(&g, ARENA_CAP);
    recursion();
    locals();
    nesting();
    tables_memories();
    br_table_wide();
    big_bodies();
    call_chain();
    many_params();
    printf("exhaust: %s; deepest C stack %zu bytes of %d KiB\n",
           failures ? "FAILED" : "all cases clean", worst_stack, STACK_KIB);
    guarded_free(&g);
    return failures ? 1 : 0;
}

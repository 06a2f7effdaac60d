/* A minimal freestanding runtime for wasm2c's output (wabt 1.0.32's
 * wasm-rt.h), for the native measurement of the WASM-4 carts (README.md):
 * no signal handlers, no mmap, no malloc. On a 32-bit target wasm-rt.h
 * selects explicit bounds checks (WASM_RT_MEMCHECK_SIGNAL_HANDLER 0) and
 * call-depth counting (WASM_RT_USE_STACK_DEPTH_COUNT 1), so every load and
 * store of the generated code is checked against the memory's size, and a
 * trap prints its reason and stops the machine (w4n_trap): nothing unwinds,
 * so wasm_rt_try and exceptions are not provided (no cart uses them).
 *
 * Memories and tables come from static pools; the carts' one memory is
 * the harness's (env.memory, imported), their tables are small. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "wasm-rt.h"
#include "w4native.h"

#if WASM_RT_MEMCHECK_SIGNAL_HANDLER && !defined(W4N_UNCHECKED)
#error "the native measurement uses explicit bounds checks (native.py --unchecked: none)"
#endif

#if WASM_RT_USE_STACK_DEPTH_COUNT
uint32_t wasm_rt_call_stack_depth;
#endif

static bool initialized;

void wasm_rt_init(void)
{
    initialized = true;
}

bool wasm_rt_is_initialized(void)
{
    return initialized;
}

void wasm_rt_free(void)
{
    initialized = false;
}

const char *wasm_rt_strerror(wasm_rt_trap_t trap)
{
    switch (trap) {
    case WASM_RT_TRAP_NONE:
        return "no trap";
    case WASM_RT_TRAP_OOB:
        return "out of bounds memory or table access";
    case WASM_RT_TRAP_INT_OVERFLOW:
        return "integer overflow";
    case WASM_RT_TRAP_DIV_BY_ZERO:
        return "integer divide by zero";
    case WASM_RT_TRAP_INVALID_CONVERSION:
        return "invalid conversion to integer";
    case WASM_RT_TRAP_UNREACHABLE:
        return "unreachable executed";
    case WASM_RT_TRAP_CALL_INDIRECT:
        return "indirect call: null or type mismatch";
    case WASM_RT_TRAP_UNCAUGHT_EXCEPTION:
        return "uncaught exception";
#if !WASM_RT_MERGED_OOB_AND_EXHAUSTION_TRAPS
    case WASM_RT_TRAP_EXHAUSTION:
        return "call stack exhausted";
#endif
    }
    return "unknown trap";
}

void wasm_rt_trap(wasm_rt_trap_t trap)
{
    w4n_trap(wasm_rt_strerror(trap));
}

/* ---- function types: one index per distinct signature -------------------- */

#define TYPE_BYTES 8192u
#define MAX_TYPES 512u

static uint8_t type_bytes[TYPE_BYTES]; /* params, results, then the types */
static uint32_t type_at[MAX_TYPES];
static uint32_t ntypes, type_used;

uint32_t wasm_rt_register_func_type(uint32_t params, uint32_t results, ...)
{
    const uint32_t n = params + results;
    if (params > 255 || results > 255 || type_used + 2 + n > TYPE_BYTES || ntypes == MAX_TYPES)
        w4n_trap("too many function types for the runtime's pool");
    uint8_t *t = type_bytes + type_used;
    t[0] = (uint8_t)params;
    t[1] = (uint8_t)results;
    va_list ap;
    va_start(ap, results);
    for (uint32_t i = 0; i < n; i++)
        t[2 + i] = (uint8_t)va_arg(ap, int); /* wasm_rt_type_t, promoted */
    va_end(ap);
    for (uint32_t k = 0; k < ntypes; k++) {
        const uint8_t *u = type_bytes + type_at[k];
        uint32_t i = 0;
        if (u[0] == t[0] && u[1] == t[1])
            while (i < n && u[2 + i] == t[2 + i])
                i++;
        if (u[0] == t[0] && u[1] == t[1] && i == n)
            return k;
    }
    type_at[ntypes] = type_used;
    type_used += 2 + n;
    return ntypes++;
}

/* ---- memories and tables from static pools ---------------------------------- */

#define PAGE 65536u
#define POOL_BYTES (128u * 1024u) /* a cart's own memory (none here) and its tables */

static uint8_t pool[POOL_BYTES] __attribute__((aligned(8)));
static uint32_t pool_used;

static void *pool_take(uint64_t bytes)
{
    const uint64_t at = ((uint64_t)pool_used + 7u) & ~(uint64_t)7u;
    if (at + bytes > POOL_BYTES)
        w4n_trap("the runtime's static pool is full");
    pool_used = (uint32_t)(at + bytes);
    uint8_t *p = pool + at;
    for (uint64_t i = 0; i < bytes; i++)
        p[i] = 0;
    return p;
}

/* A memory gets its maximum (or its initial size when it has none) up
 * front: it never moves, and grows only within that. */
void wasm_rt_allocate_memory(wasm_rt_memory_t *mem, uint32_t initial_pages, uint32_t max_pages)
{
    const uint32_t reserve = max_pages == 0xffffffffu ? initial_pages : max_pages;
    mem->data = pool_take((uint64_t)reserve * PAGE);
    mem->pages = initial_pages;
    mem->max_pages = reserve;
    mem->size = initial_pages * PAGE;
}

uint32_t wasm_rt_grow_memory(wasm_rt_memory_t *mem, uint32_t delta)
{
    const uint32_t old = mem->pages;
    const uint64_t pages = (uint64_t)old + delta;
    if (pages > mem->max_pages || pages > 65536u)
        return 0xffffffffu;
    if (!delta) /* nothing written (native.py --fixed-memory's memory is const) */
        return old;
    for (uint64_t i = (uint64_t)old * PAGE; i < pages * PAGE; i++)
        mem->data[i] = 0;
    mem->pages = (uint32_t)pages;
    mem->size = (uint32_t)(pages * PAGE);
    return old;
}

void wasm_rt_free_memory(wasm_rt_memory_t *mem)
{
    (void)mem;
}

void wasm_rt_allocate_funcref_table(wasm_rt_funcref_table_t *table, uint32_t elements,
                                    uint32_t max_elements)
{
    table->data = pool_take((uint64_t)elements * sizeof(wasm_rt_funcref_t));
    table->size = elements;
    table->max_size = max_elements;
}

void wasm_rt_free_funcref_table(wasm_rt_funcref_table_t *table)
{
    (void)table;
}

void wasm_rt_allocate_externref_table(wasm_rt_externref_table_t *table, uint32_t elements,
                                      uint32_t max_elements)
{
    table->data = pool_take((uint64_t)elements * sizeof(wasm_rt_externref_t));
    table->size = elements;
    table->max_size = max_elements;
}

void wasm_rt_free_externref_table(wasm_rt_externref_table_t *table)
{
    (void)table;
}

/* Growing a table moves it to a new block of the pool (the old one is not
 * reused). */
uint32_t wasm_rt_grow_funcref_table(wasm_rt_funcref_table_t *table, uint32_t delta,
                                    wasm_rt_funcref_t init)
{
    const uint32_t old = table->size;
    const uint64_t n = (uint64_t)old + delta;
    if (n > table->max_size)
        return 0xffffffffu;
    if (delta) {
        wasm_rt_funcref_t *d = pool_take(n * sizeof *d);
        for (uint32_t i = 0; i < old; i++)
            d[i] = table->data[i];
        for (uint64_t i = old; i < n; i++)
            d[i] = init;
        table->data = d;
        table->size = (uint32_t)n;
    }
    return old;
}

uint32_t wasm_rt_grow_externref_table(wasm_rt_externref_table_t *table, uint32_t delta,
                                      wasm_rt_externref_t init)
{
    const uint32_t old = table->size;
    const uint64_t n = (uint64_t)old + delta;
    if (n > table->max_size)
        return 0xffffffffu;
    if (delta) {
        wasm_rt_externref_t *d = pool_take(n * sizeof *d);
        for (uint32_t i = 0; i < old; i++)
            d[i] = table->data[i];
        for (uint64_t i = old; i < n; i++)
            d[i] = init;
        table->data = d;
        table->size = (uint32_t)n;
    }
    return old;
}

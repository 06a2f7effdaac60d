/* Isolation: the known ways out of a guest's own memory and table, each
 * tried at its edges, against a shadow model of what the spec allows.
 *
 * The guest imports its memory and table, and both sit alone in arenas of
 * exactly their size with poisoned guard zones after them (harness.h), so
 * under ASan the first byte read or written past either is reported where
 * it happens, not just a wrong answer afterwards. For memories of 0, 1 and
 * 2 pages:
 *  - every load and store width at 16 static offsets (0 .. 2^32-1), at
 *    addresses around the end, around 2^31, and where addr+offset passes
 *    2^32 (a 32-bit sum would wrap to a small, in-bounds address): trap
 *    exactly when addr+offset+width > size; loads return the right bytes;
 *    stores change exactly their bytes, and nothing when they trap; a
 *    trap reports the effective address (64-bit), the width and the
 *    memory's size (wisp_trap_info);
 *  - memory.fill/copy/init (and after data.drop) over a grid of edge
 *    values of destination, source and length, against a memmove model;
 *    a trap reports the range that did not fit;
 *  - table.get/set/fill/copy/init/grow and call_indirect over edge indices:
 *    past the end, null entries, signature mismatch, and a host function in
 *    the table; the table is read back through call_indirect each time;
 *  - a host function given (ptr, len) from the guest checks it with the
 *    CLI's guest_at() (tools/lib/guestmem.h) before touching a byte.
 *
 *   isolate     prints the number of checks; exit 1 on any failure */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "wasm_enc.h"
#include "guestmem.h"

enum { I32 = 0x7f, I64 = 0x7e, FUNCREF = 0x70, END = 0x0b };

static const uint32_t offsets[] = {0,          1,          2,          3,
                                   4,          7,          8,          15,
                                   16,         0xfff0,     0xffff,     0x10000,
                                   0x7fffffff, 0x80000000, 0xfffffff8, 0xffffffff};
#define NOFF (sizeof offsets / sizeof offsets[0])

typedef struct memop {
    uint8_t op, width;
    bool sign;       /* loads: sign-extending */
    bool wide;       /* the value is 64 bits (i64 ops; f64) */
    uint8_t conv[2]; /* loads: to i64; stores: from i64 */
} memop;

static const memop loads[] = {
    {0x28, 4, 0, 0, {0xad}},       {0x29, 8, 0, 1, {0}},          {0x2a, 4, 0, 0, {0xbc, 0xad}},
    {0x2b, 8, 0, 1, {0xbd}},       {0x2c, 1, 1, 0, {0xad}},       {0x2d, 1, 0, 0, {0xad}},
    {0x2e, 2, 1, 0, {0xad}},       {0x2f, 2, 0, 0, {0xad}},       {0x30, 1, 1, 1, {0}},
    {0x31, 1, 0, 1, {0}},          {0x32, 2, 1, 1, {0}},          {0x33, 2, 0, 1, {0}},
    {0x34, 4, 1, 1, {0}},          {0x35, 4, 0, 1, {0}},
};
static const memop stores[] = {
    {0x36, 4, 0, 0, {0xa7}}, {0x37, 8, 0, 1, {0}},    {0x38, 4, 0, 0, {0xa7, 0xbe}},
    {0x39, 8, 0, 1, {0xbf}}, {0x3a, 1, 0, 0, {0xa7}}, {0x3b, 2, 0, 0, {0xa7}},
    {0x3c, 1, 0, 1, {0}},    {0x3d, 2, 0, 1, {0}},    {0x3e, 4, 0, 1, {0}},
};
#define NLOADS (sizeof loads / sizeof loads[0])
#define NSTORES (sizeof stores / sizeof stores[0])

/* function indices: 0 is the imported host function */
enum {
    F_100 = 1, F_200, F_300, F_CONST, F_PROBE, F_HOSTCALL, F_MFILL, F_MCOPY, F_MINIT, F_DDROP,
    F_TGET, F_TSET, F_TFILL, F_TCOPY, F_TINIT, F_EDROP, F_TGROW, F_LOADS
};
#define F_STORES (F_LOADS + NLOADS * NOFF)
#define NFUNCS (F_STORES + NSTORES * NOFF)
enum { T_II_I, T_I_L, T_IL_V, T_III_V, T_V_V, T_V_I, T_I_I, T_II_V, NTYPES };
static const uint8_t type_of[F_LOADS] = {
    [0] = T_II_I,     [F_100] = T_II_I,  [F_200] = T_II_I, [F_300] = T_II_I, [F_CONST] = T_V_I,
    [F_PROBE] = T_I_I, [F_HOSTCALL] = T_II_I, [F_MFILL] = T_III_V, [F_MCOPY] = T_III_V,
    [F_MINIT] = T_III_V, [F_DDROP] = T_V_V, [F_TGET] = T_I_I, [F_TSET] = T_II_V,
    [F_TFILL] = T_II_V, [F_TCOPY] = T_III_V, [F_TINIT] = T_III_V, [F_EDROP] = T_V_V,
    [F_TGROW] = T_I_I,
};

#define DATA_LEN 16
#define TABLE_SIZE 10
static const uint32_t active_elems[] = {F_100, F_200, F_300, F_CONST, 0}; /* at 0 */
static const uint32_t passive_elems[] = {F_300, F_200, F_100, 0};

static void op(wbuf *b, uint8_t o) { wb_u8(b, o); }
static void op_u(wbuf *b, uint8_t o, uint32_t v) { wb_u8(b, o), wb_u32(b, v); }
static void fc(wbuf *b, uint32_t sub) { wb_u8(b, 0xfc), wb_u32(b, sub); }

static void body_of(uint32_t f, wbuf *b)
{
    wb_u8(b, 0); /* no locals */
    switch (f) {
    case F_100: case F_200: case F_300:
        op(b, 0x41), wb_s64(b, 100 * (int)(f - F_100 + 1));
        break;
    case F_CONST: op(b, 0x41), wb_s64(b, 7); break;
    case F_PROBE: /* call_indirect (type (i32 i32)->i32) with (5, 6) */
        op(b, 0x41), wb_s64(b, 5), op(b, 0x41), wb_s64(b, 6), op_u(b, 0x20, 0);
        op_u(b, 0x11, T_II_I), wb_u8(b, 0);
        break;
    case F_HOSTCALL: op_u(b, 0x20, 0), op_u(b, 0x20, 1), op_u(b, 0x10, 0); break;
    case F_MFILL: case F_MCOPY: case F_MINIT: case F_TCOPY: case F_TINIT:
        op_u(b, 0x20, 0), op_u(b, 0x20, 1), op_u(b, 0x20, 2);
        if (f == F_MFILL) fc(b, 11), wb_u8(b, 0);
        if (f == F_MCOPY) fc(b, 10), wb_u8(b, 0), wb_u8(b, 0);
        if (f == F_MINIT) fc(b, 8), wb_u32(b, 0), wb_u8(b, 0);
        if (f == F_TCOPY) fc(b, 14), wb_u32(b, 0), wb_u32(b, 0);
        if (f == F_TINIT) fc(b, 12), wb_u32(b, 1), wb_u32(b, 0); /* the passive segment */
        break;
    case F_DDROP: fc(b, 9), wb_u32(b, 0); break;
    case F_EDROP: fc(b, 13), wb_u32(b, 1); break;
    case F_TGET: op_u(b, 0x20, 0), op_u(b, 0x25, 0), op(b, 0xd1); break;
    case F_TSET: /* table[a] = b ? f200 : null */
        op_u(b, 0x20, 0), op_u(b, 0x20, 1), op(b, 0x04), op(b, FUNCREF);
        op_u(b, 0xd2, F_200), op(b, 0x05), op(b, 0xd0), op(b, FUNCREF), op(b, END);
        op_u(b, 0x26, 0);
        break;
    case F_TFILL: /* fill a.. with f300, b of them */
        op_u(b, 0x20, 0), op_u(b, 0xd2, F_300), op_u(b, 0x20, 1), fc(b, 17), wb_u32(b, 0);
        break;
    case F_TGROW: op(b, 0xd0), op(b, FUNCREF), op_u(b, 0x20, 0), fc(b, 15), wb_u32(b, 0); break;
    default:
        if (f < F_STORES) {
            const memop *m = &loads[(f - F_LOADS) / NOFF];
            op_u(b, 0x20, 0), op(b, m->op), wb_u32(b, 0), wb_u32(b, offsets[(f - F_LOADS) % NOFF]);
            for (int i = 0; i < 2 && m->conv[i]; i++)
                op(b, m->conv[i]);
        } else {
            const memop *m = &stores[(f - F_STORES) / NOFF];
            op_u(b, 0x20, 0), op_u(b, 0x20, 1);
            for (int i = 0; i < 2 && m->conv[i]; i++)
                op(b, m->conv[i]);
            op(b, m->op), wb_u32(b, 0), wb_u32(b, offsets[(f - F_STORES) % NOFF]);
        }
    }
    op(b, END);
}

static void build(wbuf *mod)
{
    static const uint8_t types[NTYPES][6] = {
        [T_II_I] = {0x60, 2, I32, I32, 1, I32}, [T_I_L] = {0x60, 1, I32, 1, I64},
        [T_IL_V] = {0x60, 2, I32, I64, 0},      [T_III_V] = {0x60, 3, I32, I32, I32, 0},
        [T_V_V] = {0x60, 0, 0},                 [T_V_I] = {0x60, 0, 1, I32},
        [T_I_I] = {0x60, 1, I32, 1, I32},       [T_II_V] = {0x60, 2, I32, I32, 0},
    };
    static const uint8_t type_len[NTYPES] = {6, 5, 5, 6, 3, 4, 5, 5};
    wbuf s = {0};
    wb_header(mod);
    wb_u32(&s, NTYPES);
    for (int t = 0; t < NTYPES; t++)
        wb_bytes(&s, types[t], type_len[t]);
    wb_section(mod, 1, &s);
    s.len = 0; /* imports: env.host, env.mem (min 0), env.tab (funcref, min 0) */
    wb_u32(&s, 3);
    wb_name(&s, "env"), wb_name(&s, "host"), wb_u8(&s, 0), wb_u32(&s, T_II_I);
    wb_name(&s, "env"), wb_name(&s, "mem"), wb_u8(&s, 2), wb_u8(&s, 0), wb_u32(&s, 0);
    wb_name(&s, "env"), wb_name(&s, "tab"), wb_u8(&s, 1), wb_u8(&s, FUNCREF), wb_u8(&s, 0),
        wb_u32(&s, 0);
    wb_section(mod, 2, &s);
    s.len = 0;
    wb_u32(&s, NFUNCS - 1);
    for (uint32_t f = 1; f < NFUNCS; f++)
        wb_u32(&s, f < F_LOADS ? type_of[f] : f < F_STORES ? T_I_L : T_IL_V);
    wb_section(mod, 3, &s);
    s.len = 0;
    wb_u32(&s, NFUNCS - 1);
    for (uint32_t f = 1; f < NFUNCS; f++) {
        char name[16];
        snprintf(name, sizeof name, "f%u", f);
        wb_name(&s, name), wb_u8(&s, 0), wb_u32(&s, f);
    }
    wb_section(mod, 7, &s);
    s.len = 0; /* elements: active at 0 in table 0, and a passive one */
    wb_u32(&s, 2);
    wb_u8(&s, 0), wb_u8(&s, 0x41), wb_s64(&s, 0), wb_u8(&s, END);
    wb_u32(&s, 5);
    for (int i = 0; i < 5; i++)
        wb_u32(&s, active_elems[i]);
    wb_u8(&s, 1), wb_u8(&s, 0), wb_u32(&s, 4);
    for (int i = 0; i < 4; i++)
        wb_u32(&s, passive_elems[i]);
    wb_section(mod, 9, &s);
    s.len = 0;
    wb_u32(&s, 1);
    wb_section(mod, 12, &s); /* data count */
    s.len = 0;
    wb_u32(&s, NFUNCS - 1);
    for (uint32_t f = 1; f < NFUNCS; f++) {
        wbuf b = {0};
        body_of(f, &b);
        wb_u32(&s, (uint32_t)b.len), wb_bytes(&s, b.p, b.len);
        wb_free(&b);
    }
    wb_section(mod, 10, &s);
    s.len = 0; /* one passive data segment: 16 bytes 0xd0.. */
    wb_u32(&s, 1), wb_u8(&s, 1), wb_u32(&s, DATA_LEN);
    for (int i = 0; i < DATA_LEN; i++)
        wb_u8(&s, (uint8_t)(0xd0 + i));
    wb_section(mod, 11, &s);
    wb_free(&s);
}

/* ---- the host function: (ptr, len) checked with guest_at ------------------ */

static wisp_err host(wisp_instance *caller, void *user, const wisp_value *args, wisp_value *res)
{
    (void)user;
    guest_mem m;
    guest_mem_of(caller, &m);
    const uint8_t *p = guest_at(&m, (uint32_t)args[0].i32, (uint32_t)args[1].i32);
    volatile uint32_t sum = 0;
    if (p) /* touch every byte it allowed: ASan checks they are the guest's */
        for (uint32_t i = 0; i < (uint32_t)args[1].i32; i++)
            sum += p[i];
    (void)sum;
    res[0].i32 = p ? 501 : 500;
    return WISP_OK;
}

/* ---- checking ---------------------------------------------------------------- */

static guarded g, mem_g, tab_g;
static wisp_instance *inst;
static wisp_memory *mem;
static uint8_t *shadow;
static uint64_t msize;
static unsigned long checks, failures;
static wisp_trap_info last; /* the last call's trap: what wisp_instance_trap said */

#define CHECK(cond, ...)                                                 \
    do {                                                                 \
        checks++;                                                        \
        if (!(cond)) {                                                   \
            if (++failures <= 30) {                                      \
                printf("FAIL (memory %" PRIu64 " bytes) ", msize);       \
                printf(__VA_ARGS__);                                     \
                printf("\n");                                            \
            }                                                            \
        }                                                                \
    } while (0)

/* Call function f; returns the trap kind (NONE on success). */
static wisp_trap_kind call(uint32_t f, const wisp_value *args, uint32_t nargs, wisp_value *res)
{
    char name[16];
    wisp_func *fn;
    snprintf(name, sizeof name, "f%u", f);
    if (wisp_instance_find_func(inst, name, &fn))
        harness_fail("no export %s", name);
    const uint8_t *pt, *rt;
    uint32_t np, nr;
    wisp_func_type(fn, &pt, &np, &rt, &nr);
    wisp_value dummy;
    wisp_err e = wisp_func_call(inst, fn, args, nargs, nr ? res ? res : &dummy : NULL, nr);
    if (e == WISP_OK)
        return WISP_TRAP_NONE;
    if (e != WISP_ERR_TRAP)
        harness_fail("%s returned %s", name, wisp_err_str(e));
    wisp_instance_trap(inst, &last);
    return last.kind;
}

/* Whether the last trap described this out-of-bounds access (wisp.h
 * wisp_trap_info: effective address, bytes, the memory's size). */
static bool access_was(wisp_access_kind kind, uint32_t index, uint64_t address, uint64_t length,
                       uint64_t size)
{
    return last.kind == WISP_TRAP_MEMORY_OOB && last.access == kind && last.memory == index &&
           last.address == address && last.length == length && last.memory_size == size;
}
#define ACCESS_FMT "kind %d index %u address 0x%" PRIx64 " length 0x%" PRIx64 " size 0x%" PRIx64
#define ACCESS_ARGS (int)last.access, (unsigned)last.memory, last.address, last.length, \
                    last.memory_size

static bool memory_matches(void)
{
    return !msize || !memcmp(wisp_memory_data(mem), shadow, (size_t)msize);
}

static void addresses(uint32_t off, uint32_t width, uint32_t *a, size_t *n)
{
    static const uint32_t fixed[] = {0, 1, 0x7fffffff, 0x80000000, 0xfffffff8, 0xffffffff};
    *n = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        a[(*n)++] = fixed[i];
    for (int d = -2; d <= 2; d++) {
        a[(*n)++] = (uint32_t)(msize - off - width + (uint64_t)(int64_t)d); /* around the end */
        a[(*n)++] = (uint32_t)(0x100000000ull - off + (uint64_t)(d + 2));  /* sum wraps 2^32 */
        a[(*n)++] = (uint32_t)(msize + (uint64_t)(int64_t)d);
    }
}

static void loads_and_stores(void)
{
    uint32_t addr[32];
    size_t na;
    for (size_t l = 0; l < NLOADS; l++) {
        for (size_t o = 0; o < NOFF; o++) {
            addresses(offsets[o], loads[l].width, addr, &na);
            for (size_t k = 0; k < na; k++) {
                uint64_t ea = (uint64_t)addr[k] + offsets[o];
                bool oob = ea + loads[l].width > msize;
                wisp_value arg = {.i32 = (int32_t)addr[k]}, r = {.i64 = 0};
                wisp_trap_kind t = call(F_LOADS + (uint32_t)(l * NOFF + o), &arg, 1, &r);
                uint64_t want = 0;
                if (!oob) {
                    for (uint32_t b = 0; b < loads[l].width; b++)
                        want |= (uint64_t)shadow[ea + b] << (8 * b);
                    unsigned bits = loads[l].width * 8;
                    if (loads[l].sign && bits < 64 && (want >> (bits - 1)) & 1)
                        want |= ~UINT64_C(0) << bits;
                    if (!loads[l].wide)
                        want &= 0xffffffffu; /* i32 results are zero-extended by the test */
                }
                CHECK(oob ? t == WISP_TRAP_MEMORY_OOB : t == WISP_TRAP_NONE,
                      "load 0x%02x offset 0x%x addr 0x%x: %s, wanted %s", loads[l].op,
                      offsets[o], addr[k], t ? "trap" : "no trap", oob ? "a trap" : "none");
                CHECK(!oob || access_was(WISP_ACCESS_LOAD, 0, ea, loads[l].width, msize),
                      "load 0x%02x offset 0x%x addr 0x%x: the trap says " ACCESS_FMT,
                      loads[l].op, offsets[o], addr[k], ACCESS_ARGS);
                CHECK(oob || (uint64_t)r.i64 == want,
                      "load 0x%02x offset 0x%x addr 0x%x: 0x%" PRIx64 ", wanted 0x%" PRIx64,
                      loads[l].op, offsets[o], addr[k], (uint64_t)r.i64, want);
            }
        }
    }
    uint64_t v = UINT64_C(0x8877665544332211);
    for (size_t s = 0; s < NSTORES; s++) {
        for (size_t o = 0; o < NOFF; o++) {
            addresses(offsets[o], stores[s].width, addr, &na);
            for (size_t k = 0; k < na; k++) {
                uint64_t ea = (uint64_t)addr[k] + offsets[o];
                bool oob = ea + stores[s].width > msize;
                v = v * 6364136223846793005u + 1442695040888963407u;
                wisp_value args[2] = {{.i32 = (int32_t)addr[k]}, {.i64 = (int64_t)v}};
                wisp_trap_kind t = call(F_STORES + (uint32_t)(s * NOFF + o), args, 2, NULL);
                if (!oob)
                    for (uint32_t b = 0; b < stores[s].width; b++)
                        shadow[ea + b] = (uint8_t)(v >> (8 * b));
                CHECK(oob ? t == WISP_TRAP_MEMORY_OOB : t == WISP_TRAP_NONE,
                      "store 0x%02x offset 0x%x addr 0x%x: %s, wanted %s", stores[s].op,
                      offsets[o], addr[k], t ? "trap" : "no trap", oob ? "a trap" : "none");
                CHECK(!oob || access_was(WISP_ACCESS_STORE, 0, ea, stores[s].width, msize),
                      "store 0x%02x offset 0x%x addr 0x%x: the trap says " ACCESS_FMT,
                      stores[s].op, offsets[o], addr[k], ACCESS_ARGS);
                CHECK(memory_matches(), "store 0x%02x offset 0x%x addr 0x%x changed other bytes",
                      stores[s].op, offsets[o], addr[k]);
                if (!memory_matches()) /* resync so one bug reports once */
                    memcpy(shadow, wisp_memory_data(mem), (size_t)msize);
            }
        }
    }
}

static void bulk(void)
{
    const uint64_t S = msize;
    const uint32_t edges[] = {0, 1, (uint32_t)(S - 1), (uint32_t)S, (uint32_t)(S + 1),
                              (uint32_t)(S / 2), 0x80000000u, 0xffffffffu};
    const size_t ne = sizeof edges / sizeof edges[0];
    for (int dropped = 0; dropped < 2; dropped++) {
        uint32_t seg_len = dropped ? 0 : DATA_LEN;
        for (size_t i = 0; i < ne; i++)
            for (size_t j = 0; j < ne; j++)
                for (size_t k = 0; k < ne; k++) {
                    uint32_t d = edges[i], s = edges[j], n = edges[k];
                    wisp_value a[3] = {{.i32 = (int32_t)d}, {.i32 = (int32_t)s}, {.i32 = (int32_t)n}};
                    bool dst_oob = (uint64_t)d + n > S;
                    if (!dropped) { /* fill: d, value s, n */
                        wisp_trap_kind t = call(F_MFILL, a, 3, NULL);
                        if (!dst_oob)
                            memset(shadow + d, (uint8_t)s, n);
                        CHECK(dst_oob ? t == WISP_TRAP_MEMORY_OOB : !t,
                              "memory.fill d=0x%x n=0x%x: %s", d, n, t ? "trap" : "no trap");
                        CHECK(!dst_oob || access_was(WISP_ACCESS_FILL, 0, d, n, S),
                              "memory.fill d=0x%x n=0x%x: the trap says " ACCESS_FMT, d, n,
                              ACCESS_ARGS);
                        CHECK(memory_matches(), "memory.fill d=0x%x n=0x%x: wrong bytes", d, n);
                        bool src_oob = (uint64_t)s + n > S;
                        t = call(F_MCOPY, a, 3, NULL);
                        if (!dst_oob && !src_oob)
                            memmove(shadow + d, shadow + s, n);
                        CHECK(dst_oob || src_oob ? t == WISP_TRAP_MEMORY_OOB : !t,
                              "memory.copy d=0x%x s=0x%x n=0x%x: %s", d, s, n,
                              t ? "trap" : "no trap");
                        CHECK(!(dst_oob || src_oob) ||
                                  (dst_oob ? access_was(WISP_ACCESS_COPY_TO, 0, d, n, S)
                                           : access_was(WISP_ACCESS_COPY_FROM, 0, s, n, S)),
                              "memory.copy d=0x%x s=0x%x n=0x%x: the trap says " ACCESS_FMT,
                              d, s, n, ACCESS_ARGS);
                        CHECK(memory_matches(), "memory.copy d=0x%x s=0x%x n=0x%x: wrong bytes",
                              d, s, n);
                    }
                    bool seg_oob = (uint64_t)s + n > seg_len;
                    wisp_trap_kind t = call(F_MINIT, a, 3, NULL);
                    if (!dst_oob && !seg_oob)
                        for (uint32_t b = 0; b < n; b++)
                            shadow[d + b] = (uint8_t)(0xd0 + s + b);
                    CHECK(dst_oob || seg_oob ? t == WISP_TRAP_MEMORY_OOB : !t,
                          "memory.init%s d=0x%x s=0x%x n=0x%x: %s", dropped ? " (dropped)" : "",
                          d, s, n, t ? "trap" : "no trap");
                    CHECK(!(dst_oob || seg_oob) ||
                              (dst_oob ? access_was(WISP_ACCESS_INIT_TO, 0, d, n, S)
                                       : access_was(WISP_ACCESS_INIT_FROM, 0, s, n, seg_len)),
                          "memory.init%s d=0x%x s=0x%x n=0x%x: the trap says " ACCESS_FMT,
                          dropped ? " (dropped)" : "", d, s, n, ACCESS_ARGS);
                    CHECK(memory_matches(), "memory.init d=0x%x s=0x%x n=0x%x: wrong bytes", d, s, n);
                    if (!memory_matches())
                        memcpy(shadow, wisp_memory_data(mem), (size_t)msize);
                }
        if (!dropped)
            CHECK(call(F_DDROP, NULL, 0, NULL) == WISP_TRAP_NONE, "data.drop trapped");
    }
}

/* ---- tables: the model holds which function sits in each slot ----------- */

enum { E_NULL = 0 }; /* else the function index + 1 */
static uint32_t tmodel[TABLE_SIZE];

static void table_matches(const char *after)
{
    for (uint32_t i = 0; i < TABLE_SIZE + 2; i++) {
        wisp_value a = {.i32 = (int32_t)i}, r = {.i64 = 0};
        wisp_trap_kind t = call(F_PROBE, &a, 1, &r), want_t = WISP_TRAP_NONE;
        int32_t want_r = 0;
        if (i >= TABLE_SIZE)
            want_t = WISP_TRAP_UNDEFINED_ELEMENT;
        else if (tmodel[i] == E_NULL)
            want_t = WISP_TRAP_UNINITIALIZED_ELEMENT;
        else if (tmodel[i] - 1 == F_CONST)
            want_t = WISP_TRAP_INDIRECT_MISMATCH;
        else if (tmodel[i] - 1 == 0) /* the host: (5, 6) inside the memory? */
            want_r = 500 + (11 <= msize);
        else
            want_r = 100 * (int32_t)(tmodel[i] - 1 - F_100 + 1);
        CHECK(t == want_t && (t || r.i32 == want_r),
              "after %s: call_indirect slot %u: trap %d result %d, wanted trap %d result %d",
              after, i, t, r.i32, want_t, want_r);
    }
}

static void tables(void)
{
    for (uint32_t i = 0; i < TABLE_SIZE; i++)
        tmodel[i] = i < 5 ? active_elems[i] + 1 : E_NULL;
    table_matches("instantiation");
    const uint32_t T = TABLE_SIZE;
    const uint32_t edges[] = {0, 1, T - 1, T, T + 1, 0x7fffffff, 0xffffffff};
    const size_t ne = sizeof edges / sizeof edges[0];
    char what[96];
    for (size_t i = 0; i < ne; i++) {
        uint32_t x = edges[i];
        wisp_value a[2] = {{.i32 = (int32_t)x}, {.i32 = 1}}, r = {.i64 = 0};
        wisp_trap_kind t = call(F_TGET, a, 1, &r);
        CHECK(x >= T ? t == WISP_TRAP_TABLE_OOB : !t && r.i32 == (tmodel[x] == E_NULL),
              "table.get %u: trap %d null %d", x, t, r.i32);
        t = call(F_TSET, a, 2, NULL);
        if (x < T)
            tmodel[x] = F_200 + 1;
        CHECK(x >= T ? t == WISP_TRAP_TABLE_OOB : !t, "table.set %u: trap %d", x, t);
        snprintf(what, sizeof what, "table.set %u", x);
        table_matches(what);
    }
    for (size_t i = 0; i < ne; i++)
        for (size_t j = 0; j < ne; j++) {
            uint32_t d = edges[i], n = edges[j];
            wisp_value a[3] = {{.i32 = (int32_t)d}, {.i32 = (int32_t)n}};
            bool oob = (uint64_t)d + n > T;
            wisp_trap_kind t = call(F_TFILL, a, 2, NULL);
            if (!oob)
                for (uint32_t k = 0; k < n; k++)
                    tmodel[d + k] = F_300 + 1;
            CHECK(oob ? t == WISP_TRAP_TABLE_OOB : !t, "table.fill %u %u: trap %d", d, n, t);
            snprintf(what, sizeof what, "table.fill %u %u", d, n);
            table_matches(what);
            for (size_t k = 0; k < ne; k++) {
                uint32_t s = edges[k];
                a[1].i32 = (int32_t)s, a[2].i32 = (int32_t)n;
                for (int init = 0; init < 2; init++) {
                    uint32_t src_len = init ? (uint32_t)(sizeof passive_elems / 4) : T;
                    bool o2 = (uint64_t)d + n > T || (uint64_t)s + n > src_len;
                    t = call(init ? F_TINIT : F_TCOPY, a, 3, NULL);
                    if (!o2) {
                        uint32_t tmp[TABLE_SIZE];
                        for (uint32_t q = 0; q < n; q++)
                            tmp[q] = init ? passive_elems[s + q] + 1 : tmodel[s + q];
                        memcpy(tmodel + d, tmp, n * sizeof *tmp);
                    }
                    CHECK(o2 ? t == WISP_TRAP_TABLE_OOB : !t, "table.%s %u %u %u: trap %d",
                          init ? "init" : "copy", d, s, n, t);
                    snprintf(what, sizeof what, "table.%s %u %u %u", init ? "init" : "copy", d, s, n);
                    table_matches(what);
                }
            }
        }
    /* the table's arena is exactly full: growing fails (-1), by 0 gives the size */
    for (size_t i = 0; i < ne; i++) {
        wisp_value a = {.i32 = (int32_t)edges[i]}, r = {.i64 = 0};
        wisp_trap_kind t = call(F_TGROW, &a, 1, &r);
        CHECK(!t && r.i32 == (edges[i] ? -1 : (int32_t)T), "table.grow %u: trap %d result %d",
              edges[i], t, r.i32);
    }
    CHECK(call(F_EDROP, NULL, 0, NULL) == WISP_TRAP_NONE, "elem.drop trapped");
    wisp_value a[3] = {{.i32 = 0}, {.i32 = 0}, {.i32 = 1}};
    CHECK(call(F_TINIT, a, 3, NULL) == WISP_TRAP_TABLE_OOB, "table.init after elem.drop");
    a[2].i32 = 0;
    CHECK(call(F_TINIT, a, 3, NULL) == WISP_TRAP_NONE, "table.init of 0 after elem.drop");
}

static void host_pointers(void)
{
    const uint32_t edges[] = {0, 1, (uint32_t)msize - 1, (uint32_t)msize, (uint32_t)msize + 1,
                              0x80000000u, 0xffffffffu};
    for (size_t i = 0; i < 7; i++)
        for (size_t j = 0; j < 7; j++) {
            uint32_t p = edges[i], n = edges[j];
            wisp_value a[2] = {{.i32 = (int32_t)p}, {.i32 = (int32_t)n}}, r = {.i64 = 0};
            wisp_trap_kind t = call(F_HOSTCALL, a, 2, &r);
            /* outside: refused; inside and not empty: allowed; an empty range
             * inside (or at the end) may go either way */
            bool inside = (uint64_t)p + n <= msize;
            CHECK(!t && (inside ? r.i32 == 501 || (n == 0 && r.i32 == 500) : r.i32 == 500),
                  "host (ptr 0x%x, len 0x%x): %d", p, n, r.i32);
        }
}

static wisp_func *host_fn;

static wisp_err resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out)
{
    (void)ctx;
    out->kind = imp->kind;
    switch (imp->kind) {
    case WISP_EXTERN_FUNC: out->of.func = host_fn; return WISP_OK;
    case WISP_EXTERN_MEMORY: out->of.memory = mem; return WISP_OK;
    case WISP_EXTERN_TABLE: {
        static wisp_arena ta;
        out->of.table = exact_table(&tab_g, &ta, WISP_FUNCREF, TABLE_SIZE, 0, false);
        return out->of.table ? WISP_OK : WISP_ERR_NOT_FOUND;
    }
    default: return WISP_ERR_NOT_FOUND;
    }
}

int main(void)
{
    wbuf mod = {0};
    build(&mod);
    guarded_init(&g, 8u << 20);
    guarded_init(&mem_g, 3u << 16 | 4096);
    guarded_init(&tab_g, 4096);
    for (uint32_t pages = 0; pages <= 2; pages++) {
        wisp_arena a, ma;
        wisp_module *m;
        guarded_arena(&g, g.cap, &a);
        if (wisp_module_load(&a, mod.p, mod.len, &m))
            harness_fail("test module does not load: %s", wisp_arena_error(&a));
        static const uint8_t ii[] = {WISP_I32, WISP_I32};
        if (wisp_func_new_host(&a, ii, 2, ii, 1, host, NULL, "env.host", &host_fn))
            harness_fail("host function");
        if (!(mem = exact_memory(&mem_g, &ma, pages, 0, false)))
            harness_fail("memory of %u pages", pages);
        msize = wisp_memory_size(mem);
        shadow = malloc(msize + 1);
        for (uint64_t i = 0; i < msize; i++)
            shadow[i] = wisp_memory_data(mem)[i] = (uint8_t)(i * 7 + 3);
        if (wisp_instance_create(&a, m, NULL, resolve, NULL, &inst))
            harness_fail("instantiation: %s", wisp_arena_error(&a));
        loads_and_stores();
        bulk();
        host_pointers();
        tables();
        CHECK(guarded_intact(&g) && guarded_intact(&mem_g) && guarded_intact(&tab_g),
              "bytes outside the arenas changed");
        free(shadow);
    }
    wb_free(&mod);
    printf("isolate: %lu checks, %lu failed\n", checks, failures);
    return failures ? 1 : 0;
}

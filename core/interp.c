/* The interpreter: one dispatch loop over internal code (opcodes.h).
 *
 * Guest calls never recurse in C: a call pushes a wisp_frame on the
 * explicit frame stack and jumps; a return pops it. Each instruction reads
 * its operands before it moves `ip`, so at a trap `ip` is the trapping
 * instruction and the frame stack is the backtrace. SIMD instructions
 * (simd.h) are run by simd.c, entered from simd_interp.inc.
 *
 * Dispatch is direct threading where GNU C allows it (WISP_DIRECT): the
 * first word of an instruction names its handler. Fuel is a 32-bit counter
 * in a local, charged by taken branches and calls (refuel). */
#include "wisp_int.h"
#include "opcodes.h"
#include "opinfo.h"
#include "simd.h"
#include "wfloat.h"

#if defined(__GNUC__) && !defined(WISP_NO_THREADED)
#define WISP_THREADED 1
#else
#define WISP_THREADED 0
#endif

/* Direct threading (WISP_DIRECT, wisp_int.h): the code word of an
 * instruction is its handler's address (where that fits 32 bits:
 * WISP_ADDR32_HANDLERS) or its offset from the first handler, not an
 * opcode to look up. wisp_config.h derives it (and the pairs and guesses
 * from it) for every file; it is not overridden here, behind their back. */
#if WISP_DIRECT && !WISP_THREADED
#error "direct threading (WISP_DIRECT) needs GNU C's computed gotos"
#endif

/* WISP_NARROW: an i32/f32 result writes only the low half of its slot
 * (one store, not two, on 32-bit targets); readers of i32/f32 slots only
 * ever look at the low half, and values leave through slots_to_values. On
 * 64-bit hosts a full-width store is just as cheap and keeps store-to-load
 * forwarding for the 64-bit slot copies working. */

static const char *const trap_messages[] = {
    [WISP_TRAP_NONE] = "no trap",
    [WISP_TRAP_UNREACHABLE] = "unreachable",
    [WISP_TRAP_MEMORY_OOB] = "out of bounds memory access",
    [WISP_TRAP_DIV_ZERO] = "integer divide by zero",
    [WISP_TRAP_INT_OVERFLOW] = "integer overflow",
    [WISP_TRAP_BAD_CONVERSION] = "invalid conversion to integer",
    [WISP_TRAP_UNDEFINED_ELEMENT] = "undefined element",
    [WISP_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
    [WISP_TRAP_INDIRECT_MISMATCH] = "indirect call type mismatch",
    [WISP_TRAP_TABLE_OOB] = "out of bounds table access",
    [WISP_TRAP_NULL_REFERENCE] = "null reference",
    [WISP_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
    [WISP_TRAP_OUT_OF_FUEL] = "out of fuel",
    [WISP_TRAP_HOST] = "host function failed",
    [WISP_TRAP_EXIT] = "exit",
    [WISP_TRAP_CODE_CACHE] = "code cache full",
};

const char *wisp_trap_message(wisp_trap_kind kind)
{
    return (unsigned)kind < sizeof trap_messages / sizeof *trap_messages ? trap_messages[kind]
                                                                          : NULL;
}

wisp_err wisp_trap(wisp_exec *ex, wisp_trap_kind kind, const char *msg)
{
    ex->trap = kind;
    ex->trap_msg = msg ? msg : trap_messages[kind];
    ex->bt_cached = false;
    return WISP_ERR_TRAP;
}

bool wisp_functype_eq(const wisp_functype *a, const wisp_functype *b)
{
    return a->nparams == b->nparams && a->nresults == b->nresults &&
           !wisp_memcmp(a->params, b->params, a->nparams) &&
           !wisp_memcmp(a->results, b->results, a->nresults);
}

static inline float f32_of(uint32_t u) { union { uint32_t u; float f; } x = {u}; return x.f; }
static inline double f64_of(uint64_t u) { union { uint64_t u; double f; } x = {u}; return x.f; }
static inline uint32_t bits_f32(float f) { union { float f; uint32_t u; } x = {f}; return x.u; }
static inline uint64_t bits_f64(double f) { union { double f; uint64_t u; } x = {f}; return x.u; }
/* a / b for floats: the FPU's or C's, or for f64 wfloat's integer quotient
 * where that beats soft float's (WF_SOFT_DIV64). f32 there in the compact
 * configuration, without a single-precision FPU: that f64 quotient rounded
 * to float, which is the correctly rounded one (53 >= 2 * 24 + 2 bits), so
 * that libgcc's f32 divide (310 bytes of Thumb-2) is not linked; the empty
 * asm keeps gcc from narrowing it back to a float divide. */
static inline double fdiv64(double a, double b)
{
#if WF_SOFT_DIV64
    return f64_of(wf_f64_div_soft(bits_f64(a), bits_f64(b)));
#else
    return a / b;
#endif
}
static inline float fdiv32(float a, float b)
{
#if WISP_COMPACT && WF_SOFT_DIV64 && !(defined(__ARM_FP) && (__ARM_FP & 4))
    double x = a, y = b;
    __asm__("" : "+r"(x), "+r"(y));
    return (float)fdiv64(x, y);
#elif WF_SOFT_DIV32
    return f32_of(wf_f32_div_soft(bits_f32(a), bits_f32(b)));
#else
    return a / b;
#endif
}
#define FDIV(a, b) _Generic((a), float: fdiv32, double: fdiv64)(a, b)

/* a + b, a - b, a * b for floats: C's, or on ARMv6-M wfloat's
 * (WF_SOFT_ARITH: the common case in fewer instructions than libgcc's
 * generic C there, as fdiv32's; the f64 add's and multiply's in
 * wfloat_thumb1.S), or without a double FPU on Thumb-2 wfloat_thumb2.S's
 * f64 add and multiply (WF_ASM_F64). */
static inline float fadd32(float a, float b)
{
    return WF_SOFT_ARITH ? f32_of(wf_f32_add_soft(bits_f32(a), bits_f32(b))) : a + b;
}
static inline float fsub32(float a, float b)
{
    return WF_SOFT_ARITH ? f32_of(wf_f32_add_soft(bits_f32(a), bits_f32(b) ^ 0x80000000u)) : a - b;
}
static inline float fmul32(float a, float b)
{
    return WF_SOFT_ARITH ? f32_of(wf_f32_mul_soft(bits_f32(a), bits_f32(b))) : a * b;
}
static inline double fadd64(double a, double b)
{
#if WF_ASM_F64
    return wisp_wf_f64_add_thumb2(a, b);
#elif WF_SOFT_ARITH
    return wisp_wf_f64_add_thumb1(a, b);
#else
    return a + b;
#endif
}
static inline double fsub64(double a, double b)
{
#if WF_ASM_F64
    return wisp_wf_f64_add_thumb2(a, -b);
#elif WF_SOFT_ARITH
    return wisp_wf_f64_add_thumb1(a, -b);
#else
    return a - b;
#endif
}
static inline double fmul64(double a, double b)
{
#if WF_ASM_F64
    return wisp_wf_f64_mul_thumb2(a, b);
#elif WF_SOFT_ARITH
    return wisp_wf_f64_mul_thumb1(a, b);
#else
    return a * b;
#endif
}
#define FADD(a, b) _Generic((a), float: fadd32, double: fadd64)(a, b)
#define FSUB(a, b) _Generic((a), float: fsub32, double: fsub64)(a, b)
#define FMUL(a, b) _Generic((a), float: fmul32, double: fmul64)(a, b)

/* Float comparisons: C's, or without an FPU for the format wfloat's on
 * the bits (a few integer instructions, not a libgcc call each: ray 4.8%
 * fewer Cortex-M3 instructions). Inline not on ARMv6-M, where the loop then
 * has too few registers left and every guest lost 1-5%. The compact
 * configuration and ARMv6-M call wfloat's one order function a format
 * instead: 272 bytes less than inline on Thumb-2, 1.2 KB less than
 * libgcc's on ARMv6-M, and quicker there (trials-of-the-dark-sea's median
 * frame -6.7%, ray -0.95%).
 * T is F32 or F64; > and >= are < and <= swapped, != is not ==. */
#if defined(__arm__) && !(defined(__ARM_FP) && (__ARM_FP & 4)) && (WISP_COMPACT || __ARM_ARCH_ISA_THUMB == 1)
#define FEQ_F32(a, b) (wf_f32_order(bits_f32(a), bits_f32(b)) == 0)
#define FLT_F32(a, b) (wf_f32_order(bits_f32(a), bits_f32(b)) == -1)
#define FLE_F32(a, b) ((unsigned)(wf_f32_order(bits_f32(a), bits_f32(b)) + 1) <= 1)
#elif defined(__arm__) && __ARM_ARCH_ISA_THUMB >= 2 && !(defined(__ARM_FP) && (__ARM_FP & 4))
#define FEQ_F32(a, b) wf_f32_eq(bits_f32(a), bits_f32(b))
#define FLT_F32(a, b) wf_f32_lt(bits_f32(a), bits_f32(b))
#define FLE_F32(a, b) wf_f32_le(bits_f32(a), bits_f32(b))
#else
#define FEQ_F32(a, b) ((a) == (b))
#define FLT_F32(a, b) ((a) < (b))
#define FLE_F32(a, b) ((a) <= (b))
#endif
#if defined(__arm__) && !(defined(__ARM_FP) && (__ARM_FP & 8)) && (WISP_COMPACT || __ARM_ARCH_ISA_THUMB == 1)
#define FEQ_F64(a, b) (wf_f64_order(bits_f64(a), bits_f64(b)) == 0)
#define FLT_F64(a, b) (wf_f64_order(bits_f64(a), bits_f64(b)) == -1)
#define FLE_F64(a, b) ((unsigned)(wf_f64_order(bits_f64(a), bits_f64(b)) + 1) <= 1)
#elif defined(__arm__) && __ARM_ARCH_ISA_THUMB >= 2 && !(defined(__ARM_FP) && (__ARM_FP & 8))
#define FEQ_F64(a, b) wf_f64_eq(bits_f64(a), bits_f64(b))
#define FLT_F64(a, b) wf_f64_lt(bits_f64(a), bits_f64(b))
#define FLE_F64(a, b) wf_f64_le(bits_f64(a), bits_f64(b))
#else
#define FEQ_F64(a, b) ((a) == (b))
#define FLT_F64(a, b) ((a) < (b))
#define FLE_F64(a, b) ((a) <= (b))
#endif
#define FEQ(T, a, b) FEQ_##T(a, b)
#define FNE(T, a, b) (!FEQ_##T(a, b))
#define FLT(T, a, b) FLT_##T(a, b)
#define FGT(T, a, b) FLT_##T(b, a)
#define FLE(T, a, b) FLE_##T(a, b)
#define FGE(T, a, b) FLE_##T(b, a)

/* 64-bit division (the divisor not 0, not INT64_MIN / -1): C's, or in the
 * compact configuration of a 32-bit core wfloat's loop instead of libgcc's
 * 850 bytes. */
#if WISP_COMPACT && UINTPTR_MAX == UINT32_MAX
static uint64_t divu64(uint64_t a, uint64_t b, bool rem)
{
    uint64_t r, q = wf_u64_divmod(a, b, &r);
    return rem ? r : q;
}
static int64_t divs64(int64_t a, int64_t b, bool rem)
{
    uint64_t v = divu64(a < 0 ? 0 - (uint64_t)a : (uint64_t)a,
                        b < 0 ? 0 - (uint64_t)b : (uint64_t)b, rem);
    return (int64_t)((rem ? a < 0 : (a < 0) != (b < 0)) ? 0 - v : v);
}
#define DIV_S64(a, b) divs64(a, b, false)
#define REM_S64(a, b) divs64(a, b, true)
#define DIV_U64(a, b) divu64(a, b, false)
#define REM_U64(a, b) divu64(a, b, true)
#else
#define DIV_S64(a, b) ((a) / (b))
#define REM_S64(a, b) ((a) % (b))
#define DIV_U64(a, b) ((a) / (b))
#define REM_U64(a, b) ((a) % (b))
#endif

static inline uint32_t rotl32(uint32_t a, uint32_t n) { n &= 31; return (a << n) | (a >> ((32 - n) & 31)); }
static inline uint32_t rotr32(uint32_t a, uint32_t n) { n &= 31; return (a >> n) | (a << ((32 - n) & 31)); }
#if WISP_NARROW
/* in halves on 32-bit targets (and the host's narrow build, which runs the
 * spec tests through them): gcc's 64-bit rotate is two 64-bit shifts by a
 * variable count, 29 Cortex-M3 instructions and a spill; the halves
 * swapped on bit 5, then one 32-bit funnel each way */
static inline uint64_t rotl64(uint64_t a, uint64_t n)
{
    uint32_t lo = (uint32_t)a, hi = (uint32_t)(a >> 32);
    const uint32_t k = (uint32_t)n & 31;
    if (n & 32) {
        const uint32_t t = lo;
        lo = hi;
        hi = t;
    }
    if (k) {
        const uint32_t h = (hi << k) | (lo >> (32 - k));
        lo = (lo << k) | (hi >> (32 - k));
        hi = h;
    }
    return (uint64_t)hi << 32 | lo;
}
static inline uint64_t rotr64(uint64_t a, uint64_t n) { return rotl64(a, 64 - (n & 63)); }
#else
static inline uint64_t rotl64(uint64_t a, uint64_t n) { n &= 63; return (a << n) | (a >> ((64 - n) & 63)); }
static inline uint64_t rotr64(uint64_t a, uint64_t n) { n &= 63; return (a >> n) | (a << ((64 - n) & 63)); }
#endif
static inline uint32_t clz32(uint32_t a) { return a ? (uint32_t)__builtin_clz(a) : 32; }
static inline uint32_t ctz32(uint32_t a) { return a ? (uint32_t)__builtin_ctz(a) : 32; }
static inline uint32_t popcnt32(uint32_t a) { return (uint32_t)__builtin_popcount(a); }
static inline uint64_t clz64(uint64_t a) { return a ? (uint64_t)__builtin_clzll(a) : 64; }
#if UINTPTR_MAX == UINT32_MAX
/* in halves: no libgcc helpers for the 64-bit forms on 32-bit targets */
static inline uint64_t ctz64(uint64_t a)
{
    return (uint32_t)a ? ctz32((uint32_t)a) : 32 + ctz32((uint32_t)(a >> 32));
}
#else
static inline uint64_t ctz64(uint64_t a) { return a ? (uint64_t)__builtin_ctzll(a) : 64; }
#endif
#if UINTPTR_MAX == UINT32_MAX && WISP_COMPACT
static inline uint64_t popcnt64(uint64_t a) { return popcnt32((uint32_t)a) + popcnt32((uint32_t)(a >> 32)); }
#else
static inline uint64_t popcnt64(uint64_t a) { return (uint64_t)__builtin_popcountll(a); }
#endif

#if WISP_COMPACT && defined(__GNUC__)
/* The compact configuration keeps one copy of the 64-bit shifts, long
 * inline code on 32-bit targets: kind 0 shl, 1 shr_s, 2 shr_u, 3 rotl,
 * 4 rotr. */
__attribute__((noinline)) static uint64_t shift64(uint64_t a, uint32_t n, int kind)
{
    n &= 63;
    if (kind >= 3) {
        if (kind == 4)
            n = (64 - n) & 63;
        return n ? (a << n) | (a >> (64 - n)) : a;
    }
    if (kind == 1)
        return (uint64_t)((int64_t)a >> n);
    return kind ? a >> n : a << n;
}
#define SHL64(a, n) shift64(a, (uint32_t)(n), 0)
#define SHR_S64(a, n) shift64(a, (uint32_t)(n), 1)
#define SHR_U64(a, n) shift64(a, (uint32_t)(n), 2)
#define ROTL64(a, n) shift64(a, (uint32_t)(n), 3)
#define ROTR64(a, n) shift64(a, (uint32_t)(n), 4)
#else
#define SHL64(a, n) ((a) << ((n) & 63))
#define SHR_S64(a, n) (uint64_t)((int64_t)(a) >> ((n) & 63))
#define SHR_U64(a, n) ((a) >> ((n) & 63))
#define ROTL64(a, n) rotl64(a, n)
#define ROTR64(a, n) rotr64(a, n)
#endif

/* guest memory at any alignment (wisp_int.h) */
#define LOAD WISP_LOAD
#define STORE WISP_STORE

static const wisp_memory no_memory = {0};

static inline const wisp_memory *mem0(const wisp_instance *inst)
{
    return inst->mod->nmems ? inst->mems[0] : &no_memory;
}

void wisp_functype_slots(wisp_functype *t)
{
    t->nparam_slots = t->nresult_slots = 0;
    for (uint32_t i = 0; i < t->nparams; i++)
        t->nparam_slots += wisp_type_slots(t->params[i]);
    for (uint32_t i = 0; i < t->nresults; i++)
        t->nresult_slots += wisp_type_slots(t->results[i]);
}

/* Values <-> slots: a v128 takes two slots, everything else one. */
static void slots_to_values(const wisp_cell *s, const uint8_t *types, uint32_t n, wisp_value *v)
{
    for (uint32_t i = 0; i < n; i++) {
        v[i].v128[1] = 0;
        v[i].i64 = s->i64;
        if (WISP_NARROW)
            wisp_value_clean(&v[i], types[i]);
        if (types[i] == WISP_V128)
            v[i].v128[1] = (uint64_t)(++s)->i64;
        s++;
    }
}

static void values_to_slots(const wisp_value *v, const uint8_t *types, uint32_t n, wisp_cell *s)
{
    for (uint32_t i = 0; i < n; i++) {
        (s++)->i64 = v[i].i64;
        if (types[i] == WISP_V128)
            (s++)->i64 = (int64_t)v[i].v128[1];
    }
}

/* Call a host function whose arguments sit in slots at `args`; its results
 * land there too. The host sees wisp_value arrays (a wisp_host32_fn: 32-bit
 * words), built in the free stack space above, so it can read all
 * arguments after writing a result. */
static wisp_err call_host(wisp_exec *ex, wisp_instance *caller, wisp_func *f, wisp_cell *args)
{
    const wisp_functype *t = f->type;
    wisp_cell *saved_sp = ex->sp;
    wisp_err e;
    caller->host_trap = WISP_TRAP_NONE;
    if (f->host32) { /* no v128 here: a slot a value */
        const uint32_t np = t->nparams, nr = t->nresults;
        uint32_t *a32 = (uint32_t *)(args + np), *r32 = a32 + np;
        wisp_cell *top = args + np + (np + nr + 1) / 2;
        if (top > ex->stack_end)
            return wisp_trap(ex, WISP_TRAP_STACK_EXHAUSTED, NULL);
        for (uint32_t i = 0; i < np; i++)
            a32[i] = (uint32_t)args[i].i32;
        ex->sp = top;
        e = f->host32(caller, f->user, a32, r32);
        ex->sp = saved_sp;
        if (!e) {
            for (uint32_t i = 0; i < nr; i++)
                args[i].i64 = r32[i]; /* zero-extended: right for narrow slots or not */
            return WISP_OK;
        }
    } else {
        wisp_value *vargs = (wisp_value *)(args + t->nparam_slots);
        wisp_value *vres = vargs + t->nparams;
        if ((wisp_cell *)(vres + t->nresults) > ex->stack_end)
            return wisp_trap(ex, WISP_TRAP_STACK_EXHAUSTED, NULL);
        slots_to_values(args, t->params, t->nparams, vargs);
        ex->sp = (wisp_cell *)(vres + t->nresults);
        e = f->host(caller, f->user, vargs, vres);
        ex->sp = saved_sp;
        if (!e) {
            values_to_slots(vres, t->results, t->nresults, args);
            return WISP_OK;
        }
    }
    if (caller->host_trap == WISP_TRAP_NONE) {
        wisp_trap(ex, WISP_TRAP_HOST, NULL);
    } else {
        wisp_trap(ex, caller->host_trap, caller->host_msg);
        ex->exit_code = caller->host_exit;
    }
    return WISP_ERR_TRAP;
}

static wisp_err run(wisp_exec *ex, wisp_frame *frame, wisp_frame *stop);

#if WISP_FUEL
/* run() charges fuel from a 32-bit counter it keeps itself, taken from
 * ex->fuel in chunks; the counter goes back to ex->fuel whenever run()
 * leaves or calls a host function, so wisp_instance_fuel is exact then.
 * Called when the counter went below zero (one unit owed): the new
 * counter with that unit paid, or -1 when ex->fuel is empty. */
#if WISP_COMPACT && defined(__GNUC__)
__attribute__((noinline, cold)) /* rare: once per chunk */
#endif
static int32_t refuel(wisp_exec *ex)
{
    if (ex->fuel <= 0)
        return -1;
    int32_t chunk = ex->fuel > (1 << 30) ? (1 << 30) : (int32_t)ex->fuel;
    ex->fuel -= chunk;
    return chunk - 1;
}
/* An empty asm hides what the compiler knows of the counter's range, so
 * `--fuel < 0` stays a subtract and a branch on its sign. */
#define FUEL_OPAQUE() __asm__("" : "+r"(fuel))
/* Charge one unit at a call; out of fuel, ip is still the call. */
#define CHARGE_FUEL()                                \
    do {                                             \
        if (--fuel < 0) {                            \
            fuel = refuel(ex);                       \
            FUEL_OPAQUE();                           \
            if (fuel < 0) {                          \
                fuel = 0;                            \
                TRAP(WISP_TRAP_OUT_OF_FUEL);         \
            }                                        \
        }                                            \
    } while (0)
#define FLUSH_FUEL() do { ex->fuel += fuel; fuel = 0; FUEL_OPAQUE(); } while (0)
#else
#define CHARGE_FUEL() do { } while (0)
#define FLUSH_FUEL() do { } while (0)
#endif

const void *const *wisp_handlers(void)
{
#if WISP_DIRECT
    const void *const *h = NULL;
    run(NULL, (wisp_frame *)(void *)&h, NULL);
    return h;
#else
    return NULL;
#endif
}

uint32_t wisp_op_word(const void *const *h, uint32_t op)
{
    if (!h)
        return op;
#if defined(__thumb__)
    /* with the Thumb bit, so dispatch can load it straight into pc
     * (core/thumb_dispatch.py); gcc's own `orr #1` before `bx` keeps it */
    return (uint32_t)(uintptr_t)h[op] | 1;
#elif WISP_ADDR32_HANDLERS
    return (uint32_t)(uintptr_t)h[op];
#else
    return (uint32_t)((uintptr_t)h[op] - (uintptr_t)h[0]);
#endif
}

/* Zero the slots a call of d must zero (its locals read before written). */
static inline void zero_locals(wisp_cell *fp, const wisp_funcdef *d)
{
#if defined(__arm__) && __ARM_ARCH_ISA_THUMB == 1
    for (uint32_t i = d->zero_from; i < d->zero_to; i++)
        fp[i].i64 = 0;
#else
    /* a test, then a pointer loop: gcc's setup for the indexed loop was 7
     * Cortex-M3 instructions (fib -3.2%); on ARMv6-M this form took more */
    if (d->zero_from < d->zero_to) {
        wisp_cell *z = fp + d->zero_from, *end = fp + d->zero_to;
        do
            (z++)->i64 = 0;
        while (z < end);
    }
#endif
}

#if WISP_TRAP_INFO
#define ENTERED(fr, f) ((fr)->entered = (f))
#else
#define ENTERED(fr, f) ((void)0)
#endif

/* Whether a frame for d at fp after `frame` would overrun either stack (a
 * macro: as an inline function gcc's x86-64 call path came out an
 * instruction longer) */
#define FRAME_OVERRUNS(ex, frame, d, fp) \
    ((frame) + 1 >= (ex)->frames_end || (fp) + (d)->frame_slots > (ex)->stack_end)

/* The new frame's record, and its locals zeroed. Its ip is not stored:
 * nothing reads it before the callee calls out or traps, which store their
 * own (Cortex-M3 fib -1.1%, M0 -0.8%); a caller starting at the callee's
 * first instruction sets it. */
static inline void fill_frame(wisp_frame *fr, wisp_func *f, const wisp_funcdef *d, wisp_cell *fp)
{
    fr->func = f;
    ENTERED(fr, f); /* the one store backtraces cost a call */
    fr->fp = fp;
    zero_locals(fp, d);
}

/* Enter `f` with its arguments already at `fp`: push its frame and zero
 * its declared locals. */
static inline wisp_err push_frame(wisp_exec *ex, wisp_frame **frame, wisp_func *f, wisp_cell *fp)
{
    const wisp_funcdef *d = f->def;
    if (FRAME_OVERRUNS(ex, *frame, d, fp))
        return wisp_trap(ex, WISP_TRAP_STACK_EXHAUSTED, NULL);
    fill_frame(++*frame, f, d, fp);
    return WISP_OK;
}

wisp_err wisp_exec_call(wisp_instance *inst, wisp_func *f, const wisp_value *args,
                        uint32_t nargs, wisp_value *results, uint32_t nresults)
{
    wisp_exec *ex = &inst->exec;
    const wisp_functype *t = f->type;
    if (nargs != t->nparams || nresults != t->nresults)
        return WISP_ERR_ARG;
    if (ex->suspended) {
        /* a new call abandons a computation that ran out of fuel */
        ex->suspended = false;
        ex->top = ex->frames;
    }
    ex->trap = WISP_TRAP_NONE;
    ex->trap_frame = ex->top; /* a trap before any frame: no wasm frames */
    ex->trap_callee = NULL;
    ex->trap_in_call = false;
    if (f->inst && f->inst->mod->cache && wisp_cache_attach(ex, f))
        return WISP_ERR_TRAP;
    wisp_cell *base = ex->sp;
    uint32_t need = t->nparam_slots > t->nresult_slots ? t->nparam_slots : t->nresult_slots;
    if (base + need > ex->stack_end)
        return wisp_trap(ex, WISP_TRAP_STACK_EXHAUSTED, NULL);
    values_to_slots(args, t->params, nargs, base);
    wisp_err e;
    if (!f->def || !f->def->code) {
        e = call_host(ex, inst, f, base);
        if (e) {
            ex->trap_callee = f;
            ex->trap_in_call = true;
        }
    } else {
        wisp_frame *frame = ex->top;
        if ((e = push_frame(ex, &frame, f, base)))
            return e;
        frame->ip = f->def->code; /* where run() starts */
        wisp_frame *saved_top = ex->top;
        wisp_cell *saved_sp = ex->sp;
        wisp_frame *saved_entry = ex->entry; /* a host function's re-entry: the outer call's */
        ex->entry = frame;
        e = run(ex, frame, frame);
        if (e == WISP_ERR_TRAP && ex->trap == WISP_TRAP_OUT_OF_FUEL && saved_top == ex->frames) {
            /* keep the stacks as they are: wisp_exec_resume continues */
            ex->suspended = true;
            ex->resume_results = base;
            return e;
        }
        ex->entry = saved_entry;
        ex->top = saved_top;
        ex->sp = saved_sp;
    }
    if (e)
        return e;
    slots_to_values(base, t->results, nresults, results);
    return WISP_OK;
}

wisp_err wisp_exec_resume(wisp_instance *inst, wisp_value *results, uint32_t nresults)
{
    wisp_exec *ex = &inst->exec;
    if (!ex->suspended)
        return WISP_ERR_ARG;
    wisp_frame *entry = ex->entry;
    if (nresults != entry->func->type->nresults)
        return WISP_ERR_ARG;
    ex->suspended = false;
    ex->trap = WISP_TRAP_NONE;
    wisp_cell *base = ex->resume_results;
    wisp_err e = run(ex, ex->trap_frame, entry);
    if (e == WISP_ERR_TRAP && ex->trap == WISP_TRAP_OUT_OF_FUEL) {
        ex->suspended = true;
        return e;
    }
    ex->top = ex->frames;
    if (e)
        return e;
    slots_to_values(base, entry->func->type->results, nresults, results);
    return WISP_OK;
}

/* ---- the loop ---- */

#define S(k) WISP_SLOT(fp, ip[k])
/* An accumulator form (WISP_ACC) reads operand word acc_k from `acc`,
 * which the instruction before it left there; everywhere else acc_k is 0,
 * which no operand word is, so the test folds away. */
#if WISP_ACC
#define U32(k) ((k) == acc_k ? (uint32_t)acc : (uint32_t)S(k).i32)
#else
#define U32(k) ((uint32_t)S(k).i32)
#endif
#define I32(k) ((int32_t)U32(k))
#define I64(k) (S(k).i64)
#define U64(k) ((uint64_t)S(k).i64)
/* (the FPU accumulators hold values, not bits: on an x87 FPU, which would
 * quiet a signalling NaN on the way, the forms read the slots instead) */
#if WISP_ACC && !(defined(__i386__) && !defined(__SSE2_MATH__))
#define F32(k) ((k) == sacc_k ? sacc : f32_of((uint32_t)S(k).f32))
#define F64(k) ((k) == dacc_k ? dacc : f64_of(S(k).f64))
#else
#define F32(k) f32_of((uint32_t)S(k).f32)
#define F64(k) f64_of(S(k).f64)
#endif
#if WISP_NARROW
#define SET32(k, v) (S(k).f32 = (uint32_t)(v))
#else
#define SET32(k, v) (S(k).i64 = (uint32_t)(v))
#endif

/* -DWISP_PROFILE (tests/bench/opcount.c, README there): every dispatch
 * first calls wisp_profile_hook(ip), which the program linking this
 * provides. A call at dispatch clobbers the registers the x86-64 float
 * accumulators are pinned to: build it with -DWISP_NO_REG_HINT too.
 * Without it PROFILE_HOOK is empty and the loop is the same code. */
#ifdef WISP_PROFILE
#ifndef WISP_NO_REG_HINT
#error "WISP_PROFILE needs WISP_NO_REG_HINT (see the float accumulators in run())"
#endif
void wisp_profile_hook(const uint32_t *ip);
#define PROFILE_HOOK() wisp_profile_hook(ip);
#else
#define PROFILE_HOOK()
#endif

#if WISP_DIRECT && WISP_ADDR32_HANDLERS
#define CASE(name) L_##name:
#define NEXT() PROFILE_HOOK() goto *(void *)(uintptr_t)*ip
#define DISPATCH() NEXT();
#elif WISP_DIRECT
#define CASE(name) L_##name:
#define NEXT() PROFILE_HOOK() goto *(void *)(dbase + (intptr_t)(int32_t)*ip)
#define DISPATCH() NEXT();
#elif WISP_THREADED
#define CASE(name) L_##name:
#define NEXT() PROFILE_HOOK() goto *labels[*ip]
#define DISPATCH() NEXT();
#else
#define CASE(name) case OP_##name:
#define NEXT() goto dispatch
#define DISPATCH() dispatch: PROFILE_HOOK() switch (*ip)
#endif

/* Take the branch whose target word is ip[k], an offset from the
 * instruction's first word (one add: translate.c FIX; a br_table's target
 * words count from themselves, TABLE). A taken branch costs one unit of
 * fuel (every loop iteration takes one); out of fuel, ip is the target:
 * resuming goes on from there. */
#if WISP_FUEL
#define TAKEN() if (--fuel < 0) goto refuel_jump
#else
#define TAKEN() (void)0
#endif
#define JUMP(k) do { ip += (int32_t)ip[k]; TAKEN(); } while (0)

#define TRAP(kind) do { trap_kind = (kind); goto trap; } while (0)
#define FP_MARKED(p) ((wisp_cell *)((uintptr_t)(p) | 1))

/* An instruction's length in words (opinfo.h): what a handler steps over. */
#define LEN(name) (1 + WISP_ARGS_##name)

/* An i32 result in slot ip[1], left in `acc` too (opcodes.h WISP_ACC_SETS
 * lists the instructions that use this), and the accumulator form of an
 * instruction: the same body with operand word k read from acc. */
#if WISP_ACC
#define SETA(v) do { acc = (uint32_t)(v); SET32(1, acc); } while (0)
#define TWIN(name, k, ...) CASE(name##_A) { const int acc_k = (k); __VA_ARGS__ }
/* the same for f32 and f64 results, kept in FPU registers */
#define SETS(v) do { const uint32_t v_ = (v); sacc = f32_of(v_); SET32(1, v_); } while (0)
#define SETD(v) do { const uint64_t v_ = (v); dacc = f64_of(v_); S(1).i64 = (int64_t)v_; } while (0)
#define TWIN_S(name, k, ...) CASE(name##_A) { const int sacc_k = (k); __VA_ARGS__ }
#define TWIN_D(name, k, ...) CASE(name##_A) { const int dacc_k = (k); __VA_ARGS__ }
#else
#define SETS(v) SET32(1, v)
#define SETD(v) (S(1).i64 = (int64_t)(v))
#define TWIN_S(name, k, ...)
#define TWIN_D(name, k, ...)
#define SETA(v) SET32(1, v)
#define TWIN(name, k, ...)
#endif

#if WISP_COMPACT
#define ALIAS(name) CASE(name)
#else
#define ALIAS(name)
#endif

/* Put a result in slot ip[1] and go on to the instruction `len` words on.
 * In the compact configuration the ops that are seldom hot (i64, floats,
 * conversions) share that code: smaller, one branch more. */
#if WISP_COMPACT
#define PUT32(len, e) do { r32 = (uint32_t)(e); goto put32_##len; } while (0)
#define PUT64(len, e) do { r64 = (uint64_t)(e); goto put64_##len; } while (0)
#else
#define PUT32(len, e) do { SET32(1, e); ip += (len); NEXT(); } while (0)
#define PUT64(len, e) do { S(1).i64 = (int64_t)(e); ip += (len); NEXT(); } while (0)
#endif

/* r = a OP b on slot operands: d a b */
#define BIN(name, set, expr) CASE(name) { set; ip += LEN(name); NEXT(); }
#define UN(name, set) CASE(name) { set; ip += LEN(name); NEXT(); }

/* br_table stubs (WISP_GUESS): stub j takes target word j */
#if WISP_GUESS && WISP_THREADED
#define WISP_TABLE_STUBS 64
#define WISP_TABLE_STUB_LIST(X) \
    X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15) \
    X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23) X(24) X(25) X(26) X(27) X(28) X(29) X(30) X(31) \
    X(32) X(33) X(34) X(35) X(36) X(37) X(38) X(39) X(40) X(41) X(42) X(43) X(44) X(45) X(46) X(47) \
    X(48) X(49) X(50) X(51) X(52) X(53) X(54) X(55) X(56) X(57) X(58) X(59) X(60) X(61) X(62) X(63)
#else
#define WISP_TABLE_STUBS 0
#endif
static wisp_err run(wisp_exec *ex, wisp_frame *frame, wisp_frame *stop)
{
#if WISP_THREADED
    static const void *const labels[] = {
#define X(name, ...) &&L_##name,
        WISP_SCALAR_OPS(X)
#if WISP_SIMD
        WISP_SIMD_INTERNAL(X)
#undef X
#define X(name, ...) &&L_SIMD,
        WISP_SIMD_OPS(X) /* simd.c runs them all */
#endif
#undef X
    };
#endif
#if WISP_TABLE_STUBS
    static const void *const table_stubs[WISP_TABLE_STUBS] = {
#define X(j) &&table_##j,
        WISP_TABLE_STUB_LIST(X)
#undef X
    };
#endif
#if WISP_DIRECT
    if (!ex) {
        /* wisp_handlers(): the translator asks for the handler addresses */
        *(const void *const **)(void *)frame = labels;
        return WISP_OK;
    }
#if !WISP_ADDR32_HANDLERS
    const uintptr_t dbase = (uintptr_t)labels[0];
#endif
#endif
    wisp_instance *inst = frame->func->inst;
    const uint32_t *ip = frame->ip;
    wisp_cell *fp = wisp_frame_fp(frame);
    /* a return into the frame below this run's first must stop it: marked
     * (wisp_frame.fp bit 0), a RETURN tests one bit it loads anyway */
    (stop - 1)->fp = FP_MARKED(wisp_frame_fp(stop - 1));
    const wisp_memory *mem = mem0(inst);
    /* The memory base and size are in every access: on Thumb-2 register
     * hints keep gcc from leaving them in the stack frame (only a hint
     * outside asm operands: the values are the same either way; on x86-64
     * they measured neutral). On ARMv6-M they go in high registers, which
     * add and cmp take directly, and the accumulator in a low one: 4% fewer
     * M0 instructions (none of the hints alone helped). */
#if defined(__thumb2__) && !defined(WISP_NO_REG_HINT)
    register uint8_t *mbase __asm__("r7") = mem->data;
    register uintptr_t msize __asm__("r6") = (uintptr_t)mem->size;
#elif defined(__thumb__) && !defined(WISP_NO_REG_HINT)
    register uint8_t *mbase __asm__("r9") = mem->data;
    register uintptr_t msize __asm__("r10") = (uintptr_t)mem->size;
#else
    uint8_t *mbase = mem->data;
    uintptr_t msize = (uintptr_t)mem->size;
#endif
    wisp_trap_kind trap_kind = WISP_TRAP_NONE;
    const char *trap_msg = NULL;
#if defined(__thumb__) && !defined(__thumb2__)
    bool tail; /* (CALL_INDIRECT) */
#endif
    wisp_func *callee;
    wisp_cell *nfp;
    uint32_t call_len;
    uint32_t oob_addr;
#if WISP_COMPACT
    int conv;
    uint32_t r32;
    uint64_t r64;
#endif
#if WISP_FUEL
    int32_t fuel = 0;
    FUEL_OPAQUE();
#endif
#if WISP_ACC
#if defined(__thumb__) && !defined(__thumb2__) && !defined(WISP_NO_REG_HINT)
    register uintptr_t acc __asm__("r6") = 0; /* (see mbase above) */
#else
    uintptr_t acc = 0; /* (zero-extended: stored as it is on 64-bit hosts) */
#endif
#if defined(__x86_64__) && defined(__SSE2__) && !defined(WISP_NO_REG_HINT)
    /* xmm registers are caller-saved: without a hint gcc keeps these two
     * in the stack frame, which defeats them. (Nothing calls out between
     * a producer and its accumulator form; a hook added at dispatch, a
     * profiler's, must build with -DWISP_NO_REG_HINT or float guests go
     * wrong.) */
    register float sacc __asm__("xmm14") = 0;
    register double dacc __asm__("xmm15") = 0;
#else
    float sacc = 0;
    double dacc = 0;
#endif
    const int acc_k = 0, sacc_k = 0, dacc_k = 0;
#endif

#define RELOAD_MEM() do { mem = mem0(inst); mbase = mem->data; msize = (uintptr_t)mem->size; } while (0)

    DISPATCH()
    {
#if WISP_COMPACT
    /* the forms the compact configuration leaves out are never emitted */
#define X(name, a) CASE(name)
    WISP_COMPACT_OMIT(X, 0)
#undef X
#endif
    CASE(UNREACHABLE) TRAP(WISP_TRAP_UNREACHABLE);
    CASE(BR) { JUMP(1); NEXT(); }
#if WISP_COMPACT
    CASE(BR_IF) { if (I32(1)) goto jump2; ip += LEN(BR_IF); NEXT(); }
    CASE(BR_UNLESS) { if (!I32(1)) goto jump2; ip += LEN(BR_UNLESS); NEXT(); }
#else
#define BRIF(name, cond) CASE(name) { if (cond) JUMP(2); else ip += LEN(name); NEXT(); } \
    TWIN(name, 1, if (cond) JUMP(2); else ip += LEN(name); NEXT();)
    BRIF(BR_IF, I32(1))
    BRIF(BR_UNLESS, !I32(1))
#endif
    /* index i, n at ip[k], its n + 1 targets after it (the last for i >= n);
     * WISP_GUESS: the first 64 through their stubs */
#if WISP_TABLE_STUBS
#define TABLE_STUB(j, k)                                                  \
    do {                                                                  \
        const uint32_t j_ = (j);                                          \
        if (j_ < WISP_TABLE_STUBS) {                                      \
            ip += (k) + 1; /* its first target word */                    \
            goto *table_stubs[j_];                                        \
        }                                                                 \
    } while (0)
#else
#define TABLE_STUB(j, k) (void)0
#endif
#define TABLE(i, k)                                                       \
    do {                                                                  \
        uint32_t i_ = (i), n_ = ip[k];                                    \
        TABLE_STUB(i_ < n_ ? i_ : n_, k);                                 \
        ip += (k) + 1 + (i_ < n_ ? i_ : n_); /* its target word */       \
        ip += (int32_t)*ip;                                               \
        TAKEN();                                                          \
        NEXT();                                                           \
    } while (0)
    CASE(BR_TABLE) TABLE(U32(1), 2);
    CASE(RETURN) {
    do_return:
        frame--;
        fp = frame->fp;
        ip = frame->ip;
        if ((uintptr_t)fp & 1) {
            /* marked: the frame below this run's first, or one that called
             * into another instance (memory.grow in the callee reloaded
             * mbase and msize already) */
            fp = wisp_frame_fp(frame);
            frame->fp = fp;
            if (frame + 1 == stop) {
                ex->top = frame;
                FLUSH_FUEL();
                return WISP_OK;
            }
            if (frame->func->inst != inst) {
                inst = frame->func->inst;
                RELOAD_MEM();
            }
        }
        NEXT();
    }
    CASE(LAZY) {
        /* a function whose code is not in the code cache was entered */
        ex->top = frame;
#if WISP_DIRECT
        if (wisp_cache_fill(ex, frame->func, labels)) {
#else
        if (wisp_cache_fill(ex, frame->func, NULL)) {
#endif
            trap_msg = ex->trap_msg;
            TRAP(ex->trap);
        }
        ip = frame->func->def->code;
        NEXT();
    }
    CASE(CALL) {
        callee = inst->funcs[ip[1]];
        nfp = &WISP_SLOT(fp, ip[2]);
        call_len = 3;
        goto do_call;
    }
#if !WISP_COMPACT
    /* Enter callee, a function of this instance (never a host function),
     * from a call `len` words long: do_call without its checks. The code
     * is entered directly, not through frame->ip, a load the stores just
     * before may not forward to. */
#define ENTER_LOCAL(len)                                                    \
    do {                                                                    \
        PUSH_LOCAL_FRAME(len);                                              \
        fp = nfp;                                                           \
        CALLEE_CODE(ip - 1);                                                \
        NEXT();                                                             \
    } while (0)
    /* push_frame's work in the handler's own order: the callee's funcdef
     * first, a jump out on exhaustion (Cortex-M3 fib -1.1%, list -0.8%; x86-64
     * fib 2.5% fewer instructions, its time within 2%); on ARMv6-M
     * push_frame's code is the shorter (fib +2.5% with this) */
#if defined(__thumb__) && !defined(__thumb2__)
#define PUSH_LOCAL_FRAME(len)                                               \
    do {                                                                    \
        CHARGE_FUEL(); /* ip is still the call: resuming redoes it */      \
        ip += (len);                                                        \
        frame->ip = ip; /* the return point */                             \
        if (push_frame(ex, &frame, callee, nfp)) {                          \
            ex->trap_callee = callee;                                       \
            goto trap_ret;                                                  \
        }                                                                   \
    } while (0)
#else
#define PUSH_LOCAL_FRAME(len)                                               \
    do {                                                                    \
        const wisp_funcdef *d_ = callee->def;                               \
        CHARGE_FUEL(); /* ip is still the call: resuming redoes it */      \
        ip += (len);                                                        \
        frame->ip = ip; /* the return point */                             \
        if (FRAME_OVERRUNS(ex, frame, d_, nfp))                             \
            goto enter_exhausted;                                           \
        fill_frame(++frame, callee, d_, nfp);                               \
    } while (0)
#endif
    /* ip = the callee's code. WISP_GUESS: from the call's guess word g (its
     * last), where a branch on the guess being right, not the loads of
     * callee->def->code, decides what ip is; a wrong one (the first call,
     * or code the cache moved) is mended for the next time. */
#if WISP_GUESS
/* goto label if a != b, a branch the compiler cannot see through: after
 * a C compare it knows a == b and may compute ip from b's loads again */
#if defined(__x86_64__)
#define GOTO_IF_NE(a, b, label) \
    __asm__ goto("cmpq %1, %0\n\tjne %l[" #label "]" : : "r"(a), "r"(b) : "cc" : label)
#else
#define GOTO_IF_NE(a, b, label) \
    __asm__ goto("cmp %0, %1\n\tb.ne %l[" #label "]" : : "r"(a), "r"(b) : "cc" : label)
#endif
#define CALLEE_CODE(g)                                                      \
    do {                                                                    \
        __label__ miss_;                                                    \
        uint32_t *g_ = (uint32_t *)(uintptr_t)(g);                          \
        const uint32_t *code_ = callee->def->code;                          \
        const uint32_t *guess_ = g_ + (int32_t)*g_;                         \
        GOTO_IF_NE(guess_, code_, miss_);                                   \
        ip = guess_;                                                        \
        NEXT();                                                             \
    miss_:                                                                  \
        *g_ = (uint32_t)(code_ - g_); /* (if it does not fit: a miss again) */ \
        ip = code_;                                                         \
    } while (0)
#else
#define CALLEE_CODE(g) (ip = callee->def->code)
#endif
    CASE(CALL_LOCAL) {
        callee = inst->funcs[ip[1]];
        nfp = &WISP_SLOT(fp, ip[2]);
        ENTER_LOCAL(LEN(CALL_LOCAL));
    }
#endif
    /* The callee of a call_indirect (table ip[1], index in slot ip[3]),
     * trapping on a bad index or an empty element; its type is checked
     * after. */
#define INDIRECT_CALLEE()                                                            \
    do {                                                                             \
        const wisp_table *tab = inst->tables[ip[1]];                                 \
        const uint32_t i = U32(3);                                                   \
        if (i >= tab->size)                                                          \
            TRAP(WISP_TRAP_UNDEFINED_ELEMENT);                                       \
        callee = (wisp_func *)tab->elems[i];                                         \
        if (!callee) {                                                               \
            wisp_snprintf(ex->msg_buf, sizeof ex->msg_buf, "uninitialized element %u", i); \
            trap_msg = ex->msg_buf;                                                  \
            TRAP(WISP_TRAP_UNINITIALIZED_ELEMENT);                                   \
        }                                                                            \
        nfp = &WISP_SLOT(fp, ip[4]);                                                 \
    } while (0)
    /* ip[2] is the expected type's canonical index in this module: a
     * function of this instance matches by that index alone; any other
     * (another instance's, the host's) by its type's shape */
#define INDIRECT_TYPE_OK()                                                           \
    (callee->inst == inst ? callee->type_canon == ip[2]                              \
                          : wisp_functype_eq(callee->type, &inst->mod->types[ip[2]]))
#if defined(__thumb__) && !defined(__thumb2__)
    /* ARMv6-M: both through one body told by a flag. (gcc's registers for
     * the whole loop depend on it: without the flag the M0 ran 4% more
     * instructions on sieve and tokenize, which make no indirect call; with
     * it the Cortex-M3 ran 2-3% more on fib and list.) */
    CASE(RETURN_CALL_INDIRECT) {
        tail = true;
        goto call_indirect;
    }
    CASE(CALL_INDIRECT) {
        tail = false;
    call_indirect:
        INDIRECT_CALLEE();
#if !WISP_COMPACT
        if (!tail && callee->inst == inst && callee->type_canon == ip[2])
            ENTER_LOCAL(LEN(CALL_INDIRECT));
#endif
        if (!INDIRECT_TYPE_OK())
            TRAP(WISP_TRAP_INDIRECT_MISMATCH);
        _Static_assert(LEN(CALL_INDIRECT) == LEN(RETURN_CALL_INDIRECT), "one length for both");
        call_len = LEN(CALL_INDIRECT);
        if (tail)
            goto do_tail_call;
        goto do_call;
    }
#else
    CASE(RETURN_CALL_INDIRECT) {
        INDIRECT_CALLEE();
        if (!INDIRECT_TYPE_OK())
            TRAP(WISP_TRAP_INDIRECT_MISMATCH);
        call_len = 5;
        goto do_tail_call;
    }
    CASE(CALL_INDIRECT) {
        INDIRECT_CALLEE();
#if !WISP_COMPACT
        if (callee->inst == inst && callee->type_canon == ip[2])
            ENTER_LOCAL(LEN(CALL_INDIRECT));
#endif
        if (!INDIRECT_TYPE_OK())
            TRAP(WISP_TRAP_INDIRECT_MISMATCH);
        call_len = LEN(CALL_INDIRECT);
        goto do_call;
    }
#endif
    CASE(RETURN_CALL) {
        callee = inst->funcs[ip[1]];
        nfp = &WISP_SLOT(fp, ip[2]);
        call_len = 3;
        goto do_tail_call;
    }
    /* In the compact configuration ops whose handler would be the same
     * code share one (ALIAS: little-endian slots; an i32 or f32 slot is
     * only read in its low half). Elsewhere they keep their own: gcc's
     * code for a shared one can come out a little slower. */
    ALIAS(I64_REINTERPRET_F64) ALIAS(F64_REINTERPRET_I64)
    /* a move: the slot, or its low half (WISP_MOVE32; i64/f64 go by COPY64) */
#if WISP_MOVE32
#define MOVE(d, s) (S(d).i32 = S(s).i32)
#else
#define MOVE(d, s) (S(d) = S(s))
#endif
    CASE(COPY) { MOVE(1, 2); ip += LEN(COPY); NEXT(); }
    CASE(COPY2) { MOVE(1, 2); MOVE(3, 4); ip += LEN(COPY2); NEXT(); }
    CASE(I32_ADD_IMM2) { SET32(1, U32(2) + ip[3]); SET32(4, U32(5) + ip[6]); ip += LEN(I32_ADD_IMM2); NEXT(); }
    CASE(I32_MUL_ADD) { SETA(U32(2) * U32(3) + U32(4)); ip += LEN(I32_MUL_ADD); NEXT(); }
    CASE(I32_ADD_ADD_IMM) { SETA(U32(2) + U32(3) + ip[4]); ip += LEN(I32_ADD_ADD_IMM); NEXT(); }
    CASE(I32_SHR_U_AND) { SETA((U32(2) >> ip[3]) & ip[4]); ip += LEN(I32_SHR_U_AND); NEXT(); }
    CASE(CONST32) { SET32(1, ip[2]); ip += LEN(CONST32); NEXT(); }
    CASE(CONST64) { S(1).i64 = (int64_t)((uint64_t)ip[3] << 32 | ip[2]); ip += LEN(CONST64); NEXT(); }
    CASE(SELECT) { S(1) = I32(4) ? S(2) : S(3); ip += LEN(SELECT); NEXT(); }
    TWIN(SELECT, 4, S(1) = I32(4) ? S(2) : S(3); ip += LEN(SELECT); NEXT();)
    CASE(GLOBAL_GET) { S(1).i64 = inst->globals[ip[2]]->val.i64; ip += LEN(GLOBAL_GET); NEXT(); }
    CASE(GLOBAL_SET) { inst->globals[ip[1]]->val.i64 = S(2).i64; ip += LEN(GLOBAL_SET); NEXT(); }
    CASE(TABLE_GET) {
        const wisp_table *tab = inst->tables[ip[2]];
        uint32_t i = U32(3);
        if (i >= tab->size)
            TRAP(WISP_TRAP_TABLE_OOB);
        S(1).i64 = 0;
        S(1).ref = tab->elems[i];
        ip += LEN(TABLE_GET);
        NEXT();
    }
    CASE(TABLE_SET) {
        wisp_table *tab = inst->tables[ip[1]];
        uint32_t i = U32(2);
        if (i >= tab->size)
            TRAP(WISP_TRAP_TABLE_OOB);
        tab->elems[i] = S(3).ref;
        ip += LEN(TABLE_SET);
        NEXT();
    }
    CASE(TABLE_SIZE) { S(1).i64 = inst->tables[ip[2]]->size; ip += LEN(TABLE_SIZE); NEXT(); }
    CASE(TABLE_GROW) {
        uint32_t old;
        uintptr_t init = S(3).ref;
        uint32_t n = U32(4);
        if (wisp_table_grow(inst->tables[ip[2]], n, init, &old))
            S(1).i64 = (uint32_t)-1;
        else
            S(1).i64 = old;
        ip += LEN(TABLE_GROW);
        NEXT();
    }
    CASE(TABLE_FILL) {
        wisp_table *tab = inst->tables[ip[1]];
        uint32_t i = U32(2), n = U32(4);
        uintptr_t v = S(3).ref;
        if ((uint64_t)i + n > tab->size)
            TRAP(WISP_TRAP_TABLE_OOB);
        while (n--)
            tab->elems[i++] = v;
        ip += LEN(TABLE_FILL);
        NEXT();
    }
    CASE(TABLE_COPY) {
        wisp_table *dt = inst->tables[ip[1]];
        const wisp_table *st = inst->tables[ip[2]];
        uint32_t d = U32(3), s = U32(4), n = U32(5);
        if ((uint64_t)d + n > dt->size || (uint64_t)s + n > st->size)
            TRAP(WISP_TRAP_TABLE_OOB);
        wisp_memmove(dt->elems + d, st->elems + s, (size_t)n * sizeof(uintptr_t));
        ip += LEN(TABLE_COPY);
        NEXT();
    }
    CASE(TABLE_INIT) {
        wisp_table *tab = inst->tables[ip[1]];
        uint32_t seg = ip[2], d = U32(3), s = U32(4), n = U32(5);
        if ((uint64_t)d + n > tab->size || (uint64_t)s + n > inst->elem_len[seg])
            TRAP(WISP_TRAP_TABLE_OOB);
        wisp_memcpy(tab->elems + d, inst->elem_items[seg] + s, (size_t)n * sizeof(uintptr_t));
        ip += LEN(TABLE_INIT);
        NEXT();
    }
    CASE(ELEM_DROP) { inst->elem_len[ip[1]] = 0; ip += LEN(ELEM_DROP); NEXT(); }
    CASE(MEMORY_SIZE) { S(1).i64 = inst->mems[ip[2]]->pages; ip += LEN(MEMORY_SIZE); NEXT(); }
    CASE(MEMORY_GROW) {
        uint32_t old;
        if (wisp_memory_grow(inst->mems[ip[3]], U32(2), &old))
            S(1).i64 = (uint32_t)-1;
        else
            S(1).i64 = old;
        RELOAD_MEM();
        ip += LEN(MEMORY_GROW);
        NEXT();
    }
    CASE(MEMORY_COPY) {
        const wisp_memory *dm = inst->mems[ip[4]], *sm = inst->mems[ip[5]];
        uint32_t d = U32(1), s = U32(2), n = U32(3);
        if ((uint64_t)d + n > dm->size || (uint64_t)s + n > sm->size)
            TRAP(WISP_TRAP_MEMORY_OOB);
        wisp_memmove(dm->data + d, sm->data + s, n);
        ip += LEN(MEMORY_COPY);
        NEXT();
    }
    CASE(MEMORY_FILL) {
        const wisp_memory *dm = inst->mems[ip[4]];
        uint32_t d = U32(1), v = U32(2), n = U32(3);
        if ((uint64_t)d + n > dm->size)
            TRAP(WISP_TRAP_MEMORY_OOB);
        wisp_memset(dm->data + d, (int)(uint8_t)v, n);
        ip += LEN(MEMORY_FILL);
        NEXT();
    }
    CASE(MEMORY_INIT) {
        const wisp_dataseg *seg = &inst->mod->datas[ip[1]];
        const wisp_memory *dm = inst->mems[ip[5]];
        uint32_t d = U32(2), s = U32(3), n = U32(4);
        uint32_t len = inst->data_dropped[ip[1]] ? 0 : seg->len;
        if ((uint64_t)d + n > dm->size || (uint64_t)s + n > len)
            TRAP(WISP_TRAP_MEMORY_OOB);
        wisp_memcpy(dm->data + d, inst->mod->bytes + seg->data_off + s, n);
        ip += LEN(MEMORY_INIT);
        NEXT();
    }
    CASE(LOAD_MEM) {
        /* a load from a memory other than 0: the op says which width */
        const wisp_memory *m = inst->mems[ip[4]];
        uint64_t ea = (uint64_t)U32(2) + ip[3];
        static const uint8_t width[] = {4, 8, 4, 8, 1, 1, 2, 2, 1, 1, 2, 2, 4, 4};
        if (ea + width[ip[5] - OP_I32_LOAD] > m->size)
            TRAP(WISP_TRAP_MEMORY_OOB);
        const uint8_t *p = m->data + ea;
        uint64_t v;
        switch (ip[5]) {
        case OP_I32_LOAD: case OP_F32_LOAD: case OP_I64_LOAD32_U: v = LOAD(uint32_t, p); break;
        case OP_I64_LOAD: case OP_F64_LOAD: v = LOAD(uint64_t, p); break;
        case OP_I32_LOAD8_S: v = (uint32_t)(int32_t)(int8_t)*p; break;
        case OP_I32_LOAD8_U: case OP_I64_LOAD8_U: v = *p; break;
        case OP_I32_LOAD16_S: v = (uint32_t)(int32_t)LOAD(int16_t, p); break;
        case OP_I32_LOAD16_U: case OP_I64_LOAD16_U: v = LOAD(uint16_t, p); break;
        case OP_I64_LOAD8_S: v = (uint64_t)(int64_t)(int8_t)*p; break;
        case OP_I64_LOAD16_S: v = (uint64_t)(int64_t)LOAD(int16_t, p); break;
        default: v = (uint64_t)(int64_t)LOAD(int32_t, p); break; /* I64_LOAD32_S */
        }
        S(1).i64 = (int64_t)v;
        ip += LEN(LOAD_MEM);
        NEXT();
    }
    CASE(STORE_MEM) {
        wisp_memory *m = inst->mems[ip[4]];
        uint64_t ea = (uint64_t)U32(1) + ip[3];
        static const uint8_t width[] = {4, 8, 4, 8, 1, 2, 1, 2, 4};
        if (ea + width[ip[5] - OP_I32_STORE] > m->size)
            TRAP(WISP_TRAP_MEMORY_OOB);
        uint8_t *p = m->data + ea;
        uint64_t v = U64(2);
        switch (width[ip[5] - OP_I32_STORE]) {
        case 1: *p = (uint8_t)v; break;
        case 2: STORE(uint16_t, p, v); break;
        case 4: STORE(uint32_t, p, v); break;
        default: STORE(uint64_t, p, v); break;
        }
        ip += LEN(STORE_MEM);
        NEXT();
    }
    CASE(DATA_DROP) { inst->data_dropped[ip[1]] = 1; ip += LEN(DATA_DROP); NEXT(); }
    CASE(REF_NULL) { S(1).i64 = 0; ip += LEN(REF_NULL); NEXT(); }
    CASE(REF_IS_NULL) { uintptr_t r = S(2).ref; SET32(1, r == 0); ip += LEN(REF_IS_NULL); NEXT(); }
    CASE(REF_FUNC) { S(1).i64 = 0; S(1).ref = (uintptr_t)inst->funcs[ip[2]]; ip += LEN(REF_FUNC); NEXT(); }

    /* ---- memory: d addr offset / addr value offset ---- */
    /* the offset word holds offset + access size (the translator sends
     * larger ones to LOAD_MEM/STORE_MEM): one add and one compare */
#define EA(addr_k, size)                                                   \
    uintptr_t end;                                                         \
    if (__builtin_add_overflow((uintptr_t)U32(addr_k), (uintptr_t)ip[3], &end) || end > msize) \
        TRAP(WISP_TRAP_MEMORY_OOB);                                        \
    uint8_t *p = mbase + end - (size);
#define LD(name, size, expr) CASE(name) { EA(2, size) PUT64(4, (int64_t)(expr)); } \
    TWIN(name, 2, EA(2, size) PUT64(4, (int64_t)(expr));)
#define LD32(name, size, expr) CASE(name) { EA(2, size) SETA(expr); ip += LEN(name); NEXT(); } \
    TWIN(name, 2, EA(2, size) SETA(expr); ip += LEN(name); NEXT();)
#define ST(name, size, T, v) CASE(name) { EA(1, size) STORE(T, p, v); ip += LEN(name); NEXT(); }
#define STV(name, size, T, v) ST(name, size, T, v) \
    TWIN(name, 2, EA(1, size) STORE(T, p, v); ip += LEN(name); NEXT();)
    ALIAS(F32_LOAD) LD32(I32_LOAD, 4, LOAD(uint32_t, p))
    ALIAS(F64_LOAD) LD(I64_LOAD, 8, LOAD(uint64_t, p))
#if !WISP_COMPACT
    /* (f32 and f64 loads fill the FPU accumulators) */
    CASE(F32_LOAD) { EA(2, 4) SETS(LOAD(uint32_t, p)); ip += LEN(F32_LOAD); NEXT(); }
    TWIN(F32_LOAD, 2, EA(2, 4) SETS(LOAD(uint32_t, p)); ip += LEN(F32_LOAD); NEXT();)
    CASE(F64_LOAD) { EA(2, 8) SETD(LOAD(uint64_t, p)); ip += LEN(F64_LOAD); NEXT(); }
    TWIN(F64_LOAD, 2, EA(2, 8) SETD(LOAD(uint64_t, p)); ip += LEN(F64_LOAD); NEXT();)
#endif
    LD32(I32_LOAD8_S, 1, (uint32_t)(int32_t)(int8_t)*p)
    LD32(I32_LOAD8_U, 1, *p)
    LD32(I32_LOAD16_S, 2, (uint32_t)(int32_t)LOAD(int16_t, p))
    LD32(I32_LOAD16_U, 2, LOAD(uint16_t, p))
    LD(I64_LOAD8_S, 1, (int8_t)*p)
    LD(I64_LOAD8_U, 1, *p)
    LD(I64_LOAD16_S, 2, LOAD(int16_t, p))
    LD(I64_LOAD16_U, 2, LOAD(uint16_t, p))
    LD(I64_LOAD32_S, 4, LOAD(int32_t, p))
    LD(I64_LOAD32_U, 4, LOAD(uint32_t, p))
    ALIAS(F32_STORE) ALIAS(I64_STORE32) STV(I32_STORE, 4, uint32_t, U32(2))
    ALIAS(F64_STORE) ST(I64_STORE, 8, uint64_t, U64(2))
    ALIAS(I64_STORE8) STV(I32_STORE8, 1, uint8_t, U32(2))
    ALIAS(I64_STORE16) STV(I32_STORE16, 2, uint16_t, U32(2))
#if !WISP_COMPACT
    ST(F32_STORE, 4, uint32_t, U32(2))
    TWIN_S(F32_STORE, 2, EA(1, 4) STORE(uint32_t, p, bits_f32(F32(2))); ip += LEN(F32_STORE); NEXT();)
    ST(F64_STORE, 8, uint64_t, U64(2))
    TWIN_D(F64_STORE, 2, EA(1, 8) STORE(uint64_t, p, bits_f64(F64(2))); ip += LEN(F64_STORE); NEXT();)
    ST(I64_STORE8, 1, uint8_t, U64(2))
    ST(I64_STORE16, 2, uint16_t, U64(2))
    ST(I64_STORE32, 4, uint32_t, U64(2))
#endif

#if !WISP_COMPACT
    /* at a constant address: d end / value end (WISP_MEMABS) */
#define EA_ABS(size)                                                       \
    if (ip[2] > msize)                                                     \
        TRAP(WISP_TRAP_MEMORY_OOB);                                        \
    uint8_t *p = mbase + ip[2] - (size);
    CASE(I32_LOAD_ABS) { EA_ABS(4) SETA(LOAD(uint32_t, p)); ip += LEN(I32_LOAD_ABS); NEXT(); }
    CASE(I64_LOAD_ABS) { EA_ABS(8) S(1).i64 = (int64_t)LOAD(uint64_t, p); ip += LEN(I64_LOAD_ABS); NEXT(); }
    CASE(F32_LOAD_ABS) { EA_ABS(4) SETS(LOAD(uint32_t, p)); ip += LEN(F32_LOAD_ABS); NEXT(); }
    CASE(F64_LOAD_ABS) { EA_ABS(8) SETD(LOAD(uint64_t, p)); ip += LEN(F64_LOAD_ABS); NEXT(); }
    CASE(I32_LOAD8_U_ABS) { EA_ABS(1) SETA(*p); ip += LEN(I32_LOAD8_U_ABS); NEXT(); }
#define STK(name, size, T, v, twin, tv) CASE(name) { EA_ABS(size) STORE(T, p, v); ip += LEN(name); NEXT(); } \
    twin(name, 1, EA_ABS(size) STORE(T, p, tv); ip += LEN(name); NEXT();)
#define NO_TWIN(name, k, ...)
    STK(I32_STORE_ABS, 4, uint32_t, U32(1), TWIN, U32(1))
    STK(I64_STORE_ABS, 8, uint64_t, U64(1), NO_TWIN, 0)
    STK(F32_STORE_ABS, 4, uint32_t, U32(1), TWIN_S, bits_f32(F32(1)))
    STK(F64_STORE_ABS, 8, uint64_t, U64(1), TWIN_D, bits_f64(F64(1)))
    STK(I32_STORE8_ABS, 1, uint8_t, U32(1), TWIN, U32(1))
#endif

    /* the same, the address being a + imm: d a imm offset home / a value imm offset home */
#define EA_ADD(addr_k, size)                                               \
    uintptr_t end;                                                         \
    const uint32_t addr = U32(addr_k) + ip[3];                             \
    if (__builtin_add_overflow((uintptr_t)addr, (uintptr_t)ip[4], &end) || end > msize) { \
        oob_addr = addr;                                                   \
        goto oob_add;                                                      \
    }                                                                      \
    uint8_t *p = mbase + end - (size);
#define LDA(name, size, expr) CASE(name) { EA_ADD(2, size) S(1).i64 = (int64_t)(expr); ip += LEN(name); NEXT(); } \
    TWIN(name, 2, EA_ADD(2, size) S(1).i64 = (int64_t)(expr); ip += LEN(name); NEXT();)
#define LDA32(name, size, expr) CASE(name) { EA_ADD(2, size) SETA(expr); ip += LEN(name); NEXT(); } \
    TWIN(name, 2, EA_ADD(2, size) SETA(expr); ip += LEN(name); NEXT();)
#define STA(name, size, T, v) CASE(name) { EA_ADD(1, size) STORE(T, p, v); ip += LEN(name); NEXT(); }
/* (the value from an accumulator: i32 acc, f32 sacc, f64 dacc) */
#define STAV(name, size, T, v, twin, tv) STA(name, size, T, v) \
    twin(name, 2, EA_ADD(1, size) STORE(T, p, tv); ip += LEN(name); NEXT();)
    ALIAS(F32_LOAD_ADD) LDA32(I32_LOAD_ADD, 4, LOAD(uint32_t, p))
    ALIAS(F64_LOAD_ADD) LDA(I64_LOAD_ADD, 8, LOAD(uint64_t, p))
#if !WISP_COMPACT
    CASE(F32_LOAD_ADD) { EA_ADD(2, 4) SETS(LOAD(uint32_t, p)); ip += LEN(F32_LOAD_ADD); NEXT(); }
    TWIN(F32_LOAD_ADD, 2, EA_ADD(2, 4) SETS(LOAD(uint32_t, p)); ip += LEN(F32_LOAD_ADD); NEXT();)
    CASE(F64_LOAD_ADD) { EA_ADD(2, 8) SETD(LOAD(uint64_t, p)); ip += LEN(F64_LOAD_ADD); NEXT(); }
    TWIN(F64_LOAD_ADD, 2, EA_ADD(2, 8) SETD(LOAD(uint64_t, p)); ip += LEN(F64_LOAD_ADD); NEXT();)
#endif
    LDA32(I32_LOAD8_S_ADD, 1, (uint32_t)(int32_t)(int8_t)*p)
    LDA32(I32_LOAD8_U_ADD, 1, *p)
    LDA32(I32_LOAD16_S_ADD, 2, (uint32_t)(int32_t)LOAD(int16_t, p))
    LDA32(I32_LOAD16_U_ADD, 2, LOAD(uint16_t, p))
    ALIAS(F32_STORE_ADD) STAV(I32_STORE_ADD, 4, uint32_t, U32(2), TWIN, U32(2))
    ALIAS(F64_STORE_ADD) STA(I64_STORE_ADD, 8, uint64_t, U64(2))
#if !WISP_COMPACT
    STAV(F32_STORE_ADD, 4, uint32_t, U32(2), TWIN_S, bits_f32(F32(2)))
    STAV(F64_STORE_ADD, 8, uint64_t, U64(2), TWIN_D, bits_f64(F64(2)))
#endif
    STAV(I32_STORE8_ADD, 1, uint8_t, U32(2), TWIN, U32(2))
    STAV(I32_STORE16_ADD, 2, uint16_t, U32(2), TWIN, U32(2))
    STA(I32_STORE_ADD_K, 4, uint32_t, ip[2])
    STA(I32_STORE8_ADD_K, 1, uint8_t, ip[2])

    /* and with a register address a + b */
#define EA_IDX(addr_k, size)                                               \
    uintptr_t end;                                                         \
    const uint32_t addr = U32(addr_k) + U32(3);                            \
    if (__builtin_add_overflow((uintptr_t)addr, (uintptr_t)ip[4], &end) || end > msize) { \
        oob_addr = addr;                                                   \
        goto oob_add;                                                      \
    }                                                                      \
    uint8_t *p = mbase + end - (size);
#if !WISP_COMPACT
    /* the address (x << k) + imm: d x k imm offset home */
#define EA_SHL(size)                                                       \
    uintptr_t end;                                                         \
    const uint32_t addr = (U32(2) << ip[3]) + ip[4];                       \
    if (__builtin_add_overflow((uintptr_t)addr, (uintptr_t)ip[5], &end) || end > msize) { \
        oob_addr = addr;                                                   \
        goto oob_shl;                                                      \
    }                                                                      \
    uint8_t *p = mbase + end - (size);
#define LDS(name, size, set, expr) CASE(name) { EA_SHL(size) set(expr); ip += LEN(name); NEXT(); } \
    TWIN(name, 2, EA_SHL(size) set(expr); ip += LEN(name); NEXT();)
#define SET64(v) (S(1).i64 = (int64_t)(v))
    LDS(I32_LOAD_SHL, 4, SETA, LOAD(uint32_t, p))
    LDS(I64_LOAD_SHL, 8, SET64, LOAD(uint64_t, p))
    LDS(F32_LOAD_SHL, 4, SETS, LOAD(uint32_t, p))
    LDS(F64_LOAD_SHL, 8, SETD, LOAD(uint64_t, p))
    LDS(I32_LOAD16_S_SHL, 2, SETA, (uint32_t)(int32_t)LOAD(int16_t, p))
    LDS(I32_LOAD16_U_SHL, 2, SETA, LOAD(uint16_t, p))
#endif
#define LDX32(name, size, expr) CASE(name) { EA_IDX(2, size) SETA(expr); ip += LEN(name); NEXT(); } \
    TWIN(name, 2, EA_IDX(2, size) SETA(expr); ip += LEN(name); NEXT();)
#define STX(name, size, T, v) CASE(name) { EA_IDX(1, size) STORE(T, p, v); ip += LEN(name); NEXT(); }
#define STXV(name, size, T, v) STX(name, size, T, v) \
    TWIN(name, 2, EA_IDX(1, size) STORE(T, p, v); ip += LEN(name); NEXT();)
    LDX32(I32_LOAD_IDX, 4, LOAD(uint32_t, p))
    LDX32(I32_LOAD8_U_IDX, 1, *p)
    LDX32(I32_LOAD16_U_IDX, 2, LOAD(uint16_t, p))
    LDX32(I32_LOAD16_S_IDX, 2, (uint32_t)(int32_t)LOAD(int16_t, p))
    STXV(I32_STORE_IDX, 4, uint32_t, U32(2))
    STXV(I32_STORE8_IDX, 1, uint8_t, U32(2))
#if !WISP_COMPACT
    STX(I32_STORE_IDX_K, 4, uint32_t, ip[2])
    STX(I32_STORE8_IDX_K, 1, uint8_t, ip[2])
#endif

    /* ---- numeric ---- */
#define B32(name, e) BIN(name, SETA(e), e) TWIN(name, 2, SETA(e); ip += LEN(name); NEXT();)
#define B64(name, e) CASE(name) { PUT64(4, e); }
#define C32(name, e) CASE(name) { PUT32(4, e); }
#define C32S(name, e) C32(name, e) TWIN_S(name, 2, PUT32(4, e);)
#define C32D(name, e) C32(name, e) TWIN_D(name, 2, PUT32(4, e);)
#if WISP_ACC
#define U32R(name, e) CASE(name) { SETA(e); ip += LEN(name); NEXT(); }
#else
#define U32R(name, e) CASE(name) { PUT32(3, e); }
#endif
#define U64R(name, e) CASE(name) { PUT64(3, e); }
    UN(I32_EQZ, SETA(U32(2) == 0)) TWIN(I32_EQZ, 2, SETA(U32(2) == 0); ip += LEN(I32_EQZ); NEXT();)
    B32(I32_EQ, U32(2) == U32(3))
    B32(I32_NE, U32(2) != U32(3))
    B32(I32_LT_S, I32(2) < I32(3))
    B32(I32_LT_U, U32(2) < U32(3))
    B32(I32_GT_S, I32(2) > I32(3))
    B32(I32_GT_U, U32(2) > U32(3))
    B32(I32_LE_S, I32(2) <= I32(3))
    B32(I32_LE_U, U32(2) <= U32(3))
    B32(I32_GE_S, I32(2) >= I32(3))
    B32(I32_GE_U, U32(2) >= U32(3))
    U32R(I64_EQZ, U64(2) == 0)
    C32(I64_EQ, U64(2) == U64(3))
    C32(I64_NE, U64(2) != U64(3))
    C32(I64_LT_S, I64(2) < I64(3))
    C32(I64_LT_U, U64(2) < U64(3))
    C32(I64_GT_S, I64(2) > I64(3))
    C32(I64_GT_U, U64(2) > U64(3))
    C32(I64_LE_S, I64(2) <= I64(3))
    C32(I64_LE_U, U64(2) <= U64(3))
    C32(I64_GE_S, I64(2) >= I64(3))
    C32(I64_GE_U, U64(2) >= U64(3))
    C32S(F32_EQ, FEQ(F32, F32(2), F32(3)))
    C32S(F32_NE, FNE(F32, F32(2), F32(3)))
    C32S(F32_LT, FLT(F32, F32(2), F32(3)))
    C32S(F32_GT, FGT(F32, F32(2), F32(3)))
    C32S(F32_LE, FLE(F32, F32(2), F32(3)))
    C32S(F32_GE, FGE(F32, F32(2), F32(3)))
    C32D(F64_EQ, FEQ(F64, F64(2), F64(3)))
    C32D(F64_NE, FNE(F64, F64(2), F64(3)))
    C32D(F64_LT, FLT(F64, F64(2), F64(3)))
    C32D(F64_GT, FGT(F64, F64(2), F64(3)))
    C32D(F64_LE, FLE(F64, F64(2), F64(3)))
    C32D(F64_GE, FGE(F64, F64(2), F64(3)))
    U32R(I32_CLZ, clz32(U32(2)))
    U32R(I32_CTZ, ctz32(U32(2)))
    U32R(I32_POPCNT, popcnt32(U32(2)))
    B32(I32_ADD, U32(2) + U32(3))
    B32(I32_SUB, U32(2) - U32(3))
    B32(I32_MUL, U32(2) * U32(3))
    CASE(I32_DIV_S) {
        int32_t a = I32(2), b = I32(3);
        if (b == 0) TRAP(WISP_TRAP_DIV_ZERO);
        if (a == INT32_MIN && b == -1) TRAP(WISP_TRAP_INT_OVERFLOW);
        PUT32(4, a / b);
    }
    CASE(I32_DIV_U) {
        uint32_t a = U32(2), b = U32(3);
        if (b == 0) TRAP(WISP_TRAP_DIV_ZERO);
        PUT32(4, a / b);
    }
    CASE(I32_REM_S) {
        int32_t a = I32(2), b = I32(3);
        if (b == 0) TRAP(WISP_TRAP_DIV_ZERO);
        PUT32(4, (b == -1) ? 0 : (uint32_t)(a % b));
    }
    CASE(I32_REM_U) {
        uint32_t a = U32(2), b = U32(3);
        if (b == 0) TRAP(WISP_TRAP_DIV_ZERO);
        PUT32(4, a % b);
    }
    B32(I32_AND, U32(2) & U32(3))
    B32(I32_OR, U32(2) | U32(3))
    B32(I32_XOR, U32(2) ^ U32(3))
    B32(I32_SHL, U32(2) << (U32(3) & 31))
    B32(I32_SHR_S, (uint32_t)(I32(2) >> (U32(3) & 31)))
    B32(I32_SHR_U, U32(2) >> (U32(3) & 31))
    B32(I32_ROTL, rotl32(U32(2), U32(3)))
    B32(I32_ROTR, rotr32(U32(2), U32(3)))
    U64R(I64_CLZ, clz64(U64(2)))
    U64R(I64_CTZ, ctz64(U64(2)))
    U64R(I64_POPCNT, popcnt64(U64(2)))
    B64(I64_ADD, U64(2) + U64(3))
    B64(I64_SUB, U64(2) - U64(3))
    B64(I64_MUL, U64(2) * U64(3))
    CASE(I64_DIV_S) {
        int64_t a = I64(2), b = I64(3);
        if (b == 0) TRAP(WISP_TRAP_DIV_ZERO);
        if (a == INT64_MIN && b == -1) TRAP(WISP_TRAP_INT_OVERFLOW);
        PUT64(4, DIV_S64(a, b));
    }
    CASE(I64_DIV_U) {
        uint64_t a = U64(2), b = U64(3);
        if (b == 0) TRAP(WISP_TRAP_DIV_ZERO);
        PUT64(4, DIV_U64(a, b));
    }
    CASE(I64_REM_S) {
        int64_t a = I64(2), b = I64(3);
        if (b == 0) TRAP(WISP_TRAP_DIV_ZERO);
        PUT64(4, (b == -1) ? 0 : REM_S64(a, b));
    }
    CASE(I64_REM_U) {
        uint64_t a = U64(2), b = U64(3);
        if (b == 0) TRAP(WISP_TRAP_DIV_ZERO);
        PUT64(4, REM_U64(a, b));
    }
    B64(I64_AND, U64(2) & U64(3))
    B64(I64_OR, U64(2) | U64(3))
    B64(I64_XOR, U64(2) ^ U64(3))
    B64(I64_SHL, SHL64(U64(2), U64(3)))
    B64(I64_SHR_S, SHR_S64(U64(2), U64(3)))
    B64(I64_SHR_U, SHR_U64(U64(2), U64(3)))
    B64(I64_ROTL, ROTL64(U64(2), U64(3)))
    B64(I64_ROTR, ROTR64(U64(2), U64(3)))

    /* floats travel as bits; NaN handling follows the spec via wfloat */
#define F32R(name, e) CASE(name) { PUT32(3, e); }
#define F32B(name, e) BIN(name, SETS(e), e) TWIN_S(name, 2, SETS(e); ip += LEN(name); NEXT();)
#define F32S(name, e) CASE(name) { PUT32(4, e); }
#define F64R(name, e) CASE(name) { PUT64(3, e); }
#define F64B(name, e) BIN(name, SETD(e), e) TWIN_D(name, 2, SETD(e); ip += LEN(name); NEXT();)
#define F64S(name, e) CASE(name) { PUT64(4, e); }
    F32R(F32_ABS, U32(2) & 0x7fffffffu)
    F32R(F32_NEG, U32(2) ^ 0x80000000u)
    F32R(F32_CEIL, wf_f32_ceil(U32(2)))
    F32R(F32_FLOOR, wf_f32_floor(U32(2)))
    F32R(F32_TRUNC, wf_f32_trunc(U32(2)))
    F32R(F32_NEAREST, wf_f32_nearest(U32(2)))
    F32R(F32_SQRT, wf_f32_sqrt(U32(2)))
    F32B(F32_ADD, bits_f32(FADD(F32(2), F32(3))))
    F32B(F32_SUB, bits_f32(FSUB(F32(2), F32(3))))
    F32B(F32_MUL, bits_f32(FMUL(F32(2), F32(3))))
    F32B(F32_DIV, bits_f32(FDIV(F32(2), F32(3))))
    F32S(F32_MIN, wf_f32_min(U32(2), U32(3)))
    F32S(F32_MAX, wf_f32_max(U32(2), U32(3)))
    F32S(F32_COPYSIGN, (U32(2) & 0x7fffffffu) | (U32(3) & 0x80000000u))
    F64R(F64_ABS, U64(2) & 0x7fffffffffffffffu)
    F64R(F64_NEG, U64(2) ^ 0x8000000000000000u)
    F64R(F64_CEIL, wf_f64_ceil(U64(2)))
    F64R(F64_FLOOR, wf_f64_floor(U64(2)))
    F64R(F64_TRUNC, wf_f64_trunc(U64(2)))
    F64R(F64_NEAREST, wf_f64_nearest(U64(2)))
    F64R(F64_SQRT, wf_f64_sqrt(U64(2)))
    F64B(F64_ADD, bits_f64(FADD(F64(2), F64(3))))
    F64B(F64_SUB, bits_f64(FSUB(F64(2), F64(3))))
    F64B(F64_MUL, bits_f64(FMUL(F64(2), F64(3))))
    F64B(F64_DIV, bits_f64(FDIV(F64(2), F64(3))))
#if WISP_ACC
    /* (WISP_ACCOPS_B: b from the accumulator) */
    CASE(I32_SUB_B) { const int acc_k = 3; SETA(U32(2) - U32(3)); ip += LEN(I32_SUB_B); NEXT(); }
    CASE(F32_SUB_B) { const int sacc_k = 3; SETS(bits_f32(FSUB(F32(2), F32(3)))); ip += LEN(F32_SUB_B); NEXT(); }
    CASE(F32_DIV_B) { const int sacc_k = 3; SETS(bits_f32(FDIV(F32(2), F32(3)))); ip += LEN(F32_DIV_B); NEXT(); }
    CASE(F64_SUB_B) { const int dacc_k = 3; SETD(bits_f64(FSUB(F64(2), F64(3)))); ip += LEN(F64_SUB_B); NEXT(); }
    CASE(F64_DIV_B) { const int dacc_k = 3; SETD(bits_f64(FDIV(F64(2), F64(3)))); ip += LEN(F64_DIV_B); NEXT(); }
#endif
    F64S(F64_MIN, wf_f64_min(U64(2), U64(3)))
    F64S(F64_MAX, wf_f64_max(U64(2), U64(3)))
    F64S(F64_COPYSIGN, (U64(2) & 0x7fffffffffffffffu) | (U64(3) & 0x8000000000000000u))
#if !WISP_COMPACT
    /* a constant operand b: d a imm (f32) / d a lo hi (f64) */
#define FIMM32(name, set, len, e) CASE(name) { const float a = F32(2), b = f32_of(ip[3]); set(e); ip += len; NEXT(); } \
    TWIN_S(name, 2, const float a = F32(2), b = f32_of(ip[3]); set(e); ip += len; NEXT();)
#define FIMM64(name, set, len, e) CASE(name) { const double a = F64(2), b = f64_of((uint64_t)ip[4] << 32 | ip[3]); set(e); ip += len; NEXT(); } \
    TWIN_D(name, 2, const double a = F64(2), b = f64_of((uint64_t)ip[4] << 32 | ip[3]); set(e); ip += len; NEXT();)
#define SETC(v) SET32(1, v)
    /* one list for both formats: F is FIMM32/FIMM64, T F32/F64, SET and
     * BITS the format's result store and bits */
#define FIMM_FORMS(F, T, SET, BITS, len) \
    F(T##_ADD_IMM, SET, len, BITS(FADD(a, b))) \
    F(T##_SUB_IMM, SET, len, BITS(FSUB(a, b))) \
    F(T##_MUL_IMM, SET, len, BITS(FMUL(a, b))) \
    F(T##_DIV_IMM, SET, len, BITS(FDIV(a, b))) \
    F(T##_RSUB_IMM, SET, len, BITS(FSUB(b, a))) \
    F(T##_RDIV_IMM, SET, len, BITS(FDIV(b, a))) \
    F(T##_EQ_IMM, SETC, len, FEQ(T, a, b)) \
    F(T##_NE_IMM, SETC, len, FNE(T, a, b)) \
    F(T##_LT_IMM, SETC, len, FLT(T, a, b)) \
    F(T##_GT_IMM, SETC, len, FGT(T, a, b)) \
    F(T##_LE_IMM, SETC, len, FLE(T, a, b)) \
    F(T##_GE_IMM, SETC, len, FGE(T, a, b))
    FIMM_FORMS(FIMM32, F32, SETS, bits_f32, 4)
    FIMM_FORMS(FIMM64, F64, SETD, bits_f64, 5)

    /* a OP (b SHIFT k): d a b k (WISP_SHIFTOPS) */
#define SH_I32_SHL_IMM(v, k) ((v) << (k))
#define SH_I32_SHR_U_IMM(v, k) ((v) >> (k))
#define SH_I32_ROTL_IMM(v, k) rotl32(v, k)
#define OPR_I32_ADD(a, b) ((a) + (b))
#define OPR_I32_XOR(a, b) ((a) ^ (b))
#define OPR_I32_OR(a, b) ((a) | (b))
#define OPR_I32_AND(a, b) ((a) & (b))
#define X(name, op, sh) CASE(name) { SETA(OPR_##op(U32(2), SH_##sh(U32(3), ip[4]))); ip += LEN(name); NEXT(); } \
    TWIN(name, 2, SETA(OPR_##op(U32(2), SH_##sh(U32(3), ip[4]))); ip += LEN(name); NEXT();)
    WISP_SHIFTOPS(X)
#undef X

    /* a float add or subtract taking in a multiply (WISP_FMULOPS): the
     * product p is rounded on its own (the core is compiled with
     * -ffp-contract=off, the C11 default, so it never becomes an fma) */
#define FMUL_P(F, w) ((w) < 4 ? FMUL(F(2), F(3)) : FMUL(F(3), F(4)))
#define FMUL_C(F, w) ((w) < 4 ? F(4) : F(2))
#define FMUL_R(p, c, w) ((w) % 4 == 0 ? FADD(p, c) : (w) % 4 == 1 ? FSUB(p, c) : FSUB(c, p))
#define FMUL_BODY(name, T, F, set, bits, w) \
    const T p_ = FMUL_P(F, w), c_ = FMUL_C(F, w); set(bits(FMUL_R(p_, c_, w))); ip += LEN(name); NEXT();
#define FMUL_F32_MUL(name, w) CASE(name) { FMUL_BODY(name, float, F32, SETS, bits_f32, w) } \
    TWIN_S(name, 2, FMUL_BODY(name, float, F32, SETS, bits_f32, w))
#define FMUL_F64_MUL(name, w) CASE(name) { FMUL_BODY(name, double, F64, SETD, bits_f64, w) } \
    TWIN_D(name, 2, FMUL_BODY(name, double, F64, SETD, bits_f64, w))
#define X(name, op, mul, w) FMUL_##mul(name, w)
    WISP_FMULOPS(X)
#undef X
#endif

    ALIAS(I32_REINTERPRET_F32) ALIAS(F32_REINTERPRET_I32) U32R(I32_WRAP_I64, U32(2))
#if !WISP_COMPACT
    U32R(I32_REINTERPRET_F32, U32(2))
    U32R(F32_REINTERPRET_I32, U32(2))
    U64R(I64_REINTERPRET_F64, U64(2))
    U64R(F64_REINTERPRET_I64, U64(2))
#endif
    /* a failed conversion: conv is 1 for NaN, else the value is out of range */
#if WISP_COMPACT
#define TRUNC(name, fn, src, T, R)                               \
    CASE(name) {                                                 \
        T v;                                                     \
        if ((conv = fn(src, &v)))                                \
            goto conv_trap;                                      \
        PUT64(3, (R)v);                                          \
    }
#else
#define TRUNC(name, fn, src, T, R)                               \
    CASE(name) {                                                 \
        T v;                                                     \
        int r = fn(src, &v);                                     \
        if (r) TRAP(r == 1 ? WISP_TRAP_BAD_CONVERSION : WISP_TRAP_INT_OVERFLOW); \
        PUT64(3, (R)v);                                          \
    }
#endif
    TRUNC(I32_TRUNC_F32_S, wf_f32_to_i32_s, U32(2), int32_t, uint32_t)
    TRUNC(I32_TRUNC_F32_U, wf_f32_to_i32_u, U32(2), uint32_t, uint32_t)
    TRUNC(I32_TRUNC_F64_S, wf_f64_to_i32_s, U64(2), int32_t, uint32_t)
    TRUNC(I32_TRUNC_F64_U, wf_f64_to_i32_u, U64(2), uint32_t, uint32_t)
    ALIAS(I64_EXTEND32_S) U64R(I64_EXTEND_I32_S, (int64_t)I32(2))
    U64R(I64_EXTEND_I32_U, (uint64_t)U32(2))
    TRUNC(I64_TRUNC_F32_S, wf_f32_to_i64_s, U32(2), int64_t, int64_t)
    TRUNC(I64_TRUNC_F32_U, wf_f32_to_i64_u, U32(2), uint64_t, int64_t)
    TRUNC(I64_TRUNC_F64_S, wf_f64_to_i64_s, U64(2), int64_t, int64_t)
    TRUNC(I64_TRUNC_F64_U, wf_f64_to_i64_u, U64(2), uint64_t, int64_t)
    F32R(F32_CONVERT_I32_S, bits_f32((float)I32(2)))
    F32R(F32_CONVERT_I32_U, bits_f32((float)U32(2)))
    F32R(F32_CONVERT_I64_S, bits_f32((float)I64(2)))
    F32R(F32_CONVERT_I64_U, bits_f32((float)U64(2)))
    F32R(F32_DEMOTE_F64, wf_f32_demote(U64(2)))
    F64R(F64_CONVERT_I32_S, WF_SOFT_ARITH ? wf_f64_from_i32(I32(2)) : bits_f64((double)I32(2)))
    F64R(F64_CONVERT_I32_U, WF_SOFT_ARITH ? wf_f64_from_u32(U32(2)) : bits_f64((double)U32(2)))
    F64R(F64_CONVERT_I64_S, bits_f64((double)I64(2)))
    F64R(F64_CONVERT_I64_U, bits_f64((double)U64(2)))
    F64R(F64_PROMOTE_F32, wf_f64_promote(U32(2)))
    U32R(I32_EXTEND8_S, (uint32_t)(int32_t)(int8_t)U32(2))
    U32R(I32_EXTEND16_S, (uint32_t)(int32_t)(int16_t)U32(2))
    U64R(I64_EXTEND8_S, (int64_t)(int8_t)U64(2))
    U64R(I64_EXTEND16_S, (int64_t)(int16_t)U64(2))
#if !WISP_COMPACT
    U64R(I64_EXTEND32_S, (int64_t)(int32_t)U64(2))
#endif
    U32R(I32_TRUNC_SAT_F32_S, (uint32_t)wf_f32_to_i32_s_sat(U32(2)))
    U32R(I32_TRUNC_SAT_F32_U, wf_f32_to_i32_u_sat(U32(2)))
    U32R(I32_TRUNC_SAT_F64_S, (uint32_t)wf_f64_to_i32_s_sat(U64(2)))
    U32R(I32_TRUNC_SAT_F64_U, wf_f64_to_i32_u_sat(U64(2)))
    U64R(I64_TRUNC_SAT_F32_S, wf_f32_to_i64_s_sat(U32(2)))
    U64R(I64_TRUNC_SAT_F32_U, wf_f32_to_i64_u_sat(U32(2)))
    U64R(I64_TRUNC_SAT_F64_S, wf_f64_to_i64_s_sat(U64(2)))
    U64R(I64_TRUNC_SAT_F64_U, wf_f64_to_i64_u_sat(U64(2)))
    /* ---- immediate right operands: d a imm ---- */
#define IMM32(name, e) CASE(name) { uint32_t a = U32(2), b = ip[3]; (void)b; SETA(e); ip += LEN(name); NEXT(); } \
    TWIN(name, 2, uint32_t a = U32(2), b = ip[3]; (void)b; SETA(e); ip += LEN(name); NEXT();)
#define IMM64(name, e) CASE(name) { uint64_t a = U64(2), b = (uint64_t)ip[4] << 32 | ip[3]; (void)b; S(1).i64 = (int64_t)(e); ip += LEN(name); NEXT(); }
/* i64 shifts and rotates: the count in one word */
#define SHIFT64(name, e) CASE(name) { uint64_t a = U64(2); uint32_t b = ip[3] & 63; S(1).i64 = (int64_t)(e); ip += LEN(name); NEXT(); }
    IMM32(I32_ADD_IMM, a + b)
    IMM32(I32_SUB_IMM, a - b)
#if !WISP_COMPACT
    IMM32(I32_RSUB_IMM, b - a)
    IMM32(I32_RSHL_IMM, b << (a & 31))
#endif
    IMM32(I32_MUL_IMM, a * b)
    IMM32(I32_AND_IMM, a & b)
    IMM32(I32_OR_IMM, a | b)
    IMM32(I32_XOR_IMM, a ^ b)
    IMM32(I32_SHL_IMM, a << (b & 31))
    IMM32(I32_SHR_S_IMM, (uint32_t)((int32_t)a >> (b & 31)))
    IMM32(I32_SHR_U_IMM, a >> (b & 31))
    IMM32(I32_ROTL_IMM, rotl32(a, b))
    IMM32(I32_ROTR_IMM, rotr32(a, b))
    IMM32(I32_EQ_IMM, a == b)
    IMM32(I32_NE_IMM, a != b)
    IMM32(I32_LT_S_IMM, (int32_t)a < (int32_t)b)
    IMM32(I32_LT_U_IMM, a < b)
    IMM32(I32_GT_S_IMM, (int32_t)a > (int32_t)b)
    IMM32(I32_GT_U_IMM, a > b)
    IMM32(I32_LE_S_IMM, (int32_t)a <= (int32_t)b)
    IMM32(I32_LE_U_IMM, a <= b)
    IMM32(I32_GE_S_IMM, (int32_t)a >= (int32_t)b)
    IMM32(I32_GE_U_IMM, a >= b)
#if !WISP_COMPACT
    IMM64(I64_ADD_IMM, a + b)
    IMM64(I64_SUB_IMM, a - b)
    IMM64(I64_MUL_IMM, a * b)
    IMM64(I64_AND_IMM, a & b)
    IMM64(I64_OR_IMM, a | b)
    IMM64(I64_XOR_IMM, a ^ b)
    SHIFT64(I64_SHL_IMM, a << b)
    SHIFT64(I64_SHR_S_IMM, (uint64_t)((int64_t)a >> b))
    SHIFT64(I64_SHR_U_IMM, a >> b)
    SHIFT64(I64_ROTL_IMM, rotl64(a, b))
    SHIFT64(I64_ROTR_IMM, rotr64(a, b))
    IMM64(I64_EQ_IMM, a == b)
    IMM64(I64_NE_IMM, a != b)
    IMM64(I64_LT_S_IMM, (int64_t)a < (int64_t)b)
    IMM64(I64_LT_U_IMM, a < b)
    IMM64(I64_GT_S_IMM, (int64_t)a > (int64_t)b)
    IMM64(I64_GT_U_IMM, a > b)
    IMM64(I64_LE_S_IMM, (int64_t)a <= (int64_t)b)
    IMM64(I64_LE_U_IMM, a <= b)
    IMM64(I64_GE_S_IMM, (int64_t)a >= (int64_t)b)
    IMM64(I64_GE_U_IMM, a >= b)
#endif

    /* ---- compare and branch: a b target ---- */
#if WISP_COMPACT
    /* (the taken branches share the jump: the same steps either way) */
#define BRC(name, cond) CASE(name) { if (cond) goto jump3; ip += LEN(name); NEXT(); }
#else
#define BRC(name, cond) CASE(name) { if (cond) JUMP(3); else ip += LEN(name); NEXT(); }
#endif
#define BRC32(name, cond) BRC(name, cond) TWIN(name, 1, if (cond) JUMP(3); else ip += LEN(name); NEXT();)
    BRC32(BR_I32_EQ, U32(1) == U32(2))
    BRC32(BR_I32_NE, U32(1) != U32(2))
    BRC32(BR_I32_LT_S, I32(1) < I32(2))
    BRC32(BR_I32_LT_U, U32(1) < U32(2))
    BRC32(BR_I32_GT_S, I32(1) > I32(2))
    BRC32(BR_I32_GT_U, U32(1) > U32(2))
    BRC32(BR_I32_LE_S, I32(1) <= I32(2))
    BRC32(BR_I32_LE_U, U32(1) <= U32(2))
    BRC32(BR_I32_GE_S, I32(1) >= I32(2))
    BRC32(BR_I32_GE_U, U32(1) >= U32(2))
    BRC32(BR_I32_EQ_IMM, U32(1) == ip[2])
    BRC32(BR_I32_NE_IMM, U32(1) != ip[2])
    BRC32(BR_I32_LT_S_IMM, I32(1) < (int32_t)ip[2])
    BRC32(BR_I32_LT_U_IMM, U32(1) < ip[2])
    BRC32(BR_I32_GT_S_IMM, I32(1) > (int32_t)ip[2])
    BRC32(BR_I32_GT_U_IMM, U32(1) > ip[2])
    BRC32(BR_I32_LE_S_IMM, I32(1) <= (int32_t)ip[2])
    BRC32(BR_I32_LE_U_IMM, U32(1) <= ip[2])
    BRC32(BR_I32_GE_S_IMM, I32(1) >= (int32_t)ip[2])
    BRC32(BR_I32_GE_U_IMM, U32(1) >= ip[2])
#if !WISP_COMPACT
    BRC(BR_I64_EQ, U64(1) == U64(2))
    BRC(BR_I64_NE, U64(1) != U64(2))
    BRC(BR_I64_LT_S, I64(1) < I64(2))
    BRC(BR_I64_LT_U, U64(1) < U64(2))
    BRC(BR_I64_GT_S, I64(1) > I64(2))
    BRC(BR_I64_GT_U, U64(1) > U64(2))
    BRC(BR_I64_LE_S, I64(1) <= I64(2))
    BRC(BR_I64_LE_U, U64(1) <= U64(2))
    BRC(BR_I64_GE_S, I64(1) >= I64(2))
    BRC(BR_I64_GE_U, U64(1) >= U64(2))
#endif
    /* d = a + k, then compare d and branch: d a k b target */
#if WISP_COMPACT
#define BRA(name, cond) CASE(name) { const uint32_t v = U32(2) + ip[3]; SET32(1, v); if (cond) goto jump5; ip += LEN(name); NEXT(); }
#else
#define BRA(name, cond) CASE(name) { const uint32_t v = U32(2) + ip[3]; SET32(1, v); if (cond) JUMP(5); else ip += LEN(name); NEXT(); }
#endif
    BRA(BR_ADD_I32_NE, v != U32(4))
    BRA(BR_ADD_I32_NE_IMM, v != ip[4])
    BRA(BR_ADD_I32_LT_S, (int32_t)v < I32(4))
    BRA(BR_ADD_I32_LT_U, v < U32(4))
    BRA(BR_ADD_I32_GT_U_IMM, v > ip[4])
#if !WISP_COMPACT
    BRA(BR_ADD_I32_EQ_IMM, v == ip[4])
    /* the same with a register step, d = a + b: d a b c target */
#define BRR(name, cond) CASE(name) { const uint32_t v = U32(2) + U32(3); SET32(1, v); if (cond) JUMP(5); else ip += LEN(name); NEXT(); }
    BRR(BR_ADDR_I32_NE, v != U32(4))
    BRR(BR_ADDR_I32_LT_S, (int32_t)v < I32(4))
    BRR(BR_ADDR_I32_LT_U, v < U32(4))
    BRR(BR_ADDR_I32_LE_S, (int32_t)v <= I32(4))
    BRR(BR_ADDR_I32_LE_U, v <= U32(4))
    CASE(COPY_BR) { MOVE(1, 2); JUMP(3); NEXT(); }
    CASE(COPY2_BR) { MOVE(1, 2); MOVE(3, 4); JUMP(5); NEXT(); }
    CASE(COPY3) { MOVE(1, 2); MOVE(3, 4); MOVE(5, 6); ip += LEN(COPY3); NEXT(); }
    CASE(COPY3_BR) { MOVE(1, 2); MOVE(3, 4); MOVE(5, 6); JUMP(7); NEXT(); }
    CASE(COPY64) { S(1) = S(2); ip += LEN(COPY64); NEXT(); }
    BRC32(BR_TEST_IMM, U32(1) & ip[2])
    BRC32(BR_TESTZ_IMM, !(U32(1) & ip[2]))
    CASE(BR_TABLE_ADD_IMM) TABLE(U32(1) + ip[2], 3); /* a switch from a case other than 0 */
    CASE(BR_TABLE_AND_IMM) TABLE(U32(1) & ip[2], 3); /* a switch on some bits */
    /* a switch on a byte loaded from a + imm (a bytecode VM's fetch): the
     * load's operands, as I32_LOAD8_U_ADD's, the loaded byte not kept */
    CASE(BR_TABLE_LOAD8_U_ADD) { EA_ADD(2, 1) TABLE(*p, 6); }
    /* `x = *--p`: the add's result stays in its local (home), also when
     * the load traps (oob_add) */
    CASE(I32_LOAD_ADD_KEEP) {
        EA_ADD(2, 4)
        SET32(5, addr);
        SETA(LOAD(uint32_t, p));
        ip += LEN(I32_LOAD_ADD_KEEP);
        NEXT();
    }
#endif

#if WISP_SIMD
#include "simd_interp.inc"
#endif

#if !WISP_THREADED
    default:
#if WISP_SIMD
        if (*ip >= OP_V128_LOAD && *ip < OP_SIMD__END)
            goto L_SIMD;
#endif
        TRAP(WISP_TRAP_UNREACHABLE);
#endif
    }

do_tail_call:
    CHARGE_FUEL();
    {
        const uint32_t n = callee->type->nparam_slots;
        if (!callee->def || !callee->def->code) {
            /* a host function in tail position: call it, then return its results */
            frame->ip = ip + call_len;
            ex->top = frame;
            FLUSH_FUEL();
            if (call_host(ex, inst, callee, nfp)) {
                ex->trap_callee = callee;
                goto trap_ret;
            }
            for (uint32_t k = 0; k < callee->type->nresult_slots; k++)
                fp[k] = nfp[k];
            RELOAD_MEM(); /* as after any host call: it may have grown or moved */
            goto do_return;
        }
        const wisp_funcdef *d = callee->def;
        if (fp + d->frame_slots > ex->stack_end)
            TRAP(WISP_TRAP_STACK_EXHAUSTED);
        if (callee->inst != inst && callee->inst->mod->cache && wisp_cache_attach(ex, callee)) {
            trap_msg = ex->trap_msg;
            TRAP(ex->trap);
        }
        /* the arguments become this frame's first locals */
        for (uint32_t k = 0; k < n; k++)
            fp[k] = nfp[k];
        zero_locals(fp, d);
        frame->func = callee;
#if WISP_TRAP_INFO
        frame->entered = NULL;
#endif
        ip = d->code;
        if (callee->inst != inst) {
            (frame - 1)->fp = FP_MARKED(wisp_frame_fp(frame - 1)); /* (see RETURN) */
            inst = callee->inst;
            RELOAD_MEM();
        }
        NEXT();
    }

#if !WISP_COMPACT && !(defined(__thumb__) && !defined(__thumb2__))
enter_exhausted: /* (PUSH_LOCAL_FRAME) */
    wisp_trap(ex, WISP_TRAP_STACK_EXHAUSTED, NULL);
    ex->trap_callee = callee;
    goto trap_ret;
#endif

do_call:
    CHARGE_FUEL(); /* ip is still the call: resuming redoes it */
    ip += call_len;
    frame->ip = ip; /* the return point */
    if (!callee->def || !callee->def->code) {
        ex->top = frame;
        FLUSH_FUEL();
        if (call_host(ex, inst, callee, nfp)) {
            ex->trap_callee = callee;
            goto trap_ret;
        }
        RELOAD_MEM();
        ip = frame->ip; /* a code cache may have moved this code meanwhile */
        NEXT();
    }
    if (callee->inst != inst) {
        if (callee->inst->mod->cache && wisp_cache_attach(ex, callee)) {
            ex->trap_callee = callee;
            goto trap_ret;
        }
        frame->fp = FP_MARKED(fp); /* the return switches back (see RETURN) */
        inst = callee->inst;
        RELOAD_MEM();
    }
    if (push_frame(ex, &frame, callee, nfp)) {
        ex->trap_callee = callee;
        goto trap_ret;
    }
    fp = nfp;
    ip = callee->def->code;
    NEXT();

#if WISP_COMPACT
conv_trap:
    TRAP(conv == 1 ? WISP_TRAP_BAD_CONVERSION : WISP_TRAP_INT_OVERFLOW);
jump2:
    JUMP(2);
    NEXT();
jump3:
    JUMP(3);
    NEXT();
jump5:
    JUMP(5);
    NEXT();
    /* result tails shared by the compact handlers of 3- and 4-word ops */
put32_3:
    SET32(1, r32);
    ip += 3;
    NEXT();
put32_4:
    SET32(1, r32);
    ip += 4;
    NEXT();
put64_3:
    S(1).i64 = (int64_t)r64;
    ip += 3;
    NEXT();
put64_4:
    S(1).i64 = (int64_t)r64;
    ip += 4;
    NEXT();
#endif
oob_add:
    /* a MEMADD/MEMIDX access out of bounds: its add's result goes where the
     * add would have put it (ip[5]), for the backtrace */
    SET32(5, oob_addr);
    trap_kind = WISP_TRAP_MEMORY_OOB;
    goto trap;
#if !WISP_COMPACT
oob_shl:
    SET32(6, oob_addr); /* the same for a MEMSHL load (ip[6]) */
    trap_kind = WISP_TRAP_MEMORY_OOB;
    goto trap;
#endif
#if WISP_TABLE_STUBS
#define X(j) table_##j: ip += (j); ip += (int32_t)*ip; TAKEN(); NEXT();
    WISP_TABLE_STUB_LIST(X)
#undef X
#endif
#if WISP_FUEL
refuel_jump:
    /* a taken branch found the counter empty (ip is its target) */
    fuel = refuel(ex);
    FUEL_OPAQUE();
    if (fuel >= 0)
        NEXT();
    fuel = 0;
    trap_kind = WISP_TRAP_OUT_OF_FUEL;
#endif
trap:
    FLUSH_FUEL();
    frame->ip = ip;
    ex->top = frame;
    ex->trap_frame = frame;
    ex->trap_in_call = false;
    ex->trap_callee = NULL;
    return wisp_trap(ex, trap_kind, trap_msg);
trap_ret:
    FLUSH_FUEL();
    /* raised while entering a callee (stack exhausted, host error): the
     * frame's ip is the return point of the call */
    ex->top = frame;
    ex->trap_frame = frame;
    ex->trap_in_call = true;
    return WISP_ERR_TRAP;
#if WISP_PAIRS
    /* A pair (opcodes.h WISP_PAIR_LIST): its first instruction, then on into
     * the second's handler by a direct jump. (Last in the function: the
     * other handlers keep the places they have without them.) The firsts'
     * bodies: */
#define PAIR_I32_ADD_IMM SETA(U32(2) + ip[3])
#define PAIR_I32_ADD_IMM2 SET32(1, U32(2) + ip[3]); SET32(4, U32(5) + ip[6])
#define PAIR_COPY2 MOVE(1, 2); MOVE(3, 4)
    /* (the second's word is checked: a pair is never wrong, at worst a
     * dispatch is not saved) */
#if WISP_ADDR32_HANDLERS
#define PAIR_WORD(second) ((uint32_t)(uintptr_t)&&L_##second)
#else
#define PAIR_WORD(second) ((uint32_t)((uintptr_t)&&L_##second - dbase))
#endif
#define X(name, first, second)                                                  \
    CASE(name) {                                                                \
        PAIR_##first;                                                           \
        ip += LEN(first);                                                       \
        if (*ip == PAIR_WORD(second)) {                                         \
            PROFILE_HOOK() goto L_##second;                                     \
        }                                                                       \
        NEXT();                                                                 \
    }
    WISP_PAIR_LIST(X)
#undef X
#endif
}

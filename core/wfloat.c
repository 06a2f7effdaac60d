/* wfloat: WebAssembly float operations on IEEE-754 bit patterns.
 *
 * Each operation is written once, on 64-bit patterns, and parameterised by
 * the format's mantissa width (23 for f32, 52 for f64) and total width.
 * Sharing one body keeps the flash footprint small on the cores wisp runs
 * on; none of these operations is hot enough for the extra 64-bit work on
 * f32 to matter. The exceptions are sqrt and f64 division, hot in float
 * code on cores without an FPU: sqrt's f32 and f64 share one core on
 * f64-layout patterns, built from 32x32->64 multiplies, as the division is.
 * Only integer arithmetic is used, except for the casts in demote/promote.
 */
#include <stdint.h>
#include <stdbool.h>
#include <float.h>

#include "wfloat.h"

/* The union punning in demote/promote relies on the C types being binary32
 * and binary64 (not so on e.g. AVR, where double is 32 bits). */
_Static_assert(sizeof(float) == 4 && FLT_MANT_DIG == 24, "float must be IEEE binary32");
_Static_assert(sizeof(double) == 8 && DBL_MANT_DIG == 53, "double must be IEEE binary64");

#define F32_MBITS 23u
#define F64_MBITS 52u

/* Shape of a format, derived from its mantissa and total widths. */
typedef struct fmt {
    uint64_t sign;   /* sign bit */
    uint64_t hidden; /* implicit leading 1, just above the stored mantissa */
    unsigned mbits;  /* stored mantissa bits */
    unsigned emax;   /* all-ones exponent field (inf/NaN) */
    unsigned bias;
} fmt;

static fmt fmt_of(unsigned mbits, unsigned width)
{
    fmt f;
    f.sign = (uint64_t)1 << (width - 1);
    f.hidden = (uint64_t)1 << mbits;
    f.mbits = mbits;
    f.emax = (1u << (width - 1 - mbits)) - 1;
    f.bias = f.emax >> 1;
    return f;
}

static inline uint64_t inf_bits(const fmt *f)
{
    return (uint64_t)f->emax << f->mbits;
}

/* ---- sqrt ----------------------------------------------------------------- */

/* x * y in 16-bit pieces: ARMv6-M's multiply gives the low 32 bits only */
static inline uint64_t mul_wide(uint32_t x, uint32_t y)
{
    const uint32_t xl = x & 0xffff, xh = x >> 16, yl = y & 0xffff, yh = y >> 16;
    const uint32_t ll = xl * yl, lh = xl * yh, hl = xh * yl;
    uint32_t hh = xh * yh;
    const uint32_t mid = lh + hl, lo = ll + (mid << 16);
    hh += (mid >> 16) + ((uint32_t)(mid < lh) << 16) + (lo < ll);
    return (uint64_t)hh << 32 | lo;
}

/* 32x32->64-bit products: one instruction (UMULL) on Thumb-2 and hosts; on
 * ARMv6-M the pieces, not a call to libgcc's 64x64 multiply (some 40
 * instructions). */
#if defined(__arm__) && __ARM_ARCH_ISA_THUMB == 1
#define MUL32W(x, y) mul_wide(x, y)
#else
#define MUL32W(x, y) ((uint64_t)(uint32_t)(x) * (uint32_t)(y))
#endif

/* High half of a 32x32-bit product. */
static inline uint32_t mulhi32(uint32_t x, uint32_t y)
{
    return (uint32_t)(MUL32W(x, y) >> 32);
}

/* a * b modulo 2^64 (the cross products' high halves fall off) */
static inline uint64_t mul_lo64(uint64_t a, uint64_t b)
{
    const uint32_t al = (uint32_t)a, bl = (uint32_t)b;
    return MUL32W(al, bl) + ((uint64_t)(al * (uint32_t)(b >> 32) + (uint32_t)(a >> 32) * bl) << 32);
}

/* One Newton step for y ~ 2^31/sqrt(t/2^30): y*(3 - A*y^2)/2. */
static inline uint32_t rsqrt_step(uint32_t t, uint32_t y)
{
    uint32_t p = mulhi32(t, mulhi32(y, y) << 1);   /* A*y^2 in Q29 */
    return mulhi32(y, 0xc0000000u - (p << 1)) << 1; /* times (3 - A*y^2)/2 in Q31 */
}

/* Square root of a positive, finite, nonzero f64 pattern x, unrounded: q =
 * floor(sqrt(m * 2^54)) for the 53- or 54-bit significand m of x scaled to
 * an even exponent, so q has 54 bits, with the result exponent field (less
 * one, for q's leading bit) added in above bit 53. f32 inputs come in
 * shifted up by 29 bits, as the f64 pattern of x * 2^-896; `bias` (the
 * caller's) gives the right exponent for either. The caller rounds on the
 * bits below its mantissa (bit 0 for f64, 29 for f32): a square root is
 * never exactly halfway between two representable values (that would need
 * an odd square to equal an even number, or the square of a 25-bit odd
 * number to fit in 25 bits), so adding half an ulp and truncating is
 * round-to-nearest-even, and a carry out of the mantissa bumps the exponent.
 *
 * A 32-bit Newton iteration for 1/sqrt and one Newton step on the remainder
 * give q to within a couple of units; a final correction on the exact
 * integer remainder makes it the floor. Everything is 32x32->64 multiplies
 * and 64-bit adds, cheap on a 32-bit core. */
static uint64_t sqrt_core(uint64_t x, unsigned bias)
{
    uint64_t m = x & 0x000fffffffffffffu;
    int e = (int)(x >> 52);
    if (e == 0) { /* subnormal: normalize */
        e = 1;
        do {
            m <<= 1;
            e--;
        } while (!(m >> 52));
    } else {
        m |= (uint64_t)1 << 52;
    }
    /* x = m * 2^(e - 1075): make the exponent even (e odd) so it halves
     * exactly, leaving m in [2^52, 2^54). The unsigned cast makes the
     * parity test independent of the signed representation. */
    if (!((unsigned)e & 1u)) {
        m <<= 1;
        e--;
    }

    /* y ~ 2^31/sqrt(A) for A = t/2^30 in [1, 4), t = m >> 22 (built from
     * the halves so that GCC sees a 32-bit value): a straight line within
     * 11%, then four Newton steps y' = y*(3 - A*y^2)/2 in fixed point. */
    uint32_t t = (uint32_t)(m >> 32) << 10 | (uint32_t)m >> 22;
    uint32_t y = 0x81c344fbu - (t >> 2);
    y = rsqrt_step(t, rsqrt_step(t, rsqrt_step(t, rsqrt_step(t, y))));
    /* s ~ sqrt(m * 2^6) to within 3.25 units (checked exhaustively over t).
     * One Newton step on the exact remainder extends it to
     * q ~ sqrt(m * 2^54) = s*2^24 + rem/(2s). The remainder is below 2^33
     * in magnitude, so it is narrowed to 32 bits; >> on negative values is
     * arithmetic in GCC and Clang. */
    uint32_t s = mulhi32(t, y);
    int32_t rem32 = (int32_t)((int64_t)((m << 6) - MUL32W(s, s)) >> 4);
    int32_t d = (int32_t)(((int64_t)rem32 * (int32_t)(y >> 1)) >> 32);
    uint64_t q = ((uint64_t)s << 24) + (uint64_t)(int64_t)d;

    /* q is now within a unit or so of sqrt(m * 2^54); make it the floor.
     * The true remainder m*2^54 - q^2 is far below 2^63 in magnitude, so
     * its low 64 bits, computed modulo 2^64, are enough. */
    int64_t rem = (int64_t)((m << 54) - mul_lo64(q, q));
    while (rem < 0) {
        q--;
        rem += (int64_t)(2 * q + 1);
    }
    while ((uint64_t)rem > 2 * q) {
        rem -= (int64_t)(2 * q + 1);
        q++;
    }
    /* (e + bias - 2) / 2, put above bit 53, is the result's exponent field
     * less one; e + bias - 2 is even and positive. */
    return ((uint64_t)(unsigned)(e + (int)bias - 2) << 52) + q;
}

/* NaNs come back quieted with sign and payload kept; negative numbers
 * (including -inf) give the canonical NaN; +-0 and +inf are their own roots. */
uint32_t wf_f32_sqrt_soft(uint32_t a)
{
    uint32_t mag = a & 0x7fffffffu;
    if (mag > 0x7f800000u)
        return a | 0x00400000u;
    if (mag == 0 || a == 0x7f800000u)
        return a;
    if (a >> 31)
        return WF_F32_CANON_NAN;
    return (uint32_t)((sqrt_core((uint64_t)a << 29, 127) + ((uint64_t)1 << 29)) >> 30);
}

uint64_t wf_f64_sqrt_soft(uint64_t a)
{
    uint64_t mag = a & 0x7fffffffffffffffu;
    if (mag > 0x7ff0000000000000u)
        return a | 0x0008000000000000u;
    if (mag == 0 || a == 0x7ff0000000000000u)
        return a;
    if (a >> 63)
        return WF_F64_CANON_NAN;
    return (sqrt_core(a, 1023) + 1) >> 1;
}

/* ---- division ------------------------------------------------------------- */

/* floor(ma * 2^54 / mb) for significands mb in [2^52, 2^53) and ma in
 * [mb, 2*mb), so in [2^54, 2^55), with bit 0 set when the division is not
 * exact (a sticky bit: rounding drops at least the two lowest bits).
 * libgcc's soft-float divide takes a bit per step (some 580 Cortex-M3
 * instructions an f64 division); here one 32-bit divide seeds r ~ 2^63/y for
 * the divisor's top 32 bits y, two Newton steps make it good to about 2^-31,
 * two 32x32 multiplies by it give the quotient 30 and 24 bits at a time, and
 * the exact remainder fixes the last units. */
#if !WF_HW_DIV32
/* Without a divide instruction (ARMv6-M: libgcc's __udivsi3, some 40
 * instructions) the seed comes from a table instead: 2^24 / (257 + i)
 * rounded down, for the 8 bits i of y below its top one (y in
 * [(256 + i) 2^23, (257 + i) 2^23)), so from below and within 2^-8; the
 * two steps square the error to about 2^-31 as they do the divide's. */
#define RECIP1(i) (uint16_t)(UINT32_C(0x1000000) / (257u + (i)))
#define RECIP4(i) RECIP1(i), RECIP1((i) + 1), RECIP1((i) + 2), RECIP1((i) + 3)
#define RECIP16(i) RECIP4(i), RECIP4((i) + 4), RECIP4((i) + 8), RECIP4((i) + 12)
#define RECIP64(i) RECIP16(i), RECIP16((i) + 16), RECIP16((i) + 32), RECIP16((i) + 48)
static const uint16_t recip_seed[256] = {RECIP64(0), RECIP64(64), RECIP64(128), RECIP64(192)};
#undef RECIP1
#undef RECIP4
#undef RECIP16
#undef RECIP64
#endif

static uint64_t div_core(uint64_t ma, uint64_t mb)
{
    const uint32_t y = (uint32_t)(mb >> 21);
#if WF_HW_DIV32
    uint32_t r = (UINT32_C(0xffffffff) / ((y >> 16) + 1)) << 15; /* from below, within 2^-14 */
#else
    uint32_t r = (uint32_t)recip_seed[(y >> 23) - 256] << 16;
#endif
    /* r += r * (2^63 - y*r) / 2^63, staying below 2^63/y */
    r += mulhi32(r, (uint32_t)((((uint64_t)1 << 63) - MUL32W(y, r)) >> 31));
    r += mulhi32(r, (uint32_t)((((uint64_t)1 << 63) - MUL32W(y, r)) >> 31));
    /* r ~ 2^84/mb (over it by up to 2^-31, y being mb cut short): the top
     * 30 bits of the quotient, one unit less so that they never exceed it,
     * then 24 more from the remainder (non-negative, and below 2^56 as q1
     * is a few units short at most) */
    const uint32_t q1 = mulhi32((uint32_t)(ma >> 22), r) - 1;
    const uint64_t rem1 = (ma << 30) - mul_lo64(q1, mb);
    uint64_t q = ((uint64_t)q1 << 24) + (mulhi32((uint32_t)(rem1 >> 24), r) >> 4);
    /* the remainder is far below 2^63 in magnitude: its low 64 bits do */
    int64_t rem = (int64_t)((ma << 54) - mul_lo64(q, mb));
    while (rem < 0) {
        q--;
        rem += (int64_t)mb;
    }
    while ((uint64_t)rem >= mb) {
        q++;
        rem -= (int64_t)mb;
    }
    return q | (rem != 0);
}

/* q >> drop, rounded to nearest, ties to even */
static inline uint64_t round_off(uint64_t q, unsigned drop)
{
    const uint64_t m = q >> drop, rest = q & (((uint64_t)1 << drop) - 1);
    const uint64_t half = (uint64_t)1 << (drop - 1);
    return m + (rest > half || (rest == half && (m & 1)));
}

uint64_t wf_u64_divmod(uint64_t n, uint64_t d, uint64_t *rem)
{
    if (!((n | d) >> 32)) {
        *rem = (uint32_t)n % (uint32_t)d;
        return (uint32_t)n / (uint32_t)d;
    }
    uint64_t q = 0;
    if (n >= d) {
        /* d lined up under n's top bit, then one quotient bit a step */
        int steps = __builtin_clzll(d) - __builtin_clzll(n);
        d <<= steps;
        for (;;) {
            q <<= 1;
            if (n >= d) {
                n -= d;
                q |= 1;
            }
            if (steps-- == 0)
                break;
            d >>= 1;
        }
    }
    *rem = n;
    return q;
}

/* -1, 0, 1 or 2 (unordered). The compact core orders by the keys, in
 * fewer bytes; otherwise on 32-bit words, in about half the ARMv6-M
 * instructions (its 64-bit compares take several each): operands of one
 * sign compare as their bits do, turned around when negative; of two signs
 * the positive one is the greater unless both are zeros. */
#if WISP_COMPACT
int wf_f32_order(uint32_t a, uint32_t b)
{
    if (wf_f32_is_nan(a) || wf_f32_is_nan(b))
        return 2;
    int32_t x = wf_f32_key(a), y = wf_f32_key(b);
    return (x > y) - (x < y);
}

int wf_f64_order(uint64_t a, uint64_t b)
{
    if (wf_f64_is_nan(a) || wf_f64_is_nan(b))
        return 2;
    int64_t x = wf_f64_key(a), y = wf_f64_key(b);
    return (x > y) - (x < y);
}
#else
int wf_f32_order(uint32_t a, uint32_t b)
{
    if (wf_f32_is_nan(a) || wf_f32_is_nan(b))
        return 2;
    if ((a ^ b) >> 31)
        return (a | b) << 1 ? 1 - (int)(a >> 31) * 2 : 0;
    const int r = a == b ? 0 : a > b ? 1 : -1;
    return a >> 31 ? -r : r;
}

int wf_f64_order(uint64_t a, uint64_t b)
{
    const uint32_t ah = (uint32_t)(a >> 32), bh = (uint32_t)(b >> 32);
    const uint32_t al = (uint32_t)a, bl = (uint32_t)b;
    if ((ah << 1 >= UINT32_C(0xffe00000) || bh << 1 >= UINT32_C(0xffe00000)) &&
        (wf_f64_is_nan(a) || wf_f64_is_nan(b))) /* (the first test: a NaN or an infinity) */
        return 2;
    if ((ah ^ bh) >> 31)
        return ((ah | bh) << 1 | al | bl) ? 1 - (int)(ah >> 31) * 2 : 0;
    const int r = ah != bh ? (ah > bh ? 1 : -1) : al == bl ? 0 : al > bl ? 1 : -1;
    return ah >> 31 ? -r : r;
}
#endif

/* (f32 division has its own, wf_f32_div_soft.) NaNs come back quieted
 * (a's first), inf/inf and 0/0 give the canonical NaN. */
uint64_t wf_f64_div_soft(uint64_t a, uint64_t b)
{
    const uint64_t hidden = (uint64_t)1 << 52, sign = (a ^ b) & ((uint64_t)1 << 63);
    const uint64_t inf = 0x7ff0000000000000u, qnan = hidden >> 1;
    int ea = (int)(a >> 52) & 0x7ff, eb = (int)(b >> 52) & 0x7ff;
    uint64_t ma = a & (hidden - 1), mb = b & (hidden - 1);
    if ((unsigned)ea - 1 >= 0x7fe || (unsigned)eb - 1 >= 0x7fe) {
        /* zero, subnormal, infinite or NaN */
        const uint64_t aa = a & ~((uint64_t)1 << 63), ab = b & ~((uint64_t)1 << 63);
        if (aa > inf)
            return a | qnan;
        if (ab > inf)
            return b | qnan;
        if (aa == inf || ab == 0) /* inf/inf, 0/0 or x/0, inf/x */
            return aa == ab ? inf | qnan : sign | inf;
        if (ab == inf || aa == 0)
            return sign;
        /* subnormals: normalize (the exponent of the first normal is 1) */
        if (!ea)
            for (ea = 1; !(ma >> 52); ea--)
                ma <<= 1;
        if (!eb)
            for (eb = 1; !(mb >> 52); eb--)
                mb <<= 1;
    }
    ma |= hidden;
    mb |= hidden;
    /* the quotient's exponent field, for a significand in [1, 2) */
    int e = ea - eb + 1023;
    if (ma < mb) {
        ma <<= 1;
        e--;
    }
    if (e >= 0x7ff)
        return sign | inf;
    const uint64_t q = div_core(ma, mb);
    if (e > 0) /* the leading bit adds one to the exponent field; a carry out
                * of the significand another (up to inf) */
        return sign | (((uint64_t)(e - 1) << 52) + round_off(q, 2));
    /* subnormal: more bits go (all of them below the smallest) */
    return sign | round_off(q, 1 - e > 61 ? 63 : 2 + (unsigned)(1 - e));
}

/* ---- add, subtract, multiply ---------------------------------------------- */

/* For ARMv6-M (Cortex-M0/M0+, the RP2040), where libgcc's soft float is
 * generic C: some 115 (f32 mul), 60 (f32 add) and 295 (f64 mul)
 * instructions a call. Only the common case is done here: normal operands
 * and a normal result, rounded to nearest even; zeros, subnormals,
 * infinities, NaNs, overflow and underflow go to C's operator (libgcc),
 * which does them right. No 32x32->64 multiply and no count-leading-zeros
 * instruction is assumed. (On Thumb-2 libgcc's are hand-written and as
 * quick as these would be.) Significands are held with the leading 1 one
 * bit below the top of the word (room for an add's carry) and 7 (f32) or
 * 10 (f64) bits below the last kept one; a bit shifted out is ORed into
 * bit 0 (sticky), which is enough for the rounding: only sums and
 * differences with at most one bit of normalisation lose bits, those that
 * cancel more (exponents within 1) lose none. */
/* Built where used, and on hosts, where tests/unit checks them. */
/* The slow paths: C's operator (libgcc), out of line so that the fast
 * paths need no stack frame of their own. */
#define SLOW_OP(name, U, F, op)                    \
    static __attribute__((noinline)) U name(U a, U b) \
    {                                              \
        union { U u; F f; } x = {a}, y = {b};      \
        x.f op y.f;                                \
        return x.u;                                \
    }

#if WF_SOFT_DIV32 || !defined(__arm__)
SLOW_OP(f32_div_c, uint32_t, float, /=)

#if !WF_HW_DIV32
/* floor(2^23 / (129 + i)): 2^39 / mb from below for the significands mb
 * whose 7 bits after the leading 1 are i, to about 7 bits */
#define RCP1(i) (uint16_t)(UINT32_C(0x800000) / (129 + (i)))
#define RCP4(i) RCP1(i), RCP1(i + 1), RCP1(i + 2), RCP1(i + 3)
#define RCP16(i) RCP4(i), RCP4(i + 4), RCP4(i + 8), RCP4(i + 12)
static const uint16_t rcp_seed[128] = {
    RCP16(0), RCP16(16), RCP16(32), RCP16(48), RCP16(64), RCP16(80), RCP16(96), RCP16(112),
};
#endif

/* The quotient's 26 bits come in four digits of 7, 8, 8 and 2 bits (r and
 * its remainders stay below 2*mb < 2^25, so each shifted one fits 32
 * bits), each with its exact remainder. Where there is a 32-bit divide
 * instruction (Thumb-2, hosts) a digit is one division: on the Cortex-M3
 * some 50 instructions a division where libgcc's takes ~120 (4 bits a
 * step). ARMv6-M has none: a digit is estimated from the remainder's top
 * 16 bits times rcp ~ 2^39/mb, never over and at most one unit short
 * (checked over every divisor), then corrected on the exact remainder:
 * some 70 instructions where libgcc's generic C takes 380, a bit a step. */
uint32_t wf_f32_div_soft(uint32_t a, uint32_t b)
{
    const uint32_t ea = a >> 23 & 0xff, eb = b >> 23 & 0xff;
    if (ea - 1 >= 0xfe || eb - 1 >= 0xfe) {
        if (!(a << 1) && eb - 1 < 0xfe) /* zero over a normal number */
            return (a ^ b) & 0x80000000u;
        return f32_div_c(a, b);
    }
    uint32_t r = (a & 0x7fffff) | 0x800000, mb = (b & 0x7fffff) | 0x800000, q = 0;
    int32_t e = (int32_t)ea - (int32_t)eb + 127;
    if (r < mb) {
        r <<= 1;
        e--;
    }
    if (e <= 0 || e >= 0xff)
        return f32_div_c(a, b);
    /* r in [mb, 2*mb): q = floor(r * 2^25 / mb) in [2^25, 2^26) */
#if WF_HW_DIV32
#define DIV_STEP(bits)                                     \
    do {                                                   \
        const uint32_t n_ = r << (bits), d_ = n_ / mb;     \
        q = q << (bits) | d_;                              \
        r = n_ - d_ * mb;                                  \
    } while (0)
#else
    /* one Newton step rcp*(2 - b*rcp) on b = mb/2^8 rounded up: still from
     * below (so a digit is never over), good to about 14 bits */
    const uint32_t b16 = (mb >> 8) + 1, rcp0 = rcp_seed[mb >> 16 & 0x7f];
    const uint32_t rcp = rcp0 + ((rcp0 * ((UINT32_C(0x80000000) - b16 * rcp0) >> 16)) >> 15);
#define DIV_STEP(bits)                                        \
    do {                                                      \
        const uint32_t n_ = r << (bits);                      \
        uint32_t d_ = ((n_ >> 16) * rcp) >> 23;               \
        r = n_ - d_ * mb;                                     \
        while (r >= mb) {                                     \
            r -= mb;                                          \
            d_++;                                             \
        }                                                     \
        q = q << (bits) | d_;                                 \
    } while (0)
#endif
    DIV_STEP(7);
    DIV_STEP(8);
    DIV_STEP(8);
    DIV_STEP(2);
#undef DIV_STEP
    q |= r != 0;
    /* 24 bits kept above 2 rounding bits and the sticky one */
    return ((a ^ b) & 0x80000000u) | (((uint32_t)(e - 1) << 23) + ((q + 1 + (q >> 2 & 1)) >> 2));
}

#endif

#if WF_SOFT_ARITH || !defined(__arm__)
SLOW_OP(f32_add_c, uint32_t, float, +=)
SLOW_OP(f32_mul_c, uint32_t, float, *=)
SLOW_OP(f64_mul_c, uint64_t, double, *=)

uint32_t wf_f32_add_soft(uint32_t a, uint32_t b)
{
    uint32_t x = a << 1, y = b << 1; /* magnitudes, exponent on top */
    if (x < y) {
        uint32_t t = a;
        a = b;
        b = t;
        t = x;
        x = y;
        y = t;
    }
    uint32_t ex = x >> 24, d = ex - (y >> 24);
    if (ex == 0xff) /* a inf or NaN */
        return f32_add_c(a, b);
    if (y >> 24 == 0) { /* b zero or subnormal */
        if (y || !x)
            return f32_add_c(a, b);
        return a; /* a + 0 */
    }
    uint32_t m = (a << 8 | 0x80000000u) >> 1, my = (b << 8 | 0x80000000u) >> 1;
    if (d > 31)
        d = 31;
    uint32_t s = my >> d;
    if (s << d != my)
        s |= 1;
    if ((int32_t)(a ^ b) >= 0) {
        m += s;
        if (m >> 31) {
            m = m >> 1 | (m & 1);
            if (++ex == 0xff)
                return f32_add_c(a, b);
        }
    } else {
        m -= s;
        if (!(m >> 30)) {
            if (!m)
                return 0; /* x - x is +0 */
            uint32_t n = m >> 29 ? 1 : (uint32_t)__builtin_clz(m) - 1;
            if (n >= ex)
                return f32_add_c(a, b); /* subnormal result */
            m <<= n;
            ex -= n;
        }
    }
    /* the leading 1 adds one to the exponent field, a rounding carry out of
     * the significand one more (up to inf, which is right) */
    return (a & 0x80000000u) | (((ex - 1) << 23) + ((m + 0x3f + (m >> 7 & 1)) >> 7));
}

uint32_t wf_f32_mul_soft(uint32_t a, uint32_t b)
{
    uint32_t ea = a >> 23 & 0xff, eb = b >> 23 & 0xff;
    if (ea - 1 >= 0xfe || eb - 1 >= 0xfe) {
        /* a zero times a normal number: a zero of the product's sign */
        if ((!(a << 1) && eb - 1 < 0xfe) || (!(b << 1) && ea - 1 < 0xfe))
            return (a ^ b) & 0x80000000u;
        return f32_mul_c(a, b);
    }
    /* 1.f times 2^31 each: the product is in [2^62, 2^64) */
    uint64_t p = mul_wide(a << 8 | 0x80000000u, b << 8 | 0x80000000u);
    uint32_t m = (uint32_t)(p >> 32) | ((uint32_t)p != 0);
    int32_t e = (int32_t)(ea + eb) - 127;
    if (m >> 31) {
        m = m >> 1 | (m & 1);
        e++;
    }
    if (e <= 0 || e >= 0xff)
        return f32_mul_c(a, b);
    return ((a ^ b) & 0x80000000u) | (((uint32_t)(e - 1) << 23) + ((m + 0x3f + (m >> 7 & 1)) >> 7));
}

uint64_t wf_f64_mul_soft(uint64_t a, uint64_t b)
{
    const uint32_t ah = (uint32_t)(a >> 32), bh = (uint32_t)(b >> 32);
    const uint32_t ea = ah >> 20 & 0x7ff, eb = bh >> 20 & 0x7ff;
    if (ea - 1 >= 0x7fe || eb - 1 >= 0x7fe) {
        if ((!(a << 1) && eb - 1 < 0x7fe) || (!(b << 1) && ea - 1 < 0x7fe))
            return (a ^ b) & ((uint64_t)1 << 63);
        return f64_mul_c(a, b);
    }
    /* The 53-bit significands in 14-bit digits (the top one 11 bits): a
     * digit product is below 2^28, so a column of four sums without
     * carries, and ARMv6-M's 32-bit multiply gives each exactly. The
     * product (below 2^106, at least 2^104) goes up a column at a time;
     * its top 64 bits are m (in [2^62, 2^64)), the rest a sticky bit. */
    const uint32_t al = (uint32_t)a, bl = (uint32_t)b;
    const uint32_t sa = (ah & 0xfffff) | 0x100000, sb = (bh & 0xfffff) | 0x100000;
    const uint32_t a0 = al & 0x3fff, a1 = al >> 14 & 0x3fff, a2 = (al >> 28 | sa << 4) & 0x3fff,
                   a3 = sa >> 10;
    const uint32_t b0 = bl & 0x3fff, b1 = bl >> 14 & 0x3fff, b2 = (bl >> 28 | sb << 4) & 0x3fff,
                   b3 = sb >> 10;
    uint32_t c = a0 * b0, low = c & 0x3fff;
    c = (c >> 14) + a0 * b1 + a1 * b0;
    low |= c & 0x3fff;
    c = (c >> 14) + a0 * b2 + a1 * b1 + a2 * b0;
    low |= c & 0x3fff;
    c = (c >> 14) + a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0;
    const uint32_t d3 = c & 0x3fff;
    c = (c >> 14) + a1 * b3 + a2 * b2 + a3 * b1;
    const uint32_t d4 = c & 0x3fff;
    c = (c >> 14) + a2 * b3 + a3 * b2;
    const uint32_t d5 = c & 0x3fff;
    c = (c >> 14) + a3 * b3; /* the product's bits 84 and up */
    uint64_t m = (uint64_t)(c << 10 | d5 >> 4) << 32 | (d5 << 28 | d4 << 14 | d3);
    m |= low != 0;
    int32_t e = (int32_t)(ea + eb) - 1023;
    if (m >> 63) {
        m = m >> 1 | (m & 1);
        e++;
    }
    if (e <= 0 || e >= 0x7ff)
        return f64_mul_c(a, b);
    return ((a ^ b) & ((uint64_t)1 << 63)) |
           (((uint64_t)(uint32_t)(e - 1) << 52) + ((m + 0x1ff + (m >> 10 & 1)) >> 10));
}

#endif

/* ---- floor, ceil, trunc, nearest ---------------------------------------- */

enum { RND_FLOOR, RND_CEIL, RND_TRUNC, RND_NEAREST };

/* Round to an integral value by clearing fraction bits. The sign bit is
 * never touched, so the sign of zero results comes out right for free
 * (ceil(-0.5) = -0, nearest(-0.5) = -0). */
static uint64_t round_bits(uint64_t a, unsigned mbits, unsigned width, int mode)
{
    fmt f = fmt_of(mbits, width);
    uint64_t mag = a & (f.sign - 1);
    unsigned ebits = (unsigned)(mag >> mbits);
    bool neg = (a & f.sign) != 0;
    bool up;

    if (ebits == f.emax)
        return mag == inf_bits(&f) ? a : a | (f.hidden >> 1);
    if (ebits >= f.bias + mbits)
        return a; /* no fraction bits: already integral */

    if (ebits < f.bias) {
        /* |a| < 1: the result is +-0 or +-1. */
        if (mag == 0)
            return a;
        switch (mode) {
        case RND_FLOOR: up = neg; break;
        case RND_CEIL: up = !neg; break;
        case RND_NEAREST: up = mag > ((uint64_t)(f.bias - 1) << mbits); break; /* > 0.5 */
        default: up = false; break;
        }
        return (a & f.sign) | (up ? (uint64_t)f.bias << mbits : 0);
    }

    /* 1 <= |a| < 2^mbits: `unit` is the bit worth 1.0 at this exponent. */
    uint64_t unit = (uint64_t)1 << (f.bias + mbits - ebits);
    uint64_t frac = a & (unit - 1);
    if (frac == 0)
        return a;
    a -= frac; /* truncated toward zero */
    switch (mode) {
    case RND_FLOOR: up = neg; break;
    case RND_CEIL: up = !neg; break;
    case RND_NEAREST:
        /* Ties go to even. When |a| is in [1,2) `unit` is the exponent's low
         * bit, which is set because the bias is odd: the integer part 1 is
         * odd, as required. */
        up = frac > (unit >> 1) || (frac == (unit >> 1) && (a & unit));
        break;
    default: up = false; break;
    }
    /* Adding `unit` to the magnitude adds exactly 1.0; a carry out of the
     * mantissa lands in the exponent and still gives the right value. */
    return up ? a + unit : a;
}

uint32_t wf_f32_floor(uint32_t a) { return (uint32_t)round_bits(a, F32_MBITS, 32, RND_FLOOR); }
uint32_t wf_f32_ceil(uint32_t a) { return (uint32_t)round_bits(a, F32_MBITS, 32, RND_CEIL); }
uint32_t wf_f32_trunc(uint32_t a) { return (uint32_t)round_bits(a, F32_MBITS, 32, RND_TRUNC); }
uint32_t wf_f32_nearest(uint32_t a) { return (uint32_t)round_bits(a, F32_MBITS, 32, RND_NEAREST); }
uint64_t wf_f64_floor(uint64_t a) { return round_bits(a, F64_MBITS, 64, RND_FLOOR); }
uint64_t wf_f64_ceil(uint64_t a) { return round_bits(a, F64_MBITS, 64, RND_CEIL); }
uint64_t wf_f64_trunc(uint64_t a) { return round_bits(a, F64_MBITS, 64, RND_TRUNC); }
uint64_t wf_f64_nearest(uint64_t a) { return round_bits(a, F64_MBITS, 64, RND_NEAREST); }

/* ---- min, max ------------------------------------------------------------- */

/* Map a non-NaN pattern to an unsigned key with the same order as the
 * value, -0 sorting just below +0: negatives are flipped (larger magnitude
 * = smaller key), positives get the sign bit set to sit above them. */
static inline uint64_t order_key(uint64_t a, uint64_t sign)
{
    return (a & sign) ? ~a & (sign | (sign - 1)) : a | sign;
}

static uint64_t minmax_bits(uint64_t a, uint64_t b, unsigned mbits, unsigned width, bool want_max)
{
    fmt f = fmt_of(mbits, width);
    uint64_t qbit = f.hidden >> 1;

    if ((a & (f.sign - 1)) > inf_bits(&f))
        return a | qbit;
    if ((b & (f.sign - 1)) > inf_bits(&f))
        return b | qbit;
    bool a_less = order_key(a, f.sign) < order_key(b, f.sign);
    return a_less != want_max ? a : b;
}

uint32_t wf_f32_min(uint32_t a, uint32_t b) { return (uint32_t)minmax_bits(a, b, F32_MBITS, 32, false); }
uint32_t wf_f32_max(uint32_t a, uint32_t b) { return (uint32_t)minmax_bits(a, b, F32_MBITS, 32, true); }
uint64_t wf_f64_min(uint64_t a, uint64_t b) { return minmax_bits(a, b, F64_MBITS, 64, false); }
uint64_t wf_f64_max(uint64_t a, uint64_t b) { return minmax_bits(a, b, F64_MBITS, 64, true); }

/* ---- float -> int truncation ---------------------------------------------- */

/* Which conversion: the float format, the integer type (one word, so
 * that each of the sixteen entry points below is a few instructions). */
enum { TI_F64 = 1, TI_I64 = 2, TI_SIGNED = 4 };

/* Truncate toward zero into the integer type of `spec`, as its bits (a
 * 32-bit result zero-extended). *st: WF_OK, WF_INVALID (NaN: 0) or
 * WF_OVERFLOW (the value clamped into range: what the saturating forms
 * return). */
static uint64_t to_int(uint64_t a, unsigned spec, int *st)
{
    unsigned mbits = spec & TI_F64 ? F64_MBITS : F32_MBITS, obits = spec & TI_I64 ? 64 : 32;
    fmt f = fmt_of(mbits, spec & TI_F64 ? 64 : 32);
    uint64_t mag = a & (f.sign - 1);
    unsigned ebits = (unsigned)(mag >> mbits);
    bool neg = (a & f.sign) != 0, sign = spec & TI_SIGNED;
    /* the largest magnitude allowed: 2^(n-1) negative and 2^(n-1)-1
     * positive when signed, 0 and 2^n-1 when not */
    uint64_t pos_max = UINT64_MAX >> (64 - obits + sign);
    uint64_t lim = neg ? (sign ? pos_max + 1 : 0) : pos_max, k = lim;

    *st = WF_OVERFLOW;
    if (mag > inf_bits(&f)) {
        *st = WF_INVALID;
        return 0;
    }
    if (ebits < f.bias) {
        k = 0; /* |a| < 1, e.g. -0.9 -> 0 even for unsigned targets */
        *st = WF_OK;
    } else {
        unsigned e = ebits - f.bias; /* value = m * 2^(e - mbits); inf lands here too */
        uint64_t m = (mag & (f.hidden - 1)) | f.hidden;
        /* With e < 64 the shifted value is below 2^(e+1) <= 2^64: no bits
         * lost off the top, and shifting right is the truncation (e >= 64
         * overflows every type; & 63 only keeps that shift defined). */
        uint64_t v = e >= mbits ? m << ((e - mbits) & 63) : m >> (mbits - e);
        if (e < 64 && v <= lim) {
            k = v;
            *st = WF_OK;
        }
    }
    /* negate a magnitude of at most 2^63 without overflow */
    uint64_t bits = neg && sign ? 0 - k : k;
    return obits == 32 ? (uint32_t)bits : bits;
}

/* Stamp out the checked and saturating forms of one conversion. */
#define WF_TO_INT(NAME, IN_T, OUT_T, SPEC)                                \
    int NAME(IN_T a, OUT_T *out)                                          \
    {                                                                     \
        int st;                                                           \
        uint64_t v = to_int(a, SPEC, &st);                                \
        if (st == WF_OK)                                                  \
            *out = (OUT_T)v;                                              \
        return st;                                                        \
    }                                                                     \
    OUT_T NAME##_sat(IN_T a)                                              \
    {                                                                     \
        int st;                                                           \
        return (OUT_T)to_int(a, SPEC, &st);                               \
    }

WF_TO_INT(wf_f32_to_i32_s, uint32_t, int32_t, TI_SIGNED)
WF_TO_INT(wf_f32_to_i32_u, uint32_t, uint32_t, 0)
WF_TO_INT(wf_f32_to_i64_s, uint32_t, int64_t, TI_I64 | TI_SIGNED)
WF_TO_INT(wf_f32_to_i64_u, uint32_t, uint64_t, TI_I64)
WF_TO_INT(wf_f64_to_i32_s, uint64_t, int32_t, TI_F64 | TI_SIGNED)
WF_TO_INT(wf_f64_to_i32_u, uint64_t, uint32_t, TI_F64)
WF_TO_INT(wf_f64_to_i64_s, uint64_t, int64_t, TI_F64 | TI_I64 | TI_SIGNED)
WF_TO_INT(wf_f64_to_i64_u, uint64_t, uint64_t, TI_F64 | TI_I64)

/* ---- demote, promote ------------------------------------------------------ */

/* Union punning is well defined in C11 and, unlike memcpy, needs no libc. */
typedef union { uint32_t u; float f; } pun32;
typedef union { uint64_t u; double f; } pun64;

uint32_t wf_f32_demote(uint64_t a)
{
    if (wf_f64_is_nan(a)) {
        /* Keep the sign and the top 22 payload bits, as FPUs do. */
        uint32_t sign = (uint32_t)(a >> 32) & UINT32_C(0x80000000);
        return sign | WF_F32_CANON_NAN | (uint32_t)((a >> 29) & 0x3fffff);
    }
    pun64 in = { .u = a };
    pun32 out = { .f = (float)in.f };
    return out.u;
}

#if WF_SOFT_ARITH || !defined(__arm__) /* (hosts: for the tests) */
/* i32/u32 -> f64 is exact: the magnitude's leading one found by halving
 * steps (ARMv6-M has no clz; libgcc's conversion is C calling __clzsi2),
 * then placed under the exponent */
static uint64_t f64_from_magnitude(uint32_t m, uint32_t sign)
{
    if (!m)
        return 0;
    uint32_t e = 1023 + 31;
    /* (written out: gcc keeps the loop, 3% more M0 instructions a frame) */
#define CLZ_STEP(k)          \
    if (!(m >> (32 - (k)))) { \
        m <<= (k);           \
        e -= (k);            \
    }
    CLZ_STEP(16) CLZ_STEP(8) CLZ_STEP(4) CLZ_STEP(2) CLZ_STEP(1)
#undef CLZ_STEP
    /* the leading one (bit 31, then 20 of the high word) adds the last one
     * to the exponent field */
    return (uint64_t)(sign | (((e - 1) << 20) + (m >> 11))) << 32 | m << 21;
}

uint64_t wf_f64_from_i32(int32_t v)
{
    const uint32_t sign = (uint32_t)v & 0x80000000u;
    return f64_from_magnitude(sign ? 0u - (uint32_t)v : (uint32_t)v, sign);
}

uint64_t wf_f64_from_u32(uint32_t v)
{
    return f64_from_magnitude(v, 0);
}
#endif

uint64_t wf_f64_promote(uint32_t a)
{
    /* a normal number is a re-biased exponent and a longer significand:
     * integer steps, not a soft-float call (libgcc's on the M0 is C) */
    const uint32_t e = a >> 23 & 0xff;
    if (e - 1 < 0xfe)
        return (uint64_t)(a & UINT32_C(0x80000000)) << 32 | (uint64_t)(e + 896) << 52 |
               (uint64_t)(a & 0x7fffff) << 29;
    if (wf_f32_is_nan(a))
        return ((uint64_t)(a & UINT32_C(0x80000000)) << 32) | WF_F64_CANON_NAN |
               ((uint64_t)(a & UINT32_C(0x3fffff)) << 29);
    pun32 in = { .u = a };
    pun64 out = { .f = (double)in.f };
    return out.u;
}

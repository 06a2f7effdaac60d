/* Unit test for core/wfloat: every function against libm / C semantics on
 * edge cases and on a few million pseudo-random bit patterns.
 *
 * libm's sqrt/floor/ceil/trunc/nearbyint are exact, so they are the
 * reference. Where the reference is a NaN only "NaN with the quiet bit set"
 * is required, except for NaN inputs to unary ops, where the quieted input
 * (payload kept) is required exactly.
 *
 * Usage: test_wfloat [--exhaustive]   (the flag adds all 2^32 f32 inputs
 * for the unary ops and conversions; that takes several minutes, so it is
 * off by default).
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wfloat.h"

static unsigned long checks, failures;

static void fail(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(const char *what, const char *fmt, ...)
{
    if (++failures <= 20) {
        va_list ap;
        va_start(ap, fmt);
        printf("FAIL %-18s ", what);
        vprintf(fmt, ap);
        printf("\n");
        va_end(ap);
    }
}

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float bitsf(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static double bitsd(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }

static int nan32(uint32_t u) { return (u & 0x7fffffffu) > 0x7f800000u; }
static int nan64(uint64_t u) { return (u & 0x7fffffffffffffffu) > 0x7ff0000000000000u; }
static int qnan32(uint32_t u) { return nan32(u) && (u & 0x00400000u); }
static int qnan64(uint64_t u) { return nan64(u) && (u & 0x0008000000000000u); }

/* ---- edge values ---------------------------------------------------------- */

static const uint32_t edge32_bits[] = {
    0x00000000, 0x00000001, 0x00000002, 0x003fffff, 0x00400000, 0x007fffff, 0x00800000,
    0x00800001, 0x7f7fffff, 0x7f800000, 0x7f800001, 0x7fa00000, 0x7fbfffff, 0x7fc00000,
    0x7fc00001, 0x7fffffff, 0x3effffff, 0x3f000000, 0x3f000001, 0x3f7fffff, 0x3f800000,
    0x3fc00000, 0x40200000, 0x40100000, 0x4b000000, 0x4affffff, 0x4b7fffff, 0x4b800000,
    0x4effffff, 0x4f000000, 0x4f7fffff, 0x4f800000, 0x5effffff, 0x5f000000, 0x5f7fffff,
    0x5f800000, 0x4f000001,
};
static const double edge32_vals[] = {
    0.5, 1.5, 2.5, 3.5, 0.49999997f, 4194304.5, 8388607.5, 8388608.0, 8388609.0, 16777216.0,
    1e-40, 1e-45, 3.4028235e38, 1.17549435e-38, 2147483520.0, 2147483648.0, 4294967040.0,
    4294967296.0, 9223371487098961920.0, 9223372036854775808.0, 18446742974197923840.0,
    18446744073709551616.0, 0.9f, 1.1f, 2.0, 4.0, 100.25, 12345.5, 0.75, 0.25,
};

static const uint64_t edge64_bits[] = {
    0x0000000000000000, 0x0000000000000001, 0x0000000000000002, 0x0007ffffffffffff,
    0x0008000000000000, 0x000fffffffffffff, 0x0010000000000000, 0x0010000000000001,
    0x7fefffffffffffff, 0x7ff0000000000000, 0x7ff0000000000001, 0x7ff4000000000000,
    0x7ff7ffffffffffff, 0x7ff8000000000000, 0x7ff8000000000001, 0x7fffffffffffffff,
    0x3fdfffffffffffff, 0x3fe0000000000000, 0x3fe0000000000001, 0x3fefffffffffffff,
    0x3ff0000000000000, 0x4330000000000000, 0x432fffffffffffff, 0x433fffffffffffff,
    0x4340000000000000, 0x41dfffffffffffff, 0x41e0000000000000, 0x41efffffffffffff,
    0x41f0000000000000, 0x43dfffffffffffff, 0x43e0000000000000, 0x43efffffffffffff,
    0x43f0000000000000, 0x7ff123456789abcd, 0x7ffcba9876543210,
};
static const double edge64_vals[] = {
    0.5, 1.5, 2.5, 3.5, 0.49999999999999994, 4503599627370495.5, 2251799813685248.5,
    4503599627370496.0 + 0.5 /* rounds to 2^52 */, 4503599627370497.0, 9007199254740992.0,
    1e-310, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 2147483647.0,
    2147483647.9, 2147483648.0, 2147483648.9, 2147483649.0, 4294967295.0, 4294967295.9,
    4294967296.0, 9223372036854774784.0, 9223372036854775808.0, 18446744073709549568.0,
    18446744073709551616.0, 0.9, 1.1, 2.0, 4.0, 100.25, 12345.5, 0.75, 0.25, 1e300, 1e-300,
};

/* Each edge value with both signs and its nearest bit-pattern neighbours. */
static size_t edges32(uint32_t *out)
{
    size_t n = 0;
    size_t nb = sizeof edge32_bits / 4, nv = sizeof edge32_vals / sizeof(double);
    for (size_t i = 0; i < nb + nv; i++) {
        uint32_t b = i < nb ? edge32_bits[i] : fbits((float)edge32_vals[i - nb]);
        for (int d = -2; d <= 2; d++)
            for (int s = 0; s < 2; s++)
                out[n++] = ((b + (uint32_t)d) & 0x7fffffffu) | (s ? 0x80000000u : 0);
    }
    return n;
}

static size_t edges64(uint64_t *out)
{
    size_t n = 0;
    size_t nb = sizeof edge64_bits / 8, nv = sizeof edge64_vals / sizeof(double);
    for (size_t i = 0; i < nb + nv; i++) {
        uint64_t b = i < nb ? edge64_bits[i] : dbits(edge64_vals[i - nb]);
        for (int d = -2; d <= 2; d++)
            for (int s = 0; s < 2; s++)
                out[n++] = ((b + (uint64_t)(int64_t)d) & 0x7fffffffffffffffu) |
                           (s ? 0x8000000000000000u : 0);
    }
    return n;
}

/* Random patterns: half uniform bits, half with the exponent forced into
 * [1/4, 2^(mbits+3)) where the rounding and conversion logic does work. */
static uint32_t rand32(void)
{
    uint64_t r = next();
    uint32_t b = (uint32_t)r;
    if (r >> 63)
        b = (b & 0x807fffffu) | ((uint32_t)(125 + (r >> 40) % 29) << 23);
    return b;
}

static uint64_t rand64(void)
{
    uint64_t b = next();
    if (next() >> 63)
        b = (b & 0x800fffffffffffffu) | ((uint64_t)(1021 + next() % 58) << 52);
    return b;
}

/* ---- unary ops: sqrt, floor, ceil, trunc, nearest ------------------------ */

typedef struct { const char *name; uint32_t (*wf)(uint32_t); float (*ref)(float); } op32;
typedef struct { const char *name; uint64_t (*wf)(uint64_t); double (*ref)(double); } op64;

static const op32 ops32[] = {
    {"f32.sqrt", wf_f32_sqrt, sqrtf},   {"f32.floor", wf_f32_floor, floorf},
    {"f32.ceil", wf_f32_ceil, ceilf},   {"f32.trunc", wf_f32_trunc, truncf},
    {"f32.nearest", wf_f32_nearest, nearbyintf}, {"f32.sqrt (soft)", wf_f32_sqrt_soft, sqrtf},
};
static const op64 ops64[] = {
    {"f64.sqrt", wf_f64_sqrt, sqrt},    {"f64.floor", wf_f64_floor, floor},
    {"f64.ceil", wf_f64_ceil, ceil},    {"f64.trunc", wf_f64_trunc, trunc},
    {"f64.nearest", wf_f64_nearest, nearbyint}, {"f64.sqrt (soft)", wf_f64_sqrt_soft, sqrt},
};
#define NOPS 6

static void unary32(uint32_t a)
{
    checks++;
    if (wf_f32_is_nan(a) != nan32(a))
        fail("wf_f32_is_nan", "in %08x", a);
    for (int i = 0; i < NOPS; i++) {
        uint32_t got = ops32[i].wf(a), want = fbits(ops32[i].ref(bitsf(a)));
        checks++;
        int ok = nan32(a) ? got == (a | 0x00400000u) : nan32(want) ? qnan32(got) : got == want;
        if (!ok)
            fail(ops32[i].name, "in %08x (%a) got %08x want %08x", a, bitsf(a), got, want);
    }
}

static void unary64(uint64_t a)
{
    checks++;
    if (wf_f64_is_nan(a) != nan64(a))
        fail("wf_f64_is_nan", "in %016llx", (unsigned long long)a);
    for (int i = 0; i < NOPS; i++) {
        uint64_t got = ops64[i].wf(a), want = dbits(ops64[i].ref(bitsd(a)));
        checks++;
        int ok = nan64(a) ? got == (a | 0x0008000000000000u) : nan64(want) ? qnan64(got) : got == want;
        if (!ok)
            fail(ops64[i].name, "in %016llx (%a) got %016llx want %016llx", (unsigned long long)a,
                 bitsd(a), (unsigned long long)got, (unsigned long long)want);
    }
}

/* ---- sqrt (soft) in depth ------------------------------------------------- */

/* The integer square roots get far more inputs than the other unary ops:
 * every exponent, subnormals, exact squares and their neighbours, results
 * close to a rounding midpoint, and NaNs with payloads. */
static void sqrt32_check(uint32_t a)
{
    uint32_t got = wf_f32_sqrt_soft(a), want = fbits(sqrtf(bitsf(a)));
    checks++;
    int ok = nan32(a) ? got == (a | 0x00400000u) : nan32(want) ? got == WF_F32_CANON_NAN : got == want;
    if (!ok)
        fail("f32.sqrt (soft)", "in %08x (%a) got %08x want %08x", a, bitsf(a), got, want);
}

static void sqrt64_check(uint64_t a)
{
    uint64_t got = wf_f64_sqrt_soft(a), want = dbits(sqrt(bitsd(a)));
    checks++;
    int ok = nan64(a) ? got == (a | 0x0008000000000000u) : nan64(want) ? got == WF_F64_CANON_NAN : got == want;
    if (!ok)
        fail("f64.sqrt (soft)", "in %016llx (%a) got %016llx want %016llx", (unsigned long long)a,
             bitsd(a), (unsigned long long)got, (unsigned long long)want);
}

/* High 64 bits of the 128-bit product x*x, by 32-bit halves. */
static uint64_t sq_hi64(uint64_t x, uint64_t *lo)
{
    uint64_t xl = x & 0xffffffffu, xh = x >> 32;
    uint64_t ll = xl * xl, lh = xl * xh, hh = xh * xh;
    uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) * 2;
    *lo = (mid << 32) | (ll & 0xffffffffu);
    return hh + (lh >> 32) * 2 + (mid >> 32);
}

static void sqrt_deep(void)
{
    /* f64 and f32: every exponent with both signs, the extreme mantissas
     * and (for f32) many random ones. */
    for (uint64_t ex = 0; ex < 2048; ex++)
        for (int i = 0; i < 24; i++) {
            uint64_t mant = i < 8 ? (uint64_t)i : i < 16 ? 0x000fffffffffffffu - (uint64_t)(i - 8)
                                                         : next() >> 12;
            sqrt64_check(ex << 52 | mant);
            sqrt64_check(0x8000000000000000u | ex << 52 | mant);
        }
    for (uint32_t ex = 0; ex < 256; ex++)
        for (uint32_t i = 0; i < 4096 + 128; i++) {
            uint32_t mant = i < 64 ? i : i < 128 ? 0x7fffffu - (i - 64) : (uint32_t)next() >> 9;
            sqrt32_check(ex << 23 | mant);
            if (i < 256)
                sqrt32_check(0x80000000u | ex << 23 | mant);
        }
    /* NaNs with random payloads, quiet and signalling, both signs. */
    for (int i = 0; i < 4096; i++) {
        uint64_t r = next();
        sqrt64_check((r | 0x7ff0000000000001u) & ~(i & 1 ? 0 : 0x8000000000000000u));
        sqrt32_check(((uint32_t)r | 0x7f800001u) & ~(i & 1 ? 0 : 0x80000000u));
    }
    for (long i = 0; i < 500000; i++) {
        uint64_t r = next(), sc = next();
        /* Subnormals of every width. */
        sqrt64_check((r >> 12) >> (sc % 52));
        sqrt32_check(((uint32_t)r >> 9) >> (sc % 23));
        /* Exact squares k^2 (k up to 26 / 12 bits, so k^2 is exact), times
         * an even or odd power of two, and their neighbours. */
        uint64_t k = (r >> 38) | 1, e64 = 1 + sc % 2000;
        double sqd = (double)(k * k);
        uint64_t b = (dbits(sqd) & 0x800fffffffffffffu) | e64 << 52;
        uint32_t kf = (uint32_t)(r >> 52) | 1, e32 = 1 + (uint32_t)(sc % 250);
        uint32_t bf = (fbits((float)(kf * kf)) & 0x807fffffu) | e32 << 23;
        for (int d = -2; d <= 2; d++) {
            sqrt64_check(b + (uint64_t)(int64_t)d);
            sqrt32_check(bf + (uint32_t)d);
        }
        /* Inputs whose root lies close to a midpoint between two doubles:
         * the square of y + ulp/2, i.e. of h = 2Y + 1 for the 53-bit Y,
         * cut to 53 bits, and its neighbours. */
        uint64_t h = (r >> 11 | 0x0010000000000000u) * 2 + 1, lo;
        uint64_t hi = sq_hi64(h, &lo); /* h^2 < 2^108: hi < 2^44 */
        int top = 63 - __builtin_clzll(hi) + 64, sh = top - 52;
        uint64_t sig = (hi << (64 - sh)) | (lo >> sh); /* 53 bits */
        /* value sig * 2^(F - 1075): F - 1075 must have the parity of sh */
        uint64_t xb = (uint64_t)(24 + (sc % 1000) * 2 + ((sh + 1) & 1)) << 52 | (sig & 0x000fffffffffffffu);
        for (int d = -2; d <= 2; d++)
            sqrt64_check(xb + (uint64_t)(int64_t)d);
    }
    /* Plenty of random positive doubles. */
    for (long i = 0; i < 5000000; i++)
        sqrt64_check(next() >> 1);
}

/* ---- comparisons on the bits ------------------------------------------- */

static void cmp32(uint32_t a, uint32_t b)
{
    float x = bitsf(a), y = bitsf(b);
    checks++;
    if (wf_f32_eq(a, b) != (x == y) || wf_f32_lt(a, b) != (x < y) || wf_f32_le(a, b) != (x <= y))
        fail("f32 compare", "%08x %08x (%a %a): eq %d lt %d le %d", a, b, x, y, wf_f32_eq(a, b),
             wf_f32_lt(a, b), wf_f32_le(a, b));
    int order = x < y ? -1 : x == y ? 0 : x > y ? 1 : 2;
    if (wf_f32_order(a, b) != order)
        fail("f32 order", "%08x %08x (%a %a): %d, want %d", a, b, x, y, wf_f32_order(a, b), order);
}

static void cmp64(uint64_t a, uint64_t b)
{
    double x = bitsd(a), y = bitsd(b);
    checks++;
    if (wf_f64_eq(a, b) != (x == y) || wf_f64_lt(a, b) != (x < y) || wf_f64_le(a, b) != (x <= y))
        fail("f64 compare", "%016llx %016llx (%a %a): eq %d lt %d le %d", (unsigned long long)a,
             (unsigned long long)b, x, y, wf_f64_eq(a, b), wf_f64_lt(a, b), wf_f64_le(a, b));
    int order = x < y ? -1 : x == y ? 0 : x > y ? 1 : 2;
    if (wf_f64_order(a, b) != order)
        fail("f64 order", "%016llx %016llx (%a %a): %d, want %d", (unsigned long long)a,
             (unsigned long long)b, x, y, wf_f64_order(a, b), order);
}

/* ---- 64-bit integer division (the compact core's loop) ------------------- */

static void divmod64(uint64_t n, uint64_t d)
{
    if (d == 0)
        return;
    uint64_t r = ~(uint64_t)0, q = wf_u64_divmod(n, d, &r);
    checks++;
    if (q != n / d || r != n % d)
        fail("u64 divmod", "%016llx / %016llx: %016llx rem %016llx", (unsigned long long)n,
             (unsigned long long)d, (unsigned long long)q, (unsigned long long)r);
}

/* Every pair of edges (0, 1, powers of two and their neighbours, all ones,
 * the 32-bit boundary), then random pairs of every pair of sizes. */
static void divmod_deep(void)
{
    uint64_t e[200];
    size_t n = 0;
    for (int k = 0; k < 64; k++) {
        e[n++] = (uint64_t)1 << k;
        e[n++] = ((uint64_t)1 << k) - 1;
        e[n++] = ((uint64_t)1 << k) + 1;
    }
    e[n++] = ~(uint64_t)0;
    e[n++] = ~(uint64_t)0 - 1;
    e[n++] = 10;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            divmod64(e[i], e[j]);
    for (long i = 0; i < 2000000; i++) {
        uint64_t a = next() >> (next() % 64), b = next() >> (next() % 64);
        divmod64(a, b);
        divmod64(a, b >> (next() % 64) | 1);
        divmod64(a * (b | 1), b | 1); /* exact, no remainder */
    }
}

/* ---- division (soft) ------------------------------------------------------ */

/* f64 against the host's division (SSE2: IEEE, round to nearest even). A NaN
 * operand must come back quieted, the first one's payload kept; a NaN made
 * from numbers (0/0, inf/inf) must be the canonical NaN. */
static void div64_check(uint64_t a, uint64_t b)
{
    uint64_t got = wf_f64_div_soft(a, b), want = dbits(bitsd(a) / bitsd(b));
    checks++;
    int ok = nan64(a)   ? got == (a | 0x0008000000000000u)
             : nan64(b) ? got == (b | 0x0008000000000000u)
             : nan64(want) ? (got & 0x7fffffffffffffffu) == WF_F64_CANON_NAN
                           : got == want;
    if (!ok)
        fail("f64.div (soft)", "%016llx / %016llx (%a / %a) got %016llx want %016llx",
             (unsigned long long)a, (unsigned long long)b, bitsd(a), bitsd(b),
             (unsigned long long)got, (unsigned long long)want);
}

static void div_deep(const uint64_t *e64, size_t n64)
{
    /* every pair of edge values: zeros, subnormals, inf, NaNs, extremes */
    for (size_t i = 0; i < n64; i++)
        for (size_t j = 0; j < n64; j++)
            div64_check(e64[i], e64[j]);
    for (long i = 0; i < 2000000; i++) {
        uint64_t r = next(), s = next(), sc = next();
        /* any bits; then quotients near 1 (the ma < mb step), of every
         * exponent (overflow, subnormal results, underflow to zero) */
        div64_check(r, s);
        uint64_t a = (r & 0x800fffffffffffffu) | (uint64_t)(1 + sc % 2046) << 52;
        uint64_t b = (s & 0x800fffffffffffffu) | (uint64_t)(1 + (sc >> 16) % 2046) << 52;
        div64_check(a, b);
        div64_check(a, (a & 0xfff0000000000000u) | (s >> 12 & 0xff));
        div64_check((r >> 12) >> (sc % 52), b); /* subnormal dividends */
        div64_check(a, (s >> 12) >> (sc % 52)); /* and divisors */
        /* exact quotients and their neighbours: (q * b) / b with q and b
         * short enough that the product is exact */
        uint64_t q = (r >> 37) | 1, d = (s >> 38) | 1;
        uint64_t p = dbits((double)(q * d)), db = dbits((double)d);
        for (int k = -1; k <= 1; k++)
            div64_check(p + (uint64_t)(int64_t)k, db);
        /* ties, which only subnormal results have: an odd significand over
         * a power of two that pushes it below the smallest normal */
        uint64_t odd = (r & 0x800fffffffffffffu) | 1 | (uint64_t)(sc % 60) << 52;
        div64_check(odd, (uint64_t)(1023 + 1 + (sc >> 8) % 60) << 52);
    }
}

/* ---- add, subtract, multiply (soft) ----------------------------------------- */

/* Against the host's SSE2 arithmetic (IEEE, round to nearest even); a NaN
 * result only has to be a quiet NaN (the slow path is C's operator). These
 * run on ARMv6-M only, but their C is the same everywhere. */
static void arith32_check(uint32_t a, uint32_t b)
{
    const struct { const char *name; uint32_t got; float want; } t[] = {
        {"f32.add (soft)", wf_f32_add_soft(a, b), bitsf(a) + bitsf(b)},
        {"f32.sub (soft)", wf_f32_add_soft(a, b ^ 0x80000000u), bitsf(a) - bitsf(b)},
        {"f32.mul (soft)", wf_f32_mul_soft(a, b), bitsf(a) * bitsf(b)},
        {"f32.div (soft)", wf_f32_div_soft(a, b), bitsf(a) / bitsf(b)},
    };
    for (size_t i = 0; i < 4; i++) {
        uint32_t want = fbits(t[i].want);
        checks++;
        if (nan32(want) ? !qnan32(t[i].got) : t[i].got != want)
            fail(t[i].name, "(%08x, %08x) (%a, %a) got %08x want %08x", a, b, bitsf(a), bitsf(b),
                 t[i].got, want);
    }
}

static void arith64_check(uint64_t a, uint64_t b)
{
    uint64_t got = wf_f64_mul_soft(a, b), want = dbits(bitsd(a) * bitsd(b));
    checks++;
    if (nan64(want) ? !qnan64(got) : got != want)
        fail("f64.mul (soft)", "(%016llx, %016llx) (%a, %a) got %016llx want %016llx",
             (unsigned long long)a, (unsigned long long)b, bitsd(a), bitsd(b),
             (unsigned long long)got, (unsigned long long)want);
}

static void arith_deep(const uint32_t *e32, size_t n32, const uint64_t *e64, size_t n64)
{
    /* every pair of edge values: zeros, subnormals, inf, NaNs, extremes */
    for (size_t i = 0; i < n32; i++)
        for (size_t j = 0; j < n32; j++)
            arith32_check(e32[i], e32[j]);
    for (size_t i = 0; i < n64; i++)
        for (size_t j = 0; j < n64; j++)
            arith64_check(e64[i], e64[j]);
    for (long i = 0; i < 2000000; i++) {
        uint64_t r = next(), s = next(), sc = next();
        uint32_t ra = (uint32_t)r, rb = (uint32_t)s;
        /* any bits; then f32 exponents a few apart (every alignment, ties
         * after it, cancellation); short significands (exact sums and
         * products, or one rounding off); products near overflow and near
         * the smallest normal */
        arith32_check(ra, rb);
        arith64_check(r, s);
        unsigned d32 = (unsigned)(sc % 40), d64 = (unsigned)((sc >> 8) % 70);
        uint32_t a32 = (ra & 0x807fffffu) | (uint32_t)(2 + (sc >> 16) % 250) << 23;
        uint32_t b32 = (rb & 0x807fffffu) | ((a32 >> 23 & 0xff) - (d32 < (a32 >> 23 & 0xff) ? d32 : 0)) << 23;
        arith32_check(a32, b32);
        arith32_check(a32, (a32 ^ 0x80000000u) + (uint32_t)(sc >> 40 & 7) - 3);
        arith32_check(a32, (b32 & 0x80000000u) | ((a32 & 0x7fffffffu) >> (sc >> 44 & 3)));
        uint64_t a64 = (r & 0x800fffffffffffffu) | (uint64_t)(2 + (sc >> 24) % 2040) << 52;
        uint64_t ea = a64 >> 52 & 0x7ff;
        uint64_t b64 = (s & 0x800fffffffffffffu) | (ea - (d64 < ea ? d64 : 0)) << 52;
        arith64_check(a64, b64);
        arith32_check(ra & 0xfff80000u, rb & 0xfff80000u);
        arith64_check(r & 0xfffffc0000000000u, s & 0xfffffc0000000000u);
        uint32_t ep = (uint32_t)(sc >> 48) % 20;
        arith32_check((ra & 0x807fffffu) | (0x7eu - ep) << 23, (rb & 0x807fffffu) | (0x02u + ep) << 23);
        arith32_check((ra & 0x807fffffu) | (0xfcu - ep) << 23, (rb & 0x807fffffu) | (0x81u + ep) << 23);
        arith64_check((r & 0x800fffffffffffffu) | (uint64_t)(0x3feu - ep) << 52,
                      (s & 0x800fffffffffffffu) | (uint64_t)(0x002u + ep) << 52);
        arith64_check((r & 0x800fffffffffffffu) | (uint64_t)(0x7fcu - ep) << 52,
                      (s & 0x800fffffffffffffu) | (uint64_t)(0x401u + ep) << 52);
        /* f64 products a tie but for a tail anywhere below (the sticky
         * bit, from any digit column), their last bit even:
         * (2^52 + 2^50 + w 2^j)(2^52 + 2) = 2^104 + 2^52 (2^50 + w 2^j + 2)
         * + 2^51 + w 2^(j+1), j >= 1; and ((5 * 2^52 - v) / 3)(2^53 - 3),
         * v = 2 mod 3, above 2, the tail in the lowest bits */
        uint64_t w = 1 + (sc >> 20 & 0x3fff), j = 1 + (sc >> 34) % 36, v = 2 + 3 * (sc >> 30 & 0x3ffff);
        uint64_t eu = (uint64_t)(512 + (sc >> 48 & 0x3ff)) << 52, ev = (uint64_t)(512 + (sc >> 54 & 0x3ff)) << 52;
        arith64_check(eu | (uint64_t)1 << 50 | w << j, ev | 2);
        arith64_check(eu | ((((uint64_t)5 << 52) - v) / 3 - ((uint64_t)1 << 52)), ev | 0xffffffffffffdu);
    }
}

/* ---- min / max -------------------------------------------------------------- */

static double ref_minmax(double a, double b, int want_max)
{
    if (isnan(a) || isnan(b))
        return NAN;
    if (a == b) /* only matters for +-0: min prefers -0, max prefers +0 */
        return (signbit(a) != 0) != want_max ? a : b;
    return (a < b) != want_max ? a : b;
}

static void minmax32(uint32_t a, uint32_t b)
{
    for (int mx = 0; mx < 2; mx++) {
        uint32_t got = mx ? wf_f32_max(a, b) : wf_f32_min(a, b);
        uint32_t want = fbits((float)ref_minmax(bitsf(a), bitsf(b), mx));
        checks++;
        if (nan32(want) ? !qnan32(got) : got != want)
            fail(mx ? "f32.max" : "f32.min", "(%08x, %08x) got %08x want %08x", a, b, got, want);
    }
}

static void minmax64(uint64_t a, uint64_t b)
{
    for (int mx = 0; mx < 2; mx++) {
        uint64_t got = mx ? wf_f64_max(a, b) : wf_f64_min(a, b);
        uint64_t want = dbits(ref_minmax(bitsd(a), bitsd(b), mx));
        checks++;
        if (nan64(want) ? !qnan64(got) : got != want)
            fail(mx ? "f64.max" : "f64.min", "(%016llx, %016llx) got %016llx want %016llx",
                 (unsigned long long)a, (unsigned long long)b, (unsigned long long)got,
                 (unsigned long long)want);
    }
}

/* ---- float -> int --------------------------------------------------------- */

/* Reference in double: trunc() is exact and the bounds (powers of two) are
 * exactly representable, so the comparisons are exact. The truncated value
 * must lie in [lo, hi_excl); returns the expected status, *t the value. */
static int ref_conv(double x, double lo, double hi_excl, double *t)
{
    if (isnan(x))
        return 1;
    *t = trunc(x);
    return (*t >= lo && *t < hi_excl) ? 0 : 2;
}

/* Check one checked + saturating conversion pair; values are compared as
 * two's complement bit patterns masked to the target width. */
static void conv_check(const char *name, double x, unsigned long long in, int st, unsigned long long got,
                       unsigned long long sat, int is_signed, int bits)
{
    double lo, hi, t = 0;
    if (is_signed) {
        lo = -ldexp(1, bits - 1);
        hi = ldexp(1, bits - 1);
    } else {
        lo = 0; /* -0.9 truncates to -0.0, which compares equal to 0 */
        hi = ldexp(1, bits);
    }
    int want_st = ref_conv(x, lo, hi, &t);
    unsigned long long want = 0, want_sat;
    unsigned long long mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    if (want_st == 0)
        want = is_signed ? (unsigned long long)(long long)t : (unsigned long long)t;
    if (want_st == 1)
        want_sat = 0;
    else if (want_st == 2)
        want_sat = t < 0 ? (is_signed ? (unsigned long long)(-(long long)(mask >> 1) - 1) : 0)
                         : (is_signed ? mask >> 1 : mask);
    else
        want_sat = want;
    want &= mask;
    want_sat &= mask;
    checks += 2;
    if (st != want_st || (st == 0 && (got & mask) != want))
        fail(name, "in %llx (%a) got st %d val %llx want st %d val %llx", in, x, st, got & mask, want_st,
             want);
    if ((sat & mask) != want_sat)
        fail(name, "_sat in %llx (%a) got %llx want %llx", in, x, sat & mask, want_sat);
}

#define CONV(NAME, IN, X, T, SIGNED, BITS)                                                      \
    do {                                                                                        \
        T v_ = (T)0x5a5a5a5a; /* left alone on failure */                                       \
        int st_ = NAME(IN, &v_);                                                                \
        if (st_ != 0 && v_ != (T)0x5a5a5a5a)                                                    \
            fail(#NAME, "wrote *out on failure for %llx", (unsigned long long)(IN));            \
        conv_check(#NAME, X, (unsigned long long)(IN), st_, (unsigned long long)v_,             \
                   (unsigned long long)NAME##_sat(IN), SIGNED, BITS);                           \
    } while (0)

static void conv32(uint32_t a)
{
    double x = bitsf(a);
    CONV(wf_f32_to_i32_s, a, x, int32_t, 1, 32);
    CONV(wf_f32_to_i32_u, a, x, uint32_t, 0, 32);
    CONV(wf_f32_to_i64_s, a, x, int64_t, 1, 64);
    CONV(wf_f32_to_i64_u, a, x, uint64_t, 0, 64);
}

static void conv64(uint64_t a)
{
    double x = bitsd(a);
    CONV(wf_f64_to_i32_s, a, x, int32_t, 1, 32);
    CONV(wf_f64_to_i32_u, a, x, uint32_t, 0, 32);
    CONV(wf_f64_to_i64_s, a, x, int64_t, 1, 64);
    CONV(wf_f64_to_i64_u, a, x, uint64_t, 0, 64);
}

/* The boundary cases called out in the design notes, checked literally. */
static void conv_literals(void)
{
    int32_t i32;
    uint32_t u32;
    int64_t i64;
    uint64_t u64;
    struct { const char *what; int ok; } t[] = {
        {"f64 -2147483648.9 -> i32 ok", wf_f64_to_i32_s(dbits(-2147483648.9), &i32) == 0 && i32 == INT32_MIN},
        {"f64 -2147483649.0 -> i32 ovf", wf_f64_to_i32_s(dbits(-2147483649.0), &i32) == WF_OVERFLOW},
        {"f64 2147483647.9 -> i32 ok", wf_f64_to_i32_s(dbits(2147483647.9), &i32) == 0 && i32 == INT32_MAX},
        {"f64 2147483648.0 -> i32 ovf", wf_f64_to_i32_s(dbits(2147483648.0), &i32) == WF_OVERFLOW},
        {"f32 4294967040 -> u32 ok", wf_f32_to_i32_u(fbits(4294967040.0f), &u32) == 0 && u32 == 4294967040u},
        {"f32 4294967296 -> u32 ovf", wf_f32_to_i32_u(fbits(4294967296.0f), &u32) == WF_OVERFLOW},
        {"f64 -0.9 -> u32 ok 0", wf_f64_to_i32_u(dbits(-0.9), &u32) == 0 && u32 == 0},
        {"f32 -1.0 -> u32 ovf", wf_f32_to_i32_u(fbits(-1.0f), &u32) == WF_OVERFLOW},
        {"f32 nan -> i32 invalid", wf_f32_to_i32_s(0x7fc00000u, &i32) == WF_INVALID},
        {"f64 -nan -> u64 invalid", wf_f64_to_i64_u(0xfff8000000000001u, &u64) == WF_INVALID},
        {"f64 -2^63 -> i64 ok", wf_f64_to_i64_s(dbits(-0x1p63), &i64) == 0 && i64 == INT64_MIN},
        {"f64 2^63 -> i64 ovf", wf_f64_to_i64_s(dbits(0x1p63), &i64) == WF_OVERFLOW},
        {"f32 +inf -> u64 ovf", wf_f32_to_i64_u(0x7f800000u, &u64) == WF_OVERFLOW},
        {"f64 -inf sat i32", wf_f64_to_i32_s_sat(0xfff0000000000000u) == INT32_MIN},
        {"f64 nan sat u64", wf_f64_to_i64_u_sat(0x7ff8000000000000u) == 0},
        {"f32 1e20 sat u64", wf_f32_to_i64_u_sat(fbits(1e20f)) == UINT64_MAX},
        {"f32 -1e20 sat u64", wf_f32_to_i64_u_sat(fbits(-1e20f)) == 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        checks++;
        if (!t[i].ok)
            fail("conv literal", "%s", t[i].what);
    }
}

/* ---- demote / promote ----------------------------------------------------- */

static void demote(uint64_t a)
{
    uint32_t got = wf_f32_demote(a), want;
    if (nan64(a))
        want = (uint32_t)(a >> 32 & 0x80000000u) | 0x7fc00000u | (uint32_t)(a >> 29 & 0x3fffff);
    else
        want = fbits((float)bitsd(a));
    checks++;
    if (got != want)
        fail("f32.demote", "in %016llx got %08x want %08x", (unsigned long long)a, got, want);
}

static void promote(uint32_t a)
{
    uint64_t got = wf_f64_promote(a), want;
    if (nan32(a))
        want = (uint64_t)(a & 0x80000000u) << 32 | 0x7ff8000000000000u | (uint64_t)(a & 0x3fffff) << 29;
    else
        want = dbits((double)bitsf(a));
    checks++;
    if (got != want)
        fail("f64.promote", "in %08x got %016llx want %016llx", a, (unsigned long long)got,
             (unsigned long long)want);
}

/* ---- int -> float by C cast ------------------------------------------------ */

/* wfloat leaves int->float to C casts. Check that this compiler rounds
 * u64/i64 -> f32/f64 once (not twice via double) against an integer
 * reference, e.g. 2^63 + 2^39 + 1 must give 2^63 + 2^40. */
static uint64_t ref_u64_to_float(uint64_t v, int mbits)
{
    if (v == 0)
        return 0;
    int msb = 63 - __builtin_clzll(v);
    int bias = mbits == 23 ? 127 : 1023;
    uint64_t mant;
    if (msb <= mbits) {
        mant = v << (mbits - msb);
    } else {
        int sh = msb - mbits;
        uint64_t rem = v & ((1ull << sh) - 1), half = 1ull << (sh - 1);
        mant = v >> sh;
        if (rem > half || (rem == half && (mant & 1)))
            mant++; /* may carry to 2^(mbits+1): the add below bumps the exponent */
    }
    return ((uint64_t)(msb + bias) << mbits) + mant - (1ull << mbits);
}

static void int_casts(uint64_t v)
{
    uint64_t neg = v >> 63 ? 0 - v : v; /* |(int64_t)v| */
    uint64_t s32 = v >> 63 ? 0x80000000u : 0, s64 = v >> 63 ? 0x8000000000000000u : 0;
    struct { const char *n; uint64_t got, want; } t[] = {
        {"(float)u64", fbits((float)v), ref_u64_to_float(v, 23)},
        {"(double)u64", dbits((double)v), ref_u64_to_float(v, 52)},
        {"(float)i64", fbits((float)(int64_t)v), s32 | ref_u64_to_float(neg, 23)},
        {"(double)i64", dbits((double)(int64_t)v), s64 | ref_u64_to_float(neg, 52)},
    };
    for (int i = 0; i < 4; i++) {
        checks++;
        if (t[i].got != t[i].want)
            fail(t[i].n, "in %016llx got %llx want %llx", (unsigned long long)v,
                 (unsigned long long)t[i].got, (unsigned long long)t[i].want);
    }
    /* wfloat's own i32/u32 -> f64 (ARMv6-M's), exact, against C's */
    const uint32_t w = (uint32_t)v;
    checks += 2;
    if (wf_f64_from_i32((int32_t)w) != dbits((double)(int32_t)w))
        fail("f64_from_i32", "in %08x got %llx", w, (unsigned long long)wf_f64_from_i32((int32_t)w));
    if (wf_f64_from_u32(w) != dbits((double)w))
        fail("f64_from_u32", "in %08x got %llx", w, (unsigned long long)wf_f64_from_u32(w));
}

/* ---- main ------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    static uint32_t e32[1024];
    static uint64_t e64[1024];
    size_t n32 = edges32(e32), n64 = edges64(e64);
    const long N = 1000000;

    for (size_t i = 0; i < n32; i++) {
        unary32(e32[i]);
        conv32(e32[i]);
        promote(e32[i]);
        for (size_t j = 0; j < n32; j++) {
            minmax32(e32[i], e32[j]);
            cmp32(e32[i], e32[j]);
        }
    }
    for (size_t i = 0; i < n64; i++) {
        unary64(e64[i]);
        conv64(e64[i]);
        demote(e64[i]);
        for (size_t j = 0; j < n64; j++) {
            minmax64(e64[i], e64[j]);
            cmp64(e64[i], e64[j]);
        }
    }
    conv_literals();
    sqrt_deep();
    div_deep(e64, n64);
    arith_deep(e32, n32, e64, n64);
    divmod_deep();
    int_casts(0x8000008000000001u);
    int_casts(0x0000000001000001u);
    int_casts(0x8000000000000000u);
    for (uint32_t k = 0; k < 32; k++) /* every leading-one position, with -1 */
        for (uint32_t m = 0; m < 4; m++) {
            int_casts(((uint64_t)1 << k) - 1 + m);
            int_casts(0 - (((uint64_t)1 << k) + m));
            int_casts(0xffffffffu >> k);
        }

    for (long i = 0; i < N; i++) {
        uint32_t a = rand32(), b = (next() & 1) ? rand32() : a ^ (uint32_t)(next() & 0x800000ffu);
        uint64_t c = rand64(), d = (next() & 1) ? rand64() : c ^ (next() & 0x80000000000000ffu);
        unary32(a);
        unary64(c);
        cmp32(a, b);
        cmp64(c, d);
        if (i % 4 == 0) {
            minmax32(a, b);
            minmax64(c, d);
            conv32(a);
            conv64(c);
            promote(a);
            demote(c);
            int_casts(next() >> (next() % 64));
        }
    }

    if (argc > 1 && strcmp(argv[1], "--exhaustive") == 0) {
        uint32_t a = 0;
        do {
            unary32(a);
            conv32(a);
            promote(a);
        } while (++a != 0);
    }

    printf("wfloat: %lu checks, %lu failures\n", checks, failures);
    return failures ? 1 : 0;
}

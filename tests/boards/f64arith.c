/* The f64 assembly against libgcc's f64 add and multiply, bit for bit, on
 * a board (QEMU, semihosting): core/wfloat_thumb2.S's add, subtract and
 * multiply on Thumb-2, core/wfloat_thumb1.S's on ARMv6-M. Every pair of
 * edge values, then pseudo-random pairs shaped to reach each path
 * (exponents 0..40 apart, cancellation, sums and products on a tie,
 * products a tie but for their lowest bits, products near overflow and
 * the smallest normal). libgcc's are IEEE round-to-nearest-even, and the
 * assembly hands every case it does not take to them (the ARMv6-M
 * multiply through wfloat.c, whose slow path is C's operator, libgcc's),
 * NaNs included, so the bits must be equal. And wfloat.c's division where
 * the interpreter uses it (WF_SOFT_DIV64), the same bits but for which NaN.
 * Prints "f64arith N checks, M failures". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "wfloat.h" /* (and wfloat_asm.h) */

#if !WF_ASM_F64 && !WF_SOFT_ARITH
int main(void)
{
    printf("f64arith: not built for this core (a double FPU)\n");
    return 0;
}
#else

/* the assembly as wfloat.h declares it, on bit patterns */
static double dbl(uint64_t u) { union { uint64_t u; double d; } x = {u}; return x.d; }
static uint64_t bits(double d) { union { double d; uint64_t u; } x = {d}; return x.u; }
#if WF_ASM_F64
#define ADD(a, b) bits(wisp_wf_f64_add_thumb2(dbl(a), dbl(b)))
#define MUL(a, b) bits(wisp_wf_f64_mul_thumb2(dbl(a), dbl(b)))
#else
#define ADD(a, b) bits(wisp_wf_f64_add_thumb1(dbl(a), dbl(b)))
#define MUL(a, b) bits(wisp_wf_f64_mul_thumb1(dbl(a), dbl(b)))
#endif

#define SIGN UINT64_C(0x8000000000000000)
#define FRAC UINT64_C(0x000fffffffffffff)

static uint64_t checks, failures;

/* libgcc's, called by hand: C's a + b may swap the operands, which
 * changes which NaN comes out (as uint64_t: in core registers under every
 * ARM procedure call standard, as they take doubles) */
uint64_t __aeabi_dadd(uint64_t a, uint64_t b);
uint64_t __aeabi_dmul(uint64_t a, uint64_t b);
uint64_t __aeabi_ddiv(uint64_t a, uint64_t b);
#define lib_add __aeabi_dadd
#define lib_mul __aeabi_dmul
#define lib_div __aeabi_ddiv

static void report(const char *op, uint64_t a, uint64_t b, uint64_t got, uint64_t want)
{
    if (++failures <= 20)
        printf("FAIL %s %016llx %016llx: got %016llx want %016llx\n", op, (unsigned long long)a,
               (unsigned long long)b, (unsigned long long)got, (unsigned long long)want);
}

static void check(uint64_t a, uint64_t b)
{
    uint64_t got, want;
    checks += 2;
    if ((got = ADD(a, b)) != (want = lib_add(a, b)))
        report("add", a, b, got, want);
    if ((got = ADD(a, b ^ SIGN)) != (want = lib_add(a, b ^ SIGN)))
        report("sub", a, b, got, want);
    checks++;
    if ((got = MUL(a, b)) != (want = lib_mul(a, b)))
        report("mul", a, b, got, want);
#if WF_SOFT_DIV64
    /* wfloat's division (the interpreter's where WF_SOFT_DIV64): the same
     * bits, but for which NaN (its own rule: the first NaN operand,
     * quieted, as x86's; checked against SSE2 by tests/unit wfloat) */
    checks++;
    got = wf_f64_div_soft(a, b);
    want = lib_div(a, b);
    if (got != want && !(wf_f64_is_nan(got) && wf_f64_is_nan(want)))
        report("div", a, b, got, want);
#endif
}

static uint64_t state = UINT64_C(0x9e3779b97f4a7c15);

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static uint64_t with_exp(uint64_t x, uint64_t e)
{
    return (x & ~(UINT64_C(0x7ff) << 52)) | (e & 0x7ff) << 52;
}

int main(int argc, char **argv)
{
    long rounds = 200000;
    if (argc > 1)
        rounds = atol(argv[1]);
    static const uint64_t edge[] = {
        0, 1, FRAC, FRAC + 1, UINT64_C(0x0010000000000001), /* zero, subnormals, smallest normals */
        UINT64_C(0x3ff0000000000000), UINT64_C(0x3ff0000000000001), UINT64_C(0x3fffffffffffffff),
        UINT64_C(0x3fe0000000000000), UINT64_C(0x4000000000000000), UINT64_C(0x3ca0000000000000),
        UINT64_C(0x3c90000000000000), UINT64_C(0x3cb0000000000000), UINT64_C(0x1ff0000000000000),
        UINT64_C(0x2000000000000000), UINT64_C(0x5ff0000000000000), UINT64_C(0x6000000000000000),
        UINT64_C(0x7fe0000000000000), UINT64_C(0x7fefffffffffffff), UINT64_C(0x7ff0000000000000),
        UINT64_C(0x7ff8000000000000), UINT64_C(0x7ff0000000000001), UINT64_C(0x7ffc000000000123),
        UINT64_C(0x43e0000000000000), UINT64_C(0x4340000000000000), UINT64_C(0x4330000000000001),
    };
    const size_t n = sizeof edge / sizeof edge[0];
    for (size_t i = 0; i < 2 * n; i++)
        for (size_t j = 0; j < 2 * n; j++)
            check(edge[i % n] ^ (i >= n ? SIGN : 0), edge[j % n] ^ (j >= n ? SIGN : 0));

    printf("f64arith: %zu edge values, %ld rounds\n", n, rounds);
    for (long i = 0; i < rounds; i++) {
        uint64_t r = next(), s = next(), t = next();
        uint64_t ea = 1 + (t & 0x7ff) % 2046, ta = t >> 11;
        check(r, s); /* any bits */
        /* normal operands whose exponents are 0..40 apart */
        uint64_t a = with_exp(r, ea), b = with_exp(s, ea - (ta & 63) % 41);
        check(a, b);
        check(b, a);
        /* cancellation: b near -a (the same or a neighbouring exponent) */
        uint64_t c = (a ^ SIGN) + ((ta >> 6 & 7) - 3);
        if (ta >> 9 & 1)
            c = with_exp(c, (a >> 52 & 0x7ff) - 1);
        check(a, c);
        /* short significands: exact sums and products, ties after rounding */
        uint64_t sa = with_exp(r & ~(FRAC >> (ta >> 10 & 31)), ea);
        uint64_t sb = with_exp(s & ~(FRAC >> (ta >> 15 & 31)), ea - (ta >> 20 & 63));
        check(sa, sb);
        /* products a tie but for a tail only the lowest product word holds
         * (the multiply's sticky bit): (2^52 + 2^51 + u)(2^52 + 1) below 2,
         * and ((5 * 2^52 - v) / 3)(2^53 - 3), v = 2 mod 3, above 2 */
        uint64_t u = 1 + (ta >> 30 & 0xfffff), v = 2 + 3 * (ta >> 29 & 0x3ffff);
        uint64_t eu = 1 + (ta >> 23 & 0x3ff), ev = 1 + (ta >> 33 & 0x3ff);
        check(with_exp(UINT64_C(1) << 51 | u, eu), with_exp(1, ev));
        check(with_exp(((UINT64_C(5) << 52) - v) / 3, eu), with_exp(FRAC - 2, ev));
        /* products near overflow and near the smallest normal */
        uint64_t eb = (ta >> 26 & 1 ? 2046 + 1023 : 1 + 1023) - ea + (ta >> 27 & 3) - 2;
        if (eb >= 1 && eb <= 2046)
            check(a, with_exp(s, eb));
    }
    printf("f64arith %llu checks, %llu failures\n", (unsigned long long)checks,
           (unsigned long long)failures);
    return failures != 0;
}

#endif

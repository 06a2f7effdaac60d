/* wfloat: WebAssembly float semantics on raw IEEE-754 bit patterns.
 *
 * Every value goes in and out as its bits (uint32_t for f32, uint64_t for
 * f64) so the C compiler never gets a chance to touch a NaN payload. All
 * rounding is round-to-nearest-even, as WebAssembly requires. The bodies use
 * integer arithmetic only (the casts in demote/promote aside), so no libm is
 * needed and results do not depend on an FPU's mode bits.
 *
 * int->float conversions are not here: plain C casts round correctly once,
 * including u64/i64 -> f32 (never cast via double: that rounds twice).
 *
 * NaN results: unary ops (sqrt, floor, ceil, trunc, nearest, demote,
 * promote) return the input NaN with its quiet bit set; min/max return the
 * first NaN operand, quieted; sqrt of a negative number returns the
 * canonical NaN. All of these are permitted by the spec's nans{...} rule.
 */
#ifndef WFLOAT_H
#define WFLOAT_H

#include <stdint.h>
#include <stdbool.h>

#include "wisp_config.h"
#include "wfloat_asm.h"

#define WF_F32_CANON_NAN UINT32_C(0x7fc00000)
#define WF_F64_CANON_NAN UINT64_C(0x7ff8000000000000)

/* Status of the checked float->int conversions (trapping truncations). */
enum {
    WF_OK = 0,
    WF_INVALID = 1,  /* NaN: "invalid conversion to integer" */
    WF_OVERFLOW = 2  /* out of range: "integer overflow" */
};

static inline bool wf_f32_is_nan(uint32_t a)
{
    return a << 1 > UINT32_C(0xff000000); /* (the magnitude, doubled: no mask) */
}

static inline bool wf_f64_is_nan(uint64_t a)
{
    return (a & UINT64_C(0x7fffffffffffffff)) > UINT64_C(0x7ff0000000000000);
}

/* Comparisons on the bits, for cores without an FPU for the format (C's
 * compare would call libgcc): NaN is unordered; sign-magnitude turned two's
 * complement orders the rest, -0 and +0 both 0. */
static inline int32_t wf_f32_key(uint32_t a)
{
    return a >> 31 ? -(int32_t)(a & UINT32_C(0x7fffffff)) : (int32_t)a;
}
static inline int64_t wf_f64_key(uint64_t a)
{
    return a >> 63 ? -(int64_t)(a & UINT64_C(0x7fffffffffffffff)) : (int64_t)a;
}
static inline bool wf_f32_eq(uint32_t a, uint32_t b)
{
    return !wf_f32_is_nan(a) && !wf_f32_is_nan(b) && wf_f32_key(a) == wf_f32_key(b);
}
static inline bool wf_f32_lt(uint32_t a, uint32_t b)
{
    return !wf_f32_is_nan(a) && !wf_f32_is_nan(b) && wf_f32_key(a) < wf_f32_key(b);
}
static inline bool wf_f32_le(uint32_t a, uint32_t b)
{
    return !wf_f32_is_nan(a) && !wf_f32_is_nan(b) && wf_f32_key(a) <= wf_f32_key(b);
}
static inline bool wf_f64_eq(uint64_t a, uint64_t b)
{
    return !wf_f64_is_nan(a) && !wf_f64_is_nan(b) && wf_f64_key(a) == wf_f64_key(b);
}
static inline bool wf_f64_lt(uint64_t a, uint64_t b)
{
    return !wf_f64_is_nan(a) && !wf_f64_is_nan(b) && wf_f64_key(a) < wf_f64_key(b);
}
static inline bool wf_f64_le(uint64_t a, uint64_t b)
{
    return !wf_f64_is_nan(a) && !wf_f64_is_nan(b) && wf_f64_key(a) <= wf_f64_key(b);
}

/* Exported as wisp_wf_* (every symbol of the library starts with wisp_);
 * the short names inside the core. */
#define wf_f32_ceil         wisp_wf_f32_ceil
#define wf_f32_demote       wisp_wf_f32_demote
#define wf_f32_floor        wisp_wf_f32_floor
#define wf_f32_max          wisp_wf_f32_max
#define wf_f32_min          wisp_wf_f32_min
#define wf_f32_nearest      wisp_wf_f32_nearest
#define wf_f32_order        wisp_wf_f32_order
#define wf_f32_sqrt_soft    wisp_wf_f32_sqrt_soft
#define wf_f32_to_i32_s     wisp_wf_f32_to_i32_s
#define wf_f32_to_i32_s_sat wisp_wf_f32_to_i32_s_sat
#define wf_f32_to_i32_u     wisp_wf_f32_to_i32_u
#define wf_f32_to_i32_u_sat wisp_wf_f32_to_i32_u_sat
#define wf_f32_to_i64_s     wisp_wf_f32_to_i64_s
#define wf_f32_to_i64_s_sat wisp_wf_f32_to_i64_s_sat
#define wf_f32_to_i64_u     wisp_wf_f32_to_i64_u
#define wf_f32_to_i64_u_sat wisp_wf_f32_to_i64_u_sat
#define wf_f32_trunc        wisp_wf_f32_trunc
#define wf_f64_ceil         wisp_wf_f64_ceil
#define wf_f64_floor        wisp_wf_f64_floor
#define wf_f64_max          wisp_wf_f64_max
#define wf_f64_min          wisp_wf_f64_min
#define wf_f64_nearest      wisp_wf_f64_nearest
#define wf_f64_order        wisp_wf_f64_order
#define wf_u64_divmod       wisp_wf_u64_divmod
#define wf_f64_promote      wisp_wf_f64_promote
#define wf_f64_from_i32     wisp_wf_f64_from_i32
#define wf_f64_from_u32     wisp_wf_f64_from_u32
#define wf_f64_div_soft     wisp_wf_f64_div_soft
#define wf_f32_add_soft     wisp_wf_f32_add_soft
#define wf_f32_mul_soft     wisp_wf_f32_mul_soft
#define wf_f32_div_soft     wisp_wf_f32_div_soft
#define wf_f64_mul_soft     wisp_wf_f64_mul_soft
#define wf_f64_sqrt_soft    wisp_wf_f64_sqrt_soft
#define wf_f64_to_i32_s     wisp_wf_f64_to_i32_s
#define wf_f64_to_i32_s_sat wisp_wf_f64_to_i32_s_sat
#define wf_f64_to_i32_u     wisp_wf_f64_to_i32_u
#define wf_f64_to_i32_u_sat wisp_wf_f64_to_i32_u_sat
#define wf_f64_to_i64_s     wisp_wf_f64_to_i64_s
#define wf_f64_to_i64_s_sat wisp_wf_f64_to_i64_s_sat
#define wf_f64_to_i64_u     wisp_wf_f64_to_i64_u
#define wf_f64_to_i64_u_sat wisp_wf_f64_to_i64_u_sat
#define wf_f64_trunc        wisp_wf_f64_trunc

/* The same as one out-of-line function a format, for the compact
 * configuration (every compare handler a call, not the inline tests):
 * -1 a < b, 0 equal, 1 a > b, 2 unordered (a NaN). */
int wf_f32_order(uint32_t a, uint32_t b);
int wf_f64_order(uint64_t a, uint64_t b);

/* n / d, and n % d into *rem (d not 0), in a shift-and-subtract loop: the
 * compact configuration's 64-bit division on 32-bit cores, where libgcc's
 * (__udivmoddi4 and its wrappers) is some 850 bytes of Thumb-2. Up to 64
 * steps: slower, and i64 division is rare in guests. */
uint64_t wf_u64_divmod(uint64_t n, uint64_t d, uint64_t *rem);

/* The integer-only square roots, used where there is no FPU square root
 * (and tested on every host). */
uint32_t wf_f32_sqrt_soft(uint32_t a);
uint64_t wf_f64_sqrt_soft(uint64_t a);

/* Where the FPU has an IEEE square root instruction, use it, inline: it
 * rounds the same way, quiets NaN inputs and returns a canonical NaN for
 * negatives. (-fno-math-errno keeps the builtin from calling libm.) */
#if (defined(__x86_64__) && defined(__SSE2__)) || defined(__aarch64__)
#define WF_HW_SQRT 1
static inline uint32_t wf_f32_sqrt(uint32_t a)
{
    union { uint32_t u; float f; } x = {a};
    x.f = __builtin_sqrtf(x.f);
    return x.u;
}
static inline uint64_t wf_f64_sqrt(uint64_t a)
{
    union { uint64_t u; double f; } x = {a};
    x.f = __builtin_sqrt(x.f);
    return x.u;
}
#else
#define WF_HW_SQRT 0
#define wf_f32_sqrt wf_f32_sqrt_soft
#define wf_f64_sqrt wf_f64_sqrt_soft
#endif

/* f64 division on patterns, for cores without a double-precision FPU:
 * libgcc's soft-float loop takes a bit a step (some 580 Cortex-M3
 * instructions a division). This wants a 32-bit divide instruction and
 * 32x32->64 multiplies; ARMv6-M has neither, but libgcc's generic C there
 * is slower still (nbody M0 1.7% fewer instructions with this), so it
 * takes this too, but for its compact core, which keeps libgcc's alone
 * (WF_SOFT_ARITH). NaNs: the first NaN operand, quieted; inf/inf and 0/0
 * the canonical NaN. */
uint64_t wf_f64_div_soft(uint64_t a, uint64_t b);
#if defined(__arm__) && (defined(__ARM_FEATURE_IDIV) || WF_SOFT_ARITH) && \
    !(defined(__ARM_FP) && (__ARM_FP & 8))
#define WF_SOFT_DIV64 1
#else
#define WF_SOFT_DIV64 0
#endif

/* a + b, a * b, a / b on patterns, for ARMv6-M without an FPU: the common
 * case (normal in, normal out) in integer instructions, the rest through
 * C's operator (libgcc's generic C soft float, slower there). For a - b,
 * flip b's sign. Built on ARMv6-M (not in the compact configuration, which
 * keeps libgcc's alone) and on hosts, for the tests. */
uint32_t wf_f32_add_soft(uint32_t a, uint32_t b);
uint32_t wf_f32_mul_soft(uint32_t a, uint32_t b);
uint32_t wf_f32_div_soft(uint32_t a, uint32_t b);
uint64_t wf_f64_mul_soft(uint64_t a, uint64_t b);
/* Where WF_SOFT_ARITH (wfloat_asm.h), the f64 multiply's common case is
 * wfloat_thumb1.S's, which hands the rest to wf_f64_mul_soft, and so is
 * the f64 add's, which hands the rest to libgcc's. */
#if WF_SOFT_ARITH
__attribute__((pcs("aapcs"))) double wisp_wf_f64_mul_thumb1(double a, double b);
__attribute__((pcs("aapcs"))) double wisp_wf_f64_add_thumb1(double a, double b);
#endif
/* f64 add and multiply in assembly where WF_ASM_F64 (wfloat_asm.h) */
#if WF_ASM_F64
/* (as doubles, so the interpreter's values need no moving to and from bit
 * patterns; in core registers, as libgcc's, also where a single-precision
 * FPU passes doubles in its own: the base procedure call standard) */
__attribute__((pcs("aapcs"))) double wisp_wf_f64_add_thumb2(double a, double b);
__attribute__((pcs("aapcs"))) double wisp_wf_f64_mul_thumb2(double a, double b);
#endif

/* f32 division the same way also on Thumb-2 without an FPU, where the
 * divide instruction makes it quicker than libgcc's (wf_f32_div_soft) */
#if WF_SOFT_ARITH || (defined(__arm__) && defined(__ARM_FEATURE_IDIV) && !defined(__ARM_FP) && !WISP_COMPACT)
#define WF_SOFT_DIV32 1
#else
#define WF_SOFT_DIV32 0
#endif
#ifndef WF_HW_DIV32 /* (tests/unit builds wfloat with 0 on the host too) */
#if !defined(__arm__) || defined(__ARM_FEATURE_IDIV)
#define WF_HW_DIV32 1 /* a 32-bit divide instruction */
#else
#define WF_HW_DIV32 0
#endif
#endif

uint32_t wf_f32_floor(uint32_t a);
uint32_t wf_f32_ceil(uint32_t a);
uint32_t wf_f32_trunc(uint32_t a);
uint32_t wf_f32_nearest(uint32_t a);
uint64_t wf_f64_floor(uint64_t a);
uint64_t wf_f64_ceil(uint64_t a);
uint64_t wf_f64_trunc(uint64_t a);
uint64_t wf_f64_nearest(uint64_t a);

uint32_t wf_f32_min(uint32_t a, uint32_t b);
uint32_t wf_f32_max(uint32_t a, uint32_t b);
uint64_t wf_f64_min(uint64_t a, uint64_t b);
uint64_t wf_f64_max(uint64_t a, uint64_t b);

/* Checked truncation toward zero: WF_OK and *out set, or WF_INVALID /
 * WF_OVERFLOW with *out untouched. */
int wf_f32_to_i32_s(uint32_t a, int32_t *out);
int wf_f32_to_i32_u(uint32_t a, uint32_t *out);
int wf_f32_to_i64_s(uint32_t a, int64_t *out);
int wf_f32_to_i64_u(uint32_t a, uint64_t *out);
int wf_f64_to_i32_s(uint64_t a, int32_t *out);
int wf_f64_to_i32_u(uint64_t a, uint32_t *out);
int wf_f64_to_i64_s(uint64_t a, int64_t *out);
int wf_f64_to_i64_u(uint64_t a, uint64_t *out);

/* Saturating truncation (trunc_sat): NaN -> 0, out of range -> clamped. */
int32_t wf_f32_to_i32_s_sat(uint32_t a);
uint32_t wf_f32_to_i32_u_sat(uint32_t a);
int64_t wf_f32_to_i64_s_sat(uint32_t a);
uint64_t wf_f32_to_i64_u_sat(uint32_t a);
int32_t wf_f64_to_i32_s_sat(uint64_t a);
uint32_t wf_f64_to_i32_u_sat(uint64_t a);
int64_t wf_f64_to_i64_s_sat(uint64_t a);
uint64_t wf_f64_to_i64_u_sat(uint64_t a);

/* f64.convert_i32_s / _u without C's cast (for ARMv6-M: WF_SOFT_ARITH) */
uint64_t wf_f64_from_i32(int32_t v);
uint64_t wf_f64_from_u32(uint32_t v);

/* f32.demote_f64 / f64.promote_f32: a C cast, except that a NaN always
 * comes out quiet with its sign and (the top of) its payload kept. */
uint32_t wf_f32_demote(uint64_t a);
uint64_t wf_f64_promote(uint32_t a);

#endif

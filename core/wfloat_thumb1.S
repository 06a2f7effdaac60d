/* f64 multiply on ARMv6-M (Cortex-M0/M0+, the RP2040): the common case
 * (normal operands, a normal result) in assembly; anything else goes to
 * wfloat.c's wf_f64_mul_soft with the operands as they came. ARMv6-M
 * multiplies 32 bits to the low 32, so each 32x32->64 product is four
 * 16x16 ones (MUL64); gcc's code for the same C keeps spilling, this
 * keeps the operands on the stack and everything else in r0-r7.
 *
 * AAPCS soft-float: a in r1:r0, b in r3:r2 (high:low words), the result in
 * r1:r0; round to nearest, ties to even. Built where wfloat_asm.h's
 * WF_SOFT_ARITH says; tests/boards/f64arith.c checks it against libgcc's
 * bit for bit on the ARMv6-M builds. */

#include "wfloat_asm.h"

#if WF_SOFT_ARITH

    .syntax unified
    .thumb
    .text

/* x * y, 32x32->64: the low word in lo, the high one in x; y, t and u
 * clobbered */
.macro MUL64 x, y, lo, t, u
    uxth    \lo, \x
    lsrs    \x, \x, #16             @ x1 (lo: x0)
    uxth    \t, \y
    lsrs    \y, \y, #16             @ y1 (t: y0)
    movs    \u, \lo
    muls    \u, \y                  @ x0*y1
    muls    \lo, \t                 @ x0*y0
    muls    \t, \x                  @ x1*y0
    muls    \x, \y                  @ x1*y1
    adds    \u, \u, \t              @ the middle products' sum
    bcc     1f
    movs    \t, #1                  @ its carry, at bit 48
    lsls    \t, \t, #16
    adds    \x, \x, \t
1:  lsls    \t, \u, #16
    lsrs    \u, \u, #16
    adds    \lo, \lo, \t
    adcs    \x, \u
.endm

/* Frame: the significands' high words at sp+0 (a) and sp+4 (b), a word
 * that keeps sp 8-byte aligned for the call below, the operands as they
 * came at sp+12 (a low, a high, b low, b high), then r4-r7 and lr.
 * Everything else, with the operands as they came, goes to the C (placed
 * before the entry: a conditional branch reaches 256 bytes) */
    .global wisp_wf_f64_mul_thumb1
    .type   wisp_wf_f64_mul_thumb1, %function
    .align  2
    .thumb_func
.Lslow:
    ldr     r0, [sp, #12]
    ldr     r1, [sp, #16]
    ldr     r2, [sp, #20]
    ldr     r3, [sp, #24]
    bl      wisp_wf_f64_mul_soft
    add     sp, #28
    pop     {r4-r7, pc}
    .thumb_func
wisp_wf_f64_mul_thumb1:
    push    {r0-r7, lr}
    sub     sp, #12
    lsls    r4, r1, #1
    lsrs    r4, r4, #21             @ a's exponent field
    lsls    r5, r3, #1
    lsrs    r5, r5, #21
    ldr     r7, =0x7fe
    subs    r6, r4, #1
    cmp     r6, r7
    bhs     .Lslow                  @ zero, subnormal, inf or NaN
    subs    r6, r5, #1
    cmp     r6, r7
    bhs     .Lslow
    adds    r4, r4, r5
    mov     r12, r4                 @ the exponent fields' sum
    movs    r7, #1
    lsls    r7, r7, #20
    lsls    r1, r1, #12
    lsrs    r1, r1, #12
    orrs    r1, r7                  @ a's significand: r1:r0
    lsls    r3, r3, #12
    lsrs    r3, r3, #12
    orrs    r3, r7                  @ b's: r3:r2
    str     r1, [sp, #0]
    str     r3, [sp, #4]
    /* the 106-bit product in words w3:w2:w1:w0 */
    MUL64   r0, r2, r4, r5, r6      @ al*bl: w1:w0 = r0:r4
    ldr     r2, [sp, #20]
    MUL64   r1, r2, r5, r6, r7      @ ah*bl: r1:r5
    movs    r7, #0
    adds    r0, r0, r5
    adcs    r1, r7                  @ w2:w1 = r1:r0 (w2 < 2^22: no carry out)
    ldr     r2, [sp, #12]
    ldr     r3, [sp, #4]
    MUL64   r2, r3, r5, r6, r7      @ al*bh: r2:r5
    adds    r0, r0, r5
    adcs    r1, r2                  @ (w2 < 2^23 now)
    ldr     r2, [sp, #0]
    ldr     r3, [sp, #4]
    MUL64   r2, r3, r5, r6, r7      @ ah*bh: r2:r5, below 2^42
    adds    r1, r1, r5
    movs    r7, #0
    adcs    r2, r7                  @ w3 = r2
    /* the product is in [2^104, 2^106): 53 bits from its top one as
     * r3:r5 (high:low), the 32 bits below them as r6 */
    mov     r7, r12
    lsrs    r3, r2, #9
    bne     .Ltop105
    lsls    r3, r2, #12             @ top bit 104: bits 52 and up
    lsrs    r5, r1, #20
    orrs    r3, r5
    lsls    r5, r1, #12
    lsrs    r6, r0, #20
    orrs    r5, r6
    lsls    r6, r0, #12
    subs    r7, r7, #1
    b       .Lsticky
.Ltop105:
    lsls    r3, r2, #11             @ bits 53 and up
    lsrs    r5, r1, #21
    orrs    r3, r5
    lsls    r5, r1, #11
    lsrs    r6, r0, #21
    orrs    r5, r6
    lsls    r6, r0, #11
.Lsticky:
    negs    r0, r4                  @ w0 != 0 as bit 0 of r6 (bit 0 was 0)
    orrs    r0, r4
    lsrs    r0, r0, #31
    orrs    r6, r0
    /* exponent field - 1 = r7 - 1023, in [0, 2045] for a normal result */
    ldr     r0, =1023
    subs    r7, r7, r0
    ldr     r0, =0x7fd
    cmp     r7, r0
    bls     1f
    b       .Lslow                  @ overflow or a subnormal result
1:
    lsls    r7, r7, #20
    adds    r3, r3, r7              @ the implicit bit adds the last one
    movs    r0, #1                  @ to nearest: up if below > half, or
    ands    r0, r5                  @ = half and the low bit is 1
    orrs    r6, r0
    ldr     r0, =0x80000001
    movs    r7, #0
    subs    r6, r6, r0              @ carry: round up
    adcs    r5, r7
    adcs    r3, r7                  @ (a carry runs into the exponent)
    ldr     r1, [sp, #16]
    ldr     r2, [sp, #24]
    eors    r1, r2
    lsrs    r1, r1, #31
    lsls    r1, r1, #31
    orrs    r1, r3
    movs    r0, r5
    add     sp, #28
    pop     {r4-r7, pc}
    .ltorg
    .size   wisp_wf_f64_mul_thumb1, . - wisp_wf_f64_mul_thumb1

#endif

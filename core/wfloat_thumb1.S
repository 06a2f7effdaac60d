/* f64 multiply and add on ARMv6-M (Cortex-M0/M0+, the RP2040). Multiply:
 * the common case (normal operands, a normal result) in assembly; anything
 * else goes to wfloat.c's wf_f64_mul_soft with the operands as they came.
 * Add: below, after the multiply. ARMv6-M
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

/* a's exponent field in r4, b's in r5; to `special` if either is 0 (a
 * zero or subnormal) or 0x7ff (inf or NaN); r6 and r7 clobbered */
.macro EXPONENTS special
    lsls    r4, r1, #1
    lsrs    r4, r4, #21
    lsls    r5, r3, #1
    lsrs    r5, r5, #21
    ldr     r7, =0x7fe
    subs    r6, r4, #1
    cmp     r6, r7
    bhs     \special
    subs    r6, r5, #1
    cmp     r6, r7
    bhs     \special
.endm

/* return func(the operands as they came, at sp+at), popping a frame of
 * `frame` bytes below r4-r7 and lr */
.macro CALL_AS_CAME at, func, frame
    ldr     r0, [sp, #\at]
    ldr     r1, [sp, #\at + 4]
    ldr     r2, [sp, #\at + 8]
    ldr     r3, [sp, #\at + 12]
    bl      \func
    add     sp, #\frame
    pop     {r4-r7, pc}
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
    CALL_AS_CAME 12, wisp_wf_f64_mul_soft, 28
    .thumb_func
wisp_wf_f64_mul_thumb1:
    push    {r0-r7, lr}
    sub     sp, #12
    EXPONENTS .Lslow
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

/* f64 add: the common case (normal operands whose exponents are under 32
 * apart, a normal result) and zero operands here; anything else to
 * libgcc's __aeabi_dadd with the operands as they came. The significands
 * as two words (the implicit bit at bit 20 of the high one) and a third
 * below for what y loses when aligned; the sign and exponent of x (the
 * operand with the larger exponent), minus one, in r12, so that adding it
 * at bit 20 packs the result and a rounding carry runs into the exponent
 * (up to infinity, which is right). Frame as the multiply's: a pad word,
 * the operands as they came at sp+4 (a low, a high, b low, b high), then
 * r4-r7 and lr. */

/* y >> d, d = r5 in [0, 31]: yh:yl, the bits shifted out in r4 (0 when d
 * is 0: a shift by 32); r6, r7 clobbered */
.macro SHIFT_Y yl, yh
    movs    r6, #32
    subs    r6, r6, r5
    movs    r4, \yl
    lsls    r4, r6
    movs    r7, \yh
    lsls    r7, r6
    lsrs    \yl, r5
    orrs    \yl, r7
    lsrs    \yh, r5
.endm

/* x + y or x - y, exp(x) - exp(y) = r5 >= 0, to libgcc's if 32 or more;
 * the result to r1:r0 */
.macro ADD_ORDERED xl, xh, yl, yh
    cmp     r5, #32
    bhs     .Lslow\@
    lsrs    r4, \xh, #20
    subs    r4, r4, #1
    mov     r12, r4                 @ x's sign and exponent, minus one
    movs    r7, \xh
    eors    r7, \yh                 @ bit 31: a subtraction
    movs    r6, #1
    lsls    r6, r6, #20
    lsls    \xh, \xh, #12
    lsrs    \xh, \xh, #12
    orrs    \xh, r6                 @ x's significand
    lsls    \yh, \yh, #12
    lsrs    \yh, \yh, #12
    orrs    \yh, r6                 @ y's
    cmp     r7, #0
    bmi     .Lsub\@
    SHIFT_Y \yl, \yh
    adds    \xl, \xl, \yl
    adcs    \xh, \yh
    lsrs    r6, \xh, #21
    bne     .Lcarry\@
.Lround\@:                          @ to nearest: up if below > half, or
    ldr     r6, =0x80000000         @ = half and the low bit is 1
    cmp     r4, r6
    bne     1f
    lsrs    r4, \xl, #1             @ a tie: carry = the low bit
1:  movs    r6, #0                  @ (movs keeps the carry)
    adcs    \xl, r6
    adcs    \xh, r6
    mov     r6, r12
    lsls    r6, r6, #20
    adds    r1, \xh, r6
    .ifnc \xl, r0
    movs    r0, \xl
    .endif
    add     sp, #20
    pop     {r4-r7, pc}
.Lcarry\@:                          @ 2 <= sum < 4: one bit right (the
    lsrs    r4, r4, #1              @ below word's bit 0 is 0: y's low
    lsls    r6, \xl, #31            @ word << 32 - d, d <= 31)
    orrs    r4, r6
    lsrs    \xl, \xl, #1
    lsls    r6, \xh, #31
    orrs    \xl, r6
    lsrs    \xh, \xh, #1
    mov     r6, r12
    adds    r6, r6, #1
    mov     r12, r6
    lsls    r6, r6, #21
    ldr     r7, =0x400000
    cmn     r6, r7                  @ carry: the exponent field is now 0x7ff
    bcc     .Lround\@
.Lslow\@:                           @ overflow, and the rest above
    b       .Ladd_slow
.Lsub\@:
    SHIFT_Y \yl, \yh
    negs    r4, r4                  @ 0 - below (carry: no borrow)
    sbcs    \xl, \yl
    sbcs    \xh, \yh
    bmi     .Lneg\@                 @ (only when d is 0, below 0)
.Lsubbed\@:
    lsrs    r6, \xh, #20
    bne     .Lround\@
    /* leading bits cancelled: one bit left at a time, the exponent kept
     * normal; more than 20 bits (xh 0), or a subnormal result, to libgcc
     * (x - x, +0, too) */
    cmp     \xh, #0
    beq     .Lslow\@
    movs    r5, #0
2:  lsls    r4, r4, #1
    adcs    \xl, \xl
    adcs    \xh, \xh
    adds    r5, r5, #1
    lsrs    r6, \xh, #20
    beq     2b
    mov     r6, r12
    lsls    r7, r6, #21
    lsrs    r7, r7, #21             @ exponent field - 1
    cmp     r7, r5
    blo     .Lslow\@                @ (the field would be 0 or less)
    subs    r6, r6, r5
    mov     r12, r6
    b       .Lround\@
.Lneg\@:                            @ |y| > |x|, the same exponent
    movs    r6, #0
    negs    \xl, \xl
    sbcs    r6, \xh
    movs    \xh, r6
    movs    r6, #1
    lsls    r6, r6, #11
    mov     r7, r12
    eors    r7, r6                  @ the result takes y's sign
    mov     r12, r7
    b       .Lsubbed\@
.endm

    .global wisp_wf_f64_add_thumb1
    .type   wisp_wf_f64_add_thumb1, %function
    .align  2
    .thumb_func
.Ladd_slow:
    CALL_AS_CAME 4, __aeabi_dadd, 20
.Ladd_special:                      @ an exponent field is 0 or 0x7ff
    ldr     r7, =0x7ff
    cmp     r4, r7
    beq     .Ladd_slow              @ inf or NaN
    cmp     r5, r7
    beq     .Ladd_slow
    lsls    r6, r3, #1
    orrs    r6, r2
    beq     .Lb_zero
    lsls    r6, r1, #1
    orrs    r6, r0
    bne     .Ladd_slow              @ a subnormal
    movs    r0, r2                  @ 0 + b is b
    movs    r1, r3
    add     sp, #20
    pop     {r4-r7, pc}
.Lb_zero:                           @ a + 0 is a; 0 + 0 is -0 if both are
    lsls    r6, r1, #1
    orrs    r6, r0
    bne     1f
    ands    r1, r3
1:  add     sp, #20
    pop     {r4-r7, pc}
    .thumb_func
wisp_wf_f64_add_thumb1:
    push    {r0-r7, lr}
    sub     sp, #4
    EXPONENTS .Ladd_special
    subs    r5, r4, r5
    bmi     .Lb_larger
    ADD_ORDERED r0, r1, r2, r3
.Lb_larger:
    negs    r5, r5
    ADD_ORDERED r2, r3, r0, r1
    .ltorg
    .size   wisp_wf_f64_add_thumb1, . - wisp_wf_f64_add_thumb1

#endif

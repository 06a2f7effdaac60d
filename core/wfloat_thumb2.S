/* f64 add and multiply on Thumb-2 cores without a double-precision FPU
 * (Cortex-M3, M4F, M33): the common case (normal operands, a normal
 * result, operands' exponents under 32 apart for the add) and zero
 * operands in fewer instructions than libgcc's ieee754-df.S, which handles
 * every case on one path; anything else (infinities, NaNs, subnormals,
 * overflow, deep cancellation) tail-calls libgcc's with the operands
 * untouched.
 *
 * AAPCS soft-float: a in r1:r0, b in r3:r2 (high:low words), the result in
 * r1:r0. Round to nearest, ties to even, as WebAssembly requires. Built
 * where wfloat_asm.h's WF_ASM_F64 says; tests/boards/f64arith.c checks them
 * against libgcc's on every pair of edge values and on a million random
 * ones shaped to reach every path.
 *
 * Both keep the significand as two words with the implicit bit at bit 20
 * of the high one, plus a third word below for rounding. The sign and
 * exponent of the result, minus one, go in r4 (sign at bit 11), so the
 * final `adc r1, hi, r4, lsl #20` packs them and lets the rounding carry
 * run into the exponent (up to infinity, which is right). */

#include "wfloat_asm.h"

#if WF_ASM_F64

    .syntax unified
    .thumb
    .text

/* Round hi:lo by the word below (a sticky bit folded into its low bits)
 * to nearest even, pack with r4 and return. */
.macro ROUND_AND_RETURN hi, lo, below
    cmp     \below, #0x80000000
    it      eq
    lsrseq  \below, \lo, #1         @ a tie: carry = the low bit (to even)
    adcs    r0, \lo, #0
    adc     r1, \hi, r4, lsl #20
    pop     {r4-r8, pc}
.endm

/* a's exponent field in r4, b's in r5; to `slow` if either is 0 (a zero
 * or subnormal) or 0x7ff (inf or NaN) */
.macro EXPONENTS slow
    movw    r12, #0x7ff
    ands    r4, r12, r1, lsr #20
    ittte   ne
    andsne  r5, r12, r3, lsr #20
    teqne   r4, r12
    teqne   r5, r12
    beq     \slow
.endm

/* after EXPONENTS sent it to its special case: to `slow` if a or b is inf
 * or NaN (r12 is still 0x7ff) */
.macro INF_OR_NAN slow
    cmp     r4, r12
    beq     \slow
    ands    r5, r12, r3, lsr #20
    cmp     r5, r12
    beq     \slow
.endm

/* x + y with exp(x) - exp(y) = r5 in [0, 31]; x and y are the operands
 * (r1:r0 and r3:r2, either way round), left as they are. */
.macro ADD_ORDERED xl, xh, yl, yh
    lsr     r4, \xh, #20
    sub     r4, r4, #1              @ x's sign and exponent, minus one
    ubfx    r6, \xh, #0, #20
    orr     r6, r6, #0x100000       @ x's significand: r6:xl
    ubfx    r8, \yh, #0, #20
    orr     r8, r8, #0x100000
    rsb     lr, r5, #32
    lsl     r12, \yl, lr            @ y's bits shifted out (0 when r5 is 0)
    lsl     r7, r8, lr
    lsr     r8, r8, r5
    lsr     r5, \yl, r5
    orr     r7, r7, r5              @ y >> r5: r8:r7
    teq     \xh, \yh
    bmi     .Lsub\@
    adds    r7, \xl, r7
    adc     r6, r6, r8
    cmp     r6, #0x200000
    bhs     .Lcarry\@
.Lround\@:
    ROUND_AND_RETURN r6, r7, r12
.Lcarry\@:                          @ 2 <= sum < 4: one bit right
    lsrs    r6, r6, #1
    rrxs    r7, r7
    rrx     r12, r12                @ (bit 0 was clear: y's low word << 32 - r5)
    add     r4, r4, #1
    lsl     lr, r4, #21
    cmn     lr, #0x400000           @ carry: the exponent is now 0x7ff
    bcc     .Lround\@
    b       .Ladd_slow              @ overflow
.Lsub\@:
    rsbs    r12, r12, #0
    sbcs    r7, \xl, r7
    sbcs    r6, r6, r8
    bmi     .Lneg\@                 @ (only when r5 is 0)
.Lsubbed\@:
    cmp     r6, #0x100000
    bhs     .Lround\@
    /* leading bits cancelled: shift left by n = clz - 11, keeping the
     * exponent normal; more than 21 bits, or a subnormal, to libgcc */
    cmp     r6, #0
    beq     .Ladd_slow
    clz     lr, r6
    sub     lr, lr, #11
    ubfx    r5, r4, #0, #11
    cmp     r5, lr
    blo     .Ladd_slow
    sub     r4, r4, lr
    rsb     r5, lr, #32
    lsl     r6, r6, lr
    lsr     r8, r7, r5
    orr     r6, r6, r8
    lsl     r7, r7, lr
    lsr     r8, r12, r5
    orr     r7, r7, r8
    lsl     r12, r12, lr
    b       .Lround\@
.Lneg\@:                            @ |y| > |x|, same exponent: r12 is 0
    rsbs    r7, r7, #0
    mov     r8, #0
    sbc     r6, r8, r6
    eor     r4, r4, #0x800          @ the result takes y's sign
    b       .Lsubbed\@
.endm

/* double wisp_wf_f64_add_thumb2(double a, double b): a + b (for a - b, pass
 * -b). */
    .global wisp_wf_f64_add_thumb2
    .type   wisp_wf_f64_add_thumb2, %function
    .thumb_func
    .align  2
wisp_wf_f64_add_thumb2:
    push    {r4-r8, lr}
    EXPONENTS .Ladd_special
    subs    r5, r4, r5
    bmi     .Lb_larger
    cmp     r5, #32
    bhs     .Ladd_slow
    ADD_ORDERED r0, r1, r2, r3
.Lb_larger:
    neg     r5, r5
    cmp     r5, #32
    bhs     .Ladd_slow
    ADD_ORDERED r2, r3, r0, r1
.Ladd_special:                      @ an exponent field is 0 or 0x7ff
    INF_OR_NAN .Ladd_slow
    orrs    r6, r2, r3, lsl #1
    beq     .Lb_zero
    orrs    r6, r0, r1, lsl #1
    bne     .Ladd_slow              @ a subnormal
    mov     r0, r2                  @ 0 + b is b
    mov     r1, r3
    pop     {r4-r8, pc}
.Lb_zero:                           @ a + 0 is a; 0 + 0 is -0 if both are
    orrs    r6, r0, r1, lsl #1
    it      eq
    andeq   r1, r1, r3
    pop     {r4-r8, pc}
.Ladd_slow:
    pop     {r4-r8, lr}
    b.w     __aeabi_dadd
    .size   wisp_wf_f64_add_thumb2, . - wisp_wf_f64_add_thumb2

/* double wisp_wf_f64_mul_thumb2(double a, double b): a * b. */
    .global wisp_wf_f64_mul_thumb2
    .type   wisp_wf_f64_mul_thumb2, %function
    .thumb_func
    .align  2
wisp_wf_f64_mul_thumb2:
    push    {r4-r8, lr}
    EXPONENTS .Lmul_special
    add     r4, r4, r5
    /* x = a's significand << 11 (r6:r5, top bit set) times y = b's (r8:r2)
     * is in [2^115, 2^117): bit 20 or 19 of its top word */
    lsl     r6, r1, #11
    orr     r6, r6, r0, lsr #21
    orr     r6, r6, #0x80000000
    lsl     r5, r0, #11
    ubfx    r8, r3, #0, #20
    orr     r8, r8, #0x100000
    umull   r12, lr, r5, r2         @ xl*yl
    mov     r7, #0
    umlal   lr, r7, r5, r8          @ + xl*yh << 32
    mov     r5, #0
    umlal   lr, r5, r6, r2          @ + xh*yl << 32: lr is the second word
    cmp     r12, #0
    it      ne
    orrne   lr, lr, #1              @ the lowest word, as a sticky bit
    mov     r12, #0
    umlal   r7, r12, r6, r8         @ + xh*yh << 64
    adds    r7, r7, r5
    adc     r12, r12, #0            @ the top words: r12:r7
    tst     r12, #0x100000
    bne     .Lmul_norm
    adds    lr, lr, lr              @ below 2: one bit left
    adcs    r7, r7, r7
    adc     r12, r12, r12
    sub     r4, r4, #1
.Lmul_norm:
    subw    r4, r4, #1023           @ the exponent field, minus one
    movw    r5, #0x7fd
    cmp     r4, r5
    bhi     .Lmul_slow              @ overflow or a subnormal result
    eor     r5, r1, r3
    lsr     r5, r5, #31
    orr     r4, r4, r5, lsl #11     @ the sign
    ROUND_AND_RETURN r12, r7, lr
.Lmul_special:                      @ an exponent field is 0 or 0x7ff
    INF_OR_NAN .Lmul_slow
    orrs    r6, r0, r1, lsl #1
    it      ne
    orrsne  r6, r2, r3, lsl #1
    bne     .Lmul_slow              @ no zero: a subnormal
    eor     r1, r1, r3              @ a zero times a finite number: a zero
    and     r1, r1, #0x80000000
    mov     r0, #0
    pop     {r4-r8, pc}
.Lmul_slow:
    pop     {r4-r8, lr}
    b.w     __aeabi_dmul
    .size   wisp_wf_f64_mul_thumb2, . - wisp_wf_f64_mul_thumb2

#endif

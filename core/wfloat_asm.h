/* Which float routines come from assembly. Read by C (wfloat.h) and by
 * the assembler (wfloat_thumb2.S and wfloat_thumb1.S, each assembling to
 * nothing where its switch is 0), so preprocessor lines only. */
#ifndef WFLOAT_ASM_H
#define WFLOAT_ASM_H

#include "wisp_config.h"

/* f64 add and multiply on Thumb-2 without a double-precision FPU
 * (Cortex-M3, M4F, M33): the common case in wfloat_thumb2.S, tested against
 * libgcc's by tests/boards/f64arith.c, the rest handed to libgcc's. Not in
 * the compact configuration (its 732 bytes). */
#if defined(__arm__) && defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB == 2 && \
    !(defined(__ARM_FP) && (__ARM_FP & 8)) && !WISP_COMPACT
#define WF_ASM_F64 1
#else
#define WF_ASM_F64 0
#endif

/* ARMv6-M without an FPU, not compact: wfloat's f32 add, multiply and
 * divide and f64 multiply and divide (wfloat.h), the multiply's common case
 * in wfloat_thumb1.S (348 bytes), with the f64 add's (504 bytes; the rest
 * to libgcc's), tested the same way */
#if defined(__arm__) && defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB == 1 && \
    !defined(__ARM_FP) && !WISP_COMPACT
#define WF_SOFT_ARITH 1
#else
#define WF_SOFT_ARITH 0
#endif

#endif

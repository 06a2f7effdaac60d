/* Every compile-time option of the core, with its default. Set one with
 * -DNAME=VALUE (meson sets the first three from its options); nothing else
 * in the core defines or tests an option of its own, and the core is
 * compiled with -Wundef -Werror=undef, so a misspelt or missing option is
 * an error, not a silent 0.
 *
 *   WISP_FUEL          1  fuel budget compiled in (meson -Dfuel)
 *   WISP_SIMD          1  v128 and the 0xfd instructions (meson -Dsimd);
 *                         0 rejects SIMD modules as unsupported
 *   WISP_TRAP_INFO     1  backtraces: a frame's tail-call mark is kept
 *                         (meson -Dtrap_info; 0 only to measure its cost)
 *   WISP_COMPACT       -Os: 1, else 0  the speed-only internal forms left
 *                         out (opcodes.h WISP_COMPACT_OMIT): smaller code;
 *                         on soft-float Arm also float compares through
 *                         one call a format, i64 division in a loop and
 *                         f32 division through the f64 one (interp.c)
 *   WISP_ACC           !WISP_COMPACT  accumulator forms (needs WISP_COMPACT 0)
 *   WISP_DIRECT        GNU C, not WISP_NO_THREADED: 1  direct threading: a
 *                         code word is its handler's address (or offset),
 *                         not an opcode
 *   WISP_PAIRS         64-bit hosts with WISP_DIRECT and WISP_ACC: 1  pairs
 *                         (opcodes.h WISP_PAIR_LIST): an instruction followed
 *                         by its pair's second jumps straight into it, not
 *                         through a dispatch the branch predictor can miss;
 *                         on a Cortex-M an `ldr pc` costs what the jump would
 *                         and saves the add of ip, so 0 there
 *   WISP_GUESS         x86-64, AArch64 with WISP_DIRECT, !WISP_COMPACT: 1  the
 *                         next ip after a br_table or a call to a function
 *                         of the module comes out of a guess, a branch the
 *                         core predicts, and the loads that decide it only
 *                         check it: a br_table jumps to one of 64 stubs by
 *                         its index, and each stub steps to its own target
 *                         word; a call keeps its callee's code address in a
 *                         word of its own. An out-of-order core runs on
 *                         while those loads come in; on a Cortex-M the
 *                         extra instructions would be all it saw, so 0
 *   (WISP_ADDR32_HANDLERS, derived, not an option: a handler's address
 *                         fits a code word: 32-bit targets, x86-64 without
 *                         PIC; else code words are offsets from the first)
 *   WISP_NARROW        32-bit targets: 1  i32/f32 results store only the low
 *                         half of their slot
 *   WISP_MOVE32        WISP_NARROW && !WISP_COMPACT  the COPY instructions
 *                         move the low half of a slot (one load and store
 *                         where a 64-bit move on a Cortex-M takes three more
 *                         instructions); i64/f64 moves are COPY64
 *   WISP_SLOT_BYTES    ARMv6-M: 1, else 0  a slot operand word of the
 *                         internal code is the slot's byte offset, not its
 *                         index (the Cortex-M0 has no scaled register offset:
 *                         a shift an operand saved)
 *   WISP_STACK_SKEW    64-bit hosts: 2048, else 0  the call frames start this
 *                         many bytes (mod 4096) after the value slots: an
 *                         out-of-order core makes a load wait for an earlier
 *                         store whose address agrees in its low 12 bits
 *                         (4K aliasing), and with the slots a multiple of
 *                         4 KiB (the defaults) the first frames' records
 *                         fell on the first slots (list: 3.5%); costs at
 *                         most 4 KiB of padding an instance
 *   WISP_DEFAULT_STACK_SLOTS  16384  value slots when wisp_config says 0
 *   WISP_DEFAULT_CALL_DEPTH   1024   frames when wisp_config says 0
 *
 * Switches that only need to be defined (-DNAME):
 *   WISP_NO_THREADED   dispatch by a switch, not computed gotos
 *   WISP_NO_REG_HINT   no register variables in the interpreter (needed by
 *                      a profiling hook at dispatch, tests/bench/README.md) */
#ifndef WISP_CONFIG_H
#define WISP_CONFIG_H

#ifndef __ASSEMBLER__ /* (core/wfloat_asm.h reads this from assembly too) */
#include <stdint.h>
#endif

#ifndef WISP_FUEL
#define WISP_FUEL 1
#endif

#ifndef WISP_SIMD
#define WISP_SIMD 1
#endif

#ifndef WISP_TRAP_INFO
#define WISP_TRAP_INFO 1
#endif

#ifndef WISP_COMPACT
#ifdef __OPTIMIZE_SIZE__
#define WISP_COMPACT 1
#else
#define WISP_COMPACT 0
#endif
#endif

#ifndef WISP_ACC
#define WISP_ACC (!WISP_COMPACT)
#endif
#if WISP_ACC && WISP_COMPACT
#error "the accumulator forms (WISP_ACC) need the speed forms: WISP_COMPACT=0"
#endif

#ifndef WISP_DIRECT
#if defined(__GNUC__) && !defined(WISP_NO_THREADED)
#define WISP_DIRECT 1
#else
#define WISP_DIRECT 0
#endif
#endif

#if WISP_DIRECT && defined(WISP_NO_THREADED)
#error "direct threading (WISP_DIRECT) needs computed gotos: not with WISP_NO_THREADED"
#endif

/* Not an option: whether a handler's address fits a 32-bit code word (a
 * 32-bit target, or x86-64 code built without PIC in the small code model,
 * which the linker keeps below 2 GiB); else code words are offsets. */
#if defined(UINTPTR_MAX) && UINTPTR_MAX == UINT32_MAX
#define WISP_ADDR32_HANDLERS 1
#elif defined(__x86_64__) && defined(__code_model_small__) && !defined(__PIC__)
#define WISP_ADDR32_HANDLERS 1
#else
#define WISP_ADDR32_HANDLERS 0
#endif

#ifndef WISP_PAIRS
#if WISP_DIRECT && WISP_ACC && defined(UINTPTR_MAX) && UINTPTR_MAX > UINT32_MAX
#define WISP_PAIRS 1
#else
#define WISP_PAIRS 0
#endif
#endif

#ifndef WISP_GUESS
#if WISP_DIRECT && !WISP_COMPACT && (defined(__x86_64__) || defined(__aarch64__))
#define WISP_GUESS 1
#else
#define WISP_GUESS 0
#endif
#endif

#ifndef WISP_NARROW
#define WISP_NARROW (UINTPTR_MAX == UINT32_MAX)
#endif

#ifndef WISP_MOVE32
#define WISP_MOVE32 (WISP_NARROW && !WISP_COMPACT)
#endif

#ifndef WISP_SLOT_BYTES
#if defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB == 1
#define WISP_SLOT_BYTES 1
#else
#define WISP_SLOT_BYTES 0
#endif
#endif

#ifndef WISP_STACK_SKEW
#define WISP_STACK_SKEW (UINTPTR_MAX > UINT32_MAX ? 2048u : 0u)
#endif

#ifndef WISP_DEFAULT_STACK_SLOTS
#define WISP_DEFAULT_STACK_SLOTS (16u * 1024u)
#endif
#ifndef WISP_DEFAULT_CALL_DEPTH
#define WISP_DEFAULT_CALL_DEPTH 1024u
#endif

#endif

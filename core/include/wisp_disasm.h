/* wisp_disasm.h: a disassembler for wisp's internal code (what the
 * translator made of a function body), for tools and tests: `wisp run
 * --dump-code`, tests/translate, tests/bench/opcount.
 *
 * A separate object (core/disasm.c): firmware that never calls it does not
 * link it. Freestanding like the rest of the core. */
#ifndef WISP_DISASM_H
#define WISP_DISASM_H

#include "wisp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called once per instruction with one line of text (NUL-terminated, no
 * newline), e.g. "    12: I32_ADD_IMM s5 s3 #1"; a BR_TABLE with many
 * targets continues on more lines. Operands: sN a frame slot, #N an
 * immediate (signed decimal; #0x.. hex for masks and float bits, the float
 * value after it), end=N a memory access's offset + access size (its
 * absolute end for the _ABS forms), fN a function index, -> N a branch
 * target as an absolute word offset in the function's code. */
typedef void (*wisp_disasm_line_fn)(void *ctx, const char *line);

typedef struct wisp_disasm_stats {
    uint32_t instructions, words;
    uint32_t zero_from, zero_to; /* the slots a call zeroes, [from, to) */
} wisp_disasm_stats;

/* Disassemble defined function `func_index` (in the function index space,
 * imports first) of a loaded module: exactly its code's words. An import
 * or an index out of range is WISP_ERR_ARG; an unknown opcode word or an
 * instruction running past the end is reported as a line and gives
 * WISP_ERR_INVALID. `stats` (may be NULL) receives the counts. A function
 * of a module with a code cache whose code is not in it now gives
 * WISP_ERR_NOT_FOUND. */
wisp_err wisp_func_disasm(const wisp_module *m, uint32_t func_index, wisp_disasm_line_fn line,
                          void *ctx, wisp_disasm_stats *stats);

/* Internal opcodes (scalar, then SIMD): how many, and each one's name
 * ("I32_ADD_IMM"), or NULL past the end. */
uint32_t wisp_disasm_op_count(void);
const char *wisp_disasm_op_name(uint32_t op);

/* The opcode a code's first word stands for (the handler lookup reversed
 * under direct threading), or UINT32_MAX for none. Directly threaded SIMD
 * ops share one handler: their opcode is the word after it, so this gives
 * the first SIMD opcode for them. */
uint32_t wisp_disasm_word_op(uint32_t word);
/* The opcode of the instruction at ip, SIMD ones included. */
uint32_t wisp_disasm_insn_op(const uint32_t *ip);

#ifdef __cplusplus
}
#endif

#endif

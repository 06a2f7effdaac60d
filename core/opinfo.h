/* What each internal instruction is, in one place (in the spirit of Lua's
 * luaP_opmodes): its length in words, whether it is pure, whether it sets
 * the accumulator, whether it is a call. Generated from the lists in
 * opcodes.h, so a rule about instructions is written once, here, and the
 * translator, the trap-time lookup and the disassembler ask it; nowhere
 * else spells out an instruction's length or a hand-kept list of ops.
 *
 * Static tables in a header: an index known at compile time folds to a
 * constant; a table reaches the binary only where it is indexed by a
 * variable. */
#ifndef WISP_OPINFO_H
#define WISP_OPINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "opcodes.h"
#include "simd.h" /* WISP_SIMD_INTERNAL */

/* Operand words of every instruction (the opcode word not counted), named
 * WISP_ARGS_<NAME>, from the encodings the lists in opcodes.h describe. */
enum wisp_op_args {
#define X(name, op, arity, in, out) WISP_ARGS_##name = (arity) + 1, /* d s | d a b */
    WISP_NUMERIC(X)
#undef X
#define X(name, ...) WISP_ARGS_##name = 3, /* d addr offset | addr value offset */
    WISP_MEMOPS(X)
#undef X
#define X(name, kinds, ...) WISP_ARGS_##name = sizeof kinds - 1, /* a letter a word */
    WISP_INTERNAL(X)
#undef X
#define X(name, words, ...) WISP_ARGS_##name = (words),
    WISP_FIMMREV(X)
#undef X
#define X(name, ...) WISP_ARGS_##name = 3, /* d a imm | a b target */
    WISP_IMMOPS32(X)
    WISP_BRCMP(X)
#undef X
#define X(name, ...) WISP_ARGS_##name = 4, /* d a imm-low imm-high */
    WISP_IMMOPS64(X)
#undef X
#define X(name, base, left, words) WISP_ARGS_##name = (words),
    WISP_FIMMOPS(X)
#undef X
#define X(name, ...) WISP_ARGS_##name = 5, /* d a imm|b offset home | a value imm|b offset home */
    WISP_MEMADD(X)
    WISP_MEMIDX(X)
#undef X
#define X(name, ...) WISP_ARGS_##name = 6, /* d x k imm offset home */
    WISP_MEMSHL(X)
#undef X
#define X(name, ...) WISP_ARGS_##name = 2, /* d end | value end */
    WISP_MEMABS(X)
#undef X
#define X(name, ...) WISP_ARGS_##name = 4, /* d a b k | d a b c */
    WISP_SHIFTOPS(X)
    WISP_FMULOPS(X)
#undef X
    /* an accumulator form has its plain op's operands, word for word */
#define X(name, base, ...) WISP_ARGS_##name = WISP_ARGS_##base,
    WISP_ACCOPS(X)
    WISP_ACCOPS_B(X)
#undef X
    /* a pair is its first instruction, word for word */
#define X(name, first, second) WISP_ARGS_##name = WISP_ARGS_##first,
    WISP_PAIR_LIST(X)
#undef X
};

/* The same for the internal v128 instructions (simd.h). */
enum wisp_simd_op_args {
#define X(name, words) WISP_ARGS_##name = (words),
    WISP_SIMD_INTERNAL(X)
#undef X
};

/* Operand words by opcode. A br_table has n + 1 target words more (n is
 * its last operand): wisp_op_len reads them from the code. */
static const uint8_t wisp_op_args[OP__COUNT] = {
#define X(name, ...) [OP_##name] = WISP_ARGS_##name,
    WISP_SCALAR_OPS(X)
#undef X
};

/* BR_TABLE and its forms taking in the index's add, and or load: n + 1
 * target words follow their operands, the last of which is n. */
static inline bool wisp_op_is_table(uint32_t op)
{
    return op == OP_BR_TABLE || op == OP_BR_TABLE_ADD_IMM || op == OP_BR_TABLE_AND_IMM ||
           op == OP_BR_TABLE_LOAD8_U_ADD;
}

/* Words taken by the instruction `op` at `ip` (code, not a trap-time
 * lookup's dry run: a table's length is in its operands). */
static inline uint32_t wisp_op_len(uint32_t op, const uint32_t *ip)
{
    return 1 + wisp_op_args[op] + (wisp_op_is_table(op) ? ip[wisp_op_args[op]] + 1 : 0);
}

/* Calls (OPF_CALL): the trap-time lookup matches them by their end (the
 * return point a frame records), not their start. (A chain of compares
 * the compiler keeps only for the ops that have the flag.) */
static inline bool wisp_op_is_call(uint32_t op)
{
#define X(name, kinds, props) (((props) & OPF_CALL) && op == OP_##name) ||
    return WISP_INTERNAL(X) false;
#undef X
}

/* A pair's first instruction (opcodes.h WISP_PAIR_LIST), any other op
 * itself: what reads code back (the disassembler, backtraces) sees the
 * instruction, not how it goes on. */
static inline uint32_t wisp_op_unpaired(uint32_t op)
{
    switch (op) {
#define X(name, first, second) case OP_##name: return OP_##first;
        WISP_PAIRS_(X)
#undef X
    default: return op;
    }
}

#if !WISP_COMPACT
/* Pure (OPF_PURE): cannot trap and writes only its operand 0, so it may
 * move ahead of the address add of a store that then takes the add in
 * (fuse.inc). The numeric ops that are, and whole lists that are: */
#define WISP_PURE_NUMERIC(X) \
    X(I32_EQZ) X(I32_EQ) X(I32_NE) X(I32_LT_S) X(I32_LT_U) X(I32_GT_S) X(I32_GT_U) X(I32_LE_S) \
    X(I32_LE_U) X(I32_GE_S) X(I32_GE_U) X(I32_CLZ) X(I32_CTZ) X(I32_POPCNT) X(I32_ADD) \
    X(I32_SUB) X(I32_MUL) X(I32_AND) X(I32_OR) X(I32_XOR) X(I32_SHL) X(I32_SHR_S) X(I32_SHR_U) \
    X(I32_ROTL) X(I32_ROTR) X(I32_WRAP_I64) X(I32_EXTEND8_S) X(I32_EXTEND16_S) X(I64_ADD) \
    X(I64_SUB) X(I64_MUL) X(I64_AND) X(I64_OR) X(I64_XOR) X(I64_SHL) X(I64_SHR_S) X(I64_SHR_U) \
    X(F32_ADD) X(F32_SUB) X(F32_MUL) X(F32_DIV) X(F64_ADD) X(F64_SUB) X(F64_MUL) X(F64_DIV)
static const bool wisp_op_pure[OP__COUNT] = {
#define X(name, kinds, props) [OP_##name] = ((props) & OPF_PURE) != 0,
    WISP_INTERNAL(X)
#undef X
#define X(name, ...) [OP_##name] = true,
    WISP_PURE_NUMERIC(X)
    WISP_IMMOPS(X)
    WISP_FIMMOPS(X)
    WISP_FIMMREV(X)
    WISP_SHIFTOPS(X)
    WISP_FMULOPS(X)
#undef X
};
#endif

#if WISP_ACC
/* Leaves its result (operand 0) in the accumulator of its type as well
 * (opcodes.h WISP_ACC_SETS). */
static const bool wisp_op_sets_acc[OP__COUNT] = {
#define X(name, kinds, props) [OP_##name] = ((props) & OPF_ACC) != 0,
    WISP_INTERNAL(X)
#undef X
#define X(name, ...) [OP_##name] = true,
    WISP_ACC_SETS(X)
#undef X
};
#endif

#endif

/* Operand kinds of every internal instruction, one letter a word (the
 * letters of opcodes.h's WISP_INTERNAL: s slot, i/x immediate, T target,
 * ...): WISP_INTERNAL's own, the others' by their group. The disassembler
 * prints by them; with WISP_SLOT_BYTES the translator finds the slot words
 * it writes as byte offsets by them (wisp_op_fmt). Static tables: include
 * only where they are used. */
#ifndef WISP_OPKINDS_H
#define WISP_OPKINDS_H

#include "opcodes.h"
#include "opinfo.h"
#include "simd.h"

/* Each scalar op's group, for the groups whose operands follow one pattern. */
enum { G_INTERNAL, G_UN, G_BIN, G_MEM, G_IMM, G_IMM64, G_BRCMP, G_MEMADD, G_MEMIDX, G_MEMSHL, G_MEMABS,
       G_SHIFT, G_FMUL, G_FIMM32, G_FIMM64, G_ACC };
static const uint8_t group[OP__COUNT] = {
#define X(name, op, arity, ...) [OP_##name] = (arity) == 1 ? G_UN : G_BIN,
    WISP_NUMERIC(X)
#undef X
#define X(name, ...) [OP_##name] = G_MEM,
    WISP_MEMOPS(X)
#undef X
#define X(name, ...) [OP_##name] = G_IMM,
    WISP_IMMOPS32(X)
#undef X
#define X(name, ...) [OP_##name] = G_IMM64,
    WISP_IMMOPS64(X)
#undef X
#define X(name, ...) [OP_##name] = G_BRCMP,
    WISP_BRCMP(X)
#undef X
#define X(name, ...) [OP_##name] = G_MEMADD,
    WISP_MEMADD(X)
#undef X
#define X(name, ...) [OP_##name] = G_MEMIDX,
    WISP_MEMIDX(X)
#undef X
#if !WISP_COMPACT
#define X(name, ...) [OP_##name] = G_MEMSHL,
    WISP_MEMSHL(X)
#undef X
#define X(name, ...) [OP_##name] = G_MEMABS,
    WISP_MEMABS(X)
#undef X
#define X(name, ...) [OP_##name] = G_SHIFT,
    WISP_SHIFTOPS(X)
#undef X
#define X(name, ...) [OP_##name] = G_FMUL,
    WISP_FMULOPS(X)
#undef X
#define X(name, base, left, words) [OP_##name] = (words) == 3 ? G_FIMM32 : G_FIMM64,
    WISP_FIMMOPS(X)
#undef X
#define X(name, words) [OP_##name] = (words) == 3 ? G_FIMM32 : G_FIMM64,
    WISP_FIMMREV(X)
#undef X
#endif
#if WISP_ACC
#define X(name, ...) [OP_##name] = G_ACC,
    WISP_ACCOPS(X)
    WISP_ACCOPS_B(X)
#undef X
#endif
};

/* WISP_INTERNAL's operand kinds (opcodes.h) */
static const char *const internal_fmt[OP__COUNT] = {
#define X(name, kinds, props) [OP_##name] = kinds,
    WISP_INTERNAL(X)
#undef X
};

/* the compare a BRCMP op is made of (its b is an immediate for an IMMOP) */
static const uint16_t br_cmp[OP__COUNT] = {
#define X(name, cmp, inv) [OP_##name] = OP_##cmp,
    WISP_BRCMP(X)
#undef X
};
#if WISP_ACC
/* an accumulator form has its plain op's operands */
static const uint16_t acc_base[OP__COUNT] = {
#define X(name, base, ...) [OP_##name] = OP_##base,
    WISP_ACCOPS(X)
    WISP_ACCOPS_B(X)
#undef X
};
#endif

static const char *scalar_fmt(uint32_t op)
{
    op = wisp_op_unpaired(op);
#if WISP_ACC
    if (group[op] == G_ACC)
        op = acc_base[op];
#endif
    switch (group[op]) {
    case G_UN: return "ss";
    case G_BIN: return "sss";
    case G_MEM: return "sse";       /* d addr end | addr value end */
    case G_IMM: return "ssi";       /* d a imm */
    case G_IMM64: return "ssLL";    /* d a imm (two words) */
    case G_BRCMP: return group[br_cmp[op]] == G_IMM ? "siT" : "ssT";
    case G_MEMADD: return "ssies";  /* d|a a|value imm end home */
    case G_MEMIDX: return "ssses";  /* d|a a|value b end home */
    case G_MEMSHL: return "ssiies"; /* d x k imm end home */
    case G_MEMABS: return "se";     /* d|value end */
    case G_SHIFT: return "sssi";    /* d a b k */
    case G_FMUL: return "ssss";
    case G_FIMM32: return "ssf";
    case G_FIMM64: return "ssDD";
    default: return internal_fmt[op] ? internal_fmt[op] : "";
    }
}

#if WISP_SIMD
/* SIMD operands by shape (simd.h's table) */
static const char *const shape_fmt[] = {
    [SH_UN] = "ss", [SH_BIN] = "sss", [SH_TERN] = "ssss", [SH_TEST] = "ss",
    [SH_SHIFT] = "sss", [SH_SPLAT] = "ss", [SH_EXTRACT] = "ssu", [SH_REPLACE] = "sssu",
    [SH_LOAD] = "ssuu", [SH_STORE] = "ssuu", [SH_LOAD_LANE] = "sssuuu",
    [SH_STORE_LANE] = "ssuuu", [SH_CONST] = "sxxxx", [SH_SHUFFLE] = "sssxxxx",
};
static const uint8_t simd_internal_words[] = {
#define X(name, words) words,
    WISP_SIMD_INTERNAL(X)
#undef X
};
static const char *const simd_internal_fmt[] = {"ss", "ssss", "su", "us"};
_Static_assert(sizeof simd_internal_fmt / sizeof *simd_internal_fmt ==
                   sizeof simd_internal_words, "WISP_SIMD_INTERNAL operand kinds");
#endif

/* The kinds of op's operand words, SIMD ops included ("" for none known). */
static inline const char *wisp_op_fmt(uint32_t op)
{
    if (op < OP__COUNT)
        return scalar_fmt(op);
#if WISP_SIMD
    if (op >= OP_V128_LOAD && op < OP_SIMD__END)
        return shape_fmt[wisp_simd_ops[op - OP_V128_LOAD].shape];
    if (op < OP_V128_LOAD)
        return simd_internal_fmt[op - OP__COUNT];
#endif
    return "";
}

#endif

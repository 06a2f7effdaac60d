/* The one list of SIMD (fixed-width v128, Wasm 2.0) opcodes.
 *
 * WISP_SIMD_OPS lists every 0xfd-prefixed instruction in sub-opcode order:
 * X(NAME, sub-opcode, shape, scalar type, imm). Each maps one-to-one onto
 * an internal instruction OP_NAME; the translator takes its decoding and
 * typing from the shape, the interpreter its dispatch table from the list,
 * so an opcode cannot exist in one and not the other.
 *
 * A v128 takes two consecutive frame slots (bytes 0..7 in the first); a
 * slot operand names the first. Shapes, with their internal operands:
 *
 *   SH_UN       v128 -> v128                 d s
 *   SH_BIN      v128 v128 -> v128            d a b
 *   SH_TERN     v128 v128 v128 -> v128       d a b c
 *   SH_TEST     v128 -> i32                  d s
 *   SH_SHIFT    v128 i32 -> v128             d a n
 *   SH_SPLAT    T -> v128                    d s
 *   SH_EXTRACT  v128 -> T  (lane imm < imm)  d s lane
 *   SH_REPLACE  v128 T -> v128               d a x lane
 *   SH_LOAD     i32 -> v128                  d addr offset mem
 *   SH_STORE    i32 v128 ->                  addr v offset mem
 *   SH_LOAD_LANE  i32 v128 -> v128           d addr v offset mem lane
 *   SH_STORE_LANE i32 v128 ->                addr v offset mem lane
 *   SH_CONST    -> v128                      d w0 w1 w2 w3
 *   SH_SHUFFLE  v128 v128 -> v128            d a b w0 w1 w2 w3 (16 lane bytes)
 *
 * T is the scalar type column. For memory shapes imm is the natural
 * alignment (log2 of the bytes accessed; a lane access has 16 >> imm lanes),
 * for SH_EXTRACT/SH_REPLACE the lane count.
 *
 * WISP_SIMD_INTERNAL lists the internal v128 instructions that are not Wasm
 * SIMD instructions: X(NAME, operand words).
 *
 * The build option -Dsimd=false sets WISP_SIMD to 0: then no SIMD code is
 * compiled (simd.c is empty) and modules using v128 are rejected as
 * unsupported. Builds that do not say (e.g. the fuzzers) get SIMD. */
#ifndef WISP_SIMD_H
#define WISP_SIMD_H

#include "opcodes.h"

#define T_V128 0x7b

enum {
    SH_UN, SH_BIN, SH_TERN, SH_TEST, SH_SHIFT, SH_SPLAT, SH_EXTRACT, SH_REPLACE,
    SH_LOAD, SH_STORE, SH_LOAD_LANE, SH_STORE_LANE, SH_CONST, SH_SHUFFLE
};

#define WISP_SIMD_INTERNAL(X) \
    X(COPY_V128, 2)        /* d s */ \
    X(SELECT_V128, 4)      /* d a b cond */ \
    X(GLOBAL_GET_V128, 2)  /* d idx */ \
    X(GLOBAL_SET_V128, 2)  /* idx s */

#define WISP_SIMD_OPS(X) \
    X(V128_LOAD, 0x00, SH_LOAD, T_V128, 4) \
    X(V128_LOAD8X8_S, 0x01, SH_LOAD, T_V128, 3) \
    X(V128_LOAD8X8_U, 0x02, SH_LOAD, T_V128, 3) \
    X(V128_LOAD16X4_S, 0x03, SH_LOAD, T_V128, 3) \
    X(V128_LOAD16X4_U, 0x04, SH_LOAD, T_V128, 3) \
    X(V128_LOAD32X2_S, 0x05, SH_LOAD, T_V128, 3) \
    X(V128_LOAD32X2_U, 0x06, SH_LOAD, T_V128, 3) \
    X(V128_LOAD8_SPLAT, 0x07, SH_LOAD, T_V128, 0) \
    X(V128_LOAD16_SPLAT, 0x08, SH_LOAD, T_V128, 1) \
    X(V128_LOAD32_SPLAT, 0x09, SH_LOAD, T_V128, 2) \
    X(V128_LOAD64_SPLAT, 0x0a, SH_LOAD, T_V128, 3) \
    X(V128_STORE, 0x0b, SH_STORE, T_V128, 4) \
    X(V128_CONST, 0x0c, SH_CONST, T_V128, 0) \
    X(I8X16_SHUFFLE, 0x0d, SH_SHUFFLE, T_V128, 32) \
    X(I8X16_SWIZZLE, 0x0e, SH_BIN, T_V128, 0) \
    X(I8X16_SPLAT, 0x0f, SH_SPLAT, T_I32, 0) \
    X(I16X8_SPLAT, 0x10, SH_SPLAT, T_I32, 0) \
    X(I32X4_SPLAT, 0x11, SH_SPLAT, T_I32, 0) \
    X(I64X2_SPLAT, 0x12, SH_SPLAT, T_I64, 0) \
    X(F32X4_SPLAT, 0x13, SH_SPLAT, T_F32, 0) \
    X(F64X2_SPLAT, 0x14, SH_SPLAT, T_F64, 0) \
    X(I8X16_EXTRACT_LANE_S, 0x15, SH_EXTRACT, T_I32, 16) \
    X(I8X16_EXTRACT_LANE_U, 0x16, SH_EXTRACT, T_I32, 16) \
    X(I8X16_REPLACE_LANE, 0x17, SH_REPLACE, T_I32, 16) \
    X(I16X8_EXTRACT_LANE_S, 0x18, SH_EXTRACT, T_I32, 8) \
    X(I16X8_EXTRACT_LANE_U, 0x19, SH_EXTRACT, T_I32, 8) \
    X(I16X8_REPLACE_LANE, 0x1a, SH_REPLACE, T_I32, 8) \
    X(I32X4_EXTRACT_LANE, 0x1b, SH_EXTRACT, T_I32, 4) \
    X(I32X4_REPLACE_LANE, 0x1c, SH_REPLACE, T_I32, 4) \
    X(I64X2_EXTRACT_LANE, 0x1d, SH_EXTRACT, T_I64, 2) \
    X(I64X2_REPLACE_LANE, 0x1e, SH_REPLACE, T_I64, 2) \
    X(F32X4_EXTRACT_LANE, 0x1f, SH_EXTRACT, T_F32, 4) \
    X(F32X4_REPLACE_LANE, 0x20, SH_REPLACE, T_F32, 4) \
    X(F64X2_EXTRACT_LANE, 0x21, SH_EXTRACT, T_F64, 2) \
    X(F64X2_REPLACE_LANE, 0x22, SH_REPLACE, T_F64, 2) \
    X(I8X16_EQ, 0x23, SH_BIN, T_V128, 0) \
    X(I8X16_NE, 0x24, SH_BIN, T_V128, 0) \
    X(I8X16_LT_S, 0x25, SH_BIN, T_V128, 0) \
    X(I8X16_LT_U, 0x26, SH_BIN, T_V128, 0) \
    X(I8X16_GT_S, 0x27, SH_BIN, T_V128, 0) \
    X(I8X16_GT_U, 0x28, SH_BIN, T_V128, 0) \
    X(I8X16_LE_S, 0x29, SH_BIN, T_V128, 0) \
    X(I8X16_LE_U, 0x2a, SH_BIN, T_V128, 0) \
    X(I8X16_GE_S, 0x2b, SH_BIN, T_V128, 0) \
    X(I8X16_GE_U, 0x2c, SH_BIN, T_V128, 0) \
    X(I16X8_EQ, 0x2d, SH_BIN, T_V128, 0) \
    X(I16X8_NE, 0x2e, SH_BIN, T_V128, 0) \
    X(I16X8_LT_S, 0x2f, SH_BIN, T_V128, 0) \
    X(I16X8_LT_U, 0x30, SH_BIN, T_V128, 0) \
    X(I16X8_GT_S, 0x31, SH_BIN, T_V128, 0) \
    X(I16X8_GT_U, 0x32, SH_BIN, T_V128, 0) \
    X(I16X8_LE_S, 0x33, SH_BIN, T_V128, 0) \
    X(I16X8_LE_U, 0x34, SH_BIN, T_V128, 0) \
    X(I16X8_GE_S, 0x35, SH_BIN, T_V128, 0) \
    X(I16X8_GE_U, 0x36, SH_BIN, T_V128, 0) \
    X(I32X4_EQ, 0x37, SH_BIN, T_V128, 0) \
    X(I32X4_NE, 0x38, SH_BIN, T_V128, 0) \
    X(I32X4_LT_S, 0x39, SH_BIN, T_V128, 0) \
    X(I32X4_LT_U, 0x3a, SH_BIN, T_V128, 0) \
    X(I32X4_GT_S, 0x3b, SH_BIN, T_V128, 0) \
    X(I32X4_GT_U, 0x3c, SH_BIN, T_V128, 0) \
    X(I32X4_LE_S, 0x3d, SH_BIN, T_V128, 0) \
    X(I32X4_LE_U, 0x3e, SH_BIN, T_V128, 0) \
    X(I32X4_GE_S, 0x3f, SH_BIN, T_V128, 0) \
    X(I32X4_GE_U, 0x40, SH_BIN, T_V128, 0) \
    X(F32X4_EQ, 0x41, SH_BIN, T_V128, 0) \
    X(F32X4_NE, 0x42, SH_BIN, T_V128, 0) \
    X(F32X4_LT, 0x43, SH_BIN, T_V128, 0) \
    X(F32X4_GT, 0x44, SH_BIN, T_V128, 0) \
    X(F32X4_LE, 0x45, SH_BIN, T_V128, 0) \
    X(F32X4_GE, 0x46, SH_BIN, T_V128, 0) \
    X(F64X2_EQ, 0x47, SH_BIN, T_V128, 0) \
    X(F64X2_NE, 0x48, SH_BIN, T_V128, 0) \
    X(F64X2_LT, 0x49, SH_BIN, T_V128, 0) \
    X(F64X2_GT, 0x4a, SH_BIN, T_V128, 0) \
    X(F64X2_LE, 0x4b, SH_BIN, T_V128, 0) \
    X(F64X2_GE, 0x4c, SH_BIN, T_V128, 0) \
    X(V128_NOT, 0x4d, SH_UN, T_V128, 0) \
    X(V128_AND, 0x4e, SH_BIN, T_V128, 0) \
    X(V128_ANDNOT, 0x4f, SH_BIN, T_V128, 0) \
    X(V128_OR, 0x50, SH_BIN, T_V128, 0) \
    X(V128_XOR, 0x51, SH_BIN, T_V128, 0) \
    X(V128_BITSELECT, 0x52, SH_TERN, T_V128, 0) \
    X(V128_ANY_TRUE, 0x53, SH_TEST, T_I32, 0) \
    X(V128_LOAD8_LANE, 0x54, SH_LOAD_LANE, T_V128, 0) \
    X(V128_LOAD16_LANE, 0x55, SH_LOAD_LANE, T_V128, 1) \
    X(V128_LOAD32_LANE, 0x56, SH_LOAD_LANE, T_V128, 2) \
    X(V128_LOAD64_LANE, 0x57, SH_LOAD_LANE, T_V128, 3) \
    X(V128_STORE8_LANE, 0x58, SH_STORE_LANE, T_V128, 0) \
    X(V128_STORE16_LANE, 0x59, SH_STORE_LANE, T_V128, 1) \
    X(V128_STORE32_LANE, 0x5a, SH_STORE_LANE, T_V128, 2) \
    X(V128_STORE64_LANE, 0x5b, SH_STORE_LANE, T_V128, 3) \
    X(V128_LOAD32_ZERO, 0x5c, SH_LOAD, T_V128, 2) \
    X(V128_LOAD64_ZERO, 0x5d, SH_LOAD, T_V128, 3) \
    X(F32X4_DEMOTE_F64X2_ZERO, 0x5e, SH_UN, T_V128, 0) \
    X(F64X2_PROMOTE_LOW_F32X4, 0x5f, SH_UN, T_V128, 0) \
    X(I8X16_ABS, 0x60, SH_UN, T_V128, 0) \
    X(I8X16_NEG, 0x61, SH_UN, T_V128, 0) \
    X(I8X16_POPCNT, 0x62, SH_UN, T_V128, 0) \
    X(I8X16_ALL_TRUE, 0x63, SH_TEST, T_I32, 0) \
    X(I8X16_BITMASK, 0x64, SH_TEST, T_I32, 0) \
    X(I8X16_NARROW_I16X8_S, 0x65, SH_BIN, T_V128, 0) \
    X(I8X16_NARROW_I16X8_U, 0x66, SH_BIN, T_V128, 0) \
    X(F32X4_CEIL, 0x67, SH_UN, T_V128, 0) \
    X(F32X4_FLOOR, 0x68, SH_UN, T_V128, 0) \
    X(F32X4_TRUNC, 0x69, SH_UN, T_V128, 0) \
    X(F32X4_NEAREST, 0x6a, SH_UN, T_V128, 0) \
    X(I8X16_SHL, 0x6b, SH_SHIFT, T_I32, 0) \
    X(I8X16_SHR_S, 0x6c, SH_SHIFT, T_I32, 0) \
    X(I8X16_SHR_U, 0x6d, SH_SHIFT, T_I32, 0) \
    X(I8X16_ADD, 0x6e, SH_BIN, T_V128, 0) \
    X(I8X16_ADD_SAT_S, 0x6f, SH_BIN, T_V128, 0) \
    X(I8X16_ADD_SAT_U, 0x70, SH_BIN, T_V128, 0) \
    X(I8X16_SUB, 0x71, SH_BIN, T_V128, 0) \
    X(I8X16_SUB_SAT_S, 0x72, SH_BIN, T_V128, 0) \
    X(I8X16_SUB_SAT_U, 0x73, SH_BIN, T_V128, 0) \
    X(F64X2_CEIL, 0x74, SH_UN, T_V128, 0) \
    X(F64X2_FLOOR, 0x75, SH_UN, T_V128, 0) \
    X(I8X16_MIN_S, 0x76, SH_BIN, T_V128, 0) \
    X(I8X16_MIN_U, 0x77, SH_BIN, T_V128, 0) \
    X(I8X16_MAX_S, 0x78, SH_BIN, T_V128, 0) \
    X(I8X16_MAX_U, 0x79, SH_BIN, T_V128, 0) \
    X(F64X2_TRUNC, 0x7a, SH_UN, T_V128, 0) \
    X(I8X16_AVGR_U, 0x7b, SH_BIN, T_V128, 0) \
    X(I16X8_EXTADD_PAIRWISE_I8X16_S, 0x7c, SH_UN, T_V128, 0) \
    X(I16X8_EXTADD_PAIRWISE_I8X16_U, 0x7d, SH_UN, T_V128, 0) \
    X(I32X4_EXTADD_PAIRWISE_I16X8_S, 0x7e, SH_UN, T_V128, 0) \
    X(I32X4_EXTADD_PAIRWISE_I16X8_U, 0x7f, SH_UN, T_V128, 0) \
    X(I16X8_ABS, 0x80, SH_UN, T_V128, 0) \
    X(I16X8_NEG, 0x81, SH_UN, T_V128, 0) \
    X(I16X8_Q15MULR_SAT_S, 0x82, SH_BIN, T_V128, 0) \
    X(I16X8_ALL_TRUE, 0x83, SH_TEST, T_I32, 0) \
    X(I16X8_BITMASK, 0x84, SH_TEST, T_I32, 0) \
    X(I16X8_NARROW_I32X4_S, 0x85, SH_BIN, T_V128, 0) \
    X(I16X8_NARROW_I32X4_U, 0x86, SH_BIN, T_V128, 0) \
    X(I16X8_EXTEND_LOW_I8X16_S, 0x87, SH_UN, T_V128, 0) \
    X(I16X8_EXTEND_HIGH_I8X16_S, 0x88, SH_UN, T_V128, 0) \
    X(I16X8_EXTEND_LOW_I8X16_U, 0x89, SH_UN, T_V128, 0) \
    X(I16X8_EXTEND_HIGH_I8X16_U, 0x8a, SH_UN, T_V128, 0) \
    X(I16X8_SHL, 0x8b, SH_SHIFT, T_I32, 0) \
    X(I16X8_SHR_S, 0x8c, SH_SHIFT, T_I32, 0) \
    X(I16X8_SHR_U, 0x8d, SH_SHIFT, T_I32, 0) \
    X(I16X8_ADD, 0x8e, SH_BIN, T_V128, 0) \
    X(I16X8_ADD_SAT_S, 0x8f, SH_BIN, T_V128, 0) \
    X(I16X8_ADD_SAT_U, 0x90, SH_BIN, T_V128, 0) \
    X(I16X8_SUB, 0x91, SH_BIN, T_V128, 0) \
    X(I16X8_SUB_SAT_S, 0x92, SH_BIN, T_V128, 0) \
    X(I16X8_SUB_SAT_U, 0x93, SH_BIN, T_V128, 0) \
    X(F64X2_NEAREST, 0x94, SH_UN, T_V128, 0) \
    X(I16X8_MUL, 0x95, SH_BIN, T_V128, 0) \
    X(I16X8_MIN_S, 0x96, SH_BIN, T_V128, 0) \
    X(I16X8_MIN_U, 0x97, SH_BIN, T_V128, 0) \
    X(I16X8_MAX_S, 0x98, SH_BIN, T_V128, 0) \
    X(I16X8_MAX_U, 0x99, SH_BIN, T_V128, 0) \
    X(I16X8_AVGR_U, 0x9b, SH_BIN, T_V128, 0) \
    X(I16X8_EXTMUL_LOW_I8X16_S, 0x9c, SH_BIN, T_V128, 0) \
    X(I16X8_EXTMUL_HIGH_I8X16_S, 0x9d, SH_BIN, T_V128, 0) \
    X(I16X8_EXTMUL_LOW_I8X16_U, 0x9e, SH_BIN, T_V128, 0) \
    X(I16X8_EXTMUL_HIGH_I8X16_U, 0x9f, SH_BIN, T_V128, 0) \
    X(I32X4_ABS, 0xa0, SH_UN, T_V128, 0) \
    X(I32X4_NEG, 0xa1, SH_UN, T_V128, 0) \
    X(I32X4_ALL_TRUE, 0xa3, SH_TEST, T_I32, 0) \
    X(I32X4_BITMASK, 0xa4, SH_TEST, T_I32, 0) \
    X(I32X4_EXTEND_LOW_I16X8_S, 0xa7, SH_UN, T_V128, 0) \
    X(I32X4_EXTEND_HIGH_I16X8_S, 0xa8, SH_UN, T_V128, 0) \
    X(I32X4_EXTEND_LOW_I16X8_U, 0xa9, SH_UN, T_V128, 0) \
    X(I32X4_EXTEND_HIGH_I16X8_U, 0xaa, SH_UN, T_V128, 0) \
    X(I32X4_SHL, 0xab, SH_SHIFT, T_I32, 0) \
    X(I32X4_SHR_S, 0xac, SH_SHIFT, T_I32, 0) \
    X(I32X4_SHR_U, 0xad, SH_SHIFT, T_I32, 0) \
    X(I32X4_ADD, 0xae, SH_BIN, T_V128, 0) \
    X(I32X4_SUB, 0xb1, SH_BIN, T_V128, 0) \
    X(I32X4_MUL, 0xb5, SH_BIN, T_V128, 0) \
    X(I32X4_MIN_S, 0xb6, SH_BIN, T_V128, 0) \
    X(I32X4_MIN_U, 0xb7, SH_BIN, T_V128, 0) \
    X(I32X4_MAX_S, 0xb8, SH_BIN, T_V128, 0) \
    X(I32X4_MAX_U, 0xb9, SH_BIN, T_V128, 0) \
    X(I32X4_DOT_I16X8_S, 0xba, SH_BIN, T_V128, 0) \
    X(I32X4_EXTMUL_LOW_I16X8_S, 0xbc, SH_BIN, T_V128, 0) \
    X(I32X4_EXTMUL_HIGH_I16X8_S, 0xbd, SH_BIN, T_V128, 0) \
    X(I32X4_EXTMUL_LOW_I16X8_U, 0xbe, SH_BIN, T_V128, 0) \
    X(I32X4_EXTMUL_HIGH_I16X8_U, 0xbf, SH_BIN, T_V128, 0) \
    X(I64X2_ABS, 0xc0, SH_UN, T_V128, 0) \
    X(I64X2_NEG, 0xc1, SH_UN, T_V128, 0) \
    X(I64X2_ALL_TRUE, 0xc3, SH_TEST, T_I32, 0) \
    X(I64X2_BITMASK, 0xc4, SH_TEST, T_I32, 0) \
    X(I64X2_EXTEND_LOW_I32X4_S, 0xc7, SH_UN, T_V128, 0) \
    X(I64X2_EXTEND_HIGH_I32X4_S, 0xc8, SH_UN, T_V128, 0) \
    X(I64X2_EXTEND_LOW_I32X4_U, 0xc9, SH_UN, T_V128, 0) \
    X(I64X2_EXTEND_HIGH_I32X4_U, 0xca, SH_UN, T_V128, 0) \
    X(I64X2_SHL, 0xcb, SH_SHIFT, T_I32, 0) \
    X(I64X2_SHR_S, 0xcc, SH_SHIFT, T_I32, 0) \
    X(I64X2_SHR_U, 0xcd, SH_SHIFT, T_I32, 0) \
    X(I64X2_ADD, 0xce, SH_BIN, T_V128, 0) \
    X(I64X2_SUB, 0xd1, SH_BIN, T_V128, 0) \
    X(I64X2_MUL, 0xd5, SH_BIN, T_V128, 0) \
    X(I64X2_EQ, 0xd6, SH_BIN, T_V128, 0) \
    X(I64X2_NE, 0xd7, SH_BIN, T_V128, 0) \
    X(I64X2_LT_S, 0xd8, SH_BIN, T_V128, 0) \
    X(I64X2_GT_S, 0xd9, SH_BIN, T_V128, 0) \
    X(I64X2_LE_S, 0xda, SH_BIN, T_V128, 0) \
    X(I64X2_GE_S, 0xdb, SH_BIN, T_V128, 0) \
    X(I64X2_EXTMUL_LOW_I32X4_S, 0xdc, SH_BIN, T_V128, 0) \
    X(I64X2_EXTMUL_HIGH_I32X4_S, 0xdd, SH_BIN, T_V128, 0) \
    X(I64X2_EXTMUL_LOW_I32X4_U, 0xde, SH_BIN, T_V128, 0) \
    X(I64X2_EXTMUL_HIGH_I32X4_U, 0xdf, SH_BIN, T_V128, 0) \
    X(F32X4_ABS, 0xe0, SH_UN, T_V128, 0) \
    X(F32X4_NEG, 0xe1, SH_UN, T_V128, 0) \
    X(F32X4_SQRT, 0xe3, SH_UN, T_V128, 0) \
    X(F32X4_ADD, 0xe4, SH_BIN, T_V128, 0) \
    X(F32X4_SUB, 0xe5, SH_BIN, T_V128, 0) \
    X(F32X4_MUL, 0xe6, SH_BIN, T_V128, 0) \
    X(F32X4_DIV, 0xe7, SH_BIN, T_V128, 0) \
    X(F32X4_MIN, 0xe8, SH_BIN, T_V128, 0) \
    X(F32X4_MAX, 0xe9, SH_BIN, T_V128, 0) \
    X(F32X4_PMIN, 0xea, SH_BIN, T_V128, 0) \
    X(F32X4_PMAX, 0xeb, SH_BIN, T_V128, 0) \
    X(F64X2_ABS, 0xec, SH_UN, T_V128, 0) \
    X(F64X2_NEG, 0xed, SH_UN, T_V128, 0) \
    X(F64X2_SQRT, 0xef, SH_UN, T_V128, 0) \
    X(F64X2_ADD, 0xf0, SH_BIN, T_V128, 0) \
    X(F64X2_SUB, 0xf1, SH_BIN, T_V128, 0) \
    X(F64X2_MUL, 0xf2, SH_BIN, T_V128, 0) \
    X(F64X2_DIV, 0xf3, SH_BIN, T_V128, 0) \
    X(F64X2_MIN, 0xf4, SH_BIN, T_V128, 0) \
    X(F64X2_MAX, 0xf5, SH_BIN, T_V128, 0) \
    X(F64X2_PMIN, 0xf6, SH_BIN, T_V128, 0) \
    X(F64X2_PMAX, 0xf7, SH_BIN, T_V128, 0) \
    X(I32X4_TRUNC_SAT_F32X4_S, 0xf8, SH_UN, T_V128, 0) \
    X(I32X4_TRUNC_SAT_F32X4_U, 0xf9, SH_UN, T_V128, 0) \
    X(F32X4_CONVERT_I32X4_S, 0xfa, SH_UN, T_V128, 0) \
    X(F32X4_CONVERT_I32X4_U, 0xfb, SH_UN, T_V128, 0) \
    X(I32X4_TRUNC_SAT_F64X2_S_ZERO, 0xfc, SH_UN, T_V128, 0) \
    X(I32X4_TRUNC_SAT_F64X2_U_ZERO, 0xfd, SH_UN, T_V128, 0) \
    X(F64X2_CONVERT_LOW_I32X4_S, 0xfe, SH_UN, T_V128, 0) \
    X(F64X2_CONVERT_LOW_I32X4_U, 0xff, SH_UN, T_V128, 0)

/* Internal opcodes continue after the scalar ones (opcodes.h). */
enum wisp_simd_op {
    OP_SIMD__BEFORE = OP__COUNT - 1,
#define X(name, ...) OP_##name,
    WISP_SIMD_INTERNAL(X)
    WISP_SIMD_OPS(X)
#undef X
    OP_SIMD__END
};

#if WISP_SIMD
#include "wisp_int.h"

/* WISP_SIMD_OPS as data (simd.c): entry i is internal op OP_V128_LOAD + i. */
enum { WISP_SIMD_COUNT = OP_SIMD__END - OP_V128_LOAD };
typedef struct wisp_simd_info {
    uint8_t sub, shape, type, imm;
} wisp_simd_info;
extern const wisp_simd_info wisp_simd_ops[WISP_SIMD_COUNT];
const char *wisp_simd_name(uint32_t i); /* "I8X16_ADD" for entry i */

/* Run the SIMD instruction at ip in frame fp: its length in words, or 0
 * when its memory access is out of bounds (ip then still names it). */
uint32_t wisp_simd_exec(const uint32_t *ip, wisp_cell *fp, const wisp_instance *inst);
/* The memory access of the SIMD instruction at ip (its opcode first), for
 * a trap's report: false when it has none. */
bool wisp_simd_access(const uint32_t *ip, const wisp_cell *fp, uint32_t *mem, uint64_t *ea,
                      uint32_t *width, bool *store);
#endif

#endif

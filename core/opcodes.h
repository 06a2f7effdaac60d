/* The one list of opcodes.
 *
 * WISP_NUMERIC lists the Wasm numeric instructions that map one-to-one onto
 * an internal instruction: X(NAME, wasm opcode, arity, operand type, result type).
 * The validator takes its typing from here and the interpreter its dispatch
 * table, so an opcode cannot exist in one and not the other.
 *
 * WISP_INTERNAL lists the internal instructions that are not plain numeric
 * ops: X(NAME, operand kinds, properties). Internal code is a stream of
 * 32-bit words: the opcode, then its operands; slot operands are frame slot
 * indices. The operand kinds are one letter per word (so their number is
 * the instruction's length; the disassembler prints by them):
 *   s a slot, i a signed immediate, u an unsigned one (an index, a count),
 *   x a hex one (a mask), c a function index, e a memory access's offset +
 *   size, T a branch target (a signed word offset from the instruction's
 *   opcode word, always its last operand; a br_table's targets, after its
 *   operands, from the target's own word), f an f32's bits, DD an f64's two
 *   words, LL an i64's, o an opcode, g a guess the interpreter keeps (its
 *   callee's code, from the word itself; WISP_GUESS, else no word).
 * The properties (opinfo.h has them for every op):
 *   OPF_PURE  cannot trap and writes only operand 0 (it may move ahead of
 *             a store's address add: fuse.inc)
 *   OPF_ACC   leaves its result in the accumulator too (WISP_ACC)
 *   OPF_CALL  a call (the trap-time lookup matches its return point) */
#ifndef WISP_OPCODES_H
#define WISP_OPCODES_H

#include "wisp_config.h" /* WISP_COMPACT, WISP_ACC */

/* the call instructions' guess word (WISP_GUESS) */
#if WISP_GUESS
#define GUESS_ "g"
#else
#define GUESS_ ""
#endif

#define OPF_PURE 1u
#define OPF_ACC 2u
#define OPF_CALL 4u

#define T_I32 0x7f
#define T_I64 0x7e
#define T_F32 0x7d
#define T_F64 0x7c

/* X(name, opcode, arity, in, out): arity 1 = unary "d s", 2 = binary "d a b" */
#define WISP_NUMERIC(X) \
    X(I32_EQZ, 0x45, 1, T_I32, T_I32) \
    X(I32_EQ, 0x46, 2, T_I32, T_I32) \
    X(I32_NE, 0x47, 2, T_I32, T_I32) \
    X(I32_LT_S, 0x48, 2, T_I32, T_I32) \
    X(I32_LT_U, 0x49, 2, T_I32, T_I32) \
    X(I32_GT_S, 0x4a, 2, T_I32, T_I32) \
    X(I32_GT_U, 0x4b, 2, T_I32, T_I32) \
    X(I32_LE_S, 0x4c, 2, T_I32, T_I32) \
    X(I32_LE_U, 0x4d, 2, T_I32, T_I32) \
    X(I32_GE_S, 0x4e, 2, T_I32, T_I32) \
    X(I32_GE_U, 0x4f, 2, T_I32, T_I32) \
    X(I64_EQZ, 0x50, 1, T_I64, T_I32) \
    X(I64_EQ, 0x51, 2, T_I64, T_I32) \
    X(I64_NE, 0x52, 2, T_I64, T_I32) \
    X(I64_LT_S, 0x53, 2, T_I64, T_I32) \
    X(I64_LT_U, 0x54, 2, T_I64, T_I32) \
    X(I64_GT_S, 0x55, 2, T_I64, T_I32) \
    X(I64_GT_U, 0x56, 2, T_I64, T_I32) \
    X(I64_LE_S, 0x57, 2, T_I64, T_I32) \
    X(I64_LE_U, 0x58, 2, T_I64, T_I32) \
    X(I64_GE_S, 0x59, 2, T_I64, T_I32) \
    X(I64_GE_U, 0x5a, 2, T_I64, T_I32) \
    X(F32_EQ, 0x5b, 2, T_F32, T_I32) \
    X(F32_NE, 0x5c, 2, T_F32, T_I32) \
    X(F32_LT, 0x5d, 2, T_F32, T_I32) \
    X(F32_GT, 0x5e, 2, T_F32, T_I32) \
    X(F32_LE, 0x5f, 2, T_F32, T_I32) \
    X(F32_GE, 0x60, 2, T_F32, T_I32) \
    X(F64_EQ, 0x61, 2, T_F64, T_I32) \
    X(F64_NE, 0x62, 2, T_F64, T_I32) \
    X(F64_LT, 0x63, 2, T_F64, T_I32) \
    X(F64_GT, 0x64, 2, T_F64, T_I32) \
    X(F64_LE, 0x65, 2, T_F64, T_I32) \
    X(F64_GE, 0x66, 2, T_F64, T_I32) \
    X(I32_CLZ, 0x67, 1, T_I32, T_I32) \
    X(I32_CTZ, 0x68, 1, T_I32, T_I32) \
    X(I32_POPCNT, 0x69, 1, T_I32, T_I32) \
    X(I32_ADD, 0x6a, 2, T_I32, T_I32) \
    X(I32_SUB, 0x6b, 2, T_I32, T_I32) \
    X(I32_MUL, 0x6c, 2, T_I32, T_I32) \
    X(I32_DIV_S, 0x6d, 2, T_I32, T_I32) \
    X(I32_DIV_U, 0x6e, 2, T_I32, T_I32) \
    X(I32_REM_S, 0x6f, 2, T_I32, T_I32) \
    X(I32_REM_U, 0x70, 2, T_I32, T_I32) \
    X(I32_AND, 0x71, 2, T_I32, T_I32) \
    X(I32_OR, 0x72, 2, T_I32, T_I32) \
    X(I32_XOR, 0x73, 2, T_I32, T_I32) \
    X(I32_SHL, 0x74, 2, T_I32, T_I32) \
    X(I32_SHR_S, 0x75, 2, T_I32, T_I32) \
    X(I32_SHR_U, 0x76, 2, T_I32, T_I32) \
    X(I32_ROTL, 0x77, 2, T_I32, T_I32) \
    X(I32_ROTR, 0x78, 2, T_I32, T_I32) \
    X(I64_CLZ, 0x79, 1, T_I64, T_I64) \
    X(I64_CTZ, 0x7a, 1, T_I64, T_I64) \
    X(I64_POPCNT, 0x7b, 1, T_I64, T_I64) \
    X(I64_ADD, 0x7c, 2, T_I64, T_I64) \
    X(I64_SUB, 0x7d, 2, T_I64, T_I64) \
    X(I64_MUL, 0x7e, 2, T_I64, T_I64) \
    X(I64_DIV_S, 0x7f, 2, T_I64, T_I64) \
    X(I64_DIV_U, 0x80, 2, T_I64, T_I64) \
    X(I64_REM_S, 0x81, 2, T_I64, T_I64) \
    X(I64_REM_U, 0x82, 2, T_I64, T_I64) \
    X(I64_AND, 0x83, 2, T_I64, T_I64) \
    X(I64_OR, 0x84, 2, T_I64, T_I64) \
    X(I64_XOR, 0x85, 2, T_I64, T_I64) \
    X(I64_SHL, 0x86, 2, T_I64, T_I64) \
    X(I64_SHR_S, 0x87, 2, T_I64, T_I64) \
    X(I64_SHR_U, 0x88, 2, T_I64, T_I64) \
    X(I64_ROTL, 0x89, 2, T_I64, T_I64) \
    X(I64_ROTR, 0x8a, 2, T_I64, T_I64) \
    X(F32_ABS, 0x8b, 1, T_F32, T_F32) \
    X(F32_NEG, 0x8c, 1, T_F32, T_F32) \
    X(F32_CEIL, 0x8d, 1, T_F32, T_F32) \
    X(F32_FLOOR, 0x8e, 1, T_F32, T_F32) \
    X(F32_TRUNC, 0x8f, 1, T_F32, T_F32) \
    X(F32_NEAREST, 0x90, 1, T_F32, T_F32) \
    X(F32_SQRT, 0x91, 1, T_F32, T_F32) \
    X(F32_ADD, 0x92, 2, T_F32, T_F32) \
    X(F32_SUB, 0x93, 2, T_F32, T_F32) \
    X(F32_MUL, 0x94, 2, T_F32, T_F32) \
    X(F32_DIV, 0x95, 2, T_F32, T_F32) \
    X(F32_MIN, 0x96, 2, T_F32, T_F32) \
    X(F32_MAX, 0x97, 2, T_F32, T_F32) \
    X(F32_COPYSIGN, 0x98, 2, T_F32, T_F32) \
    X(F64_ABS, 0x99, 1, T_F64, T_F64) \
    X(F64_NEG, 0x9a, 1, T_F64, T_F64) \
    X(F64_CEIL, 0x9b, 1, T_F64, T_F64) \
    X(F64_FLOOR, 0x9c, 1, T_F64, T_F64) \
    X(F64_TRUNC, 0x9d, 1, T_F64, T_F64) \
    X(F64_NEAREST, 0x9e, 1, T_F64, T_F64) \
    X(F64_SQRT, 0x9f, 1, T_F64, T_F64) \
    X(F64_ADD, 0xa0, 2, T_F64, T_F64) \
    X(F64_SUB, 0xa1, 2, T_F64, T_F64) \
    X(F64_MUL, 0xa2, 2, T_F64, T_F64) \
    X(F64_DIV, 0xa3, 2, T_F64, T_F64) \
    X(F64_MIN, 0xa4, 2, T_F64, T_F64) \
    X(F64_MAX, 0xa5, 2, T_F64, T_F64) \
    X(F64_COPYSIGN, 0xa6, 2, T_F64, T_F64) \
    X(I32_WRAP_I64, 0xa7, 1, T_I64, T_I32) \
    X(I32_TRUNC_F32_S, 0xa8, 1, T_F32, T_I32) \
    X(I32_TRUNC_F32_U, 0xa9, 1, T_F32, T_I32) \
    X(I32_TRUNC_F64_S, 0xaa, 1, T_F64, T_I32) \
    X(I32_TRUNC_F64_U, 0xab, 1, T_F64, T_I32) \
    X(I64_EXTEND_I32_S, 0xac, 1, T_I32, T_I64) \
    X(I64_EXTEND_I32_U, 0xad, 1, T_I32, T_I64) \
    X(I64_TRUNC_F32_S, 0xae, 1, T_F32, T_I64) \
    X(I64_TRUNC_F32_U, 0xaf, 1, T_F32, T_I64) \
    X(I64_TRUNC_F64_S, 0xb0, 1, T_F64, T_I64) \
    X(I64_TRUNC_F64_U, 0xb1, 1, T_F64, T_I64) \
    X(F32_CONVERT_I32_S, 0xb2, 1, T_I32, T_F32) \
    X(F32_CONVERT_I32_U, 0xb3, 1, T_I32, T_F32) \
    X(F32_CONVERT_I64_S, 0xb4, 1, T_I64, T_F32) \
    X(F32_CONVERT_I64_U, 0xb5, 1, T_I64, T_F32) \
    X(F32_DEMOTE_F64, 0xb6, 1, T_F64, T_F32) \
    X(F64_CONVERT_I32_S, 0xb7, 1, T_I32, T_F64) \
    X(F64_CONVERT_I32_U, 0xb8, 1, T_I32, T_F64) \
    X(F64_CONVERT_I64_S, 0xb9, 1, T_I64, T_F64) \
    X(F64_CONVERT_I64_U, 0xba, 1, T_I64, T_F64) \
    X(F64_PROMOTE_F32, 0xbb, 1, T_F32, T_F64) \
    X(I32_REINTERPRET_F32, 0xbc, 1, T_F32, T_I32) \
    X(I64_REINTERPRET_F64, 0xbd, 1, T_F64, T_I64) \
    X(F32_REINTERPRET_I32, 0xbe, 1, T_I32, T_F32) \
    X(F64_REINTERPRET_I64, 0xbf, 1, T_I64, T_F64) \
    X(I32_EXTEND8_S, 0xc0, 1, T_I32, T_I32) \
    X(I32_EXTEND16_S, 0xc1, 1, T_I32, T_I32) \
    X(I64_EXTEND8_S, 0xc2, 1, T_I64, T_I64) \
    X(I64_EXTEND16_S, 0xc3, 1, T_I64, T_I64) \
    X(I64_EXTEND32_S, 0xc4, 1, T_I64, T_I64) \
    X(I32_TRUNC_SAT_F32_S, 0xfc00, 1, T_F32, T_I32) \
    X(I32_TRUNC_SAT_F32_U, 0xfc01, 1, T_F32, T_I32) \
    X(I32_TRUNC_SAT_F64_S, 0xfc02, 1, T_F64, T_I32) \
    X(I32_TRUNC_SAT_F64_U, 0xfc03, 1, T_F64, T_I32) \
    X(I64_TRUNC_SAT_F32_S, 0xfc04, 1, T_F32, T_I64) \
    X(I64_TRUNC_SAT_F32_U, 0xfc05, 1, T_F32, T_I64) \
    X(I64_TRUNC_SAT_F64_S, 0xfc06, 1, T_F64, T_I64) \
    X(I64_TRUNC_SAT_F64_U, 0xfc07, 1, T_F64, T_I64)

/* Loads and stores: X(NAME, wasm opcode, natural alignment log2, value type).
 * Operands: load "d addr offset", store "addr value offset". */
#define WISP_MEMOPS(X) \
    X(I32_LOAD, 0x28, 2, T_I32) \
    X(I64_LOAD, 0x29, 3, T_I64) \
    X(F32_LOAD, 0x2a, 2, T_F32) \
    X(F64_LOAD, 0x2b, 3, T_F64) \
    X(I32_LOAD8_S, 0x2c, 0, T_I32) \
    X(I32_LOAD8_U, 0x2d, 0, T_I32) \
    X(I32_LOAD16_S, 0x2e, 1, T_I32) \
    X(I32_LOAD16_U, 0x2f, 1, T_I32) \
    X(I64_LOAD8_S, 0x30, 0, T_I64) \
    X(I64_LOAD8_U, 0x31, 0, T_I64) \
    X(I64_LOAD16_S, 0x32, 1, T_I64) \
    X(I64_LOAD16_U, 0x33, 1, T_I64) \
    X(I64_LOAD32_S, 0x34, 2, T_I64) \
    X(I64_LOAD32_U, 0x35, 2, T_I64) \
    X(I32_STORE, 0x36, 2, T_I32) \
    X(I64_STORE, 0x37, 3, T_I64) \
    X(F32_STORE, 0x38, 2, T_F32) \
    X(F64_STORE, 0x39, 3, T_F64) \
    X(I32_STORE8, 0x3a, 0, T_I32) \
    X(I32_STORE16, 0x3b, 1, T_I32) \
    X(I64_STORE8, 0x3c, 0, T_I64) \
    X(I64_STORE16, 0x3d, 1, T_I64) \
    X(I64_STORE32, 0x3e, 2, T_I64)

/* X(NAME, operand kinds, properties) */
#define WISP_INTERNAL(X) \
    X(UNREACHABLE, "", 0)                        /* */ \
    X(BR, "T", 0)                                /* target */ \
    X(BR_IF, "sT", 0)                            /* cond target */ \
    X(BR_UNLESS, "sT", 0)                        /* cond target */ \
    X(BR_TABLE, "su", 0)                         /* idx n, then n+1 targets */ \
    X(BR_TABLE_ADD_IMM, "siu", 0)                /* a k n, then n+1 targets: on a + k */ \
    X(BR_TABLE_AND_IMM, "sxu", 0)                /* a k n, then n+1 targets: on a & k */ \
    X(BR_TABLE_LOAD8_U_ADD, "ssiesu", 0)         /* d a imm end home n, then n+1 targets: on a byte */ \
    X(RETURN, "", 0)                             /* results already in slots 0.. */ \
    X(LAZY, "", 0)                               /* the code of a function not in the code cache (cache.c) */ \
    X(CALL, "cs", OPF_CALL)                      /* funcidx base */ \
    X(CALL_INDIRECT, "uuss" GUESS_, OPF_CALL)    /* table typeidx idx base (guess) */ \
    X(RETURN_CALL, "cs", OPF_CALL)               /* funcidx base: the callee replaces this frame */ \
    X(RETURN_CALL_INDIRECT, "uuss", OPF_CALL)    /* table typeidx idx base */ \
    X(COPY, "ss", 0)                             /* d s */ \
    X(CONST32, "si", 0)                          /* d imm */ \
    X(CONST64, "sLL", 0)                         /* d lo hi */ \
    X(SELECT, "ssss", OPF_PURE)                  /* d a b cond */ \
    X(GLOBAL_GET, "su", 0)                       /* d idx */ \
    X(GLOBAL_SET, "us", 0)                       /* idx s */ \
    X(TABLE_GET, "sus", 0)                       /* d table i */ \
    X(TABLE_SET, "uss", 0)                       /* table i v */ \
    X(TABLE_SIZE, "su", 0)                       /* d table */ \
    X(TABLE_GROW, "suss", 0)                     /* d table init n */ \
    X(TABLE_FILL, "usss", 0)                     /* table i v n */ \
    X(TABLE_COPY, "uusss", 0)                    /* dtable stable d s n */ \
    X(TABLE_INIT, "uusss", 0)                    /* table seg d s n */ \
    X(ELEM_DROP, "u", 0)                         /* seg */ \
    X(MEMORY_SIZE, "su", 0)                      /* d mem */ \
    X(MEMORY_GROW, "ssu", 0)                     /* d n mem */ \
    X(MEMORY_COPY, "sssuu", 0)                   /* d s n dmem smem */ \
    X(MEMORY_FILL, "sssu", 0)                    /* d v n mem */ \
    X(MEMORY_INIT, "usssu", 0)                   /* seg d s n mem */ \
    X(LOAD_MEM, "ssuuo", 0)                      /* d addr offset mem load-op: memories other than 0 */ \
    X(STORE_MEM, "ssuuo", 0)                     /* addr value offset mem store-op */ \
    X(DATA_DROP, "u", 0)                         /* seg */ \
    X(REF_NULL, "s", 0)                          /* d */ \
    X(REF_IS_NULL, "ss", 0)                      /* d s */ \
    X(REF_FUNC, "sc", 0)                         /* d funcidx */ \
    X(I32_SHR_U_AND, "ssix", OPF_PURE | OPF_ACC) /* d a shift mask: (a >> shift) & mask */ \
    X(COPY2, "ssss", 0)                          /* d s d2 s2: two COPYs, in order */ \
    X(I32_ADD_IMM2, "ssissi", 0)                 /* d a imm d2 a2 imm2: two I32_ADD_IMMs, in order */ \
    X(I32_ADD_ADD_IMM, "sssi", OPF_PURE | OPF_ACC)/* d a b imm: a + b + imm */ \
    X(I32_MUL_ADD, "ssss", OPF_PURE | OPF_ACC)   /* d a b c: a * b + c */ \
    X(I32_STORE_ADD_K, "siies", 0)               /* a k imm offset home: I32_STORE_ADD of the constant k */ \
    X(I32_STORE8_ADD_K, "siies", 0)              /* a k imm offset home: I32_STORE8_ADD of the constant k */ \
    X(I32_STORE_IDX_K, "sises", 0)               /* a k b offset home: I32_STORE_IDX of the constant k */ \
    X(I32_STORE8_IDX_K, "sises", 0)              /* a k b offset home: I32_STORE8_IDX of the constant k */ \
    X(BR_ADD_I32_NE, "ssisT", 0)                 /* d a k b target: d = a + k, then BR_I32_NE d b target */ \
    X(BR_ADD_I32_NE_IMM, "ssiiT", 0)             \
    X(BR_ADD_I32_LT_S, "ssisT", 0)               \
    X(BR_ADD_I32_LT_U, "ssisT", 0)               \
    X(BR_ADD_I32_GT_U_IMM, "ssiiT", 0)           \
    X(BR_ADDR_I32_NE, "ssssT", 0)                /* d a b c target: d = a + b, then BR_I32_NE d c target */ \
    X(BR_ADDR_I32_LT_S, "ssssT", 0)              \
    X(BR_ADDR_I32_LT_U, "ssssT", 0)              \
    X(BR_ADDR_I32_LE_S, "ssssT", 0)              \
    X(BR_ADDR_I32_LE_U, "ssssT", 0)              \
    X(BR_TEST_IMM, "sxT", 0)                     /* a k target: branch if a & k (a bit test) */ \
    X(BR_TESTZ_IMM, "sxT", 0)                    /* a k target: branch if !(a & k) */ \
    X(CALL_LOCAL, "cs" GUESS_, OPF_CALL)         /* funcidx base (guess): a CALL of a function the module defines */ \
    X(COPY_BR, "ssT", 0)                         /* d s target: COPY, then BR (a loop's back edge) */ \
    X(COPY2_BR, "ssssT", 0)                      /* d s d2 s2 target: COPY2, then BR */ \
    X(COPY3, "ssssss", 0)                        /* d s d2 s2 d3 s3: three COPYs, in order */ \
    X(COPY3_BR, "ssssssT", 0)                    /* d s d2 s2 d3 s3 target: COPY3, then BR */ \
    X(I32_RSUB_IMM, "ssi", OPF_PURE | OPF_ACC)   /* d a imm: imm - a */ \
    X(I32_RSHL_IMM, "ssi", OPF_PURE | OPF_ACC)   /* d a imm: imm << a (a bit mask, 1 << n) */ \
    X(BR_ADD_I32_EQ_IMM, "ssiiT", 0)             /* d a k imm target: d = a + k, then branch if d == imm */ \
    X(I32_LOAD_ADD_KEEP, "ssies", OPF_ACC)       /* d a imm end home: I32_LOAD_ADD whose a + imm stays in home (x = *--p) */ \
    X(COPY64, "ss", 0)                           /* d s: an i64/f64 move where the COPYs move 32 bits (WISP_MOVE32) */

/* Binary ops with a constant right operand: "d a imm", in one word
 * (WISP_IMMOPS32: i32 ops, and i64 shifts and rotates, whose count is
 * taken mod 64), or two, low first (WISP_IMMOPS64: the other i64 ops, so
 * that a multiply by 6364136223846793005 or an and with 0xffffffff has one
 * too). X(NAME, base op, the imm op to use when the constant is the left
 * operand instead, or UNREACHABLE for none). */
#define WISP_IMMOPS(X) WISP_IMMOPS32(X) WISP_IMMOPS64(X)
#define WISP_IMMOPS32(X) \
    X(I32_ADD_IMM, I32_ADD, I32_ADD_IMM) \
    X(I32_SUB_IMM, I32_SUB, I32_RSUB_IMM) \
    X(I32_MUL_IMM, I32_MUL, I32_MUL_IMM) \
    X(I32_AND_IMM, I32_AND, I32_AND_IMM) \
    X(I32_OR_IMM, I32_OR, I32_OR_IMM) \
    X(I32_XOR_IMM, I32_XOR, I32_XOR_IMM) \
    X(I32_SHL_IMM, I32_SHL, I32_RSHL_IMM) \
    X(I32_SHR_S_IMM, I32_SHR_S, UNREACHABLE) \
    X(I32_SHR_U_IMM, I32_SHR_U, UNREACHABLE) \
    X(I32_ROTL_IMM, I32_ROTL, UNREACHABLE) \
    X(I32_ROTR_IMM, I32_ROTR, UNREACHABLE) \
    X(I32_EQ_IMM, I32_EQ, I32_EQ_IMM) \
    X(I32_NE_IMM, I32_NE, I32_NE_IMM) \
    X(I32_LT_S_IMM, I32_LT_S, I32_GT_S_IMM) \
    X(I32_LT_U_IMM, I32_LT_U, I32_GT_U_IMM) \
    X(I32_GT_S_IMM, I32_GT_S, I32_LT_S_IMM) \
    X(I32_GT_U_IMM, I32_GT_U, I32_LT_U_IMM) \
    X(I32_LE_S_IMM, I32_LE_S, I32_GE_S_IMM) \
    X(I32_LE_U_IMM, I32_LE_U, I32_GE_U_IMM) \
    X(I32_GE_S_IMM, I32_GE_S, I32_LE_S_IMM) \
    X(I32_GE_U_IMM, I32_GE_U, I32_LE_U_IMM) \
    X(I64_SHL_IMM, I64_SHL, UNREACHABLE) \
    X(I64_SHR_S_IMM, I64_SHR_S, UNREACHABLE) \
    X(I64_SHR_U_IMM, I64_SHR_U, UNREACHABLE) \
    X(I64_ROTL_IMM, I64_ROTL, UNREACHABLE) \
    X(I64_ROTR_IMM, I64_ROTR, UNREACHABLE)
#define WISP_IMMOPS64(X) \
    X(I64_ADD_IMM, I64_ADD, I64_ADD_IMM) \
    X(I64_SUB_IMM, I64_SUB, UNREACHABLE) \
    X(I64_MUL_IMM, I64_MUL, I64_MUL_IMM) \
    X(I64_AND_IMM, I64_AND, I64_AND_IMM) \
    X(I64_OR_IMM, I64_OR, I64_OR_IMM) \
    X(I64_XOR_IMM, I64_XOR, I64_XOR_IMM) \
    X(I64_EQ_IMM, I64_EQ, I64_EQ_IMM) \
    X(I64_NE_IMM, I64_NE, I64_NE_IMM) \
    X(I64_LT_S_IMM, I64_LT_S, I64_GT_S_IMM) \
    X(I64_LT_U_IMM, I64_LT_U, I64_GT_U_IMM) \
    X(I64_GT_S_IMM, I64_GT_S, I64_LT_S_IMM) \
    X(I64_GT_U_IMM, I64_GT_U, I64_LT_U_IMM) \
    X(I64_LE_S_IMM, I64_LE_S, I64_GE_S_IMM) \
    X(I64_LE_U_IMM, I64_LE_U, I64_GE_U_IMM) \
    X(I64_GE_S_IMM, I64_GE_S, I64_LE_S_IMM) \
    X(I64_GE_U_IMM, I64_GE_U, I64_LE_U_IMM)

/* A table lookup, `t[i]` for a table at a constant address: the shift
 * scaling the index and the add of the table's address feed the load:
 * "d x k imm offset home", the address (x << k) + imm (wrapping, as the
 * shift and the add would), `home` as in WISP_MEMADD. X(NAME, the plain
 * load). Not in the compact configuration. */
#define WISP_MEMSHL(X) \
    X(I32_LOAD_SHL, I32_LOAD) \
    X(I64_LOAD_SHL, I64_LOAD) \
    X(F32_LOAD_SHL, F32_LOAD) \
    X(F64_LOAD_SHL, F64_LOAD) \
    X(I32_LOAD16_S_SHL, I32_LOAD16_S) \
    X(I32_LOAD16_U_SHL, I32_LOAD16_U)

/* An access at a constant address (a global variable): "d end" for a
 * load, "value end" for a store, end = address + offset + access size,
 * known at translate time (where it fits in 32 bits). X(NAME, the plain
 * access). Not in the compact configuration. */
#define WISP_MEMABS(X) \
    X(I32_LOAD_ABS, I32_LOAD) \
    X(I64_LOAD_ABS, I64_LOAD) \
    X(F32_LOAD_ABS, F32_LOAD) \
    X(F64_LOAD_ABS, F64_LOAD) \
    X(I32_LOAD8_U_ABS, I32_LOAD8_U) \
    X(I32_STORE_ABS, I32_STORE) \
    X(I64_STORE_ABS, I64_STORE) \
    X(F32_STORE_ABS, F32_STORE) \
    X(F64_STORE_ABS, F64_STORE) \
    X(I32_STORE8_ABS, I32_STORE8)

/* Float ops with a constant operand: "d a imm" (f32: one word of bits) or
 * "d a lo hi" (f64), so a literal is not stored to a slot each time it is
 * used. X(NAME, base op, the form for a constant on the left, operand
 * words). WISP_FIMMREV lists the left forms of the ops that do not
 * commute, "d a imm" for imm - a and imm / a: X(NAME, operand words). Not
 * in the compact configuration. */
#define WISP_FIMMOPS(X) \
    X(F32_ADD_IMM, F32_ADD, F32_ADD_IMM, 3) \
    X(F32_SUB_IMM, F32_SUB, F32_RSUB_IMM, 3) \
    X(F32_MUL_IMM, F32_MUL, F32_MUL_IMM, 3) \
    X(F32_DIV_IMM, F32_DIV, F32_RDIV_IMM, 3) \
    X(F32_EQ_IMM, F32_EQ, F32_EQ_IMM, 3) \
    X(F32_NE_IMM, F32_NE, F32_NE_IMM, 3) \
    X(F32_LT_IMM, F32_LT, F32_GT_IMM, 3) \
    X(F32_GT_IMM, F32_GT, F32_LT_IMM, 3) \
    X(F32_LE_IMM, F32_LE, F32_GE_IMM, 3) \
    X(F32_GE_IMM, F32_GE, F32_LE_IMM, 3) \
    X(F64_ADD_IMM, F64_ADD, F64_ADD_IMM, 4) \
    X(F64_SUB_IMM, F64_SUB, F64_RSUB_IMM, 4) \
    X(F64_MUL_IMM, F64_MUL, F64_MUL_IMM, 4) \
    X(F64_DIV_IMM, F64_DIV, F64_RDIV_IMM, 4) \
    X(F64_EQ_IMM, F64_EQ, F64_EQ_IMM, 4) \
    X(F64_NE_IMM, F64_NE, F64_NE_IMM, 4) \
    X(F64_LT_IMM, F64_LT, F64_GT_IMM, 4) \
    X(F64_GT_IMM, F64_GT, F64_LT_IMM, 4) \
    X(F64_LE_IMM, F64_LE, F64_GE_IMM, 4) \
    X(F64_GE_IMM, F64_GE, F64_LE_IMM, 4)
#define WISP_FIMMREV(X) X(F32_RSUB_IMM, 3) X(F32_RDIV_IMM, 3) X(F64_RSUB_IMM, 4) X(F64_RDIV_IMM, 4)

/* An i32 op taking in a shift of its second operand by a constant, as
 * hashes, checksums and bit packing write them: "d a b k" is
 * a OP (b SHIFT k), k already masked to 0..31 (a rotate right is a rotate
 * left by 32 - k). X(NAME, op, shift op it takes in). Not in the compact
 * configuration. */
#define WISP_SHIFTOPS(X) \
    X(I32_ADD_SHL, I32_ADD, I32_SHL_IMM) X(I32_ADD_SHR_U, I32_ADD, I32_SHR_U_IMM) \
    X(I32_ADD_ROTL, I32_ADD, I32_ROTL_IMM) X(I32_XOR_SHL, I32_XOR, I32_SHL_IMM) \
    X(I32_XOR_SHR_U, I32_XOR, I32_SHR_U_IMM) X(I32_XOR_ROTL, I32_XOR, I32_ROTL_IMM) \
    X(I32_OR_SHL, I32_OR, I32_SHL_IMM) X(I32_OR_SHR_U, I32_OR, I32_SHR_U_IMM) \
    X(I32_OR_ROTL, I32_OR, I32_ROTL_IMM) X(I32_AND_SHL, I32_AND, I32_SHL_IMM) \
    X(I32_AND_SHR_U, I32_AND, I32_SHR_U_IMM) X(I32_AND_ROTL, I32_AND, I32_ROTL_IMM)

/* A float add or subtract taking in the multiply of one operand (two
 * roundings, as the two instructions: never a fused multiply-add). "d a b c"
 * for MUL_ADD a*b + c, MUL_SUB a*b - c, MUL_RSUB c - a*b; the CMUL forms
 * compute the same from "d c a b", so that an accumulator form can read c
 * (a running sum) rather than a. X(NAME, add or sub op, multiply op, which:
 * 0 a*b + c, 1 a*b - c, 2 c - a*b, with 4 added for the c-first order). */
#define WISP_FMULOPS(X) \
    X(F32_MUL_ADD, F32_ADD, F32_MUL, 0) X(F32_MUL_SUB, F32_SUB, F32_MUL, 1) \
    X(F32_MUL_RSUB, F32_SUB, F32_MUL, 2) X(F32_CMUL_ADD, F32_ADD, F32_MUL, 4) \
    X(F32_CMUL_SUB, F32_SUB, F32_MUL, 5) X(F32_CMUL_RSUB, F32_SUB, F32_MUL, 6) \
    X(F64_MUL_ADD, F64_ADD, F64_MUL, 0) X(F64_MUL_SUB, F64_SUB, F64_MUL, 1) \
    X(F64_MUL_RSUB, F64_SUB, F64_MUL, 2) X(F64_CMUL_ADD, F64_ADD, F64_MUL, 4) \
    X(F64_CMUL_SUB, F64_SUB, F64_MUL, 5) X(F64_CMUL_RSUB, F64_SUB, F64_MUL, 6)

/* A compare feeding br_if or if becomes one branch: "a b target" (b an
 * immediate for the _IMM forms). X(NAME, compare op, the branch taken
 * when the compare is false). */
#define WISP_BRCMP(X) \
    X(BR_I32_EQ, I32_EQ, BR_I32_NE) \
    X(BR_I32_NE, I32_NE, BR_I32_EQ) \
    X(BR_I32_LT_S, I32_LT_S, BR_I32_GE_S) \
    X(BR_I32_LT_U, I32_LT_U, BR_I32_GE_U) \
    X(BR_I32_GT_S, I32_GT_S, BR_I32_LE_S) \
    X(BR_I32_GT_U, I32_GT_U, BR_I32_LE_U) \
    X(BR_I32_LE_S, I32_LE_S, BR_I32_GT_S) \
    X(BR_I32_LE_U, I32_LE_U, BR_I32_GT_U) \
    X(BR_I32_GE_S, I32_GE_S, BR_I32_LT_S) \
    X(BR_I32_GE_U, I32_GE_U, BR_I32_LT_U) \
    X(BR_I32_EQ_IMM, I32_EQ_IMM, BR_I32_NE_IMM) \
    X(BR_I32_NE_IMM, I32_NE_IMM, BR_I32_EQ_IMM) \
    X(BR_I32_LT_S_IMM, I32_LT_S_IMM, BR_I32_GE_S_IMM) \
    X(BR_I32_LT_U_IMM, I32_LT_U_IMM, BR_I32_GE_U_IMM) \
    X(BR_I32_GT_S_IMM, I32_GT_S_IMM, BR_I32_LE_S_IMM) \
    X(BR_I32_GT_U_IMM, I32_GT_U_IMM, BR_I32_LE_U_IMM) \
    X(BR_I32_LE_S_IMM, I32_LE_S_IMM, BR_I32_GT_S_IMM) \
    X(BR_I32_LE_U_IMM, I32_LE_U_IMM, BR_I32_GT_U_IMM) \
    X(BR_I32_GE_S_IMM, I32_GE_S_IMM, BR_I32_LT_S_IMM) \
    X(BR_I32_GE_U_IMM, I32_GE_U_IMM, BR_I32_LT_U_IMM) \
    X(BR_I64_EQ, I64_EQ, BR_I64_NE) \
    X(BR_I64_NE, I64_NE, BR_I64_EQ) \
    X(BR_I64_LT_S, I64_LT_S, BR_I64_GE_S) \
    X(BR_I64_LT_U, I64_LT_U, BR_I64_GE_U) \
    X(BR_I64_GT_S, I64_GT_S, BR_I64_LE_S) \
    X(BR_I64_GT_U, I64_GT_U, BR_I64_LE_U) \
    X(BR_I64_LE_S, I64_LE_S, BR_I64_GT_S) \
    X(BR_I64_LE_U, I64_LE_U, BR_I64_GT_U) \
    X(BR_I64_GE_S, I64_GE_S, BR_I64_LT_S) \
    X(BR_I64_GE_U, I64_GE_U, BR_I64_LT_U)

/* An i32.add of a constant feeding a memory access's address becomes part
 * of it: load "d a imm offset home", store "a value imm offset home". The
 * address is a + imm (wrapping, as the add would), `home` the slot the add
 * would have written: set only when the access traps, for backtraces.
 * X(NAME, the plain access). */
#define WISP_MEMADD(X) \
    X(I32_LOAD_ADD, I32_LOAD) \
    X(I64_LOAD_ADD, I64_LOAD) \
    X(F32_LOAD_ADD, F32_LOAD) \
    X(F64_LOAD_ADD, F64_LOAD) \
    X(I32_LOAD8_S_ADD, I32_LOAD8_S) \
    X(I32_LOAD8_U_ADD, I32_LOAD8_U) \
    X(I32_LOAD16_S_ADD, I32_LOAD16_S) \
    X(I32_LOAD16_U_ADD, I32_LOAD16_U) \
    X(I32_STORE_ADD, I32_STORE) \
    X(I64_STORE_ADD, I64_STORE) \
    X(F32_STORE_ADD, F32_STORE) \
    X(F64_STORE_ADD, F64_STORE) \
    X(I32_STORE8_ADD, I32_STORE8) \
    X(I32_STORE16_ADD, I32_STORE16)

/* The same with a register address a + b: load "d a b offset home", store
 * "a value b offset home". X(NAME, the plain access). */
#define WISP_MEMIDX(X) \
    X(I32_LOAD_IDX, I32_LOAD) \
    X(I32_LOAD8_U_IDX, I32_LOAD8_U) \
    X(I32_LOAD16_U_IDX, I32_LOAD16_U) \
    X(I32_LOAD16_S_IDX, I32_LOAD16_S) \
    X(I32_STORE_IDX, I32_STORE) \
    X(I32_STORE8_IDX, I32_STORE8)

/* Accumulator forms (WISP_ACC): an i32 operand that the instruction just
 * before computed is taken from a register, not reloaded from its slot.
 * The producer writes its slot all the same (backtraces and coredumps see
 * every value); the register saves the reload and, on out-of-order cores,
 * the store-to-load latency that chains of dependent instructions pay.
 * Operands are the plain op's, word for word. X(NAME, plain op, the
 * operand (0 = first) read from the register, 1 when it and the next one
 * may be swapped). */
#define WISP_ACCOPS(X) \
    X(I32_EQZ_A, I32_EQZ, 1, 0) \
    X(I32_EQ_A, I32_EQ, 1, 1) \
    X(I32_NE_A, I32_NE, 1, 1) \
    X(I32_LT_S_A, I32_LT_S, 1, 0) \
    X(I32_LT_U_A, I32_LT_U, 1, 0) \
    X(I32_GT_S_A, I32_GT_S, 1, 0) \
    X(I32_GT_U_A, I32_GT_U, 1, 0) \
    X(I32_LE_S_A, I32_LE_S, 1, 0) \
    X(I32_LE_U_A, I32_LE_U, 1, 0) \
    X(I32_GE_S_A, I32_GE_S, 1, 0) \
    X(I32_GE_U_A, I32_GE_U, 1, 0) \
    X(I32_ADD_A, I32_ADD, 1, 1) \
    X(I32_SUB_A, I32_SUB, 1, 0) \
    X(I32_MUL_A, I32_MUL, 1, 1) \
    X(I32_AND_A, I32_AND, 1, 1) \
    X(I32_OR_A, I32_OR, 1, 1) \
    X(I32_XOR_A, I32_XOR, 1, 1) \
    X(I32_SHL_A, I32_SHL, 1, 0) \
    X(I32_SHR_S_A, I32_SHR_S, 1, 0) \
    X(I32_SHR_U_A, I32_SHR_U, 1, 0) \
    X(I32_ROTL_A, I32_ROTL, 1, 0) \
    X(I32_ROTR_A, I32_ROTR, 1, 0) \
    X(I32_ADD_IMM_A, I32_ADD_IMM, 1, 0) \
    X(I32_SUB_IMM_A, I32_SUB_IMM, 1, 0) \
    X(I32_RSUB_IMM_A, I32_RSUB_IMM, 1, 0) \
    X(I32_STORE_ABS_A, I32_STORE_ABS, 0, 0) \
    X(I32_STORE8_ABS_A, I32_STORE8_ABS, 0, 0) \
    X(F32_STORE_ABS_A, F32_STORE_ABS, 0, 0) \
    X(F64_STORE_ABS_A, F64_STORE_ABS, 0, 0) \
    X(I32_RSHL_IMM_A, I32_RSHL_IMM, 1, 0) \
    X(I32_MUL_IMM_A, I32_MUL_IMM, 1, 0) \
    X(I32_AND_IMM_A, I32_AND_IMM, 1, 0) \
    X(I32_OR_IMM_A, I32_OR_IMM, 1, 0) \
    X(I32_XOR_IMM_A, I32_XOR_IMM, 1, 0) \
    X(I32_SHL_IMM_A, I32_SHL_IMM, 1, 0) \
    X(I32_SHR_S_IMM_A, I32_SHR_S_IMM, 1, 0) \
    X(I32_SHR_U_IMM_A, I32_SHR_U_IMM, 1, 0) \
    X(I32_ROTL_IMM_A, I32_ROTL_IMM, 1, 0) \
    X(I32_ROTR_IMM_A, I32_ROTR_IMM, 1, 0) \
    X(I32_EQ_IMM_A, I32_EQ_IMM, 1, 0) \
    X(I32_NE_IMM_A, I32_NE_IMM, 1, 0) \
    X(I32_LT_S_IMM_A, I32_LT_S_IMM, 1, 0) \
    X(I32_LT_U_IMM_A, I32_LT_U_IMM, 1, 0) \
    X(I32_GT_S_IMM_A, I32_GT_S_IMM, 1, 0) \
    X(I32_GT_U_IMM_A, I32_GT_U_IMM, 1, 0) \
    X(I32_LE_S_IMM_A, I32_LE_S_IMM, 1, 0) \
    X(I32_LE_U_IMM_A, I32_LE_U_IMM, 1, 0) \
    X(I32_GE_S_IMM_A, I32_GE_S_IMM, 1, 0) \
    X(I32_GE_U_IMM_A, I32_GE_U_IMM, 1, 0) \
    X(I32_LOAD_A, I32_LOAD, 1, 0) \
    X(I64_LOAD_A, I64_LOAD, 1, 0) \
    X(F32_LOAD_A, F32_LOAD, 1, 0) \
    X(F64_LOAD_A, F64_LOAD, 1, 0) \
    X(I32_LOAD8_S_A, I32_LOAD8_S, 1, 0) \
    X(I32_LOAD8_U_A, I32_LOAD8_U, 1, 0) \
    X(I32_LOAD16_S_A, I32_LOAD16_S, 1, 0) \
    X(I32_LOAD16_U_A, I32_LOAD16_U, 1, 0) \
    X(I64_LOAD8_S_A, I64_LOAD8_S, 1, 0) \
    X(I64_LOAD8_U_A, I64_LOAD8_U, 1, 0) \
    X(I64_LOAD16_S_A, I64_LOAD16_S, 1, 0) \
    X(I64_LOAD16_U_A, I64_LOAD16_U, 1, 0) \
    X(I64_LOAD32_S_A, I64_LOAD32_S, 1, 0) \
    X(I64_LOAD32_U_A, I64_LOAD32_U, 1, 0) \
    X(I32_STORE_A, I32_STORE, 1, 0) \
    X(I32_STORE8_A, I32_STORE8, 1, 0) \
    X(I32_STORE16_A, I32_STORE16, 1, 0) \
    X(I32_LOAD_ADD_A, I32_LOAD_ADD, 1, 0) \
    X(I64_LOAD_ADD_A, I64_LOAD_ADD, 1, 0) \
    X(F32_LOAD_ADD_A, F32_LOAD_ADD, 1, 0) \
    X(F64_LOAD_ADD_A, F64_LOAD_ADD, 1, 0) \
    X(I32_LOAD8_S_ADD_A, I32_LOAD8_S_ADD, 1, 0) \
    X(I32_LOAD8_U_ADD_A, I32_LOAD8_U_ADD, 1, 0) \
    X(I32_LOAD16_S_ADD_A, I32_LOAD16_S_ADD, 1, 0) \
    X(I32_LOAD16_U_ADD_A, I32_LOAD16_U_ADD, 1, 0) \
    X(I32_LOAD_IDX_A, I32_LOAD_IDX, 1, 1) \
    X(I32_LOAD8_U_IDX_A, I32_LOAD8_U_IDX, 1, 1) \
    X(I32_LOAD16_U_IDX_A, I32_LOAD16_U_IDX, 1, 1) \
    X(I32_LOAD16_S_IDX_A, I32_LOAD16_S_IDX, 1, 1) \
    X(BR_IF_A, BR_IF, 0, 0) \
    X(BR_UNLESS_A, BR_UNLESS, 0, 0) \
    X(SELECT_A, SELECT, 3, 0) \
    X(BR_TEST_IMM_A, BR_TEST_IMM, 0, 0) \
    X(I32_STORE_ADD_A, I32_STORE_ADD, 1, 0) \
    X(I32_STORE8_ADD_A, I32_STORE8_ADD, 1, 0) \
    X(I32_STORE16_ADD_A, I32_STORE16_ADD, 1, 0) \
    X(F32_STORE_ADD_A, F32_STORE_ADD, 1, 0) \
    X(F64_STORE_ADD_A, F64_STORE_ADD, 1, 0) \
    X(I32_STORE_IDX_A, I32_STORE_IDX, 1, 0) \
    X(I32_LOAD_SHL_A, I32_LOAD_SHL, 1, 0) \
    X(I64_LOAD_SHL_A, I64_LOAD_SHL, 1, 0) \
    X(F32_LOAD_SHL_A, F32_LOAD_SHL, 1, 0) \
    X(F64_LOAD_SHL_A, F64_LOAD_SHL, 1, 0) \
    X(I32_LOAD16_S_SHL_A, I32_LOAD16_S_SHL, 1, 0) \
    X(I32_LOAD16_U_SHL_A, I32_LOAD16_U_SHL, 1, 0) \
    X(I32_STORE8_IDX_A, I32_STORE8_IDX, 1, 0) \
    X(BR_TESTZ_IMM_A, BR_TESTZ_IMM, 0, 0) \
    X(BR_I32_EQ_A, BR_I32_EQ, 0, 1) \
    X(BR_I32_NE_A, BR_I32_NE, 0, 1) \
    X(BR_I32_LT_S_A, BR_I32_LT_S, 0, 0) \
    X(BR_I32_LT_U_A, BR_I32_LT_U, 0, 0) \
    X(BR_I32_GT_S_A, BR_I32_GT_S, 0, 0) \
    X(BR_I32_GT_U_A, BR_I32_GT_U, 0, 0) \
    X(BR_I32_LE_S_A, BR_I32_LE_S, 0, 0) \
    X(BR_I32_LE_U_A, BR_I32_LE_U, 0, 0) \
    X(BR_I32_GE_S_A, BR_I32_GE_S, 0, 0) \
    X(BR_I32_GE_U_A, BR_I32_GE_U, 0, 0) \
    X(BR_I32_EQ_IMM_A, BR_I32_EQ_IMM, 0, 0) \
    X(BR_I32_NE_IMM_A, BR_I32_NE_IMM, 0, 0) \
    X(BR_I32_LT_S_IMM_A, BR_I32_LT_S_IMM, 0, 0) \
    X(BR_I32_LT_U_IMM_A, BR_I32_LT_U_IMM, 0, 0) \
    X(BR_I32_GT_S_IMM_A, BR_I32_GT_S_IMM, 0, 0) \
    X(BR_I32_GT_U_IMM_A, BR_I32_GT_U_IMM, 0, 0) \
    X(BR_I32_LE_S_IMM_A, BR_I32_LE_S_IMM, 0, 0) \
    X(BR_I32_LE_U_IMM_A, BR_I32_LE_U_IMM, 0, 0) \
    X(BR_I32_GE_S_IMM_A, BR_I32_GE_S_IMM, 0, 0) \
    X(BR_I32_GE_U_IMM_A, BR_I32_GE_U_IMM, 0, 0) \
    X(F32_ADD_A, F32_ADD, 1, 1) \
    X(F32_SUB_A, F32_SUB, 1, 0) \
    X(F32_MUL_A, F32_MUL, 1, 1) \
    X(F32_DIV_A, F32_DIV, 1, 0) \
    X(F64_ADD_A, F64_ADD, 1, 1) \
    X(F64_SUB_A, F64_SUB, 1, 0) \
    X(F64_MUL_A, F64_MUL, 1, 1) \
    X(F64_DIV_A, F64_DIV, 1, 0) \
    X(F32_EQ_A, F32_EQ, 1, 1) \
    X(F32_NE_A, F32_NE, 1, 1) \
    X(F32_LT_A, F32_LT, 1, 0) \
    X(F32_GT_A, F32_GT, 1, 0) \
    X(F32_LE_A, F32_LE, 1, 0) \
    X(F32_GE_A, F32_GE, 1, 0) \
    X(F64_EQ_A, F64_EQ, 1, 1) \
    X(F64_NE_A, F64_NE, 1, 1) \
    X(F64_LT_A, F64_LT, 1, 0) \
    X(F64_GT_A, F64_GT, 1, 0) \
    X(F64_LE_A, F64_LE, 1, 0) \
    X(F64_GE_A, F64_GE, 1, 0) \
    X(F32_STORE_A, F32_STORE, 1, 0) \
    X(F32_ADD_IMM_A, F32_ADD_IMM, 1, 0) \
    X(F32_SUB_IMM_A, F32_SUB_IMM, 1, 0) \
    X(F32_MUL_IMM_A, F32_MUL_IMM, 1, 0) \
    X(F32_DIV_IMM_A, F32_DIV_IMM, 1, 0) \
    X(F32_EQ_IMM_A, F32_EQ_IMM, 1, 0) \
    X(F32_NE_IMM_A, F32_NE_IMM, 1, 0) \
    X(F32_LT_IMM_A, F32_LT_IMM, 1, 0) \
    X(F32_GT_IMM_A, F32_GT_IMM, 1, 0) \
    X(F32_LE_IMM_A, F32_LE_IMM, 1, 0) \
    X(F32_GE_IMM_A, F32_GE_IMM, 1, 0) \
    X(F64_ADD_IMM_A, F64_ADD_IMM, 1, 0) \
    X(F64_SUB_IMM_A, F64_SUB_IMM, 1, 0) \
    X(F64_MUL_IMM_A, F64_MUL_IMM, 1, 0) \
    X(F64_DIV_IMM_A, F64_DIV_IMM, 1, 0) \
    X(F64_EQ_IMM_A, F64_EQ_IMM, 1, 0) \
    X(F64_NE_IMM_A, F64_NE_IMM, 1, 0) \
    X(F64_LT_IMM_A, F64_LT_IMM, 1, 0) \
    X(F64_GT_IMM_A, F64_GT_IMM, 1, 0) \
    X(F64_LE_IMM_A, F64_LE_IMM, 1, 0) \
    X(F64_GE_IMM_A, F64_GE_IMM, 1, 0) \
    X(F32_RSUB_IMM_A, F32_RSUB_IMM, 1, 0) \
    X(F32_RDIV_IMM_A, F32_RDIV_IMM, 1, 0) \
    X(F64_RSUB_IMM_A, F64_RSUB_IMM, 1, 0) \
    X(F64_RDIV_IMM_A, F64_RDIV_IMM, 1, 0) \
    X(F64_STORE_A, F64_STORE, 1, 0) \
    X(I32_ADD_SHL_A, I32_ADD_SHL, 1, 0) \
    X(I32_ADD_SHR_U_A, I32_ADD_SHR_U, 1, 0) \
    X(I32_ADD_ROTL_A, I32_ADD_ROTL, 1, 0) \
    X(I32_XOR_SHL_A, I32_XOR_SHL, 1, 0) \
    X(I32_XOR_SHR_U_A, I32_XOR_SHR_U, 1, 0) \
    X(I32_XOR_ROTL_A, I32_XOR_ROTL, 1, 0) \
    X(I32_OR_SHL_A, I32_OR_SHL, 1, 0) \
    X(I32_OR_SHR_U_A, I32_OR_SHR_U, 1, 0) \
    X(I32_OR_ROTL_A, I32_OR_ROTL, 1, 0) \
    X(I32_AND_SHL_A, I32_AND_SHL, 1, 0) \
    X(I32_AND_SHR_U_A, I32_AND_SHR_U, 1, 0) \
    X(I32_AND_ROTL_A, I32_AND_ROTL, 1, 0) \
    X(F32_MUL_ADD_A, F32_MUL_ADD, 1, 1) \
    X(F32_CMUL_ADD_A, F32_CMUL_ADD, 1, 0) \
    X(F32_MUL_SUB_A, F32_MUL_SUB, 1, 1) \
    X(F32_CMUL_SUB_A, F32_CMUL_SUB, 1, 0) \
    X(F32_MUL_RSUB_A, F32_MUL_RSUB, 1, 1) \
    X(F32_CMUL_RSUB_A, F32_CMUL_RSUB, 1, 0) \
    X(F64_MUL_ADD_A, F64_MUL_ADD, 1, 1) \
    X(F64_CMUL_ADD_A, F64_CMUL_ADD, 1, 0) \
    X(F64_MUL_SUB_A, F64_MUL_SUB, 1, 1) \
    X(F64_CMUL_SUB_A, F64_CMUL_SUB, 1, 0) \
    X(F64_MUL_RSUB_A, F64_MUL_RSUB, 1, 1) \
    X(F64_CMUL_RSUB_A, F64_CMUL_RSUB, 1, 0)

/* Accumulator forms that read operand b of "d a b" (word 3), for ops that
 * do not commute: x - f(...) as often as f(...) - x. (The compares are
 * turned around instead: a < b is b > a.) X(NAME, base op). */
#define WISP_ACCOPS_B(X) \
    X(I32_SUB_B, I32_SUB) X(F32_SUB_B, F32_SUB) X(F32_DIV_B, F32_DIV) X(F64_SUB_B, F64_SUB) \
    X(F64_DIV_B, F64_DIV)

/* The instructions of the other lists that leave their result (operand 0)
 * in the register of its type as well (i32, f32, f64 each have one), and so
 * do their accumulator forms; WISP_INTERNAL says it with OPF_ACC. X takes
 * the name first (the lists included whole pass more after it). */
#define WISP_ACC_SETS(X) \
    X(I32_EQZ) X(I32_EQ) X(I32_NE) X(I32_LT_S) X(I32_LT_U) X(I32_GT_S) X(I32_GT_U) \
    X(I32_LE_S) X(I32_LE_U) X(I32_GE_S) X(I32_GE_U) X(I32_CLZ) X(I32_CTZ) X(I32_POPCNT) \
    X(I32_ADD) X(I32_SUB) X(I32_MUL) X(I32_AND) X(I32_OR) X(I32_XOR) X(I32_SHL) \
    X(I32_SHR_S) X(I32_SHR_U) X(I32_ROTL) X(I32_ROTR) X(I32_WRAP_I64) X(I32_EXTEND8_S) \
    X(I32_EXTEND16_S) X(I32_ADD_IMM) X(I32_SUB_IMM) X(I32_MUL_IMM) X(I32_AND_IMM) \
    X(I32_LOAD_ABS) X(F32_LOAD_ABS) X(F64_LOAD_ABS) \
    X(I32_LOAD8_U_ABS) \
    X(I32_OR_IMM) X(I32_XOR_IMM) X(I32_SHL_IMM) X(I32_SHR_S_IMM) X(I32_SHR_U_IMM) \
    X(I32_ROTL_IMM) X(I32_ROTR_IMM) X(I32_EQ_IMM) X(I32_NE_IMM) X(I32_LT_S_IMM) \
    X(I32_LT_U_IMM) X(I32_GT_S_IMM) X(I32_GT_U_IMM) X(I32_LE_S_IMM) X(I32_LE_U_IMM) \
    X(I32_GE_S_IMM) X(I32_GE_U_IMM) X(I32_LOAD) X(I32_LOAD8_S) X(I32_LOAD8_U) \
    X(I32_LOAD16_S) X(I32_LOAD16_U) X(I32_LOAD_ADD) X(I32_LOAD8_S_ADD) X(I32_LOAD8_U_ADD) \
    X(I32_LOAD16_S_ADD) X(I32_LOAD16_U_ADD) X(I32_LOAD_IDX) X(I32_LOAD8_U_IDX) \
    X(I32_LOAD16_U_IDX) X(I32_LOAD16_S_IDX) \
    X(F32_ADD) X(F32_SUB) X(F32_MUL) X(F32_DIV) X(F64_ADD) X(F64_SUB) X(F64_MUL) X(F64_DIV) \
    X(F32_LOAD) X(F64_LOAD) X(F32_LOAD_ADD) X(F64_LOAD_ADD) X(F32_ADD_IMM) X(F32_SUB_IMM) \
    X(F32_MUL_IMM) X(F32_DIV_IMM) X(F64_ADD_IMM) X(F64_SUB_IMM) X(F64_MUL_IMM) X(F64_DIV_IMM) \
    X(F32_RSUB_IMM) X(F32_RDIV_IMM) X(F64_RSUB_IMM) X(F64_RDIV_IMM) \
    X(I32_LOAD_SHL) X(F32_LOAD_SHL) X(F64_LOAD_SHL) X(I32_LOAD16_S_SHL) X(I32_LOAD16_U_SHL) \
    WISP_SHIFTOPS(X) WISP_FMULOPS(X)

/* The compact configuration, used by default when compiling for size
 * (wisp_config.h: -Os by default):
 * the translator does not emit the speed-only forms listed here, those that
 * cost the most code for the least speed, and the interpreter has no
 * handlers for them. Their opcodes stay, so numbering is the same in both. */
#define WISP_COMPACT_OMIT(X, a) \
    X(I64_ADD_IMM, a) X(I64_SUB_IMM, a) X(I64_MUL_IMM, a) X(I64_AND_IMM, a) X(I64_OR_IMM, a) \
    X(I64_XOR_IMM, a) X(I64_SHL_IMM, a) X(I64_SHR_S_IMM, a) X(I64_SHR_U_IMM, a) \
    X(I64_ROTL_IMM, a) X(I64_ROTR_IMM, a) X(I64_EQ_IMM, a) \
    X(I64_NE_IMM, a) X(I64_LT_S_IMM, a) X(I64_LT_U_IMM, a) X(I64_GT_S_IMM, a) X(I64_GT_U_IMM, a) \
    X(I64_LE_S_IMM, a) X(I64_LE_U_IMM, a) X(I64_GE_S_IMM, a) X(I64_GE_U_IMM, a) \
    X(BR_I64_EQ, a) X(BR_I64_NE, a) X(BR_I64_LT_S, a) X(BR_I64_LT_U, a) X(BR_I64_GT_S, a) \
    X(BR_I64_GT_U, a) X(BR_I64_LE_S, a) X(BR_I64_LE_U, a) X(BR_I64_GE_S, a) X(BR_I64_GE_U, a) \
    X(BR_ADDR_I32_NE, a) X(BR_ADDR_I32_LT_S, a) X(BR_ADDR_I32_LT_U, a) X(BR_ADDR_I32_LE_S, a) \
    X(BR_ADDR_I32_LE_U, a) X(BR_TEST_IMM, a) X(BR_TESTZ_IMM, a) X(COPY_BR, a) X(COPY2_BR, a) \
    X(COPY3, a) X(COPY3_BR, a) X(I32_RSUB_IMM, a) X(I32_RSHL_IMM, a) \
    X(I32_STORE_IDX_K, a) X(I32_STORE8_IDX_K, a) X(CALL_LOCAL, a) X(BR_ADD_I32_EQ_IMM, a) \
    X(BR_TABLE_ADD_IMM, a) X(BR_TABLE_AND_IMM, a) X(BR_TABLE_LOAD8_U_ADD, a) X(I32_LOAD_ADD_KEEP, a) \
    X(COPY64, a)


/* Pairs: X(NAME, FIRST, SECOND). Where FIRST is followed in the code by
 * SECOND, the translator writes NAME's word instead of FIRST's: the same
 * instruction, operand for operand, whose handler goes on into SECOND's by a
 * direct jump instead of dispatching (an indirect jump the host's branch
 * predictor can miss). Only where WISP_PAIRS (wisp_config.h: 64-bit hosts).
 * FIRST never branches or traps half-done, and has a body in interp.c
 * (PAIR_<FIRST>). The shapes compilers give the loops of interpreters and
 * stack machines: the fetch `op = code[pc++]; switch (op)`, a loop head's
 * moves then its counter's step, a latch's two steps then its moves and
 * back edge. (vm, a bytecode VM guest: 16% less
 * time on the x86-64 host.) */
#define WISP_PAIR_LIST(X) \
    X(I32_ADD_IMM__BR_TABLE_LOAD8_U_ADD, I32_ADD_IMM, BR_TABLE_LOAD8_U_ADD) \
    X(I32_ADD_IMM2__COPY2_BR, I32_ADD_IMM2, COPY2_BR) \
    X(COPY2__I32_ADD_IMM, COPY2, I32_ADD_IMM)
#if WISP_PAIRS
#define WISP_PAIRS_(X) WISP_PAIR_LIST(X)
#else
#define WISP_PAIRS_(X)
#endif

/* Every scalar opcode in numbering order: the enum below and the
 * interpreter's dispatch table both expand this one list. The speed-only
 * and accumulator forms come last: without them the tables indexed by op
 * are shorter. */
#if !WISP_COMPACT
#define WISP_SPEED_OPS_(X) \
    WISP_FIMMOPS(X) WISP_FIMMREV(X) WISP_MEMSHL(X) WISP_SHIFTOPS(X) WISP_FMULOPS(X) \
    WISP_MEMABS(X)
#else
#define WISP_SPEED_OPS_(X)
#endif
#if WISP_ACC
#define WISP_ACC_OPS_(X) WISP_ACCOPS(X) WISP_ACCOPS_B(X)
#else
#define WISP_ACC_OPS_(X)
#endif
#define WISP_SCALAR_OPS(X) \
    WISP_INTERNAL(X) WISP_NUMERIC(X) WISP_MEMOPS(X) WISP_IMMOPS(X) WISP_BRCMP(X) \
    WISP_MEMADD(X) WISP_MEMIDX(X) WISP_SPEED_OPS_(X) WISP_ACC_OPS_(X) WISP_PAIRS_(X)

enum wisp_op {
#define X(name, ...) OP_##name,
    WISP_SCALAR_OPS(X)
#undef X
    OP__COUNT
};

/* Whether the compact configuration leaves opcode `op` out (a constant
 * expression for a constant op). */
#if WISP_COMPACT
#define WISP_X_OMIT_(name, op) || (op) == OP_##name
#define WISP_OMITTED(op) (0 WISP_COMPACT_OMIT(WISP_X_OMIT_, op))
#else
#define WISP_OMITTED(op) 0
#endif

#endif

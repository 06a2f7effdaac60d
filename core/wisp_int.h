/* Internal types shared by the core's files. Not part of the API. */
#ifndef WISP_INT_H
#define WISP_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <limits.h>
#include <stdarg.h>
#include "wisp.h"
#include "wisp_config.h"

#define WISP_PAGE_SIZE 65536u
#define WISP_MAX_PAGES 65536u
#define WISP_MAX_TABLE 10000000u /* above this a table.grow fails; keeps sizes in u32 */

/* A value cell, one frame slot: 64 bits, little-endian aliasing of the
 * 32-bit views (all supported targets are little-endian). A v128 takes two.
 * (Not the coredump's flash slot of wisp_sink.h.) */
typedef union wisp_cell {
    int32_t i32;
    int64_t i64;
    uint32_t f32;
    uint64_t f64;
    uintptr_t ref;
} wisp_cell;

/* A slot operand word of the internal code (kind 's' in opcodes.h) and the
 * slot it names in a frame: its index, or with WISP_SLOT_BYTES its byte
 * offset. The translator works with indices (wisp_slot_word on emitting),
 * the interpreter reads the words (WISP_SLOT), backtraces and the
 * disassembler turn them back (wisp_slot_index). */
#if WISP_SLOT_BYTES
#define WISP_SLOT(fp, w) (*(wisp_cell *)((char *)(fp) + (w)))
static inline uint32_t wisp_slot_word(uint32_t index) { return index * (uint32_t)sizeof(wisp_cell); }
static inline uint32_t wisp_slot_index(uint32_t word) { return word / (uint32_t)sizeof(wisp_cell); }
#else
#define WISP_SLOT(fp, w) ((fp)[w])
static inline uint32_t wisp_slot_word(uint32_t index) { return index; }
static inline uint32_t wisp_slot_index(uint32_t word) { return word; }
#endif

/* Return the error of x, if any (SQLite style: errors go up unchanged). */
#define TRY(x)                 \
    do {                       \
        wisp_err e_ = (x);     \
        if (e_)                \
            return e_;         \
    } while (0)

static inline uint32_t wisp_type_slots(uint8_t t) { return t == 0x7b ? 2u : 1u; }

/* ---- arena ---- */
void *wisp_alloc(wisp_arena *a, size_t size);              /* zeroed, 8-aligned */
void *wisp_scratch_alloc(wisp_arena *a, size_t size);      /* from the top */
static inline void wisp_scratch_release(wisp_arena *a, size_t mark) { a->scratch = mark; }
wisp_err wisp_arena_fail(wisp_arena *a, wisp_err e, uint32_t off, const char *fmt, ...);
/* Grow a memory's or table's block (from wisp_alloc; new_size >= old_size;
 * *p may change): in place when the bytes around it are free, else moved,
 * its old bytes left as a hole for later growth (arena.c). NOMEM changes
 * nothing. */
wisp_err wisp_realloc(wisp_arena *a, void **p, size_t old_size, size_t new_size);
void wisp_arena_touched(wisp_arena *a, size_t end);

void wisp_memcpy(void *d, const void *s, size_t n);
void wisp_memmove(void *d, const void *s, size_t n);

/* A little-endian access to guest memory, at any alignment. Where the core
 * may access memory unaligned, the memcpy compiles to one load or store.
 * ARMv6-M (Cortex-M0) may not, and gcc makes it a memcpy call, some 40
 * instructions for every i32.load: there an aligned access (the usual
 * case) is made directly and any other byte by byte. */
#if defined(__arm__) && !defined(__ARM_FEATURE_UNALIGNED)
/* (out of line: the interpreter loop keeps its registers) */
static __attribute__((noinline, unused)) uint64_t wisp_load_bytes(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}
static __attribute__((noinline, unused)) void wisp_store_bytes(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
/* (a word's alignment is enough for 8 bytes: two word loads) */
#define WISP_ALIGNED(p, T) (!((uintptr_t)(p) & (sizeof(T) < 4 ? sizeof(T) - 1 : 3)))
#define WISP_LOAD(T, p)                                                        \
    ({                                                                         \
        typedef __typeof__(T) __attribute__((may_alias)) wisp_any_;            \
        const uint8_t *p_ = (const uint8_t *)(p);                              \
        WISP_ALIGNED(p_, T) ? *(const wisp_any_ *)(const void *)p_             \
                            : (T)wisp_load_bytes(p_, sizeof(T));               \
    })
#define WISP_STORE(T, p, v)                                                    \
    do {                                                                       \
        typedef __typeof__(T) __attribute__((may_alias)) wisp_any_;            \
        uint8_t *p_ = (uint8_t *)(p);                                          \
        const T v_ = (T)(v);                                                   \
        if (WISP_ALIGNED(p_, T))                                               \
            *(wisp_any_ *)(void *)p_ = v_;                                     \
        else                                                                   \
            wisp_store_bytes(p_, (uint64_t)v_, sizeof(T));                     \
    } while (0)
#else
#define WISP_LOAD(T, p) ({ T v_; __builtin_memcpy(&v_, (p), sizeof v_); v_; })
#define WISP_STORE(T, p, v) do { T v_ = (T)(v); __builtin_memcpy((p), &v_, sizeof v_); } while (0)
#endif
void wisp_memset(void *d, int c, size_t n);
int wisp_memcmp(const void *a, const void *b, size_t n);
size_t wisp_strlen(const char *s);
/* printf subset for messages: %s %u %x, %.*s */
int wisp_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int wisp_snprintf(char *buf, size_t size, const char *fmt, ...);

/* ---- module ---- */
typedef struct wisp_functype {
    const uint8_t *params, *results;
    uint32_t nparams, nresults;
    uint32_t nparam_slots, nresult_slots; /* v128 counts twice */
} wisp_functype;

void wisp_functype_slots(wisp_functype *t);

typedef struct wisp_limits {
    uint32_t min, max;
    bool has_max;
    uint8_t page_log2; /* memories: 16, or 0 with custom page sizes */
} wisp_limits;

typedef struct wisp_import {
    const char *module, *name;
    uint32_t module_len, name_len;
    uint8_t kind;  /* wisp_extern_kind */
    uint32_t index; /* type index for functions, else index in its space */
} wisp_import;

typedef struct wisp_funcdef {
    uint32_t type;
    uint32_t body_off, body_len; /* module offsets: first byte after the size LEB */
    const uint32_t *code;         /* translated; NULL for imports */
    uint32_t code_len;
    uint32_t nlocals;             /* params included */
    uint32_t nlocal_slots;        /* the slots they take (v128 counts twice) */
    /* the slots a call zeroes: the declared locals (not the params) but
     * those the body always writes before it reads them (translate.c) */
    uint32_t zero_from, zero_to;
    uint32_t frame_slots;         /* locals + max operand height, in slots */
    uint32_t max_ctl;             /* deepest block nesting, for re-translation */
} wisp_funcdef;

typedef struct wisp_tabledef {
    uint8_t elem;
    wisp_limits lim;
} wisp_tabledef;

typedef struct wisp_globaldef {
    uint8_t type;
    bool mut;
    uint32_t init_off; /* module offset of the constant expression */
} wisp_globaldef;

typedef struct wisp_export {
    const char *name;
    uint32_t name_len;
    uint8_t kind;
    uint32_t index;
} wisp_export;

enum { SEG_ACTIVE = 0, SEG_PASSIVE = 1, SEG_DECLARATIVE = 2 };

typedef struct wisp_elemseg {
    uint8_t mode, elem;
    bool exprs;         /* items are constant expressions, not func indices */
    uint32_t table;
    uint32_t offset_off; /* module offset of the offset expression */
    uint32_t count;
    uint32_t items_off;  /* module offset of the first item */
} wisp_elemseg;

typedef struct wisp_dataseg {
    uint8_t mode;
    uint32_t mem;
    uint32_t offset_off;
    uint32_t data_off, len;
} wisp_dataseg;

/* A module's code cache (cache.c): the code of the functions called
 * lately, in blocks one after another, oldest first; a function not in it
 * has `stub` for code, the LAZY instruction that translates it. */
typedef struct wisp_cache_user {
    struct wisp_exec *ex;
    struct wisp_cache_user *next;
} wisp_cache_user;

typedef struct wisp_code_cache {
    uint8_t *base;
    size_t size, used;
    uint32_t stub[2];
    uint8_t *live;            /* compaction's marks: a bit per function */
    struct wisp_cache_user *users; /* the call stacks that may hold its code */
    size_t largest;           /* the most one translation needs (a block + scratch) */
    size_t scratch_max;       /* the most scratch one needs (a trap's re-translation too) */
    wisp_arena *arena;        /* base NULL: make it from this at the first call, */
    size_t all_but;           /* leaving this much */
    uint32_t largest_func;
    uint32_t translations, evictions;
} wisp_code_cache;

struct wisp_module {
    uint32_t features;
    const uint8_t *bytes;
    size_t len;
    uint32_t ntypes, nimports, nfuncs, ntables, nmems, nglobals, nexports, nelems, ndatas;
    uint32_t nfunc_imports, ntable_imports, nmem_imports, nglobal_imports;
    wisp_functype *types;
    uint32_t *type_canon; /* first index of a structurally equal type */
    wisp_import *imports;
    wisp_funcdef *funcs;   /* all functions, imports first */
    wisp_tabledef *tables; /* all tables, imports first */
    wisp_limits *mems;
    wisp_globaldef *globals;
    wisp_export *exports;
    wisp_elemseg *elems;
    wisp_dataseg *datas;
    int64_t start; /* -1: none */
    bool has_datacount;
    uint32_t datacount;
    uint32_t code_payload_off;   /* DWARF addresses are relative to this */
    uint32_t name_off, name_len; /* the `name` custom section, read lazily */
    uint8_t *func_declared;      /* funcs that ref.func may name (C.refs) */
    wisp_code_cache *cache;      /* NULL: all code translated at load */
};

/* ---- runtime objects ---- */
struct wisp_func {
    const wisp_functype *type;
    const wisp_module *mod; /* owner of `type`; NULL for host functions */
    wisp_instance *inst;    /* NULL for host functions */
    const wisp_funcdef *def;
    wisp_host_fn host;
    wisp_host32_fn host32; /* instead of host: 32-bit values only */
    void *user;
    const char *name;
    uint32_t index;
    uint32_t type_canon; /* mod->type_canon of its type (call_indirect's check) */
};

struct wisp_memory {
    uint8_t *data;
    uint64_t size; /* bytes */
    uint32_t pages, max_pages;
    bool has_max;
    uint8_t page_log2; /* a page is 1 << page_log2 bytes */
    wisp_arena *arena;
};

struct wisp_table {
    uintptr_t *elems;
    uint32_t size, max;
    uint8_t elem;
    wisp_arena *arena;
};

struct wisp_global {
    wisp_value val;
    uint8_t type;
    bool mut;
};

/* What a trap-time re-translation finds about one internal code position. */
#define WISP_BT_STACK 32 /* operand entries kept per frame (the topmost) */
typedef struct wisp_locate {
    uint32_t want;     /* code word index */
    bool want_end;     /* a return point: find the call that ends there */
    bool found;
    uint32_t wasm_off; /* module offset of the Wasm instruction */
    uint32_t nstack, stack_first;
    struct {
        uint64_t imm; /* a constant not yet in any slot */
        uint32_t slot;
        uint8_t type;
        bool is_const;
    } stack[WISP_BT_STACK];
} wisp_locate;
/* Backtraces (backtrace.c) read the frame stack at a trap and record
 * nothing while running but a frame's tail-call mark; -DWISP_TRAP_INFO=0
 * (meson -Dtrap_info=false) leaves them out, for `make bench` to measure
 * that. */

/* One activation: the function running, its frame base, and where it was
 * when it called out (the return point). Enough for a trap-time walk. */
typedef struct wisp_frame {
    wisp_func *func;
#if WISP_TRAP_INFO
    /* func again when a call entered it, NULL when a tail call did (its
     * caller's frame is gone): a pointer already in a register, stored
     * beside func, costs a call less than a flag would */
    wisp_func *entered;
#endif
    /* its slots; bit 0 set: a return into this frame must look further
     * (it is below the frame run() started from, or it called into
     * another instance), read it through wisp_frame_fp */
    wisp_cell *fp;
    const uint32_t *ip; /* set when it calls out or traps */
} wisp_frame;

static inline wisp_cell *wisp_frame_fp(const wisp_frame *f)
{
    return (wisp_cell *)((uintptr_t)f->fp & ~(uintptr_t)1);
}

typedef struct wisp_exec {
    wisp_cell *stack, *stack_end;
    wisp_frame *frames, *frames_end;
    wisp_frame *top;    /* current activation; frames[0] is a sentinel */
    wisp_cell *sp;      /* first free slot for a new host entry */
    int64_t fuel;       /* < 0: unlimited */
    wisp_trap_kind trap;
    const char *trap_msg;
    int32_t exit_code;
    wisp_frame *entry;  /* frame of the outermost host entry */
    wisp_frame *trap_frame;  /* innermost frame at the last trap */
    wisp_func *trap_callee;  /* the function being entered, if the trap came from a call */
    bool trap_in_call;       /* trap_frame->ip is a return point, not the trapping op */
    bool suspended;     /* out of fuel: resumable */
    wisp_cell *resume_results;
    bool bt_cached;          /* bt holds the lookup for frame bt_index */
    uint32_t bt_index;
    wisp_locate bt;
    char msg_buf[96];
} wisp_exec;

struct wisp_instance {
    const wisp_module *mod;
    wisp_arena *arena;
    wisp_func **funcs;
    wisp_table **tables;
    wisp_memory **mems;
    wisp_global **globals;
    uintptr_t **elem_items; /* evaluated refs of each element segment */
    uint32_t *elem_len;     /* 0 once dropped */
    uint8_t *data_dropped;
    wisp_trap_kind host_trap; /* set by wisp_host_trap/exit, read by the caller */
    const char *host_msg;
    int32_t host_exit;
    wisp_exec exec;
};

/* ---- byte reader ---- */
typedef struct wisp_reader {
    const uint8_t *base; /* module start: offsets in errors are relative to it */
    const uint8_t *p, *end;
    wisp_arena *arena;
} wisp_reader;

static inline uint32_t rd_off(const wisp_reader *r) { return (uint32_t)(r->p - r->base); }

/* Every symbol of the library starts with wisp_ (tests/unit/check_symbols.py);
 * inside the core the reader keeps its short names. */
#define rd_fixed32   wisp_rd_fixed32
#define rd_fixed64   wisp_rd_fixed64
#define rd_malformed wisp_rd_malformed
#define rd_name      wisp_rd_name
#define rd_s32       wisp_rd_s32
#define rd_s33       wisp_rd_s33
#define rd_s64       wisp_rd_s64
#define rd_u32       wisp_rd_u32
#define rd_u8        wisp_rd_u8

wisp_err rd_u8(wisp_reader *r, uint8_t *out);
wisp_err rd_u32(wisp_reader *r, uint32_t *out);
wisp_err rd_s32(wisp_reader *r, int32_t *out);
wisp_err rd_s33(wisp_reader *r, int64_t *out);
wisp_err rd_s64(wisp_reader *r, int64_t *out);
wisp_err rd_fixed32(wisp_reader *r, uint32_t *out);
wisp_err rd_fixed64(wisp_reader *r, uint64_t *out);
wisp_err rd_name(wisp_reader *r, const char **s, uint32_t *len);
wisp_err rd_malformed(wisp_reader *r, const char *what);
bool wisp_utf8_valid(const uint8_t *s, uint32_t len);

/* ---- translate.c ---- */
/* Validate function funcidx and translate it into code at the bottom of
 * `a`; *scratch, if not NULL, gets the scratch bytes the last pass took (at
 * least what wisp_translate_again takes). */
wisp_err wisp_translate(wisp_arena *a, wisp_module *m, uint32_t funcidx, size_t *scratch);
/* The same for a body wisp_translate did before: one pass, the same code.
 * The interpreter passes its handler table (wisp_handlers' answer) itself:
 * no call back into it. */
wisp_err wisp_translate_again(wisp_arena *a, wisp_module *m, uint32_t funcidx,
                              const void *const *handlers);
/* The scratch bytes wisp_translate_again takes for f. */
size_t wisp_translate_scratch(const wisp_funcdef *f);

wisp_err wisp_translate_locate(wisp_arena *a, const wisp_module *m, uint32_t funcidx,
                               wisp_locate *loc);
/* backtrace.c: the access fields of *out for an out-of-bounds memory trap,
 * read back from the trapping instruction and its operand slots. */
void wisp_trap_access(const struct wisp_exec *ex, wisp_trap_info *out);

/* ---- load.c ---- */
bool wisp_is_reftype(uint8_t t);
bool wisp_is_valtype(uint8_t t);
/* Validate a constant expression of type `type`; `nglobals` limits global.get. */
wisp_err wisp_const_validate(wisp_reader *r, wisp_module *m, uint8_t type, uint32_t nglobals);
/* Evaluate a validated constant expression at module offset `off`. */
wisp_value wisp_const_eval(const wisp_instance *inst, uint32_t off);
wisp_value wisp_const_eval_at(const wisp_instance *inst, wisp_reader *r);

/* On 32-bit targets an i32/f32 result writes only the low half of its
 * slot (interp.c, WISP_NARROW): whatever reads a value out of a slot or a
 * global for the embedder clears the high half by type. */
static inline void wisp_value_clean(wisp_value *v, uint8_t type)
{
    if (type == WISP_I32 || type == WISP_F32)
        v->i64 = (int64_t)(uint32_t)v->i32;
}

/* ---- interp.c ---- */
/* Direct threading: an instruction's first code word is its handler (its
 * address where it fits 32 bits, else its offset from the first handler:
 * WISP_ADDR32_HANDLERS) instead of its opcode: no table load in the
 * dispatch. Needs GNU C's labels as values; -DWISP_DIRECT=0 gives table
 * dispatch on opcodes. */
/* The handler addresses indexed by opcode, or NULL: code words are opcodes. */
const void *const *wisp_handlers(void);
/* The code word of op: op itself if h is NULL, else its handler in h as
 * run() dispatches it (in interp.c, so the word and the dispatch are
 * decided by one compilation's flags: WISP_ADDR32_HANDLERS). */
uint32_t wisp_op_word(const void *const *h, uint32_t op);
wisp_err wisp_exec_call(wisp_instance *inst, wisp_func *f, const wisp_value *args,
                        uint32_t nargs, wisp_value *results, uint32_t nresults);
wisp_err wisp_exec_resume(wisp_instance *inst, wisp_value *results, uint32_t nresults);
wisp_err wisp_trap(wisp_exec *ex, wisp_trap_kind kind, const char *msg);
bool wisp_functype_eq(const wisp_functype *a, const wisp_functype *b);

/* ---- cache.c ---- */
/* Validate m's bodies and set up its code cache of `size` bytes, or (size
 * 0) of all the arena left at the first call but all_but bytes (load.c). */
wisp_err wisp_cache_create(wisp_arena *a, wisp_module *m, size_t size, size_t all_but);
/* Translate f, just entered on ex's call stack (its frame on top), into
 * its module's cache; WISP_ERR_TRAP (WISP_TRAP_CODE_CACHE) if it cannot fit. */
wisp_err wisp_cache_fill(struct wisp_exec *ex, wisp_func *f, const void *const *handlers);
/* ex may run code of the module of f's instance from now on (the first
 * time, a note of it from the arena of ex's instance). */
wisp_err wisp_cache_attach(struct wisp_exec *ex, const wisp_func *f);

/* ---- instance.c ---- */
wisp_err wisp_memory_create(wisp_arena *a, const wisp_limits *lim, wisp_memory **out);

#endif

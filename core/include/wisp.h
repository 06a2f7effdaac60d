/* wisp: a heap-free WebAssembly interpreter for small machines.
 *
 * The runtime's public header: arena, modules, instances, calls, traps,
 * backtraces, names, memories. The other layers have their own:
 * wisp_coredump.h (the coredump writer), wisp_port.h (the board's flash,
 * serial line and clock), wisp_sink.h (coredumps over UART and into a
 * flash slot), wisp_nor.h (NOR flash emulated in RAM), wisp_disasm.h (the
 * disassembler of internal code), wisp_config.h (compile-time options).
 * Every function returns a wisp_err and hands results back through
 * out-parameters.
 * All memory comes from one caller-given arena; nothing is global, so any
 * number of arenas, modules and instances may coexist.
 *
 *   wisp_arena arena;
 *   static uint8_t mem[256 * 1024];
 *   wisp_arena_init(&arena, mem, sizeof mem);
 *   wisp_module *m;   wisp_module_load(&arena, bytes, len, &m);
 *   wisp_instance *i; wisp_instance_create(&arena, m, NULL, NULL, NULL, &i);
 *   wisp_func *f;     wisp_instance_find_func(i, "add", &f);
 *   wisp_value args[2] = {{.i32 = 1}, {.i32 = 2}}, res[1];
 *   wisp_func_call(i, f, args, 2, res, 1);
 */
#ifndef WISP_H
#define WISP_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum wisp_err {
    WISP_OK = 0,
    WISP_ERR_NOMEM,       /* the arena is too small */
    WISP_ERR_MALFORMED,   /* the binary cannot be decoded */
    WISP_ERR_INVALID,     /* the module decodes but does not validate */
    WISP_ERR_UNSUPPORTED, /* a feature this build leaves out (e.g. SIMD) */
    WISP_ERR_UNLINKABLE,  /* an import is missing or has the wrong type */
    WISP_ERR_TRAP,        /* execution trapped; see wisp_trap_info */
    WISP_ERR_NOT_FOUND,   /* no export by that name / of that kind */
    WISP_ERR_ARG          /* the embedder passed something wrong */
} wisp_err;

/* Value types, numbered as in the binary format. */
typedef enum wisp_type {
    WISP_I32 = 0x7f,
    WISP_I64 = 0x7e,
    WISP_F32 = 0x7d,
    WISP_F64 = 0x7c,
    WISP_V128 = 0x7b,
    WISP_FUNCREF = 0x70,
    WISP_EXTERNREF = 0x6f
} wisp_type;

/* One value. Floats travel as bits so NaN payloads survive.
 * funcref is a wisp_func pointer, externref an opaque host word; 0 is null. */
typedef union wisp_value {
    int32_t i32;
    int64_t i64;
    uint32_t f32; /* IEEE-754 bits */
    uint64_t f64; /* IEEE-754 bits */
    uintptr_t ref;
    uint64_t v128[2]; /* little-endian: v128[0] holds bytes 0..7 */
} wisp_value;

typedef enum wisp_trap_kind {
    WISP_TRAP_NONE = 0,
    WISP_TRAP_UNREACHABLE,
    WISP_TRAP_MEMORY_OOB,
    WISP_TRAP_DIV_ZERO,
    WISP_TRAP_INT_OVERFLOW,
    WISP_TRAP_BAD_CONVERSION,
    WISP_TRAP_UNDEFINED_ELEMENT,
    WISP_TRAP_UNINITIALIZED_ELEMENT,
    WISP_TRAP_INDIRECT_MISMATCH,
    WISP_TRAP_TABLE_OOB,
    WISP_TRAP_NULL_REFERENCE,
    WISP_TRAP_STACK_EXHAUSTED,
    WISP_TRAP_OUT_OF_FUEL, /* resumable: see wisp_instance_resume */
    WISP_TRAP_HOST,        /* a host function returned an error */
    WISP_TRAP_EXIT,        /* the guest asked to exit (e.g. WASI proc_exit) */
    WISP_TRAP_CODE_CACHE   /* the code on the call stack and the callee's do not fit the cache */
} wisp_trap_kind;

/* ---- arena ------------------------------------------------------------ */

/* The embedder owns the storage; wisp carves everything out of it.
 * Permanent objects grow up from `base`; scratch used while loading lives
 * at the top and is given back. A memory or table that cannot grow where
 * it is moves, and the bytes it leaves become a hole that later growth
 * reuses (core/arena.c explains the layout and its bound). */
#define WISP_ARENA_HOLES 8 /* holes tracked; with more, the smallest is given up */
typedef struct wisp_hole {
    size_t off, size; /* free bytes below `used`; size 0: slot unused */
} wisp_hole;
typedef struct wisp_arena {
    uint8_t *base;
    size_t size;
    size_t used; /* bytes taken from the bottom */
    size_t peak; /* high-water mark, bottom + scratch */
    size_t scratch; /* bytes taken from the top */
    size_t clean_lo, clean_hi; /* [lo, hi): bytes known to be zero, never handed out */
    uint32_t error_offset; /* byte offset of the last load error */
    char error[120];       /* why the last load/instantiate failed */
    wisp_hole holes[WISP_ARENA_HOLES];
} wisp_arena;

wisp_err wisp_arena_init(wisp_arena *arena, void *mem, size_t size);
/* The same over memory known to be all zero bytes (calloc, a fresh mmap,
 * .bss): what is handed out for the first time is not zeroed again, so the
 * pages of stacks a run never reaches are never touched. */
wisp_err wisp_arena_init_zeroed(wisp_arena *arena, void *mem, size_t size);

/* ---- modules ---------------------------------------------------------- */

typedef struct wisp_module wisp_module;
typedef struct wisp_instance wisp_instance;
typedef struct wisp_func wisp_func;
typedef struct wisp_memory wisp_memory;
typedef struct wisp_table wisp_table;
typedef struct wisp_global wisp_global;

/* Decode, validate and translate. `bytes` are borrowed, not copied: they
 * must outlive the module (they may sit in flash). On failure the error's
 * byte offset and reason are in wisp_arena_error(). Loads with every
 * feature this build supports (WISP_FEATURES_ALL). */
wisp_err wisp_module_load(wisp_arena *arena, const uint8_t *bytes, size_t len,
                          wisp_module **out);

/* Proposals beyond Wasm 2.0, for wisp_module_load_features. */
#define WISP_FEATURE_EXTENDED_CONST 0x01u   /* i32/i64 add, sub, mul in constant expressions */
#define WISP_FEATURE_TAIL_CALL 0x02u        /* return_call, return_call_indirect */
#define WISP_FEATURE_MULTI_MEMORY 0x04u     /* more than one memory */
#define WISP_FEATURE_CUSTOM_PAGE_SIZES 0x08u /* memories with 1-byte pages */
#define WISP_FEATURES_WASM2 0u
#define WISP_FEATURES_ALL 0x0fu
wisp_err wisp_module_load_features(wisp_arena *arena, const uint8_t *bytes, size_t len,
                                   uint32_t features, wisp_module **out);

/* How to load. With code_cache_bytes 0 every function is translated at
 * load and kept (the fastest start, the most memory). Otherwise every body
 * is still validated at load, but translated only when first called, into
 * a code cache of that many bytes taken from the arena: when it is full,
 * the code of functions not on any call stack is dropped (the oldest
 * first) and translated again when next called. Running costs nothing
 * more until a call misses; but a loop calling more code than the cache
 * holds translates on every call: size the cache for the code one frame
 * (or one request) runs. A cache too small for the largest function fails
 * the load; one too small for the code on the call stack at some moment
 * traps (WISP_TRAP_CODE_CACHE). Each instance that runs the module's code
 * is noted in its own arena, which must live as long as the module. */
typedef struct wisp_load_config {
    uint32_t features;         /* WISP_FEATURE_*; wisp_module_load uses WISP_FEATURES_ALL */
    uint32_t code_cache_bytes; /* 0: translate everything at load (but see below) */
    /* With code_cache_bytes 0 and this not 0: a code cache made at the
     * first call of the module's code, of all the arena left then but this
     * many bytes (for what is allocated later: memory growth, another
     * instance) and the scratch a backtrace needs. A device gives its code
     * all the RAM its instances leave. */
    uint32_t code_cache_all_but;
} wisp_load_config;
wisp_err wisp_module_load_config(wisp_arena *arena, const uint8_t *bytes, size_t len,
                                 const wisp_load_config *config, wisp_module **out);

/* Why the last wisp_module_load or wisp_instance_create on this arena
 * failed, e.g. "invalid module at 0x1f3: type mismatch in i32.add". */
const char *wisp_arena_error(const wisp_arena *arena);

typedef enum wisp_extern_kind {
    WISP_EXTERN_FUNC = 0,
    WISP_EXTERN_TABLE = 1,
    WISP_EXTERN_MEMORY = 2,
    WISP_EXTERN_GLOBAL = 3
} wisp_extern_kind;

typedef struct wisp_import_desc {
    const char *module;
    uint32_t module_len;
    const char *name;
    uint32_t name_len;
    wisp_extern_kind kind;
} wisp_import_desc;

uint32_t wisp_module_import_count(const wisp_module *m);
wisp_err wisp_module_import(const wisp_module *m, uint32_t index, wisp_import_desc *out);
uint32_t wisp_module_export_count(const wisp_module *m);
wisp_err wisp_module_export(const wisp_module *m, uint32_t index, const char **name,
                            uint32_t *name_len, wisp_extern_kind *kind);
/* The exported item's index in its index space (function, table, ...). */
wisp_err wisp_module_export_index(const wisp_module *m, uint32_t index, uint32_t *item);

/* ---- host functions and imports ----------------------------------------- */

/* A host function. `caller` is the instance whose code made the call (its
 * memory is what pointers refer to). Return WISP_OK, or trap the guest with
 * wisp_host_trap(), or end it with wisp_host_exit(). */
typedef wisp_err (*wisp_host_fn)(wisp_instance *caller, void *user,
                                 const wisp_value *args, wisp_value *results);

/* Build a host function object in the arena. Types are wisp_type bytes. */
wisp_err wisp_func_new_host(wisp_arena *arena, const uint8_t *params, uint32_t nparams,
                            const uint8_t *results, uint32_t nresults,
                            wisp_host_fn fn, void *user, const char *debug_name,
                            wisp_func **out);

/* A host function on 32-bit values only (i32 and f32 parameters and
 * results; an f32 as its IEEE bits): the cheaper call, no wisp_value
 * arrays. args[i] is parameter i; write result j to results[j]. The same
 * traps and exits as a wisp_host_fn. */
typedef wisp_err (*wisp_host32_fn)(wisp_instance *caller, void *user, const uint32_t *args,
                                   uint32_t *results);
wisp_err wisp_func_new_host32(wisp_arena *arena, const uint8_t *params, uint32_t nparams,
                              const uint8_t *results, uint32_t nresults, wisp_host32_fn fn,
                              void *user, const char *debug_name, wisp_func **out);

wisp_err wisp_host_trap(wisp_instance *caller, const char *message);
wisp_err wisp_host_exit(wisp_instance *caller, int32_t code);

/* One import binding. The resolver callback is asked for each import, in
 * order (all of them, even after one failed, so that it can list every
 * missing one), before wisp_instance_create takes any arena for the instance; it
 * fills `out` (a func/table/memory/global object of the right kind) or
 * returns WISP_ERR_NOT_FOUND. Objects it builds, in this arena or another, belong
 * to the embedder: a failed instantiation releases only what
 * wisp_instance_create allocated itself, so a resolver may cache them. */
typedef struct wisp_extern {
    wisp_extern_kind kind;
    union {
        wisp_func *func;
        wisp_table *table;
        wisp_memory *memory;
        wisp_global *global;
    } of;
} wisp_extern;

typedef wisp_err (*wisp_resolve_fn)(void *ctx, const wisp_import_desc *imp, wisp_extern *out);

typedef struct wisp_config {
    uint32_t value_stack_slots; /* 64-bit slots shared by all frames; 0 = default */
    uint32_t call_depth;        /* frames before "call stack exhausted"; 0 = default */
    uint32_t max_memory_pages;  /* cap on any memory's growth; 0 = spec limit */
} wisp_config;

/* Instantiate: resolve imports, build tables/memories/globals, run the
 * element and data segments and the start function. If the start function
 * traps, *out is still set (the instance exists) and WISP_ERR_TRAP returned.
 * Any other failure gives back the arena it took after the imports were
 * resolved (the resolver's objects stay). */
wisp_err wisp_instance_create(wisp_arena *arena, const wisp_module *m,
                              const wisp_config *config, wisp_resolve_fn resolve,
                              void *resolve_ctx, wisp_instance **out);

/* ---- exports and calls ------------------------------------------------ */

wisp_err wisp_instance_export(wisp_instance *inst, const char *name, uint32_t name_len,
                              wisp_extern *out);
wisp_err wisp_instance_find_func(wisp_instance *inst, const char *name, wisp_func **out);

void wisp_func_type(const wisp_func *f, const uint8_t **params, uint32_t *nparams,
                    const uint8_t **results, uint32_t *nresults);

/* Call a function (wasm or host). Traps return WISP_ERR_TRAP. */
wisp_err wisp_func_call(wisp_instance *inst, wisp_func *f, const wisp_value *args,
                        uint32_t nargs, wisp_value *results, uint32_t nresults);

/* Fuel: instructions charged at calls and loop back-edges. Negative = off. */
void wisp_instance_set_fuel(wisp_instance *inst, int64_t fuel);
int64_t wisp_instance_fuel(const wisp_instance *inst);
/* How much of its stacks the instance has used so far, for sizing them
 * (wisp_config): the deepest value-stack slot and frame ever written. Read
 * from the stacks themselves (the arena gives them zeroed), so it costs
 * nothing while running; a slot that only ever held zero at the very top
 * is not seen, so leave a little room above it. */
void wisp_instance_stack_use(const wisp_instance *inst, uint32_t *slots, uint32_t *frames);
/* After WISP_TRAP_OUT_OF_FUEL: add fuel first, then continue where it stopped. */
wisp_err wisp_instance_resume(wisp_instance *inst, wisp_value *results, uint32_t nresults);

/* ---- traps ------------------------------------------------------------ */

/* What an out-of-bounds memory access was (wisp_trap_info.access). */
typedef enum wisp_access_kind {
    WISP_ACCESS_NONE = 0, /* not a memory trap, or not known */
    WISP_ACCESS_LOAD,     /* a load of `length` bytes at `address` */
    WISP_ACCESS_STORE,    /* a store of `length` bytes at `address` */
    WISP_ACCESS_FILL,     /* memory.fill of `length` bytes at `address` */
    WISP_ACCESS_COPY_TO,  /* memory.copy: its destination range is out of bounds */
    WISP_ACCESS_COPY_FROM, /* memory.copy: its source range */
    WISP_ACCESS_INIT_TO,  /* memory.init: its destination range */
    WISP_ACCESS_INIT_FROM /* memory.init: its range in the data segment; then `memory`
                             is the segment's index and `memory_size` its length
                             (0 once dropped) */
} wisp_access_kind;

typedef struct wisp_trap_info {
    wisp_trap_kind kind;
    const char *message; /* e.g. "integer divide by zero" */
    int32_t exit_code;   /* for WISP_TRAP_EXIT */
    /* For WISP_TRAP_MEMORY_OOB: the access that failed. Worked out when
     * wisp_instance_trap is called, from the trapping instruction and its
     * operands (nothing is recorded while running); WISP_ACCESS_NONE when
     * not known (a data segment at instantiation, -Dtrap_info=false). */
    wisp_access_kind access;
    uint32_t memory;      /* the memory's index */
    uint64_t address;     /* the effective address, base + offset: may exceed 32 bits */
    uint64_t length;      /* bytes: the access's width (1, 2, 4, 8, 16) or the bulk length */
    uint64_t memory_size; /* the memory's size in bytes */
} wisp_trap_info;

void wisp_instance_trap(const wisp_instance *inst, wisp_trap_info *out);
/* The standard message of a trap kind (what wisp_trap_info.message is unless
 * a host function gave its own); NULL past the last kind. */
const char *wisp_trap_message(wisp_trap_kind kind);

/* ---- backtraces (after a trap; valid until the next call) ---------------
 * Frame 0 is the innermost: the trapping instruction, or a host function
 * that returned an error. Outer frames stand at their call instruction.
 * Offsets are found at trap time by re-translating the one function; nothing
 * is recorded while running. Scratch for that comes from the arena's free
 * space; if there is none the offsets read 0. */
typedef struct wisp_frame_info {
    const wisp_module *module; /* NULL for a host function */
    wisp_instance *instance;   /* NULL for a host function */
    uint32_t func_index;       /* in the module's function index space */
    uint32_t module_offset;    /* byte offset of the instruction in the module; 0 if unknown */
    uint32_t code_offset;      /* the same, from the byte after the body-size LEB */
    const char *host_name;     /* host functions: the debug name given at creation;
                                  their func_index and offsets are 0 */
    uint32_t nlocals;          /* parameters first, then declared locals */
    uint32_t nstack;           /* operand stack entries live at that instruction */
    bool tail_called;          /* entered by a tail call: the caller's frame was replaced */
} wisp_frame_info;

uint32_t wisp_backtrace_count(const wisp_instance *inst);
wisp_err wisp_backtrace_frame(wisp_instance *inst, uint32_t frame, wisp_frame_info *out);
/* Locals and operand stack entries of a frame (index 0 = bottom of the stack).
 * Only the topmost 32 operand entries of a frame are kept; lower ones give
 * WISP_ERR_NOT_FOUND (their value is unknown, not an error). */
wisp_err wisp_backtrace_local(wisp_instance *inst, uint32_t frame, uint32_t index,
                              wisp_type *type, wisp_value *value);
wisp_err wisp_backtrace_stack(wisp_instance *inst, uint32_t frame, uint32_t index,
                              wisp_type *type, wisp_value *value);

/* ---- names (from the `name` custom section, read lazily) ----------------
 * Names point into the module bytes (not NUL-terminated). A missing or
 * damaged section gives WISP_ERR_NOT_FOUND, never an error of the module.
 * A function without a name there is known by its export name, if any. */
wisp_err wisp_module_name(const wisp_module *m, const char **name, uint32_t *len);
wisp_err wisp_module_func_name(const wisp_module *m, uint32_t func, const char **name,
                               uint32_t *len);
wisp_err wisp_module_local_name(const wisp_module *m, uint32_t func, uint32_t local,
                                const char **name, uint32_t *len);
wisp_err wisp_module_global_name(const wisp_module *m, uint32_t global, const char **name,
                                 uint32_t *len);
/* The module's bytes and the offset of its code section payload (DWARF
 * addresses are relative to it). */
const uint8_t *wisp_module_bytes(const wisp_module *m, size_t *len);
uint32_t wisp_module_code_offset(const wisp_module *m);
/* Bytes of internal code the translator made of the module's functions
 * (what a loaded module keeps beyond its tables); with a code cache, the
 * cache's size. */
size_t wisp_module_code_bytes(const wisp_module *m);
/* The most value-stack slots one call of any of the module's functions
 * takes (its locals and deepest operand stack): what recursion multiplies. */
uint32_t wisp_module_frame_slots(const wisp_module *m);
/* A code cache's work so far (all 0 without one): functions translated
 * on a call, functions dropped to make room, and the bytes in use. */
typedef struct wisp_code_stats {
    uint32_t translations, evictions;
    size_t used, size;
} wisp_code_stats;
void wisp_module_code_stats(const wisp_module *m, wisp_code_stats *out);
/* Function type by index in the module's function space (imports too). */
wisp_err wisp_module_func_type(const wisp_module *m, uint32_t func, const uint8_t **params,
                               uint32_t *nparams, const uint8_t **results, uint32_t *nresults);
/* An import's function type (for binding stubs); WISP_ERR_NOT_FOUND if not a function. */
wisp_err wisp_module_import_func_type(const wisp_module *m, uint32_t import,
                                      const uint8_t **params, uint32_t *nparams,
                                      const uint8_t **results, uint32_t *nresults);

/* ---- memories, tables, globals ----------------------------------------- */

uint32_t wisp_instance_memory_count(const wisp_instance *inst);
wisp_err wisp_instance_memory(wisp_instance *inst, uint32_t index, wisp_memory **out);
uint32_t wisp_instance_global_count(const wisp_instance *inst);
wisp_err wisp_instance_global(wisp_instance *inst, uint32_t index, wisp_global **out);
const wisp_module *wisp_instance_module(const wisp_instance *inst);
/* Pages and declared maximum (has_max false: none). */
void wisp_memory_limits(const wisp_memory *mem, uint32_t *pages, uint32_t *max_pages,
                        bool *has_max);
bool wisp_global_mutable(const wisp_global *g);
/* Bytes per page: 65536, or 1 with the custom-page-sizes proposal. */
uint32_t wisp_memory_page_size(const wisp_memory *mem);
uint8_t *wisp_memory_data(const wisp_memory *mem);
size_t wisp_memory_size(const wisp_memory *mem); /* bytes */
/* Grow as memory.grow / table.grow do (a host function may: the guest sees
 * the new size when it resumes). WISP_ERR_NOMEM past the maximum or the
 * arena, nothing changed. Growing may move the memory: a pointer from
 * wisp_memory_data is good until the next grow or call into wasm. `init`
 * is the new elements' reference (wisp_value.ref; 0 is null). */
wisp_err wisp_memory_grow(wisp_memory *mem, uint32_t delta, uint32_t *old_pages);
wisp_err wisp_table_grow(wisp_table *t, uint32_t delta, uintptr_t init, uint32_t *old_size);

wisp_err wisp_global_get(const wisp_global *g, wisp_value *out);
wisp_type wisp_global_type(const wisp_global *g);

/* Standalone objects, e.g. for a host module like the spec's "spectest". */
wisp_err wisp_memory_new(wisp_arena *arena, uint32_t min_pages, uint32_t max_pages, bool has_max,
                         wisp_memory **out);
wisp_err wisp_table_new(wisp_arena *arena, wisp_type elem, uint32_t min, uint32_t max,
                        bool has_max, wisp_table **out);
wisp_err wisp_global_new(wisp_arena *arena, wisp_type type, bool mutable_, wisp_value v,
                         wisp_global **out);

const char *wisp_err_str(wisp_err e);

#ifdef __cplusplus
}
#endif
#endif

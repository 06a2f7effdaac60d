/* wisp: a heap-free WebAssembly interpreter for small machines.
 *
 * The one public header. Everything the embedder touches is here; every
 * function returns a wisp_err and hands results back through out-parameters.
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
    WISP_TRAP_EXIT         /* the guest asked to exit (e.g. WASI proc_exit) */
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
    uint32_t error_offset; /* byte offset of the last load error */
    char error[120];       /* why the last load/instantiate failed */
    wisp_hole holes[WISP_ARENA_HOLES];
} wisp_arena;

wisp_err wisp_arena_init(wisp_arena *arena, void *mem, size_t size);

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

wisp_err wisp_host_trap(wisp_instance *caller, const char *message);
wisp_err wisp_host_exit(wisp_instance *caller, int32_t code);

/* One import binding. The resolver callback is asked for each import, in
 * order, before wisp_instance_create takes any arena for the instance; it
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
/* After WISP_TRAP_OUT_OF_FUEL: add fuel first, then continue where it stopped. */
wisp_err wisp_instance_resume(wisp_instance *inst, wisp_value *results, uint32_t nresults);

/* ---- traps ------------------------------------------------------------ */

typedef struct wisp_trap_info {
    wisp_trap_kind kind;
    const char *message; /* e.g. "integer divide by zero" */
    int32_t exit_code;   /* for WISP_TRAP_EXIT */
} wisp_trap_info;

void wisp_instance_trap(const wisp_instance *inst, wisp_trap_info *out);

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

/* ---- coredumps (coredump/) ----------------------------------------------
 * After a trap, write the instance as a standard Wasm coredump
 * (tool-conventions Coredump.md, as wasmtime writes it): a Wasm module with
 * the custom sections core, coremodules, coreinstances and corestack (frames
 * youngest first, with their locals and operand stacks), the memories,
 * globals and memory contents, and a `name` section naming the module and
 * the functions and locals on the stack. Streamed front to back into a sink;
 * no allocation, and no more than WISP_COREDUMP_BUFFER bytes are held (on
 * the C stack); memory contents go from guest memory straight to the sink. */

/* Receives consecutive pieces of the output. Anything but WISP_OK aborts
 * the write, and wisp_coredump_write returns that error. */
typedef struct wisp_sink {
    wisp_err (*write)(void *ctx, const uint8_t *bytes, size_t len);
    void *ctx;
} wisp_sink;

#define WISP_COREDUMP_BUFFER 256 /* bytes the writer gathers per sink call */

typedef enum wisp_coredump_format {
    WISP_COREDUMP_STANDARD = 0, /* Coredump.md, values in LEB as wasm-encoder writes */
    WISP_COREDUMP_WASMGDB = 1   /* the dialect xtuc's wasmgdb reads (see coredump/README.md) */
} wisp_coredump_format;

typedef struct wisp_coredump_options {
    const char *executable_name; /* `core`; NULL: the module's name, else "wasm" */
    const char *thread_name;     /* `corestack`; NULL: "main" */
    wisp_coredump_format format;
} wisp_coredump_options;

/* opt may be NULL (defaults). Returns WISP_OK, the sink's error, or
 * WISP_ERR_ARG (bad arguments; or memory changed while it was written). */
wisp_err wisp_coredump_write(wisp_instance *inst, const wisp_coredump_options *opt,
                             const wisp_sink *sink);

/* ---- port: the board's flash, serial line and clock (port/) -------------
 * Everything wisp needs from a board, in one struct of callbacks and sizes
 * (littlefs's lfs_config style). The board fills it once; wisp never keeps
 * a pointer to anything else. Flash callbacks take absolute byte offsets
 * (erase: an absolute block number) and return 0 on success, anything else
 * on failure: the board's own code, which wisp does not interpret (it
 * reports WISP_ERR_IO_READ/PROG/ERASE). Programming may only clear bits
 * (NOR); offsets and lengths given to flash_prog are multiples of
 * flash_prog_size. The coredump slot is [slot_offset, slot_offset +
 * slot_length), block-aligned. See port/README.md. */
typedef struct wisp_port wisp_port;
struct wisp_port {
    void *ctx; /* the board's state, for its callbacks */
    int (*flash_read)(const wisp_port *port, uint32_t off, void *buf, uint32_t len);
    int (*flash_prog)(const wisp_port *port, uint32_t off, const void *buf, uint32_t len);
    int (*flash_erase)(const wisp_port *port, uint32_t block); /* block: off / block size */
    uint32_t flash_block_size; /* erase unit, a multiple of flash_prog_size */
    uint32_t flash_prog_size;  /* program unit: a power of two, at most WISP_SLOT_BUFFER */
    uint32_t slot_offset;      /* the coredump slot, in whole blocks */
    uint32_t slot_length;
    /* All `len` bytes, or fail (a board whose USB drops bytes when nobody
     * listens may still return 0: the host's CRCs catch the loss). */
    int (*serial_write)(const wisp_port *port, const void *buf, uint32_t len);
    /* Up to `len` bytes: the count read, 0 when none came within
     * timeout_ms (0 = do not wait), negative on failure. */
    int (*serial_read)(const wisp_port *port, void *buf, uint32_t len, uint32_t timeout_ms);
    uint32_t (*millis)(const wisp_port *port); /* free-running, wraps */
};

/* Results beyond wisp_err's, SQLite-style: the low 5 bits are the primary
 * code, the top 3 bits the detail (WISP_ERR_PRIMARY(e) == WISP_ERR_IO for
 * every IO code). 8 bits in all: wisp_err is a one-byte enum on arm-none-eabi
 * (-fshort-enums). */
#define WISP_ERR_PRIMARY(e) ((wisp_err)((unsigned)(e) & 31u))
#define WISP_ERR_IO ((wisp_err)20)                      /* the port failed */
#define WISP_ERR_IO_READ ((wisp_err)(20 | 1 << 5))      /* flash_read */
#define WISP_ERR_IO_PROG ((wisp_err)(20 | 2 << 5))      /* flash_prog */
#define WISP_ERR_IO_ERASE ((wisp_err)(20 | 3 << 5))     /* flash_erase */
#define WISP_ERR_IO_VERIFY ((wisp_err)(20 | 4 << 5))    /* flash read back differs */
#define WISP_ERR_IO_SERIAL ((wisp_err)(20 | 5 << 5))    /* serial_write or serial_read */
#define WISP_ERR_FULL ((wisp_err)21) /* the dump does not fit the slot; the old one is kept */

/* wisp_err_str, knowing the codes above too. */
const char *wisp_port_err_str(wisp_err e);

/* CRC-32 (IEEE 802.3, zlib's crc32): pass 0 first, then the previous
 * result to continue. */
uint32_t wisp_crc32(uint32_t crc, const void *bytes, size_t len);

/* NOR flash emulated in RAM, with NOR's rules enforced: erase sets a block
 * to 0xFF, programming ANDs (only clears bits) and must be aligned to the
 * program size. For boards that keep the slot in RAM (QEMU mps2) and for
 * the host port. `budget` simulates a power cut: each programmed or erased
 * byte costs one; when it runs out the operation stops part-way (the byte
 * at the cut half done) and every later one fails. */
typedef struct wisp_nor_ram {
    uint8_t *mem;        /* `size` bytes standing for flash [base, base + size) */
    uint32_t base, size;
    uint32_t block_size, prog_size;
    uint32_t budget;     /* WISP_NOR_NO_CUT: never */
    uint32_t scatter;    /* nonzero: a cut operation leaves a random subset done (seed) */
    bool cut;            /* the power is off: everything fails */
    uint32_t reprogs;    /* prog units programmed while not fully erased (ECC flash forbids) */
    uint32_t progs, erases;
} wisp_nor_ram;

#define WISP_NOR_NO_CUT 0xffffffffu

/* Does not touch `mem` (RAM that survives a reset keeps its dump). */
void wisp_nor_ram_init(wisp_nor_ram *nor, void *mem, uint32_t base, uint32_t size,
                       uint32_t block_size, uint32_t prog_size);
/* Sets port's flash callbacks and sizes and ctx = nor (a board with more
 * state can make the wisp_nor_ram the first member of its ctx struct). */
void wisp_nor_ram_attach(wisp_nor_ram *nor, wisp_port *port);
int wisp_nor_ram_read(const wisp_port *port, uint32_t off, void *buf, uint32_t len);
int wisp_nor_ram_prog(const wisp_port *port, uint32_t off, const void *buf, uint32_t len);
int wisp_nor_ram_erase(const wisp_port *port, uint32_t block);

/* ---- coredump sinks (coredump/sink_uart.c, sink_slot.c) -----------------
 * UART: the dump as COBS packets, each 0x00 + COBS(packet) + 0x00, so a host
 * finds it in a stream of log text (`wisp pull`). A packet is 'W' 'D',
 * a type byte, the body, CRC-32 of all before it (u32 LE):
 *   'H' header  version u8 (1), flags u8 (bit 0: from the flash slot),
 *               chunk u16 (WISP_UART_CHUNK), total u32, seq u32
 *   'D' data    offset u32, 1..chunk bytes of the dump
 *   'E' end     total u32, CRC-32 of the whole dump u32
 *   'N' none    (no body) the device has no stored dump
 * All integers little-endian. See port/README.md. */
#define WISP_UART_CHUNK 240 /* dump bytes per 'D' packet: a packet is <= 251 bytes */

typedef struct wisp_uart {
    const wisp_port *port;
    uint32_t total; /* announced in the header */
    uint32_t pos;   /* dump bytes taken so far */
    uint32_t crc;   /* of those */
    wisp_err err;   /* first error: later calls do nothing */
    uint32_t used;  /* bytes in pkt */
    uint8_t pkt[3 + 4 + WISP_UART_CHUNK + 4];
} wisp_uart;

/* Sends the header; then feed exactly `total` bytes through
 * wisp_uart_sink(u), then wisp_uart_end sends the rest and the end packet. */
wisp_err wisp_uart_begin(wisp_uart *u, const wisp_port *port, uint32_t total, uint32_t seq,
                         uint8_t flags);
wisp_sink wisp_uart_sink(wisp_uart *u);
wisp_err wisp_uart_end(wisp_uart *u);
/* Just an 'N' packet: "no stored dump" (a board without a slot answers so). */
wisp_err wisp_uart_none(const wisp_port *port);
/* After a trap: measures the dump (a first pass that only counts), then
 * streams it framed. */
wisp_err wisp_uart_coredump(const wisp_port *port, wisp_instance *inst,
                            const wisp_coredump_options *opt);

/* Flash slot: one dump, its header committed last, so that a power cut at
 * any point leaves the previous dump or none, never a damaged one that
 * looks valid (layout and argument in coredump/sink_slot.c). */
#define WISP_SLOT_BUFFER 256 /* bytes gathered per flash_prog; the largest prog size */

typedef struct wisp_slot_writer {
    const wisp_port *port;
    uint32_t data_off; /* slot-relative start of the dump bytes */
    uint32_t pos;      /* dump bytes taken so far */
    uint32_t crc;      /* of those */
    uint32_t seq;      /* this dump's sequence number */
    uint32_t erased;   /* slot-relative end of the erased area */
    wisp_err err;
    uint32_t used;     /* bytes in buf */
    uint8_t buf[WISP_SLOT_BUFFER];
} wisp_slot_writer;

/* Invalidates the stored dump and readies the slot; feed the dump through
 * wisp_slot_sink(w); wisp_slot_finish verifies it and commits it. */
wisp_err wisp_slot_begin(wisp_slot_writer *w, const wisp_port *port);
wisp_sink wisp_slot_sink(wisp_slot_writer *w);
wisp_err wisp_slot_finish(wisp_slot_writer *w);
/* After a trap: measures the dump first, so one that cannot fit gives
 * WISP_ERR_FULL before the stored dump is touched. */
wisp_err wisp_slot_coredump(const wisp_port *port, wisp_instance *inst,
                            const wisp_coredump_options *opt);

typedef struct wisp_slot_info {
    uint32_t length;      /* dump bytes */
    uint32_t seq;         /* 1 for the first dump ever written, then counts up */
    uint32_t data_offset; /* absolute flash offset of the dump's first byte */
} wisp_slot_info;

/* WISP_OK with a verified dump (header, commit mark and the CRC of every
 * byte checked), WISP_ERR_NOT_FOUND when there is none, or an IO error. */
wisp_err wisp_slot_find(const wisp_port *port, wisp_slot_info *out);
/* Streams the stored dump framed as above (flags bit 0 set, its seq), or
 * an 'N' packet and WISP_ERR_NOT_FOUND. */
wisp_err wisp_slot_send(const wisp_port *port);
/* Erases the slot, the header's block first. */
wisp_err wisp_slot_erase(const wisp_port *port);

/* One-line serial commands (`coredump?\n`: wisp_slot_send; `coredump
 * erase\n`: wisp_slot_erase, then an 'N' packet). Call it from the main
 * loop with timeout_ms 0; it keeps a partial line in `cmd` between calls
 * (zero it first). Other lines are ignored. Returns WISP_OK or the error
 * of the command that ran; cmd->last says which ran. */
#define WISP_CMD_NONE 0
#define WISP_CMD_SEND 1
#define WISP_CMD_ERASE 2
typedef struct wisp_cmd {
    uint8_t len;      /* bytes in line */
    bool overflow;    /* the line is longer than `line`: dropped at its end */
    uint8_t last;     /* WISP_CMD_*: the command the last call ran */
    char line[32];
} wisp_cmd;
wisp_err wisp_port_poll_command(const wisp_port *port, wisp_cmd *cmd, uint32_t timeout_ms);

#ifdef __cplusplus
}
#endif
#endif

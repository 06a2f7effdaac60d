/* Reading a Wasm coredump (tool-conventions Coredump.md, the 2023-05
 * version with `coremodules`/`coreinstances`; see
 * coredump/README.md) for `wisp inspect`.
 *
 * A coredump is a Wasm module that is never instantiated:
 *   custom `core`          0x00 executable-name:name           (at most once)
 *   custom `coremodules`   vec(0x00 module-name:name)          (at most once)
 *   custom `coreinstances` vec(0x00 moduleidx memories:vec(u32) globals:vec(u32))
 *   custom `corestack`     0x00 thread-name:name vec(frame)     (one per thread, >= 1)
 *     frame = 0x00 instanceidx funcidx codeoffset locals:vec(value) stack:vec(value)
 *     value = 0x7f sleb32 | 0x7e sleb64 | 0x7d f32 bits | 0x7c f64 bits | 0x01 (unknown)
 *   memory section, global section (init = one constant), data section (active
 *   segments; absent ranges are zero).
 * wisp's additions, both optional: a `name` section (module/function/local/
 * global names, so a dump explains itself without the module) and a custom
 * section `wisp.trap` = 0x00 message:name (why it trapped, e.g. "integer
 * divide by zero") then records id:u8 size:u32 payload (1: an out-of-bounds
 * access, kind:u8 memory:u32 address:u64 length:u64 memory-size:u64; other
 * ids skipped), and `wisp.modules` = vec(0x00 code-length:u32 crc32:4 bytes
 * LE), the code section payload of each module; other runtimes' dumps have
 * none of them.
 *
 * The parser is strict about structure (like wasmparser): every read is
 * bounds-checked, custom payloads must be consumed exactly, indices must be
 * in range. Any problem gives false and the absolute byte offset plus a
 * reason; it never reads out of bounds and never allocates more than a small
 * multiple of the input size. Strings point into the caller's buffer, which
 * must outlive the coredump. */
#ifndef WISP_TOOLS_COREDUMP_READ_H
#define WISP_TOOLS_COREDUMP_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Name of wisp's trap-reason custom section. */
#define COREDUMP_TRAP_SECTION "wisp.trap"
/* Name of wisp's module-identity custom section. */
#define COREDUMP_MODULES_SECTION "wisp.modules"

/* Value tags of the corestack; also used for globals (plus v128/refs). */
#define CD_UNKNOWN 0x01
#define CD_I32 0x7f
#define CD_I64 0x7e
#define CD_F32 0x7d
#define CD_F64 0x7c
#define CD_V128 0x7b
#define CD_FUNCREF 0x70
#define CD_EXTERNREF 0x6f

typedef struct cd_str {
    const char *p; /* not NUL-terminated; valid UTF-8 */
    uint32_t len;
} cd_str;

typedef struct cd_value {
    uint8_t type;  /* CD_I32 .. CD_F64, or CD_UNKNOWN */
    uint64_t bits; /* i32: the value zero-extended; floats: IEEE bits */
} cd_value;

typedef struct cd_frame {
    uint32_t instance, func, code_offset; /* code_offset: from the function body start */
    uint32_t nlocals, nstack;
    cd_value *locals; /* parameters first, then declared locals */
    cd_value *stack;  /* bottom first */
    size_t at;        /* file offset of the frame */
} cd_frame;

typedef struct cd_thread {
    cd_str name;
    uint32_t nframes;
    cd_frame *frames; /* youngest (trapping) first */
} cd_thread;

typedef struct cd_instance {
    uint32_t module;
    uint32_t nmemories, nglobals;
    uint32_t *memories, *globals; /* coredump memory/global indices */
    size_t at;                    /* file offset of the instance */
} cd_instance;

typedef struct cd_memory {
    uint64_t min, max; /* in pages; min = the size at the time of the dump */
    bool has_max, is64, shared;
    uint32_t page_log2; /* 16 (64 KiB pages), or 0 (custom-page-sizes: 1 byte) */
} cd_memory;

typedef struct cd_global {
    uint8_t type;  /* CD_I32 .. CD_F64, CD_V128, CD_FUNCREF, CD_EXTERNREF */
    bool mut;
    bool is_null;  /* refs: ref.null (else ref.func `bits`) */
    uint64_t bits; /* numbers: as cd_value; funcref: function index */
    uint8_t v128[16];
} cd_global;

typedef struct cd_segment {
    uint32_t memory;
    uint64_t offset;
    const uint8_t *bytes;
    uint32_t len;
    size_t at; /* file offset of the segment */
} cd_segment;

/* An out-of-bounds access (`wisp.trap` record 1); kinds as wisp_access_kind. */
enum { CD_ACCESS_LOAD = 1, CD_ACCESS_STORE, CD_ACCESS_FILL, CD_ACCESS_COPY_TO,
       CD_ACCESS_COPY_FROM, CD_ACCESS_INIT_TO, CD_ACCESS_INIT_FROM };
typedef struct cd_access {
    uint8_t kind;
    uint32_t memory;     /* memory index (CD_ACCESS_INIT_FROM: the data segment's) */
    uint64_t address, length, memory_size;
} cd_access;

/* A module's identity (`wisp.modules`): its code section payload. */
typedef struct cd_module_id {
    uint32_t code_len, code_crc; /* bytes, zlib's CRC-32 of them */
} cd_module_id;

typedef struct coredump {
    bool has_core, has_modules, has_instances, has_trap;
    cd_str executable; /* from `core` */
    cd_str trap;       /* from `wisp.trap` */
    bool has_access;   /* from `wisp.trap`: the out-of-bounds access */
    cd_access access;
    bool has_module_ids; /* `wisp.modules`: one per coremodules entry */
    uint32_t nmodule_ids;
    cd_module_id *module_ids;
    uint32_t nmodules, ninstances, nthreads, nmemories, nglobals, nsegments;
    cd_str *modules;
    cd_instance *instances;
    cd_thread *threads;
    cd_memory *memories;
    cd_global *globals;
    cd_segment *segments;
    const uint8_t *names; /* payload of the `name` section (after its name), or NULL */
    size_t names_len;
    size_t names_at;      /* its file offset */
} coredump;

/* Parses buf[0..len). On failure returns false, frees what it built, and
 * sets *err_at and err (a reason without the offset). */
bool coredump_parse(const uint8_t *buf, size_t len, coredump *out, size_t *err_at, char *err,
                    size_t err_size);
void coredump_free(coredump *cd);

/* Memory `mem` in bytes at the time of the dump (0 if there is no such memory). */
uint64_t coredump_memory_size(const coredump *cd, uint32_t mem);
/* Copies [addr, addr + n) of memory `mem` from the data segments (later
 * segments win where they overlap; absent bytes are zero). The range must
 * lie within the memory: false otherwise. */
bool coredump_memory_read(const coredump *cd, uint32_t mem, uint64_t addr, uint8_t *out,
                          size_t n);
/* Bytes the data segments of memory `mem` carry, and how many segments. */
void coredump_memory_saved(const coredump *cd, uint32_t mem, uint64_t *bytes,
                           uint32_t *segments);

const char *coredump_type_name(uint8_t type);

#endif

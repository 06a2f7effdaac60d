/* Symbolization on the host: from a Wasm frame (module, function, code
 * offset, the frame's values) to what a person reads:
 *   - the source frames at that instruction, innermost first: the inlined
 *     calls (DWARF DW_TAG_inlined_subroutine), then the function itself;
 *   - each with its name (demangled unless told not to), FILE:LINE:COL
 *     (DWARF .debug_line, else a source map), and its variables with
 *     their values (DWARF .debug_info and location expressions);
 * and, over a whole backtrace, what the panic machinery of a language
 * says (a Rust panic's message and location).
 *
 * One symbolizer per module, opened from the module's bytes (which must
 * outlive it). The frame's values come through sym_values, so the same
 * code serves `wisp run` (a live instance) and `wisp inspect` (a
 * coredump). Host C: malloc is fine; damaged debug info gives fewer
 * details (and a note), never a crash.
 *
 * Providers, one file each:
 *   dwarf_info.c   .debug_info/.debug_abbrev/... : scopes, inlined chains,
 *                  variables, types, location expressions
 *   sourcemap.c    a source map (sourceMappingURL section, --source-map)
 *   demangle.c     Rust (legacy, v0) and C++ names
 *   panic.c        Rust panics and AssemblyScript aborts in a backtrace
 * and symbols.c, which puts them together (.debug_line stays in
 * tools/inspect/dwarf_line.c). */
#ifndef WISP_TOOLS_SYMBOLS_H
#define WISP_TOOLS_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wisp.h"

/* A frame's values, read on demand; each returns false when the value is
 * unknown (not kept in the coredump, out of range). */
typedef struct sym_values {
    void *ctx;
    bool (*local)(void *ctx, uint32_t k, uint8_t *type, wisp_value *v);
    /* operand stack entry k, 0 = the bottom of this frame's stack */
    bool (*stack)(void *ctx, uint32_t k, uint8_t *type, wisp_value *v);
    bool (*global)(void *ctx, uint32_t g, uint8_t *type, wisp_value *v);
    /* len bytes of memory 0 at addr */
    bool (*memory)(void *ctx, uint64_t addr, void *buf, uint32_t len);
} sym_values;

typedef struct sym_options {
    bool no_demangle;           /* --no-demangle: names as the module has them */
    const char *source_map;     /* --source-map FILE, or NULL */
    const char *module_path;    /* a sourceMappingURL is relative to its folder; may be NULL */
    bool full_backtrace;        /* --full-backtrace: panic machinery not folded (panic.h) */
} sym_options;

/* A source variable: its text is ready to print. */
typedef struct sym_var {
    const char *name;
    const char *type;  /* "int", "unsigned char *", "struct point", ... */
    const char *value; /* "12", "0x10a0", "{x=1, y=2}", "'a'", or "<optimized out>" */
    bool is_param;
} sym_var;

/* One source-level frame. Strings are NUL-terminated and owned by the
 * symbolizer; they stay valid until sym_close. */
typedef struct sym_frame {
    /* Inlined frames: the function's display name (sym_display_name), NULL
     * if unknown. The last frame: NULL; the caller names it as it does any
     * frame (name section, export), through sym_display_name. */
    const char *name;
    const char *raw_name; /* as in the debug info (mangled); NULL: unknown */
    bool inlined;       /* inlined into the next frame of the same Wasm frame */
    const char *file;   /* NULL: no source location */
    uint32_t line, column; /* column 0: unknown */
    bool has_vars;      /* the debug info describes this function's variables;
                         * then vars replace the Wasm locals in the output */
    uint32_t nvars;
    const sym_var *vars;
} sym_frame;

typedef struct sym_module sym_module;

/* NULL only when the host is out of memory; a module without debug info
 * gives a symbolizer that knows only its names. `notes` (may be NULL)
 * receives one line per problem found in the debug info. */
sym_module *sym_open(const uint8_t *bytes, size_t len, const sym_options *opt,
                     void (*note)(void *ctx, const char *line), void *note_ctx);
/* The same over a module the caller parsed already (inspect_module.h's
 * im_parse of these bytes), which must outlive the symbolizer. */
struct im_module;
sym_module *sym_open_parsed(const struct im_module *m, const uint8_t *bytes, size_t len,
                            const sym_options *opt, void (*note)(void *ctx, const char *line),
                            void *note_ctx);
void sym_close(sym_module *s);

/* A function name as shown: demangled (Rust legacy and v0, C++) unless
 * no_demangle; `raw` itself (as a NUL-terminated copy) when it is not a
 * mangled name. Valid until sym_close; NULL only when out of memory. */
const char *sym_display_name(sym_module *s, const char *raw, uint32_t len);

/* The source frames of a Wasm frame of function `func` at `module_offset`
 * (the trapping instruction for frame 0, the call for callers; 0 if
 * unknown): innermost first, the last one the function itself
 * (inlined=false). `values` may be NULL (no variables then). Returns the
 * count (at least 1) and sets *out to an array valid until the next call. */
uint32_t sym_frames(sym_module *s, uint32_t func, uint32_t module_offset,
                    const sym_values *values, const sym_frame **out);

#endif

/* Inside `wisp inspect`'s printer (inspect_print.h): the state shared by
 * the setup and frame resolution (inspect_print.c) and the two output
 * formats (inspect_text.c, inspect_json.c). Not for other callers. */
#ifndef WISP_TOOLS_INSPECT_CTX_H
#define WISP_TOOLS_INSPECT_CTX_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bt_file.h"
#include "coredump_read.h"
#include "dwarf_line.h"
#include "inspect_module.h"
#include "inspect_print.h"
#include "panic.h"

#define INSPECT_EXIT_BAD 1

typedef struct ictx {
    const inspect_req *rq;
    FILE *out, *err;
    coredump cd;
    bool have_module;
    im_module mod;
    uint32_t mod_index; /* coremodules index the module stands for */
    names dump_names;   /* the coredump's own name section */
    bool have_dump_types;
    im_module dump_mod; /* the dump read as a module: wisp's writer puts the real
                         * types of the functions on the stack in it */
    sym_module *sym;    /* the module's symbolizer (with --module) */
    bool warned_mismatch;
    /* --module against the dump (check_module) */
    struct {
        bool recorded;               /* the dump has `wisp.modules` for it */
        bool matches;                /* the code section matches, or (not recorded)
                                      * the frames fit the module */
        uint32_t code_len, code_crc; /* the module's */
    } module_check;
    /* --memory: the range shown, checked before printing; clipped when
     * ADDR:LEN runs past the end of memory 0 (view_end is then its size) */
    uint64_t view_start, view_end;
    bool view_clipped;
} ictx;

/* One frame, ready to print: the bt_text.h line plus what JSON adds; the
 * functions inlined at its instruction come first, in `inlined`. */
typedef struct resolved {
    bt_frame bt;
    bt_local *locals; /* free() it */
    uint32_t module;
    bool has_module_offset;
    uint32_t module_offset;
    uint32_t ninlined;
    bt_frame *inlined;
} resolved;

/* Frame f of a thread, numbered from *shown on (inlined source frames
 * count); false (with a message) only when out of host memory. Free with
 * ictx_resolved_free. */
bool ictx_resolve(ictx *c, const cd_frame *f, uint32_t *shown, resolved *r);
void ictx_resolved_free(resolved *r);
/* Frame f's operand stack line (bt_operands_line). */
void ictx_operands_line(const ictx *c, const cd_frame *f);
/* A Rust panic in a thread (panic.h): the report over its source frames
 * (each Wasm frame's inlined ones, then itself), and where each Wasm
 * frame's first source frame is in that list. */
typedef struct ictx_panic {
    panic_report rep;
    uint32_t *first; /* [nframes + 1]; NULL: no report (fold nothing) */
    bool full;       /* --full-backtrace: nothing folded */
} ictx_panic;
bool ictx_panic_find(ictx *c, const cd_thread *t, ictx_panic *p);
void ictx_panic_free(ictx_panic *p);
/* How source frame k (k == ninlined: the function itself) of Wasm frame i
 * is shown. */
panic_fold ictx_panic_fold(const ictx_panic *p, uint32_t i, uint32_t k);

/* The names that apply to coredump global g, and its index in them; NULL
 * when none. */
const names *ictx_global_names(const ictx *c, uint32_t g, uint32_t *module_global);
/* "1.5", "i32x4 0x... 0x... 0x... 0x...", "null", "ref.func 3". */
void ictx_format_global(const cd_global *g, char *buf, size_t size);

/* The dump's out-of-bounds access (`wisp.trap`) as a wisp_trap_info for
 * bt_trap_access; access WISP_ACCESS_NONE when it has none. */
void ictx_trap_info(const ictx *c, wisp_trap_info *t);

int inspect_print_text(ictx *c);
int inspect_print_json(ictx *c);

#endif

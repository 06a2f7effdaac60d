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
    bool dwarf_ok;      /* module has .debug_line and it was not found damaged */
    dwarf_sections dwarf;
    bool warned_mismatch;
    /* --memory: the range shown, checked before printing; clipped when
     * ADDR:LEN runs past the end of memory 0 (view_end is then its size) */
    uint64_t view_start, view_end;
    bool view_clipped;
} ictx;

/* One frame, ready to print: the bt_text.h line plus what JSON adds. */
typedef struct resolved {
    bt_frame bt;
    bt_local *locals; /* free() it */
    uint32_t module;
    bool has_module_offset;
    uint32_t module_offset;
    char file[512];
    bool has_loc;
    dwarf_loc loc;
} resolved;

/* false (with a message) only when out of host memory. */
bool ictx_resolve(ictx *c, const cd_frame *f, uint32_t index, resolved *r);
/* The names that apply to coredump global g, and its index in them; NULL
 * when none. */
const names *ictx_global_names(const ictx *c, uint32_t g, uint32_t *module_global);
/* "1.5", "i32x4 0x... 0x... 0x... 0x...", "null", "ref.func 3". */
void ictx_format_global(const cd_global *g, char *buf, size_t size);

int inspect_print_text(ictx *c);
int inspect_print_json(ictx *c);

#endif

/* The backtrace text shared by `wisp run` (on a trap) and `wisp inspect`
 * (from a coredump), so the two print the same lines:
 *
 *   trap: integer divide by zero
 *     #0 0x4a scale_damage (wasm-function[2]) base=12 divisor=0 crit=1 at game.c:41
 *     #1 0x7c hit_enemy (wasm-function[4]) enemy=3 dmg=12.5
 *     #2 0x101 tick (wasm-function[6]) frame=901
 *
 * A frame line is "  #N " then
 *   - the module offset of the instruction in lowercase hex (V8's
 *     `wasm-function[2]:0x4a` convention: the trapping instruction for #0,
 *     the call for callers), when known;
 *   - the function: `NAME (wasm-function[I])`, or `wasm-function[I]` without
 *     a name. When only the offset from the function body start is known
 *     (a coredump read without its module) it is attached to the index:
 *     `NAME (wasm-function[I]+0x12)`; BT_OFFSET_NONE prints no offset;
 *   - the locals as `name=value`: i32/i64 in signed decimal, floats as the
 *     shortest text that reads back exactly (values.h), `?` when the value
 *     is unknown. Shown: named locals, plus the parameters when their number
 *     is known (unnamed ones as `$I`); when no local of the function has a
 *     name and the parameter count is unknown, every local is shown as `$I`;
 *   - ` at FILE:LINE` when DWARF gave a location.
 * A host function frame (wisp run) is "  #N host NAME".
 * Names are printed as they are, except that bytes that are not printable
 * UTF-8 (control characters, invalid sequences) become \xNN; an empty
 * function or local name is printed as if there were none.
 *
 * How `wisp run` (trap_report.c) fills a frame, per frame i:
 *     wisp_frame_info fi;  wisp_backtrace_frame(inst, i, &fi);
 *     bt_frame f = {.index = i, .func_index = fi.func_index,
 *                   .offset_kind = fi.module_offset ? BT_OFFSET_MODULE : BT_OFFSET_NONE,
 *                   .offset = fi.module_offset, .nparams = <params of the type>};
 *     wisp_module_func_name(fi.module, fi.func_index, &f.func_name, &f.func_name_len);
 *     fill bt_local[k] from wisp_backtrace_local + wisp_module_local_name;
 *     bt_print_frame(stderr, &f);
 * and bt_print_trap(stderr, message) before the first frame. */
#ifndef WISP_TOOLS_BACKTRACE_FMT_H
#define WISP_TOOLS_BACKTRACE_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wisp.h"

#define BT_NPARAMS_UNKNOWN UINT32_MAX

typedef enum bt_offset_kind {
    BT_OFFSET_NONE = 0, /* unknown */
    BT_OFFSET_MODULE,   /* offset = module byte offset of the instruction */
    BT_OFFSET_FUNC      /* offset = from the byte after the body-size LEB */
} bt_offset_kind;

typedef struct bt_local {
    const char *name; /* NULL: unnamed */
    uint32_t name_len;
    uint8_t type;     /* WISP_I32/I64/F32/F64 (or another wisp_type); 0: value unknown */
    wisp_value value;
} bt_local;

typedef struct bt_frame {
    uint32_t index;           /* the N of #N */
    uint32_t func_index;
    const char *func_name;    /* NULL: no name */
    uint32_t func_name_len;
    const char *host_name;    /* non-NULL: a host function (everything else unused) */
    bt_offset_kind offset_kind;
    uint32_t offset;
    const bt_local *locals;   /* in local-index order, parameters first */
    uint32_t nlocals;
    uint32_t nparams;         /* BT_NPARAMS_UNKNOWN if not known */
    bool locals_named;        /* whether any local of the function has a name */
    const char *file;         /* NULL: no source location */
    uint32_t file_len;
    uint32_t line;
} bt_frame;

/* Whether the frame line shows local i (the policy above). */
bool bt_local_shown(const bt_frame *f, uint32_t i);

/* snprintf-style: writes at most size bytes (NUL included) and returns the
 * length the whole line needs, without the newline (none is written). */
size_t bt_format_frame(char *buf, size_t size, const bt_frame *f);
/* "trap: MESSAGE" */
size_t bt_format_trap(char *buf, size_t size, const char *message);

/* Print the line and a newline to out (any length). */
void bt_print_frame(FILE *out, const bt_frame *f);
void bt_print_trap(FILE *out, const char *message);

/* Appends name[0..len) to buf with the escaping described above; used for
 * every name printed. snprintf-style on (buf, size, pos): buf stays
 * NUL-terminated whenever pos < size, also for an empty name. */
size_t bt_put_name(char *buf, size_t size, size_t pos, const char *name, size_t len);

/* A length-delimited name (from a coredump or a module: not NUL-terminated,
 * maybe empty) as a malloc'd, NUL-terminated string, escaped as above;
 * "" for len 0. NULL only when out of memory. free() it. */
char *bt_name_text(const char *name, size_t len);

#endif

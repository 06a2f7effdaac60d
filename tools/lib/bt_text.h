/* The backtrace text: the one formatter behind `wisp run` (on a trap),
 * `wisp inspect` (from a coredump) and the boards' serial line, so all of
 * them print the same lines:
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
 *   - the locals as `name=value` (values as bt_value writes them), `?` when
 *     the value is unknown. Shown: named locals, plus the parameters when
 *     their number is known (unnamed ones as `$I`); when no local of the
 *     function has a name and the parameter count is unknown, every local
 *     is shown as `$I`;
 *   - with debug info, the source variables instead of the locals
 *     (`name=value`, values as the source language prints them); when some
 *     are `<optimized out>` or `?`, the locals follow in brackets:
 *     `count=<optimized out> [$0=0 $1=1]`;
 *   - ` at FILE:LINE` or ` at FILE:LINE:COL` when DWARF or a source map
 *     gave a location.
 * A function inlined at that instruction is a frame line of its own, before
 * the line of the function it was inlined into, numbered like any frame:
 * `  #0 0x4a get_cell (inlined in wasm-function[5]) x=3 at grid.c:12:10`.
 * After frame #0's line (the innermost function inlined there, if any), when
 * the trap is one whose operands tell why
 * (bt_trap_shows_operands: a division, a conversion, a table index), its
 * operand stack: "      operands: 24 0", bottom first so the trapping
 * instruction's operands are at the right; at most the top BT_OPERANDS_SHOWN,
 * "... " before them when there are more, "?" for one not kept.
 * A host function frame is "  #N host NAME". A frame entered by a tail call
 * is followed by "      (entered by a tail call: its caller's frame was
 * replaced)". Beyond max_frames the middle frames are elided in one line,
 * "  ... N frames elided ...", keeping the innermost and a quarter of
 * max_frames outermost ones.
 * Names are printed as they are, except that bytes that are not printable
 * UTF-8 (control characters, invalid sequences) become \xNN; an empty
 * function or local name is printed as if there were none.
 *
 * Freestanding apart from snprintf/strtod for floats (picolibc has both):
 * no FILE and no malloc, everything goes through a bt_writer, so a board
 * writes straight to its UART. The host's FILE and string forms are
 * bt_file.h. */
#ifndef WISP_TOOLS_BT_TEXT_H
#define WISP_TOOLS_BT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wisp.h"

typedef struct bt_writer {
    void (*write)(void *ctx, const char *s, size_t len);
    void *ctx;
} bt_writer;

/* Into a buffer, snprintf-style: pos counts every byte written, also those
 * that did not fit; buf stays NUL-terminated while size > 0. */
typedef struct bt_buffer {
    char *buf;
    size_t size, pos;
} bt_buffer;
bt_writer bt_buffer_writer(bt_buffer *b, char *buf, size_t size);

/* ---- pieces ---------------------------------------------------------- */

void bt_put(const bt_writer *w, const char *s, size_t len);
void bt_str(const bt_writer *w, const char *s);
void bt_u64(const bt_writer *w, uint64_t v);
void bt_i64(const bt_writer *w, int64_t v);
void bt_hex(const bt_writer *w, uint64_t v); /* 0x1f: lowercase, no padding */
/* Well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool bt_utf8_valid(const uint8_t *p, size_t n);
/* A name (not NUL-terminated, maybe empty), escaped as described above. */
void bt_name(const bt_writer *w, const char *name, size_t len);

/* "i32", "v128", ...; "?" for anything else. */
const char *bt_type_name(uint8_t type);
/* A value as `wisp run` prints results (tools/README.md):
 *   i32, i64   signed decimal;
 *   f32, f64   the shortest decimal that reads back to the same bits (%g
 *              style), inf/-inf, nan/-nan, nan:0x... for non-canonical NaNs;
 *   v128       i32x4:0x00000001,0x00000002,0x00000003,0xffffffff (lane 0
 *              first, as wabt shows it, one word that reads back);
 *   refs       null, or funcref / externref:0xHEX when non-null;
 *   else       <TYPE>. */
void bt_value(const bt_writer *w, uint8_t type, wisp_value v);

/* ---- frames ------------------------------------------------------------ */

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

/* A source variable (DWARF), its value already as text. */
typedef struct bt_var {
    const char *name;
    const char *value;
} bt_var;

typedef struct bt_frame bt_frame;
struct bt_frame {
    uint32_t index;           /* the N of #N */
    uint32_t func_index;
    const char *func_name;    /* NULL: no name */
    uint32_t func_name_len;
    const char *host_name;    /* non-NULL: a host function (everything else unused) */
    bt_offset_kind offset_kind;
    uint32_t offset;
    /* local k, in local-index order (parameters first), for k < nlocals:
     * bt_local_array when `locals` is an array of them */
    void (*local_at)(const bt_frame *f, uint32_t k, bt_local *out);
    const void *locals;
    uint32_t nlocals;
    uint32_t nparams;         /* BT_NPARAMS_UNKNOWN if not known */
    bool locals_named;        /* whether any local of the function has a name */
    const char *file;         /* NULL: no source location */
    uint32_t file_len;
    uint32_t line;
    uint32_t column;          /* 0: unknown (FILE:LINE only) */
    /* A source frame inlined into the next line's frame (the same Wasm
     * frame): `NAME (inlined in wasm-function[I])`, no locals. */
    bool inlined;
    /* The source variables (DWARF): when has_vars they are shown instead
     * of the Wasm locals, as `name=value`. */
    bool has_vars;
    bool vars_incomplete; /* some are <optimized out> or ?: the Wasm locals
                           * follow in brackets */
    uint32_t nvars;
    const bt_var *vars;
};
void bt_local_array(const bt_frame *f, uint32_t k, bt_local *out);

/* Whether the frame line shows a local with this index and name (the
 * policy above). */
bool bt_local_shown(const bt_frame *f, uint32_t k, bool named);

/* The lines, without the newline. */
void bt_frame_line(const bt_writer *w, const bt_frame *f);
void bt_trap_line(const bt_writer *w, const char *message, size_t len);
/* What an out-of-bounds memory trap knows, after its trap line (nothing
 * for other traps or when the access is not known):
 *   ": 4-byte load at 0x10000, memory is 65536 bytes"
 *   ": memory.fill of 32 bytes at 0xfff0, memory 1 is 65536 bytes"
 *   ": memory.copy of 8 bytes to 0x.. / from 0x.., memory is N bytes"
 *   ": memory.init of 8 bytes from offset 0x4 of data segment 1, which is 6 bytes" */
void bt_trap_access(const bt_writer *w, const wisp_trap_info *t);
/* bt_trap_line of a trapped instance, with its bt_trap_access. */
void bt_trap_line_live(const bt_writer *w, wisp_instance *inst, const char *message);

/* The operand stack line (above), if the trap shows one. */
#define BT_OPERANDS_SHOWN 8
bool bt_trap_shows_operands(wisp_trap_kind kind);
/* The kind of a trap from its message (a coredump keeps only the text);
 * WISP_TRAP_HOST for a message of no kind. */
wisp_trap_kind bt_trap_kind_of(const char *message, size_t len);
/* Operand k (0 = bottom) of a frame, or false when not known. */
typedef bool (*bt_value_at)(void *ctx, uint32_t k, uint8_t *type, wisp_value *v);
void bt_operands_line(const bt_writer *w, uint32_t n, bt_value_at at, void *ctx);

/* The frames printed of n, at most max: for i in [0, n), next_frame(i)
 * is i, or past the elided middle (after writing its line), or n. */
uint32_t bt_next_frame(const bt_writer *w, uint32_t i, uint32_t n, uint32_t max);

/* ---- a trapped instance ---------------------------------------------- */

/* A live frame as a bt_frame: everything the instance knows (names from
 * the name section, locals, offsets); no source location. `lf` keeps what
 * f->locals points to. False when there is no frame i. */
typedef struct bt_live {
    wisp_instance *inst;
    uint32_t frame; /* its index in the backtrace */
    wisp_frame_info fi;
} bt_live;
bool bt_live_frame(wisp_instance *inst, uint32_t i, bt_live *lf, bt_frame *f);
void bt_live_tail_note(const bt_writer *w, const bt_live *lf);
/* The operand line of live frame #0, when its trap shows one. */
void bt_live_operands(const bt_writer *w, const bt_live *lf);

/* FILE:LINE of an instruction (fi.module, fi.module_offset), or false;
 * the host reads DWARF, the boards have none. */
typedef bool (*bt_locate_fn)(void *ctx, const wisp_frame_info *fi, const char **file,
                             uint32_t *file_len, uint32_t *line);

/* "trap: MESSAGE" and the frames of inst's backtrace, one line each with
 * its newline, at most max_frames (the rest elided); locate may be NULL. */
void bt_write_backtrace(const bt_writer *w, wisp_instance *inst, const char *message,
                        uint32_t max_frames, bt_locate_fn locate, void *locate_ctx);

#endif

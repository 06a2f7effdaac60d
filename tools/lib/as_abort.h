/* AssemblyScript's `env.abort` for `wisp run`.
 *
 * Modules compiled by asc import
 *   abort(message: usize, fileName: usize, line: u32, column: u32): void
 * (Wasm type (i32 i32 i32 i32) -> ()), called by `throw`, `assert` and the
 * standard library's checks. The two strings are AssemblyScript strings:
 * UTF-16LE at the pointer, their length in bytes the u32 just below it
 * (the object header's rtSize); either pointer may be 0. Bound, a call
 * traps with
 *   abort: Index out of range at ~lib/array.ts:114:42
 * so the backtrace that follows shows where it was called from. Only an
 * import of exactly that type is bound. */
#ifndef WISP_TOOLS_AS_ABORT_H
#define WISP_TOOLS_AS_ABORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wisp.h"

#define AS_ABORT_MESSAGE_MAX 400

typedef struct as_abort {
    wisp_func *func;                    /* NULL: the module imports no such abort */
    char message[AS_ABORT_MESSAGE_MAX]; /* the last call's trap message */
} as_abort;

/* Creates the host function (in the arena) when the module imports
 * env.abort with that type. */
wisp_err as_abort_bind(as_abort *a, wisp_arena *arena, const wisp_module *m);

/* For a resolver: true (and *out set) when imp is the bound env.abort. */
bool as_abort_resolve(const as_abort *a, const wisp_import_desc *imp, wisp_extern *out);

/* The trap message for abort(message, file, line, column) over a memory
 * of mem_size bytes (mem may be NULL when there is no memory): "abort:
 * MESSAGE at FILE:LINE:COLUMN", "(no message)" for a null message, no
 * " at ..." for a null file and line 0, and a note in place of a string
 * that lies outside the memory. Strings are cut to a readable length. */
void as_abort_format(const uint8_t *mem, size_t mem_size, uint32_t message, uint32_t file,
                     uint32_t line, uint32_t column, char *out, size_t out_size);

#endif

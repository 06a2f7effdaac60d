/* The DWARF .debug_info reader of the symbolizer (symbols.h): at a code
 * address, the chain of scopes (the function, its lexical blocks, the
 * functions inlined there), each frame's call site, and the variables in
 * scope with their values, read through a location expression from the
 * frame's Wasm locals, globals, operand stack or linear memory.
 *
 * DWARF 4 and 5, 32-bit DWARF, as clang and rustc write it for Wasm
 * (tool-conventions Debugging.md): addresses are offsets from the code
 * section payload; DW_OP_WASM_location (0xed) names a local (0), a global
 * (1, 3) or an operand stack entry (2). Sections used: .debug_info,
 * .debug_abbrev, .debug_str, .debug_line_str, .debug_str_offsets,
 * .debug_addr, .debug_loc, .debug_loclists, .debug_ranges, .debug_rnglists,
 * and .debug_line for call-site file names.
 *
 * Every read is bounds-checked; damaged DWARF ends the reading of its
 * unit, never the program. */
#ifndef WISP_TOOLS_DWARF_INFO_H
#define WISP_TOOLS_DWARF_INFO_H

#include "sym_internal.h"

typedef struct dwarf_info dwarf_info;

/* NULL when the module has no .debug_info (or no host memory). */
dwarf_info *dwarf_info_open(sym_module *s);
void dwarf_info_close(dwarf_info *d);

/* Fills s->frames[0..n) for the code address (module offset - code
 * payload): innermost first, the last the function itself. frames[0]'s
 * file/line/column come from the line table (the caller sets them before);
 * an outer frame's are the call site of the frame inside it. Returns n, or
 * 0 when no function's DWARF covers the address. */
uint32_t dwarf_info_frames(dwarf_info *d, uint64_t address, const sym_values *values,
                           sym_frame *frames, uint32_t max);

#endif

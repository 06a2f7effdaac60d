/* A small `.debug_line` reader: code address -> file:line, for `wisp
 * inspect` (and `wisp run` backtraces) of modules built with `clang -g`.
 *
 * Reads DWARF 2-5 line programs, 32- and 64-bit DWARF: the unit header,
 * the DWARF <= 4 include_directories/file_names lists and the DWARF 5
 * entry-format tables (DW_FORM_string, line_strp, strp, udata, data1/2/4/8/
 * 16, block; strx forms give no name), all standard opcodes (unknown ones
 * skipped by their declared operand count), the extended opcodes
 * end_sequence, set_address, define_file, set_discriminator (others
 * skipped by length) and special opcodes, with op_index for VLIW. clang-14
 * for wasm32 emits DWARF 4 by default and DWARF 5 with -gdwarf-5.
 *
 * For Wasm, addresses are offsets from the code section payload start
 * (tool-conventions Debugging.md):
 *   dwarf address = module offset - code payload offset.
 *
 * Nothing is allocated and every read is bounds-checked; a damaged section
 * gives an error with the file offset, never a crash. Strings returned point
 * into the sections and are not NUL-terminated. */
#ifndef WISP_TOOLS_DWARF_LINE_H
#define WISP_TOOLS_DWARF_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dwarf_sections {
    const uint8_t *line;     /* .debug_line payload (required) */
    size_t line_len;
    size_t line_at;          /* its file offset, for error messages */
    const uint8_t *line_str; /* .debug_line_str (DWARF 5), may be NULL */
    size_t line_str_len;
    const uint8_t *str;      /* .debug_str, may be NULL */
    size_t str_len;
} dwarf_sections;

typedef struct dwarf_loc {
    const char *dir;  /* NULL when the file is in the compilation directory */
    size_t dir_len;
    const char *file; /* NULL if the file table has no usable name ("??") */
    size_t file_len;
    uint32_t line, column;
    uint64_t address; /* of the row that covers the address looked up */
} dwarf_loc;

typedef struct dwarf_row {
    uint64_t unit;    /* offset of its unit in .debug_line */
    uint64_t address;
    uint32_t file, line, column;
    bool is_stmt, end_sequence;
} dwarf_row;

enum { DWARF_FOUND = 1, DWARF_NOT_FOUND = 0, DWARF_DAMAGED = -1 };

/* The row covering `address` (the last row at or below it in a sequence
 * that extends past it; if sequences overlap, the closest row wins).
 * Returns DWARF_FOUND with *out set; DWARF_NOT_FOUND when no sequence covers
 * it or its row says line 0 ("no source line"); DWARF_DAMAGED with *err_at
 * (a file offset) and err set. */
int dwarf_line_lookup(const dwarf_sections *s, uint64_t address, dwarf_loc *out,
                      size_t *err_at, char *err, size_t err_size);

/* Calls fn for every row of every unit, in order (for tests and dumps). */
int dwarf_line_rows(const dwarf_sections *s, void (*fn)(void *ctx, const dwarf_row *row),
                    void *ctx, size_t *err_at, char *err, size_t err_size);

/* The name of file `file` of the unit at offset `unit` (as in dwarf_row):
 * fills out->dir/file; DWARF_NOT_FOUND if the table has no such entry. */
int dwarf_line_file(const dwarf_sections *s, uint64_t unit, uint32_t file, dwarf_loc *out,
                    size_t *err_at, char *err, size_t err_size);

/* "dir/file" (or "file"; "??" without a name) into buf, snprintf-style. */
size_t dwarf_loc_path(const dwarf_loc *loc, char *buf, size_t size);

#endif

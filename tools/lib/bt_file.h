/* The backtrace text (bt_text.h) on the host: to a FILE, or as a string. */
#ifndef WISP_TOOLS_BT_FILE_H
#define WISP_TOOLS_BT_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "bt_text.h"
#include "symbols.h"

/* A bt_writer onto out (no buffering of its own). */
bt_writer bt_file_writer(FILE *out);

/* The line and a newline, to out. */
void bt_print_frame(FILE *out, const bt_frame *f);
void bt_print_trap(FILE *out, const char *message, size_t len);
void bt_print_name(FILE *out, const char *name, size_t len);

/* The frame line (no newline) as a malloc'd string; NULL when out of
 * memory. free() it. */
char *bt_frame_text(const bt_frame *f);

/* A source frame's location and variables onto f (which keeps its Wasm
 * function, offset and, for the Wasm frame itself, its name); an inlined
 * source frame also gives its name. f->vars is malloc'd (free() it), NULL
 * when there are none or the host is out of memory. */
void bt_source_frame(bt_frame *f, const sym_frame *src);

#endif

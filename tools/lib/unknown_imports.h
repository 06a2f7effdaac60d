/* Imports the host cannot provide, for `wisp run` and `wisp play`.
 *
 * A resolver that wraps the host's own (WASI, the console): what the host
 * does not know is, by the mode,
 *   UNKNOWN_FAIL     refused, and collected, so that the error lists every
 *                    missing import with its kind and type, not the first;
 *   UNKNOWN_TRAP     (--trap-unknown-imports) a function becomes a host
 *                    function named like the import that traps when called,
 *                    "call to unknown import env.draw_sprite";
 *   UNKNOWN_DEFAULT  (--default-values-unknown-imports) a function returns
 *                    zeros of its result types.
 * With either option an import that is not a function is given a stand-in
 * of its type: a global holding zero (mutable if declared so), a zeroed
 * memory of its minimum size and declared maximum, a table of its minimum
 * size full of nulls; unknown_imports_notes says which. A memory with a
 * custom page size has no stand-in (the API makes 64 KiB pages only).
 * An import the host knows but with another function type is listed as
 * such, never stood in for.
 *
 * The core asks the resolver about every import even after one failed
 * (wisp.h), which is what lets the list be complete. */
#ifndef WISP_TOOLS_UNKNOWN_IMPORTS_H
#define WISP_TOOLS_UNKNOWN_IMPORTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "opts.h"
#include "wisp.h"

typedef enum unknown_mode { UNKNOWN_FAIL = 0, UNKNOWN_TRAP, UNKNOWN_DEFAULT } unknown_mode;

/* --trap-unknown-imports (trap) or --default-values-unknown-imports on the
 * command line, into *mode: -1, or the exit status of a bad command line
 * (the two exclude each other). */
int unknown_imports_option(const opt_parser *p, bool trap, unknown_mode *mode);

/* One import the host could not provide. */
typedef struct unknown_import {
    uint32_t index;     /* among the module's imports */
    bool wrong_type;    /* the host has it, with another function type */
    bool stand_in;      /* bound to a stand-in (the options) */
    char *name;         /* "env.draw_sprite": a stand-in function's debug name */
    char *message;      /* its trap message (UNKNOWN_TRAP) */
    uint32_t nresults;  /* a stand-in function's, zeroed (UNKNOWN_DEFAULT) */
    char host_type[96]; /* wrong_type: the host's function type */
} unknown_import;

typedef struct unknown_imports {
    unknown_mode mode;
    wisp_arena *arena; /* where stand-ins are made */
    const wisp_module *m;
    wisp_resolve_fn host; /* the host's resolver; NULL: it knows nothing */
    void *host_ctx;
    uint32_t nimports;
    uint32_t n;           /* entries in list */
    unknown_import *list; /* at most one per import, in import order */
    uint32_t next;        /* where to look for the next import asked about */
} unknown_imports;

/* false when out of host memory. */
bool unknown_imports_init(unknown_imports *u, unknown_mode mode, wisp_arena *arena,
                          const wisp_module *m, wisp_resolve_fn host, void *host_ctx);
void unknown_imports_free(unknown_imports *u);

/* wisp_resolve_fn over an unknown_imports. */
wisp_err unknown_imports_resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out);

/* Imports that could not be provided (left unbound): how many. */
uint32_t unknown_imports_missing(const unknown_imports *u);

/* The error for them, one import a line:
 *   wisp: PATH: 2 imports cannot be provided:
 *     env.draw_sprite: function (i32, i32) -> ()
 *     env.level: global mut i32
 *   wisp: PATH: HOST_NOTE; --trap-unknown-imports or ... */
void unknown_imports_report(FILE *out, const unknown_imports *u, const char *path,
                            const char *host_note);

/* One line for each import that is not a function and got a stand-in:
 *   wisp: PATH: env.level (global mut i32) is not provided: it holds 0 */
void unknown_imports_notes(FILE *out, const unknown_imports *u, const char *path);

/* "function (i32) -> ()", "global mut i32", "memory 1 page, max 2",
 * "table funcref, 4 elements": import `index` of m. */
void import_type_text(const wisp_module *m, uint32_t index, char *buf, size_t size);

#endif

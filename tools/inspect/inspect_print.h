/* The printing half of `wisp inspect`: everything after the files are read.
 * It takes bytes and FILEs, not paths, so the CLI (inspect.c: stdout and
 * stderr) and the fuzzer (tests/fuzz/fuzz_coredump.c: a sink) run the same
 * code. The text and JSON formats are described in tools/README.md. */
#ifndef WISP_TOOLS_INSPECT_PRINT_H
#define WISP_TOOLS_INSPECT_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "symbols.h"

typedef struct inspect_req {
    const char *core_name;   /* for messages: "wisp: CORE: damaged coredump at ..." */
    const uint8_t *core;     /* the coredump, which must outlive the call */
    size_t core_len;
    const char *module_name; /* NULL: no --module */
    bool force;              /* --force: use a module that does not match the dump */
    const uint8_t *module;
    size_t module_len;
    bool json;
    bool view;               /* --memory */
    bool view_len_given;     /* ADDR:LEN rather than ADDR */
    uint64_t view_addr, view_len;
    sym_options sym;         /* how frames are symbolized (with --module) */
} inspect_req;

/* Prints the dump to out, warnings and errors to err ("wisp: NAME: ...").
 * Returns 0, or 1 for a damaged coredump or module, a --memory range
 * outside memory 0, or no host memory. Never reads outside the buffers. */
int inspect_print(FILE *out, FILE *err, const inspect_req *req);

#endif

/* wisp: the standard Wasm coredump of a trapped instance, streamed into a
 * sink (coredump/). Sinks that frame it for a UART or keep it in flash:
 * wisp_sink.h. */
#ifndef WISP_COREDUMP_H
#define WISP_COREDUMP_H

#include "wisp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- coredumps (coredump/) ----------------------------------------------
 * After a trap, write the instance as a standard Wasm coredump
 * (tool-conventions Coredump.md, as wasmtime writes it): a Wasm module with
 * the custom sections core, coremodules, coreinstances and corestack (frames
 * youngest first, with their locals and operand stacks), the memories,
 * globals and memory contents, and a `name` section naming the module and
 * the functions and locals on the stack. Streamed front to back into a sink;
 * no allocation, and no more than WISP_COREDUMP_BUFFER bytes are held (on
 * the C stack); memory contents go from guest memory straight to the sink. */

/* Receives consecutive pieces of the output. Anything but WISP_OK aborts
 * the write, and wisp_coredump_write returns that error. */
typedef struct wisp_sink {
    wisp_err (*write)(void *ctx, const uint8_t *bytes, size_t len);
    void *ctx;
} wisp_sink;

#define WISP_COREDUMP_BUFFER 256 /* bytes the writer gathers per sink call */

typedef enum wisp_coredump_format {
    WISP_COREDUMP_STANDARD = 0, /* Coredump.md, values in LEB as wasm-encoder writes */
    WISP_COREDUMP_WASMGDB = 1   /* the dialect xtuc's wasmgdb reads (see coredump/README.md) */
} wisp_coredump_format;

typedef struct wisp_coredump_options {
    const char *executable_name; /* `core`; NULL: the module's name, else "wasm" */
    const char *thread_name;     /* `corestack`; NULL: "main" */
    wisp_coredump_format format;
} wisp_coredump_options;

/* opt may be NULL (defaults). Returns WISP_OK, the sink's error, or
 * WISP_ERR_ARG (bad arguments; or memory changed while it was written). */
wisp_err wisp_coredump_write(wisp_instance *inst, const wisp_coredump_options *opt,
                             const wisp_sink *sink);

#ifdef __cplusplus
}
#endif
#endif

/* A WASI preview1 ("wasi_snapshot_preview1") host for the wisp CLI.
 *
 * What the guest gets:
 *   - args: the strings given to wasi_init (argv[0] is the module path);
 *   - environment: always empty, so runs are reproducible whatever the
 *     shell exports;
 *   - fds 0-2 only, mapped to the host's stdin/stdout/stderr and reported
 *     as character devices; no preopened directories, so no file system;
 *   - clocks (realtime, monotonic, process/thread CPU time), random_get,
 *     sched_yield and proc_exit.
 * Every other preview1 function is still bound, with its exact signature,
 * and returns ENOSYS (52), so programs that merely link them (path_open,
 * poll_oneoff, ...) instantiate and fail gracefully at run time. A name
 * preview1 does not define gets a stub of the type the module declares: it
 * returns ENOSYS if that type is () -> i32-like (one i32 result), and
 * otherwise traps when called, naming the function.
 *
 * Usage: wasi_init, then wasi_bind before wisp_instance_create, passing
 * wasi_resolve and the context as the resolver. */
#ifndef WISP_TOOLS_WASI_H
#define WISP_TOOLS_WASI_H

#include <stdbool.h>
#include <stdint.h>

#include "wisp.h"

#define WASI_MODULE "wasi_snapshot_preview1"
#define WASI_MAX_FUNCS 48 /* >= entries in wasi.c's table */
#define WASI_MAX_UNKNOWN 16 /* stubs for non-preview1 names; more stay unbound */
#define WASI_HELD_MAX 4096 /* stderr held back (below); longer text is written */

/* A stub for an import name preview1 does not define. */
typedef struct wasi_unknown {
    const char *name; /* in the module's bytes, not NUL-terminated */
    uint32_t name_len;
    wisp_func *func;
    char message[112]; /* the trap message, also the debug name */
} wasi_unknown;

typedef struct wasi_ctx {
    int argc;
    char **argv;
    bool closed[3];                   /* the guest fd_close'd stdin/out/err */
    wisp_func *funcs[WASI_MAX_FUNCS]; /* host functions, by table index */
    wasi_unknown unknown[WASI_MAX_UNKNOWN];
    uint32_t nunknown;
    /* The first import wasi_resolve could not provide, for error messages. */
    char missing[160];
    /* Stderr text held back: what a Rust guest's panic hook writes
     * ("thread 'main' panicked at ..."), kept from the start of a line
     * until stdout is written, the text turns out not to be a panic's, or
     * the run ends, so that `wisp run` can print its own panic line in its
     * place rather than both (trap_report_backtrace_after). */
    char held[WASI_HELD_MAX];
    uint32_t nheld;
    bool holding;
    bool stderr_midline; /* the last byte written to stderr was not a newline */
} wasi_ctx;

void wasi_init(wasi_ctx *w, int argc, char **argv);

/* Create (in the arena) a host function for every wasi_snapshot_preview1
 * function the module imports. Done up front rather than inside the
 * resolver so that no arena allocation interleaves with instantiation. */
wisp_err wasi_bind(wasi_ctx *w, wisp_arena *arena, const wisp_module *m);

/* wisp_resolve_fn: hands out the functions wasi_bind made; anything else
 * is WISP_ERR_NOT_FOUND and recorded in w->missing. */
wisp_err wasi_resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out);

/* The stderr text held back (len 0: none); it stays held. */
const char *wasi_stderr_held(const wasi_ctx *w, size_t *len);
/* Writes it to stderr now (at the end of a run, or when it is not what
 * replaces it), or forgets it (wisp printed the same panic its own way). */
void wasi_stderr_flush(wasi_ctx *w);
void wasi_stderr_drop(wasi_ctx *w);

#endif

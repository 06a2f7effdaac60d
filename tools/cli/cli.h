/* The commands of the `wisp` executable (main.c picks one by argv[1]); one
 * file each. Every command takes argv from its own name on (argv[0] is
 * "run", "inspect" or "pull") and returns the process's exit status. */
#ifndef WISP_TOOLS_CLI_H
#define WISP_TOOLS_CLI_H

#include "wisp.h"

#define EXIT_BAD 1    /* a bad command line, module, file or device */
#define EXIT_TRAP 134 /* 128 + SIGABRT: what a crashing native program gives */

/* `wisp run [options] module.wasm [args...]` (run.c): runs a WASI command
 * (or an AssemblyScript module: env.abort is provided, lib/as_abort.h)
 * or calls one export. Imports it does not have are all listed, or with
 * --trap-unknown-imports / --default-values-unknown-imports stood in for
 * (lib/unknown_imports.h). Exit status: the guest's, EXIT_TRAP on a trap,
 * EXIT_BAD when the module or the command line is at fault. */
extern const char run_usage[];
int run_main(int argc, char **argv);

/* `wisp run --dump-code FUNC` (dump_code.c): FUNC is an export name, a
 * name-section name, a function index, or "all" (every defined function,
 * each under a header line). 0, or EXIT_BAD (a message on stderr) for an
 * unknown FUNC, an import or code the disassembler cannot read. */
int dump_code(const wisp_module *m, const char *path, const char *func);

/* `wisp inspect [--module M.wasm [--source-map FILE] [--force]] [--json]
 * [--memory ADDR[:LEN]] CORE` (inspect.c): prints the backtrace, globals
 * and memories of a Wasm coredump (inspect/inspect_print.h), with names,
 * module offsets and file:line (DWARF, or a source map) when the module is
 * given. 0, or EXIT_BAD for a bad command line, an unreadable or damaged
 * coredump or module ("wisp: CORE: damaged coredump at 0x1a: <reason>" on
 * stderr), or a module that is not the one the dump was taken from
 * (without --force). */
extern const char inspect_usage[];
int inspect_main(int argc, char **argv);

/* `wisp pull` (pull.c): receives a coredump a device frames on its serial
 * line (the UART sink, or the flash slot sent on request), checks every
 * CRC, and writes it to a file only when complete and verified (decoder:
 * pull/pull_decode.h; framing: port/README.md). 0 when the file was
 * written; EXIT_BAD for a bad command line, a port or file that cannot be
 * opened, a damaged or truncated dump, a timeout, or a device without a
 * stored dump. */
extern const char pull_usage[];
int pull_main(int argc, char **argv);

/* `wisp play [options] CART.wasm` (play.c): a WASM-4 cart on the console
 * layer; --headless prints the reference runtime's frame hashes and trace
 * lines; imports WASM-4 does not have as for `wisp run`. 0, EXIT_TRAP when
 * the cart trapped, EXIT_BAD for a bad command line or cart. */
extern const char play_usage[];
int play_main(int argc, char **argv);

#endif

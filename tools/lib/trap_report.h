/* What `wisp run` prints and writes when the guest traps: the symbolized
 * backtrace (names, locals, file:line from DWARF) in the format of
 * bt_text.h, and the coredump file. */
#ifndef WISP_TOOLS_TRAP_REPORT_H
#define WISP_TOOLS_TRAP_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "symbols.h"
#include "wisp.h"

/* Frames beyond this many are elided with a count (innermost and outermost
 * are kept). */
#define TRAP_REPORT_DEFAULT_DEPTH 32

/* Print the trap message and the backtrace of the instance's last trap,
 * symbolized (symbols.h: inlined frames, variables, demangled names).
 * `bytes` are the module's file bytes, for its debug info; opt may be NULL. */
void trap_report_backtrace(FILE *out, wisp_instance *inst, const char *message,
                           const uint8_t *bytes, size_t len, uint32_t max_frames,
                           const sym_options *opt);

/* The same, after a guest whose last stderr text, held back (wasi.h),
 * may be Rust's std's own report of the panic: it is printed first unless
 * it says exactly what wisp's panic line says (panic_same_as_std). */
void trap_report_backtrace_after(FILE *out, wisp_instance *inst, const char *message,
                                 const uint8_t *bytes, size_t len, uint32_t max_frames,
                                 const sym_options *opt, const char *held, size_t held_len);

/* Write the standard coredump of the instance's last trap to `path`.
 * Returns 0, or -1 with a message printed to stderr. */
int trap_report_coredump(const char *path, wisp_instance *inst, const char *executable);

#endif

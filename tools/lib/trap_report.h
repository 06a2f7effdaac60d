/* What `wisp run` prints and writes when the guest traps: the symbolized
 * backtrace (names, locals, file:line from DWARF) in the format of
 * bt_text.h, and the coredump file. */
#ifndef WISP_TOOLS_TRAP_REPORT_H
#define WISP_TOOLS_TRAP_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "wisp.h"

/* Frames beyond this many are elided with a count (innermost and outermost
 * are kept). */
#define TRAP_REPORT_DEFAULT_DEPTH 32

/* Print the trap message and the backtrace of the instance's last trap.
 * `bytes` are the module's file bytes, for its DWARF. */
void trap_report_backtrace(FILE *out, wisp_instance *inst, const char *message,
                           const uint8_t *bytes, size_t len, uint32_t max_frames);

/* Write the standard coredump of the instance's last trap to `path`.
 * Returns 0, or -1 with a message printed to stderr. */
int trap_report_coredump(const char *path, wisp_instance *inst, const char *executable);

#endif

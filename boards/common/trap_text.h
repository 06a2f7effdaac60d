/* The symbolized backtrace of a trapped instance, built on the device from
 * the public API (wisp_backtrace_*, wisp_module_func_name/local_name) and
 * written to the serial line in exactly the text `wisp run` prints on the
 * host (tools/backtrace_fmt.h), minus ` at FILE:LINE` (no DWARF reader on
 * the device):
 *
 *   trap: integer divide by zero
 *     #0 0x165 scale_damage (wasm-function[9]) base=12 divisor=0 crit=3
 *     #1 0x179 hit_enemy (wasm-function[10]) enemy=3 dmg=12.5 armor=40
 *
 * No buffer and no allocation: each piece goes straight to the UART, names
 * are read from the module bytes (in flash) at this moment. */
#ifndef WISP_BOARD_TRAP_TEXT_H
#define WISP_BOARD_TRAP_TEXT_H

#include <stdint.h>

#include "wisp.h"

/* "trap: MESSAGE" and one line per frame; beyond max_frames the middle
 * ones are elided as the host does (its --backtrace-depth, default 32). */
void trap_text(wisp_instance *inst, uint32_t max_frames);

#endif

/* Text on the board's serial line without printf: strings, numbers, names
 * and Wasm values, and a trap's backtrace, all written by the host CLI's
 * own formatter (tools/lib/bt_text.h) onto board_write, so the device
 * prints exactly what `wisp run` prints, minus ` at FILE:LINE` (no DWARF
 * reader on the device):
 *
 *   trap: integer divide by zero
 *     #0 0x165 scale_damage (wasm-function[9]) base=12 divisor=0 crit=3
 *     #1 0x179 hit_enemy (wasm-function[10]) enemy=3 dmg=12.5 armor=40
 *
 * No buffer and no allocation: each piece goes straight to the UART, names
 * are read from the module bytes (in flash) at that moment. */
#ifndef WISP_BOARD_OUT_H
#define WISP_BOARD_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "bt_text.h"
#include "wisp.h"
#include "wisp_sink.h"

/* board_write as a bt_writer. */
extern const bt_writer out_writer;

void out_mem(const char *s, size_t len);
void out_str(const char *s);
void out_char(char c);
void out_u64(uint64_t v);
void out_i64(int64_t v);
void out_hex(uint32_t v); /* 0x1f: lowercase, no padding */
/* A name from the module (not NUL-terminated), escaped as bt_name does. */
void out_name(const char *name, size_t len);
/* A value as `wisp run` prints it (bt_value). */
void out_value(uint8_t type, wisp_value v);
/* "trap: MESSAGE" and one line per frame of inst's last trap; beyond
 * max_frames the middle ones are elided as the host does (its
 * --backtrace-depth, default 32). */
void out_backtrace(wisp_instance *inst, uint32_t max_frames);
/* "coredump N bytes -> serial, flash slot #S at 0xOFF": a trap's dump,
 * streamed and stored (the line the board tests look for). */
void out_slot_stored(const wisp_slot_info *info);

#endif

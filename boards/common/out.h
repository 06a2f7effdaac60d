/* Text on the board's serial line without printf: strings, decimal and hex
 * numbers, names with the host CLI's escaping, and Wasm values printed as
 * `wisp run` prints them (tools/values.h). */
#ifndef WISP_BOARD_OUT_H
#define WISP_BOARD_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "wisp.h"

void out_mem(const char *s, size_t len);
void out_str(const char *s);
void out_char(char c);
void out_u64(uint64_t v);
void out_i64(int64_t v);
void out_hex(uint32_t v); /* 0x1f: lowercase, no padding */
/* A name from the module (not NUL-terminated): printable ASCII and valid
 * UTF-8 pass, any other byte becomes \xNN, as tools/backtrace_fmt.c does. */
void out_name(const char *name, size_t len);
/* A value as `wisp run` prints it: i32/i64 signed decimal, floats as the
 * shortest text that reads back to the same bits, inf/nan spelled out. */
void out_value(uint8_t type, wisp_value v);

#endif

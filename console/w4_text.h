/* Text without libc for the console (w4_text.c): trap messages, the
 * characters of the cart's strings, and tracef's formatting. */
#ifndef WISP_CONSOLE_W4_TEXT_H
#define WISP_CONSOLE_W4_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "wisp_console.h"

/* The longest trace line (more is cut). */
#define W4_TRACE_MAX 1024

/* A message built into a fixed buffer, always NUL-terminated, cut when
 * full. */
typedef struct w4_msg {
    char *buf;
    uint32_t size, len;
} w4_msg;
w4_msg w4_msg_begin(char *buf, uint32_t size);
void w4_msg_str(w4_msg *m, const char *s);
void w4_msg_mem(w4_msg *m, const char *s, uint32_t n);
void w4_msg_dec(w4_msg *m, int64_t v);
void w4_msg_hex(w4_msg *m, int64_t v); /* 0x1f */

/* Whether the name s[0..len) is the C string z. */
bool w4_name_is(const char *s, uint32_t len, const char *z);

/* n characters of `width` bytes each (1: bytes; 2: UTF-16LE units). */
typedef struct w4_chars {
    const uint8_t *p;
    uint32_t n;
    uint32_t width;
} w4_chars;
unsigned w4_char_at(const w4_chars *s, uint32_t i);

/* UTF-16LE as UTF-8 into buf (a lone surrogate as U+FFFD); the bytes
 * written, cut at size. */
uint32_t w4_utf16_to_utf8(const w4_chars *s, char *buf, uint32_t size);

/* An argument tracef could not read: its address and length. */
typedef struct w4_tracef_bad {
    const char *what;
    int64_t addr, len; /* len 0: none */
} w4_tracef_bad;

/* tracef's line: the format at fmt (n bytes) with its arguments read
 * from args in the cart's memory ram: %c %d %x %s 4 bytes each, %f 8 (a
 * double, as %g), %% a %, anything else as it stands. The bytes written
 * into buf; bad->len is not 0 when an argument lies outside the memory. */
uint32_t w4_tracef(const wisp_w4_io *io, const uint8_t *ram, uint32_t fmt, uint32_t n,
                   uint32_t args, char *buf, uint32_t size, w4_tracef_bad *bad);

#endif

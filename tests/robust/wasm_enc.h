/* A tiny Wasm binary writer for tests that need modules too big or too
 * regular to write as .wat (100k nested blocks, a million br_table
 * targets, hundreds of generated accessors). Header-only; aborts when the
 * host is out of memory. */
#ifndef WISP_TESTS_WASM_ENC_H
#define WISP_TESTS_WASM_ENC_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct wbuf {
    uint8_t *p;
    size_t len, cap;
} wbuf;

static inline void wb_reserve(wbuf *b, size_t n)
{
    if (b->len + n <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n)
        cap *= 2;
    uint8_t *p = realloc(b->p, cap);
    if (!p) {
        fprintf(stderr, "wasm_enc: out of host memory\n");
        abort();
    }
    b->p = p;
    b->cap = cap;
}

static inline void wb_u8(wbuf *b, uint8_t v)
{
    wb_reserve(b, 1);
    b->p[b->len++] = v;
}

static inline void wb_bytes(wbuf *b, const void *p, size_t n)
{
    wb_reserve(b, n);
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

static inline void wb_u32(wbuf *b, uint32_t v) /* unsigned LEB128 */
{
    do {
        uint8_t c = v & 0x7f;
        v >>= 7;
        wb_u8(b, c | (v ? 0x80 : 0));
    } while (v);
}

static inline void wb_s64(wbuf *b, int64_t v) /* signed LEB128 */
{
    for (;;) {
        uint8_t c = v & 0x7f;
        v >>= 7; /* arithmetic shift on every compiler we use */
        if ((v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40))) {
            wb_u8(b, c);
            return;
        }
        wb_u8(b, c | 0x80);
    }
}

static inline void wb_name(wbuf *b, const char *s)
{
    wb_u32(b, (uint32_t)strlen(s));
    wb_bytes(b, s, strlen(s));
}

/* A section: id, then the payload's size, then the payload. */
static inline void wb_section(wbuf *mod, uint8_t id, const wbuf *payload)
{
    wb_u8(mod, id);
    wb_u32(mod, (uint32_t)payload->len);
    wb_bytes(mod, payload->p, payload->len);
}

static inline void wb_header(wbuf *mod)
{
    static const uint8_t h[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
    wb_bytes(mod, h, sizeof h);
}

static inline void wb_free(wbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

#endif

/* A bounds-checked byte reader for the host tools that read untrusted
 * binaries (`wisp inspect`: coredumps, modules, DWARF).
 *
 * Every read checks the current limit (`end`, e.g. the end of a section)
 * and on failure records the first error with its absolute byte offset in
 * the shared rd_err; later reads on a failed reader fail at once, so a
 * parser can do a run of reads and check once. Nothing here allocates.
 *
 *   rd_err e = {0};
 *   rd r = rd_init(buf, len, &e);
 *   uint32_t n;
 *   if (!rd_u32(&r, "frame count", &n)) printf("at 0x%zx: %s\n", e.at, e.msg);
 */
#ifndef WISP_TOOLS_INSPECT_READ_H
#define WISP_TOOLS_INSPECT_READ_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct rd_err {
    bool set;
    size_t at;     /* absolute offset of the byte that could not be read/accepted */
    char msg[200];
} rd_err;

typedef struct rd {
    const uint8_t *buf; /* the whole file: offsets are from here */
    size_t pos;         /* next byte to read */
    size_t end;         /* one past the last readable byte */
    const char *where;  /* e.g. "`corestack` section", for truncation messages */
    rd_err *e;
} rd;

static inline rd rd_init(const uint8_t *buf, size_t len, rd_err *e)
{
    rd r = {buf, 0, len, "file", e};
    return r;
}

/* A reader for [pos, pos + len) of r, which must lie inside r. */
static inline rd rd_sub(const rd *r, size_t len, const char *where)
{
    rd s = *r;
    s.end = r->pos + len;
    s.where = where;
    return s;
}

__attribute__((format(printf, 3, 4))) static inline bool rd_fail(rd *r, size_t at,
                                                                  const char *fmt, ...)
{
    if (!r->e->set) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->e->msg, sizeof r->e->msg, fmt, ap);
        va_end(ap);
        r->e->at = at;
        r->e->set = true;
    }
    return false;
}

static inline bool rd_ok(const rd *r) { return !r->e->set; }
static inline size_t rd_left(const rd *r) { return r->pos < r->end ? r->end - r->pos : 0; }
static inline bool rd_done(const rd *r) { return r->pos >= r->end; }

static inline bool rd_truncated(rd *r, const char *what)
{
    if (r->end < r->pos) /* cannot happen: a caller bug, still no crash */
        return rd_fail(r, r->pos, "%s: reader past its end", what);
    return rd_fail(r, r->pos, "unexpected end of the %s (it ends at 0x%zx) in %s", r->where,
                   r->end, what);
}

static inline bool rd_u8(rd *r, const char *what, uint8_t *out)
{
    *out = 0; /* outputs are always written, even on failure */
    if (!rd_ok(r))
        return false;
    if (r->pos >= r->end)
        return rd_truncated(r, what);
    *out = r->buf[r->pos++];
    return true;
}

/* n raw bytes, returned in place. */
static inline bool rd_bytes(rd *r, const char *what, size_t n, const uint8_t **out)
{
    *out = NULL;
    if (!rd_ok(r))
        return false;
    if (rd_left(r) < n) {
        return rd_fail(r, r->pos,
                       "%s: %zu bytes needed but the %s has only %zu left (it ends at 0x%zx)",
                       what, n, r->where, rd_left(r), r->end);
    }
    *out = r->buf + r->pos;
    r->pos += n;
    return true;
}

static inline bool rd_skip(rd *r, const char *what, size_t n)
{
    const uint8_t *p = NULL;
    return rd_bytes(r, what, n, &p);
}

static inline bool rd_fixed(rd *r, const char *what, unsigned n, uint64_t *out)
{
    const uint8_t *p = NULL;
    *out = 0;
    if (!rd_bytes(r, what, n, &p))
        return false;
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    *out = v;
    return true;
}

/* LEB128 of at most `bits` bits: at most ceil(bits/7) bytes, and the
 * unused bits of the last byte must be zero (unsigned) or copies of the
 * sign bit (signed), as the Wasm spec requires. */
static inline bool rd_leb(rd *r, const char *what, unsigned bits, bool is_signed, uint64_t *out)
{
    *out = 0;
    if (!rd_ok(r))
        return false;
    size_t start = r->pos;
    unsigned max_bytes = (bits + 6) / 7;
    uint64_t v = 0;
    unsigned shift = 0;
    for (unsigned i = 0;; i++) {
        if (r->pos >= r->end)
            return rd_truncated(r, what);
        uint8_t b = r->buf[r->pos++];
        if (i == max_bytes - 1) {
            /* The last byte may carry only bits - shift more bits. */
            unsigned used = bits - shift; /* 1..7 */
            if (b & 0x80)
                return rd_fail(r, start, "%s: LEB128 longer than %u bytes", what, max_bytes);
            unsigned rest = (b & 0x7fu) >> used;
            if (is_signed) {
                unsigned sign = (b >> (used - 1)) & 1u;
                unsigned want = sign ? 0x7fu >> used : 0;
                if (rest != want)
                    return rd_fail(r, start, "%s: signed LEB128 out of range for %u bits", what,
                                   bits);
            } else if (rest) {
                return rd_fail(r, start, "%s: LEB128 value too large for %u bits", what, bits);
            }
        }
        v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) {
            if (is_signed && shift < 64 && (b & 0x40))
                v |= ~(uint64_t)0 << shift;
            break;
        }
    }
    if (is_signed && bits < 64) {
        /* sign-extend from `bits` so the value is correct as int64 too */
        uint64_t m = (uint64_t)1 << (bits - 1);
        v &= ((uint64_t)1 << bits) - 1;
        v = (v ^ m) - m;
    }
    *out = v;
    return true;
}

static inline bool rd_u32(rd *r, const char *what, uint32_t *out)
{
    uint64_t v = 0;
    *out = 0;
    if (!rd_leb(r, what, 32, false, &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

static inline bool rd_u64(rd *r, const char *what, uint64_t *out)
{
    return rd_leb(r, what, 64, false, out);
}

/* A vector count: also refuses counts that cannot fit in what is left,
 * given each item takes at least `min_item` bytes. So a damaged count can
 * never make the caller allocate more than the input size. */
static inline bool rd_count(rd *r, const char *what, size_t min_item, uint32_t *out)
{
    size_t at = r->pos;
    uint32_t n = 0;
    *out = 0;
    if (!rd_u32(r, what, &n))
        return false;
    if (min_item && n > rd_left(r) / min_item)
        return rd_fail(r, at, "%s %u is impossible: the %s has only %zu bytes left", what,
                       (unsigned)n, r->where, rd_left(r));
    *out = n;
    return true;
}

/* Well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
static inline bool utf8_valid(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        unsigned len;
        uint32_t cp, min;
        if (c >= 0xc2 && c <= 0xdf) { len = 2; cp = c & 0x1f; min = 0x80; }
        else if (c >= 0xe0 && c <= 0xef) { len = 3; cp = c & 0x0f; min = 0x800; }
        else if (c >= 0xf0 && c <= 0xf4) { len = 4; cp = c & 0x07; min = 0x10000; }
        else return false;
        if (n - i < len)
            return false;
        for (unsigned k = 1; k < len; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

/* A Wasm `name`: uleb length + UTF-8 bytes (checked). */
static inline bool rd_name(rd *r, const char *what, const char **out, uint32_t *len)
{
    size_t at = r->pos;
    uint32_t n = 0;
    const uint8_t *p = NULL;
    *out = NULL;
    *len = 0;
    if (!rd_u32(r, what, &n) || !rd_bytes(r, what, n, &p))
        return false;
    if (!utf8_valid(p, n))
        return rd_fail(r, at, "%s is not valid UTF-8", what);
    *out = (const char *)p;
    *len = n;
    return true;
}

#endif

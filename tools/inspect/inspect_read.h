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

#include "bt_text.h" /* bt_utf8_valid */

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
    if (!bt_utf8_valid(p, n))
        return rd_fail(r, at, "%s is not valid UTF-8", what);
    *out = (const char *)p;
    *len = n;
    return true;
}

/* The 8-byte header of a Wasm file (what: "coredump", "module"), read;
 * false after reporting a wrong magic or version. */
static inline bool rd_wasm_header(rd *r, const char *what)
{
    const uint8_t *h;
    if (rd_left(r) < 4 || memcmp(r->buf + r->pos, "\0asm", 4) != 0)
        return rd_fail(r, r->pos, "not a Wasm file (a %s starts with \\0asm)", what);
    if (!rd_bytes(r, "Wasm header", 8, &h))
        return false;
    if (memcmp(h + 4, "\1\0\0\0", 4) != 0)
        return rd_fail(r, r->pos - 4, "unsupported Wasm version %02x %02x %02x %02x (expected "
                                      "01 00 00 00)", h[4], h[5], h[6], h[7]);
    return true;
}

/* Section ids of Wasm 2.0 + tags (13); NULL above: not a module. */
static inline const char *rd_section_name(uint8_t id)
{
    static const char *const names[] = {"custom", "type", "import", "function", "table",
                                        "memory", "global", "export", "start", "element",
                                        "code", "data", "data count", "tag"};
    return id < sizeof names / sizeof names[0] ? names[id] : NULL;
}

/* Whether the name [p, p + len) is s. */
static inline bool rd_name_is(const char *p, uint32_t len, const char *s)
{
    return len == strlen(s) && memcmp(p, s, len) == 0;
}

/* The sections of a Wasm file, one at a time:
 *   rd_sections it = rd_sections_begin(&r);
 *   while (rd_next_section(&it)) { read it.s (a custom one's name is read) }
 * r is past the 8-byte header. Each call reads the next section's header
 * and gives a reader of its payload (where = "NAME section"), after
 * checking that it fits the file, that its id is known and that known
 * sections come in order, each at most once. false at the end of the file
 * or after an error (in r's rd_err). */
typedef struct rd_sections {
    rd *r;
    uint8_t id;        /* this section's */
    size_t at;         /* its offset (of the id byte) */
    rd s;              /* its payload; for a custom section, after the name */
    const char *name;  /* a custom section's name */
    uint32_t name_len;
    bool seen[14];
    int last_rank;
    char where[48];
} rd_sections;

static inline rd_sections rd_sections_begin(rd *r)
{
    rd_sections it;
    memset(&it, 0, sizeof it);
    it.r = r;
    return it;
}

static inline bool rd_next_section(rd_sections *it)
{
    rd *r = it->r;
    uint32_t size = 0;
    it->at = r->pos;
    it->name = NULL;
    it->name_len = 0;
    if (!rd_ok(r) || rd_done(r) || !rd_u8(r, "section id", &it->id))
        return false;
    const uint8_t id = it->id;
    const char *name = rd_section_name(id);
    if (!name)
        return rd_fail(r, it->at, "unknown section id %u", id);
    size_t size_at = r->pos;
    if (!rd_u32(r, "section size", &size))
        return false;
    if (size > rd_left(r))
        return rd_fail(r, size_at, "%s section of %u bytes runs past the end of the file (%zu "
                                   "bytes left)", name, (unsigned)size, rd_left(r));
    snprintf(it->where, sizeof it->where, "%s section", name);
    it->s = rd_sub(r, size, it->where);
    r->pos += size;
    if (id == 0)
        return rd_name(&it->s, "custom section name", &it->name, &it->name_len);
    /* In order, by the position in the binary format (tag 13 sits
     * between memory and global, data count 12 before code). */
    static const int rank[14] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};
    if (it->seen[id])
        return rd_fail(r, it->at, "second %s section", name);
    if (rank[id] < it->last_rank)
        return rd_fail(r, it->at, "%s section out of order", name);
    it->seen[id] = true;
    it->last_rank = rank[id];
    return true;
}

/* After parsing: false with the error's offset and text in the caller's
 * out-parameters (each may be NULL) if there was one, else true. */
static inline bool rd_report(const rd_err *e, size_t *err_at, char *err, size_t err_size)
{
    if (!e->set)
        return true;
    if (err_at)
        *err_at = e->at;
    if (err && err_size)
        snprintf(err, err_size, "%s", e->msg);
    return false;
}

#endif

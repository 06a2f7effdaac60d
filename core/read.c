/* Decoding primitives: LEB128, fixed-width numbers, names, UTF-8.
 * Every read is bounds-checked against the reader's end; a failure records
 * the offset and reason in the arena and returns WISP_ERR_MALFORMED. */
#include "wisp_int.h"

wisp_err rd_malformed(wisp_reader *r, const char *what)
{
    if (!r->arena) /* a reader that reports nothing (custom sections) */
        return WISP_ERR_MALFORMED;
    return wisp_arena_fail(r->arena, WISP_ERR_MALFORMED, rd_off(r), "%s", what);
}

wisp_err rd_u8(wisp_reader *r, uint8_t *out)
{
    if (r->p >= r->end)
        return rd_malformed(r, "unexpected end");
    *out = *r->p++;
    return WISP_OK;
}

/* Read an LEB128 of at most `bits` significant bits. */
static wisp_err rd_leb(wisp_reader *r, unsigned bits, bool sign, uint64_t *out)
{
    uint64_t v = 0;
    unsigned shift = 0;
    const unsigned maxbytes = (bits + 6) / 7;
    for (unsigned i = 0;; i++) {
        if (r->p >= r->end)
            return rd_malformed(r, "unexpected end");
        uint8_t b = *r->p++;
        if (i == maxbytes - 1) {
            if (b & 0x80) {
                r->p--;
                return rd_malformed(r, "integer representation too long");
            }
            /* the unused high bits of the last byte must be zero, or for
             * signed numbers copies of the sign bit */
            unsigned used = bits - shift; /* value bits in this byte */
            uint8_t rest = (uint8_t)(b & 0x7f) >> used;
            if (sign) {
                uint8_t signbit = (b >> (used - 1)) & 1;
                uint8_t want = signbit ? (uint8_t)(0x7f >> used) : 0;
                if (rest != want) {
                    r->p--;
                    return rd_malformed(r, "integer too large");
                }
            } else if (rest) {
                r->p--;
                return rd_malformed(r, "integer too large");
            }
        }
        v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) {
            if (sign && shift < 64 && (b & 0x40))
                v |= ~(uint64_t)0 << shift;
            break;
        }
    }
    *out = v;
    return WISP_OK;
}

wisp_err rd_u32(wisp_reader *r, uint32_t *out)
{
    uint64_t v = 0;
    wisp_err e = rd_leb(r, 32, false, &v);
    *out = (uint32_t)v;
    return e;
}

wisp_err rd_s32(wisp_reader *r, int32_t *out)
{
    uint64_t v = 0;
    wisp_err e = rd_leb(r, 32, true, &v);
    *out = (int32_t)(uint32_t)v;
    return e;
}

wisp_err rd_s33(wisp_reader *r, int64_t *out)
{
    uint64_t v = 0;
    wisp_err e = rd_leb(r, 33, true, &v);
    *out = (int64_t)v;
    return e;
}

wisp_err rd_s64(wisp_reader *r, int64_t *out)
{
    uint64_t v = 0;
    wisp_err e = rd_leb(r, 64, true, &v);
    *out = (int64_t)v;
    return e;
}

wisp_err rd_fixed32(wisp_reader *r, uint32_t *out)
{
    if (r->end - r->p < 4)
        return rd_malformed(r, "unexpected end");
    const uint8_t *p = r->p;
    *out = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    r->p += 4;
    return WISP_OK;
}

wisp_err rd_fixed64(wisp_reader *r, uint64_t *out)
{
    uint32_t lo = 0, hi = 0;
    wisp_err e = rd_fixed32(r, &lo);
    if (!e)
        e = rd_fixed32(r, &hi);
    *out = (uint64_t)hi << 32 | lo;
    return e;
}

bool wisp_utf8_valid(const uint8_t *s, uint32_t len)
{
    uint32_t i = 0;
    while (i < len) {
        uint8_t c = s[i];
        uint32_t n, cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            n = 1, cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2, cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            n = 3, cp = c & 0x07;
        } else {
            return false;
        }
        if (len - i <= n)
            return false;
        for (uint32_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        /* no overlong forms, no surrogates, nothing past U+10FFFF */
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return false;
        i += n + 1;
    }
    return true;
}

wisp_err rd_name(wisp_reader *r, const char **s, uint32_t *len)
{
    uint32_t n;
    wisp_err e = rd_u32(r, &n);
    if (e)
        return e;
    if (n > (uint32_t)(r->end - r->p))
        return rd_malformed(r, "length out of bounds");
    if (!wisp_utf8_valid(r->p, n))
        return rd_malformed(r, "malformed UTF-8 encoding");
    *s = (const char *)r->p;
    *len = n;
    r->p += n;
    return WISP_OK;
}

/* Text <-> wasm values for `wisp run --invoke`; the syntax is in values.h. */
#include "values.h"

#include "bt_text.h"
#include "opts.h" /* opt_hex_digit */

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- integers ------------------------------------------------------ */

/* Signed or unsigned, decimal or 0x hex, into `bits` bits (two's
 * complement). Hand-rolled rather than strtoull because strtoull accepts
 * leading spaces, reads "010" as octal and wraps "-1" silently. */
static bool parse_int(const char *s, unsigned bits, uint64_t *out)
{
    bool neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!*s)
        return false;
    uint64_t mag = 0;
    for (; *s; s++) {
        unsigned d = (unsigned)opt_hex_digit(*s); /* -1: above any base */
        if (d >= base || mag > (UINT64_MAX - d) / base)
            return false;
        mag = mag * base + d;
    }
    uint64_t umax = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
    uint64_t neg_max = UINT64_C(1) << (bits - 1); /* |INT_MIN| */
    if (neg ? mag > neg_max : mag > umax)
        return false;
    *out = (neg ? 0 - mag : mag) & umax;
    return true;
}

/* ---- floats -------------------------------------------------------- */

/* "nan:0xPAYLOAD" (optionally signed): a NaN with exactly that mantissa. */
static bool parse_nan_payload(const char *s, unsigned mant_bits, uint64_t exp_mask,
                              uint64_t sign_bit, uint64_t *bits)
{
    bool neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    if (strncmp(s, "nan:", 4) != 0)
        return false;
    uint64_t payload;
    if (s[4] == '-' || s[4] == '+' || !parse_int(s + 4, 64, &payload))
        return false;
    if (payload == 0 || payload >> mant_bits)
        return false; /* zero would be infinity; wider would not fit */
    *bits = (neg ? sign_bit : 0) | exp_mask | payload;
    return true;
}

static bool parse_f32(const char *s, uint32_t *bits)
{
    uint64_t b;
    if (parse_nan_payload(s, 23, UINT64_C(0x7f800000), UINT64_C(0x80000000), &b)) {
        *bits = (uint32_t)b;
        return true;
    }
    char *end;
    errno = 0;
    float f = strtof(s, &end);
    if (end == s || *end || (errno == ERANGE && isinf(f)))
        return false; /* "1e39" is out of range, not infinity */
    memcpy(bits, &f, 4);
    return true;
}

static bool parse_f64(const char *s, uint64_t *bits)
{
    if (parse_nan_payload(s, 52, UINT64_C(0x7ff0000000000000), UINT64_C(0x8000000000000000),
                          bits))
        return true;
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    if (end == s || *end || (errno == ERANGE && isinf(d)))
        return false;
    memcpy(bits, &d, 8);
    return true;
}

/* ---- v128 ---------------------------------------------------------- */

static const struct {
    const char *name;
    unsigned lanes, bits;
    bool is_float;
} shapes[] = {
    {"i8x16", 16, 8, false}, {"i16x8", 8, 16, false}, {"i32x4", 4, 32, false},
    {"i64x2", 2, 64, false}, {"f32x4", 4, 32, true},  {"f64x2", 2, 64, true},
};

/* "0x" and 1 to 32 hex digits: the 128-bit number, lane 0 in the low bits. */
static bool parse_v128_hex(const char *s, uint64_t v[2])
{
    size_t n = strlen(s);
    if (n == 0 || n > 32)
        return false;
    for (; *s; s++) {
        unsigned d = (unsigned)opt_hex_digit(*s); /* -1: above any base */
        if (d >= 16)
            return false;
        v[1] = v[1] << 4 | v[0] >> 60;
        v[0] = v[0] << 4 | d;
    }
    return true;
}

/* One lane's text (lane[0..n)) as `bits` bits. */
static bool parse_lane(const char *lane, size_t n, unsigned bits, bool is_float, uint64_t *out)
{
    char text[80];
    if (n == 0 || n >= sizeof text)
        return false;
    memcpy(text, lane, n);
    text[n] = '\0';
    if (!is_float)
        return parse_int(text, bits, out);
    if (bits == 64)
        return parse_f64(text, out);
    uint32_t b;
    if (!parse_f32(text, &b))
        return false;
    *out = b;
    return true;
}

/* SHAPE:L0,L1,... (or the lanes apart by spaces, as wabt prints them). */
static bool parse_v128(const char *s, uint64_t v[2])
{
    v[0] = v[1] = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        return parse_v128_hex(s + 2, v);
    const char *colon = strchr(s, ':');
    if (!colon)
        return false;
    size_t k = 0, nshapes = sizeof shapes / sizeof shapes[0];
    while (k < nshapes && (strlen(shapes[k].name) != (size_t)(colon - s) ||
                           strncmp(s, shapes[k].name, (size_t)(colon - s)) != 0))
        k++;
    if (k == nshapes)
        return false;
    unsigned bits = shapes[k].bits;
    const char *p = colon + 1;
    for (unsigned i = 0; i < shapes[k].lanes; i++) {
        if (i && *p == ',')
            p++;
        else if (i && *p == ' ')
            p += strspn(p, " ");
        else if (i)
            return false;
        size_t n = strcspn(p, ", ");
        uint64_t lane;
        if (!parse_lane(p, n, bits, shapes[k].is_float, &lane))
            return false;
        unsigned at = i * bits;
        v[at / 64] |= (bits == 64 ? lane : lane & ((UINT64_C(1) << bits) - 1)) << (at % 64);
        p += n;
    }
    return *p == '\0';
}

bool value_parse(uint8_t type, const char *text, wisp_value *out)
{
    uint64_t u;
    memset(out, 0, sizeof *out);
    switch (type) {
    case WISP_I32:
        if (!parse_int(text, 32, &u))
            return false;
        out->i32 = (int32_t)(uint32_t)u;
        return true;
    case WISP_I64:
        if (!parse_int(text, 64, &u))
            return false;
        out->i64 = (int64_t)u;
        return true;
    case WISP_F32:
        return parse_f32(text, &out->f32);
    case WISP_F64:
        return parse_f64(text, &out->f64);
    case WISP_V128:
        return parse_v128(text, out->v128);
    case WISP_FUNCREF:
    case WISP_EXTERNREF:
        out->ref = 0;
        return strcmp(text, "null") == 0;
    default:
        return false;
    }
}

void value_format(uint8_t type, wisp_value v, char *buf, size_t size)
{
    bt_buffer b;
    bt_writer w = bt_buffer_writer(&b, buf, size);
    bt_value(&w, type, v);
}

static size_t append(char *buf, size_t size, size_t at, const char *s)
{
    if (at < size)
        snprintf(buf + at, size - at, "%s", s);
    return at + strlen(s);
}

static size_t append_types(char *buf, size_t size, size_t at, const uint8_t *t, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            at = append(buf, size, at, ", ");
        at = append(buf, size, at, bt_type_name(t[i]));
    }
    return at;
}

void signature_format(const uint8_t *params, uint32_t nparams, const uint8_t *results,
                      uint32_t nresults, char *buf, size_t size)
{
    size_t at = append(buf, size, 0, "(");
    at = append_types(buf, size, at, params, nparams);
    at = append(buf, size, at, ") -> ");
    if (nresults == 1) {
        append(buf, size, at, bt_type_name(results[0]));
        return;
    }
    at = append(buf, size, at, "(");
    at = append_types(buf, size, at, results, nresults);
    append(buf, size, at, ")");
}

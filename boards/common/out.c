/* Serial text output for the board firmware; see out.h. Floats use
 * picolibc's snprintf/strtod (the same shortest-%g search as the host CLI);
 * everything else is formatted here. */
#include "out.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"

void out_mem(const char *s, size_t len)
{
    board_write(s, len);
}

void out_str(const char *s)
{
    board_write(s, strlen(s));
}

void out_char(char c)
{
    board_write(&c, 1);
}

void out_u64(uint64_t v)
{
    char buf[20];
    size_t i = sizeof buf;
    /* 32-bit division where the value fits: no __aeabi_uldivmod per digit */
    while (v > UINT32_MAX) {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    }
    uint32_t w = (uint32_t)v;
    do {
        buf[--i] = (char)('0' + w % 10);
        w /= 10;
    } while (w);
    board_write(buf + i, sizeof buf - i);
}

void out_i64(int64_t v)
{
    if (v < 0) {
        out_char('-');
        out_u64(0 - (uint64_t)v);
    } else {
        out_u64((uint64_t)v);
    }
}

/* 0x and v's hex digits, no leading zeros. */
static void out_hex64(uint64_t v)
{
    char buf[18];
    size_t i = sizeof buf;
    do {
        buf[--i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    buf[--i] = 'x';
    buf[--i] = '0';
    board_write(buf + i, sizeof buf - i);
}

void out_hex(uint32_t v)
{
    out_hex64(v);
}

/* One UTF-8 sequence of n bytes is valid (no overlongs, no surrogates). */
static bool utf8_seq_valid(const uint8_t *p, size_t n)
{
    uint8_t c = p[0];
    uint32_t cp, min;
    if (n == 2 && c >= 0xc2 && c <= 0xdf) { cp = c & 0x1f; min = 0x80; }
    else if (n == 3 && c >= 0xe0 && c <= 0xef) { cp = c & 0x0f; min = 0x800; }
    else if (n == 4 && c >= 0xf0 && c <= 0xf4) { cp = c & 0x07; min = 0x10000; }
    else return false;
    for (size_t k = 1; k < n; k++) {
        if ((p[k] & 0xc0) != 0x80)
            return false;
        cp = (cp << 6) | (p[k] & 0x3f);
    }
    return cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
}

void out_name(const char *name, size_t len)
{
    const uint8_t *p = (const uint8_t *)name;
    size_t i = 0;
    while (i < len) {
        uint8_t c = p[i];
        size_t run = i;
        while (run < len && p[run] >= 0x20 && p[run] < 0x7f)
            run++;
        if (run > i) {
            board_write(name + i, run - i);
            i = run;
            continue;
        }
        size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
        if (c >= 0x80 && n <= len - i && utf8_seq_valid(p + i, n)) {
            board_write(name + i, n);
            i += n;
            continue;
        }
        char esc[4] = {'\\', 'x', "0123456789abcdef"[c >> 4], "0123456789abcdef"[c & 15]};
        board_write(esc, 4);
        i++;
    }
}

/* inf and NaN as the host spells them; false if the value is finite. */
static bool out_special(bool neg, bool exp_all_ones, uint64_t mant, uint64_t quiet_bit)
{
    if (!exp_all_ones)
        return false;
    if (neg)
        out_char('-');
    if (mant == 0) {
        out_str("inf");
    } else if (mant == quiet_bit) {
        out_str("nan");
    } else {
        out_str("nan:");
        out_hex64(mant);
    }
    return true;
}

/* Shortest %.Ng that reads back to the same value. */
static void out_float(double d, bool is_f32)
{
    char buf[40];
    int max = is_f32 ? 9 : 17;
    for (int prec = 1; prec <= max; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (is_f32 ? strtof(buf, NULL) == (float)d : strtod(buf, NULL) == d)
            break;
    }
    out_str(buf);
}

void out_value(uint8_t type, wisp_value v)
{
    switch (type) {
    case WISP_I32:
        out_i64(v.i32);
        return;
    case WISP_I64:
        out_i64(v.i64);
        return;
    case WISP_F32: {
        uint32_t b = v.f32;
        if (out_special(b >> 31, ((b >> 23) & 0xff) == 0xff, b & 0x7fffff, 0x400000))
            return;
        float f;
        memcpy(&f, &b, 4);
        out_float(f, true);
        return;
    }
    case WISP_F64: {
        uint64_t b = v.f64;
        if (out_special(b >> 63, ((b >> 52) & 0x7ff) == 0x7ff, b & UINT64_C(0xfffffffffffff),
                        UINT64_C(0x8000000000000)))
            return;
        double d;
        memcpy(&d, &b, 8);
        out_float(d, false);
        return;
    }
    case WISP_FUNCREF:
        out_str(v.ref ? "funcref" : "null");
        return;
    case WISP_EXTERNREF:
        if (v.ref) {
            out_str("externref:");
            out_hex((uint32_t)v.ref);
        } else {
            out_str("null");
        }
        return;
    default:
        out_str(type == WISP_V128 ? "<v128>" : "<?>");
        return;
    }
}

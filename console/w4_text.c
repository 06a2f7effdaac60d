/* Text without libc for the console; see w4_text.h. */
#include "w4_text.h"

/* ---- messages ----------------------------------------------------------------- */

w4_msg w4_msg_begin(char *buf, uint32_t size)
{
    w4_msg m = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    return m;
}

void w4_msg_mem(w4_msg *m, const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n && m->len + 1 < m->size; i++)
        m->buf[m->len++] = s[i];
    if (m->size)
        m->buf[m->len] = '\0';
}

void w4_msg_str(w4_msg *m, const char *s)
{
    uint32_t n = 0;
    while (s[n])
        n++;
    w4_msg_mem(m, s, n);
}

static void msg_digits(w4_msg *m, uint64_t v, unsigned base)
{
    char d[20];
    uint32_t i = sizeof d;
    do {
        d[--i] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    w4_msg_mem(m, d + i, (uint32_t)sizeof d - i);
}

void w4_msg_dec(w4_msg *m, int64_t v)
{
    if (v < 0)
        w4_msg_mem(m, "-", 1);
    msg_digits(m, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 10);
}

void w4_msg_hex(w4_msg *m, int64_t v)
{
    if (v < 0)
        w4_msg_mem(m, "-", 1);
    w4_msg_mem(m, "0x", 2);
    msg_digits(m, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 16);
}

/* ---- the cart's strings -------------------------------------------------------- */

bool w4_name_is(const char *s, uint32_t len, const char *z)
{
    uint32_t i = 0;
    for (; i < len && z[i]; i++)
        if (s[i] != z[i])
            return false;
    return i == len && !z[i];
}

unsigned w4_char_at(const w4_chars *s, uint32_t i)
{
    const uint8_t *p = s->p + (uint64_t)i * s->width;
    return s->width == 2 ? (unsigned)(p[0] | p[1] << 8) : p[0];
}

static void put_utf8(w4_msg *m, uint32_t cp)
{
    char b[4];
    uint32_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xc0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xe0 | cp >> 12);
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        b[0] = (char)(0xf0 | cp >> 18);
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    if (m->len + n < m->size) /* never half a character */
        w4_msg_mem(m, b, n);
}

uint32_t w4_utf16_to_utf8(const w4_chars *s, char *buf, uint32_t size)
{
    w4_msg m = w4_msg_begin(buf, size);
    for (uint32_t i = 0; i < s->n; i++) {
        uint32_t c = w4_char_at(s, i);
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < s->n) {
            const uint32_t lo = w4_char_at(s, i + 1);
            if (lo >= 0xdc00 && lo < 0xe000) {
                c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
                i++;
            }
        }
        put_utf8(&m, c >= 0xd800 && c < 0xe000 ? 0xfffd : c);
    }
    return m.len;
}

/* ---- tracef ---------------------------------------------------------------------- */

static bool arg_at(const uint8_t *ram, uint32_t at, uint32_t n, const char *what,
                   w4_tracef_bad *bad, uint64_t *out)
{
    if ((uint64_t)at + n > WISP_W4_MEMORY_SIZE) {
        bad->what = what;
        bad->addr = at;
        bad->len = n;
        return false;
    }
    uint64_t v = 0;
    for (uint32_t i = 0; i < n; i++)
        v |= (uint64_t)ram[at + i] << (8 * i);
    *out = v;
    return true;
}

/* A double without printf: sign, integer part and six decimals (rounded
 * down); only when the embedder gives no format_g. */
static void plain_double(w4_msg *m, double v)
{
    if (v != v) {
        w4_msg_str(m, "nan");
        return;
    }
    if (v < 0) {
        w4_msg_mem(m, "-", 1);
        v = -v;
    }
    if (v > 1e18) {
        w4_msg_str(m, v > 1e308 ? "inf" : "1e18+");
        return;
    }
    const uint64_t whole = (uint64_t)v;
    w4_msg_dec(m, (int64_t)whole);
    uint64_t frac = (uint64_t)((v - (double)whole) * 1e6);
    char d[7] = {'.'};
    for (int i = 6; i >= 1; i--) {
        d[i] = (char)('0' + frac % 10);
        frac /= 10;
    }
    w4_msg_mem(m, d, 7);
}

uint32_t w4_tracef(const wisp_w4_io *io, const uint8_t *ram, uint32_t fmt, uint32_t n,
                   uint32_t args, char *buf, uint32_t size, w4_tracef_bad *bad)
{
    w4_msg m = w4_msg_begin(buf, size);
    bad->len = 0;
    const char *f = (const char *)ram + fmt;
    uint32_t at = args;
    for (uint32_t i = 0; i < n; i++) {
        if (f[i] != '%' || i + 1 == n) {
            w4_msg_mem(&m, f + i, 1);
            continue;
        }
        const char conv = f[++i];
        uint64_t v;
        switch (conv) {
        case '%':
            w4_msg_mem(&m, "%", 1);
            break;
        case 'c':
            if (!arg_at(ram, at, 4, "%c argument", bad, &v))
                return m.len;
            const char ch = (char)v;
            w4_msg_mem(&m, &ch, 1);
            at += 4;
            break;
        case 'd':
            if (!arg_at(ram, at, 4, "%d argument", bad, &v))
                return m.len;
            w4_msg_dec(&m, (int32_t)(uint32_t)v);
            at += 4;
            break;
        case 'x':
            if (!arg_at(ram, at, 4, "%x argument", bad, &v))
                return m.len;
            msg_digits(&m, (uint32_t)v, 16);
            at += 4;
            break;
        case 's': {
            if (!arg_at(ram, at, 4, "%s argument", bad, &v))
                return m.len;
            uint32_t s = (uint32_t)v, len = 0;
            while (s + len < WISP_W4_MEMORY_SIZE && ram[s + len])
                len++;
            if (s + len >= WISP_W4_MEMORY_SIZE) {
                bad->what = "%s string without its NUL";
                bad->addr = s;
                bad->len = (int64_t)WISP_W4_MEMORY_SIZE - s;
                return m.len;
            }
            w4_msg_mem(&m, (const char *)ram + s, len);
            at += 4;
            break;
        }
        case 'f': {
            if (!arg_at(ram, at, 8, "%f argument", bad, &v))
                return m.len;
            double d;
            __builtin_memcpy(&d, &v, 8);
            if (io->format_g) {
                char g[64];
                const uint32_t k = io->format_g(io->ctx, d, g, sizeof g);
                w4_msg_mem(&m, g, k < sizeof g ? k : sizeof g - 1);
            } else {
                plain_double(&m, d);
            }
            at += 8;
            break;
        }
        default: /* not a conversion tracef knows: as it stands */
            w4_msg_mem(&m, f + i - 1, 2);
            break;
        }
    }
    return m.len;
}

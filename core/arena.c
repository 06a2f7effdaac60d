/* The arena: one block from the embedder, bump-allocated from the bottom for
 * everything that lives as long as the arena, and from the top for scratch
 * that the loader gives back. Also the few libc-like helpers the core needs. */
#include "wisp_int.h"

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

wisp_err wisp_arena_init(wisp_arena *a, void *mem, size_t size)
{
    if (!a || (!mem && size))
        return WISP_ERR_ARG;
    uintptr_t start = (uintptr_t)mem, aligned = (start + 7u) & ~(uintptr_t)7u;
    size_t lost = (size_t)(aligned - start);
    a->base = (uint8_t *)aligned;
    a->size = size > lost ? (size - lost) & ~(size_t)7u : 0;
    a->used = a->scratch = a->peak = 0;
    a->error_offset = 0;
    a->error[0] = 0;
    return WISP_OK;
}

static void note_peak(wisp_arena *a)
{
    if (a->used + a->scratch > a->peak)
        a->peak = a->used + a->scratch;
}

void *wisp_alloc(wisp_arena *a, size_t size)
{
    if (size > a->size) /* also keeps ALIGN8 from wrapping */
        return NULL;
    size = ALIGN8(size);
    if (size < ALIGN8(1))
        size = 8;
    if (size > a->size - a->used - a->scratch)
        return NULL;
    void *p = a->base + a->used;
    a->used += size;
    note_peak(a);
    wisp_memset(p, 0, size);
    return p;
}

void *wisp_scratch_alloc(wisp_arena *a, size_t size)
{
    if (size > a->size)
        return NULL;
    size = ALIGN8(size);
    if (size > a->size - a->used - a->scratch)
        return NULL;
    a->scratch += size;
    note_peak(a);
    void *p = a->base + a->size - a->scratch;
    wisp_memset(p, 0, size);
    return p;
}

void wisp_scratch_release(wisp_arena *a, size_t mark)
{
    a->scratch = mark;
}

wisp_err wisp_realloc(wisp_arena *a, void **p, size_t old_size, size_t new_size)
{
    uint8_t *old = *p;
    if (new_size > a->size || old_size > new_size)
        return WISP_ERR_NOMEM;
    size_t o = ALIGN8(old_size), n = ALIGN8(new_size);
    if (old && old + o == a->base + a->used) {
        /* the last allocation: grow in place */
        if (n - o > a->size - a->used - a->scratch)
            return WISP_ERR_NOMEM;
        a->used += n - o;
        note_peak(a);
        wisp_memset(old + old_size, 0, n - old_size);
        return WISP_OK;
    }
    uint8_t *q = wisp_alloc(a, new_size);
    if (!q)
        return WISP_ERR_NOMEM;
    if (old)
        wisp_memcpy(q, old, old_size);
    *p = q;
    return WISP_OK;
}

const char *wisp_arena_error(const wisp_arena *a)
{
    return a->error;
}

wisp_err wisp_arena_fail(wisp_arena *a, wisp_err e, uint32_t off, const char *fmt, ...)
{
    const char *kind = e == WISP_ERR_MALFORMED   ? "malformed module"
                       : e == WISP_ERR_INVALID   ? "invalid module"
                       : e == WISP_ERR_NOMEM     ? "out of arena memory"
                       : e == WISP_ERR_UNSUPPORTED ? "unsupported feature"
                       : e == WISP_ERR_UNLINKABLE ? "unlinkable module"
                                                 : "error";
    int n = wisp_snprintf(a->error, sizeof a->error, "%s at 0x%x: ", kind, off);
    if (n < 0 || (size_t)n >= sizeof a->error)
        n = 0;
    va_list ap;
    va_start(ap, fmt);
    wisp_vsnprintf(a->error + n, sizeof a->error - (size_t)n, fmt, ap);
    va_end(ap);
    a->error_offset = off;
    return e;
}

/* ---- freestanding helpers ---- */

/* Loops the compiler may not turn into libc calls (-fno-builtin,
 * -fno-tree-loop-distribute-patterns). Where source and destination share
 * their alignment the middle goes a word at a time; may_alias lets a word
 * access read bytes of any type. */
typedef uint32_t __attribute__((may_alias)) word;
#define WMASK (sizeof(word) - 1)

void wisp_memcpy(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;
    if ((((uintptr_t)dp ^ (uintptr_t)sp) & WMASK) == 0) {
        for (; n && ((uintptr_t)dp & WMASK); n--)
            *dp++ = *sp++;
        for (; n >= sizeof(word); n -= sizeof(word), dp += sizeof(word), sp += sizeof(word))
            *(word *)dp = *(const word *)sp;
    }
    while (n--)
        *dp++ = *sp++;
}

void wisp_memmove(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;
    if (dp <= sp || dp >= sp + n) {
        wisp_memcpy(d, s, n); /* ascending copy is safe */
        return;
    }
    /* the destination overlaps above the source: copy from the end */
    if ((((uintptr_t)dp ^ (uintptr_t)sp) & WMASK) == 0) {
        for (; n && ((uintptr_t)(dp + n) & WMASK); n--)
            dp[n - 1] = sp[n - 1];
        for (; n >= sizeof(word); n -= sizeof(word))
            *(word *)(dp + n - sizeof(word)) = *(const word *)(sp + n - sizeof(word));
    }
    while (n--)
        dp[n] = sp[n];
}

void wisp_memset(void *d, int c, size_t n)
{
    uint8_t *dp = d;
    for (; n && ((uintptr_t)dp & WMASK); n--)
        *dp++ = (uint8_t)c;
    const word w = (uint8_t)c * (word)0x01010101u;
    for (; n >= sizeof(word); n -= sizeof(word), dp += sizeof(word))
        *(word *)dp = w;
    while (n--)
        *dp++ = (uint8_t)c;
}

int wisp_memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x < *y ? -1 : 1;
    return 0;
}

size_t wisp_strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

typedef struct outbuf {
    char *buf;
    size_t size, len;
} outbuf;

static void put(outbuf *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_uint(outbuf *o, uint32_t v, unsigned base)
{
    char tmp[12];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (n)
        put(o, tmp[--n]);
}

int wisp_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    outbuf o = {buf, size, 0};
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        int prec = -1;
        if (fmt[0] == '.' && fmt[1] == '*') {
            prec = va_arg(ap, int);
            fmt += 2;
        }
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            for (int i = 0; s && s[i] && (prec < 0 || i < prec); i++)
                put(&o, s[i]);
            break;
        }
        case 'u': put_uint(&o, va_arg(ap, uint32_t), 10); break;
        case 'x': put_uint(&o, va_arg(ap, uint32_t), 16); break;
        case 'd': {
            int32_t v = va_arg(ap, int32_t);
            if (v < 0) {
                put(&o, '-');
                put_uint(&o, 0u - (uint32_t)v, 10);
            } else {
                put_uint(&o, (uint32_t)v, 10);
            }
            break;
        }
        case 'c': put(&o, (char)va_arg(ap, int)); break;
        case '%': put(&o, '%'); break;
        default: put(&o, '?'); break;
        }
        if (!*fmt)
            break;
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = 0;
    return (int)o.len;
}

int wisp_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = wisp_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

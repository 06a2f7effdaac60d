/* The arena: one block from the embedder, bump-allocated from the bottom for
 * everything that lives as long as the arena, and from the top for scratch
 * that the loader gives back. Also the few libc-like helpers the core needs. */
#include "wisp_int.h"

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

/* Under AddressSanitizer (the tests' builds) the bytes a moved memory or
 * table leaves behind are poisoned, so code still using the old address (a
 * stale memory base after a grow) is reported where it reads or writes. */
#if defined(__SANITIZE_ADDRESS__)
#define WISP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WISP_ASAN 1
#endif
#endif
#ifdef WISP_ASAN
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#define POISON(p, n) __asan_poison_memory_region((p), (n))
#define UNPOISON(p, n) __asan_unpoison_memory_region((p), (n))
#else
#define POISON(p, n) ((void)0)
#define UNPOISON(p, n) ((void)0)
#endif

wisp_err wisp_arena_init(wisp_arena *a, void *mem, size_t size)
{
    if (!a || (!mem && size))
        return WISP_ERR_ARG;
    wisp_memset(a, 0, sizeof *a); /* counters, error and holes */
    uintptr_t start = (uintptr_t)mem, aligned = (start + 7u) & ~(uintptr_t)7u;
    size_t lost = (size_t)(aligned - start);
    a->base = (uint8_t *)aligned;
    a->size = size > lost ? (size - lost) & ~(size_t)7u : 0;
    UNPOISON(a->base, a->size); /* holes of an earlier arena here */
    return WISP_OK;
}

wisp_err wisp_arena_init_zeroed(wisp_arena *a, void *mem, size_t size)
{
    wisp_err e = wisp_arena_init(a, mem, size);
    if (e == WISP_OK)
        a->clean_hi = a->size;
    return e;
}

/* Bytes below `end` may have been written (the translator writes its code
 * straight above `used`): they are no longer known to be zero. */
void wisp_arena_touched(wisp_arena *a, size_t end)
{
    if (end > a->clean_lo)
        a->clean_lo = end;
}

/* Zeroes [off, off + n), except what is known to be zero already. */
static void zero_fresh(const wisp_arena *a, size_t off, size_t n)
{
    size_t lo = a->clean_lo, hi = a->clean_hi, end = off + n;
    if (lo >= hi || end <= lo || off >= hi) {
        wisp_memset(a->base + off, 0, n);
        return;
    }
    if (off < lo)
        wisp_memset(a->base + off, 0, lo - off);
    if (end > hi)
        wisp_memset(a->base + hi, 0, end - hi);
}

static void note_peak(wisp_arena *a)
{
    if (a->used + a->scratch > a->peak)
        a->peak = a->used + a->scratch;
}

/* Takes size bytes, zeroed, from the bottom or (top) the top. */
static void *take(wisp_arena *a, size_t size, bool top)
{
    if (size > a->size) /* also keeps ALIGN8 from wrapping */
        return NULL;
    size = ALIGN8(size);
    if (size > a->size - a->used - a->scratch)
        return NULL;
    uint8_t *p = a->base + a->used;
    if (top) {
        a->scratch += size;
        p = a->base + a->size - a->scratch;
    } else {
        a->used += size;
    }
    note_peak(a);
    size_t off = (size_t)(p - a->base);
    zero_fresh(a, off, size);
    if (top) {
        if (off < a->clean_hi)
            a->clean_hi = off;
    } else {
        wisp_arena_touched(a, off + size);
    }
    return p;
}

void *wisp_alloc(wisp_arena *a, size_t size)
{
    return take(a, size ? size : 1, false); /* 8 bytes for 0: a distinct pointer */
}

void *wisp_scratch_alloc(wisp_arena *a, size_t size)
{
    return take(a, size, true);
}

/* Growth. Only memory data and table elements grow, and only they move
 * (their owner's pointer is the one pointer to them: the interpreter reloads
 * a memory's base after memory.grow and host calls, a table's elements at
 * every use). A block grows in place when the hole right above it, or the
 * free top of the arena if it is the last block, has room; else it slides
 * down over the hole right below it if that makes room (a memmove);
 * otherwise it moves to a hole that fits, else to the top, and the span it
 * leaves (with the holes next to it) becomes one hole, or lowers `used` at
 * the top. Holes never touch each other or `used`.
 *
 * Why not a layout where memories grow without copying: memories must be
 * contiguous and other objects are allocated after them (the next instance,
 * a table, host objects), so in one arena some memory must move; moving
 * other blocks than the one growing would invalidate pointers the
 * interpreter and the embedder hold. Tables keep their exact size (no
 * spare capacity): one that keeps growing lands below a hole and grows
 * into it, so it is not copied at every step.
 *
 * Cost: WISP_ARENA_HOLES slots in wisp_arena (8 x 2 words), a scan of them
 * per growth, a copy of the block when it moves or slides; nothing for
 * wisp_alloc or the scratch.
 *
 * Bound: the bytes in holes grow only when a block moves to the top (by
 * its old size); growing in place, sliding and moving into a hole shrink
 * them. A block moves to the top only when no hole, and not its own span,
 * fits it, so right after, every hole is smaller than the largest block M.
 * Each hole lies right below a live block that is a memory's or table's,
 * or was allocated while one of those was the last block (the next table,
 * a later instance); with k such blocks there are at most k holes, and
 * they never hold k * M bytes. So `used` stays below F + S + k * M (F:
 * other allocations, S: the blocks' sizes), and the peak (old and new copy
 * of a moving block) below F + S + (k + 1) * M, as long as k <=
 * WISP_ARENA_HOLES: beyond, the smallest hole may be given up and its
 * bytes stay unused. Measured on random and searched worst-case orders
 * of up to 12 blocks the worst peak found was F + 2.4 S (tests/robust/grow.c
 * checks F + 3 S); a memory growing in turns with tables reaches what it
 * reaches alone, less a few pages. */
wisp_err wisp_realloc(wisp_arena *a, void **p, size_t old_size, size_t new_size)
{
    if (new_size > a->size) /* also keeps ALIGN8 from wrapping */
        return WISP_ERR_NOMEM;
    /* the block is [from, hi): wisp_alloc gave 8 bytes for 0 */
    size_t n = ALIGN8(new_size), from = (size_t)((uint8_t *)*p - a->base), lo = from;
    size_t hi = from + ALIGN8(old_size + !old_size), to, keep, top = a->size - a->scratch;
    wisp_hole none = {0, 0}, *h, *below = &none, *above = &none, *fit = NULL;
    wisp_hole *end = a->holes + WISP_ARENA_HOLES;
    for (h = a->holes; h < end; h++) {
        if (!h->size)
            continue;
        if (h->off + h->size == lo)
            below = h;
        else if (h->off == hi)
            above = h;
        else if (h->size >= n && !fit)
            fit = h;
    }
    hi += above->size;
    size_t room = hi == a->used ? top : hi;
    if (room - from >= n)
        below = &none; /* in place: no copy, the hole below stays */
    lo -= below->size;
    keep = lo;
    if (room - lo >= n) {
        to = lo; /* in place, or slid down over the hole below */
        keep = lo + n;
    } else if (fit) {
        to = fit->off;
        fit->off += n;
        fit->size -= n;
    } else {
        if (n > top - a->used)
            return WISP_ERR_NOMEM; /* nothing changed */
        to = a->used;
        a->used += n;
    }
    /* [keep, hi) is free now: the top, or one hole (merged with those next to it) */
#ifdef WISP_ASAN
    bool freed = false;
#endif
    below->size = above->size = 0;
    if (hi == a->used) {
        a->used = keep;
    } else if (hi > keep) {
#ifdef WISP_ASAN
        freed = true;
#endif
        wisp_hole *s = a->holes; /* an unused slot, or the smallest hole if smaller */
        for (h = a->holes; h < end; h++)
            if (h->size < s->size)
                s = h;
        if (s->size < hi - keep) {
            s->off = keep;
            s->size = hi - keep;
        }
    }
    note_peak(a);
    uint8_t *q = a->base + to;
    UNPOISON(q, n);
    if (to != from)
        wisp_memmove(q, a->base + from, old_size);
    wisp_memset(q + old_size, 0, n - old_size);
    wisp_arena_touched(a, a->used);
#ifdef WISP_ASAN
    if (freed)
        POISON(a->base + keep, hi - keep);
#endif
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
        if (*fmt == 's') {
            const char *s = va_arg(ap, const char *);
            for (int i = 0; s && s[i] && (prec < 0 || i < prec); i++)
                put(&o, s[i]);
        } else if (*fmt == 'u' || *fmt == 'x') {
            put_uint(&o, va_arg(ap, uint32_t), *fmt == 'u' ? 10 : 16);
        } else {
            put(&o, '?'); /* not in the subset the core uses */
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

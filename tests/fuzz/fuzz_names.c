/* Fuzz target: the lazy `name` section reader (wisp_module_name,
 * wisp_module_func_name, wisp_module_local_name, wisp_module_global_name).
 *
 * The input's first byte picks the mode:
 *  - even: the rest is a whole module; if it loads, every name lookup must
 *    either fail with NOT_FOUND or return a valid UTF-8 name that lies
 *    inside the module's bytes;
 *  - odd: the rest is the payload of a `name` section appended to a fixed
 *    valid module (3 functions with locals, 2 globals). Custom sections
 *    never fail a module, so it must load; and every answer must equal
 *    that of the small independent reader below (first subsection with the
 *    id, first entry with the index, anything damaged on the way: not
 *    found). */
#include <string.h>

#include "harness.h"

#define ARENA_CAP (4u << 20)

static guarded g;
static uint8_t wrapped[1u << 20];

/* ---- an independent reader -------------------------------------------- */

typedef struct rd {
    const uint8_t *p, *end;
} rd;

static bool u32(rd *r, uint32_t *out)
{
    uint64_t v = 0;
    for (int i = 0; i < 5; i++) {
        if (r->p >= r->end)
            return false;
        uint8_t b = *r->p++;
        v |= (uint64_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            if (i == 4 && (b & 0x70))
                return false; /* more than 32 bits */
            *out = (uint32_t)v;
            return true;
        }
    }
    return false;
}

static bool utf8_ok(const uint8_t *s, uint32_t n)
{
    for (uint32_t i = 0; i < n;) {
        uint8_t c = s[i];
        uint32_t len, cp;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xc2 && c <= 0xdf) { len = 2; cp = c & 0x1f; }
        else if (c >= 0xe0 && c <= 0xef) { len = 3; cp = c & 0x0f; }
        else if (c >= 0xf0 && c <= 0xf4) { len = 4; cp = c & 0x07; }
        else return false;
        if (n - i < len)
            return false;
        for (uint32_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
            return false;
        i += len;
    }
    return true;
}

static bool name(rd *r, const uint8_t **s, uint32_t *len)
{
    if (!u32(r, len) || *len > (size_t)(r->end - r->p) || !utf8_ok(r->p, *len))
        return false;
    *s = r->p;
    r->p += *len;
    return true;
}

static bool sub(const uint8_t *payload, size_t n, uint8_t id, rd *out)
{
    rd r = {payload, payload + n};
    while (r.p < r.end) {
        uint8_t sid = *r.p++;
        uint32_t size;
        if (!u32(&r, &size) || size > (size_t)(r.end - r.p))
            return false;
        if (sid == id) {
            *out = (rd){r.p, r.p + size};
            return true;
        }
        r.p += size;
    }
    return false;
}

static bool map_find(rd *r, uint32_t idx, const uint8_t **s, uint32_t *len)
{
    uint32_t n, k;
    if (!u32(r, &n))
        return false;
    while (n--) {
        if (!u32(r, &k) || !name(r, s, len))
            return false;
        if (k == idx)
            return true;
    }
    return false;
}

static bool ref_lookup(const uint8_t *pl, size_t n, int what, uint32_t a, uint32_t b,
                       const uint8_t **s, uint32_t *len)
{
    rd r;
    uint8_t id = what == 0 ? 0 : what == 1 ? 1 : what == 2 ? 2 : 7;
    if (!sub(pl, n, id, &r))
        return false;
    if (what == 0)
        return name(&r, s, len);
    if (what != 2)
        return map_find(&r, a, s, len);
    uint32_t nf, f, cnt, k;
    if (!u32(&r, &nf))
        return false;
    while (nf--) {
        if (!u32(&r, &f))
            return false;
        if (f == a)
            return map_find(&r, b, s, len);
        if (!u32(&r, &cnt))
            return false;
        while (cnt--) {
            const uint8_t *x;
            uint32_t xl;
            if (!u32(&r, &k) || !name(&r, &x, &xl))
                return false;
        }
    }
    return false;
}

/* ---- the target --------------------------------------------------------- */

static wisp_err lookup(const wisp_module *m, int what, uint32_t a, uint32_t b, const char **s,
                       uint32_t *len)
{
    switch (what) {
    case 0: return wisp_module_name(m, s, len);
    case 1: return wisp_module_func_name(m, a, s, len);
    case 2: return wisp_module_local_name(m, a, b, s, len);
    default: return wisp_module_global_name(m, a, s, len);
    }
}

static size_t leb(uint8_t *p, uint32_t v)
{
    size_t n = 0;
    do {
        p[n] = (uint8_t)(v & 0x7f);
        v >>= 7;
        if (v)
            p[n] |= 0x80;
        n++;
    } while (v);
    return n;
}

/* The fixed module: (i32 i64) -> () x3, each with 3 i32 locals; 2 globals. */
static size_t wrap(const uint8_t *payload, size_t n)
{
    static const uint8_t head[] = {
        0, 'a', 's', 'm', 1, 0, 0, 0,
        1, 6, 1, 0x60, 2, 0x7f, 0x7e, 0,           /* type */
        3, 4, 3, 0, 0, 0,                          /* function */
        6, 11, 2, 0x7f, 0, 0x41, 0, 0x0b, 0x7f, 1, 0x41, 1, 0x0b, /* global */
        10, 16, 3, 4, 1, 3, 0x7f, 0x0b, 4, 1, 3, 0x7f, 0x0b, 4, 1, 3, 0x7f, 0x0b, /* code */
    };
    size_t o = sizeof head;
    memcpy(wrapped, head, o);
    wrapped[o++] = 0; /* custom */
    o += leb(wrapped + o, (uint32_t)(5 + n));
    memcpy(wrapped + o, "\x04name", 5);
    o += 5;
    memcpy(wrapped + o, payload, n);
    return o + n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > sizeof wrapped - 64)
        return 0;
    if (!g.raw)
        guarded_init(&g, ARENA_CAP);
    bool wrap_mode = data[0] & 1;
    const uint8_t *bytes = data + 1;
    size_t len = size - 1;
    if (wrap_mode)
        len = wrap(data + 1, size - 1), bytes = wrapped;
    wisp_arena a;
    wisp_module *m;
    guarded_arena(&g, ARENA_CAP, &a);
    wisp_err e = wisp_module_load(&a, bytes, len, &m);
    if (e != WISP_OK) {
        if (wrap_mode)
            harness_fail("a name section failed the module: %s", a.error);
        return 0;
    }
    /* the functions, locals and globals there are, a few beyond, and
     * indices taken from the input */
    uint32_t extra = size >= 5 ? (uint32_t)data[1] | (uint32_t)data[2] << 8 |
                                     (uint32_t)data[3] << 16 | (uint32_t)data[4] << 24
                               : 0;
    for (int what = 0; what < 4; what++) {
        for (uint32_t i = 0; i < 8; i++) {
            for (uint32_t k = 0; k < (what == 2 ? 8u : 1u); k++) {
                uint32_t ia = i == 7 ? extra : i, kb = k == 7 ? extra : k;
                const char *s = NULL;
                uint32_t sl = 0;
                e = lookup(m, what, ia, kb, &s, &sl);
                if (e != WISP_OK && e != WISP_ERR_NOT_FOUND)
                    harness_fail("name lookup returned %s", wisp_err_str(e));
                if (e == WISP_OK &&
                    ((const uint8_t *)s < bytes || sl > len ||
                     (const uint8_t *)s + sl > bytes + len || !utf8_ok((const uint8_t *)s, sl)))
                    harness_fail("name (%d %u %u) outside the module or not UTF-8", what, ia, kb);
                if (wrap_mode) {
                    const uint8_t *rs = NULL;
                    uint32_t rl = 0;
                    bool ok = ref_lookup(data + 1, size - 1, what, ia, kb, &rs, &rl);
                    size_t base = len - (size - 1); /* payload offset in `wrapped` */
                    if (ok != (e == WISP_OK) ||
                        (ok && ((const uint8_t *)s != wrapped + base + (rs - (data + 1)) ||
                                sl != rl)))
                        harness_fail("name (%d %u %u): wisp says %s, the reference %s", what,
                                     ia, kb, e == WISP_OK ? "found" : "not found",
                                     ok ? "found" : "not found");
                }
            }
        }
    }
    if (!guarded_intact(&g))
        harness_fail("wrote outside the arena");
    return 0;
}

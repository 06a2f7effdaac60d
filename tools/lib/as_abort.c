/* AssemblyScript's env.abort; see as_abort.h. */
#include "as_abort.h"

#include <stdio.h>
#include <string.h>

/* Characters of a string shown in a trap message; more are cut ("..."). */
#define STRING_SHOWN 160

typedef struct text {
    char *p;
    size_t size, len; /* len < size always: p stays NUL-terminated */
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->len + 1 >= t->size)
        return;
    if (n > t->size - 1 - t->len)
        n = t->size - 1 - t->len;
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = 0;
}

static void put_str(text *t, const char *s) { put(t, s, strlen(s)); }

static void put_utf8(text *t, uint32_t c)
{
    char b[4];
    size_t n;
    if (c < 0x80) {
        b[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        b[0] = (char)(0xc0 | c >> 6);
        b[1] = (char)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        b[0] = (char)(0xe0 | c >> 12);
        b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        b[2] = (char)(0x80 | (c & 0x3f));
        n = 3;
    } else {
        b[0] = (char)(0xf0 | c >> 18);
        b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        b[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        b[3] = (char)(0x80 | (c & 0x3f));
        n = 4;
    }
    put(t, b, n);
}

/* An AssemblyScript string at ptr as UTF-8: UTF-16LE code units, byte
 * length at ptr - 4; unpaired surrogates become U+FFFD. */
static void put_as_string(text *t, const uint8_t *mem, size_t mem_size, uint32_t ptr)
{
    if (ptr < 4 || !mem || ptr > mem_size) {
        char b[64];
        snprintf(b, sizeof b, "(string at 0x%x is outside memory)", (unsigned)ptr);
        put_str(t, b);
        return;
    }
    uint32_t bytes;
    memcpy(&bytes, mem + ptr - 4, 4); /* little-endian, as Wasm is */
    if (bytes > mem_size - ptr) {
        char b[80];
        snprintf(b, sizeof b, "(string at 0x%x: its %u bytes run past the end of memory)",
                 (unsigned)ptr, (unsigned)bytes);
        put_str(t, b);
        return;
    }
    const uint8_t *s = mem + ptr;
    uint32_t units = bytes / 2, shown = 0;
    for (uint32_t i = 0; i < units; i++) {
        if (shown == STRING_SHOWN) {
            put_str(t, "...");
            return;
        }
        uint32_t c = (uint32_t)s[2 * i] | (uint32_t)s[2 * i + 1] << 8;
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < units) {
            uint32_t d = (uint32_t)s[2 * i + 2] | (uint32_t)s[2 * i + 3] << 8;
            if (d >= 0xdc00 && d < 0xe000) {
                c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
                i++;
            } else {
                c = 0xfffd;
            }
        } else if (c >= 0xd800 && c < 0xe000) {
            c = 0xfffd;
        }
        put_utf8(t, c);
        shown++;
    }
}

void as_abort_format(const uint8_t *mem, size_t mem_size, uint32_t message, uint32_t file,
                     uint32_t line, uint32_t column, char *out, size_t out_size)
{
    if (!out_size)
        return;
    text t = {out, out_size, 0};
    out[0] = 0;
    put_str(&t, "abort: ");
    if (message)
        put_as_string(&t, mem, mem_size, message);
    else
        put_str(&t, "(no message)");
    if (!file && !line)
        return;
    put_str(&t, " at ");
    if (file)
        put_as_string(&t, mem, mem_size, file);
    else
        put_str(&t, "?");
    char b[32];
    snprintf(b, sizeof b, ":%u:%u", (unsigned)line, (unsigned)column);
    put_str(&t, b);
}

static wisp_err call_abort(wisp_instance *caller, void *user, const uint32_t *args,
                           uint32_t *results)
{
    (void)results;
    as_abort *a = user;
    wisp_memory *mem;
    const uint8_t *data = NULL;
    size_t size = 0;
    if (wisp_instance_memory(caller, 0, &mem) == WISP_OK) {
        data = wisp_memory_data(mem);
        size = wisp_memory_size(mem);
    }
    as_abort_format(data, size, args[0], args[1], args[2], args[3], a->message,
                    sizeof a->message);
    return wisp_host_trap(caller, a->message);
}

static bool is(const char *s, uint32_t len, const char *z)
{
    return strlen(z) == len && memcmp(s, z, len) == 0;
}

static const uint8_t abort_params[4] = {WISP_I32, WISP_I32, WISP_I32, WISP_I32};

wisp_err as_abort_bind(as_abort *a, wisp_arena *arena, const wisp_module *m)
{
    memset(a, 0, sizeof *a);
    const uint32_t n = wisp_module_import_count(m);
    for (uint32_t i = 0; i < n; i++) {
        wisp_import_desc d;
        const uint8_t *p, *r;
        uint32_t np, nr;
        if (wisp_module_import(m, i, &d) != WISP_OK || d.kind != WISP_EXTERN_FUNC ||
            !is(d.module, d.module_len, "env") || !is(d.name, d.name_len, "abort") ||
            wisp_module_import_func_type(m, i, &p, &np, &r, &nr) != WISP_OK || np != 4 ||
            nr != 0 || memcmp(p, abort_params, 4) != 0)
            continue;
        return wisp_func_new_host32(arena, abort_params, 4, NULL, 0, call_abort, a,
                                    "env.abort", &a->func);
    }
    return WISP_OK;
}

bool as_abort_resolve(const as_abort *a, const wisp_import_desc *imp, wisp_extern *out)
{
    if (!a->func || imp->kind != WISP_EXTERN_FUNC || !is(imp->module, imp->module_len, "env") ||
        !is(imp->name, imp->name_len, "abort"))
        return false;
    out->kind = WISP_EXTERN_FUNC;
    out->of.func = a->func;
    return true;
}

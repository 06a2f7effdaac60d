/* Backtrace line formatting shared by `wisp run` and `wisp inspect`; the
 * format is described in backtrace_fmt.h. */
#include "backtrace_fmt.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "inspect_read.h" /* utf8_valid */
#include "values.h"

/* Appends to buf at pos, snprintf-style: returns the new logical position
 * even when buf is full. */
__attribute__((format(printf, 4, 5))) static size_t put(char *buf, size_t size, size_t pos,
                                                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *dst = pos < size ? buf + pos : NULL;
    int n = vsnprintf(dst, dst ? size - pos : 0, fmt, ap);
    va_end(ap);
    return n < 0 ? pos : pos + (size_t)n;
}

size_t bt_put_name(char *buf, size_t size, size_t pos, const char *name, size_t len)
{
    const uint8_t *p = (const uint8_t *)name;
    size_t i = 0;
    if (pos < size) /* an empty name appends nothing, yet leaves a string */
        buf[pos] = '\0';
    while (i < len) {
        uint8_t c = p[i];
        if (c >= 0x20 && c < 0x7f) {
            pos = put(buf, size, pos, "%c", c);
            i++;
            continue;
        }
        /* a whole valid multi-byte sequence passes through */
        size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
        if (c >= 0x80 && n <= len - i && utf8_valid(p + i, n)) {
            pos = put(buf, size, pos, "%.*s", (int)n, name + i);
            i += n;
            continue;
        }
        pos = put(buf, size, pos, "\\x%02x", c);
        i++;
    }
    return pos;
}

char *bt_name_text(const char *name, size_t len)
{
    size_t n = bt_put_name(NULL, 0, 0, name, len);
    char *s = malloc(n + 1);
    if (s)
        bt_put_name(s, n + 1, 0, name, len);
    return s;
}

bool bt_local_shown(const bt_frame *f, uint32_t i)
{
    if (i < f->nlocals && f->locals[i].name)
        return true;
    if (f->nparams != BT_NPARAMS_UNKNOWN)
        return i < f->nparams;
    return !f->locals_named;
}

size_t bt_format_frame(char *buf, size_t size, const bt_frame *f)
{
    size_t pos = 0;
    if (size)
        buf[0] = '\0';
    pos = put(buf, size, pos, "  #%u ", (unsigned)f->index);
    if (f->host_name) {
        pos = put(buf, size, pos, "host ");
        return bt_put_name(buf, size, pos, f->host_name, strlen(f->host_name));
    }
    if (f->offset_kind == BT_OFFSET_MODULE)
        pos = put(buf, size, pos, "0x%x ", (unsigned)f->offset);
    char ref[48];
    if (f->offset_kind == BT_OFFSET_FUNC)
        snprintf(ref, sizeof ref, "wasm-function[%u]+0x%x", (unsigned)f->func_index,
                 (unsigned)f->offset);
    else
        snprintf(ref, sizeof ref, "wasm-function[%u]", (unsigned)f->func_index);
    if (f->func_name && f->func_name_len) { /* an empty name reads as none */
        pos = bt_put_name(buf, size, pos, f->func_name, f->func_name_len);
        pos = put(buf, size, pos, " (%s)", ref);
    } else {
        pos = put(buf, size, pos, "%s", ref);
    }
    for (uint32_t i = 0; i < f->nlocals; i++) {
        if (!bt_local_shown(f, i))
            continue;
        const bt_local *l = &f->locals[i];
        pos = put(buf, size, pos, " ");
        if (l->name && l->name_len)
            pos = bt_put_name(buf, size, pos, l->name, l->name_len);
        else
            pos = put(buf, size, pos, "$%u", (unsigned)i);
        char v[64];
        if (l->type)
            value_format(l->type, l->value, v, sizeof v);
        else
            snprintf(v, sizeof v, "?");
        pos = put(buf, size, pos, "=%s", v);
    }
    if (f->file) {
        pos = put(buf, size, pos, " at ");
        pos = bt_put_name(buf, size, pos, f->file, f->file_len);
        pos = put(buf, size, pos, ":%u", (unsigned)f->line);
    }
    return pos;
}

size_t bt_format_trap(char *buf, size_t size, const char *message)
{
    size_t pos = put(buf, size, 0, "trap: ");
    return bt_put_name(buf, size, pos, message, strlen(message));
}

static void print_with(FILE *out, size_t (*fmt)(char *, size_t, const void *), const void *arg)
{
    char small[512];
    size_t n = fmt(small, sizeof small, arg);
    if (n < sizeof small) {
        fprintf(out, "%s\n", small);
        return;
    }
    char *big = malloc(n + 1);
    if (!big) { /* print what fits rather than nothing */
        fprintf(out, "%s...\n", small);
        return;
    }
    fmt(big, n + 1, arg);
    fprintf(out, "%s\n", big);
    free(big);
}

static size_t frame_thunk(char *buf, size_t size, const void *f)
{
    return bt_format_frame(buf, size, f);
}

static size_t trap_thunk(char *buf, size_t size, const void *m)
{
    return bt_format_trap(buf, size, m);
}

void bt_print_frame(FILE *out, const bt_frame *f)
{
    print_with(out, frame_thunk, f);
}

void bt_print_trap(FILE *out, const char *message)
{
    print_with(out, trap_thunk, message);
}

/* Rust panics in a backtrace (panic.h).
 *
 * Layouts (wasm32, rustc 1.63), each read from the DWARF of the test
 * guests (tests/rust, `llvm-dwarfdump-14 --debug-info`), where
 * DW_AT_data_member_location gives each field's offset. rustc reorders
 * struct fields, so none of these is the source order by rule:
 *   &str, &[T]                 data_ptr @0, length @4                  (8 bytes)
 *   core::panic::location::Location
 *                              file: &str @0, line: u32 @8, col: u32 @12 (16)
 *   core::fmt::Arguments       pieces: &[&str] @0,
 *                              fmt: Option<&[rt::v1::Argument]> @8 (data_ptr 0 = None),
 *                              args: &[ArgumentV1] @16                 (24)
 *   core::fmt::ArgumentV1      value: &Opaque @0, formatter: fn ptr @4 (8)
 *   core::fmt::rt::v1::Argument
 *                              position: usize @0, format: FormatSpec @4 (32)
 *   core::fmt::rt::v1::FormatSpec (offsets within it)
 *                              fill: char @0, flags: u32 @4,
 *                              precision: Count @8, width: Count @16,
 *                              align: Alignment (u8) @24               (28)
 *   core::fmt::rt::v1::Count   discriminant u32 @0 (0 Is, 1 Param, 2 Implied),
 *                              value usize @4                          (8)
 *   core::panic::panic_info::PanicInfo
 *                              payload: &dyn Any @0, message: Option<&Arguments> @8,
 *                              location: &Location @12, can_unwind: bool @16 (20)
 *   alloc::string::String      vec.buf.ptr @0, vec.buf.cap @4, vec.len @8 (12)
 * A function pointer is an index into table 0 (the module's element
 * section puts the functions there). tests/rust (rust-layouts) checks
 * these against the DWARF of the guests it builds, so a rustc whose
 * layouts differ shows there first.
 *
 * Parameters (the Wasm locals of the frames; rustc passes a struct by
 * reference and a &str as two i32s; checked on the guests' frames):
 *   core::panicking::panic_fmt(fmt: Arguments, location: &Location)
 *                              local 0 = &Arguments, local 1 = &Location
 *   rust_begin_unwind(info: &PanicInfo)            local 0
 *   std::panicking::rust_panic_with_hook(payload: &mut dyn BoxMeUp,
 *       message: Option<&Arguments>, location: &Location, can_unwind)
 *                              locals 0-1 payload, 2 message, 3 location
 *   std::panicking::begin_panic::<&str>(msg, location)  (edition 2015's
 *       `panic!("literal")`, std::panic::panic_any)
 *                              locals 0-1 = msg (ptr, len), 2 = &Location */
#include "panic.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demangle.h"
#include "inspect_module.h"
#include "sym_internal.h"

/* Bounds on what is read, so damaged memory cannot make the pass slow or
 * the message huge. */
#define MAX_PIECES 64       /* pieces and arguments of one format string */
#define MAX_STR 4096        /* one &str or String read from memory */
#define MAX_MESSAGE 8192    /* the whole message, then "..." */
#define MAX_FILE 1024       /* a Location's file name */
#define MAX_WRAPPER_BODY 512 /* bytes of a formatting function decoded to follow it */
#define MAX_DEREF 4         /* `&&&T` */

/* ---- a growing string -------------------------------------------------- */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    bool full; /* MAX_MESSAGE reached (or out of memory) */
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->full)
        return;
    if (b->len + n > MAX_MESSAGE) {
        n = MAX_MESSAGE - b->len;
        b->full = true;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->full = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

__attribute__((format(printf, 2, 3))) static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        sb_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* The string, "..." appended when it was cut; NULL when out of memory. */
static char *sb_take(sbuf *b)
{
    if (b->full && b->p && b->len >= 3)
        memcpy(b->p + b->len - 3, "...", 3);
    char *p = b->p;
    if (!p)
        p = calloc(1, 1);
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

/* ---- memory and locals ------------------------------------------------- */

typedef struct ctx {
    const im_module *mod;
    const sym_values *mem;
    /* table 0 from the element section: elem[i] = function index + 1, 0 = none */
    uint32_t *table;
    uint32_t table_len;
} ctx;

static bool mem_read(const ctx *c, uint64_t addr, void *buf, uint32_t len)
{
    if (!c->mem || !c->mem->memory || addr + len > UINT32_MAX + (uint64_t)1)
        return false;
    return c->mem->memory(c->mem->ctx, addr, buf, len);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static bool mem_u32(const ctx *c, uint64_t addr, uint32_t *out)
{
    uint8_t b[4];
    if (!mem_read(c, addr, b, 4))
        return false;
    *out = rd32(b);
    return true;
}

/* Local k of a frame as an i32 (pointers and usize are i32 on wasm32). */
static bool local_i32(const panic_frame *f, uint32_t k, uint32_t *out)
{
    if (!f->values || !f->values->local || f->inlined)
        return false;
    uint8_t type;
    wisp_value v;
    if (!f->values->local(f->values->ctx, k, &type, &v) || type != WISP_I32)
        return false;
    *out = (uint32_t)v.i32;
    return true;
}

/* ---- UTF-8 ------------------------------------------------------------- */

/* The length of the well-formed UTF-8 sequence at p (n bytes left), or 0. */
static size_t utf8_seq(const uint8_t *p, size_t n, uint32_t *cp)
{
    uint8_t b = p[0];
    size_t len;
    uint32_t c, min;
    if (b < 0x80) {
        *cp = b;
        return 1;
    } else if ((b & 0xe0) == 0xc0) {
        len = 2, c = b & 0x1f, min = 0x80;
    } else if ((b & 0xf0) == 0xe0) {
        len = 3, c = b & 0x0f, min = 0x800;
    } else if ((b & 0xf8) == 0xf0) {
        len = 4, c = b & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (p[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

static bool utf8_valid(const uint8_t *p, size_t n)
{
    uint32_t cp;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq(p + i, n - i, &cp);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

static size_t utf8_encode(uint32_t c, char out[4])
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    } else if (c < 0x800) {
        out[0] = (char)(0xc0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    } else if (c < 0x10000) {
        out[0] = (char)(0xe0 | c >> 12);
        out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | c >> 18);
    out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    out[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

static bool char_valid(uint32_t c) { return c <= 0x10ffff && !(c >= 0xd800 && c <= 0xdfff); }

/* A str of len bytes at ptr, malloc'd and NUL-terminated; NULL when it is
 * not readable, too long or not UTF-8. */
static char *read_str(const ctx *c, uint32_t ptr, uint32_t len, uint32_t max)
{
    if (len > max || (ptr == 0 && len != 0))
        return NULL;
    char *s = malloc((size_t)len + 1);
    if (!s)
        return NULL;
    if (len && !mem_read(c, ptr, s, len)) {
        free(s);
        return NULL;
    }
    s[len] = '\0';
    if (!utf8_valid((const uint8_t *)s, len) || memchr(s, '\0', len)) {
        free(s);
        return NULL;
    }
    return s;
}

/* ---- names ------------------------------------------------------------- */

/* A name as the rules below compare it: demangled when it is mangled. */
static char *norm_name(const char *name)
{
    if (!name)
        return NULL;
    size_t n = strlen(name);
    char *d = demangle(name, n);
    if (!d && (d = malloc(n + 1)) != NULL)
        memcpy(d, name, n + 1);
    return d;
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* `path` or `path::<generic args>` (v0 names carry them). */
static bool is_path(const char *s, const char *path)
{
    size_t n = strlen(path);
    return strncmp(s, path, n) == 0 && (s[n] == '\0' || starts(s + n, "::<"));
}

/* The frames of the panic machinery: from the functions the user's code
 * calls to raise a panic (core::panicking::*, unwrap_failed, ...) to the
 * abort that ends it. Names as rustc 1.63's std and core have them, and
 * the libc abort that std::sys::wasi::abort_internal calls. */
static bool is_machinery(const char *s)
{
    static const char *const prefixes[] = {
        "core::panicking::", "std::panicking::", "panic_abort::",
        "std::sys_common::backtrace::__rust_end_short_backtrace",
    };
    static const char *const exact[] = {
        "__rust_start_panic", "rust_panic", "rust_begin_unwind", "abort",
        "std::process::abort", "core::intrinsics::abort",
        "core::result::unwrap_failed", "core::option::expect_failed",
        "core::option::unwrap_failed", "core::option::expect_none_failed",
        "core::slice::index::slice_start_index_len_fail",
        "core::slice::index::slice_end_index_len_fail",
        "core::slice::index::slice_index_order_fail",
        "core::slice::index::slice_start_index_overflow_fail",
        "core::slice::index::slice_end_index_overflow_fail",
        "core::str::slice_error_fail", "core::str::slice_error_fail_rt",
        "core::cell::panic_already_borrowed", "core::cell::panic_already_mutably_borrowed",
        "alloc::raw_vec::capacity_overflow",
    };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (starts(s, prefixes[i]))
            return true;
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (is_path(s, exact[i]))
            return true;
    /* std::sys::wasi::abort_internal, std::sys::unix::abort_internal, ... */
    if (starts(s, "std::sys::")) {
        const char *t = strstr(s, "::abort_internal");
        if (t && (t[16] == '\0' || starts(t + 16, "::<")))
            return true;
    }
    return false;
}

/* The frame below which everything is the runtime's start: std marks it
 * for its own short backtraces (std::sys_common::backtrace). */
static bool is_runtime_mark(const char *s)
{
    return is_path(s, "std::sys_common::backtrace::__rust_begin_short_backtrace");
}

/* ---- table 0 and function bodies from the module ----------------------- */

typedef struct rd {
    const uint8_t *p, *end;
    bool bad;
} rd;

static uint64_t rd_leb(rd *r, int bits, bool sign)
{
    uint64_t v = 0;
    int shift = 0;
    for (;;) {
        if (r->p >= r->end || shift >= bits + 7) {
            r->bad = true;
            return 0;
        }
        uint8_t b = *r->p++;
        if (shift < 64)
            v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) {
            if (sign && shift < 64 && (b & 0x40))
                v |= ~(uint64_t)0 << shift;
            return v;
        }
    }
}

static uint32_t rd_u32(rd *r) { return (uint32_t)rd_leb(r, 32, false); }

static uint8_t rd_byte(rd *r)
{
    if (r->p >= r->end) {
        r->bad = true;
        return 0;
    }
    return *r->p++;
}

static void rd_skip(rd *r, uint64_t n)
{
    if ((uint64_t)(r->end - r->p) < n)
        r->bad = true, r->p = r->end;
    else
        r->p += n;
}

#define MAX_TABLE (1u << 20)

static void table_set(ctx *c, uint64_t at, uint32_t func)
{
    if (at >= MAX_TABLE)
        return;
    if (at >= c->table_len) {
        uint32_t len = c->table_len ? c->table_len : 64;
        while (len <= at)
            len *= 2;
        uint32_t *t = realloc(c->table, (size_t)len * sizeof *t);
        if (!t)
            return;
        memset(t + c->table_len, 0, (size_t)(len - c->table_len) * sizeof *t);
        c->table = t;
        c->table_len = len;
    }
    c->table[at] = func + 1;
}

/* An `i32.const N end` offset expression; false for anything else (a
 * global's value is not known here). */
static bool rd_const_offset(rd *r, uint64_t *out)
{
    if (rd_byte(r) != 0x41)
        return false;
    *out = (uint32_t)(int32_t)rd_leb(r, 32, true);
    return rd_byte(r) == 0x0b && !r->bad;
}

/* Table 0 as the active element segments with constant offsets fill it
 * (wasm-ld writes `(elem (i32.const 1) func ...)`). Rust never changes its
 * table at run time, so this is what a live instance or a dump has. */
static void read_table(ctx *c)
{
    if (!c->mod || !c->mod->buf || c->mod->len < 8)
        return;
    rd r = {c->mod->buf + 8, c->mod->buf + c->mod->len, false};
    while (r.p < r.end && !r.bad) {
        uint8_t id = rd_byte(&r);
        uint32_t size = rd_u32(&r);
        if (r.bad || (size_t)(r.end - r.p) < size)
            return;
        if (id != 9) {
            r.p += size;
            continue;
        }
        rd s = {r.p, r.p + size, false};
        uint32_t nseg = rd_u32(&s);
        for (uint32_t i = 0; i < nseg && !s.bad; i++) {
            uint32_t flags = rd_u32(&s);
            uint32_t table = 0;
            uint64_t offset = 0;
            bool active = !(flags & 1), exprs = flags & 4;
            if (flags > 7)
                return;
            if (flags == 2 || flags == 6)
                table = rd_u32(&s);
            if (active && !rd_const_offset(&s, &offset))
                return;
            if (flags & 3)
                rd_byte(&s); /* elemkind 0x00 (funcref), or a reftype with exprs */
            uint32_t n = rd_u32(&s);
            for (uint32_t k = 0; k < n && !s.bad; k++) {
                uint32_t func = UINT32_MAX;
                if (exprs) {
                    uint8_t op = rd_byte(&s);
                    if (op == 0xd2)
                        func = rd_u32(&s);
                    else if (op == 0xd0)
                        rd_byte(&s);
                    else
                        return;
                    if (rd_byte(&s) != 0x0b)
                        return;
                } else {
                    func = rd_u32(&s);
                }
                if (active && table == 0 && func != UINT32_MAX && !s.bad)
                    table_set(c, offset + k, func);
            }
        }
        return;
    }
}

static bool table_func(const ctx *c, uint32_t elem, uint32_t *func)
{
    if (elem >= c->table_len || !c->table[elem])
        return false;
    *func = c->table[elem] - 1;
    return true;
}

/* The function's name as the rules compare it, malloc'd; NULL unknown. */
static char *func_name(const ctx *c, uint32_t func)
{
    const char *p;
    uint32_t len;
    if (!c->mod || !names_func(&c->mod->names, func, &p, &len))
        return NULL;
    char *raw = malloc((size_t)len + 1);
    if (!raw)
        return NULL;
    memcpy(raw, p, len);
    raw[len] = '\0';
    char *n = norm_name(raw);
    free(raw);
    return n;
}

/* Skips one instruction's immediates; false for an opcode not known here
 * (the caller then gives up: it only follows small wrappers). */
static bool skip_immediates(rd *r, uint8_t op, uint32_t *call_target)
{
    *call_target = UINT32_MAX;
    if (op <= 0x01 || op == 0x05 || op == 0x0b || op == 0x0f || op == 0x1a || op == 0x1b ||
        (op >= 0x45 && op <= 0xc4) || op == 0xd1)
        return true;
    switch (op) {
    case 0x02: case 0x03: case 0x04: /* block type: 0x40, a value type, or a type index */
        rd_leb(r, 33, true);
        return true;
    case 0x0c: case 0x0d: case 0x20: case 0x21: case 0x22: case 0x23: case 0x24:
    case 0x25: case 0x26: case 0xd2:
        rd_u32(r);
        return true;
    case 0x0e: {
        uint32_t n = rd_u32(r);
        for (uint64_t i = 0; i <= n && !r->bad; i++)
            rd_u32(r);
        return true;
    }
    case 0x10:
        *call_target = rd_u32(r);
        return true;
    case 0x11:
        rd_u32(r);
        rd_u32(r);
        return true;
    case 0x1c: {
        uint32_t n = rd_u32(r);
        rd_skip(r, n);
        return true;
    }
    case 0x3f: case 0x40: case 0xd0:
        rd_byte(r);
        return true;
    case 0x41:
        rd_leb(r, 32, true);
        return true;
    case 0x42:
        rd_leb(r, 64, true);
        return true;
    case 0x43:
        rd_skip(r, 4);
        return true;
    case 0x44:
        rd_skip(r, 8);
        return true;
    default:
        if (op >= 0x28 && op <= 0x3e) { /* loads and stores: align, offset */
            rd_u32(r);
            rd_u32(r);
            return true;
        }
        return false;
    }
}

/* The functions a small formatting function calls directly, at most max
 * of them, each once; false when its code is not read here or it calls
 * more. */
static bool callees(const ctx *c, uint32_t func, uint32_t *out, uint32_t max, uint32_t *n)
{
    const im_module *m = c->mod;
    if (!m || func < m->nimported_funcs || func >= m->nfuncs)
        return false;
    uint32_t k = func - m->nimported_funcs;
    uint32_t start = m->body_start[k], end = m->body_end[k];
    if (end <= start || end - start > MAX_WRAPPER_BODY || end > m->len)
        return false;
    rd r = {m->buf + start, m->buf + end, false};
    uint32_t ngroups = rd_u32(&r);
    for (uint32_t i = 0; i < ngroups && !r.bad; i++) {
        rd_u32(&r);
        rd_byte(&r);
    }
    *n = 0;
    while (r.p < r.end && !r.bad) {
        uint8_t op = rd_byte(&r);
        uint32_t target;
        if (!skip_immediates(&r, op, &target))
            return false;
        bool seen = false;
        for (uint32_t i = 0; i < *n && !seen; i++)
            seen = out[i] == target;
        if (target != UINT32_MAX && !seen) {
            if (*n == max)
                return false;
            out[(*n)++] = target;
        }
    }
    return !r.bad;
}

/* The one function a small formatting function calls (`<&T as
 * Display>::fmt` is `Display::fmt(&**self, f)`), or false when it calls
 * none, several, or its code is not read here. */
static bool single_callee(const ctx *c, uint32_t func, uint32_t *callee)
{
    uint32_t n;
    return callees(c, func, callee, 1, &n) && n == 1;
}

/* ---- formatting the arguments ------------------------------------------ */

typedef enum trait {
    T_DISPLAY, T_DEBUG, T_LOWER_HEX, T_UPPER_HEX, T_OCTAL, T_BINARY, T_LOWER_EXP, T_UPPER_EXP,
    T_NONE
} trait;

static const char *const trait_names[] = {
    "Display", "Debug", "LowerHex", "UpperHex", "Octal", "Binary", "LowerExp", "UpperExp",
};

/* FormatSpec.flags bits (core::fmt::FlagV1, 1.63) */
enum { F_PLUS = 1, F_MINUS = 2, F_ALTERNATE = 4, F_ZERO = 8, F_DEBUG_LOWER_HEX = 16,
       F_DEBUG_UPPER_HEX = 32 };

typedef struct spec {
    uint32_t fill;   /* a char */
    uint32_t flags;
    uint8_t align;   /* 0 Left, 1 Right, 2 Center, 3 Unknown (the type's default) */
    bool has_width, has_precision;
    uint32_t width, precision;
} spec;

static const spec default_spec = {' ', 0, 3, false, false, 0, 0};

/* A formatting function's name split: `core::fmt::num::imp::<impl
 * core::fmt::Display for u32>::fmt` and `<&T as core::fmt::Display>::fmt`
 * give the trait and the type text ("u32", "&T"); false for other names. */
static bool split_formatter(const char *name, trait *tr, char *type, size_t type_size)
{
    size_t n = strlen(name);
    if (n < 6 || strcmp(name + n - 6, ">::fmt") != 0)
        return false;
    for (int t = 0; t < T_NONE; t++) {
        char pat[64];
        /* <impl core::fmt::TRAIT for TYPE>::fmt */
        snprintf(pat, sizeof pat, "<impl core::fmt::%s for ", trait_names[t]);
        const char *at = strstr(name, pat);
        if (at) {
            const char *ty = at + strlen(pat);
            size_t len = (size_t)(name + n - 6 - ty);
            if (len == 0 || len >= type_size)
                return false;
            memcpy(type, ty, len);
            type[len] = '\0';
            *tr = (trait)t;
            return true;
        }
        /* <TYPE as core::fmt::TRAIT>::fmt */
        snprintf(pat, sizeof pat, " as core::fmt::%s>::fmt", trait_names[t]);
        size_t pl = strlen(pat);
        if (n > pl + 1 && name[0] == '<' && strcmp(name + n - pl, pat) == 0) {
            size_t len = n - pl - 1;
            if (len == 0 || len >= type_size)
                return false;
            memcpy(type, name + 1, len);
            type[len] = '\0';
            *tr = (trait)t;
            return true;
        }
    }
    return false;
}

typedef enum kind {
    K_NONE, K_INT, K_BOOL, K_CHAR, K_F32, K_F64, K_STR /* a &str fat pointer */, K_STRING
} kind;

typedef struct vtype {
    kind k;
    unsigned bytes; /* integers: 1, 2, 4, 8, 16 */
    bool is_signed;
} vtype;

static bool parse_type(const char *t, vtype *out)
{
    static const struct {
        const char *name;
        kind k;
        unsigned bytes;
        bool is_signed;
    } types[] = {
        {"u8", K_INT, 1, false}, {"u16", K_INT, 2, false}, {"u32", K_INT, 4, false},
        {"u64", K_INT, 8, false}, {"u128", K_INT, 16, false}, {"usize", K_INT, 4, false},
        {"i8", K_INT, 1, true}, {"i16", K_INT, 2, true}, {"i32", K_INT, 4, true},
        {"i64", K_INT, 8, true}, {"i128", K_INT, 16, true}, {"isize", K_INT, 4, true},
        {"bool", K_BOOL, 1, false}, {"char", K_CHAR, 4, false}, {"f32", K_F32, 4, false},
        {"f64", K_F64, 8, false}, {"&str", K_STR, 8, false},
        {"alloc::string::String", K_STRING, 12, false},
        /* core::num::NonZero* print as their integer */
        {"core::num::nonzero::NonZeroU32", K_INT, 4, false},
        {"core::num::nonzero::NonZeroUsize", K_INT, 4, false},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(t, types[i].name) == 0) {
            out->k = types[i].k;
            out->bytes = types[i].bytes;
            out->is_signed = types[i].is_signed;
            return true;
        }
    return false;
}

/* Pads `text` (already formatted, UTF-8) to the spec's width. */
static void put_padded(sbuf *b, const char *text, size_t len, const spec *sp, uint8_t def_align)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((uint8_t)text[i] & 0xc0) != 0x80;
    size_t pad = sp->has_width && sp->width > chars ? sp->width - chars : 0;
    if (pad > MAX_MESSAGE)
        pad = MAX_MESSAGE;
    uint8_t align = sp->align <= 2 ? sp->align : def_align;
    size_t before = align == 0 ? 0 : align == 1 ? pad : pad / 2;
    char fill[4];
    size_t fl = utf8_encode(char_valid(sp->fill) ? sp->fill : ' ', fill);
    for (size_t i = 0; i < before; i++)
        sb_put(b, fill, fl);
    sb_put(b, text, len);
    for (size_t i = before; i < pad; i++)
        sb_put(b, fill, fl);
}

/* A number's sign and digits, padded: `0` flag pads with zeros after the
 * sign (and after 0x), as Formatter::pad_integral does. */
static void put_number(sbuf *b, bool negative, const char *prefix, const char *digits,
                       const spec *sp)
{
    const char *sign = negative ? "-" : (sp->flags & F_PLUS) ? "+" : "";
    size_t head = strlen(sign) + strlen(prefix), dl = strlen(digits);
    if (sp->flags & F_ZERO) {
        size_t zeros = sp->has_width && sp->width > head + dl ? sp->width - head - dl : 0;
        sb_str(b, sign);
        sb_str(b, prefix);
        for (size_t i = 0; i < zeros && !b->full; i++)
            sb_put(b, "0", 1);
        sb_str(b, digits);
        return;
    }
    sbuf t = {0};
    sb_str(&t, sign);
    sb_str(&t, prefix);
    sb_str(&t, digits);
    put_padded(b, t.p ? t.p : "", t.len, sp, 1);
    free(t.p);
}

/* unsigned 128-bit magnitude as digits in base 2, 8, 10 or 16 */
static void u128_digits(uint64_t hi, uint64_t lo, unsigned base, bool upper, char *out)
{
    char tmp[140];
    size_t n = 0;
    const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        /* divide (hi, lo) by base */
        uint64_t rem = 0, qh, ql = 0;
        qh = hi / base;
        rem = hi % base;
        for (int i = 63; i >= 0; i--) {
            rem = rem << 1 | ((lo >> i) & 1);
            ql <<= 1;
            if (rem >= base) {
                rem -= base;
                ql |= 1;
            }
        }
        tmp[n++] = dig[rem];
        hi = qh;
        lo = ql;
    } while (hi || lo);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

static void fmt_int(sbuf *b, const uint8_t *p, const vtype *t, trait tr, const spec *sp)
{
    uint64_t lo = 0, hi = 0;
    for (unsigned i = 0; i < t->bytes && i < 8; i++)
        lo |= (uint64_t)p[i] << (8 * i);
    for (unsigned i = 8; i < t->bytes; i++)
        hi |= (uint64_t)p[i] << (8 * (i - 8));
    unsigned bits = t->bytes * 8;
    bool negative = false;
    if (tr == T_DEBUG)
        tr = (sp->flags & F_DEBUG_LOWER_HEX) ? T_LOWER_HEX
             : (sp->flags & F_DEBUG_UPPER_HEX) ? T_UPPER_HEX : T_DISPLAY;
    if (tr == T_DISPLAY && t->is_signed) {
        bool sign_bit = bits == 128 ? hi >> 63 : (lo >> (bits - 1)) & 1;
        if (sign_bit) {
            negative = true;
            if (bits < 64)
                lo |= ~(uint64_t)0 << bits;
            if (bits <= 64)
                hi = ~(uint64_t)0;
            /* two's complement negation over 128 bits */
            lo = ~lo + 1;
            hi = ~hi + (lo == 0);
        }
    }
    /* hex and friends print the bits of the type's width */
    char digits[140];
    const char *prefix = "";
    bool alt = sp->flags & F_ALTERNATE;
    switch (tr) {
    case T_LOWER_HEX: u128_digits(hi, lo, 16, false, digits); prefix = alt ? "0x" : ""; break;
    case T_UPPER_HEX: u128_digits(hi, lo, 16, true, digits); prefix = alt ? "0x" : ""; break;
    case T_OCTAL: u128_digits(hi, lo, 8, false, digits); prefix = alt ? "0o" : ""; break;
    case T_BINARY: u128_digits(hi, lo, 2, false, digits); prefix = alt ? "0b" : ""; break;
    case T_DISPLAY: u128_digits(hi, lo, 10, false, digits); break;
    default:
        sb_str(b, "{?}");
        return;
    }
    put_number(b, negative, prefix, digits, sp);
}

/* Rust's float text: the shortest digits that read back to the same
 * value (%.*e tried from 1 digit up), written without an exponent
 * (Display), or for Debug with `.0` on whole numbers and, outside
 * [1e-4, 1e16), as `1e16` / `1.5e-7` (core::fmt::float, 1.58+). With a
 * precision: exactly that many decimals, as printf rounds them. */
static void fmt_float(sbuf *b, double v, bool is_f32, trait tr, const spec *sp)
{
    char out[1200];
    bool negative = signbit(v);
    if (isnan(v)) {
        put_padded(b, "NaN", 3, sp, 1);
        return;
    }
    double a = fabs(v);
    if (isinf(a)) {
        put_number(b, negative, "", "inf", sp);
        return;
    }
    if (sp->has_precision) {
        uint32_t prec = sp->precision > 800 ? 800 : sp->precision;
        if (tr == T_LOWER_EXP || tr == T_UPPER_EXP) {
            /* %e writes e+03: Rust writes e3 */
            char tmp[900];
            snprintf(tmp, sizeof tmp, "%.*e", (int)prec, a);
            char *e = strchr(tmp, 'e');
            if (e) {
                int x = atoi(e + 1);
                snprintf(e, sizeof tmp - (size_t)(e - tmp), "%c%d",
                         tr == T_UPPER_EXP ? 'E' : 'e', x);
            }
            put_number(b, negative, "", tmp, sp);
        } else {
            snprintf(out, sizeof out, "%.*f", (int)prec, a);
            put_number(b, negative, "", out, sp);
        }
        return;
    }
    /* shortest round-trip digits d1.d2d3... x 10^exp */
    char sci[64];
    int maxp = is_f32 ? 9 : 17;
    for (int p = 1; p <= maxp; p++) {
        snprintf(sci, sizeof sci, "%.*e", p - 1, a);
        double back = strtod(sci, NULL);
        if (is_f32 ? (float)back == (float)a : back == a)
            break;
    }
    char digits[32];
    size_t nd = 0;
    const char *q = sci;
    for (; *q && *q != 'e'; q++)
        if (*q >= '0' && *q <= '9')
            digits[nd++] = *q;
    digits[nd] = '\0';
    int exp = *q == 'e' ? atoi(q + 1) : 0;
    while (nd > 1 && digits[nd - 1] == '0')
        digits[--nd] = '\0';
    if (a == 0)
        exp = 0;
    bool exp_form = tr == T_LOWER_EXP || tr == T_UPPER_EXP ||
                    (tr == T_DEBUG && a != 0 && (a < 1e-4 || a >= 1e16));
    size_t o = 0;
    if (exp_form) {
        out[o++] = digits[0];
        if (nd > 1) {
            out[o++] = '.';
            memcpy(out + o, digits + 1, nd - 1);
            o += nd - 1;
        }
        o += (size_t)snprintf(out + o, sizeof out - o, "%c%d", tr == T_UPPER_EXP ? 'E' : 'e', exp);
    } else if (exp < 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (int i = -1; i > exp; i--)
            out[o++] = '0';
        memcpy(out + o, digits, nd);
        o += nd;
    } else {
        for (int i = 0; i <= exp || (size_t)i < nd; i++) {
            if (i == exp + 1)
                out[o++] = '.';
            out[o++] = (size_t)i < nd ? digits[i] : '0';
        }
        if (tr == T_DEBUG && (size_t)exp + 1 >= nd) {
            out[o++] = '.';
            out[o++] = '0';
        }
    }
    out[o] = '\0';
    put_number(b, negative, "", out, sp);
}

/* A char as Debug shows it inside quotes (char::escape_debug, without its
 * Unicode tables: only ASCII controls are escaped). */
static void put_escaped(sbuf *b, uint32_t c, char quote)
{
    char tmp[16];
    switch (c) {
    case '\t': sb_str(b, "\\t"); return;
    case '\r': sb_str(b, "\\r"); return;
    case '\n': sb_str(b, "\\n"); return;
    case '\\': sb_str(b, "\\\\"); return;
    case '\0': sb_str(b, "\\0"); return;
    }
    if (c == (uint32_t)quote) {
        tmp[0] = '\\';
        tmp[1] = quote;
        sb_put(b, tmp, 2);
    } else if (c < 0x20 || c == 0x7f) {
        snprintf(tmp, sizeof tmp, "\\u{%x}", (unsigned)c);
        sb_str(b, tmp);
    } else {
        sb_put(b, tmp, utf8_encode(c, tmp));
    }
}

static void fmt_str(sbuf *b, const char *s, size_t len, trait tr, const spec *sp)
{
    if (tr == T_DEBUG) {
        sbuf q = {0};
        sb_str(&q, "\"");
        uint32_t cp;
        for (size_t i = 0; i < len;) {
            size_t k = utf8_seq((const uint8_t *)s + i, len - i, &cp);
            if (!k)
                break;
            put_escaped(&q, cp, '"');
            i += k;
        }
        sb_str(&q, "\"");
        put_padded(b, q.p ? q.p : "", q.len, sp, 0);
        free(q.p);
        return;
    }
    if (tr != T_DISPLAY) {
        sb_str(b, "{?}");
        return;
    }
    /* a precision truncates a string to that many chars */
    size_t cut = len;
    if (sp->has_precision) {
        size_t chars = 0;
        for (cut = 0; cut < len; cut++) {
            if (((uint8_t)s[cut] & 0xc0) != 0x80) {
                if (chars == sp->precision)
                    break;
                chars++;
            }
        }
    }
    put_padded(b, s, cut, sp, 0);
}

/* Formats the value at `addr` of type `t` with trait `tr`; false when it
 * cannot be read (the caller writes `{?}`). */
static bool fmt_value(const ctx *c, sbuf *b, uint32_t addr, const vtype *t, trait tr,
                      const spec *sp)
{
    uint8_t v[16];
    switch (t->k) {
    case K_INT:
        if (!mem_read(c, addr, v, t->bytes))
            return false;
        fmt_int(b, v, t, tr, sp);
        return true;
    case K_BOOL:
        if (!mem_read(c, addr, v, 1) || v[0] > 1 || (tr != T_DISPLAY && tr != T_DEBUG))
            return false;
        put_padded(b, v[0] ? "true" : "false", v[0] ? 4 : 5, sp, 0);
        return true;
    case K_CHAR: {
        uint32_t cp;
        if (!mem_u32(c, addr, &cp) || !char_valid(cp))
            return false;
        char tmp[8];
        if (tr == T_DISPLAY) {
            put_padded(b, tmp, utf8_encode(cp, tmp), sp, 0);
        } else if (tr == T_DEBUG) {
            sbuf q = {0};
            sb_str(&q, "'");
            put_escaped(&q, cp, '\'');
            sb_str(&q, "'");
            put_padded(b, q.p ? q.p : "", q.len, sp, 0);
            free(q.p);
        } else {
            return false;
        }
        return true;
    }
    case K_F32:
    case K_F64: {
        if (!mem_read(c, addr, v, t->k == K_F32 ? 4 : 8))
            return false;
        double d;
        if (t->k == K_F32) {
            uint32_t bits = rd32(v);
            float f;
            memcpy(&f, &bits, 4);
            d = f;
        } else {
            uint64_t bits = rd64(v);
            memcpy(&d, &bits, 8);
        }
        if (tr != T_DISPLAY && tr != T_DEBUG && tr != T_LOWER_EXP && tr != T_UPPER_EXP)
            return false;
        fmt_float(b, d, t->k == K_F32, tr, sp);
        return true;
    }
    case K_STR:
    case K_STRING: {
        uint8_t h[12];
        if (!mem_read(c, addr, h, t->k == K_STR ? 8 : 12))
            return false;
        /* &str: ptr @0, len @4; String: ptr @0, cap @4, len @8 */
        uint32_t ptr = rd32(h), len = t->k == K_STR ? rd32(h + 4) : rd32(h + 8);
        char *s = read_str(c, ptr, len, MAX_STR);
        if (!s)
            return false;
        fmt_str(b, s, len, tr, sp);
        free(s);
        return true;
    }
    default:
        return false;
    }
}

/* An integer's Debug (Display unless {:x?}/{:X?}: it tests the flags
 * and calls T's Display, LowerHex or UpperHex) inlined into func: the
 * Display it calls. */
static bool integer_debug_inlined(const ctx *c, uint32_t func, uint32_t *display)
{
    uint32_t calls[6], n;
    bool found = false;
    if (!callees(c, func, calls, 6, &n) || n < 2)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        char *name = func_name(c, calls[i]);
        if (name && (is_path(name, "core::fmt::Formatter::debug_lower_hex") ||
                     is_path(name, "core::fmt::Formatter::debug_upper_hex"))) {
            free(name); /* the flag tests that choose */
            continue;
        }
        trait tr;
        char type[64];
        vtype vt;
        bool ok = name && split_formatter(name, &tr, type, sizeof type) &&
                  (tr == T_DISPLAY || tr == T_LOWER_HEX || tr == T_UPPER_HEX) &&
                  parse_type(type, &vt) && vt.k == K_INT;
        free(name);
        if (!ok)
            return false;
        if (tr == T_DISPLAY) { /* (the hex ones may be another width's: code folded) */
            if (found)
                return false;
            *display = calls[i];
            found = true;
        }
    }
    return found;
}

/* One argument of core::fmt: `value` points to a value of some type X
 * and `formatter` is the table index of `<X as TRAIT>::fmt`, the function
 * Rust calls to format it (ArgumentV1::new::<X>). Writes `{?}` when the
 * type cannot be told or the value read. */
static bool fmt_arguments(const ctx *c, uint32_t addr, sbuf *b, int depth);

static void fmt_argument(const ctx *c, sbuf *b, uint32_t value, uint32_t formatter, const spec *sp,
                         int depth)
{
    uint32_t func;
    if (!table_func(c, formatter, &func)) {
        sb_str(b, "{?}");
        return;
    }
    size_t before = b->len;
    for (int hop = 0; hop <= MAX_DEREF; hop++) {
        char *name = func_name(c, func);
        trait tr;
        char type[256];
        bool split = name && split_formatter(name, &tr, type, sizeof type);
        free(name);
        if (!split)
            break;
        vtype vt;
        if (strcmp(type, "&T") == 0 || strcmp(type, "&mut T") == 0) {
            /* `<&T as TRAIT>::fmt` (legacy names keep no generic
             * arguments) is `TRAIT::fmt(&**self, f)`: what it calls says T */
            uint32_t callee;
            if (!single_callee(c, func, &callee) && tr == T_DEBUG &&
                integer_debug_inlined(c, func, &callee)) {
                /* `<&T as Debug>::fmt` with T's Debug inlined: the number's */
                if (!mem_u32(c, value, &value))
                    break;
                func = callee;
                continue;
            }
            if (!single_callee(c, func, &callee)) {
                /* T = dyn TRAIT (assert_eq!'s `&dyn Debug`): value points
                 * to a (data, vtable) pair and the vtable's first method,
                 * after drop_in_place, size and align, is T's fmt */
                uint32_t data, vtable, elem, fmt;
                if (!mem_u32(c, value, &data) || !mem_u32(c, (uint64_t)value + 4, &vtable) ||
                    !mem_u32(c, (uint64_t)vtable + 12, &elem) || !table_func(c, elem, &fmt) ||
                    fmt == func)
                    break;
                char *fname = func_name(c, fmt);
                trait ftr;
                char ftype[256];
                bool same = fname && split_formatter(fname, &ftr, ftype, sizeof ftype) && ftr == tr;
                free(fname);
                if (!same)
                    break;
                value = data;
                func = fmt;
                continue;
            }
            char *cname = func_name(c, callee);
            trait ctr = tr;
            char ctype[256];
            bool pad = cname && is_path(cname, "core::fmt::Formatter::pad");
            bool csplit = cname && split_formatter(cname, &ctr, ctype, sizeof ctype);
            free(cname);
            if (pad || (csplit && strcmp(ctype, "str") == 0)) {
                /* T = str (pad: `<str as Display>::fmt` inlined into the
                 * wrapper): X = &str, whose fat pointer is at value */
                vtype s = {K_STR, 8, false};
                if (fmt_value(c, b, value, &s, pad ? T_DISPLAY : ctr, sp))
                    return;
                break;
            }
            /* a sized T: the callee formats the T that value points to */
            if (!mem_u32(c, value, &value))
                break;
            func = callee;
            continue;
        }
        /* peel references: `&&str` points to a &str, `&u32` to a u32 */
        const char *t = type;
        bool ok = true;
        while (ok && t[0] == '&' && strcmp(t, "&str") != 0) {
            t += starts(t, "&mut ") ? 5 : 1;
            ok = mem_u32(c, value, &value);
        }
        if (ok && parse_type(t, &vt) && fmt_value(c, b, value, &vt, tr, sp))
            return;
        /* a message inside a message (assert_eq!'s own, panic!'s args) */
        if (ok && (tr == T_DISPLAY || tr == T_DEBUG) && strcmp(t, "core::fmt::Arguments") == 0 &&
            depth < MAX_DEREF && fmt_arguments(c, value, b, depth + 1))
            return;
        break;
    }
    b->len = before;
    if (b->p)
        b->p[before] = '\0';
    sb_str(b, "{?}");
}

/* ---- core::fmt::Arguments ---------------------------------------------- */

/* A Count (precision or width): Is(n), Param(i) = the usize argument i
 * points to, or Implied. */
static bool read_count(const ctx *c, const uint8_t *p, uint32_t args, uint32_t nargs,
                       uint32_t *out)
{
    uint32_t tag = rd32(p), v = rd32(p + 4);
    if (tag == 0) {
        *out = v;
        return true;
    }
    if (tag == 1 && v < nargs) {
        uint32_t value;
        return mem_u32(c, args + 8 * (uint64_t)v, &value) && mem_u32(c, value, out);
    }
    return false;
}

/* The Arguments at addr written out as core::fmt::write does: piece 0,
 * argument 0, piece 1, ... (the arguments in order, or as the specs'
 * positions say), then the piece left over, if any. False when the
 * structure does not read as an Arguments. */
static bool fmt_arguments(const ctx *c, uint32_t addr, sbuf *b, int depth)
{
    uint8_t a[24];
    if (!addr || !mem_read(c, addr, a, sizeof a))
        return false;
    uint32_t pieces = rd32(a), npieces = rd32(a + 4);
    uint32_t specs = rd32(a + 8), nspecs = rd32(a + 12);
    uint32_t args = rd32(a + 16), nargs = rd32(a + 20);
    if (npieces > MAX_PIECES || nargs > MAX_PIECES || (specs && nspecs > MAX_PIECES) ||
        (npieces && !pieces) || (nargs && !args))
        return false;
    /* Arguments::new_v1 asserts args.len() <= pieces.len() <= args.len() + 1 */
    uint32_t nitems = specs ? nspecs : nargs;
    if (!specs && (npieces < nargs || npieces > nargs + 1))
        return false;
    for (uint32_t i = 0; i < npieces; i++) {
        uint8_t s[8];
        if (!mem_read(c, pieces + 8 * (uint64_t)i, s, 8))
            return false;
        char *text = read_str(c, rd32(s), rd32(s + 4), MAX_STR);
        if (!text)
            return false;
        sb_str(b, text);
        free(text);
        if (i >= nitems)
            break; /* the piece after the last argument */
        spec sp = default_spec;
        uint32_t position = i;
        if (specs) {
            uint8_t f[32];
            if (!mem_read(c, specs + 32 * (uint64_t)i, f, sizeof f))
                return false;
            /* rt::v1::Argument: position @0; FormatSpec @4: fill @4,
             * flags @8, precision @12, width @20, align @28 */
            position = rd32(f);
            sp.fill = rd32(f + 4);
            sp.flags = rd32(f + 8);
            sp.has_precision = read_count(c, f + 12, args, nargs, &sp.precision);
            sp.has_width = read_count(c, f + 20, args, nargs, &sp.width);
            sp.align = f[28];
        }
        uint8_t arg[8];
        if (position >= nargs || !mem_read(c, args + 8 * (uint64_t)position, arg, 8))
            sb_str(b, "{?}");
        else
            fmt_argument(c, b, rd32(arg), rd32(arg + 4), &sp, depth);
    }
    /* core::fmt::write zips pieces with arguments: arguments without a
     * piece are still written */
    for (uint32_t i = npieces; i < nitems; i++) {
        uint8_t arg[8];
        if (!specs && mem_read(c, args + 8 * (uint64_t)i, arg, 8))
            fmt_argument(c, b, rd32(arg), rd32(arg + 4), &default_spec, depth);
        else
            sb_str(b, "{?}");
    }
    return true;
}

/* ---- the panic --------------------------------------------------------- */

/* A Location at addr: file, line, column; false when it does not read as
 * one (a file name must be printable UTF-8 and the line at least 1). */
static bool read_location(const ctx *c, uint32_t addr, panic_report *out)
{
    uint8_t l[16];
    if (!addr || !mem_read(c, addr, l, sizeof l))
        return false;
    uint32_t line = rd32(l + 8), col = rd32(l + 12);
    char *file = read_str(c, rd32(l), rd32(l + 4), MAX_FILE);
    if (!file)
        return false;
    bool printable = file[0] != '\0' && line > 0;
    for (const char *q = file; *q && printable; q++)
        printable = (uint8_t)*q >= 0x20 && *q != 0x7f;
    if (!printable) {
        free(file);
        return false;
    }
    free(out->file);
    out->file = file;
    out->line = line;
    out->column = col;
    return true;
}

/* The message of an Option<&Arguments> / &Arguments at addr. */
static bool read_message(const ctx *c, uint32_t addr, panic_report *out)
{
    sbuf b = {0};
    if (!fmt_arguments(c, addr, &b, 0)) {
        free(b.p);
        return false;
    }
    free(out->message);
    out->message = sb_take(&b);
    return out->message != NULL;
}

/* Each panic function whose frame holds the message and location, in the
 * order they are tried; the first that reads well wins. */
typedef enum source { S_PANIC_FMT, S_BEGIN_UNWIND, S_WITH_HOOK, S_BEGIN_PANIC, S_NONE } source;

static source source_of(const char *name)
{
    if (is_path(name, "core::panicking::panic_fmt"))
        return S_PANIC_FMT;
    if (strcmp(name, "rust_begin_unwind") == 0 ||
        is_path(name, "std::panicking::begin_panic_handler"))
        return S_BEGIN_UNWIND;
    if (is_path(name, "std::panicking::rust_panic_with_hook"))
        return S_WITH_HOOK;
    if (is_path(name, "std::panicking::begin_panic"))
        return S_BEGIN_PANIC;
    return S_NONE;
}

static bool try_source(const ctx *c, source s, const panic_frame *f, panic_report *out)
{
    uint32_t a, b, d;
    switch (s) {
    case S_PANIC_FMT: /* (fmt: &Arguments, location: &Location) */
        return local_i32(f, 0, &a) && local_i32(f, 1, &b) && read_location(c, b, out) &&
               (read_message(c, a, out), true);
    case S_BEGIN_UNWIND: { /* (info: &PanicInfo): message @8, location @12 */
        uint8_t info[20];
        if (!local_i32(f, 0, &a) || !mem_read(c, a, info, sizeof info) ||
            !read_location(c, rd32(info + 12), out))
            return false;
        if (rd32(info + 8))
            read_message(c, rd32(info + 8), out);
        return true;
    }
    case S_WITH_HOOK: /* (payload data, payload vtable, message, location, can_unwind) */
        if (!local_i32(f, 2, &a) || !local_i32(f, 3, &b) || !read_location(c, b, out))
            return false;
        if (a)
            read_message(c, a, out);
        return true;
    case S_BEGIN_PANIC: /* ::<&str>(msg ptr, msg len, location) */
        if (!local_i32(f, 0, &a) || !local_i32(f, 1, &b) || !local_i32(f, 2, &d) ||
            !read_location(c, d, out))
            return false;
        {
            char *m = read_str(c, a, b, MAX_STR);
            if (m) {
                free(out->message);
                out->message = m;
            }
        }
        return true;
    default:
        return false;
    }
}

void panic_analyze(const im_module *mod, const sym_values *memory, const panic_frame *frames,
                   uint32_t n, panic_report *out)
{
    memset(out, 0, sizeof *out);
    out->runtime_start = n;
    char **names = calloc(n ? n : 1, sizeof *names);
    if (!names)
        return;
    for (uint32_t i = 0; i < n; i++)
        names[i] = norm_name(frames[i].name);

    /* the machinery: the innermost frames, up to the first that is not */
    uint32_t end = 0;
    while (end < n && names[end] && is_machinery(names[end]))
        end++;
    /* a Rust panic when one of them is a panic function */
    bool panic_fn = false;
    for (uint32_t i = 0; i < end && !panic_fn; i++)
        panic_fn = source_of(names[i]) != S_NONE || starts(names[i], "core::panicking::");
    if (panic_fn) {
        out->found = true;
        out->machinery_end = end;
        ctx c = {mod, memory, NULL, 0};
        read_table(&c);
        for (source s = S_PANIC_FMT; s < S_NONE; s++) {
            bool done = false;
            for (uint32_t i = 0; i < end && !done; i++)
                if (source_of(names[i]) == s && !frames[i].inlined)
                    done = try_source(&c, s, &frames[i], out);
            if (done && out->message)
                break;
        }
        free(c.table);
    }
    /* the runtime's start: its mark and everything outside it */
    for (uint32_t i = out->machinery_end; i < n; i++)
        if (names[i] && is_runtime_mark(names[i])) {
            out->runtime_start = i;
            break;
        }
    for (uint32_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

void panic_report_free(panic_report *r)
{
    free(r->message);
    free(r->file);
    r->message = r->file = NULL;
}

panic_fold panic_frame_fold(const panic_report *r, uint32_t i)
{
    if (i < r->machinery_end)
        return PANIC_MACHINERY;
    if (i >= r->runtime_start)
        return PANIC_RUNTIME;
    return PANIC_SHOWN;
}

char *panic_line(const panic_report *r)
{
    if (!r->found)
        return NULL;
    sbuf b = {0};
    sb_str(&b, "panicked");
    if (r->file) {
        sb_str(&b, " at ");
        sb_str(&b, r->file);
        sb_printf(&b, ":%u", (unsigned)r->line);
        if (r->column)
            sb_printf(&b, ":%u", (unsigned)r->column);
    }
    if (r->message) {
        sb_str(&b, r->file ? ": " : ": ");
        sb_str(&b, r->message);
    } else if (!r->file) {
        sb_str(&b, " (the message and location were not found)");
    }
    return sb_take(&b);
}

bool panic_same_as_std(const panic_report *r, const char *text, size_t len)
{
    if (!r->found || !r->message || !r->file || len < 8 || memcmp(text, "thread '", 8) != 0)
        return false;
    const char *end = text + len, *at = NULL;
    for (const char *q = text + 8; q + 14 <= end && !at; q++)
        if (memcmp(q, "' panicked at ", 14) == 0)
            at = q + 14;
    if (!at)
        return false;
    const char *rest = NULL;
    for (int form = 0; form < 2 && !rest; form++) {
        sbuf b = {0};
        if (form == 0) { /* 'MESSAGE', FILE:LINE:COL */
            sb_str(&b, "'");
            sb_str(&b, r->message);
            sb_str(&b, "', ");
            sb_str(&b, r->file);
            sb_printf(&b, ":%u:%u\n", (unsigned)r->line, (unsigned)r->column);
        } else { /* FILE:LINE:COL:\nMESSAGE */
            sb_str(&b, r->file);
            sb_printf(&b, ":%u:%u:\n", (unsigned)r->line, (unsigned)r->column);
            sb_str(&b, r->message);
            sb_str(&b, "\n");
        }
        if (b.p && !b.full && (size_t)(end - at) >= b.len && memcmp(at, b.p, b.len) == 0)
            rest = at + b.len;
        free(b.p);
    }
    if (!rest)
        return false;
    /* then nothing, or one "note: ...\n" line */
    if (rest == end)
        return true;
    const char *nl = memchr(rest, '\n', (size_t)(end - rest));
    return end - rest > 6 && memcmp(rest, "note: ", 6) == 0 && nl == end - 1;
}

const char *panic_fold_what(panic_fold kind)
{
    return kind == PANIC_MACHINERY ? "panic machinery"
           : kind == PANIC_RUNTIME ? "the Rust runtime's start" : "";
}

void panic_fold_line(char *buf, size_t size, panic_fold kind, uint32_t count)
{
    snprintf(buf, size, "... %u frame%s of %s (--full-backtrace shows them)", (unsigned)count,
             count == 1 ? "" : "s", panic_fold_what(kind));
}

void sym_panic(sym_module *s, const sym_values *memory, const panic_frame *frames, uint32_t n,
               panic_report *out)
{
    panic_analyze(s ? s->mod : NULL, memory, frames, n, out);
}

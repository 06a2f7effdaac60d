/* The backtrace text; the format is in bt_text.h. Built for the host tools
 * and for every board (boards/common/meson.build). */
#include "bt_text.h"

#include <stdio.h>  /* snprintf, for floats only */
#include <stdlib.h> /* strtod, strtof */
#include <string.h>

static const char hex_digits[] = "0123456789abcdef";

static void buffer_write(void *ctx, const char *s, size_t len)
{
    bt_buffer *b = ctx;
    if (b->pos < b->size) {
        size_t room = b->size - 1 - b->pos; /* keep the NUL */
        size_t n = len < room ? len : room;
        memcpy(b->buf + b->pos, s, n);
        b->buf[b->pos + n] = '\0';
    }
    b->pos += len;
}

bt_writer bt_buffer_writer(bt_buffer *b, char *buf, size_t size)
{
    b->buf = buf;
    b->size = size;
    b->pos = 0;
    if (size)
        buf[0] = '\0';
    bt_writer w = {buffer_write, b};
    return w;
}

/* ---- pieces ------------------------------------------------------------ */

void bt_put(const bt_writer *w, const char *s, size_t len)
{
    if (len)
        w->write(w->ctx, s, len);
}

void bt_str(const bt_writer *w, const char *s)
{
    bt_put(w, s, strlen(s));
}

void bt_u64(const bt_writer *w, uint64_t v)
{
    char buf[20];
    size_t i = sizeof buf;
    /* 32-bit division where the value fits: no __aeabi_uldivmod per digit */
    while (v > UINT32_MAX) {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    }
    uint32_t low = (uint32_t)v;
    do {
        buf[--i] = (char)('0' + low % 10);
        low /= 10;
    } while (low);
    bt_put(w, buf + i, sizeof buf - i);
}

void bt_i64(const bt_writer *w, int64_t v)
{
    if (v < 0) {
        bt_put(w, "-", 1);
        bt_u64(w, 0 - (uint64_t)v);
    } else {
        bt_u64(w, (uint64_t)v);
    }
}

void bt_hex(const bt_writer *w, uint64_t v)
{
    char buf[18];
    size_t i = sizeof buf;
    do {
        buf[--i] = hex_digits[v & 15];
        v >>= 4;
    } while (v);
    buf[--i] = 'x';
    buf[--i] = '0';
    bt_put(w, buf + i, sizeof buf - i);
}

bool bt_utf8_valid(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        uint32_t cp, min;
        if (c >= 0xc2 && c <= 0xdf) { len = 2; cp = c & 0x1f; min = 0x80; }
        else if (c >= 0xe0 && c <= 0xef) { len = 3; cp = c & 0x0f; min = 0x800; }
        else if (c >= 0xf0 && c <= 0xf4) { len = 4; cp = c & 0x07; min = 0x10000; }
        else return false;
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

void bt_name(const bt_writer *w, const char *name, size_t len)
{
    const uint8_t *p = (const uint8_t *)name;
    size_t i = 0;
    while (i < len) {
        size_t run = i; /* printable ASCII goes out in one piece */
        while (run < len && p[run] >= 0x20 && p[run] < 0x7f)
            run++;
        if (run > i) {
            bt_put(w, name + i, run - i);
            i = run;
            continue;
        }
        uint8_t c = p[i];
        size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
        if (c >= 0x80 && n <= len - i && bt_utf8_valid(p + i, n)) {
            bt_put(w, name + i, n);
            i += n;
            continue;
        }
        char esc[4] = {'\\', 'x', hex_digits[c >> 4], hex_digits[c & 15]};
        bt_put(w, esc, 4);
        i++;
    }
}

/* ---- values ------------------------------------------------------------ */

const char *bt_type_name(uint8_t type)
{
    switch (type) {
    case WISP_I32: return "i32";
    case WISP_I64: return "i64";
    case WISP_F32: return "f32";
    case WISP_F64: return "f64";
    case WISP_V128: return "v128";
    case WISP_FUNCREF: return "funcref";
    case WISP_EXTERNREF: return "externref";
    default: return "?";
    }
}

/* inf and NaN spelled the same way for both widths; false if finite. */
static bool float_special(const bt_writer *w, bool neg, bool exp_all_ones, uint64_t mant,
                          uint64_t quiet_bit)
{
    if (!exp_all_ones)
        return false;
    if (neg)
        bt_put(w, "-", 1);
    if (mant == 0) {
        bt_str(w, "inf");
    } else if (mant == quiet_bit) {
        bt_str(w, "nan");
    } else {
        bt_str(w, "nan:");
        bt_hex(w, mant);
    }
    return true;
}

/* Shortest %.Ng that reads back to the same value: "0.1", not
 * "0.10000000000000001", yet never ambiguous. */
static void float_text(const bt_writer *w, double d, bool is_f32)
{
    char buf[40];
    int max = is_f32 ? 9 : 17;
    for (int prec = 1; prec <= max; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (is_f32 ? strtof(buf, NULL) == (float)d : strtod(buf, NULL) == d)
            break;
    }
    bt_str(w, buf);
}

static void hex32_padded(const bt_writer *w, uint32_t v)
{
    char buf[10] = {'0', 'x'};
    for (int k = 0; k < 8; k++)
        buf[2 + k] = hex_digits[(v >> (28 - 4 * k)) & 15];
    bt_put(w, buf, sizeof buf);
}

void bt_value(const bt_writer *w, uint8_t type, wisp_value v)
{
    switch (type) {
    case WISP_I32:
        bt_i64(w, v.i32);
        return;
    case WISP_I64:
        bt_i64(w, v.i64);
        return;
    case WISP_F32: {
        uint32_t b = v.f32;
        if (float_special(w, b >> 31, ((b >> 23) & 0xff) == 0xff, b & 0x7fffff, 0x400000))
            return;
        float f;
        memcpy(&f, &b, 4);
        float_text(w, f, true);
        return;
    }
    case WISP_F64: {
        uint64_t b = v.f64;
        if (float_special(w, b >> 63, ((b >> 52) & 0x7ff) == 0x7ff,
                          b & UINT64_C(0xfffffffffffff), UINT64_C(0x8000000000000)))
            return;
        double d;
        memcpy(&d, &b, 8);
        float_text(w, d, false);
        return;
    }
    case WISP_V128: /* as wabt prints it, but one word that reads back */
        bt_str(w, "i32x4:");
        for (int k = 0; k < 4; k++) {
            if (k)
                bt_put(w, ",", 1);
            hex32_padded(w, (uint32_t)(v.v128[k / 2] >> (32 * (k % 2))));
        }
        return;
    case WISP_FUNCREF:
        /* A wisp_func pointer: its address means nothing to the user. */
        bt_str(w, v.ref ? "funcref" : "null");
        return;
    case WISP_EXTERNREF:
        if (v.ref) {
            bt_str(w, "externref:");
            bt_hex(w, (uint64_t)v.ref);
        } else {
            bt_str(w, "null");
        }
        return;
    default:
        bt_put(w, "<", 1);
        bt_str(w, bt_type_name(type));
        bt_put(w, ">", 1);
        return;
    }
}

/* ---- frames ------------------------------------------------------------ */

void bt_local_array(const bt_frame *f, uint32_t k, bt_local *out)
{
    *out = ((const bt_local *)f->locals)[k];
}

bool bt_local_shown(const bt_frame *f, uint32_t k, bool named)
{
    if (named)
        return true;
    if (f->nparams != BT_NPARAMS_UNKNOWN)
        return k < f->nparams;
    return !f->locals_named;
}

void bt_frame_line(const bt_writer *w, const bt_frame *f)
{
    bt_str(w, "  #");
    bt_u64(w, f->index);
    bt_put(w, " ", 1);
    if (f->host_name) {
        bt_str(w, "host ");
        bt_name(w, f->host_name, strlen(f->host_name));
        return;
    }
    if (f->offset_kind == BT_OFFSET_MODULE) {
        bt_hex(w, f->offset);
        bt_put(w, " ", 1);
    }
    bool named = f->func_name && f->func_name_len; /* an empty name reads as none */
    if (named || f->inlined) { /* an inlined function is shown by its name, even "?" */
        if (named)
            bt_name(w, f->func_name, f->func_name_len);
        else
            bt_put(w, "?", 1);
        bt_str(w, f->inlined ? " (inlined in " : " (");
        named = true;
    }
    bt_str(w, "wasm-function[");
    bt_u64(w, f->func_index);
    bt_put(w, "]", 1);
    if (f->offset_kind == BT_OFFSET_FUNC) {
        bt_put(w, "+", 1);
        bt_hex(w, f->offset);
    }
    if (named)
        bt_put(w, ")", 1);
    for (uint32_t k = 0; f->has_vars && k < f->nvars; k++) {
        bt_put(w, " ", 1);
        bt_str(w, f->vars[k].name);
        bt_put(w, "=", 1);
        bt_str(w, f->vars[k].value);
    }
    /* Where the source variables are not all known, the Wasm locals follow
     * in brackets: what the compiler lost track of may still be there. */
    bool locals = !f->inlined && f->local_at && (!f->has_vars || f->vars_incomplete);
    bool bracket = f->has_vars && locals;
    bool opened = false;
    for (uint32_t k = 0; locals && k < f->nlocals; k++) {
        bt_local l;
        f->local_at(f, k, &l);
        bool has_name = l.name && l.name_len;
        if (!bt_local_shown(f, k, l.name != NULL))
            continue;
        bt_str(w, bracket && !opened ? " [" : " ");
        opened = true;
        if (has_name) {
            bt_name(w, l.name, l.name_len);
        } else {
            bt_put(w, "$", 1);
            bt_u64(w, k);
        }
        bt_put(w, "=", 1);
        if (l.type)
            bt_value(w, l.type, l.value);
        else
            bt_put(w, "?", 1);
    }
    if (opened && bracket)
        bt_put(w, "]", 1);
    if (f->file) {
        bt_str(w, " at ");
        bt_name(w, f->file, f->file_len);
        bt_put(w, ":", 1);
        bt_u64(w, f->line);
        if (f->column) {
            bt_put(w, ":", 1);
            bt_u64(w, f->column);
        }
    }
}

void bt_trap_line(const bt_writer *w, const char *message, size_t len)
{
    bt_str(w, "trap: ");
    bt_name(w, message, len);
}

/* "1 byte" / "16 bytes" */
static void bt_bytes(const bt_writer *w, uint64_t n)
{
    bt_u64(w, n);
    bt_str(w, n == 1 ? " byte" : " bytes");
}

void bt_trap_access(const bt_writer *w, const wisp_trap_info *t)
{
    static const char *const bulk[] = {
        [WISP_ACCESS_FILL] = "memory.fill of ", [WISP_ACCESS_COPY_TO] = "memory.copy of ",
        [WISP_ACCESS_COPY_FROM] = "memory.copy of ", [WISP_ACCESS_INIT_TO] = "memory.init of ",
        [WISP_ACCESS_INIT_FROM] = "memory.init of "};
    if (t->kind != WISP_TRAP_MEMORY_OOB || t->access == WISP_ACCESS_NONE ||
        (unsigned)t->access > WISP_ACCESS_INIT_FROM)
        return;
    bt_str(w, ": ");
    if (t->access == WISP_ACCESS_LOAD || t->access == WISP_ACCESS_STORE) {
        bt_u64(w, t->length);
        bt_str(w, t->access == WISP_ACCESS_LOAD ? "-byte load at " : "-byte store at ");
    } else {
        bt_str(w, bulk[t->access]);
        bt_bytes(w, t->length);
        bt_str(w, t->access == WISP_ACCESS_COPY_TO || t->access == WISP_ACCESS_INIT_TO ? " to "
                  : t->access == WISP_ACCESS_FILL                                      ? " at "
                  : t->access == WISP_ACCESS_COPY_FROM                                 ? " from "
                                                                 : " from offset ");
    }
    bt_hex(w, t->address);
    if (t->access == WISP_ACCESS_INIT_FROM) {
        bt_str(w, " of data segment ");
        bt_u64(w, t->memory);
        bt_str(w, ", which is ");
    } else if (t->memory) {
        bt_str(w, ", memory ");
        bt_u64(w, t->memory);
        bt_str(w, " is ");
    } else {
        bt_str(w, ", memory is ");
    }
    bt_bytes(w, t->memory_size);
}

void bt_trap_line_live(const bt_writer *w, wisp_instance *inst, const char *message)
{
    wisp_trap_info t;
    bt_trap_line(w, message, strlen(message));
    wisp_instance_trap(inst, &t);
    bt_trap_access(w, &t);
}

bool bt_trap_shows_operands(wisp_trap_kind kind)
{
    switch (kind) {
    case WISP_TRAP_DIV_ZERO:
    case WISP_TRAP_INT_OVERFLOW:
    case WISP_TRAP_BAD_CONVERSION:
    case WISP_TRAP_UNDEFINED_ELEMENT:
    case WISP_TRAP_UNINITIALIZED_ELEMENT:
    case WISP_TRAP_INDIRECT_MISMATCH:
    case WISP_TRAP_TABLE_OOB:
    case WISP_TRAP_NULL_REFERENCE:
        return true;
    default: /* an out-of-bounds access says its address on the trap line */
        return false;
    }
}

wisp_trap_kind bt_trap_kind_of(const char *message, size_t len)
{
    const char *m;
    for (int k = WISP_TRAP_UNREACHABLE; (m = wisp_trap_message((wisp_trap_kind)k)); k++)
        if (strlen(m) == len && !memcmp(m, message, len))
            return (wisp_trap_kind)k;
    return WISP_TRAP_HOST;
}

void bt_operands_line(const bt_writer *w, uint32_t n, bt_value_at at, void *ctx)
{
    if (!n)
        return;
    bt_str(w, "      operands:");
    uint32_t k = 0;
    if (n > BT_OPERANDS_SHOWN) {
        bt_str(w, " ...");
        k = n - BT_OPERANDS_SHOWN;
    }
    for (; k < n; k++) {
        uint8_t type;
        wisp_value v;
        bt_put(w, " ", 1);
        if (at(ctx, k, &type, &v))
            bt_value(w, type, v);
        else
            bt_put(w, "?", 1);
    }
    bt_put(w, "\n", 1);
}

uint32_t bt_next_frame(const bt_writer *w, uint32_t i, uint32_t n, uint32_t max)
{
    uint32_t keep_outer = max >= 8 ? max / 4 : 0;
    uint32_t keep_inner = max - keep_outer;
    if (n <= max || i != keep_inner)
        return i;
    bt_str(w, "  ... ");
    bt_u64(w, n - keep_inner - keep_outer);
    bt_str(w, " frames elided ...\n");
    return n - keep_outer;
}

/* ---- a trapped instance ------------------------------------------------ */

static void live_local(const bt_frame *f, uint32_t k, bt_local *out)
{
    const bt_live *lf = f->locals;
    wisp_type type;
    memset(out, 0, sizeof *out);
    if (wisp_backtrace_local(lf->inst, lf->frame, k, &type, &out->value) == WISP_OK)
        out->type = (uint8_t)type;
    if (wisp_module_local_name(lf->fi.module, lf->fi.func_index, k, &out->name,
                               &out->name_len) != WISP_OK)
        out->name = NULL;
}

bool bt_live_frame(wisp_instance *inst, uint32_t i, bt_live *lf, bt_frame *f)
{
    memset(f, 0, sizeof *f);
    lf->inst = inst;
    lf->frame = i;
    if (wisp_backtrace_frame(inst, i, &lf->fi) != WISP_OK)
        return false;
    const wisp_frame_info *fi = &lf->fi;
    f->index = i;
    if (!fi->module) {
        f->host_name = fi->host_name ? fi->host_name : "";
        return true;
    }
    f->func_index = fi->func_index;
    f->offset_kind = fi->module_offset ? BT_OFFSET_MODULE : BT_OFFSET_NONE;
    f->offset = fi->module_offset;
    if (wisp_module_func_name(fi->module, fi->func_index, &f->func_name, &f->func_name_len) !=
        WISP_OK)
        f->func_name = NULL;
    const uint8_t *params, *results;
    uint32_t nresults;
    if (wisp_module_func_type(fi->module, fi->func_index, &params, &f->nparams, &results,
                              &nresults) != WISP_OK) {
        f->nparams = BT_NPARAMS_UNKNOWN;
        /* only then does it matter whether any local is named */
        const char *name;
        uint32_t len;
        for (uint32_t k = 0; k < fi->nlocals && !f->locals_named; k++)
            f->locals_named = wisp_module_local_name(fi->module, fi->func_index, k, &name,
                                                     &len) == WISP_OK;
    }
    f->local_at = live_local;
    f->locals = lf;
    f->nlocals = fi->nlocals;
    return true;
}

void bt_live_tail_note(const bt_writer *w, const bt_live *lf)
{
    if (lf->fi.module && lf->fi.tail_called)
        bt_str(w, "      (entered by a tail call: its caller's frame was replaced)\n");
}

static bool live_stack(void *ctx, uint32_t k, uint8_t *type, wisp_value *v)
{
    const bt_live *lf = ctx;
    wisp_type t;
    if (wisp_backtrace_stack(lf->inst, lf->frame, k, &t, v) != WISP_OK)
        return false;
    *type = (uint8_t)t;
    return true;
}

void bt_live_operands(const bt_writer *w, const bt_live *lf)
{
    wisp_trap_info t;
    if (lf->frame != 0 || !lf->fi.module)
        return;
    wisp_instance_trap(lf->inst, &t);
    if (bt_trap_shows_operands(t.kind))
        bt_operands_line(w, lf->fi.nstack, live_stack, (void *)lf);
}

static void live_frame_line(const bt_writer *w, wisp_instance *inst, uint32_t i,
                            bt_locate_fn locate, void *locate_ctx)
{
    bt_live lf;
    bt_frame f;
    if (!bt_live_frame(inst, i, &lf, &f))
        return;
    if (lf.fi.module && locate && !locate(locate_ctx, &lf.fi, &f.file, &f.file_len, &f.line))
        f.file = NULL;
    bt_frame_line(w, &f);
    bt_put(w, "\n", 1);
    bt_live_operands(w, &lf);
    bt_live_tail_note(w, &lf);
}

void bt_write_backtrace(const bt_writer *w, wisp_instance *inst, const char *message,
                        uint32_t max_frames, bt_locate_fn locate, void *locate_ctx)
{
    bt_trap_line_live(w, inst, message);
    bt_put(w, "\n", 1);
    uint32_t n = wisp_backtrace_count(inst);
    for (uint32_t i = 0; (i = bt_next_frame(w, i, n, max_frames)) < n; i++)
        live_frame_line(w, inst, i, locate, locate_ctx);
}

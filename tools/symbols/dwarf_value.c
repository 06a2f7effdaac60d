/* Location expressions and variables' values as text, for dwarf_info.c
 * (dwarf_int.h): a variable's location (an expression or a location list)
 * evaluated against the frame's Wasm locals, globals, operand stack and
 * linear memory, then its bytes printed by its type. */
#include "dwarf_int.h"

#include <string.h>

#include "bt_text.h"

/* ---- location expressions ---------------------------------------------- */

static bool wasm_value(const sym_values *v, uint64_t kind, uint64_t index, uint64_t *out)
{
    uint8_t type = 0;
    wisp_value val;
    bool ok = false;
    if (!v)
        return false;
    if (kind == 0 && v->local)
        ok = v->local(v->ctx, (uint32_t)index, &type, &val);
    else if ((kind == 1 || kind == 3) && v->global)
        ok = v->global(v->ctx, (uint32_t)index, &type, &val);
    else if (kind == 2 && v->stack)
        ok = v->stack(v->ctx, (uint32_t)index, &type, &val);
    if (!ok)
        return false;
    switch (type) {
    case WISP_I32: *out = (uint32_t)val.i32; return true;
    case WISP_I64: *out = (uint64_t)val.i64; return true;
    case WISP_F32: *out = val.f32; return true;
    case WISP_F64: *out = val.f64; return true;
    default: return false;
    }
}

/* Evaluates a DWARF expression; false when it cannot be (an unsupported
 * operation, a value that is not known). */
bool dw_eval(const eval_ctx *x, expr e, loc *out)
{
    uint64_t st[64];
    unsigned sp = 0;
    bool is_value = false; /* the top is the variable's value, not its address */
    bool wasm_register = false; /* ... because it is a DW_OP_WASM_location alone */
    cur c = {e.p, e.p + e.len, false};
    memset(out, 0, sizeof *out);
#define PUSH(v) do { uint64_t v_ = (v); if (sp == 64) return false; st[sp++] = v_; } while (0)
#define NEED(n) do { if (sp < (n)) return false; } while (0)
    while (!c.bad && c.p < c.end) {
        uint8_t op = (uint8_t)dw_get_n(&c, 1);
        if (op != 0x93 && op != 0x9f)
            is_value = false;
        wasm_register = op == OP_WASM_location;
        if (op >= 0x30 && op <= 0x4f) {
            PUSH((uint64_t)(op - 0x30));
            continue;
        }
        switch (op) {
        case 0x03: PUSH(dw_get_n(&c, x->u->addr_size)); break; /* addr */
        case 0x06: { /* deref */
            NEED(1);
            uint8_t b[8] = {0};
            if (!x->values || !x->values->memory ||
                !x->values->memory(x->values->ctx, st[sp - 1], b, x->u->addr_size))
                return false;
            uint64_t v = 0;
            for (unsigned i = 0; i < x->u->addr_size && i < 8; i++)
                v |= (uint64_t)b[i] << (8 * i);
            st[sp - 1] = v;
            break;
        }
        case 0x08: PUSH(dw_get_n(&c, 1)); break;
        case 0x09: PUSH((uint64_t)(int64_t)(int8_t)dw_get_n(&c, 1)); break;
        case 0x0a: PUSH(dw_get_n(&c, 2)); break;
        case 0x0b: PUSH((uint64_t)(int64_t)(int16_t)dw_get_n(&c, 2)); break;
        case 0x0c: PUSH(dw_get_n(&c, 4)); break;
        case 0x0d: PUSH((uint64_t)(int64_t)(int32_t)dw_get_n(&c, 4)); break;
        case 0x0e: case 0x0f: PUSH(dw_get_n(&c, 8)); break;
        case 0x10: PUSH(dw_get_uleb(&c)); break;
        case 0x11: PUSH((uint64_t)dw_get_sleb(&c)); break;
        case 0x12: NEED(1); PUSH(st[sp - 1]); break;
        case 0x13: NEED(1); sp--; break;
        case 0x14: NEED(2); PUSH(st[sp - 2]); break;
        case 0x16: { NEED(2); uint64_t t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; break; }
        case 0x1a: NEED(2); sp--; st[sp - 1] &= st[sp]; break;
        case 0x1c: NEED(2); sp--; st[sp - 1] -= st[sp]; break;
        case 0x1e: NEED(2); sp--; st[sp - 1] *= st[sp]; break;
        case 0x1f: NEED(1); st[sp - 1] = -st[sp - 1]; break;
        case 0x20: NEED(1); st[sp - 1] = ~st[sp - 1]; break;
        case 0x21: NEED(2); sp--; st[sp - 1] |= st[sp]; break;
        case 0x22: NEED(2); sp--; st[sp - 1] += st[sp]; break;
        case 0x23: NEED(1); st[sp - 1] += dw_get_uleb(&c); break;
        case 0x24: NEED(2); sp--; st[sp - 1] = st[sp] < 64 ? st[sp - 1] << st[sp] : 0; break;
        case 0x25: NEED(2); sp--; st[sp - 1] = st[sp] < 64 ? st[sp - 1] >> st[sp] : 0; break;
        case 0x26: NEED(2); sp--; st[sp - 1] = (uint64_t)((int64_t)st[sp - 1] >> (st[sp] < 63 ? st[sp] : 63)); break;
        case 0x27: NEED(2); sp--; st[sp - 1] ^= st[sp]; break;
        case 0x91: /* fbreg */
            if (!x->has_frame_base)
                return false;
            PUSH(x->frame_base + (uint64_t)dw_get_sleb(&c));
            break;
        case 0x9f: /* stack_value */
            NEED(1);
            is_value = true;
            break;
        case 0x9e: { /* implicit_value */
            uint64_t n = dw_get_uleb(&c);
            if (c.bad || n > MAX_VALUE_BYTES || n > (uint64_t)(c.end - c.p))
                return false;
            out->kind = LOC_BYTES;
            memcpy(out->bytes, c.p, n);
            memset(out->known, 1, n);
            out->nbytes = (uint32_t)n;
            return true;
        }
        case 0x93: { /* piece: this part of the variable, then the next */
            uint64_t n = dw_get_uleb(&c);
            if (c.bad || n > MAX_VALUE_BYTES - out->nbytes)
                return false;
            uint8_t *dst = out->bytes + out->nbytes;
            memset(out->known + out->nbytes, 1, n);
            if (sp == 0) {
                memset(out->known + out->nbytes, 0, n);
                out->incomplete = true; /* an empty piece: that part is optimized out */
                memset(dst, 0, n);
            } else if (is_value) {
                for (uint64_t i = 0; i < n; i++)
                    dst[i] = i < 8 ? (uint8_t)(st[sp - 1] >> (8 * i)) : 0;
            } else if (!x->values || !x->values->memory ||
                       !x->values->memory(x->values->ctx, st[sp - 1], dst, (uint32_t)n)) {
                memset(out->known + out->nbytes, 0, n);
                out->incomplete = true;
                memset(dst, 0, n);
            }
            out->nbytes += (uint32_t)n;
            out->kind = LOC_BYTES;
            sp = 0;
            is_value = false;
            break;
        }
        case OP_WASM_location: {
            uint64_t kind = dw_get_uleb(&c);
            uint64_t index = kind == 3 ? dw_get_n(&c, 4) : dw_get_uleb(&c);
            uint64_t v;
            if (c.bad || !wasm_value(x->values, kind, index, &v))
                return false;
            PUSH(v);
            is_value = true; /* a "register": the value itself */
            break;
        }
        default:
            return false; /* DW_OP_entry_value, DW_OP_regN, ...: not known here */
        }
    }
#undef PUSH
#undef NEED
    if (c.bad)
        return false;
    if (out->kind == LOC_BYTES)
        return true;
    if (sp == 0)
        return false;
    out->kind = is_value ? LOC_VALUE : LOC_MEMORY;
    out->value = out->addr = st[sp - 1];
    out->in_wasm_value = wasm_register;
    return true;
}

/* The expression of a location list that covers address a; false if none. */
static bool loclist_at(const dwarf_info *d, const unit *u, const die *e, uint64_t a, expr *out)
{
    uint64_t base = u->base;
    if (u->version < 5) {
        cur c = dw_cur_of(&d->m->debug_loc, e->loclist);
        uint64_t all = u->addr_size == 4 ? 0xffffffffu : UINT64_MAX;
        for (int guard = 0; guard < 100000; guard++) {
            uint64_t lo = dw_get_n(&c, u->addr_size), hi = dw_get_n(&c, u->addr_size);
            if (c.bad || (lo == 0 && hi == 0))
                return false;
            if (lo == all) {
                base = hi;
                continue;
            }
            uint64_t n = dw_get_n(&c, 2);
            if (c.bad || n > (uint64_t)(c.end - c.p))
                return false;
            if (a >= base + lo && a < base + hi) {
                *out = (expr){c.p, (uint32_t)n};
                return true;
            }
            c.p += n;
        }
        return false;
    }
    cur c = dw_list_at(&d->m->debug_loclists, u->loclists_base, e->loclist, e->loclist_x);
    for (int guard = 0; guard < 100000; guard++) {
        uint8_t kind = (uint8_t)dw_get_n(&c, 1);
        uint64_t lo = 0, hi = 0;
        bool any = false;
        switch (kind) {
        case 0: return false;
        case 1: base = dw_addr_index(d, u, dw_get_uleb(&c)); continue;
        case 2: lo = dw_addr_index(d, u, dw_get_uleb(&c)); hi = dw_addr_index(d, u, dw_get_uleb(&c)); break;
        case 3: lo = dw_addr_index(d, u, dw_get_uleb(&c)); hi = lo + dw_get_uleb(&c); break;
        case 4: lo = base + dw_get_uleb(&c); hi = base + dw_get_uleb(&c); break;
        case 5: any = true; break; /* default_location */
        case 6: base = dw_get_n(&c, u->addr_size); continue;
        case 7: lo = dw_get_n(&c, u->addr_size); hi = dw_get_n(&c, u->addr_size); break;
        case 8: lo = dw_get_n(&c, u->addr_size); hi = lo + dw_get_uleb(&c); break;
        default: return false;
        }
        uint64_t n = dw_get_uleb(&c);
        if (c.bad || n > (uint64_t)(c.end - c.p))
            return false;
        if (any || (a >= lo && a < hi)) {
            *out = (expr){c.p, (uint32_t)n};
            return true;
        }
        c.p += n;
    }
    return false;
}

/* ---- values as text ------------------------------------------------------ */

static uint64_t le_bytes(const uint8_t *p, uint64_t n)
{
    uint64_t v = 0;
    for (uint64_t i = 0; i < n && i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void char_text(const bt_writer *w, uint32_t c)
{
    if (c == '\'' || c == '\\') {
        char s[4] = {'\'', '\\', (char)c, '\''};
        bt_put(w, s, 4);
    } else if (c >= 0x20 && c < 0x7f) {
        char s[3] = {'\'', (char)c, '\''};
        bt_put(w, s, 3);
    } else {
        bt_str(w, "'\\x");
        bt_str(w, (const char[]){"0123456789abcdef"[(c >> 4) & 15], "0123456789abcdef"[c & 15], 0});
        bt_put(w, "'", 1);
    }
}

static void format_value(const eval_ctx *x, uint32_t type, const uint8_t *p, uint64_t n,
                         const bt_writer *w, int depth);

/* Whether the n bytes at p are all known (pieces left some out). */
static bool bytes_known(const eval_ctx *x, const uint8_t *p, uint64_t n)
{
    if (!x->known)
        return true;
    for (uint64_t i = 0; i < n; i++)
        if (!x->known[p - x->val_base + i])
            return false;
    return true;
}

/* A pointer to bytes shown as a string as well (C char *). */
static void pointee_string(const eval_ctx *x, uint64_t addr, const bt_writer *w)
{
    char s[33];
    uint32_t k = 0;
    if (!addr || !x->values || !x->values->memory)
        return;
    for (; k < 32; k++) {
        uint8_t ch;
        if (!x->values->memory(x->values->ctx, addr + k, &ch, 1))
            return;
        if (ch == 0)
            break;
        if (ch < 0x20 || ch >= 0x7f)
            return; /* not text: the address alone */
        s[k] = (char)ch;
    }
    bt_str(w, " \"");
    bt_put(w, s, k);
    bt_str(w, k == 32 ? "\"..." : "\"");
}

/* A struct's members as {a=1, b=2}; a Rust tuple (members __0, __1, ...)
 * as (1, 2). */
static void format_members(const eval_ctx *x, const die *t, const uint8_t *p, uint64_t n,
                           const bt_writer *w, int depth, bool tuple)
{
    const dwarf_info *d = x->d;
    bt_put(w, tuple ? "(" : "{", 1);
    uint32_t shown = 0;
    for (uint32_t i = (uint32_t)(t - d->dies) + 1; i < t->next; i = d->dies[i].next) {
        const die *m = &d->dies[i];
        if (m->tag != TAG_member || m->declaration)
            continue;
        if (shown == MAX_ELEMS) {
            bt_str(w, ", ...");
            break;
        }
        if (shown++)
            bt_str(w, ", ");
        if (m->name && !tuple) {
            bt_str(w, m->name);
            bt_put(w, "=", 1);
        }
        uint64_t off = m->has_member_off ? m->member_off : 0;
        uint64_t size = dw_type_size(d, m->type, 0);
        if (off > n || size > n - off)
            bt_put(w, "?", 1);
        else
            format_value(x, m->type, p + off, size, w, depth + 1);
    }
    bt_put(w, tuple ? ")" : "}", 1);
}

/* A Rust enum with data (a structure holding a DW_TAG_variant_part): the
 * variant its discriminant selects, as `Move(1, 0)`, `Jump{height=2,
 * far=false}` or `Stop`; false when it has no variant part. */
static bool format_variant(const eval_ctx *x, const die *t, const uint8_t *p, uint64_t n,
                           const bt_writer *w, int depth)
{
    const dwarf_info *d = x->d;
    const die *vp = NULL;
    for (uint32_t i = (uint32_t)(t - d->dies) + 1; i < t->next && !vp; i = d->dies[i].next)
        if (d->dies[i].tag == TAG_variant_part)
            vp = &d->dies[i];
    if (!vp)
        return false;
    /* the discriminant, in its member's width (a niche: part of a field) */
    const die *dm = vp->discr ? dw_die_at(d, vp->discr) : NULL;
    uint64_t dsize = dm ? dw_type_size(d, dm->type, 0) : 0;
    uint64_t doff = dm && dm->has_member_off ? dm->member_off : 0;
    bool known = dm && dsize && dsize <= 8 && doff <= n && dsize <= n - doff &&
                 bytes_known(x, p + doff, dsize);
    uint64_t discr = known ? le_bytes(p + doff, dsize) : 0;
    uint64_t mask = dsize >= 8 ? ~(uint64_t)0 : (UINT64_C(1) << (8 * dsize)) - 1;
    const die *chosen = NULL, *fallback = NULL;
    for (uint32_t i = (uint32_t)(vp - d->dies) + 1; i < vp->next; i = d->dies[i].next) {
        const die *v = &d->dies[i];
        if (v->tag != TAG_variant)
            continue;
        if (!v->has_discr_value)
            fallback = v; /* the variant of every other value */
        else if (known && ((v->discr_value ^ discr) & mask) == 0)
            chosen = v;
    }
    if (!known) {
        bt_put(w, "?", 1);
        return true;
    }
    if (!chosen)
        chosen = fallback;
    const die *m = NULL; /* the variant's member: its name and its fields' struct */
    for (uint32_t i = chosen ? (uint32_t)(chosen - d->dies) + 1 : 0; chosen && i < chosen->next && !m;
         i = d->dies[i].next)
        if (d->dies[i].tag == TAG_member)
            m = &d->dies[i];
    if (!m || !m->name) {
        bt_put(w, "?", 1);
        return true;
    }
    bt_str(w, m->name);
    const die *fields = dw_concrete_type(d, m->type);
    uint64_t off = m->has_member_off ? m->member_off : 0;
    if (!fields || off > n)
        return true;
    bool any = false, tuple = true;
    for (uint32_t i = (uint32_t)(fields - d->dies) + 1; i < fields->next; i = d->dies[i].next) {
        const die *f = &d->dies[i];
        if (f->tag != TAG_member || f->declaration)
            continue;
        any = true;
        tuple = tuple && f->name && f->name[0] == '_' && f->name[1] == '_' &&
                f->name[2] >= '0' && f->name[2] <= '9';
    }
    if (!any)
        return true; /* a unit variant: its name says it all */
    if (depth >= MAX_DEPTH) {
        bt_str(w, tuple ? "(...)" : "{...}");
        return true;
    }
    format_members(x, fields, p + off, n - off, w, depth, tuple);
    return true;
}

/* A Rust &str ({data_ptr, length}) as "text", when its bytes are readable
 * printable UTF-8; at most 48 bytes shown. */
static bool rust_str(const eval_ctx *x, const die *t, const uint8_t *p, uint64_t n,
                     const bt_writer *w)
{
    const dwarf_info *d = x->d;
    uint64_t ptr = 0, len = 0;
    int found = 0;
    for (uint32_t i = (uint32_t)(t - d->dies) + 1; i < t->next; i = d->dies[i].next) {
        const die *m = &d->dies[i];
        uint64_t size = dw_type_size(d, m->type, 0);
        if (m->tag != TAG_member || !m->name || !m->has_member_off || size > 8 ||
            m->member_off > n || size > n - m->member_off)
            continue;
        if (!bytes_known(x, p + m->member_off, size))
            continue;
        if (!strcmp(m->name, "data_ptr")) {
            ptr = le_bytes(p + m->member_off, size);
            found |= 1;
        } else if (!strcmp(m->name, "length")) {
            len = le_bytes(p + m->member_off, size);
            found |= 2;
        }
    }
    uint8_t text[48];
    uint32_t shown = len < sizeof text ? (uint32_t)len : (uint32_t)sizeof text;
    if (found != 3 || !x->values || !x->values->memory ||
        !x->values->memory(x->values->ctx, ptr, text, shown))
        return false;
    for (uint32_t i = 0; i < shown; i++)
        if (text[i] < 0x20 && text[i] != '\t')
            return false;
    bt_put(w, "\"", 1);
    bt_name(w, (const char *)text, shown); /* escapes what is not printable UTF-8 */
    bt_str(w, len > shown ? "\"..." : "\"");
    return true;
}

static void format_value(const eval_ctx *x, uint32_t type, const uint8_t *p, uint64_t n,
                         const bt_writer *w, int depth)
{
    const dwarf_info *d = x->d;
    const die *t = dw_concrete_type(d, type);
    if (!t) {
        bt_put(w, "?", 1);
        return;
    }
    if ((t->tag == TAG_base || t->tag == TAG_pointer || t->tag == TAG_reference ||
         t->tag == TAG_rvalue_reference || t->tag == TAG_enumeration) && !bytes_known(x, p, n)) {
        bt_put(w, "?", 1);
        return;
    }
    switch (t->tag) {
    case TAG_base: {
        uint64_t v = le_bytes(p, n);
        if (n == 0 || n > 8) {
            bt_put(w, "?", 1);
            return;
        }
        int64_t sv = n < 8 && (v >> (8 * n - 1)) & 1 ? (int64_t)(v | ~(uint64_t)0 << (8 * n))
                                                     : (int64_t)v;
        switch (t->encoding) {
        case ATE_boolean: bt_str(w, v ? "true" : "false"); return;
        case ATE_float:
            if (n == 4)
                bt_value(w, WISP_F32, (wisp_value){.f32 = (uint32_t)v});
            else if (n == 8)
                bt_value(w, WISP_F64, (wisp_value){.f64 = v});
            else
                bt_put(w, "?", 1);
            return;
        case ATE_signed_char: case ATE_unsigned_char:
            if (t->encoding == ATE_signed_char)
                bt_i64(w, sv);
            else
                bt_u64(w, v);
            bt_put(w, " ", 1);
            char_text(w, (uint32_t)(v & 0xff));
            return;
        case ATE_UTF: /* Rust char: 'é' as Rust's Debug shows it */
            if (v < 0x80) {
                char_text(w, (uint32_t)v);
            } else if (v < 0x110000 && (v < 0xd800 || v > 0xdfff)) {
                char u[4];
                size_t k = v < 0x800 ? 2 : v < 0x10000 ? 3 : 4;
                for (size_t i = k - 1; i > 0; i--, v >>= 6)
                    u[i] = (char)(0x80 | (v & 0x3f));
                u[0] = (char)(k == 2 ? 0xc0 | v : k == 3 ? 0xe0 | v : 0xf0 | v);
                bt_put(w, "'", 1);
                bt_name(w, u, k); /* escapes what does not print */
                bt_put(w, "'", 1);
            } else {
                bt_str(w, "U+");
                bt_hex(w, v);
            }
            return;
        case ATE_signed: bt_i64(w, sv); return;
        default: bt_u64(w, v); return;
        }
    }
    case TAG_pointer: case TAG_reference: case TAG_rvalue_reference: {
        uint64_t v = le_bytes(p, n);
        bt_hex(w, v);
        const die *to = dw_concrete_type(d, t->type);
        if (to && to->tag == TAG_base && to->has_byte_size && to->byte_size == 1 &&
            (to->encoding == ATE_signed_char || to->encoding == ATE_unsigned_char))
            pointee_string(x, v, w);
        return;
    }
    case TAG_enumeration: {
        uint64_t v = le_bytes(p, n);
        for (uint32_t i = (uint32_t)(t - d->dies) + 1; i < t->next; i = d->dies[i].next) {
            const die *en = &d->dies[i];
            if (en->tag == TAG_enumerator && en->has_const && en->name &&
                (n >= 8 || ((en->const_value ^ v) & ((UINT64_C(1) << (8 * n)) - 1)) == 0)) {
                bt_str(w, en->name);
                return;
            }
        }
        bt_u64(w, v);
        return;
    }
    case TAG_structure: case TAG_class: case TAG_union:
        if (t->name && !strcmp(t->name, "&str") && rust_str(x, t, p, n, w))
            return;
        if (format_variant(x, t, p, n, w, depth))
            return;
        if (depth >= MAX_DEPTH)
            bt_str(w, "{...}");
        else
            format_members(x, t, p, n, w, depth, false);
        return;
    case TAG_array: {
        uint64_t esize = dw_type_size(d, t->type, 0);
        if (!esize || depth >= MAX_DEPTH) {
            bt_str(w, "[...]");
            return;
        }
        uint64_t count = n / esize;
        bt_put(w, "[", 1);
        for (uint64_t i = 0; i < count; i++) {
            if (i == MAX_ELEMS) {
                bt_str(w, ", ...");
                break;
            }
            if (i)
                bt_str(w, ", ");
            format_value(x, t->type, p + i * esize, esize, w, depth + 1);
        }
        bt_put(w, "]", 1);
        return;
    }
    default:
        bt_put(w, "?", 1);
        return;
    }
}

static bool is_aggregate(const dwarf_info *d, uint32_t type)
{
    const die *t = dw_concrete_type(d, type);
    return t && (t->tag == TAG_structure || t->tag == TAG_class || t->tag == TAG_union ||
                 t->tag == TAG_array);
}

/* The value of variable v (a concrete DIE) at address a, as text. */
const char *dw_var_value(const eval_ctx *x, const die *v, uint64_t a)
{
    const dwarf_info *d = x->d;
    const unit *u = &d->units[v->unit];
    uint32_t type = dw_type_of(d, v);
    uint64_t size = dw_type_size(d, type, 0);
    if (size > MAX_VALUE_BYTES)
        size = MAX_VALUE_BYTES;
    expr e = v->loc;
    bool have = e.p != NULL;
    if (!have && v->has_loclist)
        have = loclist_at(d, u, v, a, &e);
    char buf[1024];
    bt_buffer b;
    bt_writer w = bt_buffer_writer(&b, buf, sizeof buf);
    uint8_t bytes[MAX_VALUE_BYTES];
    memset(bytes, 0, sizeof bytes);
    if (!have) {
        const die *o = v;
        if (!v->has_const)
            o = dw_origin_of(d, v);
        if (!o || !o->has_const)
            return sym_keep(d->s, "<optimized out>", 15);
        if (o->const_block.p) {
            uint64_t n = o->const_block.len < size ? o->const_block.len : size;
            memcpy(bytes, o->const_block.p, n);
        } else {
            for (uint64_t i = 0; i < size && i < 8; i++)
                bytes[i] = (uint8_t)(o->const_value >> (8 * i));
        }
        format_value(x, type, bytes, size, &w, 0);
        return sym_keep(d->s, buf, strlen(buf));
    }
    loc l;
    if (!dw_eval(x, e, &l))
        return sym_keep(d->s, "?", 1);
    switch (l.kind) {
    case LOC_MEMORY:
        if (!x->values || !x->values->memory ||
            !x->values->memory(x->values->ctx, l.addr, bytes, (uint32_t)size))
            return sym_keep(d->s, "?", 1);
        break;
    case LOC_VALUE:
        if (l.in_wasm_value && is_aggregate(d, type)) {
            /* No Wasm value holds a struct or an array: clang passes them
             * by pointer and describes the parameter by the local that
             * holds the pointer. */
            if (!x->values || !x->values->memory ||
                !x->values->memory(x->values->ctx, l.value, bytes, (uint32_t)size))
                return sym_keep(d->s, "?", 1);
            break;
        }
        for (uint64_t i = 0; i < size && i < 8; i++)
            bytes[i] = (uint8_t)(l.value >> (8 * i));
        break;
    case LOC_BYTES:
        memcpy(bytes, l.bytes, l.nbytes < size ? l.nbytes : size);
        if (l.incomplete || l.nbytes < size) {
            /* some pieces are optimized out: those parts print as ? */
            uint8_t known[MAX_VALUE_BYTES] = {0};
            bool any = false;
            for (uint64_t i = 0; i < size && i < l.nbytes; i++)
                any |= (known[i] = l.known[i]) != 0;
            if (!any)
                return sym_keep(d->s, "<optimized out>", 15);
            eval_ctx xk = *x;
            xk.val_base = bytes;
            xk.known = known;
            format_value(&xk, type, bytes, size, &w, 0);
            return sym_keep(d->s, buf, strlen(buf));
        }
        break;
    default:
        return sym_keep(d->s, "<optimized out>", 15);
    }
    format_value(x, type, bytes, size, &w, 0);
    return sym_keep(d->s, buf, strlen(buf));
}

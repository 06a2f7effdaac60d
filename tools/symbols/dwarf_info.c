/* The .debug_info reader; see dwarf_info.h. Location expressions and
 * values as text are in dwarf_value.c. */
#include "dwarf_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt_text.h"

/* ---- a bounds-checked cursor -------------------------------------------- */

cur dw_cur_of(const im_section *s, uint64_t off)
{
    cur c = {NULL, NULL, true};
    if (s->p && off <= s->len) {
        c.p = s->p + off;
        c.end = s->p + s->len;
        c.bad = false;
    }
    return c;
}

uint64_t dw_get_n(cur *c, unsigned n)
{
    if (c->bad || (size_t)(c->end - c->p) < n) {
        c->bad = true;
        return 0;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)c->p[i] << (8 * i);
    c->p += n;
    return v;
}

uint64_t dw_get_uleb(cur *c)
{
    uint64_t v = 0;
    for (unsigned shift = 0; !c->bad; shift += 7) {
        if (c->p >= c->end) {
            c->bad = true;
            break;
        }
        uint8_t b = *c->p++;
        if (shift < 64)
            v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
    return 0;
}

int64_t dw_get_sleb(cur *c)
{
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t b = 0;
    do {
        if (c->bad || c->p >= c->end) {
            c->bad = true;
            return 0;
        }
        b = *c->p++;
        if (shift < 64)
            v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
    } while (b & 0x80);
    if (shift < 64 && (b & 0x40))
        v |= ~(uint64_t)0 << shift;
    return (int64_t)v;
}

static const char *get_cstr(cur *c)
{
    const uint8_t *s = c->p;
    while (!c->bad && c->p < c->end && *c->p)
        c->p++;
    if (c->bad || c->p >= c->end) {
        c->bad = true;
        return NULL;
    }
    c->p++;
    return (const char *)s;
}

static void skip(cur *c, uint64_t n)
{
    if (c->bad || (uint64_t)(c->end - c->p) < n)
        c->bad = true;
    else
        c->p += n;
}

/* A NUL-terminated string at off in a string section, or NULL. */
static const char *str_at(const im_section *s, uint64_t off)
{
    if (!s->p || off >= s->len || !memchr(s->p + off, 0, s->len - off))
        return NULL;
    return (const char *)s->p + off;
}

/* ---- units, abbreviations and DIEs ------------------------------------- */

static bool form_is_data(uint16_t form)
{
    return form == FORM_data1 || form == FORM_data2 || form == FORM_data4 ||
           form == FORM_data8 || form == FORM_udata || form == FORM_sdata ||
           form == FORM_implicit_const;
}

/* An index into .debug_addr (DWARF 5 addrx forms). */
uint64_t dw_addr_index(const dwarf_info *d, const unit *u, uint64_t i)
{
    cur c = dw_cur_of(&d->m->debug_addr, u->addr_base + i * u->addr_size);
    uint64_t v = dw_get_n(&c, u->addr_size);
    return c.bad ? 0 : v;
}

/* The start of a DWARF 5 range or location list in s: off, or for the
 * indexed forms (rnglistx, loclistx) the offset in the table at the unit's
 * base, entry off (a bad cursor if that is damaged). */
cur dw_list_at(const im_section *s, uint64_t base, uint64_t off, bool indexed)
{
    if (indexed) {
        cur o = dw_cur_of(s, base + off * 4);
        off = base + dw_get_n(&o, 4);
        if (o.bad)
            return (cur){NULL, NULL, true};
    }
    return dw_cur_of(s, off);
}

static const char *strx(const dwarf_info *d, const unit *u, uint64_t i)
{
    cur c = dw_cur_of(&d->m->debug_str_offsets, u->str_offsets_base + i * 4);
    uint64_t off = dw_get_n(&c, 4);
    return c.bad ? NULL : str_at(&d->m->debug_str, off);
}

/* One attribute value: the number, or the block/string it is. */
typedef struct aval {
    uint64_t u;
    int64_t s;
    bool is_signed;
    const uint8_t *block; /* blocks and exprloc */
    uint32_t block_len;
    const char *str;
    bool is_ref;          /* u is a .debug_info offset */
} aval;

static bool read_attr(dwarf_info *d, unit *u, cur *c, uint16_t form, int64_t implicit, aval *v)
{
    memset(v, 0, sizeof *v);
    uint64_t n = 0;
    switch (form) {
    case FORM_addr: v->u = dw_get_n(c, u->addr_size); break;
    case FORM_data1: case FORM_ref1: case FORM_flag: case FORM_strx1: case FORM_addrx1:
        v->u = dw_get_n(c, 1); break;
    case FORM_data2: case FORM_ref2: case FORM_strx2: case FORM_addrx2: v->u = dw_get_n(c, 2); break;
    case FORM_strx3: case FORM_addrx3: v->u = dw_get_n(c, 3); break;
    case FORM_data4: case FORM_ref4: case FORM_strp: case FORM_line_strp: case FORM_sec_offset:
    case FORM_ref_addr: case FORM_strx4: case FORM_addrx4: case FORM_ref_sup4: case FORM_strp_sup:
        v->u = dw_get_n(c, 4); break;
    case FORM_data8: case FORM_ref8: case FORM_ref_sig8: case FORM_ref_sup8: v->u = dw_get_n(c, 8); break;
    case FORM_data16: skip(c, 16); break;
    case FORM_sdata: v->s = dw_get_sleb(c); v->u = (uint64_t)v->s; v->is_signed = true; break;
    case FORM_udata: case FORM_ref_udata: case FORM_strx: case FORM_addrx: case FORM_loclistx:
    case FORM_rnglistx:
        v->u = dw_get_uleb(c); break;
    case FORM_implicit_const: v->s = implicit; v->u = (uint64_t)implicit; v->is_signed = true; break;
    case FORM_flag_present: v->u = 1; break;
    case FORM_string: v->str = get_cstr(c); break;
    case FORM_block1: n = dw_get_n(c, 1); goto block;
    case FORM_block2: n = dw_get_n(c, 2); goto block;
    case FORM_block4: n = dw_get_n(c, 4); goto block;
    case FORM_block: case FORM_exprloc: n = dw_get_uleb(c);
    block:
        if (!c->bad && n <= (uint64_t)(c->end - c->p)) {
            v->block = c->p;
            v->block_len = (uint32_t)n;
        }
        skip(c, n);
        break;
    case FORM_indirect: {
        uint64_t f = dw_get_uleb(c);
        if (c->bad || f == FORM_indirect || f == FORM_implicit_const)
            return false;
        return read_attr(d, u, c, (uint16_t)f, 0, v);
    }
    default:
        return false; /* an unknown form: its size is unknown, so is the rest */
    }
    switch (form) {
    case FORM_ref1: case FORM_ref2: case FORM_ref4: case FORM_ref8: case FORM_ref_udata:
        v->u += u->off;
        v->is_ref = true;
        break;
    case FORM_ref_addr: v->is_ref = true; break;
    case FORM_strp: v->str = str_at(&d->m->debug_str, v->u); break;
    case FORM_line_strp: v->str = str_at(&d->m->debug_line_str, v->u); break;
    case FORM_strx: case FORM_strx1: case FORM_strx2: case FORM_strx3: case FORM_strx4:
        v->str = strx(d, u, v->u); break;
    case FORM_addrx: case FORM_addrx1: case FORM_addrx2: case FORM_addrx3: case FORM_addrx4:
        v->u = dw_addr_index(d, u, v->u); break;
    default: break;
    }
    return !c->bad;
}

static void set_attr(dwarf_info *d, unit *u, die *e, uint16_t name, uint16_t form, const aval *v)
{
    (void)d;
    switch (name) {
    case AT_name: e->name = v->str; break;
    case AT_linkage_name: case AT_MIPS_linkage_name: e->linkage = v->str; break;
    case AT_low_pc: e->has_low = true; e->low = v->u; break;
    case AT_high_pc:
        e->has_high = true;
        e->high = v->u;
        e->high_is_size = form_is_data(form);
        break;
    case AT_ranges:
        e->has_ranges = true;
        e->ranges = v->u;
        e->ranges_x = form == FORM_rnglistx;
        break;
    case AT_abstract_origin: if (v->is_ref) e->origin = (uint32_t)v->u; break;
    case AT_specification: if (v->is_ref) e->spec = (uint32_t)v->u; break;
    case AT_type: if (v->is_ref) e->type = (uint32_t)v->u; break;
    case AT_discr: if (v->is_ref) e->discr = (uint32_t)v->u; break;
    case AT_discr_value:
        e->has_discr_value = !v->block && !v->str;
        e->discr_value = v->u;
        break;
    case AT_location:
        if (v->block) {
            e->loc.p = v->block;
            e->loc.len = v->block_len;
        } else if (form == FORM_sec_offset || form == FORM_loclistx || form == FORM_data4) {
            e->has_loclist = true;
            e->loclist = v->u;
            e->loclist_x = form == FORM_loclistx;
        }
        break;
    case AT_frame_base:
        if (v->block) {
            e->frame_base.p = v->block;
            e->frame_base.len = v->block_len;
        }
        break;
    case AT_const_value:
        if (v->block) {
            e->const_block.p = v->block;
            e->const_block.len = v->block_len;
            e->has_const = true;
        } else if (!v->str) {
            e->has_const = true;
            e->const_value = v->u;
        }
        break;
    case AT_call_file: e->call_file = (uint32_t)v->u; break;
    case AT_call_line: e->call_line = (uint32_t)v->u; break;
    case AT_call_column: e->call_column = (uint32_t)v->u; break;
    case AT_byte_size: e->has_byte_size = true; e->byte_size = v->u; break;
    case AT_count: e->has_count = true; e->count = v->u; break;
    case AT_upper_bound:
        if (!e->has_count) { /* count = upper_bound + 1 (lower bound 0: C, Rust) */
            e->has_count = !(v->is_signed && v->s < 0);
            e->count = v->u + 1;
        }
        break;
    case AT_data_member_location:
        if (!v->block) {
            e->has_member_off = true;
            e->member_off = v->u;
        } else if (v->block_len >= 2 && v->block[0] == 0x23) { /* DW_OP_plus_uconst */
            cur c = {v->block + 1, v->block + v->block_len, false};
            e->member_off = dw_get_uleb(&c);
            e->has_member_off = !c.bad;
        }
        break;
    case AT_declaration: e->declaration = v->u != 0; break;
    case AT_encoding: e->encoding = (uint8_t)v->u; break;
    case AT_stmt_list: u->has_stmt = true; u->stmt_list = v->u; break;
    case AT_str_offsets_base: u->str_offsets_base = v->u; break;
    case AT_addr_base: u->addr_base = v->u; break;
    case AT_rnglists_base: u->rnglists_base = v->u; break;
    case AT_loclists_base: u->loclists_base = v->u; break;
    default: break;
    }
}

static bool read_abbrevs(dwarf_info *d, uint64_t off, abbrev **out, uint32_t *nout,
                         attr_spec **specs_out)
{
    cur c = dw_cur_of(&d->m->debug_abbrev, off);
    abbrev *ab = NULL;
    attr_spec *sp = NULL;
    uint32_t n = 0, cap = 0, ns = 0, scap = 0;
    for (;;) {
        uint64_t code = dw_get_uleb(&c);
        if (c.bad || code == 0)
            break;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            abbrev *t = realloc(ab, cap * sizeof *ab);
            if (!t)
                goto fail;
            ab = t;
        }
        abbrev *a = &ab[n++];
        a->code = code;
        a->tag = (uint16_t)dw_get_uleb(&c);
        a->children = dw_get_n(&c, 1) != 0;
        a->first = ns;
        a->nattrs = 0;
        for (;;) {
            uint64_t name = dw_get_uleb(&c), form = dw_get_uleb(&c);
            int64_t implicit = form == FORM_implicit_const ? dw_get_sleb(&c) : 0;
            if (c.bad || (name == 0 && form == 0))
                break;
            if (ns == scap) {
                scap = scap ? 2 * scap : 256;
                attr_spec *t = realloc(sp, scap * sizeof *sp);
                if (!t)
                    goto fail;
                sp = t;
            }
            sp[ns++] = (attr_spec){(uint16_t)name, (uint16_t)form, implicit};
            a->nattrs++;
        }
        if (c.bad)
            break;
    }
    *out = ab;
    *nout = n;
    *specs_out = sp;
    return true;
fail:
    free(ab);
    free(sp);
    return false;
}

static const abbrev *find_abbrev(const abbrev *ab, uint32_t n, uint64_t code)
{
    if (code - 1 < n && ab[code - 1].code == code) /* the usual numbering */
        return &ab[code - 1];
    for (uint32_t i = 0; i < n; i++)
        if (ab[i].code == code)
            return &ab[i];
    return NULL;
}

static die *new_die(dwarf_info *d)
{
    if (d->ndies == d->cap) {
        uint32_t cap = d->cap ? 2 * d->cap : 1024;
        die *t = realloc(d->dies, cap * sizeof *t);
        if (!t)
            return NULL;
        d->dies = t;
        d->cap = cap;
    }
    die *e = &d->dies[d->ndies++];
    memset(e, 0, sizeof *e);
    return e;
}

/* The DIEs of the unit at c (after its header). False when damaged. */
static bool read_dies(dwarf_info *d, unit *u, cur *c, const abbrev *ab, uint32_t nab,
                      const attr_spec *sp)
{
    uint32_t stack[256];
    uint32_t depth = 0;
    u->first = d->ndies;
    while (!c->bad && c->p < c->end) {
        uint32_t off = (uint32_t)(c->p - d->m->debug_info.p);
        uint64_t code = dw_get_uleb(c);
        if (c->bad)
            return false;
        if (code == 0) { /* the end of a list of children */
            if (depth == 0)
                continue; /* padding */
            uint32_t closed = stack[--depth];
            d->dies[closed].next = d->ndies;
            continue;
        }
        const abbrev *a = find_abbrev(ab, nab, code);
        if (!a)
            return false;
        die *e = new_die(d);
        if (!e)
            return false;
        uint32_t idx = d->ndies - 1;
        e->off = off;
        e->tag = a->tag;
        e->unit = (uint32_t)(u - d->units);
        e->parent = depth ? stack[depth - 1] : NO_DIE;
        e->next = idx + 1;
        for (uint32_t k = 0; k < a->nattrs; k++) {
            aval v;
            const attr_spec *s = &sp[a->first + k];
            if (!read_attr(d, u, c, s->form, s->implicit, &v))
                return false;
            set_attr(d, u, &d->dies[idx], s->name, s->form, &v);
        }
        if (a->children) {
            if (depth == sizeof stack / sizeof *stack)
                return false;
            stack[depth++] = idx;
        }
    }
    while (depth) /* a unit that ends without closing its lists */
        d->dies[stack[--depth]].next = d->ndies;
    u->ndies = d->ndies - u->first;
    return !c->bad;
}

/* The unit DIE's string attributes may use str_offsets_base before it is
 * read (it comes later in the DIE): read the unit DIE twice when so. */
static void fix_unit_strings(dwarf_info *d, unit *u, const uint8_t *die_at, const abbrev *ab,
                             uint32_t nab, const attr_spec *sp)
{
    cur c = {die_at, d->m->debug_info.p + u->end, false};
    const abbrev *a = find_abbrev(ab, nab, dw_get_uleb(&c));
    if (!a || c.bad)
        return;
    die *e = &d->dies[u->first];
    for (uint32_t k = 0; k < a->nattrs; k++) {
        aval v;
        const attr_spec *s = &sp[a->first + k];
        if (!read_attr(d, u, &c, s->form, s->implicit, &v))
            return;
        set_attr(d, u, e, s->name, s->form, &v);
    }
}

static bool read_units(dwarf_info *d)
{
    const im_section *info = &d->m->debug_info;
    uint64_t off = 0;
    while (off + 11 <= info->len) {
        cur c = dw_cur_of(info, off);
        uint64_t len = dw_get_n(&c, 4);
        if (len >= 0xfffffff0u) /* 64-bit DWARF: not written for wasm32 */
            return false;
        if (c.bad || len > info->len - off - 4)
            return false;
        unit uu;
        memset(&uu, 0, sizeof uu);
        uu.off = (uint32_t)off;
        uu.end = (uint32_t)(off + 4 + len);
        c.end = info->p + uu.end;
        uu.version = (uint16_t)dw_get_n(&c, 2);
        uint64_t abbrev_off;
        if (uu.version >= 5) {
            uint8_t type = (uint8_t)dw_get_n(&c, 1);
            uu.addr_size = (uint8_t)dw_get_n(&c, 1);
            abbrev_off = dw_get_n(&c, 4);
            if (type == 2 || type == 6) /* type / split type units: signature, offset */
                skip(&c, 12);
            else if (type == 4 || type == 5) /* skeleton / split compile: id */
                skip(&c, 8);
        } else {
            abbrev_off = dw_get_n(&c, 4);
            uu.addr_size = (uint8_t)dw_get_n(&c, 1);
        }
        if (c.bad || uu.version < 2 || uu.version > 5 || (uu.addr_size != 4 && uu.addr_size != 8))
            return false;
        unit *t = realloc(d->units, (d->nunits + 1) * sizeof *t);
        if (!t)
            return false;
        d->units = t;
        unit *u = &d->units[d->nunits++];
        *u = uu;
        abbrev *ab = NULL;
        attr_spec *sp = NULL;
        uint32_t nab = 0;
        if (!read_abbrevs(d, abbrev_off, &ab, &nab, &sp))
            return false;
        const uint8_t *first_die = c.p;
        bool ok = read_dies(d, u, &c, ab, nab, sp);
        if (ok && u->ndies && u->version >= 5)
            fix_unit_strings(d, u, first_die, ab, nab, sp);
        free(ab);
        free(sp);
        if (!ok) {
            char line[120];
            snprintf(line, sizeof line, "damaged .debug_info in the unit at 0x%" PRIx32
                     "; its variables may be missing", uu.off);
            sym_note(d->s, line);
        }
        if (u->ndies && d->dies[u->first].has_low)
            u->base = d->dies[u->first].low;
        off = uu.end;
    }
    return true;
}

/* The DIE at .debug_info offset off, or NULL. */
const die *dw_die_at(const dwarf_info *d, uint32_t off)
{
    uint32_t lo = 0, hi = d->ndies;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (d->dies[mid].off < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->ndies && d->dies[lo].off == off ? &d->dies[lo] : NULL;
}

/* ---- address ranges ----------------------------------------------------- */

static bool rnglist_contains(const dwarf_info *d, const unit *u, const die *e, uint64_t a)
{
    uint64_t base = u->base;
    if (u->version < 5) {
        cur c = dw_cur_of(&d->m->debug_ranges, e->ranges);
        uint64_t all = u->addr_size == 4 ? 0xffffffffu : UINT64_MAX;
        for (int guard = 0; guard < 100000; guard++) {
            uint64_t lo = dw_get_n(&c, u->addr_size), hi = dw_get_n(&c, u->addr_size);
            if (c.bad || (lo == 0 && hi == 0))
                return false;
            if (lo == all)
                base = hi;
            else if (a >= base + lo && a < base + hi)
                return true;
        }
        return false;
    }
    cur c = dw_list_at(&d->m->debug_rnglists, u->rnglists_base, e->ranges, e->ranges_x);
    for (int guard = 0; guard < 100000; guard++) {
        uint8_t kind = (uint8_t)dw_get_n(&c, 1);
        uint64_t lo = 0, hi = 0;
        switch (kind) {
        case 0: return false; /* end_of_list */
        case 1: base = dw_addr_index(d, u, dw_get_uleb(&c)); continue;
        case 2: lo = dw_addr_index(d, u, dw_get_uleb(&c)); hi = dw_addr_index(d, u, dw_get_uleb(&c)); break;
        case 3: lo = dw_addr_index(d, u, dw_get_uleb(&c)); hi = lo + dw_get_uleb(&c); break;
        case 4: lo = base + dw_get_uleb(&c); hi = base + dw_get_uleb(&c); break;
        case 5: base = dw_get_n(&c, u->addr_size); continue;
        case 6: lo = dw_get_n(&c, u->addr_size); hi = dw_get_n(&c, u->addr_size); break;
        case 7: lo = dw_get_n(&c, u->addr_size); hi = lo + dw_get_uleb(&c); break;
        default: return false;
        }
        if (c.bad)
            return false;
        if (a >= lo && a < hi)
            return true;
    }
    return false;
}

static bool contains(const dwarf_info *d, const die *e, uint64_t a)
{
    const unit *u = &d->units[e->unit];
    if (e->has_ranges)
        return rnglist_contains(d, u, e, a);
    if (!e->has_low || !e->has_high)
        return false;
    uint64_t hi = e->high_is_size ? e->low + e->high : e->high;
    return a >= e->low && a < hi;
}

/* ---- names and types ---------------------------------------------------- */

/* Follow abstract_origin and specification to the DIE that has the name
 * (and type) of a concrete one. */
const die *dw_origin_of(const dwarf_info *d, const die *e)
{
    for (int k = 0; k < 8 && e; k++) {
        if (e->name || e->linkage || (!e->origin && !e->spec))
            return e;
        const die *o = dw_die_at(d, e->origin ? e->origin : e->spec);
        if (!o)
            return e;
        e = o;
    }
    return e;
}

uint32_t dw_type_of(const dwarf_info *d, const die *e)
{
    for (int k = 0; k < 8 && e; k++) {
        if (e->type)
            return e->type;
        e = e->origin ? dw_die_at(d, e->origin) : e->spec ? dw_die_at(d, e->spec) : NULL;
    }
    return 0;
}

static const char *name_of(const dwarf_info *d, const die *e)
{
    for (int k = 0; k < 8 && e; k++) {
        if (e->name)
            return e->name;
        e = e->origin ? dw_die_at(d, e->origin) : e->spec ? dw_die_at(d, e->spec) : NULL;
    }
    return NULL;
}

/* Strip typedefs and qualifiers. */
/* Whether a and b have the same name in the same named scopes (namespaces,
 * enclosing types), up to their units. */
static bool same_qualified_name(const dwarf_info *d, const die *a, const die *b)
{
    for (int k = 0; k < 32; k++) {
        if (a->tag != b->tag || !a->name != !b->name || (a->name && strcmp(a->name, b->name)))
            return false;
        if (a->parent == NO_DIE || b->parent == NO_DIE)
            return a->parent == b->parent;
        a = &d->dies[a->parent];
        b = &d->dies[b->parent];
        if (a->tag == TAG_compile_unit || b->tag == TAG_compile_unit)
            return a->tag == b->tag;
    }
    return false;
}

/* A type only declared here (rustc declares in one unit the types another
 * defines): its definition, found by its qualified name; t if none. */
static const die *type_definition(const dwarf_info *d, const die *t)
{
    if (!t->declaration || !t->name ||
        (t->tag != TAG_structure && t->tag != TAG_class && t->tag != TAG_union &&
         t->tag != TAG_enumeration))
        return t;
    for (uint32_t i = 0; i < d->ndies; i++) {
        const die *e = &d->dies[i];
        if (e->tag == t->tag && !e->declaration && e->name && !strcmp(e->name, t->name) &&
            same_qualified_name(d, e, t))
            return e;
    }
    return t;
}

const die *dw_concrete_type(const dwarf_info *d, uint32_t off)
{
    const die *t = off ? dw_die_at(d, off) : NULL;
    for (int k = 0; k < 16 && t; k++) {
        if (t->tag != TAG_typedef && t->tag != TAG_const && t->tag != TAG_volatile &&
            t->tag != TAG_atomic)
            return type_definition(d, t);
        t = t->type ? dw_die_at(d, t->type) : NULL;
    }
    return t;
}

uint64_t dw_type_size(const dwarf_info *d, uint32_t off, int depth)
{
    const die *t = dw_concrete_type(d, off);
    if (!t || depth > 8)
        return 0;
    if (t->has_byte_size)
        return t->byte_size;
    if (t->tag == TAG_pointer || t->tag == TAG_reference || t->tag == TAG_rvalue_reference)
        return d->units[t->unit].addr_size;
    if (t->tag == TAG_array) {
        uint64_t n = 1;
        for (uint32_t i = (uint32_t)(t - d->dies) + 1; i < t->next; i = d->dies[i].next)
            if (d->dies[i].tag == TAG_subrange && d->dies[i].has_count)
                n *= d->dies[i].count;
        return n * dw_type_size(d, t->type, depth + 1);
    }
    if (t->tag == TAG_enumeration && t->type)
        return dw_type_size(d, t->type, depth + 1);
    return 0;
}

/* The type as C writes it, roughly: "int", "char *", "struct point", "int[4]". */
static void type_name(const dwarf_info *d, uint32_t off, const bt_writer *w, int depth)
{
    const die *t = off ? dw_die_at(d, off) : NULL;
    if (!t) {
        bt_str(w, "void");
        return;
    }
    if (depth > 6) {
        bt_str(w, "...");
        return;
    }
    switch (t->tag) {
    case TAG_pointer: case TAG_reference: case TAG_rvalue_reference:
        type_name(d, t->type, w, depth + 1);
        bt_str(w, t->tag == TAG_pointer ? " *" : " &");
        return;
    case TAG_const: case TAG_volatile:
        bt_str(w, t->tag == TAG_const ? "const " : "volatile ");
        type_name(d, t->type, w, depth + 1);
        return;
    case TAG_structure: case TAG_class: case TAG_union: case TAG_enumeration:
        if (t->name) {
            bt_str(w, t->name);
        } else {
            bt_str(w, t->tag == TAG_union ? "union" : t->tag == TAG_enumeration ? "enum"
                                                                                : "struct");
            bt_str(w, " {...}");
        }
        return;
    case TAG_array:
        type_name(d, t->type, w, depth + 1);
        for (uint32_t i = (uint32_t)(t - d->dies) + 1; i < t->next; i = d->dies[i].next) {
            if (d->dies[i].tag != TAG_subrange)
                continue;
            bt_put(w, "[", 1);
            if (d->dies[i].has_count)
                bt_u64(w, d->dies[i].count);
            bt_put(w, "]", 1);
        }
        return;
    default:
        bt_str(w, t->name ? t->name : "?");
        return;
    }
}

/* ---- scopes at an address ------------------------------------------------ */

static const die *find_function(const dwarf_info *d, uint64_t a)
{
    for (uint32_t i = 0; i < d->ndies; i++) {
        const die *e = &d->dies[i];
        if (e->tag == TAG_subprogram && !e->declaration && contains(d, e, a))
            return e;
    }
    return NULL;
}

/* The child scope (lexical block or inlined call) of `scope` that covers
 * a, or NULL. Blocks without addresses are looked into. */
static const die *inner_scope(const dwarf_info *d, const die *scope, uint64_t a, int depth)
{
    for (uint32_t i = (uint32_t)(scope - d->dies) + 1; i < scope->next; i = d->dies[i].next) {
        const die *c = &d->dies[i];
        if (c->tag != TAG_lexical_block && c->tag != TAG_inlined_subroutine)
            continue;
        if (contains(d, c, a))
            return c;
        if (c->tag == TAG_lexical_block && !c->has_low && !c->has_ranges && depth < 32) {
            const die *in = inner_scope(d, c, a, depth + 1);
            if (in)
                return in;
        }
    }
    return NULL;
}

static const char *display_name(dwarf_info *d, const die *fn)
{
    const die *o = dw_origin_of(d, fn);
    const char *raw = o ? (o->linkage ? o->linkage : o->name) : NULL;
    if (!raw) {
        const char *n = name_of(d, fn);
        raw = n;
    }
    return raw ? sym_display_name(d->s, raw, (uint32_t)strlen(raw)) : NULL;
}

static const char *call_file_name(dwarf_info *d, const die *call)
{
    const unit *u = &d->units[call->unit];
    if (!u->has_stmt || !d->s->have_line)
        return NULL;
    dwarf_loc loc;
    size_t at;
    char why[100];
    if (dwarf_line_file(&d->s->line, u->stmt_list, call->call_file, &loc, &at, why,
                        sizeof why) != DWARF_FOUND)
        return NULL;
    char path[512];
    dwarf_loc_path(&loc, path, sizeof path);
    return sym_keep(d->s, path, strlen(path));
}

/* The variables of frame scope `fn` and its blocks down to `stop` (the
 * next frame's DIE, or NULL), in scope at a. */
static void collect_vars(dwarf_info *d, const eval_ctx *x, const die *const *path, uint32_t npath,
                         uint64_t a, sym_frame *f)
{
    sym_var vars[64];
    uint32_t n = 0;
    for (uint32_t k = 0; k < npath; k++) {
        const die *scope = path[k];
        for (uint32_t i = (uint32_t)(scope - d->dies) + 1; i < scope->next && n < 64;
             i = d->dies[i].next) {
            const die *v = &d->dies[i];
            if (v->tag != TAG_formal_parameter && v->tag != TAG_variable)
                continue;
            const char *name = name_of(d, v);
            if (!name)
                continue;
            char tb[256];
            bt_buffer b;
            bt_writer tw = bt_buffer_writer(&b, tb, sizeof tb);
            type_name(d, dw_type_of(d, v), &tw, 0);
            vars[n].name = name;
            vars[n].type = sym_keep(d->s, tb, strlen(tb));
            vars[n].value = dw_var_value(x, v, a);
            vars[n].is_param = v->tag == TAG_formal_parameter;
            n++;
        }
    }
    f->has_vars = true;
    f->nvars = n;
    sym_var *kept = n ? (sym_var *)sym_keep(d->s, (const char *)vars, n * sizeof *vars) : NULL;
    f->vars = kept;
    if (n && !kept)
        f->nvars = 0;
}

uint32_t dwarf_info_frames(dwarf_info *d, uint64_t a, const sym_values *values,
                           sym_frame *frames, uint32_t max)
{
    const die *fn = find_function(d, a);
    if (!fn || max == 0)
        return 0;
    /* the scopes from the function in: [fn, blocks..., inlined, blocks..., ...] */
    const die *path[128];
    uint32_t npath = 0;
    path[npath++] = fn;
    for (const die *s = fn; npath < 128 && (s = inner_scope(d, s, a, 0));)
        path[npath++] = s;
    eval_ctx x = {.d = d, .u = &d->units[fn->unit], .values = values};
    loc fb;
    if (fn->frame_base.p && dw_eval(&x, fn->frame_base, &fb) && fb.kind != LOC_BYTES) {
        x.has_frame_base = true;
        x.frame_base = fb.kind == LOC_VALUE ? fb.value : fb.addr;
    }
    /* frame starts: indices into path of fn and each inlined call */
    uint32_t starts[SYM_MAX_FRAMES];
    uint32_t nframes = 0;
    for (uint32_t k = 0; k < npath && nframes < max && nframes < SYM_MAX_FRAMES; k++)
        if (k == 0 || path[k]->tag == TAG_inlined_subroutine)
            starts[nframes++] = k;
    /* frames[0] is the innermost: the last start */
    for (uint32_t j = 0; j < nframes; j++) {
        uint32_t k = starts[nframes - 1 - j];
        uint32_t end = nframes - j < nframes ? starts[nframes - j] : npath;
        sym_frame *f = &frames[j];
        const char *file = f->file;
        uint32_t line = f->line, col = f->column;
        memset(f, 0, sizeof *f);
        if (j == 0) { /* the line table's row */
            f->file = file;
            f->line = line;
            f->column = col;
        } else { /* the call site of the frame inside */
            const die *call = path[starts[nframes - j]];
            f->file = call_file_name(d, call);
            f->line = call->call_line;
            f->column = call->call_column;
        }
        f->inlined = k != 0;
        if (f->inlined) {
            f->name = display_name(d, path[k]);
            const die *o = dw_origin_of(d, path[k]);
            f->raw_name = o ? (o->linkage ? o->linkage : o->name) : NULL;
        }
        collect_vars(d, &x, path + k, end - k, a, f);
    }
    return nframes;
}

/* ---- open and close ------------------------------------------------------ */

dwarf_info *dwarf_info_open(sym_module *s)
{
    if (!s->mod || !s->mod->debug_info.p || !s->mod->debug_abbrev.p)
        return NULL;
    dwarf_info *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->s = s;
    d->m = s->mod;
    if (!read_units(d))
        sym_note(s, "damaged .debug_info: variables and inlined frames may be missing");
    return d;
}

void dwarf_info_close(dwarf_info *d)
{
    if (!d)
        return;
    free(d->units);
    free(d->dies);
    free(d);
}
